"""Schemas, flattened: a body's fields as dotted names, each with a short type.

A reader of the catalogue wants to know what an operation returns
(``adresse.code_postal``, a string), not to walk a tree of ``$ref``,
``allOf`` and ``items``.  :class:`Flattener` walks it for them:

- ``$ref`` is followed (local ones only, see :mod:`.refs`); a schema that
  contains itself (a person and their ``parent``) is listed once, the
  field marked as recursive instead of expanded again;
- ``allOf`` parts are merged into one object (their properties in order,
  their ``required`` joined);
- ``oneOf`` and ``anyOf`` alternatives are each walked, their fields
  marked with the alternative (:attr:`~.model.Field.variant`), and the
  type of the field that holds them lists them;
- the walk is bounded: :data:`MAX_DEPTH` levels of names, :data:`MAX_FIELDS`
  fields per body (a note says when more were left out), and
  :data:`MAX_VISITS` schemas visited per body, so that no schema, however
  crafted, costs more than a fixed amount of work.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .model import Field, Pointer
from .refs import Resolver, join, last_token, tokens_of

MAX_DEPTH = 6
MAX_FIELDS = 300
MAX_VISITS = 5000
#: Nesting of ``allOf`` inside ``allOf``, and of alternatives inside alternatives, followed.
MAX_MERGE = 8
MAX_PARTS = 64
MAX_ALTERNATIVES = 3
#: Deepest ``array of array of ...`` spelled out in a type.
MAX_TYPE_DEPTH = 4

_KEPT = ("type", "format", "description", "title", "items", "additionalProperties", "oneOf", "anyOf",
         "nullable", "deprecated", "enum")


@dataclass
class Merged:
    """One schema with its ``allOf`` parts merged, properties with their places."""

    node: dict[str, Any]
    pointer: Pointer
    properties: dict[str, tuple[Any, Pointer]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)


class Flattener:
    """Fields of the bodies of one specification, with one resolver."""

    def __init__(self, resolver: Resolver, nullable: bool = False) -> None:
        self.resolver = resolver
        #: OpenAPI 3.0's ``nullable: true`` (3.1 writes ``type: [x, "null"]``).
        self.nullable = nullable
        #: Bodies already flattened, by the place of their schema.
        self.known: dict[Pointer, tuple[str, tuple[Field, ...], bool]] = {}

    # -- Types --------------------------------------------------------------------------

    def merged(self, node: dict[str, Any], pointer: Pointer) -> Merged:
        """*node* with its ``allOf`` parts merged in, at most :data:`MAX_MERGE` parts deep.

        A part already being merged (``A`` = ``allOf: [B]``, ``B`` = ``allOf:
        [A]``) is skipped, and at most :data:`MAX_PARTS` parts are merged in
        all, so that parts made of parts cannot multiply the work.
        """
        return self._merge(node, pointer, (pointer,), [MAX_PARTS])

    def _merge(self, node: dict[str, Any], pointer: Pointer, chain: tuple[Pointer, ...], budget: list[int]) -> Merged:
        out = Merged({key: value for key, value in node.items() if key != "allOf"}, pointer)
        parts = node.get("allOf")
        if isinstance(parts, list) and len(chain) <= MAX_MERGE:
            for index, part in enumerate(parts):
                if budget[0] <= 0:
                    break
                budget[0] -= 1
                target, where, _ = self.resolver.resolve(part, join(pointer, "allOf", index))
                if isinstance(target, dict) and where not in chain:
                    inner = self._merge(target, where, (*chain, where), budget)
                    out.properties.update(inner.properties)
                    out.required |= inner.required
                    for key in _KEPT:
                        if key in inner.node and key not in out.node:
                            out.node[key] = inner.node[key]
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, schema in properties.items():
                out.properties[name] = (schema, join(pointer, "properties", name))
        required = node.get("required")
        if isinstance(required, list):
            out.required |= {name for name in required if isinstance(name, str)}
        return out

    def type_of(self, schema: Any, pointer: Pointer, depth: int = 0) -> str:
        """The short type of *schema*: ``string``, ``array of object``, ``one of: A, B``."""
        node, where, _ = self.resolver.resolve(schema, pointer)
        if not isinstance(node, dict) or depth > MAX_TYPE_DEPTH:
            return ""
        return self._type(self.merged(node, where), depth)

    def _type(self, merged: Merged, depth: int) -> str:
        node = merged.node
        declared = node.get("type")
        names = [declared] if isinstance(declared, str) else [n for n in declared or () if isinstance(n, str)]
        if not names:
            if merged.properties or isinstance(node.get("additionalProperties"), dict):
                names = ["object"]
            elif "items" in node:
                names = ["array"]
            elif isinstance(node.get("oneOf") or node.get("anyOf"), list):
                return self._choice(node, merged.pointer, depth)
            elif isinstance(node.get("enum"), list) and node["enum"]:
                names = [_json_type(node["enum"][0])]
        spelled = []
        for name in names:
            if name == "array" and depth < MAX_TYPE_DEPTH and "items" in node:
                inner = self.type_of(node["items"], join(merged.pointer, "items"), depth + 1)
                spelled.append(f"array of {inner}" if inner else "array")
            elif name == "object" and not merged.properties and isinstance(node.get("additionalProperties"), dict):
                inner = self.type_of(node["additionalProperties"], join(merged.pointer, "additionalProperties"),
                                     depth + 1)
                spelled.append(f"map of {inner}" if inner else "object")
            else:
                spelled.append(name)
        if self.nullable and node.get("nullable") is True and "null" not in spelled:
            spelled.append("null")
        return " or ".join(spelled)

    def _choice(self, node: dict[str, Any], pointer: Pointer, depth: int) -> str:
        keyword = "oneOf" if isinstance(node.get("oneOf"), list) else "anyOf"
        labels = [self.label(alt, join(pointer, keyword, index), depth + 1)
                  for index, alt in enumerate(node[keyword][:6])]
        more = ", …" if len(node[keyword]) > 6 else ""
        return f"{'one' if keyword == 'oneOf' else 'any'} of: {', '.join(label or '?' for label in labels)}{more}"

    def label(self, schema: Any, pointer: Pointer, depth: int = 0) -> str:
        """What an alternative is called: its schema's name, its title, or its type."""
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            tokens = tokens_of(schema["$ref"])
            if tokens:
                return tokens[-1]
        node, _, _ = self.resolver.resolve(schema, pointer)
        if isinstance(node, dict) and isinstance(node.get("title"), str) and node["title"].strip():
            return node["title"].strip()
        return self.type_of(schema, pointer, max(depth, MAX_TYPE_DEPTH - 1))

    # -- Fields -------------------------------------------------------------------------

    def fields(self, schema: Any, pointer: Pointer) -> tuple[str, tuple[Field, ...], bool]:
        """(type of the body, its fields, whether some were left out).

        A schema used by several bodies (``#/components/schemas/X``) is
        walked once: the bodies share one tuple of fields, which pickling
        then writes once.
        """
        _, where, _ = self.resolver.resolve(schema, pointer)
        if where not in self.known:
            walk = _Walk(self)
            walk.visit(schema, pointer, "", 0, False, "", (), 0, -1, emit=False)
            self.known[where] = (self.type_of(schema, pointer), tuple(walk.out), walk.cut)
        return self.known[where]


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else ""


