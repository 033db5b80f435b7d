"""``python -m importers push-datagouv``: our API records published as data.gouv.fr dataservices.

Each test copies ``tests/roots/test-datagouv-push`` (records to create, to
update, refused by the server, without organisation, invalid, and one
imported from api.gouv.fr) and pushes it to a local server that plays
udata's endpoints and records the requests (:mod:`helpers.udata_server`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers.commands import ROOTS
from helpers.udata_server import UDATA_WRITE_FIELDS, FakeUdata
from importers.datagouv.push import main
from importers.framework.editing import EditError, set_top_level_scalar, with_key
from importers.framework.writing import untouched_since_import

EXISTING, REFUSED = "65a1b2c3d4e5f60718293a01", "65a1b2c3d4e5f60718293aff"
DEN = "5f0c1a2b3c4d5e6f7a8b9c0d"
KEY = "cle-de-test"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return shutil.copytree(ROOTS / "test-datagouv-push", tmp_path / "site")


@pytest.fixture
def udata():
    server = FakeUdata(api_key=KEY, known={EXISTING}, refused={REFUSED}).start()
    yield server
    server.stop()


def push(root: Path, server: FakeUdata, *, dry_run: bool = False, key: str | None = KEY) -> tuple[int, list[str]]:
    lines: list[str] = []
    environ = {"DATAGOUV_API_KEY": key} if key is not None else {}
    code = main(root, f"{server.base}/api/1/", dry_run=dry_run, environ=environ, out=lines.append)
    return code, lines


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "apis").rglob("*.yml"))}


def test_dry_run_sends_and_writes_nothing(root: Path, udata: FakeUdata) -> None:
    before = files(root)
    code, lines = push(root, udata, dry_run=True, key=None)  # no key needed to look
    assert code == 0
    assert udata.requests == []
    assert files(root) == before
    assert f"apis/api-existante.yml : serait mise à jour : PATCH {udata.base}/api/1/dataservices/{EXISTING}/" in lines[0]
    assert lines[-1] == "Bilan (essai : rien n'a été envoyé ni écrit) : 2 à créer, 2 à mettre à jour, 2 non envoyée(s)."
    assert any(line.startswith("apis/api-nouvelle.yml : serait créée : POST") for line in lines)
    assert '  "organization": "5f0c1a2b3c4d5e6f7a8b9c0d"' in "\n".join(lines)  # the payloads are shown


def test_push_creates_updates_and_reports(root: Path, udata: FakeUdata) -> None:
    before = files(root)
    code, lines = push(root, udata)
    assert code == 1  # one refusal
    writes = udata.writes()
    assert [(w.method, w.path) for w in writes] == [
        ("PATCH", f"/api/1/dataservices/{EXISTING}/"),
        ("POST", "/api/1/dataservices/"),
        ("POST", "/api/1/dataservices/"),
        ("PATCH", f"/api/1/dataservices/{REFUSED}/"),
    ]
    assert all(w.headers["x-api-key"] == KEY and w.headers["content-type"] == "application/json" for w in writes)
    assert all(set(w.body) <= UDATA_WRITE_FIELDS for w in writes)
    created = [w.body for w in writes if w.method == "POST"]
    assert [body["title"] for body in created] == ["API Importée Exemple", "API Nouvelle Exemple"]
    assert all(body["organization"] == DEN for body in created)  # published in the organisation's name
    assert all("organization" not in w.body for w in writes if w.method == "PATCH")  # never moved
    assert lines == [
        (
            f"apis/api-existante.yml : mise à jour sur data.gouv.fr (id {EXISTING}) ; non repris : "
            "themes (pas de champ sur data.gouv.fr), terms_link (pas de champ sur data.gouv.fr ; la licence est envoyée), "
            "status deprecated (data.gouv.fr ne connaît qu'archivée ou non), "
            "eligibility « Une administration de l'État » : explication (pas de champ sur data.gouv.fr), "
            "eligibility « Un éditeur de logiciel » (sans audience)"
        ),
        (
            "apis/api-importee.yml : créée sur data.gouv.fr (id 77ab00000000000000000001) ; datagouv_id écrit dans la fiche ; "
            "non repris : themes (pas de champ sur data.gouv.fr), terms_link (pas de champ sur data.gouv.fr ; la licence est envoyée)"
        ),
        "apis/api-incomplete.yml : non envoyée : 1 erreur(s) dans la fiche (make validate en donne le détail)",
        (
            "apis/api-nouvelle.yml : créée sur data.gouv.fr (id 77ab00000000000000000002) ; datagouv_id écrit dans la fiche ; "
            "non repris : themes (pas de champ sur data.gouv.fr), terms_link (pas de champ sur data.gouv.fr ; la licence est envoyée), "
            "datasets 0f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f (data.gouv.fr n'accepte que les identifiants de 24 caractères), "
            "mot-clé « IA » (un mot-clé data.gouv.fr a de 3 à 96 caractères)"
        ),
        "apis/api-refusee.yml : refusée par data.gouv.fr (PATCH, HTTP 400) : Validation error ; tags : Tag must be between 3 and 96 characters long.",
        (
            "apis/api-sans-organisation.yml : non envoyée : le fournisseur sans-id n'a pas de datagouv_id "
            "(l'organisation data.gouv.fr au nom de laquelle publier) ; ajoutez-le à sa fiche"
        ),
        "Bilan : 2 créée(s), 1 mise(s) à jour sur data.gouv.fr ; 2 non envoyée(s) ; 1 refusée(s) ou en échec.",
    ]
    after = files(root)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"apis/api-importee.yml", "apis/api-nouvelle.yml"}
    # Hand-written, Windows line ends: one line added, every other byte kept.
    assert after["apis/api-nouvelle.yml"] == before["apis/api-nouvelle.yml"] + b"datagouv_id: 77ab00000000000000000002\r\n"
    # Imported: header and digest lines kept; it now counts as edited, so the next import keeps the id.
    imported = after["apis/api-importee.yml"].decode("utf-8")
    assert imported == before["apis/api-importee.yml"].decode("utf-8") + "datagouv_id: 77ab00000000000000000001\n"
    assert not untouched_since_import(imported)


def test_second_push_updates_what_the_first_created(root: Path, udata: FakeUdata) -> None:
    push(root, udata)
    udata.requests.clear()
    _, lines = push(root, udata)
    assert [(w.method, w.path) for w in udata.writes()] == [
        ("PATCH", f"/api/1/dataservices/{EXISTING}/"),
        ("PATCH", "/api/1/dataservices/77ab00000000000000000001/"),
        ("PATCH", "/api/1/dataservices/77ab00000000000000000002/"),
        ("PATCH", f"/api/1/dataservices/{REFUSED}/"),
    ]
    assert lines[-1] == "Bilan : 0 créée(s), 3 mise(s) à jour sur data.gouv.fr ; 2 non envoyée(s) ; 1 refusée(s) ou en échec."


def test_payload_of_an_update(root: Path, udata: FakeUdata) -> None:
    push(root, udata)
    (existing,) = [w.body for w in udata.writes() if w.path == f"/api/1/dataservices/{EXISTING}/"]
    assert existing["access_type"] == "restricted"
    assert existing["access_audiences"] == [
        {"role": "local_authority_and_administration", "condition": "under_condition"},  # yes and under_condition
        {"role": "company_and_association", "condition": "no"},
    ]
    assert existing["technical_documentation_url"] is None  # « non publié »
    assert existing["rate_limiting_url"] == "https://existante.exemple.gouv.fr/limites"
    assert existing["archived_at"] is None
    (refused,) = [w.body for w in udata.writes() if w.path == f"/api/1/dataservices/{REFUSED}/"]
    assert refused["archived_at"] == "2025-12-01T00:00:00+00:00"  # retired, dated by its last update


def test_errors_of_the_server(root: Path, udata: FakeUdata) -> None:
    udata.known.clear()  # EXISTING was deleted on data.gouv.fr
    code, lines = push(root, udata, key="mauvaise-cle")
    assert code == 1
    assert "apis/api-existante.yml : refusée par data.gouv.fr (PATCH, HTTP 401) : Unauthorized" in lines
    assert "apis/api-nouvelle.yml : refusée par data.gouv.fr (POST, HTTP 401) : Unauthorized" in lines
    assert all("mauvaise-cle" not in line for line in lines)  # the key is never printed
    code, lines = push(root, udata)
    assert "apis/api-existante.yml : refusée par data.gouv.fr (PATCH, HTTP 404) : Not found" in lines


def test_no_key_no_request(root: Path, udata: FakeUdata) -> None:
    code, lines = push(root, udata, key=None)
    assert code == 2 and udata.requests == []
    assert lines == [
        (
            "erreur : la variable d'environnement DATAGOUV_API_KEY est vide ; donnez la clé d'API de "
            "data.gouv.fr (profil, « Clé d'API ») ou lancez un essai avec --dry-run"
        )
    ]


def test_unreachable_server(root: Path) -> None:
    lines: list[str] = []
    code = main(root, "http://127.0.0.1:9/api/1/", environ={"DATAGOUV_API_KEY": KEY}, out=lines.append)
    assert code == 1
    assert any(line.startswith("apis/api-nouvelle.yml : échec de l'envoi : http://127.0.0.1:9/") for line in lines)


# -- Writing one key, nothing else ---------------------------------------------------------------------


def test_set_top_level_scalar() -> None:
    assert set_top_level_scalar("a: 1\n", "datagouv_id", "abc") == "a: 1\ndatagouv_id: abc\n"
    assert set_top_level_scalar("a: 1", "datagouv_id", "abc") == "a: 1\ndatagouv_id: abc\n"
    assert set_top_level_scalar("a: 1\rb: 2\r", "k", "v") == "a: 1\rb: 2\rk: v\r"
    replaced = "# c\ndatagouv_id: old  \r\ndescription: |\n  datagouv_id: in text\n"
    assert set_top_level_scalar(replaced, "datagouv_id", "new") == "# c\ndatagouv_id: new\r\ndescription: |\n  datagouv_id: in text\n"
    assert set_top_level_scalar("datagouv_id:\n  old\nb: 1\n", "datagouv_id", "new") == "datagouv_id: new\nb: 1\n"
    # An id of digits only would be read as a number: it is quoted.
    assert set_top_level_scalar("a: 1\n", "datagouv_id", "123456789012345678901234") == 'a: 1\ndatagouv_id: "123456789012345678901234"\n'
    assert yaml.safe_load(with_key("a: 1\n", "datagouv_id", "123456789012345678901234"))["datagouv_id"] == "123456789012345678901234"


def test_with_key_refuses_what_it_cannot_write_cleanly() -> None:
    with pytest.raises(EditError):
        with_key("- a\n- b\n", "datagouv_id", "abc")
    with pytest.raises(EditError):
        with_key("a: [1,\n2]\n", "a", "abc")  # the value goes on at column 0
