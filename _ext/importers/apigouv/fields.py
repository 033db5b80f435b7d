"""From an old record's fields to ours: one function per field or group of fields.

Each function records in the record's :class:`~importers.framework.report.Outcome`
what it mapped, guessed or dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from catalogue.records.french import fold
from catalogue.records.kinds import IDENTIFIER
from catalogue.records.schema import enum_values

from ..framework.matching import ProviderIndex, ThemeList, as_list, capitalise, integer, one_line
from ..framework.report import Outcome
from .markdown import ABSOLUTE, convert_markdown, markdown_link
from .reading import fix_keys
from .tables import (
    ACCESS_VALUES,
    DROPPED_KEYS,
    ELIGIBLE_VALUES,
    OTHER_PROVIDER_TYPE,
    PROVIDER_DROPPED_KEYS,
    PROVIDER_KEYS,
    UNMAPPED_KEYS,
    API_KEYS,
)

_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(.*)$", re.DOTALL)
_EMAIL = re.compile(r"(?:mailto:)?[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")
_UUID = re.compile(r"^([0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def map_date(value: Any, outcome: Outcome) -> str | None:
    """``DD/MM/YYYY`` (maybe followed by a remark) → ``YYYY-MM-DD``."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = one_line(value)
    if text is None:
        return None
    match = _DATE.match(text)
    if not match:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return text
        outcome.dropped.append(f"last_update « {text} » (pas une date JJ/MM/AAAA)")
        return None
    day, month, year, rest = match.groups()
    try:
        iso = dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        outcome.dropped.append(f"last_update « {text} » (date impossible)")
        return None
    if rest.strip():
        outcome.dropped.append(f"last_update : texte après la date « {rest.strip()} »")
    return iso


def map_contact(value: Any, key: str, outcome: Outcome) -> str | None:
    """Keep the first of several e-mail addresses (our field holds one contact)."""
    text = one_line(value)
    if text is None:
        return None
    emails = _EMAIL.findall(text)
    if len(emails) > 1 and not re.sub(r"[\s,;]|(?:et|ou)\b", "", _EMAIL.sub("", text)):
        outcome.dropped.append(f"{key} : second courriel {', '.join(emails[1:])}")
        return emails[0]
    return text


def map_availability(value: Any, outcome: Outcome) -> int | float | None:
    """``uptime`` (measured last month) used as ``availability`` (a target): a guess."""
    if isinstance(value, bool) or value is None:
        return None
    number: int | float | None = value if isinstance(value, (int, float)) else None
    if isinstance(value, str):
        cleaned = value.replace(",", ".").replace("%", "").strip()
        if re.fullmatch(r"\d+(\.\d+)?", cleaned):
            number = float(cleaned) if "." in cleaned else int(cleaned)
    if number is None or not 0 < number <= 100:
        outcome.dropped.append(f"uptime « {value} » (pas un pourcentage)")
        return None
    outcome.guessed.append("availability (uptime)")
    return number


def map_datagouv(value: Any, outcome: Outcome) -> list[str]:
    kept: list[str] = []
    for item in as_list(value):
        text = one_line(item)
        if text is None:
            continue
        if not _UUID.match(text.lower()):
            outcome.dropped.append(f"datagouv_uuid « {text} » (identifiant invalide)")
            continue
        if text.lower() not in kept:
            kept.append(text.lower())
    return kept


def map_keywords(value: Any) -> list[str]:
    """Stripped, deduplicated (case and accents ignored), in the old order."""
    seen: dict[str, str] = {}
    for item in as_list(value):
        text = one_line(item)
        if text and fold(text) not in seen:
            seen[fold(text)] = text
    return list(seen.values())


def map_themes(value: Any, themes: ThemeList, outcome: Outcome) -> list[str]:
    kept: list[str] = []
    for item in as_list(value):
        old = one_line(item)
        if old is None:
            continue
        new = themes.resolve(old)
        if new is None:
            outcome.dropped.append(f"thème « {old} » (hors de la liste)")
            continue
        if fold(new) != fold(old):
            outcome.guessed.append(f"thème « {old} » → « {new} »")
        if new not in kept:
            kept.append(new)
    return kept


