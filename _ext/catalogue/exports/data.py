"""Records as plain data, for ``catalogue.json``, and the schema of that data.

Both are derived from the record format (:mod:`catalogue.records.format`):
every field of a kind becomes a key, in the schema's order, its value
``null`` (or ``[]``) when the record does not give it.  A few keys are
computed from the rest of the catalogue (:data:`DERIVED`): the page's
address, the provider's name, the contact that applies, who may use the API
(:mod:`catalogue.records.audience`), whether the record is valid; each is declared once, with its schema, beside its computation.
So a field added to the format is exported, and described in the
published ``catalogue.schema.json``, with nothing more to write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..records.audience import AUDIENCES, audience_answers
from ..records.format import Field, Format, record_format
from ..records.model import Entry, Record
from ..records.schema import DEFAULT_SCHEMA_DIR, load_schemas
from ..records.vocabulary import LICENCE_LABELS
from ..site.urls import page_url, site_url

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx

    from ..records.catalogue import Catalogue

#: Version of the shape of ``catalogue.json``; bump the major on any change
#: that can break a reader (a field renamed or removed).
JSON_FORMAT = "catalogue-api/2.1"

SCHEMA_FILE = "catalogue.schema.json"

_NULLABLE_STRING: dict[str, Any] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
_STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}

#: The licence of the catalogue's own content (its records and texts, and so
#: these files): Etalab's Licence Ouverte 2.0, by its data.gouv.fr id.  Not
#: the licence of the APIs' data, which each record gives (``licence``).
#: The CSV has no place for it (one row per API); the DCAT file carries it
#: too (:mod:`.dcat`).
CONTENT_LICENCE: dict[str, str] = {
    "id": "lov2",
    "name": LICENCE_LABELS["lov2"],
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

_LICENCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Licence du contenu du catalogue (fiches et textes) : identifiant data.gouv.fr, nom, adresse. "
    "La licence des données de chaque API est son champ licence.",
    "additionalProperties": False,
    "required": ["id", "name", "url"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "url": {"type": "string"}},
}


@dataclass(frozen=True)
class Derived:
    """A key computed from the catalogue, written after the field *after* (or at the end)."""

    name: str
    schema: dict[str, Any]
    compute: Callable[[Catalogue, Record], Any]
    after: str | None = None


def _partners(catalogue: Catalogue, api: Record) -> list[dict[str, Any]]:
    return [
        {"id": partner, "name": catalogue.providers[partner].name}
        if partner in catalogue.providers
        else {"id": None, "name": partner}
        for partner in api.partners
    ]


def _producer_name(catalogue: Catalogue, api: Record) -> str | None:
    producer = catalogue.producer_of(api)  # type: ignore[arg-type]
    return producer.name if producer else None


def _audiences(catalogue: Catalogue, api: Record) -> dict[str, str]:
    return audience_answers(api.access, api.eligibility)


_AUDIENCES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Qui peut utiliser l'API, pour chacun des trois publics de data.gouv.fr dont la réponse est connue "
    "(yes, no, under_condition) : les lignes d'éligibilité codées, sinon « yes » pour une API ouverte ou sur compte",
    "additionalProperties": False,
    "properties": {audience: {"enum": ["yes", "no", "under_condition"]} for audience in AUDIENCES},
}

_VALID = Derived(
    "valid",
    {"type": "boolean", "description": "false si la fiche a des erreurs : seules les valeurs valides sont publiées"},
    lambda catalogue, record: record.problems == 0,
)

#: Keys computed from the catalogue, per kind.
DERIVED: dict[str, tuple[Derived, ...]] = {
    "api": (
        Derived("producer_name", _NULLABLE_STRING, _producer_name, after="producer"),
        Derived("contact", _NULLABLE_STRING, lambda catalogue, api: catalogue.contact_of(api), after="contact_link"),
        Derived("audiences", _AUDIENCES_SCHEMA, _audiences, after="eligibility"),
        _VALID,
    ),
    "provider": (
        Derived("apis", _STRINGS, lambda catalogue, p: [api.id for api in catalogue.apis_of_producer(p.id)]),
        Derived("partner_of", _STRINGS, lambda catalogue, p: [api.id for api in catalogue.apis_of_partner(p.id)]),
        _VALID,
    ),
    "theme": (Derived("apis", _STRINGS, lambda catalogue, t: [api.id for api in catalogue.apis_of_theme(t.id)]),),
}

#: Fields written otherwise than as they are stored: (value, schema).
SPECIAL: dict[tuple[str, str], tuple[Callable[[Catalogue, Record], Any], dict[str, Any]]] = {
    ("api", "partners"): (
        _partners,
        {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name"],
                "properties": {"id": _NULLABLE_STRING, "name": {"type": "string"}},
            },
        },
    ),
}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Entry):
        return {name: _plain(item) for name, item in value.values.items()}
    return value


def record_data(app: Sphinx, catalogue: Catalogue, record: Record, form: Format) -> dict[str, Any]:
    """One record as ``catalogue.json`` holds it."""
    derived = DERIVED[record.kind]
    data: dict[str, Any] = {"id": record.id, "url": page_url(app, record.docname)}
    for field in form.fields:
        special = SPECIAL.get((record.kind, field.name))
        data[field.name] = special[0](catalogue, record) if special else _plain(record.values[field.name])
        for extra in derived:
            if extra.after == field.name:
                data[extra.name] = extra.compute(catalogue, record)
    for extra in derived:
        if extra.after is None:
            data[extra.name] = extra.compute(catalogue, record)
    return data


def catalogue_json(app: Sphinx, catalogue: Catalogue, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> dict[str, Any]:
    forms = {kind: record_format(kind, schema_dir) for kind in DERIVED}  # type: ignore[arg-type]
    return {
        "$schema": site_url(app, f"_static/schemas/{SCHEMA_FILE}"),
        "format": JSON_FORMAT,
        "title": app.config.project,
        "site": app.config.html_baseurl or None,
        "licence": dict(CONTENT_LICENCE),
        "apis": [record_data(app, catalogue, api, forms["api"]) for api in catalogue.sorted_apis],
        "providers": [record_data(app, catalogue, p, forms["provider"]) for p in catalogue.sorted_providers],
        "themes": [record_data(app, catalogue, t, forms["theme"]) for t in catalogue.sorted_themes],
    }


# -- The schema of catalogue.json -------------------------------------------------------------


def _value_schema(field: Field, kind: str, schema_dir: Path) -> dict[str, Any]:
    if field.sort == "entries":
        return {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [sub.name for sub in field.subfields],
                "properties": {sub.name: _value_schema(sub, kind, schema_dir) for sub in field.subfields},
            },
        }
    if field.sort == "list":
        return _STRINGS
    if field.sort == "enum":
        values = _enum(load_schemas(schema_dir)[kind], field.name)
        return {"enum": values} if field.default is not None else {"anyOf": [{"enum": values}, {"type": "null"}]}
    if field.sort == "number":
        return {"anyOf": [{"type": "number"}, {"type": "null"}]}
    if field.sort == "date":
        return {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
    return _NULLABLE_STRING


def _enum(schema: dict[str, Any], name: str) -> list[Any]:
    """The values of the enum *name*, wherever it is declared in *schema* (entries too)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if name in node.get("properties", {}) and "enum" in node["properties"][name]:
                return list(node["properties"][name]["enum"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return []


def _kind_schema(kind: str, schema_dir: Path) -> dict[str, Any]:
    form = record_format(kind, schema_dir)  # type: ignore[arg-type]
    derived = DERIVED[kind]
    properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "url": {"type": "string"},
    }
    for field in form.fields:
        special = SPECIAL.get((kind, field.name))
        if special:
            properties[field.name] = special[1]
        elif field.name == form.title_field:
            properties[field.name] = {"type": "string"}
        else:
            properties[field.name] = _value_schema(field, kind, schema_dir)
        for extra in derived:
            if extra.after == field.name:
                properties[extra.name] = extra.schema
    for extra in derived:
        if extra.after is None:
            properties[extra.name] = extra.schema
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties}


def export_schema(app: Sphinx, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> dict[str, Any]:
    """The JSON Schema of ``catalogue.json``, published with it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site_url(app, f"_static/schemas/{SCHEMA_FILE}"),
        "title": "Catalogue des API du service public (catalogue.json)",
        "description": (
            "Forme du fichier catalogue.json publié avec le site. Version : champ format "
            "(catalogue-api/<majeure>.<mineure>) ; la majeure change si un champ est renommé ou "
            "retiré. Chaque champ des fiches y figure, null s'il est absent."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "format", "title", "site", "licence", "apis", "providers", "themes"],
        "properties": {
            "$schema": {"type": "string"},
            "format": {"type": "string", "pattern": r"^catalogue-api/2\.[0-9]+$"},
            "title": {"type": "string"},
            "site": _NULLABLE_STRING,
            "licence": _LICENCE_SCHEMA,
            "apis": {"type": "array", "items": {"$ref": "#/$defs/api"}},
            "providers": {"type": "array", "items": {"$ref": "#/$defs/provider"}},
            "themes": {"type": "array", "items": {"$ref": "#/$defs/theme"}},
        },
        "$defs": {kind: _kind_schema(kind, schema_dir) for kind in DERIVED},
    }
