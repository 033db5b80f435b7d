"""Changing one top-level key of a record file, and nothing else.

A tool that learns one fact about a record (the id data.gouv.fr gave it)
must not rewrite the file: comments, key order, quoting and line ends are
its author's.  :func:`set_top_level_scalar` replaces the key's line, or
appends one, and leaves every other byte as it was; :func:`with_key` checks
that the result reads as the same data plus that key.

Imported files (see :mod:`.writing`) keep their digest line unchanged: a
file that now holds a fact its source does not give is, for the next
import, a file edited since (skipped unless forced), which keeps the fact.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class EditError(Exception):
    """The key could not be set without changing something else."""


def _newline(text: str) -> str:
    match = re.search(r"\r\n|\r|\n", text)
    return match.group(0) if match else "\n"


def _scalar(value: str) -> str:
    """*value* as YAML reads it back as this string (quoted only when needed)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/:@-]*", value) and yaml.safe_load(value) == value:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def set_top_level_scalar(text: str, key: str, value: str) -> str:
    """*text* with ``key: value`` at the top level: its line replaced, or a line appended."""
    newline = _newline(text)
    lines = text.splitlines(keepends=True)
    pattern = re.compile(rf"^{re.escape(key)}[ \t]*:(?=[ \t\r\n]|$)")
    line = f"{key}: {_scalar(value)}"
    for index, current in enumerate(lines):
        if pattern.match(current):
            ending = current[len(current.rstrip("\r\n")) :] or newline
            end = index + 1
            # A value continued on indented lines goes with its key.
            while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
                end += 1
            return "".join([*lines[:index], line + ending, *lines[end:]])
    if text and not text.endswith(("\n", "\r")):
        text += newline
    return text + line + newline


def with_key(text: str, key: str, value: str) -> str:
    """:func:`set_top_level_scalar`, checked: the new text must read as the old data plus the key."""
    try:
        before: Any = yaml.safe_load(text) if text.strip() else {}
        if not isinstance(before, dict):
            raise EditError("le fichier n'est pas une suite de lignes « clé: valeur »")
        changed = set_top_level_scalar(text, key, value)
        after = yaml.safe_load(changed)
    except yaml.YAMLError as exc:
        raise EditError(f"YAML illisible : {getattr(exc, 'problem', exc)}") from None
    if after != {**before, key: value}:
        raise EditError(f"la ligne {key} n'a pas pu être écrite sans changer le reste de la fiche")
    return changed
