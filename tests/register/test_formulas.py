"""A summary or a signer that starts like a spreadsheet formula stays text in every export
(issue 13, item 7): XLSX cells are typed as text; CSV cells get a leading ' that
`register import` removes again, so an export read back is the register as it was."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
SUMMARY = '=HYPERLINK("http://x.example","bấm vào đây")'
SIGNER = "@SUM(1+1)"
RECIPIENTS = "-Như trên;\n+Lưu: VT"


def _record(run: Run, ws: Path) -> None:
    result = run(
        "-w", str(ws), "register", "record", "--unit", UNIT, "--number", "7", "--symbol", "CV-UBND",
        "--date", "2023-08-01", "--summary", SUMMARY, "--signer", SIGNER, "--recipients", RECIPIENTS,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_xlsx_cells_are_text_never_formulas(run: Run, workspace: Path, tmp_path: Path) -> None:
    _record(run, workspace)
    target = tmp_path / "so.xlsx"
    assert run("-w", str(workspace), "register", "export", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target).active
    row = [cell for cell in sheet[2]]
    texts = {cell.value: cell.data_type for cell in row if isinstance(cell.value, str)}
    assert texts[SIGNER] == "s" and texts[RECIPIENTS] == "s"
    assert any(value.endswith(SUMMARY) for value in texts)
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml  # no cell holds a formula


def test_csv_cells_that_start_like_a_formula_get_a_quote_and_import_gives_them_back(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    _record(run, workspace)
    listed = run("-w", str(workspace), "register", "list", "--format", "csv")
    assert listed.exit_code == 0
    quoted_summary = "\"'" + SUMMARY.replace('"', '""') + '"'
    assert f"'{SIGNER}" in listed.output and quoted_summary in listed.output
    assert f'"\'{RECIPIENTS}"' in listed.output.replace("\r\n", "\n")
    exported = tmp_path / "so.csv"
    exported.write_text(listed.output, encoding="utf-8")
    imported = run("-w", str(workspace), "register", "list", "--format", "json")
    (before,) = json.loads(imported.output)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for part in ("data", "templates"):
        src = workspace / part
        for path in src.rglob("*"):
            target = fresh / part / path.relative_to(src)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    result = run("-w", str(fresh), "register", "import", str(exported))
    assert result.exit_code == 0, result.output
    (after,) = json.loads(run("-w", str(fresh), "register", "list", "--format", "json").output)
    for field in ("summary", "signer", "recipients", "number_symbol", "date"):
        assert after[field] == before[field], field


@given(st.text())
def test_every_text_comes_back_from_a_csv_cell(text: str) -> None:
    from docgen.register.exporting import csv_cell, from_csv_cell

    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert from_csv_cell(cell) == text


def test_a_plain_text_is_written_as_it_is() -> None:
    from docgen.register.exporting import csv_cell

    assert csv_cell("Kế hoạch thực hiện") == "Kế hoạch thực hiện"
    assert io.StringIO(csv_cell("05/7/2023")).read() == "05/7/2023"
