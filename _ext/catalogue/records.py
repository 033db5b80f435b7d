"""The catalogue's records: APIs, providers (fournisseurs) and themes.

A record is one YAML file under ``apis/``; its file name is its identifier
and its Sphinx docname gives both its kind and its page's URL:

==========================  ===========  ==============================
file                        kind         page
==========================  ===========  ==============================
``apis/<id>.yml``           API          ``apis/<id>.html``
``apis/fournisseurs/<id>``  provider     ``apis/fournisseurs/<id>.html``
``apis/themes/<id>.yml``    theme        ``apis/themes/<id>.html``
==========================  ===========  ==============================

The classes below hold a record once validated: every field has a plain
Python type, and a field that failed validation is absent rather than wrong
(see :func:`catalogue.validation.prune`).  They are frozen and picklable,
because they live in Sphinx's environment between builds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

Kind = Literal["api", "provider", "theme"]

#: Folder of each record kind, relative to the source directory.
RECORD_DIRS: dict[Kind, str] = {
    "api": "apis",
    "provider": "apis/fournisseurs",
    "theme": "apis/themes",
}

#: A record identifier: the file name without ``.yml``.
IDENTIFIER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def kind_of(docname: str) -> Kind | None:
    """The record kind stored at *docname*, or None if it is no record place."""
    folder, _, _name = docname.rpartition("/")
    for kind, kind_folder in RECORD_DIRS.items():
        if folder == kind_folder:
            return kind
    return None


def identifier_of(docname: str) -> str:
    return docname.rpartition("/")[2]


def docname_for(kind: Kind, identifier: str) -> str:
    return f"{RECORD_DIRS[kind]}/{identifier}"


def suggest_identifier(name: str) -> str:
    """An identifier close to *name*: ``Api_Foo`` → ``api-foo``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return slug or "mon-api"


# -- French ordering ---------------------------------------------------------

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form of *text*: ``"Éducation"`` → ``"education"``.

    Used for sorting, for matching names typed by people, and for search.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def sort_key(text: str, identifier: str = "") -> tuple[str, str, str]:
    """The catalogue's one sort order: French, accents and case ignored.

    Ties (same letters, different accents or case) are broken by the text
    itself, then by the identifier, so that the order is total and stable.
    """
    return (fold(text), text, identifier)


# -- Records -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Eligibility:
    who: str
    eligible: str | None  # "yes" | "no" | "under_condition"
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ApiRecord:
    id: str
    docname: str
    title: str
    tagline: str | None = None
    producer: str | None = None
    partners: tuple[str, ...] = ()
    access: str | None = None
    status: str = "stable"
    sunset_date: str | None = None
    themes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    description: str | None = None
    documentation_link: str | None = None
    openapi_link: str | None = None
    external_site: str | None = None
    contact_link: str | None = None
    terms_link: str | None = None
    terms_summary: str | None = None
    access_link: str | None = None
    access_details: str | None = None
    eligibility: tuple[Eligibility, ...] = ()
    rate_limiting_resume: str | None = None
    rate_limiting_description: str | None = None
    availability: float | None = None
    support: str | None = None
    monitoring_link: str | None = None
    related_apis: tuple[str, ...] = ()
    datagouv_uuid: tuple[str, ...] = ()
    last_update: str | None = None
    #: Number of problems found while reading the file (0 for a clean record).
    problems: int = 0
    #: The start of the description, in one line (page metadata); unset
    #: for APIs, whose tagline serves.
    summary: str | None = None

    kind: Kind = "api"

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return sort_key(self.title, self.id)


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    id: str
    docname: str
    name: str
    acronym: str | None = None
    type: str | None = None
    site: str | None = None
    contact: str | None = None
    annuaire: str | None = None
    description: str | None = None
    problems: int = 0
    summary: str | None = None

    kind: Kind = "provider"

    @property
    def title(self) -> str:
        """The provider's display name: ``Nom (SIGLE)``."""
        if self.acronym and self.acronym.casefold() not in self.name.casefold():
            return f"{self.name} ({self.acronym})"
        return self.name

    @property
    def short_name(self) -> str:
        """The acronym when there is one: tables are read on phones."""
        return self.acronym or self.name

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return sort_key(self.name, self.id)


@dataclass(frozen=True, slots=True)
class ThemeRecord:
    id: str
    docname: str
    name: str
    description: str | None = None
    problems: int = 0
    summary: str | None = None

    kind: Kind = "theme"

    @property
    def title(self) -> str:
        return self.name

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return sort_key(self.name, self.id)


Record = ApiRecord | ProviderRecord | ThemeRecord

