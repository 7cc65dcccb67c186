"""Vietnamese text: NFC, upper case, slugs, tone placement and sorting."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Final, TypeAlias

from docgen.vn._common import _error, _require_str, _shown

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
    return _slug(s) if isinstance(s, str) else _slug_checked(s)


@functools.lru_cache(maxsize=4096)  # names and titles repeat in every document of a unit
def _slug(s: str) -> str:
    return _slug_checked(s)


def _slug_checked(s: str) -> str:
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
