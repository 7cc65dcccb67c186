"""Pydantic's validation errors, told to a clerk in Vietnamese with a hint.

``fields_at`` walks the model classes to know which keys are allowed at a place in a file,
so that an unknown key gets a "did you mean" from the real field names.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from docgen.yamlfile import PathKey

_DATE_HINT = 'ghi ngày dạng YYYY-MM-DD (2023-07-15), hoặc "YYYY-MM" nếu chỉ biết tháng'
_ID_HINT = "chỉ dùng chữ thường không dấu, số và dấu '-', ví dụ huyen-huong-khe"


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
    found = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def describe_error(errors: list[dict[str, Any]], allowed: list[str]) -> tuple[str, str | None]:
    """One message and hint for all pydantic errors at one place (union branches included)."""
    types_ = [str(e["type"]) for e in errors]
    first = errors[0]
    kind = types_[0]
    value = first.get("input")
    ctx = first.get("ctx") or {}
    loc = first.get("loc") or ()
    name = str(loc[-1]) if loc else ""
    if any(t.startswith("date") for t in types_) or "dataclass_type" in types_:
        return f"ngày không hợp lệ: {value!r}", _DATE_HINT
    if kind == "missing":
        return f"thiếu trường bắt buộc '{name}'", f"thêm dòng `{name}: …`"
    if kind == "extra_forbidden":
        close = _closest(name, allowed)
        hint = f'có phải "{close}"?' if close else ("các trường được phép: " + ", ".join(allowed) if allowed else None)
        return f"trường '{name}' không có trong mẫu dữ liệu", hint
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
        close = _closest(value, choices)
        return f"giá trị {value!r} không hợp lệ", (f'có phải "{close}"?' if close else f"chọn một trong: {expected}")
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^[a-z0-9]"):
            return f"mã {value!r} không hợp lệ", _ID_HINT
        if "\\r\\n" in pattern:
            return "giá trị phải nằm trên một dòng", "bỏ dấu xuống dòng"
        return f"giá trị {value!r} không đúng định dạng", f"định dạng: {pattern}"
    if kind == "string_too_short":
        return "không được để trống", "điền giá trị hoặc xóa cả dòng nếu trường không bắt buộc"
    if kind == "string_too_long":
        return f"quá dài (tối đa {ctx.get('max_length')} ký tự)", None
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục", None
    if kind == "too_long":
        return f"nhiều nhất {ctx.get('max_length')} mục", None
    if kind in ("string_type",):
        return f"cần một chuỗi chữ, nhận được {value!r}", "đặt giá trị trong dấu ngoặc kép nếu cần"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"cần một số nguyên, nhận được {value!r}", None
    if kind in (
        "float_type",
        "float_parsing",
        "decimal_type",
        "decimal_parsing",
        "decimal_max_digits",
        "decimal_max_places",
        "finite_number",
    ):
        return f"cần một số, nhận được {value!r}", "dùng dấu chấm cho phần thập phân trong tệp YAML: 1.5"
    if kind in ("bool_type", "bool_parsing"):
        return f"cần true hoặc false, nhận được {value!r}", None
    if kind == "list_type":
        return "cần một danh sách", "mỗi mục bắt đầu bằng '- ' trên một dòng"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "cần một bảng khóa: giá trị", "mỗi trường viết `khóa: giá trị` trên một dòng"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than": "lớn hơn",
            "greater_than_equal": "từ",
            "less_than": "nhỏ hơn",
            "less_than_equal": "không quá",
        }
        return f"giá trị {value!r} phải {words[kind]} {bound}", None
    if kind == "value_error":
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        return message, None
    return f"giá trị {value!r} không hợp lệ ({first.get('msg')})", None
