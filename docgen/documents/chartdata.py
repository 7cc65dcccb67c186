"""What the charts of Sở Nội vụ's consolidated report show (issue 18, item 3), as data.

Two pure functions of a ``Consolidation`` give each chart's bars (``Chart``: labels, values,
the figure printed beside each bar) — what the report's context carries and what tests count
and recompute. Drawing them is ``docgen.docx.charts``'s (matplotlib, only when a document
with charts is rendered).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Final, Literal

from docgen.data.model import Movement
from docgen.documents.consolidation import NOT_REPORTED, Consolidation
from docgen.errors import UsageError, did_you_mean
from docgen.vn.numbers import number, percent

COMPLETION_AXIS: Final = "% kế hoạch"
REPORTING_AXIS: Final = "Số đơn vị báo cáo"


@dataclass(frozen=True)
class Chart:
    """What a chart shows: one bar per label (``None``: no bar, the text says why), in order
    from the top of the chart."""

    kind: Literal["completion", "reporting"]
    title: str
    axis_title: str
    labels: tuple[str, ...]
    values: tuple[Decimal | None, ...]
    texts: tuple[str, ...]
    """The figure printed beside each bar, the Vietnamese way (``103,5%``, ``12``, ``—``)."""
    reference: Decimal | None = None
    """Where the reference line stands (the 100 % of target), if any."""

    @property
    def bars(self) -> int:
        """How many bars the chart draws."""
        return sum(1 for v in self.values if v is not None)


def completion_rate(target: Decimal, result: Decimal) -> Decimal | None:
    """The result as a percentage of the target, to one decimal half up; ``None`` for a target of 0."""
    if target == 0:
        return None
    with localcontext(Context(prec=28)):
        return (result * 100 / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def completion_chart(c: Consolidation, indicator_id: str) -> Chart:
    """Each district-level unit's result for ``indicator_id`` as a percentage of its target,
    with the 100 % line; a unit that did not report it (or has a target of 0) gets no bar and "—"."""
    ids = [t.id for t in c.totals]
    if indicator_id not in ids:
        raise UsageError(
            f"Không có chỉ tiêu {indicator_id!r} trong danh mục chỉ tiêu (data/movements.yaml)",
            hint=did_you_mean(indicator_id, ids),
        )
    spec = c.total(indicator_id).spec
    rows = [row for row in c.rows if row.unit.is_district_level]
    values: list[Decimal | None] = []
    for row in rows:
        figure = row.figure(indicator_id)
        values.append(None if figure is None else completion_rate(figure.target, figure.result))
    texts = tuple(NOT_REPORTED if v is None else percent(v, 1) for v in values)
    return Chart(
        kind="completion",
        title=f"{wrap(spec.name, 70)}\nKết quả so với kế hoạch {c.period.name}",
        axis_title=COMPLETION_AXIS,
        labels=tuple(row.unit.short_name for row in rows),
        values=tuple(values),
        texts=texts,
        reference=Decimal(100),
    )


def reporting_chart(c: Consolidation, movements: Mapping[str, Movement]) -> Chart:
    """The number of units reporting per movement: a unit counts once for a movement when it
    reported at least one of that movement's indicators in the period. One bar per movement
    with reports, in the order of ``movements`` (``data.movements``: the catalogue's)."""
    reporting: dict[str, int] = {}
    for row in c.rows:
        seen = {total.spec.movement for total in c.totals if row.figure(total.id) is not None}
        for movement in seen:
            if movement is not None:
                reporting[movement] = reporting.get(movement, 0) + 1
    shown = [m for m in movements.values() if reporting.get(m.id)]
    values = tuple(Decimal(reporting[m.id]) for m in shown)
    return Chart(
        kind="reporting",
        title=f"Số đơn vị báo cáo kết quả theo phong trào thi đua\n{c.period.name[:1].upper()}{c.period.name[1:]}",
        axis_title=REPORTING_AXIS,
        labels=tuple(m.name for m in shown),
        values=values,
        texts=tuple(number(v) for v in values),
    )


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text
