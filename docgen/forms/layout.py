"""What a unit's Excel form holds, independent of openpyxl: its sheets, their columns, and the
rows the data prefills. ``docs/bieu-mau-excel.md`` describes the same layout for people; the
import of filled forms reads against these names, so a name here never changes without a new
``FORM_VERSION``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final, Literal

from docgen.data.model import Candidate, Dataset, IndicatorSpec, Period, Report, Unit
from docgen.data.rules import proposable_awards
from docgen.documents.context import movements_of
from docgen.documents.eligibility import LEVEL_NAMES, RATING_NAMES
from docgen.documents.plan import candidates_of
from docgen.vn import upper

# The layout's version, written into the hidden sheet. Version 2 added what the eligibility
# review reads (bloc, discipline, members, yearly ratings, initiatives' level and decision, prior
# awards by the catalogue); a version-1 form filled before is still read (``V1_COLUMNS``), the
# fields it lacks kept from the data. A form of any other version is refused on import.
FORM_VERSION: Final = 2
READABLE_VERSIONS: Final = (1, 2)
# The marker of the hidden sheet's "form" row: this workbook is a docgen form.
FORM_MARK: Final = "docgen-bieu-mau"

META_SHEET: Final = "docgen"
INSTRUCTIONS_SHEET: Final = "Hướng dẫn"
CANDIDATES_SHEET: Final = "Đề nghị khen thưởng"
ACHIEVEMENTS_SHEET: Final = "Thành tích"
RESULTS_SHEET: Final = "Kết quả theo năm"
INITIATIVES_SHEET: Final = "Sáng kiến"
PRIOR_AWARDS_SHEET: Final = "Khen thưởng đã nhận"
RATINGS_SHEET: Final = "Xếp loại theo năm"

# Every data sheet: row 1 a title, row 2 a note, row 3 the column titles, data from row 4.
TITLE_ROW: Final = 1
NOTE_ROW: Final = 2
HEADER_ROW: Final = 3
FIRST_ROW: Final = 4
# Rows prepared for new candidates, each with its id (``<unit>-<n>``) already in the locked column.
SPARE_CANDIDATES: Final = 20

# Keys of a report sheet's prose rows (column «Mã»). A ":" never appears in an indicator id.
OVERVIEW: Final = "van-ban:tong-quan"
RESULTS_PREFIX: Final = "van-ban:ket-qua:"
DIFFICULTIES: Final = "van-ban:kho-khan"
NEXT_TASKS: Final = "van-ban:nhiem-vu"
PROPOSALS: Final = "van-ban:kien-nghi"

# The way out when a form's locked ids or names were changed.
REEXPORT: Final = "không sửa cột Mã; lấy lại biểu mẫu gốc (docgen forms export) nếu cần"

TYPE_NAMES: Final = {"individual": "cá nhân", "collective": "tập thể"}
GENDERS: Final = ("nam", "nữ")
YES_NO: Final = {"có": True, "không": False}

Kind = Literal["id", "title", "text", "long", "number", "whole", "count", "year", "date", "list"]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its title, width, what a cell holds, and whether a clerk types in it."""

    title: str
    width: float
    kind: Kind
    # A list column's choices: "awards" (the hidden sheet's names of the awards the unit may
    # propose), "catalogue" (every award of awards.yaml), "blocs", "types", "genders", "yesno",
    # "ratings", "levels", "candidates" (the ids of the candidates sheet).
    choices: str = ""

    @property
    def locked(self) -> bool:
        return self.kind in ("id", "title")


REPORT_COLUMNS: Final = (
    Column("Mã", 30, "id"),
    Column("Nội dung", 48, "title"),
    Column("Đơn vị tính", 12, "title"),
    Column("Kế hoạch", 14, "number"),
    Column("Thực hiện", 14, "number"),
    Column("Văn bản (mỗi ý một dòng: Alt+Enter)", 80, "long"),
)

