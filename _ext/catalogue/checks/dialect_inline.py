"""The inline part of the record dialect's allowlist: links, roles, and what is refused in a line.

See :mod:`.dialect` for the whole rule.  In a paragraph, a heading or a
table cell, only text, emphasis, inline code, line breaks, links to
:data:`ALLOWED_SCHEMES` and the roles of :data:`ALLOWED_ROLES` are kept;
anything else is refused at its column and shown as inline code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it.token import Token

#: Roles record text may use: links to records and to the glossary.
ALLOWED_ROLES = frozenset(
    {"api", "fournisseur", "theme", "catalogue:api", "catalogue:fournisseur", "catalogue:theme", "term", "std:term"}
)

#: Link schemes record text may use.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

#: Link schemes record text may use.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

#: Inline tokens kept as they are (links and roles are checked further).
INLINE_TOKENS = frozenset(
    {
        "text", "softbreak", "hardbreak", "code_inline",
        "em_open", "em_close", "strong_open", "strong_close",
        "link_open", "link_close", "myst_role",
    }
)

#: Roles that name a record, and the kind of record they name.
RECORD_ROLES = {"api": "api", "fournisseur": "provider", "theme": "theme"}


@dataclass(frozen=True, slots=True)
class Refusal:
    """A construct that record text may not use, at its place in the text."""

    #: 0-based line and column in the text.
    line: int
    column: int
    #: ``what is wrong ; how to fix it``, in French.
    message: str
    #: A short code for the kind of construct (``directive``, ``role``,
    #: ``html``, ``image``, ``link``, ``nesting``...).
    code: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A record named by a role (``{api}`api-adresse```), at its place in the text."""

    line: int
    column: int
    #: ``api``, ``provider`` or ``theme``.
    kind: str
    #: The identifier (for a theme: its identifier or name) as written.
    target: str


def indent(lines: list[str], line: int) -> int:
    text = lines[line] if 0 <= line < len(lines) else ""
    return len(text) - len(text.lstrip(" "))


class _Cursor:
    """Finds the source columns of successive constructs of one inline block."""

    def __init__(self, lines: list[str], where: list[int] | None) -> None:
        self.lines = lines
        self.first, self.last = (where[0], where[1]) if where else (0, len(lines))
        self.line, self.column = self.first, 0

    def find(self, *needles: str) -> tuple[int, int]:
        for line in range(self.line, min(self.last, len(self.lines))):
            start = self.column if line == self.line else 0
            found = [
                (column, needle)
                for needle in needles
                if needle and (column := self.lines[line].find(needle, start)) != -1
            ]
            if found:
                column, needle = min(found)
                self.line, self.column = line, column + len(needle)
                return line, column
        return self.line, indent(self.lines, self.line)


def check_inline(parent: Token, lines: list[str], refused: list[Refusal], mentions: list[Mention]) -> list[Token]:
    """The children of an ``inline`` token, what the allowlist refuses turned into code."""
    children = parent.children or []
    cursor = _Cursor(lines, parent.map)
    out: list[Token] = []
    # For each open link: None if kept, else the text that replaces its closing.
    closings: list[str | None] = []
    for token in children:
        if token.type == "link_open":
            href = token.attrGet("href") or ""
            problem = _link_problem(href)
            if problem is None:
                closings.append(None)
                out.append(token)
                continue
            if token.markup == "linkify":
                # A bare address the writer did not mark as a link (ftp://…,
                # //…): it stays the text it was, without a complaint.
                closings.append("")
                out.append(_text(token, ""))
                continue
            if token.markup == "autolink":
                line, column = cursor.find(href)
                opening, closing = "<", ">"
            else:
                line, column = cursor.find("[")
                opening, closing = "[", f"]({href})"
            refused.append(Refusal(line, column, problem, "link"))
            closings.append(closing)
            out.append(_text(token, opening))
        elif token.type == "link_close":
            closing = closings.pop() if closings else None
            out.append(token if closing is None else _text(token, closing))
        elif token.type == "myst_role" and token.meta.get("name") not in ALLOWED_ROLES:
            name = token.meta.get("name", "")
            line, column = cursor.find("{" + name + "}")
            refused.append(
                Refusal(
                    line, column,
                    f"rôle « {{{name}}} » refusé ; dans une fiche, seuls {{api}}, {{fournisseur}}, "
                    "{theme} et {term} sont permis : retirez-le",
                    "role",
                )
            )
            out.append(_code(token, "{" + name + "}`" + token.content + "`"))
        elif token.type in INLINE_TOKENS:
            if token.type == "code_inline":
                cursor.find(token.content)
            elif token.type == "myst_role":
                name = token.meta["name"].removeprefix("catalogue:")
                line, column = cursor.find("{" + token.meta["name"] + "}")
                if name in RECORD_ROLES:
                    mentions.append(Mention(line, column, RECORD_ROLES[name], role_target(token.content)))
            out.append(token)
        else:
            source, needle, kind, message = _inline_refusal(token)
            line, column = cursor.find(needle)
            refused.append(Refusal(line, column, message, kind))
            out.append(_code(token, source))
    return out


