"""How complete an API record is: what it lacks, what is old, and a score.

In the spirit of data.gouv.fr's quality score for metadata: a record is
checked against a short list of facts a reuser needs (:data:`CRITERIA`),
each with a weight and the reason for it, declared here once; the page
"Fiches à compléter" (:mod:`catalogue.pages.gaps`) and
``python -m catalogue validate --gaps`` both call :func:`gaps_by_provider`,
so they show the same scores in the same order.

What counts as a gap:

- a required address given as :data:`~.format.UNPUBLISHED` (``terms_link``,
  ``documentation_link``): accepted by the checks, but the reader still
  lacks it;
- a useful fact left out: contact, rate limit, availability, OpenAPI
  file, support, status page; the access link for an API on account or
  restricted, who may ask for a restricted one (``eligibility``);
- a review date (``last_update``) missing, or old.

The score is the share of the weights of the criteria that apply to the
record and that it meets, rounded down: only a record with no gap gets
100.  A criterion that does not apply (the access link of an open API)
neither adds nor takes away.

**Which date "old" is measured from.**  Never the clock: the build must
give the same site from the same sources.  The reference is the newest
``last_update`` of the catalogue's APIs (:func:`reference_date`), as the
Atom feed's own date is (:mod:`catalogue.exports.feeds`); a record is old
when its ``last_update`` is more than :data:`REVIEW_MONTHS` months before
it.  Not ``SOURCE_DATE_EPOCH``: the Makefile sets it to the date of the
last commit, which moves with any commit (a typo in a guide) and is not
set when Sphinx or the validation is run by hand; the page and the
command would then disagree, and an incremental build would not re-write
the page, since no record changed (:mod:`catalogue.reading.freshness`
re-hashes pages only after a record is read or removed).  The price: when
no record of the catalogue is reviewed for a long time, none becomes old.

Retired APIs are not scored: their page stays as a record of the past,
there is nothing left to complete.

Only fields the Sphinx domain keeps are read (it drops Markdown texts,
see :mod:`catalogue.reading.long_texts`): the rate limit is the one-line
``rate_limiting_resume`` that the page's summary shows.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .catalogue import Catalogue
from .format import UNPUBLISHED
from .model import ApiRecord
from .vocabulary import french_date

#: A record whose ``last_update`` is more than this many months before the
#: reference date is to be reviewed: a year, so that every record is looked
#: at again at least once a year.
REVIEW_MONTHS = 12

#: The highest score: a record with nothing missing nor old.
FULL_SCORE = 100


@dataclass(frozen=True)
class Criterion:
    """A fact a record should give."""

    #: The record's key that holds it (``contact_link``...).
    field: str
    #: What it is, in French, for the page and the command.
    label: str
    #: Its share of the score, relative to the other criteria.
    weight: int
    #: Why it weighs so, in one line, in French: shown on the page.
    reason: str
    #: The access modes it applies to (empty: all).
    access: tuple[str, ...] = ()

    def applies_to(self, api: ApiRecord) -> bool:
        return not self.access or api.access in self.access


#: The criteria, heaviest first; the one declaration of the weights.
CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "terms_link", "Conditions d'utilisation", 20,
        "Sans elles, un réutilisateur ne sait pas ce qu'il a le droit de faire des données.",
    ),
    Criterion(
        "documentation_link", "Documentation technique", 20,
        "Sans documentation, personne ne peut écrire un appel à l'API.",
    ),
    Criterion(
        "access_link", "Lien pour demander l'accès", 15,
        "Une API avec compte ou sur habilitation ne sert à rien si l'on ne sait pas où demander l'accès.",
        access=("account", "restricted"),
    ),
    Criterion(
        "eligibility", "Qui peut obtenir l'accès", 10,
        "Pour une API sur habilitation, c'est la première question du lecteur : puis-je l'utiliser ?",
        access=("restricted",),
    ),
    Criterion(
        "contact_link", "Contact", 10,
        "Il faut pouvoir poser une question ou signaler une erreur (le contact du fournisseur compte).",
    ),
    Criterion(
        "openapi_link", "Fichier OpenAPI", 10,
        "Il permet d'essayer l'API et d'en générer le code d'appel sans recopier la documentation.",
    ),
    Criterion(
        "rate_limiting_resume", "Limite d'appels, en une ligne", 10,
        "Le nombre d'appels permis décide de la façon d'utiliser l'API (à la volée ou en lots).",
    ),
    Criterion(
        "last_update", "Date de vérification de la fiche", 10,
        f"Une fiche vérifiée il y a plus de {REVIEW_MONTHS} mois risque de ne plus dire vrai.",
    ),
    Criterion(
        "availability", "Disponibilité visée", 5,
        "Elle aide à décider s'il faut prévoir une solution de repli.",
    ),
    Criterion(
        "support", "Assistance", 5,
        "Elle dit qui répond en cas de panne, et quand.",
    ),
    Criterion(
        "monitoring_link", "Page de statut", 5,
        "Elle dit si une panne vient de l'API ou de chez soi.",
    ),
)

# -- What a record lacks -------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """One criterion a record does not meet."""

    field: str
    label: str
    #: What is wrong, in French: « non publié », à ajouter, à revoir...
    state: str

    @property
    def text(self) -> str:
        """``Fichier OpenAPI (openapi_link) : à ajouter``."""
        return f"{self.label} ({self.field}) : {self.state}"


@dataclass(frozen=True)
class Assessment:
    """A record's score and gaps."""

    id: str
    docname: str
    title: str
    #: The language of the record (for the typography of its title).
    lang: str | None
    producer: str | None
    score: int
    gaps: tuple[Gap, ...]

    @property
    def complete(self) -> bool:
        return not self.gaps


