"""Word mechanics applied to a rendered document: the solid lines under header texts, and
summaries broken into balanced lines.

Decree 30 draws a solid line under the issuing authority (1/3 to 1/2 as long as its name),
under the motto (as long as the motto) and under the summary (1/3 to 1/2 of it). The
templates draw each line as an *empty* paragraph whose bottom border is the line, styled
``ND30 Gach duoi`` (40 % of the text above) or ``ND30 Gach duoi day du`` (100 %). The border
runs from the paragraph's left indent to its right indent, so its length is set by symmetric
indents. The text above differs per unit (``SỞ NỘI VỤ`` against ``SỞ LAO ĐỘNG - THƯƠNG BINH``),
so :func:`fit_rules` sizes every line after rendering, from the advance widths of Times New
Roman (identical to those of its metric twin Liberation Serif, which LibreOffice uses).

A summary (``ND30 Trich yeu``) that needs two lines is broken where both lines are about
as long, as official documents print it, instead of leaving a lone word (``2023``) on the
second line — and, as a clerk breaks it by hand, between phrases rather than inside a
two-syllable word (``thi / đua``).

Styles are found by *name*, not by id: LibreOffice may rename style ids when it re-saves a
template, while names survive.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Final

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = [
    "BALANCED_STYLES",
    "RULE_STYLES",
    "balance_titles_xml",
    "char_width",
    "fit_rules",
    "fit_rules_xml",
    "text_width",
    "widest_line",
]

BALANCED_STYLES: Final = frozenset({"ND30 Trich yeu"})
RULE_STYLES: Final[dict[str, float]] = {
    "ND30 Gach duoi": 0.4,  # 1/3 to 1/2 of the text above
    "ND30 Gach duoi day du": 1.0,  # as long as the text above
}

# Where a two-line summary may break. Vietnamese writes each syllable as a word, so a space
# may fall inside a compound: a break inside one of the compounds of emulation paperwork's
# summaries is avoided, a break before a word that opens a phrase (or after a comma) is
# preferred. Costs are fractions of the line width.
_COMPOUNDS: Final = frozenset(
    {
        "an ninh",
        "ban hành",
        "báo cáo",
        "cải cách",
        "cán bộ",
        "chỉ đạo",
        "chính trị",
        "chuyển đổi",
        "công chức",
        "công tác",
        "danh hiệu",
        "dân tộc",
        "đào tạo",
        "đề nghị",
        "đô thị",
        "giáo dục",
        "giáo viên",
        "hành chính",
        "hình thức",
        "học sinh",
        "khen thưởng",
        "kinh doanh",
        "kinh tế",
        "kết quả",
        "lao động",
        "năm học",
        "nhà nước",
        "nhiệm vụ",
        "nông thôn",
        "phát động",
        "phát triển",
        "phong trào",
        "quốc phòng",
        "sản xuất",
        "sáng kiến",
        "sơ kết",
        "tặng thưởng",
        "thắng lợi",
        "thi đua",
        "thực hiện",
        "tổ chức",
        "tổng kết",
        "triển khai",
        "văn hóa",
        "văn minh",
        "viên chức",
        "xã hội",
        "xây dựng",
        "yêu nước",
    }
)
_PHRASE_STARTS: Final = frozenset(
    {
        "và",
        "của",
        "về",
        "năm",
        "trong",
        "cho",
        "tại",
        "theo",
        "để",
        "với",
        "đến",
        "nhằm",
        "gắn",
        "góp",
        "giai",
        "hoặc",
        "đối",
        "trên",
    }
)
_SPLIT_COMPOUND_COST: Final = 0.25
_PHRASE_BREAK_BONUS: Final = 0.05


def _break_cost(before: str, after: str) -> float:
    """Extra cost, as a fraction of the line width, of breaking between these two words."""
    first, second = before.lower().strip("“”\"'()"), after.lower().strip("“”\"'()")
    if f"{first} {second}" in _COMPOUNDS:
        return _SPLIT_COMPOUND_COST
    if second in _PHRASE_STARTS or before.endswith((",", ";", ":")):
        return -_PHRASE_BREAK_BONUS
    return 0.0


# Advance widths in 1/1000 em: Adobe's Times-Roman and Times-Bold AFM, which Times New Roman
# and Liberation Serif match. A Vietnamese letter takes the width of its base letter.
_CHARS: Final = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz"
    "0123456789"
    " .,:;-\u2013\u2014()/%\"'!?&*+=[]_\u201c\u201d\u2018\u2019\u2026\u2022"
)
_REGULAR_WIDTHS: Final = (
    722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722,
    944, 722, 722, 611,
    444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500,
    722, 500, 500, 444,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500,
    250, 250, 250, 278, 278, 333, 500, 1000, 333, 333, 278, 833, 408, 180, 333, 444, 778, 500, 564, 564, 333, 333,
    500, 444, 444, 333, 333, 1000, 350,
)  # fmt: skip
_BOLD_WIDTHS: Final = (
    722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722,
    1000, 722, 722, 667,
    500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500,
    722, 500, 500, 444,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500,
    250, 250, 250, 333, 333, 333, 500, 1000, 333, 333, 278, 1000, 555, 278, 333, 500, 833, 500, 570, 570, 333, 333,
    500, 500, 500, 333, 333, 1000, 350,
)  # fmt: skip
_REGULAR: Final = dict(zip(_CHARS, _REGULAR_WIDTHS, strict=True))
_BOLD: Final = dict(zip(_CHARS, _BOLD_WIDTHS, strict=True))
# Letters with no decomposition to a base letter.
_BASE: Final = {"Đ": "D", "đ": "d", "Ð": "D", "\u00a0": " ", "\t": " "}

# Clark names of the WordprocessingML tags used here, computed once (qn() is hot in loops).
_W_BASEDON: Final = qn("w:basedOn")
_W_BODY: Final = qn("w:body")
_W_BR: Final = qn("w:br")
_W_DEFAULT: Final = qn("w:default")
_W_DEL: Final = qn("w:del")
_W_DOCDEFAULTS: Final = qn("w:docDefaults")
_W_GRIDCOL: Final = qn("w:gridCol")
_W_GRIDSPAN: Final = qn("w:gridSpan")
_W_IND: Final = qn("w:ind")
_W_LEFT: Final = qn("w:left")
_W_MOVEFROM: Final = qn("w:moveFrom")
_W_NAME: Final = qn("w:name")
_W_P: Final = qn("w:p")
_W_PPR: Final = qn("w:pPr")
_W_PSTYLE: Final = qn("w:pStyle")
_W_PGMAR: Final = qn("w:pgMar")
_W_PGSZ: Final = qn("w:pgSz")
_W_R: Final = qn("w:r")
_W_RPR: Final = qn("w:rPr")
_W_RPRDEFAULT: Final = qn("w:rPrDefault")
_W_RSTYLE: Final = qn("w:rStyle")
_W_RIGHT: Final = qn("w:right")
_W_SECTPR: Final = qn("w:sectPr")
_W_STYLE: Final = qn("w:style")
_W_STYLEID: Final = qn("w:styleId")
_W_T: Final = qn("w:t")
_W_TAB: Final = qn("w:tab")
_W_TBL: Final = qn("w:tbl")
_W_TBLCELLMAR: Final = qn("w:tblCellMar")
_W_TBLGRID: Final = qn("w:tblGrid")
_W_TBLPR: Final = qn("w:tblPr")
_W_TC: Final = qn("w:tc")
_W_TCMAR: Final = qn("w:tcMar")
_W_TCPR: Final = qn("w:tcPr")
_W_TCW: Final = qn("w:tcW")
_W_TYPE: Final = qn("w:type")
_W_VAL: Final = qn("w:val")
_qn: Final = lru_cache(maxsize=None)(qn)  # for tags named at run time ("w:sz", "w:b")
_TWIPS_PER_POINT: Final = 20
_DEFAULT_SIZE_PT: Final = 10.0  # OOXML default when no size is set anywhere
_DEFAULT_CELL_MARGIN: Final = 108  # twips, Word's default left/right cell margin
_PPR_AFTER_IND: Final = frozenset(
    qn(f"w:{tag}")
    for tag in (
        "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
        "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    )
)  # fmt: skip
_OFF: Final = frozenset({"0", "false", "off"})


def char_width(ch: str, bold: bool = False) -> int:
    """Advance width of one character in 1/1000 em (Times New Roman / Liberation Serif)."""
    table = _BOLD if bold else _REGULAR
    width = table.get(ch)
    if width is not None:
        return width
    base = _BASE.get(ch) or unicodedata.normalize("NFD", ch)[:1]
    return table.get(base, table["n"])


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of ``text`` on one line, in points, at ``size_pt``."""
    return sum(char_width(ch, bold) for ch in text) * size_pt / 1000


