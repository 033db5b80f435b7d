"""Helpers shared by the catalogue tests: reading a built site and its sources.

Expectations are derived from the YAML records of the project being built
(``load_records``), with small independent re-implementations of the rules
the site follows (French order, French dates), so that a test states what
the reader must see rather than repeating the extension's own code.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import yaml
from bs4 import BeautifulSoup, Tag

ACCESS_LABELS = {"open": "Ouverte", "account": "Avec compte", "restricted": "Sur habilitation"}
STATUS_LABELS = {"beta": "Bêta", "stable": "Stable", "deprecated": "Dépréciée", "retired": "Retirée"}
ELIGIBLE_LABELS = {"yes": "Oui", "under_condition": "Sous conditions", "no": "Non"}
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


# -- Text ----------------------------------------------------------------------------


def norm(text: str) -> str:
    """Text as compared in tests: typographic apostrophes and spaces made plain."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Accents and case removed: the catalogue's French order compares this first."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def french_key(text: str) -> tuple[str, str]:
    return (fold(text), text)


def french_date(value: dt.date | str) -> str:
    """``2025-11-02`` as written on French pages: ``2 novembre 2025`` (``1er`` for day 1)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def clean(text: str) -> str:
    """Sphinx's output stream without colour codes."""
    return _ANSI.sub("", text)


# -- Sources ----------------------------------------------------------------------------


@dataclass
class Records:
    """The YAML records of a source directory, keyed by identifier."""

    apis: dict[str, dict]
    providers: dict[str, dict]
    themes: dict[str, dict]

    def theme_id(self, name: str) -> str:
        return next(tid for tid, theme in self.themes.items() if theme["name"] == name)

    def api_title(self, api_id: str) -> str:
        return self.apis[api_id]["title"]

    def provider_title(self, provider_id: str) -> str:
        provider = self.providers[provider_id]
        acronym = provider.get("acronym")
        if acronym and acronym.casefold() not in provider["name"].casefold():
            return f"{provider['name']} ({acronym})"
        return provider["name"]

    def sorted_api_ids(self, ids=None) -> list[str]:
        ids = self.apis if ids is None else ids
        return sorted(ids, key=lambda i: (*french_key(self.apis[i]["title"]), i))

    def apis_where(self, predicate) -> list[str]:
        return self.sorted_api_ids([i for i, api in self.apis.items() if predicate(api)])

    def apis_of_theme(self, theme_id: str) -> list[str]:
        name = self.themes[theme_id]["name"]
        return self.apis_where(lambda api: name in api.get("themes", []))

    def sorted_provider_ids(self) -> list[str]:
        return sorted(self.providers, key=lambda i: (*french_key(self.providers[i]["name"]), i))

    def sorted_theme_ids(self) -> list[str]:
        return sorted(self.themes, key=lambda i: (*french_key(self.themes[i]["name"]), i))

    def row_classes(self, api_id: str) -> set[str]:
        """Classes every table row of this API carries, for the catalogue's filters."""
        api = self.apis[api_id]
        classes = {f"access-{api.get('access', 'unknown')}", f"status-{api.get('status', 'stable')}"}
        if api.get("producer"):
            classes.add(f"provider-{api['producer']}")
        classes |= {f"theme-{self.theme_id(name)}" for name in api.get("themes", [])}
        return classes


def _load_dir(directory: Path) -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.yml"))
    }


def load_records(srcdir: Path) -> Records:
    srcdir = Path(srcdir)
    return Records(
        apis=_load_dir(srcdir / "apis"),
        providers=_load_dir(srcdir / "apis" / "fournisseurs"),
        themes=_load_dir(srcdir / "apis" / "themes"),
    )


def add_file(srcdir: Path, relative: str, text: str) -> Path:
    path = Path(srcdir) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replace_in(srcdir: Path, relative: str, old: str, new: str) -> None:
    path = Path(srcdir) / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- Built HTML -----------------------------------------------------------------------------


