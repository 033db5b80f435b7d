"""Index tables: ``api-table``, ``provider-table`` and ``theme-tables``.

Each table must list what its filters select, in the catalogue's French
order (accents and case ignored), with the asked columns, and rows carrying
the classes the catalogue page's filters use.  Extra tables are written on
an orphan page added to a copy of test-basic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue.pages.tables import API_COLUMNS

from helpers.html import body, only_table, page, section, table, text_of
from helpers.sources import add_file, load_records
from helpers.tables import DEFAULT_COLUMNS, assert_api_table, assert_liste, assert_provider_table, assert_theme_tables, by_last_update, liste_expectations
from helpers.text import clean


def _tables(app) -> dict[str, object]:
    """The sections T1, T2... of test-tables' index page."""
    main = body(page(app.outdir, "index"))
    return {f"T{i}": section(main, f"T{i}") for i in range(1, 20) if main.find(id=f"t{i}")}


# -- the tables of liste.md -----------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic")
def test_liste_tables_match_the_records(app):
    """Every table of liste.html: filters, columns, headers, order, classes, counts."""
    app.build()
    assert_liste(app.outdir, load_records(app.srcdir))


@pytest.mark.sphinx("html", testroot="basic")
def test_french_order_ignores_accents_and_case(app):
    """A byte-wise sort would put 'API Zèbre' before 'API eau' and 'API Écoles' last."""
    app.build()
    records = load_records(app.srcdir)
    titles = [records.api_title(i) for i in records.sorted_api_ids()]
    assert titles == ["API Alpha", "API eau", "API Écoles", "API Zèbre"]
    assert sorted(titles) != titles
    main = body(page(app.outdir, "liste"))
    everything = [
        text_of(row[1][0])
        for theme in main.select("section.catalogue-theme")
        for row in table(theme.find("table")).rows
    ]
    # Each theme table is in order; together they hold every API.
    assert set(everything) == set(titles)
    for theme in main.select("section.catalogue-theme"):
        listed = table(theme.find("table")).first_column
        assert listed == [t for t in titles if t in listed]


@pytest.mark.sphinx("html", testroot="basic")
def test_filters_select_what_the_records_say(app):
    """Spot checks of liste.html against hand-read expectations of test-basic."""
    app.build()
    main = body(page(app.outdir, "liste"))
    expected = {
        "Santé": ["API eau", "API Zèbre"],
        "Ouvertes": ["API Alpha", "API Zèbre"],
        "DINUM": ["API Alpha", "API Zèbre"],
        "Partenariats DINUM": ["API eau"],
        "Dépréciées": ["API Alpha"],
        "Récentes": ["API eau", "API Écoles"],
    }
    for title, titles in expected.items():
        assert only_table(section(main, title)).first_column == titles, title
    records = load_records(app.srcdir)
    assert {t: [records.api_title(i) for i in ids] for t, (ids, _) in liste_expectations(records).items()} == expected


@pytest.mark.sphinx("html", testroot="basic")
def test_row_classes(app):
    """Rows carry access-, status-, provider- and theme- classes for the filters."""
    app.build()
    rows = only_table(section(body(page(app.outdir, "liste")), "Santé")).rows
    assert rows[0][0] == {"access-restricted", "status-beta", "provider-insee", "theme-sante", "theme-entreprise"}
    assert rows[1][0] == {"access-open", "status-stable", "provider-dinum", "theme-sante"}


@pytest.mark.sphinx("html", testroot="basic")
def test_provider_table_counts(app):
    """The provider table counts produced APIs and partnerships."""
    app.build()
    records = load_records(app.srcdir)
    found = only_table(section(body(page(app.outdir, "liste")), "Fournisseurs"))
    assert_provider_table(found, records, "liste")
    assert [[text_of(c) for c in cells[2:]] for _, cells in found.rows] == [["2", "1"], ["1", "0"], ["1", "0"]]


@pytest.mark.sphinx("html", testroot="basic")
def test_theme_tables_one_section_per_theme(app):
    """theme-tables: one section per theme, in French order (Éducation first)."""
    app.build()
    records = load_records(app.srcdir)
    root = section(body(page(app.outdir, "liste")), "Par thème")
    assert_theme_tables(root, records, "liste")
    headings = [text_of(s.find("h3")) for s in root.select("section.catalogue-theme")]
    assert headings == ["Éducation (1)", "Entreprise (2)", "Santé (2)"]