# One character with the size (points) and weight it is set in.
_Glyph = tuple[str, float, bool]


def widest_line(glyphs: list[_Glyph], available_pt: float) -> float:
    """Width in points of the widest line when ``glyphs`` wrap at spaces into ``available_pt``.

    A word longer than the line is counted as filling it (the text cannot be wider than the
    column it sits in).
    """
    widest = line = pending_space = 0.0
    word = 0.0
    for ch, size, bold in [*glyphs, (" ", 0.0, False)]:
        width = char_width(ch, bold) * size / 1000
        if ch in " \t\u00a0":
            if line and line + pending_space + word > available_pt:
                widest = max(widest, line)
                line = word
            else:
                line = line + pending_space + word if line else word
            pending_space, word = width, 0.0
        else:
            word += width
    return min(max(widest, line), available_pt)


# --- styles ------------------------------------------------------------------------------------


class _Styles:
    """Style lookup by id and name, with run properties resolved through ``w:basedOn``."""

    def __init__(self, styles_element: Any) -> None:
        self._by_id: dict[str, Any] = {}
        self.names: dict[str, str] = {}
        self.default_paragraph: str | None = None
        for style in styles_element.iterchildren(_W_STYLE):
            style_id = style.get(_W_STYLEID)
            if style_id is None:
                continue
            self._by_id[style_id] = style
            name = style.find(_W_NAME)
            self.names[style_id] = name.get(_W_VAL) if name is not None else style_id
            if style.get(_W_TYPE) == "paragraph" and style.get(_W_DEFAULT) in ("1", "true", "on"):
                self.default_paragraph = style_id
        defaults = styles_element.find(_W_DOCDEFAULTS)
        self._default_rpr = None if defaults is None else defaults.find(f"{_W_RPRDEFAULT}/{_W_RPR}")

    def name_of(self, style_id: str | None) -> str | None:
        return self.names.get(style_id) if style_id else None

    def run_property(self, style_id: str | None, tag: str) -> Any:
        """The ``w:<tag>`` element of a style's run properties, following ``basedOn``."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            found = style.find(f"{_W_RPR}/{_qn(tag)}")
            if found is not None:
                return found
            based = style.find(_W_BASEDON)
            style_id = based.get(_W_VAL) if based is not None else None
        return None

    def default_property(self, tag: str) -> Any:
        return None if self._default_rpr is None else self._default_rpr.find(_qn(tag))


@lru_cache(maxsize=16)
def _styles_of(styles_element: Any) -> _Styles:
    # The cached rendering path reuses one styles element for every document of a template.
    return _Styles(styles_element)


def _paragraph_style(p: Any, styles: _Styles) -> str | None:
    found = p.find(f"{_W_PPR}/{_W_PSTYLE}")
    return found.get(_W_VAL) if found is not None else styles.default_paragraph


def _resolve(run: Any, style_id: str | None, styles: _Styles, tag: str) -> Any:
    """A run property: the run's own, its character style's, the paragraph style's, default."""
    rpr = run.find(_W_RPR)
    if rpr is not None:
        found = rpr.find(_qn(tag))
        if found is not None:
            return found
        char_style = rpr.find(_W_RSTYLE)
        if char_style is not None:
            found = styles.run_property(char_style.get(_W_VAL), tag)
            if found is not None:
                return found
    found = styles.run_property(style_id, tag)
    return found if found is not None else styles.default_property(tag)


