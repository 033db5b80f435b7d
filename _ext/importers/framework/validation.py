"""After an import: what ``make validate`` says of each record written, in the report.

The report and ``make validate`` must agree: the importer runs the same
checks and lists, per record, the fields to fill (a required field absent,
no access link, no contact) and the values to correct (everything else).
"""

from __future__ import annotations

from pathlib import Path

from catalogue.commands.validate import validate

from .report import ImportReport

#: Problem codes that mean "fill in", and the field to name (None: the problem's own).
TO_FILL: dict[str, str | None] = {
    "schema.required": None,
    "rule.access-link": "access_link",
    "reference.contact": "contact_link",
}


def attach_validation(root: Path, report: ImportReport) -> None:
    """Run ``make validate``'s checks and note, per written record, what remains to do.

    Problems are matched by code, not by their French words.
    """
    checked = validate(root)
    for outcome in report.outcomes:
        if not outcome.written:
            continue
        to_fill: list[str] = []
        to_fix: list[str] = []
        for problem in checked.problems.get(outcome.target, []):
            if problem.code in TO_FILL:
                to_fill.append(TO_FILL[problem.code] or problem.field)
            else:
                to_fix.append(problem.field)
        outcome.to_fill = list(dict.fromkeys(to_fill))
        outcome.to_fix = list(dict.fromkeys(to_fix))
