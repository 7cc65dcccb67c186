"""Argument checks shared by the Vietnamese formatting functions."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeAlias

Number: TypeAlias = int | float | Decimal


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def _error(function: str, message: str) -> ValueError:
    """Build the one kind of error this module raises, prefixed with the filter's name.

    Template authors see these messages, so the prefix tells them which filter to look at.
    """
    return ValueError(f"{function}: {message}")


def _shown(value: object) -> str:
    """A short, safe rendering of a bad argument for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _require_str(value: object, function: str, what: str = "văn bản") -> str:
    if not isinstance(value, str):
        raise _error(function, f"{what} phải là chuỗi ký tự, nhận được {_shown(value)}.")
    return value


def _require_int(value: object, function: str, what: str) -> int:
    # bool is an int subclass; True as "1" is always a template mistake, so refuse it.
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error(function, f"{what} phải là số nguyên, nhận được {_shown(value)}.")
    return value
