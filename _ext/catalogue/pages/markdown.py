"""Rendering the MyST Markdown fields of a record into its page.

Records carry Markdown (``description``, ``access_details``...).  It is
rendered with myst-parser's own renderer, directly into the record's
document, so that cross-references and heading anchors work as in any MyST
page and warnings point at the right line of the YAML file.  The parser is
the record dialect's (:func:`catalogue.checks.dialect.record_parser`): what the
allowlist refuses reaches the renderer as plain text, never as markup.  In
depth, for the document: docutils' ``raw`` and file-inclusion directives
are disabled (``raw_enabled``, ``file_insertion_enabled``), and code
blocks never warn when a contributor's code does not lex (``force``).

Headings are shifted so that the field's top heading nests right under the
section that holds it, whatever level the contributor started at.
"""

from __future__ import annotations

import re

from docutils import nodes
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

from .. import private
from ..checks.dialect import record_parser

_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(```|~~~|:::).*?^ {0,3}\1", re.MULTILINE | re.DOTALL)


def top_heading_level(text: str) -> int | None:
    """The smallest ATX heading level in *text*, code fences ignored."""
    levels = [len(m.group(1)) for m in _ATX_HEADING.finditer(_FENCE.sub("", text))]
    return min(levels) if levels else None


class RecordMarkdown:
    """A MyST renderer bound to one record document."""

    def __init__(self, document: nodes.document) -> None:
        settings = document.settings
        settings.raw_enabled = False
        settings.file_insertion_enabled = False
        parser = record_parser(SphinxRenderer, settings.env.myst_config)
        parser.options["document"] = document
        # An empty render sets the renderer up (document, reporter, slugs).
        parser.render("")
        self._renderer: SphinxRenderer = parser.renderer  # type: ignore[assignment]

    def render(self, text: str, lineno: int, into: nodes.Element) -> None:
        """Render *text* (starting at 0-based line *lineno* of the file) into *into*.

        *into* is usually a section: headings of the text become its
        sub-sections.  In any other element they become rubrics.
        """
        renderer = self._renderer
        level = top_heading_level(text)
        offset = 1 - level if level else 0
        with private.sections_under(renderer, into), renderer.current_node_context(into):
            renderer.nested_render_text(text, lineno, heading_offset=offset)
        for block in into.findall(nodes.literal_block):
            block["force"] = True  # shown as written, even when it does not lex
