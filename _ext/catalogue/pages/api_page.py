"""The page of an API.

It has, in this order: the title, the tagline, access and status badges, a
notice when the record has problems, a short "Comment y accéder ?", a
summary (provider, partners, contact, themes, keywords, last update), then
the sections Description, Accès, Documentation, Conditions de
fonctionnement, API liées and Jeux de données.  A section appears only when
it has something to show.
"""

from __future__ import annotations

from docutils import nodes

from ..records.kinds import IDENTIFIER
from ..records.model import ApiRecord
from ..records.vocabulary import (
    ACCESS_LABELS,
    ACCESS_TERMS,
    ELIGIBLE_LABELS,
    STATUS_LABELS,
    french_date,
    french_percent,
)
from . import elements as el
from .late_parts import ApiContact, RecordNotice, RelatedApis
from .record_pages import PageBuilder
from .table_html import Row, to_nodes


class ApiPageBuilder(PageBuilder):
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
        if api.datasets:
            section = self.section("Jeux de données")
            intro = nodes.paragraph()
            intro += nodes.Text("Cette API sert les ")
            intro += el.term("jeux de données", "Jeu de données")
            intro += nodes.Text(" suivants, publiés sur data.gouv.fr :")
            section += intro
            items = nodes.bullet_list()
            for dataset in api.datasets:
                item = nodes.list_item()
                label = dataset.title or f"Jeu de données {dataset.id}"
                item += nodes.paragraph("", "", el.external_link(f"https://www.data.gouv.fr/fr/datasets/{dataset.id}/", label))
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
        for label, value in self.shown_fields(api, "summary"):
            fields += el.field(label, value)
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
        links += [(nodes.Text(label), value, None) for label, value in self.shown_fields(api, "documentation")]
        if not links:
            return None
        section = self.section("Documentation")
        items = nodes.bullet_list()
        for label, target, note in links:
            paragraph = nodes.paragraph()
            paragraph += label
            paragraph += nodes.Text(" : ")
            paragraph += target if isinstance(target, nodes.Node) else el.external_link(target)
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
        for label, value in self.shown_fields(api, "operations"):
            fields += el.field(label, value)
        if not len(fields):
            return None
        section = self.section("Conditions de fonctionnement")
        section += fields
        return section
