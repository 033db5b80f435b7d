"""Filling the placeholders of a page when it is written.

See :mod:`catalogue.reading.placeholders` for what a placeholder is.
"""

from __future__ import annotations

from typing import Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import private
from ..reading.domain import catalogue_domain
from ..reading.placeholders import late_content


class FillLateContent(SphinxPostTransform):
    """Replace each placeholder by its rendering.

    Runs after Sphinx's own post-transforms (reference resolution at 10,
    ``only`` nodes, images, code highlighting: up to 401) and before Furo's
    table wrapper (500) and :mod:`catalogue.site.external_links` (900).  A
    catalogue table holds thousands of nodes; filled this late, it is not
    walked by a dozen transforms that have nothing to do in it, which is a
    good part of the cost of re-writing the catalogue's pages (see
    ``bench/``).  The price: a rendering must be final, made of plain
    references (:func:`catalogue.pages.tables.page_link`), never of
    ``pending_xref`` nodes.
    """

    default_priority = 450

    def run(self, **kwargs: Any) -> None:
        domain = catalogue_domain(self.env)
        builder = private.builder_of(self.env)
        docname = self.env.current_document.docname or self.document["source"]
        for node in list(self.document.findall(late_content)):
            rendered = node["spec"].render(domain, builder, docname)
            if rendered:
                node.replace_self(rendered)
            else:
                node.parent.remove(node)
