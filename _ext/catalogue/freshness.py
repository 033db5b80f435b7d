"""Keeping every page current on incremental builds, and reporting cross-record problems.

Sphinx re-reads a document when its source changes, and re-writes what it
re-read.  A catalogue page also shows *other* records: a table lists APIs,
a role shows a record's title, an API page lists the APIs that name it.
When one of those records changes, the page must be re-written (not
re-read: its own source did not change).

After each read phase (``env-get-updated``), this module

1. runs the cross-checks on the whole catalogue and reports their problems
   (every build, since they concern the catalogue rather than one file);
2. computes, for each document with late content or catalogue references,
   a digest of exactly what that content shows now;
3. returns the documents whose digest differs from the one stored when they
   were last written, so that Sphinx re-writes them and only them.

A no-change rebuild thus writes nothing; editing one record re-writes its
page and the pages that show it; removing one re-writes the tables that
listed it and the pages that linked to it.
"""

from __future__ import annotations

import hashlib

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .crosscheck import check_catalogue
from .domain import CatalogueDomain

logger = logging.getLogger(__name__)


def collect_refs(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: note which records a document refers to."""
    refs = {
        (node["reftype"], node["reftarget"])
        for node in doctree.findall(addnodes.pending_xref)
        if node.get("refdomain") == "catalogue"
    }
    domain: CatalogueDomain = app.env.domains["catalogue"]  # type: ignore[assignment]
    domain.note_refs(app.env.current_document.docname, refs)


def _digest(value: object) -> bytes:
    # repr(), not pickle: pickle's output depends on object identity (its
    # memo), so equal data read back from the environment may differ.
    return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()


def outdated_documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: report cross-record problems; list pages to re-write."""
    domain: CatalogueDomain = env.domains["catalogue"]  # type: ignore[assignment]
    catalogue = domain.catalogue

    cross = check_catalogue(catalogue, domain.data["positions"], domain.data["mentions"])
    domain.data["cross_problems"] = cross
    for docname in sorted(cross):
        for problem in cross[docname]:
            report(env, docname, problem)

    outdated: list[str] = []
    if not domain.modified:
        return outdated  # no record read or removed: nothing a page shows changed
    digests = domain.data["digests"]
    for docname in sorted(set(domain.data["late"]) | set(domain.data["refs"])):
        if docname not in env.all_docs:
            continue
        specs = domain.data["late"].get(docname, ())
        refs = sorted(domain.data["refs"].get(docname, ()))
        shown = (
            [(spec, spec.inputs(domain)) for spec in specs],
            [(typ, target, _ref_view(domain, typ, target)) for typ, target in refs],
        )
        digest = _digest(shown)
        if digests.get(docname) != digest:
            digests[docname] = digest
            outdated.append(docname)
    return outdated


def _ref_view(domain: CatalogueDomain, typ: str, target: str) -> tuple | None:
    """What a page shows of a record it refers to.

    A provider's acronym and site also appear in the ``<head>`` of the
    pages of its APIs (see :mod:`catalogue.metadata`).
    """
    record = domain.record_for(typ, target)
    if record is None:
        return None
    if typ == "fournisseur":
        return (record.docname, record.title, record.acronym, record.site)
    return (record.docname, record.title)


def report(env: BuildEnvironment, docname: str, problem) -> None:
    """Log one record problem as ``file:line:col: field : message``."""
    logger.warning(
        "%s : %s",
        problem.field,
        problem.message,
        location=f"{env.doc2path(docname)}:{problem.line}:{problem.column}",
        type="catalogue",
        subtype="record",
    )
