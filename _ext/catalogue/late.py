"""Content filled in late, once every record has been read.

A page of the catalogue often shows other records: the catalogue table,
a provider's APIs, the APIs that name this one as related.  Records are
read one by one (and in parallel with ``-j``), so such content cannot be
built while a page is read.  As ``sphinx.ext.todo`` does for its lists, the
page holds a placeholder, :class:`late_content`, that a post-transform
replaces when the page is written, from the domain's complete data.

Each placeholder carries a *spec*: a small frozen object that knows

- :meth:`LateSpec.inputs`: the data its rendering depends on, and
- :meth:`LateSpec.render`: how to turn that data into docutils nodes.

The specs of each document are also noted in the domain when the document
is read.  After every read phase, :mod:`catalogue.freshness` computes a digest
of each document's inputs and asks Sphinx to re-write exactly the pages whose
digest changed: that is how a table stays current when a record it lists is
added, edited or removed, without re-reading anything.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Protocol

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from .domain import CatalogueDomain


class LateSpec(Protocol):
    """What a placeholder shows, described in a picklable, hashable way."""

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        """The data the rendering depends on (compared between builds)."""

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        """The nodes that replace the placeholder in *docname*."""


class late_content(nodes.General, nodes.Element):
    """Placeholder for content rendered after all records are read."""


def placeholder(spec: LateSpec, **attributes: Any) -> late_content:
    node = late_content("", **attributes)
    node["spec"] = spec
    return node


class FillLateContent(SphinxPostTransform):
    """Replace each placeholder by its rendering.

    Runs after Sphinx's own post-transforms (reference resolution at 10,
    ``only`` nodes, images, code highlighting: up to 401) and before Furo's
    table wrapper (500) and :mod:`catalogue.links` (900).  A catalogue
    table holds thousands of nodes; filled this late, it is not walked by a
    dozen transforms that have nothing to do in it, which is a good part of
    the cost of re-writing the catalogue's pages (see ``bench/``).  The
    price: a rendering must be final, made of plain references
    (:func:`catalogue.tables.page_link`), never of ``pending_xref`` nodes.
    """

    default_priority = 450

    def run(self, **kwargs: Any) -> None:
        domain: CatalogueDomain = self.env.domains["catalogue"]  # type: ignore[assignment]
        builder = self.env._app.builder
        docname = self.env.current_document.docname or self.document["source"]
        for node in list(self.document.findall(late_content)):
            rendered = node["spec"].render(domain, builder, docname)
            if rendered:
                node.replace_self(rendered)
            else:
                node.parent.remove(node)
