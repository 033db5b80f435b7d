"""The JSON Schema checks of one record, and their messages in plain French.

jsonschema says ``'foo' is a required property``; a provider reads
``champ obligatoire absent ; ajoutez la clé « foo »``, at the line and
column of the place to fix, with the most likely fix: the closest allowed
key or value, the date written the ISO way, the quotes that keep YAML from
reading ``yes`` as a boolean.  Each message carries the code of its
keyword (``schema.required``, ``schema.enum``...).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..records.format import UNPUBLISHED
from ..records.french import fold
from ..records.kinds import Kind, suggest_identifier
from ..records.schema import DEFAULT_SCHEMA_DIR, inline_refs, load_schemas
from .problems import FieldPath, Problem
from .source import LoadedRecord

if TYPE_CHECKING:
    import jsonschema


@lru_cache(maxsize=16)
def validator(kind: Kind, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> Any:
    """A validator for *kind*, able to follow references between the schemas.

    jsonschema is imported here, on first use: a build that reads no record
    does not pay for it.
    """
    import jsonschema

    schemas = load_schemas(schema_dir)
    jsonschema.Draft202012Validator.check_schema(schemas[kind])
    return jsonschema.Draft202012Validator(
        inline_refs(schemas[kind], schemas),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )



_TYPE_NAMES = {
    "string": "du texte",
    "array": "une liste (une ligne « - élément » par élément)",
    "object": "une table de clés (lignes « clé: valeur »)",
    "number": "un nombre",
    "integer": "un nombre entier",
    "boolean": "vrai ou faux",
}


def schema_problems(
    kind: Kind, data: dict[str, Any], loaded: LoadedRecord, schema_dir: Path = DEFAULT_SCHEMA_DIR
) -> Iterable[Problem]:
    """The problems jsonschema finds in *data*, one per place, in French."""
    reported: set[FieldPath] = set()
    for error in validator(kind, schema_dir).iter_errors(data):
        for problem in _translate(kind, error, loaded, schema_dir):
            # One problem per place: a bad date fails both its pattern and
            # its format, and saying it once is enough.
            if problem.path not in reported:
                reported.add(problem.path)
                yield problem


#: The code of each JSON Schema keyword's problem.
CODES = {
    "required": "schema.required",
    "additionalProperties": "schema.unknown-key",
    "type": "schema.type",
    "enum": "schema.enum",
    "pattern": "schema.pattern",
    "format": "schema.format",
    "anyOf": "schema.address",
    "minLength": "schema.too-short",
    "maxLength": "schema.too-long",
    "minItems": "schema.empty-list",
    "uniqueItems": "schema.duplicate",
    "exclusiveMinimum": "schema.range",
    "minimum": "schema.range",
    "maximum": "schema.range",
    "exclusiveMaximum": "schema.range",
}


def _translate(
    kind: Kind, error: jsonschema.ValidationError, loaded: LoadedRecord, schema_dir: Path
) -> Iterable[Problem]:
    path: FieldPath = tuple(error.absolute_path)
    line, column = loaded.position(path)
    keyword = error.validator
    value = error.instance
    code = CODES.get(keyword, f"schema.{keyword}")

    def problem(message: str, at: FieldPath = path) -> Problem:
        at_line, at_column = loaded.position(at)
        return Problem(at, at_line, at_column, message, code)

    def required(at: FieldPath) -> bool:
        return _required(kind, at, schema_dir)

    if keyword == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        name = missing.group(1) if missing else str(error.validator_value)
        template = "templates/fournisseur.yml" if kind == "provider" else "templates/api.yml"
        if kind == "theme":
            template = "un autre fichier de apis/themes/"
        yield Problem(
            path + (name,),
            line,
            column,
            f"champ obligatoire absent ; ajoutez la clé « {name} » (voir {template})",
            code,
        )
    elif keyword == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in value:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            template = "templates/fournisseur.yml" if kind == "provider" else "templates/api.yml"
            if kind == "theme":
                template = "schema/theme.schema.json"
            hint = (
                f"vouliez-vous dire « {close[0]} » ?"
                if close
                else f"supprimez-la ou voyez les clés permises dans {template}"
            )
            yield problem(f"clé inconnue ; {hint}", path + (key,))
    elif keyword == "type":
        yield problem(_type_message(error.validator_value, value, loaded.scalars.get(path), required(path)))
    elif keyword == "enum":
        yield problem(_enum_message(value, error.validator_value, loaded.scalars.get(path)))
    elif keyword == "pattern":
        yield problem(_pattern_message(error.validator_value, value))
    elif keyword == "format":
        if error.validator_value == "date":
            yield problem(f"« {value} » n'est pas une date qui existe ; vérifiez le jour et le mois")
        elif error.validator_value == "email":
            yield problem(f"« {value} » n'est pas une adresse électronique valide ; écrivez nom@domaine.fr")
        else:
            yield problem(f"« {value} » n'est pas au format {error.validator_value}")
    elif keyword == "anyOf" and any(option.get("const") == UNPUBLISHED for option in error.validator_value):
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|.*/", str(value)):  # an address, mistyped
            yield problem(_pattern_message("^[hH][tT][tT][pP]", value))
        elif kind == "provider" and re.fullmatch(r"[^\s@]+\.[a-zA-Z]{2,}", str(value)):  # a site without https://
            yield problem(_pattern_message("^[hH][tT][tT][pP]", value))
        elif fold(str(value)).strip() == fold(UNPUBLISHED):
            yield problem(f"« {value} » n'est pas la mention attendue ; écrivez exactement « {UNPUBLISHED} », avec l'accent")
        else:
            # A provider's site is the organisation's own address, not one it publishes for an API.
            unpublished = "si l'organisme n'en publie pas" if kind == "provider" else "si le fournisseur ne la publie pas"
            yield problem(
                f"« {value} » n'est pas une adresse web ; écrivez l'adresse complète (https://…), "
                f"ou « {UNPUBLISHED} » {unpublished}"
            )
    elif keyword == "anyOf":  # contact: e-mail or URL
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", str(value))
        if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
            yield problem(
                f"adresse « {value} » refusée : le schéma « {scheme.group(1)}: » n'est pas permis ; "
                "écrivez nom@domaine.fr ou une adresse commençant par https://"
            )
        else:
            yield problem(
                f"« {value} » n'est ni une adresse électronique ni une adresse web ; écrivez "
                "nom@domaine.fr ou une adresse commençant par https://"
            )
    elif keyword == "minLength":
        if isinstance(value, str) and not value.strip():
            yield problem(_empty_message(required(path)))
        else:
            yield problem(f"texte trop court ; écrivez au moins {error.validator_value} caractères")
    elif keyword == "maxLength":
        yield problem(f"texte trop long ({len(value)} caractères) ; ne dépassez pas {error.validator_value} caractères")
    elif keyword == "minItems":
        if required(path):
            yield problem("liste vide ; donnez au moins un élément (champ obligatoire)")
        else:
            yield problem("liste vide ; donnez au moins un élément ou supprimez la clé")
    elif keyword == "uniqueItems":
        yield problem("élément en double dans la liste ; supprimez le doublon")
    elif keyword in ("exclusiveMinimum", "minimum", "maximum", "exclusiveMaximum"):
        yield problem(f"{value} est hors limites ; donnez un pourcentage entre 0 et 100, comme 99.5")
    else:  # pragma: no cover - a keyword added to the schema without a message
        yield problem(error.message)


def _required(kind: Kind, path: FieldPath, schema_dir: Path) -> bool:
    """Whether *path* names a required field (top level, or in an entry of a list)."""
    schema = load_schemas(schema_dir)[kind]
    if len(path) == 1:
        return path[0] in schema.get("required", ())
    if len(path) == 3 and isinstance(path[0], str):
        items = schema.get("properties", {}).get(path[0], {}).get("items", {})
        return path[2] in items.get("required", ())
    return False


def _empty_message(required: bool) -> str:
    if required:
        return "valeur vide ; renseignez-la (champ obligatoire)"
    return "valeur vide ; renseignez-la ou supprimez la clé"


def _type_message(expected: str | list[str], value: Any, scalar: Any, required: bool = False) -> str:
    expected_name = _TYPE_NAMES.get(expected if isinstance(expected, str) else expected[0], str(expected))
    if value is None:
        return _empty_message(required)
    if expected == "string" and scalar is not None and scalar.style is None:
        written = scalar.text
        if isinstance(value, bool):
            return (
                f"« {written} » est lu comme un booléen (vrai/faux) par YAML ; "
                f'mettez-le entre guillemets : "{written}"'
            )
        if isinstance(value, (int, float)):
            return (
                f"« {written} » est lu comme le nombre {value!r} par YAML ; "
                f'mettez-le entre guillemets : "{written}"'
            )
        if isinstance(value, (dt.date, str)) and scalar.tag.endswith(":timestamp"):
            return f'« {written} » est lu comme une date par YAML ; mettez-le entre guillemets : "{written}"'
    if expected == "array" and isinstance(value, str):
        return f"doit être une liste ; écrivez « - {value} » sur la ligne suivante, indenté"
    if expected == "number" and isinstance(value, str):
        number = value.replace(",", ".").replace("%", "").strip()
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?", number):
            return f"doit être un nombre ; écrivez {number} (point décimal, sans « % » ni guillemets)"
    return f"doit être {expected_name}"


def _enum_message(value: Any, allowed: Sequence[Any], scalar: Any = None) -> str:
    allowed_text = ", ".join(str(a) for a in allowed)
    if isinstance(value, bool):
        written = f"« {scalar.text} »" if scalar is not None else "la valeur"
        return f"{written} est lu comme un booléen (vrai/faux) par YAML ; écrivez l'une de : {allowed_text}"
    nearest = nearest_value(str(value), [str(a) for a in allowed])
    hint = f" ; vouliez-vous dire « {nearest} » ?" if nearest else f" ; valeurs permises : {allowed_text}"
    return f"« {value} » n'est pas une valeur permise{hint}"


def nearest_value(value: str, allowed: Sequence[str]) -> str | None:
    """The allowed value closest to *value*, case and accents ignored."""
    folded = {fold(a): a for a in allowed}
    key = fold(value).strip()
    if key in folded:
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def suggest_date(text: str) -> str | None:
    """The ISO form of a date written another common way, if it is clear."""
    for pattern, order in ((_DMY, (3, 2, 1)), (_ISO_PREFIX, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return None
    return None


def _pattern_message(pattern: str, value: Any) -> str:
    if pattern.startswith("^[a-z0-9]+(-"):
        return (
            f"« {value} » n'est pas un identifiant (lettres minuscules, chiffres et tirets) ; "
            f"écrivez « {suggest_identifier(str(value))} » s'il s'agit bien de ce fichier"
        )
    if pattern.startswith("^[0-9]{4}"):
        suggestion = suggest_date(str(value))
        if suggestion:
            return f"« {value} » n'est pas au format AAAA-MM-JJ ; écrivez {suggestion}"
        return f"« {value} » n'est pas une date au format AAAA-MM-JJ ; écrivez par exemple 2026-01-31"
    if pattern.startswith("^[hH][tT][tT][pP]"):
        text = str(value)
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", text)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            return (
                f"adresse « {text} » refusée : le schéma « {scheme.group(1)}: » n'est pas permis ; "
                "seules les adresses https:// ou http:// sont acceptées"
            )
        if re.search(r"\s", text):
            return f"« {text} » contient une espace ; une adresse web n'en contient pas : retirez-la ou écrivez %20 à sa place"
        return f"« {text} » n'est pas une adresse web complète ; écrivez-la en entier, en commençant par https://"
    if "[0-9a-f]{24}" in pattern:
        return (
            f"« {value} » n'est pas un identifiant de jeu de données data.gouv.fr ; copiez les 24 "
            "caractères hexadécimaux (ou l'UUID) lisibles dans l'adresse du jeu de données"
        )
    return f"« {value} » n'a pas la forme attendue"
