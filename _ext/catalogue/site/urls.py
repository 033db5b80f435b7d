"""Addresses of the site's pages and files, absolute when the site's address is known.

``html_baseurl`` (``CATALOGUE_BASE_URL``) makes them absolute, as the
``<head>`` tags, the sitemap, the feed and the machine-readable catalogue
need; without it they stay relative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def site_url(app: Sphinx, path: str) -> str:
    """Absolute URL of a file of the site when ``html_baseurl`` is set, else relative."""
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" + path if base else path


def page_url(app: Sphinx, docname: str) -> str:
    return site_url(app, app.builder.get_target_uri(docname))
