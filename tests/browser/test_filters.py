"""The catalogue page's filters: progressive enhancement over the full table.

Without JavaScript the whole table is there.  With it, each facet (theme,
access mode, provider, who may use the API, status) and the word filter narrow the rows to
exactly the APIs catalogue.json says, every choice shows how many APIs it
would leave, columns sort, the address reproduces the view, and everything
works with the keyboard alone.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from browser_helpers import (
    apis_by_id,
    catalogue,
    console_errors,
    expected_ids,
    facet_values,
    fold,
    number_in,
    open_page,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

FACETS = ("theme", "access", "provider", "audience", "status")

#: The state of the catalogue page as a reader sees it.
VIEW_JS = """
const table = document.querySelector('table.catalogue-filterable');
const idOf = (row) => {
  const link = row.cells[0].querySelector('a');
  return link ? new URL(link.href).pathname.split('/').pop().replace(/\\.html$/, '') : row.cells[0].textContent.trim();
};
const rows = [...table.tBodies[0].rows];
const shown = rows.filter((row) => row.getClientRects().length > 0);
const inconsistent = rows
  .filter((row) => row.hidden === (row.getClientRects().length > 0))
  .map(idOf);
const form = document.querySelector('form.catalogue-filters');
const options = {};
for (const select of form.querySelectorAll('select')) {
  options[select.name] = {
    value: select.value,
    options: [...select.options].map((o) => ({value: o.value, text: o.textContent})),
  };
}
const headers = [...table.tHead.rows[0].cells].map((cell) => ({
  text: cell.textContent.trim(),
  sort: cell.getAttribute('aria-sort'),
  key: ([...cell.classList].find((c) => c.startsWith('catalogue-column-')) || '').slice(17),
}));
const empty = document.querySelector('p.catalogue-empty');
return {
  rows: shown.map(idOf),
  cells: shown.map((row) => [...row.cells].map((cell) => cell.textContent.trim())),
  updated: shown.map((row) => row.dataset.updated || ''),
  inconsistent,
  count: document.querySelector('p.catalogue-count').textContent,
  empty: empty ? empty.getClientRects().length > 0 : null,
  q: form.querySelector('input[name=q]').value,
  selects: options,
  headers,
  url: window.location.href,
};
"""


def view(browser) -> dict:
    return browser.execute_script(VIEW_JS)


def option_counts(select: dict) -> dict[str, int]:
    """Value -> the count in the option's text "Label (count)"."""
    counts = {}
    for option in select["options"]:
        match = re.fullmatch(r"(.+) \((\d+)\)", option["text"].strip())
        assert match, f"option sans compte : {option['text']!r}"
        counts[option["value"]] = int(match.group(2))
    return counts


def open_catalogue(browser, base_url, query: str = "") -> None:
    console_errors(browser)  # forget what earlier pages logged
    open_page(browser, base_url, "catalogue.html" + (f"?{query}" if query else ""))


