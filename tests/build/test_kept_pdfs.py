"""A PDF that differs from what docgen wrote (signed, stamped) is never deleted or replaced,
by a plain build or a ``--pdf`` one; only ``--force`` moves it aside as ``x.ban-sua-N.pdf``.
The same holds for a unit's merged ``out/<unit>.pdf``. A stale PDF docgen wrote itself is
still removed (issue 12, item 1)."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfWriter

from docgen.build.manifest import DocEntry
from docgen.build.pdfs import drop_stale_pdfs

Run = Callable[..., Result]
UNIT = "so-noi-vu"
PDF = f"{UNIT}/ke-hoach-2023.pdf"
MERGED = f"{UNIT}.pdf"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")


def _build(run: Run, ws: Path, *extra: str) -> Result:
    result = run("-w", str(ws), "build", "--unit", UNIT, "--kind", "ke-hoach", "--jobs", "1", *extra)
    assert result.exit_code == 0, result.output
    return result


def _sign(path: Path) -> bytes:
    path.write_bytes(path.read_bytes() + b"\n% ky so\n")  # what a signing tool does: bytes appended
    return path.read_bytes()


def _change_data(ws: Path) -> None:
    units = ws / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index(f"- id: {UNIT}\n")
    units.write_text(text[:start] + text[start:].replace("    place: ", "    place: TP. ", 1), encoding="utf-8")


def _manifest(ws: Path) -> dict[str, object]:
    return dict(json.loads((ws / "out" / "manifest.json").read_text(encoding="utf-8")))


@needs_soffice
def test_a_signed_pdf_and_merged_pdf_survive_a_plain_build_after_a_data_change(run: Run, workspace: Path) -> None:
    out = workspace / "out"
    _build(run, workspace, "--pdf")
    signed, merged = _sign(out / PDF), _sign(out / MERGED)
    _change_data(workspace)
    result = _build(run, workspace)
    assert (out / PDF).read_bytes() == signed and (out / MERGED).read_bytes() == merged
    assert f"Giữ nguyên tệp đã sửa tay: {PDF}" in result.output
    assert f"Giữ nguyên tệp đã sửa tay: {MERGED}" in result.output
    assert "Traceback" not in result.output
    # Still seen as a person's file by the next --pdf build: kept and reported, not converted over.
    again = _build(run, workspace, "--pdf")
    assert (out / PDF).read_bytes() == signed and (out / MERGED).read_bytes() == merged
    assert f"Giữ nguyên tệp đã sửa tay: {PDF}" in again.output
    assert f"Giữ nguyên tệp đã sửa tay: {MERGED}" in again.output
    # --force while both are open in a PDF reader: each fails alone, whole and still kept.
    with pytest.MonkeyPatch.context() as monkeypatch:
        _lock(monkeypatch, out / PDF, out / MERGED)
        locked = run(
            "-w", str(workspace), "build", "--unit", UNIT, "--kind", "ke-hoach", "--jobs", "1", "--pdf", "--force"
        )
    assert locked.exit_code == 1, locked.output
    assert f"LỖI {UNIT}/ke-hoach: PDF: Không ghi được {out / PDF}: tệp đang mở" in locked.output
    assert f"LỖI {UNIT}: PDF gộp: Không ghi được {out / MERGED}: tệp đang mở" in locked.output
    assert "không mong đợi" not in locked.output and "Traceback" not in locked.output
    assert (out / PDF).read_bytes() == signed and (out / MERGED).read_bytes() == merged
    # --force makes both again and keeps the signed ones beside them.
    _build(run, workspace, "--pdf", "--force")
    assert (out / f"{UNIT}/ke-hoach-2023.ban-sua-1.pdf").read_bytes() == signed
    assert (out / f"{UNIT}.ban-sua-1.pdf").read_bytes() == merged
    assert (out / PDF).read_bytes() != signed and (out / MERGED).read_bytes() != merged


@needs_soffice
def test_a_hand_signed_merged_pdf_is_kept_by_a_pdf_build_and_reported_out_of_date(run: Run, workspace: Path) -> None:
    out = workspace / "out"
    _build(run, workspace, "--pdf")
    merged = _sign(out / MERGED)
    _change_data(workspace)
    result = _build(run, workspace, "--pdf")
    assert (out / MERGED).read_bytes() == merged
    assert f"Giữ nguyên tệp đã sửa tay: {MERGED}" in result.output
    assert "PDF: 1 văn bản đã chuyển" in result.output  # the document's own PDF is docgen's: made again


@needs_soffice
def test_a_stale_pdf_docgen_wrote_itself_is_still_removed_by_a_plain_build(run: Run, workspace: Path) -> None:
    out = workspace / "out"
    _build(run, workspace, "--pdf")
    _change_data(workspace)
    _build(run, workspace)
    assert not (out / PDF).exists() and not (out / MERGED).exists()
    assert all("pdf" not in d for d in _manifest(workspace)["documents"])  # type: ignore[attr-defined]


def _entry(tmp_path: Path, recorded: dict[str, object]) -> DocEntry:
    (tmp_path / UNIT).mkdir()
    (tmp_path / UNIT / "ke-hoach-2023.docx").write_bytes(b"new docx")
    return DocEntry(f"{UNIT}/ke-hoach", UNIT, "Sở Nội vụ", "ke-hoach", None, None, "", f"{UNIT}/ke-hoach-2023.docx",
                    "new", 8, None, None, "built", None, "x", extra={"pdf": recorded})  # fmt: skip


def _signed_pdf(note: str) -> bytes:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(buffer)
    return buffer.getvalue() + f"\n% {note}\n".encode()


def test_drop_stale_pdfs_keeps_a_signed_pdf_and_reports_it(tmp_path: Path) -> None:
    entry = _entry(tmp_path, {"path": PDF, "sha256": "0" * 64, "source": "old"})
    signed, merged = _signed_pdf("ky so"), _signed_pdf("ky so, gop")
    (tmp_path / PDF).write_bytes(signed)
    (tmp_path / MERGED).write_bytes(merged)
    packs = {UNIT: {"pdf": "1" * 64, "zip": "2" * 64}}
    kept = drop_stale_pdfs(tmp_path, [entry], packs)
    assert kept.by_hand == [PDF, MERGED] and kept.failures == []
    assert (tmp_path / PDF).read_bytes() == signed and (tmp_path / MERGED).read_bytes() == merged
    assert entry.extra["pdf"]["sha256"] == "0" * 64 and packs[UNIT]["pdf"] == "1" * 64  # still seen as signed


def test_drop_stale_pdfs_with_force_moves_a_signed_pdf_aside(tmp_path: Path) -> None:
    entry = _entry(tmp_path, {"path": PDF, "sha256": "0" * 64, "source": "old"})
    signed, merged = _signed_pdf("ky so"), _signed_pdf("ky so, gop")
    (tmp_path / PDF).write_bytes(signed)
    (tmp_path / MERGED).write_bytes(merged)
    packs = {UNIT: {"pdf": "1" * 64, "zip": "2" * 64}}
    moved = drop_stale_pdfs(tmp_path, [entry], packs, force=True)
    assert moved.by_hand == [PDF, MERGED] and moved.failures == []
    assert not (tmp_path / PDF).exists() and not (tmp_path / MERGED).exists()
    assert (tmp_path / f"{UNIT}/ke-hoach-2023.ban-sua-1.pdf").read_bytes() == signed
    assert (tmp_path / f"{UNIT}.ban-sua-1.pdf").read_bytes() == merged
    assert "pdf" not in entry.extra and "pdf" not in packs[UNIT]


def _lock(monkeypatch: pytest.MonkeyPatch, *locked: Path) -> None:
    """``locked`` are open in a PDF reader (Windows): they can be neither renamed nor replaced."""
    replace = os.replace

    def refusing(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(os.fspath(src)) in locked or Path(os.fspath(dst)) in locked:
            raise PermissionError(errno.EACCES, "The process cannot access the file", os.fspath(src))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", refusing)


def test_force_over_a_signed_pdf_open_in_a_reader_fails_it_alone_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _entry(tmp_path, {"path": PDF, "sha256": "0" * 64, "source": "old"})
    signed, merged = _signed_pdf("ky so"), _signed_pdf("ky so, gop")
    (tmp_path / PDF).write_bytes(signed)
    (tmp_path / MERGED).write_bytes(merged)
    packs = {UNIT: {"pdf": "1" * 64}}
    _lock(monkeypatch, tmp_path / PDF, tmp_path / MERGED)
    stale = drop_stale_pdfs(tmp_path, [entry], packs, force=True)
    assert stale.by_hand == [PDF, MERGED]
    assert [doc_id for doc_id, _ in stale.failures] == [f"{UNIT}/ke-hoach", UNIT]
    assert all("tệp đang mở" in reason for _, reason in stale.failures), stale.failures
    assert f"Không ghi được {tmp_path / PDF}" in stale.failures[0][1]
    # Both stay where they were, whole, and still recorded: the next --force tries again.
    assert (tmp_path / PDF).read_bytes() == signed and (tmp_path / MERGED).read_bytes() == merged
    assert entry.extra["pdf"]["sha256"] == "0" * 64 and packs[UNIT]["pdf"] == "1" * 64
    assert not list(tmp_path.rglob("*.ban-sua-*"))


def test_a_cut_short_pdf_is_damaged_not_signed_and_goes_like_any_stale_pdf(tmp_path: Path) -> None:
    entry = _entry(tmp_path, {"path": PDF, "sha256": "0" * 64, "source": "old"})
    (tmp_path / PDF).write_bytes(b"%PDF-1.6\n1 0 obj")  # a copy interrupted
    (tmp_path / MERGED).write_bytes(b"")
    packs = {UNIT: {"pdf": "1" * 64}}
    assert drop_stale_pdfs(tmp_path, [entry], packs).by_hand == []
    assert not (tmp_path / PDF).exists() and not (tmp_path / MERGED).exists()
    assert "pdf" not in entry.extra and "pdf" not in packs[UNIT]
