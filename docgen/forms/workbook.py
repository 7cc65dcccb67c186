"""A :class:`~docgen.forms.layout.Form` as the bytes of an .xlsx workbook (openpyxl).

Styles are made once per process and shared by every cell that looks alike; validation and
number formats are set on whole columns (a row a clerk adds gets them too) and on each prefilled
cell. The bytes are reproducible: document properties dated from the data, ZIP entries with
fixed times, and ``dc:identifier`` carrying a digest of every other part, so that a form docgen
wrote and nobody changed since is recognised (``is_unchanged_form``) and may be made again.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
import zipfile
from collections.abc import Iterable
from copy import copy
from typing import Any, Final

from docgen.documents.eligibility import LEVEL_NAMES, RATING_NAMES
from docgen.docx.archive import build, compress, dated_core, read_parts
from docgen.forms import layout
from docgen.forms.layout import FIRST_ROW, HEADER_ROW, NOTE_ROW, TITLE_ROW, Column, Form, Sheet

LAST_ROW: Final = 1048576  # Excel's last row: "whole column" ranges end here
_CORE: Final = "docProps/core.xml"
_IDENTIFIER: Final = re.compile(rb"(<dc:identifier\b[^>]*>)([^<]*)(</dc:identifier>)")
# The list of candidate ids the keyed sheets offer reaches this far (the prepared rows and more).
_KEY_LIST_END: Final = 2000


class _Styles:
    """openpyxl style objects, made once (openpyxl is imported only when a form is written)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # type: ignore[import-untyped, unused-ignore]

        thin = Side(style="thin", color="999999")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title_font = Font(bold=True, size=13)
        self.note_font = Font(italic=True, color="555555")
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="D9E1F2")
        self.locked_fill = PatternFill("solid", fgColor="EDEDED")
        self.header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")
        self.locked = Protection(locked=True)
        self.unlocked = Protection(locked=False)


_STYLES: _Styles | None = None


def _styles() -> _Styles:
    global _STYLES
    if _STYLES is None:
        _STYLES = _Styles()
    return _STYLES


def _column_format(column: Column) -> str:
    return {"text": "@", "long": "@", "date": "DD/MM/YYYY", "whole": "0", "count": "0", "year": "0", "list": "@"}.get(
        column.kind, "General"
    )


_MESSAGES: Final = {
    "number": ("Số không hợp lệ", "Nhập một số không âm, chỉ gồm chữ số (số thập phân theo cách viết của máy)."),
    "whole": ("Số không hợp lệ", "Nhập một số nguyên từ 1 trở lên."),
    "count": ("Số không hợp lệ", "Nhập một số nguyên từ 0 trở lên."),
    "year": ("Năm không hợp lệ", "Nhập năm gồm 4 chữ số, từ 1950 đến 2100."),
    "date": ("Ngày không hợp lệ", "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/01/1977."),
    "list": ("Giá trị không có trong danh sách", "Chọn một giá trị trong danh sách thả xuống."),
}


def _validation(column: Column, form: Form, sqref: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped, unused-ignore]

    if column.kind == "number":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    elif column.kind in ("whole", "count"):
        dv = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="1" if column.kind == "whole" else "0"
        )
    elif column.kind == "year":
        dv = DataValidation(type="whole", operator="between", formula1="1950", formula2="2100")
    elif column.kind == "date":  # serial numbers of 01/01/1900 and 31/12/2100
        dv = DataValidation(type="date", operator="between", formula1="1", formula2="73415")
    else:
        dv = DataValidation(type="list", formula1=_list_source(column.choices, form))
    title, text = _MESSAGES[column.kind]
    dv.error, dv.errorTitle, dv.showErrorMessage = text, title, True
    dv.allow_blank = True
    dv.add(sqref)
    return dv


# The hidden sheet's lists: (first column, second column) of (id, name) pairs, from row 2.
_META_LISTS: Final = {"awards": (5, 6), "blocs": (8, 9), "catalogue": (11, 12)}


