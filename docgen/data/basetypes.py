"""The base types the data models are made of: ids, lines, names, unit kinds, dates.

Split from ``model`` (which re-exports every name) so that the rules of an award
(``criteria``) have a module of their own without importing ``model``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from docgen.kinds import KIND_IDS
from docgen.vn import MonthDate, slug

UnitKind = Literal[
    "province",
    "department",
    "district",
    "town",
    "city",
    "commune",
    "organisation",
    "enterprise",
    "school",
]
UNIT_KINDS: tuple[str, ...] = UnitKind.__args__  # type: ignore[attr-defined]
DISTRICT_LEVEL = frozenset({"district", "town", "city"})

# Document kinds are the registry's (docgen.kinds); the model accepts exactly its ids.
if TYPE_CHECKING:
    DocKind = str
else:
    DocKind = Literal[KIND_IDS]
# A commune-level unit is a xã (rural), a phường (urban ward) or a thị trấn (township).
CommuneType = Literal["xa", "phuong", "thi-tran"]
DOC_KINDS: tuple[str, ...] = KIND_IDS

CandidateType = Literal["individual", "collective"]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]

# Names Windows keeps for devices: no file or folder may be called so, whatever its case or
# extension (``out/con/``, ``out/aux.zip`` cannot be made).
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10))})


def _not_a_device(value: object) -> object:
    if isinstance(value, str) and value.strip().split(".")[0].strip().lower() in WINDOWS_DEVICES:
        raise ValueError(
            f'mã "{value.strip()}" là tên thiết bị dành riêng của Windows (CON, PRN, AUX, NUL, COM1–COM9, '
            "LPT1–LPT9): không đặt được tên thư mục hay tệp; đổi sang mã khác, ví dụ thêm cấp hành chính phía trước: "
            f'"xa-{value.strip().lower().split(".")[0]}"'
        )
    return value


# An id that becomes a folder or file name of out/ (a unit's folder, zip and PDF; a candidate's
# file-name suffix).
PathId = Annotated[Id, BeforeValidator(_not_a_device)]
Line = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\r\n]*$")]


def _makes_a_file_name(value: str) -> str:
    # Names that become file names (a unit's, a candidate's) and sort keys need a letter or a
    # digit: "🎉" alone passed validation and then stopped `build --all` half-way.
    try:
        slug(value)
    except ValueError:
        raise ValueError(
            "tên phải có ít nhất một chữ cái hoặc chữ số (tên này dùng để đặt tên tệp văn bản và sắp xếp)"
        ) from None
    return value


# A name that also names files: a line with at least one letter or digit.
Name = Annotated[Line, AfterValidator(_makes_a_file_name)]


def _month_or_date(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}", value.strip()):
        year, month = value.strip().split("-")
        return MonthDate(int(year), int(month))
    return value


# A document date the data may know only to the month: the day is then left blank in drafts.
DocDate = Annotated[date | MonthDate, BeforeValidator(_month_or_date)]

InitiativeLevel = Literal["co-so", "tinh"]
"""Where an initiative was recognised to apply: the unit (cơ sở) or the whole province (tỉnh)."""
Rating = Literal["hoan-thanh-xuat-sac", "hoan-thanh-tot", "hoan-thanh", "khong-hoan-thanh"]
"""A year's task rating (xếp loại mức độ hoàn thành nhiệm vụ), best first."""
RATINGS: tuple[str, ...] = Rating.__args__  # type: ignore[attr-defined]
