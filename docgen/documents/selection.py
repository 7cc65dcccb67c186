"""A clerk's selection of units in words: unit kinds by their Vietnamese names, a
district-level unit together with its own communes.

Pure functions of their arguments and a :class:`~docgen.data.model.Dataset`: the command line
turns what was typed into plain unit kind ids and unit ids with them, and ``plan`` receives
only those. Errors are :class:`~docgen.errors.UsageError` (exit code 2): the command line asked
for something that does not exist or selects nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from docgen import vn
from docgen.data.model import DISTRICT_LEVEL, UNIT_KINDS, Dataset
from docgen.errors import DocgenError, UsageError, closest, did_you_mean

# What a clerk may type for each unit kind besides its English id; the first name is the one
# help and messages show. Case, diacritics and punctuation do not matter ("Sở, ban, ngành",
# "so ban nganh" and "sở-ban-ngành" are the same).
KIND_NAMES: dict[str, tuple[str, ...]] = {
    "district": ("huyện",),
    "town": ("thị xã",),
    "city": ("thành phố",),
    "department": ("sở", "sở, ban, ngành", "ban, ngành"),
    "commune": ("xã", "cấp xã", "xã, phường, thị trấn"),
    "enterprise": ("doanh nghiệp",),
    "school": ("trường", "trường học"),
    "organisation": ("tổ chức", "tổ chức chính trị - xã hội", "đoàn thể"),
    "province": ("tỉnh", "UBND tỉnh"),
}
# The district level: the 10 districts, the city (TP Hà Tĩnh) and the two towns (Hồng Lĩnh, Kỳ Anh).
DISTRICT_LEVEL_NAMES: tuple[str, ...] = ("cấp huyện", "huyện, thị xã, thành phố", "district-level")
DISTRICT_LEVEL_KINDS: tuple[str, ...] = tuple(k for k in UNIT_KINDS if k in DISTRICT_LEVEL)
# Words a clerk may try that are not a kind of their own: what to type instead.
NOT_KINDS: dict[str, str] = {
    "phường": 'phường, thị trấn là đơn vị cấp xã: chọn "xã" (gồm xã, phường, thị trấn)',
    "thị trấn": 'phường, thị trấn là đơn vị cấp xã: chọn "xã" (gồm xã, phường, thị trấn)',
    "ubnd": 'chọn "tỉnh", "huyện", "thị xã", "thành phố" hoặc "xã"',
}


def _key(text: str) -> str:
    try:
        return vn.slug(text)
    except ValueError:  # nothing but punctuation or spaces
        return ""


def _lookup() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    kinds: dict[str, tuple[str, ...]] = {}
    shown: dict[str, str] = {}

    def add(name: str, value: tuple[str, ...]) -> None:
        key = _key(name)
        if kinds.get(key, value) != value:
            raise AssertionError(f"{name!r} names two different unit kinds")
        kinds[key] = value
        shown.setdefault(key, name)

    for kind in UNIT_KINDS:
        add(kind, (kind,))
        for name in KIND_NAMES.get(kind, ()):
            add(name, (kind,))
    for name in DISTRICT_LEVEL_NAMES:
        add(name, DISTRICT_LEVEL_KINDS)
    return kinds, shown


_KINDS, _SHOWN = _lookup()


def unit_kind_choices() -> str:
    """The values ``--unit-kind`` accepts, as help and error messages list them."""
    names = [f"{KIND_NAMES[k][0]}" for k in ("district", "town", "city")]
    names.append(f"{DISTRICT_LEVEL_NAMES[0]} (cả huyện, thị xã, thành phố)")
    names += [KIND_NAMES[k][0] for k in KIND_NAMES if k not in DISTRICT_LEVEL]
    return "; ".join(names) + "; hoặc mã " + ", ".join((*UNIT_KINDS, DISTRICT_LEVEL_NAMES[-1]))


def unit_kinds(text: str) -> tuple[str, ...]:
    """The unit kind ids a clerk means: ``"Huyện"`` → ``("district",)``, ``"cap huyen"`` →
    ``("district", "town", "city")``; an English id stands for itself."""
    key = _key(text)
    found = _KINDS.get(key)
    if found is not None:
        return found
    instead = {_key(word): hint for word, hint in NOT_KINDS.items()}.get(key)
    if instead is not None:
        raise UsageError(f'"{text}" không phải một loại đơn vị', hint=instead)
    guess = closest(key, _KINDS) if key else None
    hint = f'có phải "{_SHOWN[guess]}"?' if guess is not None else None
    raise UsageError(
        f'"{text}" không phải một loại đơn vị; chọn một trong: {unit_kind_choices()}',
        hint=hint,
    )


def check_units(data: Dataset, unit_ids: Iterable[str]) -> None:
    """Every id names a unit of the dataset, else the first unknown one with a did-you-mean."""
    for unit_id in unit_ids:
        if unit_id not in data.units:
            raise DocgenError(
                f'Không có đơn vị "{unit_id}"',
                hint=did_you_mean(unit_id, data.units, otherwise="xem `docgen list units`"),
            )


def with_communes(data: Dataset, *, units: Iterable[str] = (), unit_kinds: Iterable[str] = ()) -> list[str]:
    """The units chosen by id and by kind (each narrows), every district-level one followed by
    its own communes (those whose ``parent`` it is), in data order.

    ``huyen-duc-tho`` → the district and its 16 communes; ``thi-xa-hong-linh`` → the town and
    its 6 wards and communes. An id that does not exist is kept at the end, for the caller's
    check to name it. Nothing district-level among the chosen units is a usage error.
    """
    ids, kinds = list(dict.fromkeys(units)), set(unit_kinds)
    if not ids and not kinds:
        raise UsageError(
            "--with-communes cần chọn đơn vị cấp huyện bằng --unit hoặc --unit-kind",
            hint="ví dụ: --unit huyen-duc-tho --with-communes; mọi xã, phường, thị trấn: --communes",
        )
    chosen = [u for u in data.units.values() if (not ids or u.id in ids) and (not kinds or u.kind in kinds)]
    unknown = [i for i in ids if i not in data.units]
    parents = {u.id for u in chosen if u.kind in DISTRICT_LEVEL}
    if not parents and not unknown:
        names = ", ".join(u.short_name for u in chosen[:3]) or "lựa chọn này"
        raise UsageError(
            f"--with-communes: {names} không có xã, phường, thị trấn trực thuộc",
            hint="chỉ huyện, thị xã, thành phố có xã trực thuộc",
        )
    picked = {u.id for u in chosen}
    selected = [u.id for u in data.units.values() if u.id in picked or (u.kind == "commune" and u.parent in parents)]
    return selected + unknown
