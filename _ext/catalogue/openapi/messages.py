"""The validator's errors in plain French, at the error that says what to fix.

openapi-spec-validator speaks jsonschema: ``'description' is a required
property``, or, for a response that is neither a Response nor a Reference,
``... is not valid under any of the given schemas``.  A provider reads
``« description » obligatoire absent ; ajoutez-le`` at the response:
:func:`best` picks, among the alternatives of the meta-schema, the one the
provider meant, and :func:`message` says it in French.  Values quoted come
from the provider's file and go through :func:`~.model.shown`.
"""

from __future__ import annotations

import re
from typing import Any

from jsonschema.exceptions import ValidationError, relevance

from .model import shown


def best(error: ValidationError) -> tuple[ValidationError, list[Any] | None]:
    """The error that says what to fix, and the values allowed when several branches each allow some.

    The meta-schemas say "a Response or a Reference" (``oneOf``): a bad
    response fails both, and jsonschema stops at "not valid under any of the
    given schemas".  The branch that wants a ``$ref`` is of no interest to
    an object without one; of the others, the one with the fewest errors is
    the likely intent.  When every branch refuses the same value (``in:
    partout`` against one branch per location), all the values they allow
    are the answer.
    """
    while error.validator in ("oneOf", "anyOf") and error.context:
        candidates = [e for e in error.context if not (e.validator == "required" and "'$ref'" in str(e.message))]
        if not candidates:
            break
        branches: dict[Any, list[ValidationError]] = {}
        for candidate in candidates:
            branches.setdefault(candidate.relative_schema_path[0], []).append(candidate)
        choices = [e for e in candidates if e.validator in ("enum", "const")]
        if len(choices) == len(branches) > 1 and len({tuple(e.absolute_path) for e in choices}) == 1:
            allowed = [v for e in choices for v in (e.validator_value if e.validator == "enum"
                                                    else [e.validator_value])]
            return choices[0], list(dict.fromkeys(map(str, allowed)))
        error = max(min(branches.values(), key=len), key=relevance)
    return error, None


_QUOTED = re.compile(r"'([^']*)'")
_TYPES = {
    "string": "du texte", "integer": "un nombre entier", "number": "un nombre", "boolean": "vrai ou faux",
    "object": "un objet (clés et valeurs)", "array": "une liste", "null": "null",
}


def message(error: ValidationError, allowed: list[Any] | None = None) -> str:
    """Plain French for one error of the validator."""
    keyword, value, expected = error.validator, error.instance, allowed or error.validator_value
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
        values = expected if isinstance(expected, list) else [expected]
        choices = ", ".join(shown(choice, 20) for choice in values[:12])
        return f"« {shown(value, 40)} » n'est pas une valeur permise ici ; choisissez parmi : {choices}"
    if keyword == "pattern":
        return f"« {shown(value, 60)} » n'a pas la forme attendue ({shown(expected, 60)}) ; corrigez-la"
    if keyword == "format":
        return f"« {shown(value, 60)} » n'est pas au format « {shown(expected, 30)} » ; corrigez-le"
    if keyword in ("oneOf", "anyOf"):
        return ("objet qui ne correspond à aucune des formes permises à cet endroit ; comparez-le à la "
                "spécification OpenAPI")
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
