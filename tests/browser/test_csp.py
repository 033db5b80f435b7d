"""The README's Content-Security-Policy holds for the real site.

The header is read from the README (between ``<!-- csp:début -->`` and
``<!-- csp:fin -->``): what a host is told to send is what is tested.

- Its hashes are exactly those of the site's inline scripts, style blocks
  and style attributes (computed here from the built pages): a new Furo
  that changes its inline script fails this test instead of the site.
- Served with that header, the main pages show no violation in Chromium's
  console, the search finds results and the catalogue's filters narrow the
  table.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_helpers import catalogue, open_page, page_paths, search
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[2]


def readme_policy() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- csp:début -->\s*```\s*(.*?)\s*```\s*<!-- csp:fin -->", text, re.S)
    assert block, "README: en-tête CSP introuvable"
    header = block.group(1).strip()
    assert header.startswith("Content-Security-Policy: ")
    return header.removeprefix("Content-Security-Policy: ")


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def site_hashes(site: Path) -> dict[str, set[str]]:
    """Hashes of the inline scripts (data blocks aside), style blocks and style attributes."""
    found: dict[str, set[str]] = {"script-src": set(), "style-src": set(), "style-src-attr": set()}
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S):
            if "application/ld+json" not in match.group(1):
                found["script-src"].add(_hash(match.group(2)))
        for match in re.finditer(r"<style[^>]*>(.*?)</style>", html, re.S):
            found["style-src"].add(_hash(match.group(1)))
        for match in re.finditer(r'\sstyle="([^"]*)"', html):
            found["style-src-attr"].add(_hash(match.group(1)))
    return found


def test_readme_policy_is_strict():
    policy = directives(readme_policy())
    assert policy["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name] and "'unsafe-eval'" not in policy[name]
        assert all(value == "'self'" or value.startswith("'sha256-") for value in policy[name]), name
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_readme_hashes_are_those_of_the_site(site):
    policy = directives(readme_policy())
    for name, hashes in site_hashes(site).items():
        assert hashes, name
        listed = {value for value in policy[name] if value.startswith("'sha256-")}
        assert listed == hashes, f"{name} : mettez à jour l'en-tête du README avec {sorted(hashes)}"


def _csp_handler(policy: str, directory: str):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            pass

    return functools.partial(Handler, directory=directory)


@pytest.fixture(scope="module")
def csp_url(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _csp_handler(readme_policy(), str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def violations(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]


def test_main_pages_raise_no_violation(browser, csp_url, site):
    browser.get_log("browser")
    for name, path in page_paths(site).items():
        open_page(browser, csp_url, path)
        assert violations(browser) == [], name


def test_search_works_under_the_policy(browser, csp_url, site):
    api = catalogue(site)["apis"][0]
    results = search(browser, csp_url, api["title"])
    assert any(result["page"].endswith(f"/apis/{api['id']}.html") for result in results)
    assert violations(browser) == []


def test_filters_work_under_the_policy(browser, csp_url, site):
    open_page(browser, csp_url, "catalogue.html")
    rows = lambda: browser.execute_script(  # noqa: E731
        "return [...document.querySelectorAll('table.catalogue-filterable tbody tr')]"
        ".filter((row) => row.getClientRects().length > 0).length;"
    )
    before = rows()
    Select(browser.find_element("css selector", "form.catalogue-filters select[name=access]")).select_by_value("open")
    expected = sum(1 for api in catalogue(site)["apis"] if api["access"] == "open")
    WebDriverWait(browser, 10).until(lambda d: rows() == expected)
    assert expected < before
    assert violations(browser) == []
    browser.get(urljoin(csp_url, "index.html"))
