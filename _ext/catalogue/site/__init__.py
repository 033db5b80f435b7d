"""The site around the pages: search, ``<head>`` tags, the theme in French, links.

==================  ==========================================================
``search``          Sphinx's search, accents ignored, records ranked first
``head_tags``       ``<head>``: description, Open Graph, JSON-LD, feed link
``theme_labels``    French for the labels Furo writes in English
``external_links``  ``rel="noopener"`` on links that leave the site
``page_index``      general-index entries for hand-written pages
``urls``            absolute addresses of pages and files
``static/``         the site's CSS and JavaScript
==================  ==========================================================
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"


def add_static_path(app: Sphinx, config) -> None:
    """``config-inited``: ship the extension's CSS and JavaScript.

    Done when the configuration is read, not later, so that the saved
    configuration of the previous build compares equal.
    """
    # Relative to the configuration's folder, so that where the repository
    # is checked out does not enter the build (Sphinx hashes the config).
    path = os.path.relpath(STATIC_DIR, app.confdir)
    if path not in config.html_static_path:
        config.html_static_path.append(path)


def setup_site(app: Sphinx) -> None:
    from . import external_links, head_tags, page_index, search, theme_labels

    # Every page in the general index.
    app.add_transform(page_index.IndexPageTitles)
    app.add_transform(page_index.IndexLetters)

    # Search: French without accents, records ranked by what they are about,
    # words of a reader's question understood (synonyms declared in conf.py:
    # groups of words a reader may type for one another).
    app.add_config_value("catalogue_synonyms", [], "html", list)
    app.add_search_language(search.FrenchSearch)
    app.connect("doctree-resolved", search.note_written)
    app.connect("html-collect-pages", search.boost_records)

    # What pages say in their <head>, and the theme's words in French.
    app.add_post_transform(external_links.MarkExternalLinks)
    app.connect("config-inited", add_static_path)
    app.add_css_file("catalogue.css")
    app.add_js_file("catalogue-fold.js")
    app.add_js_file("catalogue-words.js")
    app.add_js_file("catalogue-engine.js")
    app.add_js_file("catalogue-search.js")
    app.add_js_file("catalogue-suggest.js", defer="defer")
    app.add_js_file("catalogue-filters.js", defer="defer")
    app.connect("html-page-context", head_tags.add_head_tags)
    app.connect("html-page-context", theme_labels.translate_navigation, priority=theme_labels.PRIORITY)
