#!/usr/bin/env python3
"""Generate the Word templates in ``templates/docx/`` from scratch (version 1).

    python tools/make_templates.py [--out templates/docx]

A developer tool: it wrote the first version of each template. Template authors then edit the
.docx files directly in Word or LibreOffice, so what it writes is an ordinary Word document:
A4, Decree 30/2020/NĐ-CP margins, Vietnamese language, Times New Roman, every format in a named
paragraph style (``ND30 …``), no direct formatting beyond a bold ``Điều 1.``. Output is
deterministic (same bytes on every run): fixed document properties, fixed ZIP timestamps.

Template variables are the ones documented in ``docs/bien-mau.md``; every ``{{ }}``/``{% %}``
tag is written inside one run so docxtpl sees it whole.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import docx  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Twips  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

from docgen.docx.layout import RULE_STYLES, text_width  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# --- page (Decree 30: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm) ----------------------
PAGE_W, PAGE_H = 11906, 16838  # A4 in twips
MARGIN_TOP = MARGIN_BOTTOM = 1134  # 20 mm
MARGIN_LEFT, MARGIN_RIGHT = 1701, 850  # 30 mm, 15 mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 9355 twips = 16.5 cm
LANDSCAPE_TEXT_W = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT  # 14287 twips = 25.2 cm


def cm(value: float) -> int:
    return round(value * 567)


# Header columns: the left one holds `SỞ LAO ĐỘNG - THƯƠNG BINH` at 13 pt bold (6.95 cm), the
# right one `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, which at 13 pt (9.57 cm) would leave the
# table wider than the 16.5 cm text width; at 12 pt (8.83 cm, Decree 30 allows 12–13) the two
# columns, 7.1 + 9.4 cm, fill the text width exactly and nothing reaches into the margin.
HEADER_COLS = (cm(7.1), TEXT_W - cm(7.1))
SIGN_COLS = (cm(7.1), TEXT_W - cm(7.1))
HALF_COLS = (TEXT_W // 2, TEXT_W - TEXT_W // 2)
KEEP = "<w:keepNext/>"  # keep with the next paragraph (or the next table's first row)


# --- styles ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    name: str
    size: float  # points
    bold: bool = False
    italic: bool = False
    caps: bool = False
    jc: str | None = None  # left, center, right, both
    first_line: int | None = None  # twips
    before: int = 0  # twips
    after: int = 0
    line: int = 240  # 240 = single
    line_rule: str = "auto"
    keep_next: bool = False
    page_break_before: bool = False
    border_bottom: bool = False
    next_style: str | None = None
    description: str = ""

    @property
    def style_id(self) -> str:
        return style_id(self.name)


def style_id(name: str) -> str:
    return name.replace(" ", "")


BODY_LINE = 276  # 1.15 lines
HEADER = dict(before=0, after=0, line=240)
# A rule paragraph is 5 pt high (exact): its bottom border sits just below the descenders above.
RULE_LINE = 100
STYLES: tuple[Style, ...] = (
    Style("ND30 Noi dung", 14, jc="both", first_line=720, after=120, line=BODY_LINE,
          description="Đoạn văn: 14, căn đều, thụt đầu dòng 1,27 cm, cách sau 6 pt, giãn dòng 1,15"),
    Style("ND30 Co quan chu quan", 13, caps=True, jc="center", **HEADER,
          description="Tên cơ quan chủ quản: 13, chữ in hoa, đứng"),
    Style("ND30 Co quan ban hanh", 13, bold=True, caps=True, jc="center", **HEADER,
          description="Tên cơ quan ban hành: 13, in hoa, đậm"),
    Style("ND30 Quoc hieu", 12, bold=True, caps=True, jc="center", **HEADER,
          description="Quốc hiệu: 12, in hoa, đậm"),
    Style("ND30 Tieu ngu", 14, bold=True, jc="center", **HEADER, description="Tiêu ngữ: 14, đậm"),
    Style("ND30 So ky hieu", 13, jc="center", **HEADER, description="Số, ký hiệu: 13, đứng"),
    Style("ND30 Dia danh ngay", 14, italic=True, jc="center", **HEADER,
          description="Địa danh, ngày tháng năm: 14, nghiêng"),
    Style("ND30 Ten loai", 14, bold=True, caps=True, jc="center", before=360, after=0, keep_next=True,
          next_style="ND30 Trich yeu", description="Tên loại văn bản: 14, in hoa, đậm"),
    Style("ND30 Trich yeu", 14, bold=True, jc="center", keep_next=True, next_style="ND30 Gach duoi",
          description="Trích yếu nội dung: 14, đậm"),
    Style("ND30 Gach duoi", 2, line=RULE_LINE, line_rule="exact", after=120, border_bottom=True,
          description="Đường kẻ dưới tên cơ quan, trích yếu (docgen đặt dài 40% dòng chữ trên)"),
    Style("ND30 Gach duoi day du", 2, line=RULE_LINE, line_rule="exact", after=120, border_bottom=True,
          description="Đường kẻ dưới tiêu ngữ (docgen đặt dài bằng dòng chữ trên)"),
    Style("ND30 Tham quyen", 14, bold=True, caps=True, jc="center", before=240, after=240, keep_next=True,
          description="Thẩm quyền ban hành quyết định: 14, in hoa, đậm"),
    Style("ND30 Can cu", 14, italic=True, jc="both", first_line=720, after=120, line=BODY_LINE,
          description="Căn cứ ban hành: 14, nghiêng"),
    Style("ND30 Quyet dinh", 14, bold=True, caps=True, jc="center", before=120, after=240, keep_next=True,
          description="Chữ QUYẾT ĐỊNH: trước các điều: 14, in hoa, đậm"),
    Style("ND30 Muc I", 14, bold=True, caps=True, jc="both", first_line=720, before=120, after=120,
          line=BODY_LINE, keep_next=True, next_style="ND30 Noi dung",
          description="Phần I., II.: 14, in hoa, đậm"),
    Style("ND30 Muc 1", 14, bold=True, jc="both", first_line=720, before=120, after=120, line=BODY_LINE, keep_next=True,
          next_style="ND30 Noi dung", description="Mục 1., 2.: 14, đậm"),
    Style("ND30 Dieu", 14, bold=True, jc="both", first_line=720, after=120, line=BODY_LINE, keep_next=True,
          next_style="ND30 Noi dung", description="Điều có tiêu đề: 14, đậm, thụt như đoạn văn"),
    Style("ND30 Kinh gui", 14, jc="center", before=120, after=240, keep_next=True,
          description="Kính gửi: 14, đứng"),
    Style("ND30 Noi nhan tieu de", 12, bold=True, italic=True, jc="left", **HEADER,
          description="Chữ Nơi nhận: 12, đậm, nghiêng"),
    Style("ND30 Noi nhan", 11, jc="left", **HEADER, description="Nơi nhận: 11, đứng"),
    Style("ND30 Chuc vu ky", 14, bold=True, caps=True, jc="center", **HEADER,
          description="Quyền hạn, chức vụ người ký: 14, in hoa, đậm"),
    Style("ND30 Ten nguoi ky", 14, bold=True, jc="center", **HEADER, description="Họ tên người ký: 14, đậm"),
    Style("ND30 Bang", 13, jc="left", before=40, after=40, description="Chữ trong bảng: 13"),
    Style("ND30 Bang giua", 13, jc="center", before=40, after=40,
          description="Chữ trong bảng, căn giữa (STT, số liệu): 13"),
    Style("ND30 Bang tieu de", 13, bold=True, jc="center", before=40, after=40,
          description="Dòng tiêu đề bảng: 13, đậm"),
    Style("ND30 Bang nhom", 13, bold=True, jc="left", before=40, after=40, keep_next=True,
          description="Dòng nhóm trong bảng: 13, đậm"),
    Style("ND30 Phu luc", 14, bold=True, jc="center", keep_next=True, next_style="ND30 Phu luc tieu de",
          description="Chữ Phụ lục: 14, đậm"),
    Style("ND30 Phu luc tieu de", 14, bold=True, caps=True, jc="center", keep_next=True,
          next_style="ND30 Phu luc chu thich", description="Tên phụ lục: 14, in hoa, đậm"),
    Style("ND30 Phu luc chu thich", 14, italic=True, jc="center", after=240, keep_next=True,
          description="(Kèm theo ...): 14, nghiêng"),
    Style("ND30 So trang", 14, jc="center", **HEADER, description="Số trang: 14, giữa lề trên"),
    Style("ND30 Ket thuc", 1, line=20, line_rule="exact", before=0, after=0,
          description="Đoạn cuối văn bản (Word luôn kết thúc bằng một đoạn): 1 pt, để không tràn sang trang trắng"),
)  # fmt: skip
STYLE_NAMES = {s.name for s in STYLES}


def _style_xml(s: Style) -> str:
    ppr = []
    if s.keep_next:
        ppr.append("<w:keepNext/>")
    if s.page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    if s.border_bottom:
        ppr.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>')
    ppr.append(f'<w:spacing w:before="{s.before}" w:after="{s.after}" w:line="{s.line}" w:lineRule="{s.line_rule}"/>')
    ppr.append(f'<w:ind w:left="0" w:right="0" w:firstLine="{s.first_line or 0}"/>')
    if s.jc:
        ppr.append(f'<w:jc w:val="{s.jc}"/>')
    rpr = []
    if s.bold:
        rpr.append("<w:b/><w:bCs/>")
    if s.italic:
        rpr.append("<w:i/><w:iCs/>")
    if s.caps:
        rpr.append("<w:caps/>")
    half = round(s.size * 2)
    rpr.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    nxt = f'<w:next w:val="{style_id(s.next_style or s.name)}"/>'
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{s.style_id}">'
        f'<w:name w:val="{s.name}"/><w:basedOn w:val="Normal"/>{nxt}<w:uiPriority w:val="1"/><w:qFormat/>'
        f"<w:pPr>{''.join(ppr)}</w:pPr><w:rPr>{''.join(rpr)}</w:rPr></w:style>"
    )


FONT = "Times New Roman"
STYLES_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    '<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/>'
    '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/>"
    '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    + "".join(_style_xml(s) for s in STYLES)
    + "</w:styles>"
)

SETTINGS_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
    "</w:settings>"
)

FONT_TABLE_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}">'
    f'<w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)

CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" '
    'Target="settings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" '
    'Target="fontTable.xml"/>'
    "</Relationships>"
)

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>docgen tools/make_templates.py</Application><DocSecurity>0</DocSecurity></Properties>"
)


def core_xml(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>docgen</dc:creator>"
        "<cp:lastModifiedBy>docgen</cp:lastModifiedBy><dc:language>vi-VN</dc:language><cp:revision>1</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2023-07-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2023-07-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


def skeleton(title: str, body: str) -> bytes:
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" '
        f'xmlns:r="{R_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES_XML),
            ("_rels/.rels", PACKAGE_RELS_XML),
            ("docProps/core.xml", core_xml(title)),
            ("docProps/app.xml", APP_XML),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS_XML),
            ("word/styles.xml", STYLES_XML),
            ("word/settings.xml", SETTINGS_XML),
            ("word/fontTable.xml", FONT_TABLE_XML),
        ):
            package.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


# --- body XML -------------------------------------------------------------------------------------

Run = str | tuple[str, bool]  # text, or (text, bold)


def r(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:r>{rpr}<w:t{space}>{escape(text)}</w:t></w:r>"


def p(style: str, *runs: Run, extra_ppr: str = "") -> str:
    """One paragraph in ``style``; each run's text (one tag or more) stays in one ``w:r``."""
    assert style in STYLE_NAMES, style
    content = "".join(r(x) if isinstance(x, str) else r(*x) for x in runs if x)
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id(style)}"/>{extra_ppr}</w:pPr>{content}</w:p>'


