"""Vietnamese and Decree 30/2020/NĐ-CP formatting: dates, numbers, words, sorting, encodings.

Every function here is pure (no I/O, no global state) and is exported to the templates as a
Jinja filter and global under its own name through :data:`FILTERS`. Every bad argument raises
:class:`ValueError` whose message, in Vietnamese, names the function, what was wrong and what
is expected; no function ever returns a wrong string instead.

The rules come from ``shared/spec/vietnamese.md`` and ``shared/spec/nd30-format.md``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final, TypeAlias

__all__ = [
    "FILTERS",
    "MonthDate",
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


# --------------------------------------------------------------------------------------------
# Text: NFC, upper case, slugs
# --------------------------------------------------------------------------------------------


def nfc(s: str) -> str:
    """Return ``s`` in Unicode normal form C (composed), the form docgen stores and compares."""
    return unicodedata.normalize("NFC", _require_str(s, "nfc"))


def upper(s: str) -> str:
    """Upper-case Vietnamese text correctly: ``đ`` → ``Đ``, ``ủy ban`` → ``ỦY BAN``.

    ``str.upper()`` handles every Vietnamese letter, but on decomposed (NFD) text it returns
    decomposed capitals that compare unequal to the composed ones; normalising first keeps the
    result NFC like everything else docgen stores.
    """
    return unicodedata.normalize("NFC", nfc(_require_str(s, "upper")).upper())


_SLUG_JUNK: Final = re.compile(r"[^a-z0-9]+")


def slug(s: str) -> str:
    """Make a file-name fragment: ``Huyện Hương Khê`` → ``huyen-huong-khe``.

    Marks are dropped, ``đ``/``Đ`` become ``d`` explicitly (no Unicode decomposition does it),
    compatibility forms such as full-width letters are folded, any run of characters outside
    ``[a-z0-9]`` becomes one ``-``, and ``-`` never leads or trails. The result always matches
    ``[a-z0-9]+(-[a-z0-9]+)*``; ``ValueError`` if nothing is left.
    """
    text = unicodedata.normalize("NFKD", nfc(_require_str(s, "slug")))
    # casefold after NFKD so that compatibility capitals are folded too; ß becomes ss.
    text = unicodedata.normalize("NFKD", text.casefold()).replace("đ", "d")
    kept: list[str] = []
    for char in text:
        if unicodedata.combining(char):
            continue
        if char.isdecimal() and not char.isascii():
            kept.append(str(unicodedata.decimal(char)))
        else:
            kept.append(char)
    result = _SLUG_JUNK.sub("-", "".join(kept)).strip("-")
    if not result:
        raise _error(
            "slug",
            f"không còn chữ cái hay chữ số nào để làm tên tệp từ {_shown(s)}; "
            "cần ít nhất một chữ cái Latinh/tiếng Việt hoặc một chữ số.",
        )
    return result


# --------------------------------------------------------------------------------------------
# Tone placement (old style "hòa" vs new style "hoà")
# --------------------------------------------------------------------------------------------

# Combining marks, by role. Shape marks make a different letter (ă, â, ơ...); tone marks don't.
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TONE_MARKS: Final = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)
_SHAPE_MARKS: Final = frozenset({"\u0306", "\u0302", "\u031b"})  # breve, circumflex, horn

# Tone ranks in docgen's (CLDR/ICU) order: no tone < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK: Final[dict[str, int]] = {mark: rank for rank, mark in enumerate(_TONE_MARKS, 1)}

_VOWELS: Final = frozenset("aăâeêioôơuưy")

# The only rhymes where old and new style differ: an open syllable whose nucleus is one of
# these two-vowel clusters takes the tone on the first vowel in the old style (hòa, khỏe,
# thủy) and on the second in the new style (hoà, khoẻ, thuỷ).
_OLD_STYLE_FIRST_VOWEL: Final = frozenset({"oa", "oe", "uy"})

_WORD: Final = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Letter:
    """One letter split into its shape (base letter with its shape marks) and its tone marks."""

    shape: str  # NFC, original case, e.g. "Ô"
    tones: str  # the tone marks on it: "" or one mark in well-formed text
    other: str  # any other combining marks

    @classmethod
    def split(cls, char: str) -> _Letter:
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        return cls(
            shape=unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _SHAPE_MARKS)),
            tones="".join(m for m in marks if m in _TONE_RANK),
            other="".join(m for m in marks if m not in _SHAPE_MARKS and m not in _TONE_RANK),
        )

    @property
    def plain(self) -> bool:
        """A single Vietnamese-style letter with at most one tone and nothing else on it."""
        return len(self.shape) == 1 and len(self.tones) <= 1 and not self.other

    def text(self, tones: str) -> str:
        return unicodedata.normalize("NFC", self.shape + tones)


def _onset_length(shapes: str) -> int:
    """Length of the initial consonant cluster of a lower-case syllable, ``qu``/``gi`` included.

    ``qu`` and ``gi`` are consonants only when a vowel follows (``quý``, ``giữa``); in ``gì``
    the ``i`` is the vowel.
    """
    if shapes[:2] in ("qu", "gi") and len(shapes) > 2 and shapes[2] in _VOWELS:
        return 2
    length = 0
    while length < len(shapes) and shapes[length] not in _VOWELS:
        length += 1
    return length


def _canonical_syllable(word: str) -> str:
    letters = [_Letter.split(char) for char in word]
    if not all(letter.plain for letter in letters):
        return word  # not a well-formed Vietnamese syllable: leave it as it is
    shapes = "".join(letter.shape.lower() for letter in letters)
    start = _onset_length(shapes)
    nucleus = shapes[start : start + 2]
    # Only an open syllable qualifies: with a final consonant (hoàn, thuyết) or a third vowel
    # (ngoài, khuya) both styles already agree.
    if len(shapes) != start + 2 or nucleus not in _OLD_STYLE_FIRST_VOWEL:
        return word
    first, second = letters[start], letters[start + 1]
    if first.tones or not second.tones:
        return word
    moved = first.text(second.tones) + second.text("")
    return word[:start] + moved + word[start + 2 :]


def canonical_tones(s: str) -> str:
    """Move tone marks to the traditional placement used in state documents; return NFC.

    ``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``, ``uỷ`` → ``ủy``, ``khoẻ`` → ``khỏe``, ``UỶ`` →
    ``ỦY``. Only open syllables whose vowels are ``oa``, ``oe`` or ``uy`` differ between the two
    styles, so only they are touched. ``qu`` and ``gi`` are consonants: ``Quý``, ``Quỳnh``,
    ``giữa`` keep their tone where it is; with a final consonant (``hoàn``, ``thuyết``) the tone
    stays on the second vowel in both styles.
    """
    text = nfc(_require_str(s, "canonical_tones"))
    return _WORD.sub(lambda match: _canonical_syllable(match.group()), text)


# --------------------------------------------------------------------------------------------
# Sorting
# --------------------------------------------------------------------------------------------

# CLDR/ICU Vietnamese: the 29 letters, with the foreign letters f j w z in their Latin places.
_ALPHABET: Final = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK: Final[dict[str, int]] = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Primary weights are (group << 21) | value; 21 bits hold any code point, so groups never mix.
_GROUP_SPACE, _GROUP_PUNCT, _GROUP_DIGIT, _GROUP_LETTER, _GROUP_OTHER = range(5)

SortKey: TypeAlias = tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[int, ...], str]
"""What :func:`sort_key` returns: letters, tones per syllable, case, then the text itself."""


def _clusters(text: str) -> list[tuple[str, str]]:
    """Split NFD text into (base character, following combining marks) pairs."""
    clusters: list[tuple[str, str]] = []
    for char in text:
        if unicodedata.combining(char) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + char)
        else:
            clusters.append((char, ""))
    return clusters


def _primary_weight(base: str, marks: str) -> int | None:
    """The primary weight of one character, ``None`` if it is ignorable at that level."""
    lower = base.lower()[0]  # "İ" lowers to two characters; the first is the letter
    if base.isalpha():
        letter = unicodedata.normalize("NFC", lower + "".join(m for m in marks if m in _SHAPE_MARKS))
        rank = _LETTER_RANK.get(letter, _LETTER_RANK.get(lower))
        if rank is not None:
            return (_GROUP_LETTER << 21) | rank
        return (_GROUP_OTHER << 21) | ord(lower)
    if base.isdecimal():
        return (_GROUP_DIGIT << 21) | unicodedata.decimal(base)
    if base.isspace():
        return _GROUP_SPACE << 21
    category = unicodedata.category(base)
    if category[0] in "PS":
        return (_GROUP_PUNCT << 21) | ord(base)
    if category[0] == "C" or unicodedata.combining(base):
        return None
    return (_GROUP_OTHER << 21) | ord(base)


def sort_key(s: str) -> SortKey:
    """Key for sorting Vietnamese text in dictionary order: ``sorted(names, key=sort_key)``.

    Levels, each compared only when all earlier ones are equal (CLDR/ICU Vietnamese):

    1. letters: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z);
       spaces before punctuation before digits before letters;
    2. tones, one per syllable: no tone < huyền < hỏi < ngã < sắc < nặng. Taking the tone of
       the syllable rather than of a letter makes ``hoà`` and ``hòa`` equal at this level;
    3. case, lower before upper;
    4. the NFC text itself, so that the order is total and does not depend on input order.

    NFC and NFD input give the same key.
    """
    text = nfc(_require_str(s, "sort_key"))
    primary: list[int] = []
    tones: list[tuple[int, ...]] = []
    case: list[int] = []
    syllable: list[int] | None = None
    for base, marks in _clusters(unicodedata.normalize("NFD", text)):
        weight = _primary_weight(base, marks)
        if weight is None:
            continue
        primary.append(weight)
        if weight >> 21 != _GROUP_LETTER:
            if syllable is not None:
                tones.append(tuple(syllable) or (0,))
                syllable = None
            continue
        if syllable is None:
            syllable = []
        syllable.extend(_TONE_RANK[m] for m in marks if m in _TONE_RANK)
        case.append(1 if base.isupper() else 0)
    if syllable is not None:
        tones.append(tuple(syllable) or (0,))
    return tuple(primary), tuple(tones), tuple(case), text


def person_sort_key(full_name: str) -> tuple[SortKey, SortKey, SortKey, SortKey]:
    """Key for sorting people the Vietnamese way: given name, middle name(s), family name.

    ``Nguyễn Văn An`` sorts under ``An``; ties go to the middle name(s) (``Văn``), then the
    family name (``Nguyễn``), then the whole name. A one-word name is all given name.
    """
    words = nfc(_require_str(full_name, "person_sort_key", "họ và tên")).split()
    if not words:
        raise _error("person_sort_key", "họ và tên trống; cần ít nhất một từ.")
    family = words[0] if len(words) > 1 else ""
    middle = " ".join(words[1:-1])
    return sort_key(words[-1]), sort_key(middle), sort_key(family), sort_key(" ".join(words))


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


def percent(x: Number, decimals: int = 1) -> str:
    """Format a percentage that is already in percent: ``percent(96.34)`` → ``96,3%``."""
    places = _require_int(decimals, "percent", "số chữ số thập phân")
    if places < 0:
        raise _error("percent", f"số chữ số thập phân phải từ 0 trở lên, nhận được {places}.")
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


# --------------------------------------------------------------------------------------------
# Legacy 8-bit encodings: TCVN3 (ABC) and VNI
# --------------------------------------------------------------------------------------------

# TCVN3 (TCVN 5712:1993 VN3, the ".VnTime" fonts): one byte per letter. Byte values on the
# left as \x escapes (they are Windows-1252/Latin-1 characters once read as text), letters on
# the right; tone rows run huyền, hỏi, ngã, sắc, nặng, which is also their byte order.
_TCVN3_ROWS: Final = (
    ("\xa1\xa2\xa3\xa4\xa5\xa6\xa7", "ĂÂÊÔƠƯĐ"),  # the only capitals the normal fonts hold
    ("\xa8\xa9\xaa\xab\xac\xad\xae", "ăâêôơưđ"),
    ("\xb5\xb6\xb7\xb8\xb9", "àảãáạ"),
    ("\xbb\xbc\xbd\xbe\xc6", "ằẳẵắặ"),
    ("\xc7\xc8\xc9\xca\xcb", "ầẩẫấậ"),
    ("\xcc\xce\xcf\xd0\xd1", "èẻẽéẹ"),
    ("\xd2\xd3\xd4\xd5\xd6", "ềểễếệ"),
    ("\xd7\xd8\xdc\xdd\xde", "ìỉĩíị"),
    ("\xdf\xe1\xe2\xe3\xe4", "òỏõóọ"),
    ("\xe5\xe6\xe7\xe8\xe9", "ồổỗốộ"),
    ("\xea\xeb\xec\xed\xee", "ờởỡớợ"),
    ("\xef\xf1\xf2\xf3\xf4", "ùủũúụ"),
    ("\xf5\xf6\xf7\xf8\xf9", "ừửữứự"),
    ("\xfa\xfb\xfc\xfd\xfe", "ỳỷỹýỵ"),
)
_TCVN3_DECODE: Final[dict[str, str]] = {
    code: letter for codes, letters in _TCVN3_ROWS for code, letter in zip(codes, letters, strict=True)
}

# VNI (the "VNI-Times" fonts): an ASCII base letter followed by one mark byte; a few letters
# are single bytes. Lower-case marks shown; upper-case text uses the same bytes minus 0x20.
_VNI_TONE_MARKS: Final = {"\xf8": _GRAVE, "\xfb": _HOOK, "\xf5": _TILDE, "\xf9": _ACUTE, "\xef": _DOT}
_VNI_CIRCUMFLEX_MARKS: Final = {
    "\xe2": "", "\xe0": _GRAVE, "\xe5": _HOOK, "\xe3": _TILDE, "\xe1": _ACUTE, "\xe4": _DOT,
}  # fmt: skip
_VNI_BREVE_MARKS: Final = {
    "\xea": "", "\xe8": _GRAVE, "\xfa": _HOOK, "\xfc": _TILDE, "\xe9": _ACUTE, "\xeb": _DOT,
}  # fmt: skip
_VNI_SINGLE_LOWER: Final = {
    "\xed": "í", "\xec": "ì", "\xe6": "ỉ", "\xf3": "ĩ", "\xf2": "ị",  # i with a tone
    "\xee": "ỵ", "\xf1": "đ", "\xf4": "ơ", "\xf6": "ư",
}  # fmt: skip
# Bases that take a tone mark: ô and ö are VNI's own single-byte ơ and ư.
_VNI_TONE_BASES: Final = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "\xf4": "ơ", "\xf6": "ư"}


def _vni_pairs() -> dict[str, str]:
    """Every two-character VNI sequence (base + mark) and the letter it stands for."""
    lower: dict[str, str] = {}
    for base, letter in _VNI_TONE_BASES.items():
        for mark, tone in _VNI_TONE_MARKS.items():
            if not (base == "y" and tone == _DOT):  # ỵ is the single byte î
                lower[base + mark] = letter + tone
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX_MARKS.items():
            lower[base + mark] = base + "\u0302" + tone
    for mark, tone in _VNI_BREVE_MARKS.items():
        lower["a" + mark] = "a\u0306" + tone
    pairs: dict[str, str] = {}
    for sequence, letter in lower.items():
        composed = unicodedata.normalize("NFC", letter)
        pairs[sequence] = composed
        pairs[sequence.upper()] = composed.upper()
    return pairs


_VNI_PAIRS: Final[dict[str, str]] = _vni_pairs()
_VNI_SINGLE: Final[dict[str, str]] = {
    **_VNI_SINGLE_LOWER,
    **{code.upper(): letter.upper() for code, letter in _VNI_SINGLE_LOWER.items()},
}

_ENCODINGS: Final = ("tcvn3", "vni")


# Letters of Unicode Vietnamese; legacy evidence must be something none of them can produce.
def _vietnamese_letters() -> frozenset[str]:
    lower = {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in ("", *_TONE_MARKS)}
    lower |= set("bcdđghklmnpqrstvx")
    return frozenset(lower | {letter.upper() for letter in lower})


_VIETNAMESE_LETTERS: Final = _vietnamese_letters()

# VNI pairs that prove nothing because other text writes the same characters: new-style
# Unicode "hoà", "hoá", "hoãn" (VNI "oà" is ồ), and TCVN3 "Yến", "Uế" at the start of a
# capitalised word (TCVN3 ế is the byte VNI uses for an upper-case tilde).
_VNI_PAIRS_NOT_EVIDENCE: Final = frozenset({"oà", "oá", "oã", "OÀ", "OÁ", "OÃ", "Y\xd5", "U\xd5"})

# TCVN3 bytes that neither a Vietnamese letter nor VNI can explain: the symbols \xa1-\xbe that
# stand for ă â đ ê ô ơ ư à á ..., and VNI's mark bytes (\xe4, \xf8 ...) with no base before them.
_TCVN3_EVIDENCE: Final = frozenset(_TCVN3_DECODE) - _VIETNAMESE_LETTERS - frozenset(_VNI_SINGLE)

# Legacy text comes from bytes read as Windows-1252 (or Latin-1): nothing else can be in it.
_CP1252_UPPER_HALF: Final = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


def _could_be_legacy(text: str) -> bool:
    return all(ord(char) < 0x100 or char in _CP1252_UPPER_HALF for char in text)


def _vni_evidence(text: str) -> tuple[int, set[int]]:
    """Count VNI pairs no Unicode word contains; also return the positions of all VNI marks."""
    hits = 0
    marks: set[int] = set()
    for index in range(1, len(text)):
        pair = text[index - 1 : index + 1]
        if pair in _VNI_PAIRS and index - 1 not in marks:
            marks.add(index)
            if pair not in _VNI_PAIRS_NOT_EVIDENCE:
                hits += 1
    return hits, marks


_LEGACY_WORD: Final = re.compile(r"[\w" + re.escape("".join(sorted(_TCVN3_DECODE))) + "]{2,}")


def _tcvn3_evidence(text: str, vni_marks: set[int]) -> int:
    """Count TCVN3-only characters that sit inside a word (next to a letter)."""
    hits = 0
    for match in _LEGACY_WORD.finditer(text):
        word = match.group()
        if not any(char.isalpha() for char in word):
            continue  # "©2023", "¼" between digits: symbols, not letters
        for offset, char in enumerate(word, match.start()):
            if offset in vni_marks:
                continue
            if char in _TCVN3_EVIDENCE:
                hits += 1
            elif char in _TCVN3_DECODE and char.isupper() and offset > match.start() and text[offset - 1].islower():
                # TCVN3 writes lower-case ễ ệ ế as Ô Ö Õ: a capital inside a lower-case word
                # ("NguyÔn", "ViÖt") is neither Unicode Vietnamese nor VNI (whose capitals
                # and capital marks follow capitals).
                hits += 1
    return hits


def detect_legacy(s: str) -> str | None:
    """Tell whether text is TCVN3 or VNI read as Windows-1252: ``"tcvn3"``, ``"vni"`` or ``None``.

    Legacy text is recognised by what no Unicode Vietnamese word contains:

    * it can only hold Windows-1252 characters, so any letter such as ``ư``, ``đ``, ``ạ`` means
      Unicode and the answer is ``None``;
    * VNI: a base letter (``a e o u y``, VNI's ``ô``/``ö``) followed by one of its marks of the
      same case (``Haø``, ``Vieät``, ``AÙ``), except ``oà``/``oá``/``oã``, which new-style
      Unicode also writes (``hoà``), and the two pairs TCVN3 writes for ``Yế``/``Uế``;
    * TCVN3: inside a word, a TCVN3 byte that is neither a Vietnamese letter nor explained by
      VNI (``H\\xb5``, ``B\\xd7nh``, ``\\xae\\xd3``: Hà, Bình, để).

    When both kinds of evidence appear the more frequent wins; ``None`` when there is none.
    Unicode Vietnamese text is never reported as legacy.

    Known limits: a few TCVN3 words are also valid VNI (``Thuû`` is TCVN3 «Thuỷ» and VNI
    «Thủ»), so a short text made only of such words may be called VNI; and a foreign name
    with Latin-1 letters (``Noël``) looks like legacy text. Both are refused as legacy by
    validation, which asks the clerk to convert or retype: never silently printed wrong.
    """
    text = nfc(_require_str(s, "detect_legacy"))
    # Every sign of either encoding is a byte above 0x7F; most data strings are plain ASCII.
    if text.isascii() or not _could_be_legacy(text):
        return None
    vni_hits, vni_marks = _vni_evidence(text)
    tcvn3_hits = _tcvn3_evidence(text, vni_marks)
    if vni_hits > tcvn3_hits:
        return "vni"
    if tcvn3_hits:
        return "tcvn3"
    return None


def _from_vni(text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        pair = text[index : index + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            index += 2
        else:
            out.append(_VNI_SINGLE.get(text[index], text[index]))
            index += 1
    return "".join(out)


def from_legacy(s: str, encoding: str) -> str:
    """Convert TCVN3 (``"tcvn3"``) or VNI (``"vni"``) text, read as Windows-1252, to NFC.

    ``from_legacy("Hµ TÜnh", "tcvn3")`` and ``from_legacy("Haø Tónh", "vni")`` are both
    ``Hà Tĩnh``. Characters that are not part of the encoding's letters pass through.
    """
    text = nfc(_require_str(s, "from_legacy"))
    name = _require_str(encoding, "from_legacy", "tên bảng mã").strip().lower()
    if not _could_be_legacy(text):
        unicode_letter = next(char for char in text if ord(char) >= 0x100 and char not in _CP1252_UPPER_HALF)
        raise _error(
            "from_legacy",
            f"{_shown(s)} có chữ Unicode {unicode_letter!r}, không thể là văn bản mã cũ (TCVN3, VNI); "
            "chuyển lại sẽ làm hỏng chữ.",
        )
    if name == "tcvn3":
        converted = "".join(_TCVN3_DECODE.get(char, char) for char in text)
    elif name == "vni":
        converted = _from_vni(text)
    else:
        raise _error(
            "from_legacy",
            f"không biết bảng mã {_shown(encoding)}; chỉ chuyển được {' hoặc '.join(repr(e) for e in _ENCODINGS)}.",
        )
    return unicodedata.normalize("NFC", converted)


# --------------------------------------------------------------------------------------------
# Registry for the template environment
# --------------------------------------------------------------------------------------------

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
