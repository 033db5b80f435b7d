"""The long texts of records, kept beside the doctrees rather than in the environment.

Sphinx's parallel reader sends the whole environment back from each batch
of documents and merges it: everything the catalogue domain holds is
pickled again and again.  Other pages need a record's title, links and
facets, never its description, so the domain holds records without their
Markdown texts (see :func:`catalogue.records.model.without_texts`), and the
texts go to one small JSON file per record, read back only by the exports.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..records.format import Format
from ..records.model import Record, record_texts

FOLDER = "catalogue-texts"


def path_for(doctreedir: str | Path, docname: str) -> Path:
    return Path(doctreedir) / FOLDER / f"{docname}.json"


def save(doctreedir: str | Path, record: Record, form: Format) -> None:
    path = path_for(doctreedir, record.docname)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record_texts(record, form), ensure_ascii=False), encoding="utf-8")


def load(doctreedir: str | Path, docname: str) -> dict[str, Any]:
    """The texts saved for *docname*; empty if there are none (yet)."""
    try:
        return json.loads(path_for(doctreedir, docname).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
