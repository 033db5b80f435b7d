"""``make validate``: check every record of a catalogue without building the site.

Runs the same checks as the Sphinx build (one record at a time, then the
cross-checks), prints every problem of every file at once, in the same
words, and exits with status 1 if there is any.  It does not import Sphinx,
so that it stays fast enough for a pre-commit hook.

With ``--gaps`` (``make gaps``) it also prints the incomplete API records,
by provider, with their scores and what they lack: the list of the page
"Fiches à compléter", from the same function
(:func:`catalogue.records.completeness.gaps_by_provider`), so the same
scores in the same order.  Gaps are not errors: they leave the exit status
alone.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.catalogue import check_catalogue, keep_positions
from ..checks.census import take_census
from ..checks.problems import FileProblem, Mention, Problem, order
from ..checks.record import check_file
from ..records.catalogue import Catalogue
from ..records.completeness import FULL_SCORE, CatalogueGaps, gaps_by_provider, reference_text, summary_text
from ..records.kinds import Kind, docname_for
from ..records.model import Record, build_record
from ..records.schema import schema_dir_for


@dataclass
class Report:
    """The outcome of checking a catalogue: problems per file, and counts."""

    problems: dict[str, list[Problem]] = field(default_factory=dict)
    #: Files that are not records but sit where records go.
    strays: list[FileProblem] = field(default_factory=list)
    counts: dict[Kind, int] = field(default_factory=dict)
    #: The records that could be read, for ``--gaps``.
    catalogue: Catalogue | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not self.strays

    def lines(self) -> Iterable[str]:
        for relative in sorted(self.problems):
            for problem in self.problems[relative]:
                yield problem.format(relative)
        for stray in self.strays:
            yield stray.format()

    def codes(self) -> list[tuple[str, str]]:
        """(file, code) of every problem, for tests and tools that match codes, not words."""
        found = [(relative, p.code) for relative in sorted(self.problems) for p in self.problems[relative]]
        return found + [(stray.relative, stray.code) for stray in self.strays]


def record_files(root: Path) -> Iterable[tuple[Kind, Path]]:
    """Every record file of the catalogue rooted at *root*, in a stable order."""
    return take_census(root).records


#: From this many files on, records are checked by one process per core.
PARALLEL_FROM = 800

Checked = tuple[Kind, Path, list[Problem], "Record | None", dict, list[Mention]]


def _check(files: list[tuple[Kind, Path]], schema_dir: Path) -> list[Checked]:
    """Check *files* one by one; keep what the cross-checks need."""
    out: list[Checked] = []
    for kind, path in files:
        checked = check_file(kind, path, schema_dir)
        record, positions = None, {}
        if checked.loaded is not None:
            docname = docname_for(kind, path.stem)
            record = build_record(kind, docname, checked.data, len(checked.problems), schema_dir)
            positions = keep_positions(checked.loaded.positions)
        out.append((kind, path, list(checked.problems), record, positions, checked.mentions))
    return out


def _check_all(files: list[tuple[Kind, Path]], schema_dir: Path) -> list[Checked]:
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2:
        return _check(files, schema_dir)
    chunks = [files[index::workers] for index in range(workers)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        results = [item for chunk in pool.map(_check, chunks, [schema_dir] * workers) for item in chunk]
    place = {path: index for index, (_, path) in enumerate(files)}
    return sorted(results, key=lambda item: place[item[1]])


def validate(root: Path) -> Report:
    report = Report()
    records = []
    positions = {}
    mentions = {}
    census = take_census(root)
    for kind, path, problems, record, kept, named in _check_all(census.records, schema_dir_for(root)):
        report.counts[kind] = report.counts.get(kind, 0) + 1
        if problems:
            report.problems[path.relative_to(root).as_posix()] = problems
        if record is not None:
            records.append(record)
            positions[record.docname] = kept
            mentions[record.docname] = named
    report.catalogue = Catalogue(records)
    for docname, problems in check_catalogue(report.catalogue, positions, mentions).items():
        relative = f"{docname}.yml"
        merged = report.problems.setdefault(relative, [])
        merged.extend(problems)
        merged.sort(key=order)
    report.strays = census.refused
    return report


def gap_lines(gaps: CatalogueGaps) -> Iterable[str]:
    """The incomplete records, by provider, as ``make gaps`` prints them."""
    yield summary_text(gaps)
    if not gaps.incomplete:
        return
    yield reference_text(gaps)
    for group in gaps.providers:
        yield ""
        count = len(group.records)
        yield f"{group.label} : {count} fiche{'s' if count > 1 else ''}"
        for assessment in group.records:
            yield f"  {assessment.docname}.yml : {assessment.title}, {assessment.score}/{FULL_SCORE}"
            for gap in assessment.gaps:
                yield f"    - {gap.text}"


def main(root: Path, gaps: bool = False) -> int:
    report = validate(root)
    for line in report.lines():
        print(line)
    if gaps and report.catalogue is not None:
        if not report.ok:
            print()
        for line in gap_lines(gaps_by_provider(report.catalogue)):
            print(line)
    total = sum(report.counts.values())
    details = ", ".join(
        f"{report.counts.get(kind, 0)} {label}"
        for kind, label in (("api", "API"), ("provider", "fournisseurs"), ("theme", "thèmes"))
    )
    if report.ok:
        print(f"{total} fiches vérifiées ({details}) : aucune erreur.", file=sys.stderr)
        return 0
    count = sum(len(p) for p in report.problems.values()) + len(report.strays)
    files = len(report.problems) + len(report.strays)
    print(
        f"{total} fiches vérifiées ({details}) : {count} erreur(s) dans {files} fichier(s).",
        file=sys.stderr,
    )
    return 1