#: The long Markdown texts of records: needed to build a record's own page
#: and the exports, not by other pages (see :mod:`catalogue.texts`).
TEXT_FIELDS = ("description", "access_details", "rate_limiting_description")


def summarize(text: str | None, length: int = 300) -> str | None:
    """*text* in one line, cut at a word boundary near *length* characters."""
    if not text:
        return None
    line = " ".join(text.split())
    if len(line) <= length:
        return line
    return line[:length].rsplit(" ", 1)[0] + "…"


def record_texts(record: Record) -> dict[str, Any]:
    """The long texts of *record*, eligibility explanations included."""
    texts: dict[str, Any] = {
        name: getattr(record, name) for name in TEXT_FIELDS if hasattr(record, name)
    }
    if isinstance(record, ApiRecord):
        texts["eligibility"] = [item.description for item in record.eligibility]
    return texts


def without_texts(record: Record) -> Record:
    """*record* without its long texts, as the domain keeps it."""
    changes: dict[str, Any] = {name: None for name in TEXT_FIELDS if hasattr(record, name)}
    if isinstance(record, ApiRecord):
        changes["eligibility"] = tuple(replace(item, description=None) for item in record.eligibility)
    return replace(record, **changes)


def with_texts(record: Record, texts: dict[str, Any]) -> Record:
    """*record* with the long texts of :func:`record_texts` put back."""
    names = {f.name for f in fields(record)}
    changes: dict[str, Any] = {name: texts.get(name) for name in TEXT_FIELDS if name in names}
    if isinstance(record, ApiRecord):
        explanations = texts.get("eligibility") or []
        changes["eligibility"] = tuple(
            replace(item, description=explanations[i] if i < len(explanations) else None)
            for i, item in enumerate(record.eligibility)
        )
    return replace(record, **changes)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def build_record(kind: Kind, docname: str, data: dict[str, Any], problems: int) -> Record:
    """Make a record from *data* that :func:`~catalogue.validation.prune` cleaned.

    Missing required fields get a neutral value (the identifier as title),
    so that an invalid record is still listed and its page still shows what
    could be read.
    """
    identifier = identifier_of(docname)
    if kind == "api":
        eligibility = tuple(
            Eligibility(
                who=item["who"],
                eligible=_string(item.get("eligible")),
                description=_string(item.get("description")),
            )
            for item in data.get("eligibility") or ()
            if isinstance(item, dict) and _string(item.get("who"))
        )
        availability = data.get("availability")
        return ApiRecord(
            id=identifier,
            docname=docname,
            title=_string(data.get("title")) or identifier,
            tagline=_string(data.get("tagline")),
            producer=_string(data.get("producer")),
            partners=_strings(data.get("partners")),
            access=_string(data.get("access")),
            status=_string(data.get("status")) or "stable",
            sunset_date=_string(data.get("sunset_date")),
            themes=_strings(data.get("themes")),
            keywords=_strings(data.get("keywords")),
            description=_string(data.get("description")),
            documentation_link=_string(data.get("documentation_link")),
            openapi_link=_string(data.get("openapi_link")),
            external_site=_string(data.get("external_site")),
            contact_link=_string(data.get("contact_link")),
            terms_link=_string(data.get("terms_link")),
            terms_summary=_string(data.get("terms_summary")),
            access_link=_string(data.get("access_link")),
            access_details=_string(data.get("access_details")),
            eligibility=eligibility,
            rate_limiting_resume=_string(data.get("rate_limiting_resume")),
            rate_limiting_description=_string(data.get("rate_limiting_description")),
            availability=float(availability)
            if isinstance(availability, (int, float)) and not isinstance(availability, bool)
            else None,
            support=_string(data.get("support")),
            monitoring_link=_string(data.get("monitoring_link")),
            related_apis=_strings(data.get("related_apis")),
            datagouv_uuid=_strings(data.get("datagouv_uuid")),
            last_update=_string(data.get("last_update")),
            problems=problems,
            # No summary: an API's tagline says it, and the environment
            # holds thousands of records.
        )
    if kind == "provider":
        return ProviderRecord(
            id=identifier,
            docname=docname,
            name=_string(data.get("name")) or identifier,
            acronym=_string(data.get("acronym")),
            type=_string(data.get("type")),
            site=_string(data.get("site")),
            contact=_string(data.get("contact")),
            annuaire=_string(data.get("annuaire")),
            description=_string(data.get("description")),
            problems=problems,
            summary=summarize(_string(data.get("description"))),
        )
    return ThemeRecord(
        id=identifier,
        docname=docname,
        name=_string(data.get("name")) or identifier,
        description=_string(data.get("description")),
        problems=problems,
        summary=summarize(_string(data.get("description"))),
    )
