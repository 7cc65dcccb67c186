"""``docgen forms``: the Excel forms (biểu mẫu) the office sends to units and takes back.

Like every command, these only parse, call the library and print; errors are
:class:`~docgen.errors.DocgenError` subclasses that ``docgen.cli.main`` turns into messages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen import vn
from docgen.cli.i18n import DocgenCommand, DocgenGroup
from docgen.cli.options import CONTEXT, FOLDER, common_options, json_option, unit_option, workspace
from docgen.cli.output import echo_json
from docgen.data.model import Dataset
from docgen.documents.selection import check_units
from docgen.errors import DocumentsFailed, UsageError

if TYPE_CHECKING:
    from docgen.forms.landing import Landed

FORMS_FOLDER = "bieu-mau"


@click.group(name="forms", cls=DocgenGroup, context_settings=CONTEXT)
def forms_group() -> None:
    """Biểu mẫu Excel gửi các đơn vị điền số liệu báo cáo và đề nghị khen thưởng thay cho sửa tệp YAML."""


def _chosen(data: Dataset, export_all: bool, units: tuple[str, ...], communes: bool) -> list[str]:
    if not (export_all or units or communes):
        raise UsageError("Chọn --all, --unit MÃ_ĐƠN_VỊ hoặc --communes.", hint="xem `docgen forms export --help`")
    if export_all and units:
        raise UsageError("--all (mọi đơn vị) và --unit không dùng cùng nhau.")
    check_units(data, units)
    for unit_id in units:
        if not data.units[unit_id].produces:
            raise UsageError(
                f"{data.units[unit_id].name} ({unit_id}) không lập báo cáo trong docgen: không có biểu mẫu.",
                hint="xem `docgen list units`",
            )
    wanted = set(units)
    if export_all:
        wanted.update(u.id for u in data.producing_units())
    if communes:
        wanted.update(u.id for u in data.producing_units(communes=True) if u.kind == "commune")
    return [u for u in data.units if u in wanted]


@forms_group.command(
    name="export",
    cls=DocgenCommand,
    context_settings=CONTEXT,
    help="Tạo biểu mẫu Excel THƯ_MỤC/<mã đơn vị>.xlsx cho từng đơn vị: một trang cho mỗi kỳ báo cáo (chỉ tiêu, "
    "phần văn bản), trang đề nghị khen thưởng (trừ xã, phường, thị trấn), đã điền sẵn dữ liệu hiện có. "
    "Biểu mẫu đơn vị đã điền (tệp đã bị sửa) được giữ nguyên trừ khi có --force.",
)
@common_options
@click.option("--all", "export_all", is_flag=True, help="Mọi đơn vị có lập văn bản (không gồm cấp xã).")
@unit_option("Chỉ đơn vị này, ví dụ huyen-duc-tho (lặp lại được).", multiple=True)
@click.option("--communes", is_flag=True, help="Gồm cả 216 xã, phường, thị trấn.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar=FOLDER,
    help=f"Thư mục ghi biểu mẫu (mặc định out/{FORMS_FOLDER}/).",
)
@click.option(
    "--force", is_flag=True, help="Tạo lại cả biểu mẫu đã bị sửa; bản đang có được cất bên cạnh (.ban-sua-N.xlsx)."
)
@json_option
@click.pass_context
def export_command(
    ctx: click.Context,
    export_all: bool,
    units: tuple[str, ...],
    communes: bool,
    out_dir: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    from docgen.forms.exporting import export_forms

    ws = workspace(ctx)
    data = ws.load()
    chosen = _chosen(data, export_all, units, communes)
    target = Path(os.path.abspath(out_dir or ws.out_dir / FORMS_FOLDER))
    report = export_forms(data, chosen, target, force=force)
    kept = report.kept
    failure = (
        DocumentsFailed(
            f"Giữ nguyên {len(kept)} tệp đã bị sửa (có thể là biểu mẫu đơn vị đã điền); các biểu mẫu khác đã xong.",
            hint="nhập các tệp đó trước, hoặc chạy lại với --force để tạo lại (bản đang có được cất bên cạnh)",
            report=report.to_json(),
        )
        if kept
        else None
    )
    if as_json:
        if failure is not None:
            raise failure
        echo_json({"ok": True, **report.to_json()})
        return
    for form in report.forms:
        if form.status == "kept":
            click.echo(f"Giữ nguyên tệp đã bị sửa: {form.path} — dùng --force để tạo lại")
        elif form.status == "replaced":
            click.echo(f"Đã tạo lại {form.path}; tệp đã bị sửa được cất ở {form.copy}.")
    data_json = report.to_json()
    click.echo(
        f"{vn.number(len(report.forms))} biểu mẫu: {data_json['written']} đã tạo, {data_json['unchanged']} không đổi, "
        f"{len(kept)} giữ nguyên. Thư mục: {report.out_dir}"
    )
    if failure is not None:
        raise failure


@forms_group.command(
    name="import",
    cls=DocgenCommand,
    context_settings=CONTEXT,
    help="Nhập biểu mẫu Excel đơn vị đã điền (TỆP.xlsx, nhiều tệp được) vào data/units/<mã đơn vị>.yaml. "
    "Mỗi tệp nhập trọn vẹn hoặc không nhập gì: mọi lỗi của mọi tệp được nêu cùng lúc (trang, ô, cột, cách sửa); "
    "các tệp đúng vẫn được nhập. Nhập lại cùng tệp không thay đổi gì; biểu mẫu mới hơn của cùng đơn vị thay số "
    "liệu cũ (bản cũ được cất bên cạnh).",
)
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP...")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra và cho biết sẽ thêm, sửa, bỏ những gì; không ghi tệp nào.")
@click.option(
    "--force",
    is_flag=True,
    help="Chuyển số liệu của đơn vị đang nằm trong data/reports.yaml, data/candidates.yaml sang tệp của đơn vị "
    "(bản cũ các tệp đó được cất bên cạnh).",
)
@json_option
@click.pass_context
def import_command(ctx: click.Context, files: tuple[Path, ...], dry_run: bool, force: bool, as_json: bool) -> None:
    from docgen.forms.landing import import_forms

    ws = workspace(ctx)
    data = ws.load()
    report = import_forms(ws.root, ws.data_dir, data, files, force=force, dry_run=dry_run)
    refused = report.refused
    failure = (
        DocumentsFailed(
            f"{vn.number(len(refused))} biểu mẫu bị từ chối, chưa nhập gì từ các tệp đó"
            + ("; các tệp khác đã nhập." if len(refused) < len(report.forms) and not dry_run else "."),
            hint="sửa các ô được nêu trong biểu mẫu (hoặc lấy biểu mẫu đúng của đơn vị) rồi nhập lại",
            report=report.to_json(),
        )
        if refused
        else None
    )
    if as_json:
        if failure is not None:
            raise failure
        echo_json({"ok": True, **report.to_json()})
        return
    for item in report.forms:
        _show_import(item, dry_run)
    counts = report.to_json()
    verb = "sẽ nhập" if dry_run else "đã nhập"
    click.echo(
        f"{vn.number(len(report.forms))} biểu mẫu: {counts['would-import' if dry_run else 'imported']} {verb}, "
        f"{counts['unchanged']} không thay đổi, {counts['refused']} bị từ chối."
    )
    if failure is not None:
        raise failure


def _ids(label: str, ids: list[str]) -> str:
    shown = ", ".join(ids[:6]) + (f" và {len(ids) - 6} mục khác" if len(ids) > 6 else "")
    return f"{label} {len(ids)} ({shown})"


def _show_import(item: Landed, dry_run: bool) -> None:
    if item.status == "refused":
        click.echo(f"Không nhập {item.file}: {len(item.problems)} lỗi")
        for problem in item.problems:
            click.echo(f"  - {problem}")
        return
    if item.status == "unchanged":
        click.echo(f"{item.file}: không có gì thay đổi ({item.target} đã đúng như biểu mẫu).")
        return
    parts = [
        _ids(label, ids) for label, ids in (("thêm", item.added), ("sửa", item.changed), ("bỏ", item.removed)) if ids
    ]
    head = "Sẽ nhập" if dry_run else "Đã nhập"
    click.echo(f"{head} {item.file} → {item.target}: {'; '.join(parts) or 'không đổi số liệu'}.")
    if item.moved:
        click.echo(f"  {_ids('Chuyển khỏi tệp dùng chung', item.moved)}.")
    if item.hidden_rows:
        click.echo(f"  Có {item.hidden_rows} dòng đang ẩn trong Excel: vẫn được nhập như các dòng khác.")
    if item.kept:
        click.echo(f"  Bản cũ được cất ở: {', '.join(item.kept)}.")