def _list_source(choices: str, form: Form) -> str:
    literal = {
        "types": layout.TYPE_NAMES.values(),
        "genders": layout.GENDERS,
        "yesno": layout.YES_NO,
        "ratings": RATING_NAMES.values(),
        "levels": LEVEL_NAMES.values(),
    }
    if choices in literal:  # none holds a comma; Excel allows 255 characters
        return '"' + ",".join(literal[choices]) + '"'
    if choices in _META_LISTS:
        name = _letter(_META_LISTS[choices][1])
        return f"{layout.META_SHEET}!${name}$2:${name}${max(2, len(_meta_list(form, choices)) + 1)}"
    return f"'{layout.CANDIDATES_SHEET}'!$A${FIRST_ROW}:$A${_KEY_LIST_END}"


def _meta_list(form: Form, choices: str) -> list[tuple[str, str]]:
    return {"awards": form.awards, "blocs": form.blocs, "catalogue": form.catalogue}[choices]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    return str(get_column_letter(index))


def print_setup(ws: Any, title_rows: str | None, pages_wide: int = 1, title_columns: str | None = None) -> None:
    """A4 landscape, ``pages_wide`` pages across (as many down as needed), the column titles
    (and ``title_columns``) repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns


def _protect(ws: Any) -> None:
    """Locked cells stay as they are; a clerk may still insert rows, delete rows that hold no
    locked cell (an achievement, not a candidate's id), and widen columns and rows."""
    ws.protection.sheet = True
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _set(cell: Any, value: object) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula


# Row heights: neither Excel nor LibreOffice grows a row for wrapped text written by openpyxl, so
# a row gets the height of its longest text, estimated from the column's width (in characters).
_LINE_HEIGHT: Final = 15.0
_MAX_HEIGHT: Final = 409.0  # Excel's largest row height
_CHARS_PER_WIDTH: Final = 1.1


def _lines(value: object, column: Column) -> int:
    """How many lines ``value`` takes in ``column`` once wrapped (1 for anything not wrapped text)."""
    if not isinstance(value, str) or column.kind not in ("long", "title", "text"):
        return 1
    per_line = max(1, int(column.width * _CHARS_PER_WIDTH))
    return sum(max(1, -(-len(line) // per_line)) for line in value.split("\n"))


# Bold column titles take about this much more room than body text.
_BOLD: Final = 1.15


def _title_lines(column: Column) -> int:
    """How many lines a column's title takes, wrapped at its words in the column's width."""
    per_line = max(1, int(column.width * _CHARS_PER_WIDTH / _BOLD))
    return len(textwrap.wrap(column.title, per_line)) or 1


def titles_height(columns: Iterable[Column]) -> float:
    """The height of a row of (bold) column titles: its longest title wrapped."""
    return _LINE_HEIGHT * max(_title_lines(c) for c in columns)


def fitted_height(values: Iterable[object], columns: Iterable[Column]) -> float | None:
    """The height a row of ``values`` needs for its wrapped text (None: one line is enough)."""
    lines = max(_lines(value, column) for column, value in zip(columns, values, strict=True))
    return min(_MAX_HEIGHT, _LINE_HEIGHT * lines) if lines > 1 else None


# A cell's look: (editable, wrapped, number format).
Look = tuple[bool, bool, str]


def _paint(cell: Any, looks: dict[Look, Any], look: Look) -> None:
    """Give ``cell`` the look ``look``. The first cell of a look is styled through openpyxl's
    attributes (each hashes the style objects into the workbook's tables); later cells copy its
    style indices, which is what makes writing 252 forms fast (see bench/bench_forms_export.py)."""
    known = looks.get(look)
    if known is not None:
        cell._style = copy(known)
        return
    s = _styles()
    editable, wrap, fmt = look
    cell.border = s.border
    cell.alignment = s.wrap if wrap else s.top
    if editable:
        cell.protection = s.unlocked
        cell.number_format = fmt
    else:
        cell.fill = s.locked_fill
    looks[look] = copy(cell._style)


def _data_sheet(wb: Any, sheet: Sheet, form: Form, freeze_columns: int, looks: dict[Look, Any]) -> None:
    s = _styles()
    ws = wb.create_sheet(sheet.name)
    ws.cell(TITLE_ROW, 1, sheet.title).font = s.title_font
    ws.cell(NOTE_ROW, 1, sheet.note).font = s.note_font
    for index, column in enumerate(sheet.columns, start=1):
        letter = _letter(index)
        header = ws.cell(HEADER_ROW, index, column.title)
        header.font, header.fill, header.alignment, header.border = (
            s.header_font,
            s.header_fill,
            s.header_align,
            s.border,
        )
        dims = ws.column_dimensions[letter]
        dims.width = column.width
        if not column.locked:
            dims.protection = s.unlocked
            dims.number_format = _column_format(column)
            if column.kind == "long":
                dims.alignment = s.wrap
            if column.kind not in ("text", "long"):
                ws.add_data_validation(_validation(column, form, f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}"))
    # Excel and LibreOffice keep a row's height as written: the titles' row fits its longest title.
    ws.row_dimensions[HEADER_ROW].height = titles_height(sheet.columns)
    report = sheet.columns is layout.REPORT_COLUMNS
    for r, row in enumerate(sheet.rows, start=FIRST_ROW):
        for index, (column, value) in enumerate(zip(sheet.columns, row.values, strict=True), start=1):
            cell = ws.cell(r, index)
            _set(cell, value)
            editable = not column.locked and not (report and (column.kind == "number") == row.prose)
            wrap = column.kind in ("long", "text", "title")
            fmt = layout.number_format(row.decimals) if report and column.kind == "number" else _column_format(column)
            _paint(cell, looks, (editable, wrap, fmt if editable else ""))
        height = fitted_height(row.values, sheet.columns)
        if height is not None:
            ws.row_dimensions[r].height = height
    ws.freeze_panes = f"{_letter(freeze_columns + 1)}{FIRST_ROW}"
    # The candidates' 30 columns are read on 5 pages across, each with the id, type and name.
    wide = sheet.name == layout.CANDIDATES_SHEET
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", 5 if wide else 1, "A:C" if wide else None)
    _protect(ws)


def _instructions(wb: Any, form: Form, lines: Iterable[str]) -> None:
    s = _styles()
    ws = wb.active
    ws.title = layout.INSTRUCTIONS_SHEET
    column = Column("", 100, "long")
    ws.column_dimensions["A"].width = column.width
    ws.cell(1, 1, f"BIỂU MẪU SỐ LIỆU THI ĐUA — {form.unit.name}").font = s.title_font
    for r, line in enumerate(lines, start=3):
        if not line:
            continue  # an empty line is an empty row, not an empty text cell
        ws.cell(r, 1, line).alignment = s.wrap
        if _lines(line, column) > 1:
            ws.row_dimensions[r].height = _LINE_HEIGHT * _lines(line, column)
    print_setup(ws, None)
    _protect(ws)


def _meta(wb: Any, form: Form) -> None:
    ws = wb.create_sheet(layout.META_SHEET)
    rows: list[tuple[str, object, str | None]] = [
        ("form", layout.FORM_MARK, None),
        ("form_version", layout.FORM_VERSION, None),
        ("unit", form.unit.id, form.unit.name),
        ("campaign", form.campaign_id, None),
        *(("period", p.id, name) for p, name in form.periods),
        ("candidates", layout.CANDIDATES_SHEET if form.has_candidates else "", None),
    ]
    ws.append(["key", "value", "note"])
    for row in rows:
        ws.append(list(row))
    for choices, (first, second) in _META_LISTS.items():
        key = choices.removesuffix("s")
        ws.cell(1, first, f"{key}_id")
        ws.cell(1, second, f"{key}_name")
        for r, (item_id, name) in enumerate(_meta_list(form, choices), start=2):
            ws.cell(r, first, item_id)
            ws.cell(r, second, name)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def instructions(form: Form) -> list[str]:
    """The instructions sheet's lines, in Vietnamese."""
    periods = ", ".join(f"«{name}»" for _, name in form.periods)
    lines = [
        f"Đơn vị: {form.unit.name} (mã {form.unit.id}); đợt thi đua: {form.campaign_id}.",
        "",
        "1. Số liệu báo cáo: mỗi kỳ báo cáo một trang " + periods + ". Mỗi chỉ tiêu một dòng: nhập Kế hoạch và "
        "Thực hiện bằng số (không ghi đơn vị tính, không ghi chữ); số lẻ theo số chữ số thập phân đã định dạng sẵn.",
        "2. Phần văn bản của báo cáo (Tổng quan, Kết quả từng phong trào, Khó khăn, Nhiệm vụ kỳ tới, Đề xuất) nhập ở "
        "cột «Văn bản»; các ý của Khó khăn, Nhiệm vụ, Đề xuất mỗi ý một dòng trong ô (xuống dòng bằng Alt+Enter).",
        "3. Ô nền xám (Mã, Nội dung, Đơn vị tính, tiêu đề) đã khóa: không sửa, không đổi tên các trang.",
    ]
    if form.has_candidates:
        lines += [
            "4. Đề nghị khen thưởng: trang «Đề nghị khen thưởng», mỗi dòng một tập thể hoặc cá nhân; đã có sẵn các "
            "dòng trống có mã để thêm mới. Hình thức đề nghị chọn trong danh sách (chỉ các hình thức đơn vị được "
            "đề nghị). Cá nhân điền từ cột Chức vụ đến Nhiệm vụ được giao; tập thể điền từ Đặc điểm, tình hình "
            "đến Chức vụ thủ trưởng. Ngày sinh nhập dạng ngày/tháng/năm.",
            "5. Thành tích, Kết quả theo năm, Xếp loại theo năm, Sáng kiến, Khen thưởng đã nhận: mỗi mục một "
            "dòng, cột «Mã đề nghị» chọn mã của tập thể, cá nhân ở trang «Đề nghị khen thưởng». Được chèn thêm dòng.",
            "6. Cơ quan thi đua - khen thưởng xét tiêu chuẩn theo Luật Thi đua, khen thưởng: điền đủ xếp loại "
            "mức độ hoàn thành nhiệm vụ từng năm, phạm vi ảnh hưởng và quyết định công nhận của sáng kiến, các "
            "danh hiệu đã nhận (chọn theo danh mục), và với tập thể: số thành viên, số đạt Lao động tiên tiến, "
            "Chiến sĩ thi đua cơ sở, số hoàn thành nhiệm vụ, số bị kỷ luật; xếp hạng trong khối thi đua nếu có.",
        ]
    else:
        lines += ["4. Xã, phường, thị trấn không lập đề nghị khen thưởng trong biểu mẫu này."]
    lines += [
        "",
        "Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp, rồi gửi lại cho cơ quan thi đua - khen thưởng.",
    ]
    return lines


def _digest(parts: Iterable[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, content in parts:
        if name != _CORE:
            h.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return h.hexdigest()


def workbook_bytes(form: Form) -> bytes:
    """The form's workbook, the same bytes for the same data."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    wb = openpyxl.Workbook()
    looks: dict[Look, Any] = {}  # style indices belong to one workbook
    _instructions(wb, form, instructions(form))
    for sheet in form.sheets:
        freeze = 2 if sheet.columns is layout.REPORT_COLUMNS else 3 if sheet.name == layout.CANDIDATES_SHEET else 1
        _data_sheet(wb, sheet, form, freeze, looks)
    _meta(wb, form)
    props = wb.properties
    props.creator = props.lastModifiedBy = "docgen"
    props.title = f"Biểu mẫu số liệu thi đua — {form.unit.name}"[:250]
    props.subject = form.campaign_id
    props.language = "vi-VN"
    props.identifier = layout.FORM_MARK
    buffer = io.BytesIO()
    # openpyxl's ExcelWriter into a stored (uncompressed) ZIP: Workbook.save would deflate every
    # part only for ``build`` to inflate and deflate it again, and would date it with the clock.
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped, unused-ignore]

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(wb, archive).write_data()
    parts = read_parts(buffer.getvalue())
    mark = f"{layout.FORM_MARK}:{_digest(parts)}".encode()
    done = [
        (name, _IDENTIFIER.sub(lambda m: m.group(1) + mark + m.group(3), dated_core(content, form.day)))
        if name == _CORE
        else (name, content)
        for name, content in parts
    ]
    return build(compress(name, content) for name, content in done)


def is_unchanged_form(data: bytes) -> bool:
    """Whether ``data`` is a form exactly as docgen wrote it: its identifier's digest matches
    its parts (a form a person saved again in Excel or LibreOffice does not)."""
    try:
        parts = read_parts(data)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return False
    core = dict(parts).get(_CORE, b"")
    found = _IDENTIFIER.search(core)
    return found is not None and found.group(2).decode(errors="replace") == f"{layout.FORM_MARK}:{_digest(parts)}"
