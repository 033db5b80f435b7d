"""The old site's Markdown and components, turned into clean MyST.

``<External>``, ``<Button>`` and ``<a>`` become Markdown links (a link
relative to the old site cannot be followed from ours: its text is kept,
the link dropped and reported); ``<NextSteps/>`` and HTML comments are
removed; other HTML tags and widgets are removed (and reported); headings
are renumbered so that levels are consecutive and start at ``##``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

@dataclass
class Converted:
    text: str | None
    notes: list[str] = field(default_factory=list)


_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: An HTML comment, or a code span (whose content is left as written).
_COMMENT_OR_CODE = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?<!`)(?P<ticks>`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)(?P=ticks)(?!`)",
    re.DOTALL,
)
#: Script and style elements: their content is code, not text.
_CODE_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_LINK_COMPONENT = re.compile(r"<(External|Button|a)\b([^<>]*)>(.*?)</\1\s*>", re.DOTALL)
_HREF = re.compile(
    r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)\s*\})"""
)
_WIDGET = re.compile(r"<([A-Z][A-Za-z0-9]*)\b[^<>]*?/>", re.DOTALL)
_PAIRED_COMPONENT = re.compile(r"<([A-Z][A-Za-z0-9]*)\b[^<>]*>(.*?)</\1\s*>", re.DOTALL)
#: HTML elements met in old records (and their likes), removed with their tags only.
_HTML_TAG = re.compile(
    r"</?(p|br|span|div|a|b|i|u|s|strong|em|small|big|sup|sub|center|font|img|hr|ul|ol|li"
    r"|table|thead|tbody|tr|td|th|h[1-6]|iframe|details|summary|section|blockquote|code|pre"
    r"|mark|abbr|del|ins|figure|figcaption|nav|header|footer|article|style|script)\b[^<>]*?/?>",
    re.IGNORECASE,
)
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
ABSOLUTE = re.compile(r"^(https?|mailto|ftp|tel):", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def convert_markdown(text: str | None) -> Converted:
    """Old-site Markdown (JSX-like components, HTML) → MyST our renderer reads cleanly.

    Fenced code blocks and inline code are left exactly as written.  The
    result has no trailing spaces (YAML could not write it as a block
    otherwise), no run of blank lines, and ends with one newline.
    """
    if not isinstance(text, str):
        return Converted(None)
    notes: list[str] = []
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4))
    pieces = []
    for is_code, chunk in _split_fences(text):
        pieces.append(chunk if is_code else _convert_prose(chunk, notes))
    text = _renumber_headings("\n".join(pieces))
    text = _tidy(text)
    return Converted(text or None, list(dict.fromkeys(notes)))


def _split_fences(text: str) -> list[tuple[bool, str]]:
    """*text* cut into prose and fenced code blocks, in order."""
    chunks: list[tuple[bool, str]] = []
    current: list[str] = []
    fence = ""
    for line in text.split("\n"):
        if not fence:
            match = _FENCE_OPEN.match(line)
            if match:
                chunks.append((False, "\n".join(current)))
                current, fence = [line], match.group(1)
                continue
            current.append(line)
        else:
            current.append(line)
            if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence), line):
                chunks.append((True, "\n".join(current)))
                current, fence = [], ""
    chunks.append((bool(fence), "\n".join(current)))
    return chunks


def _convert_prose(text: str, notes: list[str]) -> str:
    spans: list[str] = []

    def comment_or_code(match: re.Match[str]) -> str:
        # Scanned together, left to right: a comment inside code is code,
        # and a backtick inside a comment opens no code span.
        if match.group("comment") is not None:
            return ""
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    text = _COMMENT_OR_CODE.sub(comment_or_code, text)
    text = _CODE_ELEMENT.sub(lambda m: _drop_element(m, notes), text)
    text = _LINK_COMPONENT.sub(lambda m: _component_link(m, notes), text)
    text = _WIDGET.sub(lambda m: _drop_widget(m, notes), text)
    text = _PAIRED_COMPONENT.sub(lambda m: _unwrap_component(m, notes), text)
    text = _MD_LINK.sub(lambda m: _markdown_link(m, notes), text)
    text = "\n".join(_strip_tags(line, notes) for line in text.split("\n"))
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)


