"""The eligibility review (issue 19): each rule of awards.yaml with a candidate on each side of
its threshold, the law chosen by the decision's date, and the sample data's planted refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.data.model import Candidate, Dataset, Initiative, Members, PriorAward, YearRating
from docgen.documents.eligibility import PENDING, Verdict, decision_day, eligible_ids, review, review_one

ON = date(2024, 1, 15)  # a decision under Luật TĐKT 2022 and Nghị định 98/2023


def _first(data: Dataset, award: str, kind: str) -> Candidate:
    return next(c for c in data.candidates if c.award == award and c.type == kind)


def _verdict(data: Dataset, candidate: Candidate, **changes: Any) -> Verdict:
    return review_one(data, candidate.model_copy(update=changes), ON)


def _cstd(year: int) -> PriorAward:
    return PriorAward(year=year, award="chien-si-thi-dua-co-so", title="Chiến sĩ thi đua cơ sở",
                      decision=f"{year}/QĐ-UBND", date=date(year, 12, 20), issuer="Chủ tịch UBND huyện")  # fmt: skip


def _initiative(level: str, day: date = date(2023, 12, 1), name: str = "Sáng kiến A") -> Initiative:
    return Initiative.model_validate(
        {
            "name": name,
            "recognition": "Quyết định số 1/QĐ-UBND",
            "level": level,
            "decision": "1/QĐ-UBND",
            "date": day,
            "issuer": "UBND tỉnh Hà Tĩnh",
        }
    )


def _ratings(*pairs: tuple[int, str]) -> list[YearRating]:
    return [YearRating.model_validate({"year": y, "rating": r}) for y, r in pairs]


HTXS = "hoan-thanh-xuat-sac"


# --- Chiến sĩ thi đua cấp tỉnh: three consecutive Chiến sĩ thi đua cơ sở and a provincial initiative


def test_three_consecutive_years_and_a_provincial_initiative(dataset: Dataset) -> None:
    cand = _first(dataset, "chien-si-thi-dua-cap-tinh", "individual")
    ok = _verdict(
        dataset, cand, prior_awards=[_cstd(2021), _cstd(2022), _cstd(2023)], initiatives=[_initiative("tinh")]
    )
    assert ok.eligible and ok.reasons == ()
    gap = _verdict(
        dataset, cand, prior_awards=[_cstd(2020), _cstd(2022), _cstd(2023)], initiatives=[_initiative("tinh")]
    )
    assert gap.reasons == ("chưa đạt «Chiến sĩ thi đua cơ sở» 3 năm liên tục (2021–2023): thiếu năm 2021",)
    unit_level = _verdict(dataset, cand, prior_awards=[_cstd(y) for y in (2021, 2022, 2023)],
                          initiatives=[_initiative("co-so")])  # fmt: skip
    assert unit_level.reasons == ("cần 1 sáng kiến được công nhận cấp tỉnh trở lên, có 0",)
    late = _verdict(dataset, cand, prior_awards=[_cstd(y) for y in (2021, 2022, 2023)],
                    initiatives=[_initiative("tinh", date(2024, 2, 1))])  # fmt: skip
    assert not late.eligible, "an initiative recognised after the decision does not count"
    assert any("2023: Chiến sĩ thi đua cơ sở — Quyết định số 2023/QĐ-UBND ngày 20/12/2023" in h for h in ok.history)


def test_a_pending_discipline_refuses_whatever_the_merit(dataset: Dataset) -> None:
    cand = _first(dataset, "chien-si-thi-dua-cap-tinh", "individual")
    assert review_one(dataset, cand, ON).eligible
    verdict = _verdict(dataset, cand, pending_discipline=True)
    assert verdict.reasons == (PENDING,)


# --- Tập thể lao động xuất sắc: ≥ 70 % Lao động tiên tiến, a Chiến sĩ thi đua cơ sở, nobody disciplined


def _members(total: int, ldtt: int, cstd: int = 1, disciplined: int = 0, completed: int | None = None) -> Members:
    return Members(total=total, lao_dong_tien_tien=ldtt, chien_si_thi_dua_co_so=cstd, disciplined=disciplined,
                   completed_tasks=total if completed is None else completed)  # fmt: skip


def test_seventy_percent_of_members_lao_dong_tien_tien(dataset: Dataset) -> None:
    cand = _first(dataset, "tap-the-lao-dong-xuat-sac", "collective")
    assert _verdict(dataset, cand, members=_members(20, 14)).eligible
    refused = _verdict(dataset, cand, members=_members(20, 13))
    assert refused.reasons == ("thành viên đạt «Lao động tiên tiến» 13/20 (65,0%), cần từ 70%",)


@given(total=st.integers(1, 300), data=st.data())
def test_the_share_rule_is_exact_for_every_collective(dataset: Dataset, total: int, data: st.DataObject) -> None:
    ldtt = data.draw(st.integers(0, total))
    cand = _first(dataset, "tap-the-lao-dong-xuat-sac", "collective")
    verdict = _verdict(dataset, cand, members=_members(total, ldtt, cstd=min(1, total)))
    assert verdict.eligible == (Decimal(ldtt) / total >= Decimal("0.7"))


def test_a_chien_si_thi_dua_co_so_member_and_nobody_disciplined(dataset: Dataset) -> None:
    cand = _first(dataset, "tap-the-lao-dong-xuat-sac", "collective")
    assert _verdict(dataset, cand, members=_members(10, 8, cstd=1)).eligible
    assert _verdict(dataset, cand, members=_members(10, 8, cstd=0)).reasons == (
        "cần ít nhất 1 thành viên đạt «Chiến sĩ thi đua cơ sở», có 0",
    )
    assert _verdict(dataset, cand, members=_members(10, 8, disciplined=1)).reasons == (
        "có 1 thành viên bị kỷ luật từ hình thức cảnh cáo trở lên",
    )
    missing = _verdict(dataset, cand, members=None)
    assert "thiếu số liệu thành viên của tập thể (members)" in missing.reasons


def test_every_member_completed_the_tasks_assigned(dataset: Dataset) -> None:
    cand = _first(dataset, "tap-the-lao-dong-xuat-sac", "collective")
    assert _verdict(dataset, cand, members=_members(30, 21, completed=30)).eligible
    assert _verdict(dataset, cand, members=_members(30, 21, completed=29)).reasons == (
        "thành viên hoàn thành nhiệm vụ 29/30, cần 100%",
    )
    unreported = Members(total=30, lao_dong_tien_tien=21, chien_si_thi_dua_co_so=1)
    assert _verdict(dataset, cand, members=unreported).reasons == (
        "chưa có số thành viên hoàn thành nhiệm vụ (members.completed_tasks): "
        "cần 100% thành viên hoàn thành nhiệm vụ được giao",
    )
    history = _verdict(dataset, cand, members=_members(30, 21, completed=29)).history
    assert (
        "Thành viên: 30, hoàn thành nhiệm vụ 29, Lao động tiên tiến 21, Chiến sĩ thi đua cơ sở 1, bị kỷ luật 0"
        in history
    )
    # Tập thể lao động tiên tiến (Điều 28) asks for no such count.
    advanced = cand.model_copy(update={"award": "tap-the-lao-dong-tien-tien", "members": unreported})
    assert review_one(dataset, advanced, ON).eligible


def test_the_years_task_rating(dataset: Dataset) -> None:
    cand = _first(dataset, "tap-the-lao-dong-xuat-sac", "collective")
    assert _verdict(dataset, cand, ratings=_ratings((2023, HTXS))).eligible
    assert _verdict(dataset, cand, ratings=_ratings((2023, "hoan-thanh-tot"))).reasons == (
        "chưa được xếp loại «hoàn thành xuất sắc nhiệm vụ» năm 2023",
    )


def test_tap_the_lao_dong_tien_tien_needs_more_than_half(dataset: Dataset) -> None:
    cand = _first(dataset, "tap-the-lao-dong-xuat-sac", "collective").model_copy(
        update={"award": "tap-the-lao-dong-tien-tien", "ratings": _ratings((2023, "hoan-thanh-tot"))}
    )
    assert not review_one(dataset, cand.model_copy(update={"members": _members(20, 10)}), ON).eligible
    assert review_one(dataset, cand.model_copy(update={"members": _members(20, 11)}), ON).eligible
    rated_lower = cand.model_copy(update={"members": _members(20, 11), "ratings": _ratings((2023, "hoan-thanh"))})
    assert review_one(dataset, rated_lower, ON).reasons == (
        "chưa được xếp loại «hoàn thành tốt nhiệm vụ» trở lên năm 2023",
    )


# --- Cờ thi đua: the leading collective of its bloc


def test_the_flag_goes_to_the_first_of_the_bloc(dataset: Dataset) -> None:
    cand = _first(dataset, "co-thi-dua-ubnd-tinh", "collective")
    assert _verdict(dataset, cand, bloc_rank=1).eligible
    assert _verdict(dataset, cand, bloc_rank=2).reasons == ("không dẫn đầu khối thi đua: xếp hạng 2",)
    assert _verdict(dataset, cand, bloc_rank=None).reasons == ("chưa có thứ hạng trong khối thi đua (bloc_rank)",)


# --- Bằng khen of the Chairman (an individual): one of two roads


def test_bang_khen_either_two_cstd_or_two_excellent_years_and_two_initiatives(dataset: Dataset) -> None:
    cand = _first(dataset, "bang-khen-chu-tich-ubnd-tinh", "individual")
    two_cstd = _verdict(dataset, cand, prior_awards=[_cstd(2022), _cstd(2023)], initiatives=[],
                        ratings=_ratings((2023, HTXS)))  # fmt: skip
    assert two_cstd.eligible
    excellent = _verdict(dataset, cand, prior_awards=[], ratings=_ratings((2022, HTXS), (2023, HTXS)),
                         initiatives=[_initiative("co-so", name="A"), _initiative("co-so", name="B")])  # fmt: skip
    assert excellent.eligible
    neither = _verdict(dataset, cand, prior_awards=[_cstd(2023)], ratings=_ratings((2022, HTXS), (2023, HTXS)),
                       initiatives=[_initiative("co-so")])  # fmt: skip
    assert neither.reasons == (
        "không đạt điều kiện nào: (a) chưa đạt «Chiến sĩ thi đua cơ sở» 2 năm liên tục (2022–2023): thiếu năm 2022; "
        "(b) cần 2 sáng kiến được công nhận cấp cơ sở trở lên, có 1",
    )


def test_bang_khen_for_a_collective_reads_its_two_years(dataset: Dataset) -> None:
    cand = _first(dataset, "bang-khen-chu-tich-ubnd-tinh", "collective")
    assert _verdict(dataset, cand, ratings=_ratings((2022, HTXS), (2023, HTXS))).eligible
    refused = _verdict(dataset, cand, ratings=_ratings((2022, "hoan-thanh-tot"), (2023, HTXS)))
    assert refused.reasons == (
        "chưa được xếp loại «hoàn thành xuất sắc nhiệm vụ» 2 năm liên tục (2022–2023): năm 2022",
    )


# --- which law


@pytest.mark.parametrize(
    ("day", "law", "checked"),
    [
        (date(2023, 12, 31), "Luật Thi đua, khen thưởng 2003", False),
        (date(2024, 1, 1), "Luật Thi đua, khen thưởng số 06/2022/QH15", True),
        (date(2025, 8, 1), "Luật Thi đua, khen thưởng số 06/2022/QH15", True),
    ],
)
def test_the_criteria_in_force_on_the_decision_date_apply(dataset: Dataset, day: date, law: str, checked: bool) -> None:
    cand = _first(dataset, "chien-si-thi-dua-cap-tinh", "individual")
    verdict = review_one(dataset, cand, day)
    assert verdict.basis.startswith(law)
    unchecked = [h for h in verdict.history if "chưa đối chiếu với văn bản luật" in h]
    assert bool(unchecked) is not checked


def test_the_default_decision_day_is_the_proposals_date(dataset: Dataset) -> None:
    assert decision_day(dataset) == date(2024, 1, 1)


# --- the sample data


PLANTED = {
    "thi-xa-hong-linh-1": "thành viên đạt «Lao động tiên tiến» 20/32 (62,5%), cần từ 70%",
    "thi-xa-hong-linh-2": "chưa được xếp loại «hoàn thành xuất sắc nhiệm vụ» 2 năm liên tục (2022–2023): năm 2023",
    "thi-xa-hong-linh-3": "chưa đạt «Chiến sĩ thi đua cơ sở» 3 năm liên tục (2021–2023): thiếu năm 2021",
    "huyen-duc-tho-1": "cần ít nhất 1 thành viên đạt «Chiến sĩ thi đua cơ sở», có 0",
    "huyen-duc-tho-2": "cần 1 sáng kiến được công nhận cấp tỉnh trở lên, có 0",
    "huyen-duc-tho-3": "không đạt điều kiện nào",
    "huyen-nghi-xuan-1": "có 1 thành viên bị kỷ luật từ hình thức cảnh cáo trở lên",
    "huyen-nghi-xuan-2": PENDING,
    "huyen-huong-khe-1": "chưa được xếp loại «hoàn thành xuất sắc nhiệm vụ» năm 2023",
    "huyen-cam-xuyen-1": "không dẫn đầu khối thi đua: xếp hạng 2",
    "so-tu-phap-1": "thành viên hoàn thành nhiệm vụ 34/35, cần 100%",
}


def test_the_sample_data_has_a_candidate_failing_each_rule(dataset: Dataset) -> None:
    verdicts = review(dataset)
    refused = {v.candidate.id: v.reasons for v in verdicts if not v.eligible}
    assert set(refused) == set(PLANTED)
    for cid, reason in PLANTED.items():
        assert len(refused[cid]) == 1 and refused[cid][0].startswith(reason), cid
    assert eligible_ids(dataset) == {v.candidate.id for v in verdicts} - set(PLANTED)
