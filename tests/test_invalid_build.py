"""Building a site whose records have problems.

``tests/roots/test-invalid`` holds the themes and providers of test-basic,
one valid API (``api-valide``), one API whose description tries a ``{raw}``
directive and raw HTML (``api-brut``), and four other invalid APIs: a YAML syntax error (``api-syntaxe``), an unknown key and a
relative URL (``api-cle-url``), an unknown producer (``api-producteur``) and
``javascript:`` links (``api-javascript``).

The build must report the same problems as ``make validate``, at the same
``file:line:col``, never crash, still give every record a page (with a
visible notice listing its problems) and never render a value that failed
its check.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalogue.commands.validate import validate
from helpers.commands import sphinx

REPO = Path(__file__).resolve().parents[1]
ROOTS = REPO / "tests" / "roots"
INVALID_ROOT = ROOTS / "test-invalid"
BASIC = ROOTS / "test-basic"

pytestmark = pytest.mark.sphinx("html", testroot="invalid", freshenv=True)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: The records of test-invalid that have problems.
INVALID_APIS = ["api-syntaxe", "api-cle-url", "api-producteur", "api-javascript", "api-brut"]


# -- helpers ------------------------------------------------------------------------------------


def warning_lines(app) -> list[str]:
    return [line for line in _ANSI.sub("", app.warning.getvalue()).splitlines() if line.strip()]


def record_warnings(app) -> list[str]:
    """Problems of records, and of files refused as records: the warnings typed ``catalogue``."""
    return [line for line in warning_lines(app) if re.search(r"\[catalogue\.[a-z.-]+\]$", line)]


def expected_record_warnings(srcdir: Path) -> list[str]:
    """The problems ``make validate`` prints, as the build must log them, with their codes."""
    report = validate(Path(srcdir))
    expected = []
    for line, (_, code) in zip(report.lines(), report.codes(), strict=True):
        relative, line_no, column, rest = line.split(":", 3)
        expected.append(f"{Path(srcdir) / relative}:{line_no}:{column}: WARNING:{rest} [catalogue.{code}]")
    return expected


def problems_by_file(srcdir: Path) -> dict[str, list[tuple[str, str]]]:
    """``{relative path: [(line, "field : message"), ...]}`` from ``make validate``."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in validate(Path(srcdir)).lines():
        relative, line_no, _column, rest = line.split(":", 3)
        found.setdefault(relative, []).append((line_no, rest.strip()))
    return found


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main_of(page: BeautifulSoup):
    main = page.select_one('[role="main"]')
    assert main is not None
    return main


def plain(text: str) -> str:
    """Text as written in the sources: smart quotes and spacing undone."""
    return " ".join(text.replace("\u2019", "'").split())


def notice_items(page: BeautifulSoup) -> list[str]:
    notices = page.select(".catalogue-problems")
    assert len(notices) == 1, "a record with problems shows exactly one notice"
    return [plain(item.get_text(" ", strip=True)) for item in notices[0].select("li")]


def expected_notice_items(problems: list[tuple[str, str]]) -> list[str]:
    return [plain(f"ligne {line_no} — {text}") for line_no, text in problems]


# -- warnings -------------------------------------------------------------------------------------


def test_warnings_are_the_problems_of_validate(app):
    app.build()
    expected = expected_record_warnings(app.srcdir)
    # Every invalid record reports something; the valid ones nothing.
    assert {Path(line.split(":", 1)[0]).stem for line in expected} == set(INVALID_APIS)
    assert sorted(record_warnings(app)) == sorted(expected)


