"""The register of issued documents (sổ đăng ký văn bản đi), Decree 30/2020/NĐ-CP.

A document's number is the running count of documents one issuing body registers in one
calendar year, per series (one series ``chung`` unless the data gives a kind its own), from 1 on
1 January. A number is given once: a voided number stays in the register and is never given
again, and the next number is always the largest one used in the series plus one, so the
register has no gaps that a clerk would have to explain.

The register is the only place that hands out numbers, and it hands one out only together with
the document that carries it: :meth:`Register.issue` allocates the number, lets the caller
render the document to a temporary file, records both in one SQLite write transaction and only
after the commit lets the caller move the file into place. A process killed before the commit
consumes no number and leaves no document; one killed after it leaves a registered number that
the next run of the same document id gets back.

Storage sits behind :class:`Register` so that a shared server register can be added later;
:class:`SqliteRegister` keeps it in ``<workspace>/register.sqlite`` (WAL mode, so many processes
building at once wait for each other instead of failing). The library never prints; every
failure meant for a user is a :class:`RegisterError` with a Vietnamese message.
"""

from __future__ import annotations

import builtins
import contextlib
import csv
import datetime as dt
import difflib
import hashlib
import io
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, NoReturn, Self

from docgen import vn
from docgen.errors import DocgenError, OutputError, Problem

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


class RegisterError(DocgenError, RuntimeError):
    """The register refuses an operation or its file cannot be used."""


