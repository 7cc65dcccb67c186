"""docgen.sheets (issue 17, item 2): opening what clerks send and reading a sheet as Excel wrote
it. Real Excel is not available here: each quirk is built with openpyxl, and where openpyxl
writes differently from Excel the saved XML is edited into Excel's pattern."""

from __future__ import annotations

import datetime as dt
import errno
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen.errors import CellProblem, Problem, SheetUnreadable
from docgen.sheets import Book, Place, clean_text, date, number, text, titles_at, whole

TITLES = ["Mã", "Nội dung", "Kế hoạch", "Thực hiện", "Văn bản"]
SAVE_AS = "mở tệp bằng Excel, chọn Tệp › Lưu thành… › kiểu «Sổ làm việc Excel (.xlsx)», rồi gửi tệp .xlsx đó"


def _workbook(rows: Iterable[Iterable[object]], name: str = "Báo cáo 2023") -> tuple[Any, Any]:
    """A sheet as docgen's forms lay it out: a title, a note, the column titles, data from row 4."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    ws.append(["BÁO CÁO NĂM 2023"])
    ws.append(["Ghi chú"])
    ws.append(TITLES)
    for row in rows:
        ws.append(list(row))
    return wb, ws


def _save(wb: Any, path: Path) -> Path:
    wb.save(path)
    return path


def _patch(path: Path, part: str, old: bytes, new: bytes) -> None:
    """Rewrite one part of a saved .xlsx, as another program would have written it."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    assert any(info.filename == part and old in content for info, content in parts), (part, old)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in parts:
            target.writestr(info, content.replace(old, new) if info.filename == part else content)


def _sheet(path: Path, name: str = "Báo cáo 2023") -> Any:
    with Book(path) as book:
        return book.sheet(name, header_row=3, first_row=4)


def _refusal(path: Path) -> CellProblem:
    with pytest.raises(SheetUnreadable) as caught:
        Book(path)
    return caught.value.problem


# ------------------------------------------------------------------------------------------
# Opening
# ------------------------------------------------------------------------------------------


def test_an_xls_file_is_refused_with_the_way_to_save_it_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "huyen-huong-khe.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1024))
    problem = _refusal(path)
    assert str(problem) == (
        "tệp huyen-huong-khe.xls: là tệp Excel 97-2003 (.xls), docgen chỉ đọc được tệp .xlsx — " + SAVE_AS
    )


def test_an_xls_renamed_to_xlsx_is_told_as_an_xls(tmp_path: Path) -> None:
    path = tmp_path / "huyen-huong-khe.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    assert _refusal(path).message == "là tệp Excel 97-2003 (.xls), docgen chỉ đọc được tệp .xlsx"


def test_a_password_protected_xlsx_is_told_how_to_remove_the_password(tmp_path: Path) -> None:
    # Excel stores an encrypted .xlsx as an OLE2 file with streams EncryptionInfo and EncryptedPackage.
    names = "EncryptionInfo".encode("utf-16-le") + bytes(40) + "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "so-noi-vu.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + names + bytes(1024))
    problem = _refusal(path)
    assert problem.message == "tệp được đặt mật khẩu (mã hóa), docgen không mở được"
    assert problem.hint is not None and "xóa mật khẩu" in problem.hint and "(.xlsx)" in problem.hint


def test_a_renamed_text_file_is_not_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "so-noi-vu.xlsx"
    path.write_text("Số;Ngày\n1;05/07/2023\n", encoding="utf-8")
    problem = _refusal(path)
    assert str(problem) == (
        "tệp so-noi-vu.xlsx: không phải tệp Excel .xlsx (có thể là tệp khác bị đổi đuôi thành .xlsx) — " + SAVE_AS
    )


def test_a_word_document_renamed_to_xlsx_is_named(tmp_path: Path) -> None:
    path = tmp_path / "so-noi-vu.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refusal(path).message == "là tệp Word (.docx) bị đổi đuôi, không phải tệp Excel"


def test_an_opendocument_spreadsheet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "so-noi-vu.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert _refusal(path).message == "là bảng tính OpenDocument (.ods), docgen chỉ đọc được tệp .xlsx"


