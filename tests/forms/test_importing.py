"""Reading a filled form back (issue 17, item 2, the reading half): a form exported by docgen,
filled with openpyxl as a clerk (and Excel) would, read into entries shaped like reports.yaml's
and candidates.yaml's, or refused with every problem at its cell."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.data.model import Candidate, Dataset, Report
from docgen.errors import DataError, FormRefused
from docgen.forms.importing import ImportedForm, read_form
from docgen.forms.layout import form_of
from docgen.forms.workbook import workbook_bytes

DISTRICT = "huyen-huong-khe"
DEPARTMENT = "so-noi-vu"
COMMUNE = "phuong-tran-phu"
H1 = "Báo cáo 2023-h1"
YEAR = "Báo cáo 2023"
CANDIDATES = "Đề nghị khen thưởng"
MONEY = "thu-ngan-sach-nha-nuoc-tren-dia-ban"  # amount, 1 decimal
COUNT = "xa-hoan-thanh-cac-tieu-chi-nong-thon-moi-trong-so-4-xa-chua"  # count


def _export(dataset: Dataset, unit: str, folder: Path) -> Path:
    path = folder / f"{unit}.xlsx"
    path.write_bytes(workbook_bytes(form_of(dataset, dataset.units[unit])))
    return path


def _fill(path: Path, edit: Callable[[Any], None]) -> Path:
    """Open the form as a clerk does, change it, save it (openpyxl keeps the sheets' protection)."""
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _row(ws: Any, key: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)


def _problems(path: Path, dataset: Dataset) -> list[str]:
    with pytest.raises(FormRefused) as caught:
        read_form(path, dataset)
    assert isinstance(caught.value, DataError)
    return [str(p) for p in caught.value.problems]


def _reports(dataset: Dataset, unit: str) -> list[Report]:
    return [r.model_copy(update={"sample": False}) for r in dataset.reports if r.unit == unit]


def _candidates(dataset: Dataset, unit: str) -> list[Candidate]:
    return [c.model_copy(update={"sample": False}) for c in dataset.candidates if c.unit == unit]


# ------------------------------------------------------------------------------------------
# The round trip
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", [DISTRICT, DEPARTMENT, COMMUNE, "thanh-pho-ha-tinh", "so-tai-chinh"])
def test_an_unchanged_form_reads_back_to_the_units_data(dataset: Dataset, tmp_path: Path, unit: str) -> None:
    form = read_form(_export(dataset, unit, tmp_path), dataset)
    assert (form.unit_id, form.hidden_rows) == (unit, 0)
    assert [Report.model_validate(r) for r in form.reports] == _reports(dataset, unit)
    assert [Candidate.model_validate(c) for c in form.candidates] == _candidates(dataset, unit)


def test_entries_are_shaped_like_the_yaml_files(dataset: Dataset, tmp_path: Path) -> None:
    form = read_form(_export(dataset, DISTRICT, tmp_path), dataset)
    report = form.reports[0]
    assert list(report) == [
        "unit",
        "period",
        "overview",
        "results",
        "indicators",
        "difficulties",
        "next_tasks",
        "proposals",
        "sample",
    ]
    assert report["indicators"][:2] == [  # type: ignore[index]
        {"indicator": MONEY, "target": 102.5, "result": 107.2},
        {"indicator": COUNT, "target": 4, "result": 1},
    ]
    assert type(report["indicators"][1]["target"]) is int  # type: ignore[index]
    individual = next(c for c in form.candidates if c["type"] == "individual")
    assert list(individual)[:8] == ["id", "unit", "type", "name", "award", "rank", "workplace", "summary"]
    assert isinstance(individual["birth_date"], dt.date) and individual["sample"] is False
    collective = next(c for c in form.candidates if c["type"] == "collective")
    assert list(collective["head"]) == ["name", "title"]  # type: ignore[arg-type]


def test_a_form_resaved_by_libreoffice_calc_reads_back_the_same(dataset: Dataset, tmp_path: Path) -> None:
    from docgen.errors import PdfError
    from docgen.pdf.soffice import find_soffice

    try:
        soffice = find_soffice()
    except PdfError:
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    (tmp_path / "sent").mkdir()
    path = _export(dataset, DISTRICT, tmp_path / "sent")
    subprocess.run(
        [
            str(soffice),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "back"),
            str(path),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    again = tmp_path / "back" / path.name
    assert again.read_bytes() != path.read_bytes()
    form = read_form(again, dataset)
    assert [Report.model_validate(r) for r in form.reports] == _reports(dataset, DISTRICT)
    assert [Candidate.model_validate(c) for c in form.candidates] == _candidates(dataset, DISTRICT)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False, allow_infinity=False),
    result=st.integers(min_value=0, max_value=10**12),
    as_text=st.booleans(),
)
def test_figures_typed_read_back_as_typed(
    dataset: Dataset, tmp_path: Path, target: Decimal, result: int, as_text: bool
) -> None:
    path = tmp_path / "f.xlsx"
    if not path.exists():
        _export(dataset, DISTRICT, tmp_path)
        shutil.copyfile(tmp_path / f"{DISTRICT}.xlsx", path)

    def edit(wb: Any) -> None:
        ws = wb[YEAR]
        r = _row(ws, MONEY)
        # Vietnamese Excel shows 1.525,5; a clerk may paste it as text the same way.
        written = f"{target:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        ws.cell(r, 4).value = written if as_text else float(target)
        ws.cell(r, 5).value = str(result) if as_text else result

    form = read_form(_fill(path, edit), dataset)
    year = next(r for r in form.reports if r["period"] == "2023")
    figure = next(f for f in year["indicators"] if f["indicator"] == MONEY)  # type: ignore[attr-defined]
    assert Decimal(str(figure["target"])) == target
    assert figure["result"] == result and type(figure["result"]) is int


