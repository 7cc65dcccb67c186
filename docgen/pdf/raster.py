"""A page of a PDF as a PNG image: what a template author (and later the web page's
thumbnails) looks at to see a document without opening Word.

pypdfium2 renders the page (PDFium, the engine of Chromium's PDF viewer; wheels for Linux and
Windows, so clerks' machines need no pdftoppm); the PNG is written here with zlib, so no
imaging library is needed. Returns bytes; never writes a file.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

from docgen.errors import PdfError

DEFAULT_DPI = 110  # an A4 page 910 pixels wide: readable on screen, small on disk
MARK = b"docgen xem truoc"  # in a tEXt chunk: tells docgen's own previews from a person's images


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has (``PdfError`` if it is not a readable PDF)."""
    document = _open(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_png(pdf: bytes, page: int = 1, *, dpi: int = DEFAULT_DPI) -> bytes:
    """Page ``page`` (1-based) of ``pdf`` as PNG bytes, ``dpi`` dots per inch, white background."""
    document = _open(pdf)
    try:
        if not 1 <= page <= len(document):
            raise PdfError(f"Văn bản có {len(document)} trang, không có trang {page}.", hint="chọn --page từ 1")
        pdf_page = document[page - 1]
        try:
            bitmap = pdf_page.render(scale=dpi / 72, rev_byteorder=True, fill_color=(255, 255, 255, 255))
            try:
                return _png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels)
            finally:
                bitmap.close()
        finally:
            pdf_page.close()
    finally:
        document.close()


def _open(pdf: bytes) -> Any:
    import pypdfium2  # type: ignore[import-untyped, unused-ignore]

    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise PdfError(f"Không đọc được tệp PDF để tạo ảnh: {exc}") from exc


def _png(buffer: bytes, width: int, height: int, stride: int, channels: int) -> bytes:
    """RGB or RGBA rows (``stride`` bytes apart) as a PNG: filter 0 on every row, deflated."""
    colour = {3: 2, 4: 6}[channels]  # PNG colour type: truecolour, truecolour with alpha
    rows = b"".join(b"\x00" + buffer[y * stride : y * stride + width * channels] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    text = chunk(b"tEXt", b"Software\x00" + MARK)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + text
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )


def is_preview_png(data: bytes) -> bool:
    """``data`` is a PNG this module wrote (its mark is in the first chunks)."""
    return data.startswith(b"\x89PNG") and MARK in data[:200]
