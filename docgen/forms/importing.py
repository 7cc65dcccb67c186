"""A filled Excel form read back into entries shaped like ``reports.yaml``'s and
``candidates.yaml``'s, or refused with every problem of the file at once.

The form is read against ``layout`` (the names and columns the export wrote, docs/bieu-mau-excel.md)
through ``docgen.sheets`` (what Excel really saves). Each entry built is checked by the data
model itself (``Report``, ``Candidate``), so that the rules of a report or a candidate have one
home; a rule's failure is told at the cell the field came from. What only the form knows is
checked here: the hidden sheet (a docgen form, its version, its unit and campaign), indicator
rows against the catalogue and their decimals, the award's name, candidate ids.

Decisions: a period whose sheet has nothing filled (no figure, no text) gives no report entry;
a row holding only its id (a prepared candidate row, a keyed row emptied) is skipped; a
candidate row inserted without an id gets the next ``<unit>-<n>`` free in the data and the
sheet; figures are plain ``int`` when whole, else ``float`` (the indicator's decimals are
checked first, so the float is the figure typed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from docgen.data.messages import describe_error
from docgen.data.model import Candidate, Dataset, Report, Unit
from docgen.errors import CellProblem, FormRefused, Problem, SheetUnreadable, did_you_mean
from docgen.forms import layout
from docgen.forms.candidaterows import read_candidates, with_unread_fields
from docgen.forms.layout import FIRST_ROW, HEADER_ROW, Column
from docgen.sheets import Book, Place, Row, Sheet, is_blank, titles_at
from docgen.sheets import cells as read


@dataclass(frozen=True)
class ImportedForm:
    path: Path
    unit_id: str
    reports: list[dict[str, object]]
    candidates: list[dict[str, object]]
    hidden_rows: int


Where = dict[tuple[str | int, ...], Place]

_MISSING_HINT = "điền ô này (bắt buộc)"


class FormReader:
    """Reads one form, collecting its problems."""

    def __init__(self, book: Book, data: Dataset) -> None:
        self.book = book
        self.data = data
        self.problems: list[Problem] = []
        self.hidden_rows = 0
        self.inserted: set[tuple[str, int]] = set()  # (sheet, row) of candidates' rows inserted without an id
        self.version = layout.FORM_VERSION  # the form's, once its hidden sheet is read

    def told(self, place: Place) -> bool:
        """Whether a problem of this cell is told already (one problem a cell: the first)."""
        return any(isinstance(p, CellProblem) and (p.sheet, p.cell) == (place.sheet, place.ref) for p in self.problems)

    def whole_file(self, message: str, hint: str | None = None, sheet: str = "") -> None:
        self.problems.append(CellProblem(self.book.name, None, None, "", message, hint, sheet=sheet))

    def sheet(self, name: str, columns: tuple[Column, ...]) -> Sheet | None:
        """The sheet ``name`` with the column titles it must have (``columns``: as the form's
        version has them); None, with the problem told, when it is missing."""
        if name not in self.book:
            self.whole_file(
                f"thiếu trang «{name}»", "không xóa hay đổi tên trang của biểu mẫu; lấy lại biểu mẫu gốc nếu cần"
            )
            return None
        sheet = self.book.sheet(name, header_row=HEADER_ROW, first_row=FIRST_ROW)
        self.problems += sheet.problems
        self.problems += titles_at(sheet, [c.title for c in columns])
        self.hidden_rows += sheet.hidden_rows
        return sheet

    # -- the hidden sheet ------------------------------------------------------------------

    def meta(self) -> tuple[Unit, list[tuple[str, str]], dict[str, str]] | None:
        """The unit, the (period id, sheet name) pairs and the award names → ids of the hidden sheet."""
        not_form = "tệp không phải biểu mẫu docgen (không có trang ẩn «docgen»)"
        how = "nhập biểu mẫu do `docgen forms export` tạo ra, đã điền; không chép số liệu sang tệp khác"
        if layout.META_SHEET not in self.book:
            self.whole_file(not_form, how)
            return None
        sheet = self.book.sheet(layout.META_SHEET)
        pairs: list[tuple[str, str, str]] = []
        awards: dict[str, str] = {}
        for row in sheet.rows:
            key, value, note = (
                read.clean_text(str(row.value(c))) if not is_blank(row.value(c)) else "" for c in (1, 2, 3)
            )
            if key and row.number > 1:
                pairs.append((key, value[:-2] if value.endswith(".0") else value, note))
            award_id, award_name = row.value(5), row.value(6)
            if row.number > 1 and isinstance(award_id, str) and isinstance(award_name, str):
                awards[read.clean_text(award_name)] = award_id.strip()
        found = {key: value for key, value, _ in pairs}
        if found.get("form") != layout.FORM_MARK:
            self.whole_file(not_form, how)
            return None
        readable = {str(v): v for v in layout.READABLE_VERSIONS}
        if found.get("form_version") not in readable:
            self.whole_file(
                f"biểu mẫu phiên bản {found.get('form_version') or '(không rõ)'}, docgen này đọc biểu mẫu "
                f"phiên bản {', '.join(readable)}",
                "xuất biểu mẫu mới (docgen forms export), chép số liệu sang rồi gửi lại",
            )
            return None
        self.version = readable[found["form_version"]]
        unit_id = found.get("unit", "")
        campaign = found.get("campaign", "")
        unit = self.data.units.get(unit_id)
        if unit is None:
            self.whole_file(
                f"biểu mẫu của đơn vị «{unit_id}», đơn vị này không có trong danh sách đơn vị "
                "(units.yaml, communes.yaml)",
                did_you_mean(unit_id, self.data.units, otherwise="kiểm tra lại tệp đã nhận, hoặc xuất lại biểu mẫu"),
            )
        if campaign != self.data.campaign.id:
            self.whole_file(
                f"biểu mẫu của đợt thi đua «{campaign}», không phải đợt «{self.data.campaign.id}» đang nhập",
                "nhập đúng biểu mẫu của đợt này; biểu mẫu của đợt khác không nhập được",
            )
        if unit is None or campaign != self.data.campaign.id:
            return None
        known = {p.id for p in self.data.campaign.periods}
        periods = []
        for key, value, note in pairs:
            if key != "period":
                continue
            if value not in known:
                self.whole_file(
                    f"kỳ báo cáo «{value}» của biểu mẫu không có trong campaign.yaml",
                    "xuất biểu mẫu mới (docgen forms export), chép số liệu sang rồi gửi lại",
                )
            else:
                periods.append(
                    (value, note or layout.period_sheet(next(p for p in self.data.campaign.periods if p.id == value)))
                )
        return unit, periods, awards

    # -- report sheets ---------------------------------------------------------------------

    def report(self, unit: Unit, period: str, sheet: Sheet) -> dict[str, object] | None:
        entry: dict[str, Any] = {"unit": unit.id, "period": period}
        where: Where = {}
        figures: list[dict[str, object]] = []
        rows: dict[str, int] = {}  # indicator → its row
        results: dict[str, str] = {}
        lists: dict[str, list[str]] = {}
        overview: str | None = None
        key_place = {
            layout.DIFFICULTIES: "difficulties",
            layout.NEXT_TASKS: "next_tasks",
            layout.PROPOSALS: "proposals",
        }
        for row in sheet.rows:
            key = row.value(1)
            place = sheet.place(row.number, 1)
            if is_blank(key):
                if any(not is_blank(v) for v in row.values[3:6]):
                    self.problems.append(
                        place.problem(
                            "dòng chèn thêm không có mã: trang báo cáo không thêm được chỉ tiêu hay phần văn bản",
                            "chuyển nội dung vào dòng có sẵn rồi xóa dòng này; chỉ tiêu mới do cơ quan thi đua "
                            "thêm vào danh mục",
                        )
                    )
                continue
            key = read.clean_text(str(key))
            if key.startswith("van-ban:"):
                text = read.text(row.value(6), sheet.place(row.number, 6), self.problems)
                self._no_figures(sheet, row)
                if key == layout.OVERVIEW:
                    overview = text
                    where[("overview",)] = sheet.place(row.number, 6)
                elif key.startswith(layout.RESULTS_PREFIX):
                    movement = key[len(layout.RESULTS_PREFIX) :]
                    if movement not in self.data.movements:
                        self.problems.append(
                            place.problem(f"phong trào «{movement}» không có trong movements.yaml", layout.REEXPORT)
                        )
                    elif text is not None:
                        results[movement] = text
                        where[("results", movement)] = sheet.place(row.number, 6)
                elif key in key_place:
                    field = key_place[key]
                    items = [line.strip() for line in (text or "").split("\n") if line.strip()]
                    lists[field] = items
                    for i in range(len(items)):
                        where[(field, i)] = sheet.place(row.number, 6)
                else:
                    self.problems.append(
                        place.problem(f"mã «{key}» không phải phần văn bản của báo cáo", layout.REEXPORT)
                    )
                continue
            spec = self.data.indicators.get(key)
            if spec is None:
                self.problems.append(
                    place.problem(
                        f"chỉ tiêu «{key}» không có trong danh mục chỉ tiêu (movements.yaml)",
                        did_you_mean(key, self.data.indicators, otherwise=layout.REEXPORT),
                    )
                )
                continue
            if key in rows:
                self.problems.append(
                    place.problem(
                        f"chỉ tiêu «{spec.name}» đã có ở dòng {rows[key]}", "mỗi chỉ tiêu một dòng; xóa dòng này"
                    )
                )
                continue
            if not is_blank(row.value(6)):
                self.problems.append(
                    sheet.place(row.number, 6).problem(
                        "dòng chỉ tiêu không ghi văn bản",
                        "ghi kế hoạch, thực hiện bằng số ở cột D, E; văn bản ở các dòng văn bản",
                    )
                )
            target = read.number(row.value(4), sheet.place(row.number, 4), self.problems, decimals=spec.decimals)
            result = read.number(row.value(5), sheet.place(row.number, 5), self.problems, decimals=spec.decimals)
            typed = [not is_blank(row.value(c)) for c in (4, 5)]
            if typed == [False, False]:
                continue
            if not all(typed):
                missing = 4 if not typed[0] else 5
                if self.told(sheet.place(row.number, missing)):
                    continue
                self.problems.append(
                    sheet.place(row.number, missing).problem(
                        f"chỉ tiêu «{spec.name}» có {'thực hiện' if missing == 4 else 'kế hoạch'} nhưng ô này để trống",
                        "nhập cả kế hoạch và thực hiện (0 nếu không có), hoặc xóa cả hai ô nếu kỳ này không theo dõi",
                    )
                )
                continue
            if target is None or result is None:
                continue  # told by the cell reader
            figures.append({"indicator": key, "target": read.plain(target), "result": read.plain(result)})
            rows[key] = row.number
        if overview is None and not results and not figures and not any(lists.values()):
            return None  # nothing filled for this period: no report entry
        # Figures and results keep the order of the unit's report as the data holds it (the
        # sheet lists the indicators of every period in one order); new ones follow the sheet.
        before = next((r for r in self.data.reports if r.unit == unit.id and r.period == period), None)
        order = {row.indicator: i for i, row in enumerate(before.indicators)} if before is not None else {}
        figures.sort(key=lambda f: order.get(str(f["indicator"]), len(order)))
        moved = list(before.results) if before is not None else []
        results = dict(sorted(results.items(), key=lambda kv: moved.index(kv[0]) if kv[0] in moved else len(moved)))
        for index, figure in enumerate(figures):
            number = rows[str(figure["indicator"])]
            where[("indicators", index)] = sheet.place(number, 1)
            where[("indicators", index, "target")] = sheet.place(number, 4)
            where[("indicators", index, "result")] = sheet.place(number, 5)
        where[()] = sheet.place(FIRST_ROW, 6)
        if overview is not None:
            entry["overview"] = overview
        where.setdefault(("overview",), where[()])
        if results:
            entry["results"] = results
        if figures:
            entry["indicators"] = figures
        for field in ("difficulties", "next_tasks", "proposals"):
            if lists.get(field):
                entry[field] = lists[field]
        entry["sample"] = False
        self.validate(Report, entry, where)
        return entry

    def _no_figures(self, sheet: Sheet, row: Row) -> None:
        for column in (4, 5):
            if not is_blank(row.value(column)):
                self.problems.append(
                    sheet.place(row.number, column).problem(
                        "dòng văn bản không ghi số liệu", "ghi số liệu ở dòng của chỉ tiêu; văn bản ở cột «Văn bản»"
                    )
                )

    # -- validation through the data model -------------------------------------------------

    def validate(self, model: type[BaseModel], entry: Mapping[str, object], where: Where) -> None:
        try:
            model.model_validate(dict(entry))
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(part for part in error["loc"] if isinstance(part, str | int))
                place = _nearest(where, loc)
                if self.told(place):
                    continue
                if error["type"] == "missing":
                    self.problems.append(place.problem("ô đang để trống", _MISSING_HINT))
                elif error["type"] == "value_error" and model is Candidate and not loc:
                    self._incomplete(str(error.get("ctx", {}).get("error", error["msg"])), where, place)
                else:
                    message, hint = describe_error([dict(error)], [])
                    self.problems.append(place.problem(message, hint))

    def _incomplete(self, message: str, where: Where, place: Place) -> None:
        """The candidate model's own check (fields its type needs, an achievement) told at the cells."""
        missing = re.search(r"còn thiếu: ([a-z_, ]+?)(?: —|$)", message)
        if missing is not None:
            for name in (n.strip() for n in missing.group(1).split(",")):
                spot = where.get((name,), place)
                if self.told(spot):
                    continue
                self.problems.append(
                    spot.problem("ô đang để trống", "điền ô này (bắt buộc với loại tập thể, cá nhân đã chọn)")
                )
            return
        if message.startswith("achievements:") or "thành tích" in message:
            hint = f"thêm ít nhất một dòng ở trang «{layout.ACHIEVEMENTS_SHEET}» với mã đề nghị này"
            if (place.sheet, place.row) in self.inserted:
                # A row inserted by the clerk has no id yet, so nothing can be tied to it.
                hint = (
                    "dòng chèn thêm chưa có mã nên chưa gắn được thành tích: chép nội dung dòng này sang một "
                    f"dòng trống đã có mã ở cuối trang «{layout.CANDIDATES_SHEET}», rồi thêm thành tích với mã đó"
                )
            self.problems.append(place.problem("chưa có thành tích nào", hint))
            return
        self.problems.append(place.problem(message.removeprefix("Value error, ")))


