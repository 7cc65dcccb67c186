"""Template + context → the bytes of one finished .docx.

docxtpl fills the Word template inside the sandboxed environment; the rules under the header
lines are then sized for this unit's names (``docxlayout``), document properties are set from
the data (never the clock, so output is reproducible), and the result is refused if any
template tag or ``None`` survived into the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from docgen.docxlayout import fit_rules
from docgen.env import environment
from docgen.errors import RenderError, TemplateError
from docgen.vn import MonthDate

_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\bNone\b|\bUndefined\b")
FIXED_TIME = datetime(2000, 1, 1)


def render_docx(template: Path, context: dict[str, Any], *, doc_id: str) -> bytes:
    """Render ``template`` with ``context``; raise ``RenderError``/``TemplateError`` naming
    the document, the template and what is wrong."""
    name = template.name
    try:
        tpl = DocxTemplate(template)
        tpl.render(context, environment(), autoescape=True)
    except FileNotFoundError:
        raise TemplateError(f"Không tìm thấy mẫu {template}", hint="kiểm tra thư mục templates/docx/") from None
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        if isinstance(exc, ValueError) and not isinstance(exc, zipfile.BadZipFile):
            raise RenderError(f"{doc_id}: mẫu {name}: {exc}") from None
        raise TemplateError(f"Mẫu {name} không phải tệp Word (.docx) hợp lệ: {exc}") from None
    except jinja2.UndefinedError as exc:
        raise RenderError(
            f"{doc_id}: mẫu {name} dùng giá trị không có trong dữ liệu: {_undefined_name(exc)}",
            hint="sửa tên biến trong mẫu (xem docs/bien-mau.md) hoặc bổ sung dữ liệu",
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"Mẫu {name} dùng thao tác không được phép: {exc}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Mẫu {name} có lỗi cú pháp: {exc.message}",
            hint="kiểm tra các cặp {{ }} và {% %} trong mẫu",
        ) from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"{doc_id}: mẫu {name}: {exc}") from None
    document = tpl.docx
    assert document is not None
    fit_rules(document)
    _set_properties(document, context)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    check_no_leftovers(data, doc_id=doc_id, template=name)
    return data


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    message = str(exc.message or exc)
    found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
    return next((g for g in found.groups() if g), message) if found else message


def _set_properties(document: Any, context: dict[str, Any]) -> None:
    doc = context.get("doc", {})
    unit = context.get("unit", {})
    props = document.core_properties
    props.title = f"{doc.get('type_name', '')} {doc.get('summary', '')}".strip()[:250]
    props.author = str(unit.get("name", ""))
    props.last_modified_by = str(unit.get("name", ""))
    props.subject = str(doc.get("summary", ""))[:250]
    props.language = "vi-VN"
    props.keywords = str(doc.get("id", ""))
    props.comments = ""
    props.revision = 1
    when = doc.get("date")
    # The document's own date, not the clock: the same data gives the same bytes.
    if isinstance(when, date):
        stamp = datetime(when.year, when.month, when.day)
    elif isinstance(when, MonthDate):
        stamp = datetime(when.year, when.month, 1)
    else:
        stamp = FIXED_TIME
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


def document_text(data: bytes) -> str:
    """All visible text of a .docx (body, headers, footers), one paragraph a line."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for item in sorted(archive.namelist()):
            if item.startswith("word/") and item.endswith(".xml") and (
                item == "word/document.xml" or "/header" in item or "/footer" in item
            ):
                xml = archive.read(item).decode("utf-8")
                for paragraph in xml.split("</w:p>"):
                    parts.append("".join(_TEXT.findall(paragraph)))
    return "\n".join(parts)


def check_no_leftovers(data: bytes, *, doc_id: str, template: str) -> None:
    text = document_text(data)
    found = _LEFTOVER.search(text)
    if found:
        start = max(0, found.start() - 30)
        raise RenderError(
            f"{doc_id}: văn bản tạo từ mẫu {template} còn sót {found.group()!r}: …{text[start : found.end() + 30]}…",
            hint="một thẻ {{ }} hoặc {% %} trong mẫu bị Word tách rời hoặc thiếu dữ liệu",
        )