class RegisterImportError(RegisterError, ValueError):
    """Rows of an imported register are invalid; carries every problem, nothing was imported."""

    def __init__(self, origin: str, problems: Sequence[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.line or 0, p.field, p.message))
        rows = len({p.line for p in self.problems})
        lines = [
            f"{origin}: {len(self.problems)} lỗi ở {rows} dòng, chưa nhập dòng nào "
            "(tệp được nhập trọn vẹn hoặc không nhập gì). Sửa các dòng sau rồi nhập lại:"
        ]
        for p in self.problems:
            where = f"dòng {p.line}" if p.line else "tiêu đề cột"
            lines.append(f"  - {where}: {p.field}: {p.message}" if p.field else f"  - {where}: {p.message}")
        super().__init__("\n".join(lines))


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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise OutputError(f"Không ghi được tệp tạm cho {target}: {exc.strerror or exc}") from exc
    temp = Path(name)

    def finalize() -> None:
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise OutputError(
                f"Số đã vào sổ nhưng không đặt được tệp {target}: {exc.strerror or exc}",
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
    ) -> int:
        """Import a paper or spreadsheet register: all rows or none. Returns how many were imported.

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
        first_row, rows = read_table(path)
        return self.import_rows(
            rows, default_unit=default_unit, first_row=first_row, origin=path.name, known_units=known_units
        )

    def export_xlsx(self, path: Path, *, year: int | None = None, unit_id: str | None = None) -> int:
        """Write the register as an Excel sheet laid out like the paper register; returns the row count."""
        records = self.list(year=year, unit_id=unit_id)
        write_xlsx(path, records)
        return len(records)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def refuse_register_as_output(target: Path, workspace_root: Path) -> None:
    """A listing or an export must never be written over a register: the workspace's own
    (or its -wal/-shm companions), or any other docgen register file."""
    live = register_path(workspace_root).absolute()
    target = Path(target).expanduser().absolute()
    companions = [live, *(live.with_name(live.name + s) for s in ("-wal", "-shm", "-journal"))]
    if any(_same_file(target, path) for path in companions) or (target.exists() and _is_our_file(target)):
        raise RegisterError(
            f"Không ghi đè lên {target}: đó là sổ đăng ký văn bản (hoặc một phần của sổ).",
            hint="chọn tên tệp khác, ví dụ so-van-ban-di.csv",
        )


def register_path(workspace_root: Path) -> Path:
    """Where a workspace keeps its register: beside ``data/``, never under ``out/`` (which may be deleted)."""
    return Path(workspace_root) / FILE_NAME


def open_register(workspace_root: Path) -> Register:
    """The register of the workspace at ``workspace_root``, created on first use."""
    return SqliteRegister(register_path(workspace_root))


# --------------------------------------------------------------------------------------------
# SQLite storage
# --------------------------------------------------------------------------------------------


class SqliteRegister(Register):
    """The register in one SQLite file, safe for many processes at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        _check_header(self.path)
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise _db_error(exc, self.path) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Read-only look first: a file that is not ours is refused before anything is written.
            if _identify(conn, self.path) == "fresh":
                _create_schema(conn, self.path)
            _enable_wal(conn)
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.Error):
                raise _db_error(exc, self.path) from exc
            raise
        self._conn = conn

    # -- reading -------------------------------------------------------------------------------

    def lookup(self, doc_id: str) -> Record | None:
        with self._reading():
            return _live(self._conn, _nfc(doc_id))

    def list(self, year: int | None = None, unit_id: str | None = None) -> builtins.list[Record]:
        where: builtins.list[str] = []
        args: builtins.list[object] = []
        if year is not None:
            where.append("year = ?")
            args.append(year)
        if unit_id is not None:
            where.append("unit_id = ?")
            args.append(unit_id)
        sql = f"SELECT {_COLUMNS} FROM entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY unit_id, year, series, number"
        with self._reading():
            return [_to_record(row) for row in self._conn.execute(sql, args)]

    def next_number(self, unit_id: str, year: int, series: str = DEFAULT_SERIES) -> int:
        with self._reading():
            return _next_number(self._conn, unit_id, year, series)

    # -- numbering -----------------------------------------------------------------------------

    def issue(self, key: IssueRequest, produce: Produce) -> tuple[Record, bool]:
        _, record, new = self._allocate(key, produce, reissue_reason=None)
        return record, new

    def reissue(
        self, key: IssueRequest, produce: Produce, reason: str, *, replaces: Record | None = None
    ) -> tuple[Record | None, Record]:
        reason = _reason(reason)
        voided, record, _ = self._allocate(key, produce, reissue_reason=reason, replaces=replaces)
        return voided, record

    def _allocate(
        self, key: IssueRequest, produce: Produce, *, reissue_reason: str | None, replaces: Record | None = None
    ) -> tuple[Record | None, Record, bool]:
        key = _checked_request(key)
        conn = self._conn
        if reissue_reason is None:
            # Rebuilds ask again for documents that have their number: answer those without
            # queueing for the write lock behind every other process.
            with self._reading():
                known = _live(conn, key.doc_id)
            if known is not None:
                return None, known, False
        produced: Produced | None = None
        voided: Record | None = None
        try:
            self._begin()
            current = _live(conn, key.doc_id)
            if reissue_reason is None and current is not None:
                conn.execute("COMMIT")  # issued by another process meanwhile; nothing written
                return None, current, False
            if reissue_reason is not None:
                if current is None:
                    raise RegisterError(
                        f"Văn bản {key.doc_id} chưa được cấp số nên không có số để hủy và cấp lại.",
                        hint="cấp số bình thường (không cần cấp lại)",
                    )
                if replaces is not None and (current.year, current.series, current.number) != (
                    replaces.year,
                    replaces.series,
                    replaces.number,
                ):
                    conn.execute("COMMIT")  # reissued by another process meanwhile
                    return None, current, False
                voided = _void_row(conn, current, reissue_reason)
            number = _next_number(conn, key.unit_id, key.year, key.series)
            _require_pair_free(conn, key.unit_id, key.year, key.series, number, key.symbol)
            produced = produce(number, key.date)
            _check_produced(produced)
            record = _insert(
                conn,
                Record(
                    doc_id=key.doc_id,
                    unit_id=key.unit_id,
                    year=key.year,
                    series=key.series,
                    number=number,
                    symbol=key.symbol,
                    date=key.date,
                    kind=key.kind,
                    summary=key.summary,
                    signer=key.signer,
                    recipients=key.recipients,
                    status="issued",
                    void_reason=None,
                    source="docgen",
                    sha256=produced.sha256,
                    text=produced.text,
                ),
            )
            conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if produced is not None:
                try:
                    produced.discard()
                except Exception as cleanup:  # the original failure is the one to report
                    exc.add_note(f"discard() also failed: {cleanup!r}")
            if isinstance(exc, sqlite3.Error):
                raise _db_error(exc, self.path) from exc
            raise
        # Only now is the number the document's: move the document into place.
        produced.finalize()
        return voided, record, True

    def void(
        self, unit_id: str, year: int, series: str, number: int, reason: str, *, symbol: str | None = None
    ) -> Record:
        reason = _reason(reason)
        with self._writing() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE unit_id = ? AND year = ? AND series = ? AND number = ?",
                (unit_id, year, series, number),
            ).fetchone()
            if row is None:
                raise RegisterError(
                    f"Sổ không có số {number:02d} của đơn vị {unit_id} năm {year} (sổ {series}).",
                    hint="xem các số đã cấp: docgen register list",
                )
            current = _to_record(row)
            if symbol is not None and _nfc(symbol) != current.symbol:
                raise RegisterError(
                    f"Số {number:02d} của đơn vị {unit_id} năm {year} là {current.number_symbol}, "
                    f"không phải {number:02d}/{_nfc(symbol)}; chưa hủy số nào."
                )
            if current.status == "void":
                raise RegisterError(
                    f"Số {current.number_symbol} đã bị hủy từ trước (lý do: {current.void_reason or 'không ghi'})."
                )
            return _void_row(conn, current, reason)

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
        entry = Record(
            doc_id=None,
            unit_id=_nfc(unit_id),
            year=date.year,
            series=_nfc(series),
            number=number,
            symbol=_nfc(symbol),
            date=date,
            kind=_nfc(kind),
            summary=_nfc(summary),
            signer=_nfc(signer),
            recipients=_nfc(recipients),
            status="issued",
            void_reason=None,
            source="manual",
            sha256=None,
            text=None,
        )
        problems = _entry_problems(entry)
        if not entry.summary:
            problems.append(("trích yếu", "không được để trống"))
        if problems:
            raise RegisterError("Không vào sổ được: " + "; ".join(f"{f}: {m}" for f, m in problems) + ".")
        with self._writing() as conn:
            taken = _taken(conn, entry)
            if taken is not None:
                raise RegisterError(
                    f"Số {number:02d} của đơn vị {entry.unit_id} năm {entry.year} (sổ {entry.series}) đã có trong sổ: "
                    f"{_describe(taken)}.",
                    hint=f"số đã cấp hay đã hủy đều không dùng lại; số tiếp theo là "
                    f"{_next_number(conn, entry.unit_id, entry.year, entry.series):02d}",
                )
            return _insert(conn, entry)

    def import_rows(
        self,
        rows: Iterable[Mapping[str, object]],
        *,
        default_unit: str | None = None,
        first_row: int = 1,
        origin: str = "dữ liệu nhập",
        known_units: Collection[str] | None = None,
    ) -> int:
        entries, found = parse_rows(rows, default_unit=default_unit, first_row=first_row, known_units=known_units)
        problems = [replace(p, file=origin) for p in found]
        with self._writing() as conn:
            # Checked inside the write lock so no number can be taken between check and insert.
            for row, entry in entries:
                taken = _taken(conn, entry)
                if taken is not None:
                    problems.append(
                        Problem(origin, row, None, "số", f"số {entry.number_symbol} đã có trong sổ: {_describe(taken)}")
                    )
            if problems:
                raise RegisterImportError(origin, problems)
            for _, entry in entries:
                _insert(conn, entry)
        return len(entries)

    # -- files ---------------------------------------------------------------------------------

    def backup(self, path: Path) -> None:
        target = Path(path).expanduser().absolute()
        live = self.path.absolute()
        if _same_file(target, live) or any(
            _same_file(target, live.with_name(live.name + s)) for s in ("-wal", "-shm", "-journal")
        ):
            raise RegisterError(
                f"Không thể sao lưu đè lên chính sổ đang dùng ({live}).", hint="chọn tên tệp khác cho bản sao lưu"
            )
        if target.is_dir():
            raise RegisterError(f"{target} là một thư mục; hãy ghi rõ tên tệp sao lưu, ví dụ so-dang-ky-2023.sqlite.")
        if target.exists() and not _is_our_file(target):
            raise RegisterError(
                f"{target} đã tồn tại và không phải bản sao lưu sổ của docgen; không ghi đè.",
                hint="chọn tên tệp khác",
            )
        if not target.parent.is_dir():
            raise RegisterError(f"Không có thư mục {target.parent} để ghi bản sao lưu.")
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
        except OSError as exc:
            raise OutputError(f"Không ghi được bản sao lưu {target}: {exc.strerror or exc}") from exc
        temp = Path(name)
        try:
            dest = sqlite3.connect(temp, isolation_level=None)
            try:
                # The online backup API copies one consistent snapshot while builds keep writing.
                self._conn.backup(dest)
                # A backup is one self-contained file, not a WAL database with side files.
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
            os.replace(temp, target)
        except sqlite3.Error as exc:
            temp.unlink(missing_ok=True)
            raise _db_error(exc, self.path) from exc
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise OutputError(f"Không ghi được bản sao lưu {target}: {exc.strerror or exc}") from exc

    def close(self) -> None:
        self._conn.close()

    # -- transactions --------------------------------------------------------------------------

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock now, so the number read next cannot be taken by another
        # process before this transaction commits; waiting is bounded by busy_timeout.
        self._conn.execute("BEGIN IMMEDIATE")

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            self._begin()
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise _db_error(exc, self.path) from exc
            raise

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise _db_error(exc, self.path) from exc


