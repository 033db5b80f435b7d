"""The fields of each kind of record, read from the schemas.

The JSON Schemas (:mod:`catalogue.records.schema`) declare the format once;
this module turns each schema into a :class:`Format`: its fields, in the
schema's order, each with the sort of value it holds.  Everything that
lists fields is derived from it:

- the record classes hold one value per field (:mod:`.model`);
- the checks know which fields are Markdown, dates, references;
- the exports (JSON, CSV, and the schema of ``catalogue.json``) write one
  key or column per field;
- a field the code does not render itself is shown on the page where its
  ``x-catalogue`` annotation says (``{"page": {"section": ..., "label":
  ...}}``).

So adding an optional field to the format is one property in the schema,
plus, when the generic rendering does not suit it, its own rendering.

Sorts of value, from the schema (the ``$defs`` a property refers to, its
``type``, ``enum`` and ``contentMediaType``):

==============  ==================================================
``text``        plain text
``markdown``    MyST Markdown (``contentMediaType: text/markdown``)
``url``         an ``http(s)`` address (``$defs/url``; ``$defs/url_or_unpublished``
                also accepts :data:`UNPUBLISHED`)
``contact``     an e-mail address or a URL (``$defs/contact``)
``date``        ``AAAA-MM-JJ`` (``$defs/date``)
``identifier``  the identifier of another record (``$defs/identifier``)
``theme``       a theme's name (``$defs/theme``)
``enum``        one of a controlled list
``number``      a number
``list``        a list of one of the above (see :attr:`Field.item`)
``entries``     a list of small tables (see :attr:`Field.subfields`)
==============  ==================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .kinds import Kind
from .schema import DEFAULT_SCHEMA_DIR, load_schemas

#: The ``$defs`` whose name is the sort of value.
_DEFINED = ("url", "contact", "date", "identifier", "theme")

#: What a record writes in an address it must give but whose provider does
#: not publish it (``terms_link: non publié``): accepted, shown and counted
#: as such, never guessed.
UNPUBLISHED = "non publié"


@dataclass(frozen=True)
class Field:
    name: str
    #: Sort of value: see the module's table.
    sort: str
    required: bool = False
    #: The value of a record that does not give the field.
    default: Any = None
    #: For a ``list``: the sort of its items.
    item: str | None = None
    #: For ``entries``: the fields of each entry.
    subfields: tuple[Field, ...] = ()
    #: The property's ``x-catalogue`` annotation.
    annotation: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: The property's title in the schema (a French label).
    title: str | None = None
    #: Whether the field may say :data:`UNPUBLISHED` instead of an address.
    unpublished: bool = False

    @property
    def is_list(self) -> bool:
        return self.sort in ("list", "entries")

    @property
    def markdown(self) -> bool:
        return self.sort == "markdown"


@dataclass(frozen=True)
class Format:
    kind: Kind
    fields: tuple[Field, ...]

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def title_field(self) -> str:
        """The field that names the record: ``title`` for an API, ``name`` otherwise."""
        return "title" if "title" in self.by_name else "name"

    def of_sort(self, *sorts: str) -> tuple[Field, ...]:
        """Fields holding values of *sorts*, lists of them included."""
        return tuple(f for f in self.fields if f.sort in sorts or f.item in sorts)

    @property
    def markdown_fields(self) -> tuple[str, ...]:
        """Markdown fields at the top level (entries may hold more)."""
        return tuple(f.name for f in self.fields if f.markdown)

    @property
    def unpublished_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.unpublished)

    def shown_in(self, section: str) -> tuple[Field, ...]:
        """Fields that the generic rendering shows in the page's *section*."""
        return tuple(f for f in self.fields if f.annotation.get("page", {}).get("section") == section)


@lru_cache(maxsize=16)
def record_format(kind: Kind, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> Format:
    schema = load_schemas(schema_dir)[kind]
    return Format(kind, _fields(schema))


def _fields(schema: dict[str, Any]) -> tuple[Field, ...]:
    required = set(schema.get("required", ()))
    return tuple(
        _field(name, prop, name in required) for name, prop in schema.get("properties", {}).items()
    )


def _field(name: str, prop: dict[str, Any], required: bool) -> Field:
    sort = _sort(prop)
    item = subfields = None
    default = prop.get("default")
    if sort == "list":
        items = prop.get("items", {})
        if items.get("type") == "object":
            sort, subfields = "entries", _fields(items)
        else:
            item = _sort(items)
        default = ()
    return Field(
        name,
        sort,
        required=required,
        default=default,
        item=item,
        subfields=subfields or (),
        annotation=dict(prop.get("x-catalogue", {})),
        title=prop.get("title"),
        unpublished=prop.get("$ref", "").endswith("/url_or_unpublished"),
    )


def _sort(prop: dict[str, Any]) -> str:
    ref = prop.get("$ref", "")
    if ref.endswith("/url_or_unpublished"):
        return "url"
    for name in _DEFINED:
        if ref.endswith(f"/{name}"):
            return name
    if "enum" in prop:
        return "enum"
    kind = prop.get("type")
    if kind == "array":
        return "list"
    if kind in ("number", "integer"):
        return "number"
    if prop.get("contentMediaType") == "text/markdown":
        return "markdown"
    return "text"
