"""The roles ``{api}``, ``{fournisseur}`` and ``{theme}``.

A role shows the record's title (or the title the author chose) as a link
to the record's page; an unknown id is a warning at the file and line of
the role, so that a contributor finds it.
"""

from __future__ import annotations

import re

import pytest

from helpers.html import body, href_to, page, text_of
from helpers.output import environment_line, written_docs
from helpers.sources import add_file, load_records
from helpers.text import clean


def _paragraph(main, starts_with: str):
    found = [p for p in main.find_all("p") if text_of(p).startswith(starts_with)]
    assert len(found) == 1, starts_with
    return found[0]


def _links(paragraph) -> list[tuple[str, str, list[str]]]:
    return [(a["href"], text_of(a), a.find("span")["class"]) for a in paragraph.find_all("a")]


@pytest.mark.sphinx("html", testroot="basic")
def test_roles_show_the_record_title(app):
    """{api}, {fournisseur} and {theme} link to the page, titled by the record."""
    app.build()
    records = load_records(app.srcdir)
    refs = _paragraph(body(page(app.outdir, "liste")), "Références")
    assert _links(refs) == [
        (href_to("liste", "apis/api-eau"), records.api_title("api-eau"), ["xref", "catalogue", "catalogue-api"]),
        (
            href_to("liste", "apis/fournisseurs/dinum"),
            records.provider_title("dinum"),
            ["xref", "catalogue", "catalogue-fournisseur"],
        ),
        (href_to("liste", "apis/themes/sante"), records.themes["sante"]["name"], ["xref", "catalogue", "catalogue-theme"]),
        (href_to("liste", "apis/api-zebre"), "un titre choisi", ["xref", "catalogue", "catalogue-api"]),
    ]


@pytest.mark.sphinx("html", testroot="unknown-ref", freshenv=True)
def test_domain_form_theme_names_and_explicit_titles(app):
    """{catalogue:api} works like {api}; {theme} also takes the theme's name in
    any case; an explicit title is kept while the link still goes to the record."""
    app.build()
    records = load_records(app.srcdir)
    main = body(page(app.outdir, "refs"))
    api = (href_to("refs", "apis/api-phare"), records.api_title("api-phare"))
    provider = (href_to("refs", "apis/fournisseurs/atelier"), records.provider_title("atelier"))
    theme = (href_to("refs", "apis/themes/meteo"), records.themes["meteo"]["name"])

    def pairs(paragraph):
        return [(href, text) for href, text, _ in _links(paragraph)]

    assert pairs(_paragraph(main, "Connus")) == [api, provider, theme]
    assert pairs(_paragraph(main, "Par le domaine")) == [api, provider, theme]
    assert pairs(_paragraph(main, "Thème par son nom")) == [theme, theme]
    chosen = _paragraph(main, "Titres choisis")
    assert pairs(chosen) == [(api[0], "le phare"), (provider[0], "l'atelier")]
    assert [a["title"] for a in chosen.find_all("a")] == [api[1], provider[1]]


@pytest.mark.sphinx("html", testroot="unknown-ref", freshenv=True)
def test_unknown_ids_warn_with_file_and_line(app):
    """Each unknown id is one warning naming refs.md and the role's line; the
    text stays, as plain text."""
    app.build()
    source = (app.srcdir / "refs.md").read_text(encoding="utf-8").splitlines()
    warnings = [w for w in clean(app.warning.getvalue()).splitlines() if "WARNING" in w]
    unknown = {
        "api-absente": "API inconnue",
        "fournisseur-absent": "fournisseur inconnu",
        "theme-absent": "thème inconnu",
        "api-fantome": "API inconnue",
    }
    assert len(warnings) == len(unknown), warnings
    for target, message in unknown.items():
        line = next(n for n, text in enumerate(source, start=1) if target in text)
        found = [w for w in warnings if f"« {target} »" in w]
        assert len(found) == 1, (target, warnings)
        assert found[0].startswith(f"{app.srcdir / 'refs.md'}:{line}: WARNING: {message}"), found[0]

    main = body(page(app.outdir, "refs"))
    for start, shown in [
        ("api-absente", "api-absente"),
        ("fournisseur-absent", "fournisseur-absent"),
        ("theme-absent", "theme-absent"),
        ("un titre choisi", "un titre choisi"),
    ]:
        paragraph = _paragraph(main, start)
        assert paragraph.find("a") is None
        assert paragraph.find("span").get_text() == shown


@pytest.mark.sphinx("html", testroot="unknown-ref", srcdir="roles-added-later")
def test_reference_resolves_once_the_record_exists(app, make_app, app_params):
    """Adding the missing record re-writes the page that names it, which now links."""
    app.build()
    assert "api-absente" in app.warning.getvalue()
    add_file(
        app.srcdir,
        "apis/api-absente.yml",
        "title: API Retrouvée\n"
        "tagline: Une API qui manquait à la page des rôles.\n"
        "producer: atelier\n"
        "access: open\n"
        "themes:\n  - Météo et climat\n"
        "description: |\n  Elle existe désormais, et la page des rôles la nomme.\n"
        "documentation_link: https://retrouvee.example.gouv.fr/doc\n"
        "terms_link: https://retrouvee.example.gouv.fr/cgu\n",
    )
    app.cleanup()  # docutils' registries are global: one application at a time
    again = make_app(*app_params.args, **app_params.kwargs)
    again.build()
    assert environment_line(again.status.getvalue()) == "1 added, 0 changed, 0 removed"
    assert "refs" in written_docs(again.status.getvalue())
    assert "api-absente" not in again.warning.getvalue()
    paragraph = _paragraph(body(page(again.outdir, "refs")), "API Retrouvée")
    assert paragraph.find("a")["href"] == href_to("refs", "apis/api-absente")
    # The other unknown ids are still reported: the page was written again.
    assert re.search(r"refs\.md:\d+: WARNING: fournisseur inconnu", clean(again.warning.getvalue()))