def parse_date(value: object) -> datetime.date | None:
    """A record's ``AAAA-MM-JJ`` as a date; ``None`` if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def months_before(day: datetime.date, months: int) -> datetime.date:
    """*day*, *months* months earlier; the 29th February of a year that has
    none (and the 31st of a shorter month) becomes the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reference_date(apis: Iterable[ApiRecord]) -> datetime.date | None:
    """The newest ``last_update`` of *apis*: the date "old" is measured from."""
    dates = [day for api in apis if (day := parse_date(api.last_update)) is not None]
    return max(dates, default=None)


def review_limit(reference: datetime.date | None) -> datetime.date | None:
    """A record reviewed before this day is old."""
    return months_before(reference, REVIEW_MONTHS) if reference is not None else None


def _address_gap(value: object) -> str | None:
    if value == UNPUBLISHED:
        return f"« {UNPUBLISHED} »"
    return None if value else "à ajouter"


def _review_gap(value: object, reference: datetime.date | None) -> str | None:
    day = parse_date(value)
    if day is None:
        return "à ajouter"
    limit = review_limit(reference)
    if limit is not None and day < limit:
        return f"à revoir ({french_date(day.isoformat())})"
    return None


def _given(value: object) -> str | None:
    return None if value else "à ajouter"


#: For each criterion, what is wrong with a record (``None``: nothing), from
#: the record, the contact its page shows and the reference date.
_CHECKS: dict[str, Callable[[ApiRecord, str | None, datetime.date | None], str | None]] = {
    "terms_link": lambda api, contact, reference: _address_gap(api.terms_link),
    "documentation_link": lambda api, contact, reference: _address_gap(api.documentation_link),
    "access_link": lambda api, contact, reference: _address_gap(api.access_link),
    "eligibility": lambda api, contact, reference: _given(api.eligibility),
    "contact_link": lambda api, contact, reference: _given(contact),
    "openapi_link": lambda api, contact, reference: _address_gap(api.openapi_link),
    "rate_limiting_resume": lambda api, contact, reference: _given(api.rate_limiting_resume),
    "last_update": lambda api, contact, reference: _review_gap(api.last_update, reference),
    "availability": lambda api, contact, reference: None if api.availability is not None else "à ajouter",
    "support": lambda api, contact, reference: _given(api.support),
    "monitoring_link": lambda api, contact, reference: _address_gap(api.monitoring_link),
}


