"""Reading a specification file: bytes, size, encoding, JSON or YAML, bounded.

A specification comes from another organisation's server, so the reading
is bounded before anything else looks at it:

- **size**: at most :data:`MAX_BYTES`, checked while reading the file (a
  bigger one is not read past the limit);
- **YAML aliases**: specifications use anchors legitimately (a schema
  written once, used twice), so they are accepted, but a YAML document can
  expand a kilobyte into billions of values (the "billion laughs").  The
  composer counts every value a reader would visit, each alias adding the
  size of what it stands for, and refuses the document past
  :data:`MAX_NODES`: the count is an addition per alias, never a visit, so
  a bomb is refused in the time it takes to parse it.  An alias inside its
  own anchor (a loop) is refused too;
- **nesting**: past :data:`MAX_DEPTH` levels, YAML is refused while it is
  composed (Python's composer recurses); JSON deeper than Python's own
  limit is refused by the JSON parser, and :func:`plain` cuts what lies
  past :data:`MAX_DEPTH`;
- **values**: YAML keys that are not strings (``200:``), dates and the
  other YAML types become the strings and numbers JSON would give, so that
  the validator and the reader see what a JSON file would hold.

Nothing here raises on bad input: each function returns what it could read
and the problems, in French (see :class:`~.model.SpecProblem`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import Node
from yaml.resolver import Resolver

from ..checks.yaml_messages import explain
from .model import SpecProblem

#: The largest specification read: ample for real ones (the largest known
#: to the catalogue is 276 KiB), small enough for every page build.
MAX_BYTES = 3 * 1024 * 1024

#: The most values (mappings, lists and scalars, aliases expanded) that a
#: YAML document may hold; a 3 MiB JSON file holds fewer.
MAX_NODES = 1_000_000

#: Deepest nesting of mappings and lists kept (real specifications need 30).
MAX_DEPTH = 100


def syntax_of(name: str) -> str:
    """``json`` or ``yaml``, from a file name."""
    return "json" if name.lower().endswith(".json") else "yaml"


def read_bytes(path: Path) -> tuple[bytes | None, list[SpecProblem]]:
    """The bytes of *path*, at most :data:`MAX_BYTES` of them (never more are read)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [
            SpecProblem("", f"fichier illisible ({exc.strerror or type(exc).__name__}) ; "
                        "relancez make specs pour le télécharger à nouveau", "file.unreadable")
        ]
    if len(data) > MAX_BYTES:
        return None, [too_big()]
    return data, []


def too_big() -> SpecProblem:
    return SpecProblem(
        "",
        f"fichier trop volumineux (plus de {MAX_BYTES // (1024 * 1024)} Mio) ; le catalogue ne lit pas "
        "de spécification plus grosse : demandez au fournisseur une version allégée",
        "file.size",
    )


def parse(data: bytes, syntax: str) -> tuple[Any, list[SpecProblem]]:
    """The document held in *data* (JSON or YAML), as plain JSON values, or None."""
    if len(data) > MAX_BYTES:
        return None, [too_big()]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            SpecProblem("", f"le fichier n'est pas encodé en UTF-8 (octet {exc.start + 1}) ; "
                        "enregistrez-le en UTF-8", "file.encoding")
        ]
    if syntax == "json":
        document, problems = _json(text)
    else:
        document, problems = _yaml(text)
    if problems:
        return None, problems
    return plain(document)


def _json(text: str) -> tuple[Any, list[SpecProblem]]:
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        message = (f"erreur de syntaxe JSON ligne {exc.lineno}, colonne {exc.colno} ({exc.msg}) ; "
                   "vérifiez les virgules, guillemets et accolades")
    except RecursionError:
        message = f"imbrication trop profonde ; une spécification ne dépasse pas {MAX_DEPTH} niveaux"
        return None, [SpecProblem("", message, "syntax.depth")]
    except ValueError as exc:  # a number of more than 4,300 digits
        message = f"valeur JSON illisible ({exc}) ; corrigez-la"
    return None, [SpecProblem("", message, "syntax.json")]


class _TooMuch(Exception):
    def __init__(self, message: str, code: str, event: Any) -> None:
        super().__init__(message)
        self.message, self.code, self.mark = message, code, event.start_mark


