"""The page "Fiches à compléter" (directives ``gaps-table`` and ``gaps-criteria``).

Project ``tests/roots/test-gaps``: five APIs of two providers, whose scores
are worked out by hand below from the weights of
``catalogue.records.completeness`` (open API: 95 points apply; with
account: 110; restricted: 120).  The reference date is the newest
``last_update``, 2026-01-10 (api-complete): a record reviewed before
2025-01-10 is old.

- api-complete (agence, open): everything given; not listed.
- api-zone (agence, account): documentation « non publié » (20), no support
  (5) nor status page (5): 80 / 110, 72.
- api-agrement (agence, restricted, the provider's contact): no
  eligibility (10), no last_update (10): 100 / 120, 83.
- api-nue (bureau, open): terms « non publié » (20), no OpenAPI file (10),
  rate limit (10), availability (5), support (5), status page (5), and
  reviewed on 2024-12-01, old (10): 30 / 95, 31.
- api-retiree (bureau): retired, never scored.

Bureau Bêta comes first: its least complete record is the least complete
of the catalogue, though Agence Alpha comes first in French order.
"""

from __future__ import annotations

import re

import pytest
from bs4 import Tag

from catalogue.records.completeness import CRITERIA
from helpers.commands import run
from helpers.html import body, href_to, page, table, text_of
from helpers.output import environment_line, written_docs
from helpers.sources import replace_in
from helpers.text import norm

PAGE = "a-completer"

#: provider → [(api, score)], in the page's order.
EXPECTED = [
    ("bureau", [("api-nue", 31)]),
    ("agence", [("api-zone", 72), ("api-agrement", 83)]),
]

EXPECTED_GAPS = {
    "api-nue": [
        "Conditions d'utilisation (terms_link) : « non publié »",
        "Fichier OpenAPI (openapi_link) : à ajouter",
        "Limite d'appels, en une ligne (rate_limiting_resume) : à ajouter",
        "Date de vérification de la fiche (last_update) : à revoir (1er décembre 2024)",
        "Disponibilité visée (availability) : à ajouter",
        "Assistance (support) : à ajouter",
        "Page de statut (monitoring_link) : à ajouter",
    ],
    "api-zone": [
        "Documentation technique (documentation_link) : « non publié »",
        "Assistance (support) : à ajouter",
        "Page de statut (monitoring_link) : à ajouter",
    ],
    "api-agrement": [
        "Qui peut obtenir l'accès (eligibility) : à ajouter",
        "Date de vérification de la fiche (last_update) : à ajouter",
    ],
}


def listing(outdir) -> list[dict]:
    """The page's groups: provider, its link, and its rows (API, link, score, gaps)."""
    main = body(page(outdir, PAGE))
    groups = []
    for section in main.select("section.catalogue-gaps-provider"):
        heading = section.find("h3")
        rows = []
        for classes, cells in table(section.find("table")).rows:
            (row_class,) = [c for c in classes if c.startswith("gaps-")]
            rows.append(
                {
                    "id": row_class.removeprefix("gaps-"),
                    "href": cells[0].find("a")["href"],
                    "title": text_of(cells[0]),
                    "score": text_of(cells[1]),
                    # Joined as read: the key, in <code>, sits between parentheses.
                    "gaps": [norm(item.get_text()) for item in cells[2].select("li")],
                }
            )
        groups.append(
            {
                "provider": section["id"].removeprefix("gaps-"),
                "href": heading.find("a")["href"],
                "name": text_of(heading.find("a")),
                "rows": rows,
            }
        )
    return groups


def scores(groups: list[dict]) -> list[tuple[str, list[tuple[str, int]]]]:
    return [(g["provider"], [(r["id"], int(r["score"].removesuffix("/100"))) for r in g["rows"]]) for g in groups]


def paragraph(outdir, css_class: str) -> str:
    found = body(page(outdir, PAGE)).select_one(f"p.{css_class}")
    assert isinstance(found, Tag), css_class
    return text_of(found)


def rebuild(first, make_app, app_params):
    """A second build by a new application, as a second ``make html`` (see test_incremental)."""
    first.cleanup()
    again = make_app(*app_params.args, **app_params.kwargs)
    again.build()
    return again


# -- The page ----------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="gaps")
def test_page_lists_exactly_the_incomplete_records_by_provider(app):
    app.build()
    assert app.warning.getvalue() == ""
    groups = listing(app.outdir)
    assert scores(groups) == EXPECTED
    for group in groups:
        assert group["href"] == href_to(PAGE, f"apis/fournisseurs/{group['provider']}")
        for row in group["rows"]:
            assert row["href"] == href_to(PAGE, f"apis/{row['id']}")
            assert (app.outdir / f"apis/{row['id']}.html").is_file()
            assert row["gaps"] == EXPECTED_GAPS[row["id"]], row["id"]
    assert [g["name"] for g in groups] == ["Bureau Bêta", "Agence Alpha (AA)"]
    assert [r["title"] for g in groups for r in g["rows"]] == ["API Nue", "API Zone", "API Agrément"]
    # Complete and retired records are not listed.
    main = text_of(body(page(app.outdir, PAGE)))
    assert "API Complète" not in main and "API Retirée" not in main
    assert paragraph(app.outdir, "catalogue-gaps-summary") == "3 fiches d'API sur 4 sont à compléter."
    assert paragraph(app.outdir, "catalogue-gaps-reference") == (
        "Date de référence : le 10 janvier 2026, date de la mise à jour de fiche la plus récente du "
        "catalogue. Une fiche vérifiée avant le 10 janvier 2025 (plus de 12 mois plus tôt) est à revoir."
    )


