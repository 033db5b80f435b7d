"""Providers' OpenAPI specifications: read safely, kept small.  No Sphinx.

An API record may give ``openapi_link``, the address of its specification.
``make specs`` (:mod:`catalogue.commands.specs`, with :mod:`.fetch`)
downloads it to a **snapshot**, ``apis/openapi/<id>.json`` or ``.yaml``,
recorded in ``apis/openapi/specs.lock.json``; the build reads snapshots
only, never the network.  This package turns a snapshot into a frozen,
picklable :class:`Spec` for the API's page and for the index of data:

=================  =============================================================
``model``          what is kept: :class:`Spec`, :class:`Group`,
                   :class:`Operation`, :class:`Parameter`, :class:`Body`,
                   :class:`Field`, :class:`SpecProblem`
``reader``         the steps, the cache by sha256, the snapshot files
``source``         bytes, size, JSON or YAML (aliases and nesting bounded)
``refs``           local ``$ref`` only: external ones reported, never followed
``validation``     openapi-spec-validator, offline, bounded, no provider regex
``messages``       the validator's errors in French
``build``          servers, operations by tag, parameters, bodies
``schemas``        bodies flattened to dotted fields, bounded
``elements``       data elements across operations, for the index of data
``fetch``          downloading a specification safely (for ``make specs``)
``lock``           ``specs.lock.json``: source, sha256 and date of each snapshot
=================  =============================================================

For the page code::

    spec = read_snapshot(srcdir, "api-entreprise")   # None: no snapshot
    for problem in spec.problems: ...                 # pointer, message, code
    for group in spec.groups:
        for operation in group.operations: ...
    elements = data_elements(spec)
    entries, _ = read_lock(srcdir / SNAPSHOT_DIR / LOCK_NAME)   # .source, .updated

Texts of the specification (summaries, descriptions, names) are kept as
written and are **untrusted**: render them as plain text, or through the
record Markdown allowlist (:mod:`catalogue.checks.dialect`), never as
HTML or as MyST.
"""

from __future__ import annotations

from .elements import DataElement, ElementUse, data_elements, element_key
from .lock import LOCK_NAME, LockEntry, read_lock
from .model import Body, Field, Group, Operation, Parameter, Spec, SpecProblem
from .reader import (
    SNAPSHOT_DIR,
    clear_cache,
    read_file,
    read_snapshot,
    read_spec,
    snapshot_path,
)

__all__ = [
    "LOCK_NAME",
    "SNAPSHOT_DIR",
    "Body",
    "DataElement",
    "ElementUse",
    "Field",
    "Group",
    "LockEntry",
    "Operation",
    "Parameter",
    "Spec",
    "SpecProblem",
    "clear_cache",
    "data_elements",
    "element_key",
    "read_file",
    "read_lock",
    "read_snapshot",
    "read_spec",
    "snapshot_path",
]