# -- SQLite helpers ------------------------------------------------------------------------------


def _check_header(path: Path) -> None:
    """Refuse, without opening it as a database, a file that is not SQLite at all."""
    if path.is_dir():
        raise RegisterError(f"{path} là một thư mục, không phải tệp sổ đăng ký văn bản.")
    if not path.exists():
        if not path.parent.is_dir():
            raise RegisterError(f"Không có thư mục {path.parent} để tạo sổ đăng ký văn bản.")
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise RegisterError(f"Không đọc được sổ đăng ký văn bản {path}: {exc.strerror or exc}") from exc
    # An empty file is what SQLite leaves between creating the file and its first write: a
    # process starting at the same moment sees that, and waits for the schema. An empty file
    # that stayed empty is a register that was emptied: never start again from 01 on it.
    if not head:
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            age = 0.0
        if age > EMPTY_GRACE_S:
            raise _foreign(path, "tệp rỗng (0 byte): sổ đã bị xóa trắng hoặc tạo dở")
        return
    if head != _SQLITE_MAGIC:
        raise _foreign(path, "tệp không phải cơ sở dữ liệu SQLite (có thể đã hỏng hoặc bị ghi đè)")


EMPTY_GRACE_S = 30.0


def _foreign(path: Path, why: str) -> RegisterError:
    return RegisterError(
        f"Không dùng được {path} làm sổ đăng ký văn bản: {why}. docgen không sửa và không ghi đè tệp này.",
        hint=f"nếu đó là sổ thật, khôi phục từ bản sao lưu; nếu không, đổi tên hoặc chuyển tệp {path.name} đi nơi khác",
    )


