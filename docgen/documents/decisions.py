"""The Chairman's award decisions (kind ``quyet-dinh-khen-thuong``, issue 19): who a decision
lists, the money that comes with the award and the words of its articles.

One decision per award the Chairman decides (spec commendation.md, "The Chairman's award
decisions"). Pure functions, no I/O.
"""

from __future__ import annotations

from typing import Any

from docgen import vn
from docgen.data.model import Award, Candidate, Dataset
from docgen.errors import RenderError

KIND = "quyet-dinh-khen-thuong"

_WHO = {"collective": "tập thể", "individual": "cá nhân"}


def decision_candidates(data: Dataset, award_id: str, eligible: frozenset[str] | None) -> list[Candidate]:
    """The candidates a decision on ``award_id`` lists: those proposed for it, narrowed to the
    ``eligible`` ids once the review has run (``None``: not reviewed yet, every proposed
    candidate). Grouped by proposing unit in the order of data/units.yaml, each unit's own
    ranking inside."""
    order = {unit_id: i for i, unit_id in enumerate(data.units)}
    chosen = [c for c in data.candidates if c.award == award_id and (eligible is None or c.id in eligible)]
    return sorted(chosen, key=lambda c: (order.get(c.unit, len(order)), c.rank))


def counts_text(collectives: int, individuals: int) -> str:
    """«05 tập thể và 12 cá nhân»; a side with nobody is left out («12 cá nhân»)."""
    parts = [f"{n:02d} {_WHO[who]}" for who, n in (("collective", collectives), ("individual", individuals)) if n]
    return " và ".join(parts)


def _action(award: Award) -> str:
    if not award.decision:
        raise RenderError(
            f"thiếu nội dung quyết định (decision) của hình thức {award.name} trong data/awards.yaml",
            hint="ví dụ: decision: tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        )
    return award.decision


def decision_summary(award: Award) -> str:
    """The decision's trích yếu: «Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh»."""
    return f"Về việc {_action(award)}"


def _proposal_line(data: Dataset) -> str:
    spec = data.campaign.documents[KIND]
    cited = spec.proposal
    if cited is None:
        raise RenderError(
            f"thiếu tờ trình của Sở Nội vụ (documents.{KIND}.proposal: number, date) trong data/campaign.yaml"
        )
    return f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số {cited.number} ngày {vn.short_date(cited.date)}."


def _entry(stt: int, cand: Candidate) -> dict[str, Any]:
    if cand.type == "collective":
        return {"stt": stt, "display_name": cand.name, "position_unit": cand.workplace}
    prefix = "Bà" if cand.gender == "nữ" else "Ông"
    position = f"{cand.position}, {cand.workplace}" if cand.position else cand.workplace
    return {"stt": stt, "display_name": f"{prefix} {cand.name}", "position_unit": position}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def decision_view(data: Dataset, award: Award, chosen: list[Candidate], amount: dict[str, int]) -> dict[str, Any]:
    """What the decision's template sees as ``decision``; ``amount`` is the money per
    ``collective`` / ``individual`` on the decision's day (``context.award_amount``)."""
    action = _action(award)
    sides = {who: [c for c in chosen if c.type == who] for who in ("collective", "individual")}
    counts = counts_text(len(sides["collective"]), len(sides["individual"]))
    money = [
        f"mỗi {_WHO[who]} được tặng kèm theo mức tiền thưởng {vn.money(amount[who])} ({vn.money_in_words(amount[who])})"
        for who in ("collective", "individual")
        if sides[who]
    ]
    groups: list[dict[str, Any]] = []
    for who, title in (("collective", "TẬP THỂ"), ("individual", "CÁ NHÂN")):
        if not sides[who]:
            continue
        units: list[dict[str, Any]] = []
        for stt, cand in enumerate(sides[who], start=1):
            if not units or units[-1]["id"] != cand.unit:
                units.append({"id": cand.unit, "name": data.units[cand.unit].short_name, "entries": []})
            units[-1]["entries"].append(_entry(stt, cand))
        groups.append({"roman": vn.roman(len(groups) + 1), "title": title, "units": units})
    whom = ", ".join(_WHO[who] for who in ("collective", "individual") if sides[who])
    return {
        "award": award.name,
        "award_id": award.id,
        "proposal": _proposal_line(data),
        "article1": (
            f"{_capitalised(action)} cho {counts} (có danh sách kèm theo), đã có thành tích xuất sắc "
            f"trong {data.campaign.title}."
        ),
        "article2": _capitalised("; ".join(money)) + " từ Quỹ thi đua, khen thưởng của tỉnh.",
        "collectives": len(sides["collective"]),
        "individuals": len(sides["individual"]),
        "list_title": f"{_capitalised(whom)} được {action.replace('Ủy ban nhân dân', 'UBND')}",
        "groups": groups,
    }


def sample_reasons(data: Dataset, award_id: str) -> list[str]:
    """Why a decision would carry sample data: the Tờ trình it cites, or a candidate it lists."""
    reasons = []
    spec = data.campaign.documents.get(KIND)
    if spec is not None and spec.proposal is not None and spec.proposal.sample:
        reasons.append(
            f"số, ngày tờ trình của Sở Nội vụ là giá trị mẫu (data/campaign.yaml, documents.{KIND}.proposal)"
        )
    samples = [c for c in decision_candidates(data, award_id, None) if data.candidate_is_sample(c)]
    if samples:
        names = ", ".join(f"{c.name} ({c.id})" for c in samples[:3]) + (" …" if len(samples) > 3 else "")
        reasons.append(f"danh sách khen thưởng có hồ sơ là dữ liệu mẫu: {names} (data/candidates.yaml, sample: true)")
    return reasons
