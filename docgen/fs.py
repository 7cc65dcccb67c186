"""Files: atomic writes, temporary files, moving a person's file aside, OS errors in Vietnamese.

A file is written to a temporary name beside its target and renamed into place, so a run
killed at any moment leaves either the old complete file or the new complete file. Paths are
built from data only through ``slug`` and checked to stay inside the output root. Every
``OSError`` a user hears of is told by ``os_reason`` (the system's own text is English).

This is the only module that creates temporary files next to a target; it knows nothing of
documents, data or the register.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Final

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


def temp_beside(target: Path) -> Path:
    """A new, empty, hidden temporary file in ``target``'s folder (``.<name>.<random>.tmp``):
    renaming it onto ``target`` is atomic. A build removes such leftovers of a killed run."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise write_error(exc, target) from exc
    return Path(name)


def stage(target: Path, data: bytes) -> Path:
    """``data`` written and flushed to disk in a temporary file beside ``target``; the caller
    renames it into place (``os.replace``) or removes it."""
    temp = temp_beside(target)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp, _FILE_MODE)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise write_error(exc, target) from exc
    return temp


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise write_error(exc, path) from exc


def edited_copy(target: Path) -> Path:
    """Where a clerk's edited file is kept when it is made again: ``x.ban-sua-1.docx``."""
    for n in range(1, 1000):
        candidate = target.with_name(f"{target.stem}.ban-sua-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise OutputError(f"Quá nhiều bản sửa của {target}")


_REASONS: Final[dict[int, str]] = {
    errno.ENOENT: "không tìm thấy",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không có quyền truy cập",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "đã tồn tại",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EBUSY: "đang bị chương trình khác sử dụng",
    errno.EIO: "lỗi đọc ghi ổ đĩa",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.ENOEXEC: "không phải chương trình chạy được",
}


def os_reason(exc: OSError) -> str:
    """Why a file or folder could not be used, in Vietnamese (the system's own text is English)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    if isinstance(exc, PermissionError):
        return _REASONS[errno.EACCES]
    if isinstance(exc, FileNotFoundError):
        return _REASONS[errno.ENOENT]
    return f"lỗi hệ thống số {exc.errno}" if exc.errno else "lỗi hệ thống"


def write_error(exc: OSError, path: Path, what: str = "") -> OutputError:
    """A failed write told as a clerk needs it; ``what`` names the file's role ("bản sao lưu ")."""
    # On Windows a document open in Word is locked: replacing it fails with a permission error.
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        return OutputError(
            f"Không ghi được {what}{path}: tệp đang mở trong Word (hoặc chương trình khác) hoặc không có quyền ghi.",
            hint="đóng tệp trong Word rồi chạy lại lệnh",
        )
    if exc.errno == errno.ENOSPC:
        return OutputError(f"Không ghi được {what}{path}: ổ đĩa đã đầy.", hint="giải phóng dung lượng rồi chạy lại")
    return OutputError(f"Không ghi được {what}{path}: {os_reason(exc)}.")
