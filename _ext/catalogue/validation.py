"""Checking one record: JSON Schema, then the rules a schema cannot say.

Every problem is reported the same way wherever the check runs (Sphinx
build, ``make validate``, pre-commit)::

    apis/foo.yml:12:3: themes[2]: « sante » n'est pas un thème du catalogue ; écrivez « Santé »

that is ``file:line:column: field: what is wrong; how to fix it``, in plain
French, for providers who are not Sphinx experts.  Checks that need the
other records (does the producer exist?) live in :mod:`catalogue.crosscheck`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any


from . import schema as schemas
from . import dialect
from .loader import EmptyRecordError, LoadedRecord, Path, RecordSyntaxError, Source, format_path, load_record, read_source, source_of
from .records import Kind, fold, suggest_identifier

if TYPE_CHECKING:
    import jsonschema


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a record, with its place."""

    path: Path
    line: int
    column: int
    message: str
    #: Whether the value at *path* is left out of the page.  False for
    #: problems whose value is shown all the same, made harmless: Markdown
    #: with refused constructs (shown as text), text with refused
    #: characters (shown as U+FFFD).
    prune: bool = True

    @property
    def field(self) -> str:
        return format_path(self.path)

    def format(self, filename: str) -> str:
        """The one-line form: ``file:line:col: field: message``."""
        return f"{filename}:{self.line}:{self.column}: {self.field} : {self.message}"


@dataclass
class CheckedRecord:
    """The outcome of checking one file: clean data, problems, positions."""

    data: dict[str, Any]
    problems: list[Problem]
    loaded: LoadedRecord | None
    #: Records that the Markdown texts name with roles, for the cross-checks.
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mention:
    """A record named by a role in a record's Markdown, at its place in the file."""

    path: Path
    line: int
    column: int
    kind: Kind
    target: str


# -- Entry points ---------------------------------------------------------------


def check_text(kind: Kind, identifier: str, text: str) -> CheckedRecord:
    """Check the YAML *text* of a record named *identifier*."""
    return check_source(kind, identifier, source_of(text))


def check_source(kind: Kind, identifier: str, source: Source) -> CheckedRecord:
    """Check a record's source, with the characters already refused in it.

    Whatever the record holds, this returns: a failure of the checks
    themselves (a bug, or an input no one foresaw) is the record's problem,
    reported in the same words by both doors, never a crash of the run.
    """
    try:
        return _check_source(kind, identifier, source)
    except Exception as exc:  # noqa: BLE001 - one record must not stop the catalogue
        return CheckedRecord({}, [Problem((), 1, 1, internal_error(exc))], None)


def internal_error(exc: BaseException) -> str:
    return (
        f"erreur interne en lisant cette fiche ({type(exc).__name__}) ; signalez-la aux "
        "mainteneurs du catalogue avec le fichier (voir SECURITY.md)"
    )


def _check_source(kind: Kind, identifier: str, source: Source) -> CheckedRecord:
    early = [Problem((), line, column, message, prune=False) for line, column, message in source.problems]
    try:
        loaded = load_record(source.text)
    except EmptyRecordError:
        template, command = ("fournisseur.yml", "new-fournisseur") if kind == "provider" else ("api.yml", "new-api")
        if kind == "theme":
            message = "la fiche est vide ; donnez le nom (name) et la présentation (description) du thème"
        else:
            message = f"la fiche est vide ; partez du modèle (templates/{template}) ou de make {command}"
        return CheckedRecord({}, [*early, Problem((), 1, 1, message)], None)
    except RecordSyntaxError as exc:
        problem = Problem(exc.path, exc.line, exc.column, exc.message)
        return CheckedRecord({}, sorted([*early, problem], key=_order), None)
    checked = check_loaded(kind, identifier, loaded)
    checked.problems[:0] = [replace(p, path=_path_at(loaded, p.line, p.column)) for p in early]
    checked.problems.sort(key=_order)
    return checked


