"""Writing imported records: our YAML, the template's key order, and hand edits kept.

Every importer writes its records through :func:`render_file` and
:func:`write_record`:

- the file starts with a header naming its source (``# Importé de …``) and
  a digest (``# empreinte:``) of the rest of the file;
- re-running an import gives the same bytes;
- a file whose digest still matches was not touched since its import and
  is rewritten; a file with another digest, or without header (written by
  hand), is never overwritten: it is skipped, unless ``force``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from catalogue.records.format import record_format
from catalogue.records.kinds import Kind
from catalogue.records.schema import DEFAULT_SCHEMA_DIR, load_schemas

#: Every imported file starts with this, then the source and the command.
HEADER_START = "# Importé de "
DIGEST_PREFIX = "# empreinte: "


class _Dumper(yaml.SafeDumper):
    """Safe YAML, never anchors, lists indented like our templates."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


@lru_cache(maxsize=4)
def field_order(kind: Kind) -> tuple[str, ...]:
    """The keys in the order of our commented template, then the schema's others."""
    name = {"api": "api.yml", "provider": "fournisseur.yml"}[kind]
    template = DEFAULT_SCHEMA_DIR.parent / "templates" / name
    try:
        keys = list(yaml.safe_load(template.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError):
        keys = []
    return tuple(dict.fromkeys([*keys, *record_format(kind).names]))


def ordered(kind: Kind, record: Mapping[str, Any]) -> dict[str, Any]:
    order = field_order(kind)
    out = {key: record[key] for key in order if key in record}
    out.update({key: value for key, value in record.items() if key not in out})
    for entries in record_format(kind).of_sort("entries"):
        if entries.name in out:
            names = [sub.name for sub in entries.subfields]
            out[entries.name] = [
                {**{key: item[key] for key in names if key in item}, **{k: v for k, v in item.items() if k not in names}}
                for item in out[entries.name]
            ]
    return out


def required_missing(kind: Kind, record: Mapping[str, Any]) -> list[str]:
    """Required fields absent from *record* (what the importer could not take)."""
    required = load_schemas()[kind].get("required", [])
    missing = [key for key in required if key not in record]
    if kind == "api" and record.get("access") in ("account", "restricted") and "access_link" not in record:
        missing.append("access_link")
    return missing


def dump_body(kind: Kind, record: Mapping[str, Any]) -> str:
    """The YAML of *record*, after the header: schema hint, fields to fill, data."""
    schema_path = "../schema/api.schema.json" if kind == "api" else "../../schema/fournisseur.schema.json"
    lines = [f"# yaml-language-server: $schema={schema_path}"]
    missing = required_missing(kind, record)
    if missing:
        template = "templates/api.yml" if kind == "api" else "templates/fournisseur.yml"
        lines.append(
            f"# À compléter avant publication : {', '.join(missing)} (voir {template} ; "
            "make validate le signale)."
        )
    data = yaml.dump(
        dict(record),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10**9,
        indent=2,
    )
    return "\n".join(lines) + "\n" + data


def digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def render_file(header: str, kind: Kind, record: Mapping[str, Any]) -> str:
    """The file of an imported record: *header* (``# Importé de …``), its digest, the YAML."""
    assert header.startswith(HEADER_START), header
    body = dump_body(kind, record)
    return f"{header}\n{DIGEST_PREFIX}{digest(body)}\n{body}"


def untouched_since_import(text: str) -> bool:
    """Whether *text* is an imported file whose body still has its recorded digest."""
    lines = text.split("\n", 2)
    if len(lines) < 3 or not lines[0].startswith(HEADER_START):
        return False
    if not lines[1].startswith(DIGEST_PREFIX):
        return False
    return lines[1][len(DIGEST_PREFIX) :].strip() == digest(lines[2])


def write_record(path: Path, text: str, force: bool) -> str:
    """Write *text* at *path* unless a human wrote or edited the file; return the status."""
    if path.exists():
        current = path.read_bytes().decode("utf-8", errors="replace")
        if current == text:
            return "unchanged"
        if not untouched_since_import(current):
            if not force:
                return "skipped"
            path.write_text(text, encoding="utf-8")
            return "overwritten"
        path.write_text(text, encoding="utf-8")
        return "updated"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return "created"
