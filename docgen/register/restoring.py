"""Putting the register back from a backup: ``docgen register restore FILE``.

The file is checked before anything is replaced: it must be a docgen register (SQLite header,
application id, tables), pass SQLite's ``PRAGMA integrity_check``, and belong to this
workspace: its units are the workspace's units, and every document the output folder's
manifest shows with a number has that same live number in it. The register in place, if any
(even an emptied or damaged one), is kept as ``register.sqlite.truoc-khoi-phuc-N`` and never
overwritten; the backup is copied to a temporary file beside the register, checked there
(the backup itself is only read) and renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import RegisterError
from docgen.fs import os_reason, temp_beside, write_error
from docgen.register.records import _COLUMNS, FILE_NAME, Record
from docgen.register.sqlite import (
    _check_header,
    _db_error,
    _foreign,
    _identify,
    _is_our_file,
    _same_file,
    _to_record,
    register_path,
)

KEPT_TAG = "truoc-khoi-phuc"
NAMED = 3  # mismatches named in a refusal
_COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Restored:
    """What ``restore`` did: the register now in place, where the previous one is kept."""

    path: Path
    source: Path
    kept: Path | None
    issued: int
    voided: int
    years: tuple[int, ...]


def restore(workspace_root: Path, source: Path, *, numbered: Mapping[str, str], units: Collection[str]) -> Restored:
    """Replace the workspace's register by the backup ``source`` after checking it.

    ``numbered`` maps each document id the output folder's manifest shows with a number to that
    ``number_symbol``; ``units`` are the workspace's unit ids. The caller holds the output lock."""
    live = register_path(workspace_root).absolute()
    source = Path(source).expanduser().absolute()
    if source.is_dir():
        raise RegisterError(f"{source} là một thư mục; hãy ghi rõ tệp sao lưu sổ, ví dụ so-dang-ky-2023.sqlite.")
    if not source.is_file():
        raise RegisterError(f"Không có tệp {source} để khôi phục sổ đăng ký văn bản.")
    if live.exists() and _same_file(source, live):
        raise RegisterError(f"{source} chính là sổ đang dùng; hãy chọn tệp sao lưu.")
    _check_header(source)
    temp = temp_beside(live)
    try:
        records = _copy_checked(source, temp)
        _refuse_foreign(source, records, numbered, units)
        kept = _keep(live)
        for suffix in _COMPANIONS:  # the old register's journal must never be replayed on the new one
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{live}{suffix}")
        os.replace(temp, live)
    except OSError as exc:
        raise write_error(exc, live, "sổ đăng ký văn bản ") from exc
    finally:
        for leftover in (temp, *(Path(f"{temp}{suffix}") for suffix in _COMPANIONS)):
            with contextlib.suppress(OSError):
                leftover.unlink()
    issued = [r for r in records if r.status == "issued"]
    return Restored(
        live, source, kept, len(issued), len(records) - len(issued), tuple(sorted({r.year for r in records}))
    )


def _copy_checked(source: Path, temp: Path) -> list[Record]:
    """Copy ``source`` (with its ``-wal`` if it has one) to ``temp``, check the copy, return its records."""
    try:
        shutil.copyfile(source, temp)
        wal = Path(f"{source}-wal")
        if wal.is_file():
            shutil.copyfile(wal, f"{temp}-wal")
    except OSError as exc:
        raise RegisterError(f"Không đọc được {source}: {os_reason(exc)}.") from exc
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
    except sqlite3.Error as exc:
        raise _db_error(exc, source) from exc
    try:
        if _identify(conn, source) == "fresh":
            raise _foreign(source, "cơ sở dữ liệu trống, không có sổ nào")
        problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
        if problems != ["ok"]:
            raise _foreign(source, "SQLite báo tệp bị hỏng (integrity_check: " + "; ".join(problems[:NAMED]) + ")")
        records = [_to_record(row) for row in conn.execute(f"SELECT {_COLUMNS} FROM entries ORDER BY rowid")]
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, like a backup
    except sqlite3.Error as exc:
        raise _db_error(exc, source) from exc
    finally:
        conn.close()
    return records


def _refuse_foreign(source: Path, records: list[Record], numbered: Mapping[str, str], units: Collection[str]) -> None:
    """A register of another workspace (or another campaign) is refused, naming what differs."""
    strangers = sorted({r.unit_id for r in records} - set(units))
    if strangers:
        raise RegisterError(
            f"Không khôi phục từ {source}: sổ này có số của {len(strangers)} đơn vị không có trong dữ liệu "
            f"của thư mục làm việc này ({', '.join(strangers[:NAMED])}); có thể đây là sổ của thư mục làm việc khác.",
            hint="chọn đúng bản sao lưu của thư mục làm việc này",
        )
    # A number voided since the manifest was written is still that document's number in the register.
    known = {(r.doc_id, r.number_symbol) for r in records if r.doc_id}
    live = {r.doc_id: r.number_symbol for r in records if r.status == "issued" and r.doc_id}
    wrong = [(doc_id, number) for doc_id, number in numbered.items() if (doc_id, number) not in known]
    if wrong:
        shown = "; ".join(
            f"{doc_id}: out/manifest.json ghi số {number}, sổ này "
            + (f"ghi {live[doc_id]}" if doc_id in live else "không có")
            for doc_id, number in wrong[:NAMED]
        )
        more = f" (và {len(wrong) - NAMED} văn bản khác)" if len(wrong) > NAMED else ""
        raise RegisterError(
            f"Không khôi phục từ {source}: số trong sổ này không khớp với {len(wrong)} văn bản đã cấp số "
            f"trong out/: {shown}{more}.",
            hint="chọn bản sao lưu mới nhất của thư mục làm việc này (sổ của thư mục khác hoặc bản quá cũ bị từ chối)",
        )


def _keep(live: Path) -> Path | None:
    """Copy the register in place (if any) to ``register.sqlite.truoc-khoi-phuc-N``: a
    consistent snapshot through SQLite when it opens, its bytes otherwise (emptied, damaged)."""
    if not live.exists():
        return None
    kept = next(
        path
        for n in range(1, 10_000)
        if not os.path.lexists(path := live.with_name(f"{FILE_NAME}.{KEPT_TAG}-{n}"))
        and not os.path.lexists(f"{path}-wal")
    )
    if live.stat().st_size and _is_our_file(live):
        try:
            with (
                contextlib.closing(sqlite3.connect(live, isolation_level=None)) as src,
                contextlib.closing(sqlite3.connect(kept, isolation_level=None)) as dest,
            ):
                src.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            return kept
        except sqlite3.Error:
            with contextlib.suppress(OSError):
                kept.unlink()
    shutil.copyfile(live, kept)
    if os.path.isfile(f"{live}-wal"):
        shutil.copyfile(f"{live}-wal", f"{kept}-wal")
    return kept
