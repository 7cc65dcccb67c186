"""Generated documents read the way a reviewer reads them: open the .docx with python-docx
and check the Decree 30 rules that can be read from the file, and the content per unit."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph
from reference_render import render_one

from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef, plan
from docgen.docx.layout import text_width
from docgen.docx.text import document_text
from docgen.errors import RenderError
from docgen.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SAMPLES = [
    "huyen-huong-khe/quyet-dinh",
    "huyen-huong-khe/ke-hoach",
    "huyen-huong-khe/bao-cao/2023-h1",
    "huyen-huong-khe/to-trinh",
    "so-lao-dong-thuong-binh-va-xa-hoi/quyet-dinh",
    "so-noi-vu/bao-cao-tong-hop/2023",
    "so-noi-vu/bao-cao-tong-hop/2023-h1",
    "truong-thpt-chuyen-ha-tinh/ke-hoach",
    "cong-ty-soi-vinatex-hong-linh/ke-hoach",
    "phuong-tran-phu/bao-cao/2023",
    "tinh-ha-tinh/quyet-dinh-khen-thuong/bang-khen-chu-tich-ubnd-tinh",
    "tinh-ha-tinh/quyet-dinh-khen-thuong/chien-si-thi-dua-cap-tinh",
    "tinh-ha-tinh/quyet-dinh-khen-thuong/co-thi-dua-ubnd-tinh",
    "tinh-ha-tinh/quyet-dinh-khen-thuong/tap-the-lao-dong-xuat-sac",
]


@pytest.fixture(scope="module", params=["bundled", "resaved"])
def ws(request: pytest.FixtureRequest, sample_root: Path) -> Workspace:
    """Every check runs on the bundled templates and again on the same templates after
    LibreOffice opened and saved them (as a template author would)."""
    if request.param == "resaved":
        return Workspace.open(request.getfixturevalue("resaved_workspace"))
    return Workspace.open(sample_root)


@pytest.fixture(scope="module")
def data(dataset: Dataset) -> Dataset:
    """The bundled data: both workspaces hold the same data files."""
    return dataset


_RENDERED: dict[tuple[Path, int, str], bytes] = {}


def open_doc(ws: Workspace, data: Dataset, doc_id: str) -> tuple[DocumentType, bytes]:
    """The document as rendered from ``ws``'s templates, freshly parsed for each test (several
    tests read the same sample document: it is rendered once per workspace and dataset)."""
    key = (ws.root, id(data), doc_id)
    if key not in _RENDERED:
        _RENDERED[key] = render_one(ws, data, DocRef.parse(doc_id))
    content = _RENDERED[key]
    return Document(io.BytesIO(content)), content


# --- reading formatting the way Word resolves it -------------------------------------------


def _style_chain(paragraph: Paragraph) -> Iterator[Any]:
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def size_pt(paragraph: Paragraph) -> float | None:
    for run in paragraph.runs:
        if run.text.strip() and run.font.size is not None:
            return run.font.size.pt
    for style in _style_chain(paragraph):
        if style.font.size is not None:
            return float(style.font.size.pt)
    return None


def flag(paragraph: Paragraph, name: str) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(getattr(r.font, name) is not None for r in runs):
        return all(getattr(r.font, name) for r in runs)
    for style in _style_chain(paragraph):
        value = getattr(style.font, name)
        if value is not None:
            return bool(value)
    return False


def alignment(paragraph: Paragraph) -> Any:
    if paragraph.paragraph_format.alignment is not None:
        return paragraph.paragraph_format.alignment
    for style in _style_chain(paragraph):
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
    return None


def cell_paragraphs(table: Table, row: int, col: int) -> list[Paragraph]:
    return [p for p in table.cell(row, col).paragraphs if p.text.strip()]


def column_paragraphs(table: Table, col: int) -> list[Paragraph]:
    """Non-empty paragraphs of one column, top to bottom across rows."""
    return [p for row in table.rows for p in row.cells[col].paragraphs if p.text.strip()]


def find(doc: DocumentType, pattern: str) -> Paragraph:
    for paragraph in _all_paragraphs(doc):
        if re.search(pattern, paragraph.text):
            return paragraph
    raise AssertionError(f"no paragraph matches {pattern!r}")


def _all_paragraphs(doc: DocumentType) -> Iterator[Paragraph]:
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def borderless(table: Table) -> bool:
    xml = table._tbl.xml
    return not re.search(r'<w:(top|bottom|left|right|insideH|insideV) w:val="(single|double|thick)', xml)


# --- page and header -------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_page_and_margins(ws: Workspace, data: Dataset, doc_id: str) -> None:
    doc, _ = open_doc(ws, data, doc_id)
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert Mm(20) - Mm(0.5) <= section.top_margin <= Mm(25) + Mm(0.5)
    assert Mm(20) - Mm(0.5) <= section.bottom_margin <= Mm(25) + Mm(0.5)
    assert Mm(30) - Mm(0.5) <= section.left_margin <= Mm(35) + Mm(0.5)
    assert Mm(15) - Mm(0.5) <= section.right_margin <= Mm(20) + Mm(0.5)
    assert section.different_first_page_header_footer, "no page number on page 1"
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml, "page number field from page 2"
    assert not section.first_page_header.paragraphs or "PAGE" not in section.first_page_header._element.xml


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_header_block(ws: Workspace, data: Dataset, doc_id: str) -> None:
    doc, _ = open_doc(ws, data, doc_id)
    unit = data.units[DocRef.parse(doc_id).unit]
    header = doc.tables[0]
    assert borderless(header)
    left, right = column_paragraphs(header, 0), column_paragraphs(header, 1)
    texts = [p.text for p in left]
    expected = ([unit.header.parent] if unit.header.parent else []) + list(unit.header.issuer)
    assert texts[: len(expected)] == expected
    if unit.header.parent:
        assert not flag(left[0], "bold") and 12 <= (size_pt(left[0]) or 0) <= 13
    for issuer in left[len(expected) - len(unit.header.issuer) : len(expected)]:
        assert flag(issuer, "bold") and 12 <= (size_pt(issuer) or 0) <= 13
    number = left[len(expected)]
    kind = DocRef.parse(doc_id).kind
    abbr = data.campaign.documents[kind].type_abbr
    assert number.text == f"Số:      /{abbr}-{unit.symbol}"
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and flag(right[0], "bold")
    assert 12 <= (size_pt(right[0]) or 0) <= 13
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc" and flag(right[1], "bold")
    assert 13 <= (size_pt(right[1]) or 0) <= 14
    date_line = right[2]
    assert flag(date_line, "italic") and 13 <= (size_pt(date_line) or 0) <= 14
    assert re.fullmatch(
        rf"{re.escape(str(unit.place))}, ngày{' ' * 6}tháng (\d|1[0-2]|0[12]) năm 20\d\d", date_line.text
    ), date_line.text


def test_line_under_issuer_fits_each_name(ws: Workspace, data: Dataset) -> None:
    indents = set()
    for doc_id in ("so-noi-vu/ke-hoach", "huyen-huong-khe/ke-hoach", "so-lao-dong-thuong-binh-va-xa-hoi/ke-hoach"):
        doc, _ = open_doc(ws, data, doc_id)
        rules = [p for p in doc.tables[0].cell(0, 0).paragraphs if p.style.name == "ND30 Gach duoi"]
        assert len(rules) == 1
        indents.add(rules[0].paragraph_format.left_indent)
    assert len(indents) == 3, "the rule is sized for each unit's name"


# --- title, body, signature, recipients ------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_id", "type_name"),
    [
        ("huyen-huong-khe/quyet-dinh", "QUYẾT ĐỊNH"),
        ("huyen-huong-khe/ke-hoach", "KẾ HOẠCH"),
        ("so-noi-vu/bao-cao-tong-hop/2023", "BÁO CÁO"),
        ("huyen-huong-khe/to-trinh", "TỜ TRÌNH"),
        ("tinh-ha-tinh/quyet-dinh-khen-thuong/co-thi-dua-ubnd-tinh", "QUYẾT ĐỊNH"),
    ],
)
def test_type_name_and_summary(ws: Workspace, data: Dataset, doc_id: str, type_name: str) -> None:
    doc, _ = open_doc(ws, data, doc_id)
    title = find(doc, rf"^{type_name}$")
    assert flag(title, "bold") and alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    paragraphs = doc.paragraphs
    summary = paragraphs[[p._p for p in paragraphs].index(title._p) + 1]
    assert summary.text.strip() and flag(summary, "bold") and alignment(summary) == WD_ALIGN_PARAGRAPH.CENTER
    assert 13 <= (size_pt(summary) or 0) <= 14


@pytest.mark.parametrize("doc_id", SAMPLES)
def test_body_text(ws: Workspace, data: Dataset, doc_id: str) -> None:
    doc, content = open_doc(ws, data, doc_id)
    body = [p for p in doc.paragraphs if p.style.name == "ND30 Noi dung" and len(p.text) > 80]
    assert body, "the body uses the body style"
    sizes = {size_pt(p) for p in body}
    assert len(sizes) == 1 and 13 <= next(iter(sizes)) <= 14, "one body size"  # type: ignore[operator]
    assert all(alignment(p) == WD_ALIGN_PARAGRAPH.JUSTIFY for p in body)
    text = document_text(content)
    assert "./." in text, "the body ends with ./."
    assert "{{" not in text and "{%" not in text and "None" not in text


@pytest.mark.parametrize("doc_id", [d for d in SAMPLES])
def test_signature_and_recipients(ws: Workspace, data: Dataset, doc_id: str) -> None:
    doc, _ = open_doc(ws, data, doc_id)
    # The proposal and the consolidated report end with an appendix after the signature.
    sign = next(t for t in doc.tables if "Nơi nhận" in t._tbl.xml)
    assert borderless(sign)
    left, right = cell_paragraphs(sign, 0, 0), cell_paragraphs(sign, 0, 1)
    assert left[0].text == "Nơi nhận:" and flag(left[0], "bold") and flag(left[0], "italic")
    assert size_pt(left[0]) == 12
    lines = [p.text for p in left[1:]]
    assert all(line.startswith("- ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1]) and re.fullmatch(r"- Lưu: VT, \S+\.", lines[-1])
    assert all(size_pt(p) == 11 for p in left[1:])
    if "/bao-cao/" in doc_id or doc_id.endswith("to-trinh"):
        assert lines[0] == "- Như trên;"
    caps = [p for p in right if p.text.isupper()]
    assert caps and all(flag(p, "bold") for p in caps)
    name = right[-1]
    assert not name.text.isupper() and flag(name, "bold")
    assert "w:cantSplit" in sign.rows[0]._tr.xml


def test_decision_signed_by_chairman_plan_by_committee(ws: Workspace, data: Dataset) -> None:
    decision, _ = open_doc(ws, data, "huyen-huong-khe/quyet-dinh")
    plan_doc, _ = open_doc(ws, data, "huyen-huong-khe/ke-hoach")
    decision_sign = [p.text for p in cell_paragraphs(decision.tables[-1], 0, 1)]
    plan_sign = [p.text for p in cell_paragraphs(plan_doc.tables[-1], 0, 1)]
    assert decision_sign[0] == "CHỦ TỊCH"
    assert plan_sign[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    text = "\n".join(p.text for p in decision.paragraphs)
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN HƯƠNG KHÊ" in text and "QUYẾT ĐỊNH:" in text
    for article in ("Điều 1.", "Điều 2.", "Điều 3."):
        assert article in text


def test_legal_bases_are_italic_and_punctuated(ws: Workspace, data: Dataset) -> None:
    doc, _ = open_doc(ws, data, "so-noi-vu/quyet-dinh")
    bases = [p for p in doc.paragraphs if p.text.startswith("Căn cứ ")]
    assert bases and all(flag(p, "italic") for p in bases)
    assert all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(".")


def test_report_table_and_addressee(ws: Workspace, data: Dataset) -> None:
    doc, _ = open_doc(ws, data, "huyen-huong-khe/bao-cao/2023")
    assert find(doc, r"^Kính gửi: Sở Nội vụ")
    table = next(t for t in doc.tables if "Chỉ tiêu" in t.rows[0].cells[1].text)
    report = next(r for r in data.reports if r.unit == "huyen-huong-khe" and r.period == "2023")
    assert len(table.rows) == 1 + len(report.indicators)
    assert "w:tblHeader" in table.rows[0]._tr.xml, "header row repeats on each page"
    cells = [c.text for c in table.rows[1].cells]
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?", cells[3]) and cells[-1].endswith("%")


def test_proposal_total_in_figures_and_words(ws: Workspace, data: Dataset) -> None:
    _doc, content = open_doc(ws, data, "huyen-huong-khe/to-trinh")
    text = document_text(content)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh" in text
    match = re.search(r"(\d{1,3}(?:\.\d{3})+) đồng \(([^)]+) đồng\)", text)
    assert match, "total in figures and in words"
    from docgen.documents.context import build_context

    proposal = build_context(data, DocRef.parse("huyen-huong-khe/to-trinh"))["proposal"]
    assert match.group(1).replace(".", "") == str(proposal["total"])
    assert "DANH SÁCH" in text and "Kèm theo Tờ trình số" in text


# --- content right for the unit --------------------------------------------------------------


def _plan_text(ws: Workspace, data: Dataset, unit_id: str) -> str:
    return document_text(render_one(ws, data, DocRef(unit_id, "ke-hoach")))


def test_huong_khe_plan_names_its_four_communes_short_of_the_standard(ws: Workspace, data: Dataset) -> None:
    assert "4 xã chưa đạt chuẩn nông thôn mới" in _plan_text(ws, data, "huyen-huong-khe")
    assert "4 xã chưa đạt chuẩn nông thôn mới" not in _plan_text(ws, data, "huyen-huong-son")


def test_defence_area_exercise_only_where_the_directive_says(ws: Workspace, data: Dataset) -> None:
    expected = {"huyen-cam-xuyen", "huyen-loc-ha", "huyen-vu-quang", "thanh-pho-ha-tinh"}
    found = {
        u.id
        for u in data.units.values()
        if u.is_district_level and "diễn tập khu vực phòng thủ" in _plan_text(ws, data, u.id)
    }
    assert found == expected


def test_a_ward_builds_a_civilised_town_and_a_village_the_new_countryside(ws: Workspace, data: Dataset) -> None:
    communes = [u for u in data.units.values() if u.kind == "commune"]
    ward = next(u for u in communes if u.short_name.startswith("UBND phường"))
    village = next(u for u in communes if u.short_name.startswith("UBND xã"))
    township = next(u for u in communes if u.short_name.startswith("UBND thị trấn"))
    ward_plan, village_plan = _plan_text(ws, data, ward.id), _plan_text(ws, data, village.id)
    assert "Phong trào xây dựng đô thị văn minh" in ward_plan and "nông thôn mới" not in ward_plan
    assert "nông thôn mới" in village_plan and "đô thị văn minh" not in village_plan
    township_plan = _plan_text(ws, data, township.id)
    assert "đô thị văn minh" in township_plan and "đạt chuẩn nông thôn mới" in township_plan


def test_department_plan_carries_only_department_movements(ws: Workspace, data: Dataset) -> None:
    text = _plan_text(ws, data, "so-tu-phap")
    for movement in data.movements.values():
        meant = (
            "department" in movement.unit_kinds
            or "so-tu-phap" in movement.units
            or (set(movement.domains) & set(data.units["so-tu-phap"].domains))
        )
        assert (movement.name in text) == bool(meant), movement.name


def test_school_plan_speaks_of_the_school_year(ws: Workspace, data: Dataset) -> None:
    for unit in data.units.values():
        if unit.kind == "school":
            assert "năm học 2023 - 2024" in _plan_text(ws, data, unit.id)


def _rows(doc: DocumentType, heading: str) -> list[list[str]]:
    table = next(t for t in doc.tables if t.rows and t.rows[0].cells[0].text == "STT" and heading in
                 [c.text for c in t.rows[0].cells])  # fmt: skip
    return [[c.text for c in row.cells] for row in table.rows[1:]]


@pytest.mark.parametrize(
    "unit_id", ["thi-xa-hong-linh", "truong-thpt-chuyen-ha-tinh", "cong-ty-tnhh-gang-thep-hung-nghiep-formosa-ha-tinh",
                "so-y-te", "xa-son-kim-1"],
)  # fmt: skip
def test_a_unit_leads_its_own_tasks_and_works_with_the_provincial_department(
    ws: Workspace, data: Dataset, unit_id: str
) -> None:
    # A town, school, company or commune cannot assign work to a provincial department.
    doc, _ = open_doc(ws, data, f"{unit_id}/ke-hoach")
    short = data.units[unit_id].short_name
    rows = [r for r in _rows(doc, "Chủ trì, phối hợp") if r[1] != r[2]]  # a group row spans three cells
    assert rows
    for row in rows:
        lead = row[2]
        assert lead == short or lead.startswith(f"{short}; phối hợp: "), lead
    assert any("; phối hợp: Sở " in row[2] for row in rows) or unit_id == "so-y-te"
    assert "Đơn vị chủ trì: Sở" not in "\n".join(p.text for p in doc.paragraphs)


def test_report_figures_keep_the_decimals_of_the_data(ws: Workspace, data: Dataset) -> None:
    unit_id = "cong-ty-tnhh-gang-thep-hung-nghiep-formosa-ha-tinh"
    report = next(r for r in data.reports if r.unit == unit_id and r.period == "2023-h1")
    doc, _ = open_doc(ws, data, f"{unit_id}/bao-cao/2023-h1")
    rows = _rows(doc, "Thực hiện")
    for indicator, row in zip(report.indicators, rows, strict=True):
        for value, cell in ((indicator.target, row[3]), (indicator.result, row[4])):
            # Printed exactly (3,24 stays 3,24), a row with the same number of decimals.
            assert Decimal(cell.replace(".", "").replace(",", ".")) == value, (indicator.name, value, cell)
        assert len(row[3].partition(",")[2]) == len(row[4].partition(",")[2])


def test_an_individual_workplace_does_not_repeat_the_position(ws: Workspace, data: Dataset) -> None:
    for cand in data.candidates:
        if cand.type != "individual":
            continue
        assert cand.position and not cand.workplace.startswith(cand.position), cand.id
    cand = next(c for c in data.candidates if c.type == "individual" and c.unit == "thi-xa-hong-linh")
    text = document_text(render_one(ws, data, DocRef("thi-xa-hong-linh", "bao-cao-thanh-tich", None, cand.id)))
    assert f"- Đơn vị công tác: {cand.workplace}." in text and f"- Chức vụ: {cand.position}." in text
    proposal = document_text(render_one(ws, data, DocRef("thi-xa-hong-linh", "to-trinh")))
    assert f"{cand.position}, {cand.workplace}" in proposal  # the list's «Chức vụ, đơn vị» column


@pytest.mark.parametrize(
    ("unit_id", "scope"),
    [("huyen-huong-khe", "các cơ quan, đơn vị, địa phương thuộc phạm vi quản lý của UBND huyện Hương Khê"),
     ("so-y-te", "các phòng, đơn vị thuộc và trực thuộc Sở Y tế"),
     ("truong-dai-hoc-ha-tinh", "các đơn vị, bộ phận và đoàn thể của Trường Đại học Hà Tĩnh"),
     ("cong-ty-soi-vinatex-hong-linh", "các phòng, ban, đơn vị sản xuất của Công ty Sợi Vinatex Hồng Lĩnh")],
)  # fmt: skip
def test_the_decision_reaches_what_the_unit_has_under_it(
    ws: Workspace, data: Dataset, unit_id: str, scope: str
) -> None:
    text = document_text(render_one(ws, data, DocRef(unit_id, "quyet-dinh")))
    assert f"trong {scope}, tập trung" in text
    if data.units[unit_id].kind not in ("district", "town", "city"):
        assert "địa phương thuộc phạm vi quản lý" not in text


def test_a_two_line_summary_is_broken_into_balanced_lines(ws: Workspace, data: Dataset) -> None:
    for doc_id in ("so-tai-chinh/to-trinh", "huyen-huong-khe/quyet-dinh"):
        doc, _ = open_doc(ws, data, doc_id)
        summary = find(doc, r"^Về việc")
        lines = summary.text.split("\n")
        assert len(lines) == 2, summary.text
        widths = [text_width(line, 14, True) for line in lines]
        assert max(widths) <= 16.5 / 2.54 * 72 and min(widths) / max(widths) > 0.75, lines
        # between phrases, as a clerk breaks it: never inside "thi đua", "nhiệm vụ"
        assert f"{lines[0].split()[-1]} {lines[1].split()[0]}" not in ("thi đua", "nhiệm vụ"), lines
    proposal, _ = open_doc(ws, data, "so-tai-chinh/to-trinh")
    assert find(proposal, r"^Về việc").text.split("\n")[1].startswith("và hình thức")
    doc, _ = open_doc(ws, data, "huyen-huong-khe/ke-hoach")
    assert "\n" not in find(doc, r"^Thực hiện các phong trào").text  # one line stays one line


def test_special_characters_and_line_breaks(ws: Workspace, data: Dataset) -> None:
    report = next(r for r in data.reports if r.unit == "so-noi-vu" and r.period == "2023")
    odd = 'Thu & chi <dự toán> "đạt" 100%\nDòng thứ hai'
    patched = data.model_copy(
        update={"reports": [r.model_copy(update={"overview": odd}) if r is report else r for r in data.reports]}
    )
    content = render_one(ws, patched, DocRef("so-noi-vu", "bao-cao", "2023"))
    doc = Document(io.BytesIO(content))
    assert any('Thu & chi <dự toán> "đạt" 100%' in p.text and "Dòng thứ hai" in p.text for p in doc.paragraphs)
    assert "<w:br/>" in doc.element.xml


def test_missing_value_names_unit_template_and_variable(ws: Workspace, data: Dataset, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    template = root / "templates" / "docx" / "ke-hoach.docx"
    document = Document(str(template))
    document.add_paragraph("{{ unit.khong_co }}")
    document.save(str(template))
    with pytest.raises(RenderError) as caught:
        render_one(Workspace.open(root), data, DocRef("huyen-huong-khe", "ke-hoach"))
    message = str(caught.value)
    assert "huyen-huong-khe/ke-hoach" in message and "ke-hoach.docx" in message and "khong_co" in message


def test_a_value_printed_without_a_filter_still_reads_officially(data: Dataset, tmp_path: Path) -> None:
    """A template author who writes ``{{ doc.date }}`` gets 05/7/2023 (fast path and plain
    docxtpl alike), never the machine's 2023-07-05 or True."""
    import shutil

    from docgen.docx.renderer import PreparedTemplate

    root = tmp_path / "ws"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    template = root / "templates" / "docx" / "bao-cao.docx"
    document = Document(str(template))
    document.add_paragraph(
        "Ngày {{ doc.date }}; dự thảo: {{ doc.draft }}; tỷ lệ {{ report.indicators[0].ratio }}; năm {{ doc.year }}"
    )
    document.save(str(template))
    ref = DocRef("so-noi-vu", "bao-cao", "2023")
    context = build_context(data, ref, number=3, issue_date=date(2023, 12, 5))
    plain = render_one(Workspace.open(root), data, ref, number=3, issue_date=date(2023, 12, 5))
    fast = PreparedTemplate(template).render(context, doc_id=ref.id)
    for content in (plain, fast):
        text = document_text(content)
        line = next(line for line in text.splitlines() if line.startswith("Ngày 05/12/2023"))
        assert "; dự thảo: không;" in line and line.endswith("; năm 2023"), line
        assert re.search(r"tỷ lệ \d+(,\d+)?;", line), line


