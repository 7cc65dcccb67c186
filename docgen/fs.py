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
import stat
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


_IO_REPARSE_TAG_MOUNT_POINT: Final = 0xA0000003  # a junction; ``stat`` names it on Windows only


def _is_link(path: str) -> bool:
    """A symbolic link, or on Windows a junction (a folder link any user can make)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return True
    return bool(getattr(info, "st_reparse_tag", 0) == _IO_REPARSE_TAG_MOUNT_POINT)


def link_within(root: Path, path: Path) -> Path | None:
    """The first folder or file of ``path`` below ``root`` that is a link (``None``: none is).

    ``root`` itself may be a link (the user chose it); below it docgen follows none, so that
    nothing outside the output folder is read, written or deleted through a link planted in
    it. One ``lstat`` per part of the path below ``root``; a path outside ``root`` is its own
    answer."""
    base = os.path.abspath(root)
    target = os.path.abspath(path)
    try:
        relative = os.path.relpath(target, base)
    except ValueError:  # another drive on Windows
        return Path(target)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return Path(target)
    current = base
    for part in Path(relative).parts:
        if part == os.curdir:
            continue
        current = os.path.join(current, part)
        if _is_link(current):
            return Path(current)
    return None


def link_refused(link: Path, root: Path) -> OutputError:
    """The message for a link found in the output folder: it names the link and its target."""
    try:
        where = f" tới {os.readlink(link)}"
    except OSError:
        where = ""
    return OutputError(
        f"{link} là liên kết (symlink){where}; docgen không đọc, ghi hay xóa gì qua liên kết, "
        f"để không đụng tới tệp nằm ngoài thư mục kết quả {root}.",
        hint="xóa liên kết (hoặc thay bằng thư mục, tệp thật) rồi chạy lại lệnh",
    )


def check_no_link(root: Path, path: Path) -> None:
    """Raise ``OutputError`` (naming the link) if ``path`` goes through a link below ``root``."""
    link = link_within(root, path)
    if link is not None:
        raise link_refused(link, root)


def is_plain_file_inside(root: Path, path: Path) -> bool:
    """``path`` is a regular file below ``root`` reached through no link: safe to read (for a
    pack) or to move and remove, without touching anything outside ``root``."""
    if link_within(root, path) is not None:
        return False
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


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
    except BaseException:  # Ctrl-C mid-write: no temporary left behind
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def write_atomic(path: Path, data: bytes, *, root: Path | None = None) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    With ``root`` (the output folder), a ``path`` reached through a link below ``root`` is
    refused (``OutputError`` naming the link) instead of written through it."""
    if root is not None:
        check_no_link(root, path)
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise write_error(exc, path) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def edited_copy(target: Path) -> Path:
    """Where a clerk's edited file is kept when it is made again: ``x.ban-sua-1.docx``."""
    return _aside(target, "ban-sua", "bản sửa")


def damaged_copy(target: Path) -> Path:
    """Where a damaged file (one that no longer opens) is kept when it is made again:
    ``x.hong-1.docx``. A name of its own, so that it is never taken for a clerk's edit."""
    return _aside(target, "hong", "bản hỏng")


def before_fix_copy(target: Path) -> Path:
    """Where a template is kept before ``template check --fix`` repairs it:
    ``x.truoc-sua-1.docx`` (the first such name not taken)."""
    return _aside(target, "truoc-sua", "bản trước khi sửa")


def before_import_copy(target: Path) -> Path:
    """Where a data file is kept before ``forms import`` replaces or edits it:
    ``x.truoc-nhap-1.yaml`` (the first such name not taken)."""
    return _aside(target, "truoc-nhap", "bản trước khi nhập")


def _aside(target: Path, tag: str, what: str) -> Path:
    for n in range(1, 1000):
        candidate = target.with_name(f"{target.stem}.{tag}-{n}{target.suffix}")
        if not os.path.lexists(candidate):  # a link planted there is taken too, never followed
            return candidate
    raise OutputError(f"Quá nhiều {what} của {target}")


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
