"""The register of issued documents (sổ đăng ký văn bản đi): Decree 30 numbering, crash safety,
many processes at once, import of old registers, and files that are not ours left alone."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import importlib.util
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.errors import RegisterError, RegisterImportError
from docgen.register.records import (
    APPLICATION_ID,
    FILE_NAME,
    SCHEMA_VERSION,
    IssueRequest,
    Produced,
    Record,
    content_diff,
    sha256_hex,
    staged_file,
)
from docgen.register.sqlite import SqliteRegister, open_register

REPO = Path(__file__).resolve().parents[2]
UNIT = "huyen-huong-khe"
ISSUE_DATE = dt.date(2023, 7, 5)

Run = Callable[..., Result]


# -- helpers ------------------------------------------------------------------------------------


def request(
    doc_id: str,
    *,
    unit: str = UNIT,
    year: int = 2023,
    series: str = "chung",
    symbol: str = "KH-UBND",
    kind: str = "ke-hoach",
    date: dt.date | None = None,
) -> IssueRequest:
    return IssueRequest(
        doc_id=doc_id,
        unit_id=unit,
        year=year,
        series=series,
        symbol=symbol,
        kind=kind,
        summary="Thực hiện các phong trào thi đua yêu nước năm 2023",
        signer="Nguyễn Văn A",
        recipients="Sở Nội vụ; Ban Thi đua - Khen thưởng",
        date=date or dt.date(year, 7, 5),
    )


def document_path(out: Path, doc_id: str) -> Path:
    return out / (doc_id.replace("/", "__") + ".txt")


def renderer(out: Path, doc_id: str, calls: list[int] | None = None, body: str = "") -> Callable[..., Produced]:
    """A produce() that 'renders' the number into a text document through a temporary file."""

    def produce(number: int, date: dt.date) -> Produced:
        if calls is not None:
            calls.append(number)
        text = f"{doc_id}\nSố: {number:02d}\nngày {date:%d/%m/%Y}\n{body}"
        return staged_file(document_path(out, doc_id), text.encode("utf-8"), text)

    return produce


def numbers(records: list[Record]) -> list[int]:
    return [r.number for r in records]


@pytest.fixture
def ws(sample_root: Path, tmp_path: Path) -> Path:
    """A workspace with the province's data (the CLI checks unit ids against it) and docgen's
    cache of it (see conftest)."""
    root = tmp_path / "ws"
    for name in ("data", ".cache"):
        shutil.copytree(sample_root / name, root / name)
    return root


@pytest.fixture
def reg(ws: Path) -> Iterator[SqliteRegister]:
    register = open_register(ws)
    assert isinstance(register, SqliteRegister)
    yield register
    register.close()


@pytest.fixture
def out(ws: Path) -> Path:
    return ws / "out"


@pytest.fixture
def register_cli() -> Run:
    """``docgen register …`` through the real root group."""
    from docgen.cli.main import cli as root

    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(root, list(args), catch_exceptions=False)

    return invoke


# -- numbering (Decree 30: per issuer, per year, per series, from 01) ----------------------------


def test_numbers_run_from_one_per_unit_year_and_series_with_a_leading_zero(reg: SqliteRegister, out: Path) -> None:
    issued = [reg.issue(request(f"{UNIT}/bao-cao/{i}"), renderer(out, f"{UNIT}/bao-cao/{i}")) for i in range(12)]
    assert [(r.number, new) for r, new in issued] == [(n, True) for n in range(1, 13)]
    assert [r.number_symbol for r, _ in issued[:2]] == ["01/KH-UBND", "02/KH-UBND"]
    assert issued[9][0].number_symbol == "10/KH-UBND"
    other_unit, _ = reg.issue(request("huyen-ky-anh/ke-hoach", unit="huyen-ky-anh"), renderer(out, "a"))
    next_year, _ = reg.issue(request(f"{UNIT}/ke-hoach/2024", year=2024), renderer(out, "b"))
    assert (other_unit.number, next_year.number) == (1, 1), "another issuer and a new year start again at 01"
    assert next_year.date == dt.date(2024, 7, 5)
    assert document_path(out, f"{UNIT}/bao-cao/3").read_text(encoding="utf-8").splitlines()[1] == "Số: 04"
    assert reg.next_number(UNIT, 2023) == 13


def test_issuing_the_same_document_again_gives_its_number_and_date_without_rendering(
    reg: SqliteRegister, out: Path
) -> None:
    calls: list[int] = []
    first, new = reg.issue(request(f"{UNIT}/ke-hoach"), renderer(out, f"{UNIT}/ke-hoach", calls))
    assert new and first.number == 1 and first.status == "issued" and first.source == "docgen"
    again, new = reg.issue(
        request(f"{UNIT}/ke-hoach", date=dt.date(2023, 9, 1)), renderer(out, f"{UNIT}/ke-hoach", calls)
    )
    assert not new
    assert again == first, "the same number and the same date, whatever date is asked now"
    assert calls == [1], "produce is not called for a document that already has its number"
    assert reg.lookup(f"{UNIT}/ke-hoach") == first
    assert reg.lookup(f"{UNIT}/quyet-dinh") is None


def test_the_register_keeps_hash_and_text_so_a_changed_document_can_be_shown_and_reissued(
    reg: SqliteRegister, out: Path
) -> None:
    doc = f"{UNIT}/ke-hoach"
    first, _ = reg.issue(request(doc), renderer(out, doc, body="Điều 1. Phát động phong trào."))
    content = document_path(out, doc).read_bytes()
    assert first.sha256 == sha256_hex(content) and first.text == content.decode("utf-8")
    reg.issue(request(f"{UNIT}/quyet-dinh"), renderer(out, f"{UNIT}/quyet-dinh"))

    new_text = first.text.replace("Phát động", "Tiếp tục phát động") if first.text else ""
    diff = content_diff(first.text or "", new_text)
    assert "-Điều 1. Phát động phong trào." in diff and "+Điều 1. Tiếp tục phát động phong trào." in diff
    assert content_diff(new_text, new_text) == ""

    voided, renewed = reg.reissue(request(doc), renderer(out, doc, body="Điều 1. Tiếp tục."), "sai nội dung Điều 1")
    assert (voided.number, voided.status, voided.void_reason) == (1, "void", "sai nội dung Điều 1")
    assert renewed.number == 3, "a reissued document gets the next number, never its old one back"
    assert reg.lookup(doc) == renewed
    assert [(r.number, r.status) for r in reg.list()] == [(1, "void"), (2, "issued"), (3, "issued")]
    with pytest.raises(RegisterError, match="chưa được cấp số"):
        reg.reissue(request(f"{UNIT}/to-trinh"), renderer(out, "x"), "lý do")


def test_a_void_number_is_never_given_again_and_leaves_no_gap(reg: SqliteRegister, out: Path) -> None:
    for i in range(3):
        reg.issue(request(f"{UNIT}/bao-cao/{i}"), renderer(out, f"{UNIT}/bao-cao/{i}"))
    voided = reg.void(UNIT, 2023, "chung", 3, "ban hành nhầm")
    assert (voided.status, voided.void_reason, voided.number_symbol) == ("void", "ban hành nhầm", "03/KH-UBND")
    assert reg.lookup(f"{UNIT}/bao-cao/2") is None, "a voided document has no live number"
    nxt, _ = reg.issue(request(f"{UNIT}/bao-cao/3"), renderer(out, f"{UNIT}/bao-cao/3"))
    assert nxt.number == 4
    assert numbers(reg.list()) == [1, 2, 3, 4], "the void row stays: no gap in the register"
    # The document whose number was voided gets a new number, not the voided one.
    again, new = reg.issue(request(f"{UNIT}/bao-cao/2"), renderer(out, f"{UNIT}/bao-cao/2"))
    assert (again.number, new) == (5, True)

    with pytest.raises(RegisterError, match="đã bị hủy từ trước"):
        reg.void(UNIT, 2023, "chung", 3, "lần nữa")
    with pytest.raises(RegisterError, match="Sổ không có số 09"):
        reg.void(UNIT, 2023, "chung", 9, "không có")
    with pytest.raises(RegisterError, match="lý do"):
        reg.void(UNIT, 2023, "chung", 1, "   ")
    with pytest.raises(RegisterError, match="không phải 02/QĐ-UBND"):
        reg.void(UNIT, 2023, "chung", 2, "nhầm ký hiệu", symbol="QĐ-UBND")


def test_a_kind_with_its_own_series_is_numbered_apart(reg: SqliteRegister, out: Path) -> None:
    plan, _ = reg.issue(request(f"{UNIT}/ke-hoach"), renderer(out, "1"))
    decision, _ = reg.issue(
        request(f"{UNIT}/quyet-dinh", series="quyet-dinh", symbol="QĐ-UBND", kind="quyet-dinh"), renderer(out, "2")
    )
    report, _ = reg.issue(request(f"{UNIT}/bao-cao/2023-h1", symbol="BC-UBND"), renderer(out, "3"))
    assert (plan.number_symbol, decision.number_symbol, report.number_symbol) == (
        "01/KH-UBND",
        "01/QĐ-UBND",
        "02/BC-UBND",
    )
    # A number + symbol pair is unique within the year even across series.
    # (say, a decision numbered in the common series before the kind got its own).
    reg.record(unit_id=UNIT, number=3, symbol="QĐ-UBND", date=ISSUE_DATE, summary="Quyết định ghi tay")
    second, _ = reg.issue(
        request(f"{UNIT}/quyet-dinh/2", series="quyet-dinh", symbol="QĐ-UBND", kind="quyet-dinh"), renderer(out, "4")
    )
    assert second.number_symbol == "02/QĐ-UBND"
    with pytest.raises(RegisterError, match=r"03/QĐ-UBND .* đã được cấp ở sổ chung"):
        reg.issue(
            request(f"{UNIT}/quyet-dinh/3", series="quyet-dinh", symbol="QĐ-UBND", kind="quyet-dinh"),
            renderer(out, "5"),
        )
    assert reg.lookup(f"{UNIT}/quyet-dinh/3") is None


def test_requests_that_break_the_rules_are_refused_in_vietnamese(reg: SqliteRegister, out: Path) -> None:
    with pytest.raises(RegisterError, match="không thuộc năm 2023"):
        reg.issue(request(f"{UNIT}/ke-hoach", date=dt.date(2024, 1, 2)), renderer(out, "x"))
    with pytest.raises(RegisterError, match="ký hiệu"):
        reg.issue(request(f"{UNIT}/ke-hoach", symbol="KH UBND"), renderer(out, "x"))
    with pytest.raises(RegisterError, match="mã văn bản"):
        reg.issue(request("ke-hoach"), renderer(out, "x"))
    assert reg.list() == []


# -- a number is committed only together with its document --------------------------------------


def test_a_failed_rendering_consumes_no_number(reg: SqliteRegister, out: Path) -> None:
    def broken(number: int, date: dt.date) -> Produced:
        raise ValueError("mẫu hỏng")

    with pytest.raises(ValueError, match="mẫu hỏng"):
        reg.issue(request(f"{UNIT}/ke-hoach"), broken)
    assert reg.list() == [] and reg.lookup(f"{UNIT}/ke-hoach") is None

    discarded: list[int] = []

    def bad_hash(number: int, date: dt.date) -> Produced:
        return Produced("not-a-hash", "x", lambda: pytest.fail("finalized"), lambda: discarded.append(number))

    with pytest.raises(ValueError):
        reg.issue(request(f"{UNIT}/ke-hoach"), bad_hash)
    assert discarded == [1], "a document whose row was not committed is discarded"
    record, _ = reg.issue(request(f"{UNIT}/ke-hoach"), renderer(out, f"{UNIT}/ke-hoach"))
    assert record.number == 1
    assert sorted(p.name for p in out.iterdir()) == [document_path(out, f"{UNIT}/ke-hoach").name]


def test_the_document_is_put_in_place_only_after_its_number_is_committed(reg: SqliteRegister, ws: Path) -> None:
    seen: list[tuple[int, ...]] = []

    def produce(number: int, date: dt.date) -> Produced:
        def finalize() -> None:
            # Another connection sees the row: the commit happened before finalize.
            with contextlib.closing(sqlite3.connect(ws / FILE_NAME)) as other:
                seen.append(tuple(r[0] for r in other.execute("SELECT number FROM entries")))

        return Produced(sha256_hex(b"x"), "x", finalize, lambda: pytest.fail("discarded"))

    reg.issue(request(f"{UNIT}/ke-hoach"), produce)
    assert seen == [(1,)]


# -- numbers given by hand, old registers -------------------------------------------------------


def test_a_number_given_by_hand_is_recorded_once_and_the_series_continues(reg: SqliteRegister, out: Path) -> None:
    manual = reg.record(
        unit_id=UNIT, number=5, symbol="CV-UBND", date=ISSUE_DATE, summary="Về việc họp", signer="Trần Thị B"
    )
    assert (manual.doc_id, manual.source, manual.number_symbol, manual.status) == (
        None,
        "manual",
        "05/CV-UBND",
        "issued",
    )
    with pytest.raises(RegisterError, match="đã có trong sổ") as caught:
        reg.record(unit_id=UNIT, number=5, symbol="KH-UBND", date=ISSUE_DATE, summary="Lần hai")
    assert "số tiếp theo là 06" in str(caught.value)
    issued, _ = reg.issue(request(f"{UNIT}/ke-hoach"), renderer(out, "k"))
    assert issued.number == 6
    other_series = reg.record(
        unit_id=UNIT, number=5, symbol="QĐ-UBND", date=ISSUE_DATE, summary="Quyết định", series="quyet-dinh"
    )
    assert other_series.series == "quyet-dinh"
    with pytest.raises(RegisterError, match="trích yếu"):
        reg.record(unit_id=UNIT, number=9, symbol="KH-UBND", date=ISSUE_DATE, summary="")


def _excel_csv(rows: list[list[str]], delimiter: str = ";", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def test_import_of_an_excel_csv_continues_the_series(reg: SqliteRegister, ws: Path, out: Path) -> None:
    # As Excel writes "CSV UTF-8" on Vietnamese Windows: BOM, ";" separators, dd/mm/yyyy dates,
    # an STT column the register ignores and the number and symbol in one column.
    rows = [["STT", "Số, ký hiệu", "Ngày", "Loại", "Trích yếu", "Người ký", "Nơi nhận", "Đơn vị", "Tình trạng"]]
    for n in range(1, 38):
        symbol = "QĐ-UBND" if n % 5 == 0 else "UBND-VP"
        status = "Đã hủy: trùng nội dung" if n == 7 else "Đã ban hành"
        day = dt.date(2023, 1, 3) + dt.timedelta(days=4 * n)
        rows.append(
            [
                str(n),
                f"{n:02d}/{symbol}",
                f"{day:%d/%m/%Y}",
                "Công văn",
                f"V/v số {n}",
                "Lê Văn C",
                "Sở Nội vụ",
                UNIT,
                status,
            ]
        )
    path = ws / "so-cu.csv"
    path.write_bytes(_excel_csv(rows))
    assert reg.import_file(path) == 37
    records = reg.list()
    assert numbers(records) == list(range(1, 38))
    assert records[4].number_symbol == "05/QĐ-UBND" and records[0].date == dt.date(2023, 1, 7)
    assert {r.source for r in records} == {"import"} and {r.doc_id for r in records} == {None}
    assert (records[6].status, records[6].void_reason) == ("void", "trùng nội dung")
    issued, _ = reg.issue(request(f"{UNIT}/ke-hoach"), renderer(out, "k"))
    assert issued.number_symbol == "38/KH-UBND"


def test_import_of_a_comma_csv_with_english_headers(reg: SqliteRegister, ws: Path) -> None:
    rows = [
        ["number", "symbol", "date", "summary", "year", "series"],
        ["1", "QĐ-UBND", "2023-03-01", "Quyết định 1", "2023", "quyet-dinh"],
        ["2", "QĐ-UBND", "2023-03-02", "Quyết định 2", "", "quyet-dinh"],
    ]
    path = ws / "decisions.csv"
    path.write_bytes(_excel_csv(rows, delimiter=",", bom=False))
    assert reg.import_file(path, default_unit=UNIT) == 2
    assert [(r.series, r.number_symbol, r.year) for r in reg.list()] == [
        ("quyet-dinh", "01/QĐ-UBND", 2023),
        ("quyet-dinh", "02/QĐ-UBND", 2023),
    ]
    assert reg.next_number(UNIT, 2023, "quyet-dinh") == 3 and reg.next_number(UNIT, 2023) == 1


def test_import_of_an_xlsx_register_with_a_title_row_and_excel_dates(reg: SqliteRegister, ws: Path, out: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2023"])
    sheet.append([])
    sheet.append(["Số", "Ký hiệu", "Ngày", "Đơn vị", "Trích yếu", "Người ký"])
    for n in range(1, 38):
        when = dt.datetime(2023, 2, 1) + dt.timedelta(days=n)
        # One date arrives as Excel's serial number (a cell without date format).
        cell: object = (when.date() - dt.date(1899, 12, 30)).days if n == 20 else when
        sheet.append([n, "KH-UBND", cell, UNIT, f"Kế hoạch {n}", "Nguyễn Văn A"])
    path = ws / "so-cu.xlsx"
    book.save(path)
    assert reg.import_file(path) == 37
    records = reg.list()
    assert numbers(records) == list(range(1, 38))
    assert records[19].date == dt.date(2023, 2, 21)
    assert reg.issue(request(f"{UNIT}/ke-hoach"), renderer(out, "k"))[0].number == 38


def test_import_rejects_every_bad_row_with_its_row_number_and_imports_nothing(reg: SqliteRegister, ws: Path) -> None:
    reg.record(unit_id=UNIT, number=10, symbol="KH-UBND", date=ISSUE_DATE, summary="Đã có")
    rows = [
        ["Số", "Ký hiệu", "Ngày", "Đơn vị", "Năm"],
        ["1", "KH-UBND", "05/07/2023", UNIT, ""],  # row 2: fine
        ["2", "KH-UBND", "31/02/2023", UNIT, ""],  # row 3: no such day
        ["3", "", "05/07/2023", UNIT, ""],  # row 4: no symbol
        ["1", "BC-UBND", "06/07/2023", UNIT, ""],  # row 5: number of row 2 again
        ["10", "KH-UBND", "07/07/2023", UNIT, ""],  # row 6: already in the register
        ["mười", "KH-UBND", "07/07/2023", UNIT, ""],  # row 7: not a number
        ["", "", "", "", ""],  # row 8: empty, skipped
        ["12", "KH-UBND", "07/07/2023", UNIT, "2022"],  # row 9: year of another date
        ["13", "KH-UBND", "07/07/2023", "Huyện Hương Khê", ""],  # row 10: a name, not a unit id
    ]
    path = ws / "loi.csv"
    path.write_bytes(_excel_csv(rows))
    with pytest.raises(RegisterImportError) as caught:
        reg.import_file(path)
    message = str(caught.value)
    assert "chưa nhập dòng nào" in message
    assert sorted({p.line for p in caught.value.problems if p.line}) == [3, 4, 5, 6, 7, 9, 10]
    for expected in (
        "dòng 3: ngày: «31/02/2023» là ngày không có thật — nhập ngày dạng ngày/tháng/năm",
        "dòng 4: ký hiệu: thiếu ký hiệu",
        "dòng 5: số: số 01 trùng với dòng 2",
        "dòng 6: số: số 10/KH-UBND đã có trong sổ",
        "dòng 7: số: số phải là số nguyên",
        "dòng 9: ngày: ngày 07/7/2023 không thuộc năm 2022",
        "dòng 10: đơn vị: mã đơn vị",
    ):
        assert expected in message, message
    assert numbers(reg.list()) == [10], "all-or-nothing: the good row 2 was not imported either"

    missing = ws / "thieu-cot.csv"
    missing.write_bytes(_excel_csv([["Số", "Trích yếu", "Ghi chú"], ["1", "x", ""]]))
    with pytest.raises(RegisterImportError, match="thiếu cột ngày") as caught:
        reg.import_file(missing)
    assert "thiếu cột đơn vị" in str(caught.value)
    legacy = ws / "so-cu.csv"
    # Windows-1258, as older Vietnamese Excel saves "CSV (Comma delimited)": not UTF-8.
    old = unicodedata.normalize("NFD", "Số;Ký hiệu;Ngày;Đơn vị\r\n1;KH-UBND;05/07/2023;Hương Khê\r\n")
    legacy.write_bytes(old.encode("cp1258", errors="replace"))
    with pytest.raises(RegisterError, match="UTF-8"):
        reg.import_file(legacy)


# -- list and export ------------------------------------------------------------------------------


def _some_register(reg: SqliteRegister, out: Path) -> None:
    reg.issue(request("huyen-ky-anh/ke-hoach", unit="huyen-ky-anh"), renderer(out, "a"))
    for i in range(3):
        reg.issue(request(f"{UNIT}/bao-cao/{i}", symbol="BC-UBND", kind="bao-cao"), renderer(out, str(i)))
    reg.issue(request(f"{UNIT}/ke-hoach/2024", year=2024), renderer(out, "b"))
    reg.void(UNIT, 2023, "chung", 2, "sai số liệu")


def test_list_is_ordered_like_the_register_and_filters_by_year_and_unit(reg: SqliteRegister, out: Path) -> None:
    _some_register(reg, out)
    assert [(r.unit_id, r.year, r.number) for r in reg.list()] == [
        ("huyen-huong-khe", 2023, 1),
        ("huyen-huong-khe", 2023, 2),
        ("huyen-huong-khe", 2023, 3),
        ("huyen-huong-khe", 2024, 1),
        ("huyen-ky-anh", 2023, 1),
    ]
    assert [r.year for r in reg.list(year=2024)] == [2024]
    assert {r.unit_id for r in reg.list(unit_id="huyen-ky-anh")} == {"huyen-ky-anh"}
    assert reg.list(year=2023, unit_id=UNIT)[1].status == "void"


def test_export_is_a_paper_register_sheet_that_imports_back(reg: SqliteRegister, ws: Path, out: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    _some_register(reg, out)
    path = ws / "so-di.xlsx"
    assert reg.export_xlsx(path) == 5
    sheet = openpyxl.load_workbook(path).active
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["Số, ký hiệu", "Ngày", "Loại và trích yếu", "Người ký", "Nơi nhận", "Tình trạng"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["C"].width >= 40
    row = [c.value for c in sheet[3]]
    assert row[0] == "02/BC-UBND" and row[1] == dt.datetime(2023, 7, 5)
    assert sheet.cell(row=3, column=2).number_format == "DD/MM/YYYY"
    assert row[2] == "Báo cáo thực hiện các phong trào thi đua yêu nước năm 2023"
    assert row[5] == "Đã hủy: sai số liệu" and sheet.cell(row=2, column=6).value == "Đã ban hành"

    other = tmp_register(ws.parent / "other")
    assert other.import_file(path) == 5
    assert [(r.unit_id, r.year, r.number_symbol, r.status, r.void_reason) for r in other.list()] == [
        (r.unit_id, r.year, r.number_symbol, r.status, r.void_reason) for r in reg.list()
    ]
    other.close()
    with pytest.raises(RegisterError, match=r"\.xlsx"):
        reg.export_xlsx(ws / "so-di.xls")


def test_export_gives_the_same_bytes_every_time_dated_by_the_newest_entry(
    reg: SqliteRegister, ws: Path, out: Path
) -> None:
    """Issue 17: the export is reproducible — its properties carry the date of the register's
    newest entry (not the clock) and its ZIP entries a fixed time, so two exports are one file."""
    import zipfile

    _some_register(reg, out)
    first, second = ws / "so-1.xlsx", ws / "so-2.xlsx"
    reg.export_xlsx(first)
    reg.export_xlsx(second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core) == [
        ("created", "2024-07-05T00:00:00Z"),
        ("modified", "2024-07-05T00:00:00Z"),
    ]


def tmp_register(root: Path) -> SqliteRegister:
    root.mkdir(parents=True, exist_ok=True)
    return SqliteRegister(root / FILE_NAME)


# -- the file: where it lives, what is ours, backups -------------------------------------------------


def test_the_register_is_a_marked_wal_sqlite_file_in_the_workspace(reg: SqliteRegister, ws: Path, out: Path) -> None:
    reg.issue(request(f"{UNIT}/ke-hoach"), renderer(out, "k"))
    assert reg.path == ws / "register.sqlite" and out not in reg.path.parents
    with sqlite3.connect(reg.path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert open_register(ws).lookup(f"{UNIT}/ke-hoach") is not None


def _foreign_database(path: Path, app_id: int = 0) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'An');"
        f"PRAGMA application_id = {app_id};"
    )
    conn.close()


def _ours_with(path: Path, script: str) -> None:
    tmp_register(path.parent).close()
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(random.Random(30).randbytes(4096)), "không phải cơ sở dữ liệu SQLite"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + random.Random(2020).randbytes(4080)), "hỏng"),
        (_foreign_database, "chương trình khác"),
        (lambda p: _foreign_database(p, app_id=0x12345678), "chương trình khác"),
        (lambda p: _ours_with(p, f"PRAGMA user_version = {SCHEMA_VERSION + 1};"), "phiên bản docgen mới hơn"),
        (lambda p: _ours_with(p, "CREATE TABLE notes (x TEXT);"), "thừa bảng"),
    ],
    ids=["random-bytes", "damaged-sqlite", "foreign-tables", "foreign-app-id", "newer-schema", "unknown-table"],
)
def test_a_file_that_is_not_our_register_is_refused_and_left_untouched(
    ws: Path, make: Callable[[Path], object], message: str, register_cli: Run
) -> None:
    path = ws / FILE_NAME
    make(path)
    before = path.read_bytes()
    siblings = sorted(p.name for p in ws.iterdir())
    with pytest.raises(RegisterError, match=message):
        open_register(ws)
    result = register_cli("register", "list", "-w", str(ws))
    assert result.exit_code == 1
    assert "Lỗi: Không dùng được" in result.output or "Lỗi: Sổ" in result.output
    assert "không sửa và không ghi đè" in result.output or "mới hơn" in result.output
    assert path.read_bytes() == before, "a refused file is never modified"
    assert sorted(p.name for p in ws.iterdir()) == siblings, "and gets no -wal/-shm companions"


def test_backup_refuses_the_live_database_and_files_that_are_not_backups(reg: SqliteRegister, ws: Path) -> None:
    with pytest.raises(RegisterError, match="chính sổ đang dùng"):
        reg.backup(ws / FILE_NAME)
    with pytest.raises(RegisterError, match="chính sổ đang dùng"):
        reg.backup(ws / "." / "register.sqlite-wal")
    precious = ws / "bao-cao.docx"
    precious.write_bytes(b"PK\x03\x04 not a register")
    with pytest.raises(RegisterError, match="không ghi đè"):
        reg.backup(precious)
    assert precious.read_bytes() == b"PK\x03\x04 not a register"
    reg.backup(ws / "sao-luu.sqlite")
    reg.record(unit_id=UNIT, number=1, symbol="KH-UBND", date=ISSUE_DATE, summary="Sau bản sao lưu thứ nhất")
    reg.backup(ws / "sao-luu.sqlite")  # an earlier backup is replaced
    with SqliteRegister(ws / "sao-luu.sqlite") as restored:
        assert [r.number_symbol for r in restored.list()] == ["01/KH-UBND"]


# -- real processes ------------------------------------------------------------------------------------

CHILD = r"""
import datetime as dt, json, os, sys, time
from pathlib import Path
from docgen.register.records import IssueRequest, Produced, staged_file
from docgen.register.sqlite import SqliteRegister