def test_sandbox_refuses_attribute_tricks(ws: Workspace, data: Dataset, tmp_path: Path) -> None:
    import shutil

    from docgen.errors import TemplateError

    root = tmp_path / "ws"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "data", root / "data")
    template = root / "templates" / "docx" / "ke-hoach.docx"
    document = Document(str(template))
    document.add_paragraph("{{ unit.__class__.__mro__ }}")
    document.save(str(template))
    with pytest.raises((TemplateError, RenderError)):
        render_one(Workspace.open(root), data, DocRef("huyen-huong-khe", "ke-hoach"))


def test_every_document_of_the_province_renders(ws: Workspace, data: Dataset, tmp_path: Path) -> None:
    from docgen.build.run import run_build

    refs = plan(data, communes=True)
    report = run_build(ws, data, refs, out_dir=tmp_path / "out", jobs=2)
    assert report.failed == 0, report.failures[:5]
    assert report.built == len(refs)


def test_every_header_line_fits_the_left_column(ws: Workspace, data: Dataset) -> None:
    from docgen.docx.layout import text_width

    grid = Document(str(ws.templates_dir / "ke-hoach.docx")).tables[0]._tbl.tblGrid
    column_pt = int(grid.gridCol_lst[0].get(f"{W}w")) / 20
    for unit in data.units.values():
        if not unit.produces:
            continue
        for line in unit.header.issuer:
            assert text_width(line, 13, True) <= column_pt, f"{unit.id}: {line!r} wraps; split it in units.yaml"
        if unit.header.parent:
            assert text_width(unit.header.parent, 13, False) <= column_pt, unit.id
