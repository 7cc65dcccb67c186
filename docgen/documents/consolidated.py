"""The context of Sở Nội vụ's consolidated report for one period (kind ``bao-cao-tong-hop``).

The figures are ``consolidation``'s, the charts' bars ``chartdata``'s; this module lays them out
in the outline of the spec (commendation.md, "Consolidated periodic report of Sở Nội vụ"):

I.   the launch: how many consolidated units issued their launch decision and their plan, from
     the register as of the report's date (``Launches``, given by the register stage);
II.  each movement's indicators put together over the units that reported them;
III. the proposals for commendation received, by award;
IV.–VI. difficulties, next tasks, proposals: campaign.yaml (``consolidation.periods``);
an appendix by unit (the district-level units first) with the key indicators, and the charts.

Pure functions, no I/O.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from docgen import kinds, vn
from docgen.data.model import Dataset, Period
from docgen.documents.chartdata import Chart, completion_chart, reporting_chart
from docgen.documents.consolidation import (
    MEAN_LABEL,
    NOT_REPORTED,
    Consolidation,
    Figure,
    Total,
    UnitRow,
    consolidate,
)
from docgen.documents.plan import period_view
from docgen.errors import RenderError

KIND: Final = "bao-cao-tong-hop"
LAUNCH_KINDS: Final = ("quyet-dinh", "ke-hoach")
"""The documents part I counts: each unit's launch decision and its plan."""

Launches = Mapping[tuple[str, str], date]
"""(unit id, kind id) → the day the register shows it issued (the earliest live entry)."""


def as_of(period: Period, issue_date: date | None) -> date:
    """The day part I counts up to: the report's own date once it is numbered; for a draft
    the day campaign.yaml gives, or the last day of its month (the latest day it may carry)."""
    if issue_date is not None:
        return issue_date
    when = period.report_date
    if isinstance(when, vn.MonthDate):
        return date(when.year, when.month, calendar.monthrange(when.year, when.month)[1])
    return when


def _figure_view(spec_decimals: int, figure: Figure | None) -> dict[str, Any]:
    if figure is None:
        return {"reported": False, "target": NOT_REPORTED, "result": NOT_REPORTED, "ratio": NOT_REPORTED}
    places = max(spec_decimals, _places(figure.target), _places(figure.result))
    ratio = figure.result / figure.target * 100 if figure.target else None
    return {
        "reported": True,
        "target": vn.number(figure.target, places),
        "result": vn.number(figure.result, places),
        "ratio": vn.percent(ratio) if ratio is not None else NOT_REPORTED,
    }


def _places(value: Decimal) -> int:
    return max(0, -int(value.normalize().as_tuple().exponent))


def _total_view(stt: int, total: Total) -> dict[str, Any]:
    """One row of part II's table, every figure already written the Vietnamese way."""
    spec = total.spec
    row: dict[str, Any] = {
        "stt": stt,
        "name": spec.name,
        "measure": spec.measure or "",
        "reporting": total.reporting,
        "mean": total.aggregation == "mean",
    }
    if total.result is None:
        return row | {"target": NOT_REPORTED, "result": NOT_REPORTED, "ratio": NOT_REPORTED}
    if total.aggregation == "mean":
        return row | {
            "target": NOT_REPORTED,
            "result": vn.number(total.result, max(spec.decimals, 1)),
            "ratio": f"{total.met}/{total.reporting} đơn vị đạt",
        }
    assert total.target is not None
    places = max(spec.decimals, _places(total.target), _places(total.result))
    ratio = total.result / total.target * 100 if total.target else None
    return row | {
        "target": vn.number(total.target, places),
        "result": vn.number(total.result, places),
        "ratio": vn.percent(ratio) if ratio is not None else NOT_REPORTED,
    }


def _movements(data: Dataset, c: Consolidation) -> list[dict[str, Any]]:
    """Part II: each movement with indicators in the catalogue, its reported indicators."""
    views: list[dict[str, Any]] = []
    stt = 0
    for movement in data.movements.values():
        totals = [t for t in c.totals if t.spec.movement == movement.id]
        if not totals:
            continue
        reporting = sum(1 for row in c.rows if any(row.figure(t.id) is not None for t in totals))
        rows = []
        for total in totals:
            if total.reporting:
                stt += 1
                rows.append(_total_view(stt, total))
        views.append({"name": movement.name, "reporting": reporting, "indicators": rows})
    return views


def _launches(c: Consolidation, launches: Launches, day: date) -> list[dict[str, Any]]:
    """Part I: per launch kind, the units that issued it by ``day``, those docgen drafts for
    them (not yet numbered) and those with neither."""
    views = []
    for kind_id in LAUNCH_KINDS:
        kind = kinds.KINDS[kind_id]
        issued, draft, missing = [], [], []
        for unit in c.units:
            when = launches.get((unit.id, kind_id))
            if when is not None and when <= day:
                issued.append(unit.short_name)
            elif kind.produced_by(unit.id, unit.kind):
                draft.append(unit.short_name)
            else:
                missing.append(unit.short_name)
        views.append(
            {
                "title": kind.label,
                "issued": len(issued),
                "draft": len(draft),
                "missing": len(missing),
                # Named once some unit has issued it: until then the count says it all.
                "not_issued": ", ".join(draft + missing) if issued else "",
            }
        )
    return views


