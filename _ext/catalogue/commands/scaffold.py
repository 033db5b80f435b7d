"""``make new-api ID=...`` and ``make new-fournisseur ID=...``: start a record from its template.

The new file is the commented template of ``templates/``, ready to fill:
its 📍 fields still hold the template's example values, which validation
reports until they are replaced.  An identifier that is not a valid slug,
or that is already taken, is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..records.kinds import IDENTIFIER, RECORD_DIRS, Kind, suggest_identifier

TEMPLATES: dict[Kind, str] = {"api": "api.yml", "provider": "fournisseur.yml"}


class ScaffoldError(Exception):
    pass


def new_record(root: Path, kind: Kind, identifier: str, today: dt.date | None = None) -> Path:
    """Create ``apis/.../<identifier>.yml`` from the template; return its path."""
    if not IDENTIFIER.match(identifier or ""):
        raise ScaffoldError(
            f"« {identifier} » n'est pas un identifiant valide (lettres minuscules, chiffres, "
            f"tirets) ; essayez ID={suggest_identifier(identifier or 'mon-api')}"
        )
    target = root / RECORD_DIRS[kind] / f"{identifier}.yml"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} existe déjà ; choisissez un autre identifiant")
    template = (root / "templates" / TEMPLATES[kind]).read_text(encoding="utf-8")
    if kind == "api":
        stamp = (today or dt.date.today()).isoformat()
        template = re.sub(r"^last_update: .*$", f"last_update: {stamp}", template, flags=re.MULTILINE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template, encoding="utf-8")
    return target
