"""What the catalogue's tables and record pages must show, from the records alone."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import Tag

from .html import Table, body, href_to, only_table, page, section, sections, text_of
from .sources import Records
from .text import ACCESS_LABELS, STATUS_LABELS, french_date, norm


API_HEADERS = {
    "title": "API",
    "tagline": "Description",
    "producer": "Fournisseur",
    "access": "Accès",
    "status": "Statut",
    "themes": "Thèmes",
    "keywords": "Mots-clés",
    "last_update": "Mise à jour",
}
DEFAULT_COLUMNS = ("title", "tagline", "producer", "access")
#: theme-tables is an overview: no tagline (each theme's page has them).
THEME_TABLES_COLUMNS = ("title", "producer", "access")


def assert_api_table(
    found: Table, ids: list[str], columns: tuple[str, ...], records: Records, docname: str
) -> None:
    """*found* lists exactly the APIs *ids*, in that order, each cell as its record says."""
    assert found.headers == [API_HEADERS[c] for c in columns]
    if columns[0] == "title":
        assert found.first_column == [records.api_title(i) for i in ids]
    assert len(found.rows) == len(ids)
    for api_id, (classes, cells) in zip(ids, found.rows, strict=True):
        api = records.apis[api_id]
        assert classes == records.row_classes(api_id), api_id
        for column, cell in zip(columns, cells, strict=True):
            text = text_of(cell)
            if column == "title":
                link = cell.find("a")
                assert link["href"] == href_to(docname, f"apis/{api_id}")
                assert text_of(link) == api["title"]
            elif column == "tagline":
                assert text == norm(api.get("tagline", ""))
            elif column == "producer":
                provider = records.providers[api["producer"]]
                link = cell.find("a")
                assert link["href"] == href_to(docname, f"apis/fournisseurs/{api['producer']}")
                assert text == (provider.get("acronym") or provider["name"])
                if provider.get("acronym"):
                    assert link["title"] == provider["name"]
            elif column == "access":
                badge = cell.find("span")
                assert text_of(badge) == ACCESS_LABELS[api["access"]]
                assert f"catalogue-access-{api['access']}" in badge["class"]
            elif column == "status":
                status = api.get("status", "stable")
                badge = cell.find("span")
                assert text_of(badge) == STATUS_LABELS[status]
                assert f"catalogue-status-{status}" in badge["class"]
            elif column == "themes":
                links = [(a["href"], text_of(a)) for a in cell.find_all("a")]
                assert links == [
                    (href_to(docname, f"apis/themes/{records.theme_id(name)}"), name)
                    for name in api["themes"]
                ]
            elif column == "keywords":
                assert text == ", ".join(api.get("keywords", []))
            elif column == "last_update":
                assert text == (french_date(api["last_update"]) if "last_update" in api else "")


def by_last_update(records: Records, ids: list[str]) -> list[str]:
    """Most recent first; same date (or none) keeps the French order."""
    ordered = records.sorted_api_ids(ids)
    return sorted(ordered, key=lambda i: str(records.apis[i].get("last_update", "")), reverse=True)


def liste_expectations(records: Records) -> dict[str, tuple[list[str], tuple[str, ...]]]:
    """What each API table of test-basic's ``liste.md`` lists, from the records."""
    return {
        "Santé": (records.apis_of_theme(records.theme_id("Santé")), DEFAULT_COLUMNS),
        "Ouvertes": (records.apis_where(lambda a: a.get("access") == "open"), ("title", "access")),
        "DINUM": (records.apis_where(lambda a: a.get("producer") == "dinum"), ("title", "status")),
        "Partenariats DINUM": (
            records.apis_where(lambda a: "dinum" in a.get("partners", [])),
            DEFAULT_COLUMNS,
        ),
        "Dépréciées": (
            records.apis_where(lambda a: a.get("status", "stable") == "deprecated"),
            DEFAULT_COLUMNS,
        ),
        "Récentes": (by_last_update(records, list(records.apis))[:2], ("title", "last_update")),
    }


def assert_liste(outdir: Path, records: Records) -> None:
    """Every table of ``liste.html`` shows what the records say (see test_tables)."""
    main = body(page(outdir, "liste"))
    for title, (ids, columns) in liste_expectations(records).items():
        found = section(main, title)
        if ids:
            assert_api_table(only_table(found), ids, columns, records, "liste")
        else:
            assert found.find("table") is None
            assert found.select_one("p.catalogue-empty") is not None
    assert_provider_table(only_table(section(main, "Fournisseurs")), records, "liste")
    assert_theme_tables(section(main, "Par thème"), records, "liste")


