"""What an import did, record by record, and in all: the report every importer prints.

One line per source record (``api/x.md → apis/x.yml : créée ; 14 champs
repris ; deviné : ... ; à compléter : ...``), each dropped source key
explained once, then a summary.  The same for every format, so that a
provider reads one kind of report whatever catalogue they came from.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from catalogue.records.french import fold
from catalogue.records.kinds import RECORD_DIRS, Kind


class SourceError(Exception):
    """A source that cannot be read at all (no front matter, bad YAML, not JSON...)."""


@dataclass
class Outcome:
    """What happened to one old record."""

    source: str
    kind: Kind
    identifier: str = ""
    #: created, updated, unchanged, overwritten, skipped, or error.
    status: str = ""
    mapped: int = 0
    renamed: list[str] = field(default_factory=list)
    misspelled: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    to_fix: list[str] = field(default_factory=list)
    #: Old keys dropped for lack of content or of a place (explained once).
    dropped_keys: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def target(self) -> str:
        return f"{RECORD_DIRS[self.kind]}/{self.identifier}.yml"

    @property
    def written(self) -> bool:
        return self.status in ("created", "updated", "unchanged", "overwritten")

    def line(self) -> str:
        """The report line: ``api/x.md → apis/x.yml : créée ; 14 champs repris ; ...``."""
        if self.status == "error":
            return f"{self.source} : non importée ; {self.error}"
        head = f"{self.source} → {self.target} : "
        if self.status == "skipped":
            return head + (
                "ignorée : la fiche existe et a été écrite ou modifiée à la main "
                "(FORCE=1 pour l'écraser)"
            )
        parts = [_STATUS_LABELS[self.status], _count(self.mapped, "champ repris", "champs repris")]
        if self.renamed:
            parts.append("renommé : " + ", ".join(self.renamed))
        parts.extend(self.misspelled)
        if self.guessed:
            parts.append("deviné : " + ", ".join(self.guessed))
        if self.dropped:
            parts.append("abandonné : " + ", ".join(self.dropped))
        if self.to_fill:
            parts.append("à compléter : " + ", ".join(self.to_fill))
        if self.to_fix:
            parts.append("à corriger : " + ", ".join(self.to_fix))
        return head + " ; ".join(parts)


def _count(number: int, singular: str, plural: str) -> str:
    """``1 fiche lue``, ``0 fiche lue``, ``2 fiches lues``: French plural starts at 2."""
    return f"{number} {singular if number < 2 else plural}"


_STATUS_LABELS = {
    "created": "créée",
    "updated": "mise à jour",
    "unchanged": "inchangée",
    "overwritten": "écrasée (FORCE)",
}


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    #: Why each dropped old key was dropped, and which of them carry no content.
    reasons: dict[str, str] = field(default_factory=dict)
    empty_keys: frozenset[str] = frozenset()

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def incomplete(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.written and (o.to_fill or o.to_fix)]

    def lines(self) -> Iterable[str]:
        for outcome in self.outcomes:
            yield outcome.line()
        yield from self.dropped_key_lines()
        yield self.summary()

    def dropped_key_lines(self) -> Iterable[str]:
        """Each dropped old key, explained once for the whole import."""
        counts = Counter(key for o in self.outcomes for key in o.dropped_keys)
        if not counts:
            return
        yield "Clés de l'ancien format abandonnées :"
        for key in sorted(counts, key=lambda k: (fold(k), k)):
            what = "sans contenu" if key in self.empty_keys else "sans champ correspondant"
            reasons = self.reasons
            yield f"  {key} ({counts[key]} fiche{'s' if counts[key] > 1 else ''}) : {what}, {reasons[key]}"

    def summary(self) -> str:
        written = self.count("created", "updated", "unchanged", "overwritten")
        text = (
            f"Bilan : {_count(len(self.outcomes), 'fiche lue', 'fiches lues')} ; "
            f"{_count(written, 'importée', 'importées')} "
            f"({_count(self.count('created'), 'créée', 'créées')}, "
            f"{_count(self.count('updated'), 'mise à jour', 'mises à jour')}, "
            f"{_count(self.count('unchanged'), 'inchangée', 'inchangées')}, "
            f"{_count(self.count('overwritten'), 'écrasée', 'écrasées')}) ; "
            f"{_count(self.count('skipped'), 'ignorée', 'ignorées')} (fiches écrites ou modifiées à la main) ; "
            f"{_count(self.count('error'), 'illisible', 'illisibles')} ; "
            f"{len(self.incomplete)} à compléter ou corriger avant publication"
        )
        if self.incomplete:
            text += " : make validate en donne le détail"
        return text + "."

    @property
    def ok(self) -> bool:
        return self.count("error") == 0


def print_report(run: Callable[[], ImportReport]) -> int:
    """Run an import and print its report: the exit status of every importer's command.

    0 when every source was read, 1 when some could not be, 2 when the
    source as a whole cannot be read (said on stderr).
    """
    try:
        report = run()
    except SourceError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
