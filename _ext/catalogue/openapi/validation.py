"""Checking a specification with openapi-spec-validator, offline, in French.

The validator (python-openapi's ``openapi-spec-validator``, with
``jsonschema-path`` and ``referencing`` under it) resolves ``$ref`` by
fetching: ``jsonschema_path.retrievers.SchemaRetriever`` calls the handler
of the URI's scheme (``http``, ``https``, ``file`` by default) and, for any
other scheme, falls back to ``urllib.request.urlopen``.  Three locks keep
it from ever fetching:

1. it is given the document made by :func:`.refs.local_only`, where every
   reference left is local (``#/...``) and leads somewhere, and no ``$id``
   can rebase one;
2. its ``$ref`` handlers are :data:`REFUSE_ALL`, a mapping that claims
   every scheme (so that the ``urlopen`` fallback is never reached) and
   whose every handler raises;
3. its ``iter_errors`` is not called as a whole (it is memoised per
   validator for ever, which would keep every document in memory): the
   meta-schema check and the keyword checks run here, the latter with
   each error tagged with the place it was found, which the library does
   not say for errors inside a schema.

Errors become :class:`~.model.SpecProblem`: one per place, at the place in
the file (not the path through references), in French, at most
:data:`MAX_PROBLEMS`.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
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

from .model import Pointer, SpecProblem, shown
from .refs import place

#: Past this many, the rest are counted in one last problem.
MAX_PROBLEMS = 100


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
#: second; a crafted 3 MiB one would take a minute.  Counted rather than
#: timed, so that the same file gives the same problems on any machine; but
#: a step's cost varies (the library's own bookkeeping grows with the
#: file), so :data:`MAX_SECONDS` stops a check that still takes too long.
META_STEPS = 40_000
KEYWORD_STEPS = 20_000
MAX_SECONDS = 8.0

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


@lru_cache(maxsize=None)
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
    return type(cls.__name__, (cls,), {
        "resolver_handlers": REFUSE_ALL,
        "keyword_validators": {name: _tagged(kw) for name, kw in cls.keyword_validators.items()},
    })


META_SCHEMAS = {"2.0": schema_v2, "3.0": schema_v30, "3.1": schema_v31, "3.2": schema_v32}

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
            add(_problem(best_match([error]), document, []))
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
    is_value = getattr(error, _VALUE, False)
    relative = list(error.absolute_path) if not found_at else list(error.path)
    if is_value:
        relative = ["default", *relative]
    pointer = place(document, [*found_at, *relative])
    if getattr(error, _UNCHECKED, False):
        return SpecProblem(pointer, f"cet endroit n'a pas pu être entièrement vérifié ({error.message}) ; corrigez "
                           "d'abord les autres problèmes qui le concernent", "spec.unchecked")
    message = _message(error)
    if is_value:
        message = "valeur par défaut (default) non conforme à son propre schéma : " + message
    return SpecProblem(pointer, message, "spec.invalid")


_QUOTED = re.compile(r"'([^']*)'")
_TYPES = {
    "string": "du texte", "integer": "un nombre entier", "number": "un nombre", "boolean": "vrai ou faux",
    "object": "un objet (clés et valeurs)", "array": "une liste", "null": "null",
}


def _message(error: ValidationError) -> str:
    """Plain French for one error of the validator."""
    keyword, value, expected = error.validator, error.instance, error.validator_value
    kind = type(error).__name__
    names = _QUOTED.findall(str(error.message))
    if kind == "ExtraParametersError":
        listed = ", ".join(shown(name, 40) for name in names) or "?"
        return (f"propriétés déclarées obligatoires (required) mais jamais définies : {listed} ; "
                "définissez-les dans « properties » ou retirez-les de « required »")
    if kind == "ParameterDuplicateError":
        return "paramètre déclaré deux fois (même nom, même emplacement) ; gardez-en un seul"
    if kind == "UnresolvableParameterError":
        name = shown(names[0], 40) if names else "?"
        return (f"le chemin contient « {{{name}}} » mais aucun paramètre « in: path » ne s'appelle « {name} » ; "
                "déclarez-le")
    if kind == "DuplicateOperationIDError":
        name = shown(names[0], 40) if names else "?"
        return f"operationId « {name} » déjà utilisé par une autre opération ; chaque opération doit avoir le sien"
    if keyword == "required":
        name = shown(names[0], 40) if names else "?"
        return f"« {name} » obligatoire absent ; ajoutez-le"
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        keys = ", ".join(shown(name, 40) for name in _unexpected(error)) or "?"
        return (f"clé(s) inconnue(s) à cet endroit : {keys} ; supprimez-les, ou préfixez-les par « x- » "
                "s'il s'agit d'extensions")
    if keyword == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        said = " ou ".join(_TYPES.get(str(name), str(name)) for name in wanted)
        quotes = " (en YAML, mettez-le entre guillemets)" if wanted == ["string"] and isinstance(
            value, (int, float, bool)) else ""
        return f"valeur « {shown(value, 40)} » d'un autre type qu'attendu ; il faut ici {said}{quotes}"
    if keyword in ("enum", "const"):
        allowed = expected if isinstance(expected, list) else [expected]
        choices = ", ".join(shown(choice, 20) for choice in allowed[:12])
        return f"« {shown(value, 40)} » n'est pas une valeur permise ici ; choisissez parmi : {choices}"
    if keyword == "pattern":
        return f"« {shown(value, 60)} » n'a pas la forme attendue ({shown(expected, 60)}) ; corrigez-la"
    if keyword == "format":
        return f"« {shown(value, 60)} » n'est pas au format « {shown(expected, 30)} » ; corrigez-le"
    if keyword in ("oneOf", "anyOf"):
        return "objet qui ne correspond à aucune des formes permises à cet endroit ; comparez-le à la spécification OpenAPI"
    if keyword in ("minItems", "minLength", "minProperties"):
        return "valeur vide ou trop courte à cet endroit ; complétez-la"
    if keyword == "uniqueItems":
        return "élément en double dans la liste ; supprimez le doublon"
    if str(error.message).startswith("Unknown JSON Schema dialect"):
        return (f"dialecte JSON Schema inconnu ({shown(error.message.partition(':')[2].strip(), 80)}) ; retirez "
                "jsonSchemaDialect et $schema, ou donnez celui d'OpenAPI 3.1")
    if not isinstance(keyword, str) or not keyword:  # the library's own checks have no keyword
        return f"non conforme à la spécification OpenAPI ({shown(error.message, 120)}) ; corrigez cet endroit"
    return f"non conforme à la spécification OpenAPI (règle « {shown(keyword, 30)} ») ; corrigez cet endroit"


def _unexpected(error: ValidationError) -> list[str]:
    """The keys of the object that its schema does not allow."""
    if not isinstance(error.instance, dict) or not isinstance(error.schema, dict):
        return []
    allowed = error.schema.get("properties") or {}
    patterns = list(error.schema.get("patternProperties") or {})
    return [
        key for key in error.instance
        if key not in allowed and not any(_matches(pattern, key) for pattern in patterns)
    ]


def _matches(pattern: str, key: str) -> bool:
    try:
        return re.search(pattern, key) is not None
    except re.error:
        return False