def map_partners(value: Any, providers: ProviderIndex, outcome: Outcome) -> list[str]:
    kept: list[str] = []
    for item in as_list(value):
        name = one_line(item)
        if name is None:
            continue
        found, how = providers.match(name)
        if found is not None:
            if how != "id":
                outcome.guessed.append(f"partenaire « {name} » → {found} (par {how})")
            elif found != name:
                outcome.renamed.append(f"partenaire {name} → {found}")
            new = found
        elif IDENTIFIER.match(name):
            new = capitalise(name)
            outcome.guessed.append(f"partenaire « {name} » hors catalogue → nom libre « {new} »")
        else:
            new = name
        if new not in kept:
            kept.append(new)
    return kept


def map_eligibility(value: Any, outcome: Outcome, notes: list[str]) -> list[dict[str, Any]]:
    """``access_page`` → ``eligibility``: labels joined, 1/0/-1 → yes/under_condition/no."""
    items: list[dict[str, Any]] = []
    for index, old in enumerate(as_list(value), start=1):
        if not isinstance(old, dict):
            outcome.dropped.append(f"access_page[{index}] (pas une table)")
            continue
        item: dict[str, Any] = {}
        who = [text for text in (one_line(w) for w in as_list(old.get("who"))) if text]
        if who:
            item["who"] = " ; ".join(who)
        eligible = integer(old.get("is_eligible"))
        if eligible in ELIGIBLE_VALUES:
            item["eligible"] = ELIGIBLE_VALUES[eligible]
        elif old.get("is_eligible") is not None:
            outcome.dropped.append(f"access_page[{index}].is_eligible « {old.get('is_eligible')} »")
        converted = convert_markdown(old.get("description"))
        notes.extend(converted.notes)
        if converted.text:
            item["description"] = converted.text
        items.append(item)
    return items


@dataclass
class Context:
    themes: ThemeList
    providers: ProviderIndex


def note_dropped_keys(old: Mapping[str, Any], dropped: Iterable[str], outcome: Outcome) -> None:
    """Report the keys our format has no place for, and the keys left empty (``key:``)."""
    dropped = set(dropped)
    for key, value in old.items():
        if key in dropped:
            outcome.dropped_keys.append(key)
            outcome.dropped.append(key)
        elif (value is None or value == "" or value == []) and key != "content_intro":
            outcome.dropped.append(f"{key} (vide)")


def map_access(old: Mapping[str, Any], outcome: Outcome, notes: list[str]) -> dict[str, Any]:
    """``is_open``, ``datapass_link`` / ``account_link`` and ``access_page``."""
    record: dict[str, Any] = {}
    if old.get("is_open") is not None:
        access = ACCESS_VALUES.get(integer(old["is_open"]))  # type: ignore[arg-type]
        if access:
            record["access"] = access
        else:
            outcome.dropped.append(f"is_open « {old['is_open']} » (ni 1, ni 0, ni -1)")
    datapass, account = one_line(old.get("datapass_link")), one_line(old.get("account_link"))
    if datapass or account:
        record["access_link"] = datapass or account
        if datapass and account and datapass != account:
            outcome.dropped.append("account_link (datapass_link gardé)")
    if old.get("access_page"):
        eligibility = map_eligibility(old["access_page"], outcome, notes)
        if eligibility:
            record["eligibility"] = eligibility
    return record


def map_rate_limit(old: Mapping[str, Any], outcome: Outcome, notes: list[str]) -> str | None:
    """``rate_limiting_description``, with ``rate_limiting_link`` as a link at its end.

    Our format has no field for the link; two old records have one, and a
    link at the end of the explanation is where a reader looks for it.
    """
    converted = convert_markdown(old.get("rate_limiting_description"))
    notes.extend(converted.notes)
    text = converted.text
    link = one_line(old.get("rate_limiting_link"))
    if link and ABSOLUTE.match(link):
        text = (text + "\n" if text else "") + markdown_link("En savoir plus sur la limite d'appels", link) + "\n"
    elif link:
        outcome.dropped.append(f"rate_limiting_link « {link} » (adresse relative)")
    return text


