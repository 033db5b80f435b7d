"""The directives that place catalogue tables on hand-written pages.

``api-table``, ``provider-table`` and ``theme-tables`` (see
:mod:`catalogue.pages.tables` for their options and what they show).  Each
returns a placeholder; the domain collects it when the page is read, and it
is filled when the page is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..reading.placeholders import placeholder
from ..records import schema
from .tables import API_COLUMNS, DEFAULT_API_COLUMNS, DEFAULT_PROVIDER_COLUMNS, PROVIDER_COLUMNS, ApiTable, ProviderTable, ThemeTables


def _choices(kind: str, prop: str) -> Callable[[str], tuple[str, ...]]:
    allowed = schema.enum_values(kind, prop)  # type: ignore[arg-type]

    def convert(argument: str) -> tuple[str, ...]:
        values = tuple(v.strip() for v in (argument or "").split(",") if v.strip())
        for value in values:
            if value not in allowed:
                raise ValueError(f"« {value} » inconnu ; valeurs permises : {', '.join(allowed)}")
        return values

    return convert


def _columns(known: dict[str, str]) -> Callable[[str], tuple[str, ...]]:
    def convert(argument: str) -> tuple[str, ...]:
        values = tuple(v.strip() for v in (argument or "").split(",") if v.strip())
        for value in values:
            if value not in known:
                raise ValueError(f"colonne « {value} » inconnue ; colonnes : {', '.join(known)}")
        if not values:
            raise ValueError("donnez au moins une colonne")
        return values

    return convert


class _LateDirective(SphinxDirective):
    """A directive whose output is a placeholder."""

    def place(self, spec: Any) -> list[nodes.Node]:
        node = placeholder(spec)
        self.set_source_info(node)
        return [node]


class ApiTableDirective(_LateDirective):
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "theme": directives.unchanged_required,
        "access": _choices("api", "access"),
        "status": _choices("api", "status"),
        "producer": directives.unchanged_required,
        "partner": directives.unchanged_required,
        "columns": _columns(API_COLUMNS),
        "sort": lambda arg: directives.choice(arg, ("title", "last_update")),
        "limit": directives.positive_int,
        "filters": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        options = dict(self.options)
        spec = ApiTable(
            theme=options.get("theme"),
            access=options.get("access", ()),
            status=options.get("status", ()),
            producer=options.get("producer"),
            partner=options.get("partner"),
            columns=options.get("columns", DEFAULT_API_COLUMNS),
            sort=options.get("sort", "title"),
            limit=options.get("limit"),
            filters="filters" in options,
            location=(self.env.current_document.docname, self.lineno),
        )
        return self.place(spec)


class ProviderTableDirective(_LateDirective):
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "type": _choices("provider", "type"),
        "columns": _columns(PROVIDER_COLUMNS),
    }

    def run(self) -> list[nodes.Node]:
        types = self.options.get("type", ())
        if len(types) > 1:
            raise self.error("provider-table : donnez un seul type d'organisme")
        spec = ProviderTable(
            type=types[0] if types else None,
            columns=self.options.get("columns", DEFAULT_PROVIDER_COLUMNS),
        )
        return self.place(spec)


class ThemeTablesDirective(_LateDirective):
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "columns": _columns(API_COLUMNS),
    }

    def run(self) -> list[nodes.Node]:
        return self.place(ThemeTables(columns=self.options.get("columns", ThemeTables.columns)))


#: The directives, by name.
DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "api-table": ApiTableDirective,
    "provider-table": ProviderTableDirective,
    "theme-tables": ThemeTablesDirective,
}
