"""The eligibility review as an Excel workbook (``docgen review --xlsx``), for the office's
council meeting: one row per candidate, what it was proposed for, the verdict, why, and the
history the review looked at. Reproducible bytes (same review, same file)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Final

from docgen.data.model import Dataset
from docgen.documents.eligibility import Verdict
from docgen.docx.archive import reproducible_xlsx
from docgen.errors import OutputError, UsageError
from docgen.fs import edited_copy, write_atomic

HEADINGS: Final = ("STT", "Mã đề nghị", "Đơn vị đề nghị", "Tên tập thể, cá nhân", "Hình thức đề nghị",
                   "Kết quả", "Lý do không đạt", "Quá trình đã xét")  # fmt: skip
WIDTHS: Final = (6, 24, 30, 34, 34, 12, 60, 70)


def review_workbook(data: Dataset, verdicts: Sequence[Verdict], on: date) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Xét tiêu chuẩn"
    sheet.append(
        [f"Kết quả xét tiêu chuẩn khen thưởng, theo tiêu chuẩn áp dụng ngày {on.day:02d}/{on.month:02d}/{on.year}"]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADINGS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    names = {a.id: a.name for a in data.awards.awards}
    for stt, verdict in enumerate(verdicts, start=1):
        c = verdict.candidate
        unit = data.units.get(c.unit)
        sheet.append([
            stt, c.id, unit.short_name if unit is not None else c.unit, c.name, names.get(verdict.award, verdict.award),
            "Đạt" if verdict.eligible else "Không đạt", "\n".join(verdict.reasons), "\n".join(verdict.history),
        ])  # fmt: skip
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A3"
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
