"""The general index (genindex.html) and the search index (searchindex.js).

Readers find records by the index (titles, provider names and acronyms,
keywords) and by the search box (words of titles, taglines and
descriptions, and the catalogue's objects).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from helpers.html import body, ids_of, resolve, text_of
from helpers.output import index_docs, search_index
from helpers.sources import load_records
from helpers.text import norm

pytestmark = pytest.mark.sphinx("html", testroot="basic")


def genindex(outdir) -> dict[str, dict]:
    """Entries of genindex.html: text → {"links": [href], "subs": {text: [href]}}."""
    soup = BeautifulSoup((outdir / "genindex.html").read_text(encoding="utf-8"), "html.parser")
    entries: dict[str, dict] = {}
    for table in body(soup).select("table.indextable"):
        for li in table.select("td > ul > li"):
            sub_list = li.find("ul")
            own = [a for a in li.find_all("a", recursive=False)]
            if own:
                text = text_of(own[0])
            else:
                text = norm("".join(s for s in li.find_all(string=True, recursive=False)))
            entry = entries.setdefault(text, {"links": [], "subs": {}})
            entry["links"] += [a["href"] for a in own]
            if sub_list:
                for sub in sub_list.find_all("li", recursive=False):
                    a = sub.find("a")
                    entry["subs"].setdefault(text_of(a), []).append(a["href"])
    return entries


def _page_of(href: str) -> str:
    return href.split("#")[0]


def test_genindex_has_api_titles(app):
    """Every API is in the index under its title, pointing at its page."""
    app.build()
    records = load_records(app.srcdir)
    entries = genindex(app.outdir)
    for api_id, api in records.apis.items():
        assert api["title"] in entries, api["title"]
        assert [_page_of(h) for h in entries[api["title"]]["links"]] == [f"apis/{api_id}.html"]


def test_genindex_has_provider_names_and_acronyms(app):
    """A provider is indexed by its name, and by its acronym with the name below."""
    app.build()
    records = load_records(app.srcdir)
    entries = genindex(app.outdir)
    for provider_id, provider in records.providers.items():
        target = f"apis/fournisseurs/{provider_id}.html"
        assert [_page_of(h) for h in entries[provider["name"]]["links"]] == [target]
        if provider.get("acronym"):
            subs = entries[provider["acronym"]]["subs"]
            assert [_page_of(h) for h in subs[provider["name"]]] == [target]


def test_genindex_has_keywords_with_their_apis(app):
    """Each keyword is an entry; the APIs that carry it are its sub-entries."""
    app.build()
    records = load_records(app.srcdir)
    entries = genindex(app.outdir)
    keywords: dict[str, list[str]] = {}
    for api_id, api in records.apis.items():
        for keyword in api.get("keywords", []):
            keywords.setdefault(keyword, []).append(api_id)
    assert keywords  # test-basic has keywords
    for keyword, api_ids in keywords.items():
        subs = entries[keyword]["subs"]
        assert {title: [_page_of(h) for h in hrefs] for title, hrefs in subs.items()} == {
            records.api_title(i): [f"apis/{i}.html"] for i in api_ids
        }


def test_genindex_has_themes(app):
    """Themes are indexed as « Name (thème) »."""
    app.build()
    records = load_records(app.srcdir)
    entries = genindex(app.outdir)
    for theme_id, theme in records.themes.items():
        links = entries[f"{theme['name']} (thème)"]["links"]
        assert [_page_of(h) for h in links] == [f"apis/themes/{theme_id}.html"]


def test_genindex_links_land_on_existing_anchors(app):
    """Every link of the index goes to a page that has the anchor it names.

    Bug found: on provider and theme pages the index target is followed by the
    problems-notice placeholder; docutils moves the target's id onto it, and
    the placeholder is removed when empty, so ``#fournisseur-<id>`` and
    ``#theme-<id>`` do not exist.
    """
    app.build()
    ids_cache: dict[str, set[str]] = {}
    broken = []
    soup = BeautifulSoup((app.outdir / "genindex.html").read_text(encoding="utf-8"), "html.parser")
    for a in body(soup).select("table.indextable a[href]"):
        target, fragment = resolve("genindex", a["href"])
        assert (app.outdir / target).is_file(), a["href"]
        if fragment:
            ids = ids_cache.setdefault(target, ids_of(app.outdir, target))
            if fragment not in ids:
                broken.append(a["href"])
    assert broken == []


# -- search index ------------------------------------------------------------------------------------


def _record_docs(records) -> dict[str, str]:
    """docname → title shown, for every record."""
    docs = {f"apis/{i}": api["title"] for i, api in records.apis.items()}
    docs |= {f"apis/fournisseurs/{i}": records.provider_title(i) for i in records.providers}
    docs |= {f"apis/themes/{i}": theme["name"] for i, theme in records.themes.items()}
    return docs


def test_searchindex_has_every_record_page(app):
    """Each record page is in the search index, with its title."""
    app.build()
    index = search_index(app.outdir)
    titles = dict(zip(index["docnames"], index["titles"], strict=True))
    for docname, title in _record_docs(load_records(app.srcdir)).items():
        assert titles.get(docname) == title, docname


def _hits(index: dict, lang, word: str) -> set[str]:
    stemmed = lang.stem(word).lower()
    docs: set[int] = set()
    for mapping in (index["terms"], index["titleterms"]):
        for key in (stemmed, word.lower()):
            if key in mapping:
                docs |= index_docs(mapping[key])
    return {index["docnames"][d] for d in docs}


def test_searchindex_finds_words_of_titles_taglines_descriptions(app):
    """Search finds an API page by the words of its title, tagline and description."""
    app.build()
    lang = app.builder.indexer.lang
    index = search_index(app.outdir)
    records = load_records(app.srcdir)
    checked = 0
    for api_id, api in records.apis.items():
        docname = f"apis/{api_id}"
        first_paragraph = api["description"].split("\n\n")[0]
        for text in (api["title"], api["tagline"], first_paragraph):
            for word in lang.split(norm(text)):
                if not lang.word_filter(lang.stem(word).lower()) or len(word) < 3:
                    continue  # stop words are not indexed
                assert docname in _hits(index, lang, word), (api_id, word)
                checked += 1
    assert checked > 30


def test_searchindex_lists_records_as_catalogue_objects(app):
    """Records are objects of the catalogue domain: api, fournisseur, theme."""
    app.build()
    index = search_index(app.outdir)
    records = load_records(app.srcdir)
    objtypes = {int(k): v for k, v in index["objtypes"].items()}
    found = {}
    for entries in index["objects"].values():
        for doc, typ, _prio, _anchor, name in entries:
            found[index["docnames"][doc]] = (objtypes[typ], name)
    kinds = {"apis/fournisseurs/": "catalogue:fournisseur", "apis/themes/": "catalogue:theme", "apis/": "catalogue:api"}
    for docname, title in _record_docs(records).items():
        kind = next(k for prefix, k in kinds.items() if docname.startswith(prefix))
        assert found.get(docname) == (kind, title), docname
    assert set(objtypes.values()) == {"catalogue:api", "catalogue:fournisseur", "catalogue:theme"}
    assert len(found) == len(_record_docs(records))


def test_searchindex_finds_keywords(app):
    """Keywords are searchable too (they are on the page)."""
    app.build()
    lang = app.builder.indexer.lang
    index = search_index(app.outdir)
    records = load_records(app.srcdir)
    for api_id, api in records.apis.items():
        for keyword in api.get("keywords", []):
            for word in lang.split(keyword):
                if re.fullmatch(r"\w{3,}", word) and lang.word_filter(lang.stem(word).lower()):
                    assert f"apis/{api_id}" in _hits(index, lang, word), (api_id, word)


def test_objects_inventory_lists_records(app):
    """objects.inv (for intersphinx) names every record by id, with its page and title."""
    from sphinx.util.inventory import InventoryFile

    app.build()
    inventory = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="").data
    records = load_records(app.srcdir)
    expected = {("catalogue:api", i): (f"apis/{i}.html", a["title"]) for i, a in records.apis.items()}
    expected |= {
        ("catalogue:fournisseur", i): (f"apis/fournisseurs/{i}.html", records.provider_title(i))
        for i in records.providers
    }
    expected |= {("catalogue:theme", i): (f"apis/themes/{i}.html", t["name"]) for i, t in records.themes.items()}
    for (objtype, name), (uri, title) in expected.items():
        item = inventory[objtype][name]
        assert item.uri == uri
        assert item.display_name == title


def test_genindex_lists_hand_written_pages(app):
    """Hand-written pages are in the index too, by their title."""
    app.build()
    entries = genindex(app.outdir)
    for docname in ("index", "liste", "definitions"):
        title = BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser").find("h1")
        label = f"{text_of(title)} (page)"
        assert label in entries, label
        assert [_page_of(href) for href in entries[label]["links"]] == [f"{docname}.html"]
