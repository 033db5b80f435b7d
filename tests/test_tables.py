"""Index tables: ``api-table``, ``provider-table`` and ``theme-tables``.

Each table must list what its filters select, in the catalogue's French
order (accents and case ignored), with the asked columns, and rows carrying
the classes the catalogue page's filters use.  Extra tables are written on
an orphan page added to a copy of test-basic.
"""

from __future__ import annotations

import pytest
from catalogue.pages.tables import API_COLUMNS

from catalogue_helpers import (
    DEFAULT_COLUMNS,
    add_file,
    assert_api_table,
    assert_liste,
    assert_provider_table,
    assert_theme_tables,
    body,
    by_last_update,
    clean,
    liste_expectations,
    load_records,
    only_table,
    page,
    section,
    table,
    text_of,
)


def _filter_page(app, *tables: str) -> None:
    """Write ``filtres.md``: one section per table, titled T1, T2..."""
    parts = ["---", "orphan: true", "---", "# Filtres", ""]
    for index, directive in enumerate(tables, start=1):
        parts += [f"## T{index}", "", directive.strip(), ""]
    add_file(app.srcdir, "filtres.md", "\n".join(parts))


def _tables(app) -> dict[str, object]:
    main = body(page(app.outdir, "filtres"))
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


@pytest.mark.sphinx("html", testroot="basic", srcdir="tables-theme-id", freshenv=True)
def test_theme_by_id_or_any_spelling(app):
    """:theme: takes the theme's id or its name, case and accents ignored."""
    _filter_page(
        app,
        "```{api-table}\n:theme: sante\n```",
        "```{api-table}\n:theme: SANTE\n```",
        "```{api-table}\n:theme: Santé\n```",
        "```{api-table}\n:theme: education\n:columns: title, themes\n```",
    )
    app.build()
    assert app.warning.getvalue() == ""
    records = load_records(app.srcdir)
    tables = _tables(app)
    for name in ("T1", "T2", "T3"):
        assert_api_table(only_table(tables[name]), records.apis_of_theme("sante"), DEFAULT_COLUMNS, records, "filtres")
    assert_api_table(
        only_table(tables["T4"]), records.apis_of_theme("education"), ("title", "themes"), records, "filtres"
    )


@pytest.mark.sphinx("html", testroot="basic", srcdir="tables-combined", freshenv=True)
def test_several_values_and_combined_filters(app):
    """Lists of values are alternatives; different options must all hold."""
    _filter_page(
        app,
        "```{api-table}\n:access: open, account\n:columns: title, access\n```",
        "```{api-table}\n:status: beta, deprecated\n:columns: title, status\n```",
        "```{api-table}\n:producer: dinum\n:status: stable\n:columns: title, producer, status\n```",
        "```{api-table}\n:producer: ecole\n:access: open\n```",
        "```{api-table}\n:partner: dinum\n:access: restricted\n:columns: title, keywords\n```",
    )
    app.build()
    assert app.warning.getvalue() == ""
    records = load_records(app.srcdir)
    tables = _tables(app)
    assert_api_table(
        only_table(tables["T1"]),
        records.apis_where(lambda a: a["access"] in ("open", "account")),
        ("title", "access"), records, "filtres",
    )
    assert_api_table(
        only_table(tables["T2"]),
        records.apis_where(lambda a: a.get("status", "stable") in ("beta", "deprecated")),
        ("title", "status"), records, "filtres",
    )
    assert_api_table(
        only_table(tables["T3"]),
        records.apis_where(lambda a: a["producer"] == "dinum" and a.get("status", "stable") == "stable"),
        ("title", "producer", "status"), records, "filtres",
    )
    # Nothing matches: a sentence, not an empty table.
    assert not records.apis_where(lambda a: a["producer"] == "ecole" and a["access"] == "open")
    assert tables["T4"].find("table") is None
    assert text_of(tables["T4"].select_one("p.catalogue-empty")) == "Aucune API du catalogue ne correspond."
    assert_api_table(
        only_table(tables["T5"]),
        records.apis_where(lambda a: "dinum" in a.get("partners", []) and a["access"] == "restricted"),
        ("title", "keywords"), records, "filtres",
    )


