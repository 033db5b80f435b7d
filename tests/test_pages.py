"""Record pages: every field of a record reaches its page, and nothing empty does.

The expectations come from the YAML records of ``test-basic``: the tests
load them and look for each value on the built page.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest

from helpers.html import body, href_to, ids_of, internal_links, key_links, labelled, page, section, sections, table, text_of
from helpers.sources import add_file, load_records
from helpers.text import ACCESS_LABELS, STATUS_LABELS, clean, french_date, norm

pytestmark = pytest.mark.sphinx("html", testroot="basic")

EAU = "apis/api-eau"


def _links(node) -> dict[str, str]:
    """href → link text, for the links under *node*."""
    return {
        a["href"]: text_of(a)
        for a in node.find_all("a", href=True)
        if "headerlink" not in a.get("class", [])
    }


# -- api-eau: every optional field ---------------------------------------------------


def test_api_header_title_tagline_badges(app):
    """The title, the tagline and the access and status badges come first."""
    app.build()
    api = load_records(app.srcdir).apis["api-eau"]
    main = body(page(app.outdir, EAU))
    assert text_of(main.find("h1")) == api["title"]
    assert text_of(main.select_one("p.catalogue-tagline")) == norm(api["tagline"])
    access = main.select_one(f"p.catalogue-badges span.catalogue-access-{api['access']}")
    status = main.select_one(f"p.catalogue-badges span.catalogue-status-{api['status']}")
    assert access is not None and status is not None
    assert "catalogue-badge" in access["class"] and "catalogue-badge" in status["class"]
    assert text_of(access) == f"Accès : {ACCESS_LABELS[api['access']]}"
    assert text_of(status) == STATUS_LABELS[api["status"]]


def test_api_summary_provider_partners_contact(app):
    """The provider and partners link to their pages; a free-text partner stays text;
    the contact is among the key links."""
    app.build()
    records = load_records(app.srcdir)
    api = records.apis["api-eau"]
    main = body(page(app.outdir, EAU))
    summary = labelled(main.select_one("div.catalogue-summary"))

    provider = summary["Fournisseur"]
    assert _links(provider) == {
        href_to(EAU, f"apis/fournisseurs/{api['producer']}"): records.provider_title(api["producer"])
    }

    partners = summary["Partenaires"]
    linked = _links(partners)
    for partner in api["partners"]:
        if partner in records.providers:
            assert linked[href_to(EAU, f"apis/fournisseurs/{partner}")] == records.provider_title(partner)
        else:
            assert partner in text_of(partners)
            assert partner not in linked.values()
    assert len(linked) == sum(p in records.providers for p in api["partners"])

    contact = key_links(main)["Contact"].find("a")
    assert unquote(contact["href"]) == f"mailto:{api['contact_link']}"
    assert text_of(contact).replace(" ", "") == api["contact_link"]


def test_api_summary_themes_keywords_last_review(app):
    """Themes link to their theme pages; keywords and the French date of review follow."""
    app.build()
    records = load_records(app.srcdir)
    api = records.apis["api-eau"]
    summary = labelled(body(page(app.outdir, EAU)).select_one("div.catalogue-summary"))
    assert _links(summary["Thèmes"]) == {
        href_to(EAU, f"apis/themes/{records.theme_id(name)}"): name for name in api["themes"]
    }
    assert text_of(summary["Mots-clés"]) == ", ".join(api["keywords"])
    assert text_of(summary["Fiche vérifiée le"]) == french_date(api["last_update"])
    assert french_date(api["last_update"]) == "2 novembre 2025"


def test_api_description_is_rendered_markdown(app):
    """The description is MyST: its heading, table and {api} role become HTML."""
    app.build()
    records = load_records(app.srcdir)
    api = records.apis["api-eau"]
    description = section(body(page(app.outdir, EAU)), "Description")
    first_paragraph = api["description"].split("\n\n")[0]
    assert norm(first_paragraph) in text_of(description)
    assert "Données disponibles" in sections(description)
    rendered = table(description.find("table"))
    assert rendered.headers == ["Donnée", "Exemple"]
    assert [text_of(cell) for cell in rendered.rows[0][1]] == ["Commune", "Lyon"]
    role = description.find("a", href=href_to(EAU, "apis/api-ecoles"))
    assert role is not None and text_of(role) == records.api_title("api-ecoles")
    for markup in ("{api}", "| Donnée", "## ", "`"):
        assert markup not in description.get_text()


def _essentials(app, docname: str = EAU):
    return body(page(app.outdir, docname)).select_one("div.catalogue-essentials")


def test_api_essentials_access_and_request_button(app):
    """L'essentiel comes right after the badges: the mode, and a real button to request access."""
    app.build()
    api = load_records(app.srcdir).apis["api-eau"]
    main = body(page(app.outdir, EAU))
    essentials = _essentials(app)
    blocks = [child for child in main.find("section").children if getattr(child, "name", None)]
    names = [" ".join(b.get("class", [])) or b.name for b in blocks]
    assert names.index("catalogue-essentials docutils container") == names.index("catalogue-badges") + 1
    assert "Accès : sur habilitation" in text_of(essentials.select_one("p.catalogue-access-mode"))
    button = essentials.select_one("a.catalogue-button")
    assert button["href"] == api["access_link"] and text_of(button) == "Demander l'accès"
    assert "noopener" in button["rel"]
    details = section(main, "Obtenir l'accès")
    assert details.find("strong", string="DataPass") is not None