def _on(element: Any) -> bool:
    return element is not None and element.get(_W_VAL, "1").lower() not in _OFF


def _runs(p: Any) -> Iterator[Any]:
    """The runs of a paragraph that show text (hyperlinks and fields included, deletions not)."""
    for run in p.iter(_W_R):
        ancestor = run.getparent()
        if ancestor is not None and ancestor.tag in (_W_DEL, _W_MOVEFROM):
            continue
        yield run


def _run_text(run: Any) -> str:
    parts = []
    for child in run:
        if child.tag == _W_T:
            parts.append(child.text or "")
        elif child.tag == _W_TAB:
            parts.append(" ")
    return "".join(parts)


def _glyphs(p: Any, styles: _Styles) -> list[_Glyph]:
    style_id = _paragraph_style(p, styles)
    glyphs: list[_Glyph] = []
    for run in _runs(p):
        text = _run_text(run)
        if not text:
            continue
        size_element = _resolve(run, style_id, styles, "w:sz")
        try:
            size = int(size_element.get(_W_VAL)) / 2 if size_element is not None else _DEFAULT_SIZE_PT
        except (TypeError, ValueError):
            size = _DEFAULT_SIZE_PT
        bold = _on(_resolve(run, style_id, styles, "w:b"))
        if _on(_resolve(run, style_id, styles, "w:caps")):
            text = text.upper()
        glyphs.extend((ch, size, bold) for ch in text)
    return glyphs


