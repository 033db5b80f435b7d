"""Reading an API's specification snapshot with its record.

An API's page shows what its OpenAPI specification says (its operations,
the data they return); the snapshot is ``apis/openapi/<id>.json`` or
``.yaml``, read by :mod:`catalogue.openapi` (never the network), and its
origin is in ``apis/openapi/specs.lock.json``.  The snapshot belongs to the
record's document:

- it is read when the record is (:func:`read_with_record`), its problems
  logged as warnings at the snapshot's file, line and column, with the
  JSON pointer of the place as the field, and its data elements stored in
  the domain for the index of data;
- what the page was built from (file, digest, lock entry) is stored too,
  and before each read phase :func:`reread_changed_snapshots` adds to the
  documents to read every API whose snapshot appeared, changed or went
  away, so that editing a specification re-reads its record only (a
  dependency on the file alone would miss a snapshot that appears).

Parsing is cached by the file's sha256 (:func:`catalogue.openapi.read_spec`):
an unchanged specification is parsed once per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..checks.census import Census
from ..openapi import (
    LOCK_NAME,
    SNAPSHOT_DIR,
    LockEntry,
    Spec,
    data_elements,
    read_lock,
    read_snapshot,
    snapshot_path,
)
from ..openapi.source import position
from ..records.kinds import identifier_of, kind_of
from .domain import catalogue_domain

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Families of problems after which the page shows the specification's link
#: only: the file could not be read, or is not a valid specification.
#: (``ref.*``, ``limit.*`` and ``spec.unchecked`` — a validation that could
#: not finish — leave a readable model: the page shows it, with the warnings.)
BLOCKING = ("file", "syntax", "spec", "internal")
NOT_BLOCKING = ("spec.unchecked",)


@dataclass(frozen=True)
class ReadSpec:
    """A snapshot as the page needs it."""

    #: The snapshot's file name in ``apis/openapi/``.
    file: str
    spec: Spec
    #: Where it came from and when it last changed, if the lock file says.
    origin: LockEntry | None

    @property
    def usable(self) -> bool:
        """Whether the page may show the specification's content."""
        return not any(
            problem.code.split(".")[0] in BLOCKING and problem.code not in NOT_BLOCKING for problem in self.spec.problems
        )


def seen(path: Path | None, origin: LockEntry | None) -> Hashable:
    """What a page built from the snapshot at *path* depends on."""
    if path is None:
        return None
    return (path.name, hashlib.sha256(path.read_bytes()).hexdigest(), origin)


def read_with_record(env: BuildEnvironment, docname: str, api_id: str) -> ReadSpec | None:
    """The snapshot of the API *api_id*, read, reported and noted; None without one."""
    root = Path(env.srcdir)
    path = snapshot_path(root, api_id)
    domain = catalogue_domain(env)
    if path is None:
        domain.note_snapshot(docname, None, ())
        return None
    # The lock file is read only for an API that has a snapshot: most
    # records have none, and every record is read through here.
    origin = read_lock(root / SNAPSHOT_DIR / LOCK_NAME)[0].get(api_id)
    spec = read_snapshot(root, api_id)
    assert spec is not None  # the file exists
    env.note_dependency(str(path))
    data = path.read_bytes() if spec.problems else b""
    for problem in spec.problems:
        line, column = position(data, problem.pointer) or (1, 1)
        logger.warning(
            "%s : %s",
            problem.pointer or "(document)",
            problem.message,
            location=f"{path}:{line}:{column}",
            type="catalogue",
            subtype=f"openapi.{problem.code}",
        )
    read = ReadSpec(path.name, spec, origin)
    domain.note_snapshot(docname, seen(path, origin), data_elements(spec) if read.usable else ())
    return read


def reread_changed_snapshots(env: BuildEnvironment, census: Census, docnames: list[str]) -> None:
    """Add to *docnames* the APIs whose snapshot or its lock entry changed since their page was built."""
    root = Path(env.srcdir)
    domain = catalogue_domain(env)
    lock = read_lock(root / SNAPSHOT_DIR / LOCK_NAME)[0]
    waiting = set(docnames)
    for docname in sorted(domain.snapshots.keys() | {f"apis/{api}" for api in census.snapshots}):
        if docname in waiting or docname not in env.found_docs or kind_of(docname) != "api":
            continue
        api_id = identifier_of(docname)
        now = seen(census.snapshots.get(api_id), lock.get(api_id))
        if domain.snapshots.get(docname) != now:
            docnames.append(docname)