args = json.loads(sys.argv[1])
out = Path(args["out"])


def request(doc_id, unit):
    return IssueRequest(doc_id, unit, 2023, "chung", "BC-UBND", "bao-cao", "Kết quả thực hiện phong trào",
                        "Nguyễn Văn A", "Sở Nội vụ", dt.date(2023, 7, 5))


def target(doc_id):
    return out / (doc_id.replace("/", "__") + ".txt")


def render(doc_id):
    def produce(number, date):
        text = f"{doc_id}\nSố: {number:02d}"
        return staged_file(target(doc_id), text.encode("utf-8"), text)
    return produce


mode = args["mode"]
if mode == "issue":
    if args.get("open_first"):
        register = SqliteRegister(Path(args["db"]))
    Path(args["ready"]).touch()
    while time.time() < args["start_at"] and not os.path.exists(args["go"]):
        time.sleep(0.001)
    if not args.get("open_first"):
        register = SqliteRegister(Path(args["db"]))  # all processes also race to create the file
    for i in range(args["count"]):
        unit = args["units"][i % len(args["units"])]
        doc_id = f"{unit}/bao-cao/{args['tag']}-{i:03d}"
        register.issue(request(doc_id, unit), render(doc_id))
        time.sleep(args.get("pause", 0))
elif mode == "die-in-produce":
    register = SqliteRegister(Path(args["db"]))

    def produce(number, date):
        target(args["doc_id"]).with_suffix(".tmp").write_text(str(number))
        Path(args["signal"]).write_text(str(number))  # now inside the write transaction
        time.sleep(120)
        raise SystemExit("was not killed")

    register.issue(request(args["doc_id"], args["unit"]), produce)
