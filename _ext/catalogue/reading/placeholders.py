"""Placeholders: content of a page that waits until every record is read.

A page of the catalogue often shows other records: the catalogue table,
a provider's APIs, the APIs that name this one as related.  Records are
read one by one (and in parallel with ``-j``), so such content cannot be
built while a page is read.  As ``sphinx.ext.todo`` does for its lists, the
page holds a placeholder, :class:`late_content`, that the domain collects
when the document is read (:meth:`~.domain.CatalogueDomain.process_doc`)
and that :mod:`catalogue.pages.late` fills when the page is written.

Each placeholder carries a *spec* (:class:`.domain.LateSpec`): a small
frozen object that knows

- :meth:`LateSpec.inputs`: the data its rendering depends on, and
- :meth:`LateSpec.render`: how to turn that data into docutils nodes.

After every read phase the freshness collector (:mod:`.freshness`) hashes
each document's inputs and asks Sphinx to re-write exactly the pages whose
digest changed: that is how a table stays current when a record it lists
is added, edited or removed, without re-reading anything.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


class late_content(nodes.General, nodes.Element):
    """Placeholder for content rendered after all records are read."""


def placeholder(spec: Any, **attributes: Any) -> late_content:
    """A placeholder for *spec*, a :class:`~.domain.LateSpec`."""
    node = late_content("", **attributes)
    node["spec"] = spec
    return node
