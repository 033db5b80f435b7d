"""The catalogue's records, as the build keeps them: one value per field of the format.

A record holds, for every field its kind's schema declares (see
:mod:`.format`), the value the file gave once checked, or the field's
default: a field that failed its check is absent rather than wrong (see
:func:`catalogue.checks.record.prune`), so an invalid record is still
listed and its page shows what could be read.  Fields are read as
attributes (``api.title``, ``api.eligibility[0].who``); there is no list of
them here to keep in step with the schema.

Records are frozen and picklable: they live in Sphinx's environment
between builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from .format import Field, Format, record_format
from .french import sort_key
from .kinds import Kind, identifier_of
from .schema import DEFAULT_SCHEMA_DIR


class _Fields:
    """Read a mapping of fields as attributes; refuse names that are not fields."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "values":
            raise AttributeError(name)
        try:
            return self.values[name]  # type: ignore[attr-defined]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} n'a pas de champ {name!r}") from None


@dataclass(frozen=True, slots=True, eq=True)
class Entry(_Fields):
    """One entry of a list of tables (an eligibility entry: ``who``, ``eligible``...)."""

    values: Mapping[str, Any]

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True, eq=True)
class Record(_Fields):
    kind: ClassVar[Kind]
    #: The field that names the record.
    name_field: ClassVar[str] = "name"

    id: str
    docname: str
    #: Every field of the kind's format: its value, or its default.
    values: Mapping[str, Any]
    #: Number of problems found while reading the file (0 for a clean record).
    problems: int = 0
    #: The start of the description, in one line (page metadata); unset
    #: for APIs, whose tagline serves.
    summary: str | None = None

    __hash__ = None  # type: ignore[assignment]

    @property
    def title(self) -> str:
        """What pages, links and tables call the record."""
        return self.values[self.name_field]

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return sort_key(self.values[self.name_field], self.id)


@dataclass(frozen=True, slots=True, eq=True)
class ApiRecord(Record):
    kind: ClassVar[Kind] = "api"
    name_field: ClassVar[str] = "title"

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True, eq=True)
class ProviderRecord(Record):
    kind: ClassVar[Kind] = "provider"

    __hash__ = None  # type: ignore[assignment]

    @property
    def title(self) -> str:
        """The provider's display name: ``Nom (SIGLE)``."""
        name, acronym = self.values["name"], self.values.get("acronym")
        if acronym and acronym.casefold() not in name.casefold():
            return f"{name} ({acronym})"
        return name

    @property
    def short_name(self) -> str:
        """The acronym when there is one: tables are read on phones."""
        return self.values.get("acronym") or self.values["name"]


@dataclass(frozen=True, slots=True, eq=True)
class ThemeRecord(Record):
    kind: ClassVar[Kind] = "theme"

    __hash__ = None  # type: ignore[assignment]


RECORD_CLASSES: dict[Kind, type[Record]] = {"api": ApiRecord, "provider": ProviderRecord, "theme": ThemeRecord}


# -- Building records ----------------------------------------------------------------------


def build_record(
    kind: Kind, docname: str, data: Mapping[str, Any], problems: int, schema_dir: Path = DEFAULT_SCHEMA_DIR
) -> Record:
    """Make a record from *data* that :func:`~catalogue.checks.record.prune` cleaned.

    A missing required name gets a neutral value (the identifier), so that
    an invalid record is still listed and its page still shows what could
    be read.
    """
    form = record_format(kind, schema_dir)
    identifier = identifier_of(docname)
    values = {f.name: _value(f, data.get(f.name)) for f in form.fields}
    values[form.title_field] = values[form.title_field] or identifier
    # An API's tagline says what the page is about; other records get the
    # start of their description (the environment holds thousands of APIs).
    summary = None if kind == "api" else summarize(values.get("description"))
    return RECORD_CLASSES[kind](identifier, docname, values, problems, summary)


def _value(field: Field, raw: Any) -> Any:
    if field.sort == "entries":
        if not isinstance(raw, list):
            return ()
        entries = []
        for item in raw:
            if not isinstance(item, dict):
                continue
            values = {sub.name: _value(sub, item.get(sub.name)) for sub in field.subfields}
            if all(values[sub.name] is not None for sub in field.subfields if sub.required and sub.sort != "enum"):
                entries.append(Entry(values))
        return tuple(entries)
    if field.sort == "list":
        return tuple(item for item in raw if isinstance(item, str)) if isinstance(raw, list) else ()
    if field.sort == "number":
        return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    if isinstance(raw, str) and raw.strip():
        return raw
    return field.default


def summarize(text: str | None, length: int = 300) -> str | None:
    """*text* in one line, cut at a word boundary near *length* characters."""
    if not text:
        return None
    line = " ".join(text.split())
    if len(line) <= length:
        return line
    return line[:length].rsplit(" ", 1)[0] + "…"


# -- Long texts ------------------------------------------------------------------------------
#
# The Markdown texts of a record are needed to build its own page and the
# exports, not by other pages: the domain keeps records without them (see
# catalogue.reading.long_texts).


def record_texts(record: Record, form: Format) -> dict[str, Any]:
    """The Markdown texts of *record*: top-level fields, and entries' (one list per field)."""
    texts: dict[str, Any] = {}
    for field in form.fields:
        if field.markdown:
            texts[field.name] = record.values[field.name]
        elif field.sort == "entries" and any(sub.markdown for sub in field.subfields):
            texts[field.name] = [
                {sub.name: entry.values[sub.name] for sub in field.subfields if sub.markdown}
                for entry in record.values[field.name]
            ]
    return texts


def without_texts(record: Record, form: Format) -> Record:
    """*record* without its Markdown texts, as the domain keeps it."""
    return with_texts(record, form, {})


def with_texts(record: Record, form: Format, texts: Mapping[str, Any]) -> Record:
    """*record* with the texts of :func:`record_texts` put back (or taken out, for ``{}``)."""
    values = dict(record.values)
    for field in form.fields:
        if field.markdown:
            values[field.name] = texts.get(field.name)
        elif field.sort == "entries" and any(sub.markdown for sub in field.subfields):
            saved = texts.get(field.name) or []
            values[field.name] = tuple(
                Entry(
                    {
                        **entry.values,
                        **{
                            sub.name: saved[index].get(sub.name) if index < len(saved) else None
                            for sub in field.subfields
                            if sub.markdown
                        },
                    }
                )
                for index, entry in enumerate(record.values[field.name])
            )
    return replace(record, values=values)
