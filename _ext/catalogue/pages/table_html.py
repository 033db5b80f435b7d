"""Tables of cells, written as docutils nodes or straight to HTML.

The catalogue's tables are big: the catalogue page has a row per API, the
themes page one per API and theme.  Made of docutils nodes, a row costs
about twenty nodes that are built, walked by the HTML writer and dropped;
at a thousand APIs, that is most of the time it takes to re-write the
catalogue's pages after a record is edited.  So a table is described once,
as :class:`Row` objects whose cells are plain values (:data:`Cell`), and
written either way:

- :func:`to_nodes`: docutils nodes, for every builder;
- :func:`to_html`: the same HTML that Sphinx's HTML writer (and Furo's
  table wrapper, when Furo is the theme) makes of those nodes, written
  directly, for the HTML builders.

Both must give byte-identical pages; ``tests/test_tables.py`` builds a
project both ways (configuration value ``catalogue_html_tables``) and
compares every page.  Every text is escaped as Sphinx's writer escapes it:
a record's text never becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union

from docutils import nodes

# -- Cells and rows --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """An internal link; *title* is the tooltip (a provider's full name);
    *image*, the address of a small picture before the text (a provider's
    logo: decorative, since the name follows)."""

    text: str
    uri: str
    title: str | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class Badge:
    text: str
    classes: tuple[str, ...]


#: A cell: text, a link, a badge, or links separated by commas.
Cell = Union[str, Link, Badge, tuple[Link, ...]]


@dataclass(frozen=True, slots=True)
class Row:
    #: Cells are :data:`Cell` values, or docutils nodes (written by
    #: :func:`to_nodes` only).
    cells: Sequence[Cell | nodes.Node]
    classes: tuple[str, ...] = ()
    #: ``data-*`` attributes, read by the catalogue's filters.
    data: tuple[tuple[str, str], ...] = ()


# -- docutils nodes --------------------------------------------------------------------------


class catalogue_row(nodes.row):
    """A table row with ``data-*`` attributes, read by the catalogue's filters."""


def visit_catalogue_row(translator: Any, node: catalogue_row) -> None:
    translator.visit_row(node)
    attributes = "".join(f' {name}="{translator.attval(value)}"' for name, value in node["data"])
    translator.body[-1] = translator.body[-1].replace("<tr", "<tr" + attributes, 1)


def depart_catalogue_row(translator: Any, node: catalogue_row) -> None:
    translator.depart_row(node)


#: Rows are plain rows for every other output format.
ROW_VISITORS = {
    "html": (visit_catalogue_row, depart_catalogue_row),
    **{
        builder: (lambda t, n: t.visit_row(n), lambda t, n: t.depart_row(n))
        for builder in ("latex", "text", "man", "texinfo")
    },
}


def cell_node(cell: Cell | nodes.Node) -> nodes.Node:
    if isinstance(cell, nodes.Node):
        return cell
    if isinstance(cell, str):
        return nodes.Text(cell)
    if isinstance(cell, Link):
        link = nodes.reference(cell.text, "", internal=True, refuri=cell.uri)
        if cell.image is not None:
            # "?": an address Sphinx must not look for among the page's images.
            link += nodes.image(uri=cell.image, alt="", classes=["catalogue-row-logo"], candidates={"?": cell.image})
        link += nodes.Text(cell.text)
        if cell.title is not None:
            link["reftitle"] = cell.title
        return link
    if isinstance(cell, Badge):
        return nodes.inline(cell.text, cell.text, classes=["catalogue-badge", *cell.classes])
    paragraph = nodes.paragraph()
    for index, link in enumerate(cell):
        if index:
            paragraph += nodes.Text(", ")
        paragraph += cell_node(link)
    return paragraph


def to_nodes(headers: Sequence[str], rows: Sequence[Row], *classes: str, keys: Sequence[str] = ()) -> nodes.table:
    """A docutils table.  *keys*, one per column, become header classes."""
    table = nodes.table(classes=["catalogue-table", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    header_row = nodes.row()
    for index, header in enumerate(headers):
        # The column's key, as a class, tells the filters what a column holds.
        column_classes = [f"catalogue-column-{keys[index]}"] if keys else []
        header_row += nodes.entry("", nodes.paragraph(header, header), classes=column_classes)
    head += header_row
    body = nodes.tbody()
    group += body
    for row in rows:
        if row.data:
            row_node: nodes.row = catalogue_row(classes=list(row.classes))
            row_node["data"] = row.data
        else:
            row_node = nodes.row(classes=list(row.classes))
        for index, cell in enumerate(row.cells):
            node = cell_node(cell)
            # The column's key on each cell too: phones show rows as cards.
            entry = nodes.entry(classes=[f"catalogue-column-{keys[index]}"] if keys else [])
            # Inline content goes in a paragraph; block content (a paragraph,
            # a container of Markdown) goes in the cell as it is.
            entry += nodes.paragraph("", "", node) if isinstance(node, (nodes.Inline, nodes.Text)) else node
            row_node += entry
        body += row_node
    return table


# -- HTML ----------------------------------------------------------------------------------------

#: What docutils' HTML writer escapes, and how (``@`` included).
_SPECIAL = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;", ord("@"): "&#64;"}
_WHITESPACE = re.compile("[\n\r\t\v\f]")


def _text(text: str) -> str:
    return text.translate(_SPECIAL)


def _attr(text: str) -> str:
    return _WHITESPACE.sub(" ", text).translate(_SPECIAL)


def _classes(classes: Sequence[str]) -> str:
    return _attr(" ".join(classes))


def _cell_html(cell: Cell) -> str:
    if isinstance(cell, str):
        return _text(cell)
    if isinstance(cell, Link):
        title = f' title="{_attr(cell.title)}"' if cell.title is not None else ""
        image = f'<img alt="" class="catalogue-row-logo" src="{_attr(cell.image)}" />' if cell.image is not None else ""
        return f'<a class="reference internal" href="{_attr(cell.uri)}"{title}>{image}{_text(cell.text)}</a>'
    if isinstance(cell, Badge):
        return f'<span class="{_classes(("catalogue-badge", *cell.classes))}">{_text(cell.text)}</span>'
    return ", ".join(_cell_html(link) for link in cell)


def to_html(
    headers: Sequence[str],
    rows: Sequence[Row],
    *classes: str,
    keys: Sequence[str] = (),
    furo_wrapper: bool = False,
) -> str:
    """The HTML Sphinx writes for ``to_nodes(headers, rows, *classes, keys=keys)``.

    *furo_wrapper*: wrap the table as Furo's post-transform does (a ``div``
    that scrolls, carrying the table's classes).
    """
    table_classes = ("catalogue-table", *classes)
    out: list[str] = []
    if furo_wrapper:
        out.append(f'<div class="table-wrapper {_classes(table_classes)} docutils container">\n')
    out.append(f'<table class="{_classes(table_classes)} docutils align-default">\n<thead>\n<tr class="row-odd">')
    for index, header in enumerate(headers):
        head_classes = ("head", f"catalogue-column-{keys[index]}") if keys else ("head",)
        out.append(f'<th class="{_classes(head_classes)}"><p>{_text(header)}</p></th>\n')
    out.append("</tr>\n</thead>\n<tbody>\n")
    for number, row in enumerate(rows):
        data = "".join(f' {name}="{_attr(value)}"' for name, value in row.data)
        parity = "row-even" if number % 2 == 0 else "row-odd"
        out.append(f'<tr{data} class="{_classes((*row.classes, parity))}">')
        for index, cell in enumerate(row.cells):
            cell_class = f' class="{_classes((f"catalogue-column-{keys[index]}",))}"' if keys else ""
            out.append(f"<td{cell_class}><p>{_cell_html(cell)}</p></td>\n")  # type: ignore[arg-type]
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    if furo_wrapper:
        out.append("</div>\n")
    return "".join(out)
