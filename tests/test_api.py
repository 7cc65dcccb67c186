"""The public API of ``docgen`` (docgen/__init__.py), used the way a script uses it."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

import docgen
from docgen.errors import RenderError, WorkspaceError
from docgen.lock import LOCK_NAME

REPO = Path(__file__).resolve().parent.parent


def files(root: Path) -> list[str]:
    # out/.docgen.lock (docgen/lock.py) is an empty file the OS locks; it stays after a POSIX run.
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != LOCK_NAME)


def test_a_script_builds_one_unit_into_its_own_folder(workspace: Path, tmp_path: Path) -> None:
    ws = docgen.open_workspace(workspace)
    data = docgen.load(ws)
    refs = docgen.plan(data, units=["so-xay-dung"])
    assert [ref.id for ref in refs] == [
        "so-xay-dung/quyet-dinh",
        "so-xay-dung/ke-hoach",
        "so-xay-dung/bao-cao/2023-h1",
        "so-xay-dung/bao-cao/2023",
    ]
    out = tmp_path / "ket-qua"

    report = docgen.build_documents(ws, refs, data=data, out_dir=out, jobs=1)

    assert (report.ok, report.built, report.skipped, report.failed, report.packs) == (True, 4, 0, 0, 1)
    assert files(out) == [
        "manifest.json",
        "so-xay-dung.zip",
        "so-xay-dung/bao-cao-6-thang-dau-nam-2023.docx",
        "so-xay-dung/bao-cao-nam-2023.docx",
        "so-xay-dung/ke-hoach-2023.docx",
        "so-xay-dung/quyet-dinh-2023.docx",
    ]
    assert not (workspace / "out").exists()
    # One document on its own: the very bytes the build wrote, and nothing written anywhere.
    content = docgen.render_document(ws, "ke-hoach", "so-xay-dung", data=data)
    assert content == (out / "so-xay-dung" / "ke-hoach-2023.docx").read_bytes()
    assert not (workspace / "out").exists()
    # A second run with nothing changed rebuilds nothing.
    again = docgen.build_documents(workspace, refs, out_dir=out, jobs=1)
    assert (again.ok, again.built, again.skipped) == (True, 0, 4)


def test_render_document_writes_to_the_file_it_is_given(workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "rieng"
    folder.mkdir()
    target = folder / "bao-cao.docx"
    content = docgen.render_document(workspace, "bao-cao", "so-xay-dung", period="2023-h1", output=target)
    assert content.startswith(b"PK")
    assert target.read_bytes() == content
    assert files(folder) == ["bao-cao.docx"]
    assert not (workspace / "out").exists()


def test_a_typo_is_an_error_with_a_suggestion(workspace: Path) -> None:
    data = docgen.load(workspace)
    with pytest.raises(RenderError) as plan_error:
        docgen.plan(data, units=["so-xay-dug"])
    assert str(plan_error.value).startswith('Không có đơn vị "so-xay-dug"')
    assert 'có phải "so-xay-dung"?' in str(plan_error.value)
    with pytest.raises(RenderError) as render_error:
        docgen.render_document(workspace, "ke-hoach", "so-xay-dug", data=data)
    assert str(render_error.value) == str(plan_error.value)
    with pytest.raises(WorkspaceError, match="Không tìm thấy thư mục làm việc"):
        docgen.open_workspace(workspace / "khong-co")


def test_the_api_is_what_all_lists_and_no_subpackage_hides_it() -> None:
    """Importing ``docgen.X`` sets the attribute X of the package: an API function of the same
    name would be replaced by the module once any code imported it."""
    assert docgen.__all__ == ["__version__", "build_documents", "load", "open_workspace", "plan", "render_document"]
    stages = {path.stem for path in (REPO / "docgen").iterdir() if path.suffix == ".py" or path.is_dir()}
    assert stages.isdisjoint(docgen.__all__)
    importlib.import_module("docgen.build.run")  # as every build does
    assert all(callable(getattr(docgen, name)) for name in docgen.__all__ if name != "__version__")


def test_version_is_the_packages_version() -> None:
    """The manifest, each ZIP and the input-state hash contain it: it changes only on purpose."""
    with open(REPO / "pyproject.toml", "rb") as f:
        assert docgen.__version__ == tomllib.load(f)["project"]["version"] == "0.2.1"


def test_a_script_issues_numbers_as_build_issue_date_does(workspace: Path) -> None:
    import datetime as dt

    from docgen.register.sqlite import open_register

    data = docgen.load(workspace)
    refs = docgen.plan(data, units=["huyen-huong-khe"], kinds=["ke-hoach"])
    refused = docgen.build_documents(workspace, refs, data=data, jobs=1, issue=True, issue_date=dt.date(2023, 7, 15))
    assert not refused.issued and "dữ liệu mẫu" in refused.failures[0][1]  # as without --allow-sample
    report = docgen.build_documents(
        workspace, refs, data=data, jobs=1, issue=True, issue_date=dt.date(2023, 7, 15), allow_sample=True
    )
    assert report.issued == [("huyen-huong-khe/ke-hoach", "01/KH-UBND", dt.date(2023, 7, 15))]
    again = docgen.build_documents(workspace, refs, data=data, jobs=1, issue=True, issue_date=dt.date(2023, 8, 1))
    assert not again.issued  # a numbered document keeps its number
    with open_register(workspace) as register:
        assert [(r.doc_id, r.number) for r in register.list()] == [("huyen-huong-khe/ke-hoach", 1)]
