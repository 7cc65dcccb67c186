"""Word's artefacts in a template's tags, and the safe repair of some of them.

Word keeps what an author types as runs (``w:r``) of text with the same formatting, and splits
them for reasons the author never sees: a revision id (``w:rsidR``, ``w:rsidRPr``) for each
editing session, a language mark (``w:lang``) where the spell checker guessed English, the
spelling marks (``w:proofErr``) around ``unit.name``. docxtpl reads a tag split that way (it
keeps the first run's formatting), but the author cannot see where a tag's formatting really
comes from, and Word's other habits break tags outright: curly quotes typed into a filter's
argument, a tag inside a field code, a comment or an unaccepted tracked change.

``artefact_findings`` reports all of them, per tag, with where the tag is. ``repair`` changes
only what is safe: the runs of one tag are merged when they differ by nothing but revision
ids, language or proofing marks (the merged run is the first one, with its formatting); curly
quotes inside a tag are straightened (what docxtpl itself does while rendering). A tag inside a
field, a comment or a tracked change is left as it is, and so is a tag whose runs differ in real
formatting (half of it bold) or are separated by anything else (a bookmark, a line break): each
is reported with what to do in Word. This module returns bytes and never writes a file.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from copy import deepcopy
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from docgen.docx.findings import Finding, Paragraph, excerpt, paragraphs
from docgen.errors import TemplateError

__all__ = ["artefact_findings", "repair", "template_parts"]

_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _R, _RPR, _T, _TAB = _w("p"), _w("r"), _w("rPr"), _w("t"), _w("tab")
_DEL_TEXT, _INSTR, _FLD_CHAR, _FLD_SIMPLE = _w("delText"), _w("instrText"), _w("fldChar"), _w("fldSimple")
_COMMENT_START, _COMMENT_END = _w("commentRangeStart"), _w("commentRangeEnd")
_PROOF_ERR, _RENDERED_BREAK = _w("proofErr"), _w("lastRenderedPageBreak")
_XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"
# Every text Jinja sees in a paragraph: visible text, deleted text, field codes (and tabs,
# which docxtpl drops from inside a tag).
_TEXT_NODES: Final = (_T, _DEL_TEXT, _INSTR, _TAB)
_TAG: Final = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# The curly quotes Word's AutoFormat types, and only those: docxtpl straightens exactly these
# four inside a tag while rendering, so straightening them in the template changes no output.
_CURLY: Final = {"“": '"', "”": '"', "‘": "'", "’": "'"}
_TEMPLATE_PART: Final = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_TRACKED: Final = {
    _w("ins"): "phần chèn",
    _w("del"): "phần xoá",
    _w("moveFrom"): "phần chuyển đi",
    _w("moveTo"): "phần chuyển đến",
}
# Run properties a merge may drop: they change neither the look nor the text.
_NOISE_PROPS: Final = {"lang": "ngôn ngữ (w:lang)", "noProof": "không kiểm tra chính tả (w:noProof)"}
_RSID_NOISE: Final = "mã phiên sửa (rsid)"
_PROOF_NOISE: Final = "dấu lỗi chính tả (w:proofErr)"
_FORMATS: Final = {
    "b": "chữ đậm",
    "bCs": "chữ đậm",
    "i": "chữ nghiêng",
    "iCs": "chữ nghiêng",
    "u": "gạch chân",
    "strike": "gạch ngang",
    "dstrike": "gạch ngang đôi",
    "sz": "cỡ chữ",
    "szCs": "cỡ chữ",
    "rFonts": "phông chữ",
    "color": "màu chữ",
    "highlight": "tô sáng",
    "shd": "nền chữ",
    "caps": "chữ in hoa",
    "smallCaps": "chữ in hoa nhỏ",
    "vertAlign": "chỉ số trên/dưới",
    "rStyle": "kiểu ký tự",
    "spacing": "giãn cách ký tự",
    "position": "nâng/hạ chữ",
    "vanish": "chữ ẩn",
    "w": "độ rộng chữ",
    "kern": "co chữ",
}
_OBSTACLES: Final = {
    "bookmarkStart": "dấu trang (bookmark)",
    "bookmarkEnd": "dấu trang (bookmark)",
    "commentRangeStart": "dấu vùng ghi chú (comment)",
    "commentRangeEnd": "dấu vùng ghi chú (comment)",
    "commentReference": "ghi chú (comment)",
    "br": "dấu ngắt dòng",
    "cr": "dấu ngắt dòng",
    "tab": "dấu tab",
    "fldChar": "trường (field)",
    "instrText": "mã trường (field)",
    "fldSimple": "trường (field)",
    "delText": "chữ đã xoá (Track Changes)",
    "hyperlink": "liên kết",
    "smartTag": "thẻ thông minh (smart tag)",
    "sdt": "ô nội dung (content control)",
    "drawing": "hình",
    "footnoteReference": "chú thích cuối trang",
    "endnoteReference": "chú thích cuối văn bản",
}

_RULE_SPLIT: Final = "mỗi thẻ nằm trong một đoạn chữ (run) cùng định dạng"
_RULE_QUOTES: Final = "dấu nháy trong thẻ là nháy thẳng (\" ')"
_RULE_FIELD: Final = "thẻ không nằm trong trường (field) của Word"
_RULE_COMMENT: Final = "thẻ không nằm trong vùng có ghi chú (comment)"
_RULE_TRACKED: Final = "thẻ không nằm trong thay đổi chưa chấp nhận (Track Changes)"
_HINT_FIX_SPLIT: Final = "`docgen template check --fix` gộp lại thành một đoạn chữ, giữ định dạng của đoạn đầu"
_HINT_FIX_QUOTES: Final = (
    "`docgen template check --fix` đổi thành nháy thẳng; để Word thôi tự đổi: File › Options › Proofing › "
    'AutoCorrect Options › AutoFormat As You Type, bỏ chọn "Straight quotes" with “smart quotes”'
)
_HINT_RETYPE: Final = "trong Word, xoá cả thẻ rồi gõ lại liền một lần"
_HINT_FIELD_CODE: Final = (
    "trong Word, nhấn Alt+F9 để thấy mã trường, xoá cả trường rồi gõ thẻ ở ngoài trường (Alt+F9 lần nữa để trở lại)"
)
_HINT_FIELD_RESULT: Final = "trong Word, chọn trường rồi nhấn Ctrl+Shift+F9: trường thành chữ thường, thẻ còn nguyên"
_HINT_COMMENT: Final = "xoá ghi chú trong Word (Review › Delete — Xem lại › Xoá) rồi lưu lại"
_HINT_TRACKED: Final = (
    "trong Word, Review › Accept hoặc Reject (Xem lại › Chấp nhận hoặc Từ chối) thay đổi này, "
    "tắt Track Changes rồi lưu lại"
)


@dataclass(frozen=True)
class _Piece:
    """One text node of a paragraph and where its characters are in the paragraph's text."""

    node: Any
    run: Any  # the w:r that holds it, or None
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class _Around:
    """What surrounds a text node in its part: a field (its code or its result), a comment."""

    field: str  # "", "code" or "result"
    comment: bool


