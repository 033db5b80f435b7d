"""Our API records as data.gouv.fr "dataservices": the JSON that udata's API accepts on write.

Since April 2025 the national list of public APIs lives on data.gouv.fr,
whose software (udata) calls an API a *dataservice*.  This module turns one
record, as ``catalogue.json`` holds it (every field of the format, ``null``
or ``[]`` when absent, plus the computed keys of :mod:`.data`), into the
body of ``POST /api/1/dataservices/`` (create) or
``PATCH /api/1/dataservices/<id>/`` (update).  Pure functions, no Sphinx:
the build writes the payloads, ``push-datagouv`` sends them.

What udata accepts on write is ``Dataservice.__write_fields__``, generated
from its model (``udata/core/dataservices/models.py``, ``api.py``): every
field not marked ``readonly``.  :data:`WRITE_FIELDS` is the part of that
list our format can fill; each is always present in a payload, ``null`` (or
``[]``) when the record does not give it, so that an update makes
data.gouv.fr say what the record says.  udata's other writable fields
(``acronym``, ``format``, ``extras``, ``private``, ``contact_points``,
``owner``, ``deleted_at``) are never sent, so an update leaves them as they
are: our format has no value for them, and ``contact_points`` holds ids of
contact points created on data.gouv.fr, not addresses.

Choices, each because udata would otherwise refuse or lose something:

- ``access_audiences`` only for ``restricted`` (udata empties them
  otherwise); one entry per role (udata refuses two), and when a record
  gives a role twice with different answers, the role's answer is
  ``under_condition``: yes for some of that public, not for all;
- ``tags`` are our keywords as udata stores tags (slugs, 3 to 96
  characters, sorted, no duplicates): a shorter keyword would make udata
  refuse the whole request;
- ``datasets`` only the 24-hex ids (udata's ``ObjectId``): a UUID is not
  one;
- ``archived_at`` from ``status: retired`` (dated ``sunset_date``, else
  ``last_update``), ``null`` otherwise; an undated retirement is not sent;
- ``description`` starts with the tagline (udata has no tagline), and the
  catalogue's roles (``{api}`api-adresse```) become links to our pages or
  plain text: data.gouv.fr renders CommonMark, not MyST.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..records.audience import coded_answers
from ..records.format import UNPUBLISHED
from ..records.french import fold

#: Our access modes → udata's ``access_type``.
ACCESS_TYPES = {"open": "open", "account": "open_with_account", "restricted": "restricted"}

#: The last line of ``rate_limiting_description`` that carries udata's
#: ``rate_limiting_url`` (written so by the importer, read back here).
RATE_LIMIT_LINK_TEXT = "En savoir plus sur la limite d'appels"

#: udata's ``tags.TAG_MIN_LENGTH`` and ``TAG_MAX_LENGTH``.
TAG_LENGTH = (3, 96)

#: The fields of a payload, in udata's order of the edit form.
WRITE_FIELDS = (
    "title", "description", "base_api_url", "machine_documentation_url",
    "technical_documentation_url", "business_documentation_url",
    "authorization_request_url", "access_type", "access_audiences",
    "access_type_reason_category", "access_type_reason", "rate_limiting",
    "rate_limiting_url", "availability", "availability_url", "license", "tags",
    "datasets", "archived_at",
)  # fmt: skip

#: Record fields that no payload carries, and why (for the push's report).
NOT_SENT = {
    "contact_link": "data.gouv.fr attend l'identifiant d'un point de contact créé sur le site",
    "partners": "pas de champ sur data.gouv.fr",
    "themes": "pas de champ sur data.gouv.fr",
    "terms_link": "pas de champ sur data.gouv.fr ; la licence est envoyée",
    "external_site": "pas de champ sur data.gouv.fr",
    "support": "pas de champ sur data.gouv.fr",
    "related_apis": "pas de champ sur data.gouv.fr",
    "access_details": "pas de champ sur data.gouv.fr",
}

_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
_ROLE = re.compile(r"\{(?:catalogue:|std:)?(api|fournisseur|theme|term)\}`([^`]*)`")
_RATE_LINK = re.compile(r"\n*\[" + re.escape(RATE_LIMIT_LINK_TEXT) + r"\]\(<?(https?://[^\s<>()]+)>?\)\s*$")
#: ``archived_at`` of a retired API without a date: not sent.
_UNDATED = object()
_PAGES = {"api": "apis/{}.html", "fournisseur": "apis/fournisseurs/{}.html", "theme": "apis/themes/{}.html"}


def dataservice_payload(
    api: Mapping[str, Any],
    organization: str | None = None,
    site_url: str | None = None,
    titles: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The body that creates or updates *api*'s dataservice.

    *organization* is the producer's ``datagouv_id`` (sent as udata's
    ``organization``, so that the dataservice is published in the
    organisation's name rather than the API key's owner); *site_url* and
    *titles* (record id → title) make the roles of the description links.
    """
    access = api.get("access")
    payload: dict[str, Any] = {
        "title": api.get("title"),
        "description": description(api, site_url, titles or {}),
        "base_api_url": api.get("base_api_url"),
        "machine_documentation_url": api.get("openapi_link"),
        "technical_documentation_url": _published(api.get("documentation_link")),
        "business_documentation_url": api.get("business_documentation_link"),
        "authorization_request_url": api.get("access_link"),
        "access_type": ACCESS_TYPES.get(access or ""),
        "access_audiences": audiences(api.get("eligibility") or ()) if access == "restricted" else [],
        "access_type_reason_category": api.get("access_reason_category"),
        "access_type_reason": api.get("access_reason"),
        "rate_limiting": api.get("rate_limiting_resume"),
        "rate_limiting_url": rate_limiting_url(api.get("rate_limiting_description")),
        "availability": api.get("availability"),
        "availability_url": api.get("monitoring_link"),
        "license": api.get("licence"),
        "tags": tags(api.get("keywords") or ()),
        "datasets": [d["id"] for d in api.get("datasets") or () if _OBJECT_ID.match(str(d.get("id", "")))],
        "archived_at": archived_at(api),
    }
    # Without a title or an access type udata refuses the request: leave
    # them out rather than send null (only an invalid record lacks them).
    for required in ("title", "access_type"):
        if payload[required] is None:
            del payload[required]
    if payload["archived_at"] is _UNDATED:
        del payload["archived_at"]
    if organization:
        payload["organization"] = organization
    return payload


