"""Parallel builds: ``-j 2`` must write the same site as ``-j 1``.

Records are read in separate processes and merged into the domain; the
late content is rendered from the merged data.  Any difference between a
parallel and a serial build (order, a lost record, a stale page) shows up
as a byte difference in the output.  Two serial builds must match too, or
the comparison would mean nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers.html import html_files
from helpers.sources import load_records
from helpers.text import clean

ROOT = Path(__file__).parent / "roots" / "test-basic"


def output_files(outdir: Path) -> dict[str, bytes]:
    """Every file of the site (pages, indexes, static files, exports), not the doctrees."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.relative_to(outdir).parts
    }


def build_copy(make_app, tmp_path: Path, name: str, parallel: int):
    srcdir = tmp_path / name
    shutil.copytree(ROOT, srcdir)
    app = make_app("html", srcdir=srcdir, builddir=srcdir / "_build", parallel=parallel, freshenv=True)
    app.build()
    app.cleanup()  # docutils' registries are global: one application at a time
    return app


def assert_same_output(first: Path, second: Path) -> None:
    """Same files, same bytes.  ``.buildinfo`` aside when the two sources sit
    at different depths: it hashes the configuration, whose static path is
    relative to the source folder (so that the real site's does not depend
    on where it is checked out)."""
    a, b = output_files(first), output_files(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different in ([], [".buildinfo"])


@pytest.mark.sphinx("html", testroot="basic", srcdir="parallel-j2", parallel=2, freshenv=True)
def test_parallel_build_writes_the_same_files(app, make_app, tmp_path):
    """-j 2 and -j 1 builds of test-basic are byte for byte identical."""
    app.build()
    status = clean(app.status.getvalue())
    # The build did run in parallel: its progress counts chunks ("first .. last").
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", status)
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] \S+ \.\. \S+", status)
    assert app.warning.getvalue() == ""
    app.cleanup()
    serial = build_copy(make_app, tmp_path, "serial", parallel=1)
    assert_same_output(serial.outdir, app.outdir)
    records = load_records(app.srcdir)
    pages = set(html_files(app.outdir))
    assert {f"apis/{i}.html" for i in records.apis} <= pages


def test_two_serial_builds_are_identical(make_app, tmp_path):
    """Two clean -j 1 builds give the same bytes: the output is reproducible."""
    first = build_copy(make_app, tmp_path, "first", parallel=1)
    second = build_copy(make_app, tmp_path, "second", parallel=1)
    assert not re.search(r"reading sources\.\.\. .* \.\. ", clean(first.status.getvalue()))
    assert_same_output(first.outdir, second.outdir)


def _edit(srcdir: Path) -> None:
    """Rename api-zebre and add a record: several documents to read and re-write."""
    path = srcdir / "apis" / "api-zebre.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("API Zèbre", "API Zébu"), encoding="utf-8")
    (srcdir / "apis" / "api-nouvelle.yml").write_text(
        "title: API Nouvelle\n"
        "tagline: Une API ajoutée entre deux constructions.\n"
        "producer: insee\n"
        "access: open\n"
        "themes:\n  - Santé\n"
        "description: |\n  L'API Nouvelle apparaît dans les tables.\n"
        "documentation_link: https://nouvelle.example.gouv.fr/doc\n"
        "terms_link: https://nouvelle.example.gouv.fr/cgu\n",
        encoding="utf-8",
    )


def test_parallel_incremental_build_matches_serial(make_app, tmp_path):
    """After the same edits, a -j 2 rebuild writes what a -j 1 rebuild writes."""
    outdirs = []
    for name, parallel in (("serial-incr", 1), ("parallel-incr", 2)):
        srcdir = tmp_path / name
        first = build_copy(make_app, tmp_path, name, parallel=parallel)
        _edit(srcdir)
        again = make_app("html", srcdir=srcdir, builddir=srcdir / "_build", parallel=parallel)
        again.build()
        again.cleanup()
        assert "1 added, 1 changed, 0 removed" in clean(again.status.getvalue())
        assert again.warning.getvalue() == ""
        outdirs.append(first.outdir)
    assert_same_output(*outdirs)
