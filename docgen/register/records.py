"""Register records and requests, the abstract register, and the checks of an entry."""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import difflib
import hashlib
import os
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, Self

from docgen import vn
from docgen.errors import OutputError, RegisterError
from docgen.fs import os_reason, stage

FILE_NAME: Final = "register.sqlite"
# Written into the SQLite header (PRAGMA application_id): "DGNR", docgen register. A file
# without it is not ours and is never touched.
APPLICATION_ID: Final = 0x44474E52
SCHEMA_VERSION: Final = 1
DEFAULT_SERIES: Final = "chung"
# Builds run many processes at once; each waits its turn for the write lock this long.
BUSY_TIMEOUT_S: Final = 60.0

Status = Literal["issued", "void"]
Source = Literal["docgen", "manual", "import"]

STATUS_LABELS: Final[dict[str, str]] = {"issued": "Đã ban hành", "void": "Đã hủy"}
SOURCE_LABELS: Final[dict[str, str]] = {"docgen": "docgen cấp", "manual": "ghi tay", "import": "nhập từ sổ cũ"}

_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_SYMBOL: Final = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_NUMBER_SYMBOL: Final = re.compile(r"(\d+)\s*/\s*(\S+)")
_OUR_OBJECTS: Final = frozenset({"entries", "entries_live_doc", "entries_number_symbol", "entries_order"})

_SCHEMA: Final = (
    """
    CREATE TABLE entries (
        id          INTEGER PRIMARY KEY,
        doc_id      TEXT,
        unit_id     TEXT    NOT NULL,
        year        INTEGER NOT NULL,
        series      TEXT    NOT NULL,
        number      INTEGER NOT NULL CHECK (number >= 1),
        symbol      TEXT    NOT NULL,
        date        TEXT    NOT NULL,
        kind        TEXT    NOT NULL DEFAULT '',
        summary     TEXT    NOT NULL DEFAULT '',
        signer      TEXT    NOT NULL DEFAULT '',
        recipients  TEXT    NOT NULL DEFAULT '',
        status      TEXT    NOT NULL CHECK (status IN ('issued', 'void')),
        void_reason TEXT,
        voided_at   TEXT,
        source      TEXT    NOT NULL CHECK (source IN ('docgen', 'manual', 'import')),
        sha256      TEXT,
        text        TEXT,
        created_at  TEXT    NOT NULL,
        UNIQUE (unit_id, year, series, number)
    )
    """,
    # One live number per document id; voided rows keep their doc id for the record.
    "CREATE UNIQUE INDEX entries_live_doc ON entries (doc_id) WHERE doc_id IS NOT NULL AND status = 'issued'",
    # Decree 30: a number + symbol pair is unique within the issuer's year, across series too.
    "CREATE UNIQUE INDEX entries_number_symbol ON entries (unit_id, year, number, symbol)",
    "CREATE INDEX entries_order ON entries (unit_id, year, series, number)",
)
_COLUMNS: Final = (
    "doc_id, unit_id, year, series, number, symbol, date, kind, summary, signer, recipients, "
    "status, void_reason, source, sha256, text"
)


@dataclass(frozen=True)
class Record:
    """One line of the register: a number given (or voided) in one series of one issuer."""

    doc_id: str | None
    unit_id: str
    year: int
    series: str
    number: int
    symbol: str
    date: dt.date
    kind: str
    summary: str
    signer: str
    recipients: str
    status: Status
    void_reason: str | None
    source: Source
    sha256: str | None
    text: str | None

    @property
    def number_symbol(self) -> str:
        """``05/KH-UBND``: Decree 30 prints numbers below 10 with a leading zero."""
        return f"{self.number:02d}/{self.symbol}"

    def as_dict(self, *, include_text: bool = False) -> dict[str, object]:
        """JSON-ready fields (date in ISO form); the document text only when asked for."""
        data: dict[str, object] = {
            "doc_id": self.doc_id,
            "unit_id": self.unit_id,
            "year": self.year,
            "series": self.series,
            "number": self.number,
            "symbol": self.symbol,
            "number_symbol": self.number_symbol,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "summary": self.summary,
            "signer": self.signer,
            "recipients": self.recipients,
            "status": self.status,
            "void_reason": self.void_reason,
            "source": self.source,
            "sha256": self.sha256,
        }
        if include_text:
            data["text"] = self.text
        return data


@dataclass(frozen=True)
class IssueRequest:
    """What the caller asks a number for. ``date`` is the issue date: today or the clerk's ``--date``."""

    doc_id: str
    unit_id: str
    year: int
    series: str
    symbol: str
    kind: str
    summary: str
    signer: str
    recipients: str
    date: dt.date


