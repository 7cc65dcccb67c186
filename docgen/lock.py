"""One command at a time in an output folder: an operating-system lock on ``out/.docgen.lock``.

Two builds writing the same ``out/`` at once take each other's documents for a clerk's
edits, delete each other's temporaries and write a manifest that forgets numbers. Every
command that writes to an output folder holds this lock for its whole write phase.

The lock is ``filelock.FileLock`` (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows):
the operating system releases it when the process ends, killed or not, so a crash never
leaves a folder locked. Who holds it is written beside it, in ``.docgen.lock.json`` (process
id, computer, command line, start time), for the message the next command shows; that file
is information only, and one left behind by a killed process blocks nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import filelock

from docgen.errors import OutputBusy, OutputError
from docgen.fs import os_reason, write_atomic

LOCK_NAME: Final = ".docgen.lock"
HOLDER_NAME: Final = ".docgen.lock.json"
LOCK_FILES: Final = frozenset({LOCK_NAME, HOLDER_NAME})
DEFAULT_WAIT_S: Final = 5.0
WAIT_ENV: Final = "DOCGEN_LOCK_WAIT"

# Folders this process holds, with how many nested holders: a build inside a command that
# already holds the lock (the CLI takes it before opening the register) must not wait for itself.
_held: dict[str, int] = {}


def current_command() -> str:
    """The command line of this process as a clerk typed it: ``docgen build --all``."""
    args = sys.argv[1:]
    program = Path(sys.argv[0]).name.lower() if sys.argv and sys.argv[0] else ""
    if program in ("__main__.py", "docgen", "docgen.exe", "docgen-script.py") or sys.argv[0] == "-m":
        return " ".join(["docgen", *args])
    return " ".join(sys.argv) or "docgen"


def lock_wait() -> float:
    """How long a command waits for the folder: ``$DOCGEN_LOCK_WAIT`` seconds, else 5."""
    raw = os.environ.get(WAIT_ENV, "")
    try:
        return max(0.0, float(raw)) if raw.strip() else DEFAULT_WAIT_S
    except ValueError:
        return DEFAULT_WAIT_S


@contextlib.contextmanager
def output_lock(out_dir: Path, command: str | None = None, *, wait: float | None = None) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the block (the folder is created if missing). Another
    process holding it: wait up to ``wait`` seconds (default ``lock_wait()``), then raise
    ``OutputBusy`` naming the holder. Nested use in one process holds it once."""
    out_dir = Path(os.path.abspath(out_dir))
    key = os.path.normcase(str(out_dir))
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục kết quả {out_dir}: {os_reason(exc)}.") from exc
    lock = filelock.FileLock(out_dir / LOCK_NAME, timeout=lock_wait() if wait is None else wait)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise busy(out_dir) from None
    except OSError as exc:
        raise OutputError(f"Không khóa được thư mục kết quả {out_dir}: {os_reason(exc)}.") from exc
    holder = out_dir / HOLDER_NAME
    _held[key] = 1
    try:
        with contextlib.suppress(OutputError):  # information only: a folder that refuses it still builds
            write_atomic(holder, _holder_json(command or current_command()))
        yield
    finally:
        del _held[key]
        # The information goes first: once the lock is free the next holder writes its own.
        with contextlib.suppress(OSError):
            holder.unlink()
        lock.release()


def _holder_json(command: str) -> bytes:
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command,
        "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    return (json.dumps(info, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def holder(out_dir: Path) -> dict[str, Any] | None:
    """What ``.docgen.lock.json`` says of the lock's holder, ``None`` if missing or unreadable."""
    try:
        info = json.loads((Path(out_dir) / HOLDER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def busy(out_dir: Path) -> OutputBusy:
    """The message for a folder another command holds, naming it when its information is readable."""
    wait_hint = "Chờ lệnh đó chạy xong rồi chạy lại."
    info = holder(out_dir)
    try:
        started = dt.datetime.fromisoformat(str(info["started"])) if info else None
    except (KeyError, ValueError):
        started = None
    if info is None or "command" not in info or "pid" not in info:
        return OutputBusy(
            f"Thư mục {out_dir} đang được dùng bởi một lệnh docgen khác (không đọc được thông tin "
            f"về lệnh đó trong {HOLDER_NAME}). {wait_hint}"
        )
    where = f"tiến trình {info['pid']} trên máy {info.get('host') or '?'}"
    if started is not None:
        where += f", từ {started:%H:%M:%S} ngày {started:%d/%m/%Y}"
    return OutputBusy(
        f"Thư mục {out_dir} đang được dùng bởi một lệnh docgen khác: `{info['command']}` ({where}). {wait_hint}"
    )
