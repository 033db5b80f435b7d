"""All the records of one catalogue, indexed for the pages that list them.

:class:`Catalogue` is a read-only view: the Sphinx domain builds one from
its data after the read phase (and :command:`make validate` builds one from
the files), then pages, tables, exports and cross-checks ask it questions.
Every list it returns is in the catalogue's one order (French, accents and
case ignored, see :func:`catalogue.records.french.sort_key`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from functools import cached_property
from typing import Any

from .french import fold
from .model import ApiRecord, ProviderRecord, Record, ThemeRecord


class Catalogue:
    def __init__(self, records: Iterable[Record]) -> None:
        apis: dict[str, ApiRecord] = {}
        providers: dict[str, ProviderRecord] = {}
        themes: dict[str, ThemeRecord] = {}
        for record in records:
            if isinstance(record, ApiRecord):
                apis[record.id] = record
            elif isinstance(record, ProviderRecord):
                providers[record.id] = record
            else:
                themes[record.id] = record
        self.apis = apis
        self.providers = providers
        self.themes = themes
        self._memo: dict[Hashable, Any] = {}

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """*compute()*, once per catalogue: a table's rows are computed for
        its digest (which pages to re-write) and again to render it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # -- sorted lists ------------------------------------------------------------

    @cached_property
    def sorted_apis(self) -> list[ApiRecord]:
        return sorted(self.apis.values(), key=lambda r: r.sort_key)

    @cached_property
    def sorted_providers(self) -> list[ProviderRecord]:
        return sorted(self.providers.values(), key=lambda r: r.sort_key)

    @cached_property
    def sorted_themes(self) -> list[ThemeRecord]:
        return sorted(self.themes.values(), key=lambda r: r.sort_key)

    # -- lookups -------------------------------------------------------------------

    @cached_property
    def _by_docname(self) -> dict[str, Record]:
        return {r.docname: r for kind in (self.apis, self.providers, self.themes) for r in kind.values()}

    def record_at(self, docname: str) -> Record | None:
        """The record whose page is *docname*."""
        return self._by_docname.get(docname)

    @cached_property
    def _themes_by_name(self) -> dict[str, ThemeRecord]:
        return {theme.name: theme for theme in self.sorted_themes}

    @cached_property
    def _themes_by_folded_name(self) -> dict[str, ThemeRecord]:
        return {fold(theme.name): theme for theme in self.sorted_themes}

    def theme_named(self, name: str) -> ThemeRecord | None:
        """The theme called exactly *name* (records name themes this way)."""
        return self._themes_by_name.get(name)

    def theme_like(self, text: str) -> ThemeRecord | None:
        """The theme whose id or name is *text*, case and accents ignored.

        For hand-written pages and roles, where a reader may type either.
        """
        return self.themes.get(text) or self._themes_by_folded_name.get(fold(text))

    def api_themes(self, api: ApiRecord) -> list[ThemeRecord]:
        return [theme for name in api.themes if (theme := self.theme_named(name))]

    def producer_of(self, api: ApiRecord) -> ProviderRecord | None:
        return self.providers.get(api.producer) if api.producer else None

    def partner_provider(self, partner: str) -> ProviderRecord | None:
        """The provider a ``partners`` entry names by id, if it names one."""
        return self.providers.get(partner)

    def contact_of(self, api: ApiRecord) -> str | None:
        """The API's contact, falling back on its producer's."""
        if api.contact_link:
            return api.contact_link
        producer = self.producer_of(api)
        return producer.contact if producer else None

    # -- reverse indexes ---------------------------------------------------------

    @cached_property
    def _by_theme(self) -> dict[str, list[ApiRecord]]:
        index: dict[str, list[ApiRecord]] = defaultdict(list)
        for api in self.sorted_apis:
            for theme in self.api_themes(api):
                index[theme.id].append(api)
        return index

    @cached_property
    def _by_producer(self) -> dict[str, list[ApiRecord]]:
        index: dict[str, list[ApiRecord]] = defaultdict(list)
        for api in self.sorted_apis:
            if api.producer:
                index[api.producer].append(api)
        return index

    @cached_property
    def _by_partner(self) -> dict[str, list[ApiRecord]]:
        index: dict[str, list[ApiRecord]] = defaultdict(list)
        for api in self.sorted_apis:
            for partner in api.partners:
                if partner in self.providers:
                    index[partner].append(api)
        return index

    @cached_property
    def _related_to(self) -> dict[str, set[str]]:
        """For each API, the APIs it names or that name it (both ways)."""
        index: dict[str, set[str]] = defaultdict(set)
        for api in self.apis.values():
            for other in api.related_apis:
                if other in self.apis and other != api.id:
                    index[api.id].add(other)
                    index[other].add(api.id)
        return index

    def apis_of_theme(self, theme_id: str) -> list[ApiRecord]:
        return self._by_theme.get(theme_id, [])

    def apis_of_producer(self, provider_id: str) -> list[ApiRecord]:
        return self._by_producer.get(provider_id, [])

    def apis_of_partner(self, provider_id: str) -> list[ApiRecord]:
        return self._by_partner.get(provider_id, [])

    def related(self, api_id: str) -> list[ApiRecord]:
        return sorted(
            (self.apis[other] for other in self._related_to.get(api_id, ())),
            key=lambda r: r.sort_key,
        )
