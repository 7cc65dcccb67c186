"""Context builders: the right content for each unit. That the variables described for template
authors are exactly the ones the builders give is tests/docx/test_variables.py's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from docgen.data.model import Dataset
from docgen.documents.context import award_amount, build_context
from docgen.documents.plan import DocRef, documents_for


@pytest.fixture(scope="module")
def data(dataset: Dataset) -> Dataset:
    return dataset


def ctx(data: Dataset, doc_id: str, **kw: Any) -> dict[str, Any]:
    return build_context(data, DocRef.parse(doc_id), **kw)


def test_doc_ref_round_trip() -> None:
    for text in ("huyen-huong-khe/ke-hoach", "so-noi-vu/bao-cao/2023-h1", "so-y-te/bao-cao-thanh-tich/abc-1"):
        assert DocRef.parse(text).id == text


def test_draft_number_and_date(data: Dataset) -> None:
    doc = ctx(data, "huyen-huong-khe/ke-hoach")["doc"]
    assert doc["number_line"] == "Số:      /KH-UBND"
    assert doc["number_symbol"] == "      /KH-UBND"
    assert doc["draft"] is True
    numbered = ctx(data, "huyen-huong-khe/ke-hoach", number=5, issue_date=date(2023, 7, 5))["doc"]
    assert numbered["number_line"] == "Số: 05/KH-UBND"
    assert numbered["date"] == date(2023, 7, 5)


def test_report_summary_names_the_period(data: Dataset) -> None:
    assert ctx(data, "so-noi-vu/bao-cao/2023-h1")["doc"]["summary"].endswith("6 tháng đầu năm 2023")


def test_legal_bases_follow_the_law_in_force(data: Dataset) -> None:
    decision = " ".join(ctx(data, "huyen-huong-khe/quyet-dinh")["legal_bases"])
    assert "26 tháng 11 năm 2003" in decision and "91/2017/NĐ-CP" in decision
    assert "15 tháng 6 năm 2022" not in decision
    if any(d.unit == "huyen-huong-khe" for d in data.candidates):
        proposal = " ".join(ctx(data, "huyen-huong-khe/to-trinh")["legal_bases"])
        assert "15 tháng 6 năm 2022" in proposal and "98/2023/NĐ-CP" in proposal
        assert "91/2017/NĐ-CP" not in proposal


def test_legal_bases_punctuation(data: Dataset) -> None:
    lines = ctx(data, "so-noi-vu/quyet-dinh")["legal_bases"]
    assert all(line.startswith("Căn cứ ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1]) and lines[-1].endswith(".")


def test_recipients_punctuation(data: Dataset) -> None:
    report = ctx(data, "huyen-huong-khe/bao-cao/2023")["recipients"]
    assert report[0] == "- Như trên;"
    assert report[-1] == "- Lưu: VT, NV."
    assert all(line.startswith("- ") and line.endswith(";") for line in report[:-1])
    assert ctx(data, "huyen-huong-khe/quyet-dinh")["recipients"][0] == "- Như Điều 3;"


def test_the_addressee_is_not_listed_again_under_nhu_tren(data: Dataset) -> None:
    """A report goes to Sở Nội vụ "Kính gửi"; "Như trên" already sends it there, so a unit
    whose own recipient list names Sở Nội vụ (or the same line twice) does not repeat it."""
    from docgen.data.model import RecipientItem

    unit = data.units["truong-thpt-chuyen-ha-tinh"]
    listed = [RecipientItem(unit="so-noi-vu"), RecipientItem(text="Hiệu trưởng"), RecipientItem(text="Hiệu trưởng")]
    recipients = {"default": listed}
    changed = data.model_copy(
        update={"units": {**data.units, unit.id: unit.model_copy(update={"recipients": recipients})}}
    )
    report = ctx(changed, f"{unit.id}/bao-cao/2023")["recipients"]
    assert report == ["- Như trên;", "- Hiệu trưởng;", "- Lưu: VT, VP."]
    decision = ctx(changed, f"{unit.id}/quyet-dinh")["recipients"]
    assert decision == ["- Như Điều 3;", "- Sở Nội vụ;", "- Hiệu trưởng;", "- Lưu: VT, VP."]


def test_signers_by_kind_and_date(data: Dataset) -> None:
    assert ctx(data, "huyen-huong-khe/quyet-dinh")["signer"]["lines"] == ["CHỦ TỊCH"]
    assert ctx(data, "huyen-huong-khe/ke-hoach")["signer"]["lines"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    before = ctx(data, "huyen-duc-tho/bao-cao/2023-h1")["signer"]["name"]
    after = ctx(data, "huyen-duc-tho/bao-cao/2023")["signer"]["name"]
    assert before != after  # the chairman changed on 01/10/2023
    deputy = ctx(data, "huyen-nghi-xuan/bao-cao/2023-h1")["signer"]["lines"]
    assert deputy == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_report_goes_to_the_right_body(data: Dataset) -> None:
    assert ctx(data, "huyen-huong-khe/bao-cao/2023")["report_to"] == "Sở Nội vụ"
    assert ctx(data, "so-noi-vu/bao-cao/2023")["report_to"] == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    commune = next(u for u in data.units.values() if u.kind == "commune" and u.parent == "huyen-huong-khe")
    assert ctx(data, f"{commune.id}/bao-cao/2023")["report_to"] == "Ủy ban nhân dân huyện Hương Khê"


def test_communes_write_plans_and_reports_only(data: Dataset) -> None:
    commune = next(u for u in data.units.values() if u.kind == "commune")
    kinds = {r.kind for r in documents_for(data, commune)}
    assert kinds == {"ke-hoach", "bao-cao"}


def test_award_amounts(data: Dataset) -> None:
    day = date(2024, 1, 15)
    assert award_amount(data, "bang-khen-chu-tich-ubnd-tinh", "individual", "province", day) == 1_800_000
    assert award_amount(data, "bang-khen-chu-tich-ubnd-tinh", "collective", "province", day) == 3_600_000
    assert award_amount(data, "co-thi-dua-ubnd-tinh", "collective", "province", day) == 14_400_000
    assert award_amount(data, "lao-dong-tien-tien", "individual", "province", day) == 540_000
    assert award_amount(data, "chien-si-thi-dua-cap-tinh", "individual", "province", date(2024, 7, 1)) == 7_020_000
    assert award_amount(data, "giay-khen", "individual", "commune", day) == 270_000


def test_proposal_totals_add_up(data: Dataset) -> None:
    unit = next(c.unit for c in data.candidates)
    proposal = ctx(data, f"{unit}/to-trinh")["proposal"]
    entries = [e for g in proposal["groups"] for e in g["entries"]]
    assert proposal["total"] == sum(e["amount"] for e in entries)
    whos = [g["who"] for g in proposal["groups"]]
    assert whos == sorted(whos, key=lambda w: w != "tập thể"), "collectives first"
    assert proposal["summary_lines"][-1].endswith(".")


def test_indicator_ratio(data: Dataset) -> None:
    indicators = ctx(data, "huyen-huong-khe/bao-cao/2023")["report"]["indicators"]
    for row in indicators:
        assert row["ratio"] == row["result"] / row["target"] * Decimal(100)
