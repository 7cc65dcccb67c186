"""Export of the register as the paper register's Excel sheet, and its labels."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from docgen import kinds
from docgen.errors import RegisterError
from docgen.register.records import STATUS_LABELS, Record

# --------------------------------------------------------------------------------------------
# Export: the paper register as an Excel sheet
# --------------------------------------------------------------------------------------------

# The properties' date of an export with no entry (1980-01-01: the first day a ZIP can hold).
EMPTY_REGISTER_DAY: Final = dt.date(1980, 1, 1)

XLSX_COLUMNS: Final = (
    ("Số, ký hiệu", 16),
    ("Ngày", 12),
    ("Loại và trích yếu", 60),
    ("Người ký", 22),
    ("Nơi nhận", 36),
    ("Tình trạng", 24),
    ("Đơn vị", 26),
    ("Sổ", 12),
)


# CSV injection (OWASP): a spreadsheet opening a CSV runs a cell that starts with "=", "+", "-"
# or "@" as a formula (and one that starts with a tab or CR, which some strip first). Such a
# cell is written with a leading "'", which Excel and LibreOffice show as plain text.
# Lossless both ways: a text that already starts with one or more "'" followed by one of those
# characters gets one more "'", and `register import` (``csv_text``) removes exactly one "'"
# from a cell that is one or more "'" followed by one of them, and nothing from any other cell.
_FORMULA_START: Final = re.compile(r"'*[=+\-@\t\r]")


def csv_cell(text: str) -> str:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``; ``'=x`` → ``''=x``; any other text unchanged."""
    return "'" + text if _FORMULA_START.match(text) else text


def csv_text(cell: str) -> str:
    """The text ``csv_cell`` was given: one leading "'" removed where ``csv_cell`` added it."""
    return cell[1:] if cell.startswith("'") and _FORMULA_START.match(cell, 1) else cell


def kind_and_summary(record: Record) -> str:
    """The "Tên loại và trích yếu" cell: ``Kế hoạch thực hiện các phong trào …``."""
    label = kind_label(record.kind)
    summary = record.summary
    if not label or summary.lower().startswith(label.lower()):
        return summary or label
    if not summary:
        return label
    first, _, rest = summary.partition(" ")
    # Lower the first word ("Về việc" → "về việc") unless it is an abbreviation (UBND).
    if first[1:] == first[1:].lower():
        first = first[:1].lower() + first[1:]
    return f"{label} {first} {rest}".strip()


def kind_label(kind: str) -> str:
    """``ke-hoach`` → ``Kế hoạch``; a kind a clerk typed is shown as typed."""
    known = kinds.KINDS.get(kind)
    return known.title if known is not None else kind


def status_text(record: Record) -> str:
    if record.status == "void":
        return f"Đã hủy: {record.void_reason}" if record.void_reason else "Đã hủy"
    return STATUS_LABELS["issued"]


def write_xlsx(path: Path, records: Sequence[Record]) -> None:
    """Write ``records`` as one sheet with the paper register's columns; atomically replaces ``path``."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    from docgen.docx.archive import reproducible_xlsx
    from docgen.fs import write_atomic

    if path.suffix.lower() != ".xlsx":
        raise RegisterError(f"{path.name}: tệp xuất phải có đuôi .xlsx.")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sổ văn bản đi"
    sheet.append([name for name, _ in XLSX_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for record in records:
        sheet.append(
            [
                record.number_symbol,
                record.date,
                kind_and_summary(record),
                record.signer,
                record.recipients,
                status_text(record),
                record.unit_id,
                record.series,
            ]
        )
        row = sheet.max_row
        for cell in sheet[row]:
            if isinstance(cell.value, str):
                # Text stays text: openpyxl would store "=HYPERLINK(…)" as a live formula.
                cell.data_type = "s"
        sheet.cell(row=row, column=2).number_format = "DD/MM/YYYY"
        for column in (3, 5, 6):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_, width) in enumerate(XLSX_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Dated by the newest entry, not the clock: the same register exports to the same bytes.
    day = max((r.date for r in records), default=EMPTY_REGISTER_DAY)
    write_atomic(path, reproducible_xlsx(buffer.getvalue(), day))
