"""Reproducible PDF bytes: LibreOffice's clock and random ids replaced by values from the data."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, StreamObject, TextStringObject

from docgen.errors import PdfError
from docgen.fs import os_reason

# Bump when the conversion or the normalisation changes what a PDF contains, so that
# ``is_current`` stops trusting PDFs made the old way.
PDF_FORMAT = "2"  # 2: LibreOffice's file edited in place (``_normalise_in_place``)
# Where ``normalise_pdf`` records what a PDF was made from (see ``conversion_key``).
KEY_FIELD = "/DocgenKey"
LANG = "vi-VN"


# --- reproducible bytes ----------------------------------------------------------------------


def _pdf_date(when: datetime) -> str:
    """``D:YYYYMMDDHHmmSS+07'00'`` (PDF 32000 §7.9.4); a naive datetime gets no offset."""
    text = when.strftime("D:%Y%m%d%H%M%S")
    offset = when.utcoffset()
    if offset is None:
        return text
    if offset == timedelta(0):
        return text + "Z"
    sign = "+" if offset > timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{text}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def _file_id(doc_id: str) -> bytes:
    # The trailer /ID only has to tell files apart; md5 of the id is stable and unique enough.
    return hashlib.md5(doc_id.encode("utf-8"), usedforsecurity=False).digest()


def _xmp_uuid(doc_id: str) -> str:
    return f"uuid:{uuid.UUID(bytes=_file_id(doc_id))}"


def _xmp_text(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.DOTALL)


_XMP_DATES = _xmp_text(r"(<xmp:(CreateDate|ModifyDate|MetadataDate)>)[^<]*(</xmp:\2>)")
_XMP_DATE_ATTRS = _xmp_text(r"(\bxmp:(?:CreateDate|ModifyDate|MetadataDate)=\")[^\"]*(\")")
_XMP_IDS = _xmp_text(r"(<xmpMM:(DocumentID|InstanceID)>)[^<]*(</xmpMM:\2>)")
_XMP_ID_ATTRS = _xmp_text(r"(\bxmpMM:(?:DocumentID|InstanceID)=\")[^\"]*(\")")
_XMP_CREATE = _xmp_text(r"(<xmp:CreateDate>[^<]*</xmp:CreateDate>)")


def _xmp_field(name: str) -> re.Pattern[str]:
    return _xmp_text(rf"(<dc:{name}>\s*<rdf:(?:Alt|Seq|Bag)>\s*<rdf:li\b[^>]*>)[^<]*(</rdf:li>)")


_XMP_DC = {"title": _xmp_field("title"), "creator": _xmp_field("creator"), "description": _xmp_field("description")}


def _normalise_xmp(xml: str, *, when: datetime, doc_id: str, title: str, author: str, subject: str) -> str:
    """Dates and ids of an XMP packet set from the data; title, author and subject made to match
    the document information dictionary (PDF/A requires both to agree)."""
    stamp = when.isoformat(timespec="seconds")
    ident = _xmp_uuid(doc_id)
    if "<xmp:ModifyDate>" not in xml and "xmp:ModifyDate=" not in xml:
        # The information dictionary gets a /ModDate, and PDF/A wants the XMP to say the same.
        xml = _XMP_CREATE.sub(lambda m: m.group(1) + "<xmp:ModifyDate></xmp:ModifyDate>", xml, count=1)
    xml = _XMP_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), xml)
    xml = _XMP_DATE_ATTRS.sub(lambda m: m.group(1) + stamp + m.group(2), xml)
    xml = _XMP_IDS.sub(lambda m: m.group(1) + ident + m.group(3), xml)
    xml = _XMP_ID_ATTRS.sub(lambda m: m.group(1) + ident + m.group(2), xml)
    for name, value in (("title", title), ("creator", author), ("description", subject)):
        xml = _XMP_DC[name].sub(lambda m, v=value: m.group(1) + escape(v) + m.group(2), xml)  # type: ignore[misc]
    return xml


def _open_pdf(data: bytes) -> tuple[PdfReader, int]:
    """A reader and the page count, or ``PdfError`` if the bytes are not a usable PDF."""
    if not data.startswith(b"%PDF-"):
        raise PdfError("tệp PDF không hợp lệ (không bắt đầu bằng %PDF-)")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfError(f"tệp PDF không hợp lệ: {exc}") from exc
    if pages < 1:
        raise PdfError("tệp PDF không có trang nào")
    return reader, pages


def _set_identity(writer: PdfWriter, *, when: datetime, ident: str, info: dict[str, str]) -> None:
    stamp = _pdf_date(when)
    writer.metadata = {**info, "/CreationDate": stamp, "/ModDate": stamp}
    file_id = ByteStringObject(_file_id(ident))
    # pypdf has no public setter for the trailer /ID; left alone it keeps LibreOffice's random
    # one (or makes a random one itself), which is the last varying byte of the file.
    writer._ID = ArrayObject([file_id, file_id])
    writer.root_object[NameObject("/Lang")] = TextStringObject(LANG)


def normalise_pdf(
    data: bytes,
    *,
    when: datetime,
    doc_id: str,
    title: str,
    author: str,
    subject: str,
    source_key: str | None = None,
) -> bytes:
    """``data`` rewritten so that its bytes depend only on its content and these arguments:
    /CreationDate and /ModDate = ``when``, trailer /ID = md5(``doc_id``), XMP dates and ids
    likewise, title/author/subject set, catalog /Lang = vi-VN. ``source_key`` (see
    ``conversion_key``) is recorded so that ``is_current`` can tell the PDF is up to date."""
    return normalise_counted(
        data, when=when, doc_id=doc_id, title=title, author=author, subject=subject, source_key=source_key
    )[0]


def normalise_counted(
    data: bytes,
    *,
    when: datetime,
    doc_id: str,
    title: str,
    author: str,
    subject: str,
    source_key: str | None = None,
) -> tuple[bytes, int]:
    """``normalise_pdf`` and the number of pages, counted on the way: the PDF is parsed once.

    The file LibreOffice writes (one classic xref table, the catalog and the information
    dictionary as its last objects, no XMP) is edited in place: those two objects, the xref
    table and the trailer are written again and every other byte is kept, in about a tenth of
    a millisecond. Any other layout goes through pypdf (a full parse and write, ~10 ms)."""
    if not data.startswith(b"%PDF-"):
        raise PdfError("tệp PDF không hợp lệ (không bắt đầu bằng %PDF-)")
    info = {"/Title": title, "/Author": author, "/Subject": subject}
    if source_key is not None:
        info[KEY_FIELD] = source_key
    edited = _normalise_in_place(data, when=when, ident=doc_id, info=info)
    if edited is not None:
        return edited
    reader, pages = _open_pdf(data)
    try:
        writer = PdfWriter(clone_from=reader, keep_initial_header=True)
        old = reader.metadata
        info = {key: str(old[key]) for key in ("/Keywords", "/Creator", "/Producer") if old and key in old}
        info.update({"/Title": title, "/Author": author, "/Subject": subject})
        if source_key is not None:
            info[KEY_FIELD] = source_key
        _set_identity(writer, when=when, ident=doc_id, info=info)
        if "/Metadata" in writer.root_object:
            stream = writer.root_object["/Metadata"].get_object()
            if not isinstance(stream, StreamObject):
                raise PdfError("siêu dữ liệu XMP không phải một luồng dữ liệu")
            xmp = stream.get_data().decode("utf-8")
            fixed = _normalise_xmp(xmp, when=when, doc_id=doc_id, title=title, author=author, subject=subject)
            writer.xmp_metadata = fixed.encode("utf-8")
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise PdfError(f"không chuẩn hóa được tệp PDF: {exc}") from exc
    return out.getvalue(), pages


# --- LibreOffice's file edited in place ------------------------------------------------------

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_HEAD = re.compile(rb"xref\r?\n0 (\d+)\r?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s\s")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.DOTALL)
_REF = re.compile(rb"/(Root|Info|Size)\s+(\d+)(?:\s+0\s+R)?")
_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<(.*?)>>\s*endobj\s*", re.DOTALL)
_INFO_ENTRY = re.compile(rb"\s*/([A-Za-z]+)\s*(<[0-9A-Fa-f\s]*>|\((?:[^()\\]|\\.)*\))\s*", re.DOTALL)
_KEPT_INFO = (b"Keywords", b"Creator", b"Producer")  # what pypdf's path keeps from LibreOffice's


def _pdf_string(text: str) -> bytes:
    """A PDF text string: printable ASCII as a literal, anything else UTF-16BE in hex."""
    if text.isascii() and text.isprintable():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def classic_xref(data: bytes) -> tuple[list[int], int, int] | None:
    """The offsets of objects 0… (one classic xref table, every object in use, generation 0),
    the catalog's and the information dictionary's numbers; None for any other layout."""
    tail = _STARTXREF.search(data, max(0, len(data) - 64))
    if tail is None:
        return None
    head = _XREF_HEAD.match(data, int(tail.group(1)))
    if head is None:
        return None  # an xref stream, or a damaged file: pypdf knows
    size = int(head.group(1))
    trailer = _TRAILER.match(data, head.end() + 20 * size)
    if trailer is None or b"/Encrypt" in trailer.group(1) or b"/Prev" in trailer.group(1):
        return None
    offsets: list[int] = []
    for number in range(size):
        entry = _XREF_ENTRY.match(data, head.end() + 20 * number)
        if entry is None or (number > 0 and (entry.group(3) != b"n" or entry.group(2) != b"00000")):
            return None
        offsets.append(int(entry.group(1)))
    refs = {m.group(1): int(m.group(2)) for m in _REF.finditer(trailer.group(1))}
    root, info = refs.get(b"Root"), refs.get(b"Info")
    if refs.get(b"Size") != size or root is None or info is None or not 0 < root < size or not 0 < info < size:
        return None
    return offsets, root, info


def _object_at(data: bytes, offset: int, number: int) -> bytes | None:
    """The dictionary body of object ``number`` (a dictionary, no stream) at ``offset``."""
    found = _OBJECT.match(data, offset)
    if found is None or int(found.group(1)) != number or b"stream" in found.group(2):
        return None
    return found.group(2)


def _normalise_in_place(data: bytes, *, when: datetime, ident: str, info: dict[str, str]) -> tuple[bytes, int] | None:
    """``normalise_counted`` for the layout LibreOffice writes, or None for any other file
    (then pypdf does it). Only the catalog (given /Lang) and the information dictionary are
    written again, after every other object, with a new xref table and trailer; the page
    count is the page tree's /Count."""
    table = classic_xref(data)
    if table is None:
        return None
    offsets, root, old_info = table
    size = len(offsets)
    # The two objects written again must come after every other one, so that the bytes kept
    # (everything before them) hold every other object at its recorded offset.
    cut = min(offsets[root], offsets[old_info])
    if cut < 15 or any(offsets[n] >= cut for n in range(1, size) if n not in (root, old_info)):
        return None
    catalog = _object_at(data, offsets[root], root)
    old = _object_at(data, offsets[old_info], old_info)
    if catalog is None or old is None or b"/Metadata" in catalog or b"/Type/Catalog" not in catalog.replace(b" ", b""):
        return None
    pages_ref = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog)
    if pages_ref is None or not 0 < int(pages_ref.group(1)) < size:
        return None
    tree = _object_at(data, offsets[int(pages_ref.group(1))], int(pages_ref.group(1)))
    count = re.search(rb"/Count\s+(\d+)", tree) if tree is not None else None
    if count is None or b"/Pages" not in tree.replace(b"/Type /", b"/Type/"):  # type: ignore[union-attr]
        return None
    pages = int(count.group(1))
    if pages < 1:
        raise PdfError("tệp PDF không có trang nào")
    # The information dictionary: LibreOffice's /Keywords, /Creator and /Producer kept as they
    # are, the rest from the data; anything not understood there goes to pypdf.
    kept: dict[bytes, bytes] = {}
    position = 0
    while position < len(old):
        entry = _INFO_ENTRY.match(old, position)
        if entry is None or entry.end() == position:
            return None
        if entry.group(1) in _KEPT_INFO:
            kept[entry.group(1)] = entry.group(2)
        position = entry.end()
    stamp = _pdf_date(when)
    fields = [(b"Title", _pdf_string(info["/Title"])), (b"Author", _pdf_string(info["/Author"]))]
    fields.append((b"Subject", _pdf_string(info["/Subject"])))
    fields += [(name, kept[name]) for name in _KEPT_INFO if name in kept]
    if KEY_FIELD in info:
        fields.append((KEY_FIELD[1:].encode("ascii"), _pdf_string(info[KEY_FIELD])))
    fields += [(b"CreationDate", _pdf_string(stamp)), (b"ModDate", _pdf_string(stamp))]
    lang = _pdf_string(LANG)
    if re.search(rb"/Lang\s*" + re.escape(lang), catalog) is None:
        catalog = re.sub(rb"/Lang\s*(\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>)", b"", catalog)
        if b"/Lang" in catalog:
            return None
        catalog = catalog.rstrip() + b"\n/Lang" + lang + b"\n"
    out = bytearray(data[:cut])
    if not out.endswith(b"\n"):
        out += b"\n"
    for number, body in sorted(
        ((root, catalog), (old_info, b"\n".join(b"/" + k + v for k, v in fields))), key=lambda o: offsets[o[0]]
    ):
        offsets[number] = len(out)
        out += b"%d 0 obj\n<<%s>>\nendobj\n\n" % (number, body)
    file_id = _file_id(ident).hex().upper().encode("ascii")
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets[1:])
    out += b"trailer\n<</Size %d/Root %d 0 R\n/Info %d 0 R\n/ID [ <%s>\n<%s> ]\n>>\n" % (
        size,
        root,
        old_info,
        file_id,
        file_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out), pages


