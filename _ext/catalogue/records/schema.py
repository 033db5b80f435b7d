"""The JSON Schemas of the records: the one declaration of the record format.

The schemas in the site's ``schema/`` folder are the single source of
truth of the record format: the Sphinx build, ``make validate``, the
pre-commit hook and the contributors' editors all read them, and
:mod:`catalogue.records.format` derives from them every list of fields the
code needs.  The list of
themes is the one controlled list that is not written in the schema: it is
the set of theme records (``apis/themes/*.yml``), and :func:`published`
writes it into the schema as an ``enum`` for editors.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .french import sort_key
from .kinds import Kind

#: Default location of the schemas: ``schema/`` at the repository's root.
DEFAULT_SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schema"


def schema_dir_for(root: Path | str) -> Path:
    """The schemas of the site rooted at *root*: its own ``schema/``, or the repository's."""
    own = Path(root) / "schema"
    return own if (own / SCHEMA_FILES["api"]).is_file() else DEFAULT_SCHEMA_DIR

#: Schema file of each record kind.
SCHEMA_FILES: dict[Kind, str] = {
    "api": "api.schema.json",
    "provider": "fournisseur.schema.json",
    "theme": "theme.schema.json",
}


@lru_cache(maxsize=8)
def load_schemas(schema_dir: Path = DEFAULT_SCHEMA_DIR) -> dict[Kind, dict[str, Any]]:
    """Read the three schemas (cached: they are read once per process)."""
    return {
        kind: json.loads((schema_dir / name).read_text(encoding="utf-8"))
        for kind, name in SCHEMA_FILES.items()
    }


def inline_refs(schema: dict[str, Any], schemas: dict[Kind, dict[str, Any]]) -> dict[str, Any]:
    """*schema* with its ``$ref`` to ``$defs`` replaced by what they name.

    The same rules, checked faster: following a reference costs jsonschema
    a lookup at every value it checks (a record has a dozen URLs and dates).
    The repository's and the published schemas keep their references.
    """
    by_file = {Path(s["$id"]).name: s for s in schemas.values()}

    def resolve(ref: str, current: dict[str, Any]) -> Any:
        document, _, pointer = ref.partition("#")
        target = by_file[document] if document else current
        for part in pointer.strip("/").split("/"):
            target = target[part]
        return walk(target, by_file[document] if document else current)

    def walk(value: Any, current: dict[str, Any]) -> Any:
        if isinstance(value, dict):
            if "$ref" in value:
                resolved = dict(resolve(value["$ref"], current))
                resolved.update({k: walk(v, current) for k, v in value.items() if k != "$ref"})
                return resolved
            return {k: walk(v, current) for k, v in value.items() if k != "$defs"}
        if isinstance(value, list):
            return [walk(item, current) for item in value]
        return value

    return walk(schema, schema)


def enum_values(kind: Kind, prop: str, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> tuple[str, ...]:
    """The controlled list of a property (``access``, ``status``, ``type``...)."""
    return tuple(load_schemas(schema_dir)[kind]["properties"][prop]["enum"])


def known_keys(kind: Kind, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> tuple[str, ...]:
    return tuple(load_schemas(schema_dir)[kind]["properties"])


def published(
    kind: Kind, theme_names: Iterable[str], schema_dir: Path = DEFAULT_SCHEMA_DIR
) -> dict[str, Any]:
    """The schema as published with the site, for editors.

    The API schema gets the theme list as an ``enum``, so that an editor
    completes and checks theme names; the build's own annotations
    (``x-catalogue``) are left out.
    """
    schema = _without_annotations(copy.deepcopy(load_schemas(schema_dir)[kind]))
    if "theme" in schema.get("$defs", {}):
        schema["$defs"]["theme"]["enum"] = sorted(set(theme_names), key=sort_key)
    return schema


def _without_annotations(value: Any) -> Any:
    """*value* without the ``x-catalogue`` annotations, which only the build reads."""
    if isinstance(value, dict):
        return {k: _without_annotations(v) for k, v in value.items() if k != "x-catalogue"}
    if isinstance(value, list):
        return [_without_annotations(item) for item in value]
    return value
