"""The completeness score of API records (``catalogue.records.completeness``), without Sphinx.

Records are built as the build and ``make validate`` build them
(:func:`~catalogue.records.model.build_record`); the expected scores are
worked out by hand from the weights the module declares, so that a change
of weight or of formula shows here.
"""

from __future__ import annotations

import datetime

import pytest

from catalogue.records.catalogue import Catalogue
from catalogue.records.completeness import (
    CRITERIA,
    FULL_SCORE,
    REVIEW_MONTHS,
    assess,
    gaps_by_provider,
    months_before,
    reference_date,
    review_limit,
)
from catalogue.records.format import UNPUBLISHED, record_format
from catalogue.records.model import ApiRecord, build_record

REFERENCE = datetime.date(2026, 1, 10)

#: Everything a record can give: a record with all of it has no gap.
FULL = {
    "tagline": "Une API de test dont la fiche donne tout.",
    "access": "open",
    "themes": ["Santé"],
    "description": "Une description.",
    "documentation_link": "https://exemple.gouv.fr/doc",
    "terms_link": "https://exemple.gouv.fr/cgu",
    "contact_link": "contact@exemple.gouv.fr",
    "openapi_link": "https://exemple.gouv.fr/openapi.json",
    "rate_limiting_resume": "50 appels / seconde",
    "availability": 99.5,
    "support": "Du lundi au vendredi.",
    "monitoring_link": "https://status.exemple.gouv.fr",
    "last_update": "2026-01-10",
}

#: Only what the format requires.
BARE = {
    "tagline": "Une API de test dont la fiche ne donne que l'obligatoire.",
    "access": "open",
    "themes": ["Santé"],
    "description": "Une description.",
    "documentation_link": "https://exemple.gouv.fr/doc",
    "terms_link": "https://exemple.gouv.fr/cgu",
}


def api(identifier: str = "api-test", base: dict | None = None, **fields) -> ApiRecord:
    data = {"title": identifier.replace("-", " ").title(), "producer": "dinum", **(FULL if base is None else base)}
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    record = build_record("api", f"apis/{identifier}", data, 0)
    assert isinstance(record, ApiRecord)
    return record


def provider(identifier: str, name: str, contact: str | None = None):
    data = {"name": name, "type": "Ministère", "site": "https://exemple.gouv.fr", "description": "Un organisme."}
    if contact:
        data["contact"] = contact
    return build_record("provider", f"apis/fournisseurs/{identifier}", data, 0)


def fields_of(assessment) -> list[str]:
    return [gap.field for gap in assessment.gaps]


# -- The criteria -------------------------------------------------------------------------


def test_criteria_name_fields_of_the_format_once_each_with_a_reason():
    names = record_format("api").by_name
    fields = [criterion.field for criterion in CRITERIA]
    assert len(fields) == len(set(fields))
    for criterion in CRITERIA:
        assert criterion.field in names, criterion.field
        assert criterion.weight > 0
        assert criterion.reason.strip() and "\n" not in criterion.reason
        assert set(criterion.access) <= {"open", "account", "restricted"}
    # Heaviest first, as the page shows them.
    assert [c.weight for c in CRITERIA] == sorted((c.weight for c in CRITERIA), reverse=True)


def test_the_required_addresses_that_may_be_unpublished_are_criteria():
    assert {"terms_link", "documentation_link"} <= {c.field for c in CRITERIA}
    assert set(record_format("api").unpublished_fields) <= {c.field for c in CRITERIA}


# -- One record -------------------------------------------------------------------------------


@pytest.mark.parametrize("access, extra", [
    ("open", {}),
    ("account", {"access_link": "https://exemple.gouv.fr/compte"}),
    ("restricted", {"access_link": "https://exemple.gouv.fr/demande",
                    "eligibility": [{"who": "Une administration", "eligible": "yes"}]}),
])
def test_a_record_with_everything_scores_full(access: str, extra: dict):
    result = assess(api(access=access, **extra), REFERENCE)
    assert result.gaps == ()
    assert result.complete
    assert result.score == FULL_SCORE == 100


