"""Records written by an attacker: both doors refuse the same things, nothing reaches the reader.

Each file of ``tests/hostile/<kind>/`` is one hostile record.  Its first
lines say what it tries (``# cas :``) and the exact problems that both
``make validate`` and the build must report (``# attendu: LINE:COL: field :
message``, lines counted with the comments; ``# attendu: aucun problème``
when the text is accepted and must only be shown inert).  ``@OUTSIDE@``
stands for the path of a secret file outside the source tree, made here.

What a file in the repository cannot carry is made here
(:func:`made_cases`): records that are symbolic links out of ``apis/``, a
folder that is one, file names that are not identifiers, a page beside a
record of the same name, a file in an unknown folder, and line endings
(CRLF, lone CR).

All cases go into one copy of ``tests/roots/test-basic``, built once by
``python -m sphinx`` as ``make html`` runs it, and checked with
``make validate``'s own function.  Then:

- both doors report the same lines, and they are the expected ones;
- the build ends without a traceback and with no other warning;
- the pages of test-basic's own APIs are exactly those of a clean build;
- no output file holds a live script, an event handler, a frame, a
  dangerous URL, or a byte of the secret file; every XML and JSON output
  parses; no CSV cell would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from catalogue.commands.validate import validate
from helpers.commands import sphinx

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "hostile"
BASIC = REPO / "tests" / "roots" / "test-basic"
PLACES = {"api": "apis", "fournisseurs": "apis/fournisseurs", "themes": "apis/themes"}

#: What the secret file outside the tree holds: no byte of it may reach the site.
SECRET = "SECRET-HORS-ARBRE-4f1c9b"

_EXPECTED = re.compile(r"^# attendu: (?P<problem>.+)$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: Schemes a URL of the built site may use.
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background")
FORBIDDEN_TAGS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base")


@dataclass
class Case:
    relative: str
    content: bytes
    #: Problem lines ``relative:LINE:COL: field : message``; empty: none.
    expected: list[str]


def read_case(path: Path, outside: Path) -> Case:
    relative = f"{PLACES[path.parent.name]}/{path.name}"
    content = path.read_bytes().replace(b"@OUTSIDE@", str(outside).encode())
    expected = []
    for line in content.decode("utf-8").split("\n"):
        if not line.startswith("#"):
            break
        if match := _EXPECTED.match(line):
            if not match["problem"].startswith("aucun problème"):
                expected.append(f"{relative}:{match['problem']}")
    return Case(relative, content, expected)


def corpus_cases(outside: Path) -> list[Case]:
    return [read_case(path, outside) for path in sorted(CORPUS.glob("*/*.yml"))]


VALID = (
    "title: {title}\n"
    "tagline: Une fiche ordinaire, faite par le test.\n"
    "producer: dinum\n"
    "access: open\n"
    "themes:\n"
    "  - Santé\n"
    "description: |\n"
    "  {description}\n"
    "documentation_link: https://hostile.example.gouv.fr/doc\n"
    "terms_link: https://hostile.example.gouv.fr/cgu\n"
)

OUT_OF_TREE = "lien symbolique qui mène hors de apis/ refusé ; remplacez-le par le fichier lui-même"


def made_cases(srcdir: Path, outside: Path) -> list[str]:
    """Place the cases a committed file cannot carry; return their expected lines."""
    apis = srcdir / "apis"
    secret_record = outside / "fiche.yml"
    secret_record.write_text(VALID.format(title="API Volée", description=SECRET), encoding="utf-8")
    (apis / "lien-exterieur.yml").symlink_to(secret_record)
    (apis / "lien-passwd.yml").symlink_to("/etc/passwd")
    # A link that stays inside apis/ is a record like any other.
    (apis / "api-alpha-bis.yml").symlink_to(apis / "api-alpha.yml")
    folder = outside / "dossier"
    folder.mkdir()
    (folder / "api-cachee.yml").write_text(VALID.format(title="API Cachée", description=SECRET), encoding="utf-8")
    (apis / "dossier-exterieur").symlink_to(folder, target_is_directory=True)

    for name in ("mon api", "café", "API-MAJ"):
        (apis / f"{name}.yml").write_text(VALID.format(title=f"API {name} nommée", description="Texte."), encoding="utf-8")
    (apis / "api-alpha.md").write_text("# Page pirate\n\n<script>alert('pirate')</script>\n", encoding="utf-8")
    (apis / "oubli.yaml").write_text(VALID.format(title="API Oubli", description="Texte."), encoding="utf-8")
    (apis / "inconnu").mkdir()
    (apis / "inconnu" / "api-rangee.yml").write_text(VALID.format(title="API Rangée", description="Texte."), encoding="utf-8")

    # Line endings: the error is on line 5 (after the title, tagline,
    # producer and access lines), the refused link at line 9, column 11.
    body = VALID.format(title="API {ending}", description="Un lien [piégé](javascript:alert(0)).")
    body = body.replace("access: open\n", "access: open\nextra: inconnue\n")
    for name, ending in (("fins-crlf", "\r\n"), ("fins-cr", "\r")):
        text = body.format(ending=name).replace("\n", ending)
        (apis / f"{name}.yml").write_bytes(text.encode("utf-8"))

    misplaced = (
        "ce fichier n'est pas à une place de fiche et n'est pas lu ; les fiches vont dans "
        "apis/, apis/fournisseurs/ ou apis/themes/"
    )
    expected = [
        f"apis/lien-exterieur.yml:1:1: (fichier) : {OUT_OF_TREE}",
        f"apis/lien-passwd.yml:1:1: (fichier) : {OUT_OF_TREE}",
        f"apis/dossier-exterieur:1:1: (fichier) : {OUT_OF_TREE}",
        "apis/mon api.yml:1:1: (fichier) : « mon api » n'est pas un identifiant valide (lettres "
        "minuscules, chiffres et tirets) ; renommez le fichier en « mon-api.yml »",
        "apis/café.yml:1:1: (fichier) : « café » n'est pas un identifiant valide (lettres "
        "minuscules, chiffres et tirets) ; renommez le fichier en « cafe.yml »",
        "apis/API-MAJ.yml:1:1: (fichier) : « API-MAJ » n'est pas un identifiant valide (lettres "
        "minuscules, chiffres et tirets) ; renommez le fichier en « api-maj.yml »",
        "apis/api-alpha.md:1:1: (fichier) : ce fichier n'est pas une fiche (.yml) et n'est pas lu : "
        "déplacez-le hors de apis/",
        "apis/oubli.yaml:1:1: (fichier) : ce fichier n'est pas lu : renommez-le en oubli.yml",
        f"apis/inconnu/api-rangee.yml:1:1: (fichier) : {misplaced}",
    ]
    for name in ("fins-crlf", "fins-cr"):
        expected += [
            f"apis/{name}.yml:5:1: extra : clé inconnue ; supprimez-la ou voyez les clés permises dans templates/api.yml",
            f"apis/{name}.yml:9:11: description : lien « javascript: » refusé ; seuls les liens https://, "
            "http:// et mailto: sont permis dans une fiche",
        ]
    # api-alpha-bis is api-alpha again: the same title twice.
    duplicate = "title : ce nom est déjà celui d'une autre API ({other}.yml) ; choisissez un nom distinct"
    expected += [
        "apis/api-alpha-bis.yml:1:1: " + duplicate.format(other="apis/api-alpha"),
        "apis/api-alpha.yml:1:1: " + duplicate.format(other="apis/api-alpha-bis"),
    ]
    return expected


def sphinx_build(srcdir: Path, outdir: Path) -> subprocess.CompletedProcess:
    return sphinx("-E", "-b", "html", "-D", "html_baseurl=https://catalogue.example.gouv.fr/", str(srcdir), str(outdir))


def warning_lines(srcdir: Path, stderr: str) -> list[str]:
    """The build's warnings, as ``relative:LINE:COL: field : message``."""
    found = []
    for line in _ANSI.sub("", stderr).splitlines():
        match = re.match(rf"^{re.escape(str(srcdir))}/(.+?): WARNING: (.*) \[catalogue\.[a-z.-]+\]$", line)
        if match:
            found.append(f"{match[1]}: {match[2]}")
    return found