class _BoundedComposer(Composer):
    """PyYAML's composer, counting values (aliases expanded) and nesting."""

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        self._depth = 0
        self._sizes: dict[str, int] = {}
        self._open: set[str] = set()

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            if event.anchor in self._open:
                raise _TooMuch(f"alias « *{event.anchor} » à l'intérieur de sa propre ancre (une boucle) ; "
                               "recopiez la valeur au lieu de la boucle", "syntax.yaml-loop", event)
            self._add(self._sizes.get(event.anchor, 1), event)
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH and isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            raise _TooMuch(f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) ; simplifiez la structure",
                           "syntax.depth", event)
        anchor = getattr(event, "anchor", None) if isinstance(event, (ScalarEvent, SequenceStartEvent,
                                                                      MappingStartEvent)) else None
        before = self._count
        self._add(1, event)
        if anchor:
            self._open.add(anchor)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor:
                self._open.discard(anchor)
                self._sizes[anchor] = self._count - before

    def _add(self, size: int, event: Any) -> None:
        self._count += size
        if self._count > MAX_NODES:
            raise _TooMuch(
                f"document trop grand une fois les alias YAML développés (plus de {MAX_NODES:,} valeurs)"
                .replace(",", " ") + " ; utilisez moins d'alias imbriqués", "syntax.yaml-aliases", event)


class _Resolver(Resolver):
    """YAML's resolver without dates: ``2024-01-01`` stays a string, as in JSON."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }


try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(Reader, Scanner, _PyParser, _BoundedComposer, SafeConstructor, _Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)
            _BoundedComposer.__init__(self)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)

else:

    class _Loader(_BoundedComposer, _Parser, SafeConstructor, _Resolver):  # type: ignore[no-redef]
        """libyaml's parser for the events; composing stays in :class:`_BoundedComposer`."""

        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _BoundedComposer.__init__(self)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)


def _yaml(text: str) -> tuple[Any, list[SpecProblem]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), []
    except _TooMuch as exc:
        where = f"ligne {exc.mark.line + 1} : " if exc.mark else ""
        return None, [SpecProblem("", where + exc.message, exc.code)]
    except yaml.MarkedYAMLError as exc:
        message, mark = explain(exc, text)
        where = f" ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        return None, [SpecProblem("", f"erreur de syntaxe YAML{where} : {message} ; vérifiez l'indentation, "
                                  "les deux-points et les guillemets", "syntax.yaml")]
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return None, [SpecProblem("", f"YAML illisible ({type(exc).__name__}) ; vérifiez le fichier "
                                  "avec un validateur YAML", "syntax.yaml")]
    finally:
        loader.dispose()


def plain(document: Any) -> tuple[Any, list[SpecProblem]]:
    """*document* as JSON values: string keys, no dates, sets or bytes; nesting cut at :data:`MAX_DEPTH`.

    Values shared by YAML aliases stay shared (copied once), so this costs
    the size of the file, not of its expansion.  Iterative: no recursion.
    """
    problems: list[SpecProblem] = []
    copies: dict[int, Any] = {}
    root: list[Any] = [None]
    # (value, container to write into, key or index, depth)
    stack: list[tuple[Any, Any, Any, int]] = [(document, root, 0, 0)]
    while stack:
        value, into, key, depth = stack.pop()
        if isinstance(value, (dict, list, tuple, set, frozenset)):
            if id(value) in copies:
                into[key] = copies[id(value)]
                continue
            if depth >= MAX_DEPTH:
                if not problems:
                    problems.append(SpecProblem("", f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) ; "
                                                "ce qui est plus profond est ignoré", "syntax.depth"))
                into[key] = {}
                continue
            if isinstance(value, dict):
                copy: Any = {}
                for name, item in value.items():
                    text = _key(name)
                    copy[text] = None
                    stack.append((item, copy, text, depth + 1))
            else:
                items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
                copy = [None] * len(items)
                for index, item in enumerate(items):
                    stack.append((item, copy, index, depth + 1))
            copies[id(value)] = copy
            into[key] = copy
        else:
            into[key] = _scalar(value)
    return root[0], problems


def _key(name: Any) -> str:
    if isinstance(name, str):
        return name
    if isinstance(name, bool) or name is None:
        return json.dumps(name)
    return str(_scalar(name))


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def position(data: bytes, pointer: str) -> tuple[int, int] | None:
    """Line and column (from 1) of what the JSON pointer *pointer* names in a file's bytes.

    Problems carry JSON pointers; a contributor needs a line.  The file is
    composed again, as YAML (JSON is read the same way), with the same
    bounds as :func:`parse`, only when there are problems to place; the
    deepest node the pointer reaches is given (the place of a missing key
    is its parent's).  None when the file cannot be composed.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except (_TooMuch, yaml.YAMLError, RecursionError, ValueError):
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]] if pointer else []
    for token in tokens:
        child = None
        if isinstance(node.value, list) and node.value and isinstance(node.value[0], tuple):  # a mapping
            child = next((value for key, value in node.value if str(key.value) == token), None)
        elif isinstance(node.value, list) and token.isdigit() and int(token) < len(node.value):  # a sequence
            child = node.value[int(token)]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, node.start_mark.column + 1