def _text(p: Any) -> str:
    return "".join(_run_text(run) for run in _runs(p))


# --- containers ----------------------------------------------------------------------------------


def _twips(element: Any, attribute: str = "w:w") -> int | None:
    if element is None:
        return None
    try:
        return int(float(element.get(_qn(attribute))))
    except (TypeError, ValueError):
        return None


def _section_text_width(p: Any) -> int | None:
    """Text width (twips) of the section the body-level element ``p`` belongs to."""
    sect = None
    for following in p.itersiblings():
        if following.tag == _W_SECTPR:
            sect = following
            break
        found = following.find(f"{_W_PPR}/{_W_SECTPR}") if following.tag == _W_P else None
        if found is not None:
            sect = found
            break
    own = p.find(f"{_W_PPR}/{_W_SECTPR}") if p.tag == _W_P else None
    return _sect_width(own if own is not None else sect)


def _sect_width(sect: Any) -> int | None:
    if sect is None:
        return None
    width = _twips(sect.find(_W_PGSZ))
    margins = sect.find(_W_PGMAR)
    left = _twips(margins, "w:left") or 0
    right = _twips(margins, "w:right") or 0
    return None if width is None else width - left - right


def _cell_margin(tc: Any, side: str) -> int:
    names = ("w:left", "w:start") if side == "left" else ("w:right", "w:end")
    tbl = tc.getparent().getparent() if tc.getparent() is not None else None
    holders = [tc.find(f"{_W_TCPR}/{_W_TCMAR}")]
    if tbl is not None:
        holders.append(tbl.find(f"{_W_TBLPR}/{_W_TBLCELLMAR}"))
    for holder in holders:
        if holder is None:
            continue
        for name in names:
            value = _twips(holder.find(_qn(name)))
            if value is not None:
                return value
    return _DEFAULT_CELL_MARGIN


