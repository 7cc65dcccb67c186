"""Vietnamese for Click's own words (usage line, option errors, help headings, metavars).

Click looks its messages up through ``gettext`` bound at import time in each of its modules;
pointing those names at this table makes every message a clerk sees Vietnamese without
shipping a compiled catalogue. The few words Click does not pass through ``gettext`` (the
``[OPTIONS]`` of the usage line, metavars such as ``TEXT`` or ``INTEGER RANGE``, the
``1<=x<=64`` of a range, the ``%Y-%m-%d`` of a date) are replaced by small patches below, and
an argument named in a command's help (``DIRECTORY``) is written with its Vietnamese metavar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

from docgen import vn

VI: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: '{command} {option}'.",
    "Aborted!": "Đã hủy.",
    "Missing argument": "Thiếu tham số",
    "Missing command.": "Thiếu lệnh.",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "argument": "tham số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "Did you mean {possibility}?": "Có phải {possibility}?",
    "(Possible options: {possibilities})": "(Có thể là: {possibilities})",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các tham số ({args})",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong: {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value} is not in the range {range}.": "{value} không hợp lệ: cần số {range}.",
    "{value!r} is not a valid UUID.": "{value!r} không phải mã UUID hợp lệ.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải giá trị đúng/sai. Dùng một trong: {states}"
    ),
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ nhận được 1.",
    "{len_type} values are required, but {len_value} was given.": (
        "Cần {len_type} giá trị nhưng nhận được {len_value}."
    ),
    "{len_type} values are required, but {len_value} were given.": (
        "Cần {len_type} giá trị nhưng nhận được {len_value}."
    ),
    "Could not open file {filename!r}: {message}": "Không mở được tệp '{filename}': {message}",
    # Path's kind ("Directory") is left out: the sentence says what was expected instead.
    "{name} {filename!r} does not exist.": "'{filename}' không tồn tại.",
    "{name} {filename!r} is a directory.": "'{filename}' là một thư mục, cần một tệp.",
    "{name} {filename!r} is a file.": "'{filename}' là một tệp, cần một thư mục.",
    "{name} {filename!r} is not readable.": "Không có quyền đọc '{filename}'.",
    "{name} {filename!r} is not writable.": "Không có quyền ghi vào '{filename}'.",
    "{name} {filename!r} is not executable.": "'{filename}' không phải chương trình chạy được.",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không giống nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục…",
    "(dynamic)": "(tự động)",
    "deprecated": "sắp bỏ",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: lệnh {name!r} sắp bị bỏ.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.": "Cảnh báo: {param_type} {name!r} sắp bị bỏ.",
    "unknown error": "lỗi không rõ",
    "File": "Tệp",
    "Directory": "Thư mục",
    "Path": "Đường dẫn",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
}


# Metavars: what stands for a value in the help ("--unit CHỮ", "init THƯ_MỤC").
TYPE_METAVARS: dict[str, str] = {
    "text": "CHỮ",
    "integer": "SỐ",
    "integer range": "SỐ",
    "float": "SỐ",
    "float range": "SỐ",
    "boolean": "CÓ_KHÔNG",
    "uuid": "MÃ",
    "directory": "THƯ_MỤC",
    "file": "TỆP",
    "filename": "TỆP",
    "path": "ĐƯỜNG_DẪN",
    "datetime": "NGÀY",
}
# An argument is named after what it is rather than its type (``void NUMBER`` takes text).
ARGUMENT_METAVARS: dict[str, str] = {
    "directory": "THƯ_MỤC",
    "folder": "THƯ_MỤC",
    "file": "TỆP",
    "filename": "TỆP",
    "output": "TỆP",
    "path": "ĐƯỜNG_DẪN",
    "number": "SỐ",
    "kind": "LOẠI",
    "unit": "ĐƠN_VỊ",
    "period": "KỲ",
    "name": "TÊN",
    "value": "GIÁ_TRỊ",
}
USAGE: dict[str, str] = {
    "[OPTIONS]": "[TÙY_CHỌN]",
    "COMMAND [ARGS]...": "LỆNH [THAM_SỐ]...",
    "COMMAND1 [ARGS]... [COMMAND2 [ARGS]...]...": "LỆNH_1 [THAM_SỐ]... [LỆNH_2 [THAM_SỐ]...]...",
}


def _gettext(message: str) -> str:
    return VI.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def _type_metavar(param_type: Any) -> str:
    return TYPE_METAVARS.get(param_type.name, "GIÁ_TRỊ")


def argument_metavar(param: click.Parameter) -> str:
    """The bare Vietnamese name of an argument (``directory`` → ``THƯ_MỤC``)."""
    if param.metavar is not None:
        return param.metavar
    return ARGUMENT_METAVARS.get(param.name or "") or _type_metavar(param.type)


def _get_metavar(self: Any, param: click.Parameter, ctx: click.Context) -> str | None:
    if isinstance(param, click.Argument):
        return argument_metavar(param)
    return _type_metavar(self)


def _date_metavar(self: click.DateTime, param: click.Parameter, ctx: click.Context) -> str:
    return "NGÀY"


def _shown_number(value: float) -> str:
    whole = value == int(value)
    return str(int(value)) if whole and abs(value) < 10_000 else vn.number(value, 0 if whole else 2)


def _describe_range(self: Any) -> str:
    """``1<=x<=64`` → ``từ 1 đến 64``; ``x>=1`` → ``từ 1 trở lên``."""
    low = None if self.min is None else _shown_number(self.min)
    high = None if self.max is None else _shown_number(self.max)
    lower = f"lớn hơn {low}" if self.min_open else f"từ {low}"
    if high is None:
        return lower if self.min_open else f"{lower} trở lên"
    upper = f"nhỏ hơn {high}" if self.max_open else f"không quá {high}"
    if low is None:
        return upper
    if not self.min_open and not self.max_open:
        return f"từ {low} đến {high}"
    return f"{lower} và {upper}"


def _localised_help(command: click.Command, text: str | None) -> str | None:
    """A command's help with its arguments' English names (``DIRECTORY``) in Vietnamese."""
    if not text:
        return text
    for param in command.params:
        if isinstance(param, click.Argument) and param.metavar is None and param.name:
            text = re.sub(rf"\b{re.escape(param.name.upper())}\b", argument_metavar(param), text)
    return text


def _with_localised_help(method: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(self: click.Command, *args: Any, **kwargs: Any) -> Any:
        saved_help, saved_short = self.help, self.short_help
        self.help = _localised_help(self, saved_help)
        self.short_help = _localised_help(self, saved_short)
        try:
            return method(self, *args, **kwargs)
        finally:
            self.help, self.short_help = saved_help, saved_short

    wrapper.__doc__ = method.__doc__
    wrapper._docgen_vi = True  # type: ignore[attr-defined]
    return wrapper


def _format_usage(self: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    pieces = [USAGE.get(piece, piece) for piece in self.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces))


def _argument_name(self: click.Argument) -> str:
    return argument_metavar(self)


def _argument_hint(self: click.Argument, ctx: click.Context | None) -> str:
    # Click names an argument by its metavar, which for a choice is the whole {a|b|…} list.
    return f"'{argument_metavar(self)}'"


def _date_examples(formats: Any) -> str:
    sample = datetime(2023, 7, 15, 8, 30)
    return " hoặc ".join(dict.fromkeys(sample.strftime(f) for f in formats))


def _date_convert(original: Callable[..., Any]) -> Callable[..., Any]:
    def convert(self: click.DateTime, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return original(self, value, param, ctx)
        except click.BadParameter:
            self.fail(f"'{value}' không phải ngày hợp lệ; viết như {_date_examples(self.formats)}.", param, ctx)

    convert._docgen_vi = True  # type: ignore[attr-defined]
    return convert


def install() -> None:
    """Point Click's message lookups at the Vietnamese table and patch its English words (idempotent)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    click.Context.formatter_class = click.HelpFormatter
    click.types.ParamType.get_metavar = _get_metavar  # type: ignore[method-assign]
    click.types.DateTime.get_metavar = _date_metavar  # type: ignore[method-assign]
    click.types._NumberRangeBase._describe_range = _describe_range  # type: ignore[method-assign]
    click.core.Argument.human_readable_name = property(_argument_name)  # type: ignore[assignment,method-assign]
    click.core.Argument.get_error_hint = _argument_hint  # type: ignore[method-assign]
    click.core.Command.format_usage = _format_usage  # type: ignore[method-assign]
    for name in ("format_help_text", "get_short_help_str"):
        method = getattr(click.core.Command, name)
        if not getattr(method, "_docgen_vi", False):
            setattr(click.core.Command, name, _with_localised_help(method))
    if not getattr(click.types.DateTime.convert, "_docgen_vi", False):
        click.types.DateTime.convert = _date_convert(click.types.DateTime.convert)  # type: ignore[method-assign]