def rule(style: str, text_pt: float, container: int) -> str:
    """An empty rule paragraph; its default indents suit ``text_pt`` of text (``fit_rules``
    resizes it for each unit at render time)."""
    line = RULE_STYLES[style] * min(text_pt * 20, container)
    indent = max(0, round((container - line) / 2))
    return p(style, extra_ppr=f'<w:ind w:left="{indent}" w:right="{indent}"/>')


def loop(tag: str, style: str, *content: str, end: str = "endfor") -> list[str]:
    """``{%p tag %}`` … ``{%p end %}`` around paragraphs (the tag paragraphs vanish on render)."""
    return [p(style, f"{{%p {tag} %}}"), *content, p(style, f"{{%p {end} %}}")]


@dataclass
class Cell:
    paragraphs: Sequence[str]
    span: int = 1
    valign: str | None = None


@dataclass
class Row:
    cells: Sequence[Cell]
    header: bool = False
    cant_split: bool = True


@dataclass
class Table:
    widths: Sequence[int]
    rows: Sequence[Row]
    borders: bool = True
    cell_margins: tuple[int, int] = (85, 85)  # left, right (twips)
    top_margin: int = 0
    caption: str = ""

    def xml(self) -> str:
        total = sum(self.widths)
        edge = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        none = '<w:{0} w:val="nil"/>'
        border = edge if self.borders else none
        borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        left, right = self.cell_margins
        tblpr = (
            f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:top w:w="{self.top_margin}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="1" w:noVBand="1"/>'
            + (f'<w:tblCaption w:val="{escape(self.caption)}"/>' if self.caption else "")
            + "</w:tblPr>"
        )
        grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in self.widths) + "</w:tblGrid>"
        rows = []
        for row in self.rows:
            trpr = ("<w:cantSplit/>" if row.cant_split else "") + ("<w:tblHeader/>" if row.header else "")
            cells, column = [], 0
            for cell in row.cells:
                width = sum(self.widths[column : column + cell.span])
                column += cell.span
                tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
                if cell.span > 1:
                    tcpr += f'<w:gridSpan w:val="{cell.span}"/>'
                if cell.valign:
                    tcpr += f'<w:vAlign w:val="{cell.valign}"/>'
                cells.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(cell.paragraphs)}</w:tc>")
            assert column == len(self.widths), (column, self.widths)
            rows.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>")
        return f"<w:tbl>{tblpr}{grid}{''.join(rows)}</w:tbl>"