def _cell_width(tc: Any) -> int | None:
    """Width of a cell's text area (twips): ``w:tcW``, else its grid columns, minus margins."""
    tc_w = tc.find(f"{_W_TCPR}/{_W_TCW}")
    width = None
    if tc_w is not None and tc_w.get(_W_TYPE, "dxa") == "dxa":
        width = _twips(tc_w)
    if not width:
        tr = tc.getparent()
        tbl = tr.getparent() if tr is not None else None
        grid = tbl.find(_W_TBLGRID) if tbl is not None else None
        if grid is None:
            return None
        columns = [_twips(col) or 0 for col in grid.iterchildren(_W_GRIDCOL)]
        start = 0
        for cell in tr.iterchildren(_W_TC):
            span = _twips(cell.find(f"{_W_TCPR}/{_W_GRIDSPAN}"), "w:val") or 1
            if cell is tc:
                width = sum(columns[start : start + span])
                break
            start += span
    if not width:
        return None
    return width - _cell_margin(tc, "left") - _cell_margin(tc, "right")


def _container_width(p: Any, sections: _Sections | None = None) -> int | None:
    node = p.getparent()
    child = p
    while node is not None:
        if node.tag == _W_TC:
            return _cell_width(node)
        if node.tag == _W_BODY:
            return sections.width(child, node) if sections is not None else _section_text_width(child)
        child, node = node, node.getparent()
    return None


class _Sections:
    """The text width of each body-level element's section, found in one pass over the body
    (looking ahead for the section's end from every paragraph is quadratic in long plans)."""

    def __init__(self) -> None:
        self._of: dict[Any, Any] | None = None

    def width(self, child: Any, body: Any) -> int | None:
        if self._of is None:
            self._of = {}
            current = None
            for element in reversed(body):
                if element.tag == _W_SECTPR:
                    current = element
                elif element.tag == _W_P:
                    own = element.find(f"{_W_PPR}/{_W_SECTPR}")
                    if own is not None:
                        current = own
                self._of[element] = current
        return _sect_width(self._of.get(child))


def _block_above(p: Any, styles: _Styles) -> list[Any]:
    """The nearest non-empty paragraph above ``p`` in its container, with the consecutive
    non-empty paragraphs above it that share its style (a multi-line issuer name)."""
    block: list[Any] = []
    for sibling in p.itersiblings(preceding=True):
        if sibling.tag == _W_TBL:
            break
        if sibling.tag != _W_P:
            continue
        empty = not _text(sibling).strip()
        if not block:
            if not empty:
                block.append(sibling)
            continue
        if empty or _paragraph_style(sibling, styles) != _paragraph_style(block[0], styles):
            break
        block.append(sibling)
    return block


def _set_indents(p: Any, twips: int) -> None:
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    ind = ppr.find(_W_IND)
    if ind is None:
        ind = OxmlElement("w:ind")
        following = next((child for child in ppr if child.tag in _PPR_AFTER_IND), None)
        if following is not None:
            following.addprevious(ind)
        else:
            ppr.append(ind)
    for name in ("w:start", "w:end", "w:startChars", "w:endChars", "w:leftChars", "w:rightChars",
                 "w:firstLine", "w:firstLineChars", "w:hanging", "w:hangingChars"):  # fmt: skip
        if _qn(name) in ind.attrib:
            del ind.attrib[_qn(name)]
    ind.set(_W_LEFT, str(twips))
    ind.set(_W_RIGHT, str(twips))


def fit_rules(document: Document) -> int:
    """Size every rule paragraph (style ``ND30 Gach duoi`` / ``ND30 Gach duoi day du``) of a
    python-docx document to the text above it; return how many were set.

    The text is the nearest non-empty paragraph above the rule in the same table cell or body
    (the widest of consecutive lines of the same style), measured at its size and weight and
    wrapped at the container's width. The rule gets symmetric indents so that it is 40 % (or
    100 %) of that width, centred in the container.
    """
    return fit_rules_xml(document.element.body, document.styles.element)


