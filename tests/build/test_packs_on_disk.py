"""A unit's ZIP pack is what its folder holds at the end of the run: the documents of the
manifest as they are on disk (a clerk's edit included, with ``edited`` right inside), the
edited copies moved aside; other files of the folder are listed, not packed (issue 12, item 3)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from docx import Document

from docgen.build.manifest import DocEntry, read_state
from docgen.build.packs import unpacked_files

Run = Callable[..., Result]
UNIT = "so-noi-vu"
DOC = f"{UNIT}/ke-hoach-2023.docx"


def _build(run: Run, ws: Path, out: Path, *extra: str) -> Result:
    result = run("-w", str(ws), "build", "--unit", UNIT, "--out", str(out), "--jobs", "1", *extra)
    assert result.exit_code == 0, result.output
    return result


def _edit(path: Path, text: str = "ĐOẠN VĂN THƯ BỔ SUNG") -> bytes:
    document = Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))
    return path.read_bytes()


def _unpacked(out: Path) -> list[str]:
    entries = read_state(out).entries.values()
    units: dict[str, list[DocEntry]] = {}
    for entry in entries:
        units.setdefault(entry.unit_id, []).append(entry)
    return unpacked_files(out, units)


def _pack(out: Path) -> tuple[dict[str, bytes], dict[str, dict[str, object]]]:
    with zipfile.ZipFile(out / f"{UNIT}.zip") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    described = {d["path"]: d for d in json.loads(members["manifest.json"])["documents"]}
    return members, described


def test_the_zip_holds_the_clerks_edited_docx_after_a_plain_build(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(run, sample_workspace, out)
    members, described = _pack(out)
    assert described[DOC]["edited"] is False
    mine = _edit(out / DOC)
    result = _build(run, sample_workspace, out)
    assert f"Giữ nguyên tệp đã sửa tay: {DOC}" in result.output
    members, described = _pack(out)
    assert members["ke-hoach-2023.docx"] == mine
    assert described[DOC]["edited"] is True
    # Every document of the pack is the file on disk.
    for path, item in described.items():
        assert members[Path(path).name] == (out / path).read_bytes()
        assert item["edited"] is (path == DOC)


def test_an_edited_copy_moved_aside_by_force_is_packed_beside_the_new_document(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _build(run, sample_workspace, out)
    original = (out / DOC).read_bytes()
    mine = _edit(out / DOC)
    _build(run, sample_workspace, out, "--force")
    assert (out / f"{UNIT}/ke-hoach-2023.ban-sua-1.docx").read_bytes() == mine
    members, described = _pack(out)
    assert members["ke-hoach-2023.ban-sua-1.docx"] == mine
    assert members["ke-hoach-2023.docx"] == original and described[DOC]["edited"] is False


def test_other_files_of_the_unit_folder_are_listed_not_packed(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(run, sample_workspace, out)
    (out / UNIT / "~$ke-hoach-2023.docx").write_bytes(b"\x05Word lock")
    (out / UNIT / "ghi-chu.txt").write_text("Gọi lại cho anh Nam", encoding="utf-8")
    before = (out / f"{UNIT}.zip").read_bytes()
    result = _build(run, sample_workspace, out)
    assert (out / f"{UNIT}.zip").read_bytes() == before
    assert f"Không đưa vào gói ZIP: {UNIT}/ghi-chu.txt (không phải văn bản docgen tạo ra)" in result.output
    assert f"Không đưa vào gói ZIP: {UNIT}/~$ke-hoach-2023.docx" in result.output
    members, _ = _pack(out)
    assert "ghi-chu.txt" not in members and "~$ke-hoach-2023.docx" not in members
    assert _unpacked(out) == [f"{UNIT}/ghi-chu.txt", f"{UNIT}/~$ke-hoach-2023.docx"]


def test_the_packs_of_an_untouched_workspace_do_not_change_by_a_byte(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _build(run, sample_workspace, first)
    zipped = (first / f"{UNIT}.zip").read_bytes()
    _build(run, sample_workspace, first)
    _build(run, sample_workspace, second)
    assert (first / f"{UNIT}.zip").read_bytes() == zipped == (second / f"{UNIT}.zip").read_bytes()
    assert _unpacked(first) == []
