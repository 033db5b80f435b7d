"""The source parser that turns a YAML record file into a Sphinx document.

Records are first-class documents: Sphinx discovers ``apis/**/*.yml``,
tracks their modification times, re-reads them when they change and removes
their pages when they disappear, like any ``.md`` page; nothing is
generated into the source tree.

Reading a record means: check it (:mod:`catalogue.checks.record`), report
its problems at their file, line and column, and store it in the domain.
Then the parser emits ``catalogue-record-read``: the pages
(:mod:`catalogue.pages`) build the record's page into the document.  A
record with problems is still stored and still gets its page, with a
notice, showing only the values that passed their checks.

Record pages are *orphans*: they are reached through tables, theme and
provider pages, search and the index, not through the toctree.  This keeps
Furo's sidebar, which holds the whole toctree on every page, the size of the
site's sections whatever the number of APIs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.parsers import Parser

from ..checks.catalogue import keep_positions
from ..checks.census import ROOT, take_census
from ..checks.problems import Problem
from ..checks.record import CheckedRecord, check_source, internal_problem
from ..checks.source import RecordSyntaxError, encoding_error, read_source, source_of
from ..records.format import Format, record_format
from ..records.kinds import Kind, kind_of
from ..records.model import Record, build_record, without_texts
from ..records.schema import schema_dir_for
from . import long_texts, specs
from .domain import catalogue_domain
from .report import report, report_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..checks.source import LoadedRecord
    from .specs import ReadSpec

#: Name under which the parser is registered, and file type of ``.yml``.
FILETYPE = "catalogue-record"

#: Emitted once a record is read: ``(app, read)``, *read* a :class:`ReadRecord`.
RECORD_READ = "catalogue-record-read"


@dataclass(frozen=True)
class ReadRecord:
    """What the parser read of a file, for those who build its page."""

    document: nodes.document
    docname: str
    #: None for a ``.yml`` file outside the record folders.
    kind: Kind | None
    #: None when the file could not be read as a record.
    record: Record | None
    loaded: LoadedRecord | None
    #: The format of the record's kind (None outside the record folders).
    form: Format | None = None
    #: An API's specification snapshot, when it has one.
    spec: ReadSpec | None = None


class RecordParser(Parser):
    supported = (FILETYPE,)

    def get_transforms(self):
        # The same transforms as a MyST page: record text is MyST.
        return MystParser().get_transforms()

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        docname = env.current_document.docname
        kind = kind_of(docname)
        env.metadata[docname]["orphan"] = True
        if kind is None:
            # A .yml file outside apis/: the census reports it as misplaced.
            env.events.emit(RECORD_READ, ReadRecord(document, docname, None, None, None))
            return
        # Read the bytes again rather than trusting *inputstring*: Sphinx
        # reads sources as "utf-8-sig", dropping a byte-order mark without a
        # word, and a record must be checked as it is committed.
        schema_dir = schema_dir_for(env.srcdir)
        checked = _check_source(kind, Path(env.doc2path(docname)), inputstring, schema_dir)
        record = _store(env, docname, kind, checked, schema_dir)
        form = record_format(kind, schema_dir)
        spec = specs.read_with_record(env, docname, record.id) if kind == "api" and record is not None else None
        env.events.emit(RECORD_READ, ReadRecord(document, docname, kind, record, checked.loaded, form, spec))


def _store(env: BuildEnvironment, docname: str, kind: Kind, checked: CheckedRecord, schema_dir: Path) -> Record | None:
    """Report the record's problems and keep it in the domain (its long texts aside)."""
    domain = catalogue_domain(env)
    problems = list(checked.problems)
    record = None
    if checked.loaded is not None:
        try:
            record = build_record(kind, docname, checked.data, len(problems), schema_dir)
        except Exception as exc:  # noqa: BLE001 - one record must not stop the catalogue
            problems.append(internal_problem(exc))
    for problem in problems:
        report(env, docname, problem)
    if record is None:
        domain.note_problems(docname, problems)
        return None
    form = record_format(kind, schema_dir)
    long_texts.save(env.doctreedir, record, form)
    domain.note_record(
        without_texts(record, form), keep_positions(checked.loaded.positions), problems, checked.mentions
    )
    return record


def leave_out_refused(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: read only what the census accepts; say why, loudly;
    and read again the APIs whose specification snapshot changed.

    - Files under ``apis/`` that are not records (see :mod:`catalogue.checks.census`:
      a name that is not an identifier, a link that leads out of ``apis/``,
      a file in an unknown folder) are reported and never read, every build.
    - Sphinx 9 decodes every source strictly and stops the whole build on a
      file that is not UTF-8.  A contributor's record saved in Latin-1 must
      not break the catalogue: the problem is reported at its first bad
      byte, in the same words as ``make validate``, and the file is not read
      (it has no page until it is fixed, and every build says so).
    """
    srcdir = Path(app.srcdir)
    census = take_census(srcdir)
    catalogue_domain(env).note_logos(
        {provider: (path.name, hashlib.sha256(path.read_bytes()).hexdigest()[:16]) for provider, path in census.logos.items()}
    )
    specs.reread_changed_snapshots(env, census, docnames)
    refused = {problem.relative for problem in census.refused}
    for problem in census.refused:
        report_file(srcdir, problem)
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        relative = path.relative_to(srcdir) if path.is_relative_to(srcdir) else None
        if relative is not None and any(p.as_posix() in refused for p in (relative, *relative.parents)):
            docnames.remove(docname)
            env.found_docs.discard(docname)
            continue
        try:
            error = encoding_error(path.read_bytes())
        except OSError:
            continue
        if error is None:
            continue
        docnames.remove(docname)
        env.found_docs.discard(docname)  # nothing to write either
        report(env, docname, Problem((), error.line, error.column, error.message, error.code))


def exclude_other_sources(app: Sphinx, config) -> None:
    """``config-inited``: under ``apis/``, only ``.yml`` files are sources.

    A hand-written ``apis/x.md`` beside ``apis/x.yml`` would otherwise be
    the same document for Sphinx, which keeps one of the two with a warning
    of its own; the census reports it instead, in the catalogue's words.
    """
    for suffix in config.source_suffix:
        if suffix != ".yml":
            pattern = f"{ROOT}/**{suffix}"
            if pattern not in config.exclude_patterns:
                config.exclude_patterns.append(pattern)


def _check_source(kind: Kind, path: Path, inputstring: str, schema_dir: Path) -> CheckedRecord:
    try:
        source = read_source(path.read_bytes())
    except RecordSyntaxError as exc:
        return CheckedRecord({}, [Problem(exc.path, exc.line, exc.column, exc.message, exc.code)], None)
    except OSError:
        source = source_of(inputstring)
    return check_source(kind, source, schema_dir)
