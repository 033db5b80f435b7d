"""The index of data: which APIs return a SIRET, a postal code, an INE?

A reader often knows the datum they need before they know the API.  Each
API's specification says what its operations return; the reading step
keeps, per API page, its data elements (:mod:`catalogue.openapi.elements`:
field names folded into words, so that ``codePostal`` and ``code_postal``
meet).  The ``data-index`` directive places, on a hand-written page, the
index of all of them, filled when the page is written:

- one entry per element, in French alphabetical order, with the names as
  the specifications write them and, where the search declares synonyms
  for it (``catalogue_synonyms``), those words too;
- under it, each API that returns it, linked to its operations on the
  API's page (at most :data:`SHOWN_USES` per API, then a count).

The other way, each API page lists the elements its operations return,
linked to their entries here (:class:`ElementLinks`), and the general
index files every element under "Données renvoyées" with links to the
operations (entries made when the API page is read).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from sphinx import addnodes

from ..reading.placeholders import placeholder
from ..records.french import fold, sort_key
from .directives import _LateDirective
from .spec_section import details, operation_anchor

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ..openapi import DataElement
    from ..reading.domain import CatalogueDomain

#: Operations listed per API under an element; the others are counted.
SHOWN_USES = 4


def element_anchor(key: str) -> str:
    return "donnee-" + (nodes.make_id(key) or "sans-nom")


def index_docname(domain: CatalogueDomain) -> str | None:
    """The page that holds the index of data, if the site has one."""
    for docname in sorted(domain.placeholders):
        if any(isinstance(spec, DataIndex) for spec in domain.placeholders[docname]):
            return docname
    return None


def synonyms_of(key: str, groups: list[list[str]]) -> list[str]:
    """The other words the search declares for *key*, as they are declared."""
    found: list[str] = []
    for group in groups:
        if key in (fold(word) for word in group):
            found += [word for word in group if fold(word) != key and word not in found]
    return found


@dataclass(frozen=True)
class DataIndex:
    """Every data element the APIs' specifications return, and who returns it."""

    def entries(self, domain: CatalogueDomain) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, str, tuple], ...]]]:
        """(key, names as written, ((docname, API title, uses), ...)) in French order."""
        by_key: dict[str, tuple[set[str], list[tuple[str, str, tuple]]]] = {}
        records = domain.records
        for docname in sorted(domain.elements):
            record = records.get(docname)
            if record is None:
                continue
            for element in domain.elements[docname]:
                names, apis = by_key.setdefault(element.key, (set(), []))
                names.update(element.names)
                apis.append((docname, record.title, element.uses))
        ordered = sorted(by_key, key=lambda key: sort_key(key))
        return [
            (key, tuple(sorted(by_key[key][0])), tuple(sorted(by_key[key][1], key=lambda api: sort_key(api[1], api[0]))))
            for key in ordered
        ]

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return tuple(self.entries(domain)), tuple(tuple(group) for group in domain.env.config.catalogue_synonyms)

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        entries = self.entries(domain)
        if not entries:
            text = "Aucune spécification d’API n’a encore été lue : l’index des données est vide."
            return [nodes.paragraph(text, text, classes=["catalogue-empty"])]
        groups = domain.env.config.catalogue_synonyms
        apis = len({api[0] for _, _, users in entries for api in users})
        intro = f"{len(entries)} données renvoyées par {apis} API dont la spécification est lue."
        out: list[nodes.Node] = [nodes.paragraph(intro, intro, classes=["catalogue-count"])]
        listing = nodes.bullet_list(classes=["catalogue-data-index"])
        for key, names, users in entries:
            item = nodes.list_item(ids=[element_anchor(key)], classes=["catalogue-element"])
            head = nodes.paragraph()
            head += nodes.strong(key, key)
            written = [name for name in names if name != key]
            if written:
                head += nodes.Text(" (" + ", ".join(written) + ")")
            others = synonyms_of(key, groups)
            if others:
                head += nodes.Text(" — aussi\u202f: " + ", ".join(others))
            item += head
            uses = nodes.bullet_list()
            for api_doc, title, operations in users:
                line = nodes.paragraph()
                uri = builder.get_relative_uri(docname, api_doc)
                line += nodes.reference(title, title, internal=True, refuri=uri)
                line += nodes.Text("\u202f: ")
                for index, use in enumerate(operations[:SHOWN_USES]):
                    if index:
                        line += nodes.Text(", ")
                    label = f"{use.method} {use.path}"
                    anchor = operation_anchor(use.operation_id, use.method, use.path)
                    line += nodes.reference(label, label, internal=True, refuri=f"{uri}#{anchor}")
                    line += nodes.Text(f" ({use.field})")
                if len(operations) > SHOWN_USES:
                    line += nodes.Text(f", et {len(operations) - SHOWN_USES} autre(s)")
                uses += nodes.list_item("", line)
            item += uses
            listing += item
        out.append(listing)
        return out


@dataclass(frozen=True)
class ElementLinks:
    """On an API's page: the data its operations return, linked to the index of data."""

    keys: tuple[str, ...]

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return index_docname(domain)

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        target = index_docname(domain)
        paragraph = nodes.paragraph(classes=["catalogue-element-links"])
        for index, key in enumerate(self.keys):
            if index:
                paragraph += nodes.Text(", ")
            if target is None:
                paragraph += nodes.Text(key)
            else:
                uri = f"{builder.get_relative_uri(docname, target)}#{element_anchor(key)}"
                paragraph += nodes.reference(key, key, internal=True, refuri=uri)
        return [paragraph]


def element_summary(elements: tuple[DataElement, ...]) -> list[nodes.Node]:
    """For an API's page: its data elements, folded, linked to the index of data, and in the general index.

    The general index files each element under "Données renvoyées", with a
    link to the first operation of this API that returns it.
    """
    if not elements:
        return []
    keys = tuple(element.key for element in elements)
    folded = details(summary=f"Données renvoyées par cette API, dans l’index des données ({len(keys)})",
                     classes=["catalogue-elements"])
    folded += placeholder(ElementLinks(keys))
    entries = []
    for element in elements:
        use = element.uses[0]
        anchor = operation_anchor(use.operation_id, use.method, use.path)
        entries.append(("single", f"Données renvoyées; {element.key}", anchor, "", None))
    return [folded, addnodes.index(entries=entries)]


class DataIndexDirective(_LateDirective):
    """``data-index``: the index of data elements (no options)."""

    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        return self.place(DataIndex())


DIRECTIVES = {"data-index": DataIndexDirective}
