"""Shared fixtures: a private copy of the sample workspace per test, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli import cli

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the repository's sample workspace that a test may break at will."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("data", "templates"):
        shutil.copytree(REPO / name, root / name)
    return root


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Invoke ``docgen`` like a clerk would: through the root group, in standalone mode."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke
