"""``docgen template check --fix``: repairing a template's Word artefacts on disk.

The repair itself is ``docgen.docx.wordfix.repair`` (pure); this side reads the template, and
when something changes keeps the author's file as it was beside it
(``ke-hoach.truoc-sua-1.docx``, never over an earlier copy) before writing the repaired one
atomically. A template open in Word or LibreOffice (its lock file is beside it) is not touched:
the author's next save would overwrite the repair, or the repair their unsaved work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docgen.docx.wordfix import repair
from docgen.errors import OutputError, TemplateError
from docgen.fs import before_fix_copy, os_reason, write_atomic

__all__ = ["TemplateFix", "fix_template"]


@dataclass(frozen=True)
class TemplateFix:
    """What ``fix_template`` did to one template."""

    path: Path
    changes: tuple[str, ...]
    """One line per change, saying where (``đoạn 14 «…»: gộp 3 đoạn chữ (run) của thẻ …``)."""
    backup: Path | None
    """The template as it was before the repair; ``None`` when nothing changed."""


def fix_template(path: Path) -> TemplateFix:
    """Repair what can safely be repaired in the template at ``path``; keep a copy first.

    Raises ``TemplateError`` for a file that cannot be read as a Word document and
    ``OutputError`` when the template is open in an editor or cannot be written."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"Không đọc được mẫu {path}: {os_reason(exc)}.") from exc
    try:
        repaired, changes = repair(data)
    except TemplateError as exc:
        raise TemplateError(
            f"{path}: {exc.message}", hint="mở lại mẫu trong Word và lưu thành .docx (Word Document)"
        ) from exc
    if not changes:
        return TemplateFix(path, (), None)
    lock = _lock_file(path)
    if lock is not None:
        raise OutputError(
            f"Mẫu {path} đang mở trong Word hoặc LibreOffice (có tệp khoá {lock.name} bên cạnh): chưa sửa gì.",
            hint=f"lưu và đóng mẫu rồi chạy lại; nếu mẫu không mở ở đâu cả, xoá tệp khoá {lock.name}",
        )
    backup = before_fix_copy(path)
    write_atomic(backup, data)  # first: a failure here leaves the template as it was
    write_atomic(path, repaired)
    return TemplateFix(path, tuple(changes), backup)


def _lock_file(path: Path) -> Path | None:
    """The lock file Word (``~$`` over the name's first two characters, or before a short
    name) or LibreOffice (``.~lock.<name>#``) keeps beside a document it has open."""
    name = path.name
    for candidate in (f"~${name[2:]}", f"~${name[1:]}", f"~${name}", f".~lock.{name}#"):
        lock = path.with_name(candidate)
        if os.path.lexists(lock):
            return lock
    return None