def _identify(conn: sqlite3.Connection, path: Path) -> Literal["fresh", "ours"]:
    """What the file is, from reads only: empty (``fresh``), docgen's register, or refused."""
    # One read transaction: three separate reads could straddle another process creating the
    # register and see its tables without its application_id.
    own = not conn.in_transaction
    try:
        if own:
            conn.execute("BEGIN")
        names = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if own:
            conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
            raise
        raise _foreign(path, f"tệp SQLite bị hỏng ({exc})") from exc
    names = {n for n in names if not n.startswith("sqlite_")}
    if app_id == 0 and version == 0 and not names:
        return "fresh"
    if app_id != APPLICATION_ID:
        _refuse(path, "đây là cơ sở dữ liệu của một chương trình khác")
    if version > SCHEMA_VERSION:
        raise RegisterError(
            f"Sổ {path} được tạo bởi phiên bản docgen mới hơn (cấu trúc {version}, "
            f"phiên bản này chỉ đọc được đến {SCHEMA_VERSION}); không mở để tránh làm hỏng sổ.",
            hint="cập nhật docgen lên phiên bản mới nhất",
        )
    if version < 1 or "entries" not in names or not names <= _OUR_OBJECTS:
        _refuse(path, "cấu trúc tệp không đúng sổ của docgen (thiếu hoặc thừa bảng)")
    return "ours"


def _refuse(path: Path, why: str) -> NoReturn:
    raise _foreign(path, why)


