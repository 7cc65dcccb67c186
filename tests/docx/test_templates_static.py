"""The Word templates themselves (page, language, styles, tables, tags, variables) and the
rule-sizing mechanics of ``docgen.docx.layout``. Fast: no LibreOffice."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import jinja2
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen import kinds
from docgen.docx.layout import RULE_STYLES, fit_rules, text_width, widest_line
from docgen.docx.variables import described_paths
from docgen.vn import FILTERS, MonthDate

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates" / "docx"
ISSUED = ["quyet-dinh.docx", "ke-hoach.docx", "bao-cao.docx", "to-trinh.docx", "quyet-dinh-khen-thuong.docx"]
ATTACHMENTS = ["bao-cao-thanh-tich-tap-the.docx", "bao-cao-thanh-tich-ca-nhan.docx"]
ALL = ISSUED + ATTACHMENTS
TNR = "Times New Roman"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(name: str) -> Any:
    return docx.Document(str(TEMPLATES / name))


@pytest.fixture(scope="module", params=ALL)
def template(request: pytest.FixtureRequest) -> tuple[str, Any]:
    return request.param, _open(request.param)


# --- page, language, font ------------------------------------------------------------------------


def _mm(length: Length | None) -> float:
    assert length is not None
    return float(length.mm)


def test_a4_and_decree_30_margins(template: tuple[str, Any]) -> None:
    name, document = template
    for section in document.sections:
        width, height = sorted((_mm(section.page_width), _mm(section.page_height)))
        assert (round(width), round(height)) == (210, 297), name
        assert round(_mm(section.top_margin)) == 20
        assert round(_mm(section.bottom_margin)) == 20
        assert round(_mm(section.left_margin)) == 30
        assert round(_mm(section.right_margin)) == 15
    first = document.sections[0]
    assert _mm(first.page_height) > _mm(first.page_width), "the document starts on a portrait page"
    landscape = [s for s in document.sections if _mm(s.page_width) > _mm(s.page_height)]
    assert len(landscape) == (1 if name == "to-trinh.docx" else 0), "only the proposal's appendix is landscape"


def test_language_and_default_font(template: tuple[str, Any]) -> None:
    _, document = template
    rpr = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert rpr is not None
    fonts = rpr.find(f"{W}rFonts")
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(f"{W}{attribute}") == TNR, attribute
    assert rpr.find(f"{W}lang").get(f"{W}val") == "vi-VN"
    assert rpr.find(f"{W}color").get(f"{W}val") in ("000000", "auto")
    assert rpr.find(f"{W}sz").get(f"{W}val") == "28"  # 14 pt body
    assert document.core_properties.language == "vi-VN"


# --- styles ---------------------------------------------------------------------------------------

C, J, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
# name: size, bold, italic, alignment (None: not checked), caps (None: not checked)
EXPECTED_STYLES: dict[str, tuple[float, bool, bool, Any, bool | None]] = {
    "ND30 Noi dung": (14, False, False, J, None),
    "ND30 Co quan chu quan": (13, False, False, C, True),
    "ND30 Co quan ban hanh": (13, True, False, C, None),
    "ND30 Quoc hieu": (12, True, False, C, None),
    "ND30 Tieu ngu": (14, True, False, C, False),
    "ND30 So ky hieu": (13, False, False, C, False),
    "ND30 Dia danh ngay": (14, False, True, C, False),
    "ND30 Ten loai": (14, True, False, C, None),
    "ND30 Trich yeu": (14, True, False, C, False),
    "ND30 Tham quyen": (14, True, False, C, None),
    "ND30 Can cu": (14, False, True, J, False),
    "ND30 Muc I": (14, True, False, None, None),
    "ND30 Muc 1": (14, True, False, None, False),
    "ND30 Dieu": (14, True, False, None, False),
    "ND30 Kinh gui": (14, False, False, None, False),
    "ND30 Noi nhan tieu de": (12, True, True, L, False),
    "ND30 Noi nhan": (11, False, False, L, False),
    "ND30 Chuc vu ky": (14, True, False, C, True),
    "ND30 Ten nguoi ky": (14, True, False, C, False),
    "ND30 Bang": (13, False, False, None, False),
    "ND30 Bang tieu de": (13, True, False, C, False),
    "ND30 Phu luc": (14, True, False, C, False),
    "ND30 Phu luc chu thich": (14, False, True, C, False),
}
HEADER_STYLES = [
    "ND30 Co quan chu quan",
    "ND30 Co quan ban hanh",
    "ND30 Quoc hieu",
    "ND30 Tieu ngu",
    "ND30 So ky hieu",
    "ND30 Dia danh ngay",
]


def _pstyle(document: Any, name: str) -> Any:
    try:
        return document.styles[name]
    except KeyError:
        pytest.fail(f"style {name!r} is missing")


def _first_line(style: Any) -> float:
    value = style.paragraph_format.first_line_indent
    return 0.0 if value is None else float(value.cm)


@pytest.mark.parametrize("name", EXPECTED_STYLES)
def test_named_styles(template: tuple[str, Any], name: str) -> None:
    _, document = template
    size, bold, italic, alignment, caps = EXPECTED_STYLES[name]
    style = _pstyle(document, name)
    assert name.isascii() and name.startswith("ND30 ")
    assert style.font.size == Pt(size), name
    assert bool(style.font.bold) is bold, name
    assert bool(style.font.italic) is italic, name
    if alignment is not None:
        assert style.paragraph_format.alignment == alignment, name
    if caps is not None:
        assert bool(style.font.all_caps) is caps, name


def test_body_paragraph_style(template: tuple[str, Any]) -> None:
    _, document = template
    body = _pstyle(document, "ND30 Noi dung").paragraph_format
    assert _first_line(_pstyle(document, "ND30 Noi dung")) in (
        pytest.approx(1.0, abs=0.01),
        pytest.approx(1.27, abs=0.01),
    )
    assert body.space_after is not None and body.space_after >= Pt(6)
    if body.line_spacing_rule == WD_LINE_SPACING.MULTIPLE:
        assert 1.0 <= body.line_spacing <= 1.5
    else:
        assert body.line_spacing_rule in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST)
        assert Pt(14 * 1.15) <= body.line_spacing <= Pt(14 * 1.5 * 1.2)
    for name in ("ND30 Can cu", "ND30 Dieu"):
        assert _first_line(_pstyle(document, name)) == pytest.approx(_first_line(_pstyle(document, "ND30 Noi dung")))
    for name in ("ND30 Noi nhan", "ND30 Bang", "ND30 Bang tieu de"):
        assert _first_line(_pstyle(document, name)) == 0, name
    recipients = _pstyle(document, "ND30 Noi nhan").paragraph_format
    assert not recipients.space_before and not recipients.space_after


@pytest.mark.parametrize("name", HEADER_STYLES)
def test_header_styles_single_spaced(template: tuple[str, Any], name: str) -> None:
    _, document = template
    fmt = _pstyle(document, name).paragraph_format
    assert not fmt.space_before and not fmt.space_after, name
    assert fmt.line_spacing in (None, 1.0), name


@pytest.mark.parametrize("name", list(RULE_STYLES))
def test_rule_styles(template: tuple[str, Any], name: str) -> None:
    _, document = template
    style = _pstyle(document, name)
    bottom = style.element.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom is not None and bottom.get(f"{W}val") == "single" and bottom.get(f"{W}sz") == "6"
    assert Pt(2) <= style.font.size <= Pt(4)
    assert style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert style.paragraph_format.line_spacing <= Pt(6)


# --- tables ---------------------------------------------------------------------------------------


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _close(a: int, b: int) -> bool:
    """Equal to within 2 twips: LibreOffice rounds widths when it re-saves a template."""
    return abs(a - b) <= 2


def _check_grid(tbl: Any) -> None:
    """Cell widths equal grid widths (LibreOffice ignores cell widths otherwise), fixed layout."""
    grid = [int(col.get(f"{W}w")) for col in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert grid and all(grid)
    width = tbl.find(f"{W}tblPr/{W}tblW")
    assert width.get(f"{W}type") == "dxa" and _close(int(width.get(f"{W}w")), sum(grid))
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    for tr in tbl.findall(f"{W}tr"):
        column = 0
        for tc in tr.findall(f"{W}tc"):
            span_element = tc.find(f"{W}tcPr/{W}gridSpan")
            span = int(span_element.get(f"{W}val")) if span_element is not None else 1
            tc_w = tc.find(f"{W}tcPr/{W}tcW")
            assert tc_w.get(f"{W}type") == "dxa"
            assert _close(int(tc_w.get(f"{W}w")), sum(grid[column : column + span])), _text(tc)[:40]
            column += span
        assert column == len(grid)


def _borderless(tbl: Any) -> bool:
    """No visible border on the table or on any of its cells, and no table style to add one.

    Word and python-docx write the edges as ``w:tblBorders`` with ``nil``; LibreOffice writes
    empty ``w:tcBorders`` instead: both are borderless."""
    if tbl.find(f"{W}tblPr/{W}tblStyle") is not None:
        return False
    edges = [*tbl.findall(f"{W}tblPr/{W}tblBorders/*"), *tbl.findall(f"{W}tr/{W}tc/{W}tcPr/{W}tcBorders/*")]
    return all(edge.get(f"{W}val") in ("nil", "none") for edge in edges)


def _tables(document: Any) -> list[Any]:
    return list(document.element.body.iter(f"{W}tbl"))


def _header_table(document: Any) -> Any:
    found = [t for t in _tables(document) if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _text(t)]
    return found[0] if found else None


def _signature_table(document: Any) -> Any:
    found = [t for t in _tables(document) if re.search(r"signer\.name|reporter\.name", _text(t))]
    assert len(found) == 1
    return found[0]


def test_header_table(template: tuple[str, Any]) -> None:
    name, document = template
    tbl = _header_table(document)
    if name in ATTACHMENTS:
        # forms 02/03: national title and motto centred on the page, no issuer, no number
        assert tbl is None
        assert "number_line" not in document.element.body.xml and "Số:" not in _text(document.element.body)
        return
    assert tbl is not None and _borderless(tbl)
    _check_grid(tbl)
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in tbl.findall(f"{W}tr"))
    grid = [int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    left, right = grid
    # "about 9.5–10.5 cm" on the right; and "margins of 30/15 mm (16.5 cm of text) avoid" the
    # table reaching into the margin: it is exactly the text width.
    assert 6.5 <= left / 567 <= 7.2 and 9.3 <= right / 567 <= 10.5
    assert left + right == 11906 - 1701 - 850
    # the longest one-line names of the data fit their columns at 13 pt bold (no cell margins)
    margins = tbl.find(f"{W}tblPr/{W}tblCellMar")
    pad = sum(int(margins.find(f"{W}{s}").get(f"{W}w")) for s in ("left", "right")) if margins is not None else 216
    assert text_width("SỞ LAO ĐỘNG - THƯƠNG BINH", 13, True) * 20 <= left - pad
    assert text_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True) * 20 <= right - pad
    cells = tbl.findall(f"{W}tr/{W}tc")
    assert "{{ doc.number_line }}" in _text(cells[2]) and "header_date(unit.place)" in _text(cells[3])
    assert "unit.header_issuer" in _text(cells[0]) and "unit.header_parent" in _text(cells[0])


def test_signature_table(template: tuple[str, Any]) -> None:
    name, document = template
    tbl = _signature_table(document)
    assert _borderless(tbl)
    _check_grid(tbl)
    rows = tbl.findall(f"{W}tr")
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)
    left, right = rows[0].findall(f"{W}tc")
    if name in ISSUED:
        assert len(rows) == 1
        assert _text(left).startswith("Nơi nhận:") and "for r in recipients" in _text(left)
        assert "signer.lines" in _text(right) and "signer.name" in _text(right)
    else:
        assert "confirmer.lines" in _text(left) and "reporter.title" in _text(right)
        assert "recipients" not in document.element.body.xml


def test_data_tables(template: tuple[str, Any]) -> None:
    _, document = template
    for tbl in _tables(document):
        _check_grid(tbl)
        if _borderless(tbl):
            continue
        first = tbl.find(f"{W}tr")
        assert first.find(f"{W}trPr/{W}tblHeader") is not None, "the header row repeats on every page"


# --- page numbers ---------------------------------------------------------------------------------


def test_page_number_from_page_two(template: tuple[str, Any]) -> None:
    _, document = template
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(f"{W}titlePg") is not None
    header = section.header._element
    instructions = " ".join(i.text or "" for i in header.iter(f"{W}instrText"))
    instructions += " ".join(f.get(f"{W}instr") or "" for f in header.iter(f"{W}fldSimple"))
    assert re.search(r"\bPAGE\b", instructions)
    paragraph = header.find(f"{W}p")
    style_id = paragraph.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
    style = next(s for s in document.styles if s.style_id == style_id)
    assert style.paragraph_format.alignment == C and style.font.size in (Pt(13), Pt(14))
    first = section.first_page_header._element
    assert not _text(first).strip() and first.find(f".//{W}instrText") is None
    for later in document.sections[1:]:  # an appendix section shows its number on its first page
        assert later._sectPr.find(f"{W}titlePg") is None


# --- tags and variables ---------------------------------------------------------------------------

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def test_every_tag_is_inside_one_run(template: tuple[str, Any]) -> None:
    _, document = template
    for p in document.element.body.iter(f"{W}p"):
        runs = [_text(r) for r in p.findall(f"{W}r")]
        text = "".join(runs)
        tags = TAG.findall(text)
        in_runs = [tag for run in runs for tag in TAG.findall(run)]
        assert tags == in_runs, text
        assert text.count("{") == text.count("}"), text
        if "{%p " in text or "{%tr " in text:
            assert TAG.fullmatch(text.strip()), f"a paragraph or row tag must stand alone: {text!r}"


def _patched_source(name: str) -> str:
    tpl = DocxTemplate(str(TEMPLATES / name))
    tpl.render_init()
    return str(tpl.patch_xml(tpl.get_xml()))


def _template_kinds() -> dict[str, tuple[str, str | None]]:
    """Each template file: the kind and variant whose context it is rendered with."""
    found: dict[str, tuple[str, str | None]] = {}
    for spec in kinds.KINDS.values():
        for kind_type, suffix in spec.variants.items() or [(None, None)]:
            found[spec.template(kind_type)] = (spec.id, suffix)
    return found


def _used_paths(tree: nodes.Template) -> set[str]:
    used: set[str] = set()

    def path_of(node: nodes.Node, aliases: dict[str, str]) -> str | None:
        if isinstance(node, nodes.Name):
            return None if node.name == "loop" else aliases.get(node.name, node.name)
        if isinstance(node, nodes.Getattr):
            base = path_of(node.node, aliases)
            return f"{base}.{node.attr}" if base else None
        return None

    def walk(node: nodes.Node, aliases: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            walk(node.iter, aliases)
            inner = dict(aliases)
            source = path_of(node.iter, aliases)
            if isinstance(node.target, nodes.Name) and source:
                inner[node.target.name] = f"{source}[i]"
            for child in [*node.body, *node.else_]:
                walk(child, inner)
            return
        if isinstance(node, nodes.Getattr):
            path = path_of(node, aliases)
            if path:
                used.add(path)
                return
        for child in node.iter_child_nodes():
            walk(child, aliases)

    walk(tree, {})
    return used


@pytest.mark.parametrize("name", ALL)
def test_tags_parse_and_use_described_variables(name: str) -> None:
    """Every variable and attribute a template uses is one its kind (and variant) has
    (docgen/docx/variables.py, docs/bien-mau.md)."""
    tpl = DocxTemplate(str(TEMPLATES / name))
    env = jinja2.Environment()
    env.filters.update(FILTERS)
    undeclared = tpl.get_undeclared_template_variables(env)
    paths = described_paths(*_template_kinds()[name])
    top = {p.split(".")[0].removesuffix("[i]") for p in paths}
    assert undeclared - set(FILTERS) <= top, f"undescribed variables: {sorted(undeclared - set(FILTERS) - top)}"
    tree = jinja2.Environment().parse(_patched_source(name))
    used = _used_paths(tree)
    assert used <= paths, f"undescribed attributes: {sorted(used - paths)}"


# --- rendering: every template, a district and a department --------------------------------------


def _task(text: str, lead: str, when: str, partner: str = "") -> dict[str, Any]:
    return {"text": text, "deadline": None, "deadline_text": when, "lead": lead, "partner": partner}


def _context(unit: dict[str, Any], numbered: bool) -> dict[str, Any]:
    tasks = [_task("Rà soát, đánh giá kết quả 6 tháng.", unit["short_name"], "tháng 7/2023", "Sở Nội vụ"),
             _task("Sử dụng điện tiết kiệm.", unit["short_name"], "Thường xuyên")]  # fmt: skip
    group = {
        "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "roman": "I",
        "title": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (cá nhân)",
        "who": "cá nhân",
        "entries": [{"stt": 1, "display_name": "Ông Nguyễn Văn D", "workplace": "Phòng Nội vụ", "summary": "…",
                     "position_unit": "Trưởng phòng, Phòng Nội vụ",
                     "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "amount": 1_800_000}],
    }  # fmt: skip
    return {
        "unit": unit,
        "doc": {
            "id": "x", "kind": "x", "type_name": "X", "number": 5 if numbered else None,
            "number_symbol": "05/KH-UBND" if numbered else "      /KH-UBND",
            "number_line": "Số: 05/KH-UBND" if numbered else "Số:      /KH-UBND",
            "date": date(2023, 7, 5) if numbered else MonthDate(2023, 7), "draft": not numbered,
            "summary": "Về việc phát động phong trào thi đua yêu nước năm 2023", "year": 2023,
        },
        "campaign": {"title": "các phong trào thi đua yêu nước năm 2023", "school_year": "2023 - 2024"},
        "directive": {"citation": "Công văn số 01/UBND-NC1 ngày 10/7/2023 của Chủ tịch UBND tỉnh về việc …",
                      "date": date(2023, 7, 10)},
        "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022."],
        "signer": {"lines": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "name": "Nguyễn Văn A"},
        "recipients": ["- Như trên;", "- Lưu: VT, NV."],
        "movements": [{"name": "Hà Tĩnh vì người nghèo", "description": "", "tasks": tasks}],
        "unit_tasks": [], "other_tasks": tasks,
        "report_to": "Sở Nội vụ", "propose_to": "Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh",
        "deadlines": {"report_h1": date(2023, 7, 31), "report_year": date(2023, 12, 15)},
        "period": {"id": "2023-h1", "name": "6 tháng đầu năm 2023", "next_name": "6 tháng cuối năm 2023",
                   "start": date(2023, 1, 1), "end": date(2023, 6, 30)},
        "report": {"overview": "…", "results": [{"movement": "Hà Tĩnh vì người nghèo", "text": "…"}],
                   "indicators": [{"stt": 1, "name": "Thu ngân sách", "measure": "tỷ đồng", "target": Decimal(525),
                                   "result": Decimal("598.5"), "ratio": Decimal("114.0"), "decimals": 1}],
                   "difficulties": ["…"], "next_tasks": ["…"], "proposals": [], "sample": True},
        "proposal": {"groups": [group], "collectives": 0, "individuals": 1, "total": 1_800_000,
                     "base_salary": 1_800_000, "summary_lines": ["01 cá nhân đề nghị tặng Bằng khen."]},
        "candidate": {
            "type": "individual", "name": "Nguyễn Văn D", "display_name": "Ông Nguyễn Văn D", "award": "Bằng khen",
            "workplace": "Phòng Nội vụ", "summary": "…", "position": "Trưởng phòng", "gender": "nam",
            "birth_date": date(1978, 5, 12), "ethnicity": "Kinh", "religion": "Không", "hometown": "…",
            "residence": "…", "political_qualification": "Cao cấp", "professional_qualification": "Thạc sĩ",
            "duties": "…", "profile": "…", "organisation": "…", "emulation": "", "achievements": ["…"],
            "results": [{"year": 2023, "indicator": "…", "target": 98, "result": 100, "ratio": Decimal("102.04"),
                         "decimals": 0}],
            "initiatives": [], "prior_awards": [],
        },
        "decision": {
            "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "award_id": "bang-khen-chu-tich-ubnd-tinh",
            "proposal": "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 20/01/2024.",
            "article1": "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 cá nhân (có danh sách kèm theo).",
            "article2": "Mỗi cá nhân được tặng kèm theo mức tiền thưởng 1.800.000 đồng "
                        "(Một triệu tám trăm nghìn đồng).",
            "collectives": 0, "individuals": 1,
            "list_title": "Cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh",
            "groups": [{"roman": "I", "title": "CÁ NHÂN", "units": [
                {"id": "huyen-huong-khe", "name": "UBND huyện Hương Khê", "entries": group["entries"]}]}],
        },
        "reporter": {"title": "NGƯỜI BÁO CÁO", "name": "Nguyễn Văn D"},
        "confirmer": {"lines": ["XÁC NHẬN CỦA", "THỦ TRƯỞNG ĐƠN VỊ", "GIÁM ĐỐC"], "name": "Nguyễn Văn A"},
    }  # fmt: skip


DISTRICT = {
    "id": "huyen-huong-khe", "name": "Ủy ban nhân dân huyện Hương Khê", "short_name": "UBND huyện Hương Khê",
    "kind": "district", "place": "Hương Khê", "header_parent": "", "header_issuer": ["ỦY BAN NHÂN DÂN",
    "HUYỆN HƯƠNG KHÊ"], "symbol": "UBND", "head_title": "CHỦ TỊCH",
    "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN HƯƠNG KHÊ",
    "scope": "các cơ quan, đơn vị, địa phương thuộc phạm vi quản lý của UBND huyện Hương Khê",
}  # fmt: skip
DEPARTMENT = {
    "id": "so-lao-dong-thuong-binh-va-xa-hoi", "name": "Sở Lao động - Thương binh và Xã hội",
    "short_name": "Sở Lao động - Thương binh và Xã hội", "kind": "department", "place": "Hà Tĩnh",
    "header_parent": "UBND TỈNH HÀ TĨNH", "header_issuer": ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"],
    "symbol": "SLĐTBXH", "head_title": "GIÁM ĐỐC", "authority": "GIÁM ĐỐC SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "scope": "các phòng, đơn vị thuộc và trực thuộc Sở Lao động - Thương binh và Xã hội",
}  # fmt: skip


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    env.globals.update(FILTERS)
    return env


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(("unit", "numbered"), [(DISTRICT, False), (DEPARTMENT, True)], ids=["district", "dept"])
def test_renders_in_the_sandbox(name: str, unit: dict[str, Any], numbered: bool) -> None:
    tpl = DocxTemplate(str(TEMPLATES / name))
    context = _context(copy.deepcopy(unit), numbered)
    if name == "bao-cao-thanh-tich-tap-the.docx":
        context["candidate"]["type"] = "collective"
    tpl.render(context, _environment(), autoescape=True)
    document = tpl.docx
    assert document is not None
    assert fit_rules(document) == (3 if name in ISSUED else 2)
    text = "\n".join(_text(p) for p in document.element.body.iter(f"{W}p"))
    assert not re.search(r"\{\{|\{%|%\}|\}\}|\bNone\b", text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    place = "Hà Tĩnh, ngày 05 tháng 7 năm 2023" if numbered else "Hương Khê, ngày      tháng 7 năm 2023"
    assert place in text
    if name in ISSUED:
        assert ("Số: 05/KH-UBND" if numbered else "Số:      /KH-UBND") in text
        assert "./." in text
        assert unit["header_issuer"][0] in text
    if name == "to-trinh.docx":
        assert "(Kèm theo Tờ trình số 05/KH-UBND ngày 05 tháng 7 năm 2023 của" in text or not numbered
        assert "1.800.000 đồng (Một triệu tám trăm nghìn đồng)" in text
    if name == "quyet-dinh-khen-thuong.docx":
        assert "DANH SÁCH" in text and "I. CÁ NHÂN" in text and "Ông Nguyễn Văn D" in text
        assert "1.800.000 đồng (Một triệu tám trăm nghìn đồng)" in text
    if name == "bao-cao.docx":
        assert "598,5" in text and "114,0%" in text and "NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023" in text


# --- docx.layout: rules under the header texts ------------------------------------------------------


def test_character_widths_are_the_times_metrics() -> None:
    # Times-Bold AFM: S 556, O 778, space 250, N 722, I 389, V 722, U 722; marks take the base width
    assert text_width("SỞ NỘI VỤ", 13, True) == pytest.approx(
        (556 + 778 + 250 + 722 + 778 + 389 + 250 + 722 + 722) * 0.013
    )
    assert text_width("Đđ", 10) == pytest.approx((722 + 500) / 100)
    assert text_width("ă ê ơ ư", 10) == text_width("a e o u", 10)


def test_widest_line_wraps_at_spaces() -> None:
    glyphs = [(ch, 10.0, False) for ch in "aaaa bbbb cccc"]
    one = text_width("aaaa", 10)
    assert widest_line(glyphs, 1000) == pytest.approx(text_width("aaaa bbbb cccc", 10))
    assert widest_line(glyphs, one * 2) == pytest.approx(text_width("bbbb", 10))  # b is wider than a
    assert widest_line([(ch, 10.0, False) for ch in "x" * 50], 20) == 20


def _blank_document(template: str = "quyet-dinh.docx") -> Any:
    """A document with the styles of a template and an empty body."""
    document = _open(template)
    body = document.element.body
    for child in list(body):
        if child.tag != f"{W}sectPr":
            body.remove(child)
    return document


def _cell_with(document: Any, width_cm: float, lines: list[str], text_style: str, rule_style: str) -> Any:
    table = document.add_table(rows=1, cols=1)
    tbl = table._tbl
    twips = round(width_cm * 567)
    tbl.tblGrid.find(f"{W}gridCol").set(f"{W}w", str(twips))
    cell = table.cell(0, 0)
    cell.width = Length(twips * 635)
    margins = tbl.tblPr.makeelement(f"{W}tblCellMar", {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(f"{W}{side}", {f"{W}w": "0", f"{W}type": "dxa"}))
    tbl.tblPr.append(margins)
    cell.paragraphs[0].text = lines[0]
    cell.paragraphs[0].style = document.styles[text_style]
    for line in lines[1:]:
        cell.add_paragraph(line, style=text_style)
    return cell.add_paragraph("", style=rule_style)


def _line_pt(rule: Any, container_twips: float) -> float:
    ind = rule._p.find(f"{W}pPr/{W}ind")
    left, right = int(ind.get(f"{W}left")), int(ind.get(f"{W}right"))
    assert left == right
    return (container_twips - left - right) / 20


ISSUERS = [["SỞ NỘI VỤ"], ["ỦY BAN NHÂN DÂN", "HUYỆN HƯƠNG KHÊ"], ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]]


def test_issuer_rule_is_a_third_to_a_half_of_each_name() -> None:
    document = _blank_document()
    rules = [_cell_with(document, 7.1, lines, "ND30 Co quan ban hanh", "ND30 Gach duoi") for lines in ISSUERS]
    assert fit_rules(document) == 3
    indents = []
    for lines, rule in zip(ISSUERS, rules, strict=True):
        widest = max(text_width(line, 13, True) for line in lines)
        line = _line_pt(rule, round(7.1 * 567))
        assert 1 / 3 <= line / widest <= 1 / 2, lines
        indents.append(rule._p.find(f"{W}pPr/{W}ind").get(f"{W}left"))
    assert len(set(indents)) == 3, "each unit gets its own line length"


def test_motto_rule_is_as_long_as_the_motto() -> None:
    document = _blank_document()
    motto = "Độc lập - Tự do - Hạnh phúc"
    rule = _cell_with(document, 9.4, [motto], "ND30 Tieu ngu", "ND30 Gach duoi day du")
    assert fit_rules(document) == 1
    assert 0.9 <= _line_pt(rule, round(9.4 * 567)) / text_width(motto, 14, True) <= 1.1


def test_rule_under_a_wrapped_summary_is_capped_by_the_page() -> None:
    document = _blank_document()
    document.add_paragraph("Về việc " + "phát động phong trào thi đua " * 8, style="ND30 Trich yeu")
    rule = document.add_paragraph("", style="ND30 Gach duoi")
    assert fit_rules(document) == 1
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    # the widest wrapped line is at most the text width: the rule is at most 40 % of it
    assert 0.35 * width / 12700 <= _line_pt(rule, width / 635) <= 0.4 * width / 12700 + 0.1


def test_rules_are_found_by_style_name_not_id() -> None:
    """LibreOffice may rename style ids on re-save; names survive."""
    document = _blank_document()
    rule = _cell_with(document, 7.1, ["SỞ NỘI VỤ"], "ND30 Co quan ban hanh", "ND30 Gach duoi")
    old = document.styles["ND30 Gach duoi"].style_id
    document.styles["ND30 Gach duoi"].element.set(qn("w:styleId"), "P12")
    for element in document.element.body.iter(f"{W}pStyle"):
        if element.get(f"{W}val") == old:
            element.set(f"{W}val", "P12")
    assert fit_rules(document) == 1
    assert 1 / 3 <= _line_pt(rule, round(7.1 * 567)) / text_width("SỞ NỘI VỤ", 13, True) <= 1 / 2


def test_run_properties_override_the_style() -> None:
    document = _blank_document()
    rule = _cell_with(document, 9.0, ["SỞ NỘI VỤ"], "ND30 Co quan ban hanh", "ND30 Gach duoi")
    run = rule._p.getprevious().findall(f"{W}r")[0]
    docx.text.run.Run(run, None).font.size = Pt(26)  # twice the style's 13 pt
    fit_rules(document)
    assert _line_pt(rule, round(9.0 * 567)) / text_width("SỞ NỘI VỤ", 26, True) == pytest.approx(0.4, abs=0.01)


def test_paragraphs_with_text_are_not_rules() -> None:
    document = _blank_document()
    document.add_paragraph("BÁO CÁO", style="ND30 Ten loai")
    document.add_paragraph("chữ", style="ND30 Gach duoi")
    assert fit_rules(document) == 0


def _iter_rules(document: Any) -> Iterator[Any]:
    names = {s.style_id for s in document.styles if s.name in RULE_STYLES}
    for p in document.element.body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in names:
            yield p


def test_templates_have_their_rules(template: tuple[str, Any]) -> None:
    name, document = template
    rules = list(_iter_rules(document))
    assert len(rules) == (3 if name in ISSUED else 2)
    for p in rules:
        assert not _text(p), "a rule paragraph is empty"
