""""Ressources et services": what an API's OpenAPI specification says, on its page.

The catalogues before this one showed specifications in the reader's
browser, fetching the provider's file at reading time; CORS, redirects and
new OpenAPI versions broke it.  Here the specification is read when the
site is built (:mod:`catalogue.reading.specs`) and its content is written
into the page as plain HTML: searchable, readable on a phone, with no
request to the provider.  The section gives

- where the description comes from (format, version, date and origin of
  the snapshot) and a link to download the snapshot, published with the
  site (:mod:`catalogue.exports.publish`);
- the base addresses of the calls;
- the operations grouped by tag, each with its method, path and summary,
  its parameters (name, place, type, required), and, folded, the fields of
  the data it sends and returns, flattened from the schemas.

A big specification makes a long page, but not much longer than the
specification: bodies are folded (``<details>``), fields are one table row
each, a body that several operations share is shown once (the others link
to it), and :mod:`catalogue.openapi` bounds the fields per body.

Everything from the specification is **untrusted**: names, summaries and
descriptions are shown as plain text (paragraphs kept, characters that
could rewrite the page's direction replaced), never as Markdown or HTML.
A provider's ``<script>`` is thus shown as the words it is.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from ..checks.characters import replace_unsafe
from ..records.vocabulary import french_date
from . import elements as el
from .table_html import Row, to_nodes

if TYPE_CHECKING:
    from ..openapi import Body, Field, Operation, Parameter, Spec
    from ..reading.specs import ReadSpec

#: Where each place of a parameter is, in French.
LOCATIONS = {
    "path": "chemin",
    "query": "requête",
    "header": "en-tête",
    "cookie": "cookie",
    "body": "corps",
    "formData": "formulaire",
}

#: Text of a description shown, at most (a page stays readable).
DESCRIPTION_LIMIT = 1500


# -- A folded block --------------------------------------------------------------------------


class details(nodes.General, nodes.Element):
    """A block folded behind its summary: ``<details><summary>`` in HTML."""


def visit_details_html(translator: Any, node: details) -> None:
    classes = " ".join(["catalogue-details", *node.get("classes", [])])
    translator.body.append(f'<details class="{html.escape(classes)}"><summary>{html.escape(node["summary"])}</summary>\n')


def depart_details_html(translator: Any, node: details) -> None:
    translator.body.append("</details>\n")


#: Other formats show the content, unfolded.
DETAILS_VISITORS = {
    "html": (visit_details_html, depart_details_html),
    **{
        builder: (lambda t, n: t.visit_container(n), lambda t, n: t.depart_container(n))
        for builder in ("latex", "text", "man", "texinfo")
    },
}


# -- Plain text from the specification ----------------------------------------------------------


def plain(text: str) -> str:
    """One line of untrusted text: characters that rewrite a page replaced, spaces collapsed."""
    return " ".join(replace_unsafe(text).split())


def plain_paragraphs(text: str, *classes: str) -> list[nodes.paragraph]:
    """Untrusted text as paragraphs of plain text (blank lines kept as breaks), shortened."""
    text = replace_unsafe(text).strip()
    if len(text) > DESCRIPTION_LIMIT:
        text = text[:DESCRIPTION_LIMIT].rsplit(" ", 1)[0] + " […]"
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    return [el.text_paragraph(block, *classes) for block in blocks if block]


def operation_anchor(operation_id: str, method: str, path: str) -> str:
    """The id of an operation on its API's page, from its operationId or its method and path.

    The index of data links to it (:mod:`.data_index`); a second operation
    with the same id on a page gets ``-2``.
    """
    name = operation_id or f"{method} {path}"
    return "operation-" + (nodes.make_id(plain(name)) or method.lower())


# -- The section ----------------------------------------------------------------------------------


class SpecSection:
    """Builds "Ressources et services" for one API page."""

    def __init__(self, document: nodes.document, api_title: str, read: ReadSpec, download: nodes.Node) -> None:
        self.document = document
        self.api_title = api_title
        self.read = read
        self.download = download
        #: Index entries of the operations: (entry, anchor).
        self.entries: list[tuple[str, str]] = []
        #: Bodies already shown, and where: a body that many operations
        #: share is shown once, the others link to it.
        self.shown: dict[Body, tuple[str, str]] = {}
        #: The operation being built: (anchor, "METHOD /path").
        self.current: tuple[str, str] = ("", "")

    def build(self) -> nodes.section:
        spec = self.read.spec
        section = el.section("Ressources et services", self.document)
        section["classes"].append("catalogue-spec")
        section += self.origin(spec)
        if spec.servers:
            servers = [nodes.literal(text=plain(server)) for server in spec.servers]
            label = "Adresse des appels" if len(servers) == 1 else "Adresses des appels"
            section += el.labelled(label, *el.joined(servers))
        if spec.description:
            box = nodes.container(classes=["catalogue-spec-description"])
            box.extend(plain_paragraphs(spec.description))
            section += box
        for group in spec.groups:
            section += self.group(group)
        if self.entries:
            section += addnodes.index(
                entries=[("single", f"{self.api_title}; {entry}", anchor, "", None) for entry, anchor in self.entries]
            )
        return section

    def origin(self, spec: Spec) -> nodes.paragraph:
        count = len(spec.operations)
        paragraph = nodes.paragraph(classes=["catalogue-spec-origin"])
        what = f"spécification OpenAPI ({spec.format})" if spec.format else "spécification OpenAPI"
        if spec.version:
            what += f", version {plain(spec.version)}"
        plural = "s" if count > 1 else ""
        paragraph += nodes.Text(f"D’après sa {what}\u202f: {count} opération{plural}. ")
        origin = self.read.origin
        if origin is not None:
            paragraph += nodes.Text(f"Copie du {french_date(origin.updated)}")
            if origin.source.startswith("https://"):
                paragraph += nodes.Text(", prise à l’adresse ")
                paragraph += el.external_link(origin.source)
            elif origin.source:
                paragraph += nodes.Text(f", d’origine : {plain(origin.source)}")
            paragraph += nodes.Text(". ")
        paragraph += self.download
        return paragraph

    def group(self, group) -> nodes.section:
        title = plain(group.name) or "Autres opérations"
        section = el.section(title, self.document)
        section["classes"].append("catalogue-spec-group")
        if group.description:
            section.extend(plain_paragraphs(group.description, "catalogue-spec-group-description"))
        for operation in group.operations:
            section += self.operation(operation)
        return section

    def operation(self, operation: Operation) -> nodes.container:
        anchor = self.anchor(operation)
        box = nodes.container(ids=[anchor], classes=["catalogue-operation"])
        self.document.ids[anchor] = box
        head = nodes.paragraph(classes=["catalogue-operation-head"])
        head += el.badge(operation.method, f"catalogue-method-{operation.method.lower()}")
        head += nodes.Text(" ")
        head += nodes.literal(text=plain(operation.path), classes=["catalogue-operation-path"])
        if operation.deprecated:
            head += nodes.Text(" ")
            head += el.badge("dépréciée", "catalogue-status-deprecated")
        box += head
        self.current = (anchor, f"{operation.method} {plain(operation.path)}")
        if operation.summary:
            box += el.text_paragraph(plain(operation.summary), "catalogue-operation-summary")
        if operation.description and plain(operation.description) != plain(operation.summary):
            box.extend(plain_paragraphs(operation.description, "catalogue-operation-description"))
        if operation.parameters:
            box += self.parameters(operation.parameters)
        if operation.request is not None and operation.request.fields:
            box += self.body("Données envoyées", operation.request)
        if operation.response is not None:
            box += self.body("Données renvoyées", operation.response)
        self.entries.append((f"{operation.method} {plain(operation.path)}", anchor))
        return box

    def anchor(self, operation: Operation) -> str:
        """An id for the operation (:func:`operation_anchor`), unique in the page."""
        base = operation_anchor(operation.operation_id, operation.method, operation.path)
        anchor, number = base, 1
        while anchor in self.document.ids:
            number += 1
            anchor = f"{base}-{number}"
        return anchor

    def parameters(self, parameters: tuple[Parameter, ...]) -> nodes.Node:
        """Name | where and type (and whether it is required) | description: three columns fit a phone."""
        rows = [
            Row([
                nodes.inline(text=plain(parameter.name), classes=["catalogue-field-name"]),
                ", ".join(part for part in (
                    LOCATIONS.get(parameter.location, plain(parameter.location)),
                    _type(parameter.type, parameter.format),
                    "obligatoire" if parameter.required else "facultatif",
                ) if part),
                _short(parameter.description) + (" (dépréciée)" if parameter.deprecated else ""),
            ])
            for parameter in parameters
        ]
        return to_nodes(["Paramètre", "Emplacement, type", "Description"], rows, "catalogue-parameters")

    def body(self, label: str, body: Body) -> nodes.Node:
        count = len(body.fields)
        what = f"{label} ({count} champ{'s' if count > 1 else ''})" if count else label
        if body.status:
            what += f", réponse {plain(body.status)}"
        folded = details(summary=what, classes=["catalogue-body"])
        if body.fields and body in self.shown:
            anchor, name = self.shown[body]
            paragraph = nodes.paragraph(classes=["catalogue-body-same"])
            paragraph += nodes.Text("Les mêmes que ")
            paragraph += nodes.reference(name, name, refid=anchor, internal=True)
            paragraph += nodes.Text(".")
            folded += paragraph
            return folded
        if body.fields:
            self.shown[body] = self.current
        facts = [part for part in (plain(body.media_type), _type(body.type, "")) if part]
        if facts:
            folded += el.text_paragraph(" — ".join(facts), "catalogue-body-type")
        if body.description:
            folded.extend(plain_paragraphs(body.description, "catalogue-body-description"))
        if body.fields:
            folded += fields_table(body.fields)
        if body.note:
            folded += el.text_paragraph(plain(body.note), "catalogue-body-note")
        return folded


#: Deepest indentation of a field's name (deeper fields are indented as much).
MAX_DEPTH = 6


def fields_table(fields: tuple[Field, ...]) -> nodes.table:
    """The fields of a body, one row each: name, type, description.

    A field shows its last name, indented by its depth (``a[].b.c`` shows
    ``c`` two steps in, class ``catalogue-depth-2`` on its cell): its
    parents are the rows above it, and the full dotted name on every row
    would double the page of a big specification.  Written as plain
    docutils nodes (searchable), with no markup per cell beyond the table's.
    """
    table = nodes.table(classes=["catalogue-table", "catalogue-fields"])
    group = nodes.tgroup(cols=3)
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in range(3))
    head = nodes.row()
    for header in ("Champ", "Type", "Description"):
        head += nodes.entry("", nodes.paragraph(header, header))
    group += nodes.thead("", head)
    body = nodes.tbody()
    for field in fields:
        name = plain(field.name)
        depth = min(name.count("."), MAX_DEPTH)
        description = " ".join(part for part in (
            _short(field.description),
            f"[{plain(field.variant)}]" if field.variant else "",
            "(déprécié)" if field.deprecated else "",
            plain(field.note),
        ) if part)
        kind = _type(field.type, field.format) + (" (obligatoire)" if field.required else "")
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph(text=name.rsplit(".", 1)[-1]), classes=[f"catalogue-depth-{depth}"] if depth else [])
        row += nodes.entry("", nodes.paragraph(text=kind))
        row += nodes.entry("", nodes.paragraph(text=description))
        body += row
    group += body
    return table


def _type(kind: str, form: str) -> str:
    kind, form = plain(kind), plain(form)
    return f"{kind} ({form})" if kind and form else kind or form


def _short(text: str, limit: int = 300) -> str:
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " […]"
