"""``make import-datagouv SRC=...``: bring in the APIs that data.gouv.fr lists as dataservices.

Since April 2025 the national list of public APIs lives on data.gouv.fr,
whose software (udata) calls an API a *dataservice* and a provider an
*organisation*.  This module reads udata's JSON (saved pages or services,
a folder of them, or the live API: :mod:`.sources`), writes one API record
per dataservice and one provider record per organisation, and prints the
same report as every importer (:mod:`importers.framework.report`): one line
per record, then notes, then a summary.

Decisions, so that a provider knows what to expect:

- **Nothing is invented.**  udata has no tagline, no themes list, no terms
  of use: a record lacks them until a human writes them, and fails
  validation meanwhile (no draft mode, as for the api.gouv.fr import); the
  report names each field to fill, as ``make validate`` does.  What is
  guessed from udata's own data is reported as guessed: themes from tags
  that name one of ours, a provider type from the ``local-authority``
  badge, a status from an archived or deleted service.
- **Each record keeps its data.gouv.fr id** (``datagouv_id``), which finds
  it again at the next import whatever its file is called, and lets
  ``push-datagouv`` update the same dataservice (:mod:`.identities`).
- **Texts are kept as written** on data.gouv.fr: descriptions are
  untrusted Markdown, and the site's own checks (the Markdown allowlist,
  the refused characters) refuse what must be refused, in the report and
  in ``make validate`` alike.
- **Re-running gives the same bytes**; a record edited by hand (its digest
  no longer matches), written by hand, or imported from another source is
  never overwritten, unless ``FORCE=1``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from catalogue.records.kinds import Kind

from ..framework.matching import load_theme_names
from ..framework.report import ImportReport, Outcome, print_report
from ..framework.validation import attach_validation
from ..framework.writing import HEADER_START, ordered, render_file, untouched_since_import, write_record
from . import online
from .client import Fetch
from .fields import Context, map_dataservice, map_organization
from .identities import api_ids, provider_ids
from .sources import collect
from .tables import DROPPED_KEYS, HEADER, THEME_TAGS, UNMAPPED_KEYS

#: The start of the files this importer writes (others' imports are kept, as hand-written ones).
OWN_HEADER = HEADER.split("(")[0]


@dataclass
class DatagouvReport(ImportReport):
    """The framework's report, with the notes of a source that is many records at once."""

    notes: list[str] = field(default_factory=list)

    def lines(self) -> Iterable[str]:
        lines = list(super().lines())
        yield from lines[:-1]
        if self.notes:
            yield "Remarques :"
            yield from (f"  {note}" for note in self.notes)
        yield lines[-1]


def import_datagouv(root: Path, src: str | Path, force: bool = False, fetch: Fetch | None = None) -> DatagouvReport:
    """Import every dataservice of *src* into the catalogue at *root*; validate; report."""
    collected = collect(src, fetch)
    report = DatagouvReport(reasons={**DROPPED_KEYS, **UNMAPPED_KEYS}, empty_keys=frozenset(DROPPED_KEYS))
    report.notes.extend(collected.notes)
    report.outcomes.extend(Outcome(where, "api", status="error", error=why) for where, why in collected.errors)

    services = {sid: found.data for sid, found in collected.services.items()}
    organizations = online.organizations(services.values(), collected, report.notes)
    context = Context(load_theme_names(root, THEME_TAGS), datasets=online.datasets(services.values(), collected, report.notes))

    org_outcomes = {oid: Outcome(f"organizations/{oid}", "provider") for oid in organizations}
    api_outcomes = {sid: Outcome(f"dataservices/{sid}", "api") for sid in services}
    context.providers = provider_ids(root, organizations, org_outcomes, report.notes)
    names = api_ids(root, services, api_outcomes, report.notes)

    for oid, org in organizations.items():
        outcome = org_outcomes[oid]
        outcome.identifier = context.providers[oid]
        mapped = map_organization(org, outcome)
        if not org.get(online.FULL):
            _carry_over(root, mapped, outcome)
        _write(root, "provider", mapped, outcome, force, report.notes)
        report.outcomes.append(outcome)
    for sid, data in services.items():
        outcome = api_outcomes[sid]
        outcome.identifier = names[sid]
        mapped = map_dataservice(data, context, outcome)
        if isinstance(data.get("datasets"), dict) and data["datasets"].get("total") and sid not in context.datasets:
            _carry_over(root, mapped, outcome)
        _write(root, "api", mapped, outcome, force, report.notes)
        report.outcomes.append(outcome)

    kind_order = {"provider": 0, "api": 1}
    report.outcomes.sort(key=lambda o: (o.status == "error", kind_order[o.kind], o.identifier, o.source))
    attach_validation(root, report)
    return report


#: Fields that only the live API gives (by a link), per kind.
ONLINE_ONLY = {"api": ("datasets",), "provider": ("site", "description")}


def _carry_over(root: Path, mapped: dict[str, Any], outcome: Outcome) -> None:
    """Keep what an earlier import read online and this source, offline, only points to.

    Without it, importing saved pages after the live API would take the
    datasets and the providers' sites out of records that did not change.
    Only from a record this importer wrote and nobody edited since.
    """
    path = root / outcome.target
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    if not (text.startswith(OWN_HEADER) and untouched_since_import(text)):
        return
    previous = yaml.safe_load(text.split("\n", 2)[2]) or {}
    for key in ONLINE_ONLY[outcome.kind]:
        if key not in mapped and previous.get(key):
            mapped[key] = previous[key]
            outcome.guessed.append(f"{key} gardé de l'import précédent (la source ne fait que le désigner)")
            outcome.dropped[:] = [note for note in outcome.dropped if not note.startswith(f"{key} : ")]


def _write(root: Path, kind: Kind, mapped: dict[str, Any], outcome: Outcome, force: bool, notes: list[str]) -> None:
    record = ordered(kind, mapped)
    outcome.mapped = len(record)
    text = render_file(HEADER.format(source=outcome.source), kind, record)
    path = root / outcome.target
    if not force and _imported_elsewhere(path):
        outcome.status = "skipped"
        notes.append(f"{outcome.target} : importée d'une autre source (voir sa première ligne), gardée telle quelle")
        return
    outcome.status = write_record(path, text, force)


def _imported_elsewhere(path: Path) -> bool:
    """Whether *path* is another importer's file: kept like a hand-written one."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            first = file.readline()
    except OSError:
        return False
    return first.startswith(HEADER_START) and not first.startswith(OWN_HEADER)


def main(root: Path, src: str, force: bool = False, fetch: Fetch | None = None) -> int:
    """``python -m importers datagouv SRC``: the report on stdout; 1 if something was unreadable."""
    return print_report(lambda: import_datagouv(root, src, force, fetch))
