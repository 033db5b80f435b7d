"""Keeping every page current on incremental builds: one environment collector.

Sphinx re-reads a document when its source changes, and re-writes what it
re-read.  A catalogue page also shows *other* records: a table lists APIs,
a role shows a record's title, an API page lists the APIs that name it.
When one of those records changes, the page must be re-written (not
re-read: its own source did not change).

:class:`FreshnessCollector` follows the shape of Sphinx's own collectors
(``sphinx/environment/collectors/``):

- :meth:`~FreshnessCollector.process_doc` notes which records a document
  refers to with roles;
- :meth:`~FreshnessCollector.get_updated_docs`, after each read phase,
  computes for each document with placeholders or references a digest of
  exactly what that content shows now, and returns the documents whose
  digest differs from the one stored when they were last written.

Its data (``refs``, ``digests``) lives in the catalogue domain, the single
store, which clears and merges it with the rest; the collector's own
``clear_doc`` and ``merge_other`` have nothing left to do.

A no-change rebuild thus writes nothing; editing one record re-writes its
page and the pages that show it; removing one re-writes the tables that
listed it and the pages that linked to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Set
from typing import TYPE_CHECKING

from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector

from .domain import CatalogueDomain, catalogue_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class FreshnessCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Nothing: the domain clears its stores, these included."""

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        """Nothing: the domain merges its stores, these included."""

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """``doctree-read``: note which records a document refers to."""
        refs = {
            (node["reftype"], node["reftarget"])
            for node in doctree.findall(addnodes.pending_xref)
            if node.get("refdomain") == "catalogue"
        }
        catalogue_domain(app.env).note_refs(app.env.current_document.docname, refs)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-get-updated``: the pages whose late content or references show something new."""
        domain = catalogue_domain(env)
        outdated: list[str] = []
        if not domain.modified:
            return outdated  # no record read or removed: nothing a page shows changed
        for docname in sorted(set(domain.placeholders) | set(domain.refs)):
            if docname not in env.all_docs:
                continue
            shown = (
                [(spec, spec.inputs(domain)) for spec in domain.placeholders.get(docname, ())],
                [(typ, target, _ref_view(domain, typ, target)) for typ, target in sorted(domain.refs.get(docname, ()))],
            )
            digest = _digest(shown)
            if domain.digests.get(docname) != digest:
                domain.digests[docname] = digest
                outdated.append(docname)
        return outdated


def _digest(value: object) -> bytes:
    # repr(), not pickle: pickle's output depends on object identity (its
    # memo), so equal data read back from the environment may differ.
    return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()


def _ref_view(domain: CatalogueDomain, typ: str, target: str) -> tuple | None:
    """What a page shows of a record it refers to.

    A provider's acronym and site also appear in the ``<head>`` of the
    pages of its APIs (see :mod:`catalogue.site.head_tags`).
    """
    record = domain.record_for(typ, target)
    if record is None:
        return None
    if typ == "fournisseur":
        return (record.docname, record.title, record.acronym, record.site)
    return (record.docname, record.title)
