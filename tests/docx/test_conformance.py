"""Decree 30 layout of a template itself (``docgen.docx.conformance``): the bundled templates
meet it; templates an author has broken in Word — built here from the real ones with
python-docx, as Word writes them — get one finding each, with its rule, place and remedy."""

from __future__ import annotations

import copy
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from docgen.docx.conformance import layout_findings
from docgen.docx.findings import Finding

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates" / "docx"
ALL = sorted(p.name for p in TEMPLATES.glob("*.docx"))
PARTS = re.compile(r"word/(document|styles|header\d+|footer\d+)\.xml")

DECREE = "Nghị định 30/2020, Phụ lục I"
FONT_RULE = f"phông chữ Times New Roman ({DECREE})"
PAGE_SETUP = "Bố cục → {} (LibreOffice: Định dạng → Kiểu trang → Trang)"
CLEAR = (
    "chọn đoạn này rồi bấm Ctrl+Space (LibreOffice: Ctrl+M) để bỏ định dạng ký tự trực tiếp, "
    "chữ sẽ theo kiểu «ND30 Noi dung»"
)
MODIFY = "Trang đầu → Kiểu: bấm chuột phải vào kiểu «{}» → Sửa đổi → {}"
# ke-hoach.docx, body paragraph 11 (ND30 Noi dung)
PURPOSE = "Thông qua các phong trào thi đua, phát"
PURPOSE_WHERE = "đoạn 11 «Thông qua các phong trào thi đua, phát…»"


def _parts(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as package:
        return {n: etree.fromstring(package.read(n)) for n in package.namelist() if PARTS.fullmatch(n)}


def _check(path: Path) -> list[Finding]:
    return layout_findings(path.name, _parts(path))


def _edited(tmp_path: Path, name: str, edit: Callable[[Any], None]) -> Path:
    """The bundled template ``name`` changed by ``edit`` (a python-docx Document) and saved."""
    document = docx.Document(str(TEMPLATES / name))
    edit(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def _body_paragraph(document: Any, start: str) -> Any:
    return next(p for p in document.paragraphs if p.text.startswith(start))


# --- the bundled templates ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_bundled_templates_meet_decree_30(name: str) -> None:
    assert _check(TEMPLATES / name) == []


def test_the_parts_are_read_not_changed() -> None:
    parts = _parts(TEMPLATES / "to-trinh.docx")
    before = {n: etree.tostring(root) for n, root in parts.items()}
    layout_findings("to-trinh.docx", parts)
    assert {n: etree.tostring(root) for n, root in parts.items()} == before


def test_the_header_tables_negative_indent_is_allowed(tmp_path: Path) -> None:
    """The official samples let the header table reach into the margins (about −0,35 cm)."""

    def indent(document: Any) -> None:
        properties = document.tables[0]._tbl.tblPr
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), "-198")
        ind.set(qn("w:type"), "dxa")
        properties.append(ind)

    assert _check(_edited(tmp_path, "ke-hoach.docx", indent)) == []


# --- page -----------------------------------------------------------------------------------------


def test_a_2_cm_left_margin(tmp_path: Path) -> None:
    def margin(document: Any) -> None:
        document.sections[0].left_margin = Cm(2)

    assert _check(_edited(tmp_path, "ke-hoach.docx", margin)) == [
        Finding(
            "ke-hoach.docx",
            f"lề trái 30–35 mm ({DECREE})",
            "",
            "lề trái 20 mm",
            PAGE_SETUP.format("Lề → Lề tùy chỉnh: trái 30 mm"),
        )
    ]


def test_a_margin_of_one_section_names_the_section(tmp_path: Path) -> None:
    """to-trinh.docx has a landscape section for its appendix's wide table."""

    def margins(document: Any) -> None:
        document.sections[1].right_margin = Mm(25)
        document.sections[1].top_margin = Mm(15.5)

    assert _check(_edited(tmp_path, "to-trinh.docx", margins)) == [
        Finding(
            "to-trinh.docx",
            f"lề trên 20–25 mm ({DECREE})",
            "phần 2 của văn bản (trang ngang)",
            "lề trên 15,5 mm",
            PAGE_SETUP.format("Lề → Lề tùy chỉnh: trên 20 mm"),
        ),
        Finding(
            "to-trinh.docx",
            f"lề phải 15–20 mm ({DECREE})",
            "phần 2 của văn bản (trang ngang)",
            "lề phải 25 mm",
            PAGE_SETUP.format("Lề → Lề tùy chỉnh: phải 20 mm"),
        ),
    ]


