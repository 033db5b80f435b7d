"""Index tables of the catalogue: what each table lists, and how it is written.

``api-table``
    A table of APIs, from any page::

        ```{api-table}
        :theme: sante
        :access: account, restricted
        :columns: title, producer, access, last_update
        ```

    Options: ``theme`` (id or name), ``access``, ``status`` (comma lists),
    ``producer``, ``partner`` (provider ids), ``columns`` (see
    :data:`API_COLUMNS`), ``sort`` (``title``, the default, or
    ``last_update``: most recent first), ``limit``, and ``filters`` (a flag:
    the page gets the client-side filters of ``static/catalogue-filters.js``).

``provider-table``
    Every provider with its number of APIs.  Option: ``type``.

``theme-tables``
    One table of APIs per theme, under a heading per theme.  Option:
    ``columns``.

Tables are placeholders filled late (see :mod:`catalogue.pages.late`);
the directives are in :mod:`.directives`.  Rows are
in the catalogue's order: titles compared in French, ignoring accents and
case, then identifiers; with ``sort: last_update``, most recent first, then
the same order.  Each row carries classes naming its access mode, status,
provider and themes, for the catalogue page's filters.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from .. import private
from ..records.audience import audience_answers
from ..records.model import ApiRecord, ProviderRecord
from ..records.vocabulary import ACCESS_LABELS, STATUS_LABELS, french_date, typeset
from . import table_html
from .elements import logo_uri
from .table_html import Badge, Cell, Link, Row

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ..reading.domain import CatalogueDomain
    from ..records.catalogue import Catalogue

logger = logging.getLogger(__name__)

#: The Atom feed of the latest updates (written by :mod:`catalogue.exports.feeds`).
FEED_FILE = "atom.xml"

#: Columns of an API table: header, and the data a cell shows.
API_COLUMNS: dict[str, str] = {
    "title": "API",
    "tagline": "Description",
    "producer": "Fournisseur",
    "access": "Accès",
    "status": "Statut",
    "themes": "Thèmes",
    "keywords": "Mots-clés",
    "last_update": "Mise à jour",
}
DEFAULT_API_COLUMNS = ("title", "tagline", "producer", "access")

PROVIDER_COLUMNS: dict[str, str] = {
    "name": "Fournisseur",
    "acronym": "Sigle",
    "type": "Type",
    "apis": "API produites",
    "partnerships": "Partenariats",
}
DEFAULT_PROVIDER_COLUMNS = ("name", "type", "apis")


# -- Writing tables ------------------------------------------------------------------------


def write_table(
    builder: Builder, headers: list[str], rows: list[Row], *classes: str, keys: Sequence[str] = ()
) -> nodes.container:
    """A table of the catalogue, in a box that scrolls sideways on phones.

    For the HTML builders the table is written straight to HTML (see
    :mod:`catalogue.pages.table_html`, and ``catalogue_html_tables``).

    ``no-search``: a table of records repeats words of other pages; Sphinx's
    search skips it, so that the catalogue page does not match every query.
    """
    wrapper = nodes.container("", classes=["catalogue-table-wrapper", "no-search"])
    if builder.format == "html" and builder.config.catalogue_html_tables:
        furo = "WrapTableAndMathInAContainerTransform" in private.post_transform_names(builder.env)
        html = table_html.to_html(headers, rows, *classes, keys=keys, furo_wrapper=furo)
        wrapper += nodes.raw("", html, format="html")
    else:
        wrapper += table_html.to_nodes(headers, rows, *classes, keys=keys)
    return wrapper


def page_link(builder: Builder, fromdocname: str, docname: str, text: str) -> nodes.reference:
    return nodes.reference(
        text, text, internal=True, refuri=builder.get_relative_uri(fromdocname, docname)
    )


def _link(builder: Builder, fromdocname: str, docname: str, text: str, title: str | None = None) -> Link:
    return Link(text, builder.get_relative_uri(fromdocname, docname), title)


# -- API tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class ApiTable:
    """A table of the APIs that match some filters."""

    theme: str | None = None
    access: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    producer: str | None = None
    partner: str | None = None
    columns: tuple[str, ...] = DEFAULT_API_COLUMNS
    sort: str = "title"
    limit: int | None = None
    empty: str = "Aucune API du catalogue ne correspond."
    #: Rows carry data for the client-side filters (the catalogue page).
    filters: bool = False
    #: Where the table was asked for, to report an unknown theme.
    location: tuple[str, int] | None = field(default=None, compare=False)

    def select(self, catalogue: Catalogue) -> list[ApiRecord]:
        if self.theme is not None:
            theme = catalogue.theme_like(self.theme)
            apis = catalogue.apis_of_theme(theme.id) if theme else []
        elif self.producer is not None:
            apis = catalogue.apis_of_producer(self.producer)
        elif self.partner is not None:
            apis = catalogue.apis_of_partner(self.partner)
        else:
            apis = catalogue.sorted_apis
        selected = [
            api
            for api in apis
            if (not self.access or api.access in self.access)
            and (not self.status or api.status in self.status)
            and (self.producer is None or api.producer == self.producer)
            and (self.partner is None or self.partner in api.partners)
        ]
        if self.sort == "last_update":
            selected = sorted(selected, key=lambda api: api.last_update or "", reverse=True)
            # sorted() is stable: equal dates keep the title order.
        if self.limit is not None:
            selected = selected[: self.limit]
        return selected

    def rows(self, catalogue: Catalogue) -> list[tuple[Any, ...]]:
        """What the table shows, cell by cell: the table's digest input."""
        return catalogue.memo(("api-table", self), lambda: self._rows(catalogue))

    def _rows(self, catalogue: Catalogue) -> list[tuple[Any, ...]]:
        return [
            (
                api.id,
                api.docname,
                *(_API_CELLS[c](api, catalogue) for c in self.columns),
                _row_tags(api, catalogue),
                _row_data(api, catalogue) if self.filters else (),
            )
            for api in self.select(catalogue)
        ]

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return tuple(self.rows(domain.catalogue)), self.logos(domain)

    def logos(self, domain: CatalogueDomain) -> Hashable:
        """The providers' logos, shown beside their names (when the table has the column)."""
        return tuple(sorted(domain.logos.items())) if "producer" in self.columns else ()

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        catalogue = domain.catalogue
        unknown = []
        if self.theme is not None and catalogue.theme_like(self.theme) is None:
            unknown.append(f"« {self.theme} » n'est pas un thème du catalogue")
        for option, provider in (("producer", self.producer), ("partner", self.partner)):
            if provider is not None and provider not in catalogue.providers:
                unknown.append(f"{option} : « {provider} » n'est pas un fournisseur du catalogue")
        for message in unknown:
            logger.warning(
                "api-table : %s", message, location=self.location, type="catalogue", subtype="table"
            )
        rows = self.rows(catalogue)
        if not rows:
            return [nodes.paragraph(self.empty, self.empty, classes=["catalogue-empty"])]
        headers = [API_COLUMNS[c] for c in self.columns]
        body = [
            Row(
                [
                    _api_cell(column, value, builder, docname, row[1], domain.logos)
                    for column, value in zip(self.columns, row[2:-2], strict=True)
                ],
                row[-2],
                row[-1],
            )
            for row in rows
        ]
        classes = ["catalogue-api-table"] + (["catalogue-filterable"] if self.filters else [])
        out: list[nodes.Node] = [write_table(builder, headers, body, *classes, keys=self.columns)]
        if self.sort == "last_update" and domain.env.config.html_baseurl:
            out.append(_feed_link(builder, docname))
        return out


