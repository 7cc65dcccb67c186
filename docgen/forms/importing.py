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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from docgen.data.messages import describe_error
from docgen.data.model import Candidate, Dataset, Report, Unit
from docgen.errors import CellProblem, FormRefused, Problem, SheetUnreadable, did_you_mean
from docgen.forms import layout
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


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class _Reader:
    """Reads one form, collecting its problems."""

    def __init__(self, book: Book, data: Dataset) -> None:
        self.book = book
        self.data = data
        self.problems: list[Problem] = []
        self.hidden_rows = 0
        self.inserted: set[tuple[str, int]] = set()  # (sheet, row) of candidates' rows inserted without an id

    def told(self, place: Place) -> bool:
        """Whether a problem of this cell is told already (one problem a cell: the first)."""
        return any(isinstance(p, CellProblem) and (p.sheet, p.cell) == (place.sheet, place.ref) for p in self.problems)

    def whole_file(self, message: str, hint: str | None = None, sheet: str = "") -> None:
        self.problems.append(CellProblem(self.book.name, None, None, "", message, hint, sheet=sheet))

    def sheet(self, name: str, columns: tuple[Column, ...]) -> Sheet | None:
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
        if found.get("form_version") != str(layout.FORM_VERSION):
            self.whole_file(
                f"biểu mẫu phiên bản {found.get('form_version') or '(không rõ)'}, docgen này đọc biểu mẫu "
                f"phiên bản {layout.FORM_VERSION}",
                "xuất biểu mẫu mới (docgen forms export), chép số liệu sang rồi gửi lại",
            )
            return None
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
                            place.problem(f"phong trào «{movement}» không có trong movements.yaml", _REEXPORT)
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
                    self.problems.append(place.problem(f"mã «{key}» không phải phần văn bản của báo cáo", _REEXPORT))
                continue
            spec = self.data.indicators.get(key)
            if spec is None:
                self.problems.append(
                    place.problem(
                        f"chỉ tiêu «{key}» không có trong danh mục chỉ tiêu (movements.yaml)",
                        did_you_mean(key, self.data.indicators, otherwise=_REEXPORT),
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
            figures.append({"indicator": key, "target": _plain(target), "result": _plain(result)})
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


_REEXPORT = "không sửa cột Mã; lấy lại biểu mẫu gốc (docgen forms export) nếu cần"


def _nearest(where: Where, loc: tuple[str | int, ...]) -> Place:
    for end in range(len(loc), -1, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    return next(iter(where.values()))


# -- the candidates sheet and its four keyed sheets --------------------------------------------

# The candidates sheet's columns from B on: (column, field, how its cell is read).
_TEXT, _LONG, _WHOLE, _DATE, _CHOICE = "text", "long", "whole", "date", "choice"
_CANDIDATE_FIELDS: tuple[tuple[int, str, str], ...] = (
    (2, "type", _CHOICE),
    (3, "name", _TEXT),
    (4, "award", _CHOICE),
    (5, "rank", _WHOLE),
    (6, "workplace", _TEXT),
    (7, "summary", _LONG),
    (8, "emulation", _LONG),
    (9, "position", _TEXT),
    (10, "gender", _CHOICE),
    (11, "birth_date", _DATE),
    (12, "ethnicity", _TEXT),
    (13, "religion", _TEXT),
    (14, "hometown", _TEXT),
    (15, "residence", _TEXT),
    (16, "political_qualification", _TEXT),
    (17, "professional_qualification", _TEXT),
    (18, "duties", _LONG),
    (19, "profile", _LONG),
    (20, "organisation", _LONG),
    (21, "head.name", _TEXT),
    (22, "head.title", _TEXT),
)
_TYPES = {name: key for key, name in layout.TYPE_NAMES.items()}
# The keyed sheets: sheet, columns, list field, the item's fields from column B on.
_KEYED: tuple[tuple[str, tuple[Column, ...], str, tuple[tuple[str, str], ...]], ...] = (
    (layout.ACHIEVEMENTS_SHEET, layout.ACHIEVEMENT_COLUMNS, "achievements", (("", _LONG),)),
    (
        layout.RESULTS_SHEET,
        layout.RESULT_COLUMNS,
        "results",
        (("year", _WHOLE), ("indicator", _TEXT), ("target", "number"), ("result", "number")),
    ),
    (layout.INITIATIVES_SHEET, layout.INITIATIVE_COLUMNS, "initiatives", (("name", _TEXT), ("recognition", _TEXT))),
    (
        layout.PRIOR_AWARDS_SHEET,
        layout.PRIOR_AWARD_COLUMNS,
        "prior_awards",
        (("year", _WHOLE), ("title", _TEXT), ("decision", _TEXT), ("date", _DATE), ("issuer", _TEXT)),
    ),
)


def _cell(reader: _Reader, how: str, value: object, place: Place) -> object:
    if how in (_TEXT, _LONG):
        return read.text(value, place, reader.problems)
    if how == _WHOLE:
        return read.whole(value, place, reader.problems)
    if how == _DATE:
        return read.date(value, place, reader.problems)
    found = read.number(value, place, reader.problems)
    return None if found is None else _plain(found)


def _choice(reader: _Reader, field: str, value: object, place: Place, awards: dict[str, str]) -> str | None:
    """A drop-down cell: the type's, gender's or award's name as the list offers it."""
    written = read.text(value, place, reader.problems)
    if written is None:
        return None
    if field == "type":
        choices = _TYPES
    elif field == "gender":
        choices = {g: g for g in layout.GENDERS}
    else:
        choices = {**awards, **{award_id: award_id for award_id in awards.values()}}
    for name, key in choices.items():
        if name.casefold() == written.casefold():
            return key
    names = list(awards) if field == "award" else list(choices)
    reader.problems.append(
        place.problem(
            f"«{written}» không có trong danh sách",
            did_you_mean(written, names, otherwise="chọn một trong: " + ", ".join(f"«{n}»" for n in names)),
        )
    )
    return None


def _new_ids(data: Dataset, unit: Unit, on_sheet: set[str]) -> Callable[[], str]:
    """The next free ``<unit>-<n>`` each call: n after the largest used in the data or the sheet."""
    prefix = f"{unit.id}-"
    taken = {c.id for c in data.candidates} | on_sheet
    numbers = [int(t[len(prefix) :]) for t in taken if t.startswith(prefix) and t[len(prefix) :].isdigit()]
    counter = [max(numbers, default=0)]

    def next_id() -> str:
        counter[0] += 1
        while f"{prefix}{counter[0]}" in taken:
            counter[0] += 1
        return f"{prefix}{counter[0]}"

    return next_id


def read_candidates(reader: _Reader, unit: Unit, awards: dict[str, str]) -> list[dict[str, object]]:
    sheet = reader.sheet(layout.CANDIDATES_SHEET, layout.CANDIDATE_COLUMNS)
    if sheet is None:
        return []
    data = reader.data
    on_sheet = {read.clean_text(str(r.value(1))) for r in sheet.rows if not is_blank(r.value(1))}
    next_id = _new_ids(data, unit, on_sheet)
    others = {c.id: c.unit for c in data.candidates if c.unit != unit.id}
    found: dict[str, tuple[dict[str, Any], Where]] = {}
    for row in sheet.rows:
        if all(is_blank(v) for v in row.values[1:]):
            continue  # a prepared row left empty
        id_place = sheet.place(row.number, 1)
        cid = read.clean_text(str(row.value(1))) if not is_blank(row.value(1)) else next_id()
        if is_blank(row.value(1)):
            reader.inserted.add((sheet.name, row.number))
        if cid in found:
            reader.problems.append(
                id_place.problem(f"mã {cid} đã dùng ở dòng trên", "mỗi tập thể, cá nhân một dòng, mỗi dòng một mã")
            )
            continue
        if cid in others:
            reader.problems.append(id_place.problem(f"mã {cid} là của một đề nghị của đơn vị {others[cid]}", _REEXPORT))
            continue
        fields: dict[str, Any] = {}
        where: Where = {(): id_place, ("id",): id_place}
        for column, field, how in _CANDIDATE_FIELDS:
            place = sheet.place(row.number, column)
            value = row.value(column)
            got = _choice(reader, field, value, place, awards) if how == _CHOICE else _cell(reader, how, value, place)
            if field.startswith("head."):
                where[("head",)] = where.get(("head",), place)
                where[("head", field[5:])] = place
            else:
                where[(field,)] = place
            if got is not None:
                fields[field] = got
        award = next((a for a in data.awards.awards if a.id == fields.get("award")), None)
        kind = fields.get("type")
        if award is not None and kind is not None and kind not in award.recipients:
            who = layout.TYPE_NAMES[str(kind)]
            reader.problems.append(
                where[("award",)].problem(
                    f"«{award.name}» không dành cho {who}", f"chọn hình thức khen thưởng dành cho {who}"
                )
            )
        found[cid] = (fields, where)
    keyed: dict[str, dict[str, list[dict[str, object] | object]]] = {cid: {} for cid in found}
    for name, columns, list_field, item_fields in _KEYED:
        keyed_sheet = reader.sheet(name, columns)
        if keyed_sheet is None:
            continue
        for row in keyed_sheet.rows:
            key_place = keyed_sheet.place(row.number, 1)
            key = read.text(row.value(1), key_place, reader.problems)
            if all(is_blank(v) for v in row.values[1:]):
                continue  # a row of only an id
            if key is None:
                if not is_blank(row.value(1)):
                    continue  # told by the reader
                reader.problems.append(
                    key_place.problem(
                        "dòng chưa chọn mã đề nghị", f"chọn mã của tập thể, cá nhân ở trang «{layout.CANDIDATES_SHEET}»"
                    )
                )
                continue
            if key not in found:
                reader.problems.append(
                    key_place.problem(
                        f"mã đề nghị «{key}» không có ở trang «{layout.CANDIDATES_SHEET}» (hoặc dòng đó để trống)",
                        did_you_mean(
                            key, found, otherwise=f"chọn mã trong danh sách của trang «{layout.CANDIDATES_SHEET}»"
                        ),
                    )
                )
                continue
            items = keyed[key].setdefault(list_field, [])
            index = len(items)
            where = found[key][1]
            item: dict[str, object] = {}
            for column, (field, how) in enumerate(item_fields, start=2):
                place = keyed_sheet.place(row.number, column)
                got = _cell(reader, how, row.value(column), place)
                where[(list_field, index, field) if field else (list_field, index)] = place
                where.setdefault((list_field, index), place)
                if got is not None:
                    item[field] = got
            if item_fields[0][0] == "":  # an achievement is its text
                if "" in item:
                    items.append(item[""])
            else:
                items.append(item)
    entries = []
    for cid, (fields, where) in found.items():
        head = {k: fields.pop(f"head.{k}") for k in ("name", "title") if f"head.{k}" in fields}
        values: dict[str, object] = {"id": cid, "unit": unit.id, **fields, **({"head": head} if head else {})}
        values.update({k: v for k, v in keyed[cid].items() if v})
        entry = {name: values[name] for name in Candidate.model_fields if name in values}
        entry["sample"] = False
        reader.validate(Candidate, entry, where)
        entries.append(entry)
    return entries


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
        reader = _Reader(book, data)
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
        candidates = [_with_unread_fields(entry, data, unit.id) for entry in candidates]
        return ImportedForm(path, unit.id, reports, candidates, reader.hidden_rows)


# What the eligibility review reads and the form does not carry (yet): an import keeps it from
# the candidate's entry as it was, so that importing a form never silently drops it.
_UNREAD: Final = ("ratings", "pending_discipline", "members", "bloc", "bloc_rank")
_UNREAD_INITIATIVE: Final = ("level", "decision", "date", "issuer")


def _with_unread_fields(entry: dict[str, object], data: Dataset, unit_id: str) -> dict[str, object]:
    old = next((c for c in data.candidates if c.unit == unit_id and c.id == entry.get("id")), None)
    if old is None:
        return entry
    kept = dict(entry)
    before = old.model_dump(include=set(_UNREAD), exclude_defaults=True)
    kept.update((key, before[key]) for key in _UNREAD if key in before)
    awards: dict[tuple[object, ...], str] = {
        (p.year, p.title, p.decision): p.award for p in old.prior_awards if p.award
    }
    initiatives: dict[object, dict[str, object]] = {
        i.name: i.model_dump(include=set(_UNREAD_INITIATIVE), exclude_none=True) for i in old.initiatives
    }
    if isinstance(entry.get("prior_awards"), list):
        items: list[object] = []
        for item in _items(entry["prior_awards"]):
            if isinstance(item, dict) and "award" not in item:
                award = awards.get((item.get("year"), item.get("title"), item.get("decision")))
                item = {**item, "award": award} if award else item
            items.append(item)
        kept["prior_awards"] = items
    if isinstance(entry.get("initiatives"), list):
        merged: list[object] = []
        for item in _items(entry["initiatives"]):
            found = initiatives.get(item.get("name")) if isinstance(item, dict) else None
            merged.append({**found, **item} if found is not None and isinstance(item, dict) else item)
        kept["initiatives"] = merged
    return kept


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
