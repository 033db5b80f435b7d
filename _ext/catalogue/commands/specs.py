"""``make specs``: download each API's OpenAPI specification into a snapshot.

For every API record with an ``openapi_link``, the file at that address is
downloaded (:func:`catalogue.openapi.fetch.fetch`: https only, public
addresses only, bounded in time and size) and kept as
``apis/openapi/<id>.json`` or ``.yaml``.  The build reads these snapshots
and never the network, so that a page does not change, nor a build fail,
because a provider's server did.

``apis/openapi/specs.lock.json`` records, for each snapshot, its source,
its sha256 and the date it last changed (pretty JSON, keys sorted).  A
record without ``openapi_link`` may still have a snapshot, committed by
hand with its origin in the lock file: the command keeps both as they are.  A run
where nothing changed upstream changes no byte of any file; a snapshot is
only ever replaced whole (written beside, then renamed).

A download that fails (refused address, 404, too slow, too large, not a
specification...) is reported in French at the record's ``openapi_link``,
and leaves the previous snapshot and its lock entry as they were; the
command then exits with status 1.  Set ``CATALOGUE_SPECS_ALLOW_LOCAL=1``
to allow loopback addresses (tests only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.census import take_census
from ..checks.record import check_file
from ..openapi.fetch import FetchError, Limits, Resolve, fetch, system_resolve
from ..openapi.lock import LOCK_NAME as LOCK
from ..openapi.lock import LockEntry, lock_bytes, read_lock
from ..openapi.model import shown
from ..openapi.reader import SNAPSHOT_DIR, SUFFIXES

ALLOW_LOCAL = "CATALOGUE_SPECS_ALLOW_LOCAL"
DEFAULT_LIMITS = Limits()


@dataclass
class SpecsReport:
    """What a run did: one line per API with an ``openapi_link``, and the counts."""

    lines: list[str] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def update_specs(root: Path, *, today: Callable[[], dt.date] = dt.date.today, limits: Limits = DEFAULT_LIMITS,
                 allow_local: bool | None = None, resolve: Resolve = system_resolve) -> SpecsReport:
    """Download the specification of every API of the site at *root*; update snapshots and lock.

    *today* gives the date written for a snapshot that changed; *allow_local*
    defaults to ``CATALOGUE_SPECS_ALLOW_LOCAL=1``; *resolve* looks host names
    up (tests give their own).
    """
    if allow_local is None:
        allow_local = os.environ.get(ALLOW_LOCAL) == "1"
    report = SpecsReport()
    folder = root / SNAPSHOT_DIR
    if folder.is_symlink() or (folder.exists() and not folder.resolve().is_relative_to((root / "apis").resolve())):
        report.failed += 1
        report.lines.append(f"{SNAPSHOT_DIR}/ : lien symbolique refusé ; faites-en un vrai dossier")
        return report
    lock_path = folder / LOCK
    old, readable = read_lock(lock_path)
    if not readable:
        report.lines.append(f"{SNAPSHOT_DIR}/{LOCK} : fichier illisible ou incomplet ; il est réécrit à partir "
                            "des téléchargements")
    new: dict[str, LockEntry] = {}
    for kind, path in take_census(root).records:
        if kind != "api":
            continue
        relative = path.relative_to(root).as_posix()
        link, where = _link(path)
        if link is None:
            # No openapi_link: a snapshot committed by hand (by the provider,
            # or copied from a known origin) keeps its lock entry as it is.
            previous = old.get(path.stem)
            if previous is not None and (folder / previous.file).is_file():
                new[path.stem] = previous
            continue
        previous = old.get(path.stem)
        try:
            if not link:
                raise FetchError("adresse refusée par la vérification des fiches ; corrigez-la (make validate dit "
                                 "pourquoi)", "fetch.record")
            download = fetch(link, limits=limits, allow_local=allow_local, resolve=resolve)
        except FetchError as exc:
            kept = "instantané précédent gardé" if previous else "aucun instantané"
            report.failed += 1
            report.lines.append(f"{relative}:{where}: openapi_link : {exc.message} ({kept})")
            if previous:
                new[path.stem] = previous
            continue
        new[path.stem] = _store(folder, path.stem, link, download.body, download.syntax, previous, today, report)
    for identifier in sorted(set(old) - set(new)):
        report.lines.append(f"{SNAPSHOT_DIR}/{shown(old[identifier].file)} : l'API « {identifier} » n'a plus "
                            "de fiche ou d'instantané ; son entrée est retirée du fichier de verrou")
    if new or lock_path.exists():
        _write_if_changed(lock_path, lock_bytes(new))
    return report


def _link(path: Path) -> tuple[str | None, str]:
    """The record's ``openapi_link`` and its ``line:column``.

    None when the record has none; ``""`` when it has one that fails the
    record's checks (it is not fetched: ``make validate`` says what is wrong).
    """
    checked = check_file("api", path)
    if checked.loaded is None or not isinstance(checked.loaded.data, dict):
        return None, "1:1"
    if "openapi_link" not in checked.loaded.data:
        return None, "1:1"
    line, column = checked.loaded.position(("openapi_link",))
    link = checked.data.get("openapi_link")
    return (link if isinstance(link, str) else ""), f"{line}:{column}"


def _store(folder: Path, identifier: str, link: str, body: bytes, syntax: str, previous: LockEntry | None,
           today: Callable[[], dt.date], report: SpecsReport) -> LockEntry:
    digest = hashlib.sha256(body).hexdigest()
    name = f"{identifier}.{syntax}"
    folder.mkdir(parents=True, exist_ok=True)
    wrote = _write_if_changed(folder / name, body)
    for suffix in SUFFIXES:
        stale = folder / f"{identifier}{suffix}"
        if stale.name != name and (stale.is_file() or stale.is_symlink()):
            stale.unlink()  # the same API's snapshot in the other syntax, written by an earlier run
            wrote = True
    unchanged = previous is not None and previous.sha256 == digest
    entry = LockEntry(file=name, sha256=digest, source=link,
                      updated=previous.updated if unchanged and previous else today().isoformat())
    if wrote or entry != previous:
        report.updated += 1
        report.lines.append(f"{SNAPSHOT_DIR}/{name} : mis à jour depuis {link}")
    else:
        report.unchanged += 1
        report.lines.append(f"{SNAPSHOT_DIR}/{name} : inchangé")
    return entry


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Replace *path* by *data* whole (a new file, renamed over it), unless it holds them already."""
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        return False
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def main(root: Path) -> int:
    report = update_specs(root)
    for line in report.lines:
        print(line)
    total = report.updated + report.unchanged + report.failed
    summary = (f"{total} spécification(s) OpenAPI : {report.updated} mise(s) à jour, {report.unchanged} "
               f"inchangée(s), {report.failed} en échec.")
    print(summary, file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m catalogue.commands.specs", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier du site (par défaut : .)")
    sys.exit(main(parser.parse_args().root))
