"""Pydantic's validation errors, told to a clerk in Vietnamese with a hint.

``fields_at`` walks the model classes to know which keys are allowed at a place in a file,
so that an unknown key gets a "did you mean" from the real field names.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from docgen import vn
from docgen.data.model import ID_PATTERN
from docgen.data.yamlfile import DATE_HINT, PathKey, explain_date
from docgen.errors import closest

_DATE_HINT = DATE_HINT
_ID_HINT = "chỉ dùng chữ thường không dấu, số và dấu '-', ví dụ huyen-huong-khe"
_BLANK_HINT = "điền giá trị sau dấu ':', hoặc xóa cả dòng nếu trường không bắt buộc"

# Every ``pattern=`` of docgen.model, told in words with an example (a clerk cannot read a
# regular expression). tests/test_messages_vi.py checks that none is missing.
PATTERNS: dict[str, tuple[str, str]] = {
    ID_PATTERN: ("mã {value} không hợp lệ", _ID_HINT),
    r"^[^\r\n]*$": ("giá trị phải nằm trên một dòng", "bỏ dấu xuống dòng, viết cả giá trị trên một dòng"),
    r"^\d{2,5}$": (
        "mã {value} không đúng dạng",
        'mã số gồm 2 đến 5 chữ số, đặt trong dấu ngoặc kép, ví dụ "42" hoặc "436"',
    ),
    r"^[A-ZĐ][A-ZĐ0-9]*(-[A-ZĐ0-9]+)*$": (
        "ký hiệu {value} không đúng dạng",
        "chữ in hoa không dấu (được dùng Đ) và số, có thể nối bằng dấu gạch ngang, ví dụ UBND, SLĐTBXH hoặc UBND-VP",
    ),
    r"^\d{4}(-[a-z0-9]+)?$": (
        "mã kỳ {value} không đúng dạng",
        "năm gồm 4 chữ số, có thể thêm dấu '-' và tên kỳ viết thường không dấu, ví dụ 2023 hoặc 2023-h1",
    ),
    r"^[A-Za-zĐđ]{1,5}$": (
        "chữ viết tắt {value} không đúng dạng",
        "từ 1 đến 5 chữ cái không dấu (được dùng Đ), không có dấu cách, ví dụ KH hoặc QĐ",
    ),
}

_NUMBER_KINDS = frozenset(
    {
        "float_type",
        "float_parsing",
        "decimal_type",
        "decimal_parsing",
        "decimal_max_digits",
        "decimal_max_places",
        "decimal_whole_digits",
        "finite_number",
    }
)
_BOUND_WORDS = {
    "greater_than": "lớn hơn",
    "greater_than_equal": "từ {bound} trở lên",
    "less_than": "nhỏ hơn",
    "less_than_equal": "không quá",
}


def shown(value: object, raw: str | None = None) -> str:
    """A value as the clerk wrote it (``raw``) or as YAML read it, never as Python prints it."""
    if raw is not None:
        return raw
    if value is None:
        return "(để trống)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return f'"{text}"'
    if isinstance(value, (int, float, Decimal)):
        return _bound(value)
    if isinstance(value, (date, vn.MonthDate)):
        return str(value)
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một bảng khóa: giá trị"
    return str(value)


def _choices(expected: str) -> list[str]:
    """pydantic's ``'individual' or 'collective'`` → ``["individual", "collective"]``."""
    quoted = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    if quoted:
        return quoted
    return [c.strip() for c in re.split(r",| or ", expected) if c.strip()]


