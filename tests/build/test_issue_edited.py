"""Numbering the version the leader approved (issue 13, item 4): ``--issue`` over a document a
person edited in Word writes the number and date into *their* file and keeps every other
change; later builds keep it as issued; only ``--reissue`` makes it again from the data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import docx
from click.testing import Result

from docgen.docx.text import document_text

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
DOC = f"{UNIT}/ke-hoach-2023.docx"
DOC_ID = f"{UNIT}/ke-hoach"
LEADER = " Các phòng, ban chủ động phối hợp, báo cáo kết quả trước ngày 15 hằng tháng."


def _build(run: Run, ws: Path, *extra: str) -> Result:
    return run("-w", str(ws), "build", "--unit", UNIT, "--kind", "ke-hoach", *extra)


def _issue(run: Run, ws: Path, day: str = "2023-07-20", *extra: str) -> Result:
    return _build(run, ws, "--issue", "--allow-sample", "--date", day, *extra)


def _leader_edits(path: Path) -> bytes:
    """What the leader does in Word: a sentence added to the body, the file saved again."""
    document = docx.Document(str(path))
    body = [p for p in document.paragraphs if p.text.startswith("Ủy ban nhân dân huyện Hương Khê ban hành")]
    body[0].add_run(LEADER)
    document.save(str(path))
    return path.read_bytes()


def _header(path: Path) -> list[str]:
    table = docx.Document(str(path)).tables[0]
    return [p.text for cell in table.rows[1].cells for p in cell.paragraphs]


def _register(run: Run, ws: Path) -> list[dict[str, object]]:
    result = run("-w", str(ws), "register", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def test_issuing_an_edited_plan_numbers_the_clerks_file_and_keeps_every_other_change(run: Run, workspace: Path) -> None:
    out = workspace / "out"
    assert _build(run, workspace).exit_code == 0
    edited = _leader_edits(out / DOC)

    result = _issue(run, workspace)

    assert result.exit_code == 0, result.output
    assert f"Cấp số 01/KH-UBND ngày 20/7/2023: {DOC_ID}" in result.output
    assert (
        f"Đã ghi số, ngày vào bản đã sửa tay {DOC}; bản trước khi ghi số được giữ ở "
        f"{UNIT}/ke-hoach-2023.ban-sua-1.docx." in result.output
    )
    assert _header(out / DOC) == ["Số: 01/KH-UBND", "Hương Khê, ngày 20 tháng 7 năm 2023"]
    before, after = document_text(edited).splitlines(), document_text((out / DOC).read_bytes()).splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [
        ("Số:      /KH-UBND", "Số: 01/KH-UBND"),
        ("Hương Khê, ngày      tháng 7 năm 2023", "Hương Khê, ngày 20 tháng 7 năm 2023"),
    ]
    assert LEADER.strip() in document_text((out / DOC).read_bytes())
    assert (out / f"{UNIT}/ke-hoach-2023.ban-sua-1.docx").read_bytes() == edited  # the unnumbered version
    # The register holds the issued file itself: its hash and its text.
    (record,) = _register(run, workspace)
    assert record["number_symbol"] == "01/KH-UBND" and record["status"] == "issued"
    assert record["sha256"] == hashlib.sha256((out / DOC).read_bytes()).hexdigest()


def test_a_numbered_edit_is_kept_by_later_builds_and_made_again_only_by_reissue(run: Run, workspace: Path) -> None:
    out = workspace / "out"
    assert _build(run, workspace).exit_code == 0
    _leader_edits(out / DOC)
    assert _issue(run, workspace).exit_code == 0
    issued = (out / DOC).read_bytes()
    # The data changes after the number was given: the issued document stays what was issued.
    units = workspace / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("Hương Khê", "Hương Khê mới", 1), encoding="utf-8")
    for flags in ((), ("--issue", "--allow-sample", "--date", "2023-07-21"), ("--force",)):
        again = _build(run, workspace, *flags)
        assert again.exit_code == 0, again.output
        assert (out / DOC).read_bytes() == issued, flags
        assert f"Giữ nguyên bản đã sửa tay đã cấp số: {DOC} — tạo lại từ dữ liệu cần số mới: --reissue" in again.output
    assert [r["number_symbol"] for r in _register(run, workspace)] == ["01/KH-UBND"]
    # --reissue: a new number for the document made from the data; the person's version kept.
    reissued = _build(run, workspace, "--reissue", "--allow-sample", "--date", "2023-07-22")
    assert reissued.exit_code == 0, reissued.output
    assert "Cấp số 02/KH-UBND ngày 22/7/2023" in reissued.output
    kept = out / f"{UNIT}/ke-hoach-2023.ban-sua-2.docx"
    assert kept.read_bytes() == issued
    assert f"Đã tạo lại {DOC} từ dữ liệu; bản đã sửa tay đã cấp số trước đây được giữ ở" in reissued.output
    assert _header(out / DOC)[0] == "Số: 02/KH-UBND"
    assert LEADER.strip() not in document_text((out / DOC).read_bytes())


def test_an_edited_file_without_one_place_for_the_number_is_refused_and_left_alone(run: Run, workspace: Path) -> None:
    out = workspace / "out"
    assert _build(run, workspace).exit_code == 0
    document = docx.Document(str(out / DOC))
    number = document.tables[0].rows[1].cells[0].paragraphs[0]
    number.runs[0].text = "Số hiệu do văn thư ghi"  # the leader retyped the number line
    document.save(str(out / DOC))
    edited = (out / DOC).read_bytes()

    result = _issue(run, workspace)

    assert result.exit_code == 1, result.output
    assert f"LỖI {DOC_ID}: không ghi được số vào bản đã sửa tay {out / DOC}" in result.output
    assert "không thấy đoạn «Số: …/KH-UBND» ở cột trái của đầu văn bản" in result.output
    assert "docgen register record" in result.output
    assert "Traceback" not in result.output
    assert (out / DOC).read_bytes() == edited
    assert not list((out / UNIT).glob("*.ban-sua-*"))
    assert _register(run, workspace) == []  # no number given
