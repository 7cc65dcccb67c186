"""The eligibility review: every candidate against the criteria of the award proposed.

The criteria are data (awards.yaml, ``criteria``: see ``docgen.data.criteria``), one set per
law with its validity dates; the set in force on the decision's date applies. The achievement
year is the campaign's (``campaign.yaml``, ``year``): "three consecutive times Chiến sĩ thi đua
cơ sở" means the titles of that year and the two before it. Whatever the award, a candidate
under a pending disciplinary process or investigation is not awarded.

A refusal is a finding, not an error: each verdict says, in Vietnamese, every rule missed and
the history it looked at (titles, initiatives, ratings, members, the bloc's ranking).

Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from docgen import vn
from docgen.data.basetypes import RATINGS
from docgen.data.criteria import Criteria, Rule
from docgen.data.model import Candidate, Dataset
from docgen.data.rules import reference_day

RATING_NAMES: Final = {
    "hoan-thanh-xuat-sac": "hoàn thành xuất sắc nhiệm vụ",
    "hoan-thanh-tot": "hoàn thành tốt nhiệm vụ",
    "hoan-thanh": "hoàn thành nhiệm vụ",
    "khong-hoan-thanh": "không hoàn thành nhiệm vụ",
}
LEVEL_NAMES: Final = {"co-so": "cấp cơ sở", "tinh": "cấp tỉnh"}
MEMBER_NAMES: Final = {"lao_dong_tien_tien": "Lao động tiên tiến", "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở"}
PENDING: Final = "đang bị xem xét kỷ luật hoặc đang bị điều tra: chưa xét khen thưởng"


@dataclass(frozen=True)
class Verdict:
    """One candidate reviewed against the award it is proposed for."""

    candidate: Candidate
    award: str
    eligible: bool
    reasons: tuple[str, ...]
    """Every rule missed, in Vietnamese; empty when eligible."""
    history: tuple[str, ...]
    """What the review looked at, one Vietnamese line each."""
    basis: str
    """The legal texts of the criteria applied (empty if the award has none for the date)."""


def decision_day(data: Dataset) -> date:
    """The day the year-end awards are decided, by default: the proposals' date (campaign.yaml,
    ``documents.to-trinh.date``; its first day when only the month is known)."""
    day = reference_day(data.campaign, "to-trinh")
    return day if day is not None else date(data.campaign.year + 1, 1, 1)


def criteria_for(data: Dataset, award_id: str, who: str, on: date) -> Criteria | None:
    """The criteria of ``award_id`` for an individual or a collective, in force on ``on``."""
    award = next((a for a in data.awards.awards if a.id == award_id), None)
    if award is None:
        return None
    return next((c for c in award.criteria if c.valid_on(on) and c.who in (None, who)), None)


class _Check:
    """The rules applied to one candidate, in the campaign's year."""

    def __init__(self, data: Dataset, candidate: Candidate, on: date) -> None:
        self.data, self.candidate, self.on = data, candidate, on
        self.year = data.campaign.year
        self.names = {a.id: a.name for a in data.awards.awards}

    def _years(self, count: int) -> list[int]:
        return list(range(self.year - count + 1, self.year + 1))

    def _span(self, count: int) -> str:
        return str(self.year) if count == 1 else f"{self.year - count + 1}–{self.year}"

    def rule(self, rule: Rule) -> list[str]:
        """The reasons ``rule`` is not met (none: met)."""
        c = self.candidate
        if rule.consecutive is not None:
            run = rule.consecutive
            held = {p.year for p in c.prior_awards if p.award == run.award}
            missing = [y for y in self._years(run.times) if y not in held]
            name = self.names.get(run.award, run.award)
            if missing and run.times == 1:
                return [f"chưa đạt «{name}» năm {self.year}"]
            if missing:
                return [f"chưa đạt «{name}» {run.times} năm liên tục ({self._span(run.times)}): thiếu năm "
                        + ", ".join(map(str, missing))]  # fmt: skip
            return []
        if rule.ratings is not None:
            r = rule.ratings
            by_year = {x.year: x.rating for x in c.ratings}
            short = [y for y in self._years(r.years) if by_year.get(y) is None
                     or RATINGS.index(str(by_year[y])) > RATINGS.index(r.rating)]  # fmt: skip
            if short:
                what = f"«{RATING_NAMES[r.rating]}»" + (" trở lên" if r.rating != RATINGS[0] else "")
                if r.years == 1:
                    return [f"chưa được xếp loại {what} năm {self.year}"]
                years = ", ".join(map(str, short))
                return [f"chưa được xếp loại {what} {r.years} năm liên tục ({self._span(r.years)}): năm {years}"]
            return []
        if rule.initiatives is not None:
            need = rule.initiatives
            levels = ("tinh",) if need.level == "tinh" else ("co-so", "tinh")
            found = [i for i in c.initiatives if i.level in levels and i.date is not None and i.date <= self.on]
            if len(found) < need.at_least:
                level = LEVEL_NAMES[need.level]
                unknown = [i for i in c.initiatives if i.level is None or i.date is None]
                note = f" ({len(unknown)} sáng kiến chưa ghi cấp hoặc ngày công nhận)" if unknown else ""
                return [f"cần {need.at_least} sáng kiến được công nhận {level} trở lên, có {len(found)}{note}"]
            return []
        if rule.bloc_rank is not None:
            if c.bloc_rank is None:
                return ["chưa có thứ hạng trong khối thi đua (bloc_rank)"]
            if c.bloc_rank > rule.bloc_rank:
                lead = "dẫn đầu khối thi đua" if rule.bloc_rank == 1 else f"trong {rule.bloc_rank} hạng đầu của khối"
                return [f"không {lead}: xếp hạng {c.bloc_rank}"]
            return []
        if rule.any_of is not None:
            failed = [[why for item in group for why in self.rule(item)] for group in rule.any_of]
            if all(failed):
                return ["không đạt điều kiện nào: " + "; ".join(f"({chr(97 + i)}) " + ", ".join(f)
                                                                for i, f in enumerate(failed))]  # fmt: skip
            return []
        return self._members(rule)

    def _members(self, rule: Rule) -> list[str]:
        members = self.candidate.members
        if members is None:
            return ["thiếu số liệu thành viên của tập thể (members)"]
        if rule.members_share is not None:
            r = rule.members_share
            count = getattr(members, r.of)
            share = Decimal(count) / members.total
            ok = share > r.at_least if r.more_than else share >= r.at_least
            if not ok:
                need = f"{'trên' if r.more_than else 'từ'} {vn.percent(r.at_least * 100, 0)}"
                return [f"thành viên đạt «{MEMBER_NAMES[r.of]}» {count}/{members.total} "
                        f"({vn.percent(share * 100, 1)}), cần {need}"]  # fmt: skip
            return []
        if rule.members_count is not None:
            r2 = rule.members_count
            count = getattr(members, r2.of)
            if count < r2.at_least:
                return [f"cần ít nhất {r2.at_least} thành viên đạt «{MEMBER_NAMES[r2.of]}», có {count}"]
            return []
        if rule.all_members_completed is not None:
            if members.completed_tasks is None:
                return ["chưa có số thành viên hoàn thành nhiệm vụ (members.completed_tasks): "
                        "cần 100% thành viên hoàn thành nhiệm vụ được giao"]  # fmt: skip
            if members.completed_tasks < members.total:
                return [f"thành viên hoàn thành nhiệm vụ {members.completed_tasks}/{members.total}, cần 100%"]
            return []
        if members.disciplined:
            return [f"có {members.disciplined} thành viên bị kỷ luật từ hình thức cảnh cáo trở lên"]
        return []

    def history(self, criteria: Criteria | None) -> list[str]:
        c = self.candidate
        lines = []
        for p in sorted(c.prior_awards, key=lambda p: (p.year, p.title)):
            what = self.names.get(p.award or "", p.title) if p.award else f"{p.title} (chưa ghi mã danh hiệu)"
            lines.append(f"{p.year}: {what} — Quyết định số {p.decision} ngày {vn.short_date(p.date)} của {p.issuer}")
        for i in c.initiatives:
            level = LEVEL_NAMES[i.level] if i.level else "chưa ghi cấp công nhận"
            when = f", ngày {vn.short_date(i.date)}" if i.date else ""
            lines.append(f"Sáng kiến «{i.name}»: {level}{when}")
        for x in sorted(c.ratings, key=lambda x: x.year):
            lines.append(f"Năm {x.year}: {RATING_NAMES[x.rating]}")
        if c.members is not None:
            m = c.members
            completed = "" if m.completed_tasks is None else f"hoàn thành nhiệm vụ {m.completed_tasks}, "
            lines.append(f"Thành viên: {m.total}, {completed}Lao động tiên tiến {m.lao_dong_tien_tien}, "
                         f"Chiến sĩ thi đua cơ sở {m.chien_si_thi_dua_co_so}, bị kỷ luật {m.disciplined}")  # fmt: skip
        if c.bloc_rank is not None:
            unit = self.data.units.get(c.unit)
            bloc_id = c.bloc or (unit.bloc if unit is not None else None)
            bloc = next((b.name for b in self.data.campaign.blocs if b.id == bloc_id), bloc_id or "?")
            lines.append(f"{bloc}: xếp hạng {c.bloc_rank}")
        if criteria is not None and not criteria.checked:
            lines.append(f"Tiêu chuẩn theo {criteria.basis}: chưa đối chiếu với văn bản luật")
        return lines


