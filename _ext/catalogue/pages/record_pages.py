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
from ..records.format import UNPUBLISHED
from ..records.vocabulary import french_date
from . import elements as el
from .late_parts import ProviderLogo, RecordNotice
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
        #: The record's language, when it is not French (see :meth:`own_text`).
        self.lang: str | None = None

    def own_text(self, node: nodes.Element) -> nodes.Element:
        """Mark *node*, which holds the record's own text, with the record's language.

        docutils writes a ``language-xx`` class as ``lang="xx"`` and applies
        that language's quotes and apostrophes to the text inside.
        """
        if self.lang:
            node["classes"].append(f"language-{self.lang}")
        return node

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

    def page(self, title: str, index_entries: list[str], lang: str | None = None) -> nodes.section:
        """The page's top section, with its general-index entries.

        The entries point at the section itself: an anchor of its own would
        be an empty element, which neither a target (its id moves to the
        next node, maybe a placeholder that renders nothing) nor Sphinx's
        search summaries handle.
        """
        page = self.section(title)
        if lang:
            page[0]["classes"].append(f"language-{lang}")
        anchor = page["ids"][0]
        index = addnodes.index(
            entries=[("single", entry, anchor, "main", None) for entry in index_entries]
        )
        page += index
        self.document += page
        return page

    def breadcrumb(self, parent: tuple[str, str] | None, title: str, listing: tuple[str, str] | None = None) -> nodes.Element:
        """Catalogue › (a theme, or the list of this kind of record) › this page."""
        trail = nodes.paragraph(classes=["catalogue-breadcrumb"])
        trail += el.page_ref("catalogue", "Catalogue")
        if parent is not None:
            trail += nodes.Text(" › ")
            trail += el.record_xref(parent[0], parent[1], parent[1] if parent[0] == "theme" else None)
        elif listing is not None:
            trail += nodes.Text(" › ")
            trail += el.page_ref(*listing)
        trail += nodes.Text(" › ")
        trail += self.own_text(nodes.inline(text=title, classes=["catalogue-breadcrumb-here"]))
        return trail

    def edit_link(self, docname: str) -> nodes.Element:
        """Where a reader who spots an error can report it (``catalogue_edit_url``)."""
        config = self.document.settings.env.config
        text = "Signaler une erreur ou modifier cette fiche"
        template = config.catalogue_edit_url
        paragraph = nodes.paragraph(classes=["catalogue-edit"])
        if template:
            url = template.format(path=f"{docname}.yml")
            paragraph += nodes.reference(text, text, refuri=url, classes=["catalogue-external"])
        else:
            paragraph += el.page_ref("guide-fournisseurs", text)
        return paragraph

    def provider_page(self, provider: ProviderRecord) -> None:
        entries = [provider.name]
        if provider.acronym:
            entries.append(f"{provider.acronym}; {provider.name}")
        self.document += self.breadcrumb(None, provider.title, ("fournisseurs", "Fournisseurs"))
        page = self.page(provider.title, entries)
        page += self.late(ProviderLogo(provider.id))
        page += self.late(RecordNotice(provider.docname))
        if provider.description:
            self.markdown("description", provider.description, page)
        summary = nodes.container(classes=["catalogue-summary"])
        if provider.type:
            summary += el.labelled("Type d'organisme", nodes.Text(provider.type))
        if provider.site == UNPUBLISHED:
            summary += el.labelled("Site", nodes.emphasis(text="non publié par le fournisseur"))
        elif provider.site:
            summary += el.labelled("Site", el.external_link(provider.site))
        if provider.contact:
            summary += el.labelled("Contact", el.external_link(provider.contact))
        if provider.annuaire:
            summary += el.labelled("Annuaire de l'administration", el.external_link(provider.annuaire))
        for label, value in self.shown_fields(provider, "summary"):
            summary += el.labelled(label, value)
        if len(summary):
            page += summary
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
        page += self.edit_link(provider.docname)

    def theme_page(self, theme: ThemeRecord) -> None:
        self.document += self.breadcrumb(None, theme.name, ("themes", "Thèmes"))
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