def _awards(data: Dataset, c: Consolidation) -> dict[str, Any]:
    """Part III: the proposals of the consolidated units, by award (collectives, individuals)."""
    units = {u.id for u in c.units}
    proposed = [cand for cand in data.candidates if cand.unit in units]
    rows: list[dict[str, Any]] = []
    for award in data.awards.awards:
        mine = [cand for cand in proposed if cand.award == award.id]
        if mine:
            collectives = sum(1 for cand in mine if cand.type == "collective")
            rows.append(
                {
                    "stt": len(rows) + 1,
                    "name": award.name,
                    "collectives": collectives,
                    "individuals": len(mine) - collectives,
                    "total": len(mine),
                }
            )
    return {
        "units": len({cand.unit for cand in proposed}),
        "collectives": sum(r["collectives"] for r in rows),
        "individuals": sum(r["individuals"] for r in rows),
        "rows": rows,
    }


def _appendix_row(c: Consolidation, stt: int, row: UnitRow) -> dict[str, Any]:
    lines = []
    for key in c.key_indicators:
        figure = row.figure(key)
        if figure is not None:
            spec = c.total(key).spec
            lines.append({"name": spec.name, "measure": spec.measure or ""} | _figure_view(spec.decimals, figure))
    if not row.reported:
        note = "Chưa báo cáo"
    elif not lines:
        note = "Không có chỉ tiêu chủ yếu trong báo cáo"
    else:
        note = ""
    return {"stt": stt, "name": row.unit.short_name, "note": note, "indicators": lines}


def _appendix(c: Consolidation) -> list[dict[str, Any]]:
    district = [row for row in c.rows if row.unit.is_district_level]
    others = [row for row in c.rows if not row.unit.is_district_level]
    groups = []
    stt = 0
    for letter, title, rows in (
        ("A", "CÁC HUYỆN, THÀNH PHỐ, THỊ XÃ", district),
        ("B", "CÁC SỞ, BAN, NGÀNH, DOANH NGHIỆP, TRƯỜNG HỌC", others),
    ):
        views = []
        for row in rows:
            stt += 1
            views.append(_appendix_row(c, stt, row))
        if views:
            groups.append({"letter": letter, "title": title, "units": views})
    return groups


MIN_BARS: Final = 3
"""A key indicator gets a chart when at least this many district-level units reported it: one or
two bars among thirteen names say nothing the appendix table does not."""


def charts(data: Dataset, c: Consolidation) -> list[Chart]:
    """The charts of the appendix: each key indicator's completion by district-level unit
    (when at least ``MIN_BARS`` of them reported it), then the units reporting per movement."""
    found = [completion_chart(c, key) for key in c.key_indicators]
    return [chart for chart in found if chart.bars >= MIN_BARS] + [reporting_chart(c, data.movements)]


def sample_reasons(data: Dataset, period: str) -> list[str]:
    """Why the consolidated report of ``period`` holds sample content (it is then not numbered)."""
    reasons = []
    text = data.campaign.consolidation.periods.get(period)
    if text is None or text.sample:
        reasons.append(f"phần IV - VI (data/campaign.yaml, consolidation.periods.{period}) là nội dung mẫu")
    rows = consolidate(data, period).rows
    samples = [row.unit.short_name for row in rows if row.sample]
    if samples:
        reasons.append(f"số liệu của {len(samples)} đơn vị là số liệu mẫu ({', '.join(samples[:3])}…)")
    return reasons


def consolidated_view(data: Dataset, period: Period, issue_date: date | None, launches: Launches) -> dict[str, Any]:
    """Everything the template of the consolidated report sees beyond the common context."""
    text = data.campaign.consolidation.periods.get(period.id)
    if text is None:
        raise RenderError(
            f"so-noi-vu/{KIND}/{period.id}: thiếu nội dung phần IV - VI của báo cáo tổng hợp kỳ {period.id}",
            hint=f"thêm consolidation.periods.{period.id} (difficulties, next_tasks, proposals) vào data/campaign.yaml",
        )
    c = consolidate(data, period.id)
    day = as_of(period, issue_date)
    reported = [row for row in c.rows if row.reported]
    return {
        "period": period_view(period),
        "consolidation": {
            "units": len(c.rows),
            "reported": len(reported),
            "not_reported": [u.short_name for u in c.not_reported],
            "launches": _launches(c, launches, day),
            "movements": _movements(data, c),
            "mean_label": MEAN_LABEL,
            "awards": _awards(data, c),
            "difficulties": list(text.difficulties),
            "next_tasks": list(text.next_tasks),
            "proposals": list(text.proposals),
            "appendix": _appendix(c),
            "charts": [{"number": i, "chart": chart} for i, chart in enumerate(charts(data, c), start=1)],
            "sample": bool(sample_reasons(data, period.id)),
        },
    }