def test_a_workbook_whose_parts_are_damaged_is_told_as_damaged(tmp_path: Path) -> None:
    path = _save(_workbook([["a", "Một", 1, 2]])[0], tmp_path / "so-noi-vu.xlsx")
    _patch(path, "xl/workbook.xml", b"<sheets>", b"<sheets><<")
    problem = _refusal(path)
    assert (problem.message, problem.hint) == ("tệp Excel bị hỏng, không đọc được", SAVE_AS)


def test_a_damaged_zip_is_told_as_damaged(tmp_path: Path) -> None:
    wb, _ = _workbook([["a", "b", 1, 2, None]])
    whole_file = _save(wb, tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "so-noi-vu.xlsx"
    path.write_bytes(whole_file[: len(whole_file) // 2])  # a download cut in the middle
    problem = _refusal(path)
    assert problem.message == "tệp bị hỏng (không giải nén được), có thể chưa tải về hoặc chép hết"
    assert problem.hint == SAVE_AS


def test_a_file_that_cannot_be_read_says_why_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(_workbook([])[0], tmp_path / "so-noi-vu.xlsx")

    def denied(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    problem = _refusal(path)
    assert str(problem) == "tệp so-noi-vu.xlsx: không đọc được tệp: không có quyền truy cập"


# ------------------------------------------------------------------------------------------
# Rows
# ------------------------------------------------------------------------------------------


def test_trailing_blank_rows_and_rows_of_spaces_are_skipped(tmp_path: Path) -> None:
    wb, ws = _workbook([["a", "Một", 1, 2, None], [None, "   ", None, None, " \n "], ["b", "Hai", 3, 4, None]])
    for r in range(7, 40):  # Excel keeps rows a clerk formatted and emptied
        ws.cell(r, 3).number_format = "#,##0"
        ws.cell(r, 5).value = "  " if r % 2 else None
    sheet = _sheet(_save(wb, tmp_path / "f.xlsx"))
    assert [(row.number, row.values[0]) for row in sheet.rows] == [(4, "a"), (6, "b")]


def test_hidden_rows_are_read_and_counted(tmp_path: Path) -> None:
    wb, ws = _workbook([["a", "Một", 1, 2], ["b", "Hai", 3, 4], ["c", "Ba", 5, 6]])
    ws.row_dimensions[5].hidden = True
    sheet = _sheet(_save(wb, tmp_path / "f.xlsx"))
    assert [(row.number, row.hidden) for row in sheet.rows] == [(4, False), (5, True), (6, False)]
    assert sheet.hidden_rows == 1


def test_a_merge_within_one_row_keeps_its_top_left_value(tmp_path: Path) -> None:
    wb, ws = _workbook([["a", "Một", 1, 2, "văn bản"]])
    ws.merge_cells("C4:D4")
    sheet = _sheet(_save(wb, tmp_path / "f.xlsx"))
    assert sheet.problems == []
    assert sheet.merged == ["C4:D4"]
    assert sheet.rows[0].values[2:4] == (1, None)


def test_a_merge_across_rows_is_refused_naming_the_range(tmp_path: Path) -> None:
    wb, ws = _workbook([["a", "Một", 1, 2], ["b", "Hai", None, 4]])
    ws.merge_cells("C4:C5")  # one plan typed for two indicators
    ws.merge_cells("A1:E1")  # the title: not data, allowed
    sheet = _sheet(_save(wb, tmp_path / "f.xlsx"))
    assert [str(p) for p in sheet.problems] == [
        "tệp f.xlsx, trang «Báo cáo 2023», ô C4, cột «Kế hoạch»: vùng ô C4:C5 đã gộp qua nhiều dòng; mỗi dòng "
        "phải có giá trị riêng — chọn vùng C4:C5, bấm Trang đầu › Gộp và Căn giữa › Bỏ gộp ô, rồi nhập giá trị "
        "cho từng dòng"
    ]


def test_a_formula_gives_its_cached_value(tmp_path: Path) -> None:
    wb, _ = _workbook([["a", "Một", 10, "=C4*2"]])
    path = _save(wb, tmp_path / "f.xlsx")
    # Excel stores the result it computed beside the formula.
    _patch(path, "xl/worksheets/sheet1.xml", b"<f>C4*2</f><v></v>", b"<f>C4*2</f><v>20</v>")
    sheet = _sheet(path)
    assert sheet.problems == []
    assert sheet.rows[0].values[3] == 20


def test_a_formula_without_a_computed_value_is_an_error_at_its_cell(tmp_path: Path) -> None:
    # openpyxl, like any program that writes formulas without computing them, leaves <v> empty.
    wb, _ = _workbook([["a", "Một", 10, "=C4*2"], ["b", "Hai", 1, 2]])
    sheet = _sheet(_save(wb, tmp_path / "f.xlsx"))
    assert [str(p) for p in sheet.problems] == [
        "tệp f.xlsx, trang «Báo cáo 2023», ô D4, cột «Thực hiện»: ô có công thức nhưng chưa có giá trị đã tính "
        "(tệp do một chương trình khác tạo, chưa được Excel tính lại) — mở tệp bằng Excel, lưu lại (Ctrl+S) rồi "
        "nhập lại; hoặc nhập thẳng giá trị thay cho công thức"
    ]


def test_a_column_moved_or_renamed_is_named(tmp_path: Path) -> None:
    wb, ws = _workbook([])
    ws["D3"] = "Thực  hiện"  # spaces do not matter
    ws["C3"] = "KH"
    sheet = _sheet(_save(wb, tmp_path / "f.xlsx"))
    assert [str(p) for p in titles_at(sheet, TITLES)] == [
        "tệp f.xlsx, trang «Báo cáo 2023», ô C3, cột «Kế hoạch»: cột C phải có tên «Kế hoạch», đang là «KH» — "
        "không chèn, xóa hay đổi tên cột của biểu mẫu; lấy lại biểu mẫu gốc nếu cần"
    ]


def test_a_cell_problem_reads_file_sheet_cell_column() -> None:
    place = Place("huyen-huong-khe.xlsx", "Báo cáo 2023", 12, 5, "Thực hiện")
    problem = place.problem("«12 tỷ» không phải là số", "chỉ nhập chữ số")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.column, problem.field, problem.cell) == (12, 5, "Thực hiện", "E12")
    assert str(problem) == (
        "tệp huyen-huong-khe.xlsx, trang «Báo cáo 2023», ô E12, cột «Thực hiện»: «12 tỷ» không phải là số — "
        "chỉ nhập chữ số"
    )


# ------------------------------------------------------------------------------------------
# Cell values
# ------------------------------------------------------------------------------------------

PLACE = Place("f.xlsx", "Báo cáo 2023", 4, 5, "Thực hiện")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1525, Decimal(1525)),
        (12.0, Decimal(12)),
        (95.7, Decimal("95.7")),
        (95.69999999999999, Decimal("95.7")),  # 15 significant digits, as Excel shows it
        ("1525", Decimal(1525)),  # a number stored as text
        (" 12 ", Decimal(12)),
        ("1.525", Decimal(1525)),  # the Vietnamese way: dots group thousands
        ("1.525.000", Decimal(1525000)),
        ("1,5", Decimal("1.5")),  # the comma is the decimal point
        ("95,7", Decimal("95.7")),
        ("1.525,5", Decimal("1525.5")),
        ("1\u00a0525", Decimal(1525)),
        ("95.7", Decimal("95.7")),
    ],
)
def test_numbers_as_excel_and_clerks_write_them(value: object, expected: Decimal) -> None:
    problems: list[Problem] = []
    found = number(value, PLACE, problems)
    assert (found, problems) == (expected, [])
    assert str(found) == str(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12 tỷ", "«12 tỷ» không phải là số"),
        ("1,525.5", "«1,525.5» không phải là số"),
        (True, "True không phải là số"),
        ("#DIV/0!", "ô có lỗi công thức #DIV/0!"),
        (-3, "số âm (-3) không dùng được ở đây"),
        ("-3", "số âm («-3») không dùng được ở đây"),
    ],
)
def test_what_is_not_a_figure_is_refused_at_its_cell(value: object, message: str) -> None:
    problems: list[Problem] = []
    assert number(value, PLACE, problems) is None
    assert [p.message for p in problems] == [message]
    assert isinstance(problems[0], CellProblem) and problems[0].cell == "E4"