def _feed_link(builder: Builder, docname: str) -> nodes.paragraph:
    """Under a table of the latest updates: where to follow them."""
    from sphinx.util.osutil import relative_uri

    uri = relative_uri(builder.get_target_uri(docname), FEED_FILE)
    paragraph = nodes.paragraph(classes=["catalogue-feed"])
    paragraph += nodes.Text("Suivre les mises à jour : ")
    paragraph += nodes.reference("flux Atom", "flux Atom", refuri=uri, internal=True)
    return paragraph


def _row_tags(api: ApiRecord, catalogue: Catalogue) -> tuple[str, ...]:
    """Classes of a row, for client-side filters: mode, status, provider, themes."""
    tags = [f"access-{api.access or 'unknown'}", f"status-{api.status}"]
    if api.producer:
        tags.append(f"provider-{api.producer}")
    tags.extend(f"theme-{theme.id}" for theme in catalogue.api_themes(api))
    return tuple(tags)


def _row_data(api: ApiRecord, catalogue: Catalogue) -> tuple[tuple[str, str], ...]:
    """What the catalogue's filters read from a row: facets, labels, words."""
    producer = catalogue.producer_of(api)
    themes = catalogue.api_themes(api)
    words = [*api.keywords, producer.name if producer else "", producer.acronym or "" if producer else ""]
    return (
        ("data-access", api.access or "unknown"),
        ("data-access-label", ACCESS_LABELS.get(api.access or "", "Non précisé")),
        ("data-status", api.status),
        ("data-status-label", STATUS_LABELS[api.status]),
        ("data-provider", api.producer or ""),
        ("data-provider-label", producer.short_name if producer else ""),
        ("data-themes", " ".join(theme.id for theme in themes)),
        ("data-theme-labels", "|".join(theme.name for theme in themes)),
        ("data-keywords", " ".join(word for word in words if word)),
        ("data-updated", api.last_update or ""),
        ("data-audiences", " ".join(f"{who}:{answer}" for who, answer in _audiences(api).items())),
    )


