"""Every page of the site in the general index, each entry under its letter.

Record pages carry their own entries (an API's title and keywords, a
provider's name and acronym, a theme's name: see :mod:`catalogue.pages`).
Hand-written pages (home, about, definitions, guide...) get one entry for
their title here, so that the index lists the whole site.

Sphinx files an entry under its first letter once decomposed (``É`` under
E), but ``Œ`` and ``Æ`` do not decompose: "Œuvres" would make a group of its
own after Z.  :class:`IndexLetters` files such entries, from records and
hand-written pages alike, under the letter a French reader looks for.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..records.french import fold
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


def index_letter(entry: str) -> str | None:
    """The letter the general index files *entry* under, when Sphinx would not find it."""
    first = entry[:1]
    folded = fold(first)[:1].upper()
    if folded and folded != unicodedata.normalize("NFD", first)[:1].upper():
        return folded
    return None


class IndexLetters(SphinxTransform):
    """Give an entry that starts with a letter Sphinx cannot decompose (Œ, Æ) its letter.

    Runs after the index entries of the page exist (directives, glossary,
    :class:`IndexPageTitles`) and before the index domain collects them
    (priority 850).  An entry whose writer chose a key keeps it.
    """

    default_priority = 845

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(addnodes.index):
            node["entries"] = [
                (kind, value, target, main, key if key else index_letter(value))
                for kind, value, target, main, key in node["entries"]
            ]
