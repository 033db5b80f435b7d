"""Finding the record that already stands for a source's object, by the source's own id.

A catalogue that keeps an id of its source (``datagouv_id``) must find the
same record again at the next import, even when a human renamed the file
or when the source renamed the object (data.gouv.fr slugs follow titles).
The file name alone cannot say it; the stored id can.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from catalogue.records.kinds import RECORD_DIRS, Kind


def records_by_field(root: Path, kind: Kind, field: str) -> dict[str, list[str]]:
    """For each value of *field* among the records of *kind*: the identifiers holding it.

    More than one identifier for a value is a conflict the caller reports;
    unreadable files are skipped (``make validate`` reports them).
    """
    found: dict[str, list[str]] = {}
    for path in sorted((root / RECORD_DIRS[kind]).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        value = data.get(field) if isinstance(data, dict) else None
        if isinstance(value, str) and value.strip():
            found.setdefault(value.strip(), []).append(path.stem)
    return found
