"""The ``docgen`` command: parses options, calls the library, prints. Nothing else.

``main`` is the one place where errors become messages and exit codes:
0 success, 1 bad input or failed work, 2 usage error. A traceback is shown only with
``--debug``.
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen import __version__, vn
from docgen.cli import i18n as cli_i18n
from docgen.cli.register import DATE_FORMATS, make_register_group
from docgen.data.model import DOC_KINDS, UNIT_KINDS
from docgen.documents.listing import KIND_LABELS, movement_rows, unit_rows
from docgen.errors import DataError, DocgenError
from docgen.register.issuing import IssueOptions, is_numbered, opened_register
from docgen.workspace import ENV_VAR, Workspace, init_workspace

F = TypeVar("F", bound=Callable[..., Any])

cli_i18n.install()
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    # -w and --debug are accepted before or after the subcommand: whichever is given wins.
    if value not in (None, False):
        ctx.ensure_object(dict)[param.name] = value
        root = ctx.find_root()
        root.ensure_object(dict)[param.name] = value
    return value


def common_options(func: F) -> F:
    func = click.option(
        "-w",
        "--workspace",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        is_eager=True,
        callback=_remember,
        help=f"Thư mục làm việc (mặc định: biến {ENV_VAR} hoặc thư mục hiện tại).",
    )(func)
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember,
        help="Hiện chi tiết kỹ thuật của lỗi (cho bộ phận kỹ thuật).",
    )(func)


def unit_kind_option(help_text: str) -> Callable[[F], F]:
    return click.option("--unit-kind", "unit_kinds", multiple=True, type=click.Choice(UNIT_KINDS), help=help_text)


json_option = click.option("--json", "as_json", is_flag=True, help="In dạng JSON (cho máy đọc).")


def issue_options(func: F) -> F:
    """--issue, --date, --reissue, --allow-sample: shared by ``render`` and ``build``."""
    for option in reversed(
        (
            click.option(
                "--issue",
                is_flag=True,
                help="Cấp số chính thức từ sổ đăng ký văn bản đi cho văn bản chưa có số "
                "(mặc định: bản dự thảo «Số:      /...»). Văn bản đã cấp số luôn giữ số cũ.",
            ),
            click.option(
                "--date",
                "issue_date",
                type=click.DateTime(formats=DATE_FORMATS),
                help="Ngày ban hành khi cấp số (mặc định: hôm nay); không cấp số thì là ngày ghi trên bản "
                "dự thảo. Viết 2023-07-12 hoặc 12/07/2023.",
            ),
            click.option(
                "--reissue",
                is_flag=True,
                help="Với văn bản đã cấp số mà nội dung đã thay đổi: hủy số cũ (vẫn lưu trong sổ) và cấp số mới.",
            ),
            click.option(
                "--allow-sample",
                is_flag=True,
                help="Cho phép cấp số cho văn bản có dữ liệu mẫu — chỉ dùng để tập huấn, kiểm thử.",
            ),
        )
    ):
        func = option(func)
    return func


def _issue_choice(issue: bool, issue_date: datetime | None, reissue: bool, allow_sample: bool) -> IssueOptions:
    return IssueOptions(
        issue=issue, date=issue_date.date() if issue_date else None, reissue=reissue, allow_sample=allow_sample
    )


def _workspace(ctx: click.Context) -> Workspace:
    return Workspace.open(ctx.find_root().ensure_object(dict).get("workspace"))


class DocgenGroup(click.Group):
    """The root group: in standalone use (console script, CliRunner) every error goes
    through ``_guarded`` so exit codes and messages are the same everywhere."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        sys.exit(
            _guarded(
                lambda: super(DocgenGroup, self).main(argv, prog_name or "docgen", complete_var, False, **extra),
                debug="--debug" in argv,
            )
        )


