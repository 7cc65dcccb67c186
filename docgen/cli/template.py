"""``docgen template …``: the template author's commands. Parses, calls, presents."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.i18n import DocgenCommand, DocgenGroup, IntRange
from docgen.cli.options import (
    CANDIDATE,
    CONTEXT,
    FILE,
    KINDS_HELP,
    common_options,
    kind_argument,
    period_option,
    soffice_option,
    unit_option,
    workspace,
)


@click.group(name="template", cls=DocgenGroup, context_settings=CONTEXT)
def template_group() -> None:
    """Dành cho người soạn mẫu Word: xem trước văn bản tạo từ mẫu."""


@template_group.command(
    cls=DocgenCommand,
    context_settings=CONTEXT,
    help="Xem trước một văn bản loại LOẠI tạo từ mẫu và dữ liệu hiện có: LibreOffice chuyển sang PDF, "
    f"rồi ghi một trang thành ảnh PNG (hoặc cả tệp PDF). Không cấp số, không ghi gì vào out/. LOẠI: {KINDS_HELP}.",
)
@common_options
@kind_argument
@unit_option("Mã đơn vị, ví dụ huyen-huong-khe.", required=True)
@period_option("Kỳ báo cáo (với báo cáo): 2023-h1 hoặc 2023.")
@click.option("--candidate", metavar=CANDIDATE, help="Mã ứng viên (với báo cáo thành tích), ví dụ huyen-huong-khe-1.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar=FILE,
    help="Tệp ảnh .png (một trang) hoặc .pdf (cả văn bản); mặc định xem-truoc.png trong thư mục hiện tại.",
)
@click.option("--page", type=IntRange(min=1), default=1, show_default=True, help="Trang ghi thành ảnh PNG.")
@soffice_option()
@click.pass_context
def preview(
    ctx: click.Context,
    kind: str,
    unit_id: str,
    period: str | None,
    candidate: str | None,
    output: Path | None,
    page: int,
    soffice: Path | None,
) -> None:
    """Render, convert and show one page (help text above)."""
    from docgen.build.pdfs import PdfSettings
    from docgen.build.preview import preview as make_preview
    from docgen.documents.plan import resolve

    ws = workspace(ctx)
    settings = PdfSettings.locate(soffice, jobs=1)
    data = ws.load()
    ref = resolve(data, unit_id, kind, period, candidate)
    shown = make_preview(ws, data, ref, Path(output or "xem-truoc.png"), page=page, settings=settings)
    if shown.page is None:
        click.echo(f"Đã ghi {shown.path} ({shown.pages} trang).")
    else:
        click.echo(f"Đã ghi trang {shown.page}/{shown.pages} vào {shown.path}.")
