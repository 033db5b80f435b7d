"""YAML's syntax errors, said in plain French, at the place to fix.

PyYAML (and libyaml) say ``mapping values are not allowed here`` at the
place where they gave up; a provider needs ``deux-points inattendu (une
valeur contenant « : » doit être entre guillemets)`` at the place where the
mistake is: where the quote or bracket was opened, not the end of the file.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# Messages of PyYAML's Python parser and of libyaml, in plain French.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "deux-points inattendu (une valeur contenant « : » doit être entre guillemets)",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "did not find expected '-' indicator": "élément de liste attendu (indentation incohérente ?)",
    "did not find expected node content": "valeur attendue (crochet ou accolade non fermé ?)",
    "found character that cannot start any token": "caractère inattendu en début de valeur (tabulation ? utilisez des espaces)",
    "could not find expected ':'": "deux-points attendu après la clé",
    "found character '\\t' that cannot start any token": "tabulation interdite (indentez avec des espaces)",
    "expected <block end>, but found '<block mapping start>'": "indentation incohérente",
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "found undefined alias": "alias inconnu",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "expected the node content": "valeur attendue (crochet ou accolade non fermé ?)",
    "did not find expected ',' or ']'": "virgule ou crochet fermant attendu dans une liste entre crochets",
    "did not find expected ',' or '}'": "virgule ou accolade fermante attendue dans une table entre accolades",
    "expected ',' or ']'": "virgule ou crochet fermant attendu dans une liste entre crochets",
    "expected ',' or '}'": "virgule ou accolade fermante attendue dans une table entre accolades",
    "found a tab character": "tabulation interdite (indentez avec des espaces)",
    "did not find expected <document start>": "indentation incohérente (les clés du premier niveau commencent en début de ligne)",
    "expected '<document start>'": "indentation incohérente (les clés du premier niveau commencent en début de ligne)",
    "found undefined tag handle": "étiquette YAML inconnue",
}


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, Any]:
    """A French explanation of a YAML syntax error, and the place to fix.

    The parser notices an unclosed quote or bracket only where it gives up
    (often the end of the file); the place to fix is where it was opened,
    which PyYAML gives as the error's context.  A key indented too far is
    read as a plain value followed by a colon: say "indentation" then.
    """
    context = exc.context or ""
    problem = exc.problem or context or "syntaxe invalide"
    if "escape" in problem:
        return (
            "séquence d'échappement invalide dans un texte entre guillemets doubles (« \\ » suivi "
            "d'un code inconnu ou d'un caractère qui n'existe pas) ; écrivez le caractère lui-même, "
            "ou mettez le texte entre guillemets simples"
        ), exc.problem_mark or exc.context_mark
    if exc.context_mark is not None:
        if "quoted scalar" in context:
            return "guillemet ouvert et jamais fermé", exc.context_mark
        if "flow sequence" in context:
            return "crochet ouvert et jamais fermé (« ] » attendu)", exc.context_mark
        if "flow mapping" in context:
            return "accolade ouverte et jamais fermée (« } » attendu)", exc.context_mark
    mark = exc.problem_mark or exc.context_mark
    if problem.startswith("mapping values are not allowed") and mark is not None:
        lines = text.splitlines()
        here = lines[mark.line] if mark.line < len(lines) else ""
        previous = next(
            (l for l in reversed(lines[: mark.line]) if l.strip() and not l.lstrip().startswith("#")), ""
        )
        indent = len(here) - len(here.lstrip(" "))
        if re.match(r"^\s*[\w-]+\s*:", here) and indent > len(previous) - len(previous.lstrip(" ")):
            return "clé plus indentée que la ligne précédente (indentation incohérente)", mark
    return french_yaml_problem(problem), mark


def french_yaml_problem(problem: str) -> str:
    for english, french in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"syntaxe invalide (« {problem} »)"
