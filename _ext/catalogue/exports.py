"""Files the site publishes beside its pages, and the build's closing count.

- ``_static/schemas/*.schema.json``: the record schemas, with the theme list
  as an ``enum``, so that an editor (yaml-language-server) checks a record
  as the build does;
- the summary line: how many API records the catalogue holds and how many
  API pages the output holds, which must be equal (no record is ever
  dropped silently).

JSON is always written through :mod:`json`, never assembled as text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from . import schema
from .records import kind_of

logger = logging.getLogger(__name__)


def write_json(path: Path, data: Any) -> None:
    """Write *data* as UTF-8 JSON, only if it differs from what is there."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def publish_schemas(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the schemas, for editors, under ``_static/schemas/``."""
    if exception is not None or app.builder.format != "html":
        return
    catalogue = app.env.domains["catalogue"].catalogue
    themes = [theme.name for theme in catalogue.sorted_themes]
    for kind, filename in schema.SCHEMA_FILES.items():
        write_json(Path(app.outdir) / "_static" / "schemas" / filename, schema.published(kind, themes))


def report_counts(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: say how many API records were read and pages written."""
    if exception is not None or app.builder.format != "html":
        return
    catalogue = app.env.domains["catalogue"].catalogue
    api_docs = [docname for docname in app.env.all_docs if kind_of(docname) == "api"]
    written = [
        docname
        for docname in api_docs
        if (Path(app.outdir) / app.builder.get_target_uri(docname)).is_file()
    ]
    logger.info(
        "catalogue : %d fiches d'API lues, %d pages d'API écrites (%d fournisseurs, %d thèmes)",
        len(api_docs),
        len(written),
        len(catalogue.providers),
        len(catalogue.themes),
    )
    missing = sorted(set(api_docs) - set(written))
    if missing:
        logger.warning(
            "catalogue : %d fiche(s) d'API sans page : %s",
            len(missing),
            ", ".join(missing),
            type="catalogue",
            subtype="pages",
        )
