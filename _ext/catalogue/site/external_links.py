"""External links: ``rel="noopener"`` on every link that leaves the site.

Record text comes from contributors; a link they write must not give the
opened page a handle on ours (``window.opener``).  Sphinx's HTML writer
copies a reference's ``rel`` attribute to the ``<a>`` element.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class MarkExternalLinks(SphinxPostTransform):
    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.reference):
            if node.get("internal") or "refuri" not in node:
                continue
            if "://" in node["refuri"] or node["refuri"].startswith("mailto:"):
                node["rel"] = "noopener"
