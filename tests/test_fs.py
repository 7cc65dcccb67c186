"""docgen.fs: the one home of atomic writes, temporary files and OS errors told in Vietnamese."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from docgen import fs
from docgen.errors import OutputError

REPO = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"Permission denied|No such file|No space left|Read-only|Errno|Invalid", re.I)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "không có quyền truy cập"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "không tìm thấy"),
        (OSError(errno.ENOSPC, "No space left on device"), "ổ đĩa đã đầy"),
        (OSError(errno.EROFS, "Read-only file system"), "chỉ cho phép đọc"),
        (OSError(errno.EXDEV, "Invalid cross-device link"), "lỗi hệ thống số"),
        (OSError("something odd"), "lỗi hệ thống"),
    ],
)
def test_os_errors_are_told_in_vietnamese(error: OSError, expected: str) -> None:
    reason = fs.os_reason(error)
    assert expected in reason
    assert not ENGLISH.search(reason)


def test_a_document_open_in_word_is_named_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ke-hoach.docx"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(fs.os, "replace", locked)
    with pytest.raises(OutputError) as caught:
        fs.write_atomic(target, b"new")
    assert "đang mở trong Word" in str(caught.value) and "đóng tệp" in str(caught.value)
    assert not ENGLISH.search(str(caught.value))
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ke-hoach.docx"]  # no temporary file left


def test_a_staged_file_is_complete_hidden_and_beside_its_target(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "bao-cao.docx"
    temp = fs.stage(target, b"content")
    assert temp.parent == target.parent and temp.name.startswith(".bao-cao.docx.") and temp.suffix == ".tmp"
    assert temp.read_bytes() == b"content" and not target.exists()
    os.replace(temp, target)
    assert target.read_bytes() == b"content"


def test_no_module_shows_the_systems_english_error_text() -> None:
    """``exc.strerror`` (English) never reaches a message; temporary files come from fs only."""
    offenders = [
        f"{path.relative_to(REPO)}:{n}"
        for path in (REPO / "docgen").rglob("*.py")
        if path.name != "fs.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "strerror" in line or "mkstemp" in line
    ]
    assert offenders == []
