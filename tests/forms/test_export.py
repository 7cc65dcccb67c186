"""`docgen forms export` (issue 17, item 1): one Excel form per unit, opened with openpyxl and
checked as a reviewer at the provincial office would — sheets, what is locked, drop-downs,
number formats, what the data prefilled, the hidden sheet, print setup, identical bytes."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from docgen.data.model import Candidate, Dataset, Report

Run = Callable[..., Result]
DISTRICT = "huyen-huong-khe"
DEPARTMENT = "so-noi-vu"
COMMUNE = "phuong-tran-phu"
PERIOD_SHEETS = ["Báo cáo 2023-h1", "Báo cáo 2023"]
CANDIDATE_SHEETS = [
    "Đề nghị khen thưởng",
    "Thành tích",
    "Kết quả theo năm",
    "Xếp loại theo năm",
    "Sáng kiến",
    "Khen thưởng đã nhận",
]
RATINGS = "hoàn thành xuất sắc nhiệm vụ,hoàn thành tốt nhiệm vụ,hoàn thành nhiệm vụ,không hoàn thành nhiệm vụ"
PROVINCE_AWARDS = [
    "Chiến sĩ thi đua cấp tỉnh",
    "Cờ thi đua của Ủy ban nhân dân tỉnh",
    "Tập thể lao động xuất sắc",
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
]


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory, sample_root: Path) -> Path:
    """The forms of a district, a department and a commune, exported once by the command."""
    from docgen.cli.main import main

    out = tmp_path_factory.mktemp("forms") / "bieu-mau"
    argv = ["-w", str(sample_root), "forms", "export", "--out", str(out)]
    assert main([*argv, "--unit", DISTRICT, "--unit", DEPARTMENT, "--unit", COMMUNE]) == 0
    return out


def _book(forms: Path, unit: str) -> Any:
    return openpyxl.load_workbook(forms / f"{unit}.xlsx")


def _report(dataset: Dataset, unit: str, period: str) -> Report:
    return next(r for r in dataset.reports if r.unit == unit and r.period == period)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(v is not None for v in row)]


def test_a_district_form_has_instructions_a_sheet_per_period_the_candidates_and_a_hidden_sheet(forms: Path) -> None:
    book = _book(forms, DISTRICT)
    assert book.sheetnames == ["Hướng dẫn", *PERIOD_SHEETS, *CANDIDATE_SHEETS, "docgen"]
    assert [book[name].sheet_state for name in book.sheetnames] == ["visible"] * 9 + ["hidden"]
    assert book.active.title == "Hướng dẫn"
    text = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "Đơn vị: Ủy ban nhân dân huyện Hương Khê (mã huyen-huong-khe); đợt thi đua: thi-dua-2023." in text
    assert "(xuống dòng bằng Alt+Enter)" in text


def test_a_commune_form_has_no_candidates_sheet(forms: Path) -> None:
    book = _book(forms, COMMUNE)
    assert book.sheetnames == ["Hướng dẫn", *PERIOD_SHEETS, "docgen"]
    meta = {row[0]: row[1] for row in book["docgen"].iter_rows(min_row=2, max_col=2, values_only=True)}
    assert meta["candidates"] in ("", None)
    assert "4. Xã, phường, thị trấn không lập đề nghị khen thưởng trong biểu mẫu này." in [
        c.value for c in book["Hướng dẫn"]["A"]
    ]


def test_the_hidden_sheet_names_the_unit_the_campaign_and_the_form_version(forms: Path) -> None:
    sheet = _book(forms, DISTRICT)["docgen"]
    assert sheet.protection.sheet
    rows = [row[:3] for row in sheet.iter_rows(min_row=1, max_col=3, values_only=True) if row[0]]
    assert rows == [
        ("key", "value", "note"),
        ("form", "docgen-bieu-mau", None),
        ("form_version", 2, None),
        ("unit", DISTRICT, "Ủy ban nhân dân huyện Hương Khê"),
        ("campaign", "thi-dua-2023", None),
        ("period", "2023-h1", "Báo cáo 2023-h1"),
        ("period", "2023", "Báo cáo 2023"),
        ("candidates", "Đề nghị khen thưởng", None),
    ]


@pytest.mark.parametrize("unit", [DISTRICT, DEPARTMENT, COMMUNE])
@pytest.mark.parametrize("period", ["2023-h1", "2023"])
def test_each_period_sheet_holds_the_reports_figures_and_prose(
    forms: Path, dataset: Dataset, unit: str, period: str
) -> None:
    """Every period lists the same indicators, those of any of the unit's reports; a period's
    report that lacks one leaves its figures blank."""
    report = _report(dataset, unit, period)
    rows = _rows(_book(forms, unit)[f"Báo cáo {period}"])
    listed = list(dict.fromkeys(row.indicator for r in dataset.reports if r.unit == unit for row in r.indicators))
    given = {row.indicator: row for row in report.indicators}
    assert [r for r in rows if ":" not in r[0]] == [
        (
            key,
            dataset.indicators[key].name,
            dataset.indicators[key].measure,
            _number(given[key].target) if key in given else None,
            _number(given[key].result) if key in given else None,
            None,
        )
        for key in listed
    ]
    prose = {r[0]: r[5] for r in rows if ":" in r[0]}
    assert prose["van-ban:tong-quan"] == report.overview
    for movement, text in report.results.items():
        assert prose[f"van-ban:ket-qua:{movement}"] == text
    assert prose["van-ban:kho-khan"] == "\n".join(report.difficulties)
    assert prose["van-ban:nhiem-vu"] == "\n".join(report.next_tasks)
    assert prose["van-ban:kien-nghi"] == "\n".join(report.proposals)


def test_ids_and_titles_are_locked_figures_and_text_are_open_and_rows_may_be_inserted(forms: Path) -> None:
    sheet = _book(forms, DISTRICT)["Báo cáo 2023-h1"]
    assert sheet.protection.sheet and not sheet.protection.insertRows
    first, overview = 4, next(c.row for c in sheet["A"] if c.value == "van-ban:tong-quan")
    assert [sheet.cell(first, col).protection.locked for col in range(1, 7)] == [True, True, True, False, False, True]
    assert [sheet.cell(overview, col).protection.locked for col in range(1, 7)] == [True] * 5 + [False]
    assert all(sheet.cell(3, col).protection.locked for col in range(1, 7))
    # a row a clerk adds takes the column's style: figures and text open, id and title locked
    assert [sheet.column_dimensions[c].protection.locked for c in "ABCDEF"] == [True, True, True, False, False, False]
    candidates = _book(forms, DISTRICT)["Đề nghị khen thưởng"]
    assert candidates.cell(4, 1).protection.locked and not candidates.cell(4, 3).protection.locked
    assert candidates.protection.sheet and not candidates.protection.insertRows
    # a row without a locked cell (an achievement) may be deleted; Excel refuses it for an id's row
    assert not _book(forms, DISTRICT)["Thành tích"].protection.deleteRows


def test_figures_take_the_indicators_decimals_and_non_negative_numbers_on_whole_columns(
    forms: Path, dataset: Dataset
) -> None:
    sheet = _book(forms, DISTRICT)["Báo cáo 2023"]
    formats = {
        row[0].value: (row[3].number_format, row[4].number_format)
        for row in sheet.iter_rows(min_row=4)
        if row[0].value and ":" not in row[0].value
    }
    assert formats == {
        key: ("#,##0.0", "#,##0.0") if dataset.indicators[key].decimals == 1 else ("#,##0", "#,##0") for key in formats
    }
    assert {dataset.indicators[k].decimals for k in formats} == {0, 1}
    rules = {str(dv.sqref): (dv.type, dv.operator, dv.formula1) for dv in sheet.data_validations.dataValidation}
    assert rules == {
        "D4:D1048576": ("decimal", "greaterThanOrEqual", "0"),
        "E4:E1048576": ("decimal", "greaterThanOrEqual", "0"),
    }


def test_the_award_drop_down_lists_exactly_the_awards_the_unit_may_propose(forms: Path, dataset: Dataset) -> None:
    book = _book(forms, DEPARTMENT)
    sheet = book["Đề nghị khen thưởng"]
    rules = {str(dv.sqref): (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation}
    assert rules["D4:D1048576"] == ("list", "docgen!$F$2:$F$5")
    assert rules["B4:B1048576"] == ("list", '"cá nhân,tập thể"')
    assert rules["J4:J1048576"] == ("list", '"nam,nữ"')
    assert rules["K4:K1048576"][0] == "date" and rules["E4:E1048576"][0] == "whole"
    assert [c.value for c in book["docgen"]["F"][1:] if c.value] == PROVINCE_AWARDS
    # the review's columns (form version 2): bloc, discipline, members counted from 0
    blocs = [b.name for b in dataset.campaign.blocs]
    assert rules["W4:W1048576"] == ("list", f"docgen!$I$2:$I${len(blocs) + 1}")
    assert [c.value for c in book["docgen"]["I"][1:] if c.value] == blocs
    assert rules["Y4:Y1048576"] == ("list", '"có,không"')
    counts = {str(dv.sqref): (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation}
    assert counts["Z4:Z1048576"] == ("whole", "1")
    assert all(counts[f"{c}4:{c}1048576"] == ("whole", "0") for c in ("AA", "AB", "AC", "AD"))
    ratings = {str(dv.sqref): dv.formula1 for dv in book["Xếp loại theo năm"].data_validations.dataValidation}
    assert ratings["C4:C1048576"] == f'"{RATINGS}"'
    levels = {str(dv.sqref): dv.formula1 for dv in book["Sáng kiến"].data_validations.dataValidation}
    assert levels["D4:D1048576"] == '"cấp cơ sở,cấp tỉnh"'
    prior = {str(dv.sqref): dv.formula1 for dv in book["Khen thưởng đã nhận"].data_validations.dataValidation}
    catalogue = [a.name for a in dataset.awards.awards]
    assert prior["G4:G1048576"] == f"docgen!$L$2:$L${len(catalogue) + 1}"
    assert [c.value for c in book["docgen"]["L"][1:] if c.value] == catalogue
    achievements = book["Thành tích"]
    keyed = {str(dv.sqref): dv.formula1 for dv in achievements.data_validations.dataValidation}
    assert keyed == {"A4:A1048576": "'Đề nghị khen thưởng'!$A$4:$A$2000"}


def _candidate_values(c: Candidate, award: str) -> tuple[Any, ...]:
    birth = dt.datetime.combine(c.birth_date, dt.time()) if c.birth_date else None
    head = (c.head.name, c.head.title) if c.head else (None, None)
    m = c.members
    members = (
        (m.total, m.lao_dong_tien_tien, m.chien_si_thi_dua_co_so, m.completed_tasks, m.disciplined)
        if m
        else (None,) * 5
    )
    return (
        c.id,
        "cá nhân" if c.type == "individual" else "tập thể",
        c.name,
        award,
        c.rank,
        c.workplace,
        c.summary,
        c.emulation,
        c.position,
        c.gender,
        birth,
        c.ethnicity,
        c.religion,
        c.hometown,
        c.residence,
        c.political_qualification,
        c.professional_qualification,
        c.duties,
        c.profile,
        c.organisation,
        *head,
        c.bloc,  # none of the sample candidates is in another bloc than its unit's
        c.bloc_rank,
        "có" if c.pending_discipline else "không",
        *members,
    )


@pytest.mark.parametrize("unit", [DISTRICT, DEPARTMENT])
def test_candidates_and_their_keyed_sheets_hold_the_data_and_new_rows_have_their_ids(
    forms: Path, dataset: Dataset, unit: str
) -> None:
    book = _book(forms, unit)
    names = {a.id: a.name for a in dataset.awards.awards}
    mine = sorted((c for c in dataset.candidates if c.unit == unit), key=lambda c: c.rank)
    rows = [r for r in book["Đề nghị khen thưởng"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert rows[: len(mine)] == [_candidate_values(c, names[c.award]) for c in mine]
    spare = [r[0] for r in rows[len(mine) :]]
    last = max(int(c.id.rsplit("-", 1)[1]) for c in dataset.candidates if re.fullmatch(rf"{unit}-\d+", c.id))
    assert spare == [f"{unit}-{n}" for n in range(last + 1, last + 21)]
    assert all(all(v is None for v in r[1:]) for r in rows[len(mine) :])
    assert _rows(book["Thành tích"]) == [(c.id, text) for c in mine for text in c.achievements]
    assert _rows(book["Kết quả theo năm"]) == [
        (c.id, r.year, r.indicator, _number(r.target), _number(r.result)) for c in mine for r in c.results
    ]
    ratings = {"hoan-thanh-xuat-sac": "hoàn thành xuất sắc nhiệm vụ", "hoan-thanh-tot": "hoàn thành tốt nhiệm vụ"}
    assert _rows(book["Xếp loại theo năm"]) == [(c.id, r.year, ratings[r.rating]) for c in mine for r in c.ratings]
    levels = {"co-so": "cấp cơ sở", "tinh": "cấp tỉnh", None: None}
    day = lambda d: dt.datetime.combine(d, dt.time()) if d else None  # noqa: E731
    assert _rows(book["Sáng kiến"]) == [
        (c.id, i.name, i.recognition, levels[i.level], i.decision, day(i.date), i.issuer)
        for c in mine
        for i in c.initiatives
    ]
    assert _rows(book["Khen thưởng đã nhận"]) == [
        (c.id, p.year, p.title, p.decision, day(p.date), p.issuer, names.get(p.award or ""))
        for c in mine
        for p in c.prior_awards
    ]
    assert book["Đề nghị khen thưởng"].cell(4, 11).number_format == "DD/MM/YYYY"


def test_every_sheet_prints_on_a4_landscape_with_frozen_headers_and_readable_widths(forms: Path) -> None:
    book = _book(forms, DISTRICT)
    for name in book.sheetnames[:-1]:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape", name
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4, name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0, name
        # the candidates' 30 columns take 5 pages across, each repeating the id, type and name
        wide = name == "Đề nghị khen thưởng"
        assert sheet.page_setup.fitToWidth == (5 if wide else 1), name
        assert sheet.print_title_cols == ("$A:$C" if wide else None), name
    for name in book.sheetnames[1:-1]:
        assert book[name].print_title_rows == "$3:$3", name
    # the titles' row is as high as its longest title wrapped in its column (LibreOffice printed
    # «Đang bị xem xét kỷ luật, điều tra» cut to its first line before)
    assert book["Đề nghị khen thưởng"].row_dimensions[3].height >= 15 * 3
    assert book["Thành tích"].row_dimensions[3].height == 15
    assert book["Báo cáo 2023-h1"].freeze_panes == "C4"
    assert book["Đề nghị khen thưởng"].freeze_panes == "D4"
    assert book["Thành tích"].freeze_panes == "B4"
    widths = book["Báo cáo 2023-h1"].column_dimensions
    assert [widths[c].width for c in "ABCDEF"] == [30, 48, 12, 14, 14, 80]
    # rows grow with their wrapped text (neither Excel nor LibreOffice does it for openpyxl's rows)
    sheet = book["Báo cáo 2023-h1"]
    overview = next(c.row for c in sheet["A"] if c.value == "van-ban:tong-quan")
    assert sheet.row_dimensions[overview].height == 15 * 5  # 368 characters, 88 a line (width 80)
    assert sheet.cell(overview, 6).alignment.wrap_text and sheet.cell(4, 2).alignment.wrap_text


def test_a_second_export_writes_the_same_bytes_dated_from_the_data(run: Run, sample_root: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run("-w", str(sample_root), "forms", "export", "--unit", DISTRICT, "--out", str(out))
        assert result.exit_code == 0, result.output
    data = (first / f"{DISTRICT}.xlsx").read_bytes()
    assert data == (second / f"{DISTRICT}.xlsx").read_bytes()
    with zipfile.ZipFile(first / f"{DISTRICT}.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = openpyxl.load_workbook(first / f"{DISTRICT}.xlsx").properties
    assert props.created == props.modified == dt.datetime(2023, 7, 10)  # the directive's date
    again = run("-w", str(sample_root), "forms", "export", "--unit", DISTRICT, "--out", str(first))
    assert again.exit_code == 0
    assert f"1 biểu mẫu: 0 đã tạo, 1 không đổi, 0 giữ nguyên. Thư mục: {first}" in again.output


def test_all_forms_with_communes_and_the_json_list_of_files(run: Run, sample_root: Path, tmp_path: Path) -> None:
    result = run("-w", str(sample_root), "forms", "export", "--all", "--communes", "--out", str(tmp_path), "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["ok"] and report["written"] == 252 and len(report["files"]) == 252
    assert report["files"][0]["path"] == str(tmp_path / f"{report['files'][0]['unit']}.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{f['unit']}.xlsx" for f in report["files"])


def test_a_form_the_unit_filled_in_is_kept_unless_forced_and_then_set_aside(
    run: Run, sample_root: Path, tmp_path: Path
) -> None:
    args = ("-w", str(sample_root), "forms", "export", "--unit", DISTRICT, "--out", str(tmp_path))
    assert run(*args).exit_code == 0
    path = tmp_path / f"{DISTRICT}.xlsx"
    book = openpyxl.load_workbook(path)
    book["Báo cáo 2023"]["E4"] = 1234
    book.save(path)  # a clerk filled it in and saved it
    filled = path.read_bytes()
    kept = run(*args)
    assert kept.exit_code == 1
    assert f"Giữ nguyên tệp đã bị sửa: {path} — dùng --force để tạo lại" in kept.output
    assert "Lỗi: Giữ nguyên 1 tệp đã bị sửa (có thể là biểu mẫu đơn vị đã điền); các biểu mẫu khác đã xong." in (
        kept.output
    )
    assert path.read_bytes() == filled
    forced = run(*args, "--force")
    assert forced.exit_code == 0
    copy = tmp_path / f"{DISTRICT}.ban-sua-1.xlsx"
    assert f"Đã tạo lại {path}; tệp đã bị sửa được cất ở {copy}." in forced.output
    assert copy.read_bytes() == filled
    assert openpyxl.load_workbook(path)["Báo cáo 2023"]["E4"].value != 1234


def test_a_form_of_older_data_docgen_wrote_is_simply_made_again(run: Run, workspace: Path, tmp_path: Path) -> None:
    args = ("-w", str(workspace), "forms", "export", "--unit", DISTRICT, "--out", str(tmp_path))
    assert run(*args).exit_code == 0
    reports = workspace / "data" / "reports.yaml"
    text = reports.read_text(encoding="utf-8")
    edited = text.replace("overview: 6 tháng đầu năm 2023, UBND huyện Hương Khê", "overview: Sửa.", 1)
    assert edited != text
    reports.write_text(edited, "utf-8")
    result = run(*args)
    assert result.exit_code == 0 and "1 biểu mẫu: 1 đã tạo, 0 không đổi, 0 giữ nguyên." in result.output
    assert not list(tmp_path.glob("*.ban-sua-*"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Chọn --all, --unit MÃ_ĐƠN_VỊ hoặc --communes."),
        (("--all", "--unit", DISTRICT), "--all (mọi đơn vị) và --unit không dùng cùng nhau."),
        (("--unit", "tinh-ha-tinh"), "Ủy ban nhân dân tỉnh Hà Tĩnh (tinh-ha-tinh) không lập báo cáo trong docgen"),
    ],
)
def test_a_selection_that_names_no_form_is_a_usage_error(
    run: Run, sample_root: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("-w", str(sample_root), "forms", "export", "--out", str(tmp_path), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_an_unknown_unit_is_told_with_the_closest_id(run: Run, sample_root: Path, tmp_path: Path) -> None:
    result = run("-w", str(sample_root), "forms", "export", "--unit", "huyen-huong-kh", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert 'Không có đơn vị "huyen-huong-kh"' in result.output and "huyen-huong-khe" in result.output


def test_communes_alone_gives_the_216_commune_forms(run: Run, sample_root: Path, tmp_path: Path) -> None:
    result = run("-w", str(sample_root), "forms", "export", "--communes", "--out", str(tmp_path), "--json")
    assert result.exit_code == 0
    files = json.loads(result.output)["files"]
    assert len(files) == 216 and {f["status"] for f in files} == {"written"}
    assert f"{COMMUNE}.xlsx" in {Path(f["path"]).name for f in files}


def test_a_link_planted_in_the_folder_is_never_written_through(run: Run, sample_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.xlsx"
    outside.write_bytes(b"not ours")
    out = tmp_path / "out"
    out.mkdir()
    link = out / f"{DISTRICT}.xlsx"
    try:
        link.symlink_to(outside)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    result = run("-w", str(sample_root), "forms", "export", "--unit", DISTRICT, "--out", str(out))
    assert result.exit_code == 1
    assert f"{link} là liên kết (symlink) tới {outside}; docgen không đọc, ghi hay xóa gì qua liên kết" in result.output
    assert outside.read_bytes() == b"not ours" and link.is_symlink()


def test_a_kept_form_is_listed_in_the_json_error(run: Run, sample_root: Path, tmp_path: Path) -> None:
    args = ("-w", str(sample_root), "forms", "export", "--unit", DISTRICT, "--unit", COMMUNE, "--out", str(tmp_path))
    assert run(*args).exit_code == 0
    path = tmp_path / f"{COMMUNE}.xlsx"
    openpyxl.load_workbook(path).save(path)
    result = run(*args, "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["error"]["exit_code"] == 1
    assert [(f["unit"], f["status"]) for f in report["files"]] == [(DISTRICT, "unchanged"), (COMMUNE, "kept")]
    assert (report["written"], report["unchanged"], report["kept"]) == (0, 1, 1)
