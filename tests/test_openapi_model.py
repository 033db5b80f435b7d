"""Reading providers' OpenAPI snapshots into the catalogue's small model (``catalogue.openapi``).

The fixtures of ``tests/openapi/`` are hand-written: one specification per
format (Swagger 2.0, OpenAPI 3.0 in YAML, 3.1), reference loops, hostile
texts, external references, and invalid files.  Bigger ones are generated
here.  Whatever a file holds, reading it never raises: the model holds
what could be read, and the problems say, in French, where and why.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from catalogue.openapi import (
    Spec,
    clear_cache,
    data_elements,
    element_key,
    read_file,
    read_snapshot,
    read_spec,
    snapshot_path,
)
from catalogue.openapi import reader as reader_module
from catalogue.openapi.schemas import MAX_DEPTH, MAX_FIELDS
from catalogue.openapi.source import MAX_BYTES

FIXTURES = Path(__file__).parent / "openapi"


def spec_of(name: str) -> Spec:
    return read_file(FIXTURES / name)


def codes(spec: Spec) -> list[str]:
    return [problem.code for problem in spec.problems]


def operation(spec: Spec, method: str, path: str):
    return next(op for op in spec.operations if (op.method, op.path) == (method, path))


def fields(body) -> dict[str, object]:
    return {field.name: field for field in body.fields}


# -- The three formats ---------------------------------------------------------------------


def test_swagger_2():
    spec = spec_of("swagger2.json")
    assert spec.ok, spec.problems
    assert (spec.format, spec.title, spec.version) == ("Swagger 2.0", "Annuaire des établissements", "2.1")
    assert spec.servers == ("https://api.exemple.gouv.fr/v2", "http://api.exemple.gouv.fr/v2")
    # Declared tags first (an empty one is left out), the untagged group last;
    # an operation is listed under its first tag only.
    assert [group.name for group in spec.groups] == ["Établissements", ""]
    assert spec.groups[0].description == "Recherche d'établissements"
    listing = operation(spec, "GET", "/entreprises/{siren}/etablissements")
    assert listing.tags == ("Établissements", "Autre")
    assert listing.operation_id == "listerEtablissements"
    assert listing.pointer == "/paths/~1entreprises~1{siren}~1etablissements/get"
    assert [(p.name, p.location, p.type, p.format, p.required) for p in listing.parameters] == [
        ("siren", "path", "string", "", True),  # from the path item
        ("etat", "query", "array of string", "", False),
        ("page", "query", "integer", "int32", False),
        ("X-Correlation-ID", "header", "string", "", True),
    ]
    response = listing.response
    assert (response.status, response.type, response.description) == ("200", "object", "Les établissements")
    found = fields(response)
    assert list(found) == [
        "total", "etablissements", "etablissements[].id", "etablissements[].siret", "etablissements[].adresse",
        "etablissements[].adresse.code_postal", "etablissements[].adresse.commune",
        "etablissements[].date_creation",
    ]
    assert found["total"].required and found["etablissements[].siret"].required  # allOf's required merged
    assert found["etablissements"].type == "array of object"
    assert (found["etablissements[].date_creation"].type, found["etablissements[].date_creation"].format) == (
        "string", "date")
    assert found["etablissements[].adresse.code_postal"].description == "Code postal"
    # The body parameter is the request body.
    declare = operation(spec, "POST", "/etablissements")
    assert declare.deprecated
    assert declare.parameters[0].location == "body" and declare.parameters[0].type == "object"
    assert declare.request.description == "L'établissement"
    assert "adresse.code_postal" in fields(declare.request)
    assert declare.response.status == "201"
    # No 2xx response: the default one.
    health = operation(spec, "GET", "/sante")
    assert health.response.status == "default" and list(fields(health.response)) == ["statut"]


def test_openapi_3_0_in_yaml():
    spec = spec_of("openapi30.yaml")
    assert spec.format == "OpenAPI 3.0.3"
    assert spec.version == "1.0"  # unquoted: YAML reads a number, shown as written...
    assert [(p.pointer, p.code) for p in spec.problems] == [("/info/version", "spec.invalid")]  # ...and reported
    assert "guillemets" in spec.problems[0].message
    assert spec.servers == ("https://api.adresse.exemple.fr/v1", "/relatif")  # variables at their defaults
    search = operation(spec, "GET", "/search")
    parameters = {p.name: p for p in search.parameters}
    assert parameters["q"].required and parameters["q"].description == "Texte cherché"  # through $ref
    assert (parameters["limit"].type, parameters["limit"].format) == ("integer or null", "int32")
    assert parameters["codePostal"].deprecated
    response = search.response
    assert (response.status, response.media_type) == ("200", "application/json")  # 200: read as an int key
    found = fields(response)
    assert found["features[].codePostal"].type == "string or null"
    assert found["features[].contexte"].type == "one of: Commune, Arrondissement"
    assert found["features[].contexte.code_postal"].variant == "oneOf 1/2 Commune"
    assert found["features[].contexte.numero"].variant == "oneOf 2/2 Arrondissement"
    # Depth: past MAX_DEPTH levels of names, a note instead of the fields.
    deepest = max(found, key=lambda name: name.count("."))
    assert deepest.count(".") + 1 == MAX_DEPTH
    assert str(MAX_DEPTH) in found[deepest].note
    # requestBody and response through components; a recursive schema noted once.
    person = operation(spec, "POST", "/personnes")
    assert person.request.description == "La personne"
    assert list(fields(person.request)) == ["nom", "parent", "enfants"]
    assert "récursive" in fields(person.request)["parent"].note
    assert "récursive" in fields(person.request)["enfants"].note
    assert person.response.status == "201" and person.response.fields == person.request.fields


def test_openapi_3_1():
    spec = spec_of("openapi31.json")
    assert spec.ok, spec.problems
    assert spec.format == "OpenAPI 3.1.0"
    holidays = operation(spec, "GET", "/vacances")
    assert [(p.name, p.location, p.type) for p in holidays.parameters] == [
        ("zone", "query", "string or null"), ("session", "cookie", "string")]
    assert (holidays.response.status, holidays.response.type) == ("2XX", "array of object")
    found = fields(holidays.response)
    assert found["[].fin"].type == "string or null"
    assert found["[].zones"].type == "array of string"
    assert found["[].details"].type == "any of: string, object"
    assert found["[].details.texte"].variant == "anyOf 2/2 object"
    assert [group.name for group in spec.groups] == [""]  # webhooks are not operations


# -- References ----------------------------------------------------------------------------


def test_reference_loops_are_reported_not_followed():
    spec = spec_of("cycles.json")
    cycles = [p.pointer for p in spec.problems if p.code == "ref.cycle"]
    assert "/components/schemas/A/$ref" in cycles and "/components/responses/Soi/$ref" in cycles
    tree = fields(operation(spec, "GET", "/arbre").response)
    assert "récursive (Noeud)" in tree["enfants"].note
    assert "récursive (Noeud)" in tree["choix"].note
    assert set(fields(operation(spec, "GET", "/fusion").response)) == {"x", "y"}  # allOf loop: merged once


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the standard library's name for it
        self.hits.append(self.path)
        body = json.dumps({"type": "string", "Personne": {"type": "string"}, "name": "x", "in": "query"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()


#: What the audit hook saw while it watched: (event, detail).
_SEEN: list[tuple[str, str]] = []
_WATCH: list[str] = []
_HOOKED: list[bool] = []


def _audit(event: str, args: tuple) -> None:
    if not _WATCH:
        return
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect"):
        _SEEN.append((event, repr(args)[:200]))
    elif event == "open" and any(marker in str(args[0]) for marker in _WATCH):
        _SEEN.append((event, str(args[0])))



def test_external_references_are_never_fetched(recorder, tmp_path):
    """No network, no file: every external $ref is reported and left alone.

    The server on 127.0.0.1 counts requests; the "secret" outside the tree
    is a valid schema with a marker; Python's audit hooks see every socket
    connection, URL opened and file opened while the snapshot is read.
    """
    server, hits = recorder
    secret = tmp_path / "outside" / "secret.json"
    secret.parent.mkdir()
    secret.write_text(json.dumps({"secret": {"type": "string", "description": "MARQUEUR-SECRET"},
                                  "name": "MARQUEUR-SECRET", "in": "query"}))
    text = (FIXTURES / "external-refs.json").read_text(encoding="utf-8")
    data = text.replace("__SERVER__", server).replace("__SECRET__", str(secret)).encode()
    import catalogue.openapi.validation  # noqa: F401 - the library reads its own meta-schemas on import

    if not _HOOKED:  # installed once, for good (audit hooks cannot be removed): idle unless watching
        sys.addaudithook(_audit)
        _HOOKED.append(True)
    clear_cache()
    _SEEN.clear()
    _WATCH[:] = [str(secret), "secret.json", "/etc/passwd"]
    try:
        spec = read_spec(data, "json")
    finally:
        _WATCH.clear()
    assert hits == []
    assert _SEEN == []
    assert b"MARQUEUR-SECRET" not in pickle.dumps(spec)
    external = {p.pointer for p in spec.problems if p.code == "ref.external"}
    schema = "/paths/~1b/get/responses/200/content/application~1json/schema/properties"
    assert {
        "/paths/~1a/$ref",
        "/paths/~1b/get/parameters/0/$ref",
        "/paths/~1b/get/parameters/1/$ref",
        f"{schema}/distant/$ref",
        f"{schema}/fichier/$ref",
        f"{schema}/relatif/$ref",
        f"{schema}/absolu/$ref",
        f"{schema}/reseau/$ref",
        f"{schema}/rebase/properties/x/$ref",
        f"{schema}/dynamique/$dynamicRef",
        f"{schema}/defaut/default/$ref",
        "/paths/~1b/get/responses/404/$ref",
        "/components/schemas/Distant/$ref",
        "/components/schemas/Exemple/examples/0/$ref",
    } <= external
    assert [p.pointer for p in spec.problems if p.code == "ref.missing"] == [f"{schema}/absent/$ref"]
    message = next(p.message for p in spec.problems if p.code == "ref.external")
    assert "non suivie" in message and " ; " in message
    # What is local still reads.
    listed = fields(operation(spec, "GET", "/b").response)
    assert listed["local"].description == "défini ici"
    assert [p.name for p in operation(spec, "GET", "/b").parameters] == ["ok"]


def test_validator_handlers_refuse_every_scheme():
    """Second lock: were a reference to reach the library, it would raise, not fetch."""
    from catalogue.openapi.validation import REFUSE_ALL, ExternalFetchRefused

    for scheme in ("http", "https", "file", "ftp", "", "data"):
        assert scheme in REFUSE_ALL
        with pytest.raises(ExternalFetchRefused):
            REFUSE_ALL[scheme](f"{scheme}://example.org/x")


def test_no_regular_expression_of_the_provider_is_run():
    """``^(a+)+$`` against 40 "a" and a "!" takes hours: such defaults are not checked."""
    evil = {"type": "string", "pattern": "^(a+)+$", "default": "a" * 40 + "!"}
    for document in (
        {"openapi": "3.0.3", "info": {"title": "r", "version": "1"}, "paths": {}, "components": {"schemas": {
            "Evil": evil, "Wrong": {"type": "integer", "default": "pas un nombre"},
            "ViaRef": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Evil"}},
                       "default": {"x": "a" * 40 + "!"}}}}},
        {"swagger": "2.0", "info": {"title": "r", "version": "1"}, "paths": {"/a": {"get": {
            "parameters": [{"name": "q", "in": "query", **evil}], "responses": {"200": {"description": "ok"}}}}}},
    ):
        started = time.monotonic()
        read_spec(json.dumps(document).encode())
        assert time.monotonic() - started < 5
    assert [p.pointer for p in read_spec(json.dumps({
        "openapi": "3.1.0", "info": {"title": "r", "version": "1"}, "paths": {},
        "components": {"schemas": {"Wrong": {"type": "integer", "default": "pas un nombre"}}}}).encode()).problems] == [
        "/components/schemas/Wrong/default"]  # a default without pattern is still checked


# -- Hostile and invalid files -------------------------------------------------------------


def test_hostile_texts_are_kept_as_plain_strings():
    spec = spec_of("hostile.json")
    assert spec.title.startswith("<script>alert('titre')</script>")
    assert "```{raw} html" in spec.description and "{eval-rst}" in spec.description
    get = spec.operations[0]
    assert get.summary == "<img src=x onerror=alert(1)>"
    assert "javascript:alert(document.cookie)" in get.description
    assert get.path == "/x\x1b[2J<b>"
    assert spec.groups[0].name == "<svg onload=alert(3)>"
    assert get.parameters[0].name == "<b>q</b>"
    found = fields(get.response)
    assert found["<script>champ</script>"].description == "javascript:alert(4)"
    assert found["a.b"].description == ":::{note}\nMyST\n:::"
    for value in (spec.title, get.summary, get.description, found["a.b"].description):
        assert type(value) is str
    # Messages quote untrusted values without their control characters.
    [problem] = spec.problems
    assert problem.pointer == "/components/schemas/Bad/type"
    assert "\u202e" not in problem.message and "\x1b" not in problem.message


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("invalid-syntax.json", "syntax.json"),
        ("invalid-syntax.yaml", "syntax.yaml"),
        ("invalid-not-object.json", "spec.not-an-object"),
        ("invalid-latin1.json", "file.encoding"),
        ("invalid-alias-bomb.yaml", "syntax.yaml-aliases"),
        ("invalid-alias-loop.yaml", "syntax.yaml-loop"),
    ],
)
def test_unreadable_files_give_one_problem_and_an_empty_model(name, code):
    started = time.monotonic()
    spec = spec_of(name)
    assert time.monotonic() - started < 5
    assert codes(spec) == [code]
    assert spec.groups == () and spec.title == ""
    assert " ; " in spec.problems[0].message


def test_validation_problems_point_into_the_file():
    spec = spec_of("invalid-meta.json")
    by_pointer = {p.pointer: p for p in spec.problems}
    assert by_pointer[""].message == "« info » obligatoire absent ; ajoutez-le"
    assert "inconnu" in by_pointer["/paths/~1users/get"].message
    assert "« date »" in by_pointer["/paths/~1users/get/responses/200/content/application~1json/schema/type"].message
    assert "operationId « double »" in by_pointer["/paths/~1users~1{id}/get"].message
    assert "manquant" in by_pointer["/paths/~1users~1{id}/get/responses/200/content/application~1json/schema"].message
    # "in" is refused by each branch of the meta-schema: all their values are given.
    assert by_pointer["/paths/~1users/get/parameters/0/in"].message == (
        "« partout » n'est pas une valeur permise ici ; choisissez parmi : path, query, header, cookie")
    # A response without description fails "Response or Reference": the Response branch is the one said.
    assert by_pointer["/paths/~1users/get/responses/200"].message == "« description » obligatoire absent ; ajoutez-le"
    assert all(p.code == "spec.invalid" for p in spec.problems)
    # Best effort: the operations are read all the same.
    assert [(op.method, op.path) for op in spec.operations] == [("GET", "/users"), ("GET", "/users/{id}")]


def test_a_missing_response_is_pointed_at():
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                "paths": {"/users": {"get": {"summary": "s", "responses": {"200": {"content": {}}}}}}}
    spec = read_spec(json.dumps(document).encode())
    assert [(p.pointer, p.code) for p in spec.problems] == [("/paths/~1users/get/responses/200", "spec.invalid")]
    assert "description" in spec.problems[0].message


def test_unknown_version_is_reported_and_read_best_effort():
    spec = spec_of("invalid-no-version.json")
    assert codes(spec) == ["spec.version"]
    assert spec.format == "" and spec.title == "Sans version"
    assert [(op.method, op.path) for op in spec.operations] == [("GET", "/a")]


def test_deep_nesting_is_refused_without_crashing():
    deep_json = ("[" * 50_000 + "]" * 50_000).encode()
    assert codes(read_spec(deep_json, "json")) == ["syntax.depth"]
    deep_yaml = ("a: " + "[" * 500 + "]" * 500).encode()  # libyaml itself stops at 1,000
    assert codes(read_spec(deep_yaml, "yaml")) == ["syntax.depth"]


def test_oversized_files_are_not_read(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * MAX_BYTES + b"{}")
    assert codes(read_file(big)) == ["file.size"]
    assert codes(read_spec(b" " * (MAX_BYTES + 1))) == ["file.size"]


# -- Bounds --------------------------------------------------------------------------------


def _wide(properties: int) -> bytes:
    schema = {"type": "object", "properties": {f"champ{i}": {"type": "string"} for i in range(properties)}}
    document = {"openapi": "3.0.3", "info": {"title": "Large", "version": "1"}, "paths": {"/x": {"get": {
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}}}}
    return json.dumps(document).encode()


def test_fields_are_cut_with_a_note():
    response = read_spec(_wide(1000)).operations[0].response
    assert len(response.fields) == MAX_FIELDS
    assert response.truncated and str(MAX_FIELDS) in response.note


def _huge() -> bytes:
    """About 2 MiB: 3,000 operations, each with its own response schema."""
    schemas = {f"S{i}": {"type": "object", "properties": {f"champ_{j}": {"type": "string", "description": "d" * 20}
                                                          for j in range(40)}} for i in range(50)}
    paths = {
        f"/ressource{i}/{{id}}": {"get": {
            "tags": [f"T{i % 10}"], "summary": f"Lire {i}",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"data": {"$ref": f"#/components/schemas/S{i % 50}"},
                                                 "liste": {"type": "array", "items": {"type": "string"}}}}}}}},
        }}
        for i in range(3000)
    }
    document = {"openapi": "3.0.3", "info": {"title": "Énorme", "version": "1"}, "paths": paths,
                "components": {"schemas": schemas}}
    return json.dumps(document).encode()


def test_a_huge_specification_is_read_within_bounds():
    data = _huge()
    assert 1_000_000 < len(data) < MAX_BYTES
    clear_cache()
    started = time.monotonic()
    spec = read_spec(data)
    elapsed = time.monotonic() - started
    assert elapsed < 30, elapsed
    assert len(spec.operations) == 2000  # build.MAX_OPERATIONS
    assert "limit.operations" in codes(spec)
    assert sum(len(op.response.fields) for op in spec.operations) <= 10_000
    started = time.monotonic()
    pickled = pickle.dumps(spec)
    assert time.monotonic() - started < 1 and len(pickled) < 2_000_000
    assert pickle.loads(pickled) == spec


# -- Cache, pickling, files ----------------------------------------------------------------


def test_same_bytes_same_model_computed_once(monkeypatch):
    clear_cache()
    calls = []
    real = reader_module._read
    monkeypatch.setattr(reader_module, "_read", lambda *args: calls.append(args[2]) or real(*args))
    data = (FIXTURES / "swagger2.json").read_bytes()
    first = read_spec(data)
    assert read_spec(bytes(data)) is first
    assert read_file(FIXTURES / "swagger2.json") is first
    assert len(calls) == 1 and first.digest == calls[0]
    assert read_spec(data, "yaml") is not first  # read another way: another entry


def test_models_pickle_small_and_equal():
    for name in ("swagger2.json", "openapi30.yaml", "openapi31.json", "cycles.json", "hostile.json"):
        spec = spec_of(name)
        copy = pickle.loads(pickle.dumps(spec))
        assert copy == spec and copy.operations == spec.operations
    assert len(pickle.dumps(spec_of("swagger2.json"))) < 10_000


def test_snapshots_of_a_site(tmp_path):
    folder = tmp_path / "apis" / "openapi"
    folder.mkdir(parents=True)
    assert read_snapshot(tmp_path, "api-x") is None
    (folder / "api-x.yaml").write_bytes((FIXTURES / "openapi30.yaml").read_bytes())
    assert snapshot_path(tmp_path, "api-x") == folder / "api-x.yaml"
    assert read_snapshot(tmp_path, "api-x").title == "Adresses"
    (folder / "api-x.json").write_bytes((FIXTURES / "swagger2.json").read_bytes())
    both = read_snapshot(tmp_path, "api-x")
    assert both.format == "Swagger 2.0" and codes(both)[0] == "file.duplicate"
    with pytest.raises(ValueError):
        read_snapshot(tmp_path, "../../etc/passwd")
    outside = tmp_path / "secret.json"
    outside.write_text("{}")
    os.symlink(outside, folder / "api-lien.json")
    assert codes(read_snapshot(tmp_path, "api-lien")) == ["file.symlink"]


# -- Data elements -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [("codePostal", "code postal"), ("code_postal", "code postal"), ("CodePostal", "code postal"),
     ("code-postal", "code postal"), ("SIRETNumber", "siret number"), ("numéroRue", "numero rue"),
     ("adresseIP", "adresse ip"), ("ligne2", "ligne 2"), ("Œuvre", "oeuvre")],
)
def test_element_keys(name, key):
    assert element_key(name) == key


def test_data_elements_across_operations():
    spec = spec_of("swagger2.json")
    elements = {element.key: element for element in data_elements(spec)}
    postal = elements["code postal"]
    assert postal.names == ("code_postal",)
    assert [(use.method, use.path, use.field) for use in postal.uses] == [
        ("GET", "/entreprises/{siren}/etablissements", "etablissements[].adresse.code_postal"),
        ("POST", "/etablissements", "adresse.code_postal"),
    ]
    assert list(elements) == sorted(elements)
    spec = spec_of("openapi30.yaml")
    keys = {element.key: element.names for element in data_elements(spec)}
    assert keys["code postal"] == ("codePostal", "code_postal")  # two spellings, one element


# -- The real specifications of the former api.gouv.fr ------------------------------------

REFERENCE = [Path(__file__).resolve().parents[2] / "shared" / "reference" / "openapi",
             Path("/work/shared/reference/openapi")]


@pytest.mark.parametrize("folder", [next((f for f in REFERENCE if f.is_dir()), None)])
def test_real_specifications_read(folder):
    if folder is None:
        pytest.skip("les spécifications de référence (shared/reference/openapi) sont absentes")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".json", ".yaml"))
    assert len(files) == 15
    for path in files:
        spec = read_file(path)
        assert spec.format and spec.operations, path.name
        assert "internal.error" not in codes(spec), path.name
