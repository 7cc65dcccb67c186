"""``docgen template vars``: the variables and filters of a kind's template, with real examples.

Each variable of :mod:`docgen.docx.variables` gets an example from real data: from the unit a
template author names, else from a typical document chosen the same way every time — districts
first (in the order of data/units.yaml), then every other unit; the first report period first;
for an achievement report the first candidate of the variant's type. A variable empty in that
document takes its example from the next document that has one, and says which. Types come
from the typical documents, so a unit with an empty list does not change them.

The same listing is written three ways: lines for a terminal (:func:`as_text`), Markdown
(:func:`as_markdown`; with every kind it is ``docs/bien-mau.md``, :func:`bien_mau`) and JSON
(:func:`as_json`). Pure: reads a :class:`Dataset`, writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from docgen import kinds, vn
from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef, documents_for, find_candidate, resolve
from docgen.docx.filters import FilterHelp, filter_signature, in_order, usage
from docgen.docx.variables import SECTIONS, Section, empty, expand, sections_for, type_of, values_at
from docgen.errors import DocgenError, UsageError, did_you_mean

# The kind whose typical document shows the common variables in the guide of every kind: the
# plan uses them all.
COMMON_KIND = "ke-hoach"
# A variable empty in every document of a large workspace stops the search after this many.
MAX_DOCUMENTS = 300
WIDTH = 90
REGENERATE = "python -m docgen -w . template vars --all --markdown > docs/bien-mau.md"


@dataclass(frozen=True)
class Example:
    text: str | None
    """The value as written (quoted when shown); ``None`` for a list of items or nothing."""
    note: str = ""
    """What the quote does not show: ``(dòng 1/5)``, ``3 mục``."""

    @property
    def plain(self) -> str:
        return " ".join(part for part in (self.text, self.note) if part)


@dataclass(frozen=True)
class Row:
    path: str
    type: str
    description: str
    example: Example
    source: str | None
    """The document the example comes from (``None``: no document has a value)."""


@dataclass(frozen=True)
class Shown:
    section: Section
    source: str | None
    """The typical document of the section (``None``: the selection has none)."""
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Guide:
    kind: str | None
    """``None``: every kind (``--all``)."""
    variant: str | None
    unit: str | None
    sections: tuple[Shown, ...]

    @property
    def templates(self) -> list[str]:
        if self.kind is None:
            return [t for k in kinds.KINDS.values() for t in k.templates()]
        spec = kinds.KINDS[self.kind]
        return [spec.template(_type(spec, self.variant))] if self.variant else spec.templates()


# --- choosing the documents -------------------------------------------------------------------


def check_choice(kind: str, variant: str | None) -> kinds.Kind:
    """The kind asked for, or a usage error (a typo, a variant the kind has not)."""
    spec = kinds.KINDS.get(kind)
    if spec is None:
        raise UsageError(
            f"Không có loại văn bản {kind!r}",
            hint=did_you_mean(kind, kinds.KINDS, otherwise="các loại: " + ", ".join(kinds.KINDS)),
        )
    if variant is not None and variant not in spec.variants.values():
        if not spec.variants:
            raise UsageError(f"{spec.title} chỉ có một mẫu ({spec.template()}): bỏ --variant.")
        raise UsageError(f"{spec.title} không có mẫu {variant!r}", hint="các mẫu: " + ", ".join(spec.variants.values()))
    return spec


def _type(spec: kinds.Kind, variant: str | None) -> str | None:
    return next((t for t, suffix in spec.variants.items() if suffix == variant), None)


def _documents(data: Dataset, kind: str, variant: str | None, unit_id: str | None) -> list[DocRef]:
    """The documents examples are taken from, the typical one first."""
    if unit_id is not None:
        unit = data.units.get(unit_id)
        refs = documents_for(data, unit, kinds=[kind]) if unit is not None else []
        if not refs:
            resolve(data, unit_id, kind)  # says why: no such unit, the unit does not write it
    else:
        units = sorted(data.units.values(), key=lambda u: u.kind != "district")  # stable: data order
        refs = [ref for unit in units for ref in documents_for(data, unit, kinds=[kind])]
    periods = [p.id for p in data.campaign.periods]
    refs.sort(key=lambda ref: periods.index(ref.period) if ref.period in periods else 0)
    if variant is not None:
        spec = kinds.KINDS[kind]
        refs = [r for r in refs if _variant_of(data, spec, r) == variant]
    return refs


def _variant_of(data: Dataset, spec: kinds.Kind, ref: DocRef) -> str | None:
    candidate = find_candidate(data, ref.unit, ref.candidate)
    return spec.variants.get(candidate.type) if candidate is not None else None


_Values = dict[str, tuple[Any, str]]


def _search(data: Dataset, refs: list[DocRef], paths: list[str]) -> tuple[str | None, _Values, _Values]:
    """The first document that builds; for each path its first non-empty value and where, and
    else its first empty value of a known type (``""``: text)."""
    found: _Values = {}
    seen: _Values = {}  # empty values: their type when no value is found
    first: str | None = None
    failure: DocgenError | None = None
    for ref in refs[:MAX_DOCUMENTS]:
        try:
            context = build_context(data, ref)
        except DocgenError as exc:
            failure = failure or exc
            continue
        first = first or ref.id
        for path in paths:
            if path in found:
                continue
            values = [v for real in expand(path) for v in values_at(context, real)]
            value = next((v for v in values if not empty(v)), None)
            if value is not None:
                found[path] = (value, ref.id)
            elif values and type_of(values[0]) is not None:
                seen.setdefault(path, (values[0], ref.id))
        if len(found) == len(paths):
            break
    if first is None and failure is not None:
        raise failure
    return first, found, seen


# --- the guide -------------------------------------------------------------------------------


def guide(data: Dataset, kind: str | None = None, *, variant: str | None = None, unit: str | None = None) -> Guide:
    """The variables of ``kind``'s template (``None``: of every kind) with real examples."""
    if kind is None:
        shown = [_section(data, s, s.kind or COMMON_KIND, s.variant, None) for s in SECTIONS]
        return Guide(None, None, None, tuple(shown))
    spec = check_choice(kind, variant)
    if unit is not None and variant is not None and not _documents(data, kind, variant, unit):
        raise DocgenError(
            f"{data.units[unit].short_name} không có {spec.label} nào theo mẫu {variant} "
            f"({spec.template(_type(spec, variant))})",
            hint="bỏ --variant, chọn mẫu khác hoặc đơn vị khác",
        )
    shown = [_section(data, s, kind, variant or s.variant, unit) for s in sections_for(kind, variant)]
    return Guide(kind, variant, unit, tuple(shown))


