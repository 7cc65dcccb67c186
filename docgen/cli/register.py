"""``docgen register``: the clerk's commands on the register of issued documents.

Like every command, these only parse, call the library and print; errors are
:class:`~docgen.errors.DocgenError` subclasses that ``docgen.cli.main`` turns into messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import click

from docgen import vn
from docgen.cli.i18n import DocgenGroup, IntRange
from docgen.cli.options import (
    CONTEXT,
    DATE,
    DAY,
    KIND,
    NUMBER,
    common_options,
    file_argument,
    json_option,
    output_file_option,
    unit_option,
    workspace,
    year_option,
)
from docgen.cli.output import echo_json, err
from docgen.data.rules import campaign_years
from docgen.errors import DataError, RegisterError, UsageError
from docgen.kinds import KINDS
from docgen.register.exporting import csv_cell, kind_label, status_text
from docgen.register.importing import unknown_unit
from docgen.register.issuing import issue_day, series_for_symbol
from docgen.register.records import DEFAULT_SERIES, Record
from docgen.register.sqlite import open_register, refuse_register_as_output, register_path

# Columns of `list --format csv`: names that `register import` reads back.
CSV_COLUMNS = (
    "Đơn vị",
    "Năm",
    "Sổ",
    "Số",
    "Ký hiệu",
    "Ngày",
    "Loại",
    "Trích yếu",
    "Người ký",
    "Nơi nhận",
    "Tình trạng",
    "Mã văn bản",
)
SUMMARY_WIDTH = 60
RECIPIENTS_WIDTH = 40
SERIES = "MÃ_SỔ"


def _known_units(ctx: click.Context) -> set[str]:
    return set(workspace(ctx).load().units)


def _years(ctx: click.Context, year: int | None) -> list[int]:
    """``--year``, else every year the campaign's documents are dated in (data/campaign.yaml:
    their dates and issue windows), e.g. 2023 and 2024 for a 2023 campaign."""
    return [year] if year is not None else campaign_years(workspace(ctx).load().campaign)


def _viewed_years(ctx: click.Context, year: int | None) -> list[int] | None:
    """The years ``list`` and ``export`` show (see ``_years``); every year (None) when the data
    has errors: looking at the register must not wait for the data to be mended."""
    try:
        return _years(ctx, year)
    except DataError:
        err("Lưu ý: dữ liệu có lỗi (xem `docgen validate`), không biết các năm của đợt thi đua: hiện mọi năm.")
        return None


def _years_text(years: Sequence[int] | None) -> str:
    return "mọi năm" if years is None else "năm " + ", ".join(str(y) for y in years)


def _check_unit(unit_id: str, units: set[str]) -> None:
    # A typo would silently start a new series at 01.
    if unit_id not in units:
        raise RegisterError(unknown_unit(unit_id, units).capitalize())


@click.group(name="register", cls=DocgenGroup, context_settings=CONTEXT)
@common_options
def register_group() -> None:
    """Sổ đăng ký văn bản đi: cấp số, hủy số, vào sổ số cấp tay, nhập sổ cũ, xuất Excel, sao lưu, khôi phục.

    Sổ nằm trong tệp register.sqlite của thư mục làm việc (không nằm trong out/). Số văn
    bản đánh theo từng đơn vị, từng năm, từng sổ, bắt đầu từ 01; số đã cấp hay đã hủy đều
    không bao giờ được cấp lại.
    """


@register_group.command(name="list", context_settings=CONTEXT)
@common_options
@year_option("Chỉ các số của năm này (mặc định: các năm của đợt thi đua, ví dụ 2023 và 2024).")
@unit_option("Chỉ các số của đơn vị này (mã đơn vị, ví dụ huyen-huong-khe).")
@json_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),  # json: the older spelling of --json, kept working
    metavar="[table|csv]",
    default="table",
    show_default=True,
    help="table: bảng như sổ giấy; csv: mở bằng Excel.",
)
@click.option(
    "--delimiter",
    type=click.Choice([";", ","]),
    default=";",
    show_default=True,
    help="Dấu phân cách cột của csv (Excel trên Windows tiếng Việt dùng ;).",
)
@output_file_option("Ghi ra tệp thay vì in ra màn hình (nên dùng với csv).")
@click.pass_context
def list_command(
    ctx: click.Context,
    year: int | None,
    unit_id: str | None,
    as_json: bool,
    fmt: str,
    delimiter: str,
    output: Path | None,
) -> None:
    """Liệt kê các số đã cấp và đã hủy, theo đơn vị, năm, sổ, số."""
    if as_json and fmt not in ("table", "json"):
        raise UsageError(f"--json và --format {fmt} không dùng cùng nhau.", hint="chọn một trong hai")
    root = workspace(ctx).root
    if output is not None:
        refuse_register_as_output(output, root)
    years = _viewed_years(ctx, year)
    records: list[Record] = []
    if register_path(root).exists():  # looking at the register never creates one
        with open_register(root) as register:
            records = register.list(unit_id=unit_id)
    hidden = sorted({r.year for r in records if r.year not in years}) if year is None and years is not None else []
    records = [r for r in records if years is None or r.year in years]
    if as_json or fmt == "json":
        text = json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = "\ufeff" + records_csv(records, delimiter)  # the BOM tells Excel the file is UTF-8
    else:
        text = records_table(records)
        if hidden:
            text += f"Sổ còn có số của {_years_text(hidden)}: xem bằng --year {hidden[-1]}.\n"
    if output is None:
        click.echo(text, nl=False)
        return
    _write_text(output, text)
    click.echo(f"Đã ghi {len(records)} dòng vào {output}.")


@register_group.command(name="export", context_settings=CONTEXT)
@common_options
@file_argument
@year_option("Chỉ các số của năm này (mặc định: các năm của đợt thi đua, ví dụ 2023 và 2024).")
@unit_option("Chỉ các số của đơn vị này.")
@click.pass_context
def export_command(ctx: click.Context, file: Path, year: int | None, unit_id: str | None) -> None:
    """Xuất sổ ra tệp Excel TỆP (.xlsx) theo mẫu sổ đăng ký văn bản đi để in hoặc lưu."""
    root = workspace(ctx).root
    refuse_register_as_output(file, root)
    years = _viewed_years(ctx, year)
    with open_register(root) as register:
        count = register.export_xlsx(file, years=years, unit_id=unit_id)
    click.echo(f"Đã xuất {count} dòng ({_years_text(years)}) vào {file}.")


@register_group.command(name="import", context_settings=CONTEXT)
@common_options
@file_argument
@unit_option("Mã đơn vị cho các dòng không có cột Đơn vị.")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra và cho xem các số sẽ nhập, không ghi gì vào sổ.")
@click.pass_context
def import_command(ctx: click.Context, file: Path, unit_id: str | None, dry_run: bool) -> None:
    """Nhập sổ cũ từ TỆP (.xlsx hoặc .csv): nhập trọn vẹn, hoặc báo mọi dòng lỗi và không nhập gì.
    Đọc được sổ theo mẫu Phụ lục IV Nghị định 30/2020/NĐ-CP (Sổ đăng ký văn bản đi)."""
    units = _known_units(ctx)
    if unit_id is not None:
        _check_unit(unit_id, units)
    if dry_run:
        with open_register(workspace(ctx).root) as register:
            entries = register.preview_file(file, default_unit=unit_id, known_units=units)
        click.echo(f"Thử nhập {file} (chưa ghi gì vào sổ): nhập được {len(entries)} số.")
        click.echo(records_table(entries), nl=False)
        click.echo("Nhập thật: chạy lại lệnh không có --dry-run.")
        return
    with open_register(workspace(ctx).root) as register:
        count = register.import_file(file, default_unit=unit_id, known_units=units)
        records = register.list(unit_id=unit_id)
        series = sorted({(r.unit_id, r.year, r.series) for r in records})
        upcoming = [(u, y, s, register.next_number(u, y, s)) for u, y, s in series]
    click.echo(f"Đã nhập {count} số từ {file}.")
    for unit, year, name, number in upcoming:
        click.echo(f"  {unit}, năm {year}, sổ {name}: số tiếp theo là {number:02d}")


@register_group.command(name="record", context_settings=CONTEXT)
@common_options
@unit_option("Mã đơn vị ban hành, ví dụ huyen-huong-khe.", required=True)
@click.option("--number", type=IntRange(min=1, max=99999), metavar=NUMBER, required=True, help="Số đã cấp (ví dụ 12).")
@click.option("--symbol", metavar="KÝ_HIỆU", required=True, help="Ký hiệu, ví dụ KH-UBND.")
@click.option(
    "--date",
    "issue_date",
    type=DATE,
    metavar=DAY,
    required=True,
    help="Ngày văn bản: 2023-07-05 hoặc 05/07/2023.",
)
@click.option("--summary", metavar="TRÍCH_YẾU", required=True, help="Trích yếu nội dung.")
@click.option("--kind", metavar=KIND, default="", help="Loại văn bản, ví dụ ke-hoach hoặc Công văn.")
@click.option(
    "--series",
    metavar=SERIES,
    help="Sổ; mặc định: sổ dữ liệu dành cho loại văn bản của ký hiệu, nếu không thì sổ chung.",
)
@click.option("--signer", metavar="NGƯỜI_KÝ", default="", help="Người ký.")
@click.option("--recipients", metavar="NƠI_NHẬN", default="", help="Nơi nhận.")
@click.pass_context
def record_command(
    ctx: click.Context,
    unit_id: str,
    number: int,
    symbol: str,
    issue_date: dt.datetime,
    summary: str,
    kind: str,
    series: str | None,
    signer: str,
    recipients: str,
) -> None:
    """Vào sổ một số văn thư đã cấp bằng tay (ngoài docgen)."""
    ws = workspace(ctx)
    data = ws.load()
    _check_unit(unit_id, set(data.units))
    if kind in KINDS:  # a document of the campaign: the same dates as docgen's own numbers
        issue_day(data, kind, None, issue_date.date(), what=f"số {number:02d}/{symbol}", action="vào sổ")
    # A kind numbered in its own series (data) takes its hand-given numbers there too.
    series = series or series_for_symbol(data, unit_id, symbol)
    with open_register(ws.root) as register:
        record = register.record(
            unit_id=unit_id,
            number=number,
            symbol=symbol,
            date=issue_date.date(),
            summary=summary,
            kind=kind,
            series=series,
            signer=signer,
            recipients=recipients,
        )
        following = register.next_number(record.unit_id, record.year, record.series)
    click.echo(
        f"Đã vào sổ số {record.number_symbol} ngày {vn.short_date(record.date)} "
        f"({record.unit_id}, năm {record.year}, sổ {record.series})."
    )
    click.echo(f"Số tiếp theo của sổ này: {following:02d}.")


@register_group.command(name="void", context_settings=CONTEXT)
@common_options
@click.argument("number", metavar=NUMBER)
@unit_option("Mã đơn vị ban hành.", required=True)
@year_option("Năm của số (mặc định: năm của đợt thi đua có số này, ví dụ 2023 hoặc 2024).")
@click.option("--series", metavar=SERIES, default=DEFAULT_SERIES, show_default=True, help="Sổ.")
@click.option("--reason", metavar="LÝ_DO", required=True, help="Lý do hủy số (bắt buộc).")
@click.pass_context
def void_command(ctx: click.Context, number: str, unit_id: str, year: int | None, series: str, reason: str) -> None:
    """Hủy số SỐ (ví dụ 05 hoặc 05/KH-UBND): số vẫn nằm trong sổ và không bao giờ được cấp lại."""
    value, symbol = parse_number(number)
    _check_unit(unit_id, _known_units(ctx))
    years = _years(ctx, year)
    with open_register(workspace(ctx).root) as register:
        if year is None:
            year = _year_of(register.list(unit_id=unit_id), years, series, value, symbol, unit_id)
        record = register.void(unit_id, year, series, value, reason, symbol=symbol)
    click.echo(f"Đã hủy số {record.number_symbol} ({record.unit_id}, năm {record.year}, sổ {record.series}).")
    click.echo("Số này vẫn nằm trong sổ với tình trạng đã hủy và không được cấp lại.")


@register_group.command(name="backup", context_settings=CONTEXT)
@common_options
@file_argument
@click.pass_context
def backup_command(ctx: click.Context, file: Path) -> None:
    """Sao lưu sổ vào TỆP (chạy được cả khi đang tạo văn bản)."""
    with open_register(workspace(ctx).root) as register:
        register.backup(file)
    click.echo(f"Đã sao lưu sổ vào {file}.")
    click.echo(f"Khôi phục khi cần: docgen register restore {file}")


@register_group.command(name="restore", context_settings=CONTEXT)
@common_options
@file_argument
@json_option
@click.pass_context
def restore_command(ctx: click.Context, file: Path, as_json: bool) -> None:
    """Khôi phục sổ từ bản sao lưu TỆP (tệp `register backup` đã ghi): kiểm tra tệp, giữ lại sổ
    đang có thành register.sqlite.truoc-khoi-phuc-N, rồi thay sổ."""
    from docgen.build.guard import numbered_entries
    from docgen.lock import output_lock
    from docgen.register.restoring import restore

    ws = workspace(ctx)
    units = set(ws.load().units)
    with output_lock(ws.out_dir):  # no build may read the register while it is replaced
        numbered = {e.doc_id: str(e.number_symbol) for e in numbered_entries(ws.out_dir)}
        done = restore(ws.root, file, numbered=numbered, units=units)
    if as_json:
        echo_json(
            {
                "ok": True,
                "register": str(done.path),
                "source": str(done.source),
                "kept_as": None if done.kept is None else str(done.kept),
                "issued": done.issued,
                "voided": done.voided,
                "years": list(done.years),
                "checked_documents": len(numbered),
            }
        )
        return
    years = f" (năm {', '.join(str(y) for y in done.years)})" if done.years else ""
    click.echo(
        f"Đã khôi phục sổ đăng ký văn bản {done.path} từ {done.source}: "
        f"{done.issued} số đã cấp, {done.voided} số đã hủy{years}."
    )
    if numbered:
        click.echo(f"Khớp số của {len(numbered)} văn bản đã cấp số trong {ws.out_dir}.")
    if done.kept is not None:
        click.echo(f"Sổ trước khi khôi phục được giữ ở {done.kept}.")


def _year_of(
    records: Sequence[Record], years: Sequence[int], series: str, number: int, symbol: str | None, unit: str
) -> int:
    """The one campaign year in which ``unit``'s series holds ``number`` (``register void``
    without ``--year``); asks for ``--year`` when it is in none or in several."""
    found = sorted(
        {
            r.year
            for r in records
            if r.year in years and r.series == series and r.number == number and symbol in (None, r.symbol)
        }
    )
    if len(found) == 1:
        return found[0]
    shown = f"{number:02d}" + (f"/{symbol}" if symbol else "")
    if not found:
        raise RegisterError(
            f"Sổ không có số {shown} của đơn vị {unit} (sổ {series}) trong các {_years_text(years)}.",
            hint="xem các số bằng `docgen register list`; số của năm khác: thêm --year",
        )
    raise UsageError(
        f"Số {shown} của đơn vị {unit} (sổ {series}) có trong cả các {_years_text(found)}.",
        hint=f"ghi năm của số cần hủy, ví dụ --year {found[0]}",
    )


def parse_number(text: str) -> tuple[int, str | None]:
    """``"05"`` → (5, None); ``"05/KH-UBND"`` → (5, "KH-UBND")."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:/\s*(\S+)\s*)?", text)
    if not match or int(match.group(1)) < 1:
        raise RegisterError(f"Số cần hủy phải là số nguyên dương, ví dụ 05 hoặc 05/KH-UBND; nhận được {text!r}.")
    return int(match.group(1)), match.group(2)


