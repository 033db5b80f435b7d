"""Sphinx extension of the French public-sector API catalogue.

YAML records under ``apis/`` become Sphinx documents, pages, index tables
and cross-references.  Where things are:

==================  =====================================================
``loader``          safe YAML loading with positions (line, column)
``validation``      checking one record: JSON Schema and extra rules
``schema``          the JSON Schemas of ``schema/`` and their validators
``crosscheck``      checks that need the whole catalogue
``records``         the record classes, kinds, and the French sort order
``collection``      all records of a catalogue, indexed for lookups
``parser``          the source parser for ``.yml`` records
``pages``           the generated pages (API, provider, theme)
``markdown``        rendering the MyST fields of records, HTML off
``tables``          index tables and their directives
``table_writer``    tables written as docutils nodes or straight to HTML
``late``            placeholders filled once every record is read
``freshness``       which pages to re-write after a change
``domain``          the ``catalogue`` domain: data store, roles, objects
``elements``        small node constructors (links, badges, terms)
``vocabulary``      French labels of the coded values
``links``           ``rel="noopener"`` on links that leave the site
``exports``         the catalogue for machines: JSON, CSV, DCAT, schemas
``feeds``           ``sitemap.xml`` and the Atom feed of the latest updates
``metadata``        ``<head>`` tags: Open Graph, schema.org JSON-LD, feed link
``furo_labels``     French for the labels Furo writes in English
``search``          Sphinx's search, accents ignored, records ranked first
``indexing``        general-index entries for hand-written pages
``gc_tuning``       garbage-collector thresholds during a build
``validate``        ``make validate``: all records, without Sphinx
``scaffold``        ``make new-api``: a record from its template
``apigouv``         ``make import-apigouv``: the historical api.gouv.fr records
==================  =====================================================
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .records import kind_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"

STATIC_DIR = Path(__file__).parent / "static"


def keep_unknown_terms_plain(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Node | None:
    """``missing-reference``: a reference the build need not warn about stays text.

    A generated glossary link whose term is absent; and, in a record's
    page, a role of record text: the cross-checks report an unknown record
    in both doors, with the record's field and place; an unknown glossary
    term stays plain, as ``make validate`` cannot know the glossary.
    """
    if node.get("catalogue_term") or node.get("catalogue_internal"):
        return contnode
    if kind_of(node.get("refdoc", "")) is not None and node.get("refdomain") in ("catalogue", "std"):
        return contnode
    return None


def add_static_path(app: Sphinx, config) -> None:
    """``config-inited``: ship the extension's CSS and JavaScript.

    Done when the configuration is read, not later, so that the saved
    configuration of the previous build compares equal.
    """
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> ExtensionMetadata:
    # Imported here, not at the top: ``python -m catalogue validate`` loads
    # this package without Sphinx, and must stay fast.
    from . import (
        domain, exports, feeds, freshness, furo_labels, gc_tuning, indexing, late, links, metadata, parser,
        search, table_writer, tables,
    )

    app.setup_extension("myst_parser")

    # Records are documents, read by their own parser.
    app.add_source_suffix(".yml", parser.FILETYPE)
    app.add_source_parser(parser.RecordParser)
    # After Sphinx merges the suffixes that extensions register (priority 800).
    app.connect("config-inited", parser.exclude_other_sources, priority=900)
    app.connect("env-before-read-docs", parser.leave_out_refused)

    # One domain stores the catalogue; roles also exist without its prefix.
    app.add_domain(domain.CatalogueDomain)
    for role in ("api", "fournisseur", "theme"):
        app.add_role(role, domain.CatalogueRole(warn_dangling=True))
    for name, directive in domain.CatalogueDomain.directives.items():
        app.add_directive(name, directive)

    # Content that depends on other records is filled late, and kept current.
    app.add_node(late.late_content)
    app.add_node(table_writer.catalogue_row, **table_writer.ROW_VISITORS)
    # Big tables go straight to HTML; False: through docutils nodes (slower,
    # same pages: the reference the fast path is tested against).
    app.add_config_value("catalogue_html_tables", True, "html", bool)
    app.add_post_transform(late.FillLateContent)
    app.connect("doctree-read", freshness.collect_refs)
    app.connect("env-get-updated", freshness.outdated_documents)
    app.connect("missing-reference", keep_unknown_terms_plain)

    # Every page in the general index.
    app.add_transform(indexing.IndexPageTitles)

    # Search: French without accents, records ranked by what they are about.
    app.add_search_language(search.FrenchSearch)
    app.connect("doctree-resolved", search.note_written)
    app.connect("html-collect-pages", search.boost_records)

    # Pages and files for readers and their tools.
    app.add_post_transform(links.MarkExternalLinks)
    app.connect("config-inited", add_static_path)
    app.add_css_file("catalogue.css")
    app.add_js_file("catalogue-fold.js")
    app.add_js_file("catalogue-search.js")
    app.add_js_file("catalogue-filters.js", defer="defer")
    app.connect("html-page-context", metadata.add_head_tags)
    app.connect("html-page-context", furo_labels.translate_navigation, priority=furo_labels.PRIORITY)
    app.connect("build-finished", exports.publish)
    app.connect("build-finished", feeds.publish)
    app.connect("build-finished", exports.report_counts)

    # Big builds hold millions of objects: fewer garbage collections.
    app.connect("builder-inited", gc_tuning.raise_thresholds)
    app.connect("build-finished", gc_tuning.restore_thresholds)

    return {
        "version": __version__,
        "env_version": 2,  # bump when records or domain data change shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
