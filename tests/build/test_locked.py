"""``build --force`` over a file open in Word (which locks it on Windows: renaming it fails
with a permission error) fails that one document with a Vietnamese message naming the file;
the other documents carry on (issue 12, item 6)."""

from __future__ import annotations

import errno
import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
DOC = f"{UNIT}/ke-hoach-2023.docx"
DOC_ID = f"{UNIT}/ke-hoach"


def _build(run: Run, ws: Path, out: Path, *extra: str) -> Result:
    # One process: the simulated lock (a patched os.replace) holds in the renderer too.
    return run("-w", str(ws), "build", "--unit", UNIT, "--out", str(out), "--jobs", "1", *extra)


def _edit(doc: Path) -> bytes:
    """What saving in Word does, as far as docgen can tell: other bytes, still a Word document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(doc.read_bytes())) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("customXml/ghi-chu.xml", "<ghi-chu>văn thư đã sửa</ghi-chu>")
    doc.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _lock(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """``locked`` is open in Word: it can be neither renamed away nor replaced."""
    replace = os.replace

    def refusing(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(os.fspath(src)) == locked or Path(os.fspath(dst)) == locked:
            raise PermissionError(errno.EACCES, "The process cannot access the file", os.fspath(locked))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", refusing)


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    return {d["doc_id"]: d for d in json.loads((out / "manifest.json").read_text("utf-8"))["documents"]}


def _check_one_failed(result: Result, out: Path, doc: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "không mong đợi" not in result.output
    assert f"LỖI {DOC_ID}: Không ghi được {doc}: tệp đang mở trong Word" in result.output
    assert "đóng tệp trong Word rồi chạy lại lệnh" in result.output
    entries = _manifest(out)
    assert entries[DOC_ID]["status"] == "failed"
    others = [e for doc_id, e in entries.items() if doc_id != DOC_ID]
    assert others and {e["status"] for e in others} == {"built"}  # --force made all the others


def test_force_over_an_edited_file_open_in_word_fails_that_document_alone(
    run: Run, sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    doc = out / DOC
    edited = _edit(doc)
    _lock(monkeypatch, doc)

    result = _build(run, sample_workspace, out, "--force")

    _check_one_failed(result, out, doc)
    assert doc.read_bytes() == edited  # the clerk's file stays where it was, whole
    assert not list(doc.parent.glob("*.ban-sua-*"))
    monkeypatch.undo()  # Word is closed: the next build keeps the edit, or moves it aside with --force
    assert f"Giữ nguyên tệp đã sửa tay: {DOC}" in _build(run, sample_workspace, out).output
    again = _build(run, sample_workspace, out, "--force")
    assert again.exit_code == 0, again.output
    assert (doc.parent / "ke-hoach-2023.ban-sua-1.docx").read_bytes() == edited


def test_force_over_a_file_of_docgen_open_in_word_fails_that_document_alone(
    run: Run, sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    doc = out / DOC
    made = doc.read_bytes()
    _lock(monkeypatch, doc)

    result = _build(run, sample_workspace, out, "--force")

    _check_one_failed(result, out, doc)
    assert doc.read_bytes() == made
    assert not [p for p in doc.parent.iterdir() if p.name.endswith(".tmp")]  # no temporary left behind
    monkeypatch.undo()
    again = _build(run, sample_workspace, out)
    assert again.exit_code == 0, again.output
    assert "sửa tay" not in again.output  # docgen's own file, not taken for an edit


def test_a_damaged_file_open_in_another_program_fails_that_document_alone(
    run: Run, sample_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    doc = out / DOC
    doc.write_bytes(b"")
    _lock(monkeypatch, doc)

    result = _build(run, sample_workspace, out, "--force")

    _check_one_failed(result, out, doc)
    assert doc.read_bytes() == b""
