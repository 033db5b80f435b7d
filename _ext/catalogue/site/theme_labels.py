"""French for the labels Furo writes in English.

Furo's words go through Sphinx's translations (``locales/``), except a few
``aria-label`` attributes, read aloud by screen readers on a page whose
language is French: three in Furo's page template (replaced by the site's
``_templates/page.html``), and the label of each expandable entry of the
navigation tree, which Furo builds in Python and puts in the page's context.
That one is replaced here, after Furo's own ``html-page-context`` handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: Furo's words (``furo/navigation.py``), and ours; the entry's title follows.
NAVIGATION_TOGGLE = ('aria-label="Toggle navigation of ', 'aria-label="Déplier ou replier la section ')

#: After Furo's handler (default priority, 500).
PRIORITY = 600


def translate_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: the navigation tree's toggles, in French."""
    tree = context.get("furo_navigation_tree")
    if isinstance(tree, str):
        context["furo_navigation_tree"] = tree.replace(*NAVIGATION_TOGGLE)
