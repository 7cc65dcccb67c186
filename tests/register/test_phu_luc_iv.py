"""`register import` of a register kept as Decree 30's Phụ lục IV, «Sổ đăng ký văn bản đi»
(issue 17 item 3): its column titles, the title rows above the table, a numbering row under
the header, merged header cells, and the type name at the head of «Tên loại và trích yếu nội
dung văn bản» split off into the kind, as docgen's own numbers store it."""

# ruff: noqa: E501 — the exact table a clerk sees is wider than a line of code

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from click.testing import Result

from docgen.register import importing
from docgen.register.exporting import kind_and_summary
from docgen.register.sqlite import open_register

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
TITLES = (
    "Số, ký hiệu\nvăn bản",
    "Ngày tháng\nvăn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ghi chú",
)
# As a clerk keeps them: the date a date cell, a text typed day first, or Excel's serial number
# (a cell that lost its date format); the type name in capitals or not.
ROWS: tuple[tuple[object, ...], ...] = (
    (
        "01/QĐ-UBND",
        dt.datetime(2023, 1, 5),
        "Quyết định về việc phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ năm 2023",
        "Nguyễn Văn A",
        "Các xã, thị trấn",
        "VP, NV",
        3,
        None,
    ),
    (
        "02/KH-UBND",
        "06/01/2023",
        "KẾ HOẠCH Thực hiện các phong trào thi đua yêu nước năm 2023",
        "Nguyễn Văn A",
        "Các phòng, ban",
        "VP",
        2,
        None,
    ),
    (
        "03/BC-UBND",
        45119,
        "Báo cáo kết quả thực hiện các phong trào thi đua yêu nước 6 tháng đầu năm",
        "Trần Thị B",
        "Sở Nội vụ",
        "VP, NV",
        2,
        "Gửi qua mạng",
    ),
    (
        "04/UBND-VP",
        dt.datetime(2023, 7, 20),
        "Công văn về việc tổng kết phong trào",
        "Trần Thị B",
        "Các xã",
        "VP",
        1,
        None,
    ),
    (
        "05/TTr-UBND",
        dt.datetime(2023, 12, 1),
        "Tờ trình đề nghị tặng thưởng danh hiệu thi đua năm 2023",
        "Nguyễn Văn A",
        "Sở Nội vụ",
        "NV",
        2,
        None,
    ),
)
# What the register holds afterwards: the kind's id and the summary without its type name,
# as docgen stores its own numbers (campaign.yaml: «Về việc phát động …»).
EXPECTED = [
    ("01/QĐ-UBND", dt.date(2023, 1, 5), "quyet-dinh", "Về việc phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ năm 2023"),
    ("02/KH-UBND", dt.date(2023, 1, 6), "ke-hoach", "Thực hiện các phong trào thi đua yêu nước năm 2023"),
    ("03/BC-UBND", dt.date(2023, 7, 12), "bao-cao", "Kết quả thực hiện các phong trào thi đua yêu nước 6 tháng đầu năm"),
    ("04/UBND-VP", dt.date(2023, 7, 20), "", "Công văn về việc tổng kết phong trào"),
    ("05/TTr-UBND", dt.date(2023, 12, 1), "to-trinh", "Đề nghị tặng thưởng danh hiệu thi đua năm 2023"),
]  # fmt: skip


@pytest.fixture
def ws(sample_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for name in ("data", ".cache"):
        shutil.copytree(sample_root / name, root / name)
    return root


def _title_rows(sheet: object) -> None:
    """Phụ lục IV's top: the issuer, the register's name and its year, merged across the table."""
    for row, text in ((1, "UỶ BAN NHÂN DÂN HUYỆN HƯƠNG KHÊ"), (2, "SỔ ĐĂNG KÝ VĂN BẢN ĐI"), (3, "Năm 2023")):
        sheet.cell(row=row, column=1, value=text)  # type: ignore[attr-defined]
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)  # type: ignore[attr-defined]