def test_warnings_point_at_file_line_and_column(app):
    app.build()
    srcdir = Path(app.srcdir)
    lines = record_warnings(app)
    assert f"{srcdir / 'apis/api-syntaxe.yml'}:2:20: WARNING: (fiche) : erreur de syntaxe YAML : " in "\n".join(lines)
    assert (
        f"{srcdir / 'apis/api-cle-url.yml'}:10:1: WARNING: extrenal_site : clé inconnue ; "
        "vouliez-vous dire « external_site » ? [catalogue.schema.unknown-key]"
    ) in lines
    assert (
        f"{srcdir / 'apis/api-producteur.yml'}:3:1: WARNING: producer : « ministere-inconnu » n'est pas "
        "un fournisseur du catalogue ; créez apis/fournisseurs/ministere-inconnu.yml ou corrigez "
        "l'identifiant [catalogue.reference.producer]"
    ) in lines
    for line in lines:
        assert re.match(rf"^{re.escape(str(srcdir))}/apis/[a-z-]+\.yml:\d+:\d+: WARNING: \S+ : .+", line), line


def test_no_other_warning_than_the_records_problems(app):
    app.build()
    others = [line for line in warning_lines(app) if line not in record_warnings(app)]
    assert others == []
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()


# -- pages ------------------------------------------------------------------------------------------


def test_valid_api_page_is_built_normally(app):
    app.build()
    page = soup(app.outdir / "apis" / "api-valide.html")
    main = main_of(page)
    assert page.select(".catalogue-problems") == []
    assert main.h1.get_text(strip=True).rstrip("¶") == "API Valide"
    assert "Une API correcte, dont la page est construite normalement." in main.get_text()
    assert main.select_one("#description strong").get_text() == "données"
    hrefs = {a["href"] for a in main.select("a[href]")}
    assert {
        "fournisseurs/insee.html",
        "fournisseurs/dinum.html",
        "themes/sante.html",
        "https://valide.example.gouv.fr/inscription",
        "https://valide.example.gouv.fr/doc",
        "https://valide.example.gouv.fr/cgu",
        "https://valide.example.gouv.fr/presentation",
    } <= hrefs
    assert any(href.startswith("mailto:valide") for href in hrefs)


@pytest.mark.parametrize("api", INVALID_APIS)
def test_invalid_record_has_a_page_with_a_notice(app, api: str):
    app.build()
    page_path = app.outdir / "apis" / f"{api}.html"
    assert page_path.is_file()
    problems = problems_by_file(app.srcdir)[f"apis/{api}.yml"]
    assert notice_items(soup(page_path)) == expected_notice_items(problems)
    intro = plain(soup(page_path).select_one(".catalogue-problems").get_text(" ", strip=True))
    assert "la page ne montre que ce qui a pu être lu" in intro


def test_unreadable_record_page(app):
    app.build()
    main = main_of(soup(app.outdir / "apis" / "api-syntaxe.html"))
    assert "illisible" in main.get_text()
    # Nothing of the file is shown: it could not be read.
    assert "Illisible." not in main.get_text()
    assert main.select("a[href*='syntaxe.example.gouv.fr']") == []


def test_what_could_be_read_is_shown_and_nothing_else(app):
    app.build()
    main = main_of(soup(app.outdir / "apis" / "api-cle-url.html"))
    text = plain(main.get_text(" ", strip=True))
    assert main.h1.get_text(strip=True).rstrip("¶") == "API Clé et adresse"
    assert "Une API avec une clé inconnue et une adresse relative." in text
    assert "Cette description est lisible et doit être affichée." in text
    hrefs = [a["href"] for a in main.select("a[href]")]
    assert "https://cle-url.example.gouv.fr/cgu" in hrefs
    # The relative documentation link and the unknown key are not rendered.
    assert "/documentation" not in hrefs
    assert not any(href.rstrip("/") == "https://cle-url.example.gouv.fr" for href in hrefs)
    assert "Documentation technique :" not in text

    main = main_of(soup(app.outdir / "apis" / "api-producteur.html"))
    hrefs = [a["href"] for a in main.select("a[href]")]
    assert "https://producteur.example.gouv.fr/doc" in hrefs
    assert not any("ministere-inconnu" in href for href in hrefs)