def test_api_essentials_say_who_may_use_it(app):
    """One line per public, its answer in words, then its conditions."""
    app.build()
    api = load_records(app.srcdir).apis["api-eau"]
    lines = _essentials(app).select("ul.catalogue-who-list > li")
    assert len(lines) == len(api["eligibility"])
    answers = {"yes": "oui", "no": "non", "under_condition": "sous conditions"}
    for item, line in zip(api["eligibility"], lines, strict=True):
        # YAML reads the unquoted yes/no as booleans; the record means "yes"/"no".
        value = {True: "yes", False: "no"}.get(item["eligible"], item["eligible"])
        assert text_of(line.find("p")) == f"{item['who']} : {answers[value]}"
        assert f"catalogue-who-{value}" in line["class"]
        if item.get("description"):
            assert norm(item["description"]) in text_of(line)
    # A <div> inside a <p> is invalid HTML: browsers close the paragraph early.
    assert [p for p in _essentials(app).find_all("p") if p.find("div")] == []


def test_api_essentials_key_links(app):
    """Documentation, OpenAPI file, terms (with their summary), contact, status page, site."""
    app.build()
    api = load_records(app.srcdir).apis["api-eau"]
    links = key_links(_essentials(app))
    expected = {
        "Documentation technique": api["documentation_link"],
        "Spécification OpenAPI": api["openapi_link"],
        "Site de l'API": api["external_site"],
        "Conditions d'utilisation": api["terms_link"],
        "Page de statut": api["monitoring_link"],
    }
    for label, url in expected.items():
        assert links[label].find("a")["href"] == url, label
    assert norm(api["terms_summary"]) in text_of(links["Conditions d'utilisation"])
    assert set(links) == {*expected, "Contact"}


def test_api_essentials_operating_facts(app):
    """Rate limit, availability in French, support: in L'essentiel; the detail of the limit below."""
    app.build()
    api = load_records(app.srcdir).apis["api-eau"]
    facts = labelled(_essentials(app))
    assert text_of(facts["Limite d'appels"]) == norm(api["rate_limiting_resume"])
    percent = f"{api['availability']:g}".replace(".", ",") + " %"
    assert text_of(facts["Disponibilité visée"]) == percent == "99,5 %"
    assert text_of(facts["Assistance"]) == norm(api["support"])
    operations = section(body(page(app.outdir, EAU)), "Conditions de fonctionnement")
    assert norm(api["rate_limiting_description"]) in text_of(operations)