def _section(data: Dataset, section: Section, kind: str, variant: str | None, unit: str | None) -> Shown:
    paths = [v.path for v in section.variables]
    # Types from every document the section applies to: not the unit's, not one variant's.
    typical, typed, seen = _search(data, _documents(data, kind, section.variant, None), paths)
    types = {p: type_of(value) for p, (value, _) in {**seen, **typed}.items()}
    missing = [p for p in paths if types.get(p) is None]
    if missing and section.kind is None:
        # A kind whose documents leave a common variable empty (the province's award decisions
        # carry no movements) shows the type the other kinds' documents give it.
        others = [r for k in kinds.KINDS if k != kind for r in _documents(data, k, None, None)[:1]]
        _, more, more_seen = _search(data, others, missing)
        types.update({p: type_of(value) for p, (value, _) in {**more_seen, **more}.items()})
    source, found = typical, typed
    if unit is not None or variant != section.variant:
        source, found, _ = _search(data, _documents(data, kind, variant, unit), paths)
    rows = []
    for variable in section.variables:
        value, where = found.get(variable.path, (None, None))
        shown_type = variable.type or types.get(variable.path) or "chưa rõ (dữ liệu chưa có giá trị nào)"
        rows.append(Row(variable.path, shown_type, variable.description, example(value), where))
    return Shown(section, source, tuple(rows))