def text(node: dict[str, Any], key: str) -> str:
    """A text of the file, as written; ``""`` if it is not a string."""
    value = node.get(key)
    return value if isinstance(value, str) else ""


class _Walk:
    """One walk of one body: the fields found, and the budget spent.

    *depth* counts names (``a.b.c`` is 3); an element of a list (``a[]``)
    is no new level.  A remark about what is not shown (a recursive
    structure, a level too deep) goes on the nearest field listed, *parent*
    (an index in :attr:`out`, -1 for the body itself).
    """

    def __init__(self, flattener: Flattener) -> None:
        self.f = flattener
        self.out: list[Field] = []
        self.visits = 0
        self.cut = False

    def remark(self, parent: int, note: str) -> None:
        if parent >= 0 and not self.out[parent].note:
            self.out[parent] = replace(self.out[parent], note=note)

    def visit(self, schema: Any, pointer: Pointer, name: str, depth: int, required: bool, variant: str,
              refs: tuple[Pointer, ...], alternatives: int, parent: int, emit: bool = True) -> None:
        if self.cut:
            return
        self.visits += 1
        if self.visits > MAX_VISITS or (emit and len(self.out) >= MAX_FIELDS):
            self.cut = True
            return
        if depth > MAX_DEPTH:
            self.remark(parent, f"contenu non détaillé au-delà de {MAX_DEPTH} niveaux")
            return
        node, where, siblings = self.f.resolver.resolve(schema, pointer)
        if not isinstance(node, dict):
            if emit:
                self.out.append(Field(name, "", required=required, variant=variant))
            return
        through_ref = where != pointer
        merged = self.f.merged(node, where)
        if emit:
            items = node.get("items")
            description = siblings.get("description") if isinstance(siblings.get("description"), str) else ""
            self.out.append(Field(
                name=name,
                type=self.f._type(merged, 0),
                format=text(merged.node, "format") or (text(items, "format") if isinstance(items, dict) else ""),
                description=description or text(merged.node, "description") or text(merged.node, "title"),
                required=required,
                deprecated=merged.node.get("deprecated") is True,
                variant=variant,
            ))
            parent = len(self.out) - 1
        if through_ref and where in refs:
            self.remark(parent, f"structure récursive ({last_token(where)}) : son contenu n'est pas répété")
            return
        refs = (*refs, where) if through_ref else refs
        for key, (child, child_pointer) in merged.properties.items():
            self.visit(child, child_pointer, f"{name}.{key}" if name else key, depth + 1, key in merged.required,
                       variant, refs, alternatives, parent)
        items, extra = merged.node.get("items"), merged.node.get("additionalProperties")
        if isinstance(items, dict):
            self.visit(items, join(where, "items"), f"{name}[]", depth, False, variant, refs, alternatives, parent,
                       emit=False)
        if isinstance(extra, dict) and not merged.properties:
            self.visit(extra, join(where, "additionalProperties"), f"{name}.*" if name else "*", depth + 1, False,
                       variant, refs, alternatives, parent, emit=False)
        if alternatives >= MAX_ALTERNATIVES:
            return
        for keyword in ("oneOf", "anyOf"):
            options = merged.node.get(keyword)
            if not isinstance(options, list):
                continue
            for index, option in enumerate(options):
                option_pointer = join(where, keyword, index)
                own = self.f.label(option, option_pointer)
                label = f"{keyword} {index + 1}/{len(options)}" + (f" {own}" if own else "")
                self.visit(option, option_pointer, name, depth, False, f"{variant} > {label}" if variant else label,
                           refs, alternatives + 1, parent, emit=False)
