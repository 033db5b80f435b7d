"""Try real OpenAPI specifications on a real build, by hand: ``python tools/try_specs.py FOLDER``.

The test suite uses small fixtures written for it (``tests/openapi/``);
real specifications are bigger and sloppier, and may not be copied into
the repository.  This script takes a folder of them (for instance the
specifications the former api.gouv.fr hosted), makes a throw-away site
where each file is the snapshot of one stub API, builds it with Sphinx,
and prints, per file: its format, what the page shows (operations,
fields, folded bodies), the problems found (by code), the size of the
page against the size of the file, and whether the build went through.
It never stops on a file: one that crashes the build is the finding.

Run from the repository, with its virtual environment::

    .venv/bin/python tools/try_specs.py ../shared/reference/openapi
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))

from catalogue.openapi import read_file  # noqa: E402
from catalogue.records.kinds import IDENTIFIER  # noqa: E402

RECORD = """title: API {name}
tagline: Une API d'essai qui porte une spécification réelle.
producer: essai
access: open
themes:
  - Essai
description: |
  Une fiche d'essai pour lire la spécification {name}.
documentation_link: https://essai.example.gouv.fr/doc
terms_link: https://essai.example.gouv.fr/cgu
"""


def identifier(path: Path) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return name if IDENTIFIER.match(name) else "spec"


def make_site(root: Path, specs: list[Path]) -> dict[str, Path]:
    (root / "apis" / "openapi").mkdir(parents=True)
    (root / "apis" / "fournisseurs").mkdir()
    (root / "apis" / "themes").mkdir()
    (root / "conf.py").write_text('extensions = ["catalogue"]\nlanguage = "fr"\nexclude_patterns = ["_build"]\n')
    (root / "index.md").write_text("# Essai\n\n```{toctree}\n:hidden:\ndonnees\n```\n")
    (root / "donnees.md").write_text("# Index des données\n\n```{data-index}\n```\n")
    (root / "apis" / "fournisseurs" / "essai.yml").write_text(
        "name: Fournisseur d'essai\ntype: Autre organisme public\nsite: https://essai.example.gouv.fr\n"
        "contact: essai@example.gouv.fr\ndescription: Un fournisseur pour les essais.\n"
    )
    (root / "apis" / "themes" / "essai.yml").write_text("name: Essai\ndescription: Les API d'essai.\n")
    shutil.copytree(REPO / "schema", root / "schema")
    made: dict[str, Path] = {}
    for spec in specs:
        api = "api-" + identifier(spec)
        while api in made:
            api += "-bis"
        made[api] = spec
        (root / "apis" / f"{api}.yml").write_text(RECORD.format(name=spec.stem))
        shutil.copyfile(spec, root / "apis" / "openapi" / f"{api}{'.yaml' if spec.suffix in ('.yaml', '.yml') else '.json'}")
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    specs = sorted(p for p in args.folder.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "site"
        made = make_site(root, specs)
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(root), str(root / "_build")],
            capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "_ext"), "PATH": "/usr/bin:/bin"},
        )
        print(f"construction : {'réussie' if done.returncode == 0 else 'ÉCHEC ' + str(done.returncode)}")
        if done.returncode:
            print(done.stderr[-3000:])
        print(f"{'fichier':48} {'format':14} {'op.':>4} {'champs':>6} {'page/spéc':>9}  problèmes")
        for api, spec_path in made.items():
            spec = read_file(spec_path)
            fields = sum(len(body.fields) for op in spec.operations for body in (op.request, op.response) if body)
            page = root / "_build" / "apis" / f"{api}.html"
            shown = page.read_text(encoding="utf-8") if page.exists() else ""
            operations = shown.count('class="catalogue-operation docutils container"')
            ratio = (page.stat().st_size / spec_path.stat().st_size) if page.exists() else 0
            codes = collections.Counter(problem.code for problem in spec.problems)
            problems = ", ".join(f"{code} ×{count}" for code, count in sorted(codes.items())) or "aucun"
            note = "" if operations == len(spec.operations) else f" (page : {operations} opérations, lien seul)"
            print(f"{spec_path.name:48} {spec.format:14} {len(spec.operations):>4} {fields:>6} {ratio:>8.1f}×  {problems}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
