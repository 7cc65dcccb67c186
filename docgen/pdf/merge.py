"""One merged PDF per unit, with a bookmark per document."""

from __future__ import annotations

import io
import itertools
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.errors import PyPdfError

from docgen.errors import PdfError
from docgen.fs import os_reason, write_atomic
from docgen.pdf.normalise import LANG, _file_id, _open_pdf, _pdf_date, _pdf_string, _set_identity, classic_xref

# --- the unit's pack -------------------------------------------------------------------------


@dataclass
class _Part:
    title: str
    reader: PdfReader
    pages: int
    header: str


def merge_pack(
    parts: list[tuple[str, Path]],
    target: Path,
    *,
    title: str,
    author: str,
    subject: str,
    when: datetime,
    pack_id: str,
) -> int:
    """Merge ``parts`` (bookmark title, PDF) in this order into ``target``: one top-level
    bookmark per document, pages labelled ``<n>-1, <n>-2…`` for the n-th document, metadata,
    /Lang vi-VN, opening on the bookmarks; the same inputs give the same bytes. Returns the
    number of pages."""
    if not parts:
        raise PdfError(f"Không có văn bản nào để gộp vào {target}")
    contents: list[bytes] = []
    for _, path in parts:
        try:
            contents.append(Path(path).read_bytes())
        except OSError as exc:
            raise PdfError(f"Không đọc được {path}: {os_reason(exc)}") from exc
    info = {"/Title": title, "/Author": author, "/Subject": subject, "/Creator": "docgen"}
    joined = _join([name for name, _ in parts], contents, when=when, ident=pack_id, info=info)
    if joined is not None:
        write_atomic(target, joined[0])
        return joined[1]
    loaded: list[_Part] = []
    for (name, path), content in zip(parts, contents, strict=True):
        try:
            reader, pages = _open_pdf(content)
        except PdfError as exc:
            raise PdfError(f"Không gộp được {path}: {exc.message}") from exc
        loaded.append(_Part(name, reader, pages, reader.pdf_header))
    writer = PdfWriter()
    try:
        for number, part in enumerate(loaded, start=1):
            first = len(writer.pages)
            # The parts' own outlines are not imported: the pack has exactly one bookmark per
            # document, which is what a reader scans for.
            writer.append(part.reader, outline_item=part.title, import_outline=False)
            writer.set_page_label(
                first, first + part.pages - 1, style=PageLabelStyle.DECIMAL, prefix=f"{number}-", start=1
            )
        writer.pdf_header = max((part.header for part in loaded), key=_header_version)
        writer.page_mode = "/UseOutlines"
        # Documents of one unit often share byte-identical font subsets and ToUnicode maps
        # (subset tags restart at BAAAAA in every PDF): stored once, the bundled province's
        # packs are about 10 % smaller, for about 3 ms a pack. Only identical objects are merged.
        writer.compress_identical_objects()
        _set_identity(writer, when=when, ident=pack_id, info=info)
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise PdfError(f"Không gộp được tệp PDF {target}: {exc}") from exc
    write_atomic(target, out.getvalue())
    return len(writer.pages)


# --- LibreOffice's files joined without parsing them ------------------------------------------
#
# A pack is made of PDFs that ``normalise`` left in LibreOffice's layout (one classic xref
# table, catalog and information dictionary last). Their objects are copied as bytes, renumbered
# (references are rewritten in the dictionaries, never inside streams or strings), each part's
# page tree hung under the pack's, and byte-identical objects stored once; pypdf parses and
# clones every object instead, ~17 ms a part. A part in any other layout goes through pypdf.

_TOKEN = re.compile(rb"\(|(?<![\w.#/])(\d+)\s+(\d+)\s+R\b|\bstream\r?\n")
_OBJ_HEAD = re.compile(rb"(\d+) 0 obj\b")
# What a part's catalog may hold: anything else (bookmarks, forms, tags) needs pypdf.
_CATALOG_KEYS = {b"Type", b"Pages", b"OpenAction", b"ViewerPreferences", b"Lang", b"DisplayDocTitle"}
_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
_ANY_PAGE = re.compile(rb"/Type\s*/Pages?(?!\w)")
_Segments = list[bytes | int]  # dictionary bytes, with object numbers where references were


def _string_end(body: bytes, start: int) -> int | None:
    """The offset after the literal string opening at ``start`` (balanced parentheses, escapes)."""
    depth, position = 0, start
    while position < len(body):
        byte = body[position]
        if byte == 0x5C:  # backslash
            position += 2
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return None