def test_decimals_beyond_the_columns_are_refused() -> None:
    problems: list[Problem] = []
    assert number(12.5, PLACE, problems, decimals=0) is None
    assert number("95,75", PLACE, problems, decimals=1) is None
    assert number("95,70", PLACE, problems, decimals=1) == Decimal("95.7")
    assert [p.message for p in problems] == ["12.5: phải là số nguyên", "«95,75»: chỉ ghi tối đa 1 chữ số thập phân"]


def test_whole_numbers() -> None:
    problems: list[Problem] = []
    assert [whole(v, PLACE, problems, minimum=1) for v in (3, 3.0, "3", " 3 ")] == [3, 3, 3, 3]
    assert whole(0, PLACE, problems, minimum=1) is None
    assert [p.message for p in problems] == ["0: phải từ 1 trở lên"]


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2023, 7, 12),
        dt.date(2023, 7, 12),
        45119,  # Excel's serial number (days since 30/12/1899)
        45119.0,
        "45119",
        "12/7/2023",  # day first, always
        "12/07/2023",
        "12-07-2023",
        "12.07.2023",
        " 12 / 07 / 2023 ",
        "2023-07-12",
    ],
)
def test_dates_as_excel_and_clerks_write_them(value: object) -> None:
    problems: list[Problem] = []
    assert (date(value, PLACE, problems), problems) == (dt.date(2023, 7, 12), [])


