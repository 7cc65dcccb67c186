"""Writing files: atomically, and only inside the output folder.

A file is written to a temporary name beside its target and renamed into place, so a run
killed at any moment leaves either the old complete file or the new complete file. Paths are
built from data only through ``slug`` and checked to stay inside the output root.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from docgen.errors import OutputError


def inside(root: Path, *parts: str) -> Path:
    """``root / parts``, refusing anything that would land outside ``root``.

    The check is lexical (no file-system calls, it runs for every document): ``..``,
    absolute parts and drive letters are caught by normalising the joined path.
    """
    base = os.path.abspath(root)
    target = os.path.normpath(os.path.join(base, *parts))
    try:
        outside = os.path.commonpath([base, target]) != base or target == base
    except ValueError:  # another drive on Windows
        outside = True
    if outside:
        raise OutputError(f"Đường dẫn {target} nằm ngoài thư mục kết quả {base}; không ghi.")
    return Path(target)


def _file_mode() -> int:
    # mkstemp creates 0600 files; an output file gets the mode any new file would (0644 with
    # the usual umask), so colleagues sharing the folder can read it. Read once, at import.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _explain(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _explain(exc, path) from exc


def edited_copy(target: Path) -> Path:
    """Where a clerk's edited file is kept when it is made again: ``x.ban-sua-1.docx``."""
    for n in range(1, 1000):
        candidate = target.with_name(f"{target.stem}.ban-sua-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise OutputError(f"Quá nhiều bản sửa của {target}")


def _explain(exc: OSError, path: Path) -> OutputError:
    # On Windows a document open in Word is locked: replacing it fails with a permission error.
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return OutputError(
            f"Không ghi được {path}: tệp đang mở trong Word (hoặc chương trình khác) hoặc không có quyền ghi.",
            hint="đóng tệp trong Word rồi chạy lại lệnh",
        )
    if exc.errno == errno.ENOSPC:
        return OutputError(f"Không ghi được {path}: ổ đĩa đã đầy.", hint="giải phóng dung lượng rồi chạy lại")
    return OutputError(f"Không ghi được {path}: {exc.strerror or exc}")
