"""What a reader waits for, measured in Chromium (part of ``make bench``).

On a built site served on 127.0.0.1, in Debian's headless Chromium driven
by Selenium, with the browser cache off:

- **the catalogue page in a phone's window** (390 × 844): its weight (the
  page and everything it loads, as Chromium's resource timing counts the
  bytes) and the time from navigation until its filters respond (our
  ``catalogue-filters.js`` marks ``catalogue-filters-ready`` when its form
  is built; a hand-written page has no filters, so its load event stands
  in), then the time one filter change takes to apply;
- **a search query**: the time the engine takes for each query, the index
  already loaded, median of several runs: ours (``catalogue-engine.js``)
  and, on the baseline site, Sphinx's own (``Search._performSearch``);
- **search as you type** (ours): the time the home page's field takes to
  answer one keystroke, over every prefix of each query.

Times are in milliseconds, medians over the runs; run it on a quiet
machine and compare runs made on the same one.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Questions as readers type them (not taken from the generated records).
QUERIES = (
    "adresse",
    "donnees entreprise",
    "comment obtenir le quotient familial",
    "etablissement scolaire",
    "meteo en temps reel",
    "siret",
)

PHONE = (390, 844)

_CATALOGUE_JS = """
const done = arguments[arguments.length - 1];
const finish = () => {
  const mark = performance.getEntriesByName('catalogue-filters-ready')[0];
  const navigation = performance.getEntriesByType('navigation')[0];
  const bytes = navigation.encodedBodySize
    + performance.getEntriesByType('resource').reduce((sum, r) => sum + r.encodedBodySize, 0);
  let apply = null;
  const select = document.querySelector('form.catalogue-filters select[name=access]');
  if (select && select.options.length > 1) {
    const start = performance.now();
    select.value = select.options[1].value;
    select.dispatchEvent(new Event('change'));
    apply = performance.now() - start;
  }
  done({ready: mark ? mark.startTime : navigation.loadEventEnd, filters: Boolean(mark), bytes, apply,
        rows: document.querySelectorAll('table tbody tr').length});
};
const wait = () => (document.readyState === 'complete'
  && (performance.getEntriesByName('catalogue-filters-ready').length || !document.querySelector('script[src*="catalogue-filters"]'))
  ? finish() : setTimeout(wait, 20));
wait();
"""

_SEARCH_JS = """
const done = arguments[arguments.length - 1];
const [queries, runs] = [arguments[0], arguments[1]];
// searchtools.js declares Search with const: not a property of window.
const ready = () => typeof Search !== 'undefined' && Search._index && window.Stemmer;
const go = () => {
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ours = Boolean(window.catalogueEngine);
  const engine = ours ? catalogueEngine.create(Search._index, window.catalogueSearchData) : null;
  const out = {};
  for (const query of queries) {
    const times = [];
    let count = 0;
    for (let i = 0; i < runs; i += 1) {
      const start = performance.now();
      if (ours) count = engine.search(query).results.length;
      else count = Search._performSearch(...Search._parseQuery(query)).length;
      times.push(performance.now() - start);
    }
    out[query] = {ms: median(times), results: count};
  }
  done({engine: ours ? 'catalogue' : 'sphinx', queries: out});
};
const wait = () => (ready() ? go() : setTimeout(wait, 20));
wait();
"""

_TYPING_JS = """
const done = arguments[arguments.length - 1];
const queries = arguments[0];
const input = document.querySelector('form.catalogue-search-form[data-suggest] input[name=q]');
if (!input) { done(null); return; }
input.focus();
input.value = 'a';
input.dispatchEvent(new Event('input'));
const run = () => {
  const times = [];
  for (const query of queries) {
    for (let end = 1; end <= query.length; end += 1) {
      input.value = query.slice(0, end);
      const start = performance.now();
      input.dispatchEvent(new Event('input'));
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  done({keystrokes: times.length, median: times[Math.floor(times.length / 2)],
        p90: times[Math.floor(times.length * 0.9)], max: times[times.length - 1]});
};
// The index loads on first use: wait until a keystroke lists suggestions.
const wait = () => (document.querySelector('.catalogue-suggestions-status') ? run() : setTimeout(wait, 20));
wait();
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@contextmanager
def served(html: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


@contextmanager
def chromium() -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-background-networking", "--disable-extensions"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_script_timeout(300)
    driver.set_page_load_timeout(300)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    try:
        yield driver
    finally:
        driver.quit()


def measure_site(html: Path, runs: int = 3) -> dict:
    """Every measure above, for the site built in *html*."""
    result: dict = {}
    with served(html) as base, chromium() as driver:
        driver.set_window_size(*PHONE)
        pages = []
        for _ in range(runs):
            driver.get(base + "catalogue.html")
            pages.append(driver.execute_async_script(_CATALOGUE_JS))
        result["catalogue"] = {
            "ready_ms": statistics.median(p["ready"] for p in pages),
            "apply_ms": statistics.median(p["apply"] for p in pages) if pages[0]["apply"] is not None else None,
            "kib": pages[0]["bytes"] / 1024,
            "filters": pages[0]["filters"],
            "rows": pages[0]["rows"],
        }
        driver.get(base + "search.html")
        result["search"] = driver.execute_async_script(_SEARCH_JS, list(QUERIES), 5)
        result["search"]["median_ms"] = statistics.median(q["ms"] for q in result["search"]["queries"].values())
        result["search"]["max_ms"] = max(q["ms"] for q in result["search"]["queries"].values())
        # None on a site without the search box (the baseline).
        driver.get(base + "index.html")
        result["typing"] = driver.execute_async_script(_TYPING_JS, list(QUERIES))
    return result
