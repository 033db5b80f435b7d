"""Which files under ``apis/`` are records, and why the others are not.

Both doors (the Sphinx build and ``make validate``) start from this one
list, so that they read the same files and refuse the same ones, with the
same words.  A file under ``apis/`` is a record when

- it sits in a record folder (``apis/``, ``apis/fournisseurs/``,
  ``apis/themes/``),
- its name is ``<identifier>.yml``, the identifier being lower-case
  letters, digits and dashes (it becomes the page's address), and
- neither it nor a folder above it is a symbolic link that leads outside
  ``apis/``: a record that is a link to ``/etc/passwd`` would publish the
  build machine's files.

Besides records, ``apis/logos/`` holds providers' logos (checked by
:mod:`.logos`) and ``apis/openapi/`` the snapshots of specifications.  Every
other file there is refused with its name and the expected form: nothing
under ``apis/`` is skipped in silence.  Hidden files (``.gitkeep``)
are the one exception.  Sphinx is kept from reading what is refused
(:func:`catalogue.reading.parser.leave_out_refused`); hand-written pages of other
kinds (``.md``) under ``apis/`` are excluded by pattern, so that one never
takes the place of a record of the same name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..records.kinds import IDENTIFIER, LOCK_NAME, RECORD_DIRS, Kind, suggest_identifier
from .logos import logo_problem
from .problems import FileProblem

#: The folder of all records, relative to the source directory.
ROOT = RECORD_DIRS["api"]

#: Sub-folders of ``apis/`` that hold something other than records, and
#: the suffixes of the files they accept (read by other parts of the build).
OTHER_DIRS: dict[str, tuple[str, ...]] = {"logos": (".svg", ".png"), "openapi": (".json", ".yaml")}


@dataclass
class Census:
    """The records under ``apis/`` and the files refused there."""

    records: list[tuple[Kind, Path]] = field(default_factory=list)
    #: Each refused file, and why.
    refused: list[FileProblem] = field(default_factory=list)
    #: Providers' logos that may be published: provider id → file.
    logos: dict[str, Path] = field(default_factory=dict)
    #: Specification snapshots (``apis/openapi/<api-id>.json|.yaml``): API id → file.
    snapshots: dict[str, Path] = field(default_factory=dict)


def take_census(srcdir: Path) -> Census:
    census = Census()
    root = srcdir / ROOT
    if not root.is_dir():
        return census
    inside = root.resolve()
    folders = {srcdir / folder: kind for kind, folder in RECORD_DIRS.items()}
    logos: list[tuple[Path, str]] = []
    snapshots: list[tuple[Path, str]] = []
    for path in _walk(root, inside):
        relative = path.relative_to(srcdir).as_posix()
        if not _stays_inside(path, inside):
            census.refused.append(
                FileProblem(
                    relative,
                    "lien symbolique qui mène hors de apis/ refusé ; remplacez-le par le fichier lui-même",
                    "file.symlink",
                )
            )
            continue
        kind = folders.get(path.parent)
        if kind is None:
            folder = path.parent.relative_to(root).as_posix()
            if path.suffix not in OTHER_DIRS.get(folder, ()):
                census.refused.append(FileProblem(relative, MISPLACED, "file.misplaced"))
            elif folder == "logos":
                logos.append((path, relative))
            elif folder == "openapi" and path.name != LOCK_NAME:
                snapshots.append((path, relative))
        elif path.suffix != ".yml":
            census.refused.append(FileProblem(relative, _not_yml(path), "file.suffix"))
        elif not IDENTIFIER.match(path.stem):
            census.refused.append(
                FileProblem(
                    relative,
                    f"« {path.stem} » n'est pas un identifiant valide (lettres minuscules, chiffres "
                    f"et tirets) ; renommez le fichier en « {suggest_identifier(path.stem)}.yml »",
                    "file.name",
                )
            )
        else:
            census.records.append((kind, path))
    order = list(RECORD_DIRS)
    census.records.sort(key=lambda item: (order.index(item[0]), item[1].name))
    providers = {path.stem for kind, path in census.records if kind == "provider"}
    for path, relative in logos:
        problem = _logo_problem(path, providers)
        if problem:
            census.refused.append(FileProblem(relative, problem, "file.logo"))
        else:
            census.logos[path.stem] = path
    apis = {path.stem for kind, path in census.records if kind == "api"}
    for path, relative in snapshots:
        if path.stem in apis:
            # Two snapshots of one API: the reader says so, on the API's page.
            census.snapshots.setdefault(path.stem, path)
        else:
            census.refused.append(
                FileProblem(
                    relative,
                    f"« {path.stem} » n'est pas une API du catalogue ; un instantané de spécification "
                    "s'appelle comme la fiche de son API (apis/openapi/api-adresse.json pour apis/api-adresse.yml)",
                    "file.openapi",
                )
            )
    census.refused.sort(key=lambda problem: problem.relative)
    return census


def _logo_problem(path: Path, providers: set[str]) -> str | None:
    if path.stem not in providers:
        return (
            f"« {path.stem} » n'est pas un fournisseur du catalogue ; un logo s'appelle comme la "
            "fiche de son fournisseur (apis/logos/dinum.svg pour apis/fournisseurs/dinum.yml)"
        )
    return logo_problem(path)


def _walk(root: Path, inside: Path) -> Iterable[Path]:
    """Every file below *root*, hidden ones left out, in a stable order.

    A symbolic link to a folder is walked into only if it stays inside
    ``apis/`` (once: a link back to a parent would loop); one that leads out
    is given as it is, to be refused.
    """
    seen: set[Path] = set()
    for folder, dirnames, filenames in os.walk(root, followlinks=True):
        here = Path(folder)
        seen.add(here.resolve())
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            target = (here / name).resolve()
            if not _stays_inside(here / name, inside):
                yield here / name
            elif target not in seen:
                seen.add(target)
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.startswith("."):
                yield here / name


def _stays_inside(path: Path, inside: Path) -> bool:
    try:
        path.resolve().relative_to(inside)
    except ValueError:
        return False
    return True


MISPLACED = (
    "ce fichier n'est pas à une place de fiche et n'est pas lu ; les fiches vont dans "
    "apis/, apis/fournisseurs/ ou apis/themes/"
)


def _not_yml(path: Path) -> str:
    if path.suffix.lower() in (".yaml", ".yml"):
        return f"ce fichier n'est pas lu : renommez-le en {path.stem}.yml"
    return "ce fichier n'est pas une fiche (.yml) et n'est pas lu : déplacez-le hors de apis/"