CANDIDATE_COLUMNS: Final = (
    Column("Mã", 22, "id"),
    Column("Cá nhân / tập thể", 12, "list", "types"),
    Column("Họ và tên / tên tập thể", 28, "text"),
    Column("Hình thức đề nghị", 30, "list", "awards"),
    Column("Thứ tự xếp hạng", 10, "whole"),
    Column("Đơn vị công tác", 28, "text"),
    Column("Tóm tắt thành tích", 48, "long"),
    Column("Công tác thi đua", 40, "long"),
    # individual (mẫu 03)
    Column("Chức vụ", 24, "text"),
    Column("Giới tính", 9, "list", "genders"),
    Column("Ngày sinh", 12, "date"),
    Column("Dân tộc", 10, "text"),
    Column("Tôn giáo", 10, "text"),
    Column("Quê quán", 30, "text"),
    Column("Nơi thường trú", 30, "text"),
    Column("Trình độ lý luận chính trị", 14, "text"),
    Column("Trình độ chuyên môn, nghiệp vụ", 24, "text"),
    Column("Nhiệm vụ được giao", 40, "long"),
    # collective (mẫu 02)
    Column("Đặc điểm, tình hình", 48, "long"),
    Column("Tổ chức bộ máy", 48, "long"),
    Column("Họ tên thủ trưởng", 22, "text"),
    Column("Chức vụ thủ trưởng", 24, "text"),
    # what the eligibility review reads (version 2)
    Column("Khối thi đua (nếu khác khối của đơn vị)", 30, "list", "blocs"),
    Column("Xếp hạng trong khối", 10, "whole"),
    Column("Đang bị xem xét kỷ luật, điều tra", 13, "list", "yesno"),
    # a collective's members (version 2)
    Column("Tổng số thành viên", 12, "whole"),
    Column("Số đạt Lao động tiên tiến", 12, "count"),
    Column("Số đạt Chiến sĩ thi đua cơ sở", 12, "count"),
    Column("Số hoàn thành nhiệm vụ trở lên", 12, "count"),
    Column("Số bị kỷ luật từ cảnh cáo trở lên", 12, "count"),
)

KEY_COLUMN: Final = Column("Mã đề nghị", 22, "list", "candidates")
ACHIEVEMENT_COLUMNS: Final = (KEY_COLUMN, Column("Thành tích", 100, "long"))
RESULT_COLUMNS: Final = (
    KEY_COLUMN,
    Column("Năm", 8, "year"),
    Column("Chỉ tiêu", 60, "text"),
    Column("Kế hoạch", 14, "number"),
    Column("Thực hiện", 14, "number"),
)
RATING_COLUMNS: Final = (KEY_COLUMN, Column("Năm", 8, "year"), Column("Mức xếp loại", 36, "list", "ratings"))
INITIATIVE_COLUMNS: Final = (
    KEY_COLUMN,
    Column("Tên sáng kiến", 60, "text"),
    Column("Cấp công nhận", 40, "text"),
    Column("Phạm vi ảnh hưởng", 14, "list", "levels"),
    Column("Số, ký hiệu quyết định công nhận", 20, "text"),
    Column("Ngày công nhận", 12, "date"),
    Column("Cơ quan công nhận", 30, "text"),
)
PRIOR_AWARD_COLUMNS: Final = (
    KEY_COLUMN,
    Column("Năm", 8, "year"),
    Column("Hình thức khen thưởng", 40, "text"),
    Column("Số, ký hiệu quyết định", 20, "text"),
    Column("Ngày quyết định", 12, "date"),
    Column("Cơ quan ban hành", 36, "text"),
    Column("Danh hiệu, hình thức theo danh mục", 34, "list", "catalogue"),
)
# A version-1 form: each sheet's first columns, the ratings sheet absent.
V1_COLUMNS: Final = {CANDIDATES_SHEET: 22, INITIATIVES_SHEET: 3, PRIOR_AWARDS_SHEET: 6, RATINGS_SHEET: 0}


def columns_read(sheet: str, columns: tuple[Column, ...], version: int) -> tuple[Column, ...]:
    """The columns a form of ``version`` has on ``sheet`` (empty: the sheet is not in it)."""
    return columns[: V1_COLUMNS[sheet]] if version == 1 and sheet in V1_COLUMNS else columns


Value = str | int | Decimal | date | None


@dataclass(frozen=True)
class Row:
    """One prefilled row; ``decimals`` (indicator rows) sets the number format of its figures,
    ``prose`` says the row takes text (column «Văn bản») rather than figures."""

    values: tuple[Value, ...]
    decimals: int = 0
    prose: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    note: str
    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Form:
    """Everything one unit's workbook shows."""

    unit: Unit
    campaign_id: str
    periods: list[tuple[Period, str]]  # each period with its sheet's name
    sheets: list[Sheet]
    awards: list[tuple[str, str]]  # (id, name) of the awards the unit may propose
    catalogue: list[tuple[str, str]]  # (id, name) of every award, for the prior awards
    blocs: list[tuple[str, str]]  # (id, name) of the campaign's blocs
    candidate_ids: list[str]  # the candidates sheet's ids, prepared rows included
    day: date  # the date of the workbook's properties

    @property
    def has_candidates(self) -> bool:
        return any(s.name == CANDIDATES_SHEET for s in self.sheets)


def period_sheet(period: Period) -> str:
    """``Báo cáo 2023-h1``: a period's sheet is named by its id (at most 31 characters)."""
    return f"Báo cáo {period.id}"[:31]


