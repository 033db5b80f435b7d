"""Helpers shared by the browser tests: the catalogue's data, the pages to
look at, and a few things Selenium does not do by itself (full-page
screenshots, colour modes, console errors, waiting for the search).

Expectations come from the built site's ``catalogue.json`` (the source of
truth for what the catalogue holds), never from hard-coded counts.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import re
import sys
import time
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import quote, urljoin

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def _browser_conftest():
    """tests/browser/conftest.py, whatever name pytest imported it under."""
    path = Path(__file__).with_name("conftest.py").resolve()
    for module in list(sys.modules.values()):
        if getattr(module, "__file__", None) and Path(module.__file__).resolve() == path:
            return module
    spec = importlib.util.spec_from_file_location("_browser_conftest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: The window sizes of the conftest (desktop and phone).
WIDTHS: dict[str, tuple[int, int]] = _browser_conftest().WIDTHS


def fold(text: str) -> str:
    """Accents and case removed, as a French reader ignores them when typing."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _catalogue(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def catalogue(site: Path) -> dict:
    """The built site's catalogue.json."""
    return _catalogue(str(site / "catalogue.json"))


def apis_by_id(site: Path) -> dict[str, dict]:
    return {api["id"]: api for api in catalogue(site)["apis"]}


def providers_by_id(site: Path) -> dict[str, dict]:
    return {provider["id"]: provider for provider in catalogue(site)["providers"]}


def api_theme_ids(site: Path) -> dict[str, set[str]]:
    """API id -> the ids of its themes (catalogue.json lists each theme's APIs)."""
    result: dict[str, set[str]] = {api["id"]: set() for api in catalogue(site)["apis"]}
    for theme in catalogue(site)["themes"]:
        for api in theme["apis"]:
            result[api].add(theme["id"])
    return result


def facet_values(site: Path, api_id: str) -> dict[str, set[str]]:
    """What the catalogue says of an API, facet by facet (the URL's values)."""
    api = apis_by_id(site)[api_id]
    return {
        "theme": api_theme_ids(site)[api_id],
        "access": {api["access"]},
        "provider": {api["producer"]} if api["producer"] else set(),
        "status": {api["status"]},
        "audience": {who for who, answer in api["audiences"].items() if answer in ("yes", "under_condition")},
    }


def words_of(site: Path, api_id: str) -> str:
    """The text the catalogue's word filter promises to search, folded:
    title, tagline, provider (name and acronym) and keywords."""
    api = apis_by_id(site)[api_id]
    provider = providers_by_id(site).get(api["producer"] or "", {})
    parts = [
        api["title"],
        api["tagline"] or "",
        provider.get("name") or "",
        provider.get("acronym") or "",
        *api["keywords"],
    ]
    return fold(" ".join(parts))


def expected_ids(site: Path, *, q: str = "", **facets: str) -> set[str]:
    """The APIs that a view of the catalogue must show."""
    wanted = fold(q).split()
    result = set()
    for api_id in apis_by_id(site):
        values = facet_values(site, api_id)
        if any(value and value not in values[name] for name, value in facets.items()):
            continue
        text = words_of(site, api_id)
        if all(word in text for word in wanted):
            result.add(api_id)
    return result


def page_paths(site: Path) -> dict[str, str]:
    """The pages every browser check looks at, chosen from catalogue.json."""
    data = catalogue(site)
    theme = max(data["themes"], key=lambda t: (len(t["apis"]), t["id"]))
    provider = max(data["providers"], key=lambda p: (len(p["apis"]), p["id"]))
    api = next(
        a
        for a in data["apis"]
        if a["eligibility"] and a["access_details"] and a["rate_limiting_resume"] and a["terms_summary"]
    )
    return {
        "accueil": "index.html",
        "catalogue": "catalogue.html",
        "theme": f"apis/themes/{theme['id']}.html",
        "fournisseur": f"apis/fournisseurs/{provider['id']}.html",
        "api": f"apis/{api['id']}.html",
        "definitions": "definitions.html",
        "recherche": "search.html?q=adresse",
        "introuvable": "404.html",
        "donnees": "donnees.html",
        # An API whose page shows its OpenAPI specification (snapshot published with the site).
        "specification": f"apis/{sorted(path.stem for path in (site / '_static' / 'openapi').iterdir())[0]}.html",
    }


def open_page(driver, base_url: str, path: str) -> None:
    """Load a page and wait until its own scripts are done."""
    driver.get(urljoin(base_url, path))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    if path.startswith("search.html"):
        wait_search_done(driver)
    elif path.startswith("catalogue.html"):
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "form.catalogue-filters"))


def wait_search_done(driver, timeout: float = 20) -> None:
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "const p = document.querySelector('p.search-summary');"
            "return p !== null && p.textContent.trim() !== '';"
        )
    )
    time.sleep(0.05)


def search(driver, base_url: str, query: str) -> list[dict]:
    """The results of the site's search for a query: title and page, in rank order."""
    driver.get(urljoin(base_url, "search.html?q=" + quote(query)))
    wait_search_done(driver)
    return driver.execute_script(
        """
        return [...document.querySelectorAll('ul.search li')].map((li) => {
          const a = li.querySelector('a');
          const url = new URL(a.href, document.baseURI);
          return {title: a.textContent.trim(), page: url.pathname, score: a.dataset.score};
        });
        """
    )


def console_errors(driver) -> list[dict]:
    """Severe entries of the browser console since the last call."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def set_color_mode(driver, mode: str | None) -> None:
    """Furo's colour choice, kept in localStorage "theme"; reload to apply."""
    if mode is None:
        driver.execute_script("localStorage.removeItem('theme');")
    else:
        driver.execute_script("localStorage.setItem('theme', arguments[0]);", mode)
    driver.refresh()
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def full_page_screenshot(driver, path: Path) -> None:
    """The whole page, not just the viewport (Chrome DevTools protocol)."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = max(1, int(size["width"]))
    height = max(1, min(int(size["height"]), 16000))
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def number_in(text: str) -> int:
    match = re.search(r"\d+", text)
    assert match, f"pas de nombre dans {text!r}"
    return int(match.group())
