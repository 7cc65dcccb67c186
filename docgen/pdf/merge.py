"""One merged PDF per unit, with a bookmark per document."""

from __future__ import annotations

import io
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
from docgen.pdf.normalise import _open_pdf, _set_identity

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
    loaded: list[_Part] = []
    for name, path in parts:
        try:
            reader, pages = _open_pdf(Path(path).read_bytes())
        except OSError as exc:
            raise PdfError(f"Không đọc được {path}: {os_reason(exc)}") from exc
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
        _set_identity(
            writer,
            when=when,
            ident=pack_id,
            info={"/Title": title, "/Author": author, "/Subject": subject, "/Creator": "docgen"},
        )
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise PdfError(f"Không gộp được tệp PDF {target}: {exc}") from exc
    write_atomic(target, out.getvalue())
    return len(writer.pages)


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
