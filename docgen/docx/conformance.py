"""Decree 30 layout of a Word template itself: paper, margins, fonts, sizes and colour.

A template author restyles the templates in Word or LibreOffice; :func:`layout_findings` tells
them when the result no longer meets Decree 30/2020/NĐ-CP, Appendix I
(``shared/spec/nd30-format.md``), before 250 documents are made from it. It reads the parsed
parts of one template and never changes them:

- every section: A4 (210 × 297 mm, ± 1 mm); the first one portrait, a later one landscape only
  when it holds a table; margins top and bottom 20–25 mm, left 30–35 mm (with the gutter),
  right 15–20 mm;
- the document defaults and every style that a paragraph or run with visible text uses: Times
  New Roman, black. A wrong value is reported once, at the style (or the defaults) that sets
  it, not at each style that inherits it;
- the size of every such paragraph style against the range of its component (the ``ND30 …``
  styles of the bundled templates are mapped to the rows of the spec; any other style takes
  the range of where it is used: body, table or page header), and one size for the body;
- direct formatting (and character styles) on runs with visible text: another font, another
  colour, or a size outside the range of the paragraph's component, located at the paragraph.

Not checked: bold, italic, capitals, alignment and spacing (the styles' other properties);
table styles, numbering labels and text boxes' own formatting; the header table's negative
indent, which the spec allows. Empty paragraphs (the rule lines, the closing 1 pt paragraph)
and paragraphs holding only ``{%p …%}`` tags have no text to size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from docx.oxml.ns import qn

from docgen.docx.findings import Finding, Paragraph, enclosing, excerpt, paragraphs

__all__ = ["STYLE_ROLES", "Role", "layout_findings"]

_DECREE: Final = "Nghị định 30/2020, Phụ lục I"
_TNR: Final = "Times New Roman"
_TWIPS_PER_MM: Final = 1440 / 25.4
_SLACK_MM: Final = 0.1  # Word stores 1,5 cm as 850 twips = 14,99 mm
_PAPER_SLACK_MM: Final = 1.0

_W_BODY: Final = qn("w:body")
_W_P: Final = qn("w:p")
_W_R: Final = qn("w:r")
_W_T: Final = qn("w:t")
_W_TBL: Final = qn("w:tbl")
_W_VAL: Final = qn("w:val")
_W_STYLE: Final = qn("w:style")
_W_STYLE_ID: Final = qn("w:styleId")
_W_TYPE: Final = qn("w:type")
_W_DEFAULT: Final = qn("w:default")
_W_SECTPR: Final = qn("w:sectPr")
_W_TC: Final = qn("w:tc")
_W_SDT: Final = qn("w:sdt")
_W_RPR: Final = qn("w:rPr")
_W_DEL: Final = qn("w:del")
_W_MOVEFROM: Final = qn("w:moveFrom")
_BLOCK_TAG: Final = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_HEADER_PART: Final = re.compile(r"word/(header|footer)\d*\.xml")
_BLACK: Final = frozenset({"auto", "000000"})
_BLACK_THEME: Final = frozenset({"text1", "dark1"})


@dataclass(frozen=True)
class Role:
    """The component a paragraph plays in the document, and the sizes Decree 30 allows it."""

    name: str
    low: float
    high: float
    source: str = _DECREE
    body: bool = False
    """Part of the body, which uses one size throughout."""

    @property
    def sizes(self) -> str:
        return f"{_pt(self.low)} pt" if self.low == self.high else f"{_pt(self.low)}–{_pt(self.high)} pt"

    @property
    def rule(self) -> str:
        return f"cỡ chữ {self.name} {self.sizes} ({self.source})"

    def allows(self, size: float) -> bool:
        return self.low <= size <= self.high

    def nearest(self, size: float) -> float:
        return min(max(size, self.low), self.high)


_BODY: Final = Role("phần nội dung", 13, 14, body=True)
_TABLE: Final = Role("trong bảng", 12, 14, "quy ước của docgen: Nghị định 30/2020 không quy định cỡ chữ trong bảng")
_PAGE_HEADER: Final = Role("số trang ở đầu trang", 13, 14)

STYLE_ROLES: Final[Mapping[str, Role]] = {
    "ND30 Co quan chu quan": Role("tên cơ quan chủ quản", 12, 13),
    "ND30 Co quan ban hanh": Role("tên cơ quan ban hành", 12, 13),
    "ND30 Quoc hieu": Role("quốc hiệu", 12, 13),
    "ND30 Tieu ngu": Role("tiêu ngữ", 13, 14),
    "ND30 So ky hieu": Role("số, ký hiệu", 13, 13),
    "ND30 Dia danh ngay": Role("địa danh, ngày tháng năm", 13, 14),
    "ND30 Ten loai": Role("tên loại văn bản", 13, 14),
    "ND30 Trich yeu": Role("trích yếu nội dung", 13, 14),
    "ND30 Tham quyen": Role("thẩm quyền ban hành", 13, 14),
    "ND30 Quyet dinh": Role("chữ «QUYẾT ĐỊNH:»", 13, 14),
    "ND30 Can cu": Role("căn cứ ban hành", 13, 14, body=True),
    "ND30 Noi dung": _BODY,
    "ND30 Muc I": _BODY,
    "ND30 Muc 1": _BODY,
    "ND30 Dieu": _BODY,
    "ND30 Kinh gui": Role("«Kính gửi»", 13, 14),
    "ND30 Noi nhan tieu de": Role("chữ «Nơi nhận:»", 12, 12),
    "ND30 Noi nhan": Role("nơi nhận", 11, 11),
    "ND30 Chuc vu ky": Role("quyền hạn, chức vụ người ký", 13, 14),
    "ND30 Ten nguoi ky": Role("họ tên người ký", 13, 14),
    "ND30 Bang": _TABLE,
    "ND30 Bang giua": _TABLE,
    "ND30 Bang tieu de": _TABLE,
    "ND30 Bang nhom": _TABLE,
    "ND30 Phu luc": Role("chữ «Phụ lục»", 14, 14),
    "ND30 Phu luc tieu de": Role("tên phụ lục", 13, 14),
    "ND30 Phu luc chu thich": Role("dòng «(Kèm theo …)» của phụ lục", 13, 14),
    "ND30 So trang": _PAGE_HEADER,
}
"""Each named style of the bundled templates and the row of the spec it implements. The rule
lines (``ND30 Gach duoi``…) and the closing ``ND30 Ket thuc`` are empty paragraphs: a style not
named here takes the range of where its text is (body, table, page header)."""

_WORD_STYLE: Final = "Trang đầu → Kiểu: bấm chuột phải vào kiểu «{name}» → Sửa đổi → {what}"
_WORD_DEFAULTS: Final = "Trang đầu → Kiểu → Quản lý Kiểu → Đặt Mặc định → {what}"
_CLEAR_DIRECT: Final = (
    "chọn đoạn này rồi bấm Ctrl+Space (LibreOffice: Ctrl+M) để bỏ định dạng ký tự trực tiếp, chữ sẽ theo kiểu «{name}»"
)
_PAGE_SETUP: Final = "Bố cục → {what} (LibreOffice: Định dạng → Kiểu trang → Trang)"
_PAPERS: Final = (("A4", 210, 297), ("A5", 148, 210), ("A3", 297, 420), ("B5", 176, 250), ("B5", 182, 257))
_PAPERS_IN: Final = (("Letter", 215.9, 279.4), ("Legal", 215.9, 355.6))


def layout_findings(template: str, parts: Mapping[str, Any]) -> list[Finding]:
    """Every Decree 30 layout error of one template.

    ``parts`` maps part names (``word/document.xml``, ``word/styles.xml`` when present,
    ``word/header1.xml``…) to their parsed lxml roots; they are read, never changed."""
    styles = _Styles(parts.get("word/styles.xml"))
    findings: list[Finding] = []
    document = parts.get("word/document.xml")
    if document is not None:
        findings += _page_findings(template, document)
    text = _TextCheck(template, styles)
    names = ["word/document.xml", *sorted(n for n in parts if _HEADER_PART.fullmatch(n))]
    for name in names:
        root = parts.get(name)
        if root is not None:
            text.read(root, name)
    return findings + text.results()


# --- page ---------------------------------------------------------------------------------------


@dataclass
class _Section:
    number: int
    properties: Any
    tables: int = 0

    def size(self) -> tuple[float, float] | None:
        size = self.properties.find(qn("w:pgSz")) if self.properties is not None else None
        if size is None:
            return None
        width, height = _int(size.get(qn("w:w"))), _int(size.get(qn("w:h")))
        return None if width is None or height is None else (width / _TWIPS_PER_MM, height / _TWIPS_PER_MM)

    @property
    def landscape(self) -> bool:
        size = self.size()
        return size is not None and size[0] > size[1]

    def label(self) -> str:
        return f"phần {self.number} của văn bản" + (" (trang ngang)" if self.landscape else "")


def _sections(document: Any) -> list[_Section]:
    body = document.find(_W_BODY)
    if body is None:
        return []
    sections: list[_Section] = []
    tables = 0
    for child in body:
        if child.tag == _W_TBL:
            tables += 1
        elif child.tag == _W_SDT:  # a content control around a table
            tables += sum(1 for _ in child.iter(_W_TBL))
        elif child.tag == _W_P and (mark := child.find(f"{qn('w:pPr')}/{_W_SECTPR}")) is not None:
            sections.append(_Section(len(sections) + 1, mark, tables))
            tables = 0
    sections.append(_Section(len(sections) + 1, body.find(_W_SECTPR), tables))
    return sections


def _page_findings(template: str, document: Any) -> list[Finding]:
    sections = _sections(document)
    found: dict[tuple[str, str, str], list[_Section]] = {}
    for section in sections:
        for rule, message, hint in _section_errors(section):
            found.setdefault((rule, message, hint), []).append(section)
    findings: list[Finding] = []
    for (rule, message, hint), where in found.items():
        if len(where) == len(sections):
            findings.append(Finding(template, rule, "", message, hint))
        else:
            findings += [Finding(template, rule, section.label(), message, hint) for section in where]
    return findings


def _section_errors(section: _Section) -> Iterator[tuple[str, str, str]]:
    paper = f"khổ giấy A4 210 × 297 mm ± 1 mm ({_DECREE})"
    size = section.size()
    if size is None:
        yield (
            paper,
            "không khai báo khổ giấy (Word dùng khổ mặc định của máy)",
            _PAGE_SETUP.format(what="Kích thước → A4"),
        )
    else:
        short, long = sorted(size)
        if abs(short - 210) > _PAPER_SLACK_MM or abs(long - 297) > _PAPER_SLACK_MM:
            yield paper, f"khổ giấy {_paper(*size)}", _PAGE_SETUP.format(what="Kích thước → A4")
        orientation = f"trang đầu khổ dọc; trang ngang chỉ cho bảng rộng ({_DECREE})"
        if section.landscape and section.number == 1:
            yield (
                orientation,
                f"trang đầu khổ ngang ({_mm(size[0])} × {_mm(size[1])} mm)",
                _PAGE_SETUP.format(what="Hướng → Dọc"),
            )
        elif section.landscape and not section.tables:
            yield (
                orientation,
                "trang ngang không chứa bảng nào",
                "chỉ để trang ngang cho bảng rộng: " + _PAGE_SETUP.format(what="Hướng → Dọc"),
            )
    margins = section.properties.find(qn("w:pgMar")) if section.properties is not None else None
    if margins is None:
        yield f"lề trang ({_DECREE})", "không khai báo lề trang", _PAGE_SETUP.format(what="Lề → Lề tùy chỉnh")
        return
    gutter = abs(_int(margins.get(qn("w:gutter"))) or 0)
    for attribute, name, low, high in (
        ("top", "trên", 20, 25),
        ("bottom", "dưới", 20, 25),
        ("left", "trái", 30, 35),
        ("right", "phải", 15, 20),
    ):
        rule = f"lề {name} {low}–{high} mm ({_DECREE})"
        twips = _int(margins.get(qn(f"w:{attribute}")))
        if twips is None:
            yield rule, f"không khai báo lề {name}", _PAGE_SETUP.format(what=f"Lề → Lề tùy chỉnh: {name} {low} mm")
            continue
        value = abs(twips) / _TWIPS_PER_MM
        extra = gutter / _TWIPS_PER_MM if attribute == "left" else 0.0
        if low - _SLACK_MM <= value + extra <= high + _SLACK_MM:
            continue
        message = f"lề {name} {_mm(value)} mm"
        if extra:
            message += f" và gáy {_mm(extra)} mm (cộng lại {_mm(value + extra)} mm)"
        target = min(max(value + extra, low), high)
        yield rule, message, _PAGE_SETUP.format(what=f"Lề → Lề tùy chỉnh: {name} {_mm(target)} mm")


def _paper(width: float, height: float) -> str:
    short, long = sorted((width, height))
    name = next(
        (
            n
            for n, a, b in (*_PAPERS, *_PAPERS_IN)
            if abs(short - a) <= _PAPER_SLACK_MM and abs(long - b) <= _PAPER_SLACK_MM
        ),
        "",
    )
    return f"{_mm(width)} × {_mm(height)} mm" + (f" ({name})" if name else "")


# --- styles -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Value:
    """One run property as it is set somewhere: its value and who sets it."""

    value: Any
    source: str
    """The style id that sets it; ``""`` for the document defaults (of a style's chain) or the
    run itself (of a run's properties)."""


class _Styles:
    """The style sheet: styles by id, their chains of ``basedOn``, the document defaults."""

    def __init__(self, root: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.defaults: Any = None
        self.default_paragraph: str | None = None
        self._chains: dict[str, list[str]] = {}
        if root is None:
            return
        self.defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        for style in root.iter(_W_STYLE):
            style_id = style.get(_W_STYLE_ID)
            if style_id is None:
                continue
            self.by_id.setdefault(style_id, style)
            if style.get(_W_TYPE) == "paragraph" and style.get(_W_DEFAULT) in ("1", "true", "on"):
                self.default_paragraph = self.default_paragraph or style_id

    def name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        node = style.find(qn("w:name")) if style is not None else None
        return (node.get(_W_VAL) if node is not None else None) or style_id

    def paragraph_style(self, p: Any) -> str | None:
        node = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = node.get(_W_VAL) if node is not None else None
        return style_id if style_id in self.by_id else self.default_paragraph

    def chain(self, style_id: str) -> list[str]:
        """The style and those it is based on, nearest first (a cycle is cut)."""
        if style_id not in self._chains:
            chain: list[str] = []
            current: str | None = style_id
            while current is not None and current in self.by_id and current not in chain:
                chain.append(current)
                based = self.by_id[current].find(qn("w:basedOn"))
                current = based.get(_W_VAL) if based is not None else None
            self._chains[style_id] = chain
        return self._chains[style_id]

    def resolve(self, style_id: str | None, read: Any, *, defaults: bool = True) -> _Value | None:
        """The nearest setting of a property along the style's chain, then the defaults."""
        for current in self.chain(style_id) if style_id else []:
            value = read(self.by_id[current].find(qn("w:rPr")))
            if value is not None:
                return _Value(value, current)
        if defaults:
            value = read(self.defaults)
            if value is not None:
                return _Value(value, "")
        return None


def _size(rpr: Any) -> float | None:
    node = rpr.find(qn("w:sz")) if rpr is not None else None
    half_points = _int(node.get(_W_VAL)) if node is not None else None
    return None if half_points is None else half_points / 2


def _font(slot: str) -> Callable[[Any], str | None]:
    """Reads the font of one slot (``ascii``, ``hAnsi``: the letters of Vietnamese): a theme
    font overrides a named one of the same element."""

    def read(rpr: Any) -> str | None:
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is None:
            return None
        theme = fonts.get(qn(f"w:{slot}Theme"))
        if theme:
            return f"phông của chủ đề ({theme})"
        name: str | None = fonts.get(qn(f"w:{slot}"))
        return name

    return read


_READ_ASCII: Final = _font("ascii")
_READ_HANSI: Final = _font("hAnsi")


def _color(rpr: Any) -> str | None:
    node = rpr.find(qn("w:color")) if rpr is not None else None
    if node is None:
        return None
    theme = node.get(qn("w:themeColor"))
    if theme:
        return "000000" if theme in _BLACK_THEME else f"màu của chủ đề ({theme})"
    value: str | None = node.get(_W_VAL)
    return value.upper() if value and value.lower() != "auto" else value


def _bad_font(*names: str | None) -> str | None:
    wrong = list(dict.fromkeys(n for n in names if n is not None and n.strip().casefold() != _TNR.casefold()))
    return ", ".join(wrong) or None


def _bad_color(value: str | None) -> str | None:
    return None if value is None or value.lower() in _BLACK else value


# --- text: styles used, direct formatting -------------------------------------------------------

_FONT_RULE: Final = f"phông chữ {_TNR} ({_DECREE})"
_COLOR_RULE: Final = f"chữ màu đen ({_DECREE})"


class _TextCheck:
    """Walks the paragraphs of each part once: records which styles text uses and in which
    role (first place of each), and reports direct formatting at its paragraph."""

    def __init__(self, template: str, styles: _Styles) -> None:
        self.template = template
        self.styles = styles
        self.used: dict[str | None, dict[Role, str]] = {}  # paragraph style → role → where first
        self.characters: dict[str, str] = {}  # character style → where first
        self.body_runs: list[tuple[int, Paragraph, _Value, str]] = []
        self.paragraph_findings: list[tuple[int, Finding]] = []  # in document order

    def read(self, root: Any, part: str) -> None:
        header = _HEADER_PART.fullmatch(part) is not None
        for paragraph in paragraphs(root, part):
            if not _visible(paragraph.text):
                continue
            style_id = self.styles.paragraph_style(paragraph.element)
            role = self._role(style_id, paragraph.element, header)
            self.used.setdefault(style_id, {}).setdefault(role, paragraph.where)
            self._runs(paragraph, style_id, role)

    def _role(self, style_id: str | None, p: Any, header: bool) -> Role:
        if style_id is not None:
            role = STYLE_ROLES.get(self.styles.name(style_id))
            if role is not None:
                return role
        if header:
            return _PAGE_HEADER
        return _TABLE if enclosing(p, _W_TC) is not None else _BODY

    def _runs(self, paragraph: Paragraph, style_id: str | None, role: Role) -> None:
        """Direct fonts and colours; direct sizes, or sizes of a character style, outside the
        paragraph's range. One finding per paragraph and value."""
        found: dict[tuple[str, str], tuple[str, str, str]] = {}  # (rule, what) → (text, source, fix)
        for run, text in _own_runs(paragraph.element):
            rpr = run.find(_W_RPR)
            node = rpr.find(qn("w:rStyle")) if rpr is not None else None
            char_id = node.get(_W_VAL) if node is not None else None
            if char_id in self.styles.by_id:
                self.characters.setdefault(char_id, paragraph.where)
            size = _Value(value, "") if (value := _size(rpr)) is not None else None
            if size is None and char_id in self.styles.by_id:
                size = self.styles.resolve(char_id, _size, defaults=False)
            if size is not None:
                if role.body:
                    self.body_runs.append((len(self.paragraph_findings), paragraph, size, text))
                if not role.allows(size.value):
                    fix = f"Cỡ: {_pt(role.nearest(size.value))}"
                    found.setdefault((role.rule, f"cỡ chữ {_pt(size.value)} pt"), (text, size.source, fix))
            for read in (_READ_ASCII, _READ_HANSI):
                if bad := _bad_font(read(rpr)):
                    found.setdefault((_FONT_RULE, f"phông chữ {bad}"), (text, "", ""))
            if bad := _bad_color(_color(rpr)):
                found.setdefault((_COLOR_RULE, f"chữ màu {bad}"), (text, "", ""))
        paragraph_style = self.styles.name(style_id) if style_id else "mặc định"
        for (rule, what), (text, source, fix) in found.items():
            if source:
                name = self.styles.name(source)
                message = f"{what} (kiểu ký tự «{name}» trên «{excerpt(text)}»)"
                hint = _WORD_STYLE.format(name=name, what=fix)
            else:
                message = f"{what} (định dạng trực tiếp trên «{excerpt(text)}»)"
                hint = _CLEAR_DIRECT.format(name=paragraph_style)
            self._add(Finding(self.template, rule, paragraph.where, message, hint))

    def _add(self, finding: Finding, order: int | None = None) -> None:
        order = len(self.paragraph_findings) if order is None else order
        self.paragraph_findings.append((order, finding))

    # -- style sheet -------------------------------------------------------------------------

    def results(self) -> list[Finding]:
        """The findings of the style sheet, then those of paragraphs in document order."""
        findings = self._default_findings()
        findings += self._inherited(_FONT_RULE, (_READ_ASCII, _READ_HANSI), _bad_font, "phông chữ", f"Phông: {_TNR}")
        findings += self._inherited(_COLOR_RULE, (_color,), _bad_color, "màu chữ", "Màu phông: Tự động")
        findings += self._size_findings()
        return findings + [f for _, f in sorted(self.paragraph_findings, key=lambda pair: pair[0])]

    def _default_findings(self) -> list[Finding]:
        """The document defaults, checked whether or not a style overrides them: a new style,
        or text pasted without one, starts from them."""
        findings: list[Finding] = []
        hint = _WORD_DEFAULTS.format(what=f"Phông: {_TNR}")
        fonts = [read(self.styles.defaults) for read in (_READ_ASCII, _READ_HANSI)]
        if bad := _bad_font(*fonts):
            message = f"phông chữ mặc định của văn bản là {bad}"
            findings.append(Finding(self.template, _FONT_RULE, "", message, hint))
        elif fonts == [None, None] and any(
            self.styles.resolve(style_id, read, defaults=False) is None
            for style_id in self.used
            for read in (_READ_ASCII, _READ_HANSI)
        ):
            message = "văn bản không khai báo phông chữ mặc định (Word và LibreOffice dùng phông của máy)"
            findings.append(Finding(self.template, _FONT_RULE, "", message, hint))
        if bad := _bad_color(_color(self.styles.defaults)):
            hint = _WORD_DEFAULTS.format(what="Màu phông: Tự động")
            findings.append(Finding(self.template, _COLOR_RULE, "", f"màu chữ mặc định của văn bản là {bad}", hint))
        return findings

    def _inherited(self, rule: str, reads: Iterable[Any], wrong: Any, noun: str, fix: str) -> list[Finding]:
        """A wrong font or colour of a style that text uses, reported once, at the style that
        sets it (``Normal``, say, rather than every ``ND30`` style based on it)."""
        by_source: dict[str, tuple[list[str], list[str]]] = {}  # source → (wrong values, users)
        for style_id in [*(s for s in self.used if s is not None), *self.characters]:
            for read in reads:
                value = self.styles.resolve(style_id, read, defaults=False)
                bad = wrong(value.value) if value is not None else None
                if value is None or bad is None:
                    continue
                values, users = by_source.setdefault(value.source, ([], []))
                values.extend([bad] if bad not in values else [])
                users.extend([style_id] if style_id not in users else [])
        findings: list[Finding] = []
        for source, (values, users) in by_source.items():
            name = self.styles.name(source)
            message = f"{noun} {', '.join(values)}"
            others = [self.styles.name(u) for u in users if u != source]
            if others:
                shown = ", ".join(f"«{n}»" for n in others[:3])
                more = f" và {len(others) - 3} kiểu khác" if len(others) > 3 else ""
                message += f"; các kiểu dựa trên kiểu này cũng dùng {noun} đó: {shown}{more}"
            hint = _WORD_STYLE.format(name=name, what=fix)
            findings.append(Finding(self.template, rule, f"kiểu «{name}»", message, hint))
        return findings

    def _size_findings(self) -> list[Finding]:
        findings: list[Finding] = []
        body_sizes: dict[str, float] = {}
        for style_id, roles in self.used.items():
            size = self.styles.resolve(style_id, _size)
            value = size.value if size is not None else 10.0  # Word's size when none is set
            name = self.styles.name(style_id) if style_id else ""
            for role, first in roles.items():
                if role.body and name:
                    body_sizes.setdefault(name, value)
                if role.allows(value):
                    continue
                message = f"cỡ chữ {_pt(value)} pt"
                if size is None:
                    message += " (cỡ Word dùng khi văn bản không khai báo cỡ chữ)"
                elif size.source != style_id:
                    origin = f"kiểu «{self.styles.name(size.source)}»" if size.source else "mặc định của văn bản"
                    message += f" (lấy từ {origin})"
                if name and name not in STYLE_ROLES:
                    message += f"; kiểu này dùng ở {first}"
                fix = f"Cỡ: {_pt(role.nearest(value))}"
                hint = _WORD_STYLE.format(name=name, what=fix) if name else _WORD_DEFAULTS.format(what=fix)
                findings.append(Finding(self.template, role.rule, f"kiểu «{name}»" if name else first, message, hint))
        return findings + self._one_body_size(body_sizes)

    def _one_body_size(self, body_sizes: dict[str, float]) -> list[Finding]:
        """«One document uses one body size»: the body styles, and sizes set on runs of the
        body, equal the size of ``ND30 Noi dung`` (or of the first body style used)."""
        if not body_sizes:
            return []
        reference = "ND30 Noi dung" if "ND30 Noi dung" in body_sizes else next(iter(body_sizes))
        size = body_sizes[reference]
        if not _BODY.allows(size):
            return []
        rule = f"một cỡ chữ cho cả phần nội dung, {_BODY.sizes} ({_DECREE})"
        other = f"khác cỡ {_pt(size)} pt của kiểu «{reference}»"
        findings: list[Finding] = []
        for name, value in body_sizes.items():
            if value != size and _BODY.allows(value):
                hint = _WORD_STYLE.format(name=name, what=f"Cỡ: {_pt(size)}")
                findings.append(
                    Finding(self.template, rule, f"kiểu «{name}»", f"cỡ chữ {_pt(value)} pt, {other}", hint)
                )
        reported: set[Any] = set()
        for order, paragraph, run, text in self.body_runs:
            if run.value == size or not _BODY.allows(run.value) or paragraph.element in reported:
                continue
            reported.add(paragraph.element)
            if run.source:
                by = f"kiểu ký tự «{self.styles.name(run.source)}»"
                hint = _WORD_STYLE.format(name=self.styles.name(run.source), what=f"Cỡ: {_pt(size)}")
            else:
                by = "định dạng trực tiếp"
                style_id = self.styles.paragraph_style(paragraph.element)
                hint = _CLEAR_DIRECT.format(name=self.styles.name(style_id) if style_id else "mặc định")
            message = f"cỡ chữ {_pt(run.value)} pt ({by} trên «{excerpt(text)}»), {other}"
            self._add(Finding(self.template, rule, paragraph.where, message, hint), order)
        return findings


def _own_runs(p: Any) -> Iterable[tuple[Any, str]]:
    """The runs of this paragraph (not of a text box inside it, not deleted) that show text
    other than block tags, with that text."""
    for run in p.iter(_W_R):
        parent = run.getparent()
        if parent is not p:
            node = parent
            while node is not None and node is not p and node.tag not in (_W_P, _W_DEL, _W_MOVEFROM):
                node = node.getparent()
            if node is not p:
                continue
        text = "".join(t.text or "" for t in run.iter(_W_T))
        if _visible(text):
            yield run, text


def _visible(text: str) -> bool:
    return bool(_BLOCK_TAG.sub("", text).strip())


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        try:
            return round(float(value)) if value is not None else None
        except ValueError:
            return None


def _mm(value: float) -> str:
    """``30``, ``29,6``: millimetres as Word shows them to a Vietnamese author."""
    return _pt(round(value, 1))


def _pt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")
