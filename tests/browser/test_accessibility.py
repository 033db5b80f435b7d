"""Accessibility: axe-core finds no serious or critical violation on each kind
of page, at a phone's and a desktop's width, in Furo's light and dark modes.

Furo keeps the reader's choice in localStorage "theme" ("light" | "dark")
and applies it as ``body[data-theme]``.  Dark-mode screenshots are saved as
``_build/screenshots/<page>-<width>-sombre.png``.  (Keyboard use of the catalogue's
filters is tested in test_filters.py.)
"""

from __future__ import annotations

import pytest
from browser_helpers import WIDTHS, full_page_screenshot, open_page, page_paths

PAGES = ("accueil", "catalogue", "theme", "fournisseur", "api", "definitions", "recherche", "introuvable", "donnees", "specification")
MODES = {"clair": "light", "sombre": "dark"}
BLOCKING = ("serious", "critical")

AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then((results) => done({violations: results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }))}))
  .catch((error) => done({error: String(error)}));
"""


@pytest.fixture(scope="module", autouse=True)
def _default_mode_afterwards(browser, base_url):
    browser.set_window_size(*WIDTHS["ordinateur"])
    browser.set_script_timeout(60)
    yield
    open_page(browser, base_url, "index.html")
    browser.execute_script("localStorage.removeItem('theme');")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({len(v['nodes'])} élément(s)) {v['helpUrl']}")
        for node in v["nodes"][:3]:
            lines.append(f"    {node['target']}: {node['html'][:200]}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", " ")[:300])
    return "\n".join(lines)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("page", PAGES)
def test_no_serious_axe_violation(browser, base_url, site, axe_source, screenshots, page, mode, width):
    path = page_paths(site)[page]
    browser.set_window_size(*WIDTHS[width])
    open_page(browser, base_url, path)
    browser.execute_script("localStorage.setItem('theme', arguments[0]);", MODES[mode])
    open_page(browser, base_url, path)
    assert browser.execute_script("return document.body.dataset.theme") == MODES[mode]
    if mode == "sombre":
        full_page_screenshot(browser, screenshots / f"{page}-{width}-sombre.png")
    browser.execute_script(axe_source)
    result = browser.execute_async_script(AXE_RUN)
    assert "error" not in result, result.get("error")
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    others = [v for v in result["violations"] if v["impact"] not in BLOCKING]
    if others:
        print(f"{path} ({mode}) — violations mineures ou modérées :\n{describe(others)}")
    assert not blocking, f"{path} en mode {mode} ({MODES[mode]}), {width} :\n{describe(blocking)}"
