"""``docgen.documents.selection``: what a clerk types for a unit kind, and a district-level
unit with its own communes, as pure functions of the typed text and the dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.data.model import UNIT_KINDS
from docgen.documents import selection
from docgen.errors import UsageError
from docgen.workspace import Workspace

DISTRICT_LEVEL = ("district", "town", "city")


@pytest.mark.parametrize(
    ("typed", "kinds"),
    [
        ("huyện", ("district",)),
        ("huyen", ("district",)),
        ("HUYỆN", ("district",)),
        ("thị xã", ("town",)),
        ("thi-xa", ("town",)),
        ("Thành phố", ("city",)),
        ("sở", ("department",)),
        ("Sở, ban, ngành", ("department",)),
        ("so ban nganh", ("department",)),
        ("xã", ("commune",)),
        ("cấp xã", ("commune",)),
        ("doanh nghiệp", ("enterprise",)),
        ("trường", ("school",)),
        ("trường học", ("school",)),
        ("tổ chức", ("organisation",)),
        ("tỉnh", ("province",)),
        ("cấp huyện", DISTRICT_LEVEL),
        ("cap-huyen", DISTRICT_LEVEL),
        ("Cap Huyen", DISTRICT_LEVEL),
        ("district-level", DISTRICT_LEVEL),
        *((kind, (kind,)) for kind in UNIT_KINDS),
    ],
)
def test_unit_kinds_as_a_clerk_types_them(typed: str, kinds: tuple[str, ...]) -> None:
    assert selection.unit_kinds(typed) == kinds


def test_an_unknown_unit_kind_lists_the_choices_and_guesses() -> None:
    with pytest.raises(UsageError) as raised:
        selection.unit_kinds("huyn")
    assert raised.value.hint == 'có phải "huyện"?'
    assert raised.value.message.startswith('"huyn" không phải một loại đơn vị; chọn một trong: huyện; thị xã; ')
    assert "cấp huyện (cả huyện, thị xã, thành phố)" in raised.value.message
    with pytest.raises(UsageError) as raised:
        selection.unit_kinds("phường")
    assert raised.value.hint == 'phường, thị trấn là đơn vị cấp xã: chọn "xã" (gồm xã, phường, thị trấn)'
    with pytest.raises(UsageError):
        selection.unit_kinds(" , ")


@pytest.mark.parametrize(("unit", "communes"), [("huyen-duc-tho", 16), ("thi-xa-hong-linh", 6)])
def test_a_district_level_unit_with_its_own_communes(sample_workspace: Path, unit: str, communes: int) -> None:
    data = Workspace.open(sample_workspace).load()
    own = [u.id for u in data.units.values() if u.kind == "commune" and u.parent == unit]
    assert len(own) == communes
    assert selection.with_communes(data, units=[unit]) == [unit, *own]


def test_with_communes_by_kind(sample_workspace: Path) -> None:
    data = Workspace.open(sample_workspace).load()
    towns = selection.with_communes(data, unit_kinds=["town"])
    assert towns[0] == "thi-xa-hong-linh" and len(towns) == 2 + 6 + 11
    assert {data.units[i].parent for i in towns if data.units[i].kind == "commune"} == {
        "thi-xa-hong-linh",
        "thi-xa-ky-anh",
    }
    everything = selection.with_communes(data, unit_kinds=DISTRICT_LEVEL)
    assert len(everything) == 13 + 216
    assert selection.with_communes(data, units=["huyen-duc-thoo"]) == ["huyen-duc-thoo"], "left for the caller's check"
    with pytest.raises(UsageError, match="Sở Nội vụ không có xã"):
        selection.with_communes(data, units=["so-noi-vu"])
    with pytest.raises(UsageError, match="cần chọn đơn vị cấp huyện"):
        selection.with_communes(data)