@dataclass(frozen=True)
class Produced:
    """A document rendered with its number into a temporary file, not yet in place.

    ``finalize`` moves the file into place (called only after the number is committed);
    ``discard`` removes the temporary file (called when the number is not committed).
    """

    sha256: str
    text: str
    finalize: Callable[[], None]
    discard: Callable[[], None]


Produce = Callable[[int, dt.date], Produced]


def content_diff(old_text: str, new_text: str) -> str:
    """The unified diff between the text registered with a number and a new rendering ("" if equal)."""
    return "\n".join(
        difflib.unified_diff(
            old_text.splitlines(),
            new_text.splitlines(),
            fromfile="bản đã cấp số",
            tofile="bản mới",
            lineterm="",
        )
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def staged_file(target: Path, content: bytes, text: str) -> Produced:
    """Write ``content`` to a temporary file beside ``target``; the result moves it into place.

    The usual ``produce`` of :meth:`Register.issue`: the temporary file is in the same folder
    so that ``finalize`` is an atomic rename, and a process killed before it leaves at most a
    hidden ``.<name>.*.tmp`` file, never a document with an unregistered number.
    """
    temp = stage(target, content)

    def finalize() -> None:
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise OutputError(
                f"Số đã vào sổ nhưng không đặt được tệp {target}: {os_reason(exc)}",
                hint="đóng tệp nếu đang mở trong Word rồi chạy lại; văn bản được tạo lại với đúng số đã cấp",
            ) from exc

    def discard() -> None:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()

    return Produced(sha256=sha256_hex(content), text=text, finalize=finalize, discard=discard)


class Register(ABC):
    """The register's operations; :class:`SqliteRegister` is the one storage so far."""

    @abstractmethod
    def lookup(self, doc_id: str) -> Record | None:
        """The live (issued, not void) record of ``doc_id``, if it has a number."""

    @abstractmethod
    def issue(self, key: IssueRequest, produce: Produce) -> tuple[Record, bool]:
        """Give ``key.doc_id`` a number, or return the one it has (and ``False``).

        ``produce(number, date)`` renders the document into a temporary file; the number is
        committed together with its row, and ``finalize`` runs only after the commit. If
        ``produce`` raises it must clean up after itself; if the row cannot be committed,
        ``discard`` is called. ``produce`` must not use this register.
        """

    @abstractmethod
    def reissue(
        self, key: IssueRequest, produce: Produce, reason: str, *, replaces: Record | None = None
    ) -> tuple[Record | None, Record]:
        """Void the number ``key.doc_id`` has (with ``reason``) and give it a new one, atomically.

        Returns (the voided record, the new record). If ``replaces`` is given and the live
        number is no longer that one (another process reissued meanwhile), nothing is voided
        and the result is (None, the live record): two clerks never burn two numbers.
        """

    @abstractmethod
    def void(
        self, unit_id: str, year: int, series: str, number: int, reason: str, *, symbol: str | None = None
    ) -> Record:
        """Void a number: the row stays, the number is never given again. ``symbol``, if given, must match."""

    @abstractmethod
    def record(
        self,
        *,
        unit_id: str,
        number: int,
        symbol: str,
        date: dt.date,
        summary: str,
        kind: str = "",
        series: str = DEFAULT_SERIES,
        signer: str = "",
        recipients: str = "",
    ) -> Record:
        """Enter a number a clerk gave by hand; refused if the series already used it."""

    @abstractmethod
    def import_rows(
        self,
        rows: Iterable[Mapping[str, object]],
        *,
        default_unit: str | None = None,
        first_row: int = 1,
        origin: str = "dữ liệu nhập",
        known_units: Collection[str] | None = None,
        dry_run: bool = False,
    ) -> int:
        """Import a paper or spreadsheet register: all rows or none. Returns how many were imported
        (with ``dry_run``: would be, after the same checks, nothing written).

        Keys are column names in Vietnamese or English (see :data:`IMPORT_COLUMNS`); rows are
        numbered from ``first_row`` in error messages, and empty rows count but are skipped.
        """

    @abstractmethod
    def list(self, year: int | None = None, unit_id: str | None = None) -> builtins.list[Record]:
        """Every record (void ones too), ordered by unit, year, series, number."""

    @abstractmethod
    def next_number(self, unit_id: str, year: int, series: str = DEFAULT_SERIES) -> int:
        """The number the next document of the series will get."""

    @abstractmethod
    def backup(self, path: Path) -> None:
        """A consistent copy of the register at ``path``, even while others write to it."""

    @abstractmethod
    def close(self) -> None: ...

    def import_file(
        self, path: Path, *, default_unit: str | None = None, known_units: Collection[str] | None = None
    ) -> int:
        """Import a ``.csv`` (UTF-8, ``;`` or ``,``) or ``.xlsx`` register; see :meth:`import_rows`."""
        from docgen.register.importing import read_table

        first_row, rows = read_table(path)
        return self.import_rows(
            rows, default_unit=default_unit, first_row=first_row, origin=path.name, known_units=known_units
        )

    def preview_file(
        self, path: Path, *, default_unit: str | None = None, known_units: Collection[str] | None = None
    ) -> builtins.list[Record]:
        """The entries :meth:`import_file` would enter, checked the same way (every problem raised
        as :class:`~docgen.errors.RegisterImportError`); nothing is written."""
        from docgen.register.importing import parse_rows, read_table

        first, rows = read_table(path)
        unit, known = default_unit, known_units
        self.import_rows(rows, default_unit=unit, first_row=first, origin=path.name, known_units=known, dry_run=True)
        entries, _ = parse_rows(rows, default_unit=unit, first_row=first, known_units=known)
        return [entry for _, entry in entries]

    def export_xlsx(self, path: Path, *, years: Collection[int] | None = None, unit_id: str | None = None) -> int:
        """Write the register (of ``years``: all if None) as an Excel sheet laid out like the paper
        register; returns the row count."""
        from docgen.register.exporting import write_xlsx

        records = [r for r in self.list(unit_id=unit_id) if years is None or r.year in years]
        write_xlsx(path, records)
        return len(records)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _reason(reason: str) -> str:
    text = _nfc(reason)
    if not text:
        raise RegisterError("Phải ghi lý do hủy số (ví dụ: văn bản ban hành nhầm, sai nội dung).")
    return text


def _checked_request(key: IssueRequest) -> IssueRequest:
    key = IssueRequest(
        doc_id=_nfc(key.doc_id),
        unit_id=_nfc(key.unit_id),
        year=key.year,
        series=_nfc(key.series),
        symbol=_nfc(key.symbol),
        kind=_nfc(key.kind),
        summary=_nfc(key.summary),
        signer=_nfc(key.signer),
        recipients=_nfc(key.recipients),
        date=key.date,
    )
    problems = _entry_problems(key)
    if "/" not in key.doc_id or any(not part for part in key.doc_id.split("/")):
        problems.append(("mã văn bản", f"phải có dạng <đơn vị>/<loại>[/<kỳ>][/<ứng viên>], nhận được {key.doc_id!r}"))
    if problems:
        raise RegisterError(f"Không cấp số được cho {key.doc_id}: " + "; ".join(f"{f}: {m}" for f, m in problems) + ".")
    return key


def _entry_problems(entry: Record | IssueRequest) -> list[tuple[str, str]]:
    """What is wrong with the fields every register line shares (field name, message)."""
    problems: list[tuple[str, str]] = []
    if not _SLUG.fullmatch(entry.unit_id):
        problems.append(
            ("đơn vị", f"mã đơn vị phải gồm chữ thường không dấu, số và dấu -, nhận được {entry.unit_id!r}")
        )
    if not _SLUG.fullmatch(entry.series):
        problems.append(
            ("sổ", f"mã sổ phải gồm chữ thường không dấu, số và dấu - (ví dụ chung), nhận được {entry.series!r}")
        )
    if not _SYMBOL.fullmatch(entry.symbol):
        problems.append(
            ("ký hiệu", f"phải gồm chữ và số, các nhóm nối bằng dấu - (ví dụ KH-UBND), nhận được {entry.symbol!r}")
        )
    if not 1900 <= entry.year <= 9999:
        problems.append(("năm", f"năm không hợp lệ: {entry.year}"))
    elif entry.date.year != entry.year:
        problems.append(
            (
                "ngày",
                f"ngày {vn.short_date(entry.date)} không thuộc năm {entry.year}; số văn bản đánh lại từ 01 mỗi năm",
            )
        )
    if isinstance(entry, Record) and entry.number < 1:
        problems.append(("số", f"số văn bản phải là số nguyên dương, nhận được {entry.number}"))
    return problems


def _check_produced(produced: object) -> None:
    # A caller bug, not a user error: the message still reads in Vietnamese if it surfaces.
    if not isinstance(produced, Produced):
        raise TypeError(f"produce() phải trả về Produced, nhận được {type(produced).__name__}")
    if not isinstance(produced.sha256, str) or not _SHA256.fullmatch(produced.sha256):
        raise ValueError(f"Produced.sha256 phải là 64 chữ số hex viết thường, nhận được {produced.sha256!r}")
    if not isinstance(produced.text, str):
        raise TypeError("Produced.text phải là chuỗi (nội dung chữ của văn bản)")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()