# -- more filters, on a page of their own ----------------------------------------------------------


# -- the options of api-table and provider-table (tests/roots/test-tables) --------------------


@pytest.mark.sphinx("html", testroot="tables")
def test_theme_by_id_or_any_spelling(app):
    """:theme: takes the theme's id or its name, case and accents ignored."""
    app.build()
    assert app.warning.getvalue() == ""
    records = load_records(app.srcdir)
    tables = _tables(app)
    for name in ("T1", "T2", "T3"):
        assert_api_table(only_table(tables[name]), records.apis_of_theme("sante"), DEFAULT_COLUMNS, records, "index")
    assert_api_table(
        only_table(tables["T4"]), records.apis_of_theme("education"), ("title", "themes"), records, "index"
    )


@pytest.mark.sphinx("html", testroot="tables")
def test_several_values_and_combined_filters(app):
    """Lists of values are alternatives; different options must all hold."""
    app.build()
    records = load_records(app.srcdir)
    tables = _tables(app)
    assert_api_table(
        only_table(tables["T5"]),
        records.apis_where(lambda a: a["access"] in ("open", "account")),
        ("title", "access"), records, "index",
    )
    assert_api_table(
        only_table(tables["T6"]),
        records.apis_where(lambda a: a.get("status", "stable") in ("beta", "deprecated")),
        ("title", "status"), records, "index",
    )
    assert_api_table(
        only_table(tables["T7"]),
        records.apis_where(lambda a: a["producer"] == "dinum" and a.get("status", "stable") == "stable"),
        ("title", "producer", "status"), records, "index",
    )
    # Nothing matches: a sentence, not an empty table.
    assert not records.apis_where(lambda a: a["producer"] == "ecole" and a["access"] == "open")
    assert tables["T8"].find("table") is None
    assert text_of(tables["T8"].select_one("p.catalogue-empty")) == "Aucune API du catalogue ne correspond."
    assert_api_table(
        only_table(tables["T9"]),
        records.apis_where(lambda a: "dinum" in a.get("partners", []) and a["access"] == "restricted"),
        ("title", "keywords"), records, "index",
    )


@pytest.mark.sphinx("html", testroot="tables")
def test_full_table_and_sort_by_last_update(app):
    """No filter lists every API; sort: last_update puts the newest first, undated last."""
    app.build()
    records = load_records(app.srcdir)
    tables = _tables(app)
    every = ("title", "tagline", "producer", "access", "status", "themes", "keywords", "last_update")
    assert_api_table(only_table(tables["T10"]), records.sorted_api_ids(), every, records, "index")
    newest = by_last_update(records, list(records.apis))
    assert records.api_title(newest[-1]) == "API Alpha"  # the only API without a date
    assert_api_table(only_table(tables["T11"]), newest, ("title", "last_update"), records, "index")
    assert_api_table(only_table(tables["T12"]), newest[:1], ("title",), records, "index")

    ministries = only_table(tables["T13"])
    assert ministries.headers == ["Fournisseur", "Type", "API produites"]
    expected = [i for i in records.sorted_provider_ids() if records.providers[i]["type"] == "Ministère"]
    assert ministries.first_column == [records.provider_title(i) for i in expected]


# -- options the tables refuse (tests/roots/test-table-errors) ---------------------------------


#: Each section of the errors page: the option's line (text to find), what the warning names.
REFUSED = {
    "Thème inconnu": (":theme: Astronomie", "Astronomie"),
    "Accès inconnu": (":access: opne", "opne"),
    "Statut inconnu": (":status: stabel", "stabel"),
    "Colonne inconnue": (":columns: title, titre", "titre"),
    "Tri inconnu": (":sort: date", "date"),
    "Limite nulle": (":limit: 0", "limit"),
    "Producteur inconnu": (":producer: dinun", "dinun"),
    "Partenaire inconnu": (":partner: dinun", "dinun"),
    "Type inconnu": (":type: Ministere", "Ministere"),
}