def markdown_link(label: str, url: str) -> str:
    label = " ".join(label.split()).replace("[", r"\[").replace("]", r"\]")
    if re.search(r"[\s<>()]", url):
        url = f"<{url}>"
    return f"[{label or url}]({url})"


def _component_link(match: re.Match[str], notes: list[str]) -> str:
    """``<External href="u">t</External>`` (or Button, or a) → ``[t](u)``."""
    href = _HREF.search(match.group(2))
    label = " ".join(match.group(3).split())
    url = next((g for g in href.groups() if g is not None), "").strip() if href else ""
    if not url:
        notes.append(f"composant <{match.group(1)}> sans adresse (texte gardé)")
        return label
    if not ABSOLUTE.match(url):
        notes.append(f"lien relatif {url} (texte gardé)")
        return label
    return markdown_link(label, url)


def _drop_element(match: re.Match[str], notes: list[str]) -> str:
    notes.append(f"élément HTML <{match.group(1).lower()}> et son contenu")
    return ""


def _drop_widget(match: re.Match[str], notes: list[str]) -> str:
    name = match.group(1)
    if name != "NextSteps":  # the old site's "next steps" box: no text of its own
        notes.append(f"composant <{name}/>")
    return ""


def _unwrap_component(match: re.Match[str], notes: list[str]) -> str:
    notes.append(f"composant <{match.group(1)}> (texte gardé)")
    return match.group(2)


def _markdown_link(match: re.Match[str], notes: list[str]) -> str:
    """A Markdown link or image whose target is relative to the old site loses its target."""
    image, label, target = match.group(1), match.group(2), match.group(3).strip("<>")
    if ABSOLUTE.match(target):
        return match.group(0)
    what = "image relative" if image else "lien relatif"
    notes.append(f"{what} {target or '(vide)'} (texte gardé)" if label else f"{what} {target}")
    return label


def _strip_tags(line: str, notes: list[str]) -> str:
    """Remove HTML tags from one line; ``<br>`` becomes a line break (a space in a table)."""
    in_table = line.lstrip().startswith("|") or line.lstrip().startswith("#")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        notes.append(f"balise HTML <{name}>")
        if name == "br" and not in_table:
            return "\x01"
        return " " if name in ("br", "td", "th") else ""

    indent = line[: len(line) - len(line.lstrip())]
    stripped = _HTML_TAG.sub(replace, line)
    if stripped != line:  # a removed opening tag must not leave its spaces as indentation
        stripped = indent + stripped[len(indent) :].lstrip()
    line = stripped
    if "\x01" not in line:
        return line
    # A <br> inside a paragraph: a hard line break, unless at the end of the line.
    parts = [part.strip() if index else part.rstrip() for index, part in enumerate(line.split("\x01"))]
    out = parts[0]
    for part in parts[1:]:
        if part and out.strip():
            out += "\\\n" + part
        else:
            out += part
    return out


@lru_cache(maxsize=1)
def _markdown_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _renumber_headings(text: str) -> str:
    """Headings made consecutive, starting at ``##``; thematic breaks removed.

    Our renderer nests the text's top heading level under the page's
    section, but MyST warns about a jump (``##`` then ``####``), and the old
    records do jump, or start at ``###`` in the introduction and go back to
    ``##`` in the body.  Each heading takes the level of its parent plus
    one, its parent being the closest previous heading of a higher original
    level.  Setext headings (``Titre`` over ``---``) become ATX ones.
    Thematic breaks (``---``) carried only layout, and docutils refuses
    them at the start or end of a section.
    """
    tokens = _markdown_parser().parse(text)
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []
    stack: list[tuple[int, int]] = []  # (original level, new level)
    for index, token in enumerate(tokens):
        if token.level != 0 or not token.map:
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            while stack and stack[-1][0] >= level:
                stack.pop()
            new = min(stack[-1][1] + 1 if stack else 2, 6)
            stack.append((level, new))
            content = " ".join(tokens[index + 1].content.split())
            edits.append((token.map[0], token.map[1], ["#" * new + " " + content] if content else []))
        elif token.type == "hr":
            edits.append((token.map[0], token.map[1], [""]))
    for start, end, replacement in reversed(edits):
        lines[start:end] = replacement
    return "\n".join(lines)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