MARGINS = [
    ("top", 20, True),
    ("top", 25, True),
    ("top", 19, False),
    ("top", 26, False),
    ("bottom", 20, True),
    ("bottom", 30, False),
    ("left", 30, True),
    ("left", 35, True),
    ("left", 29, False),
    ("left", 36, False),
    ("right", 15, True),
    ("right", 20, True),
    ("right", 14, False),
    ("right", 21, False),
]


@pytest.mark.parametrize(("side", "mm", "allowed"), MARGINS)
def test_margins_in_and_out_of_range(side: str, mm: int, allowed: bool) -> None:
    parts = copy.deepcopy(_parts(TEMPLATES / "quyet-dinh.docx"))
    margins = parts["word/document.xml"].find(f".//{qn('w:pgMar')}")
    margins.set(qn(f"w:{side}"), str(round(mm * 1440 / 25.4)))
    findings = layout_findings("quyet-dinh.docx", parts)
    name = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}[side]
    assert [f.message for f in findings] == ([] if allowed else [f"lề {name} {mm} mm"])


def test_a5_paper(tmp_path: Path) -> None:
    def a5(document: Any) -> None:
        document.sections[0].page_width = Mm(148)
        document.sections[0].page_height = Mm(210)

    assert _check(_edited(tmp_path, "bao-cao.docx", a5)) == [
        Finding(
            "bao-cao.docx",
            f"khổ giấy A4 210 × 297 mm ± 1 mm ({DECREE})",
            "",
            "khổ giấy 148 × 210 mm (A5)",
            PAGE_SETUP.format("Kích thước → A4"),
        )
    ]


def test_a_landscape_first_page(tmp_path: Path) -> None:
    def landscape(document: Any) -> None:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width

    assert _check(_edited(tmp_path, "quyet-dinh.docx", landscape)) == [
        Finding(
            "quyet-dinh.docx",
            f"trang đầu khổ dọc; trang ngang chỉ cho bảng rộng ({DECREE})",
            "",
            "trang đầu khổ ngang (297 × 210 mm)",
            PAGE_SETUP.format("Hướng → Dọc"),
        )
    ]


def test_a_landscape_page_without_a_table(tmp_path: Path) -> None:
    def landscape(document: Any) -> None:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        document.add_paragraph("Ghi chú", style="ND30 Noi dung")

    assert _check(_edited(tmp_path, "ke-hoach.docx", landscape)) == [
        Finding(
            "ke-hoach.docx",
            f"trang đầu khổ dọc; trang ngang chỉ cho bảng rộng ({DECREE})",
            "phần 2 của văn bản (trang ngang)",
            "trang ngang không chứa bảng nào",
            "chỉ để trang ngang cho bảng rộng: " + PAGE_SETUP.format("Hướng → Dọc"),
        )
    ]


# --- fonts and sizes of styles --------------------------------------------------------------------


def test_arial_in_the_normal_style_is_reported_once_at_normal(tmp_path: Path) -> None:
    def arial(document: Any) -> None:
        document.styles["Normal"].font.name = "Arial"

    assert _check(_edited(tmp_path, "ke-hoach.docx", arial)) == [
        Finding(
            "ke-hoach.docx",
            FONT_RULE,
            "kiểu «Normal»",
            "phông chữ Arial; các kiểu dựa trên kiểu này cũng dùng phông chữ đó: "
            "«ND30 Co quan chu quan», «ND30 Co quan ban hanh», «ND30 Quoc hieu» và 18 kiểu khác",
            MODIFY.format("Normal", "Phông: Times New Roman"),
        )
    ]


def test_arial_body_style(tmp_path: Path) -> None:
    def arial(document: Any) -> None:
        document.styles["ND30 Noi dung"].font.name = "Arial"

    assert _check(_edited(tmp_path, "bao-cao.docx", arial)) == [
        Finding(
            "bao-cao.docx",
            FONT_RULE,
            "kiểu «ND30 Noi dung»",
            "phông chữ Arial",
            MODIFY.format("ND30 Noi dung", "Phông: Times New Roman"),
        )
    ]


def test_arial_document_default(tmp_path: Path) -> None:
    def arial(document: Any) -> None:
        fonts = document.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
        )
        fonts.set(qn("w:ascii"), "Arial")
        fonts.set(qn("w:hAnsi"), "Arial")

    assert _check(_edited(tmp_path, "quyet-dinh.docx", arial)) == [
        Finding(
            "quyet-dinh.docx",
            FONT_RULE,
            "",
            "phông chữ mặc định của văn bản là Arial",
            "Trang đầu → Kiểu → Quản lý Kiểu → Đặt Mặc định → Phông: Times New Roman",
        )
    ]