@dataclass(frozen=True)
class _Split:
    """A tag's characters in several runs."""

    runs: int
    obstacle: str  # what keeps the runs from being merged ("" when nothing does)
    formats: tuple[str, ...]  # formatting that differs between the runs (in Vietnamese)
    noise: tuple[str, ...]  # what differs that a merge drops (revision ids, language, proofing)
    first: str  # the tag's characters in the first run

    @property
    def mergeable(self) -> bool:
        return not self.obstacle and not self.formats


@dataclass(frozen=True)
class _Tag:
    text: str
    start: int
    end: int
    pieces: tuple[_Piece, ...]
    contexts: tuple[tuple[str, str, str], ...]  # (rule, message, hint) of a field, comment, tracked change
    quotes: str  # the curly quotes in it, each once, in order
    split: _Split | None

    @property
    def shown(self) -> str:
        return excerpt(self.text, 70)


# --- reading ---------------------------------------------------------------------------------


def template_parts(data: bytes) -> dict[str, Any]:
    """The parts docxtpl renders (body, headers, footers), parsed: what ``artefact_findings`` reads.

    Raises ``TemplateError`` for a file that is not a Word document."""
    return {name: _parse(content, name) for name, content in _members(data) if _TEMPLATE_PART.fullmatch(name)}