def review_one(data: Dataset, candidate: Candidate, on: date) -> Verdict:
    check = _Check(data, candidate, on)
    criteria = criteria_for(data, candidate.award, candidate.type, on)
    reasons: list[str] = []
    if candidate.pending_discipline:
        reasons.append(PENDING)
    if criteria is None:
        name = check.names.get(candidate.award, candidate.award)
        reasons.append(f"awards.yaml chưa có tiêu chuẩn của «{name}» áp dụng ngày {vn.short_date(on)}")
    else:
        for rule in criteria.rules:
            reasons += check.rule(rule)
    reasons = list(dict.fromkeys(reasons))  # missing member counts are said once, not once a rule
    return Verdict(
        candidate=candidate,
        award=candidate.award,
        eligible=not reasons,
        reasons=tuple(reasons),
        history=tuple(check.history(criteria)),
        basis=criteria.basis if criteria is not None else "",
    )


def review(data: Dataset, on: date | None = None) -> list[Verdict]:
    """Every candidate, in data order, reviewed on ``on`` (default ``decision_day``)."""
    day = on or decision_day(data)
    return [review_one(data, candidate, day) for candidate in data.candidates]


def eligible_ids(data: Dataset, on: date | None = None) -> frozenset[str]:
    """The ids of the candidates that meet their award's criteria."""
    return frozenset(v.candidate.id for v in review(data, on) if v.eligible)
