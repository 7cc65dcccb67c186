"""Context builders: the right content for each unit, and the variables documented for
template authors are exactly the ones the builders give."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from docgen.data.model import Dataset
from docgen.documents.context import award_amount, build_context
from docgen.documents.plan import DocRef, documents_for

REPO = Path(__file__).resolve().parents[2]


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


# --- documentation and builders agree -----------------------------------------------------


def _documented() -> dict[str, set[str]]:
    text = (REPO / "docs" / "bien-mau.md").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    for name, body in re.findall(r"<!-- variables: ([\w-]+) -->(.*?)<!-- end -->", text, re.S):
        names: set[str] = set()
        for row in body.splitlines():
            if not row.startswith("| `"):
                continue
            first_cell = row.split("|")[1]
            base = ""
            for token in re.findall(r"`([^`]+)`", first_cell):
                if token.startswith(".") and base:
                    token = base.rsplit(".", 1)[0] + token
                names.add(token)
                base = token
        sections[name] = names
    return sections


def _resolve(context: dict[str, Any], path: str) -> bool:
    current: Any = context
    for part in re.split(r"\.", path):
        index = part.endswith("[i]")
        key = part.removesuffix("[i]")
        if not isinstance(current, dict) or key not in current:
            return False
        current = current[key]
        if index:
            if not isinstance(current, list):
                return False
            if not current:
                return True  # nothing to look into for this unit
            current = current[0]
    return True


def _flatten(context: dict[str, Any]) -> set[str]:
    names = set()
    for key, value in context.items():
        names.add(key)
        if isinstance(value, dict):
            names.update(f"{key}.{sub}" for sub in value)
    return names


@pytest.mark.parametrize(
    ("section", "doc_id"),
    [
        ("common", "huyen-huong-khe/ke-hoach"),
        ("bao-cao", "huyen-huong-khe/bao-cao/2023-h1"),
        ("to-trinh", "huyen-huong-khe/to-trinh"),
        ("bao-cao-thanh-tich", None),
    ],
)
def test_documented_variables_exist(data: Dataset, section: str, doc_id: str | None) -> None:
    documented = _documented()[section]
    ids = [doc_id] if doc_id else [f"{c.unit}/bao-cao-thanh-tich/{c.id}" for c in data.candidates[:6]]
    for one in ids:
        context = ctx(data, one)
        context.setdefault("tasks", context["unit_tasks"] or context["other_tasks"])
        missing = [n for n in documented if not _resolve(context, n)]
        assert not missing, f"documented in docs/bien-mau.md but not built for {one}: {missing}"


def test_every_built_variable_is_documented(data: Dataset) -> None:
    documented = set().union(*_documented().values())
    prefixes = {n.split("[i]")[0] for n in documented} | documented
    candidate = data.candidates[0]
    for doc_id in (
        "huyen-huong-khe/ke-hoach",
        "huyen-huong-khe/bao-cao/2023",
        f"{candidate.unit}/to-trinh",
        f"{candidate.unit}/bao-cao-thanh-tich/{candidate.id}",
    ):
        built = _flatten(ctx(data, doc_id))
        undocumented = sorted(
            n
            for n in built
            if n not in prefixes
            and n.split(".")[0] + "." + "" not in prefixes
            and not any(p.startswith(n + ".") or p.startswith(n + "[") for p in documented)
        )
        assert not undocumented, f"built for {doc_id} but not in docs/bien-mau.md: {undocumented}"