@click.group(cls=DocgenGroup, context_settings=CONTEXT)
@common_options
@click.version_option(__version__, "-V", "--version", prog_name="docgen")
def cli() -> None:
    """docgen — soạn văn bản phong trào thi đua năm 2023 của tỉnh Hà Tĩnh theo Nghị định 30/2020/NĐ-CP.

    Dữ liệu nằm trong data/*.yaml của thư mục làm việc; mẫu Word trong templates/docx/.
    """


@cli.command(context_settings=CONTEXT)
@common_options
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Tạo thư mục làm việc mới DIRECTORY từ dữ liệu và mẫu có sẵn của docgen."""
    created = init_workspace(directory)
    for path in created:
        click.echo(f"Đã tạo {path}")
    click.echo(f"Xong. Kiểm tra dữ liệu: docgen -w {directory} validate")


@cli.command(context_settings=CONTEXT)
@common_options
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Kiểm tra toàn bộ dữ liệu, báo mọi lỗi cùng lúc (tệp, dòng, trường, cách sửa)."""
    data = _workspace(ctx).load()
    units = [u for u in data.units.values() if u.kind != "commune"]
    communes = len(data.units) - len(units)
    click.echo(
        f"Dữ liệu hợp lệ: {len(units)} đơn vị, {communes} xã/phường/thị trấn, {len(data.movements)} phong trào, "
        f"{len(data.tasks)} nhiệm vụ, {len(data.reports)} báo cáo số liệu, {len(data.candidates)} đề nghị khen thưởng."
    )
    samples = [
        name
        for name, flag in (
            ("số liệu báo cáo", data.reports_sample),
            ("danh sách đề nghị khen thưởng", data.candidates_sample),
            ("số và ngày văn bản chỉ đạo", data.campaign.directive.sample),
        )
        if flag
    ]
    if samples:
        click.echo("Lưu ý: đang dùng dữ liệu mẫu cho " + ", ".join(samples) + ".")


@cli.command(context_settings=CONTEXT)
@common_options
@click.argument("kind", type=click.Choice(DOC_KINDS))
@click.option("--unit", "unit_id", required=True, help="Mã đơn vị, ví dụ huyen-huong-khe.")
@click.option("--period", help="Kỳ báo cáo (với báo cáo): 2023-h1 hoặc 2023.")
@click.option("--candidate", help="Mã ứng viên (với báo cáo thành tích).")
@issue_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Tệp kết quả (.docx).")
@click.pass_context
def render(
    ctx: click.Context,
    kind: str,
    unit_id: str,
    period: str | None,
    candidate: str | None,
    issue: bool,
    issue_date: datetime | None,
    reissue: bool,
    allow_sample: bool,
    output: Path | None,
) -> None:
    """Tạo một văn bản loại KIND của một đơn vị."""
    from docgen.build.single import write_one  # docx machinery only when rendering
    from docgen.documents.plan import resolve

    ws = _workspace(ctx)
    data = ws.load()
    ref = resolve(data, unit_id, kind, period, candidate)
    options = _issue_choice(issue, issue_date, reissue, allow_sample)
    with opened_register(ws.root, options) as register:
        written = write_one(ws, data, ref, output, register=register, options=options)
    if written.voided is not None:
        click.echo(f"Đã hủy số {written.voided.number_symbol} (nội dung đã thay đổi).")
    if written.record is None:
        what = "bản dự thảo chưa cấp số" if is_numbered(data, ref.kind) else "văn bản kèm theo, không đánh số"
        click.echo(f"Đã tạo {written.path} ({ref.id}, {what})")
    else:
        record = written.record
        how = "cấp số mới" if written.new_number else "số đã cấp"
        click.echo(f"Đã tạo {written.path} ({ref.id}, {how} {record.number_symbol} ngày {vn.short_date(record.date)})")


