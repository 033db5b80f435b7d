"""Characters a record may not hold, and how a line is counted.

Records come from other organisations.  Some characters are invisible in
an editor and yet change what a reader, a spreadsheet or an XML parser sees:

- control characters (C0 but tab and line feed, DEL, C1) make ``atom.xml``
  ill-formed and reach every page that shows the text;
- bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
  U+061C) reorder what is displayed ("Trojan Source");
- zero-width characters (U+200B–U+200D, U+2060, U+FEFF) hide inside a name
  so that two records look the same and are not;
- line and paragraph separators (U+0085, U+2028, U+2029) are line breaks
  for YAML and Python's ``splitlines`` but not for editors, so every
  position after them would be wrong;
- unpaired surrogates (from a YAML ``"\\ud800"`` escape) cannot be written
  as UTF-8 at all.

Each is refused with its place; the value is kept, the character shown as
U+FFFD (�), so that nothing is dropped in silence.

Line breaks are those of editors: ``\\n``, ``\\r\\n`` and a lone ``\\r``.
:func:`normalize_newlines` makes them all ``\\n`` before anything counts
lines, so that YAML, Markdown and our messages agree with the editor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: What replaces a refused character in the value that is kept.
REPLACEMENT = "\ufffd"

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and line feed; DEL; C1 (NEL included)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional controls
    "\u200b-\u200d\u2060\ufeff"  # zero-width characters
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # surrogates (only ever unpaired in a str)
    "\ufffe\uffff]"  # non-characters
)

_KINDS = (
    (re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"), "caractère de contrôle bidirectionnel"),
    (re.compile("[\u200b-\u200d\u2060\ufeff]"), "caractère invisible de largeur nulle"),
    (re.compile("[\u0085\u2028\u2029]"), "séparateur de ligne Unicode"),
    (re.compile("[\ud800-\udfff]"), "demi-caractère (surrogate) isolé"),
)


_CODES = ("bidi", "invisible", "separator", "surrogate")


def code(char: str) -> str:
    """The problem code of a refused character (see :mod:`catalogue.checks.problems`)."""
    for (pattern, _), name in zip(_KINDS, _CODES, strict=True):
        if pattern.match(char):
            return f"character.{name}"
    return "character.control"


def describe(char: str) -> str:
    """``caractère de contrôle U+0007`` and the like, for messages."""
    code = f"U+{ord(char):04X}"
    for pattern, label in _KINDS:
        if pattern.match(char):
            return f"{label} {code}"
    if char in "\ufffe\uffff":
        return f"non-caractère {code}"
    return f"caractère de contrôle {code}"


def unsafe(text: str) -> Iterator[tuple[int, str]]:
    """Index and character of every refused character of *text*."""
    for match in _UNSAFE.finditer(text):
        yield match.start(), match.group()


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def replace_unsafe(text: str) -> str:
    """*text* with each refused character shown as U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, text)


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` as ``\\n``: the lines an editor shows."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of *index* in *text* (lines split on ``\\n`` only)."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def message(char: str) -> str:
    """The problem and its fix, for one refused character."""
    return (
        f"{describe(char)} refusé ; supprimez-le (il est invisible dans la plupart des "
        "éditeurs : retapez le texte autour si besoin)"
    )
