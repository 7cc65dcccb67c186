"""Numbers, money and their words; Roman numerals, points, document symbols."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final

from docgen.vn._common import Number, _error, _require_int, _require_str, _shown
from docgen.vn.dates import _DRAFT_BLANK
from docgen.vn.text import nfc

# --------------------------------------------------------------------------------------------
# Numbers and money
# --------------------------------------------------------------------------------------------


def _to_decimal(x: object, function: str) -> Decimal:
    """Exact decimal value of a number argument; floats via ``repr`` so 2.675 stays 2.675."""
    if isinstance(x, bool):
        raise _error(function, f"cần một số, nhận được giá trị đúng/sai {_shown(x)}.")
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise _error(function, f"cần một số hữu hạn, nhận được {_shown(x)}.")
        return Decimal(repr(x))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise _error(function, f"cần một số hữu hạn, nhận được {_shown(x)}.")
        return x
    raise _error(function, f"cần một số (int, float hoặc Decimal), nhận được {_shown(x)}.")


_THOUSANDS: Final = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_DECIMAL_COMMA: Final = re.compile(r"\d+(,\d+)?")


def vietnamese_digits(text: str) -> str | None:
    """A figure written the Vietnamese way as plain digits with a ``.`` decimal point:
    ``"1.525.000"`` → ``"1525000"``, ``"1,5"`` → ``"1.5"``, ``"1.525,5"`` → ``"1525.5"`` (dots group
    thousands, the comma is the decimal point; spaces and no-break spaces are ignored). ``None``
    when ``text`` is not written so (``"1.5"``, ``"-3"``, ``"12 tỷ"``). The one home of this rule:
    the YAML model and the spreadsheet reader both read figures through it."""
    digits = _require_str(text, "vietnamese_digits").strip().replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS.fullmatch(digits):
        digits = digits.replace(".", "")
    if _DECIMAL_COMMA.fullmatch(digits):
        return digits.replace(",", ".")
    return None


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ".".join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def _format_decimal(value: Decimal, decimals: int) -> str:
    exponent = Decimal(1).scaleb(-decimals)
    # Quantize needs room for every digit, or it signals InvalidOperation on large values.
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + decimals + 2)
        rounded = value.quantize(exponent, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""  # -0 and values that round to 0 print without a sign
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = sign + _group_thousands(whole)
    return f"{text},{fraction}" if fraction else text


def number(x: Number, decimals: int = 0) -> str:
    """Format a number the Vietnamese way: ``1.800.000``, ``4,5``, ``-12.345,68``.

    ``.`` separates thousands and ``,`` decimals; rounding is half up on the exact decimal
    value (a float is read through its ``repr``, so ``number(2.675, 2)`` is ``2,68``).
    """
    places = _require_int(decimals, "number", "số chữ số thập phân")
    if places < 0:
        raise _error("number", f"số chữ số thập phân phải từ 0 trở lên, nhận được {places}.")
    return _format_decimal(_to_decimal(x, "number"), places)


NO_RATIO = "—"
"""What a ratio without a base prints (a target of 0): never "0,0%"."""


def percent(x: Number | None, decimals: int = 1) -> str:
    """Format a percentage that is already in percent: ``percent(96.34)`` → ``96,3%``;
    ``None`` (a ratio with no base, e.g. a target of 0) → ``—``."""
    places = _require_int(decimals, "percent", "số chữ số thập phân")
    if places < 0:
        raise _error("percent", f"số chữ số thập phân phải từ 0 trở lên, nhận được {places}.")
    if x is None:
        return NO_RATIO
    return _format_decimal(_to_decimal(x, "percent"), places) + "%"


def _whole_number(x: object, function: str) -> int:
    value = _to_decimal(x, function)
    if value != value.to_integral_value():
        raise _error(function, f"cần một số nguyên (không có phần lẻ), nhận được {_shown(x)}.")
    return int(value)


def money(x: Number) -> str:
    """An amount of money: ``1.800.000 đồng``. Only whole đồng are accepted."""
    return _format_decimal(Decimal(_whole_number(x, "money")), 0) + " đồng"


_DIGIT_WORDS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION: Final = 10**9
_WORDS_LIMIT: Final = 10**18
# Scales within one billion, largest first; "tỷ" is handled on its own (see in_words).
_SCALES: Final = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def _unit_word(tens: int, units: int) -> str:
    """The units digit as read after its tens digit."""
    if tens == 0:
        return _DIGIT_WORDS[units]  # after "linh", or alone: "linh một", "linh năm"
    if units == 5:
        return "lăm"  # "mười lăm", "hai mươi lăm"
    if units == 1 and tens >= 2:
        return "mốt"  # "hai mươi mốt", but "mười một"
    return _DIGIT_WORDS[units]


def _group_words(group: int, *, read_hundreds: bool) -> list[str]:
    """Words for 1-999. ``read_hundreds`` reads a zero hundreds digit (``không trăm``)."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or read_hundreds:
        words += [_DIGIT_WORDS[hundreds], "trăm"]
        if tens == 0 and units:
            return [*words, "linh", _unit_word(0, units)]
    if tens == 1:
        words.append("mười")
    elif tens >= 2:
        words += [_DIGIT_WORDS[tens], "mươi"]
    if units:
        words.append(_unit_word(tens, units))
    return words