def check_view(browser, site, *, q: str = "", **facets: str) -> dict:
    """The visible rows, the counter and every option's count match catalogue.json."""
    state = view(browser)
    total = len(apis_by_id(site))
    expected = expected_ids(site, q=q, **facets)
    described = f"q={q!r} {facets}"
    assert not state["inconsistent"], f"{described}: rows whose hidden attribute disagrees with display: {state['inconsistent']}"
    assert sorted(state["rows"]) == sorted(expected), (
        f"{described}: visible rows {sorted(state['rows'])}, expected {sorted(expected)} "
        f"(extra {sorted(set(state['rows']) - expected)}, missing {sorted(expected - set(state['rows']))})"
    )
    assert len(state["rows"]) == len(set(state["rows"]))
    # The counter states the number of rows shown (and, when filtered, of the total).
    assert number_in(state["count"]) == len(expected), f"{described}: counter {state['count']!r}, {len(expected)} rows"
    if len(expected) != total:
        assert str(total) in state["count"], f"{described}: counter {state['count']!r} does not state the total {total}"
    assert state["empty"] == (not expected), f"{described}: empty message shown={state['empty']} with {len(expected)} rows"
    # Each facet's counts: what each choice would leave, the other filters applied.
    for facet in FACETS:
        select = state["selects"][facet]
        assert select["value"] == facets.get(facet, ""), f"{described}: select {facet} = {select['value']!r}"
        others = {name: value for name, value in facets.items() if name != facet}
        counts = option_counts(select)
        assert counts[""] == len(expected_ids(site, q=q, **others)), f"{described}: {facet} «tous» = {counts['']}"
        wrong = {
            value: (count, len(expected_ids(site, q=q, **others, **{facet: value})))
            for value, count in counts.items()
            if value and count != len(expected_ids(site, q=q, **others, **{facet: value}))
        }
        assert not wrong, f"{described}: {facet} counts (shown, expected): {wrong}"
        if facets.get(facet):
            assert counts[facets[facet]] == len(state["rows"]), f"{described}: the chosen option's count"
    assert state["q"] == q
    return state


def catalogue_values(site, facet: str) -> set[str]:
    values: set[str] = set()
    for api_id in apis_by_id(site):
        values |= facet_values(site, api_id)[facet]
    return values


# -- without JavaScript -------------------------------------------------------


def test_without_javascript_the_whole_table_is_there(site):
    soup = BeautifulSoup((site / "catalogue.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.catalogue-filterable")
    assert table is not None
    rows = table.tbody.find_all("tr")
    ids = [row.find("a")["href"].rsplit("/", 1)[-1].removesuffix(".html") for row in rows]
    assert sorted(ids) == sorted(apis_by_id(site)), "the static table must list every API of catalogue.json"
    for row, api_id in zip(rows, ids):
        assert not row.has_attr("hidden")
        values = facet_values(site, api_id)
        assert row["data-access"] in values["access"]
        assert row["data-status"] in values["status"]
        assert {row["data-provider"]} == values["provider"]
        assert set(row["data-themes"].split()) == values["theme"], api_id
    # The filters are added by the script, not in the HTML.
    assert soup.select_one("form.catalogue-filters") is None


# -- facets -------------------------------------------------------------------


def test_initial_view_shows_everything(browser, base_url, site):
    open_catalogue(browser, base_url)
    state = check_view(browser, site)
    assert len(state["rows"]) == len(apis_by_id(site))
    assert urlsplit(state["url"]).query == ""
    for facet in FACETS:
        offered = {o["value"] for o in state["selects"][facet]["options"]} - {""}
        assert offered == catalogue_values(site, facet), f"{facet}: options {offered}"
    assert console_errors(browser) == []


@pytest.mark.parametrize("facet", FACETS)
def test_each_facet_value_narrows_the_table(browser, base_url, site, facet):
    open_catalogue(browser, base_url)
    select = Select(browser.find_element(By.CSS_SELECTOR, f"form.catalogue-filters select[name={facet}]"))
    values = sorted(catalogue_values(site, facet))
    assert values
    for value in values:
        select.select_by_value(value)
        state = check_view(browser, site, **{facet: value})
        assert parse_qs(urlsplit(state["url"]).query) == {facet: [value]}, state["url"]
        assert 0 < len(state["rows"])
    select.select_by_value("")
    check_view(browser, site)
    assert console_errors(browser) == []


TEXT_QUERIES = [
    "geocodage",  # a keyword typed without its accent
    "ÉNERGÉTIQUE",  # upper case, accents
    "dgfip",  # a provider's acronym
    "Finances publiques",  # a provider's name
    "Meteo-France",  # a provider's name, without accents
    "sirene",  # a title
    "donnees foncieres",  # a title, several words, without accents
    "passoire",  # a keyword only
    "bulletin officiel",  # the tagline
]


@pytest.mark.parametrize("text", TEXT_QUERIES)
def test_text_filter(browser, base_url, site, text):
    open_catalogue(browser, base_url)
    assert expected_ids(site, q=text), f"test data: {text!r} should match some API"
    field = browser.find_element(By.CSS_SELECTOR, "form.catalogue-filters input[name=q]")
    field.send_keys(text)
    state = check_view(browser, site, q=text)
    assert parse_qs(urlsplit(state["url"]).query) == {"q": [text]}, state["url"]


def test_text_filter_without_match_says_so(browser, base_url, site):
    open_catalogue(browser, base_url)
    browser.find_element(By.CSS_SELECTOR, "form.catalogue-filters input[name=q]").send_keys("zzzqqq")
    state = check_view(browser, site, q="zzzqqq")
    assert state["rows"] == [] and state["empty"]


COMBINED = {"theme": "logement", "access": "open", "q": "renovation"}


def apply_combined(browser, site) -> dict:
    form = browser.find_element(By.CSS_SELECTOR, "form.catalogue-filters")
    Select(form.find_element(By.NAME, "theme")).select_by_value(COMBINED["theme"])
    Select(form.find_element(By.NAME, "access")).select_by_value(COMBINED["access"])
    form.find_element(By.NAME, "q").send_keys(COMBINED["q"])
    return check_view(browser, site, **COMBINED)


def test_combined_filters(browser, base_url, site):
    expected = expected_ids(site, **COMBINED)
    assert expected and expected != expected_ids(site, theme=COMBINED["theme"], access=COMBINED["access"])
    open_catalogue(browser, base_url)
    apply_combined(browser, site)
    # Narrow further with a status, then a provider none of them has.
    status = sorted({apis_by_id(site)[a]["status"] for a in expected})[0]
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=status]")).select_by_value(status)
    check_view(browser, site, **COMBINED, status=status)
    # A provider none of them has is offered, but disabled: choosing it would empty the list.
    absent = sorted(catalogue_values(site, "provider") - {apis_by_id(site)[a]["producer"] for a in expected})[0]
    option = browser.find_element(By.CSS_SELECTOR, f"select[name=provider] option[value='{absent}']")
    assert not option.is_enabled()
    # A shared address can still ask for it: the list is then empty, and says so.
    query = browser.current_url.split("?", 1)[1] + f"&provider={absent}"
    open_catalogue(browser, base_url, query)
    state = check_view(browser, site, **COMBINED, status=status, provider=absent)
    assert state["rows"] == [] and state["empty"]


