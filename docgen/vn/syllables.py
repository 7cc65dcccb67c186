"""Whether a word is one well-formed Vietnamese syllable (``Nguyễn``, ``hoà``, ``Quỳnh``).

Used to tell a legacy-encoded word (``Höông``, ``Kh\\xaa``) from a real Unicode word that
happens to use the same Latin-1 letters (``Xuân``, ``Hòa``, ``Khê``): the real word is a
syllable, the legacy one is not and becomes one once converted.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from docgen.vn.text import _TONE_MARKS

# Initial consonants; f, j, w, z are kept for borrowed words and names (Fansipan, Zê).
_ONSETS: Final = (
    "", "b", "c", "ch", "d", "đ", "f", "g", "gh", "gi", "h", "j", "k", "kh", "l", "m", "n", "ng",
    "ngh", "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v", "w", "x", "z",
)  # fmt: skip

# Every rhyme (vowels and final consonant) of the language, the vowel that takes the tone in
# the traditional placement written in upper case (hòa, của, người, khuỷu).
_RHYMES_TEXT: Final = """
    A Ai Ao Au Ay An Ang Anh Ac Ach Am Ap At Ăn Ăng Ăm Ăc Ăp Ăt Âu Ây Ân Âng Âm Âc Âp Ât
    E Eo En Eng Em Ec Ep Et Ê Êu Ên Ênh Êm Êch Êp Êt I Ia Iu In Inh Im Ich Ip It
    iÊu iÊn iÊm iÊng iÊc iÊp iÊt O Oi On Ong Om Oc Op Ot Oa oAi oAy oAn oAng oAnh oAc oAch oAt
    oAm oAp Oe oEn oEt oEo oĂn oĂng oĂc oĂt oĂm oOng oOc Ô Ôi Ôn Ông Ôm Ôc Ôp Ôt Ơ Ơi Ơn Ơm Ơp Ơt
    U Ua Ui Un Ung Um Uc Up Ut uÂn uÂt uÂy uÂng uÊ uÊch uÊnh Uy uYa uYu uyÊn uyÊt uYnh uYch uYt
    uÔi uÔn uÔng uÔm uÔc uÔt uƠ Ư Ưa Ưi Ưu Ưng Ưc Ưt Ưm ưƠi ưƠu ưƠn ưƠng ưƠm ưƠc ưƠp ưƠt
    Y yÊu yÊn yÊm yÊt yÊng
"""
# Where the tone may stand in each rhyme: the traditional vowel, and for an open oa, oe, uy
# also the second one (new-style hoà, khoẻ, thuỷ).
_RHYMES: Final[dict[str, frozenset[int]]] = {
    marked.lower(): frozenset(
        {next(i for i, char in enumerate(marked) if char.isupper())}
        | ({1} if marked.lower() in ("oa", "oe", "uy") else set())
    )
    for marked in _RHYMES_TEXT.split()
}


def _shape_and_tone(word: str) -> tuple[str, int | None, bool]:
    """The lower-case letters without tone, where the tone is, and whether there is at most one."""
    shape: list[str] = []
    toned: list[int] = []
    for char in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", char)
        if any(mark in _TONE_MARKS for mark in decomposed):
            toned.append(len(shape))
        shape.append(unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS)))
    return "".join(shape), (toned[0] if toned else None), len(toned) <= 1


def is_syllable(word: str) -> bool:
    """True if ``word`` (any case, NFC or NFD, old or new tone placement) is one syllable.

    ``is_syllable("Nguyễn")``, ``is_syllable("hoà")``, ``is_syllable("THUỶ")`` are true;
    ``is_syllable("Höông")``, ``is_syllable("Tónh")``, ``is_syllable("Noël")`` are not, nor is
    ``baù`` (VNI «bá»: the tone of ``au`` stands on the ``a``).
    """
    shape, tone, single = _shape_and_tone(word)
    if not single:
        return False
    # Which tone a closed syllable takes (only sắc or nặng after p, t, c, ch) is not checked,
    # so that a clerk's unusual spelling is never taken for a legacy encoding.
    for onset in _ONSETS:
        places = _RHYMES.get(shape[len(onset) :]) if shape.startswith(onset) else None
        if places is not None and (tone is None or tone - len(onset) in places):
            return True
    return False