def test_word_theme_fonts_in_the_defaults(tmp_path: Path) -> None:
    """Word's blank document sets the defaults to the theme's fonts (Calibri), which win over
    a font named in the same element."""

    def theme(document: Any) -> None:
        fonts = document.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
        )
        for slot in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{slot}Theme"), "minorHAnsi")

    assert _check(_edited(tmp_path, "bao-cao-thanh-tich-tap-the.docx", theme)) == [
        Finding(
            "bao-cao-thanh-tich-tap-the.docx",
            FONT_RULE,
            "",
            "phông chữ mặc định của văn bản là phông của chủ đề (minorHAnsi)",
            "Trang đầu → Kiểu → Quản lý Kiểu → Đặt Mặc định → Phông: Times New Roman",
        )
    ]


def test_header_and_signature_styles_out_of_their_ranges(tmp_path: Path) -> None:
    def sizes(document: Any) -> None:
        document.styles["ND30 Quoc hieu"].font.size = Pt(14)
        document.styles["ND30 Noi nhan"].font.size = Pt(12)
        document.styles["ND30 Ten nguoi ky"].font.size = Pt(15)

    def finding(rule: str, style: str, size: int, fix: int) -> Finding:
        return Finding(
            "to-trinh.docx", rule, f"kiểu «{style}»", f"cỡ chữ {size} pt", MODIFY.format(style, f"Cỡ: {fix}")
        )

    assert _check(_edited(tmp_path, "to-trinh.docx", sizes)) == [
        finding(f"cỡ chữ quốc hiệu 12–13 pt ({DECREE})", "ND30 Quoc hieu", 14, 13),
        finding(f"cỡ chữ nơi nhận 11 pt ({DECREE})", "ND30 Noi nhan", 12, 11),
        finding(f"cỡ chữ họ tên người ký 13–14 pt ({DECREE})", "ND30 Ten nguoi ky", 15, 14),
    ]


def test_one_body_size(tmp_path: Path) -> None:
    def smaller(document: Any) -> None:
        document.styles["ND30 Can cu"].font.size = Pt(13)

    assert _check(_edited(tmp_path, "quyet-dinh.docx", smaller)) == [
        Finding(
            "quyet-dinh.docx",
            f"một cỡ chữ cho cả phần nội dung, 13–14 pt ({DECREE})",
            "kiểu «ND30 Can cu»",
            "cỡ chữ 13 pt, khác cỡ 14 pt của kiểu «ND30 Noi dung»",
            MODIFY.format("ND30 Can cu", "Cỡ: 14"),
        )
    ]


def test_an_authors_own_style_takes_the_range_of_where_it_is_used(tmp_path: Path) -> None:
    def own_style(document: Any) -> None:
        style = document.styles.add_style("Thân bài", 1)  # WD_STYLE_TYPE.PARAGRAPH
        style.base_style = document.styles["Normal"]
        style.font.size = Pt(12)
        _body_paragraph(document, PURPOSE).style = style

    assert _check(_edited(tmp_path, "ke-hoach.docx", own_style)) == [
        Finding(
            "ke-hoach.docx",
            f"cỡ chữ phần nội dung 13–14 pt ({DECREE})",
            "kiểu «Thân bài»",
            f"cỡ chữ 12 pt; kiểu này dùng ở {PURPOSE_WHERE}",
            MODIFY.format("Thân bài", "Cỡ: 13"),
        )
    ]


def test_a_package_without_styles() -> None:
    """Without word/styles.xml, Word falls back to the machine's font and 10 pt: each place of
    text (header table, body, page header) is reported once, at its first paragraph."""
    parts = _parts(TEMPLATES / "quyet-dinh.docx")
    del parts["word/styles.xml"]
    defaults = "Trang đầu → Kiểu → Quản lý Kiểu → Đặt Mặc định → {}"
    ten = "cỡ chữ 10 pt (cỡ Word dùng khi văn bản không khai báo cỡ chữ)"
    assert layout_findings("quyet-dinh.docx", parts) == [
        Finding(
            "quyet-dinh.docx",
            FONT_RULE,
            "",
            "văn bản không khai báo phông chữ mặc định (Word và LibreOffice dùng phông của máy)",
            defaults.format("Phông: Times New Roman"),
        ),
        Finding(
            "quyet-dinh.docx",
            "cỡ chữ trong bảng 12–14 pt (quy ước của docgen: Nghị định 30/2020 không quy định cỡ chữ trong bảng)",
            "bảng 1, hàng 1, ô 1 «{{ unit.header_parent }}»",
            ten,
            defaults.format("Cỡ: 12"),
        ),
        Finding(
            "quyet-dinh.docx",
            f"cỡ chữ phần nội dung 13–14 pt ({DECREE})",
            "đoạn 1 «QUYẾT ĐỊNH»",
            ten,
            defaults.format("Cỡ: 13"),
        ),
        Finding(
            "quyet-dinh.docx",
            f"cỡ chữ số trang ở đầu trang 13–14 pt ({DECREE})",
            "đầu trang (header1), đoạn 1 «2»",
            ten,
            defaults.format("Cỡ: 13"),
        ),
    ]


