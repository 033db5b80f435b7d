"""The tables of the data.gouv.fr mapping, declared once and explained in the report.

Keys are those of udata's read model of a dataservice (``Dataservice.
__read_fields__`` in ``udata/core/dataservices/models.py``, with
``WithAccessType`` from ``udata/core/access_type/models.py``), as
``/api/1/dataservices/`` and ``/api/2/dataservices/search/`` return them.
"""

from __future__ import annotations

#: udata's ``access_type`` → our ``access``.
ACCESS_VALUES = {"open": "open", "open_with_account": "account", "restricted": "restricted"}

#: udata's ``AccessAudienceCondition`` values, which are ours.
CONDITIONS = ("yes", "no", "under_condition")

#: Keys our mapping reads (each one explained in :mod:`.fields`).
MAPPED_KEYS = frozenset(
    {
        "id", "title", "acronym", "slug", "description", "organization", "access_type",
        "access_audiences", "access_type_reason", "access_type_reason_category",
        "authorization_request_url", "base_api_url", "machine_documentation_url",
        "technical_documentation_url", "business_documentation_url", "rate_limiting",
        "rate_limiting_url", "availability", "availability_url", "license", "tags",
        "contact_points", "contact_point", "datasets", "metadata_modified_at", "archived_at",
        "deleted_at", "endpoint_description_url", "is_restricted", "has_token",
    }
)  # fmt: skip

#: Keys computed by data.gouv.fr, which carry nothing about the API: dropped, explained once.
DROPPED_KEYS: dict[str, str] = {
    "metrics": "compteurs de data.gouv.fr (vues, abonnés), recalculés chaque jour",
    "permissions": "droits de l'utilisateur qui a fait la requête",
    "self_api_url": "adresse de la fiche dans l'API de data.gouv.fr ; datagouv_id la retrouve",
    "self_web_url": "adresse de la page sur data.gouv.fr ; datagouv_id la retrouve",
    "featured": "mise en avant sur la page d'accueil de data.gouv.fr",
    "badges": "badges de data.gouv.fr",
    "class": "nom du type d'objet dans udata",
    "uri": "adresse de la fiche dans l'API de data.gouv.fr",
    "page": "adresse de la page sur data.gouv.fr",
}

#: Keys with content that our format has no field for: dropped, with why.
UNMAPPED_KEYS: dict[str, str] = {
    "created_at": "date de création sur data.gouv.fr ; notre format date la dernière mise à jour (last_update)",
    "format": "type d'API (REST, WMS...) : pas de champ dans notre format",
    "harvest": "métadonnées de moissonnage d'un autre catalogue : pas de champ dans notre format",
    "extras": "données libres propres à data.gouv.fr : pas de champ dans notre format",
    "private": "brouillon privé sur data.gouv.fr : notre catalogue n'a pas de brouillon",
    "owner": "l'API est publiée par une personne, pas par une organisation : notre format nomme un organisme (producer)",
}

#: Theme names as data.gouv.fr tags spell them (slugs, compared case and
#: accents ignored, ``-`` read as a space) → our theme.  Tags that are our
#: theme names need no entry ("sante" → "Santé").
THEME_TAGS: dict[str, str] = {
    "entreprises": "Entreprise",
    "particulier": "Particuliers",
    "citoyens": "Particuliers",
    "transports": "Transport",
    "mobilite": "Transport",
    "mobilites": "Transport",
    "energies": "Énergie",
    "cartographie": "Géographie",
    "impots": "Fiscalité",
    "fiscal": "Fiscalité",
    "habitat": "Logement",
    "solidarites": "Social",
    "justice": "Droit et justice",
    "droit": "Droit et justice",
    "enseignement": "Éducation",
    "meteo": "Environnement",
    "travail": "Emploi",
}

#: A provider type read from an organisation's badge (``local-authority``).
BADGE_TYPES = {"local-authority": "Collectivité territoriale"}

#: The line that ends ``rate_limiting_description`` with ``rate_limiting_url``.
RATE_LIMIT_LINK = "[{text}]({url})"

#: The first line of every imported file (see :mod:`importers.framework.writing`).
HEADER = "# Importé de data.gouv.fr ({source}) par make import-datagouv."

#: Bounds of what an import reads, so that a source cannot make it run for ever.
MAX_PAGES = 1000
MAX_DATASET_PAGES = 20
MAX_FILE_BYTES = 64 * 1024 * 1024
