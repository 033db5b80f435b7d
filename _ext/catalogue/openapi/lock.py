"""``apis/openapi/specs.lock.json``: where each snapshot came from, and when it last changed.

``make specs`` writes it (:mod:`catalogue.commands.specs`); a page may
read it to say "specification of 15 January 2026, from <address>".  One
definition of the format, for both::

    {
      "format": 1,
      "specs": {
        "api-entreprise": {
          "file": "api-entreprise.yaml",
          "sha256": "…",
          "source": "https://entreprise.api.gouv.fr/v3/openapi.yaml",
          "updated": "2026-01-15"
        }
      }
    }

Pretty JSON, keys sorted, one final newline: the same entries always give
the same bytes, so that a run where nothing changed changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..records.kinds import LOCK_NAME

__all__ = ["LOCK_NAME", "LockEntry", "lock_bytes", "read_lock"]

LOCK_FORMAT = 1


@dataclass(frozen=True, slots=True)
class LockEntry:
    #: The snapshot's file name in ``apis/openapi/``.
    file: str
    sha256: str
    #: The record's ``openapi_link`` it was downloaded from.
    source: str
    #: ``YYYY-MM-DD``: when the snapshot last changed.
    updated: str


def read_lock(path: Path) -> tuple[dict[str, LockEntry], bool]:
    """The entries of the lock file at *path*, by API identifier, and whether it was readable.

    A missing file is readable and empty; an entry that is not well formed
    is left out (and the file said unreadable), never an exception.
    """
    if not path.is_file():
        return {}, True
    try:
        specs = json.loads(path.read_text(encoding="utf-8"))["specs"]
        entries = {name: _entry(value) for name, value in specs.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, False
    kept = {name: entry for name, entry in entries.items() if entry is not None}
    return kept, len(kept) == len(entries)


def _entry(value: object) -> LockEntry | None:
    if not isinstance(value, dict) or not all(isinstance(value.get(key), str) for key in LockEntry.__slots__):
        return None
    try:
        dt.date.fromisoformat(value["updated"])
    except ValueError:
        return None
    return LockEntry(**{key: value[key] for key in LockEntry.__slots__})


def lock_bytes(entries: dict[str, LockEntry]) -> bytes:
    document = {"format": LOCK_FORMAT, "specs": {name: asdict(entry) for name, entry in entries.items()}}
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
