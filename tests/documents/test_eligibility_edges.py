"""The eligibility review's edges, beside test_eligibility.py: years that are not consecutive, an
initiative recognised after the decision or without its level or date, a collective without its
member counts, the unit-level titles (Lao động tiên tiến, Chiến sĩ thi đua cơ sở); exact Vietnamese."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from docgen.data.model import Dataset, Initiative, PriorAward, YearRating
from docgen.documents.eligibility import Verdict, review

ON = date(2024, 1, 15)
CSTD_CS = "chien-si-thi-dua-co-so"


def _cstd(year: int) -> PriorAward:
    return PriorAward(
        year=year,
        award=CSTD_CS,
        title="Chiến sĩ thi đua cơ sở",
        decision=f"{year - 2000}/QĐ-UBND",
        date=date(year, 12, 20),
        issuer="UBND huyện Đức Thọ",
    )


def _initiative(level: str, day: date = date(2023, 11, 2)) -> Initiative:
    return Initiative(
        name="Số hóa hồ sơ một cửa",
        recognition="Quyết định số 12/QĐ-UBND ngày 02/11/2023",
        level=level,  # type: ignore[arg-type]
        decision="12/QĐ-UBND",
        date=day,
        issuer="UBND tỉnh Hà Tĩnh",
    )


def _ratings(*pairs: tuple[int, str]) -> list[YearRating]:
    return [YearRating(year=y, rating=r) for y, r in pairs]  # type: ignore[arg-type]


def _one(dataset: Dataset, award: str, kind: str = "individual", on: date = ON, **fields: Any) -> Verdict:
    """The verdict on the first sample candidate of ``kind``, proposed for ``award`` with ``fields``
    instead of its own history (no prior award, initiative, rating, members or rank unless given)."""
    base = next(c for c in dataset.candidates if c.type == kind)
    blank: dict[str, Any] = {
        "award": award,
        "prior_awards": [],
        "initiatives": [],
        "ratings": [],
        "members": None,
        "bloc_rank": None,
        "pending_discipline": False,
    }
    candidate = base.model_copy(update={**blank, **fields})
    (verdict,) = review(dataset.model_copy(update={"candidates": [candidate]}), on)
    assert verdict.candidate == candidate and verdict.award == award
    assert verdict.eligible == (not verdict.reasons)
    return verdict


def test_three_years_that_are_not_consecutive_do_not_count(dataset: Dataset) -> None:
    v = _one(dataset, "chien-si-thi-dua-cap-tinh", prior_awards=[_cstd(2020), _cstd(2021), _cstd(2023)],
             initiatives=[_initiative("tinh")])  # fmt: skip
    assert v.reasons == ("chưa đạt «Chiến sĩ thi đua cơ sở» 3 năm liên tục (2021–2023): thiếu năm 2022",)


def test_an_initiative_recognised_after_the_decision_does_not_count(dataset: Dataset) -> None:
    three = [_cstd(2021), _cstd(2022), _cstd(2023)]
    later = _initiative("tinh", date(2024, 3, 1))
    assert not _one(dataset, "chien-si-thi-dua-cap-tinh", prior_awards=three, initiatives=[later]).eligible
    assert _one(dataset, "chien-si-thi-dua-cap-tinh", on=date(2024, 3, 1), prior_awards=three,
                initiatives=[later]).eligible  # fmt: skip


def test_certificate_of_merit_with_one_initiative_is_refused_with_both_ways_explained(dataset: Dataset) -> None:
    excellent = _ratings((2022, "hoan-thanh-xuat-sac"), (2023, "hoan-thanh-xuat-sac"))
    v = _one(dataset, "bang-khen-chu-tich-ubnd-tinh", ratings=excellent, initiatives=[_initiative("co-so")],
             prior_awards=[_cstd(2023)])  # fmt: skip
    assert v.reasons == (
        "không đạt điều kiện nào: (a) chưa đạt «Chiến sĩ thi đua cơ sở» 2 năm liên tục (2022–2023): thiếu năm 2022; "
        "(b) cần 2 sáng kiến được công nhận cấp cơ sở trở lên, có 1",
    )


def test_certificate_of_merit_with_a_good_but_not_excellent_year_is_refused(dataset: Dataset) -> None:
    ratings = _ratings((2022, "hoan-thanh-tot"), (2023, "hoan-thanh-xuat-sac"))
    v = _one(dataset, "bang-khen-chu-tich-ubnd-tinh", ratings=ratings,
             initiatives=[_initiative("co-so"), _initiative("co-so")])  # fmt: skip
    assert v.reasons == (
        "không đạt điều kiện nào: (a) chưa đạt «Chiến sĩ thi đua cơ sở» 2 năm liên tục (2022–2023): thiếu năm "
        "2022, 2023; (b) chưa được xếp loại «hoàn thành xuất sắc nhiệm vụ» 2 năm liên tục (2022–2023): năm 2022",
    )


EXCELLENT_2023 = _ratings((2023, "hoan-thanh-xuat-sac"))


def test_collective_without_member_counts_is_refused_not_crashed(dataset: Dataset) -> None:
    v = _one(dataset, "tap-the-lao-dong-xuat-sac", "collective", ratings=EXCELLENT_2023)
    assert v.reasons == ("thiếu số liệu thành viên của tập thể (members)",), "said once, not once a rule"


@pytest.mark.parametrize(
    ("rating", "eligible"),
    [("hoan-thanh-xuat-sac", True), ("hoan-thanh-tot", True), ("hoan-thanh", False), ("khong-hoan-thanh", False)],
)
def test_advanced_worker_needs_a_good_rating_or_better(dataset: Dataset, rating: str, eligible: bool) -> None:
    v = _one(dataset, "lao-dong-tien-tien", ratings=_ratings((2023, rating)))
    assert v.eligible is eligible
    if not eligible:
        assert v.reasons == ("chưa được xếp loại «hoàn thành tốt nhiệm vụ» trở lên năm 2023",)


def test_unit_emulation_fighter_needs_this_years_advanced_worker_title_and_an_initiative(dataset: Dataset) -> None:
    ldtt = PriorAward(year=2023, award="lao-dong-tien-tien", title="Lao động tiên tiến", decision="9/QĐ-UBND",
                      date=date(2023, 12, 20), issuer="UBND huyện Đức Thọ")  # fmt: skip
    assert _one(dataset, CSTD_CS, prior_awards=[ldtt], initiatives=[_initiative("co-so")]).eligible
    v = _one(dataset, CSTD_CS, prior_awards=[ldtt.model_copy(update={"year": 2022})])
    assert v.reasons == (
        "chưa đạt «Lao động tiên tiến» năm 2023",
        "cần 1 sáng kiến được công nhận cấp cơ sở trở lên, có 0",
    )


def test_an_initiative_without_level_or_date_is_named_in_the_reason(dataset: Dataset) -> None:
    three = [_cstd(2021), _cstd(2022), _cstd(2023)]
    undated = _initiative("tinh").model_copy(update={"date": None})
    v = _one(dataset, "chien-si-thi-dua-cap-tinh", prior_awards=three, initiatives=[undated])
    assert v.reasons == (
        "cần 1 sáng kiến được công nhận cấp tỉnh trở lên, có 0 (1 sáng kiến chưa ghi cấp hoặc ngày công nhận)",
    )
    assert "Sáng kiến «Số hóa hồ sơ một cửa»: cấp tỉnh" in v.history
