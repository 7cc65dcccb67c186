"""The register in one SQLite file, safe for many processes at once."""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, NoReturn

from docgen import vn
from docgen.errors import Problem, RegisterError, RegisterImportError
from docgen.fs import os_reason, stage, temp_beside, write_error
from docgen.register.importing import parse_rows
from docgen.register.records import (
    _COLUMNS,
    _OUR_OBJECTS,
    _SCHEMA,
    _SQLITE_MAGIC,
    APPLICATION_ID,
    BUSY_TIMEOUT_S,
    DEFAULT_SERIES,
    FILE_NAME,
    SCHEMA_VERSION,
    IssueRequest,
    Produce,
    Produced,
    Record,
    Register,
    _check_produced,
    _checked_request,
    _entry_problems,
    _nfc,
    _reason,
)


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


# -- SQLite storage ----------------------------------------------------------------------------


class SqliteRegister(Register):
    """The register in one SQLite file, safe for many processes at once."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists() and self.path.parent.is_dir():
            _create_file(self.path)
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
        dry_run: bool = False,
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
            for _, entry in [] if dry_run else entries:
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
        temp = temp_beside(target)
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
            raise write_error(exc, target, "bản sao lưu ") from exc

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
        raise RegisterError(f"Không đọc được sổ đăng ký văn bản {path}: {os_reason(exc)}") from exc
    # docgen creates a register whole (``_create_file``): an empty file is a register that was
    # emptied, however recently, and numbering never starts again from 01 on it.
    if not head:
        raise _foreign(path, "tệp rỗng (0 byte): sổ đã bị xóa trắng hoặc tạo dở")
    if head != _SQLITE_MAGIC:
        raise _foreign(path, "tệp không phải cơ sở dữ liệu SQLite (có thể đã hỏng hoặc bị ghi đè)")


def _create_file(path: Path) -> None:
    """A new register, schema included, built in a temporary file and linked into place only if
    none exists (``os.link`` never replaces): another process never sees it half made."""
    temp = stage(path, b"")  # the mode any new file gets, as SQLite's own would
    try:
        with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as conn:
            _create_schema(conn, path)
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process created it first: use theirs
        except OSError:  # no hard links on this file system: a rename never replaces on Windows
            if not path.exists():
                os.rename(temp, path)
    except sqlite3.Error as exc:
        raise _db_error(exc, path) from exc
    except FileExistsError:
        pass
    except OSError as exc:
        raise write_error(exc, path, "sổ đăng ký văn bản ") from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _foreign(path: Path, why: str) -> RegisterError:
    return RegisterError(
        f"Không dùng được {path} làm sổ đăng ký văn bản: {why}. docgen không sửa và không ghi đè tệp này.",
        hint=f"nếu đó là sổ thật, khôi phục bằng `docgen register restore TỆP_SAO_LƯU`; "
        f"nếu không, đổi tên hoặc chuyển tệp {path.name} đi nơi khác",
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
