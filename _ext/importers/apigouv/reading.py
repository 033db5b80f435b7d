"""Reading the old files: Markdown with YAML front matter, keys as they were meant."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..framework.report import Outcome, SourceError


def data_dir(src: Path) -> Path:
    """The folder holding ``api/`` and ``producteurs/``: *src* itself or its ``_data/``."""
    for candidate in (src, src / "_data"):
        if (candidate / "api").is_dir() or (candidate / "producteurs").is_dir():
            return candidate
    raise SourceError(
        f"{src} ne contient ni api/ ni producteurs/ (ni _data/api/) ; indiquez le dossier "
        "_data/ de l'ancien api.gouv.fr"
    )


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """The YAML front matter and the Markdown body of one old record.

    Old files were edited by hand in many editors: a byte-order mark and
    Windows line ends are tolerated rather than reported.
    """
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError("le fichier ne commence pas par un en-tête YAML (ligne « --- »)")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            break
    else:
        raise SourceError("en-tête YAML non fermé (ligne « --- » attendue)")
    try:
        front = yaml.safe_load("\n".join(lines[1:index]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ligne {mark.line + 2}" if mark else ""
        raise SourceError(f"en-tête YAML invalide{where} : {getattr(exc, 'problem', exc)}") from None
    if front is None:
        front = {}
    if not isinstance(front, dict):
        raise SourceError("l'en-tête YAML n'est pas une suite de lignes « clé: valeur »")
    return {str(k): v for k, v in front.items()}, "\n".join(lines[index + 1 :])


def fix_keys(raw: Mapping[str, Any], known: tuple[str, ...], outcome: Outcome) -> dict[str, Any]:
    """*raw* with misspelled keys renamed when the correction is certain.

    Certain means one known key, and only one, is very close (the old files
    hold ``extrenal_site`` and ``visit_2019``).  Otherwise the key is
    dropped; both cases are reported with the suggestion.
    """
    fixed: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in raw.items():
        if key in known:
            fixed[key] = value
        else:
            unknown.append(key)
    for key in unknown:
        exact = [k for k in known if k.casefold() == key.casefold()]
        close = exact or difflib.get_close_matches(key, known, n=3, cutoff=0.6)
        strong = exact or [k for k in close if difflib.SequenceMatcher(None, key, k).ratio() >= 0.8]
        if len(strong) == 1:
            target = strong[0]
            if target in raw or target in fixed:
                outcome.misspelled.append(
                    f"clé inconnue {key} : vouliez-vous dire {target} ? déjà présente, abandonnée"
                )
                continue
            outcome.misspelled.append(f"clé inconnue {key} : vouliez-vous dire {target} ? lue comme {target}")
            fixed[target] = raw[key]
        elif close:
            outcome.misspelled.append(
                f"clé inconnue {key} : vouliez-vous dire {' ou '.join(close)} ? abandonnée"
            )
        else:
            outcome.misspelled.append(f"clé inconnue {key} : abandonnée")
    return fixed