def _path_at(loaded: LoadedRecord, line: int, column: int) -> Path:
    """The field whose value holds the place (*line*, *column*): the last one starting before it."""
    best: Path = ()
    start = (0, 0)
    for path, position in loaded.positions.items():
        if start <= position <= (line, column) and (position, len(path)) > (start, len(best)):
            best, start = path, position
    return best


def _order(problem: Problem) -> tuple[int, int, str]:
    return (problem.line, problem.column, problem.message)


def check_loaded(kind: Kind, identifier: str, loaded: LoadedRecord) -> CheckedRecord:
    problems: list[Problem] = [
        Problem(path, line, column, message, prune=False)
        for path, line, column, message in loaded.character_problems
    ]
    data = loaded.data
    if not isinstance(data, dict):
        what = "une liste" if isinstance(data, list) else "une simple valeur"
        problems.append(
            Problem(
                (),
                1,
                1,
                f"la fiche est {what} ; elle doit être une suite de lignes « clé: valeur » "
                "(partez du modèle du dossier templates/)",
            )
        )
        return CheckedRecord({}, problems, loaded)
    data = _coerce(kind, data, loaded)
    problems.extend(_schema_problems(kind, data, loaded))
    problems.extend(_rule_problems(kind, data, loaded))
    refused, mentions = _markdown(kind, data, loaded)
    problems.extend(refused)
    problems.sort(key=_order)
    return CheckedRecord(prune(data, [p.path for p in problems if p.prune]), problems, loaded, mentions)


def check_file(kind: Kind, path: FilePath) -> CheckedRecord:
    """Check a record file on disk, bytes included (BOM, encoding, size)."""
    try:
        source = read_source(path.read_bytes())
    except RecordSyntaxError as exc:
        return CheckedRecord({}, [Problem((), exc.line, exc.column, exc.message)], None)
    return check_source(kind, path.stem, source)


# -- Coercions -----------------------------------------------------------------

_DATE_FIELDS = ("last_update", "sunset_date")
_YES_NO = {"yes": "yes", "no": "no", "true": "yes", "false": "no"}


def _coerce(kind: Kind, data: dict[str, Any], loaded: LoadedRecord) -> dict[str, Any]:
    """Accept the two spellings that YAML 1.1 turns into other types on purpose.

    - an unquoted ISO date (``2024-05-02``) is read by YAML as a date: it is
      exactly what a date field wants, so it becomes the string back;
    - ``eligible: yes`` / ``no`` are read as booleans: the format's values are
      ``yes`` and ``no``, so they are taken back as such.  (``on``/``off`` are
      not: nobody means them.)
    """
    if kind != "api":
        return data
    data = dict(data)
    for key in _DATE_FIELDS:
        if isinstance(data.get(key), dt.date):
            data[key] = data[key].isoformat()
    eligibility = data.get("eligibility")
    if isinstance(eligibility, list):
        items = []
        for index, item in enumerate(eligibility):
            if isinstance(item, dict) and isinstance(item.get("eligible"), bool):
                scalar = loaded.scalars.get(("eligibility", index, "eligible"))
                if scalar is not None and scalar.text.lower() in _YES_NO:
                    item = {**item, "eligible": _YES_NO[scalar.text.lower()]}
            items.append(item)
        data["eligibility"] = items
    return data


# -- Schema ------------------------------------------------------------------------

_TYPE_NAMES = {
    "string": "du texte",
    "array": "une liste (une ligne « - élément » par élément)",
    "object": "une table de clés (lignes « clé: valeur »)",
    "number": "un nombre",
    "integer": "un nombre entier",
    "boolean": "vrai ou faux",
}


def _schema_problems(kind: Kind, data: dict[str, Any], loaded: LoadedRecord) -> Iterable[Problem]:
    validator = schemas.validator(kind)
    reported: set[Path] = set()
    for error in validator.iter_errors(data):
        for problem in _translate(kind, error, loaded):
            # One problem per place: a bad date fails both its pattern and
            # its format, and saying it once is enough.
            if problem.path not in reported:
                reported.add(problem.path)
                yield problem


