"""``--unit-kind`` and ``--with-communes`` on the command line: kinds by their Vietnamese names
(with or without diacritics), the district level with the city and the towns, a district with
its communes, for ``list units`` and ``build``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.workspace import Workspace

Run = Callable[..., Result]


def test_unknown_unit_kind_on_the_command_line(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "list", "units", "--unit-kind", "thi xa", "--unit-kind", "huyenn")
    assert result.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ cho '--unit-kind': \"huyenn\" không phải một loại đơn vị;" in result.output
    assert result.output.rstrip().endswith('— có phải "huyện"?')


def _ids(run: Run, ws: Path, *args: str) -> list[str]:
    result = run("-w", str(ws), "list", "units", *args, "--json")
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


def test_the_district_level_includes_the_city_and_the_towns(run: Run, sample_workspace: Path) -> None:
    level = _ids(run, sample_workspace, "--unit-kind", "cấp huyện")
    assert len(level) == 13
    assert {"thanh-pho-ha-tinh", "thi-xa-hong-linh", "thi-xa-ky-anh", "huyen-duc-tho"} <= set(level)
    assert _ids(run, sample_workspace, "--unit-kind", "cap-huyen") == level
    districts = _ids(run, sample_workspace, "--unit-kind", "huyện")
    assert len(districts) == 10 and "thanh-pho-ha-tinh" not in districts
    assert _ids(run, sample_workspace, "--unit-kind", "district") == districts
    assert _ids(run, sample_workspace, "--unit-kind", "thị xã") == ["thi-xa-hong-linh", "thi-xa-ky-anh"]
    both = _ids(run, sample_workspace, "--unit-kind", "thanh pho", "--unit-kind", "huyen")
    assert len(both) == 11 and both[0] == "thanh-pho-ha-tinh"


@pytest.mark.parametrize(("unit", "communes"), [("huyen-duc-tho", 16), ("thi-xa-hong-linh", 6)])
def test_a_district_level_unit_with_its_communes(run: Run, sample_workspace: Path, unit: str, communes: int) -> None:
    data = Workspace.open(sample_workspace).load()
    own = [u.id for u in data.units.values() if u.kind == "commune" and u.parent == unit]
    assert _ids(run, sample_workspace, "--unit", unit, "--with-communes") == [unit, *own]
    assert _ids(run, sample_workspace, "--unit", unit) == [unit]


@pytest.mark.parametrize(("unit", "communes"), [("huyen-duc-tho", 16), ("thi-xa-hong-linh", 6)])
def test_build_a_district_level_unit_with_its_communes(
    run: Run, sample_workspace: Path, tmp_path: Path, unit: str, communes: int
) -> None:
    out = tmp_path / "out"
    args = ("-w", str(sample_workspace), "build", "--unit", unit, "--with-communes", "--kind", "ke-hoach")
    result = run(*args, "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["units"] == 1 + communes and report["built"] == 1 + communes
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    data = Workspace.open(sample_workspace).load()
    own = [u.id for u in data.units.values() if u.kind == "commune" and u.parent == unit]
    assert sorted(d["doc_id"] for d in manifest["documents"]) == sorted(f"{u}/ke-hoach" for u in [unit, *own])


def test_build_with_communes_by_unit_kind_name(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    args = ("-w", str(sample_workspace), "build", "--unit-kind", "thị xã", "--with-communes", "--kind", "quyet-dinh")
    result = run(*args, "--out", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["built"] == 2, "communes write no decision: the two towns' only"