@dataclass
class Built:
    srcdir: Path
    outdir: Path
    clean: Path
    outside: Path
    cases: list[Case]
    made: list[str]
    run: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "hors-arbre"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    secret = outside / "secret.txt"

    clean_src = base / "propre"
    shutil.copytree(BASIC, clean_src)
    clean = base / "propre-html"
    assert sphinx_build(clean_src, clean).returncode == 0

    srcdir = base / "site"
    shutil.copytree(BASIC, srcdir)
    cases = corpus_cases(secret)
    for case in cases:
        (srcdir / case.relative).write_bytes(case.content)
    made = made_cases(srcdir, outside)
    outdir = base / "html"
    run = sphinx_build(srcdir, outdir)
    return Built(srcdir, outdir, clean, outside, cases, made, run)


# -- The two doors -------------------------------------------------------------------------


def test_corpus_covers_the_attacks():
    names = {path.stem for path in CORPUS.glob("*/*.yml")}
    assert len(names) >= 25
    assert {"fournisseurs", "themes", "api"} == {path.parent.name for path in CORPUS.glob("*/*.yml")}


def test_build_ends_without_a_traceback(built: Built):
    assert built.run.returncode == 0, built.run.stderr[-3000:]
    assert "Traceback" not in built.run.stdout + built.run.stderr


