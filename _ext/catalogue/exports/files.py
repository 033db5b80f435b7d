"""Writing the site's files for machines: only when their content changed.

Every file is written through a serializer (``json``, ``csv``,
``xml.etree``), never from a text template, and only when its bytes
differ from what is on disk, so that an incremental build keeps the
modification times of what did not change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_bytes(path: Path, data: bytes) -> None:
    """Write *data* only if it differs from the file's content (keeps mtimes)."""
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write *text* only if it differs from the file's content (keeps mtimes)."""
    write_bytes(path, text.encode(encoding))


def write_json(path: Path, data: Any, indent: int | None = None) -> None:
    """JSON in UTF-8; compact by default (Python's fast encoder), for machines."""
    write_text(path, json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
