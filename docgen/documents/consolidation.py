"""The figures of Sở Nội vụ's consolidated report for one period (issue 18, item 1).

Pure data, no template: which units report to the provincial office, each one's figure per
indicator of the catalogue (or none), and the totals a reviewer recomputes — for counts and
amounts the sums of targets and results, for a rate the units at or above target and the
unweighted mean of the results. Decimal arithmetic throughout (the model's figures are
``Decimal``), so a total never drifts the way float sums do.

Who is consolidated: every unit whose ``reports_to`` is the office (the districts, the city,
the towns, departments, enterprises, schools), plus the office itself, whose own figures become
one row (the consolidated report replaces its periodic report). Communes report to their
district and are never counted here, so nothing is counted twice. Order: the district-level
units first, then the others, each group in data order (spec: "the 13 district-level units
first, then departments").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from types import MappingProxyType
from typing import Final, Literal

from docgen.data.model import Dataset, IndicatorSpec, Period, Report, Unit
from docgen.errors import UsageError, did_you_mean

OFFICE: Final = "so-noi-vu"
"""The unit that consolidates the reports (Sở Nội vụ, Ban Thi đua - Khen thưởng)."""

SUM_LABEL: Final = "Tổng cộng"
MEAN_LABEL: Final = "Bình quân không gia quyền"
"""How a rate's figure is labelled: the plain mean of the units' results, each unit counting once."""

NOT_REPORTED: Final = "—"
"""What a table shows where a unit did not report an indicator."""


@dataclass(frozen=True)
class Figure:
    """One unit's target and result for one indicator in the period."""

    target: Decimal
    result: Decimal

    @property
    def met(self) -> bool:
        """At or above target."""
        return self.result >= self.target


@dataclass(frozen=True)
class UnitRow:
    """One row of the appendix: a unit and its figures, by indicator id (``None``: not reported)."""

    unit: Unit
    reported: bool
    """Whether the unit has a report for the period at all."""
    sample: bool
    """Whether its report holds sample figures."""
    figures: Mapping[str, Figure | None]

    def figure(self, indicator: str) -> Figure | None:
        return self.figures.get(indicator)


@dataclass(frozen=True)
class Total:
    """One indicator put together over the units that reported it.

    ``aggregation == "sum"`` (counts, amounts): ``target`` and ``result`` are the sums.
    ``aggregation == "mean"`` (rates): ``result`` is the unweighted mean of the results,
    ``target`` is ``None`` and ``met`` counts the units at or above their target.
    With no unit reporting it, ``target``, ``result`` and ``met`` are ``None``."""

    spec: IndicatorSpec
    aggregation: Literal["sum", "mean"]
    label: str
    reporting: int
    target: Decimal | None
    result: Decimal | None
    met: int | None

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class Consolidation:
    """Everything item 1 of issue 18 aggregates, for one period."""

    period: Period
    rows: tuple[UnitRow, ...]
    totals: tuple[Total, ...]
    """One per indicator of the catalogue, in catalogue order (also those nobody reported)."""
    key_indicators: tuple[str, ...]
    """The ids of the indicators the report puts forward (campaign.yaml, ``consolidation.key_indicators``)."""

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(row.unit for row in self.rows)

    @property
    def not_reported(self) -> tuple[Unit, ...]:
        """The units with no report for the period, in row order: named, never an error."""
        return tuple(row.unit for row in self.rows if not row.reported)

    def total(self, indicator: str) -> Total:
        return next(t for t in self.totals if t.id == indicator)

    @property
    def key_totals(self) -> tuple[Total, ...]:
        return tuple(self.total(i) for i in self.key_indicators)


def consolidated_units(data: Dataset) -> list[Unit]:
    """The units whose reports the office consolidates, in report order: district-level units
    first, then the others, each in data order; communes never."""
    found = [u for u in data.units.values() if u.kind != "commune" and (u.reports_to == OFFICE or u.id == OFFICE)]
    return [u for u in found if u.is_district_level] + [u for u in found if not u.is_district_level]


def find_period(data: Dataset, period: str) -> Period:
    """The period of the campaign with id ``period``; a usage error naming the periods if none."""
    for candidate in data.campaign.periods:
        if candidate.id == period:
            return candidate
    ids = [p.id for p in data.campaign.periods]
    raise UsageError(
        f"Không có kỳ báo cáo {period!r} trong data/campaign.yaml",
        hint=did_you_mean(period, ids, otherwise="các kỳ: " + ", ".join(ids)),
    )


def _row(data: Dataset, unit: Unit, report: Report | None) -> UnitRow:
    figures: dict[str, Figure | None] = dict.fromkeys(data.indicators)
    if report is not None:
        for line in report.indicators:
            # The first row of an indicator counts, as in the unit's own report. Through str: a
            # float put in a model_copy (no validation) becomes its shortest decimal, 0.1 not
            # 0.1000000000000000055…; a Decimal stays exactly itself.
            if line.indicator in figures and figures[line.indicator] is None:
                figures[line.indicator] = Figure(Decimal(str(line.target)), Decimal(str(line.result)))
    sample = report is not None and data.report_is_sample(report)
    return UnitRow(unit, report is not None, sample, MappingProxyType(figures))


def _total(spec: IndicatorSpec, rows: tuple[UnitRow, ...]) -> Total:
    figures = [f for row in rows if (f := row.figure(spec.id)) is not None]
    aggregation = spec.aggregation
    if not figures:
        label = MEAN_LABEL if aggregation == "mean" else SUM_LABEL
        return Total(spec, aggregation, label, 0, None, None, None)
    # 28 significant digits whatever the caller's context: exact for every sum of the catalogue's
    # figures (at most 10^15 with 6 decimals), and the same mean on every machine.
    with localcontext(Context(prec=28)):
        results = sum((f.result for f in figures), Decimal(0))
        targets = sum((f.target for f in figures), Decimal(0))
        mean = results / len(figures)
    if aggregation == "mean":
        met = sum(1 for f in figures if f.met)
        return Total(spec, "mean", MEAN_LABEL, len(figures), None, mean, met)
    return Total(spec, "sum", SUM_LABEL, len(figures), targets, results, None)


def consolidate(data: Dataset, period: str) -> Consolidation:
    """The consolidation of ``period`` (``2023-h1``, ``2023``): rows by unit, totals by
    indicator, the units not reported, the key indicators. Raises ``UsageError`` only for a
    period the campaign does not have; a missing report is a row marked not reported."""
    found = find_period(data, period)
    reports = {r.unit: r for r in reversed(data.reports) if r.period == period}
    rows = tuple(_row(data, unit, reports.get(unit.id)) for unit in consolidated_units(data))
    totals = tuple(_total(spec, rows) for spec in data.indicators.values())
    key = tuple(data.campaign.consolidation.key_indicators)
    return Consolidation(found, rows, totals, key)
