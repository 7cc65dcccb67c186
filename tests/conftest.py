"""Shared fixtures.

The sample workspace (the repository's ``data/`` and ``templates/``) is copied and loaded once
per session: its data is validated once, and docgen's validated-data cache is made once, as
after a clerk's first command. Tests that only read use that one copy (``sample_workspace``,
``sample_root``) and that one ``Dataset`` (``dataset``); a test that changes a workspace gets a
private copy (``workspace``), which starts with the same cache, so its first command does not
load unchanged data again (any edit of a data file changes the cache key: the edited data is
loaded and checked in full, as for a clerk).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner, Result

from docgen.cli.main import cli
from docgen.data.model import Dataset
from docgen.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SAMPLE = ("data", "templates")  # what a workspace holds before docgen writes anything


class Sample(NamedTuple):
    root: Path
    dataset: Dataset


@pytest.fixture(scope="session")
def _sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    root = tmp_path_factory.mktemp("sample") / "ws"
    for name in SAMPLE:
        shutil.copytree(REPO / name, root / name)
    dataset = Workspace.open(root).load()  # validates everything, writes .cache/docgen
    assert list((root / ".cache" / "docgen").glob("dataset-*.json")), "docgen no longer caches the dataset"
    dumped = dataset.model_dump_json()
    yield Sample(root, dataset)
    # Pydantic models are frozen, but their lists and dicts are not: no test may change them.
    assert dataset.model_dump_json() == dumped, "a test changed the shared dataset: give it a model_copy"


@pytest.fixture(scope="session")
def dataset(_sample: Sample) -> Dataset:
    """The bundled sample data, loaded and validated once per session. Shared: never change it
    (``model_copy(update=...)`` gives a changed copy)."""
    return _sample.dataset


@pytest.fixture(scope="session")
def sample_root(_sample: Sample) -> Path:
    """The shared sample workspace, for module- or session-scoped fixtures that only read it."""
    return _sample.root


# docgen's own memo of templates that passed the check: a build with other data (tests give
# run_build a changed dataset) adds to it, as a build in a clerk's workspace does.
_VOLATILE = {".cache/docgen", ".cache/docgen/template-check.json"}
_CHARTS = ".cache/docgen/charts"  # the charts a build drew (docgen.build.chartcache)


def _state(root: Path) -> dict[str, tuple[int, int]]:
    found = {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}
    return {name: state for name, state in found.items() if name not in _VOLATILE and not name.startswith(_CHARTS)}


@pytest.fixture
def sample_workspace(_sample: Sample) -> Iterator[Path]:
    """The shared sample workspace, for a test that only reads it (writes its output elsewhere);
    the test fails if it changed, made or removed any file there."""
    before = _state(_sample.root)
    yield _sample.root
    assert _state(_sample.root) == before, "the test changed the shared sample workspace: use `workspace`"


@pytest.fixture
def workspace(_sample: Sample, tmp_path: Path) -> Path:
    """A private copy of the sample workspace that a test may break at will."""
    root = tmp_path / "ws"
    for name in (*SAMPLE, ".cache"):
        shutil.copytree(_sample.root / name, root / name)
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
def resaved_workspace(tmp_path_factory: pytest.TempPathFactory, _sample: Sample) -> Path:
    """The sample workspace with every template opened and saved again by LibreOffice, as a
    template author does (``soffice --convert-to docx``); skips without LibreOffice. Shared by
    the session: read it, or copy it to change it."""
    from docgen.errors import PdfError
    from docgen.pdf.soffice import find_soffice

    try:
        soffice = find_soffice()
    except PdfError:
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    root = tmp_path_factory.mktemp("resaved")
    for name in (*SAMPLE, ".cache"):
        shutil.copytree(_sample.root / name, root / name)
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