def loop_row(tag: str, columns: int, style: str = "ND30 Bang") -> Row:
    """A row holding only a ``{%tr … %}`` tag (it vanishes on render)."""
    return Row([Cell([p(style, f"{{%tr {tag} %}}")], span=columns)])


def data_table(
    widths: Sequence[int], headings: Sequence[str], body_rows: Sequence[Row], caption: str, keep: bool = False
) -> str:
    """A bordered table with a repeated heading row; ``keep`` holds it on the page of what follows."""
    extra = KEEP if keep else ""
    header = Row([Cell([p("ND30 Bang tieu de", h, extra_ppr=extra)], valign="center") for h in headings], header=True)
    return Table(widths, [header, *body_rows], caption=caption).xml()


# --- blocks shared by the templates ---------------------------------------------------------------

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def header_block() -> str:
    """Ô 1-4: issuer and number on the left, national title, motto and date on the right.

    Two rows, so the number line and the date line share a baseline whatever the number of
    issuer lines."""
    left_w, right_w = HEADER_COLS
    left = [
        *loop("if unit.header_parent", "ND30 Co quan chu quan",
              p("ND30 Co quan chu quan", "{{ unit.header_parent }}"), end="endif"),
        *loop("for line in unit.header_issuer", "ND30 Co quan ban hanh", p("ND30 Co quan ban hanh", "{{ line }}")),
        rule("ND30 Gach duoi", text_width("ỦY BAN NHÂN DÂN", 13, True), left_w),
    ]  # fmt: skip
    right = [
        p("ND30 Quoc hieu", QUOC_HIEU),
        p("ND30 Tieu ngu", TIEU_NGU),
        rule("ND30 Gach duoi day du", text_width(TIEU_NGU, 14, True), right_w),
    ]
    rows = [
        Row([Cell(left), Cell(right)]),
        Row([Cell([p("ND30 So ky hieu", "{{ doc.number_line }}")]),
             Cell([p("ND30 Dia danh ngay", "{{ doc.date | header_date(unit.place) }}")])]),
    ]  # fmt: skip
    return Table(HEADER_COLS, rows, borders=False, cell_margins=(0, 0), caption="Tiêu đề văn bản").xml()


def national_title_block() -> list[str]:
    """Forms 02/03 (achievement reports): national title and motto centred, then the date."""
    return [
        p("ND30 Quoc hieu", QUOC_HIEU),
        p("ND30 Tieu ngu", TIEU_NGU),
        rule("ND30 Gach duoi day du", text_width(TIEU_NGU, 14, True), TEXT_W),
        p("ND30 Dia danh ngay", "{{ doc.date | header_date(unit.place) }}"),
    ]


def title_block(type_name: str, summary: str = "{{ doc.summary }}") -> list[str]:
    """Ô 5: type name, summary, the line under it."""
    sample = "Về việc phát động phong trào thi đua yêu nước năm 2023"
    return [p("ND30 Ten loai", type_name), p("ND30 Trich yeu", summary),
            rule("ND30 Gach duoi", text_width(sample, 14, True), TEXT_W)]  # fmt: skip


def signature_block() -> str:
    """Ô 7 and 9: recipients on the left, signer on the right, one unsplittable row."""
    left = [
        p("ND30 Noi nhan tieu de", "Nơi nhận:"),
        *loop("for r in recipients", "ND30 Noi nhan", p("ND30 Noi nhan", "{{ r }}")),
    ]
    right = [
        *loop("for l in signer.lines", "ND30 Chuc vu ky", p("ND30 Chuc vu ky", "{{ l }}")),
        *[p("ND30 Ten nguoi ky") for _ in range(4)],
        p("ND30 Ten nguoi ky", "{{ signer.name }}"),
    ]
    return Table(SIGN_COLS, [Row([Cell(left), Cell(right)])], borders=False, cell_margins=(0, 0),
                 top_margin=120, caption="Chữ ký, nơi nhận").xml()  # fmt: skip


def achievement_signatures() -> str:
    """Forms 02/03: the confirming head on the left, the reporting person on the right.

    Two rows, so both names sit on one line; the titles keep with the names."""
    keep = "<w:keepNext/>"
    titles = Row([
        Cell([p("ND30 Chuc vu ky", "{%p for l in confirmer.lines %}"),
              p("ND30 Chuc vu ky", "{{ l }}", extra_ppr=keep),
              p("ND30 Chuc vu ky", "{%p endfor %}")]),
        Cell([p("ND30 Chuc vu ky", "{{ reporter.title }}", extra_ppr=keep)]),
    ])  # fmt: skip
    space = [p("ND30 Ten nguoi ky") for _ in range(4)]
    names = Row([
        Cell([*space, p("ND30 Ten nguoi ky", "{{ confirmer.name }}")], valign="bottom"),
        Cell([*space, p("ND30 Ten nguoi ky", "{{ reporter.name }}")], valign="bottom"),
    ])  # fmt: skip
    return Table(HALF_COLS, [titles, names], borders=False, cell_margins=(0, 0),
                 caption="Chữ ký").xml()  # fmt: skip


# Word ends a document body with a paragraph, never with a table; at 1 pt it never spills
# onto an empty last page.
END = p("ND30 Ket thuc")


def closing(*runs: Run) -> str:
    """The last paragraph before the signatures: kept on the page they are on, so that no
    page holds only a signature."""
    return p("ND30 Noi dung", *runs, extra_ppr=KEEP)


def lead_in(text: str) -> str:
    """A line that introduces a table stays on the table's page."""
    return p("ND30 Noi dung", text, extra_ppr=KEEP)


# Two tables with nothing between them merge into one: a paragraph keeps them apart.
SPACER = p("ND30 Noi dung")


def points(tag: str, text: str, style: str = "ND30 Noi dung") -> list[str]:
    return loop(tag, style, p(style, text))


def num(row: str, field: str) -> str:
    """A figure of a report table, with as many decimals as the data gives for its row."""
    return f"{{{{ number({row}.{field}, {row}.decimals) }}}}"


# --- the templates --------------------------------------------------------------------------------


