"""``docgen validate --fix-encoding``: show every legacy-encoded value and its conversion, then
write them (with ``--yes``, or when the clerk confirms on a terminal), keeping a ``.bak`` copy.

The one way docgen rewrites a data file; it is asked for, never done by itself.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from docgen.cli.output import err
from docgen.data.load import data_files
from docgen.vn.legacy import legacy_words
from docgen.workspace import Workspace

if TYPE_CHECKING:
    from docgen.data.fixing import FileFix

_FONTS = {"tcvn3": "TCVN3", "vni": "VNI"}


def _interactive() -> bool:
    """Whether a person can answer a question (stdin is a terminal)."""
    return sys.stdin is not None and sys.stdin.isatty()


def _show(plans: list[FileFix]) -> None:
    for plan in plans:
        for fix in plan.fixes:
            encoding = _FONTS[fix.found.encoding]
            click.echo(f"{fix.file}:{fix.line}: {fix.field}: chữ mã cũ {encoding}: {legacy_words(fix.found)}")
            if fix.block:
                click.echo("  Khối văn bản (| hoặc >): docgen không tự sửa; dán đoạn sau thay cho nội dung cũ:")
                click.echo("\n".join("    " + line for line in fix.new.split("\n")))
            else:
                click.echo(f"  - «{fix.old}»")
                click.echo(f"  + «{fix.new}»")


def fix_encoding(ws: Workspace, yes: bool) -> None:
    """Show, then (if allowed) write every conversion; ``click.exceptions.Exit(1)`` when the
    clerk declines or was not asked (no terminal, no ``--yes``)."""
    from docgen.data.fixing import apply_fix, plan_fixes  # only when asked: not on every command's start

    plans = plan_fixes(ws.data_dir, data_files(ws.data_dir))
    if not plans:
        click.echo("Không có chữ nào gõ bằng mã cũ (TCVN3, VNI) cần chuyển sang Unicode.")
        return
    _show(plans)
    writable = [plan for plan in plans if plan.written]
    if not writable:
        return
    count = sum(len(plan.written) for plan in writable)
    if not yes:
        if not _interactive():
            err(f"Chưa ghi gì. Thêm --yes để ghi {count} thay đổi trên (bản cũ của mỗi tệp được giữ thành tệp .bak).")
            raise click.exceptions.Exit(1)
        if not click.confirm(f"Ghi {count} thay đổi trên vào tệp dữ liệu?", default=False):
            err("Chưa ghi gì.")
            raise click.exceptions.Exit(1)
    for plan in writable:
        backup = apply_fix(plan)
        click.echo(f"Đã sửa {len(plan.written)} giá trị trong {plan.label}; bản cũ giữ ở {backup.name}.")
