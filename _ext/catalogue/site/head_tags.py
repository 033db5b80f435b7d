"""What a page says about itself in its ``<head>``, for search engines and link previews.

- every record page: a ``description`` and Open Graph tags (title,
  description, URL) from its tagline or description;
- every API page: a schema.org ``WebAPI`` in JSON-LD;
- every page: a link to the Atom feed of the latest updates.

Our own code rather than ``sphinxext-opengraph`` (tried, 0.13.0): that
extension takes a page's description from the first 200 characters of its
text, which on an API page runs from the tagline into the badges and the
"Comment y accéder ?" box, and offers no per-page description; it writes
no JSON-LD.  The tags here take the tagline, as a reader would write the
summary.

Values come from records, so they are escaped: attributes with
:func:`html.escape`, JSON-LD through :func:`json.dumps` with ``<``, ``>``
and ``&`` written as ``\\u`` escapes so that no text can close the
``<script>`` element.
"""

from __future__ import annotations

import html
import json
from typing import Any

from sphinx.application import Sphinx

from ..pages.tables import FEED_FILE
from ..reading.domain import catalogue_domain
from ..records.catalogue import Catalogue
from ..records.format import UNPUBLISHED
from ..records.kinds import kind_of
from ..records.model import ApiRecord
from .urls import page_url, site_url


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{html.escape(name)}" content="{html.escape(content)}" />'


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=None, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def web_api(app: Sphinx, catalogue: Catalogue, api: ApiRecord) -> dict[str, Any]:
    producer = catalogue.producer_of(api)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebAPI",
        "name": api.title,
        "description": api.tagline,
        "url": page_url(app, api.docname),
        "documentation": _published(api.documentation_link),
        "termsOfService": _published(api.terms_link),
        "keywords": ", ".join(api.keywords) or None,
        "dateModified": api.last_update,
        "isAccessibleForFree": True,
        "inLanguage": "fr",
    }
    if producer is not None:
        data["provider"] = {
            "@type": "GovernmentOrganization",
            "name": producer.name,
            "alternateName": producer.acronym,
            "url": _published(producer.site),
        }
    if api.openapi_link:
        data["potentialAction"] = {"@type": "ConsumeAction", "target": api.openapi_link}
    return _without_nulls(data)


def _published(address: str | None) -> str | None:
    """An address, or None where the record says the provider publishes none."""
    return None if address == UNPUBLISHED else address


def _without_nulls(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _without_nulls(value) if isinstance(value, dict) else value
        for key, value in data.items()
        if value is not None
    }


def add_head_tags(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: description, Open Graph, JSON-LD, feed link."""
    tags = [context.get("metatags", "")]
    if app.config.html_baseurl:
        tags.append(
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="{html.escape(app.config.project)} : dernières mises à jour" '
            f'href="{html.escape(site_url(app, FEED_FILE))}" />'
        )
    kind = kind_of(pagename)
    if kind is not None:
        catalogue: Catalogue = catalogue_domain(app.env).catalogue
        record = catalogue.record_at(pagename)
        if record is not None:
            description = getattr(record, "tagline", None) or record.summary or record.title
            tags += [
                _meta("name", "description", description),
                _meta("property", "og:type", "website"),
                _meta("property", "og:site_name", app.config.project),
                _meta("property", "og:locale", "fr_FR"),
                _meta("property", "og:title", record.title),
                _meta("property", "og:description", description),
            ]
            if app.config.html_baseurl:
                tags.append(_meta("property", "og:url", page_url(app, pagename)))
            if isinstance(record, ApiRecord):
                tags.append(json_ld(web_api(app, catalogue, record)))
    context["metatags"] = "\n".join(tag for tag in tags if tag)