def quyet_dinh() -> list[str]:
    body = [
        header_block(),
        *title_block("QUYẾT ĐỊNH"),
        p("ND30 Tham quyen", "{{ unit.authority }}"),
        *points("for line in legal_bases", "{{ line }}", "ND30 Can cu"),
        p("ND30 Quyet dinh", "QUYẾT ĐỊNH:"),
        p("ND30 Noi dung", ("Điều 1. ", True),
          "Phát động {{ campaign.title }} trong {{ unit.scope }}, tập trung vào các phong trào thi đua sau:"),
        *points("for m in movements",
                '{{ point_label(loop.index) }}) “{{ m.name }}”{{ ";" if not loop.last else "." }}'),
        p("ND30 Noi dung", ("Điều 2. ", True),
          "Thủ trưởng các cơ quan, đơn vị căn cứ nội dung các phong trào thi đua nêu tại Điều 1, xây dựng kế "
          "hoạch, tổ chức phát động và triển khai thực hiện gắn với nhiệm vụ chính trị được giao; định kỳ báo cáo "
          "kết quả về {{ unit.short_name }} để tổng hợp, báo cáo {{ report_to }} (báo cáo 6 tháng đầu năm trước "
          "ngày {{ deadlines.report_h1 | short_date }}, báo cáo năm trước ngày "
          "{{ deadlines.report_year | short_date }})."),
        closing(("Điều 3. ", True),
                "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị và các tổ chức, cá nhân "
                "có liên quan chịu trách nhiệm thi hành Quyết định này./."),
        signature_block(),
        END,
    ]  # fmt: skip
    return body


def task_point(var: str = "t") -> str:
    # Who leads, with whom and by when: in the summary table, not repeated after every point.
    return f"{{{{ point_label(loop.index) }}}}) {{{{ {var}.text }}}}"


def task_rows(items: str, cols: int) -> list[Row]:
    return [
        loop_row(f"for t in {items}", cols),
        Row([
            Cell([p("ND30 Bang giua", "{{ point_label(loop.index) }}")]),
            Cell([p("ND30 Bang", "{{ t.text }}")]),
            Cell([p("ND30 Bang", "{{ t.lead }}{% if t.partner %}; phối hợp: {{ t.partner }}{% endif %}")]),
            Cell([p("ND30 Bang giua", "{{ t.deadline_text }}")]),
        ]),
        loop_row("endfor", cols),
    ]  # fmt: skip


def ke_hoach() -> list[str]:
    n_unit = "{{ movements | length + 1 }}"
    n_other = "{{ movements | length + (2 if unit_tasks else 1) }}"
    widths = (cm(1.3), cm(8.1), cm(3.8), TEXT_W - cm(1.3) - cm(8.1) - cm(3.8))
    group = lambda number, title: Row([  # noqa: E731
        Cell([p("ND30 Bang giua", number)], valign="center"),
        Cell([p("ND30 Bang nhom", title)], span=3),
    ])  # fmt: skip
    table_rows = [
        loop_row("for m in movements", 4),
        group("{{ loop.index }}", "{{ m.name }}"),
        *task_rows("m.tasks", 4),
        loop_row("endfor", 4),
        loop_row("if unit_tasks", 4),
        group(n_unit, "Nhiệm vụ được giao riêng cho {{ unit.short_name }}"),
        *task_rows("unit_tasks", 4),
        loop_row("endif", 4),
        loop_row("if other_tasks", 4),
        group(n_other, "Các nhiệm vụ trọng tâm khác"),
        *task_rows("other_tasks", 4),
        loop_row("endif", 4),
    ]
    body = [
        header_block(),
        *title_block("KẾ HOẠCH"),
        *points("for line in legal_bases", "{{ line }}", "ND30 Can cu"),
        p("ND30 Noi dung", "{{ unit.name }} ban hành Kế hoạch thực hiện {{ campaign.title }} như sau:"),
        p("ND30 Muc I", "I. MỤC ĐÍCH, YÊU CẦU"),
        p("ND30 Muc 1", "1. Mục đích"),
        p("ND30 Noi dung",
          "Triển khai sâu rộng {{ campaign.title }} đến các cơ quan, đơn vị, cán bộ, công chức, viên chức và "
          "người lao động; khơi dậy tinh thần yêu nước, ý chí tự lực, tự cường, phấn đấu hoàn thành thắng lợi các "
          "mục tiêu, nhiệm vụ năm {{ doc.year }}."),
        p("ND30 Noi dung",
          "Thông qua các phong trào thi đua, phát hiện, bồi dưỡng, biểu dương, khen thưởng kịp thời các tập thể, "
          "cá nhân có thành tích xuất sắc; nhân rộng các điển hình tiên tiến."),
        p("ND30 Muc 1", "2. Yêu cầu"),
        p("ND30 Noi dung",
          "Các phong trào thi đua phải có nội dung, mục tiêu, tiêu chí cụ thể, gắn với nhiệm vụ chính trị của "
          "từng cơ quan, đơn vị; tổ chức thực hiện thiết thực, hiệu quả, tránh hình thức."),
        p("ND30 Noi dung",
          "Công tác khen thưởng bảo đảm kịp thời, chính xác, công khai, minh bạch, đúng quy định của pháp luật."),
        p("ND30 Muc I", "II. NỘI DUNG"),
        *loop("for m in movements", "ND30 Muc 1",
              p("ND30 Muc 1", "{{ loop.index }}. {{ m.name }}"),
              *loop("if m.description", "ND30 Noi dung", p("ND30 Noi dung", "{{ m.description }}"), end="endif"),
              *points("for t in m.tasks", task_point())),
        *loop("if unit_tasks", "ND30 Muc 1",
              p("ND30 Muc 1", f"{n_unit}. Nhiệm vụ được giao riêng cho {{{{ unit.short_name }}}}"),
              *points("for t in unit_tasks", task_point()), end="endif"),
        *loop("if other_tasks", "ND30 Muc 1",
              p("ND30 Muc 1", f"{n_other}. Các nhiệm vụ trọng tâm khác"),
              *points("for t in other_tasks", task_point()), end="endif"),
        lead_in("Tổng hợp nhiệm vụ, đơn vị chủ trì, phối hợp và thời hạn thực hiện:"),
        data_table(widths, ["STT", "Nhiệm vụ", "Chủ trì, phối hợp", "Thời hạn"], table_rows, "Tổng hợp nhiệm vụ"),
        p("ND30 Muc I", "III. TỔ CHỨC THỰC HIỆN", extra_ppr='<w:spacing w:before="240"/>'),
        p("ND30 Noi dung",
          "1. Thủ trưởng các cơ quan, đơn vị căn cứ Kế hoạch này xây dựng kế hoạch cụ thể, tổ chức phát động và "
          "triển khai thực hiện các phong trào thi đua, nhiệm vụ được giao; thường xuyên theo dõi, đôn đốc, "
          "kiểm tra, kịp thời phát hiện, biểu dương các tập thể, cá nhân điển hình."),
        p("ND30 Noi dung",
          "2. Định kỳ báo cáo kết quả thực hiện về {{ unit.short_name }} để tổng hợp, báo cáo {{ report_to }}: "
          "báo cáo 6 tháng đầu năm trước ngày {{ deadlines.report_h1 | short_date }}, báo cáo năm trước ngày "
          "{{ deadlines.report_year | short_date }}."),
        closing("Trên đây là Kế hoạch thực hiện {{ campaign.title }} của {{ unit.short_name }}; đề nghị các cơ "
                "quan, đơn vị nghiêm túc triển khai thực hiện./."),
        signature_block(),
        END,
    ]  # fmt: skip
    return body


