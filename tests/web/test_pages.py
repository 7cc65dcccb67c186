"""`docgen serve`'s pages that show (issue 20): the overview of every unit with each kind's
status, filters and a search without diacritics; a unit's documents with thumbnails, page
previews and downloads; the register with filters and its Excel export; the template check."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from web_helpers import UNIT, Client, text

from docgen import kinds, vn
from docgen.data.model import Dataset
from docgen.pdf.soffice import find_soffice
from docgen.workspace import Workspace

try:
    find_soffice()
    HAS_SOFFICE = True
except Exception:
    HAS_SOFFICE = False

needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) không có trên máy này")

ROW = re.compile(r'<td><a href="/don-vi/([^"]+)">([^<]+)</a></td>')


def _units(body: str) -> list[tuple[str, str]]:
    return ROW.findall(body)


@pytest.fixture(scope="module")
def overview_app(tmp_path_factory: pytest.TempPathFactory, sample_root: Path) -> Flask:
    """The whole sample workspace (253 units with the communes and UBND tỉnh, which writes its
    award decisions), nothing built: built once."""
    from docgen.web.app import create_app

    root = tmp_path_factory.mktemp("overview") / "ws"
    for name in ("data", "templates"):
        shutil.copytree(sample_root / name, root / name)
    return create_app(Workspace.open(root), secret_key=b"t")


def test_the_overview_lists_every_unit_the_workspace_builds_in_vietnamese_order(overview_app: Flask) -> None:
    body = text(overview_app.test_client().get("/"))
    units = _units(body)
    assert len(units) == 253
    assert "<h1>Tổng quan: 253 / 253 đơn vị</h1>" in body
    names = [name for _, name in units]
    assert names == sorted(names, key=vn.sort_key)
    assert body.count("chưa tạo") >= 253  # nothing is built yet


def test_the_overview_has_a_column_per_kind_from_the_kinds_registry(overview_app: Flask) -> None:
    body = text(overview_app.test_client().get("/"))
    headers = re.findall(r"<th>([^<]+)</th>", body)
    assert headers[0] == "Đơn vị"
    assert headers[1:] == [k.title for k in kinds.KINDS.values() if k.title in headers]
    assert "Kế hoạch" in headers and "Báo cáo" in headers


@pytest.mark.parametrize("query", ["huong khe", "HUONG KHE", "Hương Khê", "huong  khê"])
def test_the_search_finds_huong_khe_without_diacritics(overview_app: Flask, query: str) -> None:
    units = _units(text(overview_app.test_client().get("/", query_string={"q": query})))
    assert ("huyen-huong-khe", "Ủy ban nhân dân huyện Hương Khê") in units
    assert ("thi-tran-huong-khe", "Ủy ban nhân dân thị trấn Hương Khê") in units
    assert all("Hương Khê" in name for _, name in units)


def test_the_search_matches_words_from_their_start(overview_app: Flask) -> None:
    units = _units(text(overview_app.test_client().get("/", query_string={"q": "huong"})))
    assert units and all(re.search(r"\bHương", name) for _, name in units)  # not «Sở Công Thương»


def test_the_overview_filters_by_district_and_unit_kind(overview_app: Flask, dataset: Dataset) -> None:
    client = overview_app.test_client()
    district = _units(text(client.get("/", query_string={"huyen": "huyen-huong-khe"})))
    assert ("huyen-huong-khe", "Ủy ban nhân dân huyện Hương Khê") in district
    assert len(district) > 10
    assert all(uid == "huyen-huong-khe" or dataset.units[uid].parent == "huyen-huong-khe" for uid, _ in district)
    departments = _units(text(client.get("/", query_string={"loai": "department"})))
    assert departments and all(dataset.units[uid].kind == "department" for uid, _ in departments)
    assert not _units(text(client.get("/", query_string={"trang-thai": "issued"})))


def test_the_overview_shows_draft_issued_edited_and_failed(client: Client, built: Path) -> None:
    import docgen

    data = docgen.load(built)
    for kind, day in (("quyet-dinh", _day()), ("to-trinh", dt.date(2023, 1, 2))):  # the second: outside its window
        refs = docgen.plan(data, units=[UNIT], kinds=[kind])
        docgen.build_documents(built, refs, data=data, jobs=1, issue=True, issue_date=day, allow_sample=True)
    plan_docx = next((built / "out" / UNIT).glob("*ke-hoach*.docx"))
    with zipfile.ZipFile(plan_docx) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(plan_docx, "w") as zf:  # a clerk's save in Word: other bytes
        for name, content in members.items():
            zf.writestr(name, content)
        zf.writestr("customXml/sua-tay.xml", "<a/>")
    page = text(client.get("/", query_string={"q": "huong khe"}))
    row = page[page.index(f'/don-vi/{UNIT}"') :].split("</tr>")[0]
    assert re.search(r'st-issued" title="Quyết định">đã ban hành số \d+/QĐ-UBND, ngày 15/7/2023<', row)
    assert 'st-edited" title="Kế hoạch">đã sửa tay<' in row
    assert 'st-failed" title="Tờ trình">lỗi<' in row
    assert re.search(r'st-draft" title="Báo cáo — [^"]+"><b>2023-h1</b> bản nháp<', row)
    assert re.search(r'st-draft" title="Báo cáo thành tích — [^"]+"><b>1</b> bản nháp<', row)
    issued = _units(text(client.get("/", query_string={"trang-thai": "issued"})))
    assert issued == [(UNIT, "Ủy ban nhân dân huyện Hương Khê")]
    failed = text(client.get(f"/don-vi/{UNIT}"))
    assert "không cấp số ngày 02/01/2023" in failed


def _day() -> dt.date:
    return dt.date(2023, 7, 15)


def test_the_unit_page_lists_its_documents_with_downloads(client: Client, built: Path) -> None:
    body = text(client.get(f"/don-vi/{UNIT}"))
    assert "<h1>Ủy ban nhân dân huyện Hương Khê</h1>" in body
    assert f'href="/tep/{UNIT}.zip">Tải gói ZIP của đơn vị</a>' in body
    docx = re.findall(r'href="/tep/([^"]+\.docx)">Tải DOCX</a>', body)
    on_disk = sorted(p.relative_to(built / "out").as_posix() for p in (built / "out" / UNIT).glob("*.docx"))
    assert sorted(docx) == on_disk
    answer = client.get(f"/tep/{docx[0]}")
    assert answer.status_code == 200 and answer.data == (built / "out" / docx[0]).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/tep/{UNIT}.zip").data))
    assert "manifest.json" in archive.namelist()


@needs_soffice
def test_a_thumbnail_is_page_one_cached_by_the_docx_hash(client: Client, built: Path) -> None:
    body = text(client.get(f"/don-vi/{UNIT}"))
    first = re.findall(r'<img class="thumb"[^>]* src="(/anh/[^"]+)"', body)[0]
    sha = first.split("/")[3]
    answer = client.get(first)
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    assert answer.data.startswith(b"\x89PNG")
    cached = built / ".cache" / "docgen" / "xem-truoc"
    assert (cached / f"{sha}.pdf").is_file() and (cached / f"{sha}-1-40.png").read_bytes() == answer.data
    page = client.get(f"/xem/{UNIT}/{sha}/1")
    assert page.status_code == 200 and f"/anh/{UNIT}/{sha}/1.png?lon=1" in text(page)
    assert client.get(f"/anh/{UNIT}/{sha}/1.png?lon=1").data.startswith(b"\x89PNG")
    assert client.get(f"/xem/{UNIT}/{sha}/999").status_code == 404


def test_a_thumbnail_of_an_unknown_hash_is_a_404(client: Client) -> None:
    assert client.get(f"/anh/{UNIT}/{'0' * 64}/1.png").status_code == 404
    assert client.get(f"/anh/{UNIT}/..%2f..%2fdata/1.png").status_code == 404


def test_the_templates_page_shows_each_templates_check(client: Client, built: Path) -> None:
    body = text(client.get("/mau"))
    for name in kinds.all_templates():
        assert f"<td>{name}</td>" in body
    (built / "templates" / "docx" / "ke-hoach.docx").write_bytes(b"khong phai docx")
    broken = text(client.get("/mau"))
    row = broken[broken.index("<td>ke-hoach.docx</td>") :].split("</tr>")[0]
    assert "st-failed" in row and "Đạt" not in row


def test_the_register_page_lists_filters_and_exports(client: Client, built: Path) -> None:
    import docgen

    empty = text(client.get("/so-van-ban"))
    assert "Sổ chưa có số nào khớp với bộ lọc." in empty
    docgen.build_documents(
        built, docgen.plan(docgen.load(built), units=[UNIT], kinds=["quyet-dinh"]),
        jobs=1, issue=True, issue_date=_day(), allow_sample=True,
    )  # fmt: skip
    body = text(client.get("/so-van-ban"))
    row = r"<td>\d+/QĐ-UBND</td><td>15/07/2023</td><td>Ủy ban nhân dân huyện Hương Khê</td><td>Quyết định</td>"
    assert re.search(row, body)
    assert "Sổ chưa có số" in text(client.get("/so-van-ban", query_string={"nam": "2024"}))
    assert "Sổ chưa có số" in text(client.get("/so-van-ban", query_string={"loai": "ke-hoach"}))
    exported = client.get("/so-van-ban/xuat.xlsx", query_string={"loai": "quyet-dinh"})
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(exported.data)).active
    assert sheet.max_row == 2  # the header and the one number


@needs_soffice
def test_the_unit_page_offers_the_pdf_of_a_document_built_with_pdf(client: Client, built: Path) -> None:
    import docgen

    data = docgen.load(built)
    refs = docgen.plan(data, units=[UNIT], kinds=["ke-hoach"])
    assert docgen.build_documents(built, refs, data=data, jobs=1, pdf=True).ok
    body = text(client.get(f"/don-vi/{UNIT}"))
    pdfs = re.findall(r'href="/tep/([^"]+\.pdf)">Tải PDF</a>', body)
    [pdf] = [p for p in pdfs if "ke-hoach" in p]
    answer = client.get(f"/tep/{pdf}")
    assert answer.status_code == 200 and answer.data.startswith(b"%PDF")
    assert f'href="/tep/{UNIT}.pdf">Tải PDF gộp của đơn vị</a>' in body
    assert client.get(f"/tep/{UNIT}.pdf").data == (built / "out" / f"{UNIT}.pdf").read_bytes()


def test_the_issue_date_offered_is_the_documents_planned_day_never_today(client: Client, built: Path) -> None:
    """A 2023 campaign's plan is dated July 2023 (the month only): the clerk types the day; the
    page never offers today's date, which the register would refuse as outside the window."""
    from datetime import date

    body = text(client.get(f"/don-vi/{UNIT}"))
    assert date.today().strftime("%d/%m/%Y") not in body
    assert 'value="" placeholder="ngày/07/2023"' in body
