"""The Chairman's award decisions (issue 19, item 2): one decision per award proposed to the
province, its list, Điều 1 counts, Điều 2 money in figures and words, the title per award and the
legal bases chosen by the decision's date. Expected values are recomputed from the data files."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from reference_render import render_one

from docgen.data.model import Candidate, Dataset
from docgen.documents.context import build_context
from docgen.documents.decisions import counts_text, decision_candidates
from docgen.documents.eligibility import review
from docgen.documents.plan import DocRef, file_stem, plan
from docgen.docx.text import document_text
from docgen.errors import RenderError
from docgen.workspace import Workspace

PROVINCE = "tinh-ha-tinh"
KIND = "quyet-dinh-khen-thuong"
TITLES = {
    "bang-khen-chu-tich-ubnd-tinh": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "chien-si-thi-dua-cap-tinh": "Về việc công nhận danh hiệu Chiến sĩ thi đua cấp tỉnh",
    "tap-the-lao-dong-xuat-sac": "Về việc tặng danh hiệu Tập thể lao động xuất sắc",
    "co-thi-dua-ubnd-tinh": "Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh",
}
# The amounts of spec commendation.md at 1.800.000 đ, in words as a clerk writes them.
WORDS = {
    1_800_000: "Một triệu tám trăm nghìn đồng",
    2_700_000: "Hai triệu bảy trăm nghìn đồng",
    3_600_000: "Ba triệu sáu trăm nghìn đồng",
    5_400_000: "Năm triệu bốn trăm nghìn đồng",
    14_400_000: "Mười bốn triệu bốn trăm nghìn đồng",
}


def _ref(award: str) -> DocRef:
    return DocRef(PROVINCE, KIND, award=award)


def _proposed(data: Dataset, award: str) -> list[Candidate]:
    """The candidates proposed for ``award``, by proposing unit in data/units.yaml order."""
    units = list(data.units)
    return sorted((c for c in data.candidates if c.award == award), key=lambda c: (units.index(c.unit), c.rank))


def _listed(data: Dataset, award: str) -> list[Candidate]:
    """What a decision lists: the proposed candidates who meet the award's criteria on the
    decision's date (01/2024: Luật TĐKT 2022, Nghị định 98/2023)."""
    eligible = {v.candidate.id for v in review(data, date(2024, 1, 1)) if v.eligible}
    return [c for c in _proposed(data, award) if c.id in eligible]


