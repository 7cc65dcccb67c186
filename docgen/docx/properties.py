"""Template errors told in Vietnamese, and document properties set from the data."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE
from lxml import etree

from docgen import vn
from docgen.docx.text import check_no_leftovers, document_text, xml_text  # noqa: F401  (re-exported)
from docgen.errors import RenderError, TemplateError
from docgen.fs import os_reason
from docgen.vn import MonthDate

FIXED_TIME = datetime(2000, 1, 1)


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    """Errors of opening or compiling a template, told in terms of the template file."""
    try:
        yield
    except FileNotFoundError:
        raise TemplateError(f"Không tìm thấy mẫu {name}", hint="kiểm tra thư mục templates/docx/") from None
    except IsADirectoryError:
        raise TemplateError(
            f"Mẫu {name} là một thư mục, không phải tệp Word", hint="đặt tệp .docx của mẫu vào templates/docx/"
        ) from None
    except OSError as exc:  # no permission, open in Word (locked on Windows), a device…
        raise TemplateError(
            f"Không mở được mẫu {name}: {os_reason(exc)}", hint="đóng mẫu trong Word hoặc kiểm tra quyền đọc tệp"
        ) from None
    except (zipfile.BadZipFile, KeyError):
        raise TemplateError(
            f"Mẫu {name} không phải tệp Word (.docx) hợp lệ",
            hint="mở tệp trong Word hoặc LibreOffice rồi lưu thành «Word Document (.docx)»",
        ) from None
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"Mẫu {name} có phần XML hỏng (dòng {exc.lineno}, cột {exc.offset}), Word không đọc được",
            hint="mở mẫu trong Word hoặc LibreOffice rồi lưu lại dưới dạng .docx; hoặc lấy lại bản mẫu trước đó",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Mẫu {name} có lỗi cú pháp: {exc.message}",
            hint="kiểm tra các cặp {{ }} và {% %} trong mẫu",
        ) from None


@contextmanager
def jinja_errors(doc_id: str, name: str) -> Iterator[None]:
    """Errors of running a template for one document, naming the document and the value."""
    try:
        yield
    except jinja2.UndefinedError as exc:
        raise RenderError(
            f"{doc_id}: mẫu {name} dùng giá trị không có trong dữ liệu: {_undefined_name(exc)}",
            hint="sửa tên biến trong mẫu (xem docs/bien-mau.md) hoặc bổ sung dữ liệu",
        ) from None
    except SecurityError as exc:
        raise TemplateError(f"Mẫu {name} dùng thao tác không được phép: {exc}") from None
    except OverflowError:
        # The sandbox refuses range() over MAX_RANGE items; nothing else in a template overflows.
        raise TemplateError(
            f"Mẫu {name} dùng range() quá lớn: tối đa {vn.number(MAX_RANGE)} phần tử",
            hint="lặp trên danh sách trong dữ liệu thay vì range() với số lớn",
        ) from None

    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Mẫu {name} có lỗi cú pháp: {exc.message}") from None
    except (jinja2.TemplateError, ValueError, TypeError) as exc:
        # ValueError: a vn filter refused a value (e.g. short_date of a month-only date)
        raise RenderError(f"{doc_id}: mẫu {name}: {exc}") from None


@contextmanager
def rendered_xml_errors(doc_id: str, name: str) -> Iterator[None]:
    """A template whose output is not well-formed XML (a tag that cuts across Word's own)."""
    try:
        yield
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"{doc_id}: mẫu {name} tạo ra XML hỏng (dòng {exc.lineno}, cột {exc.offset}), Word không mở được",
            hint="một thẻ {% %} trong mẫu cắt ngang định dạng của Word: đặt thẻ đó trong một đoạn riêng",
        ) from None


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    message = str(exc.message or exc)
    found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
    return next((g for g in found.groups() if g), message) if found else message


def set_properties(props: Any, context: dict[str, Any]) -> None:
    """Document properties from the data, never from the clock (reproducible output)."""
    doc = context.get("doc", {})
    unit = context.get("unit", {})
    props.title = f"{doc.get('type_name', '')} {doc.get('summary', '')}".strip()[:250]
    props.author = str(unit.get("name", ""))
    props.last_modified_by = str(unit.get("name", ""))
    props.subject = str(doc.get("summary", ""))[:250]
    props.language = "vi-VN"
    props.keywords = str(doc.get("id", ""))
    props.comments = ""
    props.revision = 1
    when = doc.get("date")
    if isinstance(when, date):
        stamp = datetime(when.year, when.month, when.day)
    elif isinstance(when, MonthDate):
        stamp = datetime(when.year, when.month, 1)
    else:
        stamp = FIXED_TIME
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