@cli.command(context_settings=CONTEXT)
@common_options
@click.option("--all", "build_all", is_flag=True, help="Mọi văn bản của mọi đơn vị có lập văn bản.")
@click.option("--unit", "units", multiple=True, help="Chỉ đơn vị này (lặp lại được).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(DOC_KINDS), help="Chỉ loại văn bản này.")
@unit_kind_option("Chỉ loại đơn vị này: district, town, city, department... (lặp lại được).")
@click.option("--period", "periods", multiple=True, help="Chỉ kỳ báo cáo này: 2023-h1, 2023.")
@click.option("--communes", is_flag=True, help="Gồm cả 216 xã, phường, thị trấn (kế hoạch và báo cáo).")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Thư mục kết quả (mặc định out/)."
)
@click.option("--jobs", type=click.IntRange(1, 64), help="Số tiến trình chạy song song (mặc định: số lõi CPU).")
@click.option("--force", is_flag=True, help="Tạo lại mọi văn bản; tệp đã bị sửa tay được giữ lại bên cạnh.")
@issue_options
@click.option(
    "--pdf", "want_pdf", is_flag=True, help="Chuyển mọi văn bản sang PDF bằng LibreOffice và gộp out/<mã đơn vị>.pdf."
)
@click.option(
    "--soffice",
    type=click.Path(path_type=Path),
    help="Đường dẫn chương trình LibreOffice (soffice/soffice.exe) nếu không tự tìm thấy; kèm theo --pdf.",
)
@json_option
@click.pass_context
def build(
    ctx: click.Context,
    build_all: bool,
    units: tuple[str, ...],
    kinds: tuple[str, ...],
    unit_kinds: tuple[str, ...],
    periods: tuple[str, ...],
    communes: bool,
    out_dir: Path | None,
    jobs: int | None,
    force: bool,
    issue: bool,
    issue_date: datetime | None,
    reissue: bool,
    allow_sample: bool,
    want_pdf: bool,
    soffice: Path | None,
    as_json: bool,
) -> None:
    """Tạo hàng loạt văn bản (DOCX), gói ZIP cho từng đơn vị và out/manifest.json; với --pdf cả PDF."""
    from docgen.build.pdfs import PdfSettings
    from docgen.build.run import run_build
    from docgen.documents.plan import plan

    if not (build_all or units or kinds or unit_kinds or periods or communes):
        raise click.UsageError("Chọn --all, hoặc thu hẹp bằng --unit, --kind, --unit-kind, --period, --communes.")
    if soffice is not None and not want_pdf:
        raise click.UsageError("--soffice chỉ dùng kèm --pdf.")
    # LibreOffice is looked for first: without it --pdf stops before anything is written.
    pdf = PdfSettings.locate(soffice, jobs=jobs or 0) if want_pdf else None
    ws = _workspace(ctx)
    data = ws.load()
    refs = plan(data, units=units, kinds=kinds, unit_kinds=unit_kinds, periods=periods, communes=communes, strict=True)
    if not refs:
        raise click.UsageError(
            "Lựa chọn này không có văn bản nào để tạo (ví dụ UBND tỉnh và các tổ chức đoàn thể không lập văn bản, "
            "xã không lập quyết định). Xem `docgen list units`."
        )
    bar = click.progressbar(
        length=len(refs),
        label="Đang tạo văn bản",
        file=sys.stderr,
        item_show_func=lambda unit: unit or "",
        show_pos=True,
    )
    show = not as_json and sys.stderr.isatty()
    options = _issue_choice(issue, issue_date, reissue, allow_sample)
    with opened_register(ws.root, options) as register, bar if show else contextlib.nullcontext(bar):
        report = run_build(
            ws,
            data,
            refs,
            out_dir=out_dir,
            jobs=jobs or 0,
            force=force,
            progress=(lambda ref, status: bar.update(1, ref.unit)) if show else None,
            register=register,
            options=options,
            pdf=pdf,
        )
    if as_json:
        _echo_json(report.to_json())
    else:
        for doc_id, error in [*report.failures, *report.pdf_failures]:
            _err(f"LỖI {doc_id}: {error.removeprefix(f'{doc_id}: ')}")
        for doc_id, number in report.voided:
            click.echo(f"Đã hủy số {number} của {doc_id} (nội dung đã thay đổi)")
        for doc_id, number, day in report.issued:
            click.echo(f"Cấp số {number} ngày {vn.short_date(day)}: {doc_id}")
        for path in report.edited:
            if force:
                click.echo(f"Đã tạo lại {path}; bản đã sửa tay được cất bên cạnh (.ban-sua-N).")
            else:
                click.echo(f"Giữ nguyên tệp đã sửa tay: {path} — dùng --force để tạo lại")
        click.echo(
            f"{report.units} đơn vị: {report.built} văn bản đã tạo, {report.skipped} không đổi, "
            f"{report.failed} lỗi; {report.packs} gói ZIP; {vn.number(report.seconds, 1)} giây. "
            f"Kết quả: {report.out_dir}"
        )
        if pdf is not None:
            click.echo(
                f"PDF: {report.pdf_converted} văn bản đã chuyển, {report.pdf_current} không đổi, "
                f"{len(report.pdf_failures)} lỗi; {report.pdf_packs} tệp PDF gộp của đơn vị."
            )
    if not report.ok:
        ctx.exit(1)


