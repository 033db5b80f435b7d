"""The pages generated from records: one per API, per provider and per theme.

A page is built as a docutils tree while its record is read.  What depends
on other records (the provider's contact, the APIs that point back at this
one, the tables of a provider's APIs, problems only the whole catalogue
reveals) is left as a placeholder, filled late (see :mod:`catalogue.late`).

An API page has, in this order: the title, the tagline, access and status
badges, a notice when the record has problems, a short "Comment y
accéder ?", a summary (provider, partners, contact, themes, keywords, last
update), then the sections Description, Accès, Documentation, Conditions
de fonctionnement, API liées and Jeux de données.  A section appears only
when it has something to show.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from . import elements as el
from .late import placeholder
from .records import IDENTIFIER, ApiRecord, ProviderRecord, ThemeRecord
from .table_writer import Row, to_nodes
from .tables import ApiTable, page_link
from .vocabulary import (
    ACCESS_LABELS,
    ACCESS_TERMS,
    ELIGIBLE_LABELS,
    STATUS_LABELS,
    french_date,
    french_percent,
)

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from .markdown import RecordMarkdown

    from .domain import CatalogueDomain
    from .loader import LoadedRecord


class PageBuilder:
    """Builds the doctree of one record page.

    *note_late* is called with every placeholder spec, so that the domain
    knows what the page depends on.
    """

    def __init__(
        self, document: nodes.document, loaded: LoadedRecord | None, note_late, markdown: RecordMarkdown
    ) -> None:
        self.document = document
        self.loaded = loaded
        self.note_late = note_late
        self._markdown = markdown

    # -- helpers -------------------------------------------------------------------

    def late(self, spec) -> nodes.Node:
        self.note_late(spec)
        return placeholder(spec)

    def markdown(self, key: str | tuple, text: str, into: nodes.Element) -> None:
        path = key if isinstance(key, tuple) else (key,)
        lineno = self.loaded.text_line(path) if self.loaded else 0
        self._markdown.render(text, lineno, into)

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

    # -- pages -----------------------------------------------------------------------------

    def api_page(self, api: ApiRecord) -> None:
        entries = [api.title] + [f"{keyword}; {api.title}" for keyword in api.keywords]
        page = self.page(api.title, entries)
        if api.tagline:
            page += el.text_paragraph(api.tagline, "catalogue-tagline")
        page += self.badges(api)
        page += self.late(RecordNotice(api.docname))
        if api.status in ("deprecated", "retired"):
            page += self.lifecycle_notice(api)
        page += self.howto(api)
        page += self.summary(api)

        if api.description:
            section = self.section("Description")
            self.markdown("description", api.description, section)
            page += section
        page += self.access_section(api)
        documentation = self.documentation_section(api)
        if documentation is not None:
            page += documentation
        operations = self.operations_section(api)
        if operations is not None:
            page += operations
        page += self.late(RelatedApis(api.id))
        if api.datagouv_uuid:
            section = self.section("Jeux de données")
            intro = nodes.paragraph()
            intro += nodes.Text("Cette API sert les ")
            intro += el.term("jeux de données", "Jeu de données")
            intro += nodes.Text(" suivants, publiés sur data.gouv.fr :")
            section += intro
            items = nodes.bullet_list()
            for uuid in api.datagouv_uuid:
                item = nodes.list_item()
                item += nodes.paragraph("", "", el.external_link(f"https://www.data.gouv.fr/fr/datasets/{uuid}/", uuid))
                items += item
            section += items
            page += section

    def badges(self, api: ApiRecord) -> nodes.paragraph:
        paragraph = nodes.paragraph(classes=["catalogue-badges"])
        if api.access:
            paragraph += el.badge(f"Accès : {ACCESS_LABELS[api.access]}", f"catalogue-access-{api.access}")
            paragraph += nodes.Text(" ")
        paragraph += el.badge(STATUS_LABELS[api.status], f"catalogue-status-{api.status}")
        return paragraph

    def lifecycle_notice(self, api: ApiRecord) -> nodes.Element:
        if api.status == "retired":
            text = "Cette API est retirée : elle n'est plus servie."
            if api.sunset_date:
                text = f"Cette API est retirée depuis le {french_date(api.sunset_date)} : elle n'est plus servie."
        else:
            text = "Cette API est dépréciée : évitez de l'utiliser pour un nouveau service."
            if api.sunset_date:
                text = (
                    "Cette API est dépréciée : elle cessera d'être servie le "
                    f"{french_date(api.sunset_date)}."
                )
        notice = nodes.warning()
        notice += el.text_paragraph(text)
        related = api.related_apis
        if related:
            paragraph = el.inline_list([el.record_xref("api", other) for other in related])
            paragraph.insert(0, nodes.Text("Voyez aussi : "))
            notice += paragraph
        return notice

    def howto(self, api: ApiRecord) -> nodes.Element:
        """The "Comment y accéder ?" box: the shortest path to using the API."""
        box = nodes.topic(classes=["catalogue-howto"])
        box += nodes.title("Comment y accéder ?", "Comment y accéder ?")
        steps = nodes.paragraph()
        if api.access == "open":
            steps += nodes.Text("Cette API est ")
            steps += el.term("ouverte", ACCESS_TERMS["open"])
            steps += nodes.Text(" : aucun compte n'est demandé. ")
        elif api.access == "account":
            steps += nodes.Text("Cette API est libre d'accès ")
            steps += el.term("après création d'un compte", ACCESS_TERMS["account"])
            steps += nodes.Text(". ")
            if api.access_link:
                steps += el.external_link(api.access_link, "Créer un compte")
                steps += nodes.Text(", puis ")
        elif api.access == "restricted":
            steps += nodes.Text("Cette API est ")
            steps += el.term("soumise à habilitation", ACCESS_TERMS["restricted"])
            steps += nodes.Text(". ")
            eligible = [e.who for e in api.eligibility if e.eligible in ("yes", "under_condition")]
            if eligible:
                steps += nodes.Text("Elle est ouverte à : " + " ; ".join(eligible) + ". ")
            if api.access_link:
                steps += el.external_link(api.access_link, "Demander l'accès")
                steps += nodes.Text(", puis ")
        if api.documentation_link:
            text = "consultez la documentation technique" if api.access != "open" else "Consultez la documentation technique"
            steps += el.external_link(api.documentation_link, text)
            steps += nodes.Text(".")
        box += steps
        return box

    def summary(self, api: ApiRecord) -> nodes.field_list:
        fields = nodes.field_list(classes=["catalogue-summary"])
        if api.producer:
            fields += el.field(el.term("Fournisseur"), el.record_xref("provider", api.producer))
        if api.partners:
            partners = [
                el.record_xref("provider", partner) if IDENTIFIER.match(partner) else nodes.Text(partner)
                for partner in api.partners
            ]
            fields += el.field(el.term("Partenaires", "Partenaire"), el.inline_list(partners))
        fields += self.late(ApiContact(api.id))
        if api.themes:
            themes = [el.record_xref("theme", name, name) for name in api.themes]
            fields += el.field(el.term("Thèmes", "Thème"), el.inline_list(themes))
        if api.keywords:
            fields += el.field("Mots-clés", nodes.Text(", ".join(api.keywords)))
        if api.last_update:
            fields += el.field("Dernière mise à jour", nodes.Text(french_date(api.last_update)))
        return fields

    def access_section(self, api: ApiRecord) -> nodes.section:
        section = self.section("Accès")
        mode = nodes.paragraph()
        mode += nodes.Text("Mode d'accès : ")
        if api.access:
            mode += el.term(ACCESS_LABELS[api.access].lower(), ACCESS_TERMS[api.access])
            mode += nodes.Text(".")
        else:
            mode += nodes.Text("non précisé.")
        section += mode
        if api.access_link:
            request = nodes.paragraph()
            request += nodes.Text("Demander l'accès : ")
            request += el.external_link(api.access_link)
            section += request
        if api.access_details:
            self.markdown("access_details", api.access_details, section)
        if api.eligibility:
            section += self.eligibility_table(api)
        return section

    def eligibility_table(self, api: ApiRecord) -> nodes.Element:
        rows = []
        for index, item in enumerate(api.eligibility):
            label = ELIGIBLE_LABELS.get(item.eligible or "", "Non précisé")
            answer = el.badge(label, f"catalogue-eligible-{item.eligible or 'unknown'}")
            details = nodes.container()
            if item.description:
                self.markdown(("eligibility", index, "description"), item.description, details)
            rows.append(Row([item.who, answer, details]))
        caption = nodes.paragraph()
        caption += nodes.Text("Qui peut y accéder ? (")
        caption += el.term("éligibilité", "Éligibilité")
        caption += nodes.Text(")")
        table = to_nodes(["Public", "Éligible", "Précisions"], rows, "catalogue-eligibility")
        return nodes.container("", caption, table, classes=["catalogue-table-wrapper"])

    def documentation_section(self, api: ApiRecord) -> nodes.section | None:
        links: list[tuple[nodes.Node, str, str | None]] = []
        if api.documentation_link:
            links.append((el.term("Documentation technique"), api.documentation_link, None))
        if api.openapi_link:
            links.append((el.term("Spécification OpenAPI", "OpenAPI"), api.openapi_link, None))
        if api.external_site:
            links.append((nodes.Text("Site de l'API"), api.external_site, None))
        if api.terms_link:
            links.append((el.term("Conditions d'utilisation"), api.terms_link, api.terms_summary))
        if not links:
            return None
        section = self.section("Documentation")
        items = nodes.bullet_list()
        for label, url, note in links:
            paragraph = nodes.paragraph()
            paragraph += label
            paragraph += nodes.Text(" : ")
            paragraph += el.external_link(url)
            if note:
                paragraph += nodes.Text(f" ({note})")
            items += nodes.list_item("", paragraph)
        section += items
        return section

    def operations_section(self, api: ApiRecord) -> nodes.section | None:
        fields = nodes.field_list(classes=["catalogue-operations"])
        if api.rate_limiting_resume or api.rate_limiting_description:
            body: list[nodes.Node] = []
            if api.rate_limiting_resume:
                body.append(nodes.Text(api.rate_limiting_resume))
            fields += el.field(el.term("Limite d'appels"), *body)
            if api.rate_limiting_description:
                self.markdown("rate_limiting_description", api.rate_limiting_description, fields[-1][1])
        if api.availability is not None:
            fields += el.field(el.term("Disponibilité visée", "Disponibilité"), nodes.Text(french_percent(api.availability)))
        if api.support:
            fields += el.field("Assistance", nodes.Text(api.support))
        if api.monitoring_link:
            fields += el.field(el.term("Page de statut"), el.external_link(api.monitoring_link))
        if not len(fields):
            return None
        section = self.section("Conditions de fonctionnement")
        section += fields
        return section

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


# -- Late parts of record pages ------------------------------------------------------------


@dataclass(frozen=True)
class RelatedApis:
    """The "API liées" section: APIs this one names, and those that name it."""

    api_id: str

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return tuple((api.docname, api.title, api.tagline) for api in domain.catalogue.related(self.api_id))

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        related = domain.catalogue.related(self.api_id)
        if not related:
            return []
        section = nodes.section(ids=["api-liees"])
        section += nodes.title("API liées", "API liées")
        items = nodes.bullet_list()
        for api in related:
            paragraph = nodes.paragraph()
            paragraph += page_link(builder, docname, api.docname, api.title)
            if api.tagline:
                paragraph += nodes.Text(f" : {api.tagline}")
            items += nodes.list_item("", paragraph)
        section += items
        return [section]


@dataclass(frozen=True)
class ApiContact:
    """The contact field: the API's own, or else its provider's."""

    api_id: str

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        api = domain.catalogue.apis.get(self.api_id)
        return domain.catalogue.contact_of(api) if api else None

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        contact = self.inputs(domain)
        if not contact:
            return []
        return [el.field("Contact", el.external_link(contact))]


@dataclass(frozen=True)
class RecordNotice:
    """A visible notice on the page of a record that has problems."""

    docname: str

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return tuple(domain.problems_of(self.docname))

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        problems = domain.problems_of(self.docname)
        if not problems:
            return []
        notice = nodes.error(classes=["catalogue-problems"])
        count = len(problems)
        intro = (
            "Cette fiche contient une erreur ; la page ne montre que ce qui a pu être lu :"
            if count == 1
            else f"Cette fiche contient {count} erreurs ; la page ne montre que ce qui a pu être lu :"
        )
        notice += el.text_paragraph(intro)
        items = nodes.bullet_list()
        for problem in problems:
            text = f"ligne {problem.line} — {problem.field} : {problem.message}"
            items += nodes.list_item("", el.text_paragraph(text))
        notice += items
        return [notice]
