"""The forms' round trip (issue 17, definition of done): the office exports each unit's form,
the unit fills it (openpyxl here, as Excel would; one form also re-saved by LibreOffice Calc),
the office imports them all and builds, and the figures, the prose and the new candidates are
in the reports and proposals a reviewer opens.

By default one unit of every kind (and two communes) make the trip, so the suite stays short;
``DOCGEN_ROUND_TRIP=all`` sends every unit of the province with the communes (252 forms).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from docx import Document

from docgen import vn
from docgen.data.load import load
from docgen.forms import layout

Run = Callable[..., Result]
UNITS = [
    "thanh-pho-ha-tinh",  # city
    "thi-xa-hong-linh",  # town
    "huyen-huong-khe",  # district
    "so-noi-vu",  # department
    "cong-ty-soi-vinatex-hong-linh",  # enterprise
    "truong-thpt-chuyen-ha-tinh",  # school
    "phuong-tran-phu",  # ward
    "xa-huong-tra",  # village commune
]
RESAVED = "huyen-duc-tho"  # filled, then opened and saved again by LibreOffice Calc
YEAR_SHEET = "Báo cáo 2023"


def _overview(unit: str) -> str:
    return f"Đơn vị {unit} gửi số liệu tổng kết năm 2023 bằng biểu mẫu Excel; số liệu đã được kiểm tra."


def _person(unit: str) -> str:
    return f"Nguyễn Thị Kiểm Thử {sum(map(ord, unit)) % 997}"


def _fill(form: Path, unit: str, counts: dict[str, Any]) -> tuple[str, int] | None:
    """Fill ``form`` as the unit's clerk: the year's overview, one count figure raised by one,
    and (units that propose) a new individual. Returns the figure changed (indicator, value)."""
    book = openpyxl.load_workbook(form)
    sheet = book[YEAR_SHEET]
    rows = {sheet.cell(r, 1).value: r for r in range(layout.FIRST_ROW, sheet.max_row + 1)}
    sheet.cell(rows[layout.OVERVIEW], 6).value = _overview(unit)
    changed = None
    for key, row in rows.items():
        if key in counts and isinstance(sheet.cell(row, 5).value, int | float):
            value = int(sheet.cell(row, 5).value) + 1
            sheet.cell(row, 5).value = value
            changed = (str(key), value)
            break
    if layout.CANDIDATES_SHEET in book.sheetnames:
        _new_person(book, unit)
    book.save(form)
    return changed


def _new_person(book: Any, unit: str) -> None:
    sheet = book[layout.CANDIDATES_SHEET]
    spare = next(
        r
        for r in range(layout.FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, 1).value and all(sheet.cell(r, c).value in (None, "") for c in range(2, 23))
    )
    award = book[layout.META_SHEET]["F2"].value
    values = [
        "cá nhân", _person(unit), award, 9, f"Văn phòng {unit}",
        "Hoàn thành xuất sắc nhiệm vụ năm 2023, có sáng kiến được công nhận cấp cơ sở.", None,
        "Chuyên viên", "nữ", dt.datetime(1985, 3, 14), "Kinh", "Không", "Hương Khê, Hà Tĩnh",
        "Thành phố Hà Tĩnh", "Trung cấp", "Đại học Luật", "Tham mưu công tác thi đua, khen thưởng",
    ]  # fmt: skip
    for column, value in enumerate(values, start=2):
        sheet.cell(spare, column).value = value
    achievements = book[layout.ACHIEVEMENTS_SHEET]
    row = next(r for r in range(layout.FIRST_ROW, achievements.max_row + 2) if not achievements.cell(r, 1).value)
    achievements.cell(row, 1).value = sheet.cell(spare, 1).value
    achievements.cell(row, 2).value = "Tham mưu tổ chức thành công hội nghị tổng kết phong trào thi đua năm 2023."


def _resave_with_calc(form: Path, tmp: Path) -> None:
    from docgen.errors import PdfError
    from docgen.pdf.soffice import find_soffice

    try:
        soffice = find_soffice()
    except PdfError:
        pytest.skip("LibreOffice Calc không có trên máy này")
    out = tmp / "calc"
    subprocess.run(
        [str(soffice), f"-env:UserInstallation={(tmp / 'calc-profile').as_uri()}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(form)],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    again = out / form.name
    assert again.read_bytes() != form.read_bytes()
    form.write_bytes(again.read_bytes())


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_forms_filled_by_the_units_come_back_in_their_reports_and_proposals(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    data = load(workspace / "data")
    units = (
        [u.id for u in data.producing_units(communes=True)]
        if os.environ.get("DOCGEN_ROUND_TRIP") == "all"
        else [*UNITS, RESAVED]
    )
    counts = {i.id for i in data.indicators.values() if i.kind == "count"}
    forms = tmp_path / "forms"
    args = [a for unit in units for a in ("--unit", unit)]
    exported = run("-w", str(workspace), "forms", "export", *args, "--out", str(forms))
    assert exported.exit_code == 0, exported.output

    figures = {unit: _fill(forms / f"{unit}.xlsx", unit, dict.fromkeys(counts)) for unit in units}
    if RESAVED in units:
        _resave_with_calc(forms / f"{RESAVED}.xlsx", tmp_path)
    imported = run("-w", str(workspace), "forms", "import", "--force", *(str(forms / f"{u}.xlsx") for u in units))
    assert imported.exit_code == 0, imported.output
    assert f"{vn.number(len(units))} biểu mẫu: {len(units)} đã nhập, 0 không thay đổi, 0 bị từ chối." in imported.output
    assert run("-w", str(workspace), "validate").exit_code == 0

    built = run("-w", str(workspace), "build", *args, "--json")
    assert built.exit_code == 0, built.output
    manifest = json.loads((workspace / "out" / "manifest.json").read_text(encoding="utf-8"))
    docs = {(d["unit_id"], d["kind"], d.get("period"), d.get("candidate")): d["path"] for d in manifest["documents"]}
    for unit in units:
        # Sở Nội vụ's figures are a row of its consolidated report, not a report of its own.
        own_report = (unit, "bao-cao-tong-hop" if unit == "so-noi-vu" else "bao-cao", "2023", None)
        report = _text(workspace / "out" / docs[own_report])
        if unit != "so-noi-vu":
            assert _overview(unit) in report, unit
        if figures[unit] is not None and unit != "so-noi-vu":
            indicator, value = figures[unit]
            name = data.indicators[indicator].name
            rows = [line for line in report.split("\n") if line]
            assert any(name in line for line in rows), (unit, name)
            assert vn.number(value) in report, (unit, indicator, value)
        if data.units[unit].kind == "commune":
            continue
        person = _person(unit)
        proposal = _text(workspace / "out" / docs[(unit, "to-trinh", None, None)])
        assert person in proposal, unit
        own = [path for (u, kind, _, cand), path in docs.items() if u == unit and kind == "bao-cao-thanh-tich"]
        assert any(person in _text(workspace / "out" / path) for path in own), unit