@pytest.mark.sphinx("html", testroot="table-errors")
def test_each_refused_option_warns_at_its_place(app):
    """Every option a table refuses is reported once, at the directive or its option's line.

    An unknown theme, producer, partner or provider type empties the table
    (its "Aucune API..." text); it must not do so in silence.
    """
    app.build()
    source = (app.srcdir / "index.md").read_text(encoding="utf-8").splitlines()
    warnings = [w for w in clean(app.warning.getvalue()).splitlines() if "WARNING" in w]
    assert len(warnings) == len(REFUSED), warnings
    location = f"{app.srcdir / 'index.md'}:"
    for section_title, (option, named) in REFUSED.items():
        line = source.index(option) + 1
        found = [w for w in warnings if w.startswith(location) and int(w[len(location):].split(":")[0]) in (line - 1, line)]
        assert len(found) == 1, (section_title, warnings)
        assert named in found[0], found[0]
    main = body(page(app.outdir, "index"))
    assert text_of(section(main, "Thème inconnu").select_one("p.catalogue-empty"))


@pytest.mark.sphinx("html", testroot="basic")
def test_late_renderings_are_final(app):
    """Late content is filled after Sphinx resolves references: it must hold none to resolve.

    Every placeholder of every page is rendered again here and searched for
    ``pending_xref`` nodes, which nothing would resolve any more.
    """
    from sphinx import addnodes

    app.build()
    domain = app.env.domains["catalogue"]
    rendered = 0
    for docname, specs in sorted(domain.placeholders.items()):
        for spec in specs:
            for node in spec.render(domain, app.builder, docname):
                rendered += 1
                pending = list(node.findall(addnodes.pending_xref))
                assert not pending, f"{docname}: {type(spec).__name__} renders {pending[0]}"
    assert rendered > 10


@pytest.mark.parametrize("theme", ["furo", "alabaster"])
def test_tables_written_straight_to_html_match_docutils(make_app, tmp_path, rootdir, theme):
    """The fast HTML path writes, byte for byte, the pages the docutils path writes.

    Same project built twice, ``catalogue_html_tables`` on and off; with
    Furo, whose post-transform wraps tables, and with a theme that does not.
    """
    import filecmp
    import shutil

    pages = {}
    for fast in (True, False):
        srcdir = tmp_path / f"{theme}-{fast}"
        shutil.copytree(rootdir / "test-basic", srcdir)
        # Characters the writers escape, in every kind of cell and attribute.
        tricky = (srcdir / "apis" / "api-ecoles.yml").read_text(encoding="utf-8")
        tricky = tricky.replace("title: API Écoles", 'title: "API <b>Écoles</b> & « R&D » \\"quoted\\" @ home"')
        tricky = tricky.replace("  - UAI", '  - "<UAI> & \\"code\\"\\tà @ l\'école"')
        add_file(srcdir, "apis/api-ecoles-bis.yml", tricky)
        # A provider's logo, shown beside its name in the rows.
        logo = (Path(__file__).parent / "hostile" / "logos" / "propre.svg").read_text(encoding="utf-8")
        add_file(srcdir, "apis/logos/dinum.svg", logo)
        # Every column, and the filters' data-* attributes.
        columns = ", ".join(API_COLUMNS)
        add_file(srcdir, "tout.md", f"---\norphan: true\n---\n# Tout\n\n```{{api-table}}\n:filters:\n:columns: {columns}\n```\n")
        app = make_app(
            "html", srcdir=srcdir, freshenv=True,
            confoverrides={"html_theme": theme, "catalogue_html_tables": fast},
        )
        app.build()
        assert app.statuscode == 0
        pages[fast] = app.outdir
    names = sorted(p.relative_to(pages[True]).as_posix() for p in pages[True].rglob("*.html"))
    assert names == sorted(p.relative_to(pages[False]).as_posix() for p in pages[False].rglob("*.html"))
    tables = [n for n in names if 'class="catalogue-table' in (pages[True] / n).read_text(encoding="utf-8")]
    assert len(tables) >= 5, tables
    assert '&lt;UAI&gt; &amp; &quot;code&quot; à &#64; l\'école Établissement' in (pages[True] / "tout.html").read_text(encoding="utf-8")
    assert 'class="catalogue-row-logo" src="_static/logos/dinum.svg"' in (pages[True] / "tout.html").read_text(encoding="utf-8")
    differing = [n for n in names if not filecmp.cmp(pages[True] / n, pages[False] / n, shallow=False)]
    if differing:
        import difflib

        fast = (pages[True] / differing[0]).read_text(encoding="utf-8").splitlines()
        slow = (pages[False] / differing[0]).read_text(encoding="utf-8").splitlines()
        diff = "\n".join(list(difflib.unified_diff(slow, fast, "docutils", "html", lineterm="", n=0))[:12])
        pytest.fail(f"{len(differing)} page(s) differ, e.g. {differing[0]}:\n{diff}")
