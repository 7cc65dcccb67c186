"""The Excel form carries what the eligibility review reads (issue 19, "extend the model and the
Excel form"; form version 2): a collective's members, its bloc and rank, a pending discipline,
yearly task ratings, initiatives' level and decision, prior awards by the catalogue. A unit's
clerk enters them in the form; the province imports them and `docgen review` judges by them. A
version-1 form, filled before this version, is still read and the data keeps what it lacks."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from docgen.data.model import Candidate, Dataset
from docgen.errors import FormRefused
from docgen.forms import layout
from docgen.forms.importing import read_form
from docgen.forms.layout import form_of
from docgen.forms.workbook import workbook_bytes

Run = Callable[..., Result]
DISTRICT = "huyen-huong-khe"
# A version-1 form of huyen-huong-khe exactly as `docgen forms export` wrote it at commit 872d7ad.
V1_FORM = Path(__file__).parent / "fixtures" / "huyen-huong-khe-v1.xlsx"
CANDIDATES = layout.CANDIDATES_SHEET


def _export(dataset: Dataset, unit: str, folder: Path) -> Path:
    path = folder / f"{unit}.xlsx"
    path.write_bytes(workbook_bytes(form_of(dataset, dataset.units[unit])))
    return path


def _fill(path: Path, edit: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _column(title: str) -> int:
    return next(i for i, c in enumerate(layout.CANDIDATE_COLUMNS, start=1) if c.title == title)


@pytest.mark.parametrize(
    ("unit", "shows"),
    [
        ("huyen-nghi-xuan", "a pending discipline"),
        ("huyen-can-loc", "a bloc rank"),
        ("so-noi-vu", "a bloc rank"),
    ],
)
def test_every_review_field_of_a_units_candidates_reads_back_unchanged(
    dataset: Dataset, tmp_path: Path, unit: str, shows: str
) -> None:
    mine = [c for c in dataset.candidates if c.unit == unit]
    # the data has what the case is about, and members, ratings, levels and catalogue ids
    assert any(c.pending_discipline for c in mine) or shows != "a pending discipline"
    assert any(c.bloc_rank for c in mine) or shows != "a bloc rank"
    assert any(c.members for c in mine) and any(c.ratings for c in mine)
    assert any(i.level and i.decision for c in mine for i in c.initiatives)
    assert any(p.award for c in mine for p in c.prior_awards)
    form = read_form(_export(dataset, unit, tmp_path), dataset)
    assert [Candidate.model_validate(c) for c in form.candidates] == [
        c.model_copy(update={"sample": False}) for c in mine
    ]


def _new_collective(wb: Any) -> str:
    """A clerk enters a new collective in the first prepared row, with every review field."""
    ws = wb[CANDIDATES]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value and ws.cell(r, 2).value is None)
    cid = str(ws.cell(row, 1).value)
    values = {
        "Cá nhân / tập thể": "tập thể",
        "Họ và tên / tên tập thể": "Phòng Tài chính - Kế hoạch huyện Hương Khê",
        "Hình thức đề nghị": "Tập thể lao động xuất sắc",
        "Thứ tự xếp hạng": 4,
        "Đơn vị công tác": "UBND huyện Hương Khê",
        "Tóm tắt thành tích": "Hoàn thành xuất sắc nhiệm vụ năm 2023.",
        "Đặc điểm, tình hình": "Cơ quan chuyên môn thuộc UBND huyện.",
        "Tổ chức bộ máy": "Trưởng phòng, 02 Phó Trưởng phòng, 22 công chức.",
        "Họ tên thủ trưởng": "Lê Văn An",
        "Chức vụ thủ trưởng": "Trưởng phòng",
        "Khối thi đua (nếu khác khối của đơn vị)": "Khối thi đua các sở, ngành kinh tế",
        "Xếp hạng trong khối": 2,
        "Đang bị xem xét kỷ luật, điều tra": "Có",  # the list's «có», typed with a capital
        "Tổng số thành viên": 25,
        "Số đạt Lao động tiên tiến": "20",  # a number typed as text
        "Số đạt Chiến sĩ thi đua cơ sở": 2,
        "Số hoàn thành nhiệm vụ trở lên": 25,
        "Số bị kỷ luật từ cảnh cáo trở lên": 0,
    }
    for title, value in values.items():
        ws.cell(row, _column(title)).value = value
    wb["Thành tích"].append([cid, "Dẫn đầu khối thi đua năm 2023."])
    wb[layout.RATINGS_SHEET].append([cid, 2022, "Hoàn thành xuất sắc nhiệm vụ"])
    wb[layout.RATINGS_SHEET].append([cid, 2023, "hoàn thành tốt nhiệm vụ"])
    wb["Sáng kiến"].append(
        [cid, "Phần mềm quản lý ngân sách xã", "Cấp tỉnh", "cấp tỉnh", "888/QĐ-UBND", "20/12/2023", "UBND tỉnh Hà Tĩnh"]
    )
    # a prior award chosen from the catalogue, its title left blank
    wb["Khen thưởng đã nhận"].append([cid, 2022, None, "12/QĐ-UBND", "25/12/2022", "UBND huyện Hương Khê", "Giấy khen"])
    return cid


def test_a_clerk_enters_the_review_fields_of_a_new_collective(dataset: Dataset, tmp_path: Path) -> None:
    cid = ""

    def edit(wb: Any) -> None:
        nonlocal cid
        cid = _new_collective(wb)

    form = read_form(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    entry = next(c for c in form.candidates if c["id"] == cid)
    assert entry["members"] == {
        "total": 25,
        "lao_dong_tien_tien": 20,
        "chien_si_thi_dua_co_so": 2,
        "completed_tasks": 25,
        "disciplined": 0,
    }
    assert (entry["bloc"], entry["bloc_rank"], entry["pending_discipline"]) == ("khoi-kinh-te", 2, True)
    assert entry["ratings"] == [
        {"year": 2022, "rating": "hoan-thanh-xuat-sac"},
        {"year": 2023, "rating": "hoan-thanh-tot"},
    ]
    assert entry["initiatives"] == [
        {
            "name": "Phần mềm quản lý ngân sách xã",
            "recognition": "Cấp tỉnh",
            "level": "tinh",
            "decision": "888/QĐ-UBND",
            "date": dt.date(2023, 12, 20),
            "issuer": "UBND tỉnh Hà Tĩnh",
        }
    ]
    # the catalogue's name is the title the achievement report prints
    assert entry["prior_awards"] == [
        {
            "year": 2022,
            "title": "Giấy khen",
            "decision": "12/QĐ-UBND",
            "date": dt.date(2022, 12, 25),
            "issuer": "UBND huyện Hương Khê",
            "award": "giay-khen",
        }
    ]
    Candidate.model_validate(entry)


def _problems(path: Path, dataset: Dataset) -> list[str]:
    with pytest.raises(FormRefused) as caught:
        read_form(path, dataset)
    return [str(p) for p in caught.value.problems]


def test_wrong_review_values_are_told_at_their_cells_with_the_closest_choice(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        cid = _new_collective(wb)
        ws = wb[CANDIDATES]
        row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == cid)
        ws.cell(row, _column("Số đạt Lao động tiên tiến")).value = 30  # more than the 25 members
        ws.cell(row, _column("Khối thi đua (nếu khác khối của đơn vị)")).value = "Khối thi đua các sở ngành kinh tế"
        ratings = wb[layout.RATINGS_SHEET]
        ratings.cell(ratings.max_row, 3).value = "Hoàn thành xuất xắc nhiệm vụ"
        initiatives = wb["Sáng kiến"]
        initiatives.cell(initiatives.max_row, 4).value = "cấp huyện"

    found = _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset)
    f = "tệp huyen-huong-khe.xlsx"
    assert found == [
        f"{f}, trang «Đề nghị khen thưởng», ô W7, cột «Khối thi đua (nếu khác khối của đơn vị)»: «Khối thi đua các "
        'sở ngành kinh tế» không có trong danh sách — có phải "Khối thi đua các sở, ngành kinh tế"?',
        f"{f}, trang «Đề nghị khen thưởng», ô AA7, cột «Số đạt Lao động tiên tiến»: 30 lớn hơn «Tổng số thành "
        "viên» (25) — «Số đạt Lao động tiên tiến» không vượt quá tổng số thành viên; kiểm tra lại hai ô",
        f"{f}, trang «Xếp loại theo năm», ô C12, cột «Mức xếp loại»: «Hoàn thành xuất xắc nhiệm vụ» không có trong "
        'danh sách — có phải "hoàn thành xuất sắc nhiệm vụ"?',
        f"{f}, trang «Sáng kiến», ô D5, cột «Phạm vi ảnh hưởng»: «cấp huyện» không có trong danh sách — chọn một "
        "trong: «cấp cơ sở», «cấp tỉnh»",
    ]


def test_members_given_without_their_total_are_told_at_the_total(dataset: Dataset, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        cid = _new_collective(wb)
        ws = wb[CANDIDATES]
        row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == cid)
        ws.cell(row, _column("Tổng số thành viên")).value = None

    assert _problems(_fill(_export(dataset, DISTRICT, tmp_path), edit), dataset) == [
        "tệp huyen-huong-khe.xlsx, trang «Đề nghị khen thưởng», ô Z7, cột «Tổng số thành viên»: ô đang để trống "
        "— điền ô này (bắt buộc)"
    ]


def test_a_version_1_form_filled_before_is_read_and_the_data_keeps_what_it_lacks(
    dataset: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / f"{DISTRICT}.xlsx"
    shutil.copyfile(V1_FORM, path)
    book = openpyxl.load_workbook(path)
    assert layout.RATINGS_SHEET not in book.sheetnames
    assert book["docgen"]["B3"].value == 1 and book[CANDIDATES].max_column == 22
    book[CANDIDATES]["G4"].value = "Tóm tắt thành tích sửa trong biểu mẫu phiên bản 1."
    book.save(path)

    form = read_form(path, dataset)
    read = [Candidate.model_validate(c) for c in form.candidates]
    mine = [c.model_copy(update={"sample": False}) for c in dataset.candidates if c.unit == DISTRICT]
    assert read[0].summary == "Tóm tắt thành tích sửa trong biểu mẫu phiên bản 1."
    # the review's fields the version-1 form has no column for are the data's, for every candidate
    assert any(c.members for c in mine) and any(c.ratings for c in mine)
    assert any(p.award for c in mine for p in c.prior_awards) and any(i.level for c in mine for i in c.initiatives)
    assert [read[0].model_copy(update={"summary": mine[0].summary}), *read[1:]] == mine


def test_a_discipline_entered_in_the_form_reaches_the_review(run: Run, workspace: Path) -> None:
    out = workspace / "forms"
    assert run("-w", str(workspace), "forms", "export", "--unit", DISTRICT, "--out", str(out)).exit_code == 0
    data_before = json.loads(run("-w", str(workspace), "review", "--json").output)
    person = next(r for r in data_before if r["unit_id"] == DISTRICT and r["eligible"])
    form = out / f"{DISTRICT}.xlsx"
    book = openpyxl.load_workbook(form)
    ws = book[CANDIDATES]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == person["candidate_id"])
    ws.cell(row, _column("Đang bị xem xét kỷ luật, điều tra")).value = "có"
    book.save(form)

    imported = run("-w", str(workspace), "forms", "import", "--force", str(form))
    assert imported.exit_code == 0, imported.output
    assert "pending_discipline: true" in (workspace / "data" / "units" / f"{DISTRICT}.yaml").read_text("utf-8")
    after = json.loads(run("-w", str(workspace), "review", "--json").output)
    judged = next(r for r in after if r["candidate_id"] == person["candidate_id"])
    assert judged["eligible"] is False
    assert "đang bị xem xét kỷ luật hoặc đang bị điều tra: chưa xét khen thưởng" in judged["reasons"]
