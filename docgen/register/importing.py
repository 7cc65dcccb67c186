"""Import of registers kept by hand before docgen (CSV, XLSX)."""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

from docgen import sheets
from docgen.errors import Problem, RegisterError, RegisterImportError, SheetUnreadable, did_you_mean
from docgen.fs import os_reason
from docgen.kinds import KINDS
from docgen.register.exporting import csv_text
from docgen.register.records import _NUMBER_SYMBOL, DEFAULT_SERIES, Record, Status, _entry_problems, _nfc

# --------------------------------------------------------------------------------------------
# Import: csv and xlsx registers kept by hand before docgen
# --------------------------------------------------------------------------------------------

# Column names as clerks write them, compared after NFC, lower case and collapsed spaces.
IMPORT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "number": ("số", "số văn bản", "số vb", "number", "no", "no."),
    "symbol": ("ký hiệu", "kí hiệu", "ký hiệu văn bản", "kí hiệu văn bản", "symbol"),
    "number_symbol": (
        "số, ký hiệu",
        "số, kí hiệu",
        "số ký hiệu",
        "số kí hiệu",
        "số và ký hiệu",
        "số/ký hiệu",
        "số, ký hiệu văn bản",
        "số, kí hiệu văn bản",
        "number_symbol",
        "number/symbol",
    ),
    "date": ("ngày", "ngày tháng", "ngày văn bản", "ngày ban hành", "ngày tháng văn bản", "date", "issue date"),
    "unit": ("đơn vị", "mã đơn vị", "đơn vị ban hành", "unit", "unit_id", "unit id"),
    "summary": ("trích yếu", "trích yếu nội dung", "trích yếu nội dung văn bản", "summary"),
    # The type name and the summary in one cell (Phụ lục IV of Decree 30; `register export`).
    "kind_summary": (
        "loại và trích yếu",
        "tên loại và trích yếu",
        "tên loại và trích yếu nội dung",
        "tên loại và trích yếu nội dung văn bản",
    ),
    "kind": ("loại", "loại văn bản", "tên loại", "kind"),
    # What `register list --format csv` writes, so that a register restored from it still
    # knows which document each number belongs to.
    "doc_id": ("mã văn bản", "doc_id", "doc id"),
    "signer": ("người ký", "người kí", "signer"),
    "recipients": ("nơi nhận", "nơi nhận văn bản", "recipients"),
    "year": ("năm", "year"),
    "series": ("sổ", "series"),
    "status": ("tình trạng", "trạng thái", "status"),
    "void_reason": ("lý do hủy", "lí do hủy", "lý do huỷ", "lí do huỷ", "void_reason", "void reason"),
}
_FIELD_NAMES: Final = {
    "number": "số",
    "symbol": "ký hiệu",
    "number_symbol": "số, ký hiệu",
    "date": "ngày",
    "unit": "đơn vị",
    "summary": "trích yếu",
    "kind_summary": "tên loại và trích yếu",
    "kind": "loại",
    "doc_id": "mã văn bản",
    "signer": "người ký",
    "recipients": "nơi nhận",
    "year": "năm",
    "series": "sổ",
    "status": "tình trạng",
    "void_reason": "lý do hủy",
}
_ALIASES: Final = {name: field for field, names in IMPORT_COLUMNS.items() for name in names}
_VOID_WORDS: Final = ("đã hủy", "đã huỷ", "hủy", "huỷ", "void", "thu hồi", "đã thu hồi")
_ISSUED_WORDS: Final = ("", "đã ban hành", "ban hành", "đã cấp số", "issued")
_NOWHERE: Final = sheets.Place("", "", 0, 0)  # a date's problem is told by its row and column name


def column_key(header: object) -> str | None:
    """The register field a column header names, or ``None`` for a column to ignore (e.g. STT)."""
    if header is None:
        return None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(header)).strip().lower())
    return _ALIASES.get(text.rstrip(":*").strip())