def bao_cao() -> list[str]:
    widths = (cm(1.3), cm(6.3), cm(2.2), cm(2.2), cm(2.2), TEXT_W - cm(1.3) - cm(6.3) - 3 * cm(2.2))
    rows = [
        loop_row("for i in report.indicators", 6),
        Row([
            Cell([p("ND30 Bang giua", "{{ i.stt }}")]),
            Cell([p("ND30 Bang", "{{ i.name }}")]),
            Cell([p("ND30 Bang giua", "{{ i.measure }}")]),
            Cell([p("ND30 Bang giua", num("i", "target"))]),
            Cell([p("ND30 Bang giua", num("i", "result"))]),
            Cell([p("ND30 Bang giua", "{{ i.ratio | percent }}")]),
        ]),
        loop_row("endfor", 6),
    ]  # fmt: skip
    headings = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ so với kế hoạch"]
    body = [
        header_block(),
        *title_block("BÁO CÁO"),
        p("ND30 Kinh gui", "Kính gửi: {{ report_to }}"),
        p("ND30 Noi dung",
          "Thực hiện {{ directive.citation }}, {{ unit.name }} báo cáo kết quả thực hiện các phong trào thi đua "
          "{{ period.name }} như sau:"),
        p("ND30 Muc I", "I. KẾT QUẢ THỰC HIỆN"),
        p("ND30 Muc 1", "1. Đánh giá chung"),
        p("ND30 Noi dung", "{{ report.overview }}"),
        p("ND30 Muc 1", "2. Kết quả thực hiện các phong trào thi đua"),
        *points("for r in report.results", "{{ point_label(loop.index) }}) {{ r.movement }}: {{ r.text }}"),
        p("ND30 Muc 1", "3. Kết quả thực hiện các chỉ tiêu"),
        data_table(widths, headings, rows, "Kết quả thực hiện các chỉ tiêu"),
        p("ND30 Muc I", "II. KHÓ KHĂN, HẠN CHẾ", extra_ppr='<w:spacing w:before="240"/>'),
        *points("for d in report.difficulties", "- {{ d }}"),
        p("ND30 Muc I", "III. NHIỆM VỤ {{ period.next_name | upper }}"),
        *points("for t in report.next_tasks", "{{ loop.index }}. {{ t }}"),
        p("ND30 Muc I", "IV. KIẾN NGHỊ, ĐỀ XUẤT"),
        *points("for x in report.proposals", "- {{ x }}"),
        *loop("if not report.proposals", "ND30 Noi dung", p("ND30 Noi dung", "Không có."), end="endif"),
        closing("Trên đây là báo cáo kết quả thực hiện các phong trào thi đua {{ period.name }} của "
                "{{ unit.short_name }}, kính gửi {{ report_to }} xem xét, tổng hợp./."),
        signature_block(),
        END,
    ]  # fmt: skip
    return body


