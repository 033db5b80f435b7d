"""The repository, copies of test roots, and commands run as a contributor runs them.

Every test that runs ``python -m sphinx``, ``python -m catalogue`` or
``make`` goes through :func:`run`: the extension on ``PYTHONPATH``, dates
fixed (``SOURCE_DATE_EPOCH``), no bytecode written into the repository,
output captured as text, a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROOTS = REPO / "tests" / "roots"

#: The date every test build uses (2026-01-01): the same sources, the same site.
EPOCH = "1767225600"


def copy_root(name: str, destination: Path) -> Path:
    """A copy of ``tests/roots/test-<name>`` at *destination*, to edit freely."""
    shutil.copytree(ROOTS / f"test-{name}", destination)
    return destination


def run(*args: str, cwd: Path | None = None, timeout: int = 600, **env: str) -> subprocess.CompletedProcess:
    """Run *args* (``"python"`` stands for this interpreter) with the extension on the path."""
    command = [sys.executable if args[0] == "python" else args[0], *args[1:]]
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPO / "_ext"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "SOURCE_DATE_EPOCH": EPOCH,
        **env,
    }
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout)


def sphinx(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """``python -m sphinx --no-color ARGS``: a build as ``make html`` runs it."""
    return run("python", "-m", "sphinx", "--no-color", *args, **kwargs)