def map_description(old: Mapping[str, Any], body: str, notes: list[str]) -> str | None:
    """``content_intro`` then the body, converted together (headings nest across both)."""
    intro = old.get("content_intro")
    parts = [p for p in (intro if isinstance(intro, str) else "", body) if p and p.strip()]
    converted = convert_markdown("\n\n".join(parts))
    notes.extend(converted.notes)
    return converted.text


def map_api(front: Mapping[str, Any], body: str, context: Context, outcome: Outcome) -> dict[str, Any]:
    """An old API record → our API record (fields in no particular order)."""
    old = fix_keys(front, API_KEYS, outcome)
    note_dropped_keys(old, [*DROPPED_KEYS, *UNMAPPED_KEYS], outcome)
    notes: list[str] = []  # what the text conversions dropped, reported last
    record: dict[str, Any] = {}
    for key in ("title", "tagline", "external_site", "rate_limiting_resume", "monitoring_link"):
        if one_line(old.get(key)):
            record[key] = one_line(old.get(key))
    producer = one_line(old.get("producer"))
    if producer:
        record["producer"] = context.providers.resolve_id(producer)
        if record["producer"] != producer:
            outcome.renamed.append(f"producer {producer} → {record['producer']}")
    optional: dict[str, Any] = {
        "partners": map_partners(old.get("partners"), context.providers, outcome),
        **map_access(old, outcome, notes),
        "themes": map_themes(old.get("themes"), context.themes, outcome),
        "keywords": map_keywords(old.get("keywords")),
        "description": map_description(old, body, notes),
        "documentation_link": one_line(old.get("doc_tech_external")),
        "openapi_link": one_line(old.get("doc_tech_link")),
        "contact_link": map_contact(old.get("contact_link"), "contact_link", outcome),
        "rate_limiting_description": map_rate_limit(old, outcome, notes),
        "availability": map_availability(old["uptime"], outcome) if old.get("uptime") is not None else None,
        "datasets": [{"id": uuid} for uuid in map_datagouv(old.get("datagouv_uuid"), outcome)],
        "last_update": map_date(old["last_update"], outcome) if old.get("last_update") is not None else None,
    }
    record.update({key: value for key, value in optional.items() if value not in (None, [], "")})
    status = one_line(old.get("status"))
    if status in enum_values("api", "status"):
        record["status"] = status
    elif status:
        outcome.dropped.append(f"status « {status} »")
    outcome.dropped.extend(dict.fromkeys(notes))
    return record


def map_provider_type(value: Any, outcome: Outcome) -> str | None:
    text = one_line(value)
    if text is None:
        return None
    allowed = enum_values("provider", "type")
    for name in allowed:
        if fold(name) == fold(text):
            return name
    outcome.guessed.append(f"type « {text} » → « {OTHER_PROVIDER_TYPE} »")
    return OTHER_PROVIDER_TYPE


def map_provider(front: Mapping[str, Any], outcome: Outcome) -> dict[str, Any]:
    """An old provider record → our provider record."""
    old = fix_keys(front, PROVIDER_KEYS, outcome)
    note_dropped_keys(old, PROVIDER_DROPPED_KEYS, outcome)
    record: dict[str, Any] = {}
    for key in ("name", "acronym", "site", "annuaire"):
        if one_line(old.get(key)):
            record[key] = one_line(old[key])
    kind = map_provider_type(old.get("type"), outcome)
    if kind:
        record["type"] = kind
    contact = map_contact(old.get("contact"), "contact", outcome)
    if contact:
        record["contact"] = contact
    texts = [old.get("short"), old.get("description")]
    parts = [t for t in texts if isinstance(t, str) and t.strip()]
    described = convert_markdown("\n\n".join(parts))
    outcome.dropped.extend(described.notes)
    if described.text:
        record["description"] = described.text
    return record