def parse_rows(
    rows: Iterable[Mapping[str, object]],
    *,
    default_unit: str | None = None,
    first_row: int = 1,
    known_units: Collection[str] | None = None,
) -> tuple[list[tuple[int, Record]], list[Problem]]:
    """Validate imported rows: the entries to insert (with their row numbers) and every problem.

    Checks each row alone and the rows against each other; checks against the register are the
    register's.
    """
    entries: list[tuple[int, Record]] = []
    problems: list[Problem] = []
    seen_number: dict[tuple[str, int, str, int], int] = {}
    seen_pair: dict[tuple[str, int, int, str], int] = {}
    header_checked = False
    for index, raw in enumerate(rows):
        row = first_row + index
        fields: dict[str, object] = {}
        for name, value in raw.items():
            field = column_key(name)
            if field is None:
                continue
            if field in fields and not _blank(fields[field]) and not _blank(value):
                problems.append(
                    Problem("", row, None, _FIELD_NAMES[field], f"có hai cột cùng là {_FIELD_NAMES[field]}")
                )
            if field not in fields or _blank(fields[field]):
                fields[field] = value
        if not header_checked:
            header_checked = True
            missing = _missing_columns(raw.keys(), default_unit)
            if missing:
                return [], [Problem("", None, None, "", m) for m in missing]
        if all(_blank(v) for v in raw.values()):
            continue  # an empty line in the spreadsheet
        row_problems: list[tuple[str, str]] = []
        entry = _parse_row(fields, default_unit, row_problems)
        if entry is not None:
            row_problems += _entry_problems(entry)
            if known_units is not None and entry.unit_id not in known_units:
                row_problems.append(("đơn vị", unknown_unit(entry.unit_id, known_units)))
            key = (entry.unit_id, entry.year, entry.series, entry.number)
            pair = (entry.unit_id, entry.year, entry.number, entry.symbol)
            if key in seen_number:
                row_problems.append(("số", f"số {entry.number:02d} trùng với dòng {seen_number[key]}"))
            elif pair in seen_pair:
                row_problems.append(("số", f"số, ký hiệu {entry.number_symbol} trùng với dòng {seen_pair[pair]}"))
            seen_number.setdefault(key, row)
            seen_pair.setdefault(pair, row)
        if row_problems or entry is None:
            problems += [Problem("", row, None, f, m) for f, m in row_problems]
        else:
            entries.append((row, entry))
    return entries, problems


def unknown_unit(unit_id: str, known_units: Collection[str]) -> str:
    """``không có đơn vị "huyen-huong-khee" trong dữ liệu — có phải "huyen-huong-khe"?``"""
    hint = did_you_mean(unit_id, known_units)
    guess = f" — {hint}" if hint else " (xem `docgen list units`)"
    return f'không có đơn vị "{unit_id}" trong dữ liệu (data/units.yaml){guess}'


def _missing_columns(headers: Iterable[str], default_unit: str | None) -> list[str]:
    found = {column_key(h) for h in headers}
    missing = []
    if not found & {"number", "number_symbol", "symbol"}:
        missing.append("thiếu cột số, ký hiệu (tên cột: Số, Ký hiệu hoặc Số, ký hiệu)")
    if "date" not in found:
        missing.append("thiếu cột ngày (tên cột: Ngày hoặc Date)")
    if "unit" not in found and not default_unit:
        missing.append("thiếu cột đơn vị (tên cột: Đơn vị hoặc Unit); hoặc ghi đơn vị cho cả tệp bằng --unit MÃ_ĐƠN_VỊ")
    return missing


