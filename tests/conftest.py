"""Shared set-up: Sphinx's test fixtures, the extension on the path, and a few fixtures."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))

from helpers.commands import ROOTS, copy_root  # noqa: E402

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test projects live in ``tests/roots/test-<name>/``."""
    return ROOTS


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository: the real site's sources."""
    return REPO


@pytest.fixture
def root_copy(tmp_path: Path) -> Callable[[str], Path]:
    """``root_copy("basic")``: a fresh copy of a test root in the test's own folder."""

    def make(name: str, folder: str | None = None) -> Path:
        return copy_root(name, tmp_path / (folder or name))

    return make
