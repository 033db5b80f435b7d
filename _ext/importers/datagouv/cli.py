"""The two commands of the data.gouv.fr bridge, for ``python -m importers``.

:func:`add_commands` declares ``datagouv`` (import) and ``push-datagouv``
(publish) on the importers' sub-command parser; :func:`run` carries one out.
Kept here so that ``importers/__main__.py`` only wires them in.

``--root`` is accepted after the command too (``python -m importers
datagouv SRC --root DIR``), as well as before it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

COMMANDS = ("datagouv", "push-datagouv")


def add_commands(formats: Any) -> None:
    """Declare the commands on *formats* (the result of ``parser.add_subparsers``)."""
    datagouv = formats.add_parser(
        "datagouv",
        help="importer les API de data.gouv.fr (dataservices) : fichier, dossier ou adresse de l'API",
    )
    datagouv.add_argument(
        "source",
        help="page ou API enregistrée (.json), dossier de tels fichiers, ou adresse de l'API "
        "(https://www.data.gouv.fr/api/1/dataservices/?organization=...)",
    )
    datagouv.add_argument("--force", action="store_true", help="écraser aussi les fiches écrites ou modifiées à la main")
    push = formats.add_parser(
        "push-datagouv", help="publier les fiches d'API sur data.gouv.fr (clé d'API dans DATAGOUV_API_KEY)"
    )
    push.add_argument("--dry-run", action="store_true", help="afficher ce qui serait envoyé, sans rien envoyer ni écrire")
    push.add_argument("--api", default=None, help="adresse de l'API udata (par défaut : https://www.data.gouv.fr/api/1/)")
    for parser in (datagouv, push):
        parser.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="dossier du site (par défaut : .)")


def run(args: argparse.Namespace) -> int:
    """Carry out the command of *args*; its exit status."""
    root = getattr(args, "root", None) or Path(".")
    if args.format == "datagouv":
        from . import main as import_main

        return import_main(root, args.source, force=args.force)
    from .push import DEFAULT_API
    from .push import main as push_main

    return push_main(root, args.api or DEFAULT_API, dry_run=args.dry_run)
