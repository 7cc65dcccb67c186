"""A symbolic link inside out/ never makes docgen read, write or delete outside the output
folder: a unit folder or a document that is a link fails with a message naming the link, a
link where a temporary would be is left alone (issue 12, item 5). Skipped where the system
does not let this user make links (Windows without the privilege)."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.fs import is_plain_file_inside, link_within

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
DOC = f"{UNIT}/ke-hoach-2023.docx"


def _build(run: Run, ws: Path, out: Path, *extra: str) -> Result:
    return run("-w", str(ws), "build", "--unit", UNIT, "--out", str(out), "--jobs", "1", *extra)


def _link(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"symbolic links are not permitted here: {exc}")


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip


def _packed(out: Path) -> list[bytes]:
    found = []
    for pack in out.glob("*.zip"):
        with zipfile.ZipFile(pack) as archive:
            found += [archive.read(name) for name in archive.namelist()]
    return found


def test_a_unit_folder_that_is_a_link_is_neither_written_nor_cleaned_nor_packed(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".ke-hoach-2023.docx.k3j2.tmp").write_bytes(b"not docgen's")  # looks like a leftover
    (elsewhere / "ke-hoach-2023.docx").write_bytes(b"PK someone else's file")
    before = _state(elsewhere)
    out.mkdir()
    _link(out / UNIT, elsewhere)

    for extra in ((), ("--force",)):
        result = _build(run, sample_workspace, out, *extra)
        assert result.exit_code == 1, result.output
        assert f"{out / UNIT} là liên kết (symlink) tới" in result.output
        assert "không đọc, ghi hay xóa gì qua liên kết" in result.output
        assert "không mong đợi" not in result.output
        assert _state(elsewhere) == before
        assert not (out / f"{UNIT}.zip").exists()
    statuses = {d["status"] for d in json.loads((out / "manifest.json").read_text("utf-8"))["documents"]}
    assert statuses == {"failed"}


def test_a_document_that_is_a_link_is_not_read_moved_or_packed(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    assert _build(run, sample_workspace, out).exit_code == 0
    elsewhere.mkdir()
    secret = elsewhere / "bi-mat.docx"
    secret.write_bytes((out / DOC).read_bytes() + b"secret")  # opens as Word, not docgen's bytes
    (out / DOC).unlink()
    _link(out / DOC, secret)
    before = _state(elsewhere)

    for extra in ((), ("--force",)):
        result = _build(run, sample_workspace, out, *extra)
        assert result.exit_code == 1, result.output
        assert f"{out / DOC} là liên kết (symlink) tới {secret}" in result.output
        assert _state(elsewhere) == before
        assert (out / DOC).is_symlink()  # left as it is: not moved aside, not replaced
        assert not list((out / UNIT).glob("*.ban-sua-*"))
        assert all(not content.endswith(b"secret") for content in _packed(out))


def test_a_link_where_a_temporary_would_be_is_left_alone(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / UNIT).mkdir(parents=True)
    elsewhere.mkdir()
    target = elsewhere / "ghi-chu.txt"
    target.write_text("ghi chú", encoding="utf-8")
    planted = [out / UNIT / ".ke-hoach-2023.docx.ab12.tmp", out / ".manifest.json.cd34.tmp"]
    for link in planted:
        _link(link, target)
    result = _build(run, sample_workspace, out)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == "ghi chú"
    assert all(link.is_symlink() for link in planted)  # not docgen's: not removed


def test_a_journal_or_manifest_that_is_a_link_stops_the_build_before_writing(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    notes = elsewhere / "ghi-chu.txt"
    notes.write_text("ghi chú\n", encoding="utf-8")
    for name in (".docgen-journal.jsonl", "manifest.json"):
        out = tmp_path / name / "out"
        out.mkdir(parents=True)
        _link(out / name, notes)
        result = _build(run, sample_workspace, out)
        assert result.exit_code == 1, result.output
        assert f"{out / name} là liên kết (symlink) tới {notes}" in result.output
        assert notes.read_text(encoding="utf-8") == "ghi chú\n"
        assert not (out / UNIT).exists()


def test_is_plain_file_inside_follows_no_link(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (root / "unit").mkdir(parents=True)
    elsewhere.mkdir()
    (root / "unit" / "a.docx").write_bytes(b"a")
    (elsewhere / "b.docx").write_bytes(b"b")
    _link(root / "unit" / "b.docx", elsewhere / "b.docx")
    _link(root / "linked", elsewhere)
    assert is_plain_file_inside(root, root / "unit" / "a.docx")
    assert not is_plain_file_inside(root, root / "unit" / "b.docx")  # a link to a file
    assert not is_plain_file_inside(root, root / "linked" / "b.docx")  # through a linked folder
    assert not is_plain_file_inside(root, root / "unit")  # a folder
    assert not is_plain_file_inside(root, root / "unit" / "missing.docx")
    assert not is_plain_file_inside(root, elsewhere / "b.docx")  # outside
    assert link_within(root, root / "linked" / "b.docx") == root / "linked"
    assert link_within(root, root / "unit" / "a.docx") is None
    # the output folder itself may be a link: only what is below it counts
    _link(tmp_path / "out-link", root)
    assert is_plain_file_inside(tmp_path / "out-link", tmp_path / "out-link" / "unit" / "a.docx")


def test_a_document_left_out_of_a_partial_build_is_not_packed_through_a_link(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    assert _build(run, sample_workspace, out).exit_code == 0
    elsewhere.mkdir()
    other = out / UNIT / "to-trinh-2023.docx"
    secret = elsewhere / "bi-mat.docx"
    secret.write_bytes(other.read_bytes() + b"secret")
    other.unlink()
    _link(other, secret)
    pack = (out / f"{UNIT}.zip").read_bytes()

    result = _build(run, sample_workspace, out, "--kind", "ke-hoach", "--force")  # the pack is made again

    assert result.exit_code == 1, result.output
    assert f"{other} là liên kết (symlink) tới {secret}" in result.output
    assert (out / f"{UNIT}.zip").read_bytes() == pack
    assert secret.read_bytes().endswith(b"secret") and other.is_symlink()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")
def test_a_pdf_that_is_a_link_is_refused_not_read_kept_or_merged(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run("-w", str(workspace), "build", "--unit", UNIT, "--kind", "ke-hoach", "--out", str(out), "--pdf")
    assert first.exit_code == 0, first.output
    pdf = out / UNIT / "ke-hoach-2023.pdf"
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(pdf.read_bytes() + b"\n% not docgen's\n")
    before = outside.read_bytes()
    pdf.unlink()
    _link(pdf, outside)
    again = run("-w", str(workspace), "build", "--unit", UNIT, "--kind", "ke-hoach", "--out", str(out), "--pdf")
    assert again.exit_code == 1
    assert "liên kết" in again.output and "ke-hoach-2023.pdf" in again.output
    assert outside.read_bytes() == before
    assert pdf.is_symlink()  # left as the clerk made it, neither replaced nor moved