# --- direct formatting ----------------------------------------------------------------------------


def test_direct_arial_12_on_a_body_run(tmp_path: Path) -> None:
    def direct(document: Any) -> None:
        run = _body_paragraph(document, PURPOSE).runs[0]
        run.font.name = "Arial"
        run.font.size = Pt(12)

    on = f"(định dạng trực tiếp trên «{PURPOSE}…»)"
    assert _check(_edited(tmp_path, "ke-hoach.docx", direct)) == [
        Finding(
            "ke-hoach.docx", f"cỡ chữ phần nội dung 13–14 pt ({DECREE})", PURPOSE_WHERE, f"cỡ chữ 12 pt {on}", CLEAR
        ),
        Finding("ke-hoach.docx", FONT_RULE, PURPOSE_WHERE, f"phông chữ Arial {on}", CLEAR),
    ]


def test_direct_colour_and_a_second_body_size(tmp_path: Path) -> None:
    def direct(document: Any) -> None:
        paragraph = _body_paragraph(document, PURPOSE)
        paragraph.runs[0].font.color.rgb = docx.shared.RGBColor(0xC0, 0, 0)
        paragraph.runs[0].font.size = Pt(13)

    on = f"(định dạng trực tiếp trên «{PURPOSE}…»)"
    assert _check(_edited(tmp_path, "ke-hoach.docx", direct)) == [
        Finding("ke-hoach.docx", f"chữ màu đen ({DECREE})", PURPOSE_WHERE, f"chữ màu C00000 {on}", CLEAR),
        Finding(
            "ke-hoach.docx",
            f"một cỡ chữ cho cả phần nội dung, 13–14 pt ({DECREE})",
            PURPOSE_WHERE,
            f"cỡ chữ 13 pt {on}, khác cỡ 14 pt của kiểu «ND30 Noi dung»",
            CLEAR,
        ),
    ]


def test_formatting_of_tags_that_print_nothing_is_not_checked(tmp_path: Path) -> None:
    """``{%p for … %}`` paragraphs disappear from the documents: their formatting cannot show."""

    def direct(document: Any) -> None:
        paragraph = next(p for p in document.paragraphs if p.text.startswith("{%p for line in legal_bases"))
        paragraph.runs[0].font.name = "Arial"

    assert _check(_edited(tmp_path, "ke-hoach.docx", direct)) == []


# --- LibreOffice ----------------------------------------------------------------------------------


def test_templates_resaved_by_libreoffice(tmp_path: Path) -> None:
    """LibreOffice rewrites styles.xml (adds its own styles, e.g. «Heading» in Liberation Sans,
    that no paragraph uses), splits the headers per section and writes empty run properties
    everywhere; style names and ids survive. The check reads its XML as it reads Word's: clean
    for the bundled template, the same findings for a broken one. One soffice call."""
    from docgen.errors import PdfError
    from docgen.pdf.soffice import find_soffice

    try:
        soffice = find_soffice()
    except PdfError:
        pytest.skip("LibreOffice (soffice) không có trên máy này")

    def broken(document: Any) -> None:
        document.sections[0].left_margin = Cm(2)
        document.styles["ND30 Noi dung"].font.name = "Arial"

    (tmp_path / "broken").mkdir()
    sources = [
        TEMPLATES / "to-trinh.docx",
        TEMPLATES / "quyet-dinh-khen-thuong.docx",
        _edited(tmp_path / "broken", "ke-hoach.docx", broken),
    ]
    out = tmp_path / "resaved"
    subprocess.run(
        [
            str(soffice),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert _check(out / "to-trinh.docx") == []
    assert _check(out / "quyet-dinh-khen-thuong.docx") == []
    assert _check(out / "ke-hoach.docx") == _check(sources[2])
    assert [f.message for f in _check(sources[2])] == ["lề trái 20 mm", "phông chữ Arial"]