def test_validate_reports_exactly_the_expected_lines(built: Built):
    expected = sorted(line for case in built.cases for line in case.expected) + sorted(built.made)
    assert sorted(validate(built.srcdir).lines()) == sorted(expected)


def test_the_build_reports_what_validate_reports(built: Built):
    assert sorted(warning_lines(built.srcdir, built.run.stderr)) == sorted(validate(built.srcdir).lines())
    # The same codes too: each warning's subtype is its problem's code.
    codes = sorted(re.findall(r"\[catalogue\.([a-z.-]+)\]$", line)[0] for line in built.run.stderr.splitlines()
                   if re.search(r"\[catalogue\.[a-z.-]+\]$", line))
    assert codes == sorted(code for _, code in validate(built.srcdir).codes())


def test_the_build_gives_no_other_warning(built: Built):
    others = [
        line for line in _ANSI.sub("", built.run.stderr).splitlines()
        if "WARNING" in line and not re.search(r"\[catalogue\.[a-z.-]+\]$", line)
    ]
    assert others == []


def test_every_case_of_the_corpus_gets_its_page(built: Built):
    """A hostile record is shown (with its notice), not dropped; a refused file gets none."""
    for case in built.cases:
        page = built.outdir / Path(case.relative).with_suffix(".html")
        fatal = any(" (fiche) : " in line for line in case.expected)
        assert page.is_file(), case.relative
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        notice = soup.select_one(".catalogue-problems")
        assert (notice is not None) == bool(case.expected), case.relative
        if not fatal and case.relative.startswith("apis/") and "/" not in case.relative[5:]:
            assert soup.select_one("#description, section") is not None, case.relative
    for refused in ("lien-exterieur", "lien-passwd", "mon api", "café", "API-MAJ", "oubli", "inconnu/api-rangee",
                    "dossier-exterieur/api-cachee"):
        assert not (built.outdir / "apis" / f"{refused}.html").exists(), refused