def _members(data: bytes) -> list[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info.filename, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise TemplateError("tệp không phải văn bản Word (.docx): không mở được như một gói ZIP") from exc


def _parse(content: bytes, name: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"phần {name} của tệp Word bị hỏng, không đọc được") from exc


def _surroundings(root: Any) -> dict[Any, _Around]:
    """For every text node of a part: is it in a field's code or result, in a comment's range?
    Fields and comment ranges may span paragraphs, so the whole part is walked in order."""
    fields: list[str] = []
    comments: set[str] = set()
    found: dict[Any, _Around] = {}
    for element in root.iter():
        tag = element.tag
        if tag == _FLD_CHAR:
            kind = element.get(_w("fldCharType"))
            if kind == "begin":
                fields.append("code")
            elif kind == "separate" and fields:
                fields[-1] = "result"
            elif kind == "end" and fields:
                fields.pop()
        elif tag == _COMMENT_START:
            comments.add(element.get(_w("id"), ""))
        elif tag == _COMMENT_END:
            comments.discard(element.get(_w("id"), ""))
        elif tag in _TEXT_NODES:
            field = "code" if tag == _INSTR or "code" in fields else "result" if fields else ""
            if not field and _inside(element, _FLD_SIMPLE):
                field = "result"
            found[element] = _Around(field, bool(comments))
    return found


def _inside(element: Any, tag: str) -> bool:
    node = element.getparent()
    while node is not None and node.tag != _P:
        if node.tag == tag:
            return True
        node = node.getparent()
    return False


def _owner(node: Any) -> Any:
    up = node.getparent()
    while up is not None and up.tag != _P:
        up = up.getparent()
    return up


def _pieces(paragraph: Any) -> list[_Piece]:
    """The paragraph's text nodes in order (not those of a text box's own paragraphs)."""
    pieces: list[_Piece] = []
    position = 0
    for node in paragraph.iter(*_TEXT_NODES):
        if _owner(node) is not paragraph:
            continue
        text = "\t" if node.tag == _TAB else node.text or ""
        parent = node.getparent()
        pieces.append(_Piece(node, parent if parent.tag == _R else None, position, text))
        position += len(text)
    return pieces


def _tags(pieces: list[_Piece], around: Mapping[Any, _Around]) -> Iterator[_Tag]:
    text = "".join(piece.text for piece in pieces)
    for match in _TAG.finditer(text):
        start, end = match.span()
        inside = tuple(p for p in pieces if p.start < end and p.end > start)
        tag_text = match.group()
        quotes = "" if tag_text.startswith("{#") else "".join(dict.fromkeys(c for c in tag_text if c in _CURLY))
        runs = _distinct(p.run for p in inside)
        split = _split(inside, runs, start, end) if len(runs) > 1 else None
        yield _Tag(tag_text, start, end, inside, _contexts(tag_text, inside, around), quotes, split)


def _distinct(items: Iterator[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if not any(item is known for known in seen):
            seen.append(item)
    return seen


# --- what is wrong ---------------------------------------------------------------------------


def _contexts(text: str, pieces: tuple[_Piece, ...], around: Mapping[Any, _Around]) -> tuple[tuple[str, str, str], ...]:
    shown = excerpt(text, 70)
    found: list[tuple[str, str, str]] = []
    states = [around.get(p.node, _Around("", False)) for p in pieces]
    if any(s.field == "code" for s in states):
        found.append((_RULE_FIELD, f"thẻ {shown} nằm trong mã của một trường (field) Word", _HINT_FIELD_CODE))
    elif any(s.field == "result" for s in states):
        message = f"thẻ {shown} nằm trong kết quả của một trường (field) Word, chữ mà Word thay khi cập nhật trường"
        found.append((_RULE_FIELD, message, _HINT_FIELD_RESULT))
    if any(s.comment for s in states):
        found.append((_RULE_COMMENT, f"thẻ {shown} nằm trong vùng có ghi chú (comment)", _HINT_COMMENT))
    tracked: list[str] = []
    for piece in pieces:
        for kind in _tracked(piece):
            if kind not in tracked:
                tracked.append(kind)
    if tracked:
        message = f"thẻ {shown} nằm trong {', '.join(tracked)} chưa được chấp nhận (Track Changes)"
        found.append((_RULE_TRACKED, message, _HINT_TRACKED))
    return tuple(found)


def _tracked(piece: _Piece) -> list[str]:
    kinds: list[str] = []
    node = piece.node.getparent()
    while node is not None and node.tag != _P:
        if node.tag in _TRACKED:
            kinds.append(_TRACKED[node.tag])
        node = node.getparent()
    props = piece.run.find(_RPR) if piece.run is not None else None
    if props is not None and props.find(_w("rPrChange")) is not None:
        kinds.append("thay đổi định dạng")
    return kinds


def _split(pieces: tuple[_Piece, ...], runs: list[Any], start: int, end: int) -> _Split:
    first_run = runs[0]
    first_text = "".join(
        p.text[max(start, p.start) - p.start : min(end, p.end) - p.start] for p in pieces if p.run is first_run
    )
    with_text = [run for run in runs if run is not None]
    formats: list[str] = []
    noise: list[str] = []
    if len(with_text) == len(runs):
        base = _format(first_run)
        for run in with_text[1:]:
            other = _format(run)
            for name in sorted(set(base) | set(other)):
                if base.get(name) != other.get(name):
                    label = _FORMATS.get(name, f"w:{name}")
                    if label not in formats:
                        formats.append(label)
        if len({_rsids(run) for run in runs}) > 1:
            noise.append(_RSID_NOISE)
        for name, label in _NOISE_PROPS.items():
            if len({_prop(run, name) for run in runs}) > 1:
                noise.append(label)
    obstacle = _obstacle(pieces, runs)
    if not obstacle and any(sibling.tag == _PROOF_ERR for sibling in _between(runs[0], runs[-1])):
        noise.append(_PROOF_NOISE)
    return _Split(len(runs), obstacle, tuple(formats), tuple(noise), first_text)


def _format(run: Any) -> dict[str, bytes]:
    """The run's formatting, without revision ids, language and proofing marks (and without a
    tracked formatting change, which is reported on its own)."""
    props = run.find(_RPR)
    found: dict[str, bytes] = {}
    for child in props if props is not None else ():
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in _NOISE_PROPS or name == "rPrChange":
            continue
        copy = deepcopy(child)
        for element in copy.iter():
            for attribute in [a for a in element.attrib if etree.QName(a).localname.startswith("rsid")]:
                del element.attrib[attribute]
        found[name] = etree.tostring(copy, method="c14n")
    return found


def _rsids(run: Any) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in run.attrib.items() if etree.QName(k).localname.startswith("rsid")))


def _prop(run: Any, name: str) -> bytes:
    props = run.find(_RPR)
    child = props.find(_w(name)) if props is not None else None
    return b"" if child is None else etree.tostring(child, method="c14n")


def _between(first: Any, last: Any) -> Iterator[Any]:
    node = first.getnext()
    while node is not None and node is not last:
        yield node
        node = node.getnext()


def _obstacle(pieces: tuple[_Piece, ...], runs: list[Any]) -> str:
    """What, between the tag's first and last character, keeps its runs from being merged
    safely ("" when nothing does: only its runs, empty runs and spelling marks)."""
    for piece in pieces:
        if piece.node.tag != _T or piece.run is None:
            return _label(piece.node)
    parent = runs[0].getparent()
    if any(run.getparent() is not parent for run in runs):
        return "ranh giới giữa các phần của đoạn (liên kết, thay đổi được theo dõi, ô nội dung…)"
    for sibling in _between(runs[0], runs[-1]):
        if sibling.tag == _PROOF_ERR:
            continue
        if sibling.tag != _R:
            return _label(sibling)
        if any(run is sibling for run in runs):
            continue
        extra = [c for c in sibling if c.tag not in (_RPR, _RENDERED_BREAK)]
        if extra:
            return _label(extra[0])
    first, last = pieces[0].node, pieces[-1].node
    spans = [list(first.itersiblings()), list(last.itersiblings(preceding=True))]
    spans += [list(run) for run in runs[1:-1]]
    for children in spans:
        for child in children:
            if child.tag not in (_T, _RPR, _RENDERED_BREAK):
                return _label(child)
    return ""


def _label(element: Any) -> str:
    if not isinstance(element.tag, str):
        return "chú thích XML"
    name = etree.QName(element).localname
    label = _OBSTACLES.get(name, f"thành phần w:{name}")
    if name == "bookmarkStart" and element.get(_w("name")):
        label += f" «{element.get(_w('name'))}»"
    return label


def _split_finding(template: str, where: str, tag: _Tag, split: _Split) -> Finding:
    runs = f"{split.runs} đoạn chữ (run)"
    if split.formats:
        message = (
            f"thẻ {tag.shown} nằm trên {runs} khác định dạng ({', '.join(split.formats)}); "
            f"văn bản tạo ra lấy định dạng của đoạn đầu «{split.first}»"
        )
        hint = "trong Word, bôi đen cả thẻ rồi đặt một định dạng cho cả thẻ (hoặc xoá thẻ và gõ lại)"
    elif split.obstacle:
        message = f"thẻ {tag.shown} nằm trên {runs}, ngăn cách bởi {split.obstacle}"
        hint = _HINT_RETYPE
    else:
        differs = f"chỉ khác nhau ở {', '.join(split.noise)}" if split.noise else "cùng định dạng"
        message = f"thẻ {tag.shown} bị Word tách thành {runs} {differs}"
        hint = _HINT_FIX_SPLIT
    fixable = split.mergeable and not tag.contexts
    if split.mergeable and tag.contexts:
        hint = _after(tag, hint)
    return Finding(template, _RULE_SPLIT, where, message, hint, fixable)


def _after(tag: _Tag, hint: str) -> str:
    """``hint`` for a repair ``--fix`` makes only once the tag is out of a field, comment or
    tracked change."""
    names = {_RULE_FIELD: "trường", _RULE_COMMENT: "ghi chú", _RULE_TRACKED: "thay đổi chưa chấp nhận"}
    what = ", ".join(names[rule] for rule, _message, _hint in tag.contexts)
    return f"xử lý {what} trước, sau đó `--fix` {hint.removeprefix('`docgen template check --fix` ')}"


def _tag_findings(template: str, paragraph: Paragraph, tag: _Tag) -> Iterator[Finding]:
    for rule, message, hint in tag.contexts:
        yield Finding(template, rule, paragraph.where, message, hint)
    if tag.split is not None:
        yield _split_finding(template, paragraph.where, tag, tag.split)
    if tag.quotes:
        hint = _after(tag, _HINT_FIX_QUOTES) if tag.contexts else _HINT_FIX_QUOTES
        message = f"thẻ {tag.shown} có dấu nháy cong {' '.join(tag.quotes)}"
        yield Finding(template, _RULE_QUOTES, paragraph.where, message, hint, not tag.contexts)


def artefact_findings(template: str, parts: Mapping[str, Any]) -> list[Finding]:
    """Word's artefacts in the tags of ``parts`` (part name → parsed root: the body, headers,
    footers; other parts such as the styles are skipped), each once, in document order. The
    trees are only read."""
    findings: list[Finding] = []
    for part, root in parts.items():
        if not _TEMPLATE_PART.fullmatch(part):
            continue
        around = _surroundings(root)
        for paragraph in paragraphs(root, part):
            for tag in _tags(_pieces(paragraph.element), around):
                for finding in _tag_findings(template, paragraph, tag):
                    if finding not in findings:
                        findings.append(finding)
    return findings


# --- repairing -------------------------------------------------------------------------------


def repair(data: bytes) -> tuple[bytes, list[str]]:
    """``data`` (a .docx) with its tags' safe repairs, and one line per change saying where.

    Only the parts that change are rewritten; every other member is copied as it is, with its
    name, order, date and compression. Nothing changes: the same bytes and no line."""
    changed: dict[str, bytes] = {}
    changes: list[str] = []
    for name, content in _members(data):
        if not _TEMPLATE_PART.fullmatch(name):
            continue
        root = _parse(content, name)
        lines = _repair_part(root, name)
        if lines:
            standalone = root.getroottree().docinfo.standalone
            changed[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)
            changes += lines
    if not changed:
        return data, []
    return _replace_parts(data, changed), changes


def _repair_part(root: Any, part: str) -> list[str]:
    around = _surroundings(root)
    lines: list[str] = []
    for paragraph in list(paragraphs(root, part)):
        lines += _repair_paragraph(paragraph, around)
    return lines


def _repair_paragraph(paragraph: Paragraph, around: Mapping[Any, _Around]) -> list[str]:
    """Repair the paragraph's tags one at a time, reading it again after each (a merge moves
    the text of the tags after it)."""
    lines: list[str] = []
    for _round in range(10_000):
        for tag in _tags(_pieces(paragraph.element), around):
            if tag.contexts:
                continue
            if tag.split is not None and tag.split.mergeable:
                _merge(tag)
                lines.append(f"{paragraph.where}: gộp {tag.split.runs} đoạn chữ (run) của thẻ {tag.shown}")
            elif tag.quotes:
                _straighten_in_place(tag)
            else:
                continue
            if tag.quotes:
                shown = excerpt(_straight(tag.text), 70)
                lines.append(f"{paragraph.where}: đổi dấu nháy cong thành nháy thẳng trong thẻ {shown}")
            break
        else:
            return lines
    return lines  # pragma: no cover - each round repairs one tag for good


def _straight(text: str) -> str:
    return "".join(_CURLY.get(c, c) for c in text)


def _straighten_in_place(tag: _Tag) -> None:
    for piece in tag.pieces:
        low, high = max(tag.start, piece.start) - piece.start, min(tag.end, piece.end) - piece.start
        text = piece.text[:low] + _straight(piece.text[low:high]) + piece.text[high:]
        if piece.node.tag == _T and text != piece.text:
            _set_text(piece.node, text)


def _merge(tag: _Tag) -> None:
    """The tag's text into its first run (which keeps its properties); its other runs, and the
    spelling marks between them, removed; the text after the tag stays in the last run."""
    first, last = tag.pieces[0], tag.pieces[-1]
    runs = _distinct(p.run for p in tag.pieces)
    head_run, tail_run = runs[0], runs[-1]
    between = list(_between(head_run, tail_run))
    for child in list(first.node.itersiblings()):
        head_run.remove(child)
    for child in list(last.node.itersiblings(preceding=True)):
        if child.tag != _RPR:
            tail_run.remove(child)
    parent = head_run.getparent()
    for sibling in between:
        parent.remove(sibling)
    _set_text(first.node, first.text[: tag.start - first.start] + _straight(tag.text))
    rest = last.text[tag.end - last.start :]
    if rest:
        _set_text(last.node, rest)
    else:
        tail_run.remove(last.node)
        if all(child.tag == _RPR for child in tail_run):
            parent.remove(tail_run)


def _set_text(node: Any, text: str) -> None:
    node.text = text
    if text != text.strip():
        node.set(_XML_SPACE, "preserve")


def _replace_parts(data: bytes, parts: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, parts.get(info.filename) or source.read(info))
    return buffer.getvalue()
