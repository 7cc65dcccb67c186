"""Shared fixtures: a private copy of the sample workspace per test, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli.main import cli

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


@pytest.fixture(scope="session")
def resaved_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample workspace with every template opened and saved again by LibreOffice, as a
    template author does (``soffice --convert-to docx``); skips without LibreOffice."""
    from docgen.errors import PdfError
    from docgen.pdf.soffice import find_soffice

    try:
        soffice = find_soffice()
    except PdfError:
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    root = tmp_path_factory.mktemp("resaved")
    for name in ("data", "templates"):
        shutil.copytree(REPO / name, root / name)
    templates = sorted((root / "templates" / "docx").glob("*.docx"))
    converted = root / "converted"
    subprocess.run(
        [
            str(soffice),
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(converted),
            *map(str, templates),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    for template in templates:
        again = converted / template.name
        assert again.exists() and again.read_bytes() != template.read_bytes(), template.name
        shutil.copyfile(again, template)
    return root
