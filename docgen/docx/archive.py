"""Reproducible ZIP containers for .docx files, packs and .xlsx workbooks.

Python's ``zipfile`` stamps entries with the clock, so the same document written twice
differs (openpyxl also dates a workbook's properties with the clock: ``reproducible_xlsx``).
Here every entry gets a fixed timestamp and a given order, and parts that do not change
between documents are deflated once and copied as compressed bytes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from docgen.errors import OutputError

# 1980-01-01 00:00:00, the earliest DOS date: a ZIP cannot say "no date".
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_LEVEL = 6


@dataclass(frozen=True)
class Entry:
    """One member, already compressed (raw deflate)."""

    name: str
    crc: int
    size: int
    data: bytes
    method: int = 8  # 8 = deflate, 0 = stored (for members that are ZIPs already)


def compress(name: str, content: bytes) -> Entry:
    packer = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    return Entry(name, zlib.crc32(content), len(content), data)


def stored(name: str, content: bytes) -> Entry:
    return Entry(name, zlib.crc32(content), len(content), content, 0)


def build(entries: Iterable[Entry]) -> bytes:
    """A ZIP archive of ``entries`` in the given order, byte-for-byte reproducible.

    Two members with one name (Windows compares names without case) are refused with
    ``OutputError``: one of the two would be lost on extraction."""
    out = io.BytesIO()
    central = []
    names: dict[str, str] = {}
    for entry in entries:
        if entry.name.casefold() in names:
            raise OutputError(
                f'gói ZIP có hai tệp cùng tên "{entry.name}" ("{names[entry.name.casefold()]}" đã có); '
                "không ghi gói này để không mất tệp nào",
                hint="chạy `docgen validate`: mỗi văn bản của một đơn vị cần một tên tệp riêng",
            )
        names[entry.name.casefold()] = entry.name
        name = entry.name.encode("utf-8")
        offset = out.tell()
        flags = 0x800  # names are UTF-8
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                flags,
                entry.method,
                _DOS_TIME,
                _DOS_DATE,
                entry.crc,
                len(entry.data),
                entry.size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(entry.data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                flags,
                entry.method,
                _DOS_TIME,
                _DOS_DATE,
                entry.crc,
                len(entry.data),
                entry.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def read_parts(data: bytes) -> list[tuple[str, bytes]]:
    """Members of a ZIP in archive order, uncompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def normalise(data: bytes) -> bytes:
    """The same archive with fixed timestamps and deterministic compression."""
    return build(compress(name, content) for name, content in read_parts(data))


_CORE = "docProps/core.xml"
_DATED = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def dated_core(core: bytes, day: date) -> bytes:
    """An Office document's ``docProps/core.xml`` with its created and modified dates set to
    ``day`` (a date from the data, not the clock)."""
    stamp = f"{day.isoformat()}T00:00:00Z"
    return _DATED.sub(lambda m: f"{m.group(1)}{stamp}{m.group(3)}", core.decode("utf-8")).encode("utf-8")


def reproducible_xlsx(data: bytes, day: date) -> bytes:
    """An .xlsx workbook (as openpyxl saves it) made reproducible: its document properties
    dated ``day`` and its ZIP entries with fixed times."""
    return build(
        compress(name, dated_core(content, day) if name == _CORE else content) for name, content in read_parts(data)
    )