def records_csv(records: Sequence[Record], delimiter: str = ";") -> str:
    """The register as csv text with Vietnamese headers that ``register import`` reads back."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        cells: list[object] = [
            r.unit_id,
            r.year,
            r.series,
            f"{r.number:02d}",
            r.symbol,
            vn.short_date(r.date),
            r.kind,
            r.summary,
            r.signer,
            r.recipients,
            status_text(r),
            r.doc_id or "",
        ]
        # A summary or signer such as "=HYPERLINK(…)" must reach the spreadsheet as text.
        writer.writerow([csv_cell(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()


def records_table(records: Sequence[Record]) -> str:
    """Aligned columns like the paper register, one block per unit, year and series."""
    if not records:
        return "Sổ chưa có số nào.\n"
    headers = ("Số, ký hiệu", "Ngày", "Loại", "Trích yếu", "Người ký", "Nơi nhận", "Tình trạng")
    lines: list[str] = []
    groups: dict[tuple[str, int, str], list[Record]] = {}
    for r in records:
        groups.setdefault((r.unit_id, r.year, r.series), []).append(r)
    for (unit, year, series), members in groups.items():
        rows = [
            (
                r.number_symbol,
                vn.short_date(r.date),
                kind_label(r.kind),
                _clip(r.summary, SUMMARY_WIDTH),
                r.signer,
                _clip(_one_line(r.recipients), RECIPIENTS_WIDTH),
                status_text(r),
            )
            for r in members
        ]
        widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
        if lines:
            lines.append("")
        lines.append(f"Đơn vị {unit} — năm {year} — sổ {series}")
        lines.append(_line(headers, widths))
        lines.append(_line(tuple("-" * w for w in widths), widths))
        lines += [_line(row, widths) for row in rows]
    void = sum(1 for r in records if r.status == "void")
    lines.append("")
    lines.append(f"Tổng: {len(records)} số ({void} số đã hủy).")
    return "\n".join(lines) + "\n"


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _one_line(recipients: str) -> str:
    # "- Sở Nội vụ;\n- Lưu: VT, NV." → "Sở Nội vụ; Lưu: VT, NV."
    return " ".join(line.strip().removeprefix("-").strip() for line in recipients.splitlines() if line.strip())


def _write_text(path: Path, text: str) -> None:
    from docgen.fs import write_atomic

    write_atomic(path, text.encode("utf-8"))  # raises OutputError with a clerk's message