def test_javascript_links_are_never_rendered(app):
    app.build()
    main = main_of(soup(app.outdir / "apis" / "api-javascript.html"))
    assert "Les liens de cette fiche ne doivent pas être rendus." in plain(main.get_text(" "))
    # The contact falls back to the provider's, the bad one is dropped.
    assert [a["href"] for a in main.select("a[href^='mailto:']")] == ["mailto:contact%40numerique.gouv.fr"]
    for html in app.outdir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*(javascript|data|vbscript):""", text, re.I), html
        for tag in soup(html).find_all(True):
            for attribute in ("href", "src", "action", "formaction"):
                value = tag.get(attribute)
                if value:
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (html, tag)


def test_invalid_api_with_a_readable_title_is_listed(app):
    app.build()
    table = main_of(soup(app.outdir / "catalogue.html"))
    links = {a.get_text(strip=True): a["href"] for a in table.select("table a[href]")}
    assert links["API Valide"] == "apis/api-valide.html"
    assert links["API Clé et adresse"] == "apis/api-cle-url.html"
    assert links["API Producteur inconnu"] == "apis/api-producteur.html"
    assert links["API Javascript"] == "apis/api-javascript.html"


def test_raw_html_in_a_description_is_text(app):
    app.build()
    page = app.outdir / "apis" / "api-brut.html"
    html = page.read_text(encoding="utf-8")
    assert "<code class=\"docutils literal notranslate\"><span class=\"pre\">&lt;script&gt;</span></code>alert(1)" in html
    main = main_of(soup(page))
    assert not any("alert(1)" in script.get_text() for script in soup(page).find_all("script"))
    assert not any(b.get_text() == "x" for b in main.find_all("b"))
    assert main.select(".injecte") == []
    assert "Texte brut à ne pas interpréter : <script>alert(1)</script> et <b>x</b>." in plain(main.get_text(""))
    assert '<div class="injecte">bloc HTML</div>' in plain(main.get_text(" "))


def test_raw_directive_in_a_description_is_shown_as_text(app):
    app.build()
    html = (app.outdir / "apis" / "api-brut.html").read_text(encoding="utf-8")
    assert "<iframe" not in html
    main = main_of(soup(app.outdir / "apis" / "api-brut.html"))
    assert main.find("iframe") is None
    shown = [plain(pre.get_text()) for pre in main.find_all("pre")]
    assert any('```{raw} html <iframe src="https://pirate.example.com/"></iframe> ```' == text for text in shown), shown
    text = plain(main.get_text(" "))
    assert "Avant la directive." in text
    assert "Après la directive." in text


def test_external_links_carry_noopener(app):
    app.build()
    checked = 0
    for html in sorted((app.outdir / "apis").rglob("*.html")):
        for link in main_of(soup(html)).select("a[href]"):
            href = link["href"]
            if "://" in href or href.startswith("mailto:"):
                assert "noopener" in (link.get("rel") or []), (html.name, href)
                checked += 1
    assert checked >= 10
    # A link written in a record's Markdown too.
    main = main_of(soup(app.outdir / "apis" / "api-valide.html"))
    link = main.select_one("a[href='https://valide.example.gouv.fr/presentation']")
    assert link is not None and "noopener" in link["rel"]


# -- warnings as errors --------------------------------------------------------------------------------


def test_warnings_fail_the_build_with_warningiserror(make_app, tmp_path: Path):
    srcdir = tmp_path / "invalid"
    shutil.copytree(INVALID_ROOT, srcdir)
    app = make_app("html", srcdir=srcdir, warningiserror=True, freshenv=True)
    app.build()
    assert app.statuscode != 0
    assert record_warnings(app)


def test_valid_site_passes_warningiserror(make_app, tmp_path: Path):
    srcdir = tmp_path / "basic"
    shutil.copytree(BASIC, srcdir)
    app = make_app("html", srcdir=srcdir, warningiserror=True, freshenv=True)
    app.build()
    assert warning_lines(app) == []
    assert app.statuscode == 0


def _sphinx(*args: str) -> subprocess.CompletedProcess:
    return sphinx(*args)


def test_strict_command_line_build_fails_on_invalid_records(tmp_path: Path):
    srcdir = tmp_path / "invalid"
    shutil.copytree(INVALID_ROOT, srcdir)
    strict = _sphinx("-E", "-W", "-b", "html", str(srcdir), str(tmp_path / "strict"))
    assert strict.returncode != 0
    assert "Traceback" not in strict.stderr and "Exception occurred" not in strict.stderr
    assert re.search(r"\[catalogue\.[a-z.-]+\]", strict.stderr)
    # Without -W the same sources build: only the warnings make it fail.
    lenient = _sphinx("-E", "-b", "html", str(srcdir), str(tmp_path / "lenient"))
    assert lenient.returncode == 0, lenient.stderr
    assert (tmp_path / "lenient" / "apis" / "api-syntaxe.html").is_file()


# -- every case of the corpus, in one build ----------------------------------------------------------------


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def build_with_cases(make_app, tmp_path: Path, cases):
    srcdir = tmp_path / "corpus"
    shutil.copytree(BASIC, srcdir)
    for case in cases:
        target = srcdir / case.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.content)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app


def check_case_pages(app, cases) -> None:
    srcdir = Path(app.srcdir)
    assert sorted(record_warnings(app)) == sorted(expected_record_warnings(srcdir))
    problems = problems_by_file(srcdir)
    for case in cases:
        page = app.outdir / Path(case.relative).with_suffix(".html")
        if all(" (fichier) : " in line for line in case.expected):
            # Not read as a record (a name that is no identifier): no page.
            assert not page.exists(), case.name
            continue
        assert page.is_file(), case.name
        assert notice_items(soup(page)) == expected_notice_items(problems[case.relative]), case.name


def test_every_invalid_case_builds_with_a_notice(make_app, tmp_path: Path):
    """All cases of tests/invalid/ (and the generated ones) in one site.

    The build must not crash, must log exactly the problems ``make validate``
    finds, and must give every case a page whose notice lists its problems.
    (Files that are not UTF-8 are tested on their own, below.)
    """
    from test_validation import CASES

    cases = [case for case in CASES if _is_utf8(case.content)]
    app = build_with_cases(make_app, tmp_path, cases)
    check_case_pages(app, cases)


def test_record_not_in_utf8_does_not_crash_the_build(make_app, tmp_path: Path):
    """A record saved in Latin-1 is reported, in validate's words, and left out.

    Sphinx 9 decodes sources strictly and would stop the whole build; the
    extension reports the file at its first bad byte and does not read it
    (there is nothing readable to show), on every build until it is fixed.
    """
    from test_validation import CASES

    cases = [case for case in CASES if not _is_utf8(case.content)]
    assert cases
    app = build_with_cases(make_app, tmp_path, cases)
    srcdir = Path(app.srcdir)
    assert sorted(record_warnings(app)) == sorted(expected_record_warnings(srcdir))
    for case in cases:
        assert not (app.outdir / Path(case.relative).with_suffix(".html")).exists(), case.name
    assert (app.outdir / "apis" / "api-zebre.html").is_file()


# -- determinism ----------------------------------------------------------------------------------------------


def test_site_build_is_reproducible(tmp_path: Path):
    """Two clean builds of the real site give byte-identical pages."""
    outs = []
    for name in ("premier", "second"):
        out = tmp_path / name
        result = sphinx("-E", "-q", "-b", "html", str(REPO), str(out), timeout=900)
        assert result.returncode == 0, result.stderr
        outs.append(out)
    first = sorted(p.relative_to(outs[0]).as_posix() for p in outs[0].rglob("*.html"))
    second = sorted(p.relative_to(outs[1]).as_posix() for p in outs[1].rglob("*.html"))
    assert first == second
    assert len(first) > 50
    differing = [name for name in first if not filecmp.cmp(outs[0] / name, outs[1] / name, shallow=False)]
    if differing:
        import difflib

        a = (outs[0] / differing[0]).read_text(encoding="utf-8").splitlines()
        b = (outs[1] / differing[0]).read_text(encoding="utf-8").splitlines()
        sample = "\n".join(list(difflib.unified_diff(a, b, lineterm="", n=0))[:20])
        pytest.fail(f"{len(differing)} page(s) differ, e.g. {differing[0]}:\n{sample}")
