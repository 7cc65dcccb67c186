"""Test-only oracles for ``docgen.vn``, written independently of the library.

* a strict parser of Vietnamese number words (the inverse of ``in_words``);
* TCVN3 and VNI encoders built from the published per-letter tables (``docgen.vn`` decodes
  from byte-ordered rows and mark tables instead, so a slip in one does not hide in the other);
* a slow, character-by-character ICU-style comparison for Vietnamese;
* a generator of well-formed Vietnamese syllables, in old or new tone placement.
"""

from __future__ import annotations

import unicodedata

# --------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------

_DIGIT = {
    "không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4,
    "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip


class NotANumber(ValueError):
    """The words are not a well-formed Vietnamese reading of a number."""


def _digit(word: str) -> int:
    if word not in _DIGIT:
        raise NotANumber(f"not a digit word: {word!r}")
    return _DIGIT[word]


def _units_after_tens(word: str, tens: int) -> int:
    """The units digit as it must be read after ``tens`` (1 for mười, 2-9 for x mươi)."""
    if word == "mốt":
        if tens < 2:
            raise NotANumber("mốt only after hai mươi ... chín mươi")
        return 1
    if word == "lăm":
        return 5
    value = _digit(word)
    if value == 0 or value == 5:
        raise NotANumber(f"{word!r} cannot follow the tens")
    if value == 1 and tens >= 2:
        raise NotANumber("after x mươi, 1 is read mốt")
    return value


def _parse_group(words: list[str], *, must_read_hundreds: bool) -> int:
    """Parse 1-999 (or 0 never); raise NotANumber on anything ill-formed."""
    value = 0
    rest = words
    if len(rest) >= 2 and rest[1] == "trăm":
        value = 100 * _digit(rest[0])
        rest = rest[2:]
        if value == 0 and not must_read_hundreds:
            raise NotANumber("không trăm only inside a number")
    elif must_read_hundreds:
        raise NotANumber(f"inner group without hundreds: {words}")
    if not rest:
        if value == 0:
            raise NotANumber("empty group")
        return value
    if rest[0] == "linh":
        if len(words) - len(rest) != 2 or len(rest) != 2:
            raise NotANumber("linh only after hundreds, before one digit")
        unit = _digit(rest[1])
        if unit == 0:
            raise NotANumber("linh không")
        return value + unit
    if rest[0] == "mười":
        tens, rest = 1, rest[1:]
    elif len(rest) >= 2 and rest[1] == "mươi":
        tens, rest = _digit(rest[0]), rest[2:]
        if tens < 2:
            raise NotANumber("x mươi needs x >= 2")
    else:
        tens = 0
    if tens == 0:
        if len(rest) != 1 or value:
            raise NotANumber(f"bad group: {words}")
        unit = _digit(rest[0])
        if unit == 0:
            raise NotANumber("a group of zero is skipped, not read")
        return unit
    if len(rest) > 1:
        raise NotANumber(f"trailing words: {rest}")
    unit = _units_after_tens(rest[0], tens) if rest else 0
    return value + 10 * tens + unit


def _parse_below_billion(words: list[str], *, leading: bool) -> int:
    total = 0
    for name, scale in (("triệu", 10**6), ("nghìn", 10**3), ("", 1)):
        if name:
            if name not in words:
                continue
            cut = words.index(name)
            group_words, words = words[:cut], words[cut + 1 :]
        else:
            if not words:
                break
            group_words, words = words, []
        total += scale * _parse_group(group_words, must_read_hundreds=not leading)
        leading = False
    if words:
        raise NotANumber(f"words out of order: {words}")
    return total


def parse_number_words(text: str) -> int:
    """The integer that ``text`` reads, following the rules of vietnamese.md strictly."""
    words = text.split(" ")
    if words == ["không"]:
        return 0
    sign = 1
    if words[0] == "âm":
        sign, words = -1, words[1:]
    if "tỷ" in words:
        cut = len(words) - 1 - words[::-1].index("tỷ")
        billions = _parse_below_billion(words[:cut], leading=True) if "tỷ" not in words[:cut] else -1
        if billions < 1:
            raise NotANumber("the count of billions must be a number below 10^9")
        rest = _parse_below_billion(words[cut + 1 :], leading=False) if words[cut + 1 :] else 0
        return sign * (billions * 10**9 + rest)
    return sign * _parse_below_billion(words, leading=True)


# --------------------------------------------------------------------------------------------
# Legacy encoders (Unicode -> legacy text as it reads after a Windows-1252 decode)
# --------------------------------------------------------------------------------------------

# Published TCVN3 (ABC) table, byte values, one row per vowel, tones in the order
# none, sắc, huyền, hỏi, ngã, nặng.
_TCVN3_BYTES = {
    "aáàảãạ": [0x61, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9],
    "ăắằẳẵặ": [0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6],
    "âấầẩẫậ": [0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB],
    "eéèẻẽẹ": [0x65, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1],
    "êếềểễệ": [0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6],
    "iíìỉĩị": [0x69, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE],
    "oóòỏõọ": [0x6F, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4],
    "ôốồổỗộ": [0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9],
    "ơớờởỡợ": [0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE],
    "uúùủũụ": [0x75, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4],
    "ưứừửữự": [0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9],
    "yýỳỷỹỵ": [0x79, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE],
}
_TCVN3_ROWS = {letters: [bytes([b]).decode("cp1252") for b in codes] for letters, codes in _TCVN3_BYTES.items()}
_TCVN3_OTHERS = {
    letter: bytes([code]).decode("cp1252")
    for letter, code in {"đ": 0xAE, "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}.items()
}
TCVN3_CAPITALS = "ĂÂĐÊÔƠƯ"

# Published VNI Windows table, same row layout (upper-case rows follow the lower-case ones).
_VNI_ROWS = {
    "aáàảãạ": ["a", "aù", "aø", "aû", "aõ", "aï"],
    "âấầẩẫậ": ["aâ", "aá", "aà", "aå", "aã", "aä"],
    "ăắằẳẵặ": ["aê", "aé", "aè", "aú", "aü", "aë"],
    "eéèẻẽẹ": ["e", "eù", "eø", "eû", "eõ", "eï"],
    "êếềểễệ": ["eâ", "eá", "eà", "eå", "eã", "eä"],
    "iíìỉĩị": ["i", "í", "ì", "æ", "ó", "ò"],
    "oóòỏõọ": ["o", "où", "oø", "oû", "oõ", "oï"],
    "ôốồổỗộ": ["oâ", "oá", "oà", "oå", "oã", "oä"],
    "ơớờởỡợ": ["ô", "ôù", "ôø", "ôû", "ôõ", "ôï"],
    "uúùủũụ": ["u", "uù", "uø", "uû", "uõ", "uï"],
    "ưứừửữự": ["ö", "öù", "öø", "öû", "öõ", "öï"],
    "yýỳỷỹỵ": ["y", "yù", "yø", "yû", "yõ", "î"],
    "AÁÀẢÃẠ": ["A", "AÙ", "AØ", "AÛ", "AÕ", "AÏ"],
    "ÂẤẦẨẪẬ": ["AÂ", "AÁ", "AÀ", "AÅ", "AÃ", "AÄ"],
    "ĂẮẰẲẴẶ": ["AÊ", "AÉ", "AÈ", "AÚ", "AÜ", "AË"],
    "EÉÈẺẼẸ": ["E", "EÙ", "EØ", "EÛ", "EÕ", "EÏ"],
    "ÊẾỀỂỄỆ": ["EÂ", "EÁ", "EÀ", "EÅ", "EÃ", "EÄ"],
    "IÍÌỈĨỊ": ["I", "Í", "Ì", "Æ", "Ó", "Ò"],
    "OÓÒỎÕỌ": ["O", "OÙ", "OØ", "OÛ", "OÕ", "OÏ"],
    "ÔỐỒỔỖỘ": ["OÂ", "OÁ", "OÀ", "OÅ", "OÃ", "OÄ"],
    "ƠỚỜỞỠỢ": ["Ô", "ÔÙ", "ÔØ", "ÔÛ", "ÔÕ", "ÔÏ"],
    "UÚÙỦŨỤ": ["U", "UÙ", "UØ", "UÛ", "UÕ", "UÏ"],
    "ƯỨỪỬỮỰ": ["Ö", "ÖÙ", "ÖØ", "ÖÛ", "ÖÕ", "ÖÏ"],
    "YÝỲỶỸỴ": ["Y", "YÙ", "YØ", "YÛ", "YÕ", "Î"],
}
_VNI_OTHERS = {"đ": "ñ", "Đ": "Ñ"}


def _encoder(rows: dict[str, list[str]], others: dict[str, str]) -> dict[str, str]:
    table = dict(others)
    for letters, codes in rows.items():
        assert len(letters) == len(codes) == 6
        table.update(zip(letters, codes, strict=True))
    return table


_TCVN3 = _encoder(_TCVN3_ROWS, _TCVN3_OTHERS)
_VNI = _encoder(_VNI_ROWS, _VNI_OTHERS)


def to_legacy(text: str, encoding: str) -> str:
    """Encode NFC Vietnamese text as TCVN3 or VNI; characters the table lacks must be ASCII."""
    table = {"tcvn3": _TCVN3, "vni": _VNI}[encoding]
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in table:
            out.append(table[char])
        elif char.isascii():
            out.append(char)
        else:
            raise ValueError(f"{encoding} cannot hold {char!r}")
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Reference collation
# --------------------------------------------------------------------------------------------

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Each row: the letter without tone, then huyền, hỏi, ngã, sắc, nặng (docgen's tone order).
_TONE_ROWS = [
    "aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị",
    "oòỏõóọ", "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ",
]  # fmt: skip
_LETTER_TONE = {char: (row[0], tone) for row in _TONE_ROWS for tone, char in enumerate(row)}


def _reference_units(text: str) -> list[tuple[int, int, int]]:
    """(letter index, tone, is upper) for each character; a space sorts before every letter."""
    units = []
    for char in unicodedata.normalize("NFC", text):
        lower = char.lower()
        if char == " ":
            units.append((-1, 0, 0))
            continue
        letter, tone = _LETTER_TONE.get(lower, (lower, 0))
        units.append((ALPHABET.index(letter), tone, int(char != lower)))
    return units


def _sign(a: list[int] | str, b: list[int] | str) -> int:
    return int(a > b) - int(a < b)  # type: ignore[operator]


def reference_compare(a: str, b: str) -> int:
    """-1, 0 or 1: ICU-style Vietnamese comparison, level by level, character by character."""
    ua, ub = _reference_units(a), _reference_units(b)
    for level in range(3):
        result = _sign([u[level] for u in ua], [u[level] for u in ub])
        if result:
            return result
    return _sign(unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b))


# --------------------------------------------------------------------------------------------
# Vietnamese syllables
# --------------------------------------------------------------------------------------------

_ONSETS_TEXT = "b c ch d đ g gh h k kh l m n ng ngh nh p ph r s t th tr v x"
ONSETS = [*_ONSETS_TEXT.split(), ""]
# Rhymes with the old-style tone position marked by an upper-case letter.
_RHYMES_TEXT = """
A Ai Ao Au Ay An Ang Anh Ac Ach Am Ap At Ăn Ăng Ăm Ăc Ăp Ăt Âu Ây Ân Âng Âm Âc Âp Ât
E Eo En Eng Em Ec Ep Et Ê Êu Ên Ênh Êm Êch Êp Êt I Ia Iu In Inh Im Ich Ip It
iÊu iÊn iÊm iÊng iÊc iÊp iÊt O Oi On Ong Om Oc Op Ot Oa oAi oAy oAn oAng oAnh oAc oAch oAt
Oe oEn oEt oĂn oĂng oĂc oĂt Ô Ôi Ôn Ông Ôm Ôc Ôp Ôt Ơ Ơi Ơn Ơm Ơp Ơt
U Ua Ui Un Ung Um Uc Up Ut uÂn uÂt uÂy uÊ uÊch uÊnh Uy uYa uYu uyÊn uyÊt uYnh uYch
uÔi uÔn uÔng uÔm uÔc uÔt Ư Ưa Ưi Ưu Ưng Ưc Ưt ưƠi ưƠu ưƠn ưƠng ưƠm ưƠc ưƠp ưƠt
Y yÊu yÊn yÊm yÊt
"""
RHYMES = _RHYMES_TEXT.split()
# Where the new style differs: open oa, oe, uy carry the tone on the second vowel.
NEW_STYLE_SECOND = {"oa", "oe", "uy"}
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def _rhymes_after(onset: str) -> list[str]:
    if onset == "qu":
        return [r for r in RHYMES if r[0].lower() in "aăâeêyơ"]
    if onset == "gi":
        glides = ("oa", "oe", "oă", "uy", "uâ", "uê", "uô")
        return [r for r in RHYMES if r[0].lower() in "aăâeêoôơuư" and r[:2].lower() not in glides]
    if onset == "g":
        return [r for r in RHYMES if r[0].lower() not in "iy"]  # "gi" would read as a consonant
    return RHYMES


ONSET_RHYMES = [(onset, rhyme) for onset in [*ONSETS, "qu", "gi"] for rhyme in _rhymes_after(onset)]


def syllable(onset: str, marked_rhyme: str, tone: int, *, new_style: bool = False) -> str:
    """Build an NFC syllable; ``marked_rhyme`` marks the old-style tone vowel in upper case."""
    rhyme = marked_rhyme.lower()
    position = next(i for i, char in enumerate(marked_rhyme) if char.isupper())
    if new_style and rhyme in NEW_STYLE_SECOND:
        position = 1
    toned = rhyme[:position] + unicodedata.normalize("NFC", rhyme[position] + TONES[tone]) + rhyme[position + 1 :]
    return unicodedata.normalize("NFC", onset + toned)
