"""Checking a specification with openapi-spec-validator, offline, in French.

The validator (python-openapi's ``openapi-spec-validator``, with
``jsonschema-path`` and ``referencing`` under it) resolves ``$ref`` by
fetching: ``jsonschema_path.retrievers.SchemaRetriever`` calls the handler
of the URI's scheme (``http``, ``https``, ``file`` by default) and, for any
other scheme, falls back to ``urllib.request.urlopen``.  Two locks keep
it from ever fetching:

1. it is given the document made by :func:`.refs.local_only`, where every
   reference left is local (``#/...``) and leads somewhere, and no ``$id``
   can rebase one;
2. its ``$ref`` handlers are :data:`REFUSE_ALL`, a mapping that claims
   every scheme (so that the ``urlopen`` fallback is never reached) and
   whose every handler raises; the meta-schema check has an empty
   registry, which cannot fetch either.

Other precautions:

- its ``iter_errors`` is not called as a whole (it is memoised per
  validator for ever, which would keep every document in memory): the
  meta-schema check and the keyword checks run here, each error of the
  latter tagged with the place it was found, which the library does not
  say for errors inside a schema;
- the work is bounded (:data:`META_STEPS`, :data:`KEYWORD_STEPS`,
  :data:`MAX_SECONDS`);
- no regular expression of the provider is run: the library checks each
  ``default`` against its schema, and a ``pattern`` such as ``^(a+)+$``
  takes ages on the right string (ReDoS), out of reach of any budget.
  Such defaults are not checked (:class:`_SafeDefaults`).

Errors become :class:`~.model.SpecProblem`: one per place, at the place in
the file (not the path through references), in French (:mod:`.messages`),
at most :data:`MAX_PROBLEMS`.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from functools import cache
from typing import Any

from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend, validator_for
from jsonschema_path import SchemaPath
from openapi_spec_validator.schemas import schema_v2, schema_v30, schema_v31, schema_v32
from openapi_spec_validator.validation import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from openapi_spec_validator.validation.keywords import ValueValidator
from referencing import Registry

from .messages import best, message
from .model import Pointer, SpecProblem
from .refs import place

#: Past this many, the rest are counted in one last problem.
MAX_PROBLEMS = 100

#: The library's meta-schemas, by family.
META_SCHEMAS = {"2.0": schema_v2, "3.0": schema_v30, "3.1": schema_v31, "3.2": schema_v32}


class ExternalFetchRefused(Exception):
    """A library asked to fetch a URI: never done (see :data:`REFUSE_ALL`)."""


def _refuse(uri: str) -> Any:
    raise ExternalFetchRefused(uri)


class _RefuseAll(Mapping[str, Callable[[str], Any]]):
    """``$ref`` handlers for every scheme, each refusing.

    Claiming every scheme matters: for a scheme it has no handler for,
    ``SchemaRetriever`` would call ``urlopen`` itself.
    """

    def __getitem__(self, scheme: str) -> Callable[[str], Any]:
        return _refuse

    def __contains__(self, scheme: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


REFUSE_ALL = _RefuseAll()

#: Steps of checking allowed per specification: objects checked against the
#: meta-schema, then calls of the library's keyword checks.  The largest
#: real specification known (276 KiB) takes 2,000 of each, in half a
#: second; a crafted 3 MiB one could take a minute.  Counted rather than
#: timed, so that the same file gives the same problems on any machine; but
#: a step's cost varies (the library's own bookkeeping grows with the
#: file), so :data:`MAX_SECONDS` stops a check that still takes too long.
META_STEPS = 20_000
KEYWORD_STEPS = 20_000
MAX_SECONDS = 6.0

#: [steps left, deadline (time.monotonic)] of the check under way.
_budget: ContextVar[list[float]] = ContextVar("catalogue_openapi_budget")


class OutOfSteps(BaseException):
    """The budget of steps is spent (a BaseException, so that no library's
    ``except Exception`` swallows it)."""


def _spend() -> None:
    budget = _budget.get(None)
    if budget is not None:
        budget[0] -= 1
        if budget[0] < 0 or time.monotonic() > budget[1]:
            raise OutOfSteps


@cache
def meta_validator(family: str) -> Any:
    """The meta-schema check of *family*, counting its steps, never fetching.

    Built here rather than taken from the library: the library picks
    jsonschema-rs when it happens to be installed (other errors, no
    counting), and the default registry of jsonschema fetches unknown
    ``$ref`` from the network; an empty registry cannot.
    """
    schema = copy.deepcopy(dict(META_SCHEMAS[family]))
    base = validator_for(schema)
    original = base.VALIDATORS["properties"]

    def properties(validator: Any, value: Any, instance: Any, where: Any) -> Iterator[ValidationError]:
        _spend()
        yield from original(validator, value, instance, where)

    return extend(base, {"properties": properties})(schema, registry=Registry())


#: Keywords that make a JSON Schema validator run a regular expression.
_REGEX_KEYWORDS = ("pattern", "patternProperties")
#: Values of a schema looked at for them; past this, the default is not checked.
_REGEX_SCAN = 5000


class _SafeDefaults:
    """Mixin of a ``default`` check: skipped when the schema would run a regular expression.

    The schema is walked, ``$ref`` followed through the validator's own
    resolver (local only, see :data:`REFUSE_ALL`), at most
    :data:`_REGEX_SCAN` values; anything unsure skips the check.
    """

    def __call__(self, schema: SchemaPath, value: Any) -> Iterator[ValidationError]:
        with schema.resolve() as resolved:
            if _runs_regex(resolved.contents, resolved.resolver):
                return
        yield from super().__call__(schema, value)  # type: ignore[misc]


def _runs_regex(node: Any, resolver: Any) -> bool:
    stack, seen = [node], 0
    while stack:
        value = stack.pop()
        seen += 1
        if seen > _REGEX_SCAN:
            return True
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            if any(key in value for key in _REGEX_KEYWORDS):
                return True
            if isinstance(value.get("$ref"), str):
                try:
                    stack.append(resolver.lookup(value["$ref"]).contents)
                except Exception:  # noqa: BLE001 - unsure: do not check
                    return True
            stack.extend(value.values())
    return False


_PLACE = "_catalogue_place"
_VALUE = "_catalogue_value"
_UNCHECKED = "_catalogue_unchecked"


def _tagged(cls: type) -> type:
    """*cls*, a keyword validator, tagging each error with where it was found.

    Keyword validators call one another; the innermost call tags first, and
    the outer ones leave the tag alone.  A library error on a malformed part
    (an object left empty where a reference was taken out, say) becomes a
    problem of that part, and the checking goes on with the next one.
    """

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        _spend()
        where = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
        parts = list(where.parts) if where is not None else []
        try:
            for error in cls.__call__(self, *args, **kwargs):
                if not hasattr(error, _PLACE):
                    setattr(error, _PLACE, parts)
                    setattr(error, _VALUE, issubclass(cls, ValueValidator))
                yield error
        except RecursionError:
            raise  # a loop of allOf: no use trying again one level up
        except Exception as exc:  # noqa: BLE001 - a malformed part; the other parts are still checked
            error = OpenAPIValidationError(type(exc).__name__)
            setattr(error, _PLACE, parts)
            setattr(error, _UNCHECKED, True)
            yield error

    return type(cls.__name__, (cls,), {"__call__": __call__})


def _offline(cls: type) -> type:
    """*cls*, a validator of the library, with the precautions of this module."""
    keywords = dict(cls.keyword_validators)
    keywords["default"] = type(keywords["default"].__name__, (_SafeDefaults, keywords["default"]), {})
    return type(cls.__name__, (cls,), {
        "resolver_handlers": REFUSE_ALL,
        "keyword_validators": {name: _tagged(kw) for name, kw in keywords.items()},
    })


VALIDATORS: dict[str, type] = {
    "2.0": _offline(OpenAPIV2SpecValidator),
    "3.0": _offline(OpenAPIV30SpecValidator),
    "3.1": _offline(OpenAPIV31SpecValidator),
    "3.2": _offline(OpenAPIV32SpecValidator),
}


def validate(document: dict[str, Any], family: str, removed: set[Pointer]) -> list[SpecProblem]:
    """The problems the validator finds in *document* (the copy made by ``local_only``).

    *family* is ``2.0``, ``3.0``, ``3.1`` or ``3.2``.  Problems at or under
    a place in *removed* (a reference taken out, already reported) are
    left out.
    """
    cls = VALIDATORS[family]
    found: dict[Pointer, SpecProblem] = {}
    extra = 0

    def add(problem: SpecProblem) -> None:
        nonlocal extra
        if problem.pointer in found or any(_under(problem.pointer, gone) for gone in removed):
            return
        if len(found) >= MAX_PROBLEMS:
            extra += 1
        else:
            found[problem.pointer] = problem

    budget = _budget.set([META_STEPS, time.monotonic() + MAX_SECONDS])
    try:
        for error in meta_validator(family).iter_errors(document):
            add(_problem(error, document, []))
        _budget.get()[0] = KEYWORD_STEPS
        validator = cls(document)
        for error in validator.root_validator(validator.schema_path):
            add(_problem(error, document, getattr(error, _PLACE, [])))
    except OutOfSteps:
        found.setdefault("", SpecProblem("", "spécification trop grosse pour être vérifiée jusqu'au bout : les "
                                         "problèmes montrés sont les premiers trouvés ; vérifiez-la avec un "
                                         "validateur OpenAPI", "spec.unchecked"))
    except Exception as exc:  # noqa: BLE001 - the library may stumble on what the meta-schema refused
        found.setdefault("", SpecProblem("", f"la vérification n'a pas pu aller au bout ({type(exc).__name__}) ; "
                                         "corrigez d'abord les autres problèmes, ou signalez-le aux mainteneurs "
                                         "du catalogue", "spec.unchecked"))
    finally:
        _budget.reset(budget)
    problems = list(found.values())
    if extra:
        problems.append(SpecProblem("", f"et {extra} autre(s) problème(s) de conformité non détaillé(s) ; "
                                    "vérifiez la spécification avec un validateur OpenAPI", "spec.more"))
    return problems


def _under(pointer: Pointer, parent: Pointer) -> bool:
    return pointer == parent or pointer.startswith(parent + "/")


def _problem(error: ValidationError, document: Any, found_at: list[Any]) -> SpecProblem:
    error, allowed = best(error)
    is_value = getattr(error, _VALUE, False)
    # From the root of what was checked: the document (meta-schema), or the
    # schema or value a keyword check was given (*found_at*).
    relative = list(error.absolute_path)
    if is_value:
        relative = ["default", *relative]
    pointer = place(document, [*found_at, *relative])
    if getattr(error, _UNCHECKED, False):
        return SpecProblem(pointer, f"cet endroit n'a pas pu être entièrement vérifié ({error.message}) ; corrigez "
                           "d'abord les autres problèmes qui le concernent", "spec.unchecked")
    said = message(error, allowed)
    if is_value:
        said = "valeur par défaut (default) non conforme à son propre schéma : " + said
    return SpecProblem(pointer, said, "spec.invalid")