def number_format(decimals: int) -> str:
    """Excel's format for a figure with ``decimals`` places and thousands grouped (shown the
    Vietnamese way, ``1.525,5``, by a Vietnamese Excel)."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def unit_indicators(data: Dataset, unit: Unit) -> list[IndicatorSpec]:
    """The indicators a unit's form lists, the same on every period's sheet: those its reports
    hold (in the order of its first report that has them); a unit without figures yet gets the
    catalogue's indicators of the movements that concern it."""
    seen: dict[str, IndicatorSpec] = {}
    for report in data.reports:
        if report.unit == unit.id:
            for row in report.indicators:
                seen.setdefault(row.indicator, data.indicators[row.indicator])
    if seen:
        return list(seen.values())
    movements = {m.id for m in movements_of(data, unit)}
    return [spec for spec in data.indicators.values() if spec.movement in movements]


def _report(data: Dataset, unit: Unit, period: Period) -> Report | None:
    return next((r for r in data.reports if r.unit == unit.id and r.period == period.id), None)


def _lines(items: Sequence[str]) -> str | None:
    return "\n".join(items) or None


def report_sheet(data: Dataset, unit: Unit, period: Period, indicators: list[IndicatorSpec]) -> Sheet:
    report = _report(data, unit, period)
    figures = {row.indicator: row for row in report.indicators} if report is not None else {}
    rows = []
    for spec in indicators:
        row = figures.get(spec.id)
        values: tuple[Value, ...] = (
            spec.id,
            spec.name,
            spec.measure,
            row.target if row is not None else None,
            row.result if row is not None else None,
            None,
        )
        rows.append(Row(values, decimals=spec.decimals))
    results = dict(report.results) if report is not None else {}
    movements = [m.id for m in movements_of(data, unit)]
    movements += [m for m in results if m not in movements]

    def prose(key: str, title: str, text: str | None) -> Row:
        return Row((key, title, None, None, None, text), prose=True)

    rows.append(prose(OVERVIEW, "Tổng quan", report.overview if report is not None else None))
    rows += [
        prose(RESULTS_PREFIX + m, f"Kết quả: {data.movements[m].name}", results.get(m))
        for m in movements
        if m in data.movements
    ]
    rows.append(prose(DIFFICULTIES, "Khó khăn, vướng mắc", _lines(report.difficulties) if report else None))
    rows.append(prose(NEXT_TASKS, f"Nhiệm vụ {period.next_name}", _lines(report.next_tasks) if report else None))
    rows.append(prose(PROPOSALS, "Đề xuất, kiến nghị", _lines(report.proposals) if report else None))
    return Sheet(
        period_sheet(period),
        f"BÁO CÁO {upper(period.name)} — {unit.name}",
        "Nhập kế hoạch, thực hiện của từng chỉ tiêu (chỉ số, không ghi đơn vị) và phần văn bản; "
        "không sửa cột Mã, Nội dung, Đơn vị tính.",
        REPORT_COLUMNS,
        rows,
    )


def _candidate_row(cand: Candidate, award_names: dict[str, str], bloc_names: dict[str, str]) -> Row:
    head = cand.head
    members = cand.members
    return Row(
        (
            cand.id,
            TYPE_NAMES[cand.type],
            cand.name,
            award_names.get(cand.award, cand.award),
            cand.rank,
            cand.workplace,
            cand.summary,
            cand.emulation,
            cand.position,
            cand.gender,
            cand.birth_date,
            cand.ethnicity,
            cand.religion,
            cand.hometown,
            cand.residence,
            cand.political_qualification,
            cand.professional_qualification,
            cand.duties,
            cand.profile,
            cand.organisation,
            head.name if head is not None else None,
            head.title if head is not None else None,
            bloc_names.get(cand.bloc, cand.bloc) if cand.bloc else None,
            cand.bloc_rank,
            "có" if cand.pending_discipline else "không",
            members.total if members is not None else None,
            members.lao_dong_tien_tien if members is not None else None,
            members.chien_si_thi_dua_co_so if members is not None else None,
            members.completed_tasks if members is not None else None,
            members.disciplined if members is not None else None,
        )
    )


def new_ids(data: Dataset, unit: Unit, count: int) -> list[str]:
    """``count`` ids for new candidates of ``unit``: ``<unit>-<n>`` after the largest ``n`` in use,
    never one any candidate already has."""
    taken = {c.id for c in data.candidates}
    prefix = f"{unit.id}-"
    numbers = [int(c[len(prefix) :]) for c in taken if c.startswith(prefix) and c[len(prefix) :].isdigit()]
    start = max(numbers, default=0) + 1
    found: list[str] = []
    n = start
    while len(found) < count:
        if f"{prefix}{n}" not in taken:
            found.append(f"{prefix}{n}")
        n += 1
    return found


