"""Issue dates (issue 13, item 3): each kind and report period is numbered only within its window
of data/campaign.yaml (issue_from, issue_to) and never before the directive it cites; without
--date only a full planned day is used; the register commands default to the campaign's years."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.data.model import Dataset
from docgen.docx.text import document_text

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
PLAN_WINDOW = (
    "kế hoạch chỉ được cấp số từ ngày 10/7/2023 đến ngày 31/12/2023 "
    "(data/campaign.yaml, documents.ke-hoach: issue_from, issue_to)"
)


def _register(run: Run, ws: Path, *extra: str) -> list[dict[str, object]]:
    result = run("-w", str(ws), "register", "list", "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _render(run: Run, ws: Path, kind: str, *extra: str) -> Result:
    return run("-w", str(ws), "render", kind, "--unit", UNIT, "--issue", "--allow-sample", *extra)


def _record(run: Run, ws: Path, number: int, day: str, *extra: str) -> Result:
    return run(
        "-w", str(ws), "register", "record", "--unit", UNIT, "--number", str(number), "--symbol", "CV-UBND",
        "--date", day, "--summary", "Về việc triển khai công tác thi đua", *extra,
    )  # fmt: skip


def test_issue_without_date_is_refused_with_the_window_when_the_data_gives_only_a_month(
    run: Run, workspace: Path
) -> None:
    result = _render(run, workspace, "ke-hoach")
    assert result.exit_code == 1
    assert (
        f"Lỗi: {UNIT}/ke-hoach: chưa có ngày ban hành: dữ liệu chỉ ghi tháng 7/2023; {PLAN_WINDOW}"
        " — ghi ngày ban hành bằng --date, ví dụ --date 2023-07-10\n"
    ) in result.output
    assert _register(run, workspace) == []
    assert not list((workspace / "out").rglob("*.docx")), "no document carries a number it was not given"


def test_a_build_without_date_refuses_each_document_with_its_own_window(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("-w", str(workspace), "build", "--unit", UNIT, "--out", str(out), "--issue", "--allow-sample")
    assert result.exit_code == 1
    assert (
        f"LỖI {UNIT}/to-trinh: chưa có ngày ban hành: dữ liệu chỉ ghi tháng 01/2024; tờ trình đề nghị khen thưởng "
        "chỉ được cấp số từ ngày 15/12/2023 đến ngày 31/3/2024 (data/campaign.yaml, documents.to-trinh: "
        "issue_from, issue_to) — ghi ngày ban hành bằng --date, ví dụ --date 2024-01-01\n"
    ) in result.output
    assert (
        f"LỖI {UNIT}/bao-cao/2023: chưa có ngày ban hành: dữ liệu chỉ ghi tháng 12/2023; báo cáo năm 2023 "
        "chỉ được cấp số từ ngày 01/12/2023 đến ngày 31/01/2024 (data/campaign.yaml, periods (id: 2023): "
        "issue_from, issue_to)"
    ) in result.output
    assert "Cấp số" not in result.output and _register(run, workspace) == []


def test_a_full_planned_day_is_the_issue_date_without_date(run: Run, workspace: Path) -> None:
    campaign = workspace / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    plan = text.index("  ke-hoach:\n")
    campaign.write_text(text[:plan] + text[plan:].replace('date: "2023-07"', "date: 2023-07-14", 1), "utf-8")
    result = _render(run, workspace, "ke-hoach")
    assert result.exit_code == 0, result.output
    assert "cấp số mới 01/KH-UBND ngày 14/7/2023" in result.output
    [row] = _register(run, workspace)
    assert (row["date"], row["year"]) == ("2023-07-14", 2023)


@pytest.mark.parametrize("day", ["2022-12-31", "2023-01-02", "2023-07-09"])
def test_a_date_before_the_directive_the_document_cites_is_refused(run: Run, workspace: Path, day: str) -> None:
    result = _render(run, workspace, "ke-hoach", "--date", day)
    assert result.exit_code == 1
    year, month, dd = (int(p) for p in day.split("-"))
    shown = f"{dd:02d}/{month:02d}/{year}" if month <= 2 else f"{dd:02d}/{month}/{year}"
    assert (
        f"Lỗi: {UNIT}/ke-hoach: không cấp số ngày {shown}: trước ngày 10/7/2023 của văn bản chỉ đạo mà kế hoạch "
        f"căn cứ; {PLAN_WINDOW} — chọn ngày trong khoảng đó bằng --date\n"
    ) in result.output
    assert _register(run, workspace) == []


def test_annual_report_and_proposal_numbered_in_july_are_refused(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("build", "--unit", UNIT, "--out", str(out), "--issue", "--allow-sample", "--date", "2023-07-12")
    result = run("-w", str(workspace), *args)
    assert result.exit_code == 1
    assert (
        f"LỖI {UNIT}/bao-cao/2023: không cấp số ngày 12/7/2023: báo cáo năm 2023 chỉ được cấp số từ ngày "
        "01/12/2023 đến ngày 31/01/2024 (data/campaign.yaml, periods (id: 2023): issue_from, issue_to)"
    ) in result.output
    assert (
        f"LỖI {UNIT}/to-trinh: không cấp số ngày 12/7/2023: tờ trình đề nghị khen thưởng chỉ được cấp số từ ngày "
        "15/12/2023 đến ngày 31/3/2024"
    ) in result.output
    issued = {r["doc_id"] for r in _register(run, workspace)}
    assert issued == {f"{UNIT}/quyet-dinh", f"{UNIT}/ke-hoach", f"{UNIT}/bao-cao/2023-h1"}


def test_a_date_inside_the_window_numbers_in_the_register_year_of_that_date(run: Run, workspace: Path) -> None:
    ws = ["-w", str(workspace)]
    plan = _render(run, workspace, "ke-hoach", "--date", "2023-07-10")  # the directive's own day
    assert plan.exit_code == 0, plan.output
    proposal = _render(run, workspace, "to-trinh", "--date", "2024-01-10")
    assert proposal.exit_code == 0, proposal.output
    assert "cấp số mới 01/TTr-UBND ngày 10/01/2024" in proposal.output  # 2024 starts again at 01
    last_day = run(*ws, "render", "bao-cao", "--unit", UNIT, "--period", "2023", "--issue", "--allow-sample",
                   "--date", "2024-01-31")  # fmt: skip
    assert last_day.exit_code == 0, last_day.output
    assert "cấp số mới 02/BC-UBND ngày 31/01/2024" in last_day.output
    rows = {str(r["doc_id"]): (r["number_symbol"], r["year"]) for r in _register(run, workspace)}
    assert rows == {
        f"{UNIT}/ke-hoach": ("01/KH-UBND", 2023),
        f"{UNIT}/to-trinh": ("01/TTr-UBND", 2024),
        f"{UNIT}/bao-cao/2023": ("02/BC-UBND", 2024),
    }
    text = document_text(next((workspace / "out").rglob("to-trinh*.docx")).read_bytes())
    assert "ngày 10 tháng 01 năm 2024" in text and "Số: 01/TTr-UBND" in text
    late = run(*ws, "render", "bao-cao", "--unit", UNIT, "--period", "2023-h1", "--issue", "--allow-sample",
               "--date", "2023-08-01")  # fmt: skip
    assert late.exit_code == 1
    assert "không cấp số ngày 01/8/2023: báo cáo 6 tháng đầu năm 2023 chỉ được cấp số từ ngày 01/7/2023" in late.output


def test_a_reissue_out_of_the_window_is_refused_and_keeps_the_number(run: Run, workspace: Path) -> None:
    assert _render(run, workspace, "ke-hoach", "--date", "2023-07-12").exit_code == 0
    units = workspace / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index(f"- id: {UNIT}\n")
    units.write_text(text[:start] + text[start:].replace("- UBND các xã, thị trấn\n", "- UBND các xã\n", 1), "utf-8")
    ws = ["-w", str(workspace)]
    refused = run(*ws, "render", "ke-hoach", "--unit", UNIT, "--reissue", "--allow-sample", "--date", "2024-01-05")
    assert refused.exit_code == 1
    assert f"{UNIT}/ke-hoach: không cấp số ngày 05/01/2024: {PLAN_WINDOW}" in refused.output
    undated = run(*ws, "render", "ke-hoach", "--unit", UNIT, "--reissue", "--allow-sample")
    assert undated.exit_code == 1 and "chưa có ngày ban hành" in undated.output
    assert [(r["number"], r["status"]) for r in _register(run, workspace)] == [(1, "issued")]


def test_a_number_recorded_by_hand_for_a_campaign_kind_is_checked_too(run: Run, workspace: Path) -> None:
    early = _record(run, workspace, 3, "2022-12-31", "--kind", "ke-hoach")
    assert early.exit_code == 1
    assert (
        "Lỗi: số 03/CV-UBND: không vào sổ ngày 31/12/2022: trước ngày 10/7/2023 của văn bản chỉ đạo mà kế hoạch "
        f"căn cứ; {PLAN_WINDOW}"
    ) in early.output
    between = _record(run, workspace, 3, "2023-09-01", "--kind", "bao-cao")
    assert between.exit_code == 1
    assert (
        "không vào sổ ngày 01/9/2023: báo cáo chỉ được cấp số: kỳ 6 tháng đầu năm 2023 từ ngày 01/7/2023 đến "
        "ngày 31/7/2023; kỳ năm 2023 từ ngày 01/12/2023 đến ngày 31/01/2024 (data/campaign.yaml: issue_from, "
        "issue_to)"
    ) in between.output
    assert _register(run, workspace) == []
    # A letter of the office that is not a document of the campaign keeps any date.
    assert _record(run, workspace, 3, "2023-06-30", "--kind", "Công văn").exit_code == 0
    assert _record(run, workspace, 4, "2023-12-05", "--kind", "bao-cao").exit_code == 0
    assert [r["number"] for r in _register(run, workspace)] == [3, 4]


def test_the_campaign_years_come_from_its_dates_and_windows(dataset: Dataset) -> None:
    from docgen.data.rules import campaign_years

    assert campaign_years(dataset.campaign) == [2023, 2024]
    documents = {
        kind: spec.model_copy(update={"date": None, "issue_from": None, "issue_to": None})
        for kind, spec in dataset.campaign.documents.items()
    }
    periods = [p.model_copy(update={"issue_from": None, "issue_to": None}) for p in dataset.campaign.periods]
    only_2023 = dataset.campaign.model_copy(update={"documents": documents, "periods": periods})
    assert campaign_years(only_2023) == [2023]


def test_register_commands_default_to_every_year_of_the_campaign(run: Run, workspace: Path, tmp_path: Path) -> None:
    for number, day in ((7, "2022-11-20"), (3, "2023-07-05"), (4, "2023-08-01"), (2, "2024-01-15")):
        assert _record(run, workspace, number, day).exit_code == 0
    assert [(r["year"], r["number"]) for r in _register(run, workspace)] == [(2023, 3), (2023, 4), (2024, 2)]
    assert [(r["year"], r["number"]) for r in _register(run, workspace, "--year", "2022")] == [(2022, 7)]
    ws = ["-w", str(workspace)]
    table = run(*ws, "register", "list")
    assert table.exit_code == 0 and "năm 2023" in table.output and "năm 2024" in table.output
    assert table.output.endswith("Sổ còn có số của năm 2022: xem bằng --year 2022.\n")
    exported = run(*ws, "register", "export", str(tmp_path / "so.xlsx"))
    assert exported.exit_code == 0 and f"Đã xuất 3 dòng (năm 2023, 2024) vào {tmp_path / 'so.xlsx'}." in exported.output
    # A number voided without --year is found in the campaign year that holds it (not this year).
    voided = run(*ws, "register", "void", "02", "--unit", UNIT, "--reason", "ban hành nhầm")
    assert voided.exit_code == 0, voided.output
    assert "Đã hủy số 02/CV-UBND (huyen-huong-khe, năm 2024, sổ chung)." in voided.output
    assert _record(run, workspace, 3, "2024-02-01").exit_code == 0
    both = run(*ws, "register", "void", "03", "--unit", UNIT, "--reason", "ban hành nhầm")
    assert both.exit_code == 2
    assert "Số 03 của đơn vị huyen-huong-khe (sổ chung) có trong cả các năm 2023, 2024." in both.output
    assert "--year 2023" in both.output
    assert all(r["status"] == "issued" for r in _register(run, workspace) if r["number"] == 3)


def test_the_register_is_still_shown_whole_while_the_data_has_errors(run: Run, workspace: Path) -> None:
    for number, day in ((7, "2022-11-20"), (3, "2023-07-05")):
        assert _record(run, workspace, number, day).exit_code == 0
    campaign = workspace / "data" / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("year: 2023", "year: hai", 1), "utf-8")
    result = run("-w", str(workspace), "register", "list")
    assert result.exit_code == 0, result.output
    assert "Lưu ý: dữ liệu có lỗi (xem `docgen validate`), không biết các năm của đợt thi đua: hiện mọi năm." in (
        result.output
    )
    assert "năm 2022" in result.output and "năm 2023" in result.output and "Tổng: 2 số" in result.output


def test_a_kind_without_a_window_is_not_numbered(run: Run, workspace: Path) -> None:
    """A workspace made before windows existed: validate still passes (drafts go on), numbering
    is refused with what to add."""
    campaign = workspace / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    plan = text.index("  ke-hoach:\n")
    window = "    issue_from: 2023-07-10\n    issue_to: 2023-12-31\n"
    campaign.write_text(text[:plan] + text[plan:].replace(window, "", 1), encoding="utf-8")
    assert run("-w", str(workspace), "validate").exit_code == 0
    result = _render(run, workspace, "ke-hoach", "--date", "2023-07-12")
    assert result.exit_code == 1
    assert (
        f"Lỗi: {UNIT}/ke-hoach: chưa có khoảng ngày được cấp số cho kế hoạch (data/campaign.yaml, "
        "documents.ke-hoach) — thêm issue_from và issue_to (ngày đầu, ngày cuối được cấp số) vào loại văn bản hoặc "
        "kỳ báo cáo\n"
    ) in result.output
    assert _register(run, workspace) == []
