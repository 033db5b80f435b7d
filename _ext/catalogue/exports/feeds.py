"""``sitemap.xml`` and ``atom.xml``: the site for crawlers and feed readers.

Both are written at the end of every HTML build, with
:mod:`xml.etree.ElementTree` (never as text templates), only when their
content changed.  They need absolute addresses: without ``html_baseurl``
they are not written, and the build says so.

- The sitemap lists every page, API pages with their ``last_update`` as
  ``<lastmod>``.
- Not ``sphinx-sitemap``: its ``<lastmod>`` is the date of the last commit
  of each source file (through ``sphinx-last-updated-by-git``), while a
  record's page changes when the record's facts were last updated
  (``last_update``), which the catalogue knows and git does not.
- The Atom feed lists the :data:`FEED_SIZE` most recently updated APIs (by
  ``last_update``, then the catalogue's order); its own ``<updated>`` is the
  latest of those dates, so that the same sources give the same feed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..pages.tables import FEED_FILE
from ..reading.domain import catalogue_domain
from ..records.catalogue import Catalogue
from ..records.model import ApiRecord
from ..site.urls import page_url, site_url
from .files import write_text

logger = logging.getLogger(__name__)

FEED_SIZE = 20
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"


def latest_updates(catalogue: Catalogue, count: int = FEED_SIZE) -> list[ApiRecord]:
    dated = [api for api in catalogue.sorted_apis if api.last_update]
    return sorted(dated, key=lambda api: api.last_update, reverse=True)[:count]


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def sitemap(app: Sphinx, catalogue: Catalogue) -> str:
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    updated = {api.docname: api.last_update for api in catalogue.apis.values() if api.last_update}
    for docname in sorted(app.env.found_docs):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_url(app, docname)
        if docname in updated:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = updated[docname]
    return _xml(urlset)


def atom_feed(app: Sphinx, catalogue: Catalogue) -> str:
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    entries = latest_updates(catalogue)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "fr"})
    sub(feed, "id", site_url(app, FEED_FILE))
    sub(feed, "title", f"{app.config.project} : dernières mises à jour")
    sub(feed, "updated", f"{entries[0].last_update}T00:00:00Z" if entries else "1970-01-01T00:00:00Z")
    sub(feed, "link", href=site_url(app, FEED_FILE), rel="self", type="application/atom+xml")
    sub(feed, "link", href=page_url(app, app.config.root_doc), rel="alternate", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", app.config.author)
    for api in entries:
        entry = sub(feed, "entry")
        url = page_url(app, api.docname)
        sub(entry, "id", url)
        sub(entry, "title", api.title)
        sub(entry, "link", href=url, rel="alternate", type="text/html")
        sub(entry, "updated", f"{api.last_update}T00:00:00Z")
        producer = catalogue.producer_of(api)
        if producer:
            sub(sub(entry, "author"), "name", producer.name)
        if api.tagline:
            sub(entry, "summary", api.tagline)
        for name in api.themes:
            sub(entry, "category", term=name)
    return _xml(feed)


def publish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``sitemap.xml`` and the Atom feed."""
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.html_baseurl:
        logger.info("catalogue : html_baseurl vide, ni sitemap.xml, ni flux Atom, ni .well-known/api-catalog, ni llms.txt")
        return
    domain = catalogue_domain(app.env)
    outdir = Path(app.outdir)
    if not domain.modified and (outdir / FEED_FILE).exists() and (outdir / "sitemap.xml").exists():
        return  # nothing was read or removed: the files are current
    catalogue: Catalogue = domain.catalogue
    write_text(outdir / "sitemap.xml", sitemap(app, catalogue))
    write_text(outdir / FEED_FILE, atom_feed(app, catalogue))
