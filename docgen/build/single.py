"""One document rendered and written on a clerk's request (``docgen render``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.build.entries import _entry, _number_fields, inputs_hash, output_path
from docgen.build.execute import _prepared
from docgen.build.manifest import (
    journal_append,
    sha256_file,
)
from docgen.data.model import Dataset
from docgen.documents.plan import DocRef, template_name
from docgen.errors import ContentChanged
from docgen.fs import write_atomic
from docgen.register.issuing import IssueOptions, Numbering, check_unchanged
from docgen.register.records import Record, Register
from docgen.workspace import Workspace


@dataclass
class Written:
    """Where ``write_one`` wrote a document, and its register record if it carries a number."""

    path: Path
    record: Record | None = None
    new_number: bool = False
    voided: Record | None = None


def write_one(
    ws: Workspace,
    data: Dataset,
    ref: DocRef,
    target: Path | None = None,
    *,
    register: Register | None = None,
    options: IssueOptions | None = None,
) -> Written:
    """Render and write one document atomically.

    With a ``register`` an issued document is written with its number (and refused if its
    content changed, unless ``options.reissue``); with ``options.issue`` an unnumbered one gets
    its number. Uses the same renderer as ``run_build``, so both write the same bytes.
    """
    options = options or IssueOptions()
    numbering = Numbering(data, register, options)
    path = target if target is not None else output_path(ws.out_dir, data, ref)
    template = ws.templates_dir / template_name(data, ref)

    def render(context: dict[str, Any]) -> bytes:
        content: bytes = _prepared(template).render(context, doc_id=ref.id)
        return content

    record = numbering.existing(ref)
    if record is not None:
        context = numbering.context(ref, record)
        content = render(context)
        try:
            check_unchanged(record, content)
            write_atomic(path, content)
            written = Written(path, record)
        except ContentChanged:
            if not (options.reissue and register is not None):
                raise
            issued = numbering.issue(ref, path, render, replace=record)
            context = issued.context
            written = Written(path, issued.record, issued.new, issued.voided)
    elif numbering.wants_new(ref):
        issued = numbering.issue(ref, path, render)
        context = issued.context
        written = Written(path, issued.record, issued.new)
    else:
        context = numbering.context(ref, None)
        write_atomic(path, render(context))
        written = Written(path)
    if target is None:
        _journal_single(ws, data, ref, template, context, path)
    return written


def _journal_single(
    ws: Workspace, data: Dataset, ref: DocRef, template: Path, context: dict[str, Any], path: Path
) -> None:
    """Tell the next build that this file in out/ is docgen's own, not a clerk's edit."""
    out_dir = Path(os.path.abspath(ws.out_dir))
    digest = sha256_file(template) or "missing"
    rel = path.relative_to(out_dir).as_posix()
    entry = _entry(
        ref, data.units[ref.unit].name, context["doc"]["summary"], rel, "built", None, inputs_hash(context, digest)
    )
    _number_fields(entry, context)
    entry.sha256 = sha256_file(path)
    entry.bytes = path.stat().st_size
    journal_append(out_dir, entry)
