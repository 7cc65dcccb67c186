"""Producing documents: choose what to render, render it, write it.

``plan`` turns a selection (units, kinds, periods) into document references; ``render_one``
renders one; ``write_one`` writes one atomically under the output folder. No Click here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from docgen.context import DocRef, build_context, candidates_of, documents_for, file_stem, template_name
from docgen.errors import RenderError
from docgen.model import Dataset
from docgen.output import inside, write_atomic
from docgen.render import render_docx
from docgen.workspace import Workspace

KIND_LABELS = {
    "quyet-dinh": "quyết định phát động",
    "ke-hoach": "kế hoạch",
    "bao-cao": "báo cáo",
    "to-trinh": "tờ trình đề nghị khen thưởng",
    "bao-cao-thanh-tich": "báo cáo thành tích",
}


def resolve(data: Dataset, unit_id: str, kind: str, period: str | None = None, candidate: str | None = None) -> DocRef:
    """The one document a clerk asks for, or a clear reason why it does not exist."""
    unit = data.units.get(unit_id)
    if unit is None:
        close = difflib.get_close_matches(unit_id, list(data.units), n=1)
        raise RenderError(
            f'Không có đơn vị "{unit_id}"',
            hint=f'có phải "{close[0]}"?' if close else "xem danh sách bằng `docgen list units`",
        )
    possible = documents_for(data, unit, kinds=[kind])
    if not possible:
        if kind in ("to-trinh", "bao-cao-thanh-tich") and unit.produces and not candidates_of(data, unit.id):
            raise RenderError(
                f"{unit.short_name} không có tập thể, cá nhân nào đề nghị khen thưởng nên không lập "
                f"{KIND_LABELS[kind]}",
                hint="thêm đề nghị vào data/candidates.yaml nếu đơn vị có",
            )
        raise RenderError(f"{unit.short_name} không lập {KIND_LABELS.get(kind, kind)} trong phong trào này")
    if kind == "bao-cao":
        periods = [r.period for r in possible]
        if period is None:
            raise RenderError("Báo cáo cần chọn kỳ: --period", hint="các kỳ: " + ", ".join(str(p) for p in periods))
        if period not in periods:
            raise RenderError(f"Không có kỳ báo cáo {period!r}", hint="các kỳ: " + ", ".join(str(p) for p in periods))
        return DocRef(unit_id, kind, period)
    if kind == "bao-cao-thanh-tich":
        ids = [str(r.candidate) for r in possible]
        if candidate not in ids:
            what = "cần chọn --candidate" if candidate is None else f"không có ứng viên {candidate!r}"
            raise RenderError(f"Báo cáo thành tích: {what}", hint="các ứng viên: " + ", ".join(ids))
        return DocRef(unit_id, kind, None, candidate)
    return possible[0]


def plan(
    data: Dataset,
    *,
    units: Iterable[str] = (),
    kinds: Iterable[str] = (),
    unit_kinds: Iterable[str] = (),
    periods: Iterable[str] = (),
    communes: bool = False,
) -> list[DocRef]:
    """Every document of the selection, in a stable order (data order of units)."""
    chosen_units, chosen_kinds = set(units), set(unit_kinds)
    refs: list[DocRef] = []
    for unit in data.units.values():
        if chosen_units and unit.id not in chosen_units:
            continue
        if chosen_kinds and unit.kind not in chosen_kinds:
            continue
        if unit.kind == "commune" and not (communes or unit.id in chosen_units or "commune" in chosen_kinds):
            continue
        refs.extend(documents_for(data, unit, kinds=kinds, periods=periods))
    return refs


def render_one(ws: Workspace, data: Dataset, ref: DocRef, *, number: int | None = None,
               issue_date: date | None = None) -> bytes:
    context = build_context(data, ref, number=number, issue_date=issue_date)
    return render_docx(ws.templates_dir / template_name(data, ref), context, doc_id=ref.id)


def output_path(out_dir: Path, data: Dataset, ref: DocRef) -> Path:
    """``out/<unit-id>/<readable slug>.docx``, guaranteed inside ``out_dir``."""
    return inside(out_dir, ref.unit, f"{file_stem(data, ref)}.docx")


def write_one(ws: Workspace, data: Dataset, ref: DocRef, target: Path | None = None, *,
              number: int | None = None, issue_date: date | None = None) -> Path:
    """Render and write one document atomically; returns where it went."""
    content = render_one(ws, data, ref, number=number, issue_date=issue_date)
    path = target if target is not None else output_path(ws.out_dir, data, ref)
    write_atomic(path, content)
    return path