def page(outdir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def body(soup: BeautifulSoup) -> Tag:
    """The page's own content, without the theme's navigation."""
    main = soup.find(attrs={"role": "main"})
    assert main is not None
    return main


def text_of(node: Tag) -> str:
    """The visible text of *node*, without the ``¶`` of header links."""
    copy = BeautifulSoup(str(node), "html.parser")
    for link in copy.select("a.headerlink"):
        link.decompose()
    return norm(copy.get_text(" "))


def heading_text(section: Tag) -> str:
    return text_of(section.find(re.compile(r"^h[1-6]$")))


def sections(root: Tag) -> dict[str, Tag]:
    """Sub-sections of *root*, by heading text (first occurrence)."""
    found: dict[str, Tag] = {}
    for section in root.find_all("section"):
        found.setdefault(heading_text(section), section)
    return found


def section(root: Tag, title: str) -> Tag:
    found = sections(root)
    assert title in found, f"no section {title!r}; sections: {list(found)}"
    return found[title]


def fields(root: Tag) -> dict[str, Tag]:
    """The field list entries (``<dt>`` → ``<dd>``) under *root*, by field name."""
    out: dict[str, Tag] = {}
    for dt_ in root.select("dl.field-list > dt"):
        out[norm(dt_.get_text()).rstrip(":").strip()] = dt_.find_next_sibling("dd")
    return out


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[set[str], list[Tag]]]

    @property
    def first_column(self) -> list[str]:
        return [text_of(cells[0]) for _, cells in self.rows]

    def column(self, header: str) -> list[Tag]:
        index = self.headers.index(header)
        return [cells[index] for _, cells in self.rows]


def table(node: Tag) -> Table:
    headers = [text_of(th) for th in node.select("thead th")]
    rows = []
    for tr in node.select("tbody > tr"):
        classes = set(tr.get("class", [])) - {"row-odd", "row-even"}
        rows.append((classes, tr.find_all("td", recursive=False)))
    return Table(headers, rows)


def only_table(root: Tag) -> Table:
    tables = root.find_all("table")
    assert len(tables) == 1, f"expected one table, found {len(tables)}"
    return table(tables[0])


def href_to(from_docname: str, to_docname: str) -> str:
    """The relative link Sphinx writes from one page to another."""
    return posixpath.relpath(f"{to_docname}.html", posixpath.dirname(from_docname) or ".")


def resolve(from_docname: str, href: str) -> tuple[str, str]:
    """(target file relative to the output root, fragment) of a relative link."""
    url, fragment = urldefrag(urljoin("http://site/" + from_docname + ".html", href))
    return unquote(url[len("http://site/"):]), fragment


def internal_links(outdir: Path, relative: str) -> list[tuple[str, str, str]]:
    """Every relative link of an HTML file: (href, target file, fragment)."""
    soup = BeautifulSoup((Path(outdir) / relative).read_text(encoding="utf-8"), "html.parser")
    docname = relative.removesuffix(".html")
    out = []
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if re.match(r"^[a-z]+:", href) or href.startswith("//"):
            continue
        target, fragment = resolve(docname, href)
        out.append((href, target, fragment))
    return out


def ids_of(outdir: Path, relative: str) -> set[str]:
    soup = BeautifulSoup((Path(outdir) / relative).read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)}


def html_files(outdir: Path) -> list[str]:
    outdir = Path(outdir)
    return sorted(
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*.html")
        if not any(part.startswith((".", "_")) for part in path.relative_to(outdir).parts)
    )


def unescaped(path: Path) -> str:
    return html.unescape(Path(path).read_text(encoding="utf-8"))


# -- Indexes and build output ------------------------------------------------------------------


def search_index(outdir: Path) -> dict:
    text = (Path(outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert text.startswith("Search.setIndex(") and text.endswith(")")
    return json.loads(text[len("Search.setIndex("):-1])


def index_docs(value) -> set[int]:
    return set(value) if isinstance(value, list) else {value}


def written_docs(status: str) -> list[str]:
    """Documents a build wrote, from its ``writing output... [ nn%] docname`` lines."""
    return re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", clean(status))


def read_docs(status: str) -> list[str]:
    return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", clean(status))


def environment_line(status: str) -> str:
    """The ``updating environment: ...`` summary of a build, without its prefix."""
    found = re.findall(r"updating environment: (?:\[[^\]]*\] )?(\d+ added, \d+ changed, \d+ removed)", clean(status))
    assert len(found) == 1, f"expected one 'updating environment' line in:\n{status}"
    return found[0]


# -- API tables ----------------------------------------------------------------------------------

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
