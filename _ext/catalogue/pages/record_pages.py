"""Record pages: what they share, and the pages of providers and themes.

A page is built as a docutils tree while its record is read (on
``catalogue-record-read``, see :mod:`.build`).  What depends on other
records (the provider's contact, the APIs that point back at this one, the
tables of a provider's APIs, problems only the whole catalogue reveals) is
left as a placeholder, filled late (see :mod:`catalogue.pages.late`).  The
API page is in :mod:`.api_page`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from ..reading.placeholders import placeholder
from ..records.vocabulary import french_date
from . import elements as el
from .late_parts import RecordNotice
from .tables import ApiTable

if TYPE_CHECKING:
    from ..checks.source import LoadedRecord
    from ..reading.domain import LateSpec
    from ..records.format import Field, Format
    from ..records.model import ProviderRecord, Record, ThemeRecord
    from .markdown import RecordMarkdown


class PageBuilder:
    """Builds the doctree of one record page into *document*.

    Placeholders (:meth:`late`) are collected by the domain when the
    document is read, as ``sphinx.ext.todo`` collects its nodes.
    """

    def __init__(
        self, document: nodes.document, loaded: LoadedRecord | None, markdown: RecordMarkdown, form: Format | None = None
    ) -> None:
        self.document = document
        self.loaded = loaded
        self._markdown = markdown
        self.form = form

    # -- helpers -------------------------------------------------------------------

    def late(self, spec: LateSpec) -> nodes.Node:
        return placeholder(spec)

    def markdown(self, key: str | tuple, text: str, into: nodes.Element) -> None:
        path = key if isinstance(key, tuple) else (key,)
        lineno = self.loaded.text_line(path) if self.loaded else 0
        self._markdown.render(text, lineno, into)

    def shown_fields(self, record: Record, section: str) -> list[tuple[str, nodes.Node]]:
        """(label, value) of the fields the schema places in *section* of the page.

        The generic rendering of a field the code does not show itself: its
        ``x-catalogue`` annotation names the section (``summary``,
        ``documentation``, ``operations``) and the label; the value is shown
        by its sort (a link for an address, a French date, Markdown through
        the allowlist...).
        """
        shown = []
        for field in self.form.shown_in(section) if self.form else ():
            value = record.values.get(field.name)
            if value in (None, ()):
                continue
            label = field.annotation["page"].get("label") or field.title or field.name
            shown.append((label, self.value_node(field, value)))
        return shown

    def value_node(self, field: Field, value: Any) -> nodes.Node:
        if field.sort == "markdown":
            box = nodes.container()
            self.markdown(field.name, value, box)
            return box
        if field.sort == "list":
            return el.inline_list([self.value_node(replace(field, sort=field.item or "text"), v) for v in value])
        if field.sort in ("url", "contact"):
            return el.external_link(value)
        if field.sort == "date":
            return nodes.Text(french_date(value))
        if field.sort == "number":
            return nodes.Text(f"{value:g}".replace(".", ","))
        return nodes.Text(str(value))

    def section(self, title: str) -> nodes.section:
        return el.section(title, self.document)

    def page(self, title: str, index_entries: list[str]) -> nodes.section:
        """The page's top section, with its general-index entries.

        The entries point at the section itself: an anchor of its own would
        be an empty element, which neither a target (its id moves to the
        next node, maybe a placeholder that renders nothing) nor Sphinx's
        search summaries handle.
        """
        page = self.section(title)
        anchor = page["ids"][0]
        index = addnodes.index(
            entries=[("single", entry, anchor, "main", None) for entry in index_entries]
        )
        page += index
        self.document += page
        return page

    def provider_page(self, provider: ProviderRecord) -> None:
        entries = [provider.name]
        if provider.acronym:
            entries.append(f"{provider.acronym}; {provider.name}")
        page = self.page(provider.title, entries)
        page += self.late(RecordNotice(provider.docname))
        if provider.description:
            self.markdown("description", provider.description, page)
        fields = nodes.field_list(classes=["catalogue-summary"])
        if provider.type:
            fields += el.field("Type d'organisme", nodes.Text(provider.type))
        if provider.site:
            fields += el.field("Site", el.external_link(provider.site))
        if provider.contact:
            fields += el.field("Contact", el.external_link(provider.contact))
        if provider.annuaire:
            fields += el.field("Annuaire de l'administration", el.external_link(provider.annuaire))
        for label, value in self.shown_fields(provider, "summary"):
            fields += el.field(label, value)
        if len(fields):
            page += fields
        produced = self.section("API produites")
        produced += self.late(
            ApiTable(producer=provider.id, columns=("title", "tagline", "access"),
                     empty="Ce fournisseur ne produit aucune API du catalogue.")
        )
        page += produced
        partnered = self.section("API en partenariat")
        partnered += self.late(
            ApiTable(partner=provider.id, columns=("title", "producer", "access"),
                     empty="Ce fournisseur n'est partenaire d'aucune API du catalogue.")
        )
        page += partnered

    def theme_page(self, theme: ThemeRecord) -> None:
        page = self.page(theme.name, [f"{theme.name} (thème)"])
        page += self.late(RecordNotice(theme.docname))
        if theme.description:
            self.markdown("description", theme.description, page)
        page += self.late(ApiTable(theme=theme.id, columns=("title", "tagline", "producer", "access")))

    def unreadable_page(self, identifier: str, kind_label: str) -> None:
        """The page of a file that could not be read at all: only the notice."""
        page = self.page(identifier, [])
        page += el.text_paragraph(f"Fiche de {kind_label} illisible.", "catalogue-tagline")
        page += self.late(RecordNotice(self.document.settings.env.current_document.docname))