def _translate(kind: Kind, error: jsonschema.ValidationError, loaded: LoadedRecord) -> Iterable[Problem]:
    path: Path = tuple(error.absolute_path)
    line, column = loaded.position(path)
    keyword = error.validator
    value = error.instance

    def problem(message: str, at: Path = path) -> Problem:
        at_line, at_column = loaded.position(at)
        return Problem(at, at_line, at_column, message)

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
        yield problem(_type_message(error.validator_value, value, loaded.scalars.get(path), _required(kind, path)))
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
            yield problem(_empty_message(_required(kind, path)))
        else:
            yield problem(f"texte trop court ; écrivez au moins {error.validator_value} caractères")
    elif keyword == "maxLength":
        yield problem(f"texte trop long ({len(value)} caractères) ; ne dépassez pas {error.validator_value} caractères")
    elif keyword == "minItems":
        if _required(kind, path):
            yield problem("liste vide ; donnez au moins un élément (champ obligatoire)")
        else:
            yield problem("liste vide ; donnez au moins un élément ou supprimez la clé")
    elif keyword == "uniqueItems":
        yield problem("élément en double dans la liste ; supprimez le doublon")
    elif keyword in ("exclusiveMinimum", "minimum", "maximum", "exclusiveMaximum"):
        yield problem(f"{value} est hors limites ; donnez un pourcentage entre 0 et 100, comme 99.5")
    else:  # pragma: no cover - a keyword added to the schema without a message
        yield problem(error.message)


def _required(kind: Kind, path: Path) -> bool:
    """Whether *path* names a required field (top level, or in an eligibility item)."""
    record_schema = schemas.load_schemas()[kind]
    if len(path) == 1:
        return path[0] in record_schema.get("required", ())
    if kind == "api" and len(path) == 3 and path[0] == "eligibility":
        return path[2] in record_schema["properties"]["eligibility"]["items"]["required"]
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


# -- Rules beyond the schema ----------------------------------------------------------


def _rule_problems(kind: Kind, data: dict[str, Any], loaded: LoadedRecord) -> Iterable[Problem]:
    def problem(path: Path, message: str) -> Problem:
        line, column = loaded.position(path)
        return Problem(path, line, column, message)

    if kind == "api":
        access = data.get("access")
        if access in ("account", "restricted") and "access_link" not in data:
            what = "création de compte" if access == "account" else "demande d'habilitation"
            yield problem(
                ("access",),
                f"une API « {access} » doit dire où demander l'accès ; ajoutez access_link "
                f"avec l'adresse de la page de {what}",
            )
        status = data.get("status")
        if status == "deprecated" and "sunset_date" not in data:
            yield problem(
                ("status",),
                "une API dépréciée doit annoncer sa date de fin de service ; ajoutez "
                "sunset_date: AAAA-MM-JJ",
            )
        if "sunset_date" in data and status not in ("deprecated", "retired"):
            yield problem(
                ("sunset_date",),
                "une date de fin de service n'a de sens que pour une API dépréciée ; "
                "ajoutez status: deprecated ou supprimez sunset_date",
            )
    yield from _placeholder_problems(kind, data, loaded)


#: Text that is obviously left from a template (ours or api.gouv.fr's).
_PLACEHOLDER = re.compile(
    r"\bXXX+\b|\bTODO\b|\bTBD\b|lorem ipsum|à compléter|a completer|\bhttps?://URL\b"
    r"|identifiant[-_]du[-_]fournisseur|identifiant_fournisseur|contact@contact\.fr",
    re.IGNORECASE,
)

#: Lower-case fragments that every match of :data:`_PLACEHOLDER` contains.
_PLACEHOLDER_CLUES = (
    "xxx", "todo", "tbd", "lorem ipsum", "compléter", "completer", "://url",
    "identifiant", "contact@contact.fr",
)

#: Fields whose value may legitimately equal the template's: controlled
#: lists, and plausible real values (a rate limit, a licence, a support line).
_NOT_PLACEHOLDERS = {
    "access", "status", "type", "themes", "eligibility", "rate_limiting_resume",
    "rate_limiting_description", "availability", "support", "terms_summary",
}


