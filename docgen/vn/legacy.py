"""Legacy 8-bit Vietnamese encodings: TCVN3 (ABC) and VNI, detected and converted."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from docgen.vn._common import _error, _require_str, _shown
from docgen.vn.syllables import is_syllable
from docgen.vn.text import _ACUTE, _DOT, _GRAVE, _HOOK, _TILDE, _TONE_MARKS, _VOWELS, nfc

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
# Legacy words inside Unicode text
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegacyWord:
    """One legacy-encoded word of a text: where it stands (``text[start:end]``), as written,
    and converted to Unicode."""

    start: int
    end: int
    text: str
    converted: str


@dataclass(frozen=True)
class LegacyText:
    """What :func:`find_legacy` found: the encoding, the words, the whole text converted."""

    encoding: str
    words: tuple[LegacyWord, ...]
    converted: str


# A word as legacy text holds it: letters and TCVN3's symbol bytes (\xad ¬ © ® « …), which
# are not letters in Unicode. Digits and punctuation around it are not part of it.
_SEGMENT: Final = re.compile(r"(?:[^\W\d_]|[" + re.escape("".join(sorted(_TCVN3_DECODE))) + "])+")
_QUOTES: Final = "«»"  # Unicode text quotes with them; TCVN3 writes ô and ằ with the same bytes
_UNIT: Final = re.compile("\u00b5[A-Za-z]")  # µm, µg: the micro sign is TCVN3's à


def _convert(word: str, encoding: str) -> str:
    converted = "".join(_TCVN3_DECODE.get(char, char) for char in word) if encoding == "tcvn3" else _from_vni(word)
    return unicodedata.normalize("NFC", converted)


@functools.lru_cache(maxsize=1 << 16)  # the words of a workspace repeat: Hà, Tĩnh, Xuân …
def _readings(word: str) -> Mapping[str, str]:
    """The encodings in which ``word`` is a legacy syllable, and that syllable in Unicode.

    Empty for a real Unicode word: one that is a Vietnamese syllable as it stands (``Xuân``,
    ``Hòa``, ``Khê``) or that no encoding turns into one (``Noël``, ``©``, ``×``).
    """
    if word.isascii() or not _could_be_legacy(word) or is_syllable(word) or _UNIT.fullmatch(word):
        return {}
    if not word.strip(_QUOTES):
        return {}
    found = {}
    for encoding in _ENCODINGS:
        converted = _convert(word, encoding)
        if converted != word and is_syllable(converted):
            found[encoding] = converted
    return found


def _segments(text: str) -> list[tuple[int, int, Mapping[str, str]]]:
    """Every word of ``text`` with its legacy readings (``{}`` for a Unicode or ASCII word)."""
    found = []
    for match in _SEGMENT.finditer(text):
        start, end = match.span()
        while start < end and text[start] in _QUOTES:
            start += 1
        while end > start and text[end - 1] in _QUOTES:
            end -= 1
        core = text[start:end]
        readings = _readings(core)
        # «Hµ», «i»: quotes of the text around a legacy word or a Unicode one. Only a core that
        # is neither (TCVN3 «ng = ông) makes the « a letter.
        if (start, end) != match.span() and not readings and not is_syllable(core):
            start, end = match.span()
            readings = _readings(match.group())
        found.append((start, end, readings))
    return found


def find_legacy(s: str) -> LegacyText | None:
    """Find the words of ``s`` typed in TCVN3 or VNI (read as Windows-1252), word by word.

    ``find_legacy("Ủy ban nhân dân huyện H\xad\xacng Kh\xaa")`` finds ``H\xad\xacng`` and
    ``Kh\xaa`` (TCVN3 «Hương», «Khê») inside a Unicode line, and converts the whole text to
    ``Ủy ban nhân dân huyện Hương Khê``; ``None`` when there is no legacy word.

    A word is legacy when it is not a Vietnamese syllable as written but becomes one once
    converted (``Höông`` → ``Hương``, ``Tónh`` → ``Tĩnh``). So a real word (``Xuân``, ``hoà``,
    ``Khuê``, ``Thuỷ``) is never taken for legacy text, and nor is a foreign word (``Noël``,
    ``José``) or a symbol (``©``, ``×``). A word without any ASCII letter (TCVN3 ``\xeb`` for
    «ở») is counted only beside a word that has one. The encoding is the one most words can
    only be read in; when the whole text could be legacy (no Unicode-only letter in it), every
    word that converts into a syllable is converted, so that ``Thò`` beside ``Haø`` becomes
    ``Thị``; in a line that also holds Unicode words only the legacy words are.
    """
    if isinstance(s, str):
        return _find_legacy(s)
    _require_str(s, "find_legacy")  # raises: not a text
    return None


# A workspace's texts are read again and again by one process (each validation, the web page's
# every request, a test suite): a text once looked at is not searched word by word again.
@functools.lru_cache(maxsize=1 << 15)
def _find_legacy(s: str) -> LegacyText | None:
    text = nfc(_require_str(s, "find_legacy"))
    if text.isascii():
        return None
    segments = _segments(text)
    legacy = [(start, end, r) for start, end, r in segments if r]
    strong = [r for start, end, r in legacy if any(char.isascii() for char in text[start:end])]
    if not strong:
        return None
    votes = Counter(next(iter(r)) for r in strong if len(r) == 1)
    if votes:
        encoding = max(_ENCODINGS, key=lambda e: votes[e])
    else:
        encoding = detect_legacy(" ".join(text[start:end] for start, end, _ in legacy)) or _ENCODINGS[0]
    whole = _could_be_legacy(text)
    words = []
    for start, end, readings in segments:
        word = text[start:end]
        if readings:
            converted = readings.get(encoding) or next(iter(readings.values()))
        elif whole and not word.isascii():
            converted = _convert(word, encoding)
            if converted == word or not is_syllable(converted):
                continue
        else:
            continue
        words.append(LegacyWord(start, end, word, converted))
    parts: list[str] = []
    cursor = 0
    for found in words:
        parts += [text[cursor : found.start], found.converted]
        cursor = found.end
    return LegacyText(encoding, tuple(words), nfc("".join([*parts, text[cursor:]])))


# Each encoding's name, the font it was typed in, and Unikey's name for it (source of a conversion).
LEGACY_FONTS: Final = {"tcvn3": ("TCVN3", ".VnTime", "TCVN3 (ABC)"), "vni": ("VNI", "VNI-Times", "VNI Windows")}


def legacy_words(found: LegacyText) -> str:
    """``«H\xad\xacng» → «Hương», «Kh\xaa» → «Khê» (có ký tự ẩn U+00AD)``: the words as the clerk
    sees them, and a note for the invisible ones (TCVN3's ư is the soft hyphen, which shows nothing)."""
    shown = ", ".join(f"«{word.text}» → «{word.converted}»" for word in found.words)
    hidden = sorted({char for word in found.words for char in word.text if unicodedata.category(char) == "Cf"})
    if hidden:
        shown += f" (có ký tự ẩn {', '.join(f'U+{ord(char):04X}' for char in hidden)} trong chữ)"
    return shown


# --------------------------------------------------------------------------------------------
# Registry for the template environment
# --------------------------------------------------------------------------------------------