def test_refused_text_is_shown_as_written(built: Built):
    page = (built.outdir / "apis" / "eval-rst-raw.html").read_text(encoding="utf-8")
    main = BeautifulSoup(page, "html.parser").find(attrs={"role": "main"})
    shown = "\n".join(pre.get_text() for pre in main.find_all("pre"))
    assert "```{eval-rst}" in shown and "<script>alert('eval-rst')</script>" in shown
    html = (built.outdir / "apis" / "html-brut.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(8)&gt;" in html
    text = BeautifulSoup(html, "html.parser").find(attrs={"role": "main"}).get_text("")
    assert 'Texte <img src=x onerror=alert(8)> et <a href="javascript:alert(9)">clic</a>.' in text


def test_the_pages_of_other_records_are_untouched(built: Built):
    for path in sorted((BASIC / "apis").glob("*.yml")):
        name = f"apis/{path.stem}.html"
        ours = BeautifulSoup((built.outdir / name).read_text(encoding="utf-8"), "html.parser").find(attrs={"role": "main"})
        theirs = BeautifulSoup((built.clean / name).read_text(encoding="utf-8"), "html.parser").find(attrs={"role": "main"})
        assert ours is not None and theirs is not None and len(theirs.get_text()) > 200, name
        if path.stem == "api-alpha":  # its title is now shared with api-alpha-bis: the notice says so
            ours.select_one(".catalogue-problems").decompose()
        assert " ".join(str(ours).split()) == " ".join(str(theirs).split()), name


# -- Every output file ---------------------------------------------------------------------------


def _files(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*") if p.is_file() and ".doctrees" not in p.parts)


def test_no_byte_from_outside_the_tree(built: Built):
    for path in _files(built.outdir):
        assert SECRET.encode() not in path.read_bytes(), path
    for folder in ("_images", "_downloads"):
        assert not (built.outdir / folder).exists(), folder


def _scheme(url: str) -> str | None:
    match = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def inline_scripts(outdir: Path) -> set[str]:
    scripts = set()
    for path in outdir.rglob("*.html"):
        for script in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all("script"):
            if not script.get("src") and script.get("type") != "application/ld+json":
                scripts.add(script.get_text())
    return scripts


def test_no_live_script_handler_or_dangerous_url(built: Built):
    theme_scripts = inline_scripts(built.clean)
    checked = 0
    for path in sorted(built.outdir.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            assert tag.name not in FORBIDDEN_TAGS, (path.name, str(tag)[:200])
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (path.name, str(tag)[:200])
                if name.lower() in URL_ATTRIBUTES:
                    scheme = _scheme(value if isinstance(value, str) else " ".join(value))
                    assert scheme is None or scheme in SAFE_SCHEMES, (path.name, str(tag)[:200])
                    checked += 1
            if tag.name == "meta":
                assert "http-equiv" not in tag.attrs or tag["http-equiv"].lower() != "refresh", path.name
            if tag.name == "script":
                if tag.get("src"):
                    assert _scheme(tag["src"]) is None and not tag["src"].startswith("//"), tag["src"]
                elif tag.get("type") == "application/ld+json":
                    assert "</" not in tag.get_text()
                    json.loads(tag.get_text())
                else:
                    assert tag.get_text() in theme_scripts, (path.name, tag.get_text()[:200])
    assert checked > 1000


def test_machine_readable_files_stay_well_formed(built: Built):
    outdir = built.outdir
    for name in ("atom.xml", "sitemap.xml"):
        ET.parse(outdir / name)
    for path in [outdir / "catalogue.json", outdir / "catalogue.dcat.jsonld", *(outdir / "_static" / "schemas").glob("*.json")]:
        json.loads(path.read_text(encoding="utf-8"))
    index = (outdir / "searchindex.js").read_text(encoding="utf-8")
    json.loads(index[len("Search.setIndex("):-1])
    rows = list(csv.reader(io.StringIO((outdir / "catalogue.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) > 20
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell
    formulas = next(row for row in rows if row[0] == "formule-tableur")
    assert "'=HYPERLINK(\"https://pirate.example.com\",\"cliquez\")" in formulas


def test_refused_characters_never_reach_an_output(built: Built):
    refused = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200b\u2028\u2029]")
    # _sources/ holds the records' files as committed (plain text), not output.
    for path in _files(built.outdir):
        if "_sources" not in path.parts and path.suffix in (".html", ".xml", ".json", ".jsonld", ".csv", ".js"):
            text = path.read_text(encoding="utf-8", errors="strict")
            assert not refused.search(text), (path, refused.search(text))
