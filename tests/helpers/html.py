"""Reading a built page: its sections, fields, tables and links."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from .text import norm


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


def labelled(root: Tag) -> dict[str, Tag]:
    """The ``Label : value`` lines under *root* (``p.catalogue-labelled``), by label.

    The value is a copy of the paragraph without its label, so that its text
    and links are the value's alone.
    """
    out: dict[str, Tag] = {}
    for paragraph in root.select("p.catalogue-labelled"):
        value = BeautifulSoup(str(paragraph), "html.parser").p
        label = value.find("strong").extract()
        first = value.contents[0] if value.contents else None
        if isinstance(first, NavigableString):
            first.replace_with(first.lstrip(" \u00a0\u202f:"))
        out[norm(label.get_text())] = value
    return out


def key_links(root: Tag) -> dict[str, Tag]:
    """The items of the key links of an API page, by their label (link text or ``Label :``)."""
    out: dict[str, Tag] = {}
    for item in root.select("ul.catalogue-key-links > li"):
        text = norm(item.get_text(" "))
        strong = item.find("strong")
        label = norm(strong.get_text()) if strong else (norm(item.find("a").get_text()) if item.find("a") else text.split(" : ")[0])
        out[label] = item
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