def test_api_page_says_where_it_sits_and_how_to_report_an_error(app):
    """A breadcrumb (Catalogue › first theme › API) and, at the end, a link to report an error."""
    app.build()
    records = load_records(app.srcdir)
    api = records.apis["api-eau"]
    soup = page(app.outdir, EAU)
    trail = soup.select_one("p.catalogue-breadcrumb")
    assert text_of(trail) == f"Catalogue › {api['themes'][0]} › {api['title']}"
    assert trail.find("a", string=api["themes"][0])["href"] == href_to(EAU, f"apis/themes/{records.theme_id(api['themes'][0])}")
    edit = body(soup).select("p.catalogue-edit")
    assert len(edit) == 1 and text_of(edit[0]) == "Signaler une erreur ou modifier cette fiche"


def test_api_related_and_datasets(app):
    """API liées lists the named APIs; each data.gouv.fr dataset is linked."""
    app.build()
    records = load_records(app.srcdir)
    api = records.apis["api-eau"]
    main = body(page(app.outdir, EAU))
    related = section(main, "API liées")
    assert _links(related) == {href_to(EAU, f"apis/{other}"): records.api_title(other) for other in api["related_apis"]}
    datasets = section(main, "Jeux de données")
    assert _links(datasets) == {
        f"https://www.data.gouv.fr/fr/datasets/{dataset['id']}/": dataset.get("title") or f"Jeu de données {dataset['id']}"
        for dataset in api["datasets"]
    }


# -- other API pages -----------------------------------------------------------------------


def test_contact_falls_back_on_provider_and_related_is_two_way(app):
    """api-zebre has no contact_link: its provider's contact shows.  api-eau names
    it as related, so its page lists api-eau back."""
    app.build()
    records = load_records(app.srcdir)
    zebre = records.apis["api-zebre"]
    assert "contact_link" not in zebre
    main = body(page(app.outdir, "apis/api-zebre"))
    contact = key_links(main)["Contact"].find("a")
    assert unquote(contact["href"]) == f"mailto:{records.providers[zebre['producer']]['contact']}"

    pointing = [i for i, a in records.apis.items() if "api-zebre" in a.get("related_apis", [])]
    assert pointing == ["api-eau"]
    assert _links(section(main, "API liées")) == {
        href_to("apis/api-zebre", f"apis/{i}"): records.api_title(i) for i in pointing
    }


def test_no_empty_sections(app):
    """A section appears only with content: api-zebre has no operations, no datasets."""
    app.build()
    records = load_records(app.srcdir)
    zebre = body(page(app.outdir, "apis/api-zebre"))
    titles = set(sections(zebre))
    assert "Conditions de fonctionnement" not in titles
    assert "Jeux de données" not in titles
    for api_id in records.apis:
        main = body(page(app.outdir, f"apis/{api_id}"))
        for sub in main.find_all("section")[1:]:
            content = [
                child for child in sub.children
                if getattr(child, "name", None) and not child.name.startswith("h")
            ]
            assert content, f"empty section {text_of(sub.find('h2'))!r} on {api_id}"
        for label, value in labelled(main).items():
            assert text_of(value), f"empty {label!r} on {api_id}"


def test_deprecated_api_shows_sunset_date(app):
    """The deprecated API warns with its end-of-service date, in French."""
    app.build()
    alpha = load_records(app.srcdir).apis["api-alpha"]
    assert alpha["status"] == "deprecated"
    main = body(page(app.outdir, "apis/api-alpha"))
    warning = main.select_one("div.admonition.warning")
    assert warning is not None
    assert french_date(alpha["sunset_date"]) in text_of(warning)
    assert "30 juin 2027" in text_of(warning)
    assert text_of(main.select_one("span.catalogue-status-deprecated")) == "Dépréciée"


# -- provider and theme pages ---------------------------------------------------------------


