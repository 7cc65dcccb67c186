"""`docgen forms import` (issue 17, item 2): filled forms land in data/units/<id>.yaml as a
clerk at the provincial office would see it — what is said, what is written, what is kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from docgen.data.load import load

Run = Callable[..., Result]
DISTRICT = "huyen-huong-khe"
DEPARTMENT = "so-noi-vu"
INDICATOR = "thu-ngan-sach-nha-nuoc-tren-dia-ban"


def _export(run: Run, ws: Path, *units: str) -> Path:
    out = ws / "forms"
    args = [a for unit in units for a in ("--unit", unit)]
    result = run("-w", str(ws), "forms", "export", *args, "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def _set_result(form: Path, sheet: str, indicator: str, value: object) -> None:
    """Type ``value`` into the «Thực hiện» cell of ``indicator``'s row, as a clerk does in Excel."""
    book = openpyxl.load_workbook(form)
    ws = book[sheet]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == indicator)
    ws.cell(row, 5).value = value
    book.save(form)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def test_a_unit_whose_entries_sit_in_the_shared_files_is_refused_without_force_and_nothing_is_written(
    run: Run, workspace: Path
) -> None:
    forms = _export(run, workspace, DISTRICT)
    before = _files(workspace)
    result = run("-w", str(workspace), "forms", "import", str(forms / f"{DISTRICT}.xlsx"))
    assert result.exit_code == 1
    assert f"Không nhập {forms / DISTRICT}.xlsx: 1 lỗi" in result.output
    assert "còn nằm trong các tệp dùng chung data/reports.yaml, data/candidates.yaml" in result.output
    assert "chạy lại với --force" in result.output
    assert "1 biểu mẫu: 0 đã nhập, 0 không thay đổi, 1 bị từ chối." in result.output
    assert _files(workspace) == before


def test_force_moves_the_units_entries_keeping_copies_and_a_second_import_changes_nothing(
    run: Run, workspace: Path
) -> None:
    forms = _export(run, workspace, DISTRICT)
    form = forms / f"{DISTRICT}.xlsx"
    shared = (workspace / "data" / "reports.yaml").read_bytes()
    result = run("-w", str(workspace), "forms", "import", "--force", str(form))
    assert result.exit_code == 0, result.output
    assert f"Đã nhập {form} → data/units/{DISTRICT}.yaml" in result.output
    assert "Bản cũ được cất ở: data/reports.truoc-nhap-1.yaml, data/candidates.truoc-nhap-1.yaml." in result.output
    assert (workspace / "data" / "reports.truoc-nhap-1.yaml").read_bytes() == shared
    data = load(workspace / "data")
    mine = [r for r in data.reports if r.unit == DISTRICT]
    assert {r.period for r in mine} == {"2023-h1", "2023"}
    assert all(r.sample is False for r in mine)  # imported entries are real data
    assert b"huyen-huong-khe" not in (workspace / "data" / "reports.yaml").read_bytes().split(b"reports:", 1)[1]

    before = _files(workspace)
    again = run("-w", str(workspace), "forms", "import", str(form))
    assert again.exit_code == 0, again.output
    assert f"{form}: không có gì thay đổi (data/units/{DISTRICT}.yaml đã đúng như biểu mẫu)." in again.output
    assert _files(workspace) == before


def test_a_newer_form_replaces_the_units_figures_says_what_changed_and_the_report_prints_it(
    run: Run, workspace: Path
) -> None:
    forms = _export(run, workspace, DISTRICT)
    form = forms / f"{DISTRICT}.xlsx"
    assert run("-w", str(workspace), "forms", "import", "--force", str(form)).exit_code == 0
    _set_result(form, "Báo cáo 2023", INDICATOR, "1.525,5")  # typed the Vietnamese way, stored as text
    result = run("-w", str(workspace), "forms", "import", str(form))
    assert result.exit_code == 0, result.output
    assert f"Đã nhập {form} → data/units/{DISTRICT}.yaml: sửa 1 (báo cáo 2023)." in result.output
    assert f"Bản cũ được cất ở: data/units/{DISTRICT}.truoc-nhap-1.yaml." in result.output
    report = next(r for r in load(workspace / "data").reports if r.unit == DISTRICT and r.period == "2023")
    row = next(i for i in report.indicators if i.indicator == INDICATOR)
    assert float(row.result) == 1525.5
    built = run("-w", str(workspace), "build", "--unit", DISTRICT, "--kind", "bao-cao", "--period", "2023")
    assert built.exit_code == 0, built.output
    from docx import Document

    text = "\n".join(
        cell.text for doc in [Document(next((workspace / "out" / DISTRICT).glob("bao-cao*2023.docx")))]
        for table in doc.tables for row_ in table.rows for cell in row_.cells
    )  # fmt: skip
    assert "1.525,5" in text


