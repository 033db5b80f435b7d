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
