"""``--issue`` over a person's edited file: the number and date go into *their* file.

The draft docgen made was corrected in Word (by the leader, usually); that version is the one
to number. docgen renders its own numbered version only to read the two header lines Decree 30
prints (``Số: 05/KH-UBND`` and ``Hương Khê, ngày 05 tháng 7 năm 2023``), and writes exactly
those into the person's file (see ``docgen.docx.stamping`` for the bounds). The unnumbered
version is kept beside as ``x.ban-sua-N.docx`` before anything is numbered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.data.model import Dataset
from docgen.documents.plan import DocRef
from docgen.docx.stamping import check_stampable, issue_lines, stamp
from docgen.errors import StampError
from docgen.fs import edited_copy, os_reason, write_atomic
from docgen.register.issuing import document_symbol

Render = Callable[[dict[str, Any]], bytes]


def stamping_render(data: Dataset, ref: DocRef, target: Path, render: Render) -> tuple[Render, Path]:
    """What numbering ``ref`` renders instead of docgen's document: the person's file at
    ``target`` with the number and date of each context. Refuses (``StampError``, nothing
    written, no number given) a file without one place for each; otherwise keeps a copy of
    the file as it is now and returns it with the render function."""
    symbol = document_symbol(data, ref)
    try:
        theirs = target.read_bytes()
    except OSError as exc:
        raise StampError(f"{ref.id}: không đọc được {target}: {os_reason(exc)}") from exc
    try:
        check_stampable(theirs, symbol)
    except StampError as exc:
        raise StampError(
            f"{ref.id}: không ghi được số vào bản đã sửa tay {target}: {exc.message}",
            hint=(
                "ghi số, ngày vào văn bản bằng Word rồi vào sổ bằng `docgen register record`; "
                "hoặc dùng --force để tạo lại văn bản từ dữ liệu (bản sửa tay được cất bên cạnh)"
            ),
        ) from exc
    copy = edited_copy(target)
    write_atomic(copy, theirs, root=target.parent)  # OutputError, in Vietnamese, if it cannot

    def numbered(context: dict[str, Any]) -> bytes:
        return stamp(theirs, symbol, issue_lines(render(context), symbol))

    return numbered, copy
