"""Which record stands for each dataservice and organisation: found again, or named anew.

The ``datagouv_id`` stored in a record is what finds it again, whatever
its file is called now: a human may have renamed it, and data.gouv.fr
changes a slug when a title changes.  Failing that:

- an organisation is matched to an existing provider by acronym, then
  name (case and accents ignored), unless that provider holds another
  ``datagouv_id``; a new provider is named after its acronym (our
  providers are: ``dinum``, ``insee``), else its data.gouv.fr slug;
- a dataservice is named after its data.gouv.fr slug.

A name already taken by another record gets the end of the data.gouv.fr
id (``api-adresse-3f2a1b``), so that two services never share a file.
Identifiers are cut to 80 characters, as our format wants.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from catalogue.records.kinds import RECORD_DIRS

from ..framework.identity import records_by_field
from ..framework.matching import ProviderIndex, existing_providers, one_line, slug
from ..framework.report import Outcome

MAX_LENGTH = 80


def identifier(text: str, fallback: str) -> str:
    """*text* as one of our identifiers (``a-z``, ``0-9``, ``-``; 80 characters at most)."""
    name = slug(text)[:MAX_LENGTH].strip("-") or fallback
    return name


def _suffixed(name: str, source_id: str) -> str:
    end = source_id[-6:]
    return f"{name[: MAX_LENGTH - len(end) - 1].strip('-')}-{end}"


def _owner_of(by_value: Mapping[str, list[str]]) -> dict[str, str]:
    return {record: value for value, records in by_value.items() for record in records}


def provider_ids(root: Path, organizations: Mapping[str, Mapping[str, Any]], outcomes: Mapping[str, Outcome], notes: list[str]) -> dict[str, str]:
    """data.gouv.fr organisation id → our provider id (see the module's docstring)."""
    stored = records_by_field(root, "provider", "datagouv_id")
    owner = _owner_of(stored)
    index = ProviderIndex(known=existing_providers(root))
    chosen: dict[str, str] = {}
    for org_id in sorted(organizations):
        org, outcome = organizations[org_id], outcomes[org_id]
        holders = stored.get(org_id, [])
        if len(holders) > 1:
            notes.append(f"organizations/{org_id} : datagouv_id présent dans plusieurs fournisseurs ({', '.join(holders)}) ; {holders[0]} retenu")
        if holders:
            chosen[org_id] = holders[0]
            continue
        match = None
        for word in (one_line(org.get("acronym")), one_line(org.get("name"))):
            found, how = index.match(word) if word else (None, "")
            if found and owner.get(found, org_id) == org_id:
                match = found
                outcome.guessed.append(f"fournisseur existant {found} (par {'identifiant' if how == 'id' else how})")
                break
        if match is None:
            wanted = identifier(one_line(org.get("acronym")) or "", "") if org.get("acronym") else ""
            wanted = wanted if len(wanted) >= 2 else identifier(str(org.get("slug") or org.get("name") or ""), f"organisation-{org_id[-6:]}")
            taken = set(index.known) | set(chosen.values())
            match = _suffixed(wanted, org_id) if wanted in taken else wanted
            if org.get("slug") and match != org.get("slug"):
                outcome.renamed.append(f"{org['slug']} → {match}")
        chosen[org_id] = match
    return chosen


def api_ids(root: Path, services: Mapping[str, Mapping[str, Any]], outcomes: Mapping[str, Outcome], notes: list[str]) -> dict[str, str]:
    """data.gouv.fr dataservice id → our API id (see the module's docstring)."""
    stored = records_by_field(root, "api", "datagouv_id")
    owner = _owner_of(stored)
    existing = {path.stem for path in (root / RECORD_DIRS["api"]).glob("*.yml")}
    chosen: dict[str, str] = {}
    for service_id in sorted(services):
        data, outcome = services[service_id], outcomes[service_id]
        holders = stored.get(service_id, [])
        if len(holders) > 1:
            notes.append(f"dataservices/{service_id} : datagouv_id présent dans plusieurs fiches ({', '.join(holders)}) ; {holders[0]} retenue")
        source_slug = str(data.get("slug") or data.get("title") or "")
        if holders:
            name = holders[0]
        else:
            name = identifier(source_slug, f"api-{service_id[-8:]}")
            if name in chosen.values() or (name in owner and owner[name] != service_id):
                name = _suffixed(name, service_id)
            elif name in existing:
                notes.append(
                    f"apis/{name}.yml existe sans datagouv_id : si c'est la même API, ajoutez-y "
                    f"« datagouv_id: {service_id} » (sinon renommez-la)"
                )
        if source_slug and name != source_slug:
            outcome.renamed.append(f"{source_slug} → {name}")
        chosen[service_id] = name
    return chosen
