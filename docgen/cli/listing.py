"""``docgen list units`` and ``docgen list movements``: what the workspace holds, as lines or JSON."""

from __future__ import annotations

import click

from docgen.cli.i18n import DocgenGroup
from docgen.cli.options import (
    CONTEXT,
    common_options,
    json_option,
    unit_kind_option,
    unit_option,
    with_communes_option,
    workspace,
)
from docgen.cli.output import echo_json
from docgen.documents import selection
from docgen.documents.listing import KIND_LABELS, movement_rows, unit_rows
from docgen.errors import UsageError


@click.group(name="list", cls=DocgenGroup, context_settings=CONTEXT)
@common_options
def list_group() -> None:
    """Liệt kê đơn vị hoặc phong trào có trong dữ liệu."""


@list_group.command(name="units", context_settings=CONTEXT)
@common_options
@unit_option("Chỉ đơn vị này, ví dụ huyen-duc-tho (lặp lại được).", multiple=True)
@unit_kind_option("Chỉ loại đơn vị này.")
@with_communes_option
@click.option("--communes", is_flag=True, help="Gồm cả 216 xã, phường, thị trấn.")
@json_option
@click.pass_context
def list_units(
    ctx: click.Context,
    units: tuple[str, ...],
    unit_kinds: tuple[str, ...],
    with_communes: bool,
    communes: bool,
    as_json: bool,
) -> None:
    """Liệt kê các đơn vị (mã, loại, tên)."""
    if communes and with_communes:
        raise UsageError(
            "--communes (mọi xã, phường, thị trấn) và --with-communes (xã của đơn vị đã chọn) không dùng cùng nhau."
        )
    data = workspace(ctx).load()
    if with_communes:
        units, unit_kinds = tuple(selection.with_communes(data, units=units, unit_kinds=unit_kinds)), ()
    selection.check_units(data, units)
    # A unit named by its id is listed even if it is a commune.
    rows = unit_rows(data, unit_kinds=unit_kinds, communes=communes or bool(units))
    if units:
        rows = [row for row in rows if row["id"] in units]
    if not rows:
        raise UsageError("Lựa chọn này không có đơn vị nào.", hint="bỏ bớt --unit hoặc --unit-kind")
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:<52} {KIND_LABELS[str(row['kind'])]:<26} {row['name']}")
    click.echo(f"Tổng: {len(rows)} đơn vị.")


@list_group.command(name="movements", context_settings=CONTEXT)
@common_options
@unit_kind_option("Chỉ phong trào mà loại đơn vị này thực hiện.")
@json_option
@click.pass_context
def list_movements(ctx: click.Context, unit_kinds: tuple[str, ...], as_json: bool) -> None:
    """Liệt kê các phong trào thi đua."""
    rows = movement_rows(workspace(ctx).load(), unit_kinds=unit_kinds)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:<24} {row['name']}")
    click.echo(f"Tổng: {len(rows)} phong trào.")