def candidate_sheets(data: Dataset, unit: Unit) -> tuple[list[Sheet], list[str]]:
    """The candidates sheet and the five sheets keyed by a candidate's id; the ids offered."""
    candidates = candidates_of(data, unit.id)
    spare = new_ids(data, unit, SPARE_CANDIDATES)
    award_names = {a.id: a.name for a in data.awards.awards}
    bloc_names = {b.id: b.name for b in data.campaign.blocs}
    rows = [_candidate_row(c, award_names, bloc_names) for c in candidates]
    rows += [Row((cid,) + (None,) * (len(CANDIDATE_COLUMNS) - 1)) for cid in spare]
    ids = [c.id for c in candidates] + spare
    key_note = "Cột Mã đề nghị: chọn mã của tập thể, cá nhân ở trang «Đề nghị khen thưởng»; mỗi dòng một mục."
    sheets = [
        Sheet(
            CANDIDATES_SHEET,
            f"TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG — {unit.name}",
            "Mỗi dòng một tập thể hoặc cá nhân; cá nhân điền các cột từ Chức vụ đến Nhiệm vụ được giao, "
            "tập thể điền các cột từ Đặc điểm, tình hình đến Chức vụ thủ trưởng và các cột số thành viên. "
            "Dòng thêm mới dùng các mã đã có sẵn.",
            CANDIDATE_COLUMNS,
            rows,
        ),
        Sheet(
            ACHIEVEMENTS_SHEET,
            f"THÀNH TÍCH ĐẠT ĐƯỢC — {unit.name}",
            key_note,
            ACHIEVEMENT_COLUMNS,
            [Row((c.id, text)) for c in candidates for text in c.achievements],
        ),
        Sheet(
            RESULTS_SHEET,
            f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU THEO NĂM — {unit.name}",
            key_note,
            RESULT_COLUMNS,
            [Row((c.id, r.year, r.indicator, r.target, r.result)) for c in candidates for r in c.results],
        ),
        Sheet(
            RATINGS_SHEET,
            f"XẾP LOẠI MỨC ĐỘ HOÀN THÀNH NHIỆM VỤ THEO NĂM — {unit.name}",
            key_note + " Mỗi năm một dòng, năm gần nhất là năm thi đua.",
            RATING_COLUMNS,
            [Row((c.id, r.year, RATING_NAMES[r.rating])) for c in candidates for r in c.ratings],
        ),
        Sheet(
            INITIATIVES_SHEET,
            f"SÁNG KIẾN — {unit.name}",
            key_note + " «Cấp công nhận» in trong báo cáo thành tích; «Phạm vi ảnh hưởng» dùng để xét tiêu chuẩn.",
            INITIATIVE_COLUMNS,
            [
                Row(
                    (
                        c.id,
                        i.name,
                        i.recognition,
                        LEVEL_NAMES[i.level] if i.level else None,
                        i.decision,
                        i.date,
                        i.issuer,
                    )
                )
                for c in candidates
                for i in c.initiatives
            ],
        ),
        Sheet(
            PRIOR_AWARDS_SHEET,
            f"CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG — {unit.name}",
            key_note + " Chọn danh hiệu, hình thức theo danh mục nếu có (dùng để xét tiêu chuẩn các năm liên tục).",
            PRIOR_AWARD_COLUMNS,
            [
                Row(
                    (c.id, p.year, p.title, p.decision, p.date, p.issuer, award_names.get(p.award) if p.award else None)
                )
                for c in candidates
                for p in c.prior_awards
            ],
        ),
    ]
    return sheets, ids


def form_of(data: Dataset, unit: Unit) -> Form:
    """The form of ``unit``: a sheet per report period and, unless it is a commune (communes
    make no proposal), the candidates and their four keyed sheets."""
    indicators = unit_indicators(data, unit)
    periods = [(p, period_sheet(p)) for p in data.campaign.periods]
    sheets = [report_sheet(data, unit, p, indicators) for p, _ in periods]
    awards = [(a.id, a.name) for a in proposable_awards(data.awards, unit, data.units)]
    ids: list[str] = []
    if unit.kind != "commune":
        more, ids = candidate_sheets(data, unit)
        sheets += more
    catalogue = [(a.id, a.name) for a in data.awards.awards]
    blocs = [(b.id, b.name) for b in data.campaign.blocs]
    return Form(unit, data.campaign.id, periods, sheets, awards, catalogue, blocs, ids, data.campaign.directive.date)
