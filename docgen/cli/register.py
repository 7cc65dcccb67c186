"""``docgen register``: the clerk's commands on the register of issued documents.

Built by :func:`make_register_group` from the root CLI's ``common_options`` decorator and
workspace getter, so this module does not import ``docgen.cli`` (which adds the group with
``cli.add_command(...)``). Like every command, these only parse, call the library and print;
errors are :class:`~docgen.errors.DocgenError` subclasses that the root turns into messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from docgen import vn
from docgen.errors import RegisterError
from docgen.register.exporting import kind_label, status_text
from docgen.register.importing import unknown_unit
from docgen.register.issuing import series_for_symbol
from docgen.register.records import DEFAULT_SERIES, FILE_NAME, Record
from docgen.register.sqlite import open_register, refuse_register_as_output, register_path
from docgen.workspace import Workspace

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
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

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def make_register_group(common_options: Decorator, get_workspace: Callable[[click.Context], Workspace]) -> click.Group:
    """The ``register`` command group, using the root CLI's options and workspace lookup."""

    def root_of(ctx: click.Context) -> Path:
        return get_workspace(ctx).root

    def known_units(ctx: click.Context) -> set[str]:
        return set(get_workspace(ctx).load().units)

    def check_unit(ctx: click.Context, unit_id: str) -> None:
        # A typo would silently start a new series at 01.
        units = known_units(ctx)
        if unit_id not in units:
            raise RegisterError(unknown_unit(unit_id, units).capitalize())

    @click.group(name="register", context_settings=CONTEXT)
    @common_options
    def register_group() -> None:
        """Sổ đăng ký văn bản đi: cấp số, hủy số, vào sổ số cấp tay, nhập sổ cũ, xuất Excel, sao lưu.

        Sổ nằm trong tệp register.sqlite của thư mục làm việc (không nằm trong out/). Số văn
        bản đánh theo từng đơn vị, từng năm, từng sổ, bắt đầu từ 01; số đã cấp hay đã hủy đều
        không bao giờ được cấp lại.
        """

    @register_group.command(name="list", context_settings=CONTEXT)
    @common_options
    @click.option("--year", type=int, help="Chỉ các số của năm này.")
    @click.option("--unit", "unit_id", help="Chỉ các số của đơn vị này (mã đơn vị, ví dụ huyen-huong-khe).")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="table: bảng như sổ giấy; csv: mở bằng Excel; json: cho máy đọc.",
    )
    @click.option(
        "--delimiter",
        type=click.Choice([";", ","]),
        default=";",
        show_default=True,
        help="Dấu phân cách cột của csv (Excel trên Windows tiếng Việt dùng ;).",
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Ghi ra tệp thay vì in ra màn hình (nên dùng với csv).",
    )
    @click.pass_context
    def list_command(
        ctx: click.Context, year: int | None, unit_id: str | None, fmt: str, delimiter: str, output: Path | None
    ) -> None:
        """Liệt kê các số đã cấp và đã hủy, theo đơn vị, năm, sổ, số."""
        root = root_of(ctx)
        if output is not None:
            refuse_register_as_output(output, root)
        records: list[Record] = []
        if register_path(root).exists():  # looking at the register never creates one
            with open_register(root) as register:
                records = register.list(year=year, unit_id=unit_id)
        if fmt == "json":
            text = json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=2) + "\n"
        elif fmt == "csv":
            text = "\ufeff" + records_csv(records, delimiter)  # the BOM tells Excel the file is UTF-8
        else:
            text = records_table(records)
        if output is None:
            click.echo(text, nl=False)
            return
        _write_text(output, text)
        click.echo(f"Đã ghi {len(records)} dòng vào {output}.")

    @register_group.command(name="export", context_settings=CONTEXT)
    @common_options
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--year", type=int, help="Chỉ các số của năm này.")
    @click.option("--unit", "unit_id", help="Chỉ các số của đơn vị này.")
    @click.pass_context
    def export_command(ctx: click.Context, file: Path, year: int | None, unit_id: str | None) -> None:
        """Xuất sổ ra tệp Excel FILE (.xlsx) theo mẫu sổ đăng ký văn bản đi để in hoặc lưu."""
        refuse_register_as_output(file, root_of(ctx))
        with open_register(root_of(ctx)) as register:
            count = register.export_xlsx(file, year=year, unit_id=unit_id)
        click.echo(f"Đã xuất {count} dòng vào {file}.")

    @register_group.command(name="import", context_settings=CONTEXT)
    @common_options
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--unit", "unit_id", help="Mã đơn vị cho các dòng không có cột Đơn vị.")
    @click.pass_context
    def import_command(ctx: click.Context, file: Path, unit_id: str | None) -> None:
        """Nhập sổ cũ từ FILE (.xlsx hoặc .csv): nhập trọn vẹn, hoặc báo mọi dòng lỗi và không nhập gì."""
        units = known_units(ctx)
        if unit_id is not None and unit_id not in units:
            raise RegisterError(unknown_unit(unit_id, units).capitalize())
        with open_register(root_of(ctx)) as register:
            count = register.import_file(file, default_unit=unit_id, known_units=units)
            records = register.list(unit_id=unit_id)
            series = sorted({(r.unit_id, r.year, r.series) for r in records})
            upcoming = [(u, y, s, register.next_number(u, y, s)) for u, y, s in series]
        click.echo(f"Đã nhập {count} số từ {file}.")
        for unit, year, name, number in upcoming:
            click.echo(f"  {unit}, năm {year}, sổ {name}: số tiếp theo là {number:02d}")

    @register_group.command(name="record", context_settings=CONTEXT)
    @common_options
    @click.option("--unit", "unit_id", required=True, help="Mã đơn vị ban hành, ví dụ huyen-huong-khe.")
    @click.option("--number", type=click.IntRange(min=1, max=99999), required=True, help="Số đã cấp (ví dụ 12).")
    @click.option("--symbol", required=True, help="Ký hiệu, ví dụ KH-UBND.")
    @click.option(
        "--date",
        "issue_date",
        type=click.DateTime(formats=DATE_FORMATS),
        metavar="NGÀY",
        required=True,
        help="Ngày văn bản: 2023-07-05 hoặc 05/07/2023.",
    )
    @click.option("--summary", required=True, help="Trích yếu nội dung.")
    @click.option("--kind", default="", help="Loại văn bản, ví dụ ke-hoach hoặc Công văn.")
    @click.option(
        "--series",
        help="Sổ (mã sổ); mặc định: sổ dữ liệu dành cho loại văn bản của ký hiệu, nếu không thì sổ chung.",
    )
    @click.option("--signer", default="", help="Người ký.")
    @click.option("--recipients", default="", help="Nơi nhận.")
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
        data = get_workspace(ctx).load()
        if unit_id not in data.units:
            raise RegisterError(unknown_unit(unit_id, set(data.units)).capitalize())
        # A kind numbered in its own series (data) takes its hand-given numbers there too.
        series = series or series_for_symbol(data, unit_id, symbol)
        with open_register(root_of(ctx)) as register:
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
    @click.argument("number")
    @click.option("--unit", "unit_id", required=True, help="Mã đơn vị ban hành.")
    @click.option("--year", type=int, help="Năm của số (mặc định: năm nay).")
    @click.option("--series", default=DEFAULT_SERIES, show_default=True, help="Sổ (mã sổ).")
    @click.option("--reason", required=True, help="Lý do hủy số (bắt buộc).")
    @click.pass_context
    def void_command(ctx: click.Context, number: str, unit_id: str, year: int | None, series: str, reason: str) -> None:
        """Hủy số NUMBER (ví dụ 05 hoặc 05/KH-UBND): số vẫn nằm trong sổ và không bao giờ được cấp lại."""
        value, symbol = parse_number(number)
        check_unit(ctx, unit_id)
        with open_register(root_of(ctx)) as register:
            record = register.void(unit_id, year or dt.date.today().year, series, value, reason, symbol=symbol)
        click.echo(f"Đã hủy số {record.number_symbol} ({record.unit_id}, năm {record.year}, sổ {record.series}).")
        click.echo("Số này vẫn nằm trong sổ với tình trạng đã hủy và không được cấp lại.")

    @register_group.command(name="backup", context_settings=CONTEXT)
    @common_options
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.pass_context
    def backup_command(ctx: click.Context, file: Path) -> None:
        """Sao lưu sổ vào FILE (chạy được cả khi đang tạo văn bản)."""
        with open_register(root_of(ctx)) as register:
            register.backup(file)
        click.echo(f"Đã sao lưu sổ vào {file}.")
        click.echo(
            f"Khôi phục: chép tệp này đè lên {FILE_NAME} trong thư mục làm việc khi không có lệnh nào đang chạy."
        )

    return register_group


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
        writer.writerow(
            [
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
        )
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
