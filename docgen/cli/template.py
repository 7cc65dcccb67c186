"""``docgen template …``: the template author's commands. Parses, calls, presents."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.i18n import DocgenCommand, DocgenGroup, IntRange
from docgen.cli.options import (
    CANDIDATE,
    CONTEXT,
    FILE,
    KIND,
    KINDS_HELP,
    common_options,
    json_option,
    kind_argument,
    period_option,
    soffice_option,
    unit_option,
    workspace,
)
from docgen.cli.output import echo_json
from docgen.errors import UsageError
from docgen.kinds import KINDS


@click.group(name="template", cls=DocgenGroup, context_settings=CONTEXT)
def template_group() -> None:
    """Dành cho người soạn mẫu Word: xem các biến và bộ lọc mẫu dùng được, kiểm tra mẫu, xem trước văn bản
    tạo từ mẫu."""


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
    "--award",
    metavar="MÃ_HÌNH_THỨC",
    help="Mã hình thức khen thưởng (với quyết định khen thưởng), ví dụ bang-khen-chu-tich-ubnd-tinh.",
)
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
    award: str | None,
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
    ref = resolve(data, unit_id, kind, period, candidate, award)
    shown = make_preview(ws, data, ref, Path(output or "xem-truoc.png"), page=page, settings=settings)
    if shown.page is None:
        click.echo(f"Đã ghi {shown.path} ({shown.pages} trang).")
    else:
        click.echo(f"Đã ghi trang {shown.page}/{shown.pages} vào {shown.path}.")


@template_group.command(
    cls=DocgenCommand,
    context_settings=CONTEXT,
    help="Kiểm tra mẫu Word trước khi dùng: thẻ chưa đóng, khối {% for %}/{% if %} lệch, biến và bộ lọc không có, "
    "lỗi do Word tách thẻ, và thể thức theo Nghị định 30. Báo mọi lỗi cùng lúc, mỗi lỗi ở đoạn nào. "
    f"MẪU: loại văn bản ({KINDS_HELP}) hoặc tệp .docx; không ghi gì: mọi mẫu của thư mục làm việc.",
)
@common_options
@json_option
@click.argument("items", nargs=-1, metavar="[MẪU]...")
@click.option(
    "--as",
    "as_template",
    metavar="TÊN_MẪU",
    help="Kiểm tra tệp như mẫu TÊN_MẪU (ví dụ ke-hoach.docx) khi tên tệp khác tên mẫu.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Sửa những lỗi sửa được an toàn (gộp các đoạn chữ của một thẻ bị Word tách chỉ vì mã phiên sửa, ngôn ngữ "
    "hay dấu chính tả; đổi nháy cong trong thẻ thành nháy thẳng): hiện từng thay đổi, giữ bản cũ bên cạnh "
    "(.truoc-sua-N.docx), rồi kiểm tra lại.",
)
@click.pass_context
def check(ctx: click.Context, as_json: bool, items: tuple[str, ...], as_template: str | None, fix: bool) -> None:
    """Check templates (help text above)."""
    from docgen.build.template_fix import TemplateFix, fix_template
    from docgen.build.templates import check_files, resolve_targets
    from docgen.errors import DataError

    ws = workspace(ctx)
    targets = resolve_targets(ws, items, as_template=as_template)
    fixed: list[TemplateFix] = []
    if fix:
        fixed = [fix_template(path) for path, _ in targets if path.is_file()]
    try:
        data = ws.load()
        data_note = None
    except DataError as exc:
        data, data_note = None, f"Dữ liệu có {len(exc.problems)} lỗi nên chưa kiểm tra biến (chạy docgen validate)."
    results = check_files(targets, data)

    def shown(path: Path) -> str:
        try:
            return path.resolve().relative_to(ws.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    failing = [r for r in results if not r.ok]
    fixed = [f for f in fixed if f.changes]
    if as_json:
        echo_json(
            {
                "ok": not failing,
                "fixed": [
                    {"path": shown(f.path), "backup": shown(f.backup) if f.backup else None, "changes": list(f.changes)}
                    for f in fixed
                ],
                "variables_checked": data is not None,
                "templates": [
                    {
                        "template": r.name,
                        "path": shown(r.path),
                        "ok": r.ok,
                        "error": r.error,
                        "findings": [f.as_json() for f in r.findings],
                    }
                    for r in results
                ],
            }
        )
    else:
        for done in fixed:
            kept = f"; bản trước khi sửa: {shown(done.backup)}" if done.backup else ""
            click.echo(f"Đã sửa {shown(done.path)} ({len(done.changes)} thay đổi{kept}):")
            for change in done.changes:
                click.echo(f"  - {change}")
        for result in results:
            if result.error is not None:
                click.echo(f"{shown(result.path)}: {result.error}")
            elif not result.findings:
                click.echo(f"{shown(result.path)}: đạt.")
            else:
                click.echo(f"{shown(result.path)}: {len(result.findings)} lỗi")
                for finding in result.findings:
                    where = f"{finding.where}: " if finding.where else ""
                    click.echo(f"  - {where}{finding.described}")
        if data_note:
            click.echo(data_note)
        count = sum(len(r.findings) + (r.error is not None) for r in failing)
        if failing:
            click.echo(f"Có {count} lỗi trong {len(failing)}/{len(results)} mẫu.")
        else:
            click.echo(f"Cả {len(results)} mẫu đạt kiểm tra.")
    if failing or data_note:
        ctx.exit(1)


_VARIANTS = sorted({suffix for spec in KINDS.values() for suffix in spec.variants.values()})


@template_group.command(
    name="vars",
    cls=DocgenCommand,
    context_settings=CONTEXT,
    help="Liệt kê mọi biến, danh sách (và thuộc tính của từng phần tử) và bộ lọc mà mẫu loại LOẠI dùng được, "
    "với kiểu, ý nghĩa và ví dụ lấy từ dữ liệu thật: của đơn vị chọn bằng --unit, hoặc của một huyện tiêu biểu. "
    f"LOẠI: {KINDS_HELP}.",
)
@common_options
@click.argument("kind", required=False, metavar=f"[{KIND}]")
@click.option(
    "--variant",
    type=click.Choice(_VARIANTS),
    help="Chỉ một mẫu của loại văn bản có nhiều mẫu (báo cáo thành tích: ca-nhan hoặc tap-the); mặc định: mọi mẫu.",
)
@unit_option("Lấy ví dụ từ dữ liệu của đơn vị này, ví dụ huyen-huong-khe.")
@click.option(
    "--all",
    "every_kind",
    is_flag=True,
    help="Mọi loại văn bản; cùng --markdown là toàn bộ tệp docs/bien-mau.md.",
)
@json_option
@click.option("--markdown", is_flag=True, help="In dạng bảng Markdown, như trong docs/bien-mau.md.")
@click.pass_context
def variables(
    ctx: click.Context,
    kind: str | None,
    variant: str | None,
    unit_id: str | None,
    every_kind: bool,
    as_json: bool,
    markdown: bool,
) -> None:
    """List a kind's variables and filters with real examples (help text above)."""
    from docgen.docx import guide

    if as_json and markdown:
        raise UsageError("--json và --markdown không dùng cùng nhau: chọn một.")
    if every_kind and (kind or variant or unit_id):
        raise UsageError("--all (mọi loại văn bản) không đi cùng LOẠI, --variant hay --unit.")
    if not every_kind and not kind:
        raise UsageError("Cần chọn loại văn bản LOẠI, hoặc --all cho mọi loại.", hint=f"các loại: {KINDS_HELP}")
    if kind:
        guide.check_choice(kind, variant)
    data = workspace(ctx).load()
    if markdown and every_kind:
        click.echo(guide.bien_mau(data), nl=False)
        return
    shown = guide.guide(data, kind, variant=variant, unit=unit_id)
    if as_json:
        echo_json(guide.as_json(shown))
    else:
        click.echo(guide.as_markdown(shown) if markdown else guide.as_text(shown), nl=False)
