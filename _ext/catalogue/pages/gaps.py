"""The page "Fiches à compléter": what each provider's records lack, and why it counts.

``gaps-table``
    Per provider, its incomplete API records, each linked to its page, with
    its score and what is missing or old, the least complete first (see
    :func:`catalogue.records.completeness.gaps_by_provider`, which
    ``python -m catalogue validate --gaps`` prints too).  A placeholder
    (:mod:`catalogue.reading.placeholders`), filled when the page is
    written: the list changes with every record, and the freshness
    collector re-writes the page when what it shows changes.
``gaps-criteria``
    The criteria of the score, their weights and reasons, as
    :data:`~catalogue.records.completeness.CRITERIA` declares them: the
    page explains the score without repeating a number by hand.  It
    depends on no record, so it is rendered when the page is read.

Both are small tables (one row per incomplete record of a provider, one
per criterion) whose cells hold lists and code: they are written as
docutils nodes, not straight to HTML as the big tables are
(:mod:`.table_html`).

Registered by :func:`setup`, which :func:`catalogue.pages.setup_pages` loads
with ``app.setup_extension``: one line there, beside the other directives.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..reading.placeholders import placeholder
from ..records.completeness import (
    CRITERIA,
    FULL_SCORE,
    Assessment,
    CatalogueGaps,
    Gap,
    gaps_by_provider,
    reference_text,
    summary_text,
)
from ..records.vocabulary import ACCESS_LABELS, typeset
from .table_html import Link, Row, to_nodes
from .tables import page_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..reading.domain import CatalogueDomain

#: Headers and column keys (classes of the cells) of a provider's table.
GAPS_COLUMNS = {"title": "API", "score": "Score", "gaps": "À compléter"}
CRITERIA_COLUMNS = {"criterion": "Information", "field": "Clé", "weight": "Poids", "reason": "Pourquoi"}


def _table(columns: dict[str, str], rows: list[Row], *classes: str) -> nodes.container:
    """A table in a box that scrolls sideways on phones, skipped by the search
    (it repeats the titles of other pages), as :func:`.tables.write_table` does."""
    wrapper = nodes.container("", classes=["catalogue-table-wrapper", "no-search"])
    wrapper += to_nodes(list(columns.values()), rows, *classes, keys=list(columns))
    return wrapper


# -- The incomplete records --------------------------------------------------------------------


@dataclass(frozen=True)
class GapsTable:
    """Every incomplete API record, by provider."""

    def gaps(self, domain: CatalogueDomain) -> CatalogueGaps:
        catalogue = domain.catalogue
        return catalogue.memo("gaps-table", lambda: gaps_by_provider(catalogue))

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        return self.gaps(domain)

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        gaps = self.gaps(domain)
        out: list[nodes.Node] = [_summary(gaps)]
        if gaps.incomplete:
            out.append(_reference(gaps))
        for group in gaps.providers:
            section = nodes.section(ids=[nodes.make_id(f"gaps-{group.provider or 'sans-fournisseur'}")])
            section["classes"].append("catalogue-gaps-provider")
            title = nodes.title()
            label = typeset(group.label)
            title += page_link(builder, docname, group.docname, label) if group.docname else nodes.Text(label)
            section += title
            rows = [_row(builder, docname, assessment) for assessment in group.records]
            section += _table(GAPS_COLUMNS, rows, "catalogue-gaps-table")
            out.append(section)
        return out


def _summary(gaps: CatalogueGaps) -> nodes.paragraph:
    text = summary_text(gaps)
    return nodes.paragraph(text, typeset(text), classes=["catalogue-gaps-summary"])


def _reference(gaps: CatalogueGaps) -> nodes.paragraph:
    """The date "old" is measured from, and the day before which a record is old."""
    text = reference_text(gaps)
    return nodes.paragraph(text, typeset(text), classes=["catalogue-gaps-reference"])


def _row(builder: Builder, docname: str, assessment: Assessment) -> Row:
    link = Link(typeset(assessment.title, assessment.lang), builder.get_relative_uri(docname, assessment.docname))
    items = nodes.bullet_list(classes=["catalogue-gaps"])
    for gap in assessment.gaps:
        items += nodes.list_item("", _gap_paragraph(gap))
    return Row([link, f"{assessment.score}/{FULL_SCORE}", items], (f"gaps-{assessment.id}",))


def _gap_paragraph(gap: Gap) -> nodes.paragraph:
    """``Fichier OpenAPI (openapi_link) : à ajouter``, the key as code."""
    paragraph = nodes.paragraph()
    paragraph += nodes.Text(typeset(gap.label) + " (")
    paragraph += nodes.literal(gap.field, gap.field)
    paragraph += nodes.Text(") : " + typeset(gap.state))
    return paragraph


class GapsTableDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        node = placeholder(GapsTable())
        self.set_source_info(node)
        return [node]


# -- The criteria of the score ---------------------------------------------------------------


class GapsCriteriaDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        rows = []
        for criterion in CRITERIA:
            label = criterion.label
            if criterion.access:
                modes = " ou ".join(ACCESS_LABELS[mode].lower() for mode in criterion.access)
                label += f" (API {modes})"
            rows.append(
                Row(
                    [
                        label,
                        nodes.literal(criterion.field, criterion.field),
                        str(criterion.weight),
                        criterion.reason,
                    ]
                )
            )
        return [_table(CRITERIA_COLUMNS, rows, "catalogue-gaps-criteria")]


#: The directives, by name.
DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "gaps-table": GapsTableDirective,
    "gaps-criteria": GapsCriteriaDirective,
}


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, as :func:`catalogue.pages.setup_pages` does its own."""
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
        app.add_directive_to_domain("catalogue", name, directive)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
