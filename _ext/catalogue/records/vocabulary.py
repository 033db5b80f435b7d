"""The French words the site shows for the format's coded values.

The controlled lists themselves (access modes, statuses...) are declared in
the JSON Schemas; this module only says how each value reads on a page, and
which glossary term explains it.  A test checks that every value of the
schemas has its label here.
"""

from __future__ import annotations

ACCESS_LABELS = {
    "open": "Ouverte",
    "account": "Avec compte",
    "restricted": "Sur habilitation",
}

#: Glossary term (definitions page) that explains each access mode.
ACCESS_TERMS = {
    "open": "API ouverte",
    "account": "API avec compte",
    "restricted": "API sur habilitation",
}

STATUS_LABELS = {
    "beta": "Bêta",
    "stable": "Stable",
    "deprecated": "Dépréciée",
    "retired": "Retirée",
}

ELIGIBLE_LABELS = {
    "yes": "Oui",
    "no": "Non",
    "under_condition": "Sous conditions",
}

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(iso: str) -> str:
    """``"2022-02-01"`` → ``"1er février 2022"``; anything else is returned as is.

    Written by hand rather than with the locale module, so that the output
    does not depend on the machine that builds the site.
    """
    try:
        year, month, day = (int(part) for part in iso.split("-"))
        month_name = MONTHS[month - 1]
    except (ValueError, IndexError):
        return iso
    return f"{'1er' if day == 1 else day} {month_name} {year}"


def french_percent(value: float) -> str:
    """``99.5`` → ``"99,5 %"`` (French decimal comma, narrow no-break space)."""
    text = f"{value:g}".replace(".", ",")
    return f"{text}\u202f%"
