"""What a dataservice only points to: its organisation and its datasets, read when online.

A dataservice names its organisation by reference (id, name, acronym,
``uri``) and, in udata's current read model, its datasets by a link
(``{"href": ".../api/1/datasets/?dataservice=<id>", "total": 2}``).  When
the source is the live API, both links are followed (on the same host,
through the same ``fetch``) so that providers get their site and
presentation and APIs their datasets.  From files, nothing is fetched:
the report says what stays to fill.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .client import FetchError
from .sources import Collected
from .tables import MAX_DATASET_PAGES

_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")

#: Marks an organisation read in full (its own page of the API), not only by reference.
FULL = "_read_in_full"


def organizations(services: Iterable[Mapping[str, Any]], collected: Collected, notes: list[str]) -> dict[str, dict[str, Any]]:
    """Every organisation the services name, by id: the richest copy, completed online."""
    found: dict[str, dict[str, Any]] = {}
    for data in services:
        org = data.get("organization")
        if not isinstance(org, dict) or not isinstance(org.get("id"), str) or not _OBJECT_ID.match(org["id"]):
            continue
        known = found.setdefault(org["id"], {})
        known.update({k: v for k, v in org.items() if v not in (None, "", [])})
    for org_id, org in sorted(found.items()):
        uri = org.get("uri")
        if not collected.same_site(uri):
            continue
        try:
            full = collected.fetch(uri)  # type: ignore[misc]
        except FetchError as exc:
            notes.append(f"organizations/{org_id} : fiche complète illisible ({exc})")
            continue
        if isinstance(full, dict) and full.get("id") == org_id:
            org.update({k: v for k, v in full.items() if v not in (None, "", [])})
            org[FULL] = True
    return found


def datasets(services: Iterable[Mapping[str, Any]], collected: Collected, notes: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The datasets of each service whose ``datasets`` is a link, read page by page."""
    found: dict[str, list[dict[str, Any]]] = {}
    for data in services:
        link = data.get("datasets")
        if not isinstance(link, dict):
            continue
        if not link.get("total"):
            found[data["id"]] = []
            continue
        url, items, seen = link.get("href"), [], set()
        try:
            while url and collected.same_site(url) and url not in seen and len(seen) < MAX_DATASET_PAGES:
                seen.add(url)
                page = collected.fetch(url)  # type: ignore[misc]
                if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                    raise FetchError(f"{url} : pas une page de jeux de données")
                items.extend(page["data"])
                url = page.get("next_page")
        except FetchError as exc:
            notes.append(f"dataservices/{data['id']} : jeux de données illisibles ({exc})")
            continue
        if seen:
            found[data["id"]] = items
    return found
