"""Dates as Decree 30 writes them: header dates, short dates, month-only dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from docgen.vn._common import _error, _require_int, _require_str, _shown
from docgen.vn.text import nfc

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_MONTH_TEXT: Final = re.compile(r"(\d{4})-(\d{2})")
_DRAFT_BLANK: Final = " " * 6  # where a clerk writes the day or number by hand at registration


@dataclass(frozen=True, order=True)
class MonthDate:
    """A document date known only to the month (``2023-07``); its header leaves the day blank."""

    year: int
    month: int

    def __post_init__(self) -> None:
        year = _require_int(self.year, "MonthDate", "năm")
        month = _require_int(self.month, "MonthDate", "tháng")
        if not 1 <= year <= 9999:
            raise _error("MonthDate", f"năm phải từ 1 đến 9999, nhận được {year}.")
        if not 1 <= month <= 12:
            raise _error("MonthDate", f"tháng phải từ 1 đến 12, nhận được {month}.")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> MonthDate:
        """Read ``YYYY-MM`` (``2023-07``), the form :meth:`__str__` writes."""
        match = _MONTH_TEXT.fullmatch(_require_str(text, "MonthDate.parse").strip())
        if match is None:
            raise _error(
                "MonthDate.parse",
                f"tháng phải viết dạng NNNN-TT, ví dụ 2023-07; nhận được {_shown(text)}.",
            )
        return cls(int(match.group(1)), int(match.group(2)))


def _date_parts(d: object, function: str) -> tuple[int, int, int | None]:
    """(year, month, day or None) of a date, a datetime or a MonthDate."""
    if isinstance(d, datetime):
        d = d.date()
    if isinstance(d, date):
        return d.year, d.month, d.day
    if isinstance(d, MonthDate):
        return d.year, d.month, None
    raise _error(function, f"cần một ngày (date) hoặc một tháng (MonthDate), nhận được {_shown(d)}.")


def _day_text(day: int) -> str:
    # Decree 30: days below 10 take a leading zero.
    return f"{day:02d}"


def _month_text(month: int) -> str:
    # Decree 30: only months 1 and 2 take a leading zero (a bare 1 or 2 could be turned into
    # 11 or 12 by hand); months 3-12 never do.
    return f"{month:02d}" if month <= 2 else str(month)


def header_date(d: date | MonthDate, place: str | None = None, *, blank_day: bool = False) -> str:
    """The place and date line of the header: ``Hương Khê, ngày 05 tháng 7 năm 2023``.

    Without ``place`` only ``ngày 05 tháng 7 năm 2023``. ``blank_day=True``, or a
    :class:`MonthDate`, gives the draft form with six spaces for the day:
    ``ngày      tháng 7 năm 2023``. A ``datetime`` counts as its date.
    """
    year, month, day = _date_parts(d, "header_date")
    if not isinstance(blank_day, bool):
        raise _error("header_date", f"blank_day phải là True hoặc False, nhận được {_shown(blank_day)}.")
    day_part = f"ngày{_DRAFT_BLANK}" if blank_day or day is None else f"ngày {_day_text(day)} "
    line = f"{day_part}tháng {_month_text(month)} năm {year}"
    if place is None:
        return line
    name = nfc(_require_str(place, "header_date", "địa danh")).strip()
    if not name:
        raise _error("header_date", "địa danh trống; bỏ hẳn tham số hoặc ghi tên, ví dụ Hương Khê.")
    return f"{name}, {line}"


def short_date(d: date) -> str:
    """The short date of running text: ``11/5/2023``, ``05/7/2023``, ``10/02/2023``.

    The zero rule is the header's: days below 10 and months 1 and 2 are padded. A
    :class:`MonthDate` has no day, so it is refused rather than printed half-empty.
    """
    year, month, day = _date_parts(d, "short_date")
    if day is None:
        raise _error(
            "short_date",
            f'{d} chỉ có tháng, không có ngày; viết "tháng {month}/{year}" trong mẫu hoặc dùng header_date.',
        )
    return f"{_day_text(day)}/{_month_text(month)}/{year}"