def test_dry_run_tells_what_would_change_and_writes_nothing(run: Run, workspace: Path) -> None:
    forms = _export(run, workspace, DISTRICT)
    before = _files(workspace)
    result = run("-w", str(workspace), "forms", "import", "--force", "--dry-run", str(forms / f"{DISTRICT}.xlsx"))
    assert result.exit_code == 0, result.output
    assert f"Sẽ nhập {forms / DISTRICT}.xlsx → data/units/{DISTRICT}.yaml" in result.output
    assert "1 biểu mẫu: 1 sẽ nhập, 0 không thay đổi, 0 bị từ chối." in result.output
    assert _files(workspace) == before


def test_a_bad_cell_refuses_its_file_only_and_names_the_cell_the_other_file_lands(run: Run, workspace: Path) -> None:
    forms = _export(run, workspace, DISTRICT, DEPARTMENT)
    bad = forms / f"{DISTRICT}.xlsx"
    _set_result(bad, "Báo cáo 2023", INDICATOR, "nhiều lắm")
    result = run("-w", str(workspace), "forms", "import", "--force", str(bad), str(forms / f"{DEPARTMENT}.xlsx"))
    assert result.exit_code == 1
    assert f"Không nhập {bad}: 1 lỗi" in result.output
    assert "trang «Báo cáo 2023», ô E" in result.output and "cột «Thực hiện»" in result.output
    assert f"Đã nhập {forms / DEPARTMENT}.xlsx → data/units/{DEPARTMENT}.yaml" in result.output
    assert "2 biểu mẫu: 1 đã nhập, 0 không thay đổi, 1 bị từ chối." in result.output
    assert not (workspace / "data" / "units" / f"{DISTRICT}.yaml").exists()
    assert (workspace / "data" / "units" / f"{DEPARTMENT}.yaml").exists()


def test_json_lists_each_file_with_its_status_rows_and_cell_problems(run: Run, workspace: Path) -> None:
    forms = _export(run, workspace, DISTRICT, DEPARTMENT)
    bad = forms / f"{DISTRICT}.xlsx"
    _set_result(bad, "Báo cáo 2023", INDICATOR, -5)
    result = run(
        "-w", str(workspace), "forms", "import", "--force", "--json", str(bad), str(forms / f"{DEPARTMENT}.xlsx")
    )
    assert result.exit_code == 1
    answer = json.loads(result.output)
    assert answer["ok"] is False
    forms_json = {Path(f["file"]).name: f for f in answer["forms"]}
    refused = forms_json[f"{DISTRICT}.xlsx"]
    assert refused["status"] == "refused"
    (problem,) = refused["problems"]
    assert problem["sheet"] == "Báo cáo 2023" and problem["cell"].startswith("E")
    assert problem["column"] == "Thực hiện"
    landed = forms_json[f"{DEPARTMENT}.xlsx"]
    assert landed["status"] == "imported" and landed["target"] == f"data/units/{DEPARTMENT}.yaml"
    assert set(landed["moved"]) >= {"báo cáo 2023-h1", "báo cáo 2023"}


def test_two_forms_of_one_unit_in_one_command_are_both_refused(run: Run, workspace: Path) -> None:
    forms = _export(run, workspace, DISTRICT)
    copy = forms / "ban-sao.xlsx"
    copy.write_bytes((forms / f"{DISTRICT}.xlsx").read_bytes())
    result = run("-w", str(workspace), "forms", "import", "--force", str(forms / f"{DISTRICT}.xlsx"), str(copy))
    assert result.exit_code == 1
    assert result.output.count(f"có 2 biểu mẫu của cùng đơn vị {DISTRICT} trong một lệnh") == 2
