"""``make import-apigouv``: the importer of the historical api.gouv.fr catalogue.

The fixtures in ``tests/apigouv/_data/`` are invented records written in
the old format, with its quirks (misspelled keys, placeholders left from
the old template, two e-mails in one field, dates with a remark...).  Each
test imports them into a fresh catalogue root made of a copy of our themes
and templates (the schemas are found by the code itself), plus one
hand-written provider.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from catalogue.records.format import record_format
from helpers.commands import run, sphinx
from importers.apigouv import fields, import_apigouv, reading, tables
from importers.apigouv.markdown import convert_markdown
from importers.framework import matching, report, writing
from importers.framework.report import SourceError
from catalogue.checks.source import load_record
from catalogue.commands.validate import validate

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "apigouv"

#: A provider written by hand in the target catalogue (partners may name it).
CNAF = """\
name: Caisse nationale des allocations familiales
acronym: Cnaf
type: Organisme de sécurité sociale
site: https://www.caf.fr
description: |
  Tête du réseau des caisses d'allocations familiales.
"""


def make_root(path: Path) -> Path:
    shutil.copytree(REPO / "apis" / "themes", path / "apis" / "themes")
    shutil.copytree(REPO / "templates", path / "templates")
    (path / "apis" / "fournisseurs").mkdir()
    (path / "apis" / "fournisseurs" / "cnaf.yml").write_text(CNAF, encoding="utf-8")
    return path


def read(root: Path, relative: str) -> dict:
    text = (root / relative).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def lines_of(report) -> list[str]:
    return list(report.lines())


def line_for(report, source: str) -> str:
    (found,) = [o.line() for o in report.outcomes if o.source == source]
    return found


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_root(tmp_path / "site")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """One import of the fixtures, shared by the tests that only read."""
    site = make_root(tmp_path_factory.mktemp("imported") / "site")
    return site, import_apigouv(site, FIXTURES)


# -- Written values ---------------------------------------------------------------------------


def test_open_api_with_intro_body_and_operations(imported) -> None:
    site, _ = imported
    data = read(site, "apis/api-vigilance.yml")
    assert list(data) == [
        "title", "tagline", "producer", "access", "themes", "keywords", "description",
        "documentation_link", "openapi_link", "external_site", "contact_link",
        "rate_limiting_resume", "rate_limiting_description", "availability",
        "monitoring_link", "datasets", "last_update",
    ]  # fmt: skip
    assert data["title"] == "API Vigilance"
    assert data["tagline"] == "Recevez les cartes de vigilance météorologique dès leur publication"
    assert data["producer"] == "meteo-france"  # meteo_france, renamed
    assert data["access"] == "open"  # is_open: 1
    assert data["themes"] == ["Environnement", "Sécurité"]  # case and accents
    assert data["keywords"] == ["vigilance", "orages", "canicule", "crues"]  # stripped, deduplicated
    assert data["description"] == (
        "L'[API Vigilance](https://vigilance.meteofrance.fr) publie les cartes de vigilance 🌩️ "
        "deux fois par jour.\n"
        "\n"
        "## Données disponibles\n"
        "\n"
        "| Donnée     | Exemple           |\n"
        "| ---------- | ----------------- |\n"
        "| Niveau     | 🟠 orange          |\n"
        "| Phénomène  | Orages            |\n"
        "\n"
        "### Couleurs\n"
        "\n"
        "- 🟢 vert : pas de vigilance particulière ;\n"
        "- 🔴 rouge : vigilance absolue.\n"
        "\n"
        "## 🔎 En savoir plus\n"
        "- [Comprendre la météo](https://meteofrance.com/comprendre-la-meteo)\n"
    )
    assert data["documentation_link"] == "https://portail-api.meteofrance.fr/web/fr/api/vigilance"
    assert data["openapi_link"] == "https://portail-api.meteofrance.fr/openapi/vigilance.json"
    assert data["external_site"] == "https://vigilance.meteofrance.fr"
    assert data["contact_link"] == "vigilance@meteo.fr"
    assert data["rate_limiting_resume"] == "60 appels / minute"
    assert data["rate_limiting_description"] == (
        "L'API accepte 60 appels par minute et par clé.\n\n"
        "[En savoir plus sur la limite d'appels](https://portail-api.meteofrance.fr/web/fr/faq)\n"
    )
    assert data["availability"] == 99.9
    assert data["monitoring_link"] == "https://status.meteofrance.fr"
    assert data["datasets"] == [{"id": "5d8b6f3a8b4c417a2e1a7c11"}]  # the invalid one dropped
    assert data["last_update"] == "2024-03-05"
    assert "status" not in data and "terms_link" not in data


def test_restricted_api_eligibility_partners_and_contact(imported) -> None:
    site, _ = imported
    data = read(site, "apis/api-impots-part.yml")  # api_impots_part.md
    assert data["access"] == "restricted"
    assert data["access_link"] == "https://datapass.api.gouv.fr/api-impot-particulier"  # datapass first
    assert data["partners"] == [
        "dgfip",  # an imported provider's id
        "cnaf",  # "CNAF": the acronym of an existing record
        "ign",  # its name, case and accents differing
        "Banque de France",  # unmatched: a free name
        "Franceconnect",  # unmatched and written like an id: capitalised
    ]
    assert data["contact_link"] == "api-impots@dgfip.finances.gouv.fr"
    assert data["last_update"] == "2023-01-12"
    assert data["themes"] == ["Particuliers", "Fiscalité"]
    assert data["eligibility"] == [
        {
            "who": "Un particulier",
            "eligible": "no",
            "description": "Seules les administrations peuvent utiliser cette API.\n\nRechercher une autre API\n",
        },
        {
            "who": "Une collectivité ; une administration",
            "eligible": "yes",
            "description": (
                "Consultez les [cas d'usage](https://www.impots.gouv.fr/cas-usages) prévus par les textes.\n\n"
                "[Demander une habilitation](https://datapass.api.gouv.fr/api-impot-particulier)\n"
            ),
        },
        {
            "who": "Un éditeur de logiciel",
            "eligible": "under_condition",
            "description": "Seulement pour le compte d'une administration habilitée.\n",
        },
    ]
    assert data["description"].startswith("## À quoi sert l'API Impôt particulier ?\n\n")
    assert "## Données disponibles\n\n| Donnée | Description |\n" in data["description"]


def test_account_api_misspelled_keys_and_theme_aliases(imported) -> None:
    site, _ = imported
    data = read(site, "apis/api-adresse-pro.yml")
    assert data["access"] == "account"  # is_open: 0
    assert data["access_link"] == "https://geoservices.ign.fr/inscription"  # account_link
    assert data["external_site"] == "https://adresse-pro.ign.fr"  # from extrenal_site
    assert data["documentation_link"] == "https://adresse-pro.ign.fr/documentation"
    assert "openapi_link" not in data  # doc_tech is ambiguous: dropped
    assert data["themes"] == ["Administration", "Entreprise"]  # "Open data" left out
    assert data["last_update"] == "2022-09-01"  # 1/9/2022
    # Setext headings become ATX ones, the thematic break goes.
    assert data["description"] == "## Setext title\n\nTexte d'introduction.\n\n### Sous-partie\n\nUne ligne.\n\nFin.\n"


def test_html_and_components_in_body(imported) -> None:
    site, _ = imported
    data = read(site, "apis/api-stat-emploi.yml")  # API_Stat_Emploi.md
    assert data["producer"] == "dinum"  # "DINUM"
    assert data["partners"] == ["meteo-france", "dinum", "cnaf"]
    assert data["access"] == "account"  # is_open: "0"
    assert data["availability"] == 99.5  # "99,5 %"
    assert data["themes"] == ["Emploi", "Éducation"]
    assert data["description"] == (
        "## Présentation\n"
        "\n"
        "Les données\\\n"
        "sont publiées\\\n"
        "chaque trimestre.\n"
        "\n"
        "Voir la [méthode](https://stats-emploi.example.gouv.fr/methode).\n"
        "\n"
        "Voir aussi une autre API et le logo.\n"
        "\n"
        "Les codes ressemblent à `<br>` ou `<External>` dans la documentation.\n"
        "\n"
        "```html\n"
        "<!-- gardé tel quel -->\n"
        '<External href="https://exemple.fr">exemple</External>\n'
        "```\n"
        "\n"
        "### Détail\n"
        "\n"
        "| Trimestre | Emplois |\n"
        "| --------- | ------- |\n"
        "| T1 2021 | 1 000 |\n"
    )


def test_old_template_placeholders_are_kept_for_validation_to_report(imported) -> None:
    site, report = imported
    data = read(site, "apis/api-modele.yml")
    assert data["contact_link"] == "contact@contact.fr"
    assert data["title"] == "API XXX"
    assert "themes" not in data and "datasets" not in data  # null in the old file
    problems = {p.field: p.message for p in validate(site).problems["apis/api-modele.yml"]}
    assert "contact@contact.fr" in problems["contact_link"]
    assert line_for(report, "api/api-modele.md").endswith(
        "à compléter : terms_link, themes ; à corriger : title, producer, description, contact_link"
    )


def test_providers(imported) -> None:
    site, _ = imported
    assert read(site, "apis/fournisseurs/dinum.yml") == {
        "name": "Direction interministérielle du numérique",
        "acronym": "DINUM",
        "type": "Ministère",
        "site": "https://www.numerique.gouv.fr",
        "contact": "contact@numerique.gouv.fr",
        "description": (
            "La DINUM accompagne les ministères dans leur transformation numérique.\n\n"
            "Elle conçoit et opère des services numériques partagés :\n\n"
            "- des API de référence ;\n- des outils pour les agents publics.\n"
        ),
    }
    assert read(site, "apis/fournisseurs/ign.yml") == {
        "name": "Institut national de l'information géographique et forestière",
        "acronym": "IGN",
        "site": "https://www.ign.fr",
    }
    meteo = read(site, "apis/fournisseurs/meteo-france.yml")
    assert meteo["type"] == "Autre organisme public"
    assert meteo["description"].endswith("national.\nIl surveille l'atmosphère, l'océan superficiel et le manteau neigeux.\n")
    dgfip = read(site, "apis/fournisseurs/dgfip.yml")
    assert dgfip["acronym"] == "DGFiP"  # from "acronyme"
    assert dgfip["type"] == "Ministère"  # "ministère"
    assert dgfip["description"] == "La DGFiP calcule et recouvre les impôts des particuliers et des professionnels.\n"


# -- The report ----------------------------------------------------------------------------------


def test_report_lines(imported) -> None:
    _, report = imported
    assert line_for(report, "api/api_impots_part.md") == (
        "api/api_impots_part.md → apis/api-impots-part.yml : créée ; 13 champs repris ; "
        "renommé : api_impots_part → api-impots-part ; "
        "deviné : partenaire « CNAF » → cnaf (par acronyme), "
        "partenaire « institut national de l'information geographique et forestiere » → ign (par nom), "
        "partenaire « franceconnect » hors catalogue → nom libre « Franceconnect », "
        "thème « Particulier » → « Particuliers » ; "
        "abandonné : is_france_connected, stats_detail_resume, stats_detail_description, stats_detail_link, "
        "account_link (datapass_link gardé), "
        "contact_link : second courriel support-api@dgfip.finances.gouv.fr, "
        "last_update : texte après la date « (refonte de la page) », "
        "lien relatif /rechercher-api (texte gardé) ; "
        "à compléter : terms_link"
    )
    assert line_for(report, "api/api-adresse-pro.md") == (
        "api/api-adresse-pro.md → apis/api-adresse-pro.yml : créée ; 12 champs repris ; "
        "clé inconnue extrenal_site : vouliez-vous dire external_site ? lue comme external_site ; "
        "clé inconnue doc_tech : vouliez-vous dire doc_tech_link ou doc_tech_external ? abandonnée ; "
        "clé inconnue visit_2019 : vouliez-vous dire visits_2019 ? lue comme visits_2019 ; "
        "deviné : thème « Administration & législation » → « Administration », "
        "thème « Professionnels » → « Entreprise » ; "
        "abandonné : layout, category, clients, additional_css, useSwaggerProxy, hide_pre_footer, "
        "visits_2019, thème « Open data » (hors de la liste) ; "
        "à compléter : terms_link"
    )
    vigilance = line_for(report, "api/api-vigilance.md")
    assert "deviné : availability (uptime)" in vigilance
    assert "datagouv_uuid « à compléter » (identifiant invalide)" in vigilance
    assert "monitoring_description" in vigilance
    assert line_for(report, "api/api-divers.md") == (
        "api/api-divers.md → apis/api-divers.yml : créée ; 5 champs repris ; "
        "abandonné : monitoring_link (vide), external_site (vide), thème « Divers » (hors de la liste), "
        "last_update « 31/02/2020 » (date impossible) ; "
        "à compléter : description, terms_link, themes"
    )
    stat = line_for(report, "api/API_Stat_Emploi.md")
    assert "renommé : API_Stat_Emploi → api-stat-emploi, producer DINUM → dinum, partenaire meteo_france → meteo-france" in stat
    assert "composant <QuestionTree/>" in stat and "NextSteps" not in stat
    assert "balise HTML <br>" in stat and "balise HTML <p>" in stat
    assert "lien relatif /les-api/api-offres-emploi (texte gardé)" in stat
    assert "image relative /images/logo.png (texte gardé)" in stat
    assert line_for(report, "producteurs/ign.md") == (
        "producteurs/ign.md → apis/fournisseurs/ign.yml : créée ; 3 champs repris ; "
        "abandonné : nameWithPronoun, logo, contact (vide), data, siteOpenData, siteAPI ; "
        "à compléter : description, type"
    )
    assert line_for(report, "producteurs/meteo_france.md") == (
        "producteurs/meteo_france.md → apis/fournisseurs/meteo-france.yml : créée ; 5 champs repris ; "
        "renommé : meteo_france → meteo-france ; "
        "deviné : type « Etablissement public administratif » → « Autre organisme public » ; "
        "abandonné : logo"
    )
    assert line_for(report, "producteurs/dgfip.md").endswith(
        "clé inconnue acronyme : vouliez-vous dire acronym ? lue comme acronym ; abandonné : logo"
    )
    assert line_for(report, "api/casse.md").startswith("api/casse.md : non importée ; en-tête YAML invalide ligne 3")


def test_report_order_dropped_keys_and_summary(imported) -> None:
    _, report = imported
    lines = lines_of(report)
    sources = [o.source for o in report.outcomes]
    assert sources == sorted(sources, key=lambda s: (not s.startswith("producteurs/"), s))
    # Keys without content are explained once, not on every line.
    assert lines.count("Clés de l'ancien format abandonnées :") == 1
    assert "  visits_2019 (2 fiches) : sans contenu, nombre de visites de la page en 2019, qui ne servait qu'au tri" in lines
    assert any(line.startswith("  is_france_connected (1 fiche) : sans champ correspondant") for line in lines)
    assert lines[-1] == (
        "Bilan : 11 fiches lues ; 10 importées (10 créées, 0 mise à jour, 0 inchangée, 0 écrasée) ; "
        "0 ignorée (fiches écrites ou modifiées à la main) ; 1 illisible ; "
        "7 à compléter ou corriger avant publication : make validate en donne le détail."
    )


def test_report_agrees_with_validation(imported) -> None:
    site, report = imported
    checked = validate(site)
    for outcome in report.outcomes:
        if not outcome.written:
            continue
        problems = checked.problems.get(outcome.target, [])
        missing = {p.field for p in problems if p.message.startswith("champ obligatoire absent")}
        assert missing <= set(outcome.to_fill), outcome.source
        assert len(problems) >= len(outcome.to_fill) + len(outcome.to_fix)
        assert bool(problems) == bool(outcome.to_fill or outcome.to_fix), outcome.source
    # Records without what our format requires fail validation (no draft mode).
    assert not checked.ok
    assert "apis/api-vigilance.yml" in checked.problems


# -- The files ------------------------------------------------------------------------------------


def test_header_digest_and_exact_reload(imported) -> None:
    site, report = imported
    for outcome in report.outcomes:
        if not outcome.written:
            continue
        text = (site / outcome.target).read_text(encoding="utf-8")
        first, second, body = text.split("\n", 2)
        assert first == f"# Importé de api.gouv.fr ({outcome.source}) par make import-apigouv."
        assert second == "# empreinte: " + hashlib.sha256(body.encode("utf-8")).hexdigest()
        data = yaml.safe_load(body)
        assert load_record(text).data == data  # our loader refuses anchors and aliases
        assert not re.search(r"^\s*[^#\n]*[&*][A-Za-z0-9_]+\s*$", body, re.MULTILINE)
        assert "\t" not in body and not re.search(r" $", body, re.MULTILINE)
    # The kept text is written as literal blocks, lists indented like our templates.
    text = (site / "apis/api-vigilance.yml").read_text(encoding="utf-8")
    assert "\ndescription: |\n  L'[API Vigilance]" in text
    assert "\nthemes:\n  - Environnement\n  - Sécurité\n" in text
    assert "# À compléter avant publication : terms_link" in text


def test_output_reloads_to_the_mapped_data(root: Path) -> None:
    outcome = report.Outcome("api/x.md", "api", identifier="x")
    front, body = reading.read_front_matter(FIXTURES / "_data" / "api" / "api_impots_part.md")
    context = fields.Context(matching.load_theme_names(root, tables.THEME_ALIASES), matching.ProviderIndex(known={"dgfip": ("DGFiP", None)}))
    record = writing.ordered("api", fields.map_api(front, body, context, outcome))
    text = writing.render_file(tables.HEADER.format(source="api/x.md"), "api", record)
    assert yaml.safe_load(text) == record


def test_keys_follow_the_template_order() -> None:
    template = list(yaml.safe_load((REPO / "templates" / "api.yml").read_text(encoding="utf-8")))
    order = writing.field_order("api")
    assert list(order[: len(template)]) == template
    assert set(order) == set(record_format("api").names)


# -- Re-running ---------------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "apis").rglob("*.yml"))}


def test_second_run_gives_the_same_bytes(root: Path) -> None:
    import_apigouv(root, FIXTURES)
    first = snapshot(root)
    report = import_apigouv(root, FIXTURES / "_data")  # SRC may name _data/ itself
    assert snapshot(root) == first
    assert {o.status for o in report.outcomes} == {"unchanged", "error"}
    assert line_for(report, "api/api-vigilance.md").startswith(
        "api/api-vigilance.md → apis/api-vigilance.yml : inchangée ; 17 champs repris"
    )
    assert "(0 créée, 0 mise à jour, 10 inchangées, 0 écrasée)" in report.summary()


def test_untouched_import_is_updated_when_the_source_changes(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "old"
    shutil.copytree(FIXTURES / "_data", source)
    import_apigouv(root, source)
    path = source / "api" / "api-divers.md"
    path.write_text(path.read_text(encoding="utf-8").replace("API Divers", "API Diverse"), encoding="utf-8")
    report = import_apigouv(root, source)
    assert line_for(report, "api/api-divers.md").split(" ; ")[0].endswith(": mise à jour")
    assert read(root, "apis/api-divers.yml")["title"] == "API Diverse"


def test_hand_edited_record_is_kept_unless_forced(root: Path) -> None:
    import_apigouv(root, FIXTURES)
    path = root / "apis" / "api-vigilance.yml"
    edited = path.read_text(encoding="utf-8") + "terms_link: https://meteofrance.com/cgu\n"
    path.write_text(edited, encoding="utf-8")
    report = import_apigouv(root, FIXTURES)
    assert path.read_text(encoding="utf-8") == edited
    assert line_for(report, "api/api-vigilance.md") == (
        "api/api-vigilance.md → apis/api-vigilance.yml : ignorée : la fiche existe et a été écrite "
        "ou modifiée à la main (FORCE=1 pour l'écraser)"
    )
    assert "1 ignorée (fiches écrites ou modifiées à la main)" in report.summary()
    forced = import_apigouv(root, FIXTURES, force=True)
    assert "terms_link" not in read(root, "apis/api-vigilance.yml")
    assert line_for(forced, "api/api-vigilance.md").split(" ; ")[0].endswith(": écrasée (FORCE)")


def test_hand_written_record_is_never_overwritten(root: Path) -> None:
    (root / "apis" / "fournisseurs" / "dinum.yml").write_text(CNAF.replace("Cnaf", "DINUM"), encoding="utf-8")
    before = (root / "apis" / "fournisseurs" / "dinum.yml").read_bytes()
    report = import_apigouv(root, FIXTURES)
    assert (root / "apis" / "fournisseurs" / "dinum.yml").read_bytes() == before
    assert "ignorée" in line_for(report, "producteurs/dinum.md")


def test_completed_record_validates_without_problem(root: Path) -> None:
    """Once a human adds what the old format lacked, the record is clean."""
    import_apigouv(root, FIXTURES)
    path = root / "apis" / "api-vigilance.yml"
    path.write_text(path.read_text(encoding="utf-8") + "terms_link: https://meteofrance.com/cgu\n", encoding="utf-8")
    checked = validate(root)
    assert "apis/api-vigilance.yml" not in checked.problems
    assert "apis/fournisseurs/meteo-france.yml" not in checked.problems
    assert "apis/fournisseurs/dinum.yml" not in checked.problems


# -- The text conversion -----------------------------------------------------------------------------------


def test_components_become_links() -> None:
    converted = convert_markdown(
        'Voir <External href="https://a.fr/x">le site</External>.\n\n'
        "<Button alt href='https://b.fr'>Demander\n  l'accès</Button>\n\n"
        '<Button href="/rechercher-api" alt>Rechercher une autre API</Button>\n\n'
        "<External\n  href={'https://c.fr/a b'}>C</External> et <a href=\"https://d.fr\">D</a>\n"
    )
    assert converted.text == (
        "Voir [le site](https://a.fr/x).\n\n"
        "[Demander l'accès](https://b.fr)\n\n"
        "Rechercher une autre API\n\n"
        "[C](<https://c.fr/a b>) et [D](https://d.fr)\n"
    )
    assert converted.notes == ["lien relatif /rechercher-api (texte gardé)"]


def test_comments_widgets_and_headings() -> None:
    converted = convert_markdown(
        "<!-- en tête\nsur deux lignes -->\n"
        "# Titre <!-- PARTIE 1 -->   \n\n"
        "<NextSteps title='x' />\n\n"
        "#### Trop profond\n\ntexte 😀   \n\n\n\n"
        "## Retour\n\n### Sous-partie\n"
    )
    assert converted.text == (
        # "## Retour" was under "# Titre": it stays one level below it.
        "## Titre\n\n### Trop profond\n\ntexte 😀\n\n### Retour\n\n#### Sous-partie\n"
    )
    assert converted.notes == []


def test_intro_headings_deeper_than_body_ones() -> None:
    converted = convert_markdown("### Intro\n\ntexte\n\n## Corps\n\n### Détail\n\n##### Plus bas\n")
    assert converted.text == "## Intro\n\ntexte\n\n## Corps\n\n### Détail\n\n#### Plus bas\n"


def test_html_tags_removed_and_reported() -> None:
    converted = convert_markdown(
        "| a | b |\n| - | - |\n| x<br>y | z |\n\n"
        "<p style=\"margin: 0\">Un<br/>deux</p>\n\n"
        "<script>alert(1)</script>Fin\n"
    )
    assert converted.text == "| a | b |\n| - | - |\n| x y | z |\n\nUn\\\ndeux\n\nFin\n"
    assert converted.notes == [
        "élément HTML <script> et son contenu",
        "balise HTML <br>",
        "balise HTML <p>",
    ]


def test_code_is_left_alone() -> None:
    text = "Écrire `<br>` ou `<!-- x -->`.\n\n```\n<External href=\"/x\">y</External>\n# pas un titre\n```\n"
    assert convert_markdown(text).text == text


def test_empty_text() -> None:
    assert convert_markdown("<!-- rien -->\n\n<NextSteps />\n").text is None
    assert convert_markdown(None).text is None


# -- Small mappings -----------------------------------------------------------------------------------------


def test_theme_aliases_lead_to_real_themes() -> None:
    themes = matching.load_theme_names(REPO, tables.THEME_ALIASES)
    assert len(themes.names) == 18
    for old, new in tables.THEME_ALIASES.items():
        assert new in themes.names, old
        assert themes.resolve(old) == new
    assert themes.resolve("EDUCATION") == "Éducation"
    assert themes.resolve("Energie") == "Énergie"
    assert themes.resolve("Droit & Justice") == "Droit et justice"
    assert themes.resolve("Open data") is None


def test_identifiers() -> None:
    assert matching.slug("sirene_v3") == "sirene-v3"
    assert matching.slug("API_Météo.v2") == "api-meteo-v2"


def test_small_mappings() -> None:
    import datetime as dt

    outcome = report.Outcome("api/x.md", "api", identifier="x")
    assert fields.map_contact("a@x.fr b@x.fr", "contact_link", outcome) == "a@x.fr"
    assert fields.map_contact("https://x.fr/contact", "contact_link", outcome) == "https://x.fr/contact"
    assert fields.map_date(dt.date(2022, 2, 24), outcome) == "2022-02-24"  # unquoted ISO date in YAML
    assert fields.map_date("24/02/2022", outcome) == "2022-02-24"
    assert fields.map_availability(True, outcome) is None
    assert fields.map_availability(100, outcome) == 100
    assert fields.map_keywords(["A", "a", " b ", None, 2019]) == ["A", "b", "2019"]
    assert outcome.dropped == ["contact_link : second courriel b@x.fr"]
    assert outcome.guessed == ["availability (uptime)"]


def test_two_files_with_the_same_identifier(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "old"
    (source / "api").mkdir(parents=True)
    record = (FIXTURES / "_data" / "api" / "api-divers.md").read_text(encoding="utf-8")
    (source / "api" / "api_divers.md").write_text(record, encoding="utf-8")
    (source / "api" / "api-divers.md").write_text(record, encoding="utf-8")
    report = import_apigouv(root, source)
    assert [o.status for o in report.outcomes] == ["created", "error"]
    assert line_for(report, "api/api_divers.md") == (
        "api/api_divers.md : non importée ; même identifiant que api/api-divers.md (api-divers)"
    )


def test_source_folder_must_hold_the_old_data(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        import_apigouv(make_root(tmp_path / "site"), tmp_path / "nothing")


# -- Building and the command line ---------------------------------------------------------------------------


def test_imported_records_build_with_sphinx(imported, tmp_path: Path) -> None:
    site, _ = imported
    (site / "conf.py").write_text('extensions = ["catalogue"]\nlanguage = "fr"\nexclude_patterns = ["_build", "templates"]\n', encoding="utf-8")
    (site / "index.md").write_text("# Import\n\nLes fiches importées.\n", encoding="utf-8")
    out = tmp_path / "html"
    result = sphinx("-E", "-n", "-q", "-b", "html", str(site), str(out))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    # Only our validation speaks (fields to fill), never MyST nor docutils.
    assert warnings and all(re.search(r"\[catalogue\.[a-z.-]+\]$", line) for line in warnings), warnings
    assert any("api-vigilance.yml" in line and "terms_link : champ obligatoire absent" in line for line in warnings)
    vigilance = (out / "apis" / "api-vigilance.html").read_text(encoding="utf-8")
    assert 'href="https://vigilance.meteofrance.fr"' in vigilance
    assert 'href="https://meteofrance.com/comprendre-la-meteo"' in vigilance
    assert "🌩️" in vigilance and "<table" in vigilance
    assert "NextSteps" not in vigilance and "&lt;!--" not in vigilance and "<!-- PARTIE" not in vigilance
    assert "catalogue-problems" in vigilance  # the notice of a record to complete
    impots = (out / "apis" / "api-impots-part.html").read_text(encoding="utf-8")
    assert 'href="https://datapass.api.gouv.fr/api-impot-particulier"' in impots
    assert "&lt;Button" not in impots and "&lt;External" not in impots
    assert "Rechercher une autre API" in impots


def test_command_line(tmp_path: Path) -> None:
    site = make_root(tmp_path / "site")
    command = ["python", "-m", "importers", "--root", str(site), "apigouv", str(FIXTURES)]
    result = run(*command, timeout=300)
    assert result.returncode == 1  # casse.md could not be read
    assert "api/sirene" not in result.stdout
    assert "api/api-vigilance.md → apis/api-vigilance.yml : créée ; 17 champs repris" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("Bilan : 11 fiches lues ; 10 importées")
    forced = run(*command, "--force", timeout=300)
    assert "10 inchangées" in forced.stdout
    missing = run(*command[:-1], str(tmp_path / "absent"), timeout=300)
    assert missing.returncode == 2
    assert "ne contient ni api/ ni producteurs/" in missing.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_makefile_target() -> None:
    """Dry runs only (-n): nothing is built, nothing is written in the repository."""
    dry = run("make", "-n", "-C", str(REPO), "import-apigouv", "SRC=ancien/_data", "FORCE=1", timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert 'python -m importers apigouv "ancien/_data" --force' in dry.stdout
    empty = run("make", "-n", "-C", str(REPO), "import-apigouv", timeout=60)
    assert empty.returncode != 0
    assert "make import-apigouv SRC=" in empty.stderr