@lru_cache(maxsize=4)
def _template_values(kind: Kind) -> dict[str, Any]:
    """The example values of the record template, to catch copies left as is."""
    name = {"api": "api.yml", "provider": "fournisseur.yml"}.get(kind)
    if name is None:
        return {}
    path = schemas.DEFAULT_SCHEMA_DIR.parent / "templates" / name
    try:
        data = load_record(path.read_text(encoding="utf-8")).data
    except (OSError, RecordSyntaxError):
        return {}
    return {k: v for k, v in data.items() if k not in _NOT_PLACEHOLDERS}


def _placeholder_problems(kind: Kind, data: dict[str, Any], loaded: LoadedRecord) -> Iterable[Problem]:
    template = _template_values(kind)
    # A quick look over all the text first: most records hold no placeholder.
    everything = "\n".join(text for _, text in _strings_under((), data)).casefold()
    suspicious = any(clue in everything for clue in _PLACEHOLDER_CLUES)
    for key, value in data.items():
        if key in _NOT_PLACEHOLDERS:
            continue
        if key in template and value == template[key] and not isinstance(value, (int, float)):
            line, column = loaded.position((key,))
            yield Problem(
                (key,),
                line,
                column,
                "valeur d'exemple du modèle laissée telle quelle ; remplacez-la par la vôtre "
                "ou supprimez la clé si elle est facultative",
            )
            continue
        for path, text in _strings_under((key,), value) if suspicious else ():
            match = _PLACEHOLDER.search(text)
            if match:
                line, column = loaded.position(path)
                yield Problem(
                    path,
                    line,
                    column,
                    f"« {match.group(0)} » ressemble à un texte de modèle laissé tel quel ; "
                    "remplacez-le par l'information réelle",
                )
                break


def _strings_under(path: Path, value: Any) -> Iterable[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_under(path + (index,), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_under(path + (key,), item)


# -- Markdown ---------------------------------------------------------------------------


def markdown_paths(kind: Kind, data: dict[str, Any]) -> Iterable[Path]:
    """Paths of the Markdown texts of *data*: where the schema says ``text/markdown``.

    Declared once, in the schema, so that a Markdown field added to the
    format is checked (and rendered through the same allowlist) at once.
    """

    def walk(value: Any, schema: dict[str, Any], path: Path) -> Iterable[Path]:
        if schema.get("contentMediaType") == "text/markdown" and isinstance(value, str):
            yield path
        elif isinstance(value, dict):
            properties = schema.get("properties", {})
            for key, item in value.items():
                if key in properties:
                    yield from walk(item, properties[key], path + (key,))
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                yield from walk(item, schema["items"], path + (index,))

    return walk(data, schemas.validator(kind).schema, ())


def _markdown(kind: Kind, data: dict[str, Any], loaded: LoadedRecord) -> tuple[list[Problem], list[Mention]]:
    """Refused constructs of the Markdown texts, and the records they name."""
    problems: list[Problem] = []
    mentions: list[Mention] = []
    for path in markdown_paths(kind, data):
        refusals, named = dialect.inspect(_value_at(data, path))
        for refusal in refusals:
            line, column = loaded.text_position(path, refusal.line, refusal.column)
            problems.append(Problem(path, line, column, refusal.message, prune=False))
        for mention in named:
            line, column = loaded.text_position(path, mention.line, mention.column)
            mentions.append(Mention(path, line, column, mention.kind, mention.target))  # type: ignore[arg-type]
    return problems, mentions


def _value_at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


# -- Pruning --------------------------------------------------------------------------


def prune(data: dict[str, Any], bad_paths: Iterable[Path]) -> dict[str, Any]:
    """A copy of *data* without the values at *bad_paths*.

    A record with problems is still shown (with a notice), but a value that
    failed its check is never used: a ``javascript:`` link is not rendered
    as a link, an unknown access mode is not shown as a badge.
    """
    bad = {path for path in bad_paths if path}
    if not bad:
        return data

    def walk(value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, path + (k,)) for k, v in value.items() if path + (k,) not in bad}
        if isinstance(value, list):
            return [walk(v, path + (i,)) for i, v in enumerate(value) if path + (i,) not in bad]
        return value

    return walk(data, ())
