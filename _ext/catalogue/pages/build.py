"""Building a record's page when the parser has read it.

The parser (:mod:`catalogue.reading.parser`) checks and stores the record,
then emits ``catalogue-record-read``; this handler builds the page into the
document, so that reading never depends on how pages look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .api_page import ApiPageBuilder
from .markdown import RecordMarkdown

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..reading.parser import ReadRecord

KIND_LABELS = {"api": "l'API", "provider": "fournisseur", "theme": "thème"}


def build_page(app: Sphinx, read: ReadRecord) -> None:
    """``catalogue-record-read``: the record's page, into its document."""
    # MyST's transforms (footnotes, anchors) expect its settings on every
    # document this parser produces, even one that holds no Markdown.
    markdown = RecordMarkdown(read.document)
    builder = ApiPageBuilder(read.document, read.loaded, markdown, read.form)
    if read.kind is None:
        section = nodes.section(ids=["fichier"])
        section += nodes.title(read.docname, read.docname)
        read.document += section
    elif read.record is None:
        builder.unreadable_page(read.docname.rpartition("/")[2], KIND_LABELS[read.kind])
    elif read.kind == "api":
        builder.api_page(read.record, read.spec)  # type: ignore[arg-type]
    elif read.kind == "provider":
        builder.provider_page(read.record)  # type: ignore[arg-type]
    else:
        builder.theme_page(read.record)  # type: ignore[arg-type]