def to_trinh() -> list[str]:
    widths = (cm(1.2), cm(5.0), cm(5.0), cm(9.5), LANDSCAPE_TEXT_W - cm(1.2) - 2 * cm(5.0) - cm(9.5))
    rows = [
        loop_row("for g in proposal.groups", 5),
        Row([Cell([p("ND30 Bang nhom", "{{ g.roman }}. {{ g.title }}")], span=5)]),
        loop_row("for e in g.entries", 5),
        Row([
            Cell([p("ND30 Bang giua", "{{ e.stt }}")]),
            Cell([p("ND30 Bang", "{{ e.display_name }}")]),
            Cell([p("ND30 Bang", "{{ e.position_unit }}")]),
            Cell([p("ND30 Bang", "{{ e.summary }}")]),
            Cell([p("ND30 Bang", "{{ e.award }}")]),
        ]),
        loop_row("endfor", 5),
        loop_row("endfor", 5),
    ]  # fmt: skip
    headings = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Tóm tắt thành tích", "Hình thức đề nghị"]
    body = [
        header_block(),
        *title_block("TỜ TRÌNH"),
        p("ND30 Kinh gui", "Kính gửi: {{ propose_to }}"),
        *points("for line in legal_bases", "{{ line }}", "ND30 Can cu"),
        p("ND30 Noi dung",
          "Thực hiện {{ directive.citation }}, {{ unit.name }} đã phát động, triển khai "
          "thực hiện {{ campaign.title }} đến các cơ quan, đơn vị, cán bộ, công chức, viên chức và người lao "
          "động, trọng tâm là các phong trào:"),
        *points("for m in movements", '- “{{ m.name }}”{{ ";" if not loop.last else "." }}'),
        p("ND30 Noi dung",
          "Các phong trào thi đua được triển khai sâu rộng, thiết thực, góp phần hoàn thành các mục tiêu, nhiệm "
          "vụ năm {{ doc.year }}; nhiều tập thể, cá nhân đạt thành tích xuất sắc, tiêu biểu."),
        p("ND30 Noi dung",
          "Căn cứ thành tích đạt được, {{ unit.name }} kính trình {{ propose_to }} xem xét, khen thưởng cho các "
          "tập thể, cá nhân có thành tích xuất sắc, cụ thể:"),
        *points("for line in proposal.summary_lines", "- {{ line }}"),
        p("ND30 Noi dung",
          "Tổng số tiền thưởng: {{ proposal.total | money }} ({{ proposal.total | money_in_words }}), tính theo "
          "mức lương cơ sở {{ proposal.base_salary | money }}/tháng."),
        p("ND30 Noi dung", "(có danh sách và báo cáo thành tích kèm theo)"),
        closing("{{ unit.name }} kính trình {{ propose_to }} xem xét, quyết định./."),
        signature_block(),
        SECTION_BREAK,  # the appendix: a landscape page
        p("ND30 Phu luc", "Phụ lục"),
        p("ND30 Phu luc tieu de", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"),
        p("ND30 Phu luc chu thich",
          "(Kèm theo Tờ trình số {{ doc.number_symbol }} {{ doc.date | header_date }} của {{ unit.short_name }})"),
        data_table(widths, headings, rows, "Danh sách đề nghị khen thưởng"),
        END,
    ]  # fmt: skip
    return body


def bao_cao_tong_hop() -> list[str]:
    """Sở Nội vụ's consolidated report (spec commendation.md): I.–VI., then the appendix by
    unit and the charts, on pages of their own in the same portrait section."""
    # The last column holds «100,0%» and «5/10 đơn vị đạt» on one or two lines.
    sum_widths = (cm(1.2), cm(5.2), cm(1.7), cm(1.6), cm(2.0), cm(2.0), TEXT_W - cm(1.2) - cm(5.2) - cm(1.7)
                  - cm(1.6) - 2 * cm(2.0))  # fmt: skip
    movement_rows = [
        loop_row("for m in consolidation.movements", 7),
        Row([Cell([p("ND30 Bang nhom", "{{ m.name }} ({{ m.reporting }} đơn vị báo cáo)")], span=7)]),
        loop_row("for i in m.indicators", 7),
        Row([
            Cell([p("ND30 Bang giua", "{{ i.stt }}")]),
            Cell([p("ND30 Bang", "{{ i.name }}{{ ' (*)' if i.mean else '' }}")]),
            Cell([p("ND30 Bang giua", "{{ i.measure }}")]),
            Cell([p("ND30 Bang giua", "{{ i.reporting }}")]),
            Cell([p("ND30 Bang giua", "{{ i.target }}")]),
            Cell([p("ND30 Bang giua", "{{ i.result }}")]),
            Cell([p("ND30 Bang giua", "{{ i.ratio }}")]),
        ]),
        loop_row("endfor", 7),
        loop_row("if not m.indicators", 7),
        Row([Cell([p("ND30 Bang", "Chưa có đơn vị báo cáo chỉ tiêu của phong trào này.")], span=7)]),
        loop_row("endif", 7),
        loop_row("endfor", 7),
    ]  # fmt: skip
    sum_headings = ["STT", "Chỉ tiêu", "Đơn vị tính", "Số đơn vị báo cáo", "Kế hoạch", "Thực hiện",
                    "Tỷ lệ so với kế hoạch"]  # fmt: skip
    award_widths = (cm(1.2), TEXT_W - cm(1.2) - 3 * cm(2.4), cm(2.4), cm(2.4), cm(2.4))
    award_rows = [
        loop_row("for a in consolidation.awards.rows", 5),
        Row([
            Cell([p("ND30 Bang giua", "{{ a.stt }}")]),
            Cell([p("ND30 Bang", "{{ a.name }}")]),
            Cell([p("ND30 Bang giua", "{{ a.collectives }}")]),
            Cell([p("ND30 Bang giua", "{{ a.individuals }}")]),
            Cell([p("ND30 Bang giua", "{{ a.total }}")]),
        ]),
        loop_row("endfor", 5),
    ]  # fmt: skip
    unit_widths = (cm(1.2), cm(6.2), cm(1.7), cm(2.2), cm(2.2), TEXT_W - cm(1.2) - cm(6.2) - cm(1.7) - 2 * cm(2.2))
    unit_rows = [
        loop_row("for g in consolidation.appendix", 6),
        Row([Cell([p("ND30 Bang nhom", "{{ g.letter }}. {{ g.title }}")], span=6)]),
        loop_row("for u in g.units", 6),
        Row([
            Cell([p("ND30 Bang tieu de", "{{ u.stt }}", extra_ppr=KEEP)]),
            Cell([p("ND30 Bang nhom", "{{ u.name }}{{ ': ' + u.note if u.note else '' }}")], span=5),
        ]),
        loop_row("for i in u.indicators", 6),
        Row([
            Cell([p("ND30 Bang giua", "-")]),
            Cell([p("ND30 Bang", "{{ i.name }}")]),
            Cell([p("ND30 Bang giua", "{{ i.measure }}")]),
            Cell([p("ND30 Bang giua", "{{ i.target }}")]),
            Cell([p("ND30 Bang giua", "{{ i.result }}")]),
            Cell([p("ND30 Bang giua", "{{ i.ratio }}")]),
        ]),
        loop_row("endfor", 6),
        loop_row("endfor", 6),
        loop_row("endfor", 6),
    ]  # fmt: skip
    unit_headings = ["STT", "Đơn vị, chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ so với kế hoạch"]
    centred = '<w:ind w:firstLine="0"/><w:jc w:val="center"/>'
    body = [
        header_block(),
        *title_block("BÁO CÁO"),
        p("ND30 Noi dung",
          "Thực hiện {{ directive.citation }}, trên cơ sở báo cáo của các sở, ban, ngành, UBND các huyện, thành "
          "phố, thị xã, các doanh nghiệp và trường học, {{ unit.name }} (Ban Thi đua - Khen thưởng) tổng hợp kết "
          "quả thực hiện các phong trào thi đua {{ period.name }} như sau:"),
        p("ND30 Muc I", "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI"),
        *points("for l in consolidation.launches",
                "- Về {{ l.title }}: {{ l.issued }}/{{ consolidation.units }} đơn vị đã ban hành; {{ l.draft }} đơn vị "
                "đã có dự thảo nhưng chưa ban hành; {{ l.missing }} đơn vị chưa có.{{ ' Các đơn vị chưa ban hành: ' "
                "+ l.not_issued + '.' if l.not_issued else '' }}"),
        p("ND30 Muc I", "II. KẾT QUẢ CÁC PHONG TRÀO THI ĐUA"),
        p("ND30 Noi dung",
          "Có {{ consolidation.reported }}/{{ consolidation.units }} đơn vị gửi báo cáo kết quả {{ period.name }}."
          "{{ ' Các đơn vị chưa gửi báo cáo: ' + consolidation.not_reported | join(', ') + '.' "
          "if consolidation.not_reported else '' }}"),
        lead_in("Kết quả các chỉ tiêu, tổng hợp từ báo cáo của các đơn vị:"),
        data_table(sum_widths, sum_headings, movement_rows, "Kết quả các chỉ tiêu"),
        p("ND30 Noi dung",
          "(*) Chỉ tiêu tỷ lệ: cột «Thực hiện» là {{ consolidation.mean_label | lower }} của các đơn vị báo cáo; cột "
          "«Tỷ lệ so với kế hoạch» là số đơn vị đạt hoặc vượt kế hoạch trên số đơn vị báo cáo.",
          extra_ppr='<w:spacing w:before="120"/>'),
        p("ND30 Muc I", "III. CÔNG TÁC KHEN THƯỞNG"),
        *loop("if consolidation.awards.rows", "ND30 Noi dung",
              lead_in("Ban Thi đua - Khen thưởng đã nhận hồ sơ đề nghị khen thưởng của "
                      "{{ consolidation.awards.units }} đơn vị, gồm {{ consolidation.awards.collectives }} tập thể và "
                      "{{ consolidation.awards.individuals }} cá nhân:"),
              data_table(award_widths, ["STT", "Danh hiệu, hình thức khen thưởng", "Tập thể", "Cá nhân", "Cộng"],
                         award_rows, "Đề nghị khen thưởng đã nhận"),
              SPACER,
              end="else"),
        p("ND30 Noi dung", "Chưa nhận được hồ sơ đề nghị khen thưởng của đơn vị nào."),
        p("ND30 Noi dung", "{%p endif %}"),
        p("ND30 Muc I", "IV. HẠN CHẾ, NGUYÊN NHÂN"),
        *points("for d in consolidation.difficulties", "- {{ d }}"),
        p("ND30 Muc I", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ period.next_name | upper }}"),
        *points("for t in consolidation.next_tasks", "{{ loop.index }}. {{ t }}"),
        p("ND30 Muc I", "VI. ĐỀ XUẤT, KIẾN NGHỊ"),
        *points("for x in consolidation.proposals", "- {{ x }}"),
        *loop("if not consolidation.proposals", "ND30 Noi dung", p("ND30 Noi dung", "Không có."), end="endif"),
        closing("Trên đây là báo cáo kết quả thực hiện các phong trào thi đua {{ period.name }}, {{ unit.short_name }} "
                "kính báo cáo {{ report_to }}./."),
        signature_block(),
        p("ND30 Phu luc", "Phụ lục", extra_ppr="<w:pageBreakBefore/>"),
        p("ND30 Phu luc tieu de", "KẾT QUẢ CÁC CHỈ TIÊU CHỦ YẾU THEO ĐƠN VỊ"),
        p("ND30 Phu luc chu thich",
          "(Kèm theo Báo cáo số {{ doc.number_symbol }} {{ doc.date | header_date }} của {{ unit.short_name }})"),
        data_table(unit_widths, unit_headings, unit_rows, "Kết quả các chỉ tiêu chủ yếu theo đơn vị"),
        *loop("for c in consolidation.charts", "ND30 Noi dung",
              p("ND30 Noi dung", "{{ c.chart }}", extra_ppr='<w:keepNext/><w:spacing w:before="240"/>' + centred),
              p("ND30 Phu luc chu thich", "Biểu đồ {{ c.number }}", extra_ppr=centred)),
        END,
    ]  # fmt: skip
    return body


