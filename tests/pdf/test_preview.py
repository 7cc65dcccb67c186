"""`docgen template preview`: one document as a PNG of a page (or a PDF), nothing registered,
nothing written to out/, no file of a person's replaced (issue 15, item 3)."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.pdf.raster import page_png

Run = Callable[..., Result]
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")
UNIT = "huyen-huong-khe"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@needs_soffice
def test_a_page_of_the_document_becomes_a_png_and_nothing_else_is_written(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    target = tmp_path / "xem.png"
    result = run("-w", str(workspace), "template", "preview", "ke-hoach", "--unit", UNIT, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Đã ghi trang 1/") and str(target) in result.output
    width, height = _png_size(target.read_bytes())
    assert (width, height) == (910, 1287)  # an A4 page at 110 dpi
    assert not (workspace / "out").exists() and not (workspace / "register.sqlite").exists()
    # The same file again: docgen's own preview is replaced; a person's image never is.
    assert (
        run("-w", str(workspace), "template", "preview", "ke-hoach", "--unit", UNIT, "-o", str(target)).exit_code == 0
    )
    theirs = tmp_path / "anh-cua-toi.png"
    theirs.write_bytes(b"\x89PNG\r\n\x1a\nanh cua van thu")
    refused = run("-w", str(workspace), "template", "preview", "ke-hoach", "--unit", UNIT, "-o", str(theirs))
    assert refused.exit_code == 1 and "Không ghi đè" in refused.output
    assert theirs.read_bytes() == b"\x89PNG\r\n\x1a\nanh cua van thu"


@needs_soffice
def test_the_whole_document_as_pdf_and_a_page_that_does_not_exist(run: Run, workspace: Path, tmp_path: Path) -> None:
    args = ["-w", str(workspace), "template", "preview", "bao-cao", "--unit", "huyen-huong-khe", "--period", "2023"]
    result = run(*args, "-o", str(tmp_path / "bc.pdf"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bc.pdf").read_bytes().startswith(b"%PDF")
    missing = run(*args, "-o", str(tmp_path / "bc.png"), "--page", "99")
    assert missing.exit_code == 1 and "không có trang 99" in missing.output and "Traceback" not in missing.output
    assert not (tmp_path / "bc.png").exists()
    wrong = run(*args, "-o", str(tmp_path / "bc.docx"))
    assert wrong.exit_code == 1 and "phải có đuôi .png hoặc .pdf" in wrong.output


def test_page_png_draws_what_the_pdf_holds() -> None:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # A4 in points
    buffer = io.BytesIO()
    writer.write(buffer)
    png = page_png(buffer.getvalue(), 1, dpi=72)
    assert _png_size(png) == (595, 842)
    # Decode the first row: a blank page is white.
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        chunks.setdefault(kind, b"")
        chunks[kind] += png[at + 8 : at + 8 + length]
        at += 12 + length
    rows = zlib.decompress(chunks[b"IDAT"])
    assert rows[0] == 0 and set(rows[1 : 1 + 595 * 3]) == {255}
    assert b"docgen xem truoc" in chunks[b"tEXt"]