cli.add_command(make_register_group(common_options, _workspace))


@cli.group(name="list", context_settings=CONTEXT)
@common_options
def list_group() -> None:
    """Liệt kê đơn vị hoặc phong trào có trong dữ liệu."""


@list_group.command(name="units", context_settings=CONTEXT)
@common_options
@unit_kind_option("Chỉ loại đơn vị này (lặp lại được).")
@click.option("--communes", is_flag=True, help="Gồm cả 216 xã, phường, thị trấn.")
@json_option
@click.pass_context
def list_units(ctx: click.Context, unit_kinds: tuple[str, ...], communes: bool, as_json: bool) -> None:
    """Liệt kê các đơn vị."""
    rows = unit_rows(_workspace(ctx).load(), unit_kinds=unit_kinds, communes=communes)
    if as_json:
        _echo_json(rows)
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
    rows = movement_rows(_workspace(ctx).load(), unit_kinds=unit_kinds)
    if as_json:
        _echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:<24} {row['name']}")
    click.echo(f"Tổng: {len(rows)} phong trào.")


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _utf8_console() -> None:
    # Windows consoles and redirected output default to a legacy code page.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def _err(text: str) -> None:
    click.echo(text, err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``docgen`` with ``argv``; returns the exit code instead of exiting."""
    args = list(sys.argv[1:] if argv is None else argv)
    return _guarded(lambda: cli.main(args, "docgen", None, False), debug="--debug" in args)


def _guarded(call: Callable[[], Any], *, debug: bool) -> int:
    """Run one CLI invocation: errors become a Vietnamese message and an exit code."""
    _utf8_console()
    try:
        result = call()
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        _err("Đã hủy.")
        return 1
    except click.ClickException as exc:
        exc.show()
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except DataError as exc:
        for problem in exc.problems:
            _err(str(problem))
        _err(f"Có {len(exc.problems)} lỗi trong dữ liệu. Sửa các lỗi trên rồi chạy lại `docgen validate`.")
        if debug:
            traceback.print_exc()
        return exc.exit_code
    except DocgenError as exc:
        _err(f"Lỗi: {exc}")
        if debug:
            traceback.print_exc()
        return exc.exit_code
    except KeyboardInterrupt:
        _err("Đã dừng theo yêu cầu.")
        return 1
    except Exception as exc:  # a bug in docgen: never a bare traceback for a clerk
        if debug:
            traceback.print_exc()
        _err(f"Lỗi không mong đợi trong docgen: {type(exc).__name__}: {exc}")
        _err("Chạy lại với --debug để xem chi tiết và gửi cho bộ phận kỹ thuật.")
        return 1


def run() -> None:
    """Console-script entry point."""
    cli.main()


if __name__ == "__main__":
    run()
