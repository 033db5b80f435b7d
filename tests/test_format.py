"""The record format is declared once: a field added to the schema is checked, exported and shown.

``tests/roots/test-extra-field`` is a site whose format has one more field,
``sandbox_link`` (the address of an API's sandbox): the repository's
schemas, copied into the site's ``schema/``, plus that property and its
place on the page (``"x-catalogue": {"page": ...}``).  Nothing else is
written for it, and yet it is validated (both doors), exported
(``catalogue.json``, its schema, ``catalogue.csv``, the published record
schema) and shown on the API's page.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalogue.commands.validate import validate
from helpers.html import key_links

REPO = Path(__file__).resolve().parents[1]

SANDBOX = {
    "title": "Bac à sable",
    "description": "Adresse du bac à sable de l'API.",
    "$ref": "#/$defs/url",
    "x-catalogue": {"page": {"section": "documentation", "label": "Bac à sable"}},
}


@pytest.fixture
def site(tmp_path: Path, rootdir: Path) -> Path:
    srcdir = tmp_path / "extra-field"
    shutil.copytree(rootdir / "test-extra-field", srcdir)
    shutil.copytree(REPO / "schema", srcdir / "schema")
    path = srcdir / "schema" / "api.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["sandbox_link"] = SANDBOX
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
    return srcdir


def test_the_new_field_is_validated_by_both_doors(site: Path, make_app):
    report = validate(site)
    assert list(report.problems) == ["apis/api-bac-mauvais.yml"]
    [problem] = report.problems["apis/api-bac-mauvais.yml"]
    assert (problem.field, problem.code, problem.line) == ("sandbox_link", "schema.pattern", 11)
    app = make_app("html", srcdir=site, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert "api-bac-mauvais.yml:11:1: WARNING: sandbox_link : « bac à sable » contient une espace" in warnings
    assert "[catalogue.schema.pattern]" in warnings
    assert "api-bac.yml" not in warnings


def test_the_new_field_is_exported_and_shown(site: Path, make_app):
    app = make_app("html", srcdir=site, freshenv=True)
    app.build()
    out = Path(app.outdir)

    data = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    apis = {api["id"]: api for api in data["apis"]}
    assert apis["api-bac"]["sandbox_link"] == "https://bac-a-sable.example.gouv.fr/"
    assert apis["api-bac-mauvais"]["sandbox_link"] is None  # refused, not published
    export = json.loads((out / "_static/schemas/catalogue.schema.json").read_text(encoding="utf-8"))
    assert "sandbox_link" in export["$defs"]["api"]["required"]
    published = json.loads((out / "_static/schemas/api.schema.json").read_text(encoding="utf-8"))
    assert published["properties"]["sandbox_link"]["title"] == "Bac à sable"
    assert "x-catalogue" not in json.dumps(published)

    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((out / "catalogue.csv").read_text(encoding="utf-8-sig")))}
    assert rows["api-bac"]["sandbox_link"] == "https://bac-a-sable.example.gouv.fr/"

    page = BeautifulSoup((out / "apis" / "api-bac.html").read_text(encoding="utf-8"), "html.parser")
    item = key_links(page)["Bac à sable"]  # the "documentation" section is the page's key links
    link = item.find("a")
    assert link["href"] == "https://bac-a-sable.example.gouv.fr/" and "noopener" in link["rel"]
