"""The validated data of a workspace: units, movements, tasks, legal bases, awards, figures.

One pydantic model per YAML file (``*File``), strict about unknown keys so that a typo is an
error, never a silently ignored field. Cross-file references are checked in ``load``; this
module only knows the shape of each file. Everything is immutable once loaded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from docgen.data.basetypes import (
    DISTRICT_LEVEL as DISTRICT_LEVEL,
)
from docgen.data.basetypes import (
    DOC_KINDS as DOC_KINDS,
)
from docgen.data.basetypes import (
    ID_PATTERN as ID_PATTERN,
)
from docgen.data.basetypes import (
    UNIT_KINDS as UNIT_KINDS,
)
from docgen.data.basetypes import (
    WINDOWS_DEVICES as WINDOWS_DEVICES,
)
from docgen.data.basetypes import (
    CandidateType as CandidateType,
)
from docgen.data.basetypes import (
    CommuneType as CommuneType,
)
from docgen.data.basetypes import (
    DocDate as DocDate,
)
from docgen.data.basetypes import (
    DocKind as DocKind,
)
from docgen.data.basetypes import (
    Id as Id,
)
from docgen.data.basetypes import (
    InitiativeLevel as InitiativeLevel,
)
from docgen.data.basetypes import (
    Line as Line,
)
from docgen.data.basetypes import (
    Name as Name,
)
from docgen.data.basetypes import (
    PathId as PathId,
)
from docgen.data.basetypes import (
    Rating as Rating,
)
from docgen.data.basetypes import (
    Text as Text,
)
from docgen.data.basetypes import (
    UnitKind as UnitKind,
)
from docgen.data.criteria import Criteria
from docgen.kinds import ABOVE_COMMUNE, PRODUCING_UNIT_KINDS
from docgen.vn import upper
from docgen.vn.numbers import vietnamese_digits


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Validity(Strict):
    """Mixin for data that changes over time (leaders, laws, base salary)."""

    valid_from: date | None = None
    valid_to: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Validity:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to phải sau valid_from")
        return self

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def _caps(lines: list[str]) -> list[str]:
    for line in lines:
        if line != upper(line):
            raise ValueError(f"dòng tiêu đề phải viết HOA: {line!r} → {upper(line)!r}")
    return lines


CapsLines = Annotated[list[Line], Field(min_length=1, max_length=3)]


class Header(Strict):
    """The left header column as Decree 30 prints it."""

    parent: Line | None = None
    issuer: CapsLines

    @model_validator(mode="after")
    def _check_caps(self) -> Header:
        _caps(self.issuer)
        if self.parent is not None:
            _caps([self.parent])
        return self


class Signer(Validity):
    """A person who may sign for the unit during a period; ``role`` names the post."""

    role: Id
    name: Line
    title: Line
    deputy_of: Line | None = None
    sample: bool = False

    @model_validator(mode="after")
    def _check_caps(self) -> Signer:
        _caps([self.title] + ([self.deputy_of] if self.deputy_of else []))
        return self


class Signing(Strict):
    """Who signs a document: a role of the unit, optionally on behalf of the collective body."""

    role: Id
    on_behalf: Line | None = None

    @model_validator(mode="after")
    def _check_caps(self) -> Signing:
        if self.on_behalf is not None:
            _caps([self.on_behalf])
        return self


def _recipient(value: object) -> object:
    # A plain string is free text; a mapping refers to a unit so a typo in its id is caught.
    return {"text": value} if isinstance(value, str) else value


class RecipientItem(Strict):
    unit: Id | None = None
    text: Line | None = None

    @model_validator(mode="after")
    def _one_of(self) -> RecipientItem:
        if (self.unit is None) == (self.text is None):
            raise ValueError("mỗi nơi nhận là một dòng chữ hoặc {unit: <mã đơn vị>}")
        return self


Recipient = Annotated[RecipientItem, BeforeValidator(_recipient)]


class Unit(Strict):
    id: PathId
    name: Name
    short_name: Line
    kind: UnitKind
    code: Annotated[str, Field(pattern=r"^\d{2,5}$")] | None = None
    parent: Id | None = None
    header: Header
    symbol: Annotated[str, Field(pattern=r"^[A-ZĐ][A-ZĐ0-9]*(-[A-ZĐ0-9]+)*$")] | None = None
    drafting_unit: Line | None = None
    place: Line | None = None
    head_title: Line | None = None
    reports_to: Id | None = None
    proposes_to: Id | None = None
    bloc: Id | None = None
    domains: list[Id] = []
    recipients: dict[str, list[Recipient]] = {}
    signers: list[Signer] = []
    signing: dict[str, Signing] = {}
    # A kind this office numbers in its own register series (e.g. quyet-dinh: quyet-dinh).
    series: dict[str, Id] = {}
    sample: bool = False

    @property
    def is_district_level(self) -> bool:
        return self.kind in DISTRICT_LEVEL

    @property
    def produces(self) -> bool:
        return self.kind in PRODUCING_UNIT_KINDS


class UnitsFile(Strict):
    units: list[Unit]


class CommunesFile(Strict):
    communes: list[Unit]


class Movement(Strict):
    id: Id
    name: Line
    unit_kinds: list[UnitKind] = []
    units: list[Id] = []
    domains: list[Id] = []
    # Which communes (xã, phường, thị trấn) it concerns; empty: all, if unit_kinds has commune.
    commune_types: list[CommuneType] = []
    description: Text | None = None


class Task(Strict):
    """A task of the directive (or of the spec's unit-specific list), routed to the units
    whose field it is: explicitly named units, whole unit kinds, or units of a domain."""

    id: Id
    text: Text
    movement: Id | None = None
    units: list[Id] = []
    unit_kinds: list[UnitKind] = []
    domains: list[Id] = []
    commune_types: list[CommuneType] = []
    lead: Id | None = None
    deadline: DocDate | None = None

    @model_validator(mode="after")
    def _routed(self) -> Task:
        if not (self.units or self.unit_kinds or self.domains or self.commune_types):
            raise ValueError("nhiệm vụ phải giao cho ít nhất một đơn vị (units, unit_kinds hoặc domains)")
        return self


class MovementsFile(Strict):
    movements: list[Movement]
    tasks: list[Task] = []
    indicators: list[IndicatorSpec] = []


class Directive(Strict):
    type: Line
    number: Line
    date: date
    issuer: Id
    summary: Line
    sample: bool = False


class IssueWindow(Strict):
    """The days on which the register may number a document (``docgen.data.rules.issue_window``);
    checked in ``references`` (both ends, their order, the directive a document cites)."""

    issue_from: date | None = None
    issue_to: date | None = None


class Period(IssueWindow):
    id: Annotated[str, Field(pattern=r"^\d{4}(-[a-z0-9]+)?$")]
    name: Name
    start: date
    end: date
    report_date: DocDate
    deadline: date | None = None
    next_name: Line

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("end phải sau start")
        return self


class CitedProposal(Strict):
    """The proposal a decision answers (Sở Nội vụ's Tờ trình): «Theo đề nghị của … tại Tờ trình
    số <number> ngày <date>»."""

    number: Line
    date: date
    sample: bool = False


class DocumentSpec(IssueWindow):
    """What the data fixes for one kind of document: its date, summary line and the days it may
    be numbered on."""

    date: DocDate | None = None
    summary: Line
    type_abbr: Annotated[str, Field(pattern=r"^[A-Za-zĐđ]{1,5}$")] | None = None
    series: Id | None = None
    proposal: CitedProposal | None = None


class Named(Strict):
    id: Id
    name: Line


class ConsolidatedText(Strict):
    """Parts IV - VI of Sở Nội vụ's consolidated report for one period (campaign.yaml)."""

    difficulties: list[Line] = []
    next_tasks: list[Line] = []
    proposals: list[Line] = []
    sample: bool = False


class ConsolidationSpec(Strict):
    """What Sở Nội vụ's consolidated report puts forward: the key indicators of the catalogue
    (tables and charts) and, by period id, its parts IV - VI."""

    key_indicators: list[Id] = []
    periods: dict[str, ConsolidatedText] = {}


class CampaignFile(Strict):
    # Names the campaign in what leaves the office (the hidden sheet of an Excel form), so that a
    # form filled in for another campaign is told apart from this one's.
    id: Id
    year: Annotated[int, Field(ge=2000, le=2100)]
    title: Line
    school_year: Line
    directive: Directive
    documents: dict[str, DocumentSpec]
    periods: list[Period]
    blocs: list[Named]
    domains: list[Named]
    consolidation: ConsolidationSpec = ConsolidationSpec()


class LegalBasis(Validity):
    id: Id
    text: Line
    kinds: list[DocKind]
    unit_kinds: list[UnitKind] = []


class LegalFile(Strict):
    legal_bases: list[LegalBasis]


class BaseSalary(Validity):
    amount: Annotated[int, Field(gt=0)]
    legal_basis: Line


class Coefficient(Validity):
    individual: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    collective: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    granted_by_kinds: list[UnitKind] = []


# Who decides an award: ``province`` — the Chairman of the provincial People's Committee, so a
# unit proposes it to the province (a tờ trình); ``unit`` — the head of the unit itself (a
# department, a district or a commune), granted in-house and never proposed to the province.
AwardLevel = Literal["province", "unit"]


class Award(Strict):
    id: Id
    name: Line
    recipients: list[CandidateType]
    decided_by: Line
    level: AwardLevel
    coefficients: list[Coefficient] = []
    criteria: list[Criteria] = []
    """What a candidate must meet, by the law in force (``docgen review``)."""
    decision: Line | None = None
    """What the Chairman's decision does, after «Về việc»: ``tặng Bằng khen của Chủ tịch …``."""


class Rounding(Strict):
    step: Annotated[int, Field(gt=0)] = 10000
    mode: Literal["nearest", "up"] = "nearest"


class AwardsFile(Strict):
    base_salary: list[BaseSalary]
    rounding: Rounding
    awards: list[Award]


def _vietnamese_number(value: object) -> object:
    """A figure typed as Vietnamese write it, in quotes: ``"1,525"`` (comma: decimal point),
    ``"1.525.000"`` or ``"1.525,5"`` (dots: thousands). Numbers YAML read itself pass as they are."""
    if not isinstance(value, str):
        return value
    digits = vietnamese_digits(value)
    return value if digits is None else digits


Amount = Annotated[Decimal, BeforeValidator(_vietnamese_number), Field(ge=0, le=Decimal(10) ** 15)]
IndicatorKind = Literal["count", "amount", "rate"]


class IndicatorSpec(Strict):
    """One indicator of the catalogue (movements.yaml): what a figure means, wherever reported."""

    id: Id
    name: Line
    measure: Line | None = None
    movement: Id | None = None
    kind: IndicatorKind
    decimals: Annotated[int, Field(ge=0, le=6)] = 0
    # How units' figures are put together: counts and amounts add up; for a rate, the units at
    # or above target are counted and an unweighted mean is given.
    aggregate: Literal["sum", "mean"] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> IndicatorSpec:
        if self.kind == "count" and self.decimals:
            raise ValueError("chỉ tiêu đếm (kind: count) là số nguyên: decimals phải là 0")
        if self.aggregate is not None and self.aggregate != self.aggregation:
            raise ValueError(
                f"chỉ tiêu kind: {self.kind} tổng hợp theo cách {self.aggregation}, không phải {self.aggregate}"
            )
        return self

    @property
    def aggregation(self) -> Literal["sum", "mean"]:
        """How units' figures are put together (``aggregate`` may say it; the kind decides)."""
        return "mean" if self.kind == "rate" else "sum"


class Indicator(Strict):
    """One row of a report's table: an indicator of the catalogue, the period's target and result."""

    indicator: Id
    target: Amount
    result: Amount


class Report(Strict):
    unit: Id
    period: Annotated[str, Field(pattern=r"^\d{4}(-[a-z0-9]+)?$")]
    overview: Text
    results: dict[str, Text] = {}
    indicators: list[Indicator] = []
    difficulties: list[Text] = []
    next_tasks: list[Text] = []
    proposals: list[Text] = []
    # Sample figures (true) or real ones (false); unset: the file's ``sample`` flag.
    sample: bool | None = None


class ReportsFile(Strict):
    sample: bool = False
    reports: list[Report]


class YearResult(Strict):
    year: Annotated[int, Field(ge=2000, le=2100)]
    indicator: Line
    target: Amount
    result: Amount


_Day = date  # a field named ``date`` hides the type inside its class


class Initiative(Strict):
    """An initiative (sáng kiến) and its recognition. The eligibility review reads ``level``,
    ``decision`` and ``date``; ``recognition`` is the line an achievement report prints."""

    name: Line
    recognition: Line
    level: InitiativeLevel | None = None
    decision: Line | None = None
    date: _Day | None = None
    issuer: Line | None = None


class PriorAward(Strict):
    """A title or award received before, by its id in awards.yaml (``title``: how the
    achievement report prints it, e.g. «Giấy khen của Chủ tịch UBND huyện Đức Thọ»)."""

    year: Annotated[int, Field(ge=1950, le=2100)]
    award: Id | None = None
    title: Line
    decision: Line
    date: date
    issuer: Line


class YearRating(Strict):
    year: Annotated[int, Field(ge=2000, le=2100)]
    rating: Rating


class Members(Strict):
    """A collective's members, for the titles that count them (Tập thể lao động xuất sắc…)."""

    total: Annotated[int, Field(ge=1)]
    lao_dong_tien_tien: Annotated[int, Field(ge=0)] = 0
    chien_si_thi_dua_co_so: Annotated[int, Field(ge=0)] = 0
    disciplined: Annotated[int, Field(ge=0)] = 0
    """Members disciplined at warning level (cảnh cáo) or above during the year."""
    completed_tasks: Annotated[int, Field(ge=0)] | None = None
    """Members rated «hoàn thành nhiệm vụ» or better in the year; unset: not reported."""

    @model_validator(mode="after")
    def _within(self) -> Members:
        for name in ("lao_dong_tien_tien", "chien_si_thi_dua_co_so", "disciplined", "completed_tasks"):
            if (getattr(self, name) or 0) > self.total:
                raise ValueError(f"members.{name} ({getattr(self, name)}) lớn hơn tổng số (total: {self.total})")
        return self


class Person(Strict):
    name: Line
    title: Line


class Candidate(Strict):
    """A collective or an individual proposed for an award by a unit."""

    id: PathId
    unit: Id
    type: CandidateType
    name: Name
    award: Id
    rank: Annotated[int, Field(ge=1)]
    workplace: Line
    summary: Text
    # individual (form 03)
    position: Line | None = None
    gender: Literal["nam", "nữ"] | None = None
    birth_date: date | None = None
    ethnicity: Line | None = None
    religion: Line | None = None
    hometown: Line | None = None
    residence: Line | None = None
    political_qualification: Line | None = None
    professional_qualification: Line | None = None
    duties: Text | None = None
    # collective (form 02)
    profile: Text | None = None
    organisation: Text | None = None
    head: Person | None = None
    # both
    achievements: list[Text] = []
    results: list[YearResult] = []
    initiatives: list[Initiative] = []
    emulation: Text | None = None
    prior_awards: list[PriorAward] = []
    # what the eligibility review reads (docgen review)
    ratings: list[YearRating] = []
    pending_discipline: bool = False
    """A disciplinary process or investigation is under way: no award."""
    members: Members | None = None
    bloc: Id | None = None
    """Its emulation bloc when not its proposing unit's (campaign.yaml ``blocs``)."""
    bloc_rank: Annotated[int, Field(ge=1)] | None = None
    """Its place in the bloc's year-end ranking (Cờ thi đua: the leading collective)."""
    # A sample entry (true) or a real one (false); unset: the file's ``sample`` flag.
    sample: bool | None = None

    @model_validator(mode="after")
    def _complete(self) -> Candidate:
        needed = (
            (
                "position",
                "gender",
                "birth_date",
                "ethnicity",
                "religion",
                "hometown",
                "residence",
                "political_qualification",
                "professional_qualification",
                "duties",
            )
            if self.type == "individual"
            else ("profile", "organisation", "head")
        )
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            label = "cá nhân" if self.type == "individual" else "tập thể"
            raise ValueError(
                f"hồ sơ {label} {self.id} ({self.name}, đơn vị {self.unit}) còn thiếu: {', '.join(missing)}"
                " — thêm các trường này vào mục đề nghị (dùng cho báo cáo thành tích)"
            )
        if not self.achievements:
            who = f"{self.id} ({self.name}, đơn vị {self.unit})"
            raise ValueError(f"achievements: hồ sơ {who} cần ít nhất một thành tích")
        return self


class CandidatesFile(Strict):
    sample: bool = False
    candidates: list[Candidate]


class UnitFile(Strict):
    """``data/units/<unit-id>.yaml``: one unit's reports and candidates, written by
    ``docgen forms import`` (an entry's ``unit`` is the file's; its ``sample`` defaults to false)."""

    unit: Id
    reports: list[Report] = []
    candidates: list[Candidate] = []


class Dataset(Strict):
    """Everything a workspace holds, after every file and every cross-reference checked."""

    campaign: CampaignFile
    legal: LegalFile
    awards: AwardsFile
    units: dict[str, Unit]
    movements: dict[str, Movement]
    tasks: list[Task]
    indicators: dict[str, IndicatorSpec] = {}
    reports: list[Report]
    reports_sample: bool
    candidates: list[Candidate]
    candidates_sample: bool

    def unit(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    def report_is_sample(self, report: Report) -> bool:
        """Whether a report entry holds sample figures: its own flag, else the file's."""
        return self.reports_sample if report.sample is None else report.sample

    def candidate_is_sample(self, candidate: Candidate) -> bool:
        """Whether a candidate is a sample entry: its own flag, else the file's."""
        return self.candidates_sample if candidate.sample is None else candidate.sample

    def producing_units(self, *, communes: bool = False) -> list[Unit]:
        return [u for u in self.units.values() if u.kind in (PRODUCING_UNIT_KINDS if communes else ABOVE_COMMUNE)]
