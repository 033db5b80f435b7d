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

#: Licence ids (data.gouv.fr's) and how they read.
LICENCE_LABELS = {
    "lov2": "Licence Ouverte 2.0 (Etalab)",
    "fr-lo": "Licence Ouverte 1.0 (Etalab)",
    "odc-odbl": "Open Database License (ODbL)",
    "odc-by": "Open Data Commons Attribution",
    "odc-pddl": "Open Data Commons Public Domain",
    "cc-by": "Creative Commons Attribution",
    "cc-by-sa": "Creative Commons Attribution – Partage dans les mêmes conditions",
    "cc-zero": "Creative Commons Zéro (domaine public)",
    "other-at": "Autre licence avec attribution",
    "other-open": "Autre licence ouverte",
    "other-pd": "Autre licence du domaine public",
    "notspecified": "Non précisée",
}

#: How the three publics of data.gouv.fr read.
AUDIENCE_LABELS = {
    "local_authority_and_administration": "Une collectivité ou une administration",
    "company_and_association": "Une entreprise ou une association",
    "private": "Un particulier",
}

ELIGIBLE_LABELS = {
    "yes": "Oui",
    "no": "Non",
    "under_condition": "Sous conditions",
}

def eligibility_verdict(eligible: str | None) -> str:
    """The answer of an eligibility line, as a reader says it."""
    return {"yes": "oui", "no": "non", "under_condition": "sous conditions"}.get(eligible or "", "non précisé")


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


def typeset(text: str, lang: str | None = "fr") -> str:
    """*text* with the typography of its language: French apostrophes and « quotes ».

    docutils does it for the text of a page when the page is read; what is
    filled in later (tables, related APIs, the search's results) gets it here.
    """
    from docutils.utils.smartquotes import smartyPants

    if "'" not in text and '"' not in text and "..." not in text:
        return text
    return smartyPants(text, "qe", language=lang or "fr")


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