def test_a_bare_open_record():
    """Open: 95 points apply (no access link, no eligibility); the record meets
    terms 20 + documentation 20 + contact 10 (the provider's) = 50: 5000 // 95 = 52."""
    result = assess(api(base=BARE), REFERENCE, contact="contact@dinum.gouv.fr")
    assert fields_of(result) == [
        "openapi_link", "rate_limiting_resume", "last_update", "availability", "support", "monitoring_link",
    ]
    assert result.score == 52
    assert {gap.state for gap in result.gaps} == {"à ajouter"}


def test_unpublished_addresses_are_gaps():
    """Both 20-point addresses « non publié »: 55 of 95 points, 5500 // 95 = 57."""
    result = assess(api(terms_link=UNPUBLISHED, documentation_link=UNPUBLISHED), REFERENCE)
    assert fields_of(result) == ["terms_link", "documentation_link"]
    assert [gap.state for gap in result.gaps] == ["« non publié »", "« non publié »"]
    assert result.gaps[0].text == "Conditions d'utilisation (terms_link) : « non publié »"
    assert result.score == 57


def test_access_link_and_eligibility_apply_only_where_they_mean_something():
    # Open: neither is asked for.
    assert assess(api(access="open"), REFERENCE).complete
    # On account: the access link is (110 points; 95 met: 9500 // 110 = 86), not eligibility.
    account = assess(api(access="account"), REFERENCE)
    assert fields_of(account) == ["access_link"]
    assert account.score == 86
    # Restricted: both (120 points; 110 met with the link: 11000 // 120 = 91).
    restricted = assess(api(access="restricted", access_link="https://exemple.gouv.fr/demande"), REFERENCE)
    assert fields_of(restricted) == ["eligibility"]
    assert restricted.score == 91


def test_any_gap_keeps_the_score_under_full():
    """Rounded down: the lightest gap of the heaviest case, 115 / 120, is 95, not 100."""
    result = assess(
        api(
            access="restricted",
            access_link="https://exemple.gouv.fr/demande",
            eligibility=[{"who": "Une administration", "eligible": "yes"}],
            monitoring_link=None,
        ),
        REFERENCE,
    )
    assert fields_of(result) == ["monitoring_link"]
    assert result.score == 95


def test_the_contact_of_the_page_counts():
    """Without contact_link, the page shows the provider's: no gap; with none at all, a gap."""
    record = api(contact_link=None)
    assert assess(record, REFERENCE, contact="contact@dinum.gouv.fr").complete
    assert fields_of(assess(record, REFERENCE)) == ["contact_link"]


# -- Old records ------------------------------------------------------------------------------


def test_review_limit_is_twelve_months_before_the_reference():
    assert REVIEW_MONTHS == 12
    assert review_limit(REFERENCE) == datetime.date(2025, 1, 10)
    assert review_limit(None) is None


@pytest.mark.parametrize("last_update, old", [
    ("2025-01-10", False),  # exactly twelve months: not yet old
    ("2025-01-09", True),
    ("2024-03-01", True),
    ("2026-01-10", False),
])
def test_a_record_is_old_more_than_twelve_months_before_the_reference(last_update: str, old: bool):
    result = assess(api(last_update=last_update), REFERENCE)
    assert ("last_update" in fields_of(result)) is old
    if old:
        assert result.gaps[0].state.startswith("à revoir (")


def test_an_old_record_says_its_date():
    result = assess(api(last_update="2024-03-01"), REFERENCE)
    assert [gap.text for gap in result.gaps] == [
        "Date de vérification de la fiche (last_update) : à revoir (1er mars 2024)"
    ]
    assert result.score == 89  # 85 of 95 points


