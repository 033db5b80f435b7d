"""Command line of the importers: ``python -m importers <format> SRC`` (with ``_ext`` on the path).

The Makefile wraps each: ``make import-apigouv SRC=... [FORCE=1]``,
``make import-datagouv SRC=... [FORCE=1]`` and ``make push-datagouv
[DRY_RUN=1]`` (the way back: our records published on data.gouv.fr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .datagouv.cli import COMMANDS as DATAGOUV_COMMANDS
from .datagouv.cli import add_commands as add_datagouv_commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m importers", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier du site (par défaut : .)")
    formats = parser.add_subparsers(dest="format", required=True)
    apigouv = formats.add_parser(
        "apigouv", help="importer les fiches de l'ancien catalogue api.gouv.fr (dossier _data/)"
    )
    apigouv.add_argument("source", type=Path, help="dossier qui contient api/ et producteurs/, ou _data/")
    apigouv.add_argument("--force", action="store_true", help="écraser aussi les fiches écrites ou modifiées à la main")
    add_datagouv_commands(formats)
    args = parser.parse_args(argv)

    if args.format == "apigouv":
        from .apigouv import main as import_main

        return import_main(args.root, args.source, force=args.force)
    if args.format in DATAGOUV_COMMANDS:
        from .datagouv.cli import run as run_datagouv

        return run_datagouv(args)
    return 2  # pragma: no cover - argparse rejects unknown formats


if __name__ == "__main__":
    sys.exit(main())
