"""``docgen review`` as the office runs it: findings, not failures; JSON for scripts; an Excel
sheet for the council that is never written over without --force."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

Run = Callable[..., Result]


def test_refusals_are_findings_and_the_command_succeeds(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "review")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "90 đề nghị: 79 đạt tiêu chuẩn, 11 không đạt (tiêu chuẩn áp dụng ngày 01/01/2024)."
    refused = next(i for i, line in enumerate(lines) if line.startswith("KHÔNG ĐẠT huyen-cam-xuyen-1: "))
    assert lines[refused].endswith("— Cờ thi đua của Ủy ban nhân dân tỉnh")
    assert lines[refused + 1] == "            - không dẫn đầu khối thi đua: xếp hạng 2"


def test_json_names_each_candidate_its_award_and_the_reasons(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "review", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 90
    assert {"candidate_id", "unit_id", "name", "award", "eligible", "reasons", "history"} <= set(rows[0])
    flag = next(r for r in rows if r["candidate_id"] == "huyen-cam-xuyen-1")
    assert flag["unit_id"] == "huyen-cam-xuyen" and flag["award"] == "co-thi-dua-ubnd-tinh"
    assert flag["eligible"] is False and flag["reasons"] == ["không dẫn đầu khối thi đua: xếp hạng 2"]
    assert all(r["eligible"] == (r["reasons"] == []) for r in rows)


def test_the_date_chooses_the_law(run: Run, sample_workspace: Path) -> None:
    before = json.loads(run("-w", str(sample_workspace), "review", "--json", "--date", "31/12/2023").output)
    assert all("2003" in r["basis"] for r in before)
    bad = run("-w", str(sample_workspace), "review", "--date", "2024-13-01")
    assert bad.exit_code == 2


def test_the_excel_sheet_is_never_written_over_without_force(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "xet-tieu-chuan.xlsx"
    first = run("-w", str(sample_workspace), "review", "--xlsx", str(target))
    assert first.exit_code == 0, first.output
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[2]][:6] == ["STT", "Mã đề nghị", "Đơn vị đề nghị", "Tên tập thể, cá nhân",
                                              "Hình thức đề nghị", "Kết quả"]  # fmt: skip
    assert sheet.max_row == 92
    assert sum(1 for row in sheet.iter_rows(min_row=3, values_only=True) if row[5] == "Không đạt") == 11
    annotated = target.read_bytes()  # the council's copy, maybe annotated
    again = run("-w", str(sample_workspace), "review", "--xlsx", str(target))
    assert again.exit_code == 1 and "không ghi đè" in again.output and "--force" in again.output
    assert target.read_bytes() == annotated
    forced = run("-w", str(sample_workspace), "review", "--xlsx", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    kept = tmp_path / "xet-tieu-chuan.ban-sua-1.xlsx"
    assert kept.read_bytes() == annotated and f"Tệp cũ được cất ở {kept}" in forced.output
    assert target.read_bytes() == annotated, "the same review makes the same bytes"


def test_the_review_sheet_prints_for_the_council_with_every_reason_visible(
    run: Run, sample_workspace: Path, tmp_path: Path
) -> None:
    target = tmp_path / "xet.xlsx"
    assert run("-w", str(sample_workspace), "review", "--xlsx", str(target)).exit_code == 0
    sheet = load_workbook(target).active
    # A4 landscape, one page wide, the column titles on every page (it printed portrait over
    # three pages across, each row one line high, before)
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth, sheet.print_title_rows) == (
        "landscape",
        1,
        "$2:$2",
    )
    # Neither Excel nor LibreOffice grows a row openpyxl wrote: each row is as high as its text.
    for row in sheet.iter_rows(min_row=3):
        lines = max(len(str(c.value or "").split("\n")) for c in row)
        if lines > 1:
            assert (sheet.row_dimensions[row[0].row].height or 15) >= 15 * lines, row[1].value
    refused = next(row for row in sheet.iter_rows(min_row=3) if row[5].value == "Không đạt")
    assert refused[5].font.b and refused[6].value


def test_a_prior_award_the_review_cannot_name_is_a_data_error(run: Run, workspace: Path) -> None:
    candidates = workspace / "data" / "candidates.yaml"
    text = candidates.read_text(encoding="utf-8")
    candidates.write_text(text.replace("award: chien-si-thi-dua-co-so", "award: chien-si-thi-dua-co-s", 1), "utf-8")
    result = run("-w", str(workspace), "review")
    assert result.exit_code == 1
    assert (
        'prior_awards[0].award: danh hiệu "chien-si-thi-dua-co-s" không tồn tại — có phải "chien-si-thi-dua-co-so"?'
        in (result.output)
    )


def test_a_rule_misspelt_in_awards_yaml_is_a_data_error(run: Run, workspace: Path) -> None:
    awards = workspace / "data" / "awards.yaml"
    text = awards.read_text(encoding="utf-8")
    awards.write_text(text.replace("- bloc_rank: 1", "- bloc_rnak: 1", 1), "utf-8")
    result = run("-w", str(workspace), "review")
    assert result.exit_code == 1 and "data/awards.yaml:" in result.output and "bloc_rnak" in result.output


def test_criteria_not_yet_checked_against_the_texts_are_flagged(run: Run, sample_workspace: Path) -> None:
    old = run("-w", str(sample_workspace), "review", "--date", "31/12/2023").output.splitlines()
    assert old[-1] == (
        "Lưu ý: tiêu chuẩn áp dụng ngày này chưa được đối chiếu với văn bản luật (checked: false trong awards.yaml); "
        "chỉ dùng để tham khảo."
    )
    new = run("-w", str(sample_workspace), "review").output
    assert "Lưu ý" not in new
