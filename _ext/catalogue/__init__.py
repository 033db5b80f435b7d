"""Sphinx extension of the French public-sector API catalogue.

YAML records under ``apis/`` become Sphinx documents, pages, index tables
and cross-references.  The package's folders follow the flow of a record;
each imports only from those before it:

==============  ==============================================================
``records/``    the model, no Sphinx: kinds, the format (the schemas), records
``checks/``     reading and checking files, no Sphinx: both doors use it
``reading/``    Sphinx reads records: parser, domain, consistency, freshness
``pages/``      what readers see: record pages, tables, late content
``site/``       around the pages: search, ``<head>`` tags, labels, static files
``exports/``    the catalogue for machines: JSON, CSV, DCAT, feeds
``commands/``   ``make validate``, ``make new-api``
==============  ==============================================================

``private.py`` gathers the private APIs of Sphinx and MyST that are used.
``ARCHITECTURE.md``, at the repository's root, follows one record through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "2.0.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    # Imported here, not at the top: ``python -m catalogue validate`` loads
    # this package without Sphinx, and must stay fast.
    from .exports import setup_exports
    from .pages import setup_pages
    from .reading import setup_reading
    from .site import setup_site

    setup_reading(app)
    setup_pages(app)
    setup_site(app)
    setup_exports(app)
    return {
        "version": __version__,
        "env_version": 3,  # bump when records or domain data change shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
