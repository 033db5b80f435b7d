"""Incremental builds: a change re-writes exactly the pages that show it.

Each test builds a private copy of test-basic, changes its sources, and
builds again with a new application on the same source and output
directories, as ``make html`` run twice does.  After the second build every
page must look as a clean build of the new sources would make it: the
checks derive what each table and page lists from the YAML records on disk.
"""

from __future__ import annotations

import json

import pytest

from helpers.html import body, html_files, internal_links, labelled, only_table, page, section, text_of, unescaped
from helpers.output import environment_line, index_docs, read_docs, search_index, written_docs
from helpers.sources import add_file, load_records, replace_in
from helpers.tables import assert_liste, assert_record_pages
from helpers.text import clean

NEW_RECORD = """\
title: API Nouvelle
tagline: Une API ajoutée entre deux constructions du site.
producer: insee
partners:
  - dinum
access: open
themes:
  - Santé
  - Éducation
keywords:
  - nouveauté
description: |
  L'API Nouvelle apparaît dans chaque table qui doit la lister.
documentation_link: https://nouvelle.example.gouv.fr/doc
terms_link: https://nouvelle.example.gouv.fr/cgu
last_update: 2026-01-05
"""


def rebuild(first, make_app, app_params):
    """A second build of the same project, by a new application (as a new `make html`).

    The first application is cleaned up first, as a finished process would be:
    docutils' registries are global.
    """
    first.cleanup()
    again = make_app(*app_params.args, **app_params.kwargs)
    again.build()
    return again


def page_files(outdir) -> dict[str, int]:
    """mtime of each page Sphinx writes only when needed (not the index pages)."""
    return {
        name: (outdir / name).stat().st_mtime_ns
        for name in html_files(outdir)
        if name not in ("genindex.html", "search.html")
    }


def assert_everything_current(outdir, srcdir) -> None:
    records = load_records(srcdir)
    assert_liste(outdir, records)
    assert_record_pages(outdir, records)


def assert_nowhere(outdir, text: str, *, except_files: tuple[str, ...] = ()) -> None:
    """*text* appears in no page of the site nor in the search index."""
    for name in html_files(outdir):
        if name not in except_files:
            assert text not in unescaped(outdir / name), name
    index = search_index(outdir)
    assert text not in str(index["titles"]) + str(index["alltitles"]) + str(index["objects"])


# -- no change ---------------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-nothing")
def test_no_change_rebuild_reads_and_writes_nothing(app, make_app, app_params):
    """Building again without a change reads no source and writes no page."""
    app.build()
    before = page_files(app.outdir)
    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 0 changed, 0 removed"
    assert read_docs(status) == []
    assert written_docs(status) == []
    assert page_files(again.outdir) == before
    assert again.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-config")
def test_no_change_rebuild_reports_no_configuration_change(app, make_app, app_params):
    """A rebuild with the same conf.py must not claim the extension's options changed.

    Bug found: ``add_static_files`` appends to ``config.html_static_path`` in
    ``builder-inited``; the pickled config keeps the appended path, so every
    rebuild logs "The configuration has changed (1 option: 'html_static_path')".

    (sphinx.testing itself swaps ``html_theme`` the same way, so only the
    option the extension touches is checked.)
    """
    app.build()
    again = rebuild(app, make_app, app_params)
    changes = [line for line in clean(again.status.getvalue()).splitlines() if "configuration has changed" in line]
    assert not [line for line in changes if "html_static_path" in line]