def _nearest(where: Where, loc: tuple[str | int, ...]) -> Place:
    for end in range(len(loc), -1, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    return next(iter(where.values()))


def _position(problem: Problem, order: Mapping[str, int]) -> tuple[int, int, int]:
    """Problems in the order of the workbook: the whole file's first, then sheet by sheet, row by row."""
    if not isinstance(problem, CellProblem) or not problem.sheet:
        return (-1, 0, 0)
    return (order.get(problem.sheet, len(order)), problem.line or 0, problem.column or 0)


def read_form(path: Path, data: Dataset) -> ImportedForm:
    """The entries a filled form holds; :class:`FormRefused` with every problem of the file when
    anything in it is wrong (nothing of a refused file is imported)."""
    try:
        book = Book(path)
    except SheetUnreadable as exc:
        raise FormRefused(path.name, [exc.problem]) from exc
    with book:
        reader = FormReader(book, data)
        meta = reader.meta()
        if meta is None:
            raise FormRefused(book.name, reader.problems)
        unit, periods, awards = meta
        reports = []
        for period, name in periods:
            sheet = reader.sheet(name, layout.REPORT_COLUMNS)
            if sheet is not None:
                entry = reader.report(unit, period, sheet)
                if entry is not None:
                    reports.append(entry)
        candidates: list[dict[str, object]] = []
        if unit.kind != "commune":
            candidates = read_candidates(reader, unit, awards)
        if reader.problems:
            order = {name: i for i, name in enumerate(book.sheet_names)}
            raise FormRefused(book.name, sorted(reader.problems, key=lambda p: _position(p, order)))
        if reader.version == 1:  # a form without the review's columns: the data keeps them
            candidates = [with_unread_fields(entry, data, unit.id) for entry in candidates]
        return ImportedForm(path, unit.id, reports, candidates, reader.hidden_rows)
