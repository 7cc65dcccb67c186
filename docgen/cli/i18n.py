"""Vietnamese for Click's own words (usage line, option errors, help headings, value names).

Click looks its messages up through ``gettext`` names bound at import time in each of its
modules. :func:`vietnamese` points those names at :data:`VI` for the duration of one docgen
invocation and puts Click's back afterwards, also on error: importing docgen changes nothing,
and an unrelated Click command in the same process stays English (while docgen runs, a Click
command in another thread of the same process would read Vietnamese too).

The few words Click does not pass through ``gettext`` are written by subclasses of its
classes that docgen's commands use: :class:`DocgenCommand` and :class:`DocgenGroup` (the
``[OPTIONS]`` and ``COMMAND [ARGS]...`` of the usage line), :class:`Date` (the ``%Y-%m-%d``
of a date) and :class:`IntRange` (the ``1<=x<=64`` of a range). Every option and argument
names its value itself (``--unit MÃ_ĐƠN_VỊ``), see ``docgen.cli.options``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from types import ModuleType
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
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
    "(Did you mean one of: {possibilities}?)": "(Có phải một trong: {possibilities}?)",
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

OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."
# The modules whose ``_``/``ngettext`` Click's messages go through.
MODULES: tuple[ModuleType, ...] = (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.termui,
    click.types,
)
_depth = 0  # nesting of vietnamese(): only the outermost one patches and restores


def _gettext(message: str) -> str:
    return VI.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextlib.contextmanager
def vietnamese() -> Iterator[None]:
    """Click speaks Vietnamese inside the block, and exactly as before after it (nestable)."""
    global _depth
    saved: list[tuple[ModuleType, str, object]] = []
    ours: tuple[tuple[str, object], ...] = (("_", _gettext), ("ngettext", _ngettext))
    if _depth == 0:
        for module in MODULES:
            for name, value in ours:
                if name in vars(module):
                    saved.append((module, name, vars(module)[name]))
                    setattr(module, name, value)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        for module, name, value in reversed(saved):
            setattr(module, name, value)


class DocgenCommand(click.Command):
    """A command whose usage line reads ``[TÙY_CHỌN]``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class DocgenGroup(click.Group):
    """A group whose usage line reads ``[TÙY_CHỌN] LỆNH [THAM_SỐ]...``; its commands and
    subgroups are docgen's classes too."""

    command_class = DocgenCommand
    group_class = type  # a subgroup is of the same class as its parent

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)


def _shown_number(value: float) -> str:
    whole = value == int(value)
    return str(int(value)) if whole and abs(value) < 10_000 else vn.number(value, 0 if whole else 2)


class IntRange(click.IntRange):
    """A whole number in a range, described ``từ 1 đến 64`` instead of ``1<=x<=64``."""

    def _describe_range(self) -> str:
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


class Date(click.DateTime):
    """A date written in one of ``formats``; a wrong one is told with examples, not ``%Y-%m-%d``."""

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "NGÀY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            sample = datetime(2023, 7, 15, 8, 30)
            examples = " hoặc ".join(dict.fromkeys(sample.strftime(f) for f in self.formats))
            self.fail(f"'{value}' không phải ngày hợp lệ; viết như {examples}.", param, ctx)
