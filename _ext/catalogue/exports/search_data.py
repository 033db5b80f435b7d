"""``_static/catalogue-search-data.js``: what the search needs besides Sphinx's index.

The search (``site/static/catalogue-engine.js``) ranks pages from Sphinx's
own index, and shows for each API what a reader needs to pick it: its
provider, its access mode and its tagline.  Those come from here, with the
two lists that make it understand a question:

- **words to ignore** in a query: Sphinx's French stop words ("le", "des",
  "d'"), and the words of a question that name nothing ("comment",
  "obtenir", "api") — :data:`QUESTION_WORDS`;
- **synonyms and acronyms**, declared once for the site in ``conf.py``
  (``catalogue_synonyms``: groups of words a reader may type for one
  another, such as SIRET, SIREN and Sirene).

All words are folded (accents and case removed) as the index is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sphinx.search._stopwords.fr import FRENCH_STOPWORDS

from ..records.french import fold
from ..records.vocabulary import ACCESS_LABELS, typeset

if TYPE_CHECKING:
    from ..records.catalogue import Catalogue

FILE = "_static/catalogue-search-data.js"
#: Stop words and synonyms alone: small, for every page (the catalogue's filters).
WORDS_FILE = "_static/catalogue-words.js"

#: Words of a reader's question that name nothing to look for.
QUESTION_WORDS = frozenset(
    {
        "api", "apis", "comment", "quel", "quelle", "quels", "quelles", "ou", "pourquoi", "quoi",
        "obtenir", "trouver", "chercher", "recuperer", "connaitre", "savoir", "acceder", "utiliser",
        "veux", "voudrais", "besoin", "faut", "peut", "puis", "faire", "existe", "y",
        # Verbs of intent: what the reader wants to do with the data, not the data.
        "verifier", "lister", "permet", "permettant",
    }
)


def stop_words() -> list[str]:
    return sorted({fold(word) for word in FRENCH_STOPWORDS} | QUESTION_WORDS)


def search_data(catalogue: Catalogue, synonyms: list[list[str]]) -> dict[str, Any]:
    """Per record page: kind, title, provider, access (code and label),
    tagline (or start of description), language."""
    records: dict[str, list[Any]] = {}
    for api in catalogue.sorted_apis:
        producer = catalogue.producer_of(api)
        records[api.docname] = [
            "api",
            typeset(api.title, api.lang),
            producer.short_name if producer else "",
            api.access or "",
            ACCESS_LABELS.get(api.access or "", ""),
            typeset(api.tagline or "", api.lang),
            api.lang or "fr",
        ]
    for provider in catalogue.sorted_providers:
        records[provider.docname] = ["provider", provider.title, "", "", "", provider.summary or "", "fr"]
    for theme in catalogue.sorted_themes:
        records[theme.docname] = ["theme", theme.title, "", "", "", theme.summary or "", "fr"]
    return {"records": records}


def words_data(synonyms: list[list[str]]) -> dict[str, Any]:
    return {"stopwords": stop_words(), "synonyms": [[fold(word) for word in group] for group in synonyms]}


def _script(name: str, data: dict[str, Any]) -> str:
    """A script that sets ``window.<name>`` (CSP: same origin, no eval)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Record text never closes the script: < > & as JSON escapes.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.{name}={text};\n"


def search_data_js(catalogue: Catalogue) -> str:
    return _script("catalogueSearchData", search_data(catalogue, []))


def words_js(synonyms: list[list[str]]) -> str:
    return _script("catalogueWords", words_data(synonyms))
