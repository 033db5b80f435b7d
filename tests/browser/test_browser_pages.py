"""Every kind of page loads cleanly at desktop and phone widths.

No error in the console (scripts, failed resource loads), a visible main
heading, no horizontal scroll of the whole page on a phone (wide tables
scroll inside their own wrapper), and a full-page screenshot under
``_build/screenshots/`` for a person to look at.

(Named ``test_browser_pages.py``: ``tests/test_pages.py`` already exists,
and two test modules with one name in directories without ``__init__.py``
cannot be collected together by ``make test``.)
"""

from __future__ import annotations

import pytest
from browser_helpers import WIDTHS, console_errors, full_page_screenshot, open_page, page_paths, set_color_mode

PAGES = ("accueil", "catalogue", "theme", "fournisseur", "api", "definitions", "recherche", "introuvable", "donnees", "specification")

#: Elements wider than the viewport, outside any element that scrolls itself.
OVERFLOW_JS = """
const limit = window.innerWidth + 1;
const scrollsItself = (element) => {
  for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return true;
  }
  return false;
};
const out = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.right <= limit || scrollsItself(element)) continue;
  if (out.some((o) => o.element.contains(element))) continue;
  out.push({element, right: Math.round(box.right)});
}
return {
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  culprits: out.slice(0, 8).map((o) =>
    `${o.element.tagName.toLowerCase()}${o.element.id ? '#' + o.element.id : ''}` +
    `${o.element.className && typeof o.element.className === 'string' ? '.' + o.element.className.trim().split(/\\s+/).join('.') : ''}` +
    ` right=${o.right}`),
};
"""


@pytest.fixture(scope="module", autouse=True)
def _restore_window(browser, base_url):
    # Start from Furo's default colour mode (light in headless Chromium).
    open_page(browser, base_url, "index.html")
    set_color_mode(browser, None)
    yield
    browser.set_window_size(*WIDTHS["ordinateur"])


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly(browser, base_url, site, screenshots, page, width):
    path = page_paths(site)[page]
    browser.set_window_size(*WIDTHS[width])
    console_errors(browser)  # forget earlier pages
    open_page(browser, base_url, path)
    errors = console_errors(browser)

    full_page_screenshot(browser, screenshots / f"{page}-{width}.png")

    problems = []
    if errors:
        problems.append(
            "console errors:\n" + "\n".join(f"  {e['level']} {e.get('source', '')}: {e['message']}" for e in errors)
        )
    headings = browser.execute_script(
        "const main = document.querySelector('article[role=main]') || document.body;"
        "return [...main.querySelectorAll('h1')].map((h) => ({text: h.textContent.trim(),"
        " shown: h.getClientRects().length > 0 && getComputedStyle(h).visibility !== 'hidden'}));"
    )
    if not any(h["shown"] and h["text"] for h in headings):
        problems.append(f"no visible h1 in the main content (h1 found: {headings})")
    layout = browser.execute_script(OVERFLOW_JS)
    if layout["scrollWidth"] > layout["innerWidth"] + 1:
        problems.append(
            f"horizontal scroll of the page: scrollWidth {layout['scrollWidth']} > innerWidth "
            f"{layout['innerWidth']}; too wide: {layout['culprits']}"
        )
    assert not problems, f"{path} at {width} {WIDTHS[width]}:\n" + "\n".join(problems)
