"""The Markdown of records: an allowlist, checked and enforced by one rule.

Record text comes from other organisations and is never trusted as markup.
MyST Markdown is a door to reStructuredText (``{eval-rst}``), to any
directive or role of Sphinx (``{download}`` copies a file into the site,
``{raw}`` writes HTML, ``{math}`` loads a script), to raw HTML and to links
of any scheme.  So record text is parsed by a parser of its own
(:func:`record_parser`), built with MyST's :func:`create_md_parser` from a
fixed set of syntax extensions, to which one core rule is added:
:func:`enforce_allowlist`.  After parsing, the rule walks the tokens and
keeps only what :data:`BLOCK_TOKENS` and :data:`~.dialect_inline.INLINE_TOKENS`
(in :mod:`.dialect_inline`) allow:

- paragraphs, emphasis, inline code, code blocks (shown as code; an
  unknown language is shown plain), bullet and numbered lists, headings,
  block quotes, tables, thematic breaks, line breaks;
- links and autolinks to ``https:``, ``http:`` and ``mailto:``;
- the catalogue's roles (:data:`~.dialect_inline.ALLOWED_ROLES`).

Everything else, including any token type that a future MyST or
markdown-it release invents, is refused: the rule notes a
:class:`Refusal` (the place in the text, what is wrong, how to fix it)
and puts the construct's own text in its place, as code (inline, or a
block), so that it is shown as written, never executed nor dropped, and
not even dressed in typographic quotes.

The same rule runs in both doors: ``make validate`` calls :func:`refusals`
(markdown-it alone, no Sphinx), and the build renders record text with the
same parser, so what is refused, and what is shown instead, cannot differ.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from .dialect_inline import Mention, Refusal, check_inline, indent

#: MyST syntax extensions of record text beyond MyST's core: ``linkify``
#: alone, so that a bare ``https://…`` address in a description is a link
#: (and goes through the same allowlist as any link).  Only addresses with
#: their scheme, and e-mail addresses, are linked: "service-public.fr" or
#: "www.insee.fr" in a sentence stay text (``linkify_fuzzy_links`` off), and
#: a bare address the allowlist would refuse (``ftp://…``) stays text too.  The site's own pages may
#: enable more in ``conf.py``; records do not.
RECORD_EXTENSIONS: frozenset[str] = frozenset({"linkify"})

#: Block tokens kept as they are (the content of ``inline`` is checked).
BLOCK_TOKENS = frozenset(
    {
        "paragraph_open", "paragraph_close", "inline",
        "heading_open", "heading_close",
        "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
        "list_item_open", "list_item_close",
        "blockquote_open", "blockquote_close",
        "table_open", "table_close", "thead_open", "thead_close", "tbody_open", "tbody_close",
        "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
        "code_block", "fence", "hr",
    }
)

#: Deepest nesting of blocks (a list in a list is two levels each) and of
#: inline markup.  markdown-it silently skips what lies deeper than its own
#: limit (20); past these, the whole text is shown as written instead.
MAX_BLOCK_LEVEL = 12
MAX_INLINE_LEVEL = 8

#: Keys of the refusals and of the mentions of records in the markdown-it
#: environment.
REFUSALS = "catalogue_refusals"
MENTIONS = "catalogue_mentions"

#: Language of a code block shown as plain text.
PLAIN = "text"


# -- Parsers -------------------------------------------------------------------------------


def record_config(base: MdParserConfig | None = None) -> MdParserConfig:
    """MyST's settings for record text.

    *base* (the site's settings, in the build) gives how things render
    (heading anchors...); what is parsed is always the record dialect.
    """
    return dataclasses.replace(
        base or MdParserConfig(),
        enable_extensions=set(RECORD_EXTENSIONS),
        linkify_fuzzy_links=False,
        commonmark_only=False,
        gfm_only=False,
        disable_syntax=[],
        fence_as_directive=set(),
        all_links_external=False,
        links_external_new_tab=False,
    )


def record_parser(renderer: Callable[[MarkdownIt], Any], base: MdParserConfig | None = None) -> MarkdownIt:
    """A MyST parser of record text, the allowlist enforced on every parse."""
    md = create_md_parser(record_config(base), renderer)
    md.enable(["html_block", "html_inline"])  # parsed, so that they are refused by name
    # markdown-it leaves a javascript: link as text without a word; let
    # every link through to the allowlist, which refuses it and says why.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.core.ruler.push("catalogue_allowlist", enforce_allowlist)
    return md


@lru_cache(maxsize=1)
def _checking_parser() -> MarkdownIt:
    return record_parser(RendererHTML)


def inspect(text: str) -> tuple[list[Refusal], list[Mention]]:
    """What record text *text* may not use, and the records it names, in order."""
    env: dict[str, Any] = {}
    _checking_parser().parse(text, env)
    return env.get(REFUSALS, []), env.get(MENTIONS, [])


def refusals(text: str) -> list[Refusal]:
    return inspect(text)[0]


# -- The rule ------------------------------------------------------------------------------


def enforce_allowlist(state: StateCore) -> None:
    """Core rule: refuse, and show as text, what the allowlist does not allow."""
    refused: list[Refusal] = state.env.setdefault(REFUSALS, [])
    mentions: list[Mention] = state.env.setdefault(MENTIONS, [])
    lines = state.src.split("\n")
    deep = _too_deep(state.tokens)
    if deep is not None:
        refused.append(
            Refusal(
                deep, 0,
                "imbrication trop profonde (listes, citations ou mises en forme les unes dans "
                "les autres) ; simplifiez : le texte est affiché tel quel, sans mise en forme",
                "nesting",
            )
        )
        state.tokens = [_literal(state.src.rstrip("\n"), [0, len(lines)], 0)]
        return
    out: list[Token] = []
    tokens = state.tokens
    index = 0
    heading_level = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "inline":
            token.children = check_inline(token, lines, refused, mentions)
        elif token.type == "heading_open":
            heading_level = _heading(token, heading_level, lines, refused)
        elif token.type == "fence":
            _fence(token, lines, refused)
        elif token.type not in BLOCK_TOKENS:
            end = _closing(tokens, index)
            out.append(_refuse_block(tokens[index : end + 1], lines, refused))
            index = end + 1
            continue
        out.append(token)
        index += 1
    state.tokens = out


def _too_deep(tokens: list[Token]) -> int | None:
    """The line where nesting goes past the limits, or None.

    Inline depth is counted from the tokens' nesting, not their ``level``:
    emphasis is paired after parsing, and its tokens keep the level of the
    text they replace, so ``*_*_*_…`` can nest without bound.
    """
    line = 0
    for token in tokens:
        line = token.map[0] if token.map else line
        if token.level > MAX_BLOCK_LEVEL:
            return line
        depth = 0
        for child in token.children or ():
            depth += child.nesting
            if depth > MAX_INLINE_LEVEL:
                return line
    return None


def _closing(tokens: list[Token], index: int) -> int:
    """Index of the token that closes the one at *index* (itself if it opens nothing)."""
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for end in range(index, len(tokens)):
        depth += tokens[end].nesting
        if depth == 0:
            return end
    return len(tokens) - 1


def _literal(text: str, where: list[int] | None, level: int) -> Token:
    """A code block showing *text* as written, with no highlighting."""
    token = Token("fence", "code", 0)
    token.info = PLAIN
    token.markup = "```"
    token.content = text if text.endswith("\n") else text + "\n"
    token.map = where
    token.level = level
    token.block = True
    return token


def _refuse_block(span: list[Token], lines: list[str], refused: list[Refusal]) -> Token:
    first = span[0]
    kind, message = _block_message(first)
    where = next((t.map for t in span if t.map), None)
    if where is not None:
        line = where[0]
        text = "\n".join(lines[where[0] : where[1]])
    else:  # no place known: show what the tokens hold
        line = 0
        text = "\n".join(t.content for t in span if t.content)
    refused.append(Refusal(line, indent(lines, line), message, kind))
    return _literal(text, where, first.level)


def _block_message(token: Token) -> tuple[str, str]:
    kind = token.type.removesuffix("_open")
    if token.type in ("fence", "colon_fence"):
        name = (token.info.strip().split() or [""])[0]
        return "directive", (
            f"directive « {name} » refusée ; une fiche n'accepte que du Markdown simple "
            "(paragraphes, listes, tableaux, liens https://) : retirez-la"
        )
    if token.type == "html_block":
        return "html", (
            "HTML brut refusé ; écrivez en Markdown (**gras**, *italique*, listes, "
            "[lien](https://…)) : le HTML est affiché tel quel"
        )
    messages = {
        "myst_target": "cible « (nom)= » refusée ; retirez la ligne",
        "myst_line_comment": "commentaire « % » refusé : il ne serait pas affiché ; retirez la ligne",
        "myst_block_break": "séparateur « +++ » refusé ; pour une ligne de séparation, écrivez « --- »",
        "front_matter": "bloc d'en-tête « --- » refusé au début d'un texte ; retirez-le",
        "dl": "liste de définitions refusée ; écrivez une liste à puces « - **terme** : définition »",
        "field_list": "liste de champs refusée ; écrivez une liste à puces « - **nom** : valeur »",
        "footnote_reference": "note de bas de page refusée ; mettez la précision dans le texte",
        "footnote_block": "note de bas de page refusée ; mettez la précision dans le texte",
    }
    return kind, messages.get(
        kind, f"construction « {kind} » refusée dans une fiche ; écrivez du Markdown simple"
    )


def _fence(token: Token, lines: list[str], refused: list[Refusal]) -> None:
    """A fenced code block is shown as code; a ```{name} fence is a directive."""
    info = token.info.strip()
    name = info.split()[0] if info else ""
    if name.startswith("{"):
        kind, message = _block_message(token)
        line = token.map[0] if token.map else 0
        refused.append(Refusal(line, indent(lines, line), message, kind))
        if token.map:
            token.content = "\n".join(lines[token.map[0] : token.map[1]]) + "\n"
        token.info = PLAIN
    elif name and not _known_language(name):
        token.info = PLAIN  # shown as plain code, as written: nothing lost


@lru_cache(maxsize=256)
def _known_language(name: str) -> bool:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


def _heading(opening: Token, previous: int, lines: list[str], refused: list[Refusal]) -> int:
    """Refuse a heading that skips a level (MyST would warn), and mend it."""
    level = int(opening.tag[1])
    if previous and level > previous + 1:
        line = opening.map[0] if opening.map else 0
        refused.append(
            Refusal(
                line, indent(lines, line),
                f"titre de niveau {level} après un titre de niveau {previous} ; ne sautez pas de "
                f"niveau : écrivez {'#' * (previous + 1)}",
                "heading",
            )
        )
        level = previous + 1
        opening.tag = f"h{level}"
    return level


