"""`docgen serve`'s pages that change something (issue 20): issuing a number (once, whatever
the clicks and reloads), rebuilding a unit with visible progress, uploading a unit's Excel form
(nothing changes unless the whole file is valid)."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from web_helpers import UNIT, Client, text

import docgen
from docgen.forms.layout import form_of
from docgen.forms.workbook import workbook_bytes
from docgen.register.sqlite import open_register

PLAN = f"{UNIT}/ke-hoach"
IN_WINDOW = "2023-07-15"  # a plan is numbered from the directive's day, 10/7/2023
MONEY = "thu-ngan-sach-nha-nuoc-tren-dia-ban"


def _numbers(root: Path) -> list[tuple[str | None, int]]:
    with open_register(root) as register:
        return [(r.doc_id, r.number) for r in register.list() if r.status == "issued"]


def _flash(client: Client) -> str:
    found = re.findall(r'<p class="flash" role="status">(.*?)</p>', text(client.get(f"/don-vi/{UNIT}")), re.S)
    return found[0] if found else ""


def _issue(client: Client, once: str, day: str = IN_WINDOW, sample: bool = True) -> Any:
    form = {"doc": PLAN, "date": day, "once": once, **({"mau": "1"} if sample else {})}
    return client.post(f"/don-vi/{UNIT}/cap-so", form)


def test_issuing_a_number_answers_with_a_redirect_and_says_the_number(client: Client, built: Path) -> None:
    answer = _issue(client, "mot-lan")
    assert (answer.status_code, answer.headers["Location"]) == (303, f"/don-vi/{UNIT}")
    [(doc_id, number)] = _numbers(built)
    assert doc_id == PLAN
    assert _flash(client) == f"Đã cấp số {number:02d}/KH-UBND ngày 15/7/2023 cho {PLAN}."
    page = text(client.get(f"/don-vi/{UNIT}"))
    assert f"đã ban hành số {number:02d}/KH-UBND, ngày 15/7/2023" in page


def test_a_double_click_or_a_reload_issues_one_number(client: Client, built: Path) -> None:
    _issue(client, "cung-mot-ma")
    again = _issue(client, "cung-mot-ma")
    assert again.status_code == 303
    assert _flash(client) == ("Yêu cầu cấp số này đã được xử lý (bấm hai lần hoặc tải lại trang); không cấp thêm số.")
    assert len(_numbers(built)) == 1


def test_a_new_request_for_a_numbered_document_gives_no_second_number(client: Client, built: Path) -> None:
    _issue(client, "lan-mot")
    before = _numbers(built)
    _issue(client, "lan-hai", day="2023-08-01")
    assert _numbers(built) == before
    assert _flash(client) == f"{PLAN} đã có số trong sổ; không cấp số mới."


def test_the_register_rules_of_the_cli_refuse_with_their_message(client: Client, built: Path) -> None:
    _issue(client, "ngoai-khoang", day="2023-03-01")
    assert _flash(client).startswith(
        f"Không cấp được số: {PLAN}: không cấp số ngày 01/3/2023: trước ngày 10/7/2023 của văn bản chỉ đạo"
    )
    _issue(client, "du-lieu-mau", sample=False)
    assert "không cấp số chính thức cho văn bản có dữ liệu mẫu" in _flash(client)
    with open_register(built) as register:
        assert register.list() == []
    _issue(client, "ngay-sai", day="31/02/2023")
    assert _flash(client) == "Ngày cấp số không hợp lệ: viết ngày/tháng/năm, ví dụ 15/07/2023."


def test_the_issue_date_is_read_as_the_cli_reads_it(client: Client, built: Path) -> None:
    _issue(client, "ngay-viet-kieu-viet-nam", day="15/07/2023")
    assert _flash(client) == f"Đã cấp số 01/KH-UBND ngày 15/7/2023 cho {PLAN}."


def test_only_numbered_kinds_have_an_issue_form(client: Client) -> None:
    page = text(client.get(f"/don-vi/{UNIT}"))
    forms = re.findall(r'name="doc" value="([^"]+)"', page)
    assert f"{UNIT}/ke-hoach" in forms and f"{UNIT}/quyet-dinh" in forms
    assert not [f for f in forms if "/bao-cao-thanh-tich/" in f]  # attachments carry no number


def test_a_document_of_another_unit_cannot_be_issued_from_this_units_page(client: Client) -> None:
    answer = client.post(f"/don-vi/{UNIT}/cap-so", {"doc": "huyen-duc-tho/ke-hoach", "date": IN_WINDOW, "once": "z"})
    assert answer.status_code == 404


def _wait(client: Client, url: str) -> dict[str, Any]:
    for _ in range(600):
        state: dict[str, Any] = client.get(url).get_json()
        if state["finished"]:
            return state
        time.sleep(0.1)
    raise AssertionError("the rebuild did not finish")


def test_a_rebuild_runs_in_the_background_with_a_progress_page(client: Client, built: Path) -> None:
    docx = next((built / "out" / UNIT).glob("*quyet-dinh*.docx"))
    docx.unlink()
    answer = client.post(f"/don-vi/{UNIT}/tao-lai")
    assert answer.status_code == 303
    job = answer.headers["Location"]
    assert re.fullmatch(r"/viec/[A-Za-z0-9_-]+", job)
    page = text(client.get(job))
    assert "<h1>Tạo lại văn bản: Ủy ban nhân dân huyện Hương Khê</h1>" in page and "<progress" in page
    state = _wait(client, f"{job}.json")
    assert state["ok"] is True and state["done"] == state["total"] == 8
    assert state["lines"] == ["1 văn bản đã tạo, 7 không đổi, 0 lỗi."]
    assert docx.is_file()
    done = text(client.get(job))
    assert "1 văn bản đã tạo, 7 không đổi, 0 lỗi." in done and 'http-equiv="refresh"' not in done


def test_an_unknown_job_is_a_404(client: Client) -> None:
    assert client.get("/viec/khong-co-viec-nay").status_code == 404


# -- the form --------------------------------------------------------------------------------


def _form(root: Path, bad: bool) -> bytes:
    data = docgen.load(root)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(form_of(data, data.units[UNIT]))))
    sheet = book["Báo cáo 2023"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == MONEY)
    sheet.cell(row, 5).value = "nhiều lắm" if bad else 1610.5
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def test_a_form_with_a_bad_cell_is_refused_per_cell_and_changes_nothing(client: Client, built: Path) -> None:
    before = _files(built)
    answer = client.post(
        "/bieu-mau", {"tep": (io.BytesIO(_form(built, bad=True)), f"{UNIT}.xlsx")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 422
    body = text(answer)
    assert f"Chưa nhập «{UNIT}.xlsx»: dữ liệu không thay đổi" in body
    assert "<td>Báo cáo 2023</td><td>E4</td><td>«nhiều lắm» không phải là số</td>" in body
    assert _files(built) == before


def test_a_valid_form_is_imported_moving_the_units_data_out_of_the_shared_files(client: Client, built: Path) -> None:
    before = _files(built)
    form = {"tep": (io.BytesIO(_form(built, bad=False)), f"{UNIT}.xlsx")}
    refused = client.post("/bieu-mau", form, content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "còn nằm trong các tệp dùng chung data/reports.yaml, data/candidates.yaml" in text(refused)
    assert _files(built) == before
    form = {"tep": (io.BytesIO(_form(built, bad=False)), f"{UNIT}.xlsx"), "force": "1"}
    answer = client.post("/bieu-mau", form, content_type="multipart/form-data")
    assert answer.status_code == 200
    assert f"Đã nhập «{UNIT}.xlsx» vào data/units/{UNIT}.yaml" in text(answer)
    assert (built / "data" / "units" / f"{UNIT}.yaml").is_file()


def test_the_upload_page_says_the_limits(client: Client) -> None:
    body = text(client.get("/bieu-mau"))
    assert "Tệp biểu mẫu (.xlsx, tối đa 5 MB)" in body and 'accept=".xlsx"' in body


@pytest.fixture(autouse=True)
def _no_leftover_jobs(app: Flask) -> Any:
    yield
    lock = app.extensions["docgen"].build_lock
    assert lock.acquire(timeout=60)  # a background rebuild has finished before the workspace goes
    lock.release()