def assess(api: ApiRecord, reference: datetime.date | None, contact: str | None = None) -> Assessment:
    """What *api* lacks or has let grow old, and its score.

    *reference*: the date "old" is measured from (see the module's
    docstring; :func:`reference_date` of the catalogue), ``None`` if no
    record is dated (then nothing is old).  *contact*: the contact the
    API's page shows, its own or its provider's
    (:meth:`~.catalogue.Catalogue.contact_of`); by default its own.
    """
    contact = contact if contact is not None else api.contact_link
    applicable = met = 0
    gaps = []
    for criterion in CRITERIA:
        if not criterion.applies_to(api):
            continue
        applicable += criterion.weight
        state = _CHECKS[criterion.field](api, contact, reference)
        if state is None:
            met += criterion.weight
        else:
            gaps.append(Gap(criterion.field, criterion.label, state))
    score = FULL_SCORE * met // applicable if applicable else FULL_SCORE
    return Assessment(api.id, api.docname, api.title, api.lang, api.producer, score, tuple(gaps))


# -- The catalogue's gaps, by provider -----------------------------------------------------


@dataclass(frozen=True)
class ProviderGaps:
    """A provider's incomplete records, the least complete first."""

    #: The ``producer`` the records give (``None``: none).
    provider: str | None
    #: The provider's page and name; ``None`` if it is not in the catalogue.
    docname: str | None
    name: str | None
    records: tuple[Assessment, ...]

    @property
    def label(self) -> str:
        """The provider's name; what stands for it when it is not in the catalogue."""
        if self.name is not None:
            return self.name
        return f"Fournisseur inconnu : {self.provider}" if self.provider else "Sans fournisseur"


@dataclass(frozen=True)
class CatalogueGaps:
    """What the page and the command show: every incomplete record, by provider."""

    reference: datetime.date | None
    #: How many APIs were scored (retired ones are not).
    scored: int
    providers: tuple[ProviderGaps, ...]

    @property
    def incomplete(self) -> int:
        return sum(len(group.records) for group in self.providers)

    @property
    def limit(self) -> datetime.date | None:
        return review_limit(self.reference)


def summary_text(gaps: CatalogueGaps) -> str:
    """How many records are incomplete, in French (the page and the command)."""
    if not gaps.incomplete:
        return "Toutes les fiches d'API du catalogue sont complètes."
    if gaps.incomplete == 1:
        return f"1 fiche d'API sur {gaps.scored} est à compléter."
    return f"{gaps.incomplete} fiches d'API sur {gaps.scored} sont à compléter."


def reference_text(gaps: CatalogueGaps) -> str:
    """The date "old" is measured from, in French (the page and the command)."""
    if gaps.reference is None or gaps.limit is None:
        return "Aucune fiche d'API n'est datée : aucune n'est à revoir pour son âge."
    return (
        f"Date de référence : le {french_date(gaps.reference.isoformat())}, date de la mise à jour "
        f"de fiche la plus récente du catalogue. Une fiche vérifiée avant le {french_date(gaps.limit.isoformat())} "
        f"(plus de {REVIEW_MONTHS} mois plus tôt) est à revoir."
    )


def gaps_by_provider(catalogue: Catalogue) -> CatalogueGaps:
    """Every incomplete API of *catalogue*, grouped by provider.

    Within a provider, the least complete record first (then the
    catalogue's order); providers by their least complete record (then
    their names in French order, providers unknown to the catalogue last).
    """
    reference = reference_date(catalogue.apis.values())
    scored = [api for api in catalogue.sorted_apis if api.status != "retired"]
    groups: dict[str | None, list[Assessment]] = {}
    for api in scored:
        assessment = assess(api, reference, catalogue.contact_of(api))
        if not assessment.complete:
            groups.setdefault(api.producer, []).append(assessment)
    out = []
    for producer, records in groups.items():
        provider = catalogue.providers.get(producer) if producer else None
        ordered = sorted(records, key=lambda a: a.score)  # stable: the catalogue's order otherwise
        out.append(
            ProviderGaps(
                producer,
                provider.docname if provider else None,
                provider.title if provider else None,
                tuple(ordered),
            )
        )

    def order(group: ProviderGaps) -> tuple:
        provider = catalogue.providers.get(group.provider) if group.provider else None
        return (group.records[0].score, provider is None, provider.sort_key if provider else (group.provider or "",))

    return CatalogueGaps(reference, len(scored), tuple(sorted(out, key=order)))
