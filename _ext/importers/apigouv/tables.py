"""The tables of the api.gouv.fr mapping, declared once and explained in the report."""

from __future__ import annotations

#: Old theme spellings (compared case and accents ignored) → our theme name.
#: The first block is the list of the old template, the second other
#: spellings met in real records.  Our 18 themes are also matched directly,
#: case and accents ignored ("Education" → "Éducation", "energie" →
#: "Énergie"), so they need no entry here.
THEME_ALIASES: dict[str, str] = {
    # The old template's list.
    "Administration & législation": "Administration",  # the old site's name of Administration
    "Droit & Justice": "Droit et justice",
    "Particulier": "Particuliers",
    "Professionnels": "Entreprise",  # APIs about companies, self-employed and their obligations
    # Other spellings.
    "Administration et législation": "Administration",
    "Administrations": "Administration",
    "Droit": "Droit et justice",
    "Justice": "Droit et justice",
    "Législation": "Droit et justice",
    "Enseignement": "Éducation",
    "Éducation nationale": "Éducation",
    "Enseignement supérieur": "Recherche",
    "Enseignement supérieur & recherche": "Recherche",
    "Recherche & enseignement supérieur": "Recherche",
    "Énergies": "Énergie",
    "Entreprises": "Entreprise",
    "Professionnel": "Entreprise",
    "Citoyens": "Particuliers",
    "Citoyen": "Particuliers",
    "Usagers": "Particuliers",
    "Emploi & formation": "Emploi",
    "Travail": "Emploi",
    "Transports": "Transport",
    "Mobilité": "Transport",
    "Mobilités": "Transport",
    "Cartographie": "Géographie",
    "Géographie & cartographie": "Géographie",
    "Impôts": "Fiscalité",
    "Fiscal": "Fiscalité",
    "Habitat": "Logement",
    "Logement & urbanisme": "Logement",
    "Solidarité": "Social",
    "Solidarités": "Social",
    "Protection sociale": "Social",
    "Environnement & énergie": "Environnement",
    "Météo": "Environnement",
    "Santé & social": "Santé",
}

#: Old API keys that carry no content: dropped, and explained once.
DROPPED_KEYS: dict[str, str] = {
    "visits_2019": "nombre de visites de la page en 2019, qui ne servait qu'au tri",
    "layout": "gabarit de page de l'ancien site",
    "category": "classement d'une ancienne version du site, remplacé par les thèmes",
    "stat": "compteur affiché par l'ancien site, calculé à la volée",
    "clients": "logos de réutilisateurs d'une ancienne version du site",
    "additional_css": "style propre à l'ancien site",
    "useSwaggerProxy": "réglage technique de l'ancien site",
    "hide_pre_footer": "réglage d'affichage de l'ancien site",
}

#: Old API keys with content that our format has no field for: dropped, with why.
UNMAPPED_KEYS: dict[str, str] = {
    "is_france_connected": "notre format n'a pas de champ FranceConnect ; dites-le dans la "
    "description si c'est utile",
    "stats_detail_resume": "les statistiques d'usage n'ont pas de champ dans notre format",
    "stats_detail_description": "les statistiques d'usage n'ont pas de champ dans notre format",
    "stats_detail_link": "les statistiques d'usage n'ont pas de champ dans notre format",
    "monitoring_description": "phrase d'accompagnement de la page de statut ; notre page dit "
    "déjà ce qu'est monitoring_link",
}

#: Old provider keys that our provider records have no field for.
PROVIDER_DROPPED_KEYS: dict[str, str] = {
    "logo": "le catalogue n'affiche pas de logos",
    "nameWithPronoun": "forme grammaticale du nom, inutile ici",
    "data": "tableau des données détenues ; les données se décrivent dans les fiches d'API",
    "siteOpenData": "pas de champ dans notre format ; les jeux de données se citent dans les "
    "fiches d'API (datasets)",
    "siteAPI": "pas de champ dans notre format",
}

#: Every key of the old API records, for spotting misspellings.
API_KEYS: tuple[str, ...] = (
    "title", "tagline", "producer", "is_open", "keywords", "themes", "last_update",
    "contact_link", "doc_tech_link", "doc_tech_external", "external_site", "partners",
    "content_intro", "rate_limiting_resume", "rate_limiting_description",
    "rate_limiting_link", "access_page", "datagouv_uuid", "uptime", "datapass_link",
    "account_link", "monitoring_link", "status", *UNMAPPED_KEYS, *DROPPED_KEYS,
)  # fmt: skip

#: Every key of the old provider records.
PROVIDER_KEYS: tuple[str, ...] = (
    "name", "acronym", "type", "site", "description", "short", "contact", "annuaire",
    *PROVIDER_DROPPED_KEYS,
)  # fmt: skip

#: ``is_open`` → ``access``; ``is_eligible`` → ``eligible``.
ACCESS_VALUES = {1: "open", 0: "account", -1: "restricted"}
ELIGIBLE_VALUES = {1: "yes", 0: "under_condition", -1: "no"}

#: A provider type outside our list becomes this one, reported as guessed.
OTHER_PROVIDER_TYPE = "Autre organisme public"

#: The first line of every imported file (see :mod:`importers.framework.writing`).
HEADER = "# Importé de api.gouv.fr ({source}) par make import-apigouv."