def test_reset_clears_every_filter(browser, base_url, site):
    open_catalogue(browser, base_url)
    apply_combined(browser, site)
    browser.find_element(By.CSS_SELECTOR, "form.catalogue-filters button.catalogue-filters-reset").click()
    state = check_view(browser, site)
    assert len(state["rows"]) == len(apis_by_id(site))
    assert urlsplit(state["url"]).query == ""
    assert browser.switch_to.active_element.get_attribute("name") == "q"


def test_url_reproduces_the_view(browser, base_url, site):
    open_catalogue(browser, base_url)
    apply_combined(browser, site)
    browser.find_element(By.CSS_SELECTOR, "th.catalogue-column-title button.catalogue-sort").click()
    browser.find_element(By.CSS_SELECTOR, "th.catalogue-column-title button.catalogue-sort").click()
    before = view(browser)
    url = browser.current_url
    assert parse_qs(urlsplit(url).query) == {
        "theme": [COMBINED["theme"]],
        "access": [COMBINED["access"]],
        "q": [COMBINED["q"]],
        "sort": ["-title"],
    }, url
    browser.get("about:blank")
    open_catalogue(browser, base_url, urlsplit(url).query)
    after = check_view(browser, site, **COMBINED)
    assert after["rows"] == before["rows"], "same rows, same order"
    assert {f: after["selects"][f]["value"] for f in FACETS} == {f: before["selects"][f]["value"] for f in FACETS}
    assert after["q"] == before["q"] == COMBINED["q"]
    assert after["headers"] == before["headers"]
    assert console_errors(browser) == []


