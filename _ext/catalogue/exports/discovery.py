"""For machines and agents that discover APIs: ``/.well-known/api-catalog`` and ``llms.txt``.

Both are derived from ``catalogue.json`` (*document*, see :mod:`.data`):
pure functions, no Sphinx; the build writes them at the site's root.

- :func:`api_catalog` is the RFC 9727 "api-catalog" document, a linkset
  (RFC 9264, ``application/linkset+json``): a first context, the catalogue
  itself, lists every API with ``item``; then one context per API, anchored
  at its page of the catalogue (stable, and unique even when two APIs share
  an address), links to what RFC 8631 names: ``service-doc`` (the
  provider's documentation), ``service-desc`` (the OpenAPI file),
  ``status`` (the status page), and to ``terms-of-service``.  Retired APIs
  are left out: an agent must not be sent to them.
- :func:`llms_txt` follows the llmstxt.org convention: a title, a summary
  in a quote, a few lines on how to read the catalogue, then lists of links
  (``- [name](url): notes``), the last under ``## Optional`` (what an agent
  short of room may skip).

Values come from records written by other organisations: titles and notes
are put on one line and the characters that would close a Markdown link
are escaped, so that a record cannot add a line or a link of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from ..records.format import UNPUBLISHED
from ..records.vocabulary import ACCESS_LABELS

#: Where the document is served, relative to the site's root (RFC 9727).
WELL_KNOWN_PATH = ".well-known/api-catalog"

#: The profile of RFC 9727, and the media type to serve the document with.
PROFILE = "https://www.rfc-editor.org/info/rfc9727"
MEDIA_TYPE = f'application/linkset+json; profile="{PROFILE}"'

#: The machine-readable files published with the site (see :mod:`.publish`).
DATA_FILES = (
    ("catalogue.json", "application/json", "toutes les fiches, chaque champ du format (schéma : _static/schemas/catalogue.schema.json)"),
    ("catalogue.csv", "text/csv", "une ligne par API, UTF-8 avec BOM, listes séparées par « | »"),
    ("catalogue.dcat.jsonld", "application/ld+json", "le catalogue en DCAT-AP (dcat:DataService)"),
)


def api_catalog(document: Mapping[str, Any], site_url: str) -> dict[str, Any]:
    """The linkset of ``/.well-known/api-catalog`` for the site at *site_url*."""
    base = _base(site_url)
    live = [api for api in document.get("apis", []) if api.get("status") != "retired"]
    catalogue: dict[str, Any] = {
        "anchor": urljoin(base, WELL_KNOWN_PATH),
        "item": [{"href": _page(base, api), "title": _line(api.get("title"))} for api in live],
        "describedby": [{"href": urljoin(base, name), "type": kind} for name, kind, _ in DATA_FILES],
        "profile": [{"href": PROFILE}],
    }
    contexts = [catalogue]
    for api in live:
        context: dict[str, Any] = {"anchor": _page(base, api)}
        links = {
            "service-doc": [_link(api.get("documentation_link"), "text/html"),
                            _link(api.get("business_documentation_link"), "text/html")],
            "service-desc": [_link(api.get("openapi_link"), _openapi_type(api.get("openapi_link")))],
            "status": [_link(api.get("monitoring_link"), "text/html")],
            "terms-of-service": [_link(api.get("terms_link"), None)],
        }  # fmt: skip
        for relation, targets in links.items():
            kept = [target for target in targets if target]
            if kept:
                context[relation] = kept
        contexts.append(context)
    return {"linkset": contexts}


def llms_txt(document: Mapping[str, Any], site_url: str) -> str:
    """``llms.txt``: what the catalogue covers, and where each API and file is."""
    base = _base(site_url)
    apis = document.get("apis", [])
    live = [api for api in apis if api.get("status") != "retired"]
    retired = [api for api in apis if api.get("status") == "retired"]
    counts = {access: sum(1 for api in live if api.get("access") == access) for access in ACCESS_LABELS}
    title = _line(document.get("title")) or "Catalogue des API du service public"
    lines = [
        f"# {title}",
        "",
        (
            f"> Les API web offertes par les organismes publics français : {len(live)} API en service, "
            f"de {len(document.get('providers', []))} fournisseurs, en {len(document.get('themes', []))} thèmes. "
            "Pour chacune : le service rendu, le fournisseur, le mode d'accès, la documentation et les conditions."
        ),
        "",
        (
            "Chaque API a un mode d'accès : « ouverte » (sans compte ni clé : "
            f"{counts['open']}), « avec compte » (libre après création d'un compte ou obtention d'une clé : "
            f"{counts['account']}), « sur habilitation » (réservée à certains publics, sur demande : "
            f"{counts['restricted']}). Les pages sont en français. Les appels se font auprès de chaque "
            "fournisseur, jamais auprès de ce site ; les fichiers ci-dessous donnent toutes les fiches d'un coup."
        ),
        "",
        "## Données pour les machines",
        "",
        *(f"- [{name}]({urljoin(base, name)}): {notes}" for name, _, notes in DATA_FILES),
        (
            f"- [api-catalog]({urljoin(base, WELL_KNOWN_PATH)}): liens vers la documentation et la "
            "spécification de chaque API (RFC 9727, linkset JSON)"
        ),
        "",
        "## API",
        "",
        *(_api_line(base, api) for api in live),
        "",
        "## Optional",
        "",
        *(_api_line(base, api) for api in retired),
        f"- [Guide du fournisseur]({urljoin(base, 'guide-fournisseurs.html')}): comment décrire une API dans le catalogue",
        f"- [Définitions]({urljoin(base, 'definitions.html')}): le vocabulaire du catalogue",
    ]
    return "\n".join(lines) + "\n"


def _api_line(base: str, api: Mapping[str, Any]) -> str:
    notes = [_line(api.get("tagline"))]
    if api.get("producer_name"):
        notes.append(f"fournisseur : {_line(api['producer_name'])}")
    if api.get("access") in ACCESS_LABELS:
        notes.append(f"accès : {ACCESS_LABELS[api['access']].lower()}")
    if api.get("status") == "retired":
        notes.append("retirée")
    for label, key in (("adresse", "base_api_url"), ("OpenAPI", "openapi_link"), ("documentation", "documentation_link")):
        if api.get(key) and api[key] != UNPUBLISHED:
            notes.append(f"{label} : {_destination(api[key])}")
    text = " ; ".join(note for note in notes if note)
    return f"- [{_label(api.get('title'))}]({_destination(_page(base, api))}): {text}"


# -- Small helpers --------------------------------------------------------------------------------


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def _page(base: str, api: Mapping[str, Any]) -> str:
    return urljoin(base, api.get("url") or f"apis/{api['id']}.html")


def _link(href: str | None, media_type: str | None) -> dict[str, str] | None:
    if not href or href == UNPUBLISHED:
        return None
    return {"href": href, "type": media_type} if media_type else {"href": href}


def _openapi_type(href: str | None) -> str | None:
    """The OpenAPI media type, when the file's name says JSON or YAML."""
    name = (href or "").split("?")[0].lower()
    if name.endswith(".json"):
        return "application/vnd.oai.openapi+json"
    if name.endswith((".yaml", ".yml")):
        return "application/vnd.oai.openapi"
    return None


def _line(text: Any) -> str:
    """*text* on one line (a record's value cannot start a new line or a new list item)."""
    return " ".join(str(text).split()) if text else ""


def _label(text: Any) -> str:
    """*text* as the text of a Markdown link: brackets and backslashes escaped."""
    return re.sub(r"([\\\[\]])", r"\\\1", _line(text))


def _destination(url: str) -> str:
    """*url* as a Markdown link destination: ``<`` and ``>`` encoded, in ``<...>`` if it holds a parenthesis."""
    url = url.replace("<", "%3C").replace(">", "%3E")
    return f"<{url}>" if re.search(r"[()\s]", url) else url