elif mode == "die-in-finalize":
    register = SqliteRegister(Path(args["db"]))

    def produce(number, date):
        staged = render(args["doc_id"])(number, date)

        def finalize():
            Path(args["signal"]).write_text(str(number))  # committed, file not yet in place
            time.sleep(120)
            staged.finalize()

        return Produced(staged.sha256, staged.text, finalize, staged.discard)

    register.issue(request(args["doc_id"], args["unit"]), produce)
"""


def _child_env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


def _spawn(tmp: Path, **args: object) -> subprocess.Popen[bytes]:
    script = tmp / "child.py"
    if not script.exists():
        script.write_text(CHILD, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), json.dumps(args)],
        env=_child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for(path: Path, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"child exited early ({proc.returncode}): {err.decode(errors='replace')}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"child never reached {path.name}")
        time.sleep(0.01)


def _run_together(
    ws: Path, units: list[str], processes: int, count: int, *, open_first: bool, same_documents: bool = False
) -> None:
    """Start ``processes`` children that all begin issuing at the same moment (barrier file)."""
    go = ws / "go"
    procs = []
    for k in range(processes):
        procs.append(
            _spawn(
                ws,
                mode="issue",
                db=str(ws / FILE_NAME),
                out=str(ws / "out"),
                ready=str(ws / f"ready-{k}"),
                go=str(go),
                start_at=time.time() + 60,
                units=units[k % len(units) :] + units[: k % len(units)],
                tag="all" if same_documents else f"p{k}",
                count=count,
                open_first=open_first,
            )
        )
    for k, proc in enumerate(procs):
        _wait_for(ws / f"ready-{k}", proc)
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode(errors="replace")


def _check_complete(register: SqliteRegister, ws: Path, unit: str, expected: int) -> None:
    records = register.list(unit_id=unit)
    assert numbers(records) == list(range(1, expected + 1)), "every number once, none missing"
    assert len({r.doc_id for r in records}) == expected
    for r in records:
        assert r.doc_id is not None
        text = document_path(ws / "out", r.doc_id).read_text(encoding="utf-8")
        assert text.endswith(f"Số: {r.number:02d}"), "each document carries the number registered for it"


def test_eight_processes_issuing_at_once_in_one_series_get_1_to_200(ws: Path) -> None:
    _run_together(ws, [UNIT], processes=8, count=25, open_first=False)
    with SqliteRegister(ws / FILE_NAME) as register:
        _check_complete(register, ws, UNIT, 200)
    assert not list((ws / "out").glob(".*.tmp")), "no temporary file is left behind"


def test_eight_processes_issuing_for_two_units_number_each_unit_on_its_own(ws: Path) -> None:
    _run_together(ws, [UNIT, "huyen-ky-anh"], processes=8, count=24, open_first=True)
    with SqliteRegister(ws / FILE_NAME) as register:
        _check_complete(register, ws, UNIT, 96)
        _check_complete(register, ws, "huyen-ky-anh", 96)


def test_processes_racing_for_the_same_documents_give_each_one_number(ws: Path) -> None:
    _run_together(ws, [UNIT], processes=4, count=20, open_first=True, same_documents=True)
    with SqliteRegister(ws / FILE_NAME) as register:
        _check_complete(register, ws, UNIT, 20)
    assert not list((ws / "out").glob(".*.tmp")), "losers of the race rendered nothing"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_process_killed_inside_the_transaction_consumes_no_number(reg: SqliteRegister, ws: Path) -> None:
    out = ws / "out"
    for i in range(3):
        reg.issue(request(f"{UNIT}/bao-cao/{i}"), renderer(out, f"{UNIT}/bao-cao/{i}"))
    doc = f"{UNIT}/bao-cao/killed"
    signal_file = ws / "inside"
    child = _spawn(
        ws, mode="die-in-produce", db=str(reg.path), out=str(out), doc_id=doc, unit=UNIT, signal=str(signal_file)
    )
    _wait_for(signal_file, child)
    assert signal_file.read_text() == "4", "the child was about to take number 4"
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert reg.lookup(doc) is None and numbers(reg.list()) == [1, 2, 3], "the dead transaction left no row"
    assert not document_path(out, doc).exists(), "and no document (a temporary file at most)"
    record, new = reg.issue(request(doc), renderer(out, doc))
    assert (record.number, new) == (4, True), "the number the dead process would have had: no gap"
    assert "Số: 04" in document_path(out, doc).read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_process_killed_after_the_commit_keeps_its_number_for_the_next_run(reg: SqliteRegister, ws: Path) -> None:
    out = ws / "out"
    reg.issue(request(f"{UNIT}/bao-cao/0"), renderer(out, f"{UNIT}/bao-cao/0"))
    doc = f"{UNIT}/bao-cao/committed"
    signal_file = ws / "committed"
    child = _spawn(
        ws, mode="die-in-finalize", db=str(reg.path), out=str(out), doc_id=doc, unit=UNIT, signal=str(signal_file)
    )
    _wait_for(signal_file, child)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)

    assert not document_path(out, doc).exists(), "killed before the rename"
    calls: list[int] = []
    record, new = reg.issue(request(doc), renderer(out, doc, calls))
    assert (record.number, new, calls) == (2, False, []), "the same number, idempotently"
    assert record.date == ISSUE_DATE and record.text == f"{doc}\nSố: 02"
    # The caller re-renders the document with the number it got back.
    renderer(out, doc)(record.number, record.date).finalize()
    assert "Số: 02" in document_path(out, doc).read_text(encoding="utf-8")
    assert reg.issue(request(f"{UNIT}/bao-cao/next"), renderer(out, "n"))[0].number == 3


def test_a_backup_taken_while_another_process_writes_is_consistent(reg: SqliteRegister, ws: Path) -> None:
    writer = _spawn(
        ws,
        mode="issue",
        db=str(reg.path),
        out=str(ws / "out"),
        ready=str(ws / "ready"),
        go=str(ws / "go"),
        start_at=0,
        units=[UNIT],
        tag="w",
        count=120,
        pause=0.002,
        open_first=True,
    )
    _wait_for(ws / "ready", writer)
    seen: list[int] = []
    while writer.poll() is None or len(seen) < 3:
        target = ws / f"backup-{len(seen) % 2}.sqlite"
        reg.backup(target)
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            got = [row[0] for row in conn.execute("SELECT number FROM entries ORDER BY number")]
        finally:
            conn.close()
        assert got == list(range(1, len(got) + 1)), "a snapshot: numbers 1..k, never half a transaction"
        seen.append(len(got))
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err.decode(errors="replace")
    assert seen == sorted(seen) and len(seen) >= 3
    reg.backup(ws / "final.sqlite")
    with SqliteRegister(ws / "final.sqlite") as restored:
        assert numbers(restored.list()) == list(range(1, 121))


# -- any sequence of operations keeps the register gap-free --------------------------------------

operations = st.lists(
    st.tuples(st.sampled_from(["issue", "void", "reissue", "record"]), st.integers(0, 1), st.integers(0, 5)),
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_any_sequence_of_operations_keeps_numbers_unique_and_gap_free(steps: list[tuple[str, int, int]]) -> None:
    units = [UNIT, "huyen-ky-anh"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / "out"
        with SqliteRegister(root / FILE_NAME) as register:
            for op, u, d in steps:
                unit, doc = units[u], f"{units[u]}/bao-cao/{d}"
                live = register.lookup(doc)
                if op == "issue":
                    record, new = register.issue(request(doc, unit=unit), renderer(out, doc))
                    assert new == (live is None) and (live is None or record == live)
                elif op == "void" and live is not None:
                    register.void(unit, 2023, "chung", live.number, "thử")
                elif op == "reissue" and live is not None:
                    register.reissue(request(doc, unit=unit), renderer(out, doc), "thử")
                elif op == "record":
                    register.record(
                        unit_id=unit,
                        number=register.next_number(unit, 2023),
                        symbol="CV-UBND",
                        date=ISSUE_DATE,
                        summary="ghi tay",
                    )
            for unit in units:
                records = register.list(unit_id=unit)
                assert numbers(records) == list(range(1, len(records) + 1))
                live_ids = [r.doc_id for r in records if r.status == "issued" and r.doc_id]
                assert len(live_ids) == len(set(live_ids)), "one live number per document"


# -- the clerk's commands ------------------------------------------------------------------------------


def test_cli_record_void_and_list_as_table_json_and_csv(register_cli: Run, ws: Path) -> None:
    w = ("-w", str(ws))
    result = register_cli(
        "register", "record", *w, "--unit", UNIT, "--number", "5", "--symbol", "CV-UBND",
        "--date", "2023-07-05", "--summary", "Về việc họp giao ban", "--signer", "Trần Thị B",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Đã vào sổ số 05/CV-UBND ngày 05/7/2023" in result.output and "Số tiếp theo của sổ này: 06" in result.output
    result = register_cli(
        "register", "record", *w, "--unit", UNIT, "--number", "5", "--symbol", "KH-UBND",
        "--date", "2023-07-06", "--summary", "Trùng số",
    )  # fmt: skip
    assert result.exit_code == 1 and "Lỗi: Số 05 của đơn vị huyen-huong-khe năm 2023" in result.output
    result = register_cli(
        "register", "record", *w, "--unit", UNIT, "--number", "6", "--symbol", "KH-UBND",
        "--date", "06/07/2023", "--summary", "Kế hoạch tháng 7",
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    result = register_cli("register", "void", "06/KH-UBND", *w, "--unit", UNIT, "--year", "2023", "--reason", "nhầm")
    assert result.exit_code == 0, result.output
    assert "Đã hủy số 06/KH-UBND" in result.output and "không được cấp lại" in result.output
    result = register_cli("register", "void", "06", *w, "--unit", UNIT, "--year", "2023", "--reason", "lần nữa")
    assert result.exit_code == 1 and "đã bị hủy từ trước" in result.output
    assert register_cli("register", "void", "06", *w, "--unit", UNIT).exit_code == 2, "--reason is required"

    table = register_cli("register", "list", *w)
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0] == f"Đơn vị {UNIT} — năm 2023 — sổ chung"
    header, rows = lines[1], [line for line in lines if line.startswith(("05/", "06/"))]
    dates = [re.search(r"\d{2}/\d{1,2}/2023", row) for row in rows]  # the short date: 05/7/2023
    assert [d.start() if d else -1 for d in dates] == [header.index("Ngày")] * 2, "columns are aligned"
    assert "Đã hủy: nhầm" in rows[1] and lines[-1] == "Tổng: 2 số (1 số đã hủy)."

    data = json.loads(register_cli("register", "list", *w, "--format", "json").output)
    assert [(d["number"], d["number_symbol"], d["date"], d["status"], d["doc_id"]) for d in data] == [
        (5, "05/CV-UBND", "2023-07-05", "issued", None),
        (6, "06/KH-UBND", "2023-07-06", "void", None),
    ]
    assert {"doc_id", "unit_id", "year", "series", "symbol", "kind", "summary"} <= set(data[0])

    target = ws / "so.csv"
    result = register_cli("register", "list", *w, "--format", "csv", "-o", str(target))
    assert result.exit_code == 0 and "Đã ghi 2 dòng" in result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel on Windows shows Vietnamese"
    rows_csv = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows_csv[0][:6] == ["Đơn vị", "Năm", "Sổ", "Số", "Ký hiệu", "Ngày"]
    assert rows_csv[1][3:6] == ["05", "CV-UBND", "05/7/2023"]
    assert register_cli("register", "list", *w, "--year", "2022").output == "Sổ chưa có số nào.\n"

    # The csv reads back into another workspace as the same register.
    other = ws.parent / "other"
    for name in ("data", ".cache"):
        shutil.copytree(ws / name, other / name)
    result = register_cli("register", "import", str(target), "-w", str(other))
    assert result.exit_code == 0 and "Đã nhập 2 số" in result.output, result.output
    copied = json.loads(register_cli("register", "list", "-w", str(other), "--format", "json").output)
    keep = ("unit_id", "year", "series", "number_symbol", "date", "summary", "signer", "status", "void_reason")
    assert [[d[k] for k in keep] for d in copied] == [[d[k] for k in keep] for d in data]


def test_cli_import_export_and_backup(register_cli: Run, ws: Path, tmp_path: Path) -> None:
    w = ("-w", str(ws))
    source = ws / "so-cu.csv"
    source.write_bytes(
        _excel_csv([["Số", "Ký hiệu", "Ngày", "Trích yếu"]] + [[str(n), "KH-UBND", "05/07/2023", "x"] for n in (1, 2)])
    )
    result = register_cli("register", "import", str(source), *w, "--unit", UNIT)
    assert result.exit_code == 0, result.output
    assert "Đã nhập 2 số" in result.output and "số tiếp theo là 03" in result.output
    result = register_cli("register", "import", str(source), *w, "--unit", UNIT)
    assert result.exit_code == 1 and "dòng 2: số: số 01/KH-UBND đã có trong sổ" in result.output

    if importlib.util.find_spec("openpyxl") is not None:
        result = register_cli("register", "export", str(ws / "so.xlsx"), *w)
        assert result.exit_code == 0 and "Đã xuất 2 dòng" in result.output
        assert (ws / "so.xlsx").stat().st_size > 0

    result = register_cli("register", "backup", str(tmp_path / "sao-luu.sqlite"), *w)
    assert result.exit_code == 0 and "Đã sao lưu sổ" in result.output
    assert _is_docgen_register(tmp_path / "sao-luu.sqlite")
    result = register_cli("register", "backup", str(ws / FILE_NAME), *w)
    assert result.exit_code == 1 and "chính sổ đang dùng" in result.output


def _is_docgen_register(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return int(conn.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID


def test_cli_help_is_vietnamese(register_cli: Run) -> None:
    result = register_cli("register", "--help")
    assert result.exit_code == 0
    for text in ("Sổ đăng ký văn bản đi", "Hủy số", "Nhập sổ cũ", "Sao lưu sổ"):
        assert text in result.output
