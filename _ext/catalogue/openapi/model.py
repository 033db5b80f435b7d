"""What a specification says, as the catalogue keeps it: small, frozen, picklable.

A provider's OpenAPI file can weigh megabytes and nest without end; a page
needs a few hundred values.  The reader (:mod:`.reader`) turns the file into
these classes once per distinct file, and everything after it (the page,
the index of data elements, the Sphinx environment, which pickles what it
keeps) works on them.  So they hold only strings, booleans and tuples of
each other: no dictionaries of the source, no reference back to it, nothing
that pickling would have to follow far.

Every text comes from the provider's file and is **untrusted**: summaries
and descriptions are kept exactly as written (HTML, Markdown, MyST
directives, ``javascript:`` links and all), as plain ``str``.  Deciding how
to show them safely is the renderer's job, not the model's.

A specification that cannot be read, or only in part, still gives a
:class:`Spec`: what could be read, and its :attr:`Spec.problems`, each with
a JSON pointer into the file and a message in French.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.characters import replace_unsafe

#: Where a problem lies: a JSON pointer (RFC 6901) into the specification,
#: ``""`` for the file as a whole, ``/paths/~1users/get`` for an operation.
Pointer = str


@dataclass(frozen=True, slots=True)
class SpecProblem:
    """One thing wrong in a specification, and where."""

    pointer: Pointer
    #: Plain French, ``what is wrong ; how to fix it``.
    message: str
    #: ``family.kind``: ``file.*`` (size, encoding, place), ``syntax.*``
    #: (JSON, YAML, nesting, aliases), ``spec.*`` (version, validation),
    #: ``ref.*`` (external, missing, cycle, depth), ``limit.*``,
    #: ``internal.error``.  Tests and tools match codes, not sentences.
    code: str

    def format(self, filename: str) -> str:
        """``apis/openapi/x.json: /paths/~1users/get : message``, as the command prints it."""
        return f"{filename}: {self.pointer or '(document)'} : {self.message}"


@dataclass(frozen=True, slots=True)
class Field:
    """One value of a request or response body, flattened from its schemas.

    *name* is dotted from the body's root: ``adresse.code_postal``; an
    element of a list adds ``[]`` (``etablissements[].siret``, and
    ``[].siret`` when the body itself is a list); the values of a map add
    ``*`` (``compteurs.*``).
    """

    name: str
    #: Short and human: ``string``, ``integer``, ``array of string``,
    #: ``object``, ``string or null``, ``one of: Personne, Societe``.
    type: str
    format: str = ""
    description: str = ""
    required: bool = False
    deprecated: bool = False
    #: Inside alternatives, which ones: ``oneOf 2/3 Societe``; nested
    #: alternatives are joined by `` > ``.  Empty outside alternatives.
    variant: str = ""
    #: A remark of the reader, in French: a recursive structure, a depth
    #: past which nothing is shown.  Empty most of the time.
    note: str = ""


@dataclass(frozen=True, slots=True)
class Body:
    """A request body or a successful response: its type and its fields."""

    #: The HTTP status for a response (``200``, ``2XX``, ``default``),
    #: ``""`` for a request body.
    status: str = ""
    #: The media type the fields were read from (``application/json``),
    #: ``""`` when the body has no schema or for Swagger 2.0.
    media_type: str = ""
    #: The type of the body itself: ``object``, ``array of object``...
    type: str = ""
    description: str = ""
    fields: tuple[Field, ...] = ()
    #: True when fields were left out past the limit of fields per body;
    #: *note* then says so in French.
    truncated: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    #: ``query``, ``path``, ``header``, ``cookie``; ``body`` and
    #: ``formData`` in Swagger 2.0.
    location: str
    type: str = ""
    format: str = ""
    required: bool = False
    description: str = ""
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class Operation:
    """One HTTP method on one path."""

    #: Upper case: ``GET``, ``POST``...
    method: str
    path: str
    summary: str = ""
    description: str = ""
    operation_id: str = ""
    deprecated: bool = False
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    #: The request body (OpenAPI 3) or the ``in: body`` parameter's schema
    #: (Swagger 2.0), or None.
    request: Body | None = None
    #: The first 2xx response in the file's order (``default`` when there
    #: is none), or None.
    response: Body | None = None
    #: Where the operation is in the file, to match problems with it.
    pointer: Pointer = ""


@dataclass(frozen=True, slots=True)
class Group:
    """The operations of one tag, in the file's order.

    An operation is listed once, under its first tag, so that each has one
    place (and one anchor) on a page; :attr:`Operation.tags` has them all.
    The group of operations without a tag has the name ``""`` and comes last.
    """

    name: str
    description: str = ""
    operations: tuple[Operation, ...] = ()


@dataclass(frozen=True, slots=True)
class Spec:
    """A specification snapshot as read: what a page shows, and its problems."""

    #: sha256 of the file's bytes (hexadecimal), ``""`` when none were read.
    digest: str = ""
    #: ``Swagger 2.0``, ``OpenAPI 3.0.3``, ``OpenAPI 3.1.0``...; ``""``
    #: when the file does not say a version this reader knows.
    format: str = ""
    title: str = ""
    version: str = ""
    description: str = ""
    #: Base addresses of the calls, as the file gives them (OpenAPI 3
    #: ``servers``, their variables set to their defaults; for Swagger 2.0
    #: each scheme + ``host`` + ``basePath``).
    servers: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    problems: tuple[SpecProblem, ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation, group after group."""
        return tuple(operation for group in self.groups for operation in group.operations)

    @property
    def ok(self) -> bool:
        return not self.problems


def shown(value: object, limit: int = 80) -> str:
    """An untrusted value as a message quotes it: one line, no control characters, short.

    Messages are printed in terminals and logs, where a provider's escape
    sequence or right-to-left override would rewrite what is shown.
    """
    text = " ".join(replace_unsafe(str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
