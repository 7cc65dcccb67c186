"""Writing the forms of the units chosen: ``<folder>/<unit-id>.xlsx``, atomically, inside the
chosen folder only, and never over a file a person made or filled in (without ``force``; with
it, that file is kept beside as ``<unit-id>.ban-sua-N.xlsx``)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docgen.data.model import Dataset
from docgen.errors import OutputError
from docgen.forms.layout import form_of
from docgen.forms.workbook import is_unchanged_form, workbook_bytes
from docgen.fs import check_no_link, edited_copy, inside, is_plain_file_inside, os_reason, write_atomic

Status = Literal["written", "unchanged", "kept", "replaced"]


@dataclass(frozen=True)
class Exported:
    """One unit's form: where it is and what happened to it. ``kept``: a file a person made is
    there and was left alone; ``replaced``: it was set aside (``copy``) and the form written."""

    unit: str
    path: Path
    status: Status
    copy: Path | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "path": str(self.path),
            "status": self.status,
            "copy": str(self.copy) if self.copy else None,
        }


@dataclass
class ExportReport:
    out_dir: Path
    forms: list[Exported] = field(default_factory=list)

    @property
    def kept(self) -> list[Exported]:
        return [f for f in self.forms if f.status == "kept"]

    def to_json(self) -> dict[str, object]:
        return {
            "out_dir": str(self.out_dir),
            "written": sum(f.status in ("written", "replaced") for f in self.forms),
            "unchanged": sum(f.status == "unchanged" for f in self.forms),
            "kept": len(self.kept),
            "files": [f.to_json() for f in self.forms],
        }


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OutputError(f"Không đọc được {path}: {os_reason(exc)}.") from exc


def export_one(data: Dataset, unit_id: str, out_dir: Path, *, force: bool = False) -> Exported:
    """Write ``unit_id``'s form into ``out_dir``; what happened (see :class:`Exported`)."""
    target = inside(out_dir, f"{unit_id}.xlsx")
    check_no_link(out_dir, target)
    content = workbook_bytes(form_of(data, data.units[unit_id]))
    if not os.path.lexists(target):
        write_atomic(target, content, root=out_dir)
        return Exported(unit_id, target, "written")
    if not is_plain_file_inside(out_dir, target):
        raise OutputError(
            f"{target} không phải một tệp (có thể là thư mục); không ghi biểu mẫu vào đó.",
            hint="đổi tên hoặc chuyển thư mục đó đi, hoặc chọn thư mục khác bằng --out",
        )
    existing = _read(target)
    if existing == content:
        return Exported(unit_id, target, "unchanged")
    if is_unchanged_form(existing):  # docgen's own form of older data: nobody has touched it
        write_atomic(target, content, root=out_dir)
        return Exported(unit_id, target, "written")
    if not force:
        return Exported(unit_id, target, "kept")
    copy = edited_copy(target)
    write_atomic(copy, existing, root=out_dir)
    write_atomic(target, content, root=out_dir)
    return Exported(unit_id, target, "replaced", copy)


def export_forms(data: Dataset, unit_ids: Iterable[str], out_dir: Path, *, force: bool = False) -> ExportReport:
    """The forms of ``unit_ids`` (in that order) written into ``out_dir``."""
    root = Path(os.path.abspath(out_dir))
    report = ExportReport(root)
    for unit_id in unit_ids:
        report.forms.append(export_one(data, unit_id, root, force=force))
    return report
