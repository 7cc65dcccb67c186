"""Benchmark: ``docgen forms export --all --communes`` (252 Excel forms) against a naive writer.

    python bench/bench_forms_export.py [--repeat N]

Both write the same forms (the same ``docgen.forms.layout`` content, the same sheets, locks,
validation, print setup) into a temporary folder, in the same run:

- docgen: ``export_forms`` — shared style objects, a cell's look styled once per workbook and
  its style indices copied to the other cells, validation and formats once per whole column,
  reproducible bytes (properties from the data, fixed ZIP times), atomic writes;
- naive: the usual openpyxl recipe — every cell styled through its attributes with style
  objects made for it (``Font()``, ``Border()``… per cell), one data validation per editable
  cell, ``Workbook.save`` straight to the file.

Timings are printed (best of N), never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from docgen.data.model import Dataset
from docgen.forms import layout
from docgen.forms.exporting import export_forms
from docgen.forms.layout import Form, form_of
from docgen.forms.workbook import instructions
from docgen.workspace import Workspace


def _naive_validation(column: layout.Column, form: Form) -> DataValidation:
    if column.kind == "number":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    if column.kind in ("whole", "year"):
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1")
    if column.kind == "date":
        return DataValidation(type="date", operator="between", formula1="1", formula2="73415")
    if column.choices == "awards":
        return DataValidation(type="list", formula1=f"docgen!$F$2:$F${len(form.awards) + 1}")
    return DataValidation(type="list", formula1='"cá nhân,tập thể"')


def _naive_sheet(ws: Any, sheet: layout.Sheet, form: Form) -> None:
    ws.cell(1, 1, sheet.title).font = Font(bold=True, size=13)
    ws.cell(2, 1, sheet.note).font = Font(italic=True, color="555555")
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(3, index, column.title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        thin = Side(style="thin", color="999999")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        ws.column_dimensions[cell.column_letter].width = column.width
    report = sheet.columns is layout.REPORT_COLUMNS
    for r, row in enumerate(sheet.rows, start=4):
        for index, (column, value) in enumerate(zip(sheet.columns, row.values, strict=True), start=1):
            cell = ws.cell(r, index, value)
            thin = Side(style="thin", color="999999")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            editable = not column.locked and not (report and (column.kind == "number") == row.prose)
            cell.alignment = Alignment(vertical="top", wrap_text=column.kind in ("long", "title"))
            if not editable:
                cell.fill = PatternFill("solid", fgColor="EDEDED")
                continue
            cell.protection = Protection(locked=False)
            if report and column.kind == "number":
                cell.number_format = layout.number_format(row.decimals)
            if column.kind not in ("text", "long"):
                dv = _naive_validation(column, form)
                dv.add(cell.coordinate)
                ws.add_data_validation(dv)
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.protection.sheet = True
    ws.protection.insertRows = False


def naive_export(data: Dataset, unit_ids: list[str], out: Path) -> None:
    for unit_id in unit_ids:
        form = form_of(data, data.units[unit_id])
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = layout.INSTRUCTIONS_SHEET
        for r, line in enumerate(instructions(form), start=3):
            ws.cell(r, 1, line).alignment = Alignment(wrap_text=True)
        for sheet in form.sheets:
            _naive_sheet(wb.create_sheet(sheet.name), sheet, form)
        meta = wb.create_sheet(layout.META_SHEET)
        meta.append(["unit", unit_id])
        for r, (award_id, name) in enumerate(form.awards, start=2):
            meta.cell(r, 5, award_id)
            meta.cell(r, 6, name)
        meta.sheet_state = "hidden"
        wb.save(out / f"{unit_id}.xlsx")


def _best(repeat: int, job: Any) -> float:
    times = []
    for _ in range(repeat):
        folder = Path(tempfile.mkdtemp(prefix="bench-forms-"))
        try:
            start = time.perf_counter()
            job(folder)
            times.append(time.perf_counter() - start)
        finally:
            shutil.rmtree(folder)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = Workspace.open(REPO).load()
    units = [u.id for u in data.producing_units(communes=True)]
    ours = _best(args.repeat, lambda folder: export_forms(data, units, folder))
    naive = _best(args.repeat, lambda folder: naive_export(data, units, folder))
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"openpyxl {openpyxl.__version__}; forms: {len(units)} (best of {args.repeat})")
    print(f"docgen forms export: {ours:.2f} s ({len(units) / ours:.1f} forms/s)")
    print(f"naive openpyxl:      {naive:.2f} s ({len(units) / naive:.1f} forms/s)")
    print(f"ratio: {naive / ours:.1f}x")


if __name__ == "__main__":
    main()