def test_provider_page(app):
    """A provider page: name and acronym, type, site, contact, and its two API tables."""
    app.build()
    records = load_records(app.srcdir)
    dinum = records.providers["dinum"]
    docname = "apis/fournisseurs/dinum"
    main = body(page(app.outdir, docname))
    assert text_of(main.find("h1")) == f"{dinum['name']} ({dinum['acronym']})"
    assert norm(dinum["description"]) in text_of(main)
    summary = labelled(main)
    assert text_of(summary["Type d'organisme"]) == dinum["type"]
    assert summary["Site"].find("a")["href"] == dinum["site"]
    assert unquote(summary["Contact"].find("a")["href"]) == f"mailto:{dinum['contact']}"

    produced = table(section(main, "API produites").find("table"))
    expected = records.apis_where(lambda api: api.get("producer") == "dinum")
    assert produced.first_column == [records.api_title(i) for i in expected]
    assert produced.first_column == ["API Alpha", "API Zèbre"]
    assert [a.find("a")["href"] for a in produced.column("API")] == [href_to(docname, f"apis/{i}") for i in expected]

    partnered = table(section(main, "API en partenariat").find("table"))
    expected = records.apis_where(lambda api: "dinum" in api.get("partners", []))
    assert partnered.first_column == [records.api_title(i) for i in expected] == ["API eau"]


def test_provider_without_apis_says_so(app):
    """A provider that is partner of nothing says so instead of an empty table."""
    app.build()
    records = load_records(app.srcdir)
    assert not records.apis_where(lambda api: "ecole" in api.get("partners", []))
    main = body(page(app.outdir, "apis/fournisseurs/ecole"))
    partnered = section(main, "API en partenariat")
    assert partnered.find("table") is None
    assert "partenaire d'aucune API" in text_of(partnered)


@pytest.mark.sphinx("html", testroot="basic", srcdir="pages-provider-site-unpublished", freshenv=True)
def test_provider_site_unpublished_says_so(app):
    """``site: non publié`` is accepted without a warning and shown as such, never as a link."""
    add_file(
        app.srcdir,
        "apis/fournisseurs/sans-site.yml",
        "name: Office des exemples sans site\n"
        "type: Opérateur\n"
        "site: non publié\n"
        "contact: office@exemple.gouv.fr\n"
        "description: Un opérateur dont l'adresse du site n'est pas publiée.\n",
    )
    add_file(
        app.srcdir,
        "apis/api-sans-site.yml",
        "title: API Sans site\ntagline: Une API dont le fournisseur et les conditions n'ont pas d'adresse.\n"
        "producer: sans-site\naccess: open\nthemes:\n  - Santé\n"
        "description: |\n  Une description assez longue pour le schéma.\n"
        "documentation_link: non publié\nterms_link: non publié\n",
    )
    app.build()
    assert "sans-site" not in clean(app.warning.getvalue())
    # Machines are not told "non publié" is an address (schema.org JSON-LD of the API page).
    head = page(app.outdir, "apis/api-sans-site").find("script", type="application/ld+json").string
    data = json.loads(head)
    assert "non publié" not in head and "termsOfService" not in data and "url" not in data["provider"]
    main = body(page(app.outdir, "apis/fournisseurs/sans-site"))
    site = labelled(main.select_one("div.catalogue-summary"))["Site"]
    assert site.find("a") is None
    assert site.find("em") is not None
    assert text_of(site) == "non publié par le fournisseur"
    # The provider with an address still gets its link.
    dinum = labelled(body(page(app.outdir, "apis/fournisseurs/dinum")))["Site"]
    assert dinum.find("a")["href"] == load_records(app.srcdir).providers["dinum"]["site"]


def test_theme_page_lists_its_apis(app):
    """The theme page of Santé lists the APIs that name it, in French order."""
    app.build()
    records = load_records(app.srcdir)
    docname = "apis/themes/sante"
    main = body(page(app.outdir, docname))
    assert text_of(main.find("h1")) == records.themes["sante"]["name"]
    assert norm(records.themes["sante"]["description"]) in text_of(main)
    listed = table(main.find("table"))
    expected = records.apis_of_theme("sante")
    assert listed.first_column == [records.api_title(i) for i in expected] == ["API eau", "API Zèbre"]
    assert [cell.find("a")["href"] for cell in listed.column("API")] == [
        href_to(docname, f"apis/{i}") for i in expected
    ]


