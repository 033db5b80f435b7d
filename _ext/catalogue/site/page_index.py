"""Every page of the site in the general index.

Record pages carry their own entries (an API's title and keywords, a
provider's name and acronym, a theme's name: see :mod:`catalogue.pages`).
Hand-written pages (home, about, definitions, guide...) get one entry for
their title here, so that the index lists the whole site.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..records.kinds import kind_of


class IndexPageTitles(SphinxTransform):
    """An index entry for the title of each hand-written page.

    Runs just before Sphinx hands the document to its domains (priority
    850), where the index domain collects the entries.
    """

    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        if kind_of(self.env.current_document.docname) is not None:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not section["ids"] or not isinstance(section[0], nodes.title):
            return
        title = section[0].astext()
        entry = addnodes.index(entries=[("single", f"{title} (page)", section["ids"][0], "", None)])
        section.insert(1, entry)
