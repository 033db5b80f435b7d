"""The site's search, in French, finds APIs the way readers type.

Without accents, in any case, by acronym, keyword, provider or several words,
the API a reader means is in the first three results; an API whose title,
tagline or keywords match ranks above a page that only mentions the word;
each page is listed once.

The expectations were chosen from the records (titles, keywords, providers)
as a reader would state them, not from what the engine returns.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import apis_by_id, catalogue, console_errors, fold, search

TOP = 3


def _page_of(api_id: str) -> str:
    return f"/apis/{api_id}.html"


def _provider_apis(site, provider_id: str) -> tuple[str, ...]:
    return tuple(next(p for p in catalogue(site)["providers"] if p["id"] == provider_id)["apis"])


# (what the reader types, the APIs expected in the first three results,
#  whether all of them are expected or any one of them is enough)
QUERIES = [
    # without accents
    ("donnees foncieres", ("api-donnees-foncieres",), "all"),
    ("etablissement scolaire", ("api-annuaire-education",), "all"),
    ("education", ("api-annuaire-education",), "all"),
    ("meteo", ("api-meteo-observations", "api-vigilance-meteo"), "all"),
    ("geocodage", ("api-adresse",), "all"),
    ("legifrance", ("api-legifrance",), "all"),
    ("bibliotheque numerique", ("api-gallica",), "all"),
    ("diagnostic de performance energetique", ("api-dpe-logements",), "all"),
    ("batiment", ("api-rnb",), "all"),
    ("statut etudiant", ("api-statut-etudiant",), "all"),
    # Several APIs are titled "données ouvertes de …" since the complete catalogue: any of them.
    ("donnees ouvertes", ("titled:donnees ouvertes", "api-data-gouv"), "any"),
    # with accents
    ("données foncières", ("api-donnees-foncieres",), "all"),
    ("Éducation", ("api-annuaire-education",), "all"),
    ("géocodage", ("api-adresse",), "all"),
    ("météo", ("api-meteo-observations", "api-vigilance-meteo"), "all"),
    # case
    ("SIRENE", ("api-sirene",), "all"),
    ("sirene", ("api-sirene",), "all"),
    ("INSEE", ("provider:insee",), "any"),
    # acronyms
    ("dgfip", ("api-impot-particulier",), "all"),
    ("insee", ("provider:insee",), "any"),
    ("caf", ("api-particulier",), "all"),
    ("CAF", ("api-particulier",), "all"),
    ("ign", ("provider:ign",), "any"),
    ("bodacc", ("api-bodacc",), "all"),
    ("urssaf", ("api-mon-entreprise",), "all"),
    # keywords
    ("cadastre", ("api-carto",), "all"),
    ("jurisprudence", ("api-judilibre",), "all"),
    ("vacances scolaires", ("api-calendrier-scolaire",), "all"),
    ("quotient familial", ("api-particulier",), "all"),
    ("risques naturels", ("api-georisques",), "all"),
    ("eau potable", ("api-hubeau",), "all"),
    ("cotisations sociales", ("api-mon-entreprise",), "all"),
    ("offres d'emploi", ("api-offres-emploi",), "all"),
    # provider names
    ("cour de cassation", ("api-judilibre",), "all"),
    ("France Travail", ("provider:france-travail",), "any"),
    ("Météo-France", ("provider:meteo-france",), "any"),
]


@pytest.mark.parametrize(("query", "expected", "mode"), QUERIES, ids=[q[0] for q in QUERIES])
def test_query_finds_api_in_first_results(browser, base_url, site, query, expected, mode):
    wanted: list[str] = []
    for item in expected:
        if item.startswith("provider:"):
            wanted += _provider_apis(site, item.removeprefix("provider:"))
        elif item.startswith("titled:"):
            words = item.removeprefix("titled:")
            wanted += [api_id for api_id, api in apis_by_id(site).items() if words in fold(api["title"])]
        else:
            wanted.append(item)
    titles = {api_id: apis_by_id(site)[api_id]["title"] for api_id in wanted}
    results = search(browser, base_url, query)
    top = [r["page"] for r in results[:TOP]]
    got = [f"{r['title']} ({r['page']}, score {r['score']})" for r in results[:6]]
    found = [api_id for api_id in wanted if _page_of(api_id) in top]
    if mode == "all":
        missing = [titles[a] for a in wanted if a not in found]
        assert not missing, f"{query!r}: {missing} absent(s) des {TOP} premiers résultats ; obtenu : {got}"
    else:
        assert found, f"{query!r}: aucune de {sorted(titles.values())} dans les {TOP} premiers ; obtenu : {got}"


# A word in one API's keywords, and only in the body text of other pages.
RANKING = [
    ("cadastre", "api-carto", ["apis/fournisseurs/dgfip.html", "apis/themes/geographie.html"]),
    ("inondation", "api-georisques", ["apis/api-vigilance-meteo.html"]),
    ("geoportail", "api-geoplateforme", ["apis/api-carto.html"]),
    ("boursier", "api-particulier", ["apis/api-statut-etudiant.html"]),
]


def _title_and_body(site, page: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article[role=main]")
    title = main.find("h1").get_text(" ")
    return fold(title), fold(main.get_text(" "))


@pytest.mark.parametrize(("word", "api_id", "mentions"), RANKING, ids=[r[0] for r in RANKING])
def test_matching_api_ranks_above_mere_mentions(browser, base_url, site, word, api_id, mentions):
    api = apis_by_id(site)[api_id]
    assert word in fold(" ".join(api["keywords"])), "données de test : le mot doit être un mot-clé de l'API"
    for page in mentions:
        title, body = _title_and_body(site, page)
        assert word not in title and re.search(rf"\b{re.escape(word)}\b", body), (
            f"données de test : {page} doit mentionner {word!r} dans son texte seulement"
        )
    results = search(browser, base_url, word)
    pages = [r["page"] for r in results]
    got = [f"{r['title']} ({r['page']}, score {r['score']})" for r in results]
    assert _page_of(api_id) in pages, f"{word!r}: {api['title']} absente ; obtenu : {got}"
    rank = pages.index(_page_of(api_id))
    for page in mentions:
        assert "/" + page in pages, f"{word!r}: {page} (qui mentionne le mot) n'est pas trouvée ; obtenu : {got}"
        assert rank < pages.index("/" + page), (
            f"{word!r}: {api['title']} (mot-clé) doit passer avant {page} (simple mention) ; obtenu : {got}"
        )


ACCENTS = [
    ("donnees foncieres", "données foncières"),
    ("education", "éducation"),
    ("etablissement", "établissement"),
    ("meteo", "météo"),
    ("geocodage", "géocodage"),
    ("legifrance", "Légifrance"),
    ("sante", "SANTÉ"),
]


@pytest.mark.parametrize(("plain", "accented"), ACCENTS, ids=[a[0] for a in ACCENTS])
def test_accents_and_case_do_not_change_results(browser, base_url, plain, accented):
    without = search(browser, base_url, plain)
    with_accents = search(browser, base_url, accented)
    assert without, f"{plain!r} ne trouve rien"
    first = [(r["title"], r["page"]) for r in without[:5]]
    second = [(r["title"], r["page"]) for r in with_accents[:5]]
    assert first == second, f"{plain!r} → {first}\n{accented!r} → {second}"


@pytest.mark.parametrize("query", ["api", "donnees", "adresse", "entreprise", "sante", "ign", "particulier"])
def test_each_page_listed_once(browser, base_url, query):
    results = search(browser, base_url, query)
    assert results, f"{query!r} ne trouve rien"
    pages = [r["page"] for r in results]
    repeated = sorted({p for p in pages if pages.count(p) > 1})
    assert not repeated, f"{query!r}: pages répétées {repeated} ; obtenu : {[r['title'] for r in results]}"


@pytest.mark.parametrize("query", ["adresse", "cadastre", "dgfip", "donnees"])
def test_search_runs_without_console_errors(browser, base_url, query):
    console_errors(browser)
    results = search(browser, base_url, query)
    errors = console_errors(browser)
    assert not errors, f"{query!r} ({len(results)} résultats) : " + "; ".join(e["message"] for e in errors)


#: Text a reader or a record may hold: accents, ligatures in both cases,
#: compatibility forms (ligature "ﬁ", full-width letters, "n°", "²").
FOLD_SAMPLES = [
    "Éducation nationale", "ŒUVRES d'art", "Cœur", "ÆSCHYLE", "Æther", "Straße", "STRASSE",
    "ﬁchier", "ＡＰＩ Ｅｎｔｒｅｐｒｉｓｅ", "Île-de-France", "Ça, c'est là", "ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ",
    "n° SIRET", "m² habitable", "Ångström", "naïveté", "São Paulo", "Łódź", "Ελλάδα",
]


def test_browser_folds_text_as_the_index_does(browser, base_url):
    """The query and the filters are folded in the browser as the index and tables are in Python."""
    from catalogue.records.french import fold

    browser.get(base_url + "/index.html")
    folded = browser.execute_script("return arguments[0].map(window.catalogueFold);", FOLD_SAMPLES)
    assert folded == [fold(sample) for sample in FOLD_SAMPLES]