def _audiences(api: ApiRecord) -> dict[str, str]:
    return audience_answers(api.access, api.eligibility)


def _provider_cell(api: ApiRecord, catalogue: Catalogue) -> tuple[str, str, str, str] | None:
    producer = catalogue.producer_of(api)
    return (producer.id, producer.docname, producer.short_name, producer.name) if producer else None


_API_CELLS: dict[str, Callable[[ApiRecord, Catalogue], Hashable]] = {
    "title": lambda api, cat: typeset(api.title, api.lang),
    "tagline": lambda api, cat: typeset(api.tagline or "", api.lang),
    "producer": _provider_cell,
    "access": lambda api, cat: api.access,
    "status": lambda api, cat: api.status,
    "themes": lambda api, cat: tuple((t.docname, t.name) for t in cat.api_themes(api)),
    "keywords": lambda api, cat: api.keywords,
    "last_update": lambda api, cat: api.last_update,
}


def _api_cell(
    column: str, value: Any, builder: Builder, fromdoc: str, apidoc: str, logos: dict[str, tuple[str, str]]
) -> Cell:
    if column == "title":
        return _link(builder, fromdoc, apidoc, value)
    if column == "producer":
        if value is None:
            return ""
        provider, docname, short, full = value
        link = _link(builder, fromdoc, docname, short, full if short != full else None)
        if provider in logos:
            link = replace(link, image=logo_uri(builder, fromdoc, logos[provider][0]))
        return link
    if column == "access":
        return Badge(ACCESS_LABELS[value], (f"catalogue-access-{value}",)) if value else ""
    if column == "status":
        return Badge(STATUS_LABELS[value], (f"catalogue-status-{value}",))
    if column == "themes":
        return tuple(_link(builder, fromdoc, docname, name) for docname, name in value)
    if column == "keywords":
        return ", ".join(value)
    if column == "last_update":
        return french_date(value) if value else ""
    return str(value)


# -- Provider and theme tables ------------------------------------------------------------


@dataclass(frozen=True)
class ProviderTable:
    """Every provider (of a type), with its number of APIs."""

    type: str | None = None
    columns: tuple[str, ...] = DEFAULT_PROVIDER_COLUMNS

    def select(self, catalogue: Catalogue) -> list[ProviderRecord]:
        return [p for p in catalogue.sorted_providers if self.type is None or p.type == self.type]

    def rows(self, catalogue: Catalogue) -> list[tuple[Any, ...]]:
        cells = {
            "name": lambda p: p.title,
            "acronym": lambda p: p.acronym or "",
            "type": lambda p: p.type or "",
            "apis": lambda p: len(catalogue.apis_of_producer(p.id)),
            "partnerships": lambda p: len(catalogue.apis_of_partner(p.id)),
        }
        return [(p.docname, *(cells[c](p) for c in self.columns)) for p in self.select(catalogue)]

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return tuple(self.rows(domain.catalogue))

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        rows = self.rows(domain.catalogue)
        if not rows:
            return [nodes.paragraph("Aucun fournisseur.", "Aucun fournisseur.", classes=["catalogue-empty"])]
        body = [
            Row(
                [
                    _link(builder, docname, row[0], value) if column == "name" else str(value)
                    for column, value in zip(self.columns, row[1:], strict=True)
                ]
            )
            for row in rows
        ]
        headers = [PROVIDER_COLUMNS[c] for c in self.columns]
        return [write_table(builder, headers, body, "catalogue-provider-table")]


@dataclass(frozen=True)
class ThemeTables:
    """For each theme, a heading linking to its page and the table of its APIs.

    An overview: by default a row shows the API, its provider and its access
    mode; each theme's own page has the taglines.
    """

    columns: tuple[str, ...] = ("title", "producer", "access")

    def _tables(self, catalogue: Catalogue) -> list[tuple[Any, ApiTable]]:
        return [(theme, ApiTable(theme=theme.id, columns=self.columns)) for theme in catalogue.sorted_themes]

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        catalogue = domain.catalogue
        return tuple(
            (theme.id, theme.docname, theme.name, tuple(table.rows(catalogue)))
            for theme, table in self._tables(catalogue)
        ), ApiTable(columns=self.columns).logos(domain)

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for theme, table in self._tables(domain.catalogue):
            count = len(domain.catalogue.apis_of_theme(theme.id))
            section = nodes.section(ids=[f"theme-{theme.id}"], classes=["catalogue-theme"])
            title = nodes.title()
            title += page_link(builder, docname, theme.docname, theme.name)
            title += nodes.Text(f" ({count})")
            section += title
            section.extend(table.render(domain, builder, docname))
            out.append(section)
        return out