def test_a_date_that_does_not_exist_or_is_not_a_date_is_refused() -> None:
    problems: list[Problem] = []
    assert date("31/02/2023", PLACE, problems) is None
    assert date("tháng 7", PLACE, problems) is None
    assert [str(p) for p in problems] == [
        "tệp f.xlsx, trang «Báo cáo 2023», ô E4, cột «Thực hiện»: «31/02/2023» là ngày không có thật — nhập ngày "
        "dạng ngày/tháng/năm, ví dụ 15/01/1977",
        "tệp f.xlsx, trang «Báo cáo 2023», ô E4, cột «Thực hiện»: «tháng 7» không phải là ngày — nhập ngày dạng "
        "ngày/tháng/năm, ví dụ 15/01/1977",
    ]


def test_text_is_nfc_trimmed_with_unix_line_breaks() -> None:
    problems: list[Problem] = []
    nfd = "Ho\u0300a  "  # Hòa typed by a Mac, decomposed
    assert text(nfd, PLACE, problems) == "Hòa"
    assert text(" dòng 1\r\ndòng 2 \r\n", PLACE, problems) == "dòng 1\ndòng 2"
    assert text("dòng 1_x000D_\ndòng 2", PLACE, problems) == "dòng 1\ndòng 2"
    assert text("   ", PLACE, problems) is None
    assert clean_text("a\rb") == "a\nb"
    assert problems == []


def test_a_number_typed_in_a_text_column_is_its_digits() -> None:
    problems: list[Problem] = []
    assert [text(v, PLACE, problems) for v in (2023, 2023.0, 12.5)] == ["2023", "2023", "12.5"]


def test_excels_line_breaks_in_a_saved_file_are_read_as_one_per_line(tmp_path: Path) -> None:
    wb, _ = _workbook([["a", "Một", None, None, "line 1\nline 2"]])
    path = _save(wb, tmp_path / "f.xlsx")
    # Excel writes the carriage return of Alt+Enter pasted from Word as _x000D_.
    _patch(path, "xl/worksheets/sheet1.xml", b"line 1\n", b"line 1_x000D_\n")
    value = _sheet(path).rows[0].values[4]
    assert text(value, PLACE, []) == "line 1\nline 2"


def test_tcvn3_text_is_refused_with_the_converted_text() -> None:
    problems: list[Problem] = []
    assert text("Huy\u00d6n H\u00ad\u00acng Kh\u00aa", PLACE, problems) is None
    (problem,) = problems
    assert problem.message == (
        "có chữ gõ bằng mã cũ TCVN3 (phông .VnTime): «Huy\u00d6n» → «Huyện», «H\u00ad\u00acng» → «Hương», "
        "«Kh\u00aa» → «Khê» (có ký tự ẩn U+00AD trong chữ); giá trị đúng là «Huyện Hương Khê»"
    )
    assert problem.hint is not None and "Unikey" in problem.hint


def test_a_sheet_of_5000_rows_is_read_once(tmp_path: Path) -> None:
    wb, _ = _workbook([[f"u-{i}", "Tên", i, "1.525", "x"] for i in range(5000)])
    sheet = _sheet(_save(wb, tmp_path / "f.xlsx"))
    assert len(sheet.rows) == 5000
    assert (sheet.rows[-1].number, sheet.rows[-1].values[0]) == (5003, "u-4999")
