"""Writing an issued number and date into a document a person edited, and nothing else.

The usual workflow: docgen makes the draft, the leader corrects it in Word, the clerk numbers
*that* version. The number and date go where Decree 30 puts them — the ``Số: …/KH-UBND``
paragraph in the left cell of the header table and the place-and-date paragraph in its right
cell — and every other byte of the person's text stays theirs.

The change is bounded on purpose: exactly one ``Số: …/<symbol>`` paragraph in the header's
left column and exactly one ``…, ngày … tháng … năm …`` paragraph in its right column, each
made of plain runs (no tracked change, field or hyperlink inside). Anything else is refused
with the reason, and the clerk records the number by hand (``docgen register record``).

Only ``word/document.xml`` is rewritten; every other part of the file is copied as it is.
This module returns bytes and never writes a file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from docgen.errors import StampError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_BODY_PART = "word/document.xml"
_DATE_LINE = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
# What may sit in a stamped paragraph beside its runs: marks that carry no text.
_HARMLESS = {
    f"{{{_W}}}{tag}" for tag in ("pPr", "r", "proofErr", "bookmarkStart", "bookmarkEnd", "permStart", "permEnd")
}
_RUN_TEXT = {f"{{{_W}}}{tag}" for tag in ("t", "tab", "br", "cr", "noBreakHyphen", "softHyphen")}


@dataclass(frozen=True)
class IssueLines:
    """The two header paragraphs an issued number changes, as text."""

    number: str  # ``Số: 05/KH-UBND``
    place_date: str  # ``Hương Khê, ngày 05 tháng 7 năm 2023``


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{{{_W}}}t"))


def _header_columns(body: Any) -> tuple[list[Any], list[Any]]:
    """The paragraphs of the left and right column of the header table (the body's first table,
    before any paragraph with text)."""
    for child in body:
        if child.tag == f"{{{_W}}}tbl":
            left: list[Any] = []
            right: list[Any] = []
            for row in child.findall("w:tr", _NS):
                cells = row.findall("w:tc", _NS)
                if len(cells) != 2:
                    raise StampError("bảng đầu văn bản (tên cơ quan, quốc hiệu) không còn đúng hai cột")
                left += cells[0].findall(".//w:p", _NS)
                right += cells[1].findall(".//w:p", _NS)
            return left, right
        if child.tag == f"{{{_W}}}p" and _text(child).strip():
            break
    raise StampError("đầu văn bản không còn là bảng hai cột (tên cơ quan bên trái, quốc hiệu bên phải)")


def _only_one(paragraphs: list[Any], what: str) -> Any:
    if len(paragraphs) != 1:
        found = "không thấy" if not paragraphs else f"thấy {len(paragraphs)}"
        raise StampError(f"{found} {what}")
    return paragraphs[0]


def _find(body: Any, symbol: str) -> tuple[Any, Any]:
    number_line = re.compile(rf"^\s*Số\s*:.*/\s*{re.escape(symbol)}\s*$")
    left, right = _header_columns(body)
    number = _only_one(
        [p for p in left if number_line.match(_text(p))], f"đoạn «Số: …/{symbol}» ở cột trái của đầu văn bản"
    )
    place_date = _only_one(
        [p for p in right if _DATE_LINE.search(_text(p))],
        "đoạn địa danh, ngày tháng năm («…, ngày … tháng … năm …») ở cột phải của đầu văn bản",
    )
    return number, place_date


def issue_lines(content: bytes, symbol: str) -> IssueLines:
    """The number and the place-and-date lines of ``content`` (docgen's own numbered rendering)."""
    number, place_date = _find(_body(_document_xml(content)), symbol)
    return IssueLines(_text(number), _text(place_date))


def check_stampable(content: bytes, symbol: str) -> None:
    """Refuse (``StampError``) a document whose header has no single place for the number and
    the date, or whose number or date paragraph is more than plain runs of text."""
    for paragraph in _find(_body(_document_xml(content)), symbol):
        _check_plain(paragraph)


def stamp(content: bytes, symbol: str, lines: IssueLines) -> bytes:
    """``content`` with the number and the place-and-date paragraphs set to ``lines``.

    Each paragraph keeps its own paragraph and first-run formatting; its other runs are removed
    (a paragraph Word split into runs becomes one run with the new text)."""
    root = _document_xml(content)
    number, place_date = _find(_body(root), symbol)
    for paragraph, text in ((number, lines.number), (place_date, lines.place_date)):
        _check_plain(paragraph)
        _set_text(paragraph, text)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _replace_part(content, _BODY_PART, xml)


def _check_plain(paragraph: Any) -> None:
    for child in paragraph:
        if child.tag not in _HARMLESS:
            name = etree.QName(child).localname
            raise StampError(
                f"đoạn «{_text(paragraph)}» có thành phần w:{name} (sửa đổi được theo dõi, trường hoặc liên kết) "
                "nên không ghi số vào được"
            )


def _set_text(paragraph: Any, text: str) -> None:
    runs = paragraph.findall("w:r", _NS)
    if not runs:
        raise StampError(f"đoạn «{_text(paragraph)}» không có chữ để thay")
    first = runs[0]
    for run in runs[1:]:
        paragraph.remove(run)
    for child in list(first):
        if child.tag in _RUN_TEXT:
            first.remove(child)
    t = etree.SubElement(first, f"{{{_W}}}t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _document_xml(content: bytes) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = archive.read(_BODY_PART)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(xml, parser)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise StampError(f"tệp không đọc được như văn bản Word ({exc})") from exc


def _body(root: Any) -> Any:
    body = root.find("w:body", _NS)
    if body is None:
        raise StampError("tệp không có phần thân văn bản (w:body)")
    return body


def _replace_part(content: bytes, name: str, data: bytes) -> bytes:
    """The same archive with one member's content replaced; the others are copied unchanged,
    with their names, order, dates and compression."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info))
    return buffer.getvalue()