def role_target(content: str) -> str:
    """The target of a role's content: ``texte <cible>`` or ``cible``, as Sphinx reads it."""
    match = re.fullmatch(r"(?s).*?<([^<>]*)>\s*", content)
    return (match.group(1) if match else content).strip()


def _code(like: Token, content: str) -> Token:
    """Inline code showing *content* as written: no markup, no typographic quotes."""
    token = Token("code_inline", "code", 0)
    token.content = content
    token.markup = "`"
    token.level = like.level
    return token


def _text(like: Token, content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    token.level = like.level
    return token


def _link_problem(href: str) -> str | None:
    """Why a link to *href* is refused, or None if it is allowed."""
    if re.search(r"[\x00-\x20\x7f]", href):
        return f"lien « {href.strip()} » refusé : une adresse ne contient ni espace ni caractère de contrôle ; écrivez-la en entier, sans espace"
    try:
        parts = urlsplit(href)
    except ValueError:
        return f"lien « {href} » refusé : adresse illisible ; écrivez une adresse complète https://…"
    scheme = parts.scheme.lower()
    if not scheme:
        return (
            f"lien « {href} » refusé : il vise un fichier ou une ancre, pas une adresse web ; "
            "donnez une adresse complète https://… ou, pour une fiche du catalogue, le rôle "
            "{api}`identifiant`"
        )
    if scheme not in ALLOWED_SCHEMES:
        return (
            f"lien « {scheme}: » refusé ; seuls les liens https://, http:// et mailto: sont "
            "permis dans une fiche"
        )
    if scheme in ("http", "https") and not parts.netloc:
        return f"lien « {href} » refusé : adresse incomplète ; écrivez https://domaine/chemin"
    if scheme == "mailto" and "@" not in parts.path:
        return f"lien « {href} » refusé : adresse électronique incomplète ; écrivez mailto:nom@domaine.fr"
    return None


def _inline_refusal(token: Token) -> tuple[str, str, str, str]:
    """(text shown instead, text to find in the source, code, message) of a refused token."""
    if token.type == "html_inline":
        return token.content, token.content, "html", (
            f"HTML brut refusé (« {token.content[:40]} ») ; écrivez en Markdown (**gras**, "
            "*italique*, [lien](https://…)) : le HTML est affiché tel quel"
        )
    if token.type == "image":
        source = f"![{token.content}]({token.attrGet('src') or ''})"
        return source, "![", "image", (
            "image refusée : une fiche ne montre pas d'images ; donnez plutôt un lien "
            "[texte](https://…)"
        )
    if token.type == "footnote_ref":
        label = token.meta.get("label", "")
        return f"[^{label}]", f"[^{label}]", "footnote", (
            "note de bas de page refusée ; mettez la précision dans le texte"
        )
    source = token.markup + token.content + token.markup
    return source, source or token.content, token.type, (
        f"construction « {token.type} » refusée dans une fiche ; écrivez du Markdown simple"
    )
