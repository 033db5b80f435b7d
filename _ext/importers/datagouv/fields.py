"""From a udata dataservice (and its organisation) to our records, field by field.

Each function notes in the record's :class:`~importers.framework.report.Outcome`
what it guessed or dropped; what udata does not say is left out, never
made up (``make validate`` then names it).  Texts are kept as they are
written on data.gouv.fr (only line ends and trailing spaces are
normalised): the site's own checks refuse what record text may not hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from catalogue.exports.udata import RATE_LIMIT_LINK_TEXT
from catalogue.records.french import fold
from catalogue.records.schema import enum_values
from catalogue.records.vocabulary import AUDIENCE_LABELS

from ..framework.matching import ThemeList, as_list, one_line
from ..framework.report import Outcome
from .tables import ACCESS_VALUES, BADGE_TYPES, CONDITIONS, DROPPED_KEYS, MAPPED_KEYS, RATE_LIMIT_LINK, UNMAPPED_KEYS

_EMAIL = re.compile(r"^(mailto:)?[^@\s]+@[^@\s]+\.[^@\s]+$")
_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_MACHINE = re.compile(r"swagger|openapi|\.json$|\.ya?ml$", re.IGNORECASE)


@dataclass
class Context:
    themes: ThemeList
    #: data.gouv.fr organisation id → our provider id.
    providers: dict[str, str] = field(default_factory=dict)
    #: Datasets read online (``datasets.href``), by dataservice id.
    datasets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def markdown_text(value: Any) -> str | None:
    """udata's Markdown as our YAML keeps it: ``\\n`` line ends, no trailing spaces.

    Two trailing spaces before a non-blank line are a hard line break in
    CommonMark: they become the equivalent backslash, outside code fences,
    so that the text renders the same.
    """
    if not isinstance(value, str):
        return None
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fence = None
    out = []
    for index, line in enumerate(lines):
        marker = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if marker and (fence is None or marker.group(1)[0] == fence):
            fence = None if fence else marker.group(1)[0]
        stripped = line.rstrip(" \t")
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if fence is None and line.endswith("  ") and stripped.strip() and following.strip():
            stripped += "\\"
        out.append(stripped)
    text = "\n".join(out).strip("\n")
    return text + "\n" if text.strip() else None


def note_keys(data: Mapping[str, Any], outcome: Outcome) -> None:
    """Report the keys that carry something our format has no place for (explained once)."""
    for key, value in data.items():
        if value in (None, "", [], {}) or value is False:
            continue
        if key in DROPPED_KEYS or key in UNMAPPED_KEYS:
            outcome.dropped_keys.append(key)
            if key in UNMAPPED_KEYS:
                outcome.dropped.append(key)
        elif key not in MAPPED_KEYS:
            outcome.dropped.append(f"{key} (clé inconnue de l'importeur)")


def map_access(data: Mapping[str, Any], outcome: Outcome) -> dict[str, Any]:
    """``access_type`` (or, in older records, ``is_restricted`` / ``has_token``) and its details."""
    record: dict[str, Any] = {}
    access_type = data.get("access_type")
    if access_type in ACCESS_VALUES:
        record["access"] = ACCESS_VALUES[access_type]
    elif access_type is not None:
        outcome.dropped.append(f"access_type « {access_type} »")
    elif data.get("is_restricted") is not None or data.get("has_token") is not None:
        record["access"] = "restricted" if data.get("is_restricted") else "account" if data.get("has_token") else "open"
        outcome.guessed.append(f"access {record['access']} (is_restricted / has_token, ancienne forme)")
    if one_line(data.get("authorization_request_url")):
        record["access_link"] = one_line(data["authorization_request_url"])
    eligibility = []
    for index, audience in enumerate(as_list(data.get("access_audiences")), start=1):
        role = audience.get("role") if isinstance(audience, dict) else None
        condition = audience.get("condition") if isinstance(audience, dict) else None
        if role not in AUDIENCE_LABELS or condition not in CONDITIONS:
            outcome.dropped.append(f"access_audiences[{index}] (rôle ou condition inconnus : {role}, {condition})")
            continue
        eligibility.append({"who": AUDIENCE_LABELS[role], "eligible": condition, "audience": role})
    if eligibility:
        record["eligibility"] = eligibility
    reason = one_line(data.get("access_type_reason"))
    if reason:
        record["access_reason"] = reason
    category = data.get("access_type_reason_category")
    if category in enum_values("api", "access_reason_category"):
        record["access_reason_category"] = category
    elif category:
        outcome.dropped.append(f"access_type_reason_category « {category} »")
    return record


def map_documentation(data: Mapping[str, Any], outcome: Outcome) -> dict[str, Any]:
    """The three documentation addresses; the legacy ``endpoint_description_url`` sorted as udata did."""
    record = {
        key: one_line(data.get(source))
        for key, source in (
            ("documentation_link", "technical_documentation_url"),
            ("openapi_link", "machine_documentation_url"),
            ("business_documentation_link", "business_documentation_url"),
            ("base_api_url", "base_api_url"),
        )
    }
    legacy = one_line(data.get("endpoint_description_url"))
    if legacy and not (record["documentation_link"] or record["openapi_link"]):
        # udata's own migration sent OpenAPI-looking addresses to machine_documentation_url.
        key = "openapi_link" if _MACHINE.search(legacy) else "documentation_link"
        record[key] = legacy
        outcome.guessed.append(f"{key} (endpoint_description_url, ancienne forme)")
    elif legacy:
        outcome.dropped.append("endpoint_description_url (ancienne forme, remplacée)")
    return {key: value for key, value in record.items() if value}


def map_contact(data: Mapping[str, Any], outcome: Outcome) -> str | None:
    """The first contact point with an e-mail or a form (our record holds one contact)."""
    points = [p for p in as_list(data.get("contact_points")) + as_list(data.get("contact_point")) if p]
    chosen = None
    for index, point in enumerate(points, start=1):
        if not isinstance(point, dict):
            outcome.dropped.append(f"contact_points[{index}] (pas un objet)")
            continue
        email, form = one_line(point.get("email")), one_line(point.get("contact_form"))
        value = email if email and _EMAIL.match(email) else form
        if value and chosen is None:
            chosen = value.removeprefix("mailto:") if value == email else value
        elif value:
            outcome.dropped.append(f"contact « {one_line(point.get('name')) or value} » (un seul contact par fiche)")
        else:
            outcome.dropped.append(f"contact « {one_line(point.get('name'))} » (ni courriel ni formulaire valide)")
    return chosen


def map_rate_limit(data: Mapping[str, Any], outcome: Outcome) -> dict[str, Any]:
    """``rate_limiting``: one short line is the résumé, more is the description; its URL ends the description."""
    record: dict[str, Any] = {}
    text = markdown_text(data.get("rate_limiting"))
    url = one_line(data.get("rate_limiting_url"))
    if text and "\n" not in text.strip() and len(text.strip()) <= 200:
        record["rate_limiting_resume"] = text.strip()
        text = None
    elif text:
        outcome.guessed.append("rate_limiting_description (rate_limiting sur plusieurs lignes)")
    if url:
        link = RATE_LIMIT_LINK.format(text=RATE_LIMIT_LINK_TEXT, url=url)
        text = (text + "\n" if text else "") + link + "\n"
    if text:
        record["rate_limiting_description"] = text
    return record


def map_availability(data: Mapping[str, Any], outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {}
    value = data.get("availability")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 0 < value <= 100:
            record["availability"] = value
        else:
            outcome.dropped.append(f"availability « {value} » (pas un taux visé entre 0 et 100)")
    if one_line(data.get("availability_url")):
        record["monitoring_link"] = one_line(data["availability_url"])
    return record


def map_words(data: Mapping[str, Any], themes: ThemeList, outcome: Outcome) -> dict[str, Any]:
    """``tags`` (and the acronym) → ``keywords``; tags that name one of our themes → ``themes`` (guessed)."""
    seen: dict[str, str] = {}
    found: list[str] = []
    acronym = one_line(data.get("acronym"))
    for word in ([acronym] if acronym else []) + [one_line(t) for t in as_list(data.get("tags"))]:
        if not word:
            continue
        if not 2 <= len(word) <= 60:
            outcome.dropped.append(f"mot-clé « {word} » (de 2 à 60 caractères)")
        elif fold(word) not in seen:
            seen[fold(word)] = word
        theme = themes.resolve(word.replace("-", " "))
        if theme and theme not in found:
            found.append(theme)
            outcome.guessed.append(f"thème « {theme} » (mot-clé {word})")
    if acronym and fold(acronym) in seen:
        outcome.guessed.append("keywords : sigle (acronym)")
    return {"themes": found, "keywords": list(seen.values())}


def map_datasets(data: Mapping[str, Any], online: list[dict[str, Any]] | None, outcome: Outcome) -> list[dict[str, Any]]:
    """The datasets served: listed in the record (older pages) or read online; else reported."""
    value = data.get("datasets")
    listed = online if online is not None else value if isinstance(value, list) else None
    if listed is None:
        total = value.get("total") if isinstance(value, dict) else None
        if total:
            outcome.dropped.append(f"datasets : {total} jeu(x) de données non listé(s) dans la source (lisez l'API en ligne)")
        return []
    kept: list[dict[str, Any]] = []
    for item in listed:
        identifier = item.get("id") if isinstance(item, dict) else item
        if not isinstance(identifier, str) or not _OBJECT_ID.match(identifier):
            outcome.dropped.append(f"jeu de données « {identifier} » (identifiant invalide)")
            continue
        if any(d["id"] == identifier for d in kept):
            continue
        entry = {"id": identifier}
        title = one_line(item.get("title")) if isinstance(item, dict) else None
        if title and 3 <= len(title) <= 300:
            entry["title"] = title
        kept.append(entry)
    return kept


def map_status(data: Mapping[str, Any], outcome: Outcome) -> str | None:
    """Archived on data.gouv.fr: retired; deleted there: retired too (guessed)."""
    if data.get("archived_at"):
        return "retired"
    if data.get("deleted_at"):
        outcome.guessed.append(f"status retired (supprimée sur data.gouv.fr le {str(data['deleted_at'])[:10]})")
        return "retired"
    return None


def map_dataservice(data: Mapping[str, Any], context: Context, outcome: Outcome) -> dict[str, Any]:
    """A dataservice → our API record (fields in no particular order)."""
    note_keys(data, outcome)
    organization = data.get("organization") if isinstance(data.get("organization"), dict) else {}
    words = map_words(data, context.themes, outcome)
    date = _DATE.match(str(data.get("metadata_modified_at") or ""))
    record: dict[str, Any] = {
        "title": one_line(data.get("title")),
        "producer": context.providers.get(str(organization.get("id"))),
        **map_access(data, outcome),
        "status": map_status(data, outcome),
        **words,
        "description": markdown_text(data.get("description")),
        **map_documentation(data, outcome),
        "contact_link": map_contact(data, outcome),
        "licence": data.get("license") if data.get("license") in enum_values("api", "licence") else None,
        **map_rate_limit(data, outcome),
        **map_availability(data, outcome),
        "datasets": map_datasets(data, context.datasets.get(data["id"]), outcome),
        "last_update": date.group(1) if date else None,
        "datagouv_id": data["id"],
    }
    if data.get("license") and record["licence"] is None:
        outcome.dropped.append(f"license « {data['license']} » (hors de la liste de data.gouv.fr)")
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def map_organization(org: Mapping[str, Any], outcome: Outcome) -> dict[str, Any]:
    """An organisation → our provider record: name, acronym, id; site, presentation and type when known.

    A dataservice names its organisation by reference (id, name, acronym);
    the full organisation (read online) adds its site (``url``) and
    presentation (``description``).
    """
    record: dict[str, Any] = {
        "name": one_line(org.get("name")),
        "acronym": one_line(org.get("acronym")),
        "site": one_line(org.get("url")),
        "description": markdown_text(org.get("description")),
        "datagouv_id": org.get("id"),
    }
    kinds = [b.get("kind") for b in as_list(org.get("badges")) if isinstance(b, dict)]
    for kind in kinds:
        if kind in BADGE_TYPES:
            record["type"] = BADGE_TYPES[kind]
            outcome.guessed.append(f"type « {BADGE_TYPES[kind]} » (badge {kind})")
            break
    if record["acronym"] and len(record["acronym"]) < 2:
        outcome.dropped.append(f"acronym « {record['acronym']} » (moins de 2 caractères)")
        record["acronym"] = None
    return {key: value for key, value in record.items() if value not in (None, "")}
