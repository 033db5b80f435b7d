"""``$ref``: JSON pointers, local references only, loops and chains bounded.

A ``$ref`` may name any URI: another file (``common.yaml#/Pet``), a file of
the machine (``file:///etc/passwd``), an address on the network, including
the build machine's own (``http://169.254.169.254/``).  Following one would
let a provider's file make the build read the machine's files or call
addresses it can reach: the catalogue follows **only references inside the
snapshot**, written ``#`` or ``#/a/json/pointer``.

:func:`local_only` is the gate, run before anything else reads the
document (the validator included): it reports every other reference
(``ref.external``), and every local one that leads nowhere
(``ref.missing``), and gives a copy of the document where they are gone,
together with ``$id`` (which would change what a local ``#/...`` means to
a JSON Schema library) and non-local ``$dynamicRef``.  :class:`Resolver`
then follows local references for the reader, with loops and over-long
chains reported instead of followed for ever.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from .model import Pointer, SpecProblem, shown

#: Longest chain of references to references followed.
MAX_CHAIN = 32

#: Keywords that name another document or change the base of names.
_REF_KEYS = ("$ref", "$dynamicRef")


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join(pointer: Pointer, *tokens: str | int) -> Pointer:
    """``join("/paths", "/users", "get")`` → ``/paths/~1users/get``."""
    return pointer + "".join("/" + escape(token) for token in tokens)


def is_local(ref: Any) -> bool:
    """Whether *ref* names a place in this document: ``#`` or ``#/...``."""
    return isinstance(ref, str) and (ref == "#" or ref.startswith("#/"))


def tokens_of(ref: str) -> list[str]:
    """The tokens of the local reference *ref* (``#/a~1b/c%20d`` → ``["a/b", "c d"]``)."""
    pointer = unquote(ref[1:])
    if not pointer:
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def last_token(pointer: Pointer) -> str:
    """The last name of *pointer*, unescaped: ``/components/schemas/Personne`` → ``Personne``."""
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def pointer_of(ref: str) -> Pointer:
    """The JSON pointer a local reference names, escaped as a problem shows it."""
    return join("", *tokens_of(ref))


def lookup(document: Any, tokens: list[str]) -> tuple[bool, Any]:
    """(found, value) at *tokens* from the root of *document*."""
    node = document
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, None
    return True, node


def local_only(document: Any) -> tuple[Any, list[SpecProblem], set[Pointer]]:
    """A copy of *document* with only the local references that lead somewhere.

    Returns the copy, the problems, and the pointers of the objects whose
    reference was taken out (the validator would report them again, as a
    missing parameter or response: its problems there are not repeated).
    Iterative, and each shared value (YAML aliases) copied once.
    """
    problems: list[SpecProblem] = []
    removed: set[Pointer] = set()
    copies: dict[int, Any] = {}
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, Pointer]] = [(document, root, 0, "")]
    while stack:
        value, into, key, pointer = stack.pop()
        if not isinstance(value, (dict, list)):
            into[key] = value
            continue
        if id(value) in copies:
            into[key] = copies[id(value)]
            continue
        children: list[tuple[Any, Any, Any, Pointer]] = []
        if isinstance(value, list):
            copy: Any = [None] * len(value)
            children = [(item, copy, index, join(pointer, index)) for index, item in enumerate(value)]
        else:
            copy = {}
            for name, item in value.items():
                if name == "$id":
                    continue
                if name in _REF_KEYS and not _keep(document, name, item, pointer, problems):
                    removed.add(pointer)
                    continue
                copy[name] = None
                children.append((item, copy, name, join(pointer, name)))
        stack.extend(reversed(children))  # popped in the file's order: problems come in that order
        copies[id(value)] = copy
        into[key] = copy
    return root[0], problems, removed