# ------------------------------------------------------------------------------------------
# What a clerk types
# ------------------------------------------------------------------------------------------


def test_figures_and_prose_typed_as_excel_keeps_them(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb[YEAR]
        money, count = _row(ws, MONEY), _row(ws, COUNT)
        ws.cell(money, 4).value = "1.525"  # thousands, the Vietnamese way
        ws.cell(money, 5).value = "1.610,5"
        ws.cell(count, 4).value = 4.0  # Excel's float of a whole number
        ws.cell(count, 5).value = " 3 "  # a number stored as text
        ws.cell(_row(ws, "van-ban:tong-quan"), 6).value = "  Tổng quan mới,\r\nhai dòng.  "
        ws.cell(_row(ws, "van-ban:kho-khan"), 6).value = "Ý thứ nhất.\r\n\r\n  Ý thứ hai.  \n"

    form = read_form(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    year = next(r for r in form.reports if r["period"] == "2023")
    figures = {f["indicator"]: (f["target"], f["result"]) for f in year["indicators"]}  # type: ignore[attr-defined]
    assert figures[MONEY] == (1525, 1610.5)
    assert figures[COUNT] == (4, 3)
    assert year["overview"] == "Tổng quan mới,\nhai dòng."
    assert year["difficulties"] == ["Ý thứ nhất.", "Ý thứ hai."]


def test_a_period_with_nothing_filled_gives_no_report(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb[H1]
        for r in range(4, ws.max_row + 1):
            for c in (4, 5, 6):
                ws.cell(r, c).value = None

    form = read_form(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    assert [r["period"] for r in form.reports] == ["2023"]


def test_hidden_rows_are_read_and_counted(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb[YEAR].row_dimensions[_row(wb[YEAR], COUNT)].hidden = True
        wb["Thành tích"].row_dimensions[5].hidden = True

    form = read_form(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    assert form.hidden_rows == 2
    assert [Report.model_validate(r) for r in form.reports] == _reports(dataset, DISTRICT)


def test_a_new_candidate_in_a_prepared_row_and_one_in_an_inserted_row(dataset: Dataset, tmp_path: Path) -> None:
    person = [
        "cá nhân",
        "Nguyễn Thị Hoa",
        "Chiến sĩ thi đua cấp tỉnh",
        4,
        "Phòng Nội vụ huyện Hương Khê",
        "Hoàn thành xuất sắc nhiệm vụ 2021-2023.",
        None,
        "Chuyên viên",
        "Nữ",
        "15/01/1977",  # typed as text, day first
        "Kinh",
        "Không",
        "Hương Khê, Hà Tĩnh",
        "Hương Khê, Hà Tĩnh",
        "Trung cấp",
        "Cử nhân Luật",
        "Tham mưu công tác thi đua.",
    ]

    def edit(wb: Any) -> None:
        ws = wb[CANDIDATES]
        for c, value in enumerate(person, start=2):
            ws.cell(7, c).value = value  # huyen-huong-khe-4, the first prepared row
        ws.insert_rows(30)  # a row inserted below the prepared ones: no id
        for c, value in enumerate(person, start=2):
            ws.cell(30, c).value = value
        ws.cell(30, 3).value = "Trần Văn Nam"
        ws.cell(30, 10).value = "nam"
        ws.cell(30, 11).value = 28126  # 01/01/1977 as Excel's serial number
        ach = wb["Thành tích"]
        ach.append(["huyen-huong-khe-4", "Chiến sĩ thi đua cơ sở ba năm liền."])
        ach.append(["huyen-huong-khe-24", "Hoàn thành tốt nhiệm vụ."])

    form = read_form(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    new = {c["id"]: c for c in form.candidates[3:]}
    assert list(new) == ["huyen-huong-khe-4", "huyen-huong-khe-24"]
    hoa = new["huyen-huong-khe-4"]
    assert (hoa["type"], hoa["award"], hoa["gender"], hoa["birth_date"]) == (
        "individual",
        "chien-si-thi-dua-cap-tinh",
        "nữ",
        dt.date(1977, 1, 15),
    )
    assert hoa["achievements"] == ["Chiến sĩ thi đua cơ sở ba năm liền."]
    assert new["huyen-huong-khe-24"]["birth_date"] == dt.date(1977, 1, 1)
    assert [c["id"] for c in form.candidates[:3]] == ["huyen-huong-khe-1", "huyen-huong-khe-2", "huyen-huong-khe-3"]


def test_a_commune_form_has_no_candidates(dataset: Dataset, tmp_path: Path) -> None:
    form = read_form(_export(dataset, COMMUNE, tmp_path), dataset)
    assert isinstance(form, ImportedForm) and form.candidates == []


# ------------------------------------------------------------------------------------------
# Refused, with every problem at its cell
# ------------------------------------------------------------------------------------------


def test_every_problem_of_a_form_is_told_at_its_cell(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb[YEAR]
        money, count = _row(ws, MONEY), _row(ws, COUNT)
        ws.cell(count, 5).value = 2.5  # a count with a fraction
        ws.cell(money, 4).value = -3  # negative
        ws.cell(money, 5).value = None  # a plan without a result
        ws.cell(_row(ws, "van-ban:tong-quan"), 6).value = None
        cand = wb[CANDIDATES]
        cand.cell(6, 10).value = None  # the individual's gender
        cand.cell(4, 4).value = "Chiến sĩ thi đua cấp tỉnh"  # for a collective
        wb["Sáng kiến"].append(["huyen-huong-khe-99", "Sáng kiến", "Cấp tỉnh"])

    found = _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    f = "tệp huyen-huong-khe.xlsx"
    assert found == [
        f"{f}, trang «Báo cáo 2023», ô D4, cột «Kế hoạch»: số âm (-3) không dùng được ở đây — nhập số từ 0 trở lên",
        f"{f}, trang «Báo cáo 2023», ô E4, cột «Thực hiện»: chỉ tiêu «Thu ngân sách nhà nước trên địa bàn» có kế "
        "hoạch nhưng ô này để trống — nhập cả kế hoạch và thực hiện (0 nếu không có), hoặc xóa cả hai ô nếu kỳ này "
        "không theo dõi",
        f"{f}, trang «Báo cáo 2023», ô E5, cột «Thực hiện»: 2.5: phải là số nguyên — làm tròn số rồi nhập lại",
        f"{f}, trang «Báo cáo 2023», ô F9, cột «Văn bản (mỗi ý một dòng: Alt+Enter)»: ô đang để trống — điền ô "
        "này (bắt buộc)",
        f"{f}, trang «Đề nghị khen thưởng», ô D4, cột «Hình thức đề nghị»: «Chiến sĩ thi đua cấp tỉnh» không dành "
        "cho tập thể — chọn hình thức khen thưởng dành cho tập thể",
        f"{f}, trang «Đề nghị khen thưởng», ô J6, cột «Giới tính»: ô đang để trống — điền ô này (bắt buộc với loại "
        "tập thể, cá nhân đã chọn)",
        f"{f}, trang «Sáng kiến», ô A5, cột «Mã đề nghị»: mã đề nghị «huyen-huong-khe-99» không có ở trang «Đề nghị "
        'khen thưởng» (hoặc dòng đó để trống) — có phải "huyen-huong-khe-3"?',
    ]


def test_an_award_name_not_in_the_list(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb[CANDIDATES].cell(6, 4).value = "Chiến sỹ thi đua cấp tỉnh"

    assert _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset) == [
        "tệp huyen-huong-khe.xlsx, trang «Đề nghị khen thưởng», ô D6, cột «Hình thức đề nghị»: «Chiến sỹ thi đua "
        'cấp tỉnh» không có trong danh sách — có phải "Chiến sĩ thi đua cấp tỉnh"?'
    ]


def test_tcvn3_text_is_refused_with_the_converted_text(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb[YEAR]
        ws.cell(_row(ws, "van-ban:tong-quan"), 6).value = "Huy\u00d6n H\u00ad\u00acng Kh\u00aa"

    (problem,) = _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    assert problem.startswith(
        "tệp huyen-huong-khe.xlsx, trang «Báo cáo 2023», ô F9, cột «Văn bản (mỗi ý một dòng: Alt+Enter)»: có chữ gõ "
        "bằng mã cũ TCVN3 (phông .VnTime): "
    )
    assert "giá trị đúng là «Huyện Hương Khê»" in problem


def test_a_merge_across_candidate_rows_is_refused(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb[CANDIDATES].merge_cells("F4:F5")  # one workplace typed for two rows

    assert _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)[0] == (
        "tệp huyen-huong-khe.xlsx, trang «Đề nghị khen thưởng», ô F4, cột «Đơn vị công tác»: vùng ô F4:F5 đã gộp "
        "qua nhiều dòng; mỗi dòng phải có giá trị riêng — chọn vùng F4:F5, bấm Trang đầu › Gộp và Căn giữa › Bỏ "
        "gộp ô, rồi nhập giá trị cho từng dòng"
    )


def test_a_formula_never_computed_is_refused(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb[YEAR]
        r = _row(ws, MONEY)
        ws.cell(r, 5).value = f"=D{r}*1.05"

    found = _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    assert found == [
        "tệp huyen-huong-khe.xlsx, trang «Báo cáo 2023», ô E4, cột «Thực hiện»: ô có công thức nhưng chưa có giá "
        "trị đã tính (tệp do một chương trình khác tạo, chưa được Excel tính lại) — mở tệp bằng Excel, lưu lại "
        "(Ctrl+S) rồi nhập lại; hoặc nhập thẳng giá trị thay cho công thức"
    ]


def test_a_workbook_without_the_hidden_sheet_is_not_a_docgen_form(dataset: Dataset, tmp_path: Path) -> None:
    path = _fill(_export(dataset, DISTRICT, tmp_path), lambda wb: wb.remove(wb["docgen"]))
    assert _problems(path, dataset) == [
        "tệp huyen-huong-khe.xlsx: tệp không phải biểu mẫu docgen (không có trang ẩn «docgen») — nhập biểu mẫu do "
        "`docgen forms export` tạo ra, đã điền; không chép số liệu sang tệp khác"
    ]


def test_a_form_of_another_version_is_refused(dataset: Dataset, tmp_path: Path) -> None:
    path = _fill(_export(dataset, DISTRICT, tmp_path), lambda wb: wb["docgen"].cell(3, 2, 3))
    assert _problems(path, dataset) == [
        "tệp huyen-huong-khe.xlsx: biểu mẫu phiên bản 3, docgen này đọc biểu mẫu phiên bản 1, 2 — xuất biểu mẫu mới "
        "(docgen forms export), chép số liệu sang rồi gửi lại"
    ]


def test_a_form_of_an_unknown_unit_and_another_campaign_is_refused(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb["docgen"].cell(4, 2, "huyen-huong-khe2")
        wb["docgen"].cell(5, 2, "thi-dua-2022")

    assert _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset) == [
        "tệp huyen-huong-khe.xlsx: biểu mẫu của đơn vị «huyen-huong-khe2», đơn vị này không có trong danh sách đơn "
        'vị (units.yaml, communes.yaml) — có phải "huyen-huong-khe"?',
        "tệp huyen-huong-khe.xlsx: biểu mẫu của đợt thi đua «thi-dua-2022», không phải đợt «thi-dua-2023» đang "
        "nhập — nhập đúng biểu mẫu của đợt này; biểu mẫu của đợt khác không nhập được",
    ]


def test_an_xls_is_refused_as_a_form(dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "huyen-huong-khe.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    assert _problems(path, dataset) == [
        "tệp huyen-huong-khe.xls: là tệp Excel 97-2003 (.xls), docgen chỉ đọc được tệp .xlsx — mở tệp bằng Excel, "
        "chọn Tệp › Lưu thành… › kiểu «Sổ làm việc Excel (.xlsx)», rồi gửi tệp .xlsx đó"
    ]


def test_an_inserted_row_without_an_achievement_is_told_how_to_tie_one(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb[CANDIDATES]
        ws.insert_rows(30)  # inserted by the clerk: no id, so no achievement can name it
        row = ["cá nhân", "Trần Văn Nam", "Chiến sĩ thi đua cấp tỉnh", 4, "Phòng Nội vụ huyện Hương Khê",
               "Hoàn thành xuất sắc nhiệm vụ.", None, "Chuyên viên", "nam", "01/01/1977", "Kinh", "Không",
               "Hương Khê", "Hương Khê, Hà Tĩnh", "Trung cấp", "Cử nhân Luật", "Tham mưu thi đua."]  # fmt: skip
        for c, value in enumerate(row, start=2):
            ws.cell(30, c).value = value

    problems = _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    assert problems == [
        f"tệp {DISTRICT}.xlsx, trang «{CANDIDATES}», ô A30, cột «Mã»: chưa có thành tích nào — dòng chèn thêm chưa "
        "có mã nên chưa gắn được thành tích: chép nội dung dòng này sang một dòng trống đã có mã ở cuối trang "
        f"«{CANDIDATES}», rồi thêm thành tích với mã đó"
    ]
