"""Reading a snapshot into a :class:`~.model.Spec`: the steps, the cache, the files.

The steps, each bounded and none of which raises on bad input:

1. the bytes (:mod:`.source`): size, encoding, JSON or YAML;
2. the version: Swagger 2.0, OpenAPI 3.0, 3.1 (and 3.2);
3. the references (:func:`.refs.local_only`): external ones reported and
   taken out before anything follows them;
4. the validator (:mod:`.validation`), offline;
5. the model (:mod:`.build`), from whatever could be read.

A failure of the reader itself (a bug, or an input no one foresaw) becomes
an ``internal.error`` problem of that specification, never an exception:
one provider's file must not stop the build of the catalogue.

**Cost.**  A build reads the same snapshots again and again (each page
write, each parallel reader); the result depends only on the bytes (and on
reading them as JSON or YAML), so it is kept per process by their sha256:
the same bytes give the same (frozen) :class:`Spec`, computed once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from pathlib import Path

from ..records.kinds import IDENTIFIER, SNAPSHOT_DIR
from .build import Builder, version_of
from .model import Spec, SpecProblem
from .refs import local_only
from .source import parse, read_bytes, syntax_of

#: The suffixes a snapshot may have, the preferred one first.
SUFFIXES = (".json", ".yaml")

#: Specifications kept in memory (a catalogue has a few hundred).
CACHE_SIZE = 512

_cache: dict[tuple[str, str], Spec] = {}
_lock = threading.Lock()


def read_spec(data: bytes, syntax: str = "json") -> Spec:
    """The specification held in *data* (``syntax``: ``json`` or ``yaml``), cached by digest."""
    key = (hashlib.sha256(data).hexdigest(), syntax)
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    spec = _read(data, syntax, key[0])
    with _lock:
        if len(_cache) >= CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = spec
    return spec


def clear_cache() -> None:
    """Forget every specification read (for tests and long-lived processes)."""
    with _lock:
        _cache.clear()


def read_file(path: Path) -> Spec:
    """The specification in the file *path*; JSON or YAML by its suffix."""
    data, problems = read_bytes(path)
    if data is None:
        return Spec(problems=tuple(problems))
    return read_spec(data, syntax_of(path.name))


def snapshot_path(root: Path, record_id: str) -> Path | None:
    """The snapshot of the API *record_id* (``apis/openapi/<id>.json`` or ``.yaml``), or None.

    :raises ValueError: *record_id* is not a record identifier (it is
        part of a file name: ``../x`` must never reach the file system).
    """
    if not IDENTIFIER.match(record_id or ""):
        raise ValueError(f"not a record identifier: {record_id!r}")
    for suffix in SUFFIXES:
        path = root / SNAPSHOT_DIR / f"{record_id}{suffix}"
        if path.is_file():
            return path
    return None


def read_snapshot(root: Path, record_id: str) -> Spec | None:
    """The specification of the API *record_id*, or None when it has no snapshot.

    A snapshot that is a link leading out of ``apis/openapi/`` is not read
    (it would publish a file of the build machine), and two snapshots of
    one API (``.json`` and ``.yaml``) are reported: the JSON one is read.
    """
    path = snapshot_path(root, record_id)
    if path is None:
        return None
    folder = (root / SNAPSHOT_DIR).resolve()
    if path.resolve().parent != folder:
        return Spec(problems=(SpecProblem("", "lien symbolique qui mène hors de apis/openapi/ refusé ; "
                                          "remplacez-le par le fichier lui-même", "file.symlink"),))
    spec = read_file(path)
    others = [s for s in SUFFIXES if s != path.suffix and (root / SNAPSHOT_DIR / f"{record_id}{s}").exists()]
    if others:
        twice = SpecProblem("", f"deux instantanés pour cette API ({path.name} et {record_id}{others[0]}) ; "
                            f"{path.name} est lu : supprimez l'autre", "file.duplicate")
        return dataclasses.replace(spec, problems=(twice, *spec.problems))
    return spec


def _read(data: bytes, syntax: str, digest: str) -> Spec:
    problems: list[SpecProblem] = []
    try:
        document, found = parse(data, syntax)
        problems += found
        if document is None:
            return Spec(digest=digest, problems=tuple(problems))
        if not isinstance(document, dict):
            problems.append(SpecProblem("", "le fichier ne contient pas une spécification OpenAPI (un objet avec "
                                        "« openapi » ou « swagger ») ; vérifiez son contenu", "spec.not-an-object"))
            return Spec(digest=digest, problems=tuple(problems))
        family, label, found = version_of(document)
        problems += found
        document, found, removed = local_only(document)
        problems += found
        if family:
            # Imported on first use: the validator and its dependencies
            # (pydantic...) take a third of a second to import, which a
            # build without snapshots, or ``make validate``, need not pay.
            from .validation import validate

            try:
                problems += validate(document, family, removed)
            except Exception as exc:  # noqa: BLE001 - the model is still built
                problems.append(_internal(exc))
        builder = Builder(document, family)
        title, version, description = builder.info()
        servers = builder.servers()
        try:
            groups = builder.groups()
        except Exception as exc:  # noqa: BLE001 - title, servers and problems are still worth showing
            groups = ()
            problems.append(_internal(exc))
        problems += builder.problems + list(builder.resolver.problems.values())
        return Spec(digest=digest, format=label, title=title, version=version, description=description,
                    servers=servers, groups=groups, problems=_unique(problems))
    except Exception as exc:  # noqa: BLE001 - one file must not stop the catalogue
        return Spec(digest=digest, problems=_unique([*problems, _internal(exc)]))


def _internal(exc: BaseException) -> SpecProblem:
    return SpecProblem("", f"erreur interne en lisant cette spécification ({type(exc).__name__}) ; signalez-la "
                       "aux mainteneurs du catalogue avec le fichier (voir SECURITY.md)", "internal.error")


def _unique(problems: list[SpecProblem]) -> tuple[SpecProblem, ...]:
    return tuple(dict.fromkeys(problems))