def test_unknown_values_in_the_url_are_ignored(browser, base_url, site):
    open_catalogue(browser, base_url, "theme=inexistant&status=nimporte&access=open")
    state = check_view(browser, site, access="open")
    assert state["selects"]["theme"]["value"] == ""
    assert console_errors(browser) == []
    open_catalogue(browser, base_url, "theme=inexistant")
    state = check_view(browser, site)
    assert len(state["rows"]) == len(apis_by_id(site))
    assert console_errors(browser) == []


# -- sorting ------------------------------------------------------------------


def sort_key(text: str) -> str:
    """French order at the base level: accents, case and punctuation ignored."""
    return " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def title_key(text: str) -> tuple[str, str]:
    """The catalogue's order of names (records/french.py sort_key): folded, then as written
    (as the record writes it: the page shows typographic apostrophes and quotes)."""
    text = text.replace("\u2019", "'").replace("«\u00a0", '"').replace("\u00a0»", '"')
    return fold(text), text


def column_values(state: dict, key: str) -> list[str]:
    column = [h["key"] for h in state["headers"]].index(key)
    return [cells[column] for cells in state["cells"]]


@pytest.mark.parametrize("key", ["title", "producer", "access"])
def test_sorting_by_a_column(browser, base_url, site, key):
    open_catalogue(browser, base_url)
    button = browser.find_element(By.CSS_SELECTOR, f"th.catalogue-column-{key} button.catalogue-sort")
    button.click()
    state = view(browser)
    key_of = title_key if key == "title" else sort_key
    keys = [key_of(v) for v in column_values(state, key)]
    assert keys == sorted(keys), f"ascending {key}: {column_values(state, key)}"
    assert {h["key"]: h["sort"] for h in state["headers"] if h["sort"]} == {key: "ascending"}
    assert parse_qs(urlsplit(state["url"]).query) == {"sort": [key]}
    button.click()
    state = view(browser)
    keys = [key_of(v) for v in column_values(state, key)]
    assert keys == sorted(keys, reverse=True), f"descending {key}: {column_values(state, key)}"
    assert {h["key"]: h["sort"] for h in state["headers"] if h["sort"]} == {key: "descending"}
    assert parse_qs(urlsplit(state["url"]).query) == {"sort": [f"-{key}"]}
    # Sorting keeps the filter.
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=theme]")).select_by_value("environnement")
    state = check_view(browser, site, theme="environnement")
    keys = [key_of(v) for v in column_values(state, key)]
    assert keys == sorted(keys, reverse=True)


def test_sort_by_last_update_from_the_url(browser, base_url, site):
    open_catalogue(browser, base_url, "sort=-last_update")
    state = check_view(browser, site)
    dates = [apis_by_id(site)[api_id]["last_update"] for api_id in state["rows"]]
    kept = parse_qs(urlsplit(browser.current_url).query).get("sort")
    assert dates == sorted(dates, reverse=True) and kept == ["-last_update"], (
        "sort=-last_update must list the most recently updated APIs first and stay in the address; "
        f"address now {browser.current_url!r}; aria-sort "
        f"{ {h['key']: h['sort'] for h in state['headers'] if h['sort']} }; rows: "
        + ", ".join(f"{a} {d}" for a, d in zip(state["rows"], dates))
    )


# -- keyboard only ------------------------------------------------------------


def press(browser, *keys) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def active(browser) -> dict:
    return browser.execute_script(
        "const e = document.activeElement;"
        "return {tag: e.tagName.toLowerCase(), name: e.name || '', cls: e.className || '',"
        " inForm: !!e.closest('form.catalogue-filters'), th: e.closest('th') ? e.closest('th').className : ''};"
    )