# -- glossary links, orphans, warnings ---------------------------------------------------------


def test_glossary_terms_link_where_they_exist(app):
    """Generated pages link the glossary's terms; terms it lacks stay plain text."""
    app.build()
    term_ids = ids_of(app.outdir, "definitions.html")
    eau = body(page(app.outdir, EAU))
    zebre = body(page(app.outdir, "apis/api-zebre"))

    summary = eau.select_one("div.catalogue-summary")
    assert "Fournisseur" in labelled(summary)
    link = summary.select_one("p.catalogue-labelled > strong a")
    assert link["href"] == "../definitions.html#term-Fournisseur"
    assert "term-Fournisseur" in term_ids

    open_links = [a for a in zebre.find_all("a") if a["href"].startswith("../definitions.html#")]
    assert "../definitions.html#term-API-ouverte" in {a["href"] for a in open_links}
    assert "term-API-ouverte" in term_ids

    # Terms the test glossary does not define: no link, the text is still there.
    for absent in ("Partenaires", "Thèmes"):
        label = next(s for s in summary.select("p.catalogue-labelled > strong") if absent in s.get_text())
        assert label.find("a") is None
    assert "sur habilitation" in text_of(eau)
    assert not [a for a in eau.find_all("a") if "habilitation" in a.get_text()]

    for docname in ("apis/api-alpha", EAU, "apis/api-ecoles", "apis/api-zebre"):
        for href, target, fragment in internal_links(app.outdir, f"{docname}.html"):
            if target == "definitions.html":
                assert fragment in term_ids, f"{docname}: {href}"


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_build_has_no_warnings_and_records_are_orphans(app):
    """Records are not in any toctree, yet the build reports nothing at all."""
    app.build()
    warnings = app.warning.getvalue()
    assert "isn't included in any toctree" not in warnings
    assert warnings == ""
    records = load_records(app.srcdir)
    for api_id in records.apis:
        assert (app.outdir / "apis" / f"{api_id}.html").is_file()


# -- a record with problems still gets a page -------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="pages-unreadable", freshenv=True)
def test_unreadable_record_gets_a_page_with_a_notice(app):
    """A file that is not valid YAML is reported and gets a page with a notice."""
    add_file(app.srcdir, "apis/api-cassee.yml", "title: [API cassée\n")
    app.build()
    warnings = clean(app.warning.getvalue())
    assert re.search(r"apis/api-cassee\.yml:\d+:\d+: WARNING: ", warnings), warnings
    main = body(page(app.outdir, "apis/api-cassee"))
    assert main.select_one(".catalogue-problems") is not None


@pytest.mark.sphinx("html", testroot="basic", srcdir="pages-short-description", freshenv=True)
def test_record_with_invalid_description_gets_a_page_with_a_notice(app):
    """A description too short is dropped, reported, and the rest of the page still shows."""
    add_file(
        app.srcdir,
        "apis/api-courte.yml",
        "title: API Courte\n"
        "tagline: Une API dont la description est trop courte.\n"
        "producer: dinum\n"
        "access: open\n"
        "themes:\n  - Santé\n"
        "description: Trop court.\n"
        "documentation_link: https://courte.example.gouv.fr/doc\n"
        "terms_link: https://courte.example.gouv.fr/cgu\n",
    )
    app.build()
    source = (app.srcdir / "apis" / "api-courte.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(source, start=1) if text.startswith("description:"))
    assert f"api-courte.yml:{line}:1: WARNING: description" in clean(app.warning.getvalue())
    main = body(page(app.outdir, "apis/api-courte"))
    assert text_of(main.find("h1")) == "API Courte"
    assert main.select_one(".catalogue-problems") is not None
