"""Providers' logos: checked like records, published when clean, shown where the provider is.

``tests/hostile/logos/`` holds one logo per way an image file could carry
a script or reach outside the site; each file's first line says the
reason it must be refused (``<!-- attendu: ... -->``; for PNG files, the
table below).  ``tests/roots/test-logos`` is a small site with a clean SVG,
a clean PNG, an SVG with a script and a logo that names no provider.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalogue.checks.logos import logo_problem
from helpers.html import body, labelled, page

CORPUS = Path(__file__).parent / "hostile" / "logos"
PNG_EXPECTED = {"faux.png": "n'est pas une image PNG", "trop-lourd.png": "logo trop lourd"}


def expected(path: Path) -> str | None:
    if path.stem == "propre":
        return None
    if path.suffix == ".png":
        return PNG_EXPECTED[path.name]
    match = re.match(r"<!-- attendu: (.*?) -->", path.read_text(encoding="utf-8"))
    assert match, f"{path.name}: first line must say what is expected"
    return match.group(1)


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda path: path.name)
def test_each_hostile_logo_is_refused_for_its_reason(path: Path):
    reason = expected(path)
    problem = logo_problem(path)
    if reason is None:
        assert problem is None
    else:
        assert problem is not None and reason in problem, problem


@pytest.fixture
def built(app):
    app.build()
    return app


@pytest.mark.sphinx("html", testroot="logos", freshenv=True)
def test_refused_logos_warn_and_stay_out_of_the_site(built):
    warnings = built.warning.getvalue()
    assert re.search(r"apis/logos/ign\.svg:1:1: WARNING: .*élément SVG « script » refusé.*\[catalogue\.file\.logo\]", warnings)
    assert re.search(r"apis/logos/inconnu\.svg:1:1: WARNING: .*« inconnu » n'est pas un fournisseur", warnings)
    assert warnings.count("WARNING") == 2, warnings
    logos = Path(built.outdir) / "_static" / "logos"
    assert sorted(path.name for path in logos.iterdir()) == ["dinum.svg", "insee.png"]
    source = Path(built.srcdir) / "apis" / "logos"
    assert (logos / "dinum.svg").read_bytes() == (source / "dinum.svg").read_bytes()
    assert (logos / "insee.png").read_bytes() == (source / "insee.png").read_bytes()


def _logo(outdir: Path, docname: str, image) -> Path:
    """The file an ``<img>`` of *docname* points to."""
    return (Path(outdir) / docname).parent / image["src"]


@pytest.mark.sphinx("html", testroot="logos", freshenv=True)
def test_logos_on_provider_pages_api_pages_and_catalogue_rows(built):
    out = Path(built.outdir)
    for provider, filename in (("dinum", "dinum.svg"), ("insee", "insee.png")):
        docname = f"apis/fournisseurs/{provider}"
        image = body(page(out, docname)).select_one("img.catalogue-logo")
        assert image["alt"].startswith("Logo : ") and len(image["alt"]) > 10
        assert _logo(out, docname, image).resolve() == (out / "_static" / "logos" / filename).resolve()
        api_doc = f"apis/api-{provider}"
        summary = body(page(out, api_doc)).select_one("div.catalogue-summary")
        image = summary.select_one("img.catalogue-logo")
        assert _logo(out, api_doc, image).resolve() == (out / "_static" / "logos" / filename).resolve()
        assert "Fournisseur" in labelled(summary)
    # The refused logo is nowhere.
    assert body(page(out, "apis/fournisseurs/ign")).select("img") == []
    assert body(page(out, "apis/api-ign")).select("img") == []
    # Catalogue rows: the logo before the provider's name, decorative (the name follows).
    rows = body(page(out, "index")).select("table.catalogue-api-table tbody tr")
    logos = {}
    for row in rows:
        cell = row.select_one("td.catalogue-column-producer")
        image = cell.select_one("img.catalogue-row-logo")
        logos[cell.get_text(strip=True)] = image
        if image is not None:
            assert image["alt"] == "" and _logo(out, "index", image).is_file()
    assert {name for name, image in logos.items() if image is not None} == {"DINUM", "Insee"}