def tab_until(browser, wanted, limit: int) -> dict:
    seen = []
    for _ in range(limit):
        press(browser, Keys.TAB)
        element = active(browser)
        seen.append(f"{element['tag']}[{element['name'] or element['cls']}]")
        if wanted(element):
            return element
    raise AssertionError(f"not reached with Tab in {limit} presses; focus went through {seen}")


def test_filters_with_the_keyboard_alone(browser, base_url, site):
    open_catalogue(browser, base_url)
    browser.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    tab_until(browser, lambda e: e["tag"] == "input" and e["name"] == "q" and e["inForm"], 200)
    word = "donnees"
    press(browser, word)
    before = check_view(browser, site, q=word)

    tab_until(browser, lambda e: e["tag"] == "select" and e["name"] == "theme", 3)
    state = before
    for _ in range(len(catalogue(site)["themes"])):
        press(browser, Keys.ARROW_DOWN)
        theme = view(browser)["selects"]["theme"]["value"]
        assert theme, "ArrowDown on the theme select must choose a theme"
        state = check_view(browser, site, q=word, theme=theme)
        if set(state["rows"]) != set(before["rows"]):
            break
    assert set(state["rows"]) != set(before["rows"]), "the theme chosen with the keyboard must narrow the rows"
    assert state["rows"], "the keyboard walk should find a theme that leaves some rows"

    element = tab_until(browser, lambda e: "catalogue-sort" in e["cls"], 10)
    key = element["th"].split("catalogue-column-")[1].split()[0]
    order_before = state["rows"]
    press(browser, Keys.ENTER)
    state = view(browser)
    assert {h["key"]: h["sort"] for h in state["headers"] if h["sort"]} == {key: "ascending"}
    key_of = title_key if key == "title" else sort_key
    keys = [key_of(v) for v in column_values(state, key)]
    assert keys == sorted(keys)
    press(browser, Keys.SPACE)
    state = view(browser)
    assert {h["key"]: h["sort"] for h in state["headers"] if h["sort"]} == {key: "descending"}
    keys = [key_of(v) for v in column_values(state, key)]
    assert keys == sorted(keys, reverse=True)
    assert state["rows"] != order_before or len(set(keys)) == 1, "the order must change"
    assert sorted(state["rows"]) == sorted(order_before), "sorting keeps the same rows"
    assert console_errors(browser) == []


def test_who_may_use_it(browser, base_url, site):
    """"Qui peut y accéder ?": each public lists the APIs it may use, those
    under conditions marked as such, with counts, and kept in the address."""
    apis = apis_by_id(site)
    conditional = {
        who for api in apis.values() for who, answer in api["audiences"].items() if answer == "under_condition"
    }
    assert conditional, "no API of the catalogue is open to a public under conditions: nothing to check"
    open_catalogue(browser, base_url)
    # Every public in turn, then none: in one page, so a mark left behind shows.
    for who in [*sorted(facet_values_of_all(site, "audience")), ""]:
        Select(browser.find_element(By.CSS_SELECTOR, "select[name=audience]")).select_by_value(who)
        state = check_view(browser, site, audience=who)
        assert parse_qs(urlsplit(state["url"]).query) == ({"audience": [who]} if who else {})
        marked = set(
            browser.execute_script(
                """return [...document.querySelectorAll('table.catalogue-filterable tbody tr')]
                  .filter((row) => !row.hidden && row.querySelector('.catalogue-condition:not([hidden])'))
                  .map((row) => new URL(row.cells[0].querySelector('a').href).pathname.split('/').pop().replace(/\\.html$/, ''));"""
            )
        )
        expected = {api_id for api_id, api in apis.items() if who and api["audiences"].get(who) == "under_condition"}
        assert marked == expected, who
        assert (who in conditional) == bool(marked)


def facet_values_of_all(site, facet: str) -> set[str]:
    return {value for api_id in apis_by_id(site) for value in facet_values(site, api_id)[facet]}
