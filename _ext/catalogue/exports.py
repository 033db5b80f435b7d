"""The catalogue for machines, published beside the pages.

Written at the end of every HTML build from the domain's data (so they stay
correct on incremental builds), always through a serializer, never as text
templates, and only when their content changed:

``catalogue.json``
    every API, provider and theme with all their fields; its shape is
    versioned (:data:`JSON_FORMAT`) and described by
    ``schema/catalogue.schema.json``, published with the schemas.
``catalogue.csv``
    one row per API for spreadsheets: UTF-8 with a byte-order mark (so that
    spreadsheet programs detect the encoding), comma-separated, a header
    row, lists joined with `` | ``; see :data:`CSV_COLUMNS`.
``catalogue.dcat.jsonld``
    a DCAT-AP ``dcat:Catalog`` of ``dcat:DataService``, as data.gouv.fr
    publishes its API catalogue.
``_static/schemas/*.schema.json``
    the record schemas, with the theme list as an ``enum``, for editors.

The build also ends by saying how many API records it read and how many API
pages the output holds: the two numbers must be equal.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from . import schema, texts
from .collection import Catalogue
from .records import ApiRecord, ProviderRecord, ThemeRecord, kind_of, with_texts

logger = logging.getLogger(__name__)

#: Version of the shape of ``catalogue.json``; bump the major on any change
#: that can break a reader (a field renamed or removed).
JSON_FORMAT = "catalogue-api/1.0"

#: Columns of ``catalogue.csv``, in order.
CSV_COLUMNS = (
    "id", "url", "title", "tagline", "producer", "producer_name", "partners", "access", "status",
    "sunset_date", "themes", "keywords", "documentation_link", "openapi_link", "external_site",
    "contact_link", "contact", "terms_link", "terms_summary", "access_link", "eligibility",
    "rate_limiting_resume", "availability", "support", "monitoring_link", "related_apis",
    "datagouv_uuid", "last_update", "description",
)
LIST_SEPARATOR = " | "


# -- Writing files -----------------------------------------------------------------


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write *text* only if it differs from the file's content (keeps mtimes)."""
    data = text.encode(encoding)
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_json(path: Path, data: Any, indent: int | None = None) -> None:
    """JSON in UTF-8; compact by default (Python's fast encoder), for machines."""
    write_text(path, json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


# -- Records as plain data -----------------------------------------------------------


def site_url(app: Sphinx, path: str) -> str:
    """Absolute URL of a file of the site when ``html_baseurl`` is set, else relative."""
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" + path if base else path


def page_url(app: Sphinx, docname: str) -> str:
    return site_url(app, app.builder.get_target_uri(docname))


def api_data(app: Sphinx, catalogue: Catalogue, api: ApiRecord) -> dict[str, Any]:
    producer = catalogue.producer_of(api)
    return {
        "id": api.id,
        "url": page_url(app, api.docname),
        "title": api.title,
        "tagline": api.tagline,
        "producer": api.producer,
        "producer_name": producer.name if producer else None,
        "partners": [
            {"id": partner, "name": catalogue.providers[partner].name}
            if partner in catalogue.providers
            else {"id": None, "name": partner}
            for partner in api.partners
        ],
        "access": api.access,
        "status": api.status,
        "sunset_date": api.sunset_date,
        "themes": list(api.themes),
        "keywords": list(api.keywords),
        "description": api.description,
        "documentation_link": api.documentation_link,
        "openapi_link": api.openapi_link,
        "external_site": api.external_site,
        "contact_link": api.contact_link,
        "contact": catalogue.contact_of(api),
        "terms_link": api.terms_link,
        "terms_summary": api.terms_summary,
        "access_link": api.access_link,
        "access_details": api.access_details,
        "eligibility": [
            {"who": e.who, "eligible": e.eligible, "description": e.description} for e in api.eligibility
        ],
        "rate_limiting_resume": api.rate_limiting_resume,
        "rate_limiting_description": api.rate_limiting_description,
        "availability": api.availability,
        "support": api.support,
        "monitoring_link": api.monitoring_link,
        "related_apis": list(api.related_apis),
        "datagouv_uuid": list(api.datagouv_uuid),
        "last_update": api.last_update,
        "valid": api.problems == 0,
    }


def provider_data(app: Sphinx, catalogue: Catalogue, provider: ProviderRecord) -> dict[str, Any]:
    return {
        "id": provider.id,
        "url": page_url(app, provider.docname),
        "name": provider.name,
        "acronym": provider.acronym,
        "type": provider.type,
        "site": provider.site,
        "contact": provider.contact,
        "annuaire": provider.annuaire,
        "description": provider.description,
        "apis": [api.id for api in catalogue.apis_of_producer(provider.id)],
        "partner_of": [api.id for api in catalogue.apis_of_partner(provider.id)],
        "valid": provider.problems == 0,
    }


def theme_data(app: Sphinx, catalogue: Catalogue, theme: ThemeRecord) -> dict[str, Any]:
    return {
        "id": theme.id,
        "url": page_url(app, theme.docname),
        "name": theme.name,
        "description": theme.description,
        "apis": [api.id for api in catalogue.apis_of_theme(theme.id)],
    }


def catalogue_json(app: Sphinx, catalogue: Catalogue) -> dict[str, Any]:
    return {
        "$schema": site_url(app, "_static/schemas/catalogue.schema.json"),
        "format": JSON_FORMAT,
        "title": app.config.project,
        "site": app.config.html_baseurl or None,
        "apis": [api_data(app, catalogue, api) for api in catalogue.sorted_apis],
        "providers": [provider_data(app, catalogue, p) for p in catalogue.sorted_providers],
        "themes": [theme_data(app, catalogue, t) for t in catalogue.sorted_themes],
    }


def catalogue_csv(apis: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for api in apis:
        row = []
        for column in CSV_COLUMNS:
            value = api.get(column)
            if column == "partners":
                value = LIST_SEPARATOR.join(p["id"] or p["name"] for p in value)
            elif column == "eligibility":
                value = LIST_SEPARATOR.join(f"{e['who']}: {e['eligible']}" for e in value)
            elif isinstance(value, list):
                value = LIST_SEPARATOR.join(value)
            elif isinstance(value, float):
                value = f"{value:g}"
            row.append("" if value is None else inert_cell(value))
        writer.writerow(row)
    return buffer.getvalue()


#: What starts a formula in a spreadsheet program (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def inert_cell(value: str) -> str:
    """*value* as a spreadsheet shows it and never runs it.

    A cell that a spreadsheet would read as a formula (``=HYPERLINK(...)``,
    ``@SUM(...)``) gets a leading apostrophe, as OWASP recommends: the text
    is shown with it, and nothing runs.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# -- DCAT-AP -------------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _literal(text: str | None) -> dict[str, str] | None:
    return {"@value": text, "@language": "fr"} if text else None


def _contact_point(contact: str | None) -> dict[str, str] | None:
    if not contact:
        return None
    if "@" in contact and "://" not in contact:
        return {"@type": "vcard:Kind", "vcard:hasEmail": {"@id": "mailto:" + contact.removeprefix("mailto:")}}
    return {"@type": "vcard:Kind", "vcard:hasURL": {"@id": contact}}


def dcat_catalogue(app: Sphinx, catalogue: Catalogue, apis: list[dict[str, Any]]) -> dict[str, Any]:
    services = []
    for api in apis:
        service = {
            "@id": api["url"],
            "@type": "dcat:DataService",
            "dct:identifier": api["id"],
            "dct:title": _literal(api["title"]),
            "dct:description": _literal(api["tagline"]),
            "dcat:landingPage": {"@id": api["url"]},
            "dcat:endpointDescription": {"@id": api["openapi_link"] or api["documentation_link"]}
            if (api["openapi_link"] or api["documentation_link"])
            else None,
            "dcat:endpointURL": {"@id": api["external_site"]} if api["external_site"] else None,
            "dct:publisher": {
                "@id": page_url(app, catalogue.providers[api["producer"]].docname),
                "@type": "foaf:Agent",
                "foaf:name": api["producer_name"],
            }
            if api["producer"] in catalogue.providers
            else None,
            "dcat:contactPoint": _contact_point(api["contact"]),
            "dcat:theme": [_literal(name) for name in api["themes"]],
            "dcat:keyword": [_literal(word) for word in api["keywords"]],
            "dct:accessRights": _literal(api["access"]),
            "dct:license": {"@id": api["terms_link"]} if api["terms_link"] else None,
            "dcat:servesDataset": [
                {"@id": f"https://www.data.gouv.fr/fr/datasets/{uuid}/"} for uuid in api["datagouv_uuid"]
            ],
            "dct:modified": {"@value": api["last_update"], "@type": "xsd:date"} if api["last_update"] else None,
        }
        services.append({key: value for key, value in service.items() if value not in (None, [])})
    return {
        "@context": DCAT_CONTEXT,
        "@id": site_url(app, "catalogue.dcat.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _literal(app.config.project),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "foaf:homepage": {"@id": page_url(app, app.config.root_doc)},
        "dcat:service": services,
    }


# -- Build hooks -------------------------------------------------------------------------------


def publish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the machine-readable catalogue and the schemas."""
    if exception is not None or app.builder.format != "html":
        return
    domain = app.env.domains["catalogue"]
    outdir = Path(app.outdir)
    if not domain.modified and (outdir / "catalogue.json").exists():
        return  # no record read or removed: the files are current
    catalogue = with_all_texts(app, domain.catalogue)
    document = catalogue_json(app, catalogue)
    write_json(outdir / "catalogue.json", document)
    write_text(outdir / "catalogue.csv", catalogue_csv(document["apis"]), encoding="utf-8-sig")
    write_json(outdir / "catalogue.dcat.jsonld", dcat_catalogue(app, catalogue, document["apis"]))

    themes = [theme.name for theme in catalogue.sorted_themes]
    for kind, filename in schema.SCHEMA_FILES.items():
        write_json(outdir / "_static" / "schemas" / filename, schema.published(kind, themes), indent=2)
    write_json(outdir / "_static" / "schemas" / "catalogue.schema.json", schema.catalogue_schema(), indent=2)


def with_all_texts(app: Sphinx, catalogue: Catalogue) -> Catalogue:
    """The catalogue with the long texts of its records (see :mod:`catalogue.texts`)."""
    return Catalogue(
        with_texts(record, texts.load(app.doctreedir, record.docname))
        for kind in (catalogue.apis, catalogue.providers, catalogue.themes)
        for record in kind.values()
    )


def report_counts(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: say how many API records the site holds, and check each has its page.

    Counted over the whole site, not this build: an incremental build
    re-writes few pages, but none of the others may have gone missing.
    """
    if exception is not None or app.builder.format != "html":
        return
    catalogue = app.env.domains["catalogue"].catalogue
    api_docs = [docname for docname in app.env.all_docs if kind_of(docname) == "api"]
    written = [
        docname
        for docname in api_docs
        if (Path(app.outdir) / app.builder.get_target_uri(docname)).is_file()
    ]
    logger.info(
        "catalogue : %d fiches d'API lues, %d pages d'API présentes dans le site (%d fournisseurs, %d thèmes)",
        len(api_docs),
        len(written),
        len(catalogue.providers),
        len(catalogue.themes),
    )
    missing = sorted(set(api_docs) - set(written))
    if missing:
        logger.warning(
            "catalogue : %d fiche(s) d'API sans page : %s",
            len(missing),
            ", ".join(missing),
            type="catalogue",
            subtype="pages",
        )