def _parse_row(
    fields: Mapping[str, object], default_unit: str | None, problems: list[tuple[str, str]]
) -> Record | None:
    number: int | None = None
    symbol: str | None = None
    for field in ("number_symbol", "number", "symbol"):
        value = fields.get(field)
        if _blank(value):
            continue
        n, s, error = _split_number_symbol(value, field)
        if error:
            problems.append((_FIELD_NAMES[field], error))
            continue
        if n is not None:
            if number is not None and n != number:
                problems.append((_FIELD_NAMES[field], f"số {n} khác số {number} ở cột khác"))
            number = n if number is None else number
        if s is not None:
            if symbol is not None and s != symbol:
                problems.append((_FIELD_NAMES[field], f"ký hiệu {s} khác ký hiệu {symbol} ở cột khác"))
            symbol = s if symbol is None else symbol
    if number is None and not any(f == "số" or f == "số, ký hiệu" for f, _ in problems):
        problems.append(("số", "thiếu số văn bản"))
    if symbol is None and not any(f in ("ký hiệu", "số, ký hiệu") for f, _ in problems):
        problems.append(("ký hiệu", "thiếu ký hiệu văn bản (ví dụ KH-UBND)"))

    when: dt.date | None = None
    if _blank(fields.get("date")):
        problems.append(("ngày", "thiếu ngày văn bản"))
    else:
        when, error = _parse_date(fields["date"])
        if error:
            problems.append(("ngày", error))

    unit = _text(fields.get("unit")) or (default_unit or "")
    if not unit:
        problems.append(("đơn vị", "thiếu mã đơn vị"))

    year: int | None = None
    if not _blank(fields.get("year")):
        year = _as_int(fields["year"])
        if year is None:
            problems.append(("năm", f"năm phải là số, nhận được {_shown(fields['year'])}"))
    if year is None and when is not None:
        year = when.year

    status, reason, error = _parse_status(fields.get("status"))
    if error:
        problems.append(("tình trạng", error))
    reason = _text(fields.get("void_reason")) or reason
    kind, summary = _text(fields.get("kind")), _text(fields.get("summary"))
    combined = _text(fields.get("kind_summary"))
    if combined:
        # A kind typed in its own column wins; the cell is then the summary as written.
        found, rest = ("", combined) if kind else split_kind(combined)
        kind, summary = kind or found, summary or rest
    if number is None or symbol is None or when is None or year is None or not unit or status is None:
        return None
    return Record(
        doc_id=_text(fields.get("doc_id")) or None,
        unit_id=unit,
        year=year,
        series=_text(fields.get("series")) or DEFAULT_SERIES,
        number=number,
        symbol=symbol,
        date=when,
        kind=kind,
        summary=summary,
        signer=_text(fields.get("signer")),
        recipients=_text(fields.get("recipients")),
        status=status,
        void_reason=(reason or None) if status == "void" else None,
        source="import",
        sha256=None,
        text=None,
    )


# The campaign's type names, longest first ("Báo cáo thành tích" before "Báo cáo"), as patterns
# that ignore case and how the words are spaced, but not diacritics: "Ke hoach to chuc" is kept
# as typed rather than half corrected into "Kế hoạch to chuc" when printed back.
_TYPE_NAMES: Final = tuple(
    (kind.id, re.compile(r"\s*" + r"\s+".join(map(re.escape, kind.title.split())) + r"(?!\w)", re.IGNORECASE))
    for kind in sorted(KINDS.values(), key=lambda k: -len(k.title))
)


def split_kind(text: str) -> tuple[str, str]:
    """The kind and the summary of a "Tên loại và trích yếu" cell, as docgen stores its own numbers:
    ``Quyết định về việc phát động …`` → (``quyet-dinh``, ``Về việc phát động …``); the inverse of
    ``exporting.kind_and_summary``. A type name that is no kind of the campaign (``Công văn …``)
    is kept: (``""``, the whole text)."""
    text = unicodedata.normalize("NFC", text).strip()
    for kind_id, pattern in _TYPE_NAMES:
        match = pattern.match(text)
        if match:
            rest = re.sub(r"^[\s:,.–-]+", "", text[match.end() :])
            return kind_id, rest[:1].upper() + rest[1:]
    return "", text


def _split_number_symbol(value: object, field: str) -> tuple[int | None, str | None, str | None]:
    """(number, symbol, error) from one cell: ``5``, ``"05"``, ``"KH-UBND"`` or ``"05/KH-UBND"``."""
    if field == "number":
        n = _as_int(value)
        if n is not None:
            return n, None, None
    text = _text(value)
    match = _NUMBER_SYMBOL.fullmatch(text)
    if match:
        return int(match.group(1)), _nfc(match.group(2)), None
    if field == "symbol" and "/" not in text:
        return None, text, None
    if field == "number":
        return None, None, f"số phải là số nguyên (ví dụ 05 hoặc 05/KH-UBND), nhận được {_shown(value)}"
    return None, None, f"phải có dạng số/ký hiệu (ví dụ 05/KH-UBND), nhận được {_shown(value)}"