def _create_schema(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have created the register while this one waited for the lock.
        if _identify(conn, path) == "fresh":
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _enable_wal(conn: sqlite3.Connection) -> None:
    # Switching to WAL needs a moment of exclusive access; when many processes open a new
    # register at once the switch can report "locked" without waiting, so retry until the timeout.
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return  # a file system without WAL support keeps the rollback journal: still safe, only slower
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _db_error(exc: sqlite3.Error, path: Path) -> RegisterError:
    text = str(exc)
    lowered = text.lower()
    if _is_busy(exc):
        return RegisterError(
            f"Sổ đăng ký văn bản {path} đang được chương trình khác ghi quá lâu (hơn {int(BUSY_TIMEOUT_S)} giây).",
            hint="chờ lệnh đang chạy kết thúc rồi chạy lại",
        )
    if "readonly" in lowered or "read-only" in lowered:
        return RegisterError(f"Không ghi được sổ đăng ký văn bản {path}: tệp hoặc thư mục chỉ cho đọc.")
    if "full" in lowered:
        return RegisterError(f"Không ghi được sổ đăng ký văn bản {path}: ổ đĩa đã đầy.")
    if "malformed" in lowered or "not a database" in lowered:
        return _foreign(path, f"tệp bị hỏng ({text})")
    return RegisterError(f"Lỗi khi dùng sổ đăng ký văn bản {path}: {text}")


def _is_our_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    # application_id is stored big-endian at offset 68 of the SQLite header.
    return header[:16] == _SQLITE_MAGIC and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _to_record(row: Sequence[Any]) -> Record:
    return Record(
        doc_id=row[0],
        unit_id=row[1],
        year=int(row[2]),
        series=row[3],
        number=int(row[4]),
        symbol=row[5],
        date=dt.date.fromisoformat(row[6]),
        kind=row[7],
        summary=row[8],
        signer=row[9],
        recipients=row[10],
        status=row[11],
        void_reason=row[12],
        source=row[13],
        sha256=row[14],
        text=row[15],
    )


def _live(conn: sqlite3.Connection, doc_id: str) -> Record | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM entries WHERE doc_id = ? AND status = 'issued'", (doc_id,)).fetchone()
    return None if row is None else _to_record(row)


def _next_number(conn: sqlite3.Connection, unit_id: str, year: int, series: str) -> int:
    # Void and imported numbers count: the next number follows the largest ever used.
    row = conn.execute(
        "SELECT COALESCE(MAX(number), 0) FROM entries WHERE unit_id = ? AND year = ? AND series = ?",
        (unit_id, year, series),
    ).fetchone()
    return int(row[0]) + 1


def _taken(conn: sqlite3.Connection, entry: Record) -> Record | None:
    """The record already holding ``entry``'s number in its series, or its number + symbol pair."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM entries WHERE unit_id = ? AND year = ? "
        "AND ((series = ? AND number = ?) OR (number = ? AND symbol = ?))",
        (entry.unit_id, entry.year, entry.series, entry.number, entry.number, entry.symbol),
    ).fetchone()
    return None if row is None else _to_record(row)


def _require_pair_free(
    conn: sqlite3.Connection, unit_id: str, year: int, series: str, number: int, symbol: str
) -> None:
    row = conn.execute(
        "SELECT series FROM entries WHERE unit_id = ? AND year = ? AND number = ? AND symbol = ?",
        (unit_id, year, number, symbol),
    ).fetchone()
    if row is not None:
        raise RegisterError(
            f"Số {number:02d}/{symbol} của đơn vị {unit_id} năm {year} đã được cấp ở sổ {row[0]}; "
            f"sổ {series} không thể cấp lại cặp số, ký hiệu này.",
            hint="mỗi loại văn bản chỉ nên theo một sổ trong cả năm; kiểm tra cấu hình sổ của loại văn bản",
        )


def _insert(conn: sqlite3.Connection, entry: Record) -> Record:
    conn.execute(
        f"INSERT INTO entries ({_COLUMNS}, voided_at, created_at) VALUES ({', '.join('?' * 18)})",
        (
            entry.doc_id,
            entry.unit_id,
            entry.year,
            entry.series,
            entry.number,
            entry.symbol,
            entry.date.isoformat(),
            entry.kind,
            entry.summary,
            entry.signer,
            entry.recipients,
            entry.status,
            entry.void_reason,
            entry.source,
            entry.sha256,
            entry.text,
            _now() if entry.status == "void" else None,
            _now(),
        ),
    )
    return entry


def _void_row(conn: sqlite3.Connection, current: Record, reason: str) -> Record:
    conn.execute(
        "UPDATE entries SET status = 'void', void_reason = ?, voided_at = ? "
        "WHERE unit_id = ? AND year = ? AND series = ? AND number = ?",
        (reason, _now(), current.unit_id, current.year, current.series, current.number),
    )
    return replace(current, status="void", void_reason=reason)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _describe(record: Record) -> str:
    state = "đã hủy" if record.status == "void" else "đã ban hành"
    what = f" ({record.doc_id})" if record.doc_id else ""
    return f"{record.number_symbol} ngày {vn.short_date(record.date)}{what}, sổ {record.series}, {state}"


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


# --------------------------------------------------------------------------------------------
# Import: csv and xlsx registers kept by hand before docgen
# --------------------------------------------------------------------------------------------

# Column names as clerks write them, compared after NFC, lower case and collapsed spaces.
IMPORT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "number": ("số", "số văn bản", "số vb", "number", "no", "no."),
    "symbol": ("ký hiệu", "kí hiệu", "ký hiệu văn bản", "kí hiệu văn bản", "symbol"),
    "number_symbol": (
        "số, ký hiệu",
        "số, kí hiệu",
        "số ký hiệu",
        "số kí hiệu",
        "số và ký hiệu",
        "số/ký hiệu",
        "số, ký hiệu văn bản",
        "số, kí hiệu văn bản",
        "number_symbol",
        "number/symbol",
    ),
    "date": ("ngày", "ngày tháng", "ngày văn bản", "ngày ban hành", "ngày tháng văn bản", "date", "issue date"),
    "unit": ("đơn vị", "mã đơn vị", "đơn vị ban hành", "unit", "unit_id", "unit id"),
    "summary": (
        "trích yếu",
        "trích yếu nội dung",
        "loại và trích yếu",
        "tên loại và trích yếu",
        "tên loại và trích yếu nội dung",
        "summary",
    ),
    "kind": ("loại", "loại văn bản", "tên loại", "kind"),
    # What `register list --format csv` writes, so that a register restored from it still
    # knows which document each number belongs to.
    "doc_id": ("mã văn bản", "doc_id", "doc id"),
    "signer": ("người ký", "người kí", "signer"),
    "recipients": ("nơi nhận", "nơi nhận văn bản", "recipients"),
    "year": ("năm", "year"),
    "series": ("sổ", "series"),
    "status": ("tình trạng", "trạng thái", "status"),
    "void_reason": ("lý do hủy", "lí do hủy", "lý do huỷ", "lí do huỷ", "void_reason", "void reason"),
}
_FIELD_NAMES: Final = {
    "number": "số",
    "symbol": "ký hiệu",
    "number_symbol": "số, ký hiệu",
    "date": "ngày",
    "unit": "đơn vị",
    "summary": "trích yếu",
    "kind": "loại",
    "doc_id": "mã văn bản",
    "signer": "người ký",
    "recipients": "nơi nhận",
    "year": "năm",
    "series": "sổ",
    "status": "tình trạng",
    "void_reason": "lý do hủy",
}
_ALIASES: Final = {name: field for field, names in IMPORT_COLUMNS.items() for name in names}
_VOID_WORDS: Final = ("đã hủy", "đã huỷ", "hủy", "huỷ", "void", "thu hồi", "đã thu hồi")
_ISSUED_WORDS: Final = ("", "đã ban hành", "ban hành", "đã cấp số", "issued")
# Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)


def column_key(header: object) -> str | None:
    """The register field a column header names, or ``None`` for a column to ignore (e.g. STT)."""
    if header is None:
        return None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(header)).strip().lower())
    return _ALIASES.get(text.rstrip(":*").strip())


def parse_rows(
    rows: Iterable[Mapping[str, object]],
    *,
    default_unit: str | None = None,
    first_row: int = 1,
    known_units: Collection[str] | None = None,
) -> tuple[list[tuple[int, Record]], list[Problem]]:
    """Validate imported rows: the entries to insert (with their row numbers) and every problem.

    Checks each row alone and the rows against each other; checks against the register are the
    register's.
    """
    entries: list[tuple[int, Record]] = []
    problems: list[Problem] = []
    seen_number: dict[tuple[str, int, str, int], int] = {}
    seen_pair: dict[tuple[str, int, int, str], int] = {}
    header_checked = False
    for index, raw in enumerate(rows):
        row = first_row + index
        fields: dict[str, object] = {}
        for name, value in raw.items():
            field = column_key(name)
            if field is None:
                continue
            if field in fields and not _blank(fields[field]) and not _blank(value):
                problems.append(
                    Problem("", row, None, _FIELD_NAMES[field], f"có hai cột cùng là {_FIELD_NAMES[field]}")
                )
            if field not in fields or _blank(fields[field]):
                fields[field] = value
        if not header_checked:
            header_checked = True
            missing = _missing_columns(raw.keys(), default_unit)
            if missing:
                return [], [Problem("", None, None, "", m) for m in missing]
        if all(_blank(v) for v in raw.values()):
            continue  # an empty line in the spreadsheet
        row_problems: list[tuple[str, str]] = []
        entry = _parse_row(fields, default_unit, row_problems)
        if entry is not None:
            row_problems += _entry_problems(entry)
            if known_units is not None and entry.unit_id not in known_units:
                row_problems.append(("đơn vị", unknown_unit(entry.unit_id, known_units)))
            key = (entry.unit_id, entry.year, entry.series, entry.number)
            pair = (entry.unit_id, entry.year, entry.number, entry.symbol)
            if key in seen_number:
                row_problems.append(("số", f"số {entry.number:02d} trùng với dòng {seen_number[key]}"))
            elif pair in seen_pair:
                row_problems.append(("số", f"số, ký hiệu {entry.number_symbol} trùng với dòng {seen_pair[pair]}"))
            seen_number.setdefault(key, row)
            seen_pair.setdefault(pair, row)
        if row_problems or entry is None:
            problems += [Problem("", row, None, f, m) for f, m in row_problems]
        else:
            entries.append((row, entry))
    return entries, problems


def unknown_unit(unit_id: str, known_units: Collection[str]) -> str:
    """``không có đơn vị "huyen-huong-khee" trong dữ liệu — có phải "huyen-huong-khe"?``"""
    close = difflib.get_close_matches(unit_id, list(known_units), n=1)
    guess = f' — có phải "{close[0]}"?' if close else " (xem `docgen list units`)"
    return f'không có đơn vị "{unit_id}" trong dữ liệu (data/units.yaml){guess}'


def _missing_columns(headers: Iterable[str], default_unit: str | None) -> list[str]:
    found = {column_key(h) for h in headers}
    missing = []
    if not found & {"number", "number_symbol", "symbol"}:
        missing.append("thiếu cột số, ký hiệu (tên cột: Số, Ký hiệu hoặc Số, ký hiệu)")
    if "date" not in found:
        missing.append("thiếu cột ngày (tên cột: Ngày hoặc Date)")
    if "unit" not in found and not default_unit:
        missing.append("thiếu cột đơn vị (tên cột: Đơn vị hoặc Unit); hoặc ghi đơn vị cho cả tệp bằng --unit MÃ_ĐƠN_VỊ")
    return missing


def _parse_row(
    fields: Mapping[str, object], default_unit: str | None, problems: list[tuple[str, str]]
) -> Record | None:
    number: int | None = None
    symbol: str | None = None
    for field in ("number_symbol", "number", "symbol"):
        value = fields.get(field)
        if _blank(value):
            continue
        n, s, error = _split_number_symbol(value, field)
        if error:
            problems.append((_FIELD_NAMES[field], error))
            continue
        if n is not None:
            if number is not None and n != number:
                problems.append((_FIELD_NAMES[field], f"số {n} khác số {number} ở cột khác"))
            number = n if number is None else number
        if s is not None:
            if symbol is not None and s != symbol:
                problems.append((_FIELD_NAMES[field], f"ký hiệu {s} khác ký hiệu {symbol} ở cột khác"))
            symbol = s if symbol is None else symbol
    if number is None and not any(f == "số" or f == "số, ký hiệu" for f, _ in problems):
        problems.append(("số", "thiếu số văn bản"))
    if symbol is None and not any(f in ("ký hiệu", "số, ký hiệu") for f, _ in problems):
        problems.append(("ký hiệu", "thiếu ký hiệu văn bản (ví dụ KH-UBND)"))

    when: dt.date | None = None
    if _blank(fields.get("date")):
        problems.append(("ngày", "thiếu ngày văn bản"))
    else:
        when, error = _parse_date(fields["date"])
        if error:
            problems.append(("ngày", error))

    unit = _text(fields.get("unit")) or (default_unit or "")
    if not unit:
        problems.append(("đơn vị", "thiếu mã đơn vị"))

    year: int | None = None
    if not _blank(fields.get("year")):
        year = _as_int(fields["year"])
        if year is None:
            problems.append(("năm", f"năm phải là số, nhận được {_shown(fields['year'])}"))
    if year is None and when is not None:
        year = when.year

    status, reason, error = _parse_status(fields.get("status"))
    if error:
        problems.append(("tình trạng", error))
    reason = _text(fields.get("void_reason")) or reason
    if number is None or symbol is None or when is None or year is None or not unit or status is None:
        return None
    return Record(
        doc_id=_text(fields.get("doc_id")) or None,
        unit_id=unit,
        year=year,
        series=_text(fields.get("series")) or DEFAULT_SERIES,
        number=number,
        symbol=symbol,
        date=when,
        kind=_text(fields.get("kind")),
        summary=_text(fields.get("summary")),
        signer=_text(fields.get("signer")),
        recipients=_text(fields.get("recipients")),
        status=status,
        void_reason=(reason or None) if status == "void" else None,
        source="import",
        sha256=None,
        text=None,
    )


def _split_number_symbol(value: object, field: str) -> tuple[int | None, str | None, str | None]:
    """(number, symbol, error) from one cell: ``5``, ``"05"``, ``"KH-UBND"`` or ``"05/KH-UBND"``."""
    if field == "number":
        n = _as_int(value)
        if n is not None:
            return n, None, None
    text = _text(value)
    match = _NUMBER_SYMBOL.fullmatch(text)
    if match:
        return int(match.group(1)), _nfc(match.group(2)), None
    if field == "symbol" and "/" not in text:
        return None, text, None
    if field == "number":
        return None, None, f"số phải là số nguyên (ví dụ 05 hoặc 05/KH-UBND), nhận được {_shown(value)}"
    return None, None, f"phải có dạng số/ký hiệu (ví dụ 05/KH-UBND), nhận được {_shown(value)}"


def _parse_date(value: object) -> tuple[dt.date | None, str | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell read without its format, or a csv holding Excel's serial number.
        if float(value).is_integer() and 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value)), None
        return None, f"ngày không hợp lệ: {_shown(value)}"
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day), None
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text)
        if iso:
            year, month, day = (int(g) for g in iso.groups())
            return dt.date(year, month, day), None
    except ValueError:
        return None, f"ngày không có thật: {_shown(value)}"
    if text.isdigit():
        return _parse_date(int(text))
    return None, f"ngày phải có dạng ngày/tháng/năm (ví dụ 05/7/2023) hoặc yyyy-mm-dd, nhận được {_shown(value)}"


def _parse_status(value: object) -> tuple[Status | None, str, str | None]:
    text = _text(value)
    lowered = text.lower()
    if lowered in _ISSUED_WORDS:
        return "issued", "", None
    for word in _VOID_WORDS:
        if lowered == word or lowered.startswith((word + ":", word + " -", word + " (")):
            reason = text[len(word) :].lstrip(" :-(").rstrip(")").strip()
            return "void", reason, None
    return None, "", f"tình trạng phải là Đã ban hành hoặc Đã hủy (có thể kèm lý do), nhận được {_shown(value)}"


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value)
    return int(text) if text.isdigit() else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def read_table(path: Path) -> tuple[int, builtins.list[dict[str, object]]]:
    """The rows of a ``.csv`` or ``.xlsx`` file as header → value, and the row number of the first."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise RegisterError(f"Không tìm thấy tệp {path}.")
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise RegisterError(
            f"{path.name} là tệp Excel cũ (.xls), docgen không đọc được.",
            hint="mở trong Excel rồi Lưu thành (Save As) kiểu Excel Workbook (.xlsx) hoặc CSV UTF-8",
        )
    raise RegisterError(f"{path.name}: chỉ nhập được tệp .xlsx hoặc .csv.")


def _read_csv(path: Path) -> tuple[int, builtins.list[dict[str, object]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"Không đọc được {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM; other tools do not
    except UnicodeDecodeError as exc:
        raise RegisterError(
            f"{path.name} không phải tệp CSV mã UTF-8 (có thể là CSV mã Windows-1258 hay TCVN3).",
            hint="trong Excel chọn Lưu thành (Save As) → CSV UTF-8 (Comma delimited) rồi nhập lại",
        ) from exc
    lines = text.splitlines()
    skipped = 0
    # Excel honours a first line "sep=;"; a file carrying one is read the same way.
    delimiter = None
    if lines and re.fullmatch(r"sep=.", lines[0].strip()):
        delimiter = lines[0].strip()[-1]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        skipped = 1
    if delimiter is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        # Vietnamese Windows lists with ";" (the comma is the decimal mark); others with ",".
        delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = [list(r) for r in reader]
    return _rows_from_table(table, skipped, path)


def _read_xlsx(path: Path) -> tuple[int, builtins.list[dict[str, object]]]:
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise RegisterError(f"Không đọc được {path.name} như tệp Excel .xlsx: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        table: builtins.list[builtins.list[object]] = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _rows_from_table(table, 0, path)


def _rows_from_table(
    table: Sequence[Sequence[object]], skipped: int, path: Path
) -> tuple[int, builtins.list[dict[str, object]]]:
    # The header is the first of the top rows naming at least two known columns: registers
    # often start with a title ("SỔ ĐĂNG KÝ VĂN BẢN ĐI") above the table.
    for index, cells in enumerate(table[:10]):
        if sum(1 for c in cells if column_key(c) is not None) >= 2:
            headers = [("" if c is None else str(c)) or f"(cột {i + 1})" for i, c in enumerate(cells)]
            _refuse_duplicate_columns(headers, path)
            rows = []
            for values in table[index + 1 :]:
                row: dict[str, object] = {}
                for i, header in enumerate(headers):
                    row[header] = values[i] if i < len(values) else None
                rows.append(row)
            return skipped + index + 2, rows
    raise RegisterError(
        f"{path.name}: không tìm thấy dòng tiêu đề cột (cần các cột như Số, Ký hiệu, Ngày, Đơn vị, Trích yếu).",
        hint="xem tên cột được chấp nhận trong docs/so-dang-ky.md",
    )


def _refuse_duplicate_columns(headers: Sequence[str], path: Path) -> None:
    by_field: dict[str, builtins.list[str]] = {}
    for header in headers:
        field = column_key(header)
        if field is not None:
            by_field.setdefault(field, []).append(header)
    doubled = [names for names in by_field.values() if len(names) > 1]
    if doubled:
        shown = "; ".join(" và ".join(f'"{n}"' for n in names) for names in doubled)
        raise RegisterError(f"{path.name}: các cột {shown} cùng chỉ một thông tin; hãy giữ lại một cột.")


# --------------------------------------------------------------------------------------------
# Export: the paper register as an Excel sheet
# --------------------------------------------------------------------------------------------

XLSX_COLUMNS: Final = (
    ("Số, ký hiệu", 16),
    ("Ngày", 12),
    ("Loại và trích yếu", 60),
    ("Người ký", 22),
    ("Nơi nhận", 36),
    ("Tình trạng", 24),
    ("Đơn vị", 26),
    ("Sổ", 12),
)


def kind_and_summary(record: Record) -> str:
    """The "Tên loại và trích yếu" cell: ``Kế hoạch thực hiện các phong trào …``."""
    label = kind_label(record.kind)
    summary = record.summary
    if not label or summary.lower().startswith(label.lower()):
        return summary or label
    if not summary:
        return label
    first, _, rest = summary.partition(" ")
    # Lower the first word ("Về việc" → "về việc") unless it is an abbreviation (UBND).
    if first[1:] == first[1:].lower():
        first = first[:1].lower() + first[1:]
    return f"{label} {first} {rest}".strip()


def kind_label(kind: str) -> str:
    """``ke-hoach`` → ``Kế hoạch``; a kind a clerk typed is shown as typed."""
    from docgen.context import TYPE_NAMES  # only for display; keeps the register import light

    name = TYPE_NAMES.get(kind)
    return name.capitalize() if name else kind


def status_text(record: Record) -> str:
    if record.status == "void":
        return f"Đã hủy: {record.void_reason}" if record.void_reason else "Đã hủy"
    return STATUS_LABELS["issued"]


def write_xlsx(path: Path, records: Sequence[Record]) -> None:
    """Write ``records`` as one sheet with the paper register's columns; atomically replaces ``path``."""
    import openpyxl  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    from docgen.output import write_atomic

    if path.suffix.lower() != ".xlsx":
        raise RegisterError(f"{path.name}: tệp xuất phải có đuôi .xlsx.")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sổ văn bản đi"
    sheet.append([name for name, _ in XLSX_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for record in records:
        sheet.append(
            [
                record.number_symbol,
                record.date,
                kind_and_summary(record),
                record.signer,
                record.recipients,
                status_text(record),
                record.unit_id,
                record.series,
            ]
        )
        row = sheet.max_row
        sheet.cell(row=row, column=2).number_format = "DD/MM/YYYY"
        for column in (3, 5, 6):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_, width) in enumerate(XLSX_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(path, buffer.getvalue())
