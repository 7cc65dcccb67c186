"""``docgen template preview``: one document rendered with the workspace's current template and
data, converted by LibreOffice and shown as a PNG of one page (or the PDF), in seconds.

Nothing is registered, nothing is written to out/: the document is rendered and converted in
a scratch folder, and only the file the author asked for is written (atomically).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen.build.manifest import DocEntry
from docgen.build.pdfs import PdfSettings, bookmark_title
from docgen.data.model import Dataset
from docgen.documents.plan import DocRef
from docgen.errors import OutputError, PdfError
from docgen.fs import write_atomic
from docgen.register.issuing import IssueOptions, opened_register
from docgen.workspace import Workspace

SUFFIXES = (".png", ".pdf")
PREVIEW_SUBJECT = "xem trước"


@dataclass(frozen=True)
class Preview:
    path: Path
    pages: int
    page: int | None  # the page shown (PNG), None for a PDF


def preview(ws: Workspace, data: Dataset, ref: DocRef, output: Path, *, page: int, settings: PdfSettings) -> Preview:
    """Render ``ref``, convert it, write page ``page`` of it as PNG to ``output`` (or the whole
    PDF when ``output`` ends in ``.pdf``)."""
    from docgen.build.guard import refuse_lost_register
    from docgen.build.single import write_one
    from docgen.pdf.normalise import Conversion
    from docgen.pdf.raster import page_count, page_png
    from docgen.pdf.soffice import convert_all

    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise OutputError(f"Không ghi {output}: tệp xem trước phải có đuôi .png hoặc .pdf.", hint="ví dụ -o xem.png")
    if not output.parent.is_dir():
        raise OutputError(f"Thư mục {output.parent} không tồn tại; docgen không tự tạo thư mục.")
    if os.path.lexists(output) and not _earlier_preview(output):
        raise OutputError(
            f"Không ghi đè {output}: tệp này không phải ảnh hay PDF xem trước do docgen tạo; giữ nguyên tệp.",
            hint="chọn tên tệp khác",
        )
    refuse_lost_register(ws.root, ws.out_dir)
    options = IssueOptions()  # numbers already given are shown; none is given
    with opened_register(ws.root, options) as register, tempfile.TemporaryDirectory(prefix="docgen-") as scratch:
        source, target = Path(scratch) / "preview.docx", Path(scratch) / "preview.pdf"
        write_one(ws, data, ref, source, register=register, options=options)
        item = Conversion(
            source=source,
            target=target,
            when=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
            doc_id=ref.id,
            title=bookmark_title(data, _entry_like(data, ref)),
            author=data.units[ref.unit].name,
            subject=PREVIEW_SUBJECT,
        )
        results = convert_all(
            [item], jobs=1, soffice=settings.soffice, timeout_per_document=settings.timeout_per_document
        )
        reason = results.get(ref.id, "không được chuyển")
        if reason is not None or not target.is_file():
            raise PdfError(f"{ref.id}: LibreOffice không chuyển được văn bản sang PDF: {reason}")
        pdf = target.read_bytes()
    pages = page_count(pdf)
    if suffix == ".pdf":
        write_atomic(output, pdf)
        return Preview(output, pages, None)
    write_atomic(output, page_png(pdf, page))
    return Preview(output, pages, page)


def _earlier_preview(path: Path) -> bool:
    """A file this command wrote before (a plain file with docgen's preview mark): replaced freely."""
    from docgen.pdf.raster import is_preview_png

    if not path.is_file() or path.is_symlink():
        return False
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if path.suffix.lower() == ".png":
        return is_preview_png(data)
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        metadata = PdfReader(io.BytesIO(data)).metadata
    except (PyPdfError, ValueError, OSError):
        return False
    return metadata is not None and metadata.get("/Subject") == PREVIEW_SUBJECT


def _entry_like(data: Dataset, ref: DocRef) -> DocEntry:
    """What ``bookmark_title`` reads of a manifest entry, for a document that has none."""
    return DocEntry(
        ref.id, ref.unit, data.units[ref.unit].name, ref.kind, ref.period, ref.candidate, "", "", None, None,
        None, None, "built", None, "",
    )  # fmt: skip


def docx_pdf(source: Path, *, settings: PdfSettings, doc_id: str, title: str, author: str) -> bytes:
    """The PDF of an existing DOCX (a document of out/, as it is on disk: a clerk's edit
    included), converted by LibreOffice in a scratch folder; nothing is written beside it.
    ``docgen serve`` shows its pages (``docgen.pdf.raster.page_png``) as thumbnails."""
    import shutil

    from docgen.pdf.normalise import Conversion
    from docgen.pdf.soffice import convert_all

    with tempfile.TemporaryDirectory(prefix="docgen-") as scratch:
        copy, target = Path(scratch) / "preview.docx", Path(scratch) / "preview.pdf"
        shutil.copyfile(source, copy)
        item = Conversion(
            source=copy,
            target=target,
            when=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
            doc_id=doc_id,
            title=title,
            author=author,
            subject=PREVIEW_SUBJECT,
        )
        results = convert_all(
            [item], jobs=1, soffice=settings.soffice, timeout_per_document=settings.timeout_per_document
        )
        reason = results.get(doc_id, "không được chuyển")
        if reason is not None or not target.is_file():
            raise PdfError(f"{doc_id}: LibreOffice không chuyển được văn bản sang PDF: {reason}")
        return target.read_bytes()
