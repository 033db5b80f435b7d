"""Who may use an API, in data.gouv.fr's three publics: the answer behind "Qui peut y accéder ?".

A record says who may use its API in two ways: its access mode, and its
eligibility lines, each of which may carry a coded public (``audience``,
udata's roles).  The reader's question "can my organisation use it?" needs
one answer per public, decided here once for the catalogue's filter, for
``catalogue.json`` and for DCAT:

- an eligibility line with that public answers for it; several lines for
  the same public that disagree answer "under condition" (some of that
  public may, some may not);
- an API open to all (``open``) or to anyone who creates an account
  (``account``) answers "yes" for every public no line speaks of;
- a restricted API, or one whose access mode is not known, answers
  nothing for a public no line speaks of: it is not known, and the filter
  does not claim it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: udata's roles, in the order the catalogue shows them.
AUDIENCES = ("local_authority_and_administration", "company_and_association", "private")

#: Answers that let a public in (a filter on a public lists these).
ADMITTED = ("yes", "under_condition")

_OPEN_TO_ALL = ("open", "account")


def coded_answers(eligibility: Iterable[Any]) -> dict[str, str]:
    """The answer of the eligibility lines for each public they name."""
    found: dict[str, set[str]] = {}
    for entry in eligibility:
        audience, eligible = _get(entry, "audience"), _get(entry, "eligible")
        if audience in AUDIENCES and eligible:
            found.setdefault(audience, set()).add(eligible)
    return {
        audience: next(iter(answers)) if len(answers) == 1 else "under_condition"
        for audience, answers in found.items()
    }


def audience_answers(access: str | None, eligibility: Iterable[Any]) -> dict[str, str]:
    """One answer (``yes``, ``no``, ``under_condition``) per public that has one, in :data:`AUDIENCES` order."""
    coded = coded_answers(eligibility)
    answers = {}
    for audience in AUDIENCES:
        if audience in coded:
            answers[audience] = coded[audience]
        elif access in _OPEN_TO_ALL:
            answers[audience] = "yes"
    return answers


def _get(entry: Any, key: str) -> Any:
    if isinstance(entry, Mapping):
        return entry.get(key)
    return getattr(entry, key, None)