# --- incrementality --------------------------------------------------------------------------


@dataclass
class Conversion:
    """One DOCX to convert into ``target``, with the data its PDF metadata comes from."""

    source: Path
    target: Path
    when: datetime
    doc_id: str
    title: str
    author: str
    subject: str


def conversion_key(item: Conversion, source_bytes: bytes | None = None) -> str:
    """What ``item``'s PDF is made from: the DOCX bytes and every metadata field. Two equal
    keys mean the same PDF bytes (given the same LibreOffice)."""
    content = item.source.read_bytes() if source_bytes is None else source_bytes
    digest = hashlib.sha256()
    for part in (
        PDF_FORMAT,
        hashlib.sha256(content).hexdigest(),
        item.when.isoformat(),
        item.doc_id,
        item.title,
        item.author,
        item.subject,
    ):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def is_current(item: Conversion) -> bool:
    """True if ``item.target`` is a valid PDF made from exactly this DOCX and metadata, so the
    caller may skip converting it again."""
    try:
        reader = PdfReader(item.target)
        info = reader.metadata
        recorded = info.get(KEY_FIELD) if info is not None else None
        return bool(len(reader.pages)) and recorded is not None and str(recorded) == conversion_key(item)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError):
        return False


def pending(items: list[Conversion]) -> list[Conversion]:
    """The items whose PDF is missing or out of date."""
    return [item for item in items if not is_current(item)]


def pdf_pages(path: Path) -> int:
    """Number of pages of the PDF at ``path``; ``PdfError`` if it is not a valid PDF."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PdfError(f"Không đọc được {path}: {os_reason(exc)}") from exc
    try:
        return _open_pdf(data)[1]
    except PdfError as exc:
        raise PdfError(f"{path}: {exc.message}") from exc
