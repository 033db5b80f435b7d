"""The source parser that turns a YAML record file into a Sphinx document.

Records are first-class documents: Sphinx discovers ``apis/**/*.yml``,
tracks their modification times, re-reads them when they change and removes
their pages when they disappear, like any ``.md`` page; nothing is
generated into the source tree.

Reading a record means: check it (:mod:`catalogue.validation`), report its
problems at their file, line and column, store it in the domain, and build
its page (:mod:`catalogue.pages`).  A record with problems is still stored
and still gets its page, with a notice, showing only the values that passed
their checks.

Record pages are *orphans*: they are reached through tables, theme and
provider pages, search and the index, not through the toctree.  This keeps
Furo's sidebar, which holds the whole toctree on every page, the size of the
site's sections whatever the number of APIs.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.parsers import Parser
from sphinx.util import logging

from .census import MISPLACED, ROOT, take_census
from .crosscheck import keep_positions
from .freshness import report
from .loader import RecordSyntaxError, encoding_error, read_source, source_of
from .markdown import RecordMarkdown
from .pages import PageBuilder
from . import texts
from .records import build_record, identifier_of, kind_of, without_texts
from .validation import CheckedRecord, Problem, check_source, internal_error

logger = logging.getLogger(__name__)

#: Name under which the parser is registered, and file type of ``.yml``.
FILETYPE = "catalogue-record"

KIND_LABELS = {"api": "l'API", "provider": "fournisseur", "theme": "thème"}


class RecordParser(Parser):
    supported = (FILETYPE,)

    def get_transforms(self):
        # The same transforms as a MyST page: record text is MyST.
        return MystParser().get_transforms()

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        docname = env.current_document.docname
        kind = kind_of(docname)
        domain = env.domains["catalogue"]
        # MyST's transforms (footnotes, anchors) expect its settings on every
        # document this parser produces, even one that holds no Markdown.
        markdown = RecordMarkdown(document)
        if kind is None:
            logger.warning(
                "%s", MISPLACED, location=f"{env.doc2path(docname)}:1:1", type="catalogue", subtype="file"
            )
            env.metadata[docname]["orphan"] = True
            section = nodes.section(ids=["fichier"])
            section += nodes.title(docname, docname)
            document += section
            return

        # Read the bytes again rather than trusting *inputstring*: Sphinx
        # reads sources as "utf-8-sig", dropping a byte-order mark without a
        # word, and a record must be checked as it is committed.
        checked = _check_source(kind, docname, Path(env.doc2path(docname)), inputstring)
        for problem in checked.problems:
            report(env, docname, problem)

        env.metadata[docname]["orphan"] = True
        builder = PageBuilder(document, checked.loaded, lambda spec: domain.note_late(docname, spec), markdown)
        if checked.loaded is None:
            domain.note_problems(docname, checked.problems)
            builder.unreadable_page(identifier_of(docname), KIND_LABELS[kind])
            return

        try:
            record = build_record(kind, docname, checked.data, len(checked.problems))
        except Exception as exc:  # noqa: BLE001 - one record must not stop the catalogue
            problem = Problem((), 1, 1, internal_error(exc))
            report(env, docname, problem)
            domain.note_problems(docname, [*checked.problems, problem])
            builder.unreadable_page(identifier_of(docname), KIND_LABELS[kind])
            return
        texts.save(env.doctreedir, record)
        domain.note_record(
            without_texts(record), keep_positions(checked.loaded.positions), checked.problems, checked.mentions
        )
        if kind == "api":
            builder.api_page(record)  # type: ignore[arg-type]
        elif kind == "provider":
            builder.provider_page(record)  # type: ignore[arg-type]
        else:
            builder.theme_page(record)  # type: ignore[arg-type]


def leave_out_refused(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: read only what the census accepts; say why, loudly.

    - Files under ``apis/`` that are not records (see :mod:`catalogue.census`:
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
    refused = {relative for relative, _ in census.refused}
    for relative, message in census.refused:
        logger.warning(
            "(fichier) : %s", message, location=f"{srcdir / relative}:1:1", type="catalogue", subtype="file"
        )
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
        if kind_of(docname) is not None:
            report(env, docname, Problem((), error.line, error.column, error.message))
        else:
            logger.warning(
                "%s", error.message, location=f"{path}:{error.line}:{error.column}",
                type="catalogue", subtype="file",
            )


def exclude_other_sources(app, config) -> None:
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


def _check_source(kind, docname: str, path: Path, inputstring: str) -> CheckedRecord:
    try:
        source = read_source(path.read_bytes())
    except RecordSyntaxError as exc:
        return CheckedRecord({}, [Problem(exc.path, exc.line, exc.column, exc.message)], None)
    except OSError:
        source = source_of(inputstring)
    return check_source(kind, identifier_of(docname), source)