def _bound(value: object) -> str:
    """A limit in Vietnamese number format (``1.000.000``, ``0,5``); a year stays ``2000``."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        whole = number == number.to_integral_value()
        if whole and abs(number) < 10_000:
            return str(int(number))
        return vn.number(number, 0 if whole else 2)
    return str(value)


def _not_text(value: object, raw: str | None, name: str) -> tuple[str, str]:
    """Text was expected but YAML read something else (``no`` → False, ``042`` → 42)."""
    written = raw if raw is not None else shown(value)
    what = (
        "giá trị đúng/sai"
        if isinstance(value, bool)
        else "một số"
        if isinstance(value, (int, float, Decimal))
        else "một ngày"
        if isinstance(value, date)
        else None
    )
    if what is None:
        return f"cần một dòng chữ, nhận được {shown(value, raw)}", "viết giá trị ngay sau dấu ':' trên cùng dòng"
    quoted = f'"{written}"'
    where = f"{name}: {quoted}" if name else quoted
    return (
        f"cần chữ, nhưng YAML đọc {written} thành {what}",
        f"đặt giá trị trong dấu ngoặc kép: {where}",
    )


def _strip(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _branches(tp: Any) -> list[Any]:
    tp = _strip(tp)
    if get_origin(tp) in (Union, types.UnionType):
        return [_strip(arg) for arg in get_args(tp)]
    return [tp]


def fields_at(model: type[BaseModel], path: PathKey) -> list[str]:
    """Names of the keys a mapping at ``path`` (below ``model``) may hold; [] if unknown."""
    current: list[Any] = [model]
    for part in path:
        following: list[Any] = []
        for tp in current:
            for branch in _branches(tp):
                origin = get_origin(branch)
                if isinstance(branch, type) and issubclass(branch, BaseModel) and isinstance(part, str):
                    field = branch.model_fields.get(part)
                    if field is not None:
                        following.append(field.annotation)
                elif origin is list and isinstance(part, int):
                    following.append(get_args(branch)[0])
                elif origin is dict and isinstance(part, str):
                    following.append(get_args(branch)[1])
        current = following
    names: list[str] = []
    for tp in current:
        for branch in _branches(tp):
            if isinstance(branch, type) and issubclass(branch, BaseModel):
                names.extend(branch.model_fields)
            if get_origin(branch) is dict:
                key_type = _strip(get_args(branch)[0])
                if get_origin(key_type) is Literal:
                    names.extend(str(a) for a in get_args(key_type))
    return names


def _closest(word: object, choices: typing.Iterable[str]) -> str | None:
    return closest(str(word), choices)


def describe_error(errors: list[dict[str, Any]], allowed: list[str], raw: str | None = None) -> tuple[str, str | None]:
    """One message and hint for all pydantic errors at one place (union branches included).

    ``raw`` is the value as written in the file when YAML did not read it as text.
    """
    types_ = [str(e["type"]) for e in errors]
    first = errors[0]
    kind = types_[0]
    value = first.get("input")
    ctx = first.get("ctx") or {}
    loc = first.get("loc") or ()
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    if value is None and "input" in first and kind != "value_error":
        return "trường đang để trống", _BLANK_HINT
    if any(t.startswith("date") for t in types_) or "dataclass_type" in types_ or "is_instance_of" in types_:
        reason = explain_date(value) if isinstance(value, str) else None
        if reason:
            return f"ngày {shown(value, raw)} không có thật: {reason}", _DATE_HINT
        return f"ngày không hợp lệ: {shown(value, raw)}", _DATE_HINT
    if kind == "missing":
        return f"thiếu trường bắt buộc '{name}'", f"thêm dòng `{name}: …`"
    if kind == "extra_forbidden":
        close = _closest(name, allowed)
        hint = f'có phải "{close}"?' if close else ("các trường được phép: " + ", ".join(allowed) if allowed else None)
        return f"trường '{name}' không có trong mẫu dữ liệu", hint
    if kind in ("literal_error", "enum"):
        choices = _choices(str(ctx.get("expected", "")))
        close = _closest(value, choices) if isinstance(value, str) else None
        return f"giá trị {shown(value, raw)} không hợp lệ", (
            f'có phải "{close}"?' if close else "chọn một trong: " + ", ".join(choices)
        )
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        message, hint = PATTERNS.get(pattern, ("giá trị {value} không đúng dạng quy định", ""))
        return message.replace("{value}", shown(value, raw)), hint or None
    if kind == "string_too_short":
        return "không được để trống", _BLANK_HINT
    if kind == "string_too_long":
        length = f"{vn.number(len(value))} ký tự, " if isinstance(value, str) else ""
        return f"quá dài ({length}tối đa {vn.number(ctx.get('max_length', 0))} ký tự)", "viết gọn lại"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục", None
    if kind == "too_long":
        return f"nhiều nhất {ctx.get('max_length')} mục", None
    if kind in ("string_type",):
        return _not_text(value, raw, name)
    if kind == "int_from_float":
        return f"cần một số nguyên (không có phần lẻ), nhận được {shown(value, raw)}", None
    if kind.startswith("int_"):
        return f"cần một số nguyên, nhận được {shown(value, raw)}", "chỉ ghi chữ số, ví dụ 2023"
    if kind in _NUMBER_KINDS:
        return f"cần một số, nhận được {shown(value, raw)}", "dùng dấu chấm cho phần thập phân trong tệp YAML: 1.5"
    if kind in ("bool_type", "bool_parsing"):
        return f"cần true hoặc false, nhận được {shown(value, raw)}", None
    if kind == "list_type":
        return "cần một danh sách", "mỗi mục bắt đầu bằng '- ' trên một dòng"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "cần một bảng khóa: giá trị", "mỗi trường viết `khóa: giá trị` trên một dòng"
    if kind in _BOUND_WORDS:
        bound = _bound(next(iter(ctx.values()), ""))
        words = _BOUND_WORDS[kind]
        words = words.replace("{bound}", bound) if "{bound}" in words else f"{words} {bound}"
        return f"giá trị {shown(value, raw)} phải {words}", None
    if kind == "value_error":
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        # vn's own checks prefix the function's name ("MonthDate: tháng phải …"): not for a clerk
        return re.sub(r"^[A-Za-z_][A-Za-z_.]*: ", "", message).rstrip("."), None
    return f"giá trị {shown(value, raw)} không hợp lệ", None
