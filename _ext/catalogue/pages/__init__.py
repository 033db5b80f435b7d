"""Pages: what readers see of records, and the tables that list them.

==================  ==========================================================
``build``           builds a record's page when the parser has read it
``record_pages``    what record pages share; provider and theme pages
``api_page``        the page of an API
``spec_section``    its "Ressources et services", from its OpenAPI snapshot
``data_index``      the index of data the APIs return (``data-index``)
``late_parts``      parts of record pages that show other records
``late``            filling placeholders when a page is written
``markdown``        rendering records' Markdown, through the allowlist
``elements``        small node constructors (links, badges, glossary terms)
``tables``          catalogue tables: what they list
``directives``      ``api-table``, ``provider-table``, ``theme-tables``
``home``            the home page's search box and overview
``table_html``      tables written as docutils nodes or straight to HTML
==================  ==========================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_pages(app: Sphinx) -> None:
    from ..reading.parser import RECORD_READ
    from . import build, data_index, directives, elements, home, late, spec_section, table_html

    # A record's page is built as soon as the parser has read it.
    app.connect(RECORD_READ, build.build_page)

    # Tables on hand-written pages; placeholders filled when pages are written.
    for name, directive in {**directives.DIRECTIVES, **home.DIRECTIVES, **data_index.DIRECTIVES}.items():
        app.add_directive(name, directive)
        app.add_directive_to_domain("catalogue", name, directive)
    app.setup_extension(f"{__name__}.gaps")  # gaps-table, gaps-criteria: the page "Fiches à compléter"
    app.add_node(table_html.catalogue_row, **table_html.ROW_VISITORS)
    app.add_node(spec_section.details, **spec_section.DETAILS_VISITORS)
    # Big tables go straight to HTML; False: through docutils nodes (slower,
    # same pages: the reference the fast path is tested against).
    app.add_config_value("catalogue_html_tables", True, "html", bool)
    # Where a reader reports an error in a record: a URL with {path}, the
    # record's file (apis/x.yml); empty: the contributors' guide.
    app.add_config_value("catalogue_edit_url", "", "env", str)
    app.add_post_transform(late.FillLateContent)
    app.connect("missing-reference", elements.quiet_references)
