"""The catalogue's one order, and its one way of comparing text: French.

Readers type "donnees" for "données" and "oeuvre" for "œuvre"; a French
list files "Énergie" between "Emploi" and "Entreprise".  :func:`fold` is
that comparison, shared by sorting, matching names typed by people and the
search (whose JavaScript twin is ``site/static/catalogue-fold.js``).
"""

from __future__ import annotations

import unicodedata

#: Letters written as two, and the typographic apostrophe written as the
#: plain one: "l’Éducation" and "l'Éducation" sort and match alike.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "\u2019": "'", "\u02bc": "'"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form of *text*: ``"Éducation"`` → ``"education"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def sort_key(text: str, identifier: str = "") -> tuple[str, str, str]:
    """The catalogue's one sort order: French, accents and case ignored.

    Ties (same letters, different accents or case) are broken by the text
    itself, then by the identifier, so that the order is total and stable.
    """
    return (fold(text), text, identifier)
