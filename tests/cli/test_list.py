"""`docgen list`: what the workspace holds, and a stable JSON interface."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from docgen.data.model import Dataset
from docgen.data.rules import unit_slug

Run = Callable[..., Result]

DISTRICT_CODES = {"436", "437", "439", "440", "441", "442", "443", "444", "445", "446", "447", "448", "449"}
COMMUNES_PER_DISTRICT = {
    "thanh-pho-ha-tinh": 15,
    "thi-xa-hong-linh": 6,
    "huyen-huong-son": 25,
    "huyen-duc-tho": 16,
    "huyen-vu-quang": 10,
    "huyen-nghi-xuan": 17,
    "huyen-can-loc": 18,
    "huyen-huong-khe": 21,
    "huyen-thach-ha": 22,
    "huyen-cam-xuyen": 23,
    "huyen-ky-anh": 20,
    "huyen-loc-ha": 12,
    "thi-xa-ky-anh": 11,
}


def test_units_json_is_a_stable_list(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "list", "units", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert isinstance(rows, list) and rows
    assert all({"id", "name", "kind"} <= set(row) for row in rows)
    assert not any(row["kind"] == "commune" for row in rows), "communes only with --communes"
    kinds = {row["kind"] for row in rows}
    assert {"province", "department", "district", "town", "city", "enterprise", "school", "organisation"} <= kinds


def test_bundled_data_covers_the_province(dataset: Dataset) -> None:
    data = dataset
    district_level = [u for u in data.units.values() if u.is_district_level]
    assert {u.code for u in district_level} == DISTRICT_CODES
    communes = [u for u in data.units.values() if u.kind == "commune"]
    assert len(communes) == 216
    for district, count in COMMUNES_PER_DISTRICT.items():
        assert sum(1 for c in communes if c.parent == district) == count, district
    for unit in data.units.values():
        if unit.kind in ("district", "town", "city", "commune", "department"):
            assert unit.id == unit_slug(unit) or unit.id == "van-phong-ubnd-tinh", unit.id
    assert len({unit_slug(u) for u in data.units.values()}) == len(data.units)
    names = {u.name for u in data.units.values()}
    assert {"Ủy ban nhân dân tỉnh Hà Tĩnh", "Sở Nội vụ"} <= names
    assert any("Formosa" in n for n in names) and any("Vinatex" in n for n in names)
    assert sum(1 for u in data.units.values() if u.kind == "school") >= 2


def test_unit_kind_filter_and_communes(run: Run, sample_workspace: Path) -> None:
    rows = json.loads(run("-w", str(sample_workspace), "list", "units", "--unit-kind", "district", "--json").output)
    assert len(rows) == 10 and {r["kind"] for r in rows} == {"district"}
    rows = json.loads(run("-w", str(sample_workspace), "list", "units", "--communes", "--json").output)
    assert sum(1 for r in rows if r["kind"] == "commune") == 216
    ids = [r["id"] for r in rows]
    assert "thi-tran-huong-khe" in ids and "huyen-huong-khe" in ids


def test_movements_json(run: Run, sample_workspace: Path) -> None:
    rows = json.loads(run("-w", str(sample_workspace), "list", "movements", "--json").output)
    assert all({"id", "name", "unit_kinds"} <= set(row) for row in rows)
    names = {row["name"] for row in rows}
    assert "Cả tỉnh chung sức xây dựng tỉnh Hà Tĩnh đạt chuẩn nông thôn mới" in names
    assert len(rows) >= 17


def test_plain_listing_is_readable(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "list", "units", "--unit-kind", "city")
    assert "thanh-pho-ha-tinh" in result.output and "thành phố" in result.output
    assert "Tổng: 1 đơn vị." in result.output


def test_workspace_option_is_accepted_at_every_level(run: Run, sample_workspace: Path) -> None:
    for args in (
        ("-w", str(sample_workspace), "list", "units"),
        ("list", "-w", str(sample_workspace), "units"),
        ("list", "units", "-w", str(sample_workspace)),
        ("register", "-w", str(sample_workspace), "list"),
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