def _segments(body: bytes, base: int, size: int) -> tuple[_Segments, bytes] | None:
    """``body`` cut into bytes and renumbered references (``base`` + number) up to its stream
    keyword, and the stream data after it, untouched."""
    segments: _Segments = []
    start = scan = 0
    while True:
        found = _TOKEN.search(body, scan)
        if found is None:
            segments.append(body[start:])
            return segments, b""
        if found.group(0) == b"(":
            end = _string_end(body, found.start())
            if end is None:
                return None
            scan = end
        elif found.group(1) is not None:
            number = int(found.group(1))
            if found.group(2) != b"0" or not 0 < number < size:
                return None
            segments += [body[start : found.start()], base + number]
            start = scan = found.end()
        else:
            segments.append(body[start : found.end()])
            return segments, body[found.end() :]


def _render(segments: _Segments, final: dict[int, int]) -> bytes:
    return b"".join(s if isinstance(s, bytes) else b"%d 0 R" % final[s] for s in segments)


@dataclass
class _Raw:
    """One part's objects, renumbered: ``objects`` maps a pack-wide id to (dictionary, stream)."""

    objects: dict[int, tuple[_Segments, bytes]]
    tree: int  # the part's page tree
    first_page: int
    pages: int
    header: bytes


def _read_raw(data: bytes, base: int, pack_tree: int) -> _Raw | None:
    table = classic_xref(data)
    if table is None:
        return None
    offsets, root, info = table
    size = len(offsets)
    bounds = [*sorted(offsets[1:]), data.rindex(b"xref")]
    if len(set(bounds)) != len(bounds) or bounds[0] < 9:
        return None
    objects: dict[int, tuple[_Segments, bytes]] = {}
    catalog: bytes = b""
    for start, end in itertools.pairwise(bounds):
        head = _OBJ_HEAD.match(data, start)
        close = data.rfind(b"endobj", start, end)
        if head is None or close < 0:
            return None
        number, body = int(head.group(1)), data[head.end() : close]
        if not 0 < number < size or offsets[number] != start:
            return None
        if number == root:
            catalog = body
        elif number != info:
            cut = _segments(body, base, size)
            if cut is None:
                return None
            objects[base + number] = cut
    keys = set(re.findall(rb"/(\w+)", re.sub(rb"\([^()]*\)", b"", catalog)))
    tree_ref = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog)
    if not keys <= _CATALOG_KEYS | {b"Catalog", b"XYZ", b"Fit", b"FitH"} or tree_ref is None:
        return None
    tree = base + int(tree_ref.group(1))
    if tree not in objects:
        return None
    segments, stream = objects[tree]
    whole = _render(segments, {i: i for i in objects})
    count = re.search(rb"/Count\s+(\d+)", whole)
    kids = next((n for n, s in enumerate(segments) if isinstance(s, bytes) and re.search(rb"/Kids\s*\[\s*$", s)), None)
    start_bytes = segments[0]
    if (
        kids is None
        or count is None
        or stream
        or b"/Parent" in whole
        or not isinstance(start_bytes, bytes)
        or b"<<" not in start_bytes
    ):
        return None
    first_page = segments[kids + 1] if kids + 1 < len(segments) else None
    page = objects.get(first_page) if isinstance(first_page, int) else None
    if page is None or not isinstance(first_page, int) or not _PAGE.search(_render(page[0], {i: i for i in objects})):
        return None
    opening = start_bytes.index(b"<<") + 2
    objects[tree] = ([start_bytes[:opening] + b"/Parent ", pack_tree, start_bytes[opening:], *segments[1:]], b"")
    return _Raw(objects, tree, first_page, int(count.group(1)), data[: data.index(b"\n")].strip())