def _parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """A date as every import reads one (:func:`docgen.sheets.date`): a date cell, Excel's serial
    number (a cell without date format, or a csv holding it), ``12/7/2023`` or ``2023-07-12``."""
    found: builtins.list[Problem] = []
    when = sheets.date(value, _NOWHERE, found)
    return when, (f"{found[0].message} — {found[0].hint}" if found else None)


def _parse_status(value: object) -> tuple[Status | None, str, str | None]:
    text = _text(value)
    lowered = text.lower()
    if lowered in _ISSUED_WORDS:
        return "issued", "", None
    for word in _VOID_WORDS:
        if lowered == word or lowered.startswith((word + ":", word + " -", word + " (")):
            reason = text[len(word) :].lstrip(" :-(").rstrip(")").strip()
            return "void", reason, None
    return None, "", f"tình trạng phải là Đã ban hành hoặc Đã hủy (có thể kèm lý do), nhận được {_shown(value)}"


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value)
    return int(text) if text.isdigit() else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def read_table(path: Path) -> tuple[int, builtins.list[dict[str, object]]]:
    """The rows of a ``.csv`` or ``.xlsx`` file as header → value, and the row number of the first."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise RegisterError(f"Không tìm thấy tệp {path}.")
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm", ".xls"):  # docgen.sheets tells an .xls by its bytes, whatever its name
        return _read_xlsx(path)
    raise RegisterError(f"{path.name}: chỉ nhập được tệp .xlsx hoặc .csv.")


def _read_csv(path: Path) -> tuple[int, builtins.list[dict[str, object]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"Không đọc được {path}: {os_reason(exc)}") from exc
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM; other tools do not
    except UnicodeDecodeError as exc:
        raise RegisterError(
            f"{path.name} không phải tệp CSV mã UTF-8 (có thể là CSV mã Windows-1258 hay TCVN3).",
            hint="trong Excel chọn Lưu thành (Save As) → CSV UTF-8 (Comma delimited) rồi nhập lại",
        ) from exc
    lines = text.splitlines()
    skipped = 0
    # Excel honours a first line "sep=;"; a file carrying one is read the same way.
    delimiter = None
    if lines and re.fullmatch(r"sep=.", lines[0].strip()):
        delimiter = lines[0].strip()[-1]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        skipped = 1
    if delimiter is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        # Vietnamese Windows lists with ";" (the comma is the decimal mark); others with ",".
        delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Undo the formula guard of `register list --format csv` (see exporting.csv_cell).
    table: builtins.list[builtins.list[object]] = [[csv_text(cell) for cell in r] for r in reader]
    return _rows_from_table(table, skipped, path)


def _read_xlsx(path: Path) -> tuple[int, builtins.list[dict[str, object]]]:
    """The first sheet read by :mod:`docgen.sheets`, the layer every import shares: an .xls, a
    renamed file or a password refused with the way out; formulas read through their computed
    value; text cleaned (NFC, Alt+Enter) and TCVN3/VNI refused; a merge across entries or a
    formula without a value refused at its cell (``RegisterImportError``, nothing imported)."""
    try:
        with sheets.Book(path) as book:
            name = book.sheet_names[0]
            sheet = book.sheet(name)
            table: builtins.list[builtins.list[object]] = [
                [] for _ in range(max((r.number for r in sheet.rows), default=0))
            ]
            for read in sheet.rows:
                table[read.number - 1] = list(read.values)
            first_row, rows = _rows_from_table(table, 0, path)
            if sheet.problems:  # again from the first entry: the title and header rows may be merged
                sheet = book.sheet(name, first_row=first_row)
    except SheetUnreadable as exc:
        raise RegisterError(exc.message, hint=exc.hint) from exc
    titles = [" ".join(t.split()) for t in (rows[0] if rows else {})]
    problems: builtins.list[Problem] = [_at_cell(p, titles) for p in sheet.problems]
    for index, row in enumerate(rows):
        for column, (title, value) in enumerate(row.items(), start=1):
            if isinstance(value, str):  # the cleaning of every import, TCVN3 refused
                found: builtins.list[Problem] = []
                row[title] = sheets.text(value, sheets.Place(path.name, name, first_row + index, column), found)
                problems += [_at_cell(p, titles) for p in found]
    if problems:
        raise RegisterImportError(path.name, problems)
    return first_row, rows


def _at_cell(problem: Problem, titles: Sequence[str]) -> Problem:
    """A problem of :mod:`docgen.sheets` as the register's import tells it: the column's title,
    the cell, the cure."""
    column = problem.column or 0
    title = titles[column - 1] if 0 < column <= len(titles) else problem.field
    cell = getattr(problem, "cell", "")
    where = f"ô {cell}: " if cell else ""
    cure = f" — {problem.hint}" if problem.hint else ""
    return Problem(problem.file, problem.line, None, title, f"{where}{problem.message}{cure}")


def _rows_from_table(
    table: Sequence[Sequence[object]], skipped: int, path: Path
) -> tuple[int, builtins.list[dict[str, object]]]:
    # The header is the first of the top rows naming at least two known columns: registers
    # often start with a title ("SỔ ĐĂNG KÝ VĂN BẢN ĐI") above the table. Phụ lục IV's header
    # may take two rows (a title merged down over both, a group title over its sub-titles), and
    # the columns' numbers "(1) (2) …" or "1 2 …" may follow it.
    for index, cells in enumerate(table[:10]):
        if _known(cells) >= 2:
            band = [
                r
                for r in (index - 1, index, index + 1)
                if r == index or (0 <= r < len(table) and _continues(cells, table[r]))
            ]
            start = band[-1] + 1
            if start < len(table) and _numbering(table[start]):
                start += 1
            headers = [_title([table[r] for r in band], i) or f"(cột {i + 1})" for i in range(len(cells))]
            _refuse_duplicate_columns(headers, path)
            rows = []
            for values in table[start:]:
                row: dict[str, object] = {}
                for i, header in enumerate(headers):
                    row[header] = values[i] if i < len(values) else None
                rows.append(row)
            return skipped + start + 1, rows
    raise RegisterError(
        f"{path.name}: không tìm thấy dòng tiêu đề cột (cần các cột như Số, Ký hiệu, Ngày, Đơn vị, Trích yếu).",
        hint="xem tên cột được chấp nhận trong docs/so-dang-ky.md",
    )


def _known(cells: Sequence[object]) -> int:
    return sum(1 for c in cells if column_key(c) is not None)


def _continues(header: Sequence[object], other: Sequence[object]) -> bool:
    """Whether ``other``, the row above or below the header, is the header's second row: it
    names a known column, and only where the header row names none (a sub-title under a group
    title, or a title merged over both rows). A first entry whose text happens to be a column's
    title («Người ký» signed by someone called so) is data: it sits under a named column."""
    if not _known(other):
        return False
    return all(_blank(cell) or i >= len(header) or column_key(header[i]) is None for i, cell in enumerate(other))


def _title(band: Sequence[Sequence[object]], column: int) -> str:
    """A column's title in a header of one or more rows: the lowest known title (a sub-title
    under its group), else the first text (a column docgen does not read, e.g. Ghi chú)."""
    cells = [r[column] for r in band if column < len(r) and not _blank(r[column])]
    known = [c for c in cells if column_key(c) is not None]
    return str(known[-1] if known else cells[0]) if cells else ""


def _numbering(cells: Sequence[object]) -> bool:
    """Whether a row holds the columns' numbers under the header: ``(1) (2) (3)`` or ``1 2 3``."""
    found = [re.fullmatch(r"\(?(\d{1,2})\)?", _text(c)) for c in cells if not _blank(c)]
    numbers = [int(m.group(1)) for m in found if m]
    return len(numbers) >= 2 and len(numbers) == len(found) and numbers == sorted(set(numbers))


def _refuse_duplicate_columns(headers: Sequence[str], path: Path) -> None:
    by_field: dict[str, builtins.list[str]] = {}
    for header in headers:
        field = column_key(header)
        if field is not None:
            by_field.setdefault(field, []).append(header)
    doubled = [names for names in by_field.values() if len(names) > 1]
    if doubled:
        shown = "; ".join(" và ".join(f'"{n}"' for n in names) for names in doubled)
        raise RegisterError(f"{path.name}: các cột {shown} cùng chỉ một thông tin; hãy giữ lại một cột.")
