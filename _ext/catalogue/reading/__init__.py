"""Reading: records become Sphinx documents and the domain's data.

==================  ==========================================================
``parser``          the source parser of ``.yml`` records; the census at read
``domain``          the ``catalogue`` domain: the single store, roles, objects
``placeholders``    content that waits for every record (node and spec)
``consistency``     checks across records, after each read phase
``freshness``       which pages to re-write (an environment collector)
``long_texts``      records' Markdown texts, kept beside the doctrees
``report``          problems logged as warnings, with their codes
``gc_tuning``       garbage-collector thresholds during a build
==================  ==========================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_reading(app: Sphinx) -> None:
    from . import consistency, domain, freshness, gc_tuning, parser, placeholders

    app.setup_extension("myst_parser")

    # Records are documents, read by their own parser; only the census's
    # records are read, and nothing else under apis/ (after Sphinx merges
    # the suffixes of extensions, at priority 800).
    app.add_source_suffix(".yml", parser.FILETYPE)
    app.add_source_parser(parser.RecordParser)
    app.add_event(parser.RECORD_READ)
    app.connect("config-inited", parser.exclude_other_sources, priority=900)
    app.connect("env-before-read-docs", parser.leave_out_refused)

    # One domain stores the catalogue; its roles also exist without prefix.
    app.add_domain(domain.CatalogueDomain)
    for role in domain.CatalogueDomain.object_types:
        app.add_role(role, domain.CatalogueRole(warn_dangling=True))
    app.add_node(placeholders.late_content)

    # After each read phase: cross-record checks, then the pages to re-write.
    app.connect("env-get-updated", consistency.check_whole_catalogue, priority=consistency.PRIORITY)
    app.add_env_collector(freshness.FreshnessCollector)

    # Big builds hold millions of objects: fewer garbage collections.
    app.connect("builder-inited", gc_tuning.raise_thresholds)
    app.connect("build-finished", gc_tuning.restore_thresholds)