def _join(
    titles: list[str], contents: list[bytes], *, when: datetime, ident: str, info: dict[str, str]
) -> tuple[bytes, int] | None:
    """The pack made from LibreOffice's files copied as bytes, and its page count; None if a
    part is not in LibreOffice's layout (then pypdf does it)."""
    catalog, tree, outlines, info_id = 1, 2, 3, 4
    items = list(range(5, 5 + len(titles)))  # one bookmark per part
    raws: list[_Raw] = []
    base = 5 + len(titles)
    for data in contents:
        raw = _read_raw(data, base, tree)
        if raw is None or raw.pages < 1:
            return None
        raws.append(raw)
        base += max(raw.objects) + 1 - base
    objects = {key: value for raw in raws for key, value in raw.objects.items()}
    # Byte-identical objects (font subsets, their widths and ToUnicode maps) stored once: an
    # object is the same as an earlier one if its bytes are, with the references it holds
    # replaced by what they were merged into; repeated until nothing more merges. Pages never
    # merge (two identical blank pages are still two pages).
    same = {key: key for key in objects}
    for _ in range(8):
        first: dict[tuple[bytes, bytes], int] = {}
        merged = False
        for key, (segments, stream) in objects.items():
            text = _render(segments, {s: same.get(s, s) for s in segments if isinstance(s, int)})
            if _ANY_PAGE.search(text):
                continue
            into = first.setdefault((text, stream), key)
            if same[key] != into:
                same[key], merged = into, True
        if not merged:
            break
    final = {number: number for number in range(1, base)}
    next_number = 5 + len(titles)
    for key in objects:
        if same[key] == key:
            final[key], next_number = next_number, next_number + 1
    final.update({key: final[same[key]] for key in objects if same[key] != key})
    header = max((raw.header for raw in raws), key=lambda h: _header_version(h.decode("ascii", "replace")))
    out = bytearray(header + b"\n%\xc3\xa4\xc3\xbc\xc3\xb6\xc3\x9f\n")
    offsets: dict[int, int] = {}
    try:
        for key, (segments, stream) in objects.items():
            if same[key] == key:
                offsets[final[key]] = len(out)
                out += b"%d 0 obj%s%sendobj\n\n" % (final[key], _render(segments, final), stream)
    except KeyError:
        return None  # a reference to a part's catalog or information dictionary
    pages = sum(raw.pages for raw in raws)
    labels, start = [], 0
    for number, raw in enumerate(raws, start=1):
        labels.append(b"%d<</S/D/P%s/St 1>>" % (start, _pdf_string(f"{number}-")))
        start += raw.pages
    stamp = _pdf_string(_pdf_date(when))
    fields = b"".join(b"/" + key[1:].encode("ascii") + _pdf_string(value) for key, value in info.items())
    ours = {
        catalog: b"<</Type/Catalog/Pages 2 0 R/Outlines 3 0 R/PageMode/UseOutlines/PageLabels<</Nums[%s]>>/Lang%s>>"
        % (b" ".join(labels), _pdf_string(LANG)),
        tree: b"<</Type/Pages/Kids[%s]/Count %d>>" % (b" ".join(b"%d 0 R" % final[r.tree] for r in raws), pages),
        outlines: b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (items[0], items[-1], len(items)),
        info_id: b"<<%s/CreationDate%s/ModDate%s>>" % (fields, stamp, stamp),
    }
    for index, (item, raw) in enumerate(zip(items, raws, strict=True)):
        links = b"/Prev %d 0 R" % items[index - 1] if index else b""
        links += b"/Next %d 0 R" % items[index + 1] if index + 1 < len(items) else b""
        dest = final[raw.first_page]
        ours[item] = b"<</Title%s/Parent 3 0 R%s/Dest[%d 0 R/Fit]>>" % (_pdf_string(titles[index]), links, dest)
    for number in sorted(ours):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n\n" % (number, ours[number])
    xref = len(out)
    size = next_number
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
    file_id = _file_id(ident).hex().upper().encode("ascii")
    out += b"trailer\n<</Size %d/Root 1 0 R\n/Info 4 0 R\n/ID [ <%s>\n<%s> ]\n>>\n" % (size, file_id, file_id)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out), pages


def _header_version(header: str) -> tuple[int, ...]:
    digits = re.findall(r"\d+", header)
    return tuple(int(d) for d in digits) or (0,)


def outline_titles(path: Path) -> list[str]:
    """The top-level bookmark titles of a PDF (for checks and reports)."""
    reader = PdfReader(path)
    titles: list[str] = []
    for entry in reader.outline:
        if not isinstance(entry, list):
            titles.append(str(entry.title))
    return titles


def opens_as_pdf(path: Path) -> bool:
    """True if ``path`` reads as a PDF with pages: a file cut short or overwritten is damaged,
    not signed, and is made again like any stale file of docgen's."""
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its warnings about a broken file are not for a clerk's screen
    try:
        _open_pdf(Path(path).read_bytes())
    except (OSError, PdfError):
        return False
    finally:
        quiet.setLevel(level)
    return True