def phu_luc_iv(path: Path, *, two_row_header: bool = False) -> Path:
    """A register laid out as Phụ lục IV: title rows, row 4 empty, the header on row 5 and the
    column numbers «(1) (2) …» under it; or a two-row header (titles merged down over rows 5–6,
    «Nơi nhận, lưu» over its two columns) with the numbers «1 2 …» on row 7."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sổ văn bản đi"
    _title_rows(sheet)
    if two_row_header:
        for column, title in enumerate(TITLES, start=1):
            if column in (5, 6):
                sheet.cell(row=6, column=column, value=title)
            else:
                sheet.cell(row=5, column=column, value=title)
                sheet.merge_cells(start_row=5, start_column=column, end_row=6, end_column=column)
        sheet.cell(row=5, column=5, value="Nơi nhận, lưu")
        sheet.merge_cells("E5:F5")
        numbering: list[object] = list(range(1, 9))
    else:
        for column, title in enumerate(TITLES, start=1):
            sheet.cell(row=5, column=column, value=title)
        numbering = [f"({n})" for n in range(1, 9)]
    sheet.append(numbering)
    for values in ROWS:
        sheet.append(list(values))
    book.save(path)
    return path


def _records(ws: Path) -> list[tuple[str, dt.date, str, str]]:
    with open_register(ws) as register:
        return [(r.number_symbol, r.date, r.kind, r.summary) for r in register.list()]


@pytest.mark.parametrize("two_row_header", [False, True], ids=["mot-dong-tieu-de", "hai-dong-tieu-de-gop-o"])
def test_a_phu_luc_iv_register_imports_with_its_type_names_as_kinds(
    run: Run, ws: Path, tmp_path: Path, two_row_header: bool
) -> None:
    path = phu_luc_iv(tmp_path / "so-di-2023.xlsx", two_row_header=two_row_header)
    result = run("register", "import", str(path), "--unit", UNIT, "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert f"Đã nhập 5 số từ {path}." in result.output
    assert _records(ws) == EXPECTED


def test_the_summary_column_of_phu_luc_iv_is_not_lost_in_a_csv(run: Run, ws: Path, tmp_path: Path) -> None:
    # The bug of the issue: «Tên loại và trích yếu nội dung văn bản» was not a known title, so
    # every summary was imported empty.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([" ".join(t.split()) for t in TITLES])
    writer.writerow(
        ["07/KH-UBND", "10/02/2023", "Kế hoạch tổ chức Hội nghị điển hình tiên tiến", "Lê Văn C", "", "VP", "1", ""]
    )
    path = tmp_path / "so-di.csv"
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    result = run("register", "import", str(path), "--unit", UNIT, "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert _records(ws) == [("07/KH-UBND", dt.date(2023, 2, 10), "ke-hoach", "Tổ chức Hội nghị điển hình tiên tiến")]


def test_dry_run_shows_what_would_enter_the_register_and_writes_nothing(run: Run, ws: Path, tmp_path: Path) -> None:
    path = phu_luc_iv(tmp_path / "so-di-2023.xlsx")
    result = run("register", "import", str(path), "--unit", UNIT, "--dry-run", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output == DRY_RUN.format(path=path)
    assert _records(ws) == [], "a dry run writes nothing"


DRY_RUN = """\
Thử nhập {path} (chưa ghi gì vào sổ): nhập được 5 số.
Đơn vị huyen-huong-khe — năm 2023 — sổ chung
Số, ký hiệu  Ngày        Loại        Trích yếu                                                     Người ký      Nơi nhận          Tình trạng
-----------  ----------  ----------  ------------------------------------------------------------  ------------  ----------------  -----------
01/QĐ-UBND   05/01/2023  Quyết định  Về việc phát động phong trào thi đua thực hiện thắng lợi nh…  Nguyễn Văn A  Các xã, thị trấn  Đã ban hành
02/KH-UBND   06/01/2023  Kế hoạch    Thực hiện các phong trào thi đua yêu nước năm 2023            Nguyễn Văn A  Các phòng, ban    Đã ban hành
03/BC-UBND   12/7/2023   Báo cáo     Kết quả thực hiện các phong trào thi đua yêu nước 6 tháng đ…  Trần Thị B    Sở Nội vụ         Đã ban hành
04/UBND-VP   20/7/2023               Công văn về việc tổng kết phong trào                          Trần Thị B    Các xã            Đã ban hành
05/TTr-UBND  01/12/2023  Tờ trình    Đề nghị tặng thưởng danh hiệu thi đua năm 2023                Nguyễn Văn A  Sở Nội vụ         Đã ban hành