def example(value: Any) -> Example:
    """A real value as a template author reads it: dates as docgen writes them (``05/7/2023``,
    ``tháng 7/2023``), decimals with a comma, long text and lists shortened."""
    if empty(value):
        return Example(None)
    if isinstance(value, bool):
        return Example("đúng" if value else "sai")
    if isinstance(value, date):
        return Example(vn.short_date(value))
    if isinstance(value, vn.MonthDate):
        return Example(f"tháng {value.month}/{value.year}")
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return Example(vn.number(value, min(places, 2)))  # a ratio has 25 decimal places
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return Example(_short(value[0]), f"(dòng 1/{len(value)})" if len(value) > 1 else "")
        return Example(None, f"{len(value)} mục")
    return Example(_short(str(value)))


def _short(text: str) -> str:
    text = text.replace("\r", "").replace("\n", " ")
    if len(text) <= WIDTH:
        return text
    cut = text[: WIDTH - 1]
    return (cut[: cut.rfind(" ")] if " " in cut[WIDTH // 2 :] else cut).rstrip(" ,;:") + "…"


# --- writing it ------------------------------------------------------------------------------


def _quoted(e: Example) -> str:
    if e.text is None and not e.note:
        return "(rỗng)"
    return " ".join(part for part in (f"«{e.text}»" if e.text is not None else "", e.note) if part)


def _from(row: Row, shown: Shown) -> str:
    return f" (từ {row.source})" if row.source and row.source != shown.source else ""


def _source_line(shown: Shown) -> str:
    if shown.source is None:
        return "không có văn bản nào để lấy ví dụ"
    return f"ví dụ lấy từ {shown.source}"


def as_text(g: Guide) -> str:
    """The listing for a terminal."""
    lines = [f"Biến dùng được trong mẫu {', '.join(g.templates)}."]
    for shown in g.sections:
        lines += ["", f"{_plain_title(shown.section)} — {_source_line(shown)}:"]
        for row in shown.rows:
            lines.append(f"  {row.path} ({row.type}): {row.description}")
            lines.append(f"      ví dụ{_from(row, shown)}: {_quoted(row.example)}")
    lines += ["", "Bộ lọc và hàm (cách dùng, ví dụ: docs/bo-loc.md):"]
    for entry in in_order():
        lines.append(f"  {filter_signature(entry.name)} — {usage(entry.name)}: {entry.description}")
    return "\n".join(lines) + "\n"


def _plain_title(section: Section) -> str:
    return section.title.replace("`", "")


def as_json(g: Guide) -> dict[str, Any]:
    """Every variable (each task list's own paths) and every filter, for a program."""
    variables = []
    for shown in g.sections:
        for row in shown.rows:
            for path in expand(row.path):
                variables.append(
                    {
                        "path": path,
                        "type": row.type,
                        "description": row.description,
                        "example": row.example.plain,
                        "source": row.source,
                        "section": shown.section.key,
                    }
                )
    return {
        "kind": g.kind,
        "variant": g.variant,
        "unit": g.unit,
        "templates": g.templates,
        "variables": variables,
        "filters": [_filter_json(entry) for entry in in_order()],
    }


def _filter_json(entry: FilterHelp) -> dict[str, Any]:
    return {
        "name": entry.name,
        "signature": filter_signature(entry.name),
        "usage": usage(entry.name),
        "description": entry.description,
        "docgen": entry.own,
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return _cell(f"{fence}{pad}{text}{pad}{fence}")


def _md_example(row: Row, shown: Shown) -> str:
    e = row.example
    if e.text is None and not e.note:
        return "(rỗng)"
    parts = [_code(e.text) if e.text is not None else "", e.note]
    if row.source and row.source != shown.source:
        parts.append(f"(từ `{row.source}`)")
    return " ".join(p for p in parts if p)


def as_markdown(g: Guide, *, filters: bool = True) -> str:
    """The sections of the guide as Markdown tables (the part of ``docs/bien-mau.md`` for a kind)."""
    out: list[str] = []
    for shown in g.sections:
        out += [f"## {shown.section.title}", ""]
        if shown.source is not None:
            out += [
                f"Ví dụ lấy từ văn bản `{shown.source}`; biến rỗng ở văn bản đó lấy ví dụ từ văn bản ghi trong ngoặc.",
                "",
            ]
        out += ["| biến | kiểu | ý nghĩa | ví dụ |", "|---|---|---|---|"]
        for row in shown.rows:
            out.append(f"| `{row.path}` | {row.type} | {_cell(row.description)} | {_md_example(row, shown)} |")
        out.append("")
        if g.kind is None and shown.section.kind is None:
            out += [_common_only(), ""]
    if filters:
        out += _filters_markdown()
    return "\n".join(out)


def _common_only() -> str:
    owned = {s.kind for s in SECTIONS}
    names = [f"{k.title.lower()} (`{k.id}`)" for k in kinds.KINDS.values() if k.id not in owned]
    joined = ", ".join(names[:-1]) + " và " + names[-1] if len(names) > 1 else "".join(names)
    return f"{joined[:1].upper()}{joined[1:]} chỉ dùng các biến chung."


def _filters_markdown() -> list[str]:
    out = [
        "## Bộ lọc và hàm",
        "",
        "Bộ lọc viết sau dấu `|` (giá trị đứng trước `|` là tham số thứ nhất), hàm gọi như "
        '`symbol("KH", unit.symbol)`; các bộ lọc của docgen dùng được theo cả hai cách. Cách dùng và ví dụ '
        "của các bộ lọc docgen: `docs/bo-loc.md`.",
        "",
    ]
    for own, title in ((True, "### Của docgen"), (False, "### Có sẵn trong Jinja")):
        out += [title, "", "| bộ lọc, hàm | dùng như | ý nghĩa |", "|---|---|---|"]
        for entry in in_order():
            if entry.own == own:
                out.append(
                    f"| {_code(filter_signature(entry.name))} | {usage(entry.name)} | {_cell(entry.description)} |"
                )
        out.append("")
    return out


INTRO = f"""\
<!-- Tệp này được tạo tự động, đừng sửa tay: mô tả biến ở docgen/docx/variables.py, bộ lọc ở
     docgen/docx/filters.py, ví dụ lấy từ dữ liệu mẫu (data/). Tạo lại từ thư mục gốc của kho:
     {REGENERATE}
     (một kiểm thử báo lỗi khi tệp này khác với kết quả của lệnh trên). -->
# Biến dùng trong mẫu văn bản

Mỗi văn bản được tạo từ một mẫu Word trong `templates/docx/` và một *ngữ cảnh* (context) do
docgen dựng từ dữ liệu. Trong mẫu, viết biến bằng `{{{{ ... }}}}`, lặp đoạn văn bằng
`{{%p for ... %}}` … `{{%p endfor %}}`, lặp dòng bảng bằng `{{%tr for ... %}}` … `{{%tr endfor %}}`
(cú pháp của docxtpl). Ngày, số, tiền được đưa vào mẫu ở dạng gốc và định dạng bằng bộ lọc
(`docs/bo-loc.md`), ví dụ `{{{{ doc.date | header_date(unit.place) }}}}`.

Mẫu chạy trong môi trường an toàn (sandbox): một biến viết sai tên hoặc không có dữ liệu làm
văn bản đó **báo lỗi** (nêu đơn vị, mẫu và tên biến) chứ không in ra chỗ trống.

Danh sách dưới đây được kiểm thử tự động: mỗi biến ghi ở đây phải có trong ngữ cảnh và ngược lại.
Phần tử của danh sách viết `[i]`: trong `{{%p for m in movements %}}`, `m.name` là `movements[i].name`.
Xem các biến của một loại văn bản với ví dụ lấy từ dữ liệu của một đơn vị:
`docgen template vars bao-cao --unit huyen-huong-khe`.
"""


def bien_mau(data: Dataset) -> str:
    """``docs/bien-mau.md``: the intro, then every section with examples from ``data``."""
    return INTRO + "\n" + as_markdown(guide(data)).rstrip("\n") + "\n"
