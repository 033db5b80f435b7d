"""Small constructors for the docutils nodes that pages and tables are made of.

Record text always goes into ``Text`` nodes, which every Sphinx writer
escapes: nothing a contributor writes in a short field can become markup.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes

from ..records.kinds import Kind, kind_of

#: Role/object type of each record kind in the catalogue domain.
XREF_TYPES: dict[Kind, str] = {"api": "api", "provider": "fournisseur", "theme": "theme"}


def text_paragraph(text: str, *classes: str) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=list(classes))


def external_link(url: str, text: str | None = None) -> nodes.reference:
    """A link to *url* (already checked to be http(s) or an e-mail address)."""
    label = text or url
    if "@" in url and "://" not in url:
        address = url.removeprefix("mailto:")
        label = text or address
        url = f"mailto:{address}"
    return nodes.reference(label, label, refuri=url, classes=["catalogue-external"])


def record_xref(kind: Kind, target: str, text: str | None = None) -> addnodes.pending_xref:
    """A reference to a record, resolved late by the catalogue domain.

    Without *text* the link shows the record's title.  Unknown targets are
    reported by the cross-checks, so the reference itself stays quiet.
    """
    node = addnodes.pending_xref(
        "",
        refdomain="catalogue",
        reftype=XREF_TYPES[kind],
        reftarget=target,
        refexplicit=text is not None,
        refwarn=False,
        catalogue_internal=True,
    )
    shown = text if text is not None else target
    node += nodes.inline(shown, shown)
    return node


def term(text: str, glossary_term: str | None = None) -> addnodes.pending_xref:
    """*text* linked to a term of the site's glossary (the definitions page).

    If the site has no such term (a test project, a catalogue without the
    definitions page), the text stays plain and nothing is reported.
    """
    node = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="term",
        reftarget=glossary_term or text,
        refexplicit=True,
        refwarn=False,
        catalogue_term=True,
    )
    node += nodes.inline(text, text)
    return node


def field(name: nodes.Node | str, *body: nodes.Node) -> nodes.field:
    name_node = nodes.field_name()
    name_node += nodes.Text(name) if isinstance(name, str) else name
    body_node = nodes.field_body()
    for child in body:
        if isinstance(child, (nodes.Inline, nodes.Text)):
            paragraph = nodes.paragraph()
            paragraph += child
            body_node += paragraph
        else:
            body_node += child
    return nodes.field("", name_node, body_node)


def labelled(label: nodes.Node | str, *value: nodes.Node) -> nodes.paragraph:
    """``Label : value``, with the narrow no-break space French puts before a colon."""
    paragraph = nodes.paragraph(classes=["catalogue-labelled"])
    name = nodes.strong()
    name += nodes.Text(label) if isinstance(label, str) else label
    paragraph += name
    paragraph += nodes.Text("\u202f: ")
    for node in value:
        paragraph += node
    return paragraph


def joined(items: list[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """*items* with *separator* between them, as nodes to append."""
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(separator))
        out.append(item)
    return out


def link_item(label: nodes.Node | str, target: nodes.Node | None, note: str | None = None) -> nodes.list_item:
    """An item of a list of links: ``Label : link (note)``, or ``Label : note`` without a link."""
    paragraph = nodes.paragraph()
    name = nodes.strong()
    name += nodes.Text(label) if isinstance(label, str) else label
    paragraph += name
    paragraph += nodes.Text("\u202f: ")
    if target is not None:
        paragraph += target
        if note:
            paragraph += nodes.Text(f" ({note})")
    elif note:
        paragraph += nodes.emphasis(text=note)
    return nodes.list_item("", paragraph)


def button(url: str, text: str) -> nodes.paragraph:
    """A link that looks like a button: the one action of a page."""
    link = nodes.reference(text, text, refuri=url, classes=["catalogue-external", "catalogue-button"])
    return nodes.paragraph("", "", link, classes=["catalogue-action"])


def page_ref(docname: str, text: str) -> addnodes.pending_xref:
    """A link to a hand-written page of the site; plain text if the site has none."""
    node = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=True, refwarn=False,
        catalogue_internal=True,
    )
    node += nodes.inline(text, text)
    return node


def inline_list(items: list[nodes.Node], separator: str = ", ") -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for index, item in enumerate(items):
        if index:
            paragraph += nodes.Text(separator)
        paragraph += item
    return paragraph


def badge(text: str, *classes: str) -> nodes.inline:
    return nodes.inline(text, text, classes=["catalogue-badge", *classes])


def section(title: str, document: nodes.document) -> nodes.section:
    """A section whose id docutils derives from *title*, unique in *document*.

    Ids are never fixed by hand: a contributor's own heading may already
    have taken the obvious one.
    """
    node = nodes.section(names=[nodes.fully_normalize_name(title)])
    node += nodes.title(title, title)
    document.note_implicit_target(node, node)
    return node


def quiet_references(app: Any, env: Any, node: nodes.Element, contnode: nodes.Element) -> nodes.Node | None:
    """``missing-reference``: a reference the build need not warn about stays text.

    A generated glossary link whose term is absent (:func:`term`); and, in a
    record's page, a role of record text: the cross-checks report an
    unknown record in both doors, with the record's field and place; an
    unknown glossary term stays plain, as ``make validate`` cannot know the
    glossary.
    """
    if node.get("catalogue_term") or node.get("catalogue_internal"):
        return contnode
    if kind_of(node.get("refdoc", "")) is not None and node.get("refdomain") in ("catalogue", "std"):
        return contnode
    return None


#: Where providers' logos and APIs' specification snapshots are published
#: in the site (copied by :mod:`catalogue.exports.publish`).
LOGO_DIR = "_static/logos"
SPEC_DIR = "_static/openapi"


def logo_uri(builder: Any, docname: str, filename: str) -> str:
    """The address, from *docname*, of a provider's logo."""
    from sphinx.util.osutil import relative_uri

    return relative_uri(builder.get_target_uri(docname), f"{LOGO_DIR}/{filename}")
