"""Logging the problems of records: one Sphinx warning each, in ``make validate``'s words.

A problem is logged as ``file:line:col: WARNING: field : message``, the
warning's type ``catalogue`` and its subtype the problem's code
(``[catalogue.markdown.directive]``), so that ``suppress_warnings`` can
silence a family and tests can match codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..checks.problems import FILE_FIELD

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..checks.problems import FileProblem, Problem

logger = logging.getLogger(__name__)


def report(env: BuildEnvironment, docname: str, problem: Problem) -> None:
    """Log one problem of the record *docname*."""
    logger.warning(
        "%s : %s",
        problem.field,
        problem.message,
        location=f"{env.doc2path(docname)}:{problem.line}:{problem.column}",
        type="catalogue",
        subtype=problem.code,
    )


def report_file(srcdir: Path, problem: FileProblem) -> None:
    """Log one file that is not read as a record."""
    logger.warning(
        "%s : %s",
        FILE_FIELD,
        problem.message,
        location=f"{srcdir / problem.relative}:1:1",
        type="catalogue",
        subtype=problem.code,
    )
