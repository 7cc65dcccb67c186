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

# Every rhyme (vowels and final consonant) of the language, without tone.
_RHYMES_TEXT: Final = """
    a ai ao au ay an ang anh ac ach am ap at ăn ăng ăm ăc ăp ăt âu ây ân âng âm âc âp ât
    e eo en eng em ec ep et ê êu ên ênh êm êch êp êt i ia iu in inh im ich ip it
    iêu iên iêm iêng iêc iêp iêt o oi on ong om oc op ot oa oai oay oan oang oanh oac oach oat
    oam oap oe oen oet oeo oăn oăng oăc oăt oăm oong ooc ô ôi ôn ông ôm ôc ôp ôt ơ ơi ơn ơm ơp ơt
    u ua ui un ung um uc up ut uân uât uây uâng uê uêch uênh uy uya uyu uyên uyêt uynh uych uyt
    uôi uôn uông uôm uôc uôt uơ ư ưa ưi ưu ưng ưc ưt ưm ươi ươu ươn ương ươm ươc ươp ươt
    y yêu yên yêm yêt yêng
"""
_RHYMES: Final = frozenset(_RHYMES_TEXT.split())


def is_syllable(word: str) -> bool:
    """True if ``word`` (any case, NFC or NFD, old or new tone placement) is one syllable.

    ``is_syllable("Nguyễn")``, ``is_syllable("hoà")``, ``is_syllable("THUỶ")`` are true;
    ``is_syllable("Höông")``, ``is_syllable("Tónh")``, ``is_syllable("Noël")`` are not.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [char for char in decomposed if char in _TONE_MARKS]
    if len(tones) > 1:
        return False
    shape = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in _TONE_MARKS))
    # Any tone on any rhyme: a closed syllable's tone (only sắc or nặng after p, t, c, ch) is
    # not checked, so that a clerk's unusual spelling is never taken for a legacy encoding.
    return any(shape.startswith(onset) and shape[len(onset) :] in _RHYMES for onset in _ONSETS)