def catalogue_payloads(document: Mapping[str, Any], site_url: str | None = None) -> dict[str, Any]:
    """Every API of ``catalogue.json`` (*document*) as a dataservice payload.

    Each entry keeps our id and the stored ``datagouv_id`` (``null``: to
    create), so that a reader knows which call to make.
    """
    providers = {p["id"]: p for p in document.get("providers", [])}
    titles = {r["id"]: r.get("title") or r.get("name") for kind in ("apis", "providers") for r in document.get(kind, [])}
    entries = []
    for api in document.get("apis", []):
        producer = providers.get(api.get("producer") or "", {})
        entries.append(
            {
                "id": api["id"],
                "datagouv_id": api.get("datagouv_id"),
                "payload": dataservice_payload(api, producer.get("datagouv_id"), site_url, titles),
                "not_sent": not_sent(api),
            }
        )
    return {"format": "udata-dataservices/1.0", "dataservices": entries}


def not_sent(api: Mapping[str, Any]) -> list[str]:
    """What of *api* no payload carries, in French: ``champ (raison)``."""
    notes = [f"{name} ({why})" for name, why in NOT_SENT.items() if api.get(name) not in (None, [], "")]
    if api.get("status") == "deprecated":
        notes.append("status deprecated (data.gouv.fr ne connaît qu'archivée ou non)")
    if api.get("status") == "retired" and archived_at(api) is _UNDATED:
        notes.append("status retired (ni sunset_date ni last_update pour dater l'archivage)")
    for entry in api.get("eligibility") or ():
        if not entry.get("audience"):
            notes.append(f"eligibility « {entry.get('who')} » (sans audience)")
        elif entry.get("description"):
            notes.append(f"eligibility « {entry.get('who')} » : explication (pas de champ sur data.gouv.fr)")
    for dataset in api.get("datasets") or ():
        if not _OBJECT_ID.match(str(dataset.get("id", ""))):
            notes.append(f"datasets {dataset.get('id')} (data.gouv.fr n'accepte que les identifiants de 24 caractères)")
    short = [k for k in api.get("keywords") or () if not TAG_LENGTH[0] <= len(slugify(k)) <= TAG_LENGTH[1]]
    notes.extend(f"mot-clé « {word} » (un mot-clé data.gouv.fr a de 3 à 96 caractères)" for word in short)
    return notes


# -- Field by field -------------------------------------------------------------------------------



def description(api: Mapping[str, Any], site_url: str | None, titles: Mapping[str, str]) -> str:
    """The tagline, then the description with its roles made CommonMark."""
    parts = [text.strip() for text in (api.get("tagline"), api.get("description")) if text and text.strip()]
    return unroled("\n\n".join(parts), site_url, titles) + ("\n" if parts else "")


def unroled(text: str, site_url: str | None, titles: Mapping[str, str]) -> str:
    """*text* with ``{api}`x``` links to our page (or plain text without *site_url*)."""

    def replace(match: re.Match[str]) -> str:
        role, content = match.group(1), match.group(2)
        explicit = re.fullmatch(r"(?s)(.*?)\s*<([^<>]*)>\s*", content)
        label, target = (explicit.group(1), explicit.group(2)) if explicit else (None, content.strip())
        label = label or titles.get(target) or target
        if role in _PAGES and site_url and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", target):
            return f"[{label}]({site_url.rstrip('/')}/{_PAGES[role].format(target)})"
        return label

    return _ROLE.sub(replace, text)


def audiences(eligibility: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """udata's ``access_audiences``: one ``{role, condition}`` per coded audience."""
    return [{"role": role, "condition": answer} for role, answer in coded_answers(eligibility).items()]


def slugify(text: str) -> str:
    """A tag as udata stores it: lower case, no accent, words joined by ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def tags(keywords: Iterable[str]) -> list[str]:
    low, high = TAG_LENGTH
    return sorted({tag for tag in (slugify(word) for word in keywords) if low <= len(tag) <= high})


def rate_limiting_url(text: str | None) -> str | None:
    """The address of the importer's « En savoir plus » line, ending the rate-limit text."""
    match = _RATE_LINK.search(text or "")
    return match.group(1) if match else None


def archived_at(api: Mapping[str, Any]) -> Any:
    """``archived_at`` for a retired API, dated by its sunset or last update; else null."""
    if api.get("status") != "retired":
        return None
    date = api.get("sunset_date") or api.get("last_update")
    return f"{date}T00:00:00+00:00" if date else _UNDATED


def _published(link: str | None) -> str | None:
    """An address, or null for ``non publié``: udata has no word for « not published »."""
    return None if link == UNPUBLISHED else link