@pytest.mark.sphinx("html", testroot="gaps")
def test_criteria_table_shows_the_declared_weights(app):
    app.build()
    criteria = table(body(page(app.outdir, PAGE)).select_one("table.catalogue-gaps-criteria"))
    assert criteria.headers == ["Information", "Clé", "Poids", "Pourquoi"]
    rows = [[text_of(cell) for cell in cells] for _, cells in criteria.rows]
    assert [(row[1], int(row[2])) for row in rows] == [(c.field, c.weight) for c in CRITERIA]
    by_field = {row[1]: row for row in rows}
    assert by_field["access_link"][0] == "Lien pour demander l'accès (API avec compte ou sur habilitation)"
    assert by_field["eligibility"][0] == "Qui peut obtenir l'accès (API sur habilitation)"


@pytest.mark.sphinx("html", testroot="gaps", srcdir="gaps-command")
def test_make_gaps_prints_the_same_scores_in_the_same_order(app):
    """``python -m catalogue validate --gaps`` and the page come from one function."""
    app.build()
    result = run("python", "-m", "catalogue", "--root", str(app.srcdir), "validate", "--gaps", timeout=120)
    assert result.returncode == 0, result.stderr
    printed: list[tuple[str, list[tuple[str, int]]]] = []
    for line in result.stdout.splitlines():
        if match := re.fullmatch(r"  apis/(\S+)\.yml : .*, (\d+)/100", line):
            printed[-1][1].append((match[1], int(match[2])))
        elif line and not line.startswith(" ") and line.endswith(("fiche", "fiches")):
            printed.append((line, []))
    assert [rows for _, rows in printed] == [rows for _, rows in scores(listing(app.outdir))]
    assert [label for label, _ in printed] == ["Bureau Bêta : 1 fiche", "Agence Alpha (AA) : 2 fiches"]


# -- Incremental builds ---------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="gaps", srcdir="gaps-incremental")
def test_page_is_rewritten_when_a_record_changes(app, make_app, app_params):
    """Completing records re-writes the page; a change it does not show leaves it alone."""
    app.build()
    replace_in(
        app.srcdir, "apis/api-nue.yml", "terms_link: non publié",
        "terms_link: https://nue.example.gouv.fr/cgu\nopenapi_link: https://nue.example.gouv.fr/openapi.json\n"
        "rate_limiting_resume: 10 appels / seconde\navailability: 99",
    )
    replace_in(
        app.srcdir, "apis/api-agrement.yml", "monitoring_link:",
        "eligibility:\n  - who: Une administration\n    eligible: yes\nlast_update: 2026-01-02\nmonitoring_link:",
    )
    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 2 changed, 0 removed"
    assert PAGE in written_docs(status)
    assert again.warning.getvalue() == ""
    # api-nue: 75 / 95, 78 (terms, OpenAPI file, rate limit, availability given):
    # Agence Alpha now comes first; api-agrement is complete.
    assert scores(listing(again.outdir)) == [("agence", [("api-zone", 72)]), ("bureau", [("api-nue", 78)])]

    # A tagline is not on the page: editing one does not re-write it.
    replace_in(again.srcdir, "apis/api-zone.yml", "dont la documentation", "dont la doc technique")
    third = rebuild(again, make_app, app_params)
    status = third.status.getvalue()
    assert environment_line(status) == "0 added, 1 changed, 0 removed"
    assert "apis/api-zone" in written_docs(status)
    assert PAGE not in written_docs(status)


@pytest.mark.sphinx("html", testroot="gaps", srcdir="gaps-reference")
def test_a_newer_review_moves_the_reference_date(app, make_app, app_params):
    """api-complete reviewed on 2026-07-01: api-zone (2025-06-01) becomes old, and the
    page says so, though api-zone's own file did not change (70 / 110: 63)."""
    app.build()
    replace_in(app.srcdir, "apis/api-complete.yml", "last_update: 2026-01-10", "last_update: 2026-07-01")
    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 1 changed, 0 removed"
    assert PAGE in written_docs(status)
    groups = listing(again.outdir)
    assert scores(groups) == [("bureau", [("api-nue", 31)]), ("agence", [("api-zone", 63), ("api-agrement", 83)])]
    zone = groups[1]["rows"][0]
    assert zone["gaps"][1] == "Date de vérification de la fiche (last_update) : à revoir (1er juin 2025)"
    assert paragraph(again.outdir, "catalogue-gaps-reference").startswith("Date de référence : le 1er juillet 2026,")