def _keep(document: Any, name: str, ref: Any, pointer: Pointer, problems: list[SpecProblem]) -> bool:
    where = join(pointer, name)
    if not isinstance(ref, str):
        problems.append(SpecProblem(where, f"« {name} » doit être une adresse de la forme « #/components/… » ; "
                                    "corrigez la référence", "ref.invalid"))
        return False
    if not is_local(ref):
        problems.append(SpecProblem(
            where,
            f"référence externe « {shown(ref, 120)} » non suivie : le catalogue ne lit que la spécification "
            "elle-même, jamais un autre fichier ni une autre adresse ; incluez la définition dans le fichier "
            "(« #/components/… ») ou publiez une version « regroupée » (bundle)",
            "ref.external",
        ))
        return False
    found, target = lookup(document, tokens_of(ref))
    if not found:
        problems.append(SpecProblem(where, f"référence « {shown(ref, 120)} » vers un endroit qui n'existe pas dans "
                                    "la spécification ; corrigez le chemin ou ajoutez la définition", "ref.missing"))
        return False
    # A chain of references that comes back on itself names nothing, and
    # sends libraries that follow it into endless recursion: cut it here.
    chain, following = [pointer], pointer_of(ref)
    while following not in chain:
        if len(chain) > MAX_CHAIN:
            problems.append(SpecProblem(where, f"chaîne de plus de {MAX_CHAIN} références ; faites pointer la "
                                        "référence directement sur la définition", "ref.depth"))
            return False
        chain.append(following)
        if not (isinstance(target, dict) and is_local(target.get("$ref"))):
            return True
        following = pointer_of(target["$ref"])
        _, target = lookup(document, tokens_of(target["$ref"]))
    problems.append(SpecProblem(where, f"boucle de références ({' → '.join([*chain, following])}) ; une "
                                "référence doit finir par mener à une définition", "ref.cycle"))
    return False


class Resolver:
    """Follows the local ``$ref`` of one document, for the reader.

    Each problem is reported once (a schema used by fifty operations is
    followed fifty times).  The document given is the copy made by
    :func:`local_only`: every reference left in it is local and leads
    somewhere, yet may still loop (``A`` → ``B`` → ``A``).
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        self.problems: dict[tuple[Pointer, str], SpecProblem] = {}

    def report(self, pointer: Pointer, message: str, code: str) -> None:
        self.problems.setdefault((pointer, code), SpecProblem(pointer, message, code))

    def resolve(self, node: Any, pointer: Pointer) -> tuple[Any, Pointer, dict[str, Any]]:
        """*node* with its ``$ref`` chain followed: (target, its pointer, sibling texts).

        The sibling texts are the ``summary`` and ``description`` written
        beside a ``$ref`` (OpenAPI 3.1 lets them override the target's);
        the nearest one wins.  A loop or an over-long chain gives None.
        """
        siblings: dict[str, Any] = {}
        seen: list[Pointer] = []
        while isinstance(node, dict) and "$ref" in node:
            for key in ("summary", "description"):
                if key in node and key not in siblings:
                    siblings[key] = node[key]
            target = pointer_of(node["$ref"])
            if target in seen or target == pointer:
                self.report(join(pointer, "$ref"), f"boucle de références ({' → '.join([pointer, *seen])}) ; "
                            "une référence doit finir par mener à une définition", "ref.cycle")
                return None, pointer, siblings
            if len(seen) >= MAX_CHAIN:
                self.report(join(pointer, "$ref"), f"chaîne de plus de {MAX_CHAIN} références ; "
                            "faites pointer la référence directement sur la définition", "ref.depth")
                return None, pointer, siblings
            seen.append(pointer)
            _, node = lookup(self.document, tokens_of(node["$ref"]))
            pointer = target
        return node, pointer, siblings

    def mapping(self, node: Any, pointer: Pointer) -> tuple[dict[str, Any], Pointer]:
        """*node* resolved, if it is a mapping; else an empty one."""
        target, where, siblings = self.resolve(node, pointer)
        if not isinstance(target, dict):
            return {}, where
        return ({**target, **siblings} if siblings else target), where


def place(document: Any, tokens: list[str | int]) -> Pointer:
    """The real place of a path that a library walked through references.

    A validator that reaches ``/paths/~1a/get/parameters/0/schema`` through
    ``{"$ref": "#/components/parameters/Id"}`` names a path that is not in
    the file; the fix is at ``/components/parameters/Id/schema``.  A token
    found as written is stepped into as written; one that is not is looked
    for behind the node's local references.
    """
    node, pointer = document, ""
    for token in tokens:
        for _ in range(MAX_CHAIN):
            if _has(node, token) or not (isinstance(node, dict) and is_local(node.get("$ref"))):
                break
            ref = node["$ref"]
            pointer = pointer_of(ref)
            _, node = lookup(document, tokens_of(ref))
        if not _has(node, token):
            return join(pointer, token)
        node = node[token] if isinstance(node, dict) else node[int(token)]
        pointer = join(pointer, token)
    return pointer


def _has(node: Any, token: str | int) -> bool:
    if isinstance(node, dict):
        return token in node
    return isinstance(node, list) and str(token).isdigit() and int(token) < len(node)