SECTION_BREAK = "<!--section-->"


def quyet_dinh_khen_thuong() -> list[str]:
    """The Chairman's award decision (issue 19), its list on a new portrait page."""
    widths = (cm(1.2), cm(7.2), TEXT_W - cm(1.2) - cm(7.2))
    rows = [
        loop_row("for g in decision.groups", 3),
        Row([Cell([p("ND30 Bang nhom", "{{ g.roman }}. {{ g.title }}")], span=3)]),
        loop_row("for u in g.units", 3),
        Row([Cell([p("ND30 Bang nhom", "{{ u.name }}")], span=3)]),
        loop_row("for e in u.entries", 3),
        Row([
            Cell([p("ND30 Bang giua", "{{ e.stt }}")]),
            Cell([p("ND30 Bang", "{{ e.display_name }}")]),
            Cell([p("ND30 Bang", "{{ e.position_unit }}")]),
        ]),
        loop_row("endfor", 3),
        loop_row("endfor", 3),
        loop_row("endfor", 3),
    ]  # fmt: skip
    headings = ["STT", "Tên tập thể, họ và tên cá nhân", "Chức vụ, đơn vị công tác"]
    return [
        header_block(),
        *title_block("QUYẾT ĐỊNH"),
        p("ND30 Tham quyen", "{{ unit.authority }}"),
        *points("for line in legal_bases", "{{ line }}", "ND30 Can cu"),
        p("ND30 Can cu", "{{ decision.proposal }}"),
        p("ND30 Quyet dinh", "QUYẾT ĐỊNH:"),
        p("ND30 Noi dung", ("Điều 1. ", True), "{{ decision.article1 }}"),
        p("ND30 Noi dung", ("Điều 2. ", True), "{{ decision.article2 }}"),
        closing(("Điều 3. ", True),
                "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Giám đốc "
                "Sở Tài chính, Thủ trưởng các cơ quan, đơn vị liên quan và các tập thể, cá nhân có tên tại Điều 1 "
                "chịu trách nhiệm thi hành Quyết định này./."),
        signature_block(),
        p("ND30 Phu luc tieu de", "DANH SÁCH", extra_ppr="<w:pageBreakBefore/>"),
        p("ND30 Trich yeu", "{{ decision.list_title }}"),
        p("ND30 Phu luc chu thich",
          "(Kèm theo Quyết định số {{ doc.number_symbol }} {{ doc.date | header_date }} của Chủ tịch UBND tỉnh)"),
        data_table(widths, headings, rows, "Danh sách khen thưởng"),
        END,
    ]  # fmt: skip