def _styled(body: Any, ids: set[str]) -> list[Any]:
    # Only paragraphs that name one of these styles: cheap on long documents.
    found = [ps.getparent().getparent() for ps in body.iter(_W_PSTYLE) if ps.get(_W_VAL) in ids]
    return [p for p in found if p.tag == _W_P]


def balance_titles_xml(body: Any, styles_element: Any) -> int:
    """Break each summary that takes two lines where its two lines are closest in width."""
    styles = _styles_of(styles_element)
    ids = {sid for sid, name in styles.names.items() if name in BALANCED_STYLES}
    return _balance(_styled(body, ids), styles, _Sections())


def _balance(paragraphs: list[Any], styles: _Styles, sections: _Sections) -> int:
    count = 0
    for p in paragraphs:
        runs = [run for run in _runs(p) if _run_text(run)]
        texts = [child for child in runs[0] if child.tag == _W_T] if len(runs) == 1 else []
        if len(texts) != 1 or runs[0].find(_W_BR) is not None:
            continue  # formatted by hand (several runs, a break already): left as the author made it
        available = _container_width(p, sections)
        glyphs = _glyphs(p, styles)
        text = texts[0].text or ""
        if not available or len(glyphs) != len(text):
            continue
        available_pt = available / _TWIPS_PER_POINT
        widths = [char_width(ch, bold) * size / 1000 for ch, size, bold in glyphs]
        total = sum(widths)
        if total <= available_pt or total > 1.9 * available_pt:
            continue  # one line, or more than two
        best: tuple[float, int] | None = None
        before = 0.0
        for index, ch in enumerate(text):
            if ch == " ":
                first, second = before, total - before - widths[index]
                if first <= available_pt and second <= available_pt:
                    left, right = text[:index].rsplit(" ", 1)[-1], text[index + 1 :].split(" ", 1)[0]
                    cost = max(first, second) + _break_cost(left, right) * available_pt
                    if best is None or cost < best[0]:
                        best = (cost, index)
            before += widths[index]
        if best is None:
            continue
        split = best[1]
        texts[0].text = text[:split]
        tail = OxmlElement("w:t")
        tail.text = text[split + 1 :]
        tail.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        texts[0].addnext(tail)
        texts[0].addnext(OxmlElement("w:br"))  # the run: first line, break, second line
        count += 1
    return count


def fit_rules_xml(body: Any, styles_element: Any) -> int:
    """:func:`fit_rules` on raw elements: a ``w:body`` and the ``w:styles`` of its package.
    Summaries are balanced first (:func:`balance_titles_xml`), so each rule fits its text."""
    styles = _styles_of(styles_element)
    balanced_ids = {sid for sid, name in styles.names.items() if name in BALANCED_STYLES}
    # Only paragraphs that name a rule style can be rules (a rule is never the default style).
    rule_ids = {sid for sid, name in styles.names.items() if name in RULE_STYLES}
    found = _styled(body, balanced_ids | rule_ids)
    sections = _Sections()
    _balance([p for p in found if _paragraph_style(p, styles) in balanced_ids], styles, sections)
    count = 0
    for p in found:
        ratio = RULE_STYLES.get(styles.name_of(_paragraph_style(p, styles)) or "")
        if ratio is None or _text(p).strip():
            continue
        available = _container_width(p, sections)
        block = _block_above(p, styles)
        if not available or available <= 0 or not block:
            continue
        available_pt = available / _TWIPS_PER_POINT
        text_pt = max(widest_line(_glyphs(q, styles), available_pt) for q in block)
        if text_pt <= 0:
            continue
        rule_twips = ratio * text_pt * _TWIPS_PER_POINT
        _set_indents(p, max(0, round((available - rule_twips) / 2)))
        count += 1
    return count
