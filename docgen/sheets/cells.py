"""A cell's raw value (what openpyxl read) as the type its column holds, or a problem.

Each reader takes the value, its :class:`~docgen.sheets.book.Place` and the list the problems of
the file are collected in; it returns ``None`` for an empty cell or a wrong one (the problem is
then in the list), so that every problem of a file is told at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Final

from docgen.errors import Problem
from docgen.sheets.book import Place
from docgen.vn.legacy import LEGACY_FONTS, LegacyText, find_legacy, legacy_words
from docgen.vn.numbers import vietnamese_digits

# Excel counts days from 1899-12-30 (its 1900 leap-year bug included); its last day is 9999-12-31.
EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
_LAST_SERIAL: Final = 2958465
_ERRORS: Final = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"})
_DAY_FIRST: Final = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_PLAIN: Final = re.compile(r"-?\d+(\.\d+)?")
# Excel shows and stores at most 15 significant digits: 95.69999999999999 is the 95.7 typed.
_SIGNIFICANT: Final = 15


def _shown(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"«{value}»" if isinstance(value, str) else str(value)


def _formula_error(value: object, place: Place, problems: list[Problem]) -> bool:
    if isinstance(value, str) and value.strip() in _ERRORS:
        problems.append(
            place.problem(
                f"ô có lỗi công thức {value.strip()}", "sửa công thức trong Excel hoặc nhập thẳng giá trị, rồi lưu lại"
            )
        )
        return True
    return False


def clean_text(value: str) -> str:
    """NFC, Windows line breaks (``\\r\\n``, ``_x000D_``) as ``\\n``, spaces trimmed at both ends
    and at the end of each line."""
    text = value.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object, place: Place, problems: list[Problem]) -> str | None:
    """A text cell: cleaned (:func:`clean_text`); a number typed in it as its digits (``2023``, not
    ``2023.0``); TCVN3 or VNI text refused with the text converted."""
    if is_blank(value) or _formula_error(value, place, problems):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(_decimal(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    cleaned = clean_text(str(value))
    found = _legacy(cleaned)
    if found is not None:
        name, font, source = LEGACY_FONTS[found.encoding]
        problems.append(
            place.problem(
                f"có chữ gõ bằng mã cũ {name} (phông {font}): {legacy_words(found)}; "
                f"giá trị đúng là «{found.converted}»",
                f"chép giá trị đúng vào ô, hoặc chuyển mã bằng Unikey (Công cụ chuyển mã, nguồn {source}, "
                "đích Unicode) rồi lưu lại",
            )
        )
        return None
    return cleaned


@functools.lru_cache(maxsize=4096)  # a form repeats its texts: workplaces, «Kinh», «Không», «Chuyên viên»
def _legacy(cleaned: str) -> LegacyText | None:
    return find_legacy(cleaned)


def _decimal(value: float) -> Decimal:
    """A float cell as the decimal Excel shows (15 significant digits), ``12.0`` → ``12``."""
    number = Decimal(format(value, f".{_SIGNIFICANT}g"))
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def plain(value: Decimal) -> int | float:
    """A figure as the data file writes it: ``12`` when whole (never ``12.0``), else a float
    (the figure typed, once its decimals are checked)."""
    return int(value) if value == value.to_integral_value() else float(value)


def number(
    value: object, place: Place, problems: list[Problem], *, decimals: int | None = None, negative: bool = False
) -> Decimal | None:
    """A figure: a number cell, or text holding one — ``" 12 "``, ``"1525"``, and the Vietnamese
    ``"1.525"`` (1525), ``"1.525.000"``, ``"1,5"`` (1.5), ``"95,7"``. ``decimals``: at most that
    many places (0: a whole number). Negative figures are refused unless ``negative``."""
    if is_blank(value) or _formula_error(value, place, problems):
        return None
    found: Decimal | None = None
    if isinstance(value, bool):
        found = None
    elif isinstance(value, int):
        found = Decimal(value)
    elif isinstance(value, float):
        found = _decimal(value) if math.isfinite(value) else None
    elif isinstance(value, str):
        written = value.strip()
        digits = vietnamese_digits(written)
        if digits is None:
            plain = written.replace("\u00a0", "").replace(" ", "")
            digits = plain if _PLAIN.fullmatch(plain) else None
        if digits is not None:
            try:
                found = Decimal(digits)
            except InvalidOperation:
                found = None
            else:
                found = found.quantize(Decimal(1)) if found == found.to_integral_value() else found.normalize()
    if found is None:
        problems.append(
            place.problem(
                f"{_shown(value)} không phải là số",
                "chỉ nhập chữ số (số lẻ viết 95,7 hoặc 95.7; hàng nghìn 1.525), không ghi đơn vị tính hay chữ",
            )
        )
        return None
    if found < 0 and not negative:
        problems.append(place.problem(f"số âm ({_shown(value)}) không dùng được ở đây", "nhập số từ 0 trở lên"))
        return None
    if decimals is not None and -found.as_tuple().exponent > decimals:  # type: ignore[operator]
        what = "phải là số nguyên" if decimals == 0 else f"chỉ ghi tối đa {decimals} chữ số thập phân"
        problems.append(place.problem(f"{_shown(value)}: {what}", "làm tròn số rồi nhập lại"))
        return None
    return found


def whole(value: object, place: Place, problems: list[Problem], *, minimum: int | None = None) -> int | None:
    """A whole number (``12``, ``12.0``, ``"12"``), at least ``minimum``."""
    found = number(value, place, problems, decimals=0, negative=True)
    if found is None:
        return None
    if minimum is not None and found < minimum:
        problems.append(place.problem(f"{_shown(value)}: phải từ {minimum} trở lên", f"nhập số nguyên từ {minimum}"))
        return None
    return int(found)


def date(value: object, place: Place, problems: list[Problem]) -> dt.date | None:
    """A date: a date cell, Excel's serial number (days since 30/12/1899), or text written day
    first — ``12/7/2023``, ``12/07/2023``, ``12-07-2023``, ``12.07.2023`` — or ``2023-07-12``."""
    if is_blank(value) or _formula_error(value, place, problems):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    hint = "nhập ngày dạng ngày/tháng/năm, ví dụ 15/01/1977"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value <= _LAST_SERIAL:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        problems.append(place.problem(f"{_shown(value)} không phải là ngày", hint))
        return None
    written = clean_text(str(value))
    match = _DAY_FIRST.fullmatch(written)
    iso = _ISO.fullmatch(written)
    try:
        if match is not None:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if iso is not None:
            year, month, day = (int(g) for g in iso.groups())
            return dt.date(year, month, day)
    except ValueError:
        problems.append(place.problem(f"{_shown(value)} là ngày không có thật", hint))
        return None
    if written.isdigit():
        return date(int(written), place, problems)
    problems.append(place.problem(f"{_shown(value)} không phải là ngày", hint))
    return None