def prior_awards() -> list[str]:
    widths = (cm(1.6), cm(6.0), cm(4.4), TEXT_W - cm(1.6) - cm(6.0) - cm(4.4))
    rows = [
        loop_row("for a in candidate.prior_awards", 4),
        Row([
            Cell([p("ND30 Bang giua", "{{ a.year }}", extra_ppr=KEEP)]),
            Cell([p("ND30 Bang", "{{ a.title }}", extra_ppr=KEEP)]),
            Cell([p("ND30 Bang", "Số {{ a.decision }} ngày {{ a.date | short_date }}", extra_ppr=KEEP)]),
            Cell([p("ND30 Bang", "{{ a.issuer }}", extra_ppr=KEEP)]),
        ]),
        loop_row("endfor", 4),
    ]  # fmt: skip
    return [
        p("ND30 Muc I", "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
        p("ND30 Noi dung", "{%p if candidate.prior_awards %}"),
        # The last section stays with the signatures that follow it (a short table).
        data_table(widths, ["Năm", "Hình thức khen thưởng", "Số, ngày quyết định", "Cơ quan ban hành"], rows,
                   "Các hình thức đã được khen thưởng", keep=True),
        p("ND30 Noi dung", "{%p else %}"),
        p("ND30 Noi dung", "Chưa được khen thưởng.", extra_ppr=KEEP),
        p("ND30 Noi dung", "{%p endif %}"),
    ]  # fmt: skip


def results_table() -> list[str]:
    widths = (cm(1.6), cm(6.9), cm(2.5), cm(2.5), TEXT_W - cm(1.6) - cm(6.9) - 2 * cm(2.5))
    rows = [
        loop_row("for x in candidate.results", 5),
        Row([
            Cell([p("ND30 Bang giua", "{{ x.year }}")]),
            Cell([p("ND30 Bang", "{{ x.indicator }}")]),
            Cell([p("ND30 Bang giua", num("x", "target"))]),
            Cell([p("ND30 Bang giua", num("x", "result"))]),
            Cell([p("ND30 Bang giua", "{{ x.ratio | percent }}")]),
        ]),
        loop_row("endfor", 5),
    ]  # fmt: skip
    return [
        p("ND30 Noi dung", "{%p if candidate.results %}"),
        lead_in("Kết quả thực hiện các chỉ tiêu, nhiệm vụ:"),
        data_table(widths, ["Năm", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ so với kế hoạch"], rows,
                   "Kết quả thực hiện các chỉ tiêu"),
        p("ND30 Noi dung", "{%p endif %}"),
    ]  # fmt: skip


def initiatives(number: str) -> list[str]:
    return [
        p("ND30 Muc 1", f"{number}. Sáng kiến, giải pháp, đề tài nghiên cứu"),
        *points("for x in candidate.initiatives", "- {{ x.name }} ({{ x.recognition }})."),
        *loop("if not candidate.initiatives", "ND30 Noi dung", p("ND30 Noi dung", "Không có."), end="endif"),
    ]


def bao_cao_thanh_tich_ca_nhan() -> list[str]:
    line = lambda text: p("ND30 Noi dung", text)  # noqa: E731
    return [
        *national_title_block(),
        *title_block("BÁO CÁO THÀNH TÍCH", "Đề nghị tặng {{ candidate.award }}"),
        p("ND30 Muc I", "I. SƠ LƯỢC LÝ LỊCH"),
        line("- Họ và tên: {{ candidate.name }}. Giới tính: {{ candidate.gender | capitalize }}."),
        line("- Ngày, tháng, năm sinh: {{ candidate.birth_date | short_date }}."),
        line("- Dân tộc: {{ candidate.ethnicity }}. Tôn giáo: {{ candidate.religion }}."),
        line("- Quê quán: {{ candidate.hometown }}."),
        line("- Nơi thường trú: {{ candidate.residence }}."),
        line("- Đơn vị công tác: {{ candidate.workplace }}."),
        line("- Chức vụ: {{ candidate.position }}."),
        line("- Trình độ lý luận chính trị: {{ candidate.political_qualification }}."),
        line("- Trình độ chuyên môn, nghiệp vụ: {{ candidate.professional_qualification }}."),
        p("ND30 Muc I", "II. THÀNH TÍCH ĐẠT ĐƯỢC"),
        p("ND30 Muc 1", "1. Quyền hạn, nhiệm vụ được giao"),
        line("{{ candidate.duties }}"),
        p("ND30 Muc 1", "2. Thành tích đạt được"),
        *points("for x in candidate.achievements", "- {{ x }}"),
        *results_table(),
        *initiatives("3"),
        *prior_awards(),
        p("ND30 Noi dung", extra_ppr=KEEP),  # keeps the tables apart, and with the signatures
        achievement_signatures(),
        END,
    ]


def bao_cao_thanh_tich_tap_the() -> list[str]:
    line = lambda text: p("ND30 Noi dung", text)  # noqa: E731
    return [
        *national_title_block(),
        *title_block("BÁO CÁO THÀNH TÍCH", "Đề nghị tặng {{ candidate.award }}"),
        p("ND30 Muc I", "I. ĐẶC ĐIỂM, TÌNH HÌNH"),
        p("ND30 Muc 1", "1. Đặc điểm, tình hình"),
        line("- Tên tập thể: {{ candidate.name }}."),
        line("- Trực thuộc: {{ candidate.workplace }}."),
        line("{{ candidate.profile }}"),
        p("ND30 Muc 1", "2. Tổ chức bộ máy"),
        line("{{ candidate.organisation }}"),
        p("ND30 Muc I", "II. THÀNH TÍCH ĐẠT ĐƯỢC"),
        p("ND30 Muc 1", "1. Kết quả thực hiện nhiệm vụ"),
        *points("for x in candidate.achievements", "- {{ x }}"),
        *results_table(),
        *initiatives("2"),
        p("ND30 Muc 1", "3. Công tác thi đua, khen thưởng"),
        *loop("if candidate.emulation", "ND30 Noi dung", line("{{ candidate.emulation }}"), end="endif"),
        *loop("if not candidate.emulation", "ND30 Noi dung",
              line("Đơn vị thường xuyên phát động, tổ chức các phong trào thi đua gắn với nhiệm vụ chính trị "
                   "được giao."), end="endif"),
        *prior_awards(),
        p("ND30 Noi dung", extra_ppr=KEEP),  # keeps the tables apart, and with the signatures
        achievement_signatures(),
        END,
    ]  # fmt: skip


TEMPLATES = {
    "quyet-dinh.docx": ("Mẫu quyết định phát động phong trào thi đua", quyet_dinh),
    "ke-hoach.docx": ("Mẫu kế hoạch thực hiện các phong trào thi đua", ke_hoach),
    "bao-cao.docx": ("Mẫu báo cáo kết quả thực hiện các phong trào thi đua", bao_cao),
    "bao-cao-tong-hop.docx": ("Mẫu báo cáo tổng hợp kết quả các phong trào thi đua của Sở Nội vụ",
                              bao_cao_tong_hop),
    "to-trinh.docx": ("Mẫu tờ trình đề nghị khen thưởng", to_trinh),
    "quyet-dinh-khen-thuong.docx": ("Mẫu quyết định khen thưởng của Chủ tịch UBND tỉnh", quyet_dinh_khen_thuong),
    "bao-cao-thanh-tich-tap-the.docx": ("Mẫu báo cáo thành tích của tập thể (mẫu 02)",
                                        bao_cao_thanh_tich_tap_the),
    "bao-cao-thanh-tich-ca-nhan.docx": ("Mẫu báo cáo thành tích của cá nhân (mẫu 03)",
                                        bao_cao_thanh_tich_ca_nhan),
}  # fmt: skip


# --- assembling -----------------------------------------------------------------------------------

PAGE_FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


def _page_setup(section: docx.section.Section, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Twips(PAGE_H), Twips(PAGE_W)) if landscape else (Twips(PAGE_W), Twips(PAGE_H))
    )
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Mm(10)
    section.gutter = Twips(0)


def _set_header(section: docx.section.Section) -> None:
    """Page number centred in the top margin, from page 2 (empty first-page header)."""
    section.different_first_page_header_footer = True
    for header, content in ((section.header, PAGE_FIELD), (section.first_page_header, "")):
        header.is_linked_to_previous = False
        hdr = header._element
        for child in list(hdr):
            hdr.remove(child)
        hdr.append(parse_xml(
            f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style_id("ND30 So trang")}"/></w:pPr>{content}</w:p>'
        ))  # fmt: skip


def build(title: str, blocks: Iterable[str]) -> docx.document.Document:
    parts = "".join(blocks).split(SECTION_BREAK)
    document = docx.Document(io.BytesIO(skeleton(title, parts[0])))
    section = document.sections[0]
    _page_setup(section)
    _set_header(section)
    for extra in parts[1:]:
        new = document.add_section()  # python-docx: the break paragraph keeps the portrait sectPr
        _page_setup(new, landscape=True)
        sect_pr = new._sectPr
        title_pg = sect_pr.find(qn("w:titlePg"))
        if title_pg is not None:  # the appendix's first page shows its number
            sect_pr.remove(title_pg)
        body = document.element.body
        Paragraph(body[-2], document._body).style = document.styles["ND30 Noi nhan"]
        wrapper = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{extra}</w:body>')
        for child in list(wrapper):
            sect_pr.addprevious(child)
    return document


def deterministic(data: bytes) -> bytes:
    """Re-pack a saved .docx with fixed timestamps so identical content gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def write(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (title, make) in TEMPLATES.items():
        document = build(title, make())
        buffer = io.BytesIO()
        document.save(buffer)
        path = out_dir / name
        path.write_bytes(deterministic(buffer.getvalue()))
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "templates" / "docx")
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
