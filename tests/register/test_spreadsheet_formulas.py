"""A register entry whose text looks like a formula (issue 13 item 7): `register export` writes it
as text, never as a live formula; the CSV listing guards it with a leading "'" (OWASP CSV
injection) and `register import` removes that "'" again, so export → import is lossless."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl  # type: ignore[import-untyped, unused-ignore]
import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docgen.cli.register import records_csv
from docgen.register.exporting import csv_cell, csv_text
from docgen.register.importing import read_table
from docgen.register.records import Record

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
SUMMARY = '=HYPERLINK("http://x","bấm")'
SIGNER = "@SUM(1+1)"


@pytest.fixture
def ws(sample_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for name in ("data", ".cache"):
        shutil.copytree(sample_root / name, root / name)
    return root


def _record(run: Run, ws: Path) -> None:
    result = run(
        "register", "record", "-w", str(ws), "--unit", UNIT, "--number", "5", "--symbol", "CV-UBND",
        "--date", "2023-07-05", "--summary", SUMMARY, "--signer", SIGNER,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_xlsx_export_writes_formula_like_text_as_text(run: Run, ws: Path) -> None:
    _record(run, ws)
    target = ws / "so.xlsx"
    result = run("register", "export", str(target), "-w", str(ws))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    summary, signer = sheet["C2"], sheet["D2"]
    assert (summary.value, summary.data_type) == (SUMMARY, "s")
    assert (signer.value, signer.data_type) == (SIGNER, "s")
    with zipfile.ZipFile(target) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml, "no cell is a formula that Excel or LibreOffice would run"
    for ref in ("C2", "D2"):
        assert re.search(rf'<c r="{ref}"[^>]* t="inlineStr"', xml), f"{ref} is stored as text"


def test_csv_listing_guards_formula_like_text_and_import_gives_it_back(run: Run, ws: Path, tmp_path: Path) -> None:
    _record(run, ws)
    target = tmp_path / "so.csv"
    result = run("register", "list", "-w", str(ws), "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Trích yếu"] == "'" + SUMMARY
    assert row["Người ký"] == "'" + SIGNER
    assert (row["Năm"], row["Số"]) == ("2023", "05"), "numbers stay as they were"

    other = tmp_path / "other"
    for name in ("data", ".cache"):
        shutil.copytree(ws / name, other / name)
    result = run("register", "import", str(target), "-w", str(other))
    assert result.exit_code == 0, result.output
    listed = json.loads(run("register", "list", "-w", str(other), "--format", "json").output)
    assert [(d["summary"], d["signer"]) for d in listed] == [(SUMMARY, SIGNER)]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-5", "'-5"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=1+1", "''=1+1"),  # already starts with "'": one more, so import gives it back whole
        ("'ghi chú", "'ghi chú"),  # "'" before harmless text: unchanged both ways
        ("Về việc = nhau", "Về việc = nhau"),
        ("", ""),
    ],
)
def test_the_csv_guard_rule(text: str, cell: str) -> None:
    assert csv_cell(text) == cell
    assert csv_text(cell) == text


@given(st.text())
def test_the_csv_guard_is_lossless_and_never_leaves_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert csv_text(cell) == text
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def _record_with(summary: str, signer: str, number: int = 5) -> Record:
    return Record(
        doc_id=None, unit_id=UNIT, year=2023, series="chung", number=number, symbol="CV-UBND",
        date=dt.date(2023, 7, 5), kind="", summary=summary, signer=signer, recipients="",
        status="issued", void_reason=None, source="manual", sha256=None, text=None,
    )  # fmt: skip


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TEXT, _TEXT)
@example("SỐ KÝ HIỆU", "SỐ KÝ HIỆU")  # an entry whose texts are column titles is data, not a second header row
@example("", "Người ký")
def test_any_text_reads_back_from_the_csv_listing(tmp_path: Path, summary: str, signer: str) -> None:
    # What `register import` then keeps of a cell (NFC, no surrounding spaces) is its own rule,
    # the same for any text; the guard itself loses nothing.
    path = tmp_path / "so.csv"
    path.write_bytes(("\ufeff" + records_csv([_record_with(summary, signer)])).encode("utf-8"))
    _, rows = read_table(path)
    assert (rows[0]["Trích yếu"], rows[0]["Người ký"]) == (summary, signer)


def test_guarded_text_imports_like_any_text(run: Run, ws: Path, tmp_path: Path) -> None:
    texts = ["'=already quoted", "-Về việc", "+", "Lê Văn ='A'"]
    records = [_record_with(t, "x", number=n) for n, t in enumerate(texts, start=1)]
    target = tmp_path / "so.csv"
    target.write_bytes(("\ufeff" + records_csv(records)).encode("utf-8"))
    result = run("register", "import", str(target), "-w", str(ws))
    assert result.exit_code == 0, result.output
    listed = json.loads(run("register", "list", "-w", str(ws), "--format", "json").output)
    assert [d["summary"] for d in listed] == [unicodedata.normalize("NFC", t) for t in texts]
