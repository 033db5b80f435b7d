"""Exports: the catalogue for machines, written beside the pages.

==================  ==========================================================
``data``            records as plain data (``catalogue.json``) and its schema
``csv_export``      ``catalogue.csv``, formulas neutralised
``dcat``            ``catalogue.dcat.jsonld`` (DCAT-AP)
``feeds``           ``sitemap.xml`` and the Atom feed of the latest updates
``files``           writing files only when their content changed
``publish``         the build hooks, and the build's summary
==================  ==========================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_exports(app: Sphinx) -> None:
    from . import feeds, publish

    app.connect("builder-inited", publish.publish_words)
    app.connect("build-finished", publish.publish)
    app.connect("build-finished", feeds.publish)
    app.connect("build-finished", publish.report_counts)
