"""A filled form's candidates sheet and the five sheets keyed by a candidate's id, read back into
entries shaped like ``candidates.yaml``'s (see ``importing`` for the rules every sheet follows).

Drop-down cells are read by the names the list offers (an award's, a bloc's, a rating's…), any
letter case, or by the id itself; a name not offered is told with the closest one. A form of
version 1 has neither the review's columns nor the ratings sheet: it is read with the columns it
has, and ``with_unread_fields`` keeps what it cannot carry from the candidate's entry as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from docgen.data.model import Candidate, Dataset, Unit
from docgen.documents.eligibility import LEVEL_NAMES, RATING_NAMES
from docgen.errors import did_you_mean
from docgen.forms import layout
from docgen.forms.layout import Column
from docgen.sheets import Place, is_blank
from docgen.sheets import cells as read

if TYPE_CHECKING:
    from docgen.forms.importing import FormReader, Where

# How a cell is read.
_TEXT, _LONG, _WHOLE, _DATE, _CHOICE, _NUMBER = "text", "long", "whole", "date", "choice", "number"

# The candidates sheet's columns from B on: (column, field, how its cell is read). A field
# ``a.b`` is ``b`` of the entry's ``a`` (``head``, ``members``).
_CANDIDATE_FIELDS: Final[tuple[tuple[int, str, str], ...]] = (
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
    (23, "bloc", _CHOICE),
    (24, "bloc_rank", _WHOLE),
    (25, "pending_discipline", _CHOICE),
    (26, "members.total", _WHOLE),
    (27, "members.lao_dong_tien_tien", _WHOLE),
    (28, "members.chien_si_thi_dua_co_so", _WHOLE),
    (29, "members.completed_tasks", _WHOLE),
    (30, "members.disciplined", _WHOLE),
)
_TYPES: Final = {name: key for key, name in layout.TYPE_NAMES.items()}
# The keyed sheets: sheet, columns, list field, the item's fields from column B on.
_KEYED: Final[tuple[tuple[str, tuple[Column, ...], str, tuple[tuple[str, str], ...]], ...]] = (
    (layout.ACHIEVEMENTS_SHEET, layout.ACHIEVEMENT_COLUMNS, "achievements", (("", _LONG),)),
    (
        layout.RESULTS_SHEET,
        layout.RESULT_COLUMNS,
        "results",
        (("year", _WHOLE), ("indicator", _TEXT), ("target", _NUMBER), ("result", _NUMBER)),
    ),
    (layout.RATINGS_SHEET, layout.RATING_COLUMNS, "ratings", (("year", _WHOLE), ("rating", _CHOICE))),
    (
        layout.INITIATIVES_SHEET,
        layout.INITIATIVE_COLUMNS,
        "initiatives",
        (
            ("name", _TEXT),
            ("recognition", _TEXT),
            ("level", _CHOICE),
            ("decision", _TEXT),
            ("date", _DATE),
            ("issuer", _TEXT),
        ),
    ),
    (
        layout.PRIOR_AWARDS_SHEET,
        layout.PRIOR_AWARD_COLUMNS,
        "prior_awards",
        (
            ("year", _WHOLE),
            ("title", _TEXT),
            ("decision", _TEXT),
            ("date", _DATE),
            ("issuer", _TEXT),
            ("award", _CHOICE),
        ),
    ),
)


def _cell(reader: FormReader, how: str, value: object, place: Place) -> object:
    if how in (_TEXT, _LONG):
        return read.text(value, place, reader.problems)
    if how == _WHOLE:
        return read.whole(value, place, reader.problems)
    if how == _DATE:
        return read.date(value, place, reader.problems)
    found = read.number(value, place, reader.problems)
    return None if found is None else read.plain(found)


class _Choices:
    """Each drop-down's names → the values the data holds."""

    def __init__(self, data: Dataset, awards: dict[str, str]) -> None:
        self.by_field: dict[str, dict[str, object]] = {
            "type": dict(_TYPES),
            "gender": {g: g for g in layout.GENDERS},
            "award": {**awards, **{award_id: award_id for award_id in awards.values()}},
            "bloc": {**{b.name: b.id for b in data.campaign.blocs}, **{b.id: b.id for b in data.campaign.blocs}},
            "pending_discipline": dict(layout.YES_NO),
            "rating": {**{n: k for k, n in RATING_NAMES.items()}, **{k: k for k in RATING_NAMES}},
            "level": {**{n: k for k, n in LEVEL_NAMES.items()}, **{k: k for k in LEVEL_NAMES}},
        }
        catalogue = {a.name: a.id for a in data.awards.awards}
        self.prior = {**catalogue, **{a.id: a.id for a in data.awards.awards}}
        self.names = {"award": list(awards), "prior": list(catalogue)}

    def read(self, reader: FormReader, field: str, value: object, place: Place) -> object:
        """A drop-down cell: the name the list offers (or the id), whatever its letter case."""
        written = read.text(value, place, reader.problems)
        if written is None:
            return None
        choices = self.prior if field == "prior" else self.by_field[field]
        for name, key in choices.items():
            if name.casefold() == written.casefold():
                return key
        names = self.names.get(field) or [n for n, k in choices.items() if n != k] or list(choices)
        shown = ", ".join(f"«{n}»" for n in names[:12]) + (", …" if len(names) > 12 else "")
        reader.problems.append(
            place.problem(
                f"«{written}» không có trong danh sách",
                did_you_mean(written, names, otherwise="chọn một trong: " + shown),
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


def read_candidates(reader: FormReader, unit: Unit, awards: dict[str, str]) -> list[dict[str, object]]:
    """The candidates of the form's sheets, each checked by the data model (problems told at
    their cells in ``reader``)."""
    width = len(layout.columns_read(layout.CANDIDATES_SHEET, layout.CANDIDATE_COLUMNS, reader.version))
    sheet = reader.sheet(layout.CANDIDATES_SHEET, layout.CANDIDATE_COLUMNS[:width])
    if sheet is None:
        return []
    data = reader.data
    choices = _Choices(data, awards)
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
            reader.problems.append(
                id_place.problem(f"mã {cid} là của một đề nghị của đơn vị {others[cid]}", layout.REEXPORT)
            )
            continue
        fields: dict[str, Any] = {}
        where: Where = {(): id_place, ("id",): id_place}
        for column, field, how in _CANDIDATE_FIELDS[: width - 1]:
            place = sheet.place(row.number, column)
            value = row.value(column)
            got = choices.read(reader, field, value, place) if how == _CHOICE else _cell(reader, how, value, place)
            outer, _, inner = field.partition(".")
            if inner:
                where.setdefault((outer,), place)
                where[(outer, inner)] = place
            else:
                where[(field,)] = place
            if got is not None:
                fields[field] = got
        _members_within_total(reader, fields, where)
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
    keyed = _read_keyed(reader, found, choices)
    entries = []
    for cid, (fields, where) in found.items():
        values: dict[str, object] = {"id": cid, "unit": unit.id}
        nested: dict[str, dict[str, object]] = {}
        for name, value in fields.items():
            outer, _, inner = name.partition(".")
            if inner:
                nested.setdefault(outer, {})[inner] = value
            else:
                values[name] = value
        values.update(nested)
        values.update({k: v for k, v in keyed[cid].items() if v})
        entry = {name: values[name] for name in Candidate.model_fields if name in values}
        entry["sample"] = False
        reader.validate(Candidate, entry, where)
        entries.append(entry)
    return entries


def _members_within_total(reader: FormReader, fields: dict[str, Any], where: Where) -> None:
    """A count of members above the total is told at its own cell, in the column's words (the
    model would tell it at the first members' cell, in the data's)."""
    total = fields.get("members.total")
    if not isinstance(total, int):
        return
    titles = {field: layout.CANDIDATE_COLUMNS[column - 1].title for column, field, _ in _CANDIDATE_FIELDS}
    for field in [f for f in fields if f.startswith("members.") and f != "members.total"]:
        if isinstance(fields[field], int) and fields[field] > total:
            reader.problems.append(
                where[tuple(field.split("."))].problem(
                    f"{fields[field]} lớn hơn «{titles['members.total']}» ({total})",
                    f"«{titles[field]}» không vượt quá tổng số thành viên; kiểm tra lại hai ô",
                )
            )
            del fields[field]


def _read_keyed(
    reader: FormReader, found: dict[str, tuple[dict[str, Any], Where]], choices: _Choices
) -> dict[str, dict[str, list[object]]]:
    """The items of the keyed sheets, by candidate id and list field."""
    keyed: dict[str, dict[str, list[object]]] = {cid: {} for cid in found}
    for name, all_columns, list_field, all_fields in _KEYED:
        columns = layout.columns_read(name, all_columns, reader.version)
        if not columns:
            continue  # not in a form of this version
        item_fields = all_fields[: len(columns) - 1]
        keyed_sheet = reader.sheet(name, columns)
        if keyed_sheet is None:
            continue
        for row in keyed_sheet.rows:
            key_place = keyed_sheet.place(row.number, 1)
            key = read.text(row.value(1), key_place, reader.problems)
            if all(is_blank(v) for v in row.values[1 : len(columns)]):
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
                value = row.value(column)
                if how == _CHOICE:
                    got = choices.read(reader, "prior" if list_field == "prior_awards" else field, value, place)
                else:
                    got = _cell(reader, how, value, place)
                where[(list_field, index, field) if field else (list_field, index)] = place
                where.setdefault((list_field, index), place)
                if got is not None:
                    item[field] = got
            if list_field == "achievements":  # an achievement is its text
                if "" in item:
                    items.append(item[""])
                continue
            if list_field == "prior_awards" and "title" not in item and "award" in item:
                # The catalogue's name is what the achievement report prints when no title is typed.
                item["title"] = next(a.name for a in reader.data.awards.awards if a.id == item["award"])
            items.append(item)
    return keyed


# What the eligibility review reads and a version-1 form does not carry: an import of such a form
# keeps it from the candidate's entry as it was, so that importing never silently drops it.
_UNREAD: Final = ("ratings", "pending_discipline", "members", "bloc", "bloc_rank")
_UNREAD_INITIATIVE: Final = ("level", "decision", "date", "issuer")


def with_unread_fields(entry: dict[str, object], data: Dataset, unit_id: str) -> dict[str, object]:
    """``entry`` (read from a version-1 form) with the review's fields of the candidate's entry
    as it was: its ratings, discipline, members, bloc; its initiatives' level and decision (by the
    initiative's name); its prior awards' ids (by year, title and decision)."""
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
