"""The page of an API: what a reader needs first, first.

A developer who lands on an API's page asks, in this order: can I use it,
how do I get access, where is the documentation?  So the page opens, under
the breadcrumb (Catalogue › thème › API), the title and the tagline, with
one block, *L'essentiel*: the access mode, a real button to request access
or create an account, who may use the API (one readable line per public,
with its conditions), the key links (documentation, OpenAPI file, terms,
contact, status page) and the operating facts (rate limit, availability).
Then the summary (provider, partners, themes, keywords, date of review),
the description, the details of access and of operation, the related APIs,
the datasets, and a link to report an error or edit the record.

A record written in another language (``lang: en``) has its own texts marked
with that language, so that browsers, screen readers and the typography
(quotes) treat them as such; the page's own words stay French.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..records.format import UNPUBLISHED
from ..records.kinds import IDENTIFIER
from ..records.model import ApiRecord
from ..records.vocabulary import (
    ACCESS_LABELS,
    ACCESS_TERMS,
    LICENCE_LABELS,
    STATUS_LABELS,
    eligibility_verdict,
    french_date,
    french_percent,
)
from . import elements as el
from ..openapi import data_elements
from .data_index import element_summary
from .late_parts import ApiContact, ProviderLogo, RecordNotice, RelatedApis, SnapshotDownload
from .record_pages import PageBuilder
from .spec_section import SpecSection

if TYPE_CHECKING:
    from ..reading.specs import ReadSpec

#: The button of an API that is not open, by access mode.
REQUEST_LABELS = {"account": "Créer un compte", "restricted": "Demander l'accès"}


class ApiPageBuilder(PageBuilder):
    def api_page(self, api: ApiRecord, spec: ReadSpec | None = None) -> None:
        self.lang = api.lang if api.lang and api.lang != "fr" else None
        entries = [api.title] + [f"{keyword}; {api.title}" for keyword in api.keywords]
        themes = [name for name in api.themes]
        self.document += self.breadcrumb(("theme", themes[0]) if themes else None, api.title)
        page = self.page(api.title, entries, lang=self.lang)
        if api.tagline:
            page += self.own_text(el.text_paragraph(api.tagline, "catalogue-tagline"))
        page += self.badges(api)
        page += self.late(RecordNotice(api.docname))
        if api.status in ("deprecated", "retired"):
            page += self.lifecycle_notice(api)
        page += self.essentials(api)
        page += self.summary(api)
        if api.description:
            section = self.own_text(self.section("Description"))
            self.markdown("description", api.description, section)
            page += section
        if spec is not None and spec.usable:
            section = SpecSection(self.document, api.title, spec, self.late(SnapshotDownload(spec.file))).build()
            section.extend(element_summary(data_elements(spec.spec)))
            page += section
        details = self.access_details(api)
        if details is not None:
            page += details
        operations = self.operations_section(api)
        if operations is not None:
            page += operations
        page += self.late(RelatedApis(api.id))
        if api.datasets:
            page += self.datasets(api)
        page += self.edit_link(api.docname)

    # -- the first block ---------------------------------------------------------------

    def essentials(self, api: ApiRecord) -> nodes.Element:
        """*L'essentiel*: access, who, links, operating facts."""
        box = nodes.container(classes=["catalogue-essentials"])
        box += el.text_paragraph("L'essentiel", "catalogue-essentials-title")
        box += self.access_mode(api)
        if api.access in REQUEST_LABELS and api.access_link:
            box += el.button(api.access_link, REQUEST_LABELS[api.access])
        if api.access == "restricted" and api.access_reason:
            box += el.labelled("Pourquoi l'accès est restreint", self.own_text(nodes.inline(text=api.access_reason)))
        if api.eligibility:
            box += self.who(api)
        box += el.text_paragraph("Documentation et contacts", "catalogue-links-title")
        box += self.key_links(api)
        facts = self.operating_facts(api)
        if facts:
            box += facts
        return box

    def access_mode(self, api: ApiRecord) -> nodes.paragraph:
        paragraph = nodes.paragraph(classes=["catalogue-access-mode"])
        paragraph += nodes.strong(text="Accès")
        paragraph += nodes.Text("\u202f: ")
        if api.access is None:
            paragraph += nodes.Text("non précisé.")
            return paragraph
        paragraph += el.term(ACCESS_LABELS[api.access].lower(), ACCESS_TERMS[api.access])
        paragraph += nodes.Text(
            {
                "open": ", sans compte ni clé.",
                "account": ", libre après création d'un compte ou obtention d'une clé.",
                "restricted": ", réservée à certains publics qui en font la demande.",
            }[api.access]
        )
        return paragraph

    def who(self, api: ApiRecord) -> nodes.Element:
        """Who may use the API: a line per public, its verdict, its conditions."""
        container = nodes.container(classes=["catalogue-who"])
        container += el.text_paragraph("Qui peut y accéder\u202f?", "catalogue-who-title")
        items = nodes.bullet_list(classes=["catalogue-who-list"])
        for index, entry in enumerate(api.eligibility):
            item = nodes.list_item(classes=[f"catalogue-who-{entry.eligible or 'unknown'}"])
            line = nodes.paragraph()
            line += self.own_text(nodes.inline(text=entry.who))
            line += nodes.Text("\u202f: ")
            line += nodes.strong(text=eligibility_verdict(entry.eligible))
            item += line
            if entry.description:
                details = self.own_text(nodes.container(classes=["catalogue-who-details"]))
                self.markdown(("eligibility", index, "description"), entry.description, details)
                item += details
            items += item
        container += items
        return container

    def key_links(self, api: ApiRecord) -> nodes.Element:
        """The links a developer follows next, each named by what it leads to."""
        links = nodes.bullet_list(classes=["catalogue-key-links"])

        def add(label: str, url: str | None, note: str | None = None) -> None:
            if not url:
                return
            paragraph = nodes.paragraph()
            if url == UNPUBLISHED:
                paragraph += nodes.Text(f"{label}\u202f: ")
                paragraph += nodes.emphasis(text="non publiées par le fournisseur")
            else:
                paragraph += el.external_link(url, label)
                if note:
                    paragraph += nodes.Text(f" ({note})")
            links.append(nodes.list_item("", paragraph))

        add("Documentation technique", api.documentation_link)
        add("Spécification OpenAPI", api.openapi_link)
        add("Documentation métier", api.business_documentation_link)
        add("Conditions d'utilisation", api.terms_link, api.terms_summary)
        links += self.late(ApiContact(api.id))
        add("Page de statut", api.monitoring_link)
        add("Site de l'API", api.external_site)
        if api.base_api_url:
            links.append(el.link_item("Adresse de l'API", nodes.literal(text=api.base_api_url)))
        for label, value in self.shown_fields(api, "documentation"):
            links.append(el.link_item(label, value))
        return links

    def operating_facts(self, api: ApiRecord) -> list[nodes.Node]:
        facts: list[nodes.Node] = []
        if api.rate_limiting_resume:
            facts.append(el.labelled(el.term("Limite d'appels"), nodes.Text(api.rate_limiting_resume)))
        if api.availability is not None:
            facts.append(
                el.labelled(el.term("Disponibilité visée", "Disponibilité"), nodes.Text(french_percent(api.availability)))
            )
        if api.support:
            facts.append(el.labelled("Assistance", nodes.Text(api.support)))
        for label, value in self.shown_fields(api, "operations"):
            facts.append(el.labelled(label, value))
        return facts

    # -- around it ----------------------------------------------------------------------

    def badges(self, api: ApiRecord) -> nodes.paragraph:
        paragraph = nodes.paragraph(classes=["catalogue-badges"])
        if api.access:
            paragraph += el.badge(f"Accès\u202f: {ACCESS_LABELS[api.access]}", f"catalogue-access-{api.access}")
            paragraph += nodes.Text(" ")
        paragraph += el.badge(STATUS_LABELS[api.status], f"catalogue-status-{api.status}")
        return paragraph

    def lifecycle_notice(self, api: ApiRecord) -> nodes.Element:
        if api.status == "retired":
            text = "Cette API est retirée\u202f: elle n'est plus servie."
            if api.sunset_date:
                text = f"Cette API est retirée depuis le {french_date(api.sunset_date)}\u202f: elle n'est plus servie."
        else:
            text = "Cette API est dépréciée\u202f: évitez de l'utiliser pour un nouveau service."
            if api.sunset_date:
                text = (
                    "Cette API est dépréciée\u202f: elle cessera d'être servie le "
                    f"{french_date(api.sunset_date)}."
                )
        notice = nodes.warning()
        notice += el.text_paragraph(text)
        if api.related_apis:
            paragraph = el.inline_list([el.record_xref("api", other) for other in api.related_apis])
            paragraph.insert(0, nodes.Text("Voyez aussi\u202f: "))
            notice += paragraph
        return notice

    def summary(self, api: ApiRecord) -> nodes.Element:
        summary = nodes.container(classes=["catalogue-summary"])
        if api.producer:
            summary += self.late(ProviderLogo(api.producer))
            summary += el.labelled(el.term("Fournisseur"), el.record_xref("provider", api.producer))
        if api.partners:
            partners = [
                el.record_xref("provider", partner) if IDENTIFIER.match(partner) else nodes.Text(partner)
                for partner in api.partners
            ]
            summary += el.labelled(el.term("Partenaires", "Partenaire"), *el.joined(partners))
        if api.themes:
            themes = [el.record_xref("theme", name, name) for name in api.themes]
            summary += el.labelled(el.term("Thèmes", "Thème"), *el.joined(themes))
        if api.keywords:
            summary += el.labelled("Mots-clés", self.own_text(nodes.inline(text=", ".join(api.keywords))))
        if api.licence:
            summary += el.labelled("Licence des données", nodes.Text(LICENCE_LABELS[api.licence]))
        if api.last_update:
            summary += el.labelled("Fiche vérifiée le", nodes.Text(french_date(api.last_update)))
        for label, value in self.shown_fields(api, "summary"):
            summary += el.labelled(label, value)
        return summary

    def access_details(self, api: ApiRecord) -> nodes.section | None:
        if not api.access_details:
            return None
        section = self.section("Obtenir l'accès")
        if api.access_link and api.access in REQUEST_LABELS:
            request = nodes.paragraph()
            request += nodes.Text("Adresse de la demande\u202f: ")
            request += el.external_link(api.access_link)
            section += request
        self.markdown("access_details", api.access_details, self.own_text(section))
        return section

    def operations_section(self, api: ApiRecord) -> nodes.section | None:
        if not api.rate_limiting_description:
            return None
        section = self.section("Conditions de fonctionnement")
        self.markdown("rate_limiting_description", api.rate_limiting_description, self.own_text(section))
        return section

    def datasets(self, api: ApiRecord) -> nodes.section:
        section = self.section("Jeux de données")
        intro = nodes.paragraph()
        intro += nodes.Text("Cette API sert les ")
        intro += el.term("jeux de données", "Jeu de données")
        intro += nodes.Text(" suivants, publiés sur data.gouv.fr\u202f:")
        section += intro
        items = nodes.bullet_list()
        for dataset in api.datasets:
            label = dataset.title or f"Jeu de données {dataset.id}"
            link = el.external_link(f"https://www.data.gouv.fr/fr/datasets/{dataset.id}/", label)
            items += nodes.list_item("", nodes.paragraph("", "", self.own_text(link) if dataset.title else link))
        section += items
        return section
