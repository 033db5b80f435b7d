"""``make import-datagouv``: the importer of data.gouv.fr's dataservices (udata JSON).

The fixtures in ``tests/datagouv/import/`` are pages and dataservices of
our own making, written from udata's read model (``udata/core/
dataservices/models.py``, ``access_type/models.py``, ``contact_point``):
nulls and empty lists, every audience role and condition, Markdown with
Windows line ends and refused constructs, an archived service, a contact
form instead of an e-mail, a service owned by a person, the v1 list and
its next page, a v2 search page, a single ``/dataservices/<id>/``, and the
older v1 shape (datasets listed, ``contact_point``,
``endpoint_description_url``, ``has_token``).  ``tests/datagouv/online/``
holds what only the live API gives (datasets, full organisation), served
by a local server.  Each test imports into a copy of
``tests/roots/test-datagouv-import`` (five themes, one provider written by
hand).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from catalogue.commands.validate import validate
from helpers.commands import ROOTS
from helpers.udata_server import FakeUdata
from importers.datagouv import import_datagouv
from importers.datagouv import main as import_main
from importers.datagouv.cli import add_commands, run
from importers.datagouv.fields import markdown_text
from importers.datagouv.sources import collect
from importers.framework.report import SourceError
from importers.framework.writing import untouched_since_import

FIXTURES = Path(__file__).parent / "datagouv"
PAGES = FIXTURES / "import"
ADRESSE, HABIL, COMPTE, ARCHIVE, VILLE, LEGACY = (f"65a1b2c3d4e5f60718293a0{i}" for i in range(1, 7))
DEN, INSEX, COMMUNE = "5f0c1a2b3c4d5e6f7a8b9c0d", "5f0c1a2b3c4d5e6f7a8b9c1e", "5f0c1a2b3c4d5e6f7a8b9c2f"


def make_root(path: Path) -> Path:
    shutil.copytree(ROOTS / "test-datagouv-import", path)
    return path


def read(root: Path, relative: str) -> dict:
    return yaml.safe_load((root / relative).read_text(encoding="utf-8"))


def line_for(report, source: str) -> str:
    (found,) = [o.line() for o in report.outcomes if o.source == source]
    return found


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted((root / "apis").rglob("*.yml"))}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path / "site")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """One import of the fixture folder, shared by the tests that only read."""
    site = make_root(tmp_path_factory.mktemp("imported") / "site")
    return site, import_datagouv(site, PAGES)


# -- Written values -----------------------------------------------------------------------------


def test_open_api_every_mapped_field(imported) -> None:
    site, _ = imported
    data = read(site, "apis/api-exemple-adresse.yml")
    assert list(data) == [
        "title", "producer", "access", "themes", "keywords", "description", "documentation_link",
        "business_documentation_link", "openapi_link", "base_api_url", "contact_link", "licence",
        "rate_limiting_resume", "rate_limiting_description", "availability", "monitoring_link",
        "last_update", "datagouv_id",
    ]  # fmt: skip
    assert data["title"] == "API Exemple Adresse"
    assert data["producer"] == "den"  # the organisation's acronym
    assert data["access"] == "open"
    assert data["themes"] == ["Géographie"]  # the tag "geographie", guessed
    assert data["keywords"] == ["BAE", "adresse", "geographie", "geocodage"]  # acronym first; "x" too short
    # The newer copy (dataservice-adresse.json) won over the page's; Windows line ends and the
    # two-space hard break are normalised, the Markdown is kept as written.
    assert data["description"] == (
        "L'API Exemple Adresse cherche une adresse et renvoie ses coordonnées.\n\n"
        "## Données disponibles\n\n- le numéro et la voie ;\\\n- la commune.\n\n"
        "Voir [la documentation](https://adresse.exemple.gouv.fr/doc) et **le guide**.\n"
    )
    assert data["documentation_link"] == "https://adresse.exemple.gouv.fr/doc"
    assert data["business_documentation_link"] == "https://adresse.exemple.gouv.fr/guide"
    assert data["openapi_link"] == "https://api.adresse.exemple.gouv.fr/openapi.json"
    assert data["base_api_url"] == "https://api.adresse.exemple.gouv.fr/v1"
    assert data["contact_link"] == "adresse@exemple.gouv.fr"
    assert data["licence"] == "lov2"
    assert data["rate_limiting_resume"] == "50 appels / seconde / IP"
    assert data["rate_limiting_description"] == (
        "[En savoir plus sur la limite d'appels](https://adresse.exemple.gouv.fr/limites)\n"
    )
    assert data["availability"] == 99.9
    assert data["monitoring_link"] == "https://status.adresse.exemple.gouv.fr"
    assert data["last_update"] == "2025-05-01"
    assert data["datagouv_id"] == ADRESSE
    assert "tagline" not in data and "terms_link" not in data  # udata has neither: nothing invented


def test_restricted_api_every_role_and_condition(imported) -> None:
    site, _ = imported
    data = read(site, "apis/api-dossiers-des-usagers.yml")
    assert data["producer"] == "insex"  # the provider written by hand, found by its acronym
    assert data["access"] == "restricted"
    assert data["access_link"] == "https://datapass.exemple.gouv.fr/dossiers"
    assert data["access_reason"] == "Les dossiers contiennent des données personnelles des usagers."
    assert data["access_reason_category"] == "confidentiality_of_personal_data"
    assert data["eligibility"] == [
        {"who": "Une collectivité ou une administration", "eligible": "yes", "audience": "local_authority_and_administration"},
        {"who": "Une entreprise ou une association", "eligible": "under_condition", "audience": "company_and_association"},
        {"who": "Un particulier", "eligible": "no", "audience": "private"},
    ]
    assert data["contact_link"] == "https://dossiers.exemple.gouv.fr/contact"  # a form, no e-mail
    # Untrusted Markdown is kept as text: the checks refuse it, they are not bypassed.
    assert "<script>alert('x')</script>" in data["description"]
    assert "![schéma](https://exemple.gouv.fr/schema.png)" in data["description"]
    codes = {code for relative, code in validate(site).codes() if relative == "apis/api-dossiers-des-usagers.yml"}
    assert {"markdown.html", "markdown.image"} <= codes


def test_archived_account_legacy_and_person_owned(imported) -> None:
    site, _ = imported
    archive = read(site, "apis/api-ancienne-carte.yml")
    assert archive["status"] == "retired"
    assert archive["rate_limiting_description"] == (
        "10 appels par seconde\npuis 1 appel par seconde au-delà de 1 000 appels par jour\n"
    )
    owned = read(site, "apis/api-meteo-locale.yml")
    assert owned == {"title": "API Météo Locale", "access": "account", "last_update": "2025-06-10", "datagouv_id": COMPTE}
    legacy = read(site, "apis/api-horaires-anciens.yml")
    assert legacy["access"] == "account"  # has_token, older shape
    assert legacy["openapi_link"] == "https://horaires.exemple.gouv.fr/swagger.json"
    assert legacy["contact_link"] == "guichets@exemple.gouv.fr"  # contact_point, mailto: dropped
    assert legacy["datasets"] == [{"id": "5e8f7a6b5c4d3e2f1a0b9c8d", "title": "Horaires des guichets"}]
    ville = read(site, "apis/api-stationnement.yml")
    assert ville["themes"] == ["Transport"] and ville["licence"] == "odc-odbl"
    assert "availability" not in ville  # 0 is no target


def test_providers(imported) -> None:
    site, _ = imported
    assert read(site, "apis/fournisseurs/den.yml") == {
        "name": "Direction de l'exemple numérique", "acronym": "DEN", "datagouv_id": DEN,
    }
    assert read(site, "apis/fournisseurs/ville-d-exempleville.yml") == {
        "name": "Ville d'Exempleville", "type": "Collectivité territoriale", "datagouv_id": COMMUNE,
    }
    # Written by hand: found (by acronym) and never overwritten.
    assert (site / "apis/fournisseurs/insex.yml").read_text(encoding="utf-8") == (
        ROOTS / "test-datagouv-import/apis/fournisseurs/insex.yml"
    ).read_text(encoding="utf-8")


# -- The report -----------------------------------------------------------------------------------


def test_report_lines(imported) -> None:
    _, report = imported
    assert line_for(report, f"dataservices/{ADRESSE}") == (
        f"dataservices/{ADRESSE} → apis/api-exemple-adresse.yml : créée ; 18 champs repris ; "
        "deviné : thème « Géographie » (mot-clé geographie), keywords : sigle (acronym) ; "
        "abandonné : format, created_at, mot-clé « x » (de 2 à 60 caractères), "
        "datasets : 2 jeu(x) de données non listé(s) dans la source (lisez l'API en ligne) ; "
        "à compléter : tagline, terms_link"
    )
    assert line_for(report, f"dataservices/{COMPTE}").endswith(
        "abandonné : extras, created_at, owner ; "
        "à compléter : description, documentation_link, producer, tagline, terms_link, themes, access_link"
    )
    assert line_for(report, f"dataservices/{HABIL}").endswith(
        "abandonné : format, created_at, contact « Publication » (un seul contact par fiche) ; "
        "à compléter : tagline, terms_link, themes ; à corriger : description"
    )
    assert "deviné : access account (is_restricted / has_token, ancienne forme), openapi_link " in line_for(report, f"dataservices/{LEGACY}")
    assert line_for(report, f"organizations/{DEN}") == (
        f"organizations/{DEN} → apis/fournisseurs/den.yml : créée ; 3 champs repris ; "
        "renommé : direction-de-l-exemple-numerique → den ; à compléter : description, site, type"
    )
    assert line_for(report, f"organizations/{INSEX}").endswith("ignorée : la fiche existe et a été écrite ou modifiée à la main (FORCE=1 pour l'écraser)")
    assert "deviné : type « Collectivité territoriale » (badge local-authority)" in line_for(report, f"organizations/{COMMUNE}")


def test_report_notes_dropped_keys_and_summary(imported) -> None:
    _, report = imported
    lines = list(report.lines())
    assert "  metrics (6 fiches) : sans contenu, compteurs de data.gouv.fr (vues, abonnés), recalculés chaque jour" in lines
    assert any(line.startswith("  owner (1 fiche) : sans champ correspondant") for line in lines)
    # The same service twice counts once, and says so.
    assert f"  dataservices/{ADRESSE} : lue deux fois (dataservice-adresse.json ; page-v1-1.json, élément 1), une seule fiche ; gardée : dataservice-adresse.json" in lines
    assert f"  dataservices/{HABIL} : lue deux fois (page-v1-1.json, élément 2 ; search-v2.json, élément 2), une seule fiche ; gardée : page-v1-1.json, élément 2" in lines
    assert lines[-1] == (
        "Bilan : 9 fiches lues ; 8 importées (8 créées, 0 mise à jour, 0 inchangée, 0 écrasée) ; "
        "1 ignorée (fiches écrites ou modifiées à la main) ; 0 illisible ; "
        "8 à compléter ou corriger avant publication : make validate en donne le détail."
    )


def test_report_agrees_with_validation(imported) -> None:
    site, report = imported
    checked = validate(site)
    for outcome in report.outcomes:
        if outcome.written:
            problems = checked.problems.get(outcome.target, [])
            assert bool(problems) == bool(outcome.to_fill or outcome.to_fix), outcome.source
            required = {p.field for p in problems if p.code == "schema.required"}
            assert required <= set(outcome.to_fill), outcome.source


def test_header_digest_and_reload(imported) -> None:
    site, report = imported
    for outcome in report.outcomes:
        if outcome.status != "created":
            continue
        text = (site / outcome.target).read_text(encoding="utf-8")
        first, second, body = text.split("\n", 2)
        assert first == f"# Importé de data.gouv.fr ({outcome.source}) par make import-datagouv."
        assert second == "# empreinte: " + hashlib.sha256(body.encode("utf-8")).hexdigest()
        assert untouched_since_import(text)


# -- Re-running, hand edits ------------------------------------------------------------------------


def test_reimport_unchanged_writes_no_byte(root: Path) -> None:
    import_datagouv(root, PAGES)
    before = snapshot(root)
    again = import_datagouv(root, PAGES)
    assert snapshot(root) == before  # same bytes, files not even rewritten (same mtimes)
    assert {o.status for o in again.outcomes} == {"unchanged", "skipped"}
    assert "(0 créée, 0 mise à jour, 8 inchangées, 0 écrasée)" in again.summary()


def test_hand_edited_record_kept_unless_forced(root: Path) -> None:
    import_datagouv(root, PAGES)
    path = root / "apis/api-exemple-adresse.yml"
    edited = path.read_text(encoding="utf-8") + "terms_link: https://adresse.exemple.gouv.fr/cgu\n"
    path.write_text(edited, encoding="utf-8")
    report = import_datagouv(root, PAGES)
    assert path.read_text(encoding="utf-8") == edited
    assert line_for(report, f"dataservices/{ADRESSE}").endswith("ignorée : la fiche existe et a été écrite ou modifiée à la main (FORCE=1 pour l'écraser)")
    forced = import_datagouv(root, PAGES, force=True)
    assert "terms_link" not in read(root, "apis/api-exemple-adresse.yml")
    assert ": écrasée (FORCE)" in line_for(forced, f"dataservices/{ADRESSE}")


def test_record_found_again_by_its_datagouv_id(root: Path) -> None:
    """A record renamed by hand stays the one the service updates: no second file."""
    import_datagouv(root, PAGES)
    (root / "apis/api-exemple-adresse.yml").rename(root / "apis/adresse.yml")
    report = import_datagouv(root, PAGES)
    assert not (root / "apis/api-exemple-adresse.yml").exists()
    assert line_for(report, f"dataservices/{ADRESSE}").startswith(f"dataservices/{ADRESSE} → apis/adresse.yml : inchangée")


def test_hand_written_and_other_imports_are_kept(root: Path) -> None:
    hand = "title: API Stationnement\n"
    (root / "apis/api-stationnement.yml").write_text(hand, encoding="utf-8")
    other = "# Importé de api.gouv.fr (api/x.md) par make import-apigouv.\n# empreinte: 0\ntitle: API Météo Locale\n"
    (root / "apis/api-meteo-locale.yml").write_text(other, encoding="utf-8")
    report = import_datagouv(root, PAGES)
    assert (root / "apis/api-stationnement.yml").read_text(encoding="utf-8") == hand
    assert (root / "apis/api-meteo-locale.yml").read_text(encoding="utf-8") == other
    notes = list(report.lines())
    assert f"  apis/api-stationnement.yml existe sans datagouv_id : si c'est la même API, ajoutez-y « datagouv_id: {VILLE} » (sinon renommez-la)" in notes
    assert "  apis/api-meteo-locale.yml : importée d'une autre source (voir sa première ligne), gardée telle quelle" in notes


def test_another_service_with_a_taken_name_gets_its_own_file(root: Path) -> None:
    (root / "apis/api-stationnement.yml").write_text(f"title: Autre\ndatagouv_id: {'a' * 24}\n", encoding="utf-8")
    report = import_datagouv(root, PAGES / "search-v2.json")
    assert read(root, "apis/api-stationnement-293a05.yml")["datagouv_id"] == VILLE
    assert "renommé : api-stationnement → api-stationnement-293a05" in line_for(report, f"dataservices/{VILLE}")


def test_hostile_text_is_kept_and_refused_by_the_checks(root: Path) -> None:
    """Untrusted Markdown and invisible characters: written as text, refused by our checks, never a path."""
    report = import_datagouv(root, FIXTURES / "hostile" / "dataservice-hostile.json")
    data = read(root, "apis/etc-passwd.yml")  # the slug is made one of our identifiers
    assert data["title"] == "API\u200b Cachée"
    assert "\u202edanger\u0007" in data["description"] and "{eval-rst}`x`" in data["description"]
    assert "[lien](javascript:alert(1))" in data["description"]
    codes = {code for relative, code in validate(root).codes() if relative == "apis/etc-passwd.yml"}
    assert {"character.invisible", "character.control", "character.bidi", "markdown.role", "markdown.directive", "markdown.link"} <= codes
    assert "à corriger : title, description" in line_for(report, "dataservices/65a1b2c3d4e5f60718293a66")
    assert sorted(p.name for p in (root / "apis").glob("*.yml")) == ["etc-passwd.yml"]


# -- Sources ---------------------------------------------------------------------------------------


def test_one_saved_page_announces_its_missing_pages(root: Path) -> None:
    report = import_datagouv(root, PAGES / "page-v1-1.json")
    assert len([o for o in report.outcomes if o.kind == "api"]) == 3
    assert (
        "  page-v1-1.json : la page annonce 4 API, 3 lues ; les pages suivantes (next_page) ne sont pas "
        "dans la source (donnez l'adresse de l'API pour les lire)"
    ) in list(report.lines())


def test_unreadable_files_and_items(root: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(PAGES / "page-v1-2.json", folder)
    (folder / "casse.json").write_text('{"data": [', encoding="utf-8")
    (folder / "autre.json").write_text('{"name": "pas une API"}', encoding="utf-8")
    (folder / "sans-id.json").write_text(json.dumps({"data": [{"title": "Sans id"}, {"id": "12", "title": "Court"}]}), encoding="utf-8")
    assert import_main(root, str(folder)) == 1
    out = capsys.readouterr().out
    assert "casse.json : non importée ; JSON invalide ligne 1, colonne 11 : Expecting value" in out
    assert "autre.json : non importée ; ni une page de l'API data.gouv.fr (clé data), ni une API (clés id et title), ni une liste d'API" in out
    assert "sans-id.json, élément 1 : non importée ; identifiant data.gouv.fr absent ou invalide (None)" in out
    assert "sans-id.json, élément 2 : non importée ; identifiant data.gouv.fr absent ou invalide ('12')" in out
    assert "; 4 illisibles ;" in out
    assert (root / "apis/api-ancienne-carte.yml").exists()  # the readable file is imported


def test_source_must_exist(root: Path, tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        import_datagouv(root, tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError):
        import_datagouv(root, tmp_path / "empty")


def test_fetcher_follows_next_page_on_the_same_site_only() -> None:
    one = json.loads((PAGES / "page-v1-1.json").read_text(encoding="utf-8"))
    two = json.loads((PAGES / "page-v1-2.json").read_text(encoding="utf-8"))
    start = "https://www.data.gouv.fr/api/1/dataservices/?organization=x"
    pages = {start: one, one["next_page"]: {**two, "next_page": start}}  # a loop back to the start
    asked: list[str] = []

    def fetch(url: str):
        asked.append(url)
        return pages[url]

    collected = collect(start, fetch)
    assert asked == [start, one["next_page"]]
    assert set(collected.services) == {ADRESSE, HABIL, COMPTE, ARCHIVE}
    assert collected.notes == [f"page déjà lue, lecture arrêtée : {start}"]
    pages[one["next_page"]] = {**two, "next_page": "https://ailleurs.example/api/1/dataservices/?page=3"}
    asked.clear()
    collected = collect(start, fetch)
    assert len(asked) == 2
    assert collected.notes == [f"page suivante ignorée (autre site que {start}) : https://ailleurs.example/api/1/dataservices/?page=3"]


def test_online_import_against_a_local_server(root: Path) -> None:
    """The live API, played on 127.0.0.1: pages, datasets and the full organisation are read."""
    server = FakeUdata()
    server.serve_file(f"/api/1/dataservices/?organization={DEN}", PAGES / "page-v1-1.json")
    server.serve_file("/api/1/dataservices/?page=2&page_size=3", PAGES / "page-v1-2.json")
    server.serve_file(f"/api/1/datasets/?dataservice={ADRESSE}", FIXTURES / "online/datasets-adresse.json")
    server.serve_file("/api/1/organizations/direction-de-l-exemple-numerique/", FIXTURES / "online/organization-den.json")
    server.start()
    try:
        report = import_datagouv(root, f"{server.base}/api/1/dataservices/?organization={DEN}")
    finally:
        server.stop()
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", f"/api/1/dataservices/?organization={DEN}"),
        ("GET", "/api/1/dataservices/?page=2&page_size=3"),
        ("GET", "/api/1/organizations/direction-de-l-exemple-numerique/"),
        ("GET", "/api/1/organizations/institut-national-de-la-statistique-et-des-exemples/"),
        ("GET", f"/api/1/datasets/?dataservice={ADRESSE}"),
    ]
    assert read(root, "apis/api-exemple-adresse.yml")["datasets"] == [
        {"id": "5e8f7a6b5c4d3e2f1a0b9c01", "title": "Base exemple des adresses"},
        {"id": "5e8f7a6b5c4d3e2f1a0b9c02", "title": "Communes d'exemple"},
    ]
    assert read(root, "apis/fournisseurs/den.yml") == {
        "name": "Direction de l'exemple numérique", "acronym": "DEN", "site": "https://exemple.gouv.fr",
        "description": "La Direction de l'exemple numérique tient les référentiels d'exemple de l'État.\n",
        "datagouv_id": DEN,
    }
    assert any("organizations/5f0c1a2b3c4d5e6f7a8b9c1e : fiche complète illisible" in line for line in report.lines())
    # The same pages, saved: what only the live API gave is kept, nothing is rewritten.
    saved = root.parent / "saved"
    saved.mkdir()
    for name in ("page-v1-1.json", "page-v1-2.json"):
        shutil.copy(PAGES / name, saved)
    before = snapshot(root)
    offline = import_datagouv(root, saved)
    assert snapshot(root) == before
    assert line_for(offline, f"dataservices/{ADRESSE}").startswith(
        f"dataservices/{ADRESSE} → apis/api-exemple-adresse.yml : inchangée ; 18 champs repris ; "
        "deviné : keywords : sigle (acronym), datasets gardé de l'import précédent (la source ne fait que le désigner)"
    )
    assert "site gardé de l'import précédent" in line_for(offline, f"organizations/{DEN}")


# -- Small parts, and the command line --------------------------------------------------------------


def test_markdown_text() -> None:
    assert markdown_text("a  \r\nb  \r\n\r\n```\ncode  \n```\n  ") == "a\\\nb\n\n```\ncode\n```\n"
    assert markdown_text("fin de paragraphe  \n\nsuite") == "fin de paragraphe\n\nsuite\n"
    assert markdown_text("") is None and markdown_text(None) is None and markdown_text("\n \n") is None


def test_command_line(root: Path, capsys) -> None:
    parser = argparse.ArgumentParser(prog="python -m importers")
    parser.add_argument("--root", type=Path, default=Path("."))
    formats = parser.add_subparsers(dest="format", required=True)
    add_commands(formats)
    assert run(parser.parse_args(["datagouv", str(PAGES / "search-v2.json"), "--root", str(root)])) == 0
    assert "dataservices/65a1b2c3d4e5f60718293a05 → apis/api-stationnement.yml : créée" in capsys.readouterr().out
    assert run(parser.parse_args(["--root", str(root), "datagouv", str(PAGES / "search-v2.json")])) == 0
    assert "apis/api-stationnement.yml : inchangée" in capsys.readouterr().out
    assert run(parser.parse_args(["datagouv", str(root / "nothing"), "--root", str(root)])) == 2
