"""Opening an .xlsx as Excel and LibreOffice really save it, and reading a sheet's rows.

openpyxl reads the values in read-only mode with cached formula results (``data_only``): on a
sheet of 5,000 candidates (22 columns) that takes 1.0 s against 1.7 s for the normal mode. The
read-only mode knows neither merged cells nor hidden rows nor formulas left without a value, so
one pass over the sheet's XML (0.02 s for the same sheet) finds them: ``<mergeCell ref=…>``,
``<row … hidden="1">`` and, only when the sheet has an ``<f>`` at all, the cells with a formula
but no ``<v>``. The workbook is read once, from bytes, and never kept open.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from xml.etree import ElementTree

from docgen.errors import CellProblem, SheetUnreadable
from docgen.fs import os_reason

_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OLE2 file holding an encrypted Office document has a stream of this name (UTF-16).
_ENCRYPTED: Final = "EncryptedPackage".encode("utf-16-le")
SAVE_AS: Final = "mở tệp bằng Excel, chọn Tệp › Lưu thành… › kiểu «Sổ làm việc Excel (.xlsx)», rồi gửi tệp .xlsx đó"

_ROW: Final = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER: Final = re.compile(rb'\br="(\d+)"')
_HIDDEN: Final = re.compile(rb'\bhidden="(?:1|true)"')
_MERGE: Final = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_REF: Final = re.compile(r"([A-Z]+)(\d+)")
# A cell's formula element (not <formula1> of a data validation, not <family>).
_FORMULA: Final = re.compile(rb"<(?:\w+:)?f[ >/]")
_MAIN_NS: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"


def column_letter(index: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA``."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """``A`` → ``1``, ``AA`` → ``27``."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


@dataclass(frozen=True)
class Place:
    """Where a cell stands: its file, sheet, row, column (1 = A) and the column's title."""

    file: str
    sheet: str
    row: int
    column: int
    title: str = ""

    @property
    def ref(self) -> str:
        """``E12``."""
        return f"{column_letter(self.column)}{self.row}"

    def problem(self, message: str, hint: str | None = None) -> CellProblem:
        return CellProblem(self.file, self.row, self.column, self.title, message, hint, sheet=self.sheet, cell=self.ref)


@dataclass(frozen=True)
class Row:
    """One row that holds something: its number, its raw values (index 0 = column A), hidden or not."""

    number: int
    values: tuple[object, ...]
    hidden: bool = False

    def value(self, column: int) -> object:
        """The raw value of ``column`` (1 = A); ``None`` past the row's last cell."""
        return self.values[column - 1] if column <= len(self.values) else None


@dataclass
class Sheet:
    """A sheet read: its non-blank rows from ``first_row`` on, and what Excel hid or merged."""

    file: str
    name: str
    titles: dict[int, str]  # column (1 = A) → title, from the header row
    rows: list[Row]
    header_row: int = 0
    merged: list[str] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def hidden_rows(self) -> int:
        """How many rows read were hidden in Excel (hidden is not deleted: they are read)."""
        return sum(1 for row in self.rows if row.hidden)

    def place(self, row: int, column: int) -> Place:
        return Place(self.file, self.name, row, column, self.titles.get(column, ""))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _refuse(file: str, message: str, hint: str | None = SAVE_AS) -> SheetUnreadable:
    return SheetUnreadable(CellProblem(file, None, None, "", message, hint))