def test_a_missing_date_is_a_gap_and_without_reference_nothing_is_old():
    assert [gap.state for gap in assess(api(last_update=None), REFERENCE).gaps] == ["à ajouter"]
    assert assess(api(last_update="1990-01-01"), None).complete


@pytest.mark.parametrize("day, months, expected", [
    ("2026-01-10", 12, "2025-01-10"),
    ("2024-02-29", 12, "2023-02-28"),
    ("2025-03-31", 1, "2025-02-28"),
    ("2024-03-31", 1, "2024-02-29"),
    ("2026-01-31", 2, "2025-11-30"),
    ("2025-02-28", -12, "2026-02-28"),
])
def test_months_before(day: str, months: int, expected: str):
    assert months_before(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


def test_reference_is_the_newest_last_update_and_never_the_clock(monkeypatch):
    records = [
        api("api-a", last_update="2025-05-01"),
        api("api-b", last_update="2026-01-10"),
        api("api-c", last_update=None),
    ]
    assert reference_date(records) == REFERENCE
    assert reference_date([api(last_update=None)]) is None
    # Neither the clock nor SOURCE_DATE_EPOCH changes anything.
    before = gaps_by_provider(Catalogue(records))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01
    assert gaps_by_provider(Catalogue(records)) == before


# -- The catalogue, by provider ----------------------------------------------------------------


def test_gaps_by_provider_lists_incomplete_records_least_complete_first():
    catalogue = Catalogue([
        provider("agence", "Agence Alpha", contact="contact@agence.gouv.fr"),
        provider("bureau", "Bureau Bêta", contact="contact@bureau.gouv.fr"),
        api("api-complete", producer="agence"),
        # Agence: 86 (account, no access link) and 57 (both addresses unpublished).
        api("api-a-compte", producer="agence", access="account"),
        api("api-z-non-publiee", producer="agence", terms_link=UNPUBLISHED, documentation_link=UNPUBLISHED),
        # Bureau: 89 (old), and a bare retired API that is not scored.
        api("api-ancienne", producer="bureau", last_update="2024-03-01"),
        api("api-retiree", base=BARE, producer="bureau", status="retired", last_update="2020-01-01"),
        # An unknown provider (the checks report it): listed last among equals.
        api("api-orpheline", producer="inconnu", last_update="2024-03-01"),
    ])
    gaps = gaps_by_provider(catalogue)
    assert gaps.reference == REFERENCE
    assert gaps.scored == 5
    assert gaps.incomplete == 4
    assert [(group.provider, group.label) for group in gaps.providers] == [
        ("agence", "Agence Alpha"),
        ("bureau", "Bureau Bêta"),
        ("inconnu", "Fournisseur inconnu : inconnu"),
    ]
    assert [[(a.id, a.score) for a in group.records] for group in gaps.providers] == [
        [("api-z-non-publiee", 57), ("api-a-compte", 86)],
        [("api-ancienne", 89)],
        [("api-orpheline", 89)],
    ]
    assert gaps.providers[0].docname == "apis/fournisseurs/agence"
    assert gaps.providers[2].docname is None


def test_equal_scores_keep_the_catalogue_order():
    catalogue = Catalogue([
        provider("agence", "Agence", contact="contact@agence.gouv.fr"),
        provider("bureau", "Bureau", contact="contact@bureau.gouv.fr"),
        api("api-zeta", producer="bureau", support=None),
        api("api-eta", producer="agence", support=None),
        api("api-beta", producer="agence", support=None),
    ])
    gaps = gaps_by_provider(catalogue)
    assert [group.provider for group in gaps.providers] == ["agence", "bureau"]
    assert [a.id for a in gaps.providers[0].records] == ["api-beta", "api-eta"]


def test_a_complete_catalogue_has_no_gaps():
    gaps = gaps_by_provider(Catalogue([provider("dinum", "DINUM"), api()]))
    assert gaps.incomplete == 0
    assert gaps.providers == ()
