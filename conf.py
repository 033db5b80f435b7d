"""Sphinx configuration of the catalogue of French public-sector APIs."""

import os
import sys
from urllib.parse import urlsplit

sys.path.insert(0, os.path.abspath("_ext"))

project = "Catalogue des API du service public"
author = "Les contributeurs du catalogue"
copyright = "2026, Les contributeurs du catalogue"  # noqa: A001
language = "fr"

extensions = [
    "myst_parser",
    "notfound.extension",
    "catalogue",
]

# MyST: hand-written pages and the Markdown fields of records.
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

root_doc = "index"
exclude_patterns = [
    "_build",
    ".venv",
    "README.md",
    "CONTRIBUTING.md",
    "SECURITY.md",
    "ARCHITECTURE.md",
    "templates",
    "tests",
    "bench",
    "schema",
    ".*",
    "locales",
    "_templates",
    "node_modules",
]

# French labels for the theme (compiled by Sphinx from locales/*.po).
locale_dirs = ["locales"]
templates_path = ["_templates"]

# HTML output: Furo, in French.
html_theme = "furo"
html_logo = "_static/logo.svg"
html_favicon = "_static/favicon.svg"
html_theme_options = {
    # Bleu France for links and accents; lighter in dark mode for contrast.
    "light_css_variables": {
        "color-brand-primary": "#000091",
        "color-brand-content": "#000091",
    },
    "dark_css_variables": {
        "color-brand-primary": "#8d8dff",
        "color-brand-content": "#8d8dff",
    },
    "navigation_with_keys": True,
}
html_title = "Catalogue des API du service public"
html_short_title = "Catalogue des API"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False

# Absolute address of the published site: used for canonical links, the
# sitemap, the Atom feed and the machine-readable catalogue.
html_baseurl = os.environ.get("CATALOGUE_BASE_URL", "https://catalogue.api.gouv.fr/")

# 404.html (sphinx-notfound-page): the server shows it for any missing
# address, at any depth, so its links start from the site's root path.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
notfound_context = {
    "title": "Page introuvable",
    "body": f"""
<h1>Page introuvable</h1>
<p>Aucune page ne se trouve à cette adresse. Une API a peut-être changé
d’identifiant, ou l’adresse a été mal recopiée.</p>
<form class="catalogue-search-form" action="{notfound_urls_prefix}search.html" method="get" role="search">
<label for="catalogue-404-q">Rechercher une API</label>
<div class="catalogue-search-row">
<input type="search" id="catalogue-404-q" name="q" autocomplete="off">
<button type="submit">Rechercher</button>
</div>
</form>
<ul>
  <li><a href="{notfound_urls_prefix}catalogue.html">Voir tout le catalogue</a></li>
  <li><a href="{notfound_urls_prefix}index.html">Revenir à l’accueil</a></li>
</ul>
""",
}

# Search: groups of words a reader may type for one another (acronyms,
# registers and their numbers, an organisation and its common name).
# Accents and case do not matter; a group may hold a phrase.
catalogue_synonyms = [
    ["siret", "siren", "sirene"],
    ["caf", "cnaf", "allocations familiales"],
    ["impots", "impot", "dgfip", "fiscal", "fiscalite"],
    ["msa", "mutualite sociale agricole"],
    ["cpam", "cnam", "assurance maladie", "ameli"],
    ["pole emploi", "france travail"],
    ["urssaf", "cotisations sociales"],
    ["ign", "geoportail", "geoplateforme"],
    ["insee", "statistique"],
    ["ban", "base adresse nationale", "adresse"],
    ["dpe", "diagnostic de performance energetique"],
    ["rge", "reconnu garant de l'environnement"],
    ["ine", "identifiant national etudiant"],
    ["uai", "rne", "etablissement scolaire"],
    ["meteo", "meteorologie", "meteo-france"],
    ["cadastre", "parcelle"],
    ["jurisprudence", "decisions de justice"],
    ["entreprise", "societe", "etablissement"],
    ["transport en commun", "bus", "tramway", "metro", "train", "ter"],
    ["gps", "coordonnees geographiques", "geolocalisation"],
    ["mairie", "commune", "collectivite"],
]