class Book:
    """An .xlsx workbook, opened with every failure told as a clerk needs it."""

    def __init__(self, path: Path, *, name: str | None = None) -> None:
        self.path = path
        self.name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _refuse(self.name, f"không đọc được tệp: {os_reason(exc)}", None) from exc
        self._archive = self._zip(data)
        self._parts = self._sheet_parts()
        import openpyxl  # type: ignore[import-untyped, unused-ignore]

        try:
            with warnings.catch_warnings():  # openpyxl warns about extensions it does not read
                warnings.simplefilter("ignore")
                self._book: Any = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged part
            raise _refuse(self.name, "tệp Excel bị hỏng, không đọc được") from exc

    def _zip(self, data: bytes) -> zipfile.ZipFile:
        if data.startswith(_OLE2):
            if _ENCRYPTED in data:
                raise _refuse(
                    self.name,
                    "tệp được đặt mật khẩu (mã hóa), docgen không mở được",
                    "mở tệp bằng Excel, chọn Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xóa mật "
                    "khẩu, rồi Lưu thành… kiểu «Sổ làm việc Excel (.xlsx)»",
                )
            raise _refuse(self.name, "là tệp Excel 97-2003 (.xls), docgen chỉ đọc được tệp .xlsx")
        if not data.startswith(b"PK"):
            raise _refuse(self.name, "không phải tệp Excel .xlsx (có thể là tệp khác bị đổi đuôi thành .xlsx)")
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise _refuse(self.name, "tệp bị hỏng (không giải nén được), có thể chưa tải về hoặc chép hết") from exc
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                what = "là tệp Word (.docx) bị đổi đuôi, không phải tệp Excel"
            elif "xl/workbook.bin" in names:
                what = "là Sổ làm việc nhị phân Excel (.xlsb), docgen chỉ đọc được tệp .xlsx"
            elif "content.xml" in names:
                what = "là bảng tính OpenDocument (.ods), docgen chỉ đọc được tệp .xlsx"
            else:
                what = "không phải tệp Excel .xlsx (tệp nén ZIP không có sổ làm việc)"
            raise _refuse(self.name, what)
        return archive

    def _sheet_parts(self) -> dict[str, str]:
        """Each sheet's name → the path of its XML part in the ZIP."""
        try:
            book = ElementTree.fromstring(self._archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(self._archive.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _refuse(self.name, "tệp Excel bị hỏng, không đọc được") from exc
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
        parts = {}
        for sheet in book.iter(f"{{{_MAIN_NS}}}sheet"):
            target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name", "")] = path
        return parts

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def __contains__(self, name: object) -> bool:
        return name in self._book.sheetnames

    def close(self) -> None:
        self._book.close()
        self._archive.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheet(self, name: str, *, header_row: int | None = None, first_row: int = 1) -> Sheet:
        """The rows of sheet ``name`` from ``first_row`` on that hold something (blank rows and
        rows of spaces skipped), the titles of ``header_row``, and the sheet's problems: a
        merged range across rows among the data, a formula without a computed value."""
        ws = self._book[name]
        ws.reset_dimensions()  # some writers store a wrong <dimension>: read every row there is
        xml = self._part(name)
        hidden = {int(n) for n in _hidden_rows(xml)}
        titles: dict[int, str] = {}
        rows: list[Row] = []
        for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            if number == header_row:
                titles = {i: " ".join(str(v).split()) for i, v in enumerate(cells, start=1) if not _blank(v)}
            if number < first_row or all(_blank(v) for v in cells):
                continue
            values = tuple(cells)
            while values and values[-1] is None:
                values = values[:-1]
            rows.append(Row(number, values, number in hidden))
        sheet = Sheet(self.name, name, titles, rows, header_row or 0)
        for ref in _MERGE.findall(xml):
            text = ref.decode()
            sheet.merged.append(text)
            start, _, end = text.partition(":")
            (c1, r1), r2 = _split(start), _split(end or start)[1]
            if r2 > r1 and r2 >= first_row:
                sheet.problems.append(
                    sheet.place(r1, c1).problem(
                        f"vùng ô {text} đã gộp qua nhiều dòng; mỗi dòng phải có giá trị riêng",
                        f"chọn vùng {text}, bấm Trang đầu › Gộp và Căn giữa › Bỏ gộp ô, rồi nhập giá trị cho từng dòng",
                    )
                )
        if _FORMULA.search(xml):
            for row, column in _uncomputed(xml):
                if row >= first_row:
                    sheet.problems.append(
                        sheet.place(row, column).problem(
                            "ô có công thức nhưng chưa có giá trị đã tính (tệp do một chương trình khác tạo, "
                            "chưa được Excel tính lại)",
                            "mở tệp bằng Excel, lưu lại (Ctrl+S) rồi nhập lại; "
                            "hoặc nhập thẳng giá trị thay cho công thức",
                        )
                    )
        return sheet

    def _part(self, name: str) -> bytes:
        try:
            return self._archive.read(self._parts[name])
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise _refuse(self.name, f"trang «{name}» bị hỏng, không đọc được") from exc


def _split(ref: str) -> tuple[int, int]:
    """``E12`` → (5, 12)."""
    match = _REF.fullmatch(ref)
    if match is None:
        return 0, 0
    return column_index(match.group(1)), int(match.group(2))


def _hidden_rows(xml: bytes) -> Iterator[bytes]:
    for attributes in _ROW.findall(xml):
        if _HIDDEN.search(attributes):
            number = _ROW_NUMBER.search(attributes)
            if number is not None:
                yield number.group(1)


def _uncomputed(xml: bytes) -> Iterator[tuple[int, int]]:
    """(row, column) of every cell holding a formula (``<f>``) but no value (``<v>``)."""
    cell_tag, f_tag, v_tag = (f"{{{_MAIN_NS}}}{t}" for t in ("c", "f", "v"))
    try:
        for _, element in ElementTree.iterparse(io.BytesIO(xml)):
            if element.tag == cell_tag:
                value = element.find(v_tag)
                if element.find(f_tag) is not None and (value is None or not (value.text or "").strip()):
                    column, row = _split(element.get("r", ""))
                    if row:
                        yield row, column
                element.clear()
    except ElementTree.ParseError:
        return


def titles_at(sheet: Sheet, expected: Sequence[str]) -> list[CellProblem]:
    """A problem for each column whose title in the header row is not the one expected
    (a column moved, renamed or deleted): the form's layout is read by position."""
    found = []
    for column, title in enumerate(expected, start=1):
        if sheet.titles.get(column, "") != " ".join(title.split()):
            got = sheet.titles.get(column)
            found.append(
                Place(sheet.file, sheet.name, sheet.header_row, column, title).problem(
                    f"cột {column_letter(column)} phải có tên «{title}», "
                    + (f"đang là «{got}»" if got else "đang để trống"),
                    "không chèn, xóa hay đổi tên cột của biểu mẫu; lấy lại biểu mẫu gốc nếu cần",
                )
            )
    return found