def assert_provider_table(found: Table, records: Records, docname: str) -> None:
    assert found.headers == ["Fournisseur", "Type", "API produites", "Partenariats"]
    ids = records.sorted_provider_ids()
    assert len(found.rows) == len(ids)
    for provider_id, (_, cells) in zip(ids, found.rows, strict=True):
        provider = records.providers[provider_id]
        link = cells[0].find("a")
        assert link["href"] == href_to(docname, f"apis/fournisseurs/{provider_id}")
        assert text_of(link) == records.provider_title(provider_id)
        assert text_of(cells[1]) == provider.get("type", "")
        produced = records.apis_where(lambda a: a.get("producer") == provider_id)
        partnered = records.apis_where(lambda a: provider_id in a.get("partners", []))
        assert text_of(cells[2]) == str(len(produced)), provider_id
        assert text_of(cells[3]) == str(len(partnered)), provider_id


def assert_theme_tables(root: Tag, records: Records, docname: str) -> None:
    """One section per theme, in French order, titled by a link and its count."""
    found = root.select("section.catalogue-theme")
    ids = records.sorted_theme_ids()
    assert len(found) == len(ids)
    for theme_id, theme_section in zip(ids, found, strict=True):
        name = records.themes[theme_id]["name"]
        apis = records.apis_of_theme(theme_id)
        heading = theme_section.find(re.compile("^h[1-6]$"))
        assert text_of(heading) == f"{name} ({len(apis)})"
        assert heading.find("a")["href"] == href_to(docname, f"apis/themes/{theme_id}")
        if apis:
            assert_api_table(only_table(theme_section), apis, THEME_TABLES_COLUMNS, records, docname)
        else:
            assert theme_section.find("table") is None


def _assert_listing(root: Tag, ids: list[str], columns: tuple[str, ...], records: Records, docname: str) -> None:
    if ids:
        assert_api_table(only_table(root), ids, columns, records, docname)
    else:
        assert root.find("table") is None, docname
        assert root.select_one("p.catalogue-empty") is not None, docname


def related_ids(records: Records, api_id: str) -> list[str]:
    """The APIs an API names as related, and those that name it."""
    named = {i for i in records.apis[api_id].get("related_apis", []) if i in records.apis and i != api_id}
    naming = {i for i, api in records.apis.items() if api_id in api.get("related_apis", []) and i != api_id}
    return records.sorted_api_ids(named | naming)


def assert_record_pages(outdir: Path, records: Records) -> None:
    """Provider, theme and API pages show the tables and links the records imply."""
    for provider_id in records.providers:
        docname = f"apis/fournisseurs/{provider_id}"
        main = body(page(outdir, docname))
        assert text_of(main.find("h1")) == records.provider_title(provider_id)
        produced = records.apis_where(lambda a: a.get("producer") == provider_id)
        partnered = records.apis_where(lambda a: provider_id in a.get("partners", []))
        _assert_listing(section(main, "API produites"), produced, ("title", "tagline", "access"), records, docname)
        _assert_listing(section(main, "API en partenariat"), partnered, ("title", "producer", "access"), records, docname)
    for theme_id in records.themes:
        docname = f"apis/themes/{theme_id}"
        main = body(page(outdir, docname))
        _assert_listing(main, records.apis_of_theme(theme_id), DEFAULT_COLUMNS, records, docname)
    for api_id in records.apis:
        docname = f"apis/{api_id}"
        main = body(page(outdir, docname))
        assert text_of(main.find("h1")) == records.api_title(api_id)
        related = related_ids(records, api_id)
        found = sections(main).get("API liées")
        if not related:
            assert found is None, docname
            continue
        assert found is not None, docname
        items = found.find_all("li")
        assert [text_of(li.find("a")) for li in items] == [records.api_title(i) for i in related]
        assert [li.find("a")["href"] for li in items] == [href_to(docname, f"apis/{i}") for i in related]
        for other, li in zip(related, items, strict=True):
            tagline = records.apis[other].get("tagline")
            assert text_of(li) == (f"{records.api_title(other)} : {norm(tagline)}" if tagline else records.api_title(other))
