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

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jsonschema.exceptions import ValidationError, best_match
from jsonschema_path import SchemaPath
from openapi_spec_validator.validation import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)
from openapi_spec_validator.validation.keywords import ValueValidator

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

_PLACE = "_catalogue_place"
_VALUE = "_catalogue_value"


def _tagged(cls: type) -> type:
    """*cls*, a keyword validator, tagging each error with where it was found.

    Keyword validators call one another; the innermost call tags first, and
    the outer ones leave the tag alone.
    """

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        where = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
        for error in cls.__call__(self, *args, **kwargs):
            if where is not None and not hasattr(error, _PLACE):
                setattr(error, _PLACE, list(where.parts))
                setattr(error, _VALUE, issubclass(cls, ValueValidator))
            yield error

    return type(cls.__name__, (cls,), {"__call__": __call__})


def _offline(cls: type) -> type:
    return type(cls.__name__, (cls,), {
        "resolver_handlers": REFUSE_ALL,
        "keyword_validators": {name: _tagged(kw) for name, kw in cls.keyword_validators.items()},
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

    for error in cls.schema_validator.iter_errors(document):
        add(_problem(best_match([error]), document, []))
    try:
        validator = cls(document)
        for error in validator.root_validator(validator.schema_path):
            add(_problem(error, document, getattr(error, _PLACE, [])))
    except Exception as exc:  # noqa: BLE001 - the library may stumble on what the meta-schema refused
        if not found:
            add(SpecProblem("", f"la vérification n'a pas pu aller au bout ({type(exc).__name__}) ; "
                            "corrigez d'abord les autres problèmes, ou signalez-le aux mainteneurs du "
                            "catalogue", "spec.unchecked"))
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
    message = _message(error)
    if is_value:
        message = "valeur par défaut (default) non conforme à son propre schéma : " + message
    return SpecProblem(pointer, message, "spec.invalid")


_UNEXPECTED = re.compile(r"\((.*) (?:was|were) unexpected\)")
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
        match = _UNEXPECTED.search(str(error.message))
        keys = ", ".join(shown(name, 40) for name in _QUOTED.findall(match.group(1))) if match else "?"
        return (f"clé(s) inconnue(s) à cet endroit : {keys} ; supprimez-les, ou préfixez-les par « x- » "
                "s'il s'agit d'extensions")
    if keyword == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        said = " ou ".join(_TYPES.get(str(name), str(name)) for name in wanted)
        return f"valeur « {shown(value, 40)} » d'un autre type qu'attendu ; il faut ici {said}"
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
    if not keyword:  # an error of the library's own checks, without a keyword
        return f"non conforme à la spécification OpenAPI ({shown(error.message, 120)}) ; corrigez cet endroit"
    return f"non conforme à la spécification OpenAPI (règle « {shown(keyword, 30)} ») ; corrigez cet endroit"
