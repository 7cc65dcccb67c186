"""Fixtures of the command-line tests: one workspace shared by the tests that only read it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def shared_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample workspace for tests that never change its data or templates
    (builds write to their own ``--out``); loading it once is what makes it cheap."""
    root = tmp_path_factory.mktemp("cli") / "ws"
    root.mkdir()
    for name in ("data", "templates"):
        shutil.copytree(REPO / name, root / name)
    return root
