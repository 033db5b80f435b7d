"""The ways in of the home page: a search box, the catalogue in figures, themes and access modes.

``catalogue-search-box``
    A search field in the page itself (on a phone the sidebar's field hides
    behind the menu), which suggests APIs as the reader types
    (``site/static/catalogue-suggest.js``, over the site's own search index,
    no server) and sends the full query to the search page.
``catalogue-overview``
    How many APIs, providers and open APIs the catalogue holds; a tile per
    theme with its number of APIs; a shortcut per access mode to the
    catalogue filtered on it.

Both are placeholders (:mod:`catalogue.reading.placeholders`): the figures
change with every record, and the links depend on the page that shows them.
"""

from __future__ import annotations

import html
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..reading.placeholders import placeholder
from ..records.vocabulary import ACCESS_LABELS
from .tables import page_link

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ..reading.domain import CatalogueDomain

#: The page the catalogue's table is on, and the search page.
CATALOGUE_PAGE = "catalogue"


@dataclass(frozen=True)
class SearchBox:
    """The home page's search field, with suggestions as the reader types."""

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return ()

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        here = builder.get_target_uri(docname)

        def url(target: str) -> str:
            return html.escape(relative_uri(here, target), quote=True)

        form = (
            f'<form class="catalogue-search-form" action="{url("search.html")}" method="get" role="search" '
            f'data-suggest="" data-root="{url("")}" data-index="{url("searchindex.js")}" '
            f'data-language="{url("_static/language_data.js")}" '
            f'data-data="{url("_static/catalogue-search-data.js")}">\n'
            '<label for="catalogue-home-q">Rechercher une API</label>\n'
            '<div class="catalogue-search-row">\n'
            '<input type="search" id="catalogue-home-q" name="q" autocomplete="off" '
            'placeholder="Par exemple : adresse, SIRET, quotient familial" '
            'aria-describedby="catalogue-home-q-help" aria-controls="catalogue-home-suggestions">\n'
            '<button type="submit">Rechercher</button>\n'
            "</div>\n"
            '<p id="catalogue-home-q-help" class="catalogue-search-help">Des API vous sont proposées pendant '
            "que vous tapez ; Entrée lance la recherche dans tout le site.</p>\n"
            '<div id="catalogue-home-suggestions" class="catalogue-suggestions" aria-live="polite"></div>\n'
            "</form>\n"
        )
        return [nodes.raw("", form, format="html")]


@dataclass(frozen=True)
class Overview:
    """The catalogue in figures, themes as tiles, shortcuts by access mode."""

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        catalogue = domain.catalogue
        apis = catalogue.sorted_apis
        return (
            len(apis),
            len(catalogue.providers),
            tuple((mode, sum(1 for api in apis if api.access == mode)) for mode in ACCESS_LABELS),
            tuple((t.id, t.docname, t.title, len(catalogue.apis_of_theme(t.id))) for t in catalogue.sorted_themes),
            CATALOGUE_PAGE in domain.env.all_docs,
        )

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        total, providers, by_access, themes, has_catalogue = self.inputs(domain)  # type: ignore[misc]
        box = nodes.container(classes=["catalogue-overview"])
        figures = nodes.paragraph(classes=["catalogue-figures"])
        open_count = dict(by_access)["open"]
        for number, label in ((total, "API"), (providers, "fournisseurs"), (open_count, "API ouvertes à tous")):
            figure = nodes.inline(classes=["catalogue-figure"])
            figure += nodes.strong(text=str(number))
            figure += nodes.Text(f" {label}")
            figures += figure
            figures += nodes.Text(" ")
        box += figures

        if has_catalogue:
            shortcuts = nodes.bullet_list(classes=["catalogue-shortcuts"])
            target = builder.get_relative_uri(docname, CATALOGUE_PAGE)
            for mode, count in by_access:
                text = f"{ACCESS_LABELS[mode]} ({count})"
                link = nodes.reference(text, text, internal=True, refuri=f"{target}?access={mode}",
                                       classes=["catalogue-shortcut", f"catalogue-access-{mode}"])
                shortcuts += nodes.list_item("", nodes.paragraph("", "", link))
            box += nodes.paragraph(text="Par mode d'accès\u202f:", classes=["catalogue-overview-label"])
            box += shortcuts

        tiles = nodes.bullet_list(classes=["catalogue-tiles"])
        for _, theme_doc, name, count in themes:
            item = nodes.list_item(classes=["catalogue-tile"])
            paragraph = nodes.paragraph()
            paragraph += page_link(builder, docname, theme_doc, name)
            paragraph += nodes.inline(text=f"{count} API", classes=["catalogue-tile-count"])
            item += paragraph
            tiles += item
        box += nodes.paragraph(text="Par thème\u202f:", classes=["catalogue-overview-label"])
        box += tiles
        return [box]


class _PlaceholderDirective(SphinxDirective):
    spec: ClassVar[Any]

    def run(self) -> list[nodes.Node]:
        node = placeholder(self.spec())
        self.set_source_info(node)
        return [node]


class SearchBoxDirective(_PlaceholderDirective):
    spec = SearchBox


class OverviewDirective(_PlaceholderDirective):
    spec = Overview


DIRECTIVES = {"catalogue-search-box": SearchBoxDirective, "catalogue-overview": OverviewDirective}