def _below_billion_words(n: int, *, leading: bool) -> list[str]:
    """Words for 0 <= n < 10^9; ``leading`` when nothing is read before it."""
    words: list[str] = []
    for scale, name in _SCALES:
        group = (n // scale) % 1000
        if group == 0:
            continue  # an empty group is skipped: 1.000.500 = "một triệu năm trăm"
        words += _group_words(group, read_hundreds=not leading)
        if name:
            words.append(name)
        leading = False
    return words


def _integer_argument(n: object, function: str) -> int:
    value = _whole_number(n, function)
    if not -_WORDS_LIMIT < value < _WORDS_LIMIT:
        raise _error(
            function,
            f"chỉ đọc được số có giá trị tuyệt đối dưới 10^18, nhận được {_shown(n)}.",
        )
    return value


def in_words(n: Number) -> str:
    """Read an integer aloud in lower-case Vietnamese: 1800000 → ``một triệu tám trăm nghìn``.

    Rules (``vietnamese.md``):

    * 10-19: ``mười``, ``mười một``, ``mười bốn``, ``mười lăm``; from 20: ``hai mươi``, with
      units ``mốt`` (1), ``bốn`` (4), ``lăm`` (5): ``hai mươi mốt``.
    * A zero tens digit after the hundreds reads ``linh``: ``một trăm linh năm``.
    * Groups of three digits take ``nghìn`` and ``triệu``. The first group read is read as it
      is; every later group reads its hundreds even when zero (1.050.000 = ``một triệu không
      trăm năm mươi nghìn``, 2.005 = ``hai nghìn không trăm linh năm``); an empty group is
      skipped (1.000.500 = ``một triệu năm trăm``).
    * ``tỷ``: the number is split as ``billions * 10^9 + rest``. The count of billions is
      read as a number of its own before ``tỷ`` (1.001.000.000.000 = ``một nghìn không trăm
      linh một tỷ``, 10^15 = ``một triệu tỷ``), and the rest below 10^9 is read after it by
      the same group rules, as a continuation: its first non-empty group also reads its
      hundreds, because it is not the first group of the whole number
      (1.000.000.000.005 = ``một nghìn tỷ không trăm linh năm``,
      2.000.050.000 = ``hai tỷ không trăm năm mươi nghìn``).
    * 0 is ``không``; negatives start with ``âm``.

    Accepts an ``int``, or a ``float``/``Decimal`` with no fractional part, from
    -(10^18 - 1) to 10^18 - 1; ``ValueError`` otherwise (``bool`` included).
    """
    value = _integer_argument(n, "in_words")
    if value == 0:
        return "không"
    billions, rest = divmod(abs(value), _BILLION)
    if billions:
        words = [*_below_billion_words(billions, leading=True), "tỷ"]
        words += _below_billion_words(rest, leading=False)
    else:
        words = _below_billion_words(rest, leading=True)
    if value < 0:
        words.insert(0, "âm")
    return " ".join(words)


def money_in_words(n: Number) -> str:
    """An amount in words as written in brackets after it: ``Một triệu tám trăm nghìn đồng``."""
    text = in_words(_integer_argument(n, "money_in_words"))
    return f"{text[0].upper()}{text[1:]} đồng"


# --------------------------------------------------------------------------------------------
# Numbering: Roman numerals, points, document numbers
# --------------------------------------------------------------------------------------------

_ROMAN: Final = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(n: int) -> str:
    """Roman numeral of the parts of a plan or report: 4 → ``IV``; 1-3999."""
    value = _require_int(n, "roman", "số thứ tự phần")
    if not 1 <= value <= 3999:
        raise _error("roman", f"số La Mã chỉ viết được từ 1 đến 3999, nhận được {value}.")
    parts: list[str] = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(letters * count)
    return "".join(parts)


# Points (điểm) use the Vietnamese alphabet without its modified letters, đ included.
_POINT_LETTERS: Final = "abcdđeghiklmnopqrstuvxy"


def point_label(i: int) -> str:
    """The i-th point of a clause, from 1: ``a``, ``b``, ``c``, ``d``, ``đ``, ``e``, ``g`` … ``y``."""
    index = _require_int(i, "point_label", "số thứ tự điểm")
    if not 1 <= index <= len(_POINT_LETTERS):
        raise _error(
            "point_label",
            f"điểm được đánh từ a) đến y), tức là từ 1 đến {len(_POINT_LETTERS)}; nhận được {index}.",
        )
    return _POINT_LETTERS[index - 1]


_ABBREVIATION: Final = re.compile(r"[^\W_](?:[^\W_]|-(?=[^\W_]))*")


def _abbreviation(value: object, what: str, *, optional: bool) -> str:
    text = nfc(_require_str(value, "symbol", what)).strip()
    if not text and optional:
        return text
    if not _ABBREVIATION.fullmatch(text):
        raise _error(
            "symbol",
            f"{what} phải gồm chữ và số, các nhóm nối bằng dấu - không có khoảng trắng "
            f"(ví dụ KH, UBND-TĐKT); nhận được {_shown(value)}.",
        )
    return text


def symbol(kind_abbr: str, issuer_abbr: str, number: int | None = None) -> str:
    """The number and symbol line: ``symbol("KH", "UBND", 5)`` → ``Số: 05/KH-UBND``.

    Numbers below 10 take a leading zero. Without ``number`` the draft form keeps six spaces
    for the clerk: ``Số:      /KH-UBND``. A công văn has no type abbreviation:
    ``symbol("", "UBND-TĐKT", 12)`` → ``Số: 12/UBND-TĐKT``.
    """
    kind = _abbreviation(kind_abbr, "viết tắt tên loại văn bản", optional=True)
    issuer = _abbreviation(issuer_abbr, "viết tắt tên cơ quan ban hành", optional=False)
    code = f"{kind}-{issuer}" if kind else issuer
    if number is None:
        return f"Số:{_DRAFT_BLANK}/{code}"
    value = _require_int(number, "symbol", "số văn bản")
    if value < 1:
        raise _error("symbol", f"số văn bản phải là số nguyên dương, nhận được {value}.")
    return f"Số: {value:02d}/{code}"
