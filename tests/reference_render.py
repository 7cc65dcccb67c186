"""The reference renderer: plain docxtpl, one ``DocxTemplate`` per document.

Production renders through ``docgen.docx.renderer``; tests check that it writes the same
bytes as this path.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef, template_name
from docgen.docx import archive
from docgen.docx.env import environment
from docgen.docx.layout import fit_rules_xml
from docgen.docx.properties import jinja_errors, set_properties, template_errors
from docgen.docx.text import check_no_leftovers
from docgen.workspace import Workspace


def render_docx(template: Path, context: dict[str, Any], *, doc_id: str) -> bytes:
    """Render ``template`` with plain docxtpl (the reference path); raise ``RenderError`` /
    ``TemplateError`` naming the document, the template and what is wrong."""
    name = template.name
    if "consolidation" in context:
        # Plain docxtpl cannot draw docgen's charts (docgen.docx.images does): the reference
        # renders the consolidated report without them.
        context = {**context, "consolidation": {**context["consolidation"], "charts": []}}
    with template_errors(name):
        tpl = DocxTemplate(template)
        tpl.render_init()
    with template_errors(name), jinja_errors(doc_id, name):
        tpl.render(context, environment(), autoescape=True)
    document = tpl.docx
    assert document is not None
    fit_rules_xml(document.element.body, document.styles.element)
    set_properties(document.core_properties, context)
    buffer = io.BytesIO()
    document.save(buffer)
    data = archive.normalise(buffer.getvalue())
    check_no_leftovers(data, doc_id=doc_id, template=name)
    return data


def render_one(
    ws: Workspace, data: Dataset, ref: DocRef, *, number: int | None = None, issue_date: date | None = None
) -> bytes:
    context = build_context(data, ref, number=number, issue_date=issue_date)
    return render_docx(ws.templates_dir / template_name(data, ref), context, doc_id=ref.id)
