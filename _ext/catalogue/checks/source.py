"""Safe YAML loading of one record file, keeping the position of every value.

PyYAML alone is not enough for records written by hand: it keeps the last of
two duplicate keys silently, expands aliases (the "billion laughs"), forgets
where each value was written, and turns ``yes`` or ``1.10`` into a boolean or
a float without a trace.  This module composes the YAML node graph itself so
that it can

- reject anchors, aliases and tags that are not YAML's standard ones;
- reject duplicate keys, naming both lines;
- remember, for every value, its ``(line, column)`` and the text as written,
  so that errors can point at the place and explain the YAML 1.1 traps.

It reads bytes, so that a byte-order mark, a file that is not UTF-8 or an
oversized file are reported as such instead of being silently repaired, and
counts lines as editors do (see :mod:`catalogue.characters`).  Nesting is
bounded (:data:`MAX_DEPTH`): a record is a page, and a thousand nested
lists would only exhaust the recursion of every tool after this one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from . import characters
from .problems import FieldPath
from .yaml_messages import explain

#: Records larger than this are refused: a record is a page, not a data dump.
MAX_RECORD_BYTES = 256 * 1024

#: Deepest nesting of lists and tables in a record (the format needs 3).
MAX_DEPTH = 12


#: Standard tags a record may carry (implicitly, through YAML's resolver).
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(frozen=True)
class Scalar:
    """How a scalar value was written in the file."""

    text: str
    #: YAML style: None for plain (unquoted), or one of ``'"|>``.
    style: str | None
    tag: str
    #: 1-based line where the scalar starts (a block scalar's ``|`` or ``>``).
    line: int
    #: 1-based column where the scalar starts (its quote, if quoted).
    column: int = 1


@dataclass
class LoadedRecord:
    """A record's data with, for every path, where it is and how it was written."""

    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[FieldPath, Scalar] = field(default_factory=dict)
    #: The source, lines counted as an editor does (see :func:`read_source`).
    text: str = ""
    #: Refused characters that YAML escapes produced: (path, line, column,
    #: message, code); the value keeps a U+FFFD in their place.
    character_problems: list[tuple[FieldPath, int, int, str, str]] = field(default_factory=list)

    def position(self, path: FieldPath) -> tuple[int, int]:
        """Line and column (1-based) of *path*, or of its nearest parent."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def text_line(self, path: FieldPath) -> int:
        """0-based line where the text of a string value starts.

        For a block scalar (``|`` or ``>``) the text starts on the line after
        the indicator; MyST uses this offset to report its own warnings on
        the right line of the YAML file.
        """
        scalar = self.scalars.get(path)
        if scalar is None:
            return self.position(path)[0] - 1
        if scalar.style in ("|", ">"):
            return scalar.line
        return scalar.line - 1

    def text_position(self, path: FieldPath, line: int, column: int) -> tuple[int, int]:
        """Line and column (1-based) in the file of a place in the string at *path*.

        *line* and *column* are 0-based, in the string's own text.  Exact
        for block scalars (``|``, the form of long texts) and for the first
        line of any scalar; a folded or multi-line quoted scalar gives the
        right line and an approximate column.
        """
        scalar = self.scalars.get(path)
        if scalar is None:
            return self.position(path)
        if scalar.style in ("|", ">"):
            lines = self.text.split("\n")
            indent = next(
                (len(text) - len(text.lstrip(" ")) for text in lines[scalar.line :] if text.strip()), 0
            )
            return scalar.line + 1 + line, indent + column + 1
        if line == 0:
            quote = 1 if scalar.style in ("'", '"') else 0
            return scalar.line, scalar.column + quote + column
        return scalar.line + line, column + 1


class RecordSyntaxError(Exception):
    """The file cannot be read as a record; carries the place of the problem."""

    def __init__(
        self, message: str, line: int = 1, column: int = 1, path: FieldPath = (), code: str = "yaml.syntax"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.path = path
        #: See :mod:`catalogue.checks.problems`.
        self.code = code


class EmptyRecordError(RecordSyntaxError):
    """The file holds no YAML value (empty, or only comments)."""


class _Composer(Composer):
    """A composer that refuses anchors and aliases instead of expanding them,
    and nesting deeper than :data:`MAX_DEPTH`."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        event = self.peek_event()
        if self._depth >= MAX_DEPTH and isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            _refuse(
                event,
                f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux de listes ou de "
                "tables) ; une fiche n'en demande que trois : simplifiez la structure",
                "yaml.depth",
            )
        if isinstance(event, AliasEvent):
            _refuse(
                event,
                f"alias « *{event.anchor} » refusé ; les ancres et alias YAML ne sont "
                "pas acceptés dans une fiche : recopiez la valeur",
                "yaml.alias",
            )
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.anchor:
            _refuse(
                event,
                f"ancre « &{event.anchor} » refusée ; les ancres et alias YAML ne sont "
                "pas acceptés dans une fiche : supprimez-la",
                "yaml.anchor",
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _refuse(event: Any, message: str, code: str) -> None:
    mark = event.start_mark
    raise RecordSyntaxError(message, mark.line + 1, mark.column + 1, code=code)


class _PyNodeLoader(Reader, Scanner, Parser, _Composer, SafeConstructor, Resolver):
    """PyYAML's pure-Python safe loader, composing nodes with :class:`_Composer`."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    _NodeLoader: type = _PyNodeLoader
else:

    class _CNodeLoader(_Composer, CParser, SafeConstructor, Resolver):
        """Same, with libyaml's scanner and parser: about seven times faster.

        Only events come from C; composing stays in :class:`_Composer`, so
        anchors and aliases are refused all the same.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _NodeLoader = _CNodeLoader


@dataclass(frozen=True)
class Source:
    """A record file's text, ready for YAML, and the characters refused in it."""

    text: str
    #: (line, column, message, code) of each refused character of the file.
    problems: tuple[tuple[int, int, str, str], ...] = ()


def read_source(raw: bytes) -> Source:
    """The text of a record file: decoded, lines as an editor counts them.

    A refused character (see :mod:`catalogue.characters`) is reported at
    its place and replaced by U+FFFD, so that the rest of the record is
    still read and checked.

    :raises RecordSyntaxError: the file is too large, starts with a
        byte-order mark, or is not UTF-8.
    """
    return source_of(decode_record_bytes(raw))


def source_of(text: str) -> Source:
    """:func:`read_source` for text already decoded."""
    text = characters.normalize_newlines(text)
    problems = tuple(
        (*characters.position(text, index), characters.message(char), characters.code(char))
        for index, char in characters.unsafe(text)
    )
    if problems:
        text = characters.replace_unsafe(text)
    return Source(text, problems)


def decode_record_bytes(raw: bytes) -> str:
    """Decode a record file, refusing what an editor would hide."""
    if len(raw) > MAX_RECORD_BYTES:
        raise RecordSyntaxError(
            f"fichier trop volumineux ({-(-len(raw) // 1024)} Kio) ; une fiche ne doit pas "
            f"dépasser {MAX_RECORD_BYTES // 1024} Kio : raccourcissez la description",
            code="file.size",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise RecordSyntaxError(
            "le fichier commence par une marque d'ordre des octets (BOM) ; "
            "enregistrez-le en UTF-8 sans BOM",
            code="file.bom",
        )
    error = encoding_error(raw)
    if error is not None:
        raise error
    return raw.decode("utf-8")


def encoding_error(raw: bytes) -> RecordSyntaxError | None:
    """The problem of bytes that are not UTF-8, at the first bad byte."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return RecordSyntaxError(
            "le fichier n'est pas encodé en UTF-8 ; enregistrez-le en UTF-8", line, column, code="file.encoding"
        )
    return None


def load_record(text: str) -> LoadedRecord:
    """Parse the YAML *text* of one record.

    :raises RecordSyntaxError: on a YAML syntax error, an anchor or alias, a
        non-standard tag, a duplicate key, or an empty document.
    """
    loader = _NodeLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            message, mark = explain(exc, text)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise RecordSyntaxError(
                f"erreur de syntaxe YAML : {message} ; "
                "vérifiez l'indentation, les deux-points et les guillemets",
                line,
                column,
            ) from None
        except yaml.reader.ReaderError as exc:  # a character read_source did not replace
            line, column = characters.position(text, exc.position)
            char = chr(exc.character)
            raise RecordSyntaxError(characters.message(char), line, column, code=characters.code(char)) from None
        except yaml.YAMLError as exc:
            raise RecordSyntaxError(f"erreur de syntaxe YAML : {exc}") from None
        if root is None:
            raise EmptyRecordError("la fiche est vide", code="yaml.empty")
        loaded = LoadedRecord(data=None, text=text)
        loaded.data = _construct(loader, root, (), loaded)
        return loaded
    finally:
        loader.dispose()


def _construct(loader: _NodeLoader, node: Node, path: FieldPath, out: LoadedRecord) -> Any:
    out.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if node.tag not in _SAFE_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise RecordSyntaxError(
            f"étiquette YAML « {tag} » refusée ; une fiche ne contient que du texte, "
            "des nombres, des dates, des listes et des tables : retirez l'étiquette",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            path,
            code="yaml.tag",
        )
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise RecordSyntaxError(
                    "une clé doit être un simple mot ; retirez les accolades ou crochets",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    code="yaml.syntax",
                )
            key = characters.replace_unsafe(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise RecordSyntaxError(
                    f"clé en double (déjà définie ligne {seen[key]}) ; gardez une seule des deux",
                    line,
                    key_node.start_mark.column + 1,
                    path + (key,),
                    code="yaml.duplicate-key",
                )
            seen[key] = line
            child = path + (key,)
            out.positions[child] = (line, key_node.start_mark.column + 1)
            result[key] = _construct(loader, value_node, child, out)
        return result
    if isinstance(node, SequenceNode):
        return [
            _construct(loader, item, path + (index,), out)
            for index, item in enumerate(node.value)
        ]
    assert isinstance(node, ScalarNode)
    # libyaml reports the plain style as "", pure-Python PyYAML as None.
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    out.scalars[path] = Scalar(node.value, node.style or None, node.tag, line, column)
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError):
        # e.g. an impossible timestamp "2024-02-30": keep what was written.
        value = node.value
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    if isinstance(value, str) and characters.has_unsafe(value):
        # Raw characters were replaced by read_source: these come from
        # escapes ("\u202e", "\x00"), so the place is the scalar's.
        for _, char in characters.unsafe(value):
            out.character_problems.append((path, line, column, characters.message(char), characters.code(char)))
        value = characters.replace_unsafe(value)
    return value
