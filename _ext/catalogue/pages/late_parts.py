"""The parts of record pages that show other records, filled late.

Each is a spec (see :mod:`catalogue.reading.placeholders`): what it shows
depends on the whole catalogue, so it is rendered when the page is written.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes

from ..records.vocabulary import typeset
from . import elements as el
from .tables import page_link

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ..reading.domain import CatalogueDomain


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
                paragraph += nodes.Text(f"\u202f: {typeset(api.tagline, api.lang)}")
            items += nodes.list_item("", paragraph)
        section += items
        return [section]


@dataclass(frozen=True)
class ApiContact:
    """The contact among the key links: the API's own, or else its provider's."""

    api_id: str

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        api = domain.catalogue.apis.get(self.api_id)
        return domain.catalogue.contact_of(api) if api else None

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        contact = self.inputs(domain)
        if not contact:
            return []
        # A web address reads without its scheme ("esante.gouv.fr/contact").
        text = None if "@" in contact and "://" not in contact else contact.split("://", 1)[-1].rstrip("/")
        return [el.link_item("Contact", el.external_link(contact, text))]


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


@dataclass(frozen=True)
class ProviderLogo:
    """A provider's logo, when the site has one for it (``apis/logos/<id>.svg`` or ``.png``)."""

    provider_id: str

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return domain.logos.get(self.provider_id)

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        logo = self.inputs(domain)
        provider = domain.catalogue.providers.get(self.provider_id)
        if not logo or provider is None:
            return []
        return [logo_image(builder, docname, logo[0], provider.name, "catalogue-logo")]


def logo_image(builder: Builder, docname: str, filename: str, name: str, *classes: str) -> nodes.image:
    """The ``<img>`` of a logo, its alternative text naming the provider."""
    uri = el.logo_uri(builder, docname, filename)
    # Placed after Sphinx collected the page's images: "?" tells the
    # builder the address is final (the file is copied by publish_logos).
    return nodes.image(uri=uri, alt=f"Logo : {name}", classes=list(classes), candidates={"?": uri})


@dataclass(frozen=True)
class SnapshotDownload:
    """The link to an API's specification snapshot, published with the site (same origin: no CORS)."""

    file: str

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return self.file

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        from sphinx.util.osutil import relative_uri

        uri = relative_uri(builder.get_target_uri(docname), f"{el.SPEC_DIR}/{self.file}")
        syntax = "YAML" if self.file.endswith(".yaml") else "JSON"
        text = f"Télécharger la spécification ({syntax})"
        return [nodes.reference(text, text, refuri=uri, classes=["catalogue-spec-download"])]