Tổng: 5 số (0 số đã hủy).
Nhập thật: chạy lại lệnh không có --dry-run.
"""


def test_dry_run_reports_every_bad_row_like_the_import(run: Run, ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "so-di-loi.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    _title_rows(sheet)
    for column, title in enumerate(TITLES, start=1):
        sheet.cell(row=5, column=column, value=title)
    sheet.append([f"({n})" for n in range(1, 9)])
    sheet.append(["01/QĐ-UBND", "31/02/2023", "Quyết định về việc khen thưởng", "Nguyễn Văn A"])
    sheet.append(["02", "01/3/2023", "Kế hoạch kiểm tra", "Nguyễn Văn A"])
    book.save(path)
    result = run("register", "import", str(path), "--unit", UNIT, "--dry-run", "-w", str(ws))
    assert result.exit_code == 1
    assert "so-di-loi.xlsx: 2 lỗi ở 2 dòng, chưa nhập dòng nào" in result.output
    assert "dòng 7: ngày: «31/02/2023» là ngày không có thật — nhập ngày dạng ngày/tháng/năm" in result.output
    assert 'dòng 8: số, ký hiệu: phải có dạng số/ký hiệu (ví dụ 05/KH-UBND), nhận được "02"' in result.output


@pytest.mark.parametrize(
    ("written", "kind", "summary"),
    [
        ("Quyết định về việc phát động phong trào", "quyet-dinh", "Về việc phát động phong trào"),
        ("QUYẾT ĐỊNH Về việc phát động phong trào", "quyet-dinh", "Về việc phát động phong trào"),
        ("Kế hoạch tổ chức Hội nghị", "ke-hoach", "Tổ chức Hội nghị"),
        ("Kế  hoạch\ntổ chức Hội nghị", "ke-hoach", "Tổ chức Hội nghị"),
        ("Báo cáo thành tích của ông Nguyễn Văn A", "bao-cao-thanh-tich", "Của ông Nguyễn Văn A"),
        ("Báo cáo kết quả 6 tháng", "bao-cao", "Kết quả 6 tháng"),
        ("Báo cáo: kết quả 6 tháng", "bao-cao", "Kết quả 6 tháng"),
        ("Tờ trình đề nghị khen thưởng", "to-trinh", "Đề nghị khen thưởng"),
        ("Tờ trình UBND tỉnh về khen thưởng", "to-trinh", "UBND tỉnh về khen thưởng"),
        ("Báo cáo", "bao-cao", ""),
        # Not a type name of the campaign's kinds: kept whole.
        ("Công văn về việc tổng kết", "", "Công văn về việc tổng kết"),
        ("Kế hoạchh tổ chức", "", "Kế hoạchh tổ chức"),
        ("Thông báo kết quả", "", "Thông báo kết quả"),
        # Typed without diacritics: kept as typed, not half-corrected into «Kế hoạch to chuc».
        ("Ke hoach to chuc", "", "Ke hoach to chuc"),
    ],
)
def test_the_type_name_is_split_off_as_the_register_prints_it_back(written: str, kind: str, summary: str) -> None:
    assert importing.split_kind(written) == (kind, summary)


def test_an_exported_register_imports_back_with_its_kinds(run: Run, ws: Path, tmp_path: Path) -> None:
    path = phu_luc_iv(tmp_path / "so-di-2023.xlsx")
    assert run("register", "import", str(path), "--unit", UNIT, "-w", str(ws)).exit_code == 0
    with open_register(ws) as register:
        shown = [kind_and_summary(r) for r in register.list()]
    assert shown[0] == ROWS[0][2] and shown[1] == "Kế hoạch thực hiện các phong trào thi đua yêu nước năm 2023"
    exported = tmp_path / "xuat.xlsx"
    assert run("register", "export", str(exported), "-w", str(ws)).exit_code == 0
    other = tmp_path / "other"
    for name in ("data", ".cache"):
        shutil.copytree(ws / name, other / name, ignore=shutil.ignore_patterns("register.sqlite*"))
    result = run("register", "import", str(exported), "-w", str(other))
    assert result.exit_code == 0, result.output
    assert _records(other) == EXPECTED


# --------------------------------------------------------------------------------------------
# Read through docgen.sheets, the layer every import shares: what Excel really saves
# --------------------------------------------------------------------------------------------


def _import(run: Run, ws: Path, path: Path) -> Result:
    result = run("register", "import", str(path), "--unit", UNIT, "-w", str(ws))
    assert _records(ws) == [], "all or nothing: no row of a refused file is entered"
    return result


def test_an_xls_renamed_to_xlsx_is_refused_with_the_way_out(run: Run, ws: Path, tmp_path: Path) -> None:
    path = tmp_path / "so-cu.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1024))
    result = _import(run, ws, path)
    assert result.exit_code == 1
    assert result.output == (
        "Lỗi: tệp so-cu.xlsx: là tệp Excel 97-2003 (.xls), docgen chỉ đọc được tệp .xlsx — mở tệp bằng Excel, "
        "chọn Tệp › Lưu thành… › kiểu «Sổ làm việc Excel (.xlsx)», rồi gửi tệp .xlsx đó\n"
    )


def test_a_cell_merged_over_two_entries_is_refused_at_its_cell(run: Run, ws: Path, tmp_path: Path) -> None:
    # The same signer for two documents, merged down: openpyxl (and docgen before) read the
    # second document's signer as empty.
    path = phu_luc_iv(tmp_path / "so-di-2023.xlsx")
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("D7:D8")
    book.save(path)
    result = _import(run, ws, path)
    assert result.exit_code == 1
    assert (
        "  - dòng 7: Người ký: ô D7: vùng ô D7:D8 đã gộp qua nhiều dòng; mỗi dòng phải có giá trị riêng — chọn vùng "
        "D7:D8, bấm Trang đầu › Gộp và Căn giữa › Bỏ gộp ô, rồi nhập giá trị cho từng dòng\n"
    ) in result.output


def test_a_formula_without_its_computed_value_is_refused_at_its_cell(run: Run, ws: Path, tmp_path: Path) -> None:
    path = phu_luc_iv(tmp_path / "so-di-2023.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["B8"] = "=B7+1"  # saved by a program that does not compute: no cached value
    book.save(path)
    result = _import(run, ws, path)
    assert result.exit_code == 1
    assert (
        "  - dòng 8: Ngày tháng văn bản: ô B8: ô có công thức nhưng chưa có giá trị đã tính (tệp do một chương trình "
        "khác tạo, chưa được Excel tính lại) — mở tệp bằng Excel, lưu lại (Ctrl+S) rồi nhập lại; hoặc nhập thẳng giá "
        "trị thay cho công thức\n"
    ) in result.output


def test_a_summary_typed_in_tcvn3_is_refused_with_the_converted_text(run: Run, ws: Path, tmp_path: Path) -> None:
    path = phu_luc_iv(tmp_path / "so-di-2023.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["C8"] = "KÕ ho¹ch tæ chøc Héi nghÞ"  # typed with the .VnTime font
    book.save(path)
    result = _import(run, ws, path)
    assert result.exit_code == 1
    assert "  - dòng 8: Tên loại và trích yếu nội dung văn bản: ô C8: có chữ gõ bằng mã cũ TCVN3 (phông .VnTime)" in (
        result.output
    )
    assert "giá trị đúng là «Kế hoạch tổ chức Hội nghị» — chép giá trị đúng vào ô" in result.output
