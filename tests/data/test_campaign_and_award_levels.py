"""What the Excel forms (issue 17, item 1) need from the data: a campaign id written into every
form, and a machine-readable level of each award (who decides it) so that a unit is offered, and
may propose, exactly the awards decided where it proposes to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from docgen.data.model import Dataset
from docgen.data.rules import proposable_awards

Run = Callable[..., Result]


def _edit(ws: Path, name: str, old: str, new: str) -> None:
    path = ws / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_bundled_campaign_has_an_id(dataset: Dataset) -> None:
    assert dataset.campaign.id == "thi-dua-2023"


def test_a_campaign_without_an_id_is_told_where_to_add_it(run: Run, workspace: Path) -> None:
    _edit(workspace, "campaign.yaml", "id: thi-dua-2023\n", "")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1
    assert "data/campaign.yaml:7:1: id: thiếu trường bắt buộc 'id' — thêm dòng `id: …`" in result.output


def test_an_award_level_is_province_or_unit(run: Run, workspace: Path) -> None:
    _edit(workspace, "awards.yaml", "    level: province", "    level: tinh")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1
    assert 'data/awards.yaml:41:12: awards[0].level: giá trị "tinh" không hợp lệ — chọn một trong: province, unit' in (
        result.output
    )


def test_a_district_proposes_the_awards_the_provincial_chairman_decides(dataset: Dataset) -> None:
    unit = dataset.units["huyen-huong-khe"]
    assert [a.id for a in proposable_awards(dataset.awards, unit, dataset.units)] == [
        "chien-si-thi-dua-cap-tinh",
        "co-thi-dua-ubnd-tinh",
        "tap-the-lao-dong-xuat-sac",
        "bang-khen-chu-tich-ubnd-tinh",
    ]
    assert [a.id for a in proposable_awards(dataset.awards, dataset.units["so-noi-vu"], dataset.units)] == [
        "chien-si-thi-dua-cap-tinh",
        "co-thi-dua-ubnd-tinh",
        "tap-the-lao-dong-xuat-sac",
        "bang-khen-chu-tich-ubnd-tinh",
    ]


def test_a_commune_proposes_to_its_district_the_awards_decided_there(dataset: Dataset) -> None:
    commune = dataset.units["phuong-tran-phu"]
    assert [a.id for a in proposable_awards(dataset.awards, commune, dataset.units)] == [
        "chien-si-thi-dua-co-so",
        "lao-dong-tien-tien",
        "tap-the-lao-dong-tien-tien",
        "giay-khen",
    ]


def test_a_candidate_proposed_to_the_province_for_an_in_house_award_is_refused(run: Run, workspace: Path) -> None:
    _edit(workspace, "candidates.yaml", "award: chien-si-thi-dua-cap-tinh", "award: lao-dong-tien-tien")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1
    assert (
        "candidates[2].award: Lao động tiên tiến do Thủ trưởng cơ quan, đơn vị quyết định (level: unit trong "
        "data/awards.yaml), không thuộc các hình thức thanh-pho-ha-tinh đề nghị lên Ủy ban nhân dân tỉnh Hà Tĩnh"
        " — chọn một trong: chien-si-thi-dua-cap-tinh, co-thi-dua-ubnd-tinh, tap-the-lao-dong-xuat-sac, "
        "bang-khen-chu-tich-ubnd-tinh"
    ) in result.output
