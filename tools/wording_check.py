#!/usr/bin/env python3
"""List the wording that our API records share with the former api.gouv.fr catalogue.

Why this exists
---------------
Many records of ``apis/`` were written from the records of the former
api.gouv.fr catalogue (its ``_data/api/*.md`` files).  Their facts carry over
(names, addresses, access modes, rate limits, dates); their sentences must
not: every tagline, description and explanation is written anew.  This
script finds what slipped through: every run of six words (``--words``) that
the text of a record shares with the text of *any* former record, whatever
its file name, so that it also checks records whose identifier differs from
the former file name.

What it compares
----------------
- In each record, only the texts we write: ``tagline``, ``description``,
  ``access_details``, ``access_reason``, ``rate_limiting_description``,
  ``terms_summary``, ``support`` and the ``description`` of each
  ``eligibility`` entry.  Titles, keywords, audience labels (``who``) and
  addresses are names or facts, not wording.
- Both sides are compared as words: case, accents' encoding (NFC) and the
  typographic apostrophe are ignored; web and e-mail addresses, link targets
  and code (`` `inline` `` and fenced blocks) are left out, since they are
  facts that may be identical.

What remains is for a person to judge: a shared run may be a proper name
(the official name of a register, a law, an organisation), which may stay;
anything else is rewritten.  The script cannot tell them apart.

How to run it
-------------
By hand, from the repository (it is not part of the build nor of the tests:
the former catalogue is not in the repository, it is given as an argument)::

    .venv/bin/python tools/wording_check.py /chemin/vers/apigouv/_data/api
    .venv/bin/python tools/wording_check.py /chemin/vers/_data apis/api-sirene.yml

The first argument is the former catalogue's ``_data/api`` folder (or its
``_data`` folder).  Without record files, every ``apis/*.yml`` is checked.
Each shared passage is printed on one line::

    apis/api-x.yml: description: « les runs partagés » (api_x.md)

then a summary on the standard error.  The exit status is 0, or 1 with
``--strict`` when a passage is found; 2 on a usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

#: The fields of a record that hold our own sentences.
PROSE_FIELDS = (
    "tagline",
    "description",
    "access_details",
    "access_reason",
    "rate_limiting_description",
    "terms_summary",
    "support",
)

_FENCED = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_ADDRESS = re.compile(
    r"(?:https?://|mailto:|www\.)\S+"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:fr|gouv|com|org|net|eu|io|info)\b",  # bare domain names
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w']+")


def words(text: str) -> list[str]:
    """The words of *text*, without code, addresses and link targets."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u02bc", "'")
    text = _FENCED.sub(" ", text)
    text = _INLINE_CODE.sub(" ", text)
    text = _LINK_TARGET.sub("] ", text)
    text = _ADDRESS.sub(" ", text)
    return [w.strip("'") for w in _WORD.findall(text.lower()) if w.strip("'")]


def runs(tokens: list[str], size: int) -> list[str]:
    return [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]


def former_index(folder: Path, size: int) -> dict[str, set[str]]:
    """Every run of *size* words of the former records, with the files it occurs in."""
    index: dict[str, set[str]] = defaultdict(set)
    for path in sorted(folder.glob("*.md")):
        for run in runs(words(path.read_text(encoding="utf-8", errors="replace")), size):
            index[run].add(path.name)
    return index


def prose(data: dict) -> list[tuple[str, str]]:
    """(field, text) for each text of a record that we write ourselves."""
    out = [(name, data[name]) for name in PROSE_FIELDS if isinstance(data.get(name), str)]
    for number, entry in enumerate(data.get("eligibility") or []):
        if isinstance(entry, dict) and isinstance(entry.get("description"), str):
            out.append((f"eligibility[{number}].description", entry["description"]))
    return out


def shared_passages(text: str, index: dict[str, set[str]], size: int) -> list[tuple[str, set[str]]]:
    """The passages of *text* made of runs found in *index*, consecutive runs merged."""
    tokens = words(text)
    hits = [index.get(run) for run in runs(tokens, size)]
    passages: list[tuple[str, set[str]]] = []
    start = None
    sources: set[str] = set()
    for position, found in enumerate(hits + [None]):
        if found:
            if start is None:
                start, sources = position, set()
            sources |= found
        elif start is not None:
            passages.append((" ".join(tokens[start : position - 1 + size]), sources))
            start = None
    return passages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Suites de mots communes entre les fiches et l'ancien catalogue api.gouv.fr.",
    )
    parser.add_argument("reference", type=Path, help="dossier _data/api (ou _data) de l'ancien catalogue")
    parser.add_argument("records", nargs="*", type=Path, help="fiches à vérifier (par défaut : apis/*.yml)")
    parser.add_argument("--words", type=int, default=6, help="longueur des suites comparées (6)")
    parser.add_argument("--strict", action="store_true", help="code de sortie 1 si une suite est trouvée")
    options = parser.parse_args(argv)

    folder = options.reference
    if (folder / "api").is_dir():
        folder = folder / "api"
    if not any(folder.glob("*.md")):
        parser.error(f"aucune fiche .md dans {folder}")
    if options.words < 2:
        parser.error("--words doit valoir au moins 2")
    records = options.records or sorted(Path("apis").glob("*.yml"))
    if not records:
        parser.error("aucune fiche à vérifier (lancez le script depuis le dépôt, ou nommez les fiches)")

    index = former_index(folder, options.words)
    total = affected = 0
    for path in records:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            print(f"{path}: illisible ({error})", file=sys.stderr)
            continue
        if not isinstance(data, dict):
            continue
        found = 0
        for field, text in prose(data):
            for passage, sources in shared_passages(text, index, options.words):
                names = ", ".join(sorted(sources)[:3]) + (" …" if len(sources) > 3 else "")
                print(f"{path}: {field}: « {passage} » ({names})")
                found += 1
        total += found
        affected += bool(found)
    print(
        f"{total} passage(s) de {options.words} mots ou plus en commun avec l'ancien catalogue, "
        f"dans {affected} fiche(s) sur {len(records)}",
        file=sys.stderr,
    )
    return 1 if options.strict and total else 0


if __name__ == "__main__":
    sys.exit(main())
