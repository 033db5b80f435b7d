"""Matching what a source names to what the catalogue holds: themes, providers, identifiers.

A source names a theme with its own spelling, a provider by id, acronym or
name, and gives file names that are not our identifiers.  These are the
same problems for every format; an importer brings only its own aliases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalogue.records.french import fold
from catalogue.records.kinds import RECORD_DIRS


def one_line(value: Any) -> str | None:
    """A one-line text value, stripped; None for null or empty."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    return None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def slug(name: str) -> str:
    """An old file name or id made into one of ours: ``sirene_v3`` → ``sirene-v3``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def capitalise(name: str) -> str:
    """The first letter in capitals: ``renater`` → ``Renater``, ``1jeune1solution`` → ``1Jeune1solution``."""
    for index, char in enumerate(name):
        if char.isalpha():
            return name[:index] + char.upper() + name[index + 1 :]
    return name


@dataclass(frozen=True)
class ThemeList:
    """Our controlled list of themes, and the old spellings that lead to it."""

    names: tuple[str, ...]
    #: Other spellings (compared case and accents ignored) → a name of the list.
    aliases: Mapping[str, str] = field(default_factory=dict)

    def resolve(self, old: str) -> str | None:
        by_fold = {fold(name): name for name in self.names}
        key = fold(" ".join(old.split()))
        if key in by_fold:
            return by_fold[key]
        aliases = {fold(k): v for k, v in self.aliases.items()}
        target = aliases.get(key)
        return target if target in self.names else None


@dataclass
class ProviderIndex:
    """Providers known to the import: imported ones (after renaming) and existing records."""

    #: Old provider id (file name) → our id.
    renames: dict[str, str] = field(default_factory=dict)
    #: Our id → (name, acronym).
    known: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def resolve_id(self, old: str) -> str:
        """The id a ``producer:`` names, following renames."""
        return self.renames.get(old) or self.renames.get(slug(old)) or slug(old)

    def match(self, partner: str) -> tuple[str | None, str]:
        """The provider a ``partners`` entry names, and how: (id, "id" / "acronyme" / "nom")."""
        if partner in self.known:
            return partner, "id"
        if partner in self.renames:
            return self.renames[partner], "id"
        key = fold(" ".join(partner.split()))
        for what, position in (("acronyme", 1), ("nom", 0)):
            found = sorted(
                pid for pid, names in self.known.items() if names[position] and fold(names[position]) == key
            )
            if len(found) == 1:
                return found[0], what
        # An id typed with "_" or capitals ("france_travail"): the renaming rule applies.
        if " " not in partner.strip():
            candidate = self.renames.get(slug(partner)) or slug(partner)
            if candidate in self.known:
                return candidate, "id"
        return None, ""


def load_theme_names(root: Path, aliases: Mapping[str, str]) -> ThemeList:
    names = []
    for path in sorted((root / RECORD_DIRS["theme"]).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            names.append(data["name"])
    return ThemeList(tuple(names), aliases)


def existing_providers(root: Path) -> dict[str, tuple[str | None, str | None]]:
    known: dict[str, tuple[str | None, str | None]] = {}
    for path in sorted((root / RECORD_DIRS["provider"]).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            data = None
        data = data if isinstance(data, dict) else {}
        known[path.stem] = (one_line(data.get("name")), one_line(data.get("acronym")))
    return known
