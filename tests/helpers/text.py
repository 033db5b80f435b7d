"""Text as readers see it, re-implemented independently of the extension.

French dates and order, accents folded, typographic spaces made plain: small
re-implementations of the rules the site follows, so that a test states what
a reader must see rather than calling the extension's own code.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

ACCESS_LABELS = {"open": "Ouverte", "account": "Avec compte", "restricted": "Sur habilitation"}
STATUS_LABELS = {"beta": "Bêta", "stable": "Stable", "deprecated": "Dépréciée", "retired": "Retirée"}
ELIGIBLE_LABELS = {"yes": "Oui", "under_condition": "Sous conditions", "no": "Non"}
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def norm(text: str) -> str:
    """Text as compared in tests: typographic apostrophes and spaces made plain."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Accents and case removed: the catalogue's French order compares this first."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def french_key(text: str) -> tuple[str, str]:
    return (fold(text), text)


def french_date(value: dt.date | str) -> str:
    """``2025-11-02`` as written on French pages: ``2 novembre 2025`` (``1er`` for day 1)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def clean(text: str) -> str:
    """Sphinx's output stream without colour codes."""
    return _ANSI.sub("", text)
