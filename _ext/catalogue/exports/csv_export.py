"""``catalogue.csv``: one row per API, for spreadsheets.

UTF-8 with a byte-order mark (so that spreadsheet programs detect the
encoding), comma-separated, a header row, lists joined with `` | ``.  The
columns are derived from the record format: every field but the long
Markdown texts, in the schema's order, with the computed ``url``,
``producer_name`` and ``contact`` beside the fields they come from, and the
Markdown fields the schema marks ``"x-catalogue": {"csv": true}`` (the
description) last, where a long text bothers no one.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..records.format import Format
from .data import DERIVED

LIST_SEPARATOR = " | "

#: What starts a formula in a spreadsheet program (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_columns(form: Format) -> list[str]:
    columns = ["id", "url"]
    for field in form.fields:
        if field.markdown:
            continue
        columns.append(field.name)
        columns += [extra.name for extra in DERIVED[form.kind] if extra.after == field.name]
    columns += [field.name for field in form.fields if field.markdown and field.annotation.get("csv")]
    return columns


def inert_cell(value: str) -> str:
    """*value* as a spreadsheet shows it and never runs it.

    A cell that a spreadsheet would read as a formula (``=HYPERLINK(...)``,
    ``@SUM(...)``) gets a leading apostrophe, as OWASP recommends: the text
    is shown with it, and nothing runs.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: Any, template: str | None) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            if "id" in value[0] and "name" in value[0]:  # partners: id, or name outside the catalogue
                return LIST_SEPARATOR.join(item["id"] or item["name"] for item in value)
            return LIST_SEPARATOR.join(_entry(item, template) for item in value)
        return LIST_SEPARATOR.join(value)
    if isinstance(value, dict):  # audiences: "public: answer | …"
        return LIST_SEPARATOR.join(f"{key}: {item}" for key, item in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def _entry(item: dict[str, Any], template: str | None) -> str:
    if template:
        return template.format(**item)
    return ": ".join(str(value) for value in item.values() if value is not None)


def catalogue_csv(apis: list[dict[str, Any]], form: Format) -> str:
    columns = csv_columns(form)
    templates = {field.name: field.annotation.get("csv") for field in form.fields if field.sort == "entries"}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for api in apis:
        writer.writerow([inert_cell(_cell(api.get(column), templates.get(column))) for column in columns])
    return buffer.getvalue()
