"""Command line of the catalogue: ``python -m catalogue <command>`` (with ``_ext`` on the path).

The Makefile wraps each command: ``make validate`` (``make gaps``: ``validate --gaps``), ``make new-api ID=...``,
``make new-fournisseur ID=...``, ``make specs``.  The importers of other formats are a
package of their own, beside this one (``python -m importers``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalogue", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier du site (par défaut : .)")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="vérifier toutes les fiches, sans construire le site")
    validate.add_argument(
        "--gaps", action="store_true", help="afficher aussi les fiches d'API à compléter, par fournisseur, avec leur score"
    )
    new = commands.add_parser("new", help="créer une fiche à partir du modèle")
    new.add_argument("kind", choices=("api", "fournisseur"))
    new.add_argument("identifier")
    specs = commands.add_parser("specs", help="télécharger les spécifications OpenAPI des API dans apis/openapi/")
    specs.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="dossier du site (par défaut : .)")
    args = parser.parse_args(argv)

    if args.command == "validate":
        from .commands.validate import main as validate_main

        return validate_main(args.root, gaps=args.gaps)
    if args.command == "new":
        from .commands.scaffold import ScaffoldError, new_record

        kind = "api" if args.kind == "api" else "provider"
        try:
            path = new_record(args.root, kind, args.identifier)
        except ScaffoldError as exc:
            print(f"erreur : {exc}", file=sys.stderr)
            return 2
        print(f"{path.relative_to(args.root)} créé : remplissez les champs marqués 📍, puis lancez make validate.")
        return 0
    if args.command == "specs":
        from .commands.specs import main as specs_main

        return specs_main(args.root)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