# -- editing a record ----------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-title")
def test_edit_title_refreshes_every_page_that_shows_it(app, make_app, app_params):
    """Renaming api-zebre: one changed document; its tables, provider, theme and
    related pages show the new title; the old one is gone from the site."""
    app.build()
    old = load_records(app.srcdir).api_title("api-zebre")
    new = "API Zébu renommée"
    replace_in(app.srcdir, "apis/api-zebre.yml", old, new)  # the title, and the description naming it

    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 1 changed, 0 removed"
    assert read_docs(status) == ["apis/api-zebre"]
    written = set(written_docs(status))
    assert {"apis/api-zebre", "liste", "apis/fournisseurs/dinum", "apis/themes/sante", "apis/api-eau"} <= written
    # Pages that do not show api-zebre are left alone.
    untouched = {"apis/api-alpha", "apis/api-ecoles", "apis/fournisseurs/ecole", "apis/fournisseurs/insee",
                 "apis/themes/education", "apis/themes/entreprise"}
    assert not written & untouched
    assert again.warning.getvalue() == ""

    assert_everything_current(again.outdir, again.srcdir)
    liste = body(page(again.outdir, "liste"))
    for title in ("Santé", "Ouvertes", "DINUM"):
        assert new in only_table(section(liste, title)).first_column
    dinum = body(page(again.outdir, "apis/fournisseurs/dinum"))
    assert new in only_table(section(dinum, "API produites")).first_column
    assert new in only_table(body(page(again.outdir, "apis/themes/sante"))).first_column
    assert new in text_of(section(body(page(again.outdir, "apis/api-eau")), "API liées"))
    assert_nowhere(again.outdir, old)


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-tagline")
def test_edit_tagline_refreshes_related_apis(app, make_app, app_params):
    """api-eau's "API liées" shows api-zebre's tagline: editing it must re-write api-eau.

    Bug found: ``RelatedApis.inputs()`` digests (docname, title) only, while
    ``render()`` also shows the tagline.
    """
    app.build()
    old = load_records(app.srcdir).apis["api-zebre"]["tagline"]
    replace_in(app.srcdir, "apis/api-zebre.yml", old, "Une accroche toute neuve pour le zèbre.")
    again = rebuild(app, make_app, app_params)
    assert environment_line(again.status.getvalue()) == "0 added, 1 changed, 0 removed"
    assert "Une accroche toute neuve" in text_of(section(body(page(again.outdir, "apis/api-eau")), "API liées"))
    assert_everything_current(again.outdir, again.srcdir)
    assert_nowhere(again.outdir, old)


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-provider")
def test_edit_provider_name_refreshes_its_apis(app, make_app, app_params):
    """Renaming a provider re-writes the API pages, tables and roles that name it."""
    app.build()
    old = load_records(app.srcdir).providers["dinum"]["name"]
    new = "Direction numérique interministérielle"
    replace_in(app.srcdir, "apis/fournisseurs/dinum.yml", f"name: {old}", f"name: {new}")
    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 1 changed, 0 removed"
    assert {"apis/api-alpha", "apis/api-zebre", "apis/api-eau", "liste"} <= set(written_docs(status))
    records = load_records(again.srcdir)
    assert_everything_current(again.outdir, again.srcdir)
    for api_id in ("api-alpha", "api-zebre"):
        summary = labelled(body(page(again.outdir, f"apis/{api_id}")))
        assert text_of(summary["Fournisseur"]) == records.provider_title("dinum")
    assert records.provider_title("dinum") in text_of(labelled(body(page(again.outdir, "apis/api-eau")))["Partenaires"])
    assert_nowhere(again.outdir, old)


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-provider-site")
def test_edit_provider_site_refreshes_api_page_metadata(app, make_app, app_params):
    """An API page's <head> describes its provider (schema.org JSON-LD, with the
    provider's site): editing that site must re-write the provider's API pages.

    Bug found: the pages are re-written only when the provider's *title*
    changes (the reference digest holds docname and title), so the JSON-LD of
    api-alpha and api-zebre keeps the old address.
    """
    app.build()
    records = load_records(app.srcdir)
    old = records.providers["dinum"]["site"]
    new = "https://www.numerique.gouv.fr/adresse-nouvelle"
    assert json_ld_provider(app.outdir, "apis/api-zebre")["url"] == old
    replace_in(app.srcdir, "apis/fournisseurs/dinum.yml", f"site: {old}", f"site: {new}")
    again = rebuild(app, make_app, app_params)
    assert environment_line(again.status.getvalue()) == "0 added, 1 changed, 0 removed"
    produced = [i for i, api in records.apis.items() if api["producer"] == "dinum"]
    assert produced
    for api_id in produced:
        assert json_ld_provider(again.outdir, f"apis/{api_id}")["url"] == new, api_id


