"""Reading what a build wrote besides pages: the search index and its progress lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .text import clean


def search_index(outdir: Path) -> dict:
    text = (Path(outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert text.startswith("Search.setIndex(") and text.endswith(")")
    return json.loads(text[len("Search.setIndex("):-1])


def index_docs(value) -> set[int]:
    return set(value) if isinstance(value, list) else {value}


def written_docs(status: str) -> list[str]:
    """Documents a build wrote, from its ``writing output... [ nn%] docname`` lines."""
    return re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", clean(status))


def read_docs(status: str) -> list[str]:
    return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", clean(status))


def environment_line(status: str) -> str:
    """The ``updating environment: ...`` summary of a build, without its prefix."""
    found = re.findall(r"updating environment: (?:\[[^\]]*\] )?(\d+ added, \d+ changed, \d+ removed)", clean(status))
    assert len(found) == 1, f"expected one 'updating environment' line in:\n{status}"
    return found[0]
