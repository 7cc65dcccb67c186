"""The eligibility review as an Excel workbook (``docgen review --xlsx``), for the office's
council meeting: one row per candidate, what it was proposed for, the verdict, why, and the
history the review looked at. Reproducible bytes (same review, same file)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Final

from docgen import vn
from docgen.data.model import Dataset
from docgen.documents.eligibility import Verdict
from docgen.docx.archive import reproducible_xlsx
from docgen.errors import OutputError, UsageError
from docgen.forms.layout import Column
from docgen.forms.workbook import fitted_height, print_setup, titles_height
from docgen.fs import edited_copy, write_atomic

# The columns, as the forms' (width in characters; "long": wrapped text that sets the row's height).
COLUMNS: Final = (
    Column("STT", 5, "whole"),
    Column("Mã đề nghị", 22, "text"),
    Column("Đơn vị đề nghị", 22, "text"),
    Column("Tên tập thể, cá nhân", 28, "text"),
    Column("Hình thức đề nghị", 26, "text"),
    Column("Kết quả", 11, "text"),
    Column("Lý do không đạt", 50, "long"),
    Column("Quá trình đã xét", 60, "long"),
)
HEADINGS: Final = tuple(c.title for c in COLUMNS)


def review_workbook(data: Dataset, verdicts: Sequence[Verdict], on: date) -> bytes:
    """One sheet: a title, the column titles (repeated on every printed page), a row per
    candidate as high as its reasons and history; A4 landscape, one page wide."""
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Xét tiêu chuẩn"
    sheet.append([f"KẾT QUẢ XÉT TIÊU CHUẨN KHEN THƯỞNG (tiêu chuẩn áp dụng ngày {vn.short_date(on)})"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADINGS))
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = border
    sheet.row_dimensions[2].height = titles_height(COLUMNS)
    names = {a.id: a.name for a in data.awards.awards}
    top = Alignment(wrap_text=True, vertical="top")
    refused = Font(bold=True, color="C00000")
    for stt, verdict in enumerate(verdicts, start=1):
        c = verdict.candidate
        unit = data.units.get(c.unit)
        values = [
            stt, c.id, unit.short_name if unit is not None else c.unit, c.name, names.get(verdict.award, verdict.award),
            "Đạt" if verdict.eligible else "Không đạt", "\n".join(verdict.reasons), "\n".join(verdict.history),
        ]  # fmt: skip
        sheet.append(values)
        row = sheet.max_row
        for cell in sheet[row]:
            cell.alignment = top
            cell.border = border
        if not verdict.eligible:
            sheet.cell(row, HEADINGS.index("Kết quả") + 1).font = refused
        height = fitted_height(values, COLUMNS)
        if height is not None:
            sheet.row_dimensions[row].height = height
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    print_setup(sheet, "2:2")
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_xlsx(buffer.getvalue(), on)


def write_review(path: Path, content: bytes, *, force: bool) -> Path | None:
    """Write the workbook at ``path``; a file already there is a person's (the last review,
    maybe annotated): kept unless ``force``, and then moved aside first. Returns where the old
    file was kept, if any."""
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path.name}: tệp kết quả phải có đuôi .xlsx")
    kept = None
    if path.exists():
        if not force:
            raise OutputError(
                f"Đã có tệp {path}: không ghi đè",
                hint="chọn tên khác, hoặc thêm --force (tệp cũ được cất thành …ban-sua-N.xlsx)",
            )
        kept = edited_copy(path)
        path.replace(kept)
    write_atomic(path, content)
    return kept