@pytest.mark.sphinx("html", testroot="basic", srcdir="tables-sort", freshenv=True)
def test_full_table_and_sort_by_last_update(app):
    """No filter lists every API; sort: last_update puts the newest first, undated last."""
    _filter_page(
        app,
        "```{api-table}\n:columns: title, tagline, producer, access, status, themes, keywords, last_update\n```",
        "```{api-table}\n:sort: last_update\n:columns: title, last_update\n```",
        "```{api-table}\n:sort: last_update\n:limit: 1\n:columns: title\n```",
        "```{provider-table}\n:type: Ministère\n```",
    )
    app.build()
    assert app.warning.getvalue() == ""
    records = load_records(app.srcdir)
    tables = _tables(app)
    every = ("title", "tagline", "producer", "access", "status", "themes", "keywords", "last_update")
    assert_api_table(only_table(tables["T1"]), records.sorted_api_ids(), every, records, "filtres")
    newest = by_last_update(records, list(records.apis))
    assert records.api_title(newest[-1]) == "API Alpha"  # the only API without a date
    assert_api_table(only_table(tables["T2"]), newest, ("title", "last_update"), records, "filtres")
    assert_api_table(only_table(tables["T3"]), newest[:1], ("title",), records, "filtres")

    ministries = only_table(tables["T4"])
    assert ministries.headers == ["Fournisseur", "Type", "API produites"]
    expected = [i for i in records.sorted_provider_ids() if records.providers[i]["type"] == "Ministère"]
    assert ministries.first_column == [records.provider_title(i) for i in expected]


# -- warnings ---------------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="tables-unknown-theme", freshenv=True)
def test_unknown_theme_warns_with_file_and_line(app):
    """:theme: naming no theme is reported at the directive's line of its page."""
    _filter_page(app, "```{api-table}\n:theme: Astronomie\n```")
    app.build()
    source = (app.srcdir / "filtres.md").read_text(encoding="utf-8").splitlines()
    line = source.index("```{api-table}") + 1
    warnings = clean(app.warning.getvalue()).splitlines()
    matching = [w for w in warnings if "Astronomie" in w]
    assert len(matching) == 1, warnings
    assert matching[0].startswith(f"{app.srcdir / 'filtres.md'}:{line}: WARNING:")
    assert "n'est pas un thème du catalogue" in matching[0]
    assert text_of(_tables(app)["T1"].select_one("p.catalogue-empty"))


def _invalid(option: str, value: str):
    return pytest.param(
        option, value,
        marks=pytest.mark.sphinx("html", testroot="basic", srcdir=f"tables-invalid-{option}", freshenv=True),
        id=option,
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [
        _invalid("access", "opne"),
        _invalid("status", "stabel"),
        _invalid("columns", "title, titre"),
        _invalid("sort", "date"),
        _invalid("limit", "0"),
    ],
)
def test_invalid_option_value_warns(app, option, value):
    """A value outside an option's list is reported at its line, naming the value."""
    _filter_page(app, f"```{{api-table}}\n:{option}: {value}\n```")
    app.build()
    source = (app.srcdir / "filtres.md").read_text(encoding="utf-8").splitlines()
    line = source.index(f":{option}: {value}") + 1
    warnings = [w for w in clean(app.warning.getvalue()).splitlines() if "WARNING" in w]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{app.srcdir / 'filtres.md'}:{line}: WARNING:")
    assert option in warnings[0]
    assert value.split(", ")[-1] in warnings[0]


def _unknown(directive: str, option: str, value: str):
    return pytest.param(
        directive, option, value,
        marks=pytest.mark.sphinx("html", testroot="basic", srcdir=f"tables-unknown-{option}", freshenv=True),
        id=f"{directive}-{option}",
    )


@pytest.mark.parametrize(
    ("directive", "option", "value"),
    [
        _unknown("api-table", "producer", "dinun"),
        _unknown("api-table", "partner", "dinun"),
        _unknown("provider-table", "type", "Ministere"),
    ],
)
def test_unknown_provider_or_type_warns_like_an_unknown_theme(app, directive, option, value):
    """A typo in :producer:, :partner: or provider-table's :type: empties the
    table; like an unknown theme, it must be reported at the directive's line.

    Bug found: these options are ``unchanged_required`` and never checked, so
    the table silently says "Aucune API..." / "Aucun fournisseur.".
    """
    _filter_page(app, f"```{{{directive}}}\n:{option}: {value}\n```")
    app.build()
    source = (app.srcdir / "filtres.md").read_text(encoding="utf-8").splitlines()
    directive_line = source.index(f"```{{{directive}}}") + 1
    warnings = [w for w in clean(app.warning.getvalue()).splitlines() if "WARNING" in w]
    assert len(warnings) == 1, warnings
    location = f"{app.srcdir / 'filtres.md'}:"
    assert warnings[0].startswith(location)
    line = int(warnings[0][len(location):].split(":")[0])
    assert line in (directive_line, directive_line + 1)  # the directive or its option
    assert value in warnings[0]


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
    differing = [n for n in names if not filecmp.cmp(pages[True] / n, pages[False] / n, shallow=False)]
    if differing:
        import difflib

        fast = (pages[True] / differing[0]).read_text(encoding="utf-8").splitlines()
        slow = (pages[False] / differing[0]).read_text(encoding="utf-8").splitlines()
        diff = "\n".join(list(difflib.unified_diff(slow, fast, "docutils", "html", lineterm="", n=0))[:12])
        pytest.fail(f"{len(differing)} page(s) differ, e.g. {differing[0]}:\n{diff}")