def json_ld_provider(outdir, docname: str) -> dict:
    """The provider described by the schema.org JSON-LD of a page's <head>."""
    scripts = page(outdir, docname).find_all("script", type="application/ld+json")
    assert len(scripts) == 1, docname
    return json.loads(scripts[0].string)["provider"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-theme")
def test_change_theme_moves_the_api_between_theme_pages(app, make_app, app_params):
    """api-zebre moves from Santé to Éducation: both theme pages and all tables follow."""
    app.build()
    replace_in(app.srcdir, "apis/api-zebre.yml", "themes:\n  - Santé", "themes:\n  - Éducation")
    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 1 changed, 0 removed"
    assert {"apis/themes/sante", "apis/themes/education", "liste"} <= set(written_docs(status))
    assert again.warning.getvalue() == ""
    title = load_records(again.srcdir).api_title("api-zebre")
    assert title not in only_table(body(page(again.outdir, "apis/themes/sante"))).first_column
    assert title in only_table(body(page(again.outdir, "apis/themes/education"))).first_column
    assert_everything_current(again.outdir, again.srcdir)


# -- adding and removing records -----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-add")
def test_added_record_appears_in_every_table(app, make_app, app_params):
    """A new record gets its page and joins every table, provider and theme page."""
    app.build()
    add_file(app.srcdir, "apis/api-nouvelle.yml", NEW_RECORD)
    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "1 added, 0 changed, 0 removed"
    assert again.warning.getvalue() == ""
    written = set(written_docs(status))
    assert {"apis/api-nouvelle", "liste", "apis/fournisseurs/insee", "apis/fournisseurs/dinum",
            "apis/themes/sante", "apis/themes/education"} <= written
    assert_everything_current(again.outdir, again.srcdir)

    liste = body(page(again.outdir, "liste"))
    for title in ("Santé", "Ouvertes", "Partenariats DINUM", "Récentes"):
        assert "API Nouvelle" in only_table(section(liste, title)).first_column, title
    index = search_index(again.outdir)
    assert "apis/api-nouvelle" in index["docnames"]
    assert "API Nouvelle" in unescaped(again.outdir / "genindex.html")


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-remove")
def test_removed_record_leaves_no_link_behind(app, make_app, app_params):
    """Removing api-alpha re-writes every table and page that listed it; no page
    links to it any more (Sphinx leaves the old HTML file on disk)."""
    app.build()
    title = load_records(app.srcdir).api_title("api-alpha")
    (app.srcdir / "apis" / "api-alpha.yml").unlink()
    again = rebuild(app, make_app, app_params)
    status = again.status.getvalue()
    assert environment_line(status) == "0 added, 0 changed, 1 removed"
    assert again.warning.getvalue() == ""
    assert {"liste", "apis/fournisseurs/dinum", "apis/themes/entreprise"} <= set(written_docs(status))
    assert_everything_current(again.outdir, again.srcdir)

    liste = body(page(again.outdir, "liste"))
    assert section(liste, "Dépréciées").select_one("p.catalogue-empty") is not None
    for name in html_files(again.outdir):
        if name == "apis/api-alpha.html":
            continue
        targets = {target for _, target, _ in internal_links(again.outdir, name)}
        assert "apis/api-alpha.html" not in targets, name
    assert_nowhere(again.outdir, title, except_files=("apis/api-alpha.html",))
    assert "apis/api-alpha" not in search_index(again.outdir)["docnames"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="incremental-search")
def test_search_boosts_survive_a_rebuild_that_does_not_rewrite_the_page(app, make_app, app_params):
    """An API's keywords stay title words of its page, and index entries stay
    folded, when another record changes (Sphinx reloads the index then)."""
    from catalogue.site.search import FrenchSearch

    app.build()
    first = search_index(app.outdir)
    record = app.srcdir / "apis" / "api-alpha.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("Une ancienne API", "Une vieille API"), encoding="utf-8")
    again = rebuild(app, make_app, app_params)
    assert "apis/api-ecoles" not in written_docs(again.status.getvalue())
    second = search_index(again.outdir)
    stem = FrenchSearch({}).stem("UAI")  # a keyword of api-ecoles, found nowhere in titles
    ecoles = second["docnames"].index("apis/api-ecoles")
    assert ecoles in index_docs(second["titleterms"][stem])
    assert first["titleterms"][stem] == second["titleterms"][stem]
    assert "etablissement" in second["indexentries"]  # « établissement », folded
    assert "établissement" not in second["indexentries"]


def test_gc_thresholds_raised_during_the_build_and_restored_after(make_app, rootdir, tmp_path):
    """Young collections are rarer while a catalogue builds; the process gets its settings back."""
    import gc
    import shutil

    from catalogue.reading.gc_tuning import YOUNG_THRESHOLD

    before = gc.get_threshold()
    assert before[0] < YOUNG_THRESHOLD
    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    during = []
    app.connect("env-updated", lambda app, env: during.append(gc.get_threshold()))
    app.build()
    assert during == [(YOUNG_THRESHOLD, *before[1:])]
    assert gc.get_threshold() == before
