"""What the checks find: problems, each with its place and its code.

Every problem is reported the same way wherever the check runs (Sphinx
build, ``make validate``, pre-commit)::

    apis/foo.yml:12:3: themes[2] : « sante » n'est pas un thème du catalogue ; écrivez « Santé »

that is ``file:line:column: field : what is wrong ; how to fix it``, in
plain French, for providers who are not Sphinx experts.  Each problem also
carries a **code**, as MyST-Parser tags its warnings: the build logs it as
the warning's subtype (``[catalogue.markdown.directive]``), so that a site
may silence a family with ``suppress_warnings``, and tests and importers
match codes rather than French sentences (only the invalid corpus pins the
wording).  Codes are ``family.kind``:

==============  ===============================================================
``file``        the file as a whole: ``size``, ``bom``, ``encoding``, ``name``,
                ``suffix``, ``misplaced``, ``symlink``
``yaml``        ``syntax``, ``empty``, ``anchor``, ``alias``, ``tag``,
                ``duplicate-key``, ``depth``, ``not-a-table``
``character``   a refused character: ``control``, ``bidi``, ``invisible``,
                ``separator``, ``surrogate``
``schema``      the JSON Schema's keyword: ``required``, ``unknown-key``,
                ``type``, ``enum``, ``pattern``, ``format``, ``address``,
                ``too-short``, ``too-long``, ``empty-list``, ``duplicate``,
                ``range``
``rule``        rules the schema cannot say: ``access-link``, ``sunset-date``,
                ``sunset-status``
``template``    ``example`` (a template value left as is), ``placeholder``
``markdown``    the allowlist (:mod:`.dialect`): ``directive``, ``role``,
                ``html``, ``image``, ``link``, ``nesting``, ``heading``...
``reference``   a record naming another: ``producer``, ``partner``, ``theme``,
                ``related``, ``mention``, ``contact``, ``duplicate``
``internal``    ``error``: the checks themselves failed
==============  ===============================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..records.kinds import Kind

#: A place inside a record: keys and list indexes, from the root.
FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str:
    """Render a record path the way errors name fields: ``eligibility[2].who``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "(fiche)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a record, with its place."""

    path: FieldPath
    line: int
    column: int
    message: str
    #: ``family.kind``, see the module's table.
    code: str
    #: Whether the value at *path* is left out of the page.  False for
    #: problems whose value is shown all the same, made harmless: Markdown
    #: with refused constructs (shown as code), text with refused
    #: characters (shown as U+FFFD).
    prune: bool = True

    @property
    def field(self) -> str:
        return format_path(self.path)

    def format(self, filename: str) -> str:
        """The one-line form: ``file:line:col: field : message``."""
        return f"{filename}:{self.line}:{self.column}: {self.field} : {self.message}"


def order(problem: Problem) -> tuple[int, int, str]:
    """Problems are listed in the order of the file."""
    return (problem.line, problem.column, problem.message)


@dataclass(frozen=True, slots=True)
class Mention:
    """A record named by a role in a record's Markdown, at its place in the file."""

    path: FieldPath
    line: int
    column: int
    kind: Kind
    target: str


#: The field shown for a problem of a file that is not read as a record.
FILE_FIELD = "(fichier)"


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file under ``apis/`` that is not read as a record, and why."""

    #: Path relative to the source directory.
    relative: str
    message: str
    code: str

    def format(self) -> str:
        return f"{self.relative}:1:1: {FILE_FIELD} : {self.message}"
