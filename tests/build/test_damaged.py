"""A DOCX in out/ that does not open as a Word document is damaged, not a clerk's edit: it is
moved aside as ``<name>.hong-N.docx``, made again and reported (issue 12, item 4)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
DOC = f"{UNIT}/ke-hoach-2023.docx"
KEPT = f"{UNIT}/ke-hoach-2023.hong-1.docx"


def _build(run: Run, ws: Path, out: Path, *extra: str) -> Result:
    return run("-w", str(ws), "build", "--unit", UNIT, "--out", str(out), "--jobs", "1", *extra)


def _without(part: str) -> Callable[[bytes], bytes]:
    """A ZIP that still holds the other parts of the DOCX, but not ``part``."""

    def damage(content: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                if item.filename != part:
                    target.writestr(item, source.read(item))
        return buffer.getvalue()

    return damage


def _bad_checksum(content: bytes) -> bytes:
    """One part's bytes changed in place (a bad disk sector, a copy gone wrong): its CRC fails."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        item = archive.getinfo("word/styles.xml")
    damaged = bytearray(content)
    damaged[item.header_offset + 30 + len(item.filename) + 10] ^= 0xFF  # inside the part's data
    return bytes(damaged)


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda content: b"",
    "truncated": lambda content: content[: len(content) // 2],
    "no-body": _without("word/document.xml"),
    "no-content-types": _without("[Content_Types].xml"),
    "bad-checksum": _bad_checksum,
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_docx_that_does_not_open_as_word_is_moved_aside_made_again_and_reported(
    run: Run, sample_workspace: Path, tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    doc = out / DOC
    made = doc.read_bytes()
    broken = DAMAGES[damage](made)
    doc.write_bytes(broken)

    result = _build(run, sample_workspace, out)

    assert result.exit_code == 0, result.output  # nothing lost: the damaged bytes are kept
    assert doc.read_bytes() == made
    assert (out / KEPT).read_bytes() == broken
    assert f"Tệp {DOC} bị hỏng (không mở được bằng Word), đã tạo lại; bản hỏng giữ ở {KEPT}." in result.output
    assert "Giữ nguyên tệp đã sửa tay" not in result.output
    entry = next(d for d in json.loads((out / "manifest.json").read_text("utf-8"))["documents"] if d["path"] == DOC)
    assert entry["edited"] is False and entry["status"] == "built"
    with zipfile.ZipFile(out / f"{UNIT}.zip") as pack:
        assert pack.read("ke-hoach-2023.docx") == made


def test_a_damaged_docx_is_a_field_of_the_json_report(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    (out / DOC).write_bytes(b"")
    report = json.loads(_build(run, sample_workspace, out, "--json").output)
    assert report["damaged"] == [{"path": DOC, "kept_as": KEPT}]
    assert report["edited"] == []


def test_a_damaged_docx_is_made_again_without_a_manifest_too(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    made = (out / DOC).read_bytes()
    (out / DOC).write_bytes(made[:100])
    (out / "manifest.json").unlink()
    result = _build(run, sample_workspace, out)
    assert result.exit_code == 0, result.output
    assert (out / DOC).read_bytes() == made and (out / KEPT).read_bytes() == made[:100]


def test_a_second_damage_does_not_overwrite_the_first_copy(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    (out / DOC).write_bytes(b"first")
    assert _build(run, sample_workspace, out).exit_code == 0
    (out / DOC).write_bytes(b"second")
    assert _build(run, sample_workspace, out).exit_code == 0
    assert (out / KEPT).read_bytes() == b"first"
    assert (out / f"{UNIT}/ke-hoach-2023.hong-2.docx").read_bytes() == b"second"


def test_an_edited_docx_that_opens_as_word_is_still_kept_as_an_edit(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    doc = out / DOC
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(doc.read_bytes())) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("customXml/ghi-chu.xml", "<ghi-chu>văn thư đã sửa</ghi-chu>")
    doc.write_bytes(buffer.getvalue())
    result = _build(run, sample_workspace, out)
    assert result.exit_code == 0, result.output
    assert doc.read_bytes() == buffer.getvalue()
    assert f"Giữ nguyên tệp đã sửa tay: {DOC}" in result.output
    assert not (out / KEPT).exists()
