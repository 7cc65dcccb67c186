"""Vietnamese and Decree 30/2020/NĐ-CP formatting: dates, numbers, words, sorting, encodings.

Every function here is pure (no I/O, no global state) and is exported to the templates as a
Jinja filter and global under its own name through :data:`FILTERS`. Every bad argument raises
:class:`ValueError` whose message, in Vietnamese, names the function, what was wrong and what
is expected; no function ever returns a wrong string instead.

The rules come from ``shared/spec/vietnamese.md`` and ``shared/spec/nd30-format.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from docgen.vn._common import Number
from docgen.vn.dates import MonthDate, header_date, short_date
from docgen.vn.legacy import detect_legacy, from_legacy
from docgen.vn.numbers import in_words, money, money_in_words, number, percent, point_label, roman, symbol
from docgen.vn.text import SortKey, canonical_tones, nfc, person_sort_key, slug, sort_key, upper

__all__ = [
    "FILTERS",
    "MonthDate",
    "Number",
    "SortKey",
    "canonical_tones",
    "detect_legacy",
    "from_legacy",
    "header_date",
    "in_words",
    "money",
    "money_in_words",
    "nfc",
    "number",
    "percent",
    "person_sort_key",
    "point_label",
    "roman",
    "short_date",
    "slug",
    "sort_key",
    "symbol",
    "upper",
]

FILTERS: Final[dict[str, Callable[..., object]]] = {
    "header_date": header_date,
    "short_date": short_date,
    "number": number,
    "percent": percent,
    "money": money,
    "in_words": in_words,
    "money_in_words": money_in_words,
    "roman": roman,
    "point_label": point_label,
    "sort_key": sort_key,
    "person_sort_key": person_sort_key,
    "upper": upper,
    "slug": slug,
    "nfc": nfc,
    "canonical_tones": canonical_tones,
    "detect_legacy": detect_legacy,
    "from_legacy": from_legacy,
    "symbol": symbol,
}
"""Every public function by name; the template environment registers each as filter and global."""