def _figures(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def _amount(data: Dataset, award: str, who: str, day: date) -> int:
    salary = next(s.amount for s in data.awards.base_salary if s.valid_on(day))
    found = next(a for a in data.awards.awards if a.id == award)
    coefficient = next(getattr(c, who) for c in found.coefficients if c.valid_on(day))
    step = data.awards.rounding.step
    return int((coefficient * salary / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


def _text(ws: Workspace, data: Dataset, award: str, **kw: object) -> str:
    return document_text(render_one(ws, data, _ref(award), **kw))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ws(sample_root: Path) -> Workspace:
    return Workspace.open(sample_root)


def test_one_decision_per_award_the_chairman_decides(dataset: Dataset) -> None:
    proposed = {c.award for c in dataset.candidates}
    expected = [a.id for a in dataset.awards.awards if a.level == "province" and a.id in proposed]
    refs = plan(dataset, units=[PROVINCE])
    assert [r.id for r in refs] == [f"{PROVINCE}/{KIND}/{a}" for a in expected]
    assert sorted(expected) == sorted(TITLES)
    assert [file_stem(dataset, r) for r in refs] == [f"{KIND}-{a}" for a in expected]
    assert DocRef.parse(f"{PROVINCE}/{KIND}/co-thi-dua-ubnd-tinh") == _ref("co-thi-dua-ubnd-tinh")
    # Nobody else writes it: the province writes nothing but these.
    assert all(r.kind != KIND for r in plan(dataset) if r.unit != PROVINCE)
    assert {r.kind for r in refs} == {KIND}


@pytest.mark.parametrize("award", sorted(TITLES))
def test_title_and_header_by_award(ws: Workspace, dataset: Dataset, award: str) -> None:
    text = _text(ws, dataset, award)
    lines = text.splitlines()
    assert "ỦY BAN NHÂN DÂN" in lines and "TỈNH HÀ TĨNH" in lines
    assert "Số:      /QĐ-UBND" in lines
    title = lines.index("QUYẾT ĐỊNH")
    assert lines[title + 1] == TITLES[award]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH" in lines
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 000/TTr-SNV ngày 20/01/2024." in lines
    assert "QUYẾT ĐỊNH:" in lines
    assert (
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, "
        "Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị liên quan và các tập thể, cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    ) in lines
    assert lines[lines.index("Nơi nhận:") + 1 :][:3] == [
        "- Như Điều 3;",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Lưu: VT, NC1.",
    ]
    assert "KT. CHỦ TỊCH" in lines and "PHÓ CHỦ TỊCH" in lines
    # The blank number is the draft's gap (as in the proposal's appendix): the clerk writes it in.
    gap = " " * 6
    assert f"(Kèm theo Quyết định số {gap}/QĐ-UBND ngày      tháng 01 năm 2024 của Chủ tịch UBND tỉnh)" in lines


@pytest.mark.parametrize("award", sorted(TITLES))
def test_article_1_counts_and_the_list(ws: Workspace, dataset: Dataset, award: str) -> None:
    proposed = _listed(dataset, award)
    collectives = [c for c in proposed if c.type == "collective"]
    individuals = [c for c in proposed if c.type == "individual"]
    counts = " và ".join(
        f"{len(side):02d} {who}" for side, who in ((collectives, "tập thể"), (individuals, "cá nhân")) if side
    )
    doc = Document(io.BytesIO(render_one(ws, dataset, _ref(award))))
    article = next(p.text for p in doc.paragraphs if p.text.startswith("Điều 1."))
    action = TITLES[award].removeprefix("Về việc ")
    assert article == (
        f"Điều 1. {action[0].upper()}{action[1:]} cho {counts} (có danh sách kèm theo), đã có thành tích xuất sắc "
        f"trong các phong trào thi đua yêu nước năm 2023."
    )
    rows = [[cell.text for cell in row.cells] for row in doc.tables[-1].rows][1:]
    expected: list[list[str]] = []
    for roman, title, side in (("I", "TẬP THỂ", collectives), ("II", "CÁ NHÂN", individuals)):
        if not side:
            continue
        roman = "I" if not expected else roman
        expected.append([f"{roman}. {title}"] * 3)
        unit = None
        for stt, cand in enumerate(side, start=1):
            if cand.unit != unit:
                unit = cand.unit
                expected.append([dataset.units[unit].short_name] * 3)
            if cand.type == "collective":
                expected.append([str(stt), cand.name, cand.workplace])
            else:
                who = "Bà" if cand.gender == "nữ" else "Ông"
                expected.append([str(stt), f"{who} {cand.name}", f"{cand.position}, {cand.workplace}"])
    assert rows == expected


@pytest.mark.parametrize("award", sorted(TITLES))
def test_article_2_money_in_figures_and_words(ws: Workspace, dataset: Dataset, award: str) -> None:
    day = date(2024, 1, 1)  # campaign.yaml: documents.quyet-dinh-khen-thuong.date "2024-01"
    proposed = _listed(dataset, award)
    parts = []
    for who, word in (("collective", "tập thể"), ("individual", "cá nhân")):
        if any(c.type == who for c in proposed):
            amount = _amount(dataset, award, who, day)
            parts.append(f"mỗi {word} được tặng kèm theo mức tiền thưởng {_figures(amount)} ({WORDS[amount]})")
    joined = "; ".join(parts)
    expected = f"Điều 2. {joined[0].upper()}{joined[1:]} từ Quỹ thi đua, khen thưởng của tỉnh."
    assert expected in _text(ws, dataset, award).splitlines()


def test_bang_khen_collectives_get_twice_the_individual_amount(ws: Workspace, dataset: Dataset) -> None:
    lines = _text(ws, dataset, "bang-khen-chu-tich-ubnd-tinh").splitlines()
    assert (
        "Điều 2. Mỗi tập thể được tặng kèm theo mức tiền thưởng 3.600.000 đồng (Ba triệu sáu trăm nghìn đồng); "
        "mỗi cá nhân được tặng kèm theo mức tiền thưởng 1.800.000 đồng (Một triệu tám trăm nghìn đồng) từ Quỹ "
        "thi đua, khen thưởng của tỉnh."
    ) in lines


@pytest.mark.parametrize(
    ("day", "bases", "money"),
    [
        (
            date(2023, 12, 20),
            ["Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003", "Nghị định số 91/2017/NĐ-CP"],
            "1.800.000 đồng (Một triệu tám trăm nghìn đồng)",
        ),
        (
            date(2024, 1, 20),
            ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", "Nghị định số 98/2023/NĐ-CP"],
            "1.800.000 đồng (Một triệu tám trăm nghìn đồng)",
        ),
        (
            date(2025, 7, 10),
            ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", "Nghị định số 152/2025/NĐ-CP"],
            # Nghị định 152/2025: coefficient 1,5 × 2.340.000 đ = 3.510.000 đ
            "3.510.000 đồng (Ba triệu năm trăm mười nghìn đồng)",
        ),
    ],
    ids=["2003-law", "2022-law", "decree-152"],
)
def test_legal_bases_and_money_follow_the_decision_date(
    dataset: Dataset, day: date, bases: list[str], money: str
) -> None:
    context = build_context(dataset, _ref("bang-khen-chu-tich-ubnd-tinh"), issue_date=day)
    lines = context["legal_bases"]
    assert lines[0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi")
    assert [line for line in lines[1:]] == [
        next(f"Căn cứ {b.text}" for b in dataset.legal.legal_bases if b.text.startswith(start)) + end
        for start, end in zip(bases, [";", ";"], strict=True)
    ]
    # the Tờ trình's line closes the list of bases: they end with «;», it with «.» (Decree 30)
    assert context["decision"]["proposal"].startswith("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số ")
    assert context["decision"]["proposal"].endswith(".")
    assert f"mỗi cá nhân được tặng kèm theo mức tiền thưởng {money}" in context["decision"]["article2"]


def test_the_list_narrows_to_the_eligible_once_reviewed(dataset: Dataset) -> None:
    proposed = _proposed(dataset, "chien-si-thi-dua-cap-tinh")
    assert decision_candidates(dataset, "chien-si-thi-dua-cap-tinh", None) == proposed
    keep = frozenset(c.id for c in proposed[::2]) | {"not-a-candidate"}
    assert decision_candidates(dataset, "chien-si-thi-dua-cap-tinh", keep) == proposed[::2]
    assert decision_candidates(dataset, "chien-si-thi-dua-cap-tinh", frozenset()) == []


def test_counts_leave_out_a_side_with_nobody() -> None:
    assert counts_text(5, 12) == "05 tập thể và 12 cá nhân"
    assert counts_text(0, 12) == "12 cá nhân"
    assert counts_text(28, 0) == "28 tập thể"


def test_build_all_writes_the_decisions(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("-w", str(workspace), "build", "--all", "--jobs", "1")
    assert result.exit_code == 0, result.output
    folder = workspace / "out" / PROVINCE
    assert sorted(p.name for p in folder.glob("*.docx")) == sorted(f"{KIND}-{a}.docx" for a in TITLES)
    manifest = json.loads((workspace / "out" / "manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest, ensure_ascii=False)
    assert f"{PROVINCE}/{KIND}/bang-khen-chu-tich-ubnd-tinh" in text


def test_render_one_decision_names_the_award(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    missing = run("-w", str(workspace), "render", KIND, "--unit", PROVINCE)
    assert missing.exit_code == 1
    assert missing.output.strip() == (
        "Lỗi: Quyết định khen thưởng: cần chọn --award — các hình thức: chien-si-thi-dua-cap-tinh, "
        "co-thi-dua-ubnd-tinh, tap-the-lao-dong-xuat-sac, bang-khen-chu-tich-ubnd-tinh"
    )
    target = workspace / "qd.docx"
    made = run(
        "-w", str(workspace), "render", KIND, "--unit", PROVINCE, "--award", "co-thi-dua-ubnd-tinh", "-o", str(target)
    )
    assert made.exit_code == 0, made.output
    assert "Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh" in document_text(target.read_bytes()).splitlines()


def test_pdf_bookmarks_name_the_award(dataset: Dataset) -> None:
    from docgen.build.manifest import DocEntry
    from docgen.build.pdfs import bookmark_title

    def entry(award: str, number_symbol: str | None) -> DocEntry:
        return DocEntry(
            doc_id=f"{PROVINCE}/{KIND}/{award}", unit_id=PROVINCE, unit_name="", kind=KIND, period=None,
            candidate=None, subject="", path="", sha256=None, bytes=None, number=None,
            number_symbol=number_symbol, status="built", error=None, inputs_hash="",
        )  # fmt: skip

    assert bookmark_title(dataset, entry("co-thi-dua-ubnd-tinh", None)) == (
        "Quyết định khen thưởng Cờ thi đua của Ủy ban nhân dân tỉnh (dự thảo)"
    )
    assert bookmark_title(dataset, entry("chien-si-thi-dua-cap-tinh", "04/QĐ-UBND")) == (
        "Quyết định khen thưởng số 04/QĐ-UBND (Chiến sĩ thi đua cấp tỉnh)"
    )


REFUSED = {  # the sample data's planted refusals (tests/documents/test_eligibility.py)
    "chien-si-thi-dua-cap-tinh": ["thi-xa-hong-linh-3", "huyen-duc-tho-2", "huyen-nghi-xuan-2"],
    "co-thi-dua-ubnd-tinh": ["huyen-cam-xuyen-1"],
    "tap-the-lao-dong-xuat-sac": [
        "thi-xa-hong-linh-1",
        "huyen-duc-tho-1",
        "huyen-nghi-xuan-1",
        "huyen-huong-khe-1",
        "so-tu-phap-1",
    ],
}


@pytest.mark.parametrize("award", sorted(REFUSED))
def test_a_candidate_the_review_refuses_is_not_on_the_list(ws: Workspace, dataset: Dataset, award: str) -> None:
    doc = Document(io.BytesIO(render_one(ws, dataset, _ref(award))))
    rows = {(row.cells[1].text, row.cells[2].text) for row in doc.tables[-1].rows}
    by_id = {c.id: c for c in dataset.candidates}
    for cid in REFUSED[award]:
        cand = by_id[cid]
        where = cand.workplace if cand.type == "collective" else f"{cand.position}, {cand.workplace}"
        assert not any(cand.name in name and place == where for name, place in rows), cid
    assert len(_listed(dataset, award)) == len(_proposed(dataset, award)) - len(REFUSED[award])


def test_an_award_nobody_meets_gets_no_decision_and_says_why(ws: Workspace, dataset: Dataset) -> None:
    nobody = dataset.model_copy(
        update={
            "candidates": [
                c.model_copy(update={"bloc_rank": 2}) if c.award == "co-thi-dua-ubnd-tinh" else c
                for c in dataset.candidates
            ]
        }
    )
    # Not planned: `docgen review` says why each candidate was refused.
    planned = [ref.award for ref in plan(nobody, units=[PROVINCE])]
    assert "co-thi-dua-ubnd-tinh" not in planned and "chien-si-thi-dua-cap-tinh" in planned
    # Rendered anyway (a clerk naming it): refused with the reason, never an empty list.
    with pytest.raises(RenderError, match="không có tập thể, cá nhân nào đề nghị «Cờ thi đua của Ủy ban nhân dân tỉnh» "
                                          "đạt tiêu chuẩn ngày 01/01/2024"):  # fmt: skip
        render_one(ws, nobody, _ref("co-thi-dua-ubnd-tinh"))
