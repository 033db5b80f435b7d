"""An API's OpenAPI specification, read at build time, on its page and in the index of data.

``tests/roots/test-openapi`` is a small catalogue whose APIs get, as
snapshots in ``apis/openapi/``, the hand-written fixtures of
``tests/openapi/`` (see its README): Swagger 2.0, OpenAPI 3.0 in YAML and
3.1, ``$ref`` cycles, hostile texts, a file the validator refuses and one
that is not JSON, and a snapshot that names no API.  What is checked:

- every operation is on its page, under its tag, with its parameters and
  the fields it returns (compared with what the fixture says, read here
  with ``json``/``yaml``, not through the code under test);
- an invalid or unreadable snapshot is a warning at its file and JSON
  pointer, and its page shows the link only;
- nothing from a specification becomes markup, a script or a link;
- the snapshot is published with the site, and the page links to it;
- the index of data links to the operations, and each API page to it;
- editing a snapshot re-reads its record only.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from helpers.html import body, page
from helpers.output import environment_line, read_docs, search_index, written_docs
from helpers.text import clean

FIXTURES = Path(__file__).parent / "openapi"

#: Snapshot of each API of the root: (fixture, file name in apis/openapi/).
SNAPSHOTS = {
    "api-deux": ("swagger2.json", "api-deux.json"),
    "api-trois": ("openapi30.yaml", "api-trois.yaml"),
    "api-trois-un": ("openapi31.json", "api-trois-un.json"),
    "api-boucles": ("cycles.json", "api-boucles.json"),
    "api-hostile": ("hostile.json", "api-hostile.json"),
    "api-invalide": ("invalid-meta.json", "api-invalide.json"),
    "api-illisible": ("invalid-syntax.json", "api-illisible.json"),
    # Names no API of the catalogue: refused by the census.
    "api-fantome": ("openapi31.json", "api-fantome.json"),
}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def fixture(name: str) -> dict:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return yaml.safe_load(text) if name.endswith(".yaml") else json.loads(text)


def operations_of(spec: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item if method in METHODS}


@pytest.fixture(scope="module")
def site(tmp_path_factory, rootdir: Path) -> Path:
    srcdir = tmp_path_factory.mktemp("openapi") / "site"
    shutil.copytree(rootdir / "test-openapi", srcdir)
    for source, target in SNAPSHOTS.values():
        shutil.copyfile(FIXTURES / source, srcdir / "apis" / "openapi" / target)
    # The 3.0 fixture has a version YAML reads as a number (invalid): quoted
    # here, so that the site has a valid OpenAPI 3.0 file in YAML too.
    valid = srcdir / "apis" / "openapi" / "api-trois.yaml"
    valid.write_text(valid.read_text(encoding="utf-8").replace("version: 1.0", 'version: "1.0"'), encoding="utf-8")
    shutil.copyfile(FIXTURES / "openapi30.yaml", srcdir / "apis" / "openapi" / "api-invalide-yaml.yaml")
    # The hostile fixture's one invalid value (a type) made valid, so that
    # its page shows every hostile text it holds.
    hostile = srcdir / "apis" / "openapi" / "api-hostile.json"
    spec = json.loads(hostile.read_text(encoding="utf-8"))
    spec["components"]["schemas"]["Bad"]["type"] = "string"
    hostile.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return srcdir


@pytest.fixture(scope="module")
def built(site: Path, make_app_module):
    app = make_app_module("html", srcdir=site, freshenv=True)
    app.build()
    return app


@pytest.fixture(scope="module")
def make_app_module(request):
    """``make_app`` for a module-scoped build (sphinx.testing's is per test)."""
    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(*args, **kwargs):
        app = SphinxTestApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.cleanup()


def operations_on_page(soup: BeautifulSoup) -> dict[tuple[str, str], BeautifulSoup]:
    found = {}
    for box in soup.select("section.catalogue-spec div.catalogue-operation"):
        method = box.select_one(".catalogue-operation-head .catalogue-badge").get_text()
        path = box.select_one(".catalogue-operation-path").get_text()
        found[(method, path)] = box
    return found


def test_every_operation_is_on_its_page(built):
    out = Path(built.outdir)
    for api_id, fixture_name in (("api-deux", "swagger2.json"), ("api-trois", "openapi30.yaml"),
                                 ("api-trois-un", "openapi31.json"), ("api-boucles", "cycles.json")):
        soup = body(page(out, f"apis/{api_id}"))
        shown = operations_on_page(soup)
        assert set(shown) == operations_of(fixture(fixture_name)), api_id
        # Each operation has its own anchor, unique on the page.
        ids = [box["id"] for box in shown.values()]
        assert len(ids) == len(set(ids)) and all(ids)


def test_operations_grouped_by_tag_with_parameters_and_returned_fields(built):
    spec = fixture("swagger2.json")
    soup = body(page(Path(built.outdir), "apis/api-deux"))
    section = soup.select_one("section.catalogue-spec")
    assert section.find("h2").get_text(strip=True).startswith("Ressources et services")
    groups = [group.find("h3").get_text(strip=True).rstrip("¶") for group in section.select("section.catalogue-spec-group")]
    assert groups[0] == "Établissements"  # the declared tag, in the file's order
    assert "Vide" not in groups  # a declared tag without operations
    # Servers of Swagger 2.0: scheme + host + basePath.
    servers = {code.get_text() for code in section.select("p code")}
    assert any(server.startswith("https://") and spec["host"] in server for server in servers), servers
    listing = operations_on_page(soup)[("GET", "/entreprises/{siren}/etablissements")]
    assert "Établissements d'une entreprise".replace("'", "’") in listing.get_text() or "Établissements d'une entreprise" in listing.get_text()
    parameters = {}
    for row in listing.select("table.catalogue-parameters tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        parameters[cells[0]] = cells[1]
    declared = spec["paths"]["/entreprises/{siren}/etablissements"]
    expected = {p["name"]: p for p in declared["parameters"] + declared["get"]["parameters"]}
    assert set(parameters) == set(expected)
    assert parameters["siren"].startswith("chemin") and parameters["siren"].endswith("obligatoire")
    for name, declared_parameter in expected.items():
        assert parameters[name].endswith("obligatoire" if declared_parameter.get("required") else "facultatif"), name
    assert parameters["X-Correlation-ID"].startswith("en-tête")
    # Returned data, folded: the fields of the successful response.
    returned = [d for d in listing.select("details.catalogue-body") if d.find("summary").get_text().startswith("Données renvoyées")]
    assert len(returned) == 1
    names = [row.find("td").get_text(strip=True) for row in returned[0].select("table.catalogue-fields tbody tr")]
    assert names, "no returned field"
    assert re.search(r"\((\d+) champs?\)", returned[0].find("summary").get_text()).group(1) == str(len(names))


def test_invalid_and_unreadable_snapshots_warn_at_their_place_and_show_the_link_only(built):
    warnings = built.warning.getvalue()
    warnings = clean(warnings)
    invalid = re.findall(
        r"apis/openapi/api-invalide\.json:(\d+):(\d+): WARNING: (\S*) : (.*) \[catalogue\.openapi\.([\w.-]+)\]", warnings
    )
    assert invalid, warnings
    assert all(pointer.startswith("/") or pointer == "(document)" for _, _, pointer, _, _ in invalid)
    # The place of the wrong "in" of a parameter: its line and column in the file.
    lines = (FIXTURES / "invalid-meta.json").read_text(encoding="utf-8").splitlines()
    [(line, column)] = [(int(l), int(c)) for l, c, pointer, _, _ in invalid if pointer.endswith("/parameters/0/in")]
    assert lines[line - 1][column - 1:].startswith('"partout"')
    # The YAML one: its version, a number.
    assert re.search(r"apis/openapi/api-trois\.yaml:", warnings) is None
    # (api-invalide-yaml names no API: refused by the census, never read.)
    assert re.search(r"apis/openapi/api-illisible\.json:\d+:\d+: WARNING: .*\[catalogue\.openapi\.syntax\.", warnings)
    for api_id in ("api-invalide", "api-illisible"):
        soup = body(page(Path(built.outdir), f"apis/{api_id}"))
        assert soup.select("section.catalogue-spec") == []
    links = [a["href"] for a in body(page(Path(built.outdir), "apis/api-invalide")).select("ul.catalogue-key-links a")]
    assert "https://api-invalide.example.gouv.fr/openapi.json" in links
    # A snapshot that names no API is refused by the census.
    assert re.search(r"apis/openapi/api-fantome\.json:1:1: WARNING: .*« api-fantome » n'est pas une API du catalogue", warnings)
    # Valid specifications raise nothing.
    for api_id in ("api-deux", "api-trois", "api-trois-un"):
        assert f"apis/openapi/{SNAPSHOTS[api_id][1]}:" not in warnings and f"apis/openapi/{SNAPSHOTS[api_id][1]}: " not in warnings


def test_nothing_from_a_specification_becomes_markup(built):
    html = (Path(built.outdir) / "apis" / "api-hostile.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("section.catalogue-spec")
    assert section is not None
    assert section.find_all(["script", "img", "iframe", "style", "svg", "b"]) == []
    for link in section.find_all("a"):
        assert not link.get("href", "").lower().startswith("javascript"), link
    text = section.get_text(" ")
    assert "<script>" in text and "<img src=x onerror=alert(1)>" in text  # shown as the words they are
    assert "\u202e" not in html and "\x1b" not in html  # no direction override, no terminal escape
    assert "{eval-rst}" in text  # MyST is not run either
    # Nothing that came from the specification runs anywhere in the page.
    assert "alert(" not in "".join(str(tag) for tag in soup.find_all("script"))


def test_snapshot_published_and_linked(built, site):
    out = Path(built.outdir)
    published = out / "_static" / "openapi" / "api-deux.json"
    assert published.read_bytes() == (site / "apis" / "openapi" / "api-deux.json").read_bytes()
    assert (out / "_static" / "openapi" / "api-trois.yaml").is_file()
    assert not (out / "_static" / "openapi" / "api-fantome.json").exists()
    soup = body(page(out, "apis/api-deux"))
    link = soup.select_one("a.catalogue-spec-download")
    assert link.get_text() == "Télécharger la spécification (JSON)"
    assert ((out / "apis") / link["href"]).resolve() == published.resolve()
    origin = soup.select_one("p.catalogue-spec-origin").get_text(" ", strip=True)
    assert "15 janvier 2026" in origin and "https://api-deux.example.gouv.fr/openapi.json" in origin
    assert "Swagger 2.0" in origin


def _anchors(out: Path, relative: str) -> set[str]:
    soup = BeautifulSoup((out / relative).read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)}


def test_index_of_data_links_both_ways(built):
    out = Path(built.outdir)
    index = BeautifulSoup((out / "donnees.html").read_text(encoding="utf-8"), "html.parser")
    entries = {item["id"]: item for item in index.select("li.catalogue-element")}
    assert entries
    # Every link from the index reaches an operation on an API page.
    checked = 0
    for item in entries.values():
        for link in item.select("a[href*='#']"):
            target, anchor = link["href"].split("#")
            assert anchor in _anchors(out, target), link["href"]
            checked += 1
    assert checked
    # A field of the hostile spec is listed, as text.
    assert all(item.find("script") is None for item in entries.values())
    # The synonyms of the search are shown where they apply.
    siren = [item for key, item in entries.items() if key == "donnee-siren"]
    if siren:
        assert "siret" in siren[0].get_text()
    # And the other way: the API page lists its data, linked to the index.
    soup = body(page(out, "apis/api-deux"))
    links = soup.select("details.catalogue-elements a")
    assert links
    for link in links:
        target, anchor = link["href"].split("#")
        assert target.endswith("donnees.html") and anchor in entries, link["href"]


def test_operations_and_data_in_search_and_general_index(built):
    out = Path(built.outdir)
    genindex = (out / "genindex.html").read_text(encoding="utf-8")
    assert "Données renvoyées" in genindex
    assert "GET /entreprises/{siren}/etablissements" in genindex
    index = search_index(out)
    docs = index["docnames"]
    page_doc = docs.index("apis/api-deux")
    # A word of an operation's summary finds the API's page.
    holders: set[int] = set()
    for mapping in (index["terms"], index["titleterms"]):
        found = mapping.get("correl", [])  # "X-Correlation-ID", a parameter of api-deux only
        holders |= set(found) if isinstance(found, list) else {found}
    assert page_doc in holders


def test_editing_a_snapshot_rereads_its_record_only(site, make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(site, srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    spec = json.loads((srcdir / "apis/openapi/api-deux.json").read_text(encoding="utf-8"))
    spec["paths"]["/nouvelle"] = {"get": {"summary": "Une opération ajoutée", "responses": {"200": {"description": "ok"}}}}
    (srcdir / "apis/openapi/api-deux.json").write_text(json.dumps(spec), encoding="utf-8")
    again = make_app("html", srcdir=srcdir)
    again.build()
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 1 changed, 0 removed"
    assert read_docs(status) == ["apis/api-deux"]
    assert "apis/api-deux" in written_docs(status)
    assert ("GET", "/nouvelle") in operations_on_page(body(page(Path(again.outdir), "apis/api-deux")))
    # A snapshot that appears for an API that had none: that API is read again.
    shutil.copyfile(FIXTURES / "openapi31.json", srcdir / "apis/openapi/api-sans.json")
    third = make_app("html", srcdir=srcdir)
    third.build()
    status = third.status.getvalue()
    assert read_docs(status) == ["apis/api-sans"]
    assert operations_on_page(body(page(Path(third.outdir), "apis/api-sans")))
    assert "donnees" in written_docs(status)
    # And one that goes away.
    (srcdir / "apis/openapi/api-sans.json").unlink()
    fourth = make_app("html", srcdir=srcdir)
    fourth.build()
    status = fourth.status.getvalue()
    assert read_docs(status) == ["apis/api-sans"]
    assert not operations_on_page(body(page(Path(fourth.outdir), "apis/api-sans")))
    assert not (Path(fourth.outdir) / "_static/openapi/api-sans.json").exists()
