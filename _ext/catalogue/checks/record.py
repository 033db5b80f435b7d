"""Checking one record: reading, JSON Schema, the rules a schema cannot say, Markdown.

Both doors call :func:`check_source` (or :func:`check_file`): the Sphinx
build for each record it reads, ``make validate`` for each file of the
census.  The outcome (:class:`~.problems.CheckedRecord`) is the data with
the values that failed their check left out, the problems in the order of
the file, and the records the Markdown names.  Checks that need the other
records (does the producer exist?) are in :mod:`.catalogue`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
import dataclasses
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..records.format import record_format
from ..records.kinds import Kind
from ..records.schema import DEFAULT_SCHEMA_DIR
from . import dialect
from .problems import FieldPath, Mention, Problem, order
from .schema_errors import schema_problems
from .source import EmptyRecordError, LoadedRecord, RecordSyntaxError, Source, load_record, read_source, source_of

@dataclass
class CheckedRecord:
    """The outcome of checking one file: clean data, problems, positions."""

    data: dict[str, Any]
    problems: list[Problem]
    loaded: LoadedRecord | None
    #: Records that the Markdown texts name with roles, for the cross-checks.
    mentions: list[Mention] = dataclasses.field(default_factory=list)


# -- Entry points ---------------------------------------------------------------


def check_text(kind: Kind, text: str, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> CheckedRecord:
    """Check the YAML *text* of a record."""
    return check_source(kind, source_of(text), schema_dir)


def check_file(kind: Kind, path: Path, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> CheckedRecord:
    """Check a record file on disk, bytes included (BOM, encoding, size)."""
    try:
        source = read_source(path.read_bytes())
    except RecordSyntaxError as exc:
        return CheckedRecord({}, [Problem((), exc.line, exc.column, exc.message, exc.code)], None)
    return check_source(kind, source, schema_dir)


def check_source(kind: Kind, source: Source, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> CheckedRecord:
    """Check a record's source, with the characters already refused in it.

    Whatever the record holds, this returns: a failure of the checks
    themselves (a bug, or an input no one foresaw) is the record's problem,
    reported in the same words by both doors, never a crash of the run.
    """
    try:
        return _check_source(kind, source, schema_dir)
    except Exception as exc:  # noqa: BLE001 - one record must not stop the catalogue
        return CheckedRecord({}, [internal_problem(exc)], None)


def internal_problem(exc: BaseException) -> Problem:
    message = (
        f"erreur interne en lisant cette fiche ({type(exc).__name__}) ; signalez-la aux "
        "mainteneurs du catalogue avec le fichier (voir SECURITY.md)"
    )
    return Problem((), 1, 1, message, "internal.error")


def _check_source(kind: Kind, source: Source, schema_dir: Path) -> CheckedRecord:
    early = [Problem((), line, column, message, code, prune=False) for line, column, message, code in source.problems]
    try:
        loaded = load_record(source.text)
    except EmptyRecordError as exc:
        return CheckedRecord({}, [*early, Problem((), 1, 1, _empty_message(kind), exc.code)], None)
    except RecordSyntaxError as exc:
        problem = Problem(exc.path, exc.line, exc.column, exc.message, exc.code)
        return CheckedRecord({}, sorted([*early, problem], key=order), None)
    checked = check_loaded(kind, loaded, schema_dir)
    checked.problems[:0] = [replace(p, path=_path_at(loaded, p.line, p.column)) for p in early]
    checked.problems.sort(key=order)
    return checked


def _empty_message(kind: Kind) -> str:
    if kind == "theme":
        return "la fiche est vide ; donnez le nom (name) et la présentation (description) du thème"
    template, command = ("fournisseur.yml", "new-fournisseur") if kind == "provider" else ("api.yml", "new-api")
    return f"la fiche est vide ; partez du modèle (templates/{template}) ou de make {command}"


def _path_at(loaded: LoadedRecord, line: int, column: int) -> FieldPath:
    """The field whose value holds the place (*line*, *column*): the last one starting before it."""
    best: FieldPath = ()
    start = (0, 0)
    for path, position in loaded.positions.items():
        if start <= position <= (line, column) and (position, len(path)) > (start, len(best)):
            best, start = path, position
    return best


def check_loaded(kind: Kind, loaded: LoadedRecord, schema_dir: Path = DEFAULT_SCHEMA_DIR) -> CheckedRecord:
    problems: list[Problem] = [
        Problem(path, line, column, message, code, prune=False)
        for path, line, column, message, code in loaded.character_problems
    ]
    data = loaded.data
    if not isinstance(data, dict):
        what = "une liste" if isinstance(data, list) else "une simple valeur"
        problems.append(
            Problem(
                (), 1, 1,
                f"la fiche est {what} ; elle doit être une suite de lignes « clé: valeur » "
                "(partez du modèle du dossier templates/)",
                "yaml.not-a-table",
            )
        )
        return CheckedRecord({}, problems, loaded)
    data = _coerce(kind, data, loaded, schema_dir)
    problems.extend(schema_problems(kind, data, loaded, schema_dir))
    problems.extend(_rule_problems(kind, data, loaded))
    problems.extend(_placeholder_problems(kind, data, loaded, schema_dir))
    refused, mentions = _markdown(kind, data, loaded, schema_dir)
    problems.extend(refused)
    problems.sort(key=order)
    return CheckedRecord(prune(data, [p.path for p in problems if p.prune]), problems, loaded, mentions)


# -- Coercions -----------------------------------------------------------------

_YES_NO = {"yes": "yes", "no": "no", "true": "yes", "false": "no"}


def _coerce(kind: Kind, data: dict[str, Any], loaded: LoadedRecord, schema_dir: Path) -> dict[str, Any]:
    """Accept the two spellings that YAML 1.1 turns into other types on purpose.

    - an unquoted ISO date (``2024-05-02``) is read by YAML as a date: it is
      exactly what a date field wants, so it becomes the string back;
    - ``yes`` / ``no`` in a controlled list that holds them (``eligible``)
      are read as booleans: they are taken back as such.  (``on``/``off``
      are not: nobody means them.)
    """
    form = record_format(kind, schema_dir)
    data = dict(data)
    for field in form.of_sort("date"):
        if isinstance(data.get(field.name), dt.date):
            data[field.name] = data[field.name].isoformat()
    for field in form.of_sort("entries"):
        entries = data.get(field.name)
        if not isinstance(entries, list):
            continue
        yes_no = [sub.name for sub in field.subfields if sub.sort == "enum"]
        items = []
        for index, item in enumerate(entries):
            if isinstance(item, dict):
                for name in yes_no:
                    scalar = loaded.scalars.get((field.name, index, name))
                    if isinstance(item.get(name), bool) and scalar is not None and scalar.text.lower() in _YES_NO:
                        item = {**item, name: _YES_NO[scalar.text.lower()]}
            items.append(item)
        data[field.name] = items
    return data


# -- Rules beyond the schema ----------------------------------------------------------


def _rule_problems(kind: Kind, data: dict[str, Any], loaded: LoadedRecord) -> Iterable[Problem]:
    def problem(path: FieldPath, message: str, code: str) -> Problem:
        line, column = loaded.position(path)
        return Problem(path, line, column, message, code)

    if kind == "api":
        access = data.get("access")
        if access in ("account", "restricted") and "access_link" not in data:
            what = "création de compte" if access == "account" else "demande d'habilitation"
            yield problem(
                ("access",),
                f"une API « {access} » doit dire où demander l'accès ; ajoutez access_link "
                f"avec l'adresse de la page de {what}",
                "rule.access-link",
            )
        status = data.get("status")
        if status == "deprecated" and "sunset_date" not in data:
            yield problem(
                ("status",),
                "une API dépréciée doit annoncer sa date de fin de service ; ajoutez "
                "sunset_date: AAAA-MM-JJ",
                "rule.sunset-date",
            )
        if "sunset_date" in data and status not in ("deprecated", "retired"):
            yield problem(
                ("sunset_date",),
                "une date de fin de service n'a de sens que pour une API dépréciée ; "
                "ajoutez status: deprecated ou supprimez sunset_date",
                "rule.sunset-status",
            )


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

def _example_allowed(kind: Kind, schema_dir: Path) -> set[str]:
    """Fields whose value may equal the template's: controlled lists, numbers,
    and fields whose schema says so (``"x-catalogue": {"example": "allowed"}``:
    a plausible real value, such as a rate limit or a support line)."""
    form = record_format(kind, schema_dir)
    return {
        f.name
        for f in form.fields
        if f.sort in ("enum", "number", "entries") or f.item == "theme" or f.annotation.get("example") == "allowed"
    }


@lru_cache(maxsize=8)
def _template_values(kind: Kind, schema_dir: Path) -> dict[str, Any]:
    """The example values of the record template, to catch copies left as is."""
    name = {"api": "api.yml", "provider": "fournisseur.yml"}.get(kind)
    if name is None:
        return {}
    path = schema_dir.parent / "templates" / name
    try:
        data = load_record(path.read_text(encoding="utf-8")).data
    except (OSError, RecordSyntaxError):
        return {}
    allowed = _example_allowed(kind, schema_dir)
    return {k: v for k, v in data.items() if k not in allowed}


def _placeholder_problems(kind: Kind, data: dict[str, Any], loaded: LoadedRecord, schema_dir: Path) -> Iterable[Problem]:
    template = _template_values(kind, schema_dir)
    allowed = _example_allowed(kind, schema_dir)
    # A quick look over all the text first: most records hold no placeholder.
    everything = "\n".join(text for _, text in _strings_under((), data)).casefold()
    suspicious = any(clue in everything for clue in _PLACEHOLDER_CLUES)
    for key, value in data.items():
        if key in allowed:
            continue
        if key in template and value == template[key] and not isinstance(value, (int, float)):
            line, column = loaded.position((key,))
            yield Problem(
                (key,),
                line,
                column,
                "valeur d'exemple du modèle laissée telle quelle ; remplacez-la par la vôtre "
                "ou supprimez la clé si elle est facultative",
                "template.example",
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
                    "template.placeholder",
                )
                break


def _strings_under(path: FieldPath, value: Any) -> Iterable[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_under(path + (index,), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_under(path + (key,), item)


# -- Markdown ---------------------------------------------------------------------------


def markdown_paths(kind: Kind, data: dict[str, Any], schema_dir: Path = DEFAULT_SCHEMA_DIR) -> Iterable[FieldPath]:
    """Paths of the Markdown texts of *data*: the fields whose sort is ``markdown``.

    Declared once, in the schema (``contentMediaType: text/markdown``), so
    that a Markdown field added to the format is checked (and rendered
    through the same allowlist) at once.
    """
    for field in record_format(kind, schema_dir).fields:
        value = data.get(field.name)
        if field.markdown and isinstance(value, str):
            yield (field.name,)
        elif field.sort == "entries" and isinstance(value, list):
            for index, item in enumerate(value):
                for sub in field.subfields:
                    if sub.markdown and isinstance(item, dict) and isinstance(item.get(sub.name), str):
                        yield (field.name, index, sub.name)


def _markdown(
    kind: Kind, data: dict[str, Any], loaded: LoadedRecord, schema_dir: Path
) -> tuple[list[Problem], list[Mention]]:
    """Refused constructs of the Markdown texts, and the records they name."""
    problems: list[Problem] = []
    mentions: list[Mention] = []
    for path in markdown_paths(kind, data, schema_dir):
        refusals, named = dialect.inspect(_value_at(data, path))
        for refusal in refusals:
            line, column = loaded.text_position(path, refusal.line, refusal.column)
            code = "markdown." + refusal.code.replace("_", "-")
            problems.append(Problem(path, line, column, refusal.message, code, prune=False))
        for mention in named:
            line, column = loaded.text_position(path, mention.line, mention.column)
            mentions.append(Mention(path, line, column, mention.kind, mention.target))  # type: ignore[arg-type]
    return problems, mentions


def _value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


# -- Pruning --------------------------------------------------------------------------


def prune(data: dict[str, Any], bad_paths: Iterable[FieldPath]) -> dict[str, Any]:
    """A copy of *data* without the values at *bad_paths*.

    A record with problems is still shown (with a notice), but a value that
    failed its check is never used: a ``javascript:`` link is not rendered
    as a link, an unknown access mode is not shown as a badge.
    """
    bad = {path for path in bad_paths if path}
    if not bad:
        return data

    def walk(value: Any, path: FieldPath) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, path + (k,)) for k, v in value.items() if path + (k,) not in bad}
        if isinstance(value, list):
            return [walk(v, path + (i,)) for i, v in enumerate(value) if path + (i,) not in bad]
        return value

    return walk(data, ())
