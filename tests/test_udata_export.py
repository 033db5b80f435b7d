"""Our records as udata dataservice payloads (``catalogue/exports/udata.py``).

The payload's shape is checked against udata's own lists: its writable
fields (:data:`helpers.udata_server.UDATA_WRITE_FIELDS`) and its controlled
values (``AccessType``, ``AccessAudienceType``, ``AccessAudienceCondition``,
``InspireLimitationCategory`` in ``udata/core/access_type/constants.py``;
the licence ids of ``/api/1/datasets/licenses/``).  The import and the
export are checked against each other: what the importer read from a
dataservice, the export gives back.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from catalogue.exports.udata import (
    WRITE_FIELDS,
    audiences,
    catalogue_payloads,
    dataservice_payload,
    not_sent,
    tags,
    unroled,
)  # fmt: skip
from catalogue.records.schema import enum_values, load_schemas
from helpers.commands import ROOTS
from helpers.udata_server import UDATA_WRITE_FIELDS
from importers.datagouv import import_datagouv

FIXTURES = Path(__file__).parent / "datagouv"

#: udata's controlled values (udata/core/access_type/constants.py).
ACCESS_TYPES = {"open", "open_with_account", "restricted"}
ROLES = {"local_authority_and_administration", "company_and_association", "private"}
CONDITIONS = {"yes", "no", "under_condition"}
INSPIRE = {
    "confidentiality_of_proceedings_of_public_authorities", "international_relations_public_security_or_national_defence",
    "course_of_justice_or_fair_trial", "confidentiality_of_commercial_or_industrial_information",
    "intellectual_property_rights", "confidentiality_of_personal_data",
    "protection_of_voluntary_information_suppliers", "protection_of_environment",
}  # fmt: skip
#: The licence ids data.gouv.fr lists (/api/1/datasets/licenses/).
LICENCES = {"cc-by", "cc-by-sa", "cc-zero", "fr-lo", "lov2", "notspecified", "odc-by", "odc-odbl", "odc-pddl", "other-at", "other-open", "other-pd"}

FULL = {
    "id": "api-complete", "title": "API Complète", "tagline": "Une phrase qui dit le service rendu.",
    "producer": "den", "access": "restricted", "access_link": "https://datapass.exemple.gouv.fr/x",
    "access_reason": "Données personnelles des usagers.", "access_reason_category": "confidentiality_of_personal_data",
    "eligibility": [
        {"who": "Une collectivité", "eligible": "yes", "audience": "local_authority_and_administration", "description": None},
        {"who": "Un particulier", "eligible": "no", "audience": "private", "description": None},
    ],
    "themes": ["Santé"], "keywords": ["Données de santé", "FHIR", "IA", "Données de santé"],
    "description": "Voir {api}`api-autre` et {term}`API ouverte`.\n",
    "documentation_link": "https://doc.exemple.gouv.fr", "business_documentation_link": "https://guide.exemple.gouv.fr",
    "openapi_link": "https://api.exemple.gouv.fr/openapi.json", "base_api_url": "https://api.exemple.gouv.fr/v2",
    "licence": "odc-odbl", "rate_limiting_resume": "10 appels / seconde", "rate_limiting_description": None,
    "availability": 99.95, "monitoring_link": "https://status.exemple.gouv.fr",
    "datasets": [{"id": "5e8f7a6b5c4d3e2f1a0b9c01", "title": "Un jeu"}], "status": "stable",
    "sunset_date": None, "last_update": "2026-01-15", "datagouv_id": None,
}


def check_shape(payload: dict) -> None:
    """What udata accepts on write, and nothing else."""
    assert set(payload) <= UDATA_WRITE_FIELDS
    assert payload.get("access_type", "open") in ACCESS_TYPES
    for audience in payload["access_audiences"]:
        assert set(audience) == {"role", "condition"}
        assert audience["role"] in ROLES and audience["condition"] in CONDITIONS
    assert len({a["role"] for a in payload["access_audiences"]}) == len(payload["access_audiences"])
    assert payload["access_type_reason_category"] in INSPIRE | {None}
    assert payload["license"] in LICENCES | {None}
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tag) and 3 <= len(tag) <= 96 for tag in payload["tags"])
    assert all(re.fullmatch(r"[0-9a-f]{24}", dataset) for dataset in payload["datasets"])
    if payload.get("archived_at") is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00\+00:00", payload["archived_at"])
    json.dumps(payload)


def test_write_fields_are_udata_s() -> None:
    assert set(WRITE_FIELDS) <= UDATA_WRITE_FIELDS
    # Our lists are udata's: the importer and the export need no translation table.
    assert set(enum_values("api", "licence")) == LICENCES
    assert set(enum_values("api", "access_reason_category")) == INSPIRE
    entry = load_schemas()["api"]["properties"]["eligibility"]["items"]["properties"]
    assert set(entry["audience"]["enum"]) == ROLES and set(entry["eligible"]["enum"]) == CONDITIONS


def test_full_payload() -> None:
    payload = dataservice_payload(FULL, "5f0c1a2b3c4d5e6f7a8b9c0d", "https://catalogue.exemple.gouv.fr/", {"api-autre": "API Autre"})
    check_shape(payload)
    assert payload == {
        "title": "API Complète",
        "description": (
            "Une phrase qui dit le service rendu.\n\n"
            "Voir [API Autre](https://catalogue.exemple.gouv.fr/apis/api-autre.html) et API ouverte.\n"
        ),
        "base_api_url": "https://api.exemple.gouv.fr/v2",
        "machine_documentation_url": "https://api.exemple.gouv.fr/openapi.json",
        "technical_documentation_url": "https://doc.exemple.gouv.fr",
        "business_documentation_url": "https://guide.exemple.gouv.fr",
        "authorization_request_url": "https://datapass.exemple.gouv.fr/x",
        "access_type": "restricted",
        "access_audiences": [
            {"role": "local_authority_and_administration", "condition": "yes"},
            {"role": "private", "condition": "no"},
        ],
        "access_type_reason_category": "confidentiality_of_personal_data",
        "access_type_reason": "Données personnelles des usagers.",
        "rate_limiting": "10 appels / seconde",
        "rate_limiting_url": None,
        "availability": 99.95,
        "availability_url": "https://status.exemple.gouv.fr",
        "license": "odc-odbl",
        "tags": ["donnees-de-sante", "fhir"],  # as udata stores tags; "IA" is too short for udata
        "datasets": ["5e8f7a6b5c4d3e2f1a0b9c01"],
        "archived_at": None,
        "organization": "5f0c1a2b3c4d5e6f7a8b9c0d",
    }
    assert not_sent(FULL) == ["themes (pas de champ sur data.gouv.fr)", "mot-clé « IA » (un mot-clé data.gouv.fr a de 3 à 96 caractères)"]


def test_sparse_and_invalid_records() -> None:
    """A record with few values clears the others on data.gouv.fr; one without title or access omits them."""
    payload = dataservice_payload({"id": "x", "title": "API X", "access": "open", "eligibility": FULL["eligibility"]})
    check_shape(payload)
    assert set(payload) == set(WRITE_FIELDS)
    assert payload["access_audiences"] == []  # only for restricted: udata empties them otherwise
    assert payload["description"] == "" and payload["tags"] == [] and payload["license"] is None
    empty = dataservice_payload({"id": "y"})
    assert "title" not in empty and "access_type" not in empty


def test_audiences_one_per_role() -> None:
    assert audiences([
        {"audience": "private", "eligible": "no"},
        {"audience": "company_and_association", "eligible": "yes"},
        {"audience": "company_and_association", "eligible": "no"},
        {"audience": "company_and_association", "eligible": "yes"},
        {"audience": None, "eligible": "yes"},
    ]) == [{"role": "private", "condition": "no"}, {"role": "company_and_association", "condition": "under_condition"}]


def test_tags_and_roles() -> None:
    assert tags(["Œuvres d'art", "œuvres   d’art", "a b", "ab", "x" * 97]) == ["a-b", "oeuvres-d-art"]
    text = "{api}`Le titre <api-x>`, {fournisseur}`den`, {catalogue:theme}`sante`, {theme}`Santé`."
    assert unroled(text, None, {"den": "DEN"}) == "Le titre, DEN, sante, Santé."
    assert unroled(text, "https://s.fr", {}) == (
        "[Le titre](https://s.fr/apis/api-x.html), [den](https://s.fr/apis/fournisseurs/den.html), "
        "[sante](https://s.fr/apis/themes/sante.html), Santé."
    )


def test_retired_and_unpublished() -> None:
    retired = {**FULL, "status": "retired", "sunset_date": "2026-03-31", "documentation_link": "non publié"}
    payload = dataservice_payload(retired)
    assert payload["archived_at"] == "2026-03-31T00:00:00+00:00"
    assert payload["technical_documentation_url"] is None
    undated = dataservice_payload({**FULL, "status": "retired", "last_update": None})
    assert "archived_at" not in undated  # left as data.gouv.fr has it
    assert "status retired (ni sunset_date ni last_update pour dater l'archivage)" in not_sent({**FULL, "status": "retired", "last_update": None})


def test_import_then_export_gives_udata_s_values_back(tmp_path: Path) -> None:
    """What the importer read from a dataservice, the export writes back to the same udata field."""
    site = shutil.copytree(ROOTS / "test-datagouv-import", tmp_path / "site")
    import_datagouv(site, FIXTURES / "import")
    records = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (site / "apis").glob("*.yml")}
    sources = {}
    for name in ("dataservice-adresse.json", "page-v1-1.json", "page-v1-2.json", "search-v2.json"):
        document = json.loads((FIXTURES / "import" / name).read_text(encoding="utf-8"))
        for item in document.get("data", [document]):
            sources.setdefault(item["id"], item)
    compared = 0
    for identifier, record in records.items():
        source = sources.get(record["datagouv_id"])
        if source is None:
            continue
        # The values as written, valid or not: the checks' pruning is not under test here.
        payload = dataservice_payload({"id": identifier, **record})
        check_shape(payload)
        for key in (
            "title", "base_api_url", "machine_documentation_url", "technical_documentation_url",
            "business_documentation_url", "authorization_request_url", "access_type", "access_audiences",
            "access_type_reason_category", "access_type_reason", "rate_limiting", "rate_limiting_url",
            "availability_url", "license",
        ):  # fmt: skip
            if "\n" in (source.get(key) or "") and key == "rate_limiting":
                continue  # several lines: kept as our description, which has no udata field
            assert payload.get(key) == (source.get(key) or None if key != "access_audiences" else source[key]), (identifier, key)
        compared += 1
    assert compared == 5


@pytest.mark.sphinx("html", testroot="datagouv-push", confoverrides={"html_baseurl": "https://catalogue.exemple.gouv.fr/"})
def test_payloads_of_a_built_catalogue_json(app) -> None:
    """The function the build will call, on the catalogue.json a build writes."""
    app.build()
    document = json.loads((Path(app.outdir) / "catalogue.json").read_text(encoding="utf-8"))
    exported = catalogue_payloads(document, "https://catalogue.exemple.gouv.fr/")
    assert exported["format"] == "udata-dataservices/1.0"
    by_id = {entry["id"]: entry for entry in exported["dataservices"]}
    assert set(by_id) == {api["id"] for api in document["apis"]}
    for entry in by_id.values():
        check_shape(entry["payload"])
    assert by_id["api-existante"]["datagouv_id"] == "65a1b2c3d4e5f60718293a01"
    assert by_id["api-nouvelle"]["datagouv_id"] is None
    assert by_id["api-nouvelle"]["payload"]["organization"] == "5f0c1a2b3c4d5e6f7a8b9c0d"
    assert "organization" not in by_id["api-sans-organisation"]["payload"]
    assert "[API Existante Exemple](https://catalogue.exemple.gouv.fr/apis/api-existante.html)" in by_id["api-nouvelle"]["payload"]["description"]
