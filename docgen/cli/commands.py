"""``docgen init``, ``validate``, ``render`` and ``build``: parse, call the library, print.

Errors are raised, never printed here: ``docgen.cli.main`` turns every one into a message (or
the JSON of ``--json``) and an exit code.
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen import vn
from docgen.cli import encoding
from docgen.cli.i18n import DocgenCommand, IntRange
from docgen.cli.options import (
    CANDIDATE,
    CONTEXT,
    FOLDER,
    KINDS_HELP,
    NUMBER,
    common_options,
    issue_choice,
    issue_options,
    json_option,
    kind_argument,
    kind_option,
    output_file_option,
    period_option,
    soffice_option,
    unit_kind_option,
    unit_option,
    with_communes_option,
    workspace,
)
from docgen.cli.output import echo_json, err
from docgen.documents import selection
from docgen.errors import DataError, DocumentsFailed, Problem, UsageError
from docgen.register.issuing import is_numbered
from docgen.workspace import Workspace, init_workspace

# More documents than this converted alone (LibreOffice left them out of its batch) are worth a
# line of the summary: one bad document retried alone is normal and has its own error line.
LONE_NOTICE = 3

if TYPE_CHECKING:
    from docgen.build.run import BuildReport
    from docgen.data.model import Dataset


@click.command(cls=DocgenCommand, context_settings=CONTEXT)
@common_options
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), metavar=FOLDER)
def init(directory: Path) -> None:
    """Tạo thư mục làm việc mới THƯ_MỤC từ dữ liệu và mẫu có sẵn của docgen."""
    created = init_workspace(directory)
    for path in created:
        click.echo(f"Đã tạo {path}")
    click.echo(f"Xong. Kiểm tra dữ liệu: docgen -w {directory} validate")


@click.command(cls=DocgenCommand, context_settings=CONTEXT)
@common_options
@json_option
@click.option(
    "--fix-encoding",
    is_flag=True,
    help="Chuyển các chữ gõ bằng mã cũ (TCVN3, VNI) sang Unicode: hiện mọi thay đổi, ghi khi có --yes "
    "hoặc khi được xác nhận; bản cũ được giữ thành tệp .bak.",
)
@click.option("--yes", is_flag=True, help="Cùng --fix-encoding: ghi các thay đổi mà không hỏi lại.")
@click.pass_context
def validate(ctx: click.Context, as_json: bool, fix_encoding: bool, yes: bool) -> None:
    """Kiểm tra toàn bộ dữ liệu, báo mọi lỗi cùng lúc (tệp, dòng, trường, cách sửa)."""
    if yes and not fix_encoding:
        raise UsageError("--yes chỉ dùng cùng --fix-encoding", hint="docgen validate --fix-encoding --yes")
    if fix_encoding and as_json:
        raise UsageError("--fix-encoding không dùng cùng --json", hint="bỏ --json")
    if fix_encoding:
        encoding.fix_encoding(workspace(ctx), yes)
    data = _validated(workspace(ctx))
    units = sum(1 for u in data.units.values() if u.kind != "commune")
    # What is sample is what a document would use: entries say it one by one (reports,
    # candidates), the file's flag stands for the entries that do not.
    sample_reports = sum(1 for r in data.reports if data.report_is_sample(r))
    sample_candidates = sum(1 for c in data.candidates if data.candidate_is_sample(c))
    samples = {
        "reports": (_part("số liệu báo cáo", sample_reports, len(data.reports)), sample_reports > 0),
        "candidates": (
            _part("danh sách đề nghị khen thưởng", sample_candidates, len(data.candidates)),
            sample_candidates > 0,
        ),
        "directive": ("số và ngày văn bản chỉ đạo", data.campaign.directive.sample),
    }
    counts = {
        "units": units,
        "communes": len(data.units) - units,
        "movements": len(data.movements),
        "tasks": len(data.tasks),
        "reports": len(data.reports),
        "candidates": len(data.candidates),
    }
    if as_json:
        echo_json({"ok": True, **counts, "samples": [key for key, (_, flag) in samples.items() if flag]})
        return
    click.echo(
        f"Dữ liệu hợp lệ: {units} đơn vị, {counts['communes']} xã/phường/thị trấn, {counts['movements']} phong trào, "
        f"{counts['tasks']} nhiệm vụ, {counts['reports']} báo cáo số liệu, {counts['candidates']} đề nghị khen thưởng."
    )
    shown = [name for name, flag in samples.values() if flag]
    if shown:
        click.echo("Lưu ý: đang dùng dữ liệu mẫu cho " + ", ".join(shown) + ".")


def _validated(ws: Workspace) -> Dataset:
    """The data, once it and every template pass: all their problems at once otherwise."""
    from docgen.build.templates import template_problems

    try:
        data: Dataset | None = ws.load()
        problems: list[Problem] = []
    except DataError as exc:
        data, problems = None, list(exc.problems)
    problems += template_problems(ws, data)
    if problems or data is None:
        raise DataError(problems)
    return data


def _part(what: str, sample: int, total: int) -> str:
    """``số liệu báo cáo``, or ``số liệu báo cáo (3/504 mục)`` when only some entries are sample."""
    return what if sample == total else f"{what} ({sample}/{total} mục)"


@click.command(
    cls=DocgenCommand, context_settings=CONTEXT, help=f"Tạo một văn bản loại LOẠI của một đơn vị: {KINDS_HELP}."
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
@issue_options
@output_file_option("Tệp kết quả (.docx): một tệp mới, hoặc tệp docgen đã tạo; thư mục phải có sẵn.")
@click.option(
    "--force", is_flag=True, help="Ghi đè tệp đã bị sửa tay; bản đã sửa được cất bên cạnh (tên .ban-sua-N.docx)."
)
@click.pass_context
def render(
    ctx: click.Context,
    kind: str,
    unit_id: str,
    period: str | None,
    candidate: str | None,
    award: str | None,
    issue: bool,
    issue_date: datetime | None,
    reissue: bool,
    allow_sample: bool,
    output: Path | None,
    force: bool,
) -> None:
    """Render one document (help text above: the kinds come from docgen.kinds)."""
    from docgen.build.guard import writes_in, writing
    from docgen.build.single import write_one  # docx machinery only when rendering
    from docgen.build.templates import refuse_for
    from docgen.documents.plan import resolve

    ws = workspace(ctx)
    data = ws.load()
    ref = resolve(data, unit_id, kind, period, candidate, award)
    refuse_for(ws, data, [ref])
    options = issue_choice(issue, issue_date, reissue, allow_sample)
    with writing(ws.root, ws.out_dir, options, lock=writes_in(ws.out_dir, output)) as register:
        written = write_one(ws, data, ref, output, register=register, options=options, force=force)
    if written.kept is not None and written.damaged:
        click.echo(f"Tệp {written.path} bị hỏng (không mở được bằng Word): đã cất thành {written.kept} và tạo lại.")
    elif written.kept is not None:
        click.echo(f"Đã cất bản đã sửa tay {written.path} thành {written.kept}.")
    if written.voided is not None:
        click.echo(f"Đã hủy số {written.voided.number_symbol} (nội dung đã thay đổi).")
    if written.record is None:
        what = "bản dự thảo chưa cấp số" if is_numbered(data, ref.kind) else "văn bản kèm theo, không đánh số"
        click.echo(f"Đã tạo {written.path} ({ref.id}, {what})")
    else:
        record = written.record
        how = "cấp số mới" if written.new_number else "số đã cấp"
        click.echo(f"Đã tạo {written.path} ({ref.id}, {how} {record.number_symbol} ngày {vn.short_date(record.date)})")


@click.command(cls=DocgenCommand, context_settings=CONTEXT)
@common_options
@click.option("--all", "build_all", is_flag=True, help="Mọi văn bản của mọi đơn vị có lập văn bản.")
@unit_option("Chỉ đơn vị này, ví dụ huyen-duc-tho (lặp lại được).", multiple=True)
@kind_option
@unit_kind_option("Chỉ loại đơn vị này.")
@with_communes_option
@period_option("Chỉ kỳ báo cáo này: 2023-h1, 2023 (lặp lại được).", multiple=True)
@click.option("--communes", is_flag=True, help="Gồm cả 216 xã, phường, thị trấn (kế hoạch và báo cáo).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar=FOLDER,
    help="Thư mục kết quả (mặc định out/).",
)
@click.option(
    "--jobs", type=IntRange(1, 64), metavar=NUMBER, help="Số tiến trình chạy song song (mặc định: số lõi CPU)."
)
@click.option("--force", is_flag=True, help="Tạo lại mọi văn bản; tệp đã bị sửa tay được giữ lại bên cạnh.")
@issue_options
@click.option(
    "--pdf", "want_pdf", is_flag=True, help="Chuyển mọi văn bản sang PDF bằng LibreOffice và gộp out/<mã đơn vị>.pdf."
)
@soffice_option("; kèm theo --pdf")
@json_option
@click.pass_context
def build(
    ctx: click.Context,
    build_all: bool,
    units: tuple[str, ...],
    kinds: tuple[str, ...],
    unit_kinds: tuple[str, ...],
    with_communes: bool,
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
    from docgen.build.guard import writing
    from docgen.build.pdfs import PdfSettings
    from docgen.build.run import run_build
    from docgen.build.templates import refuse_for
    from docgen.documents.plan import plan

    if not (build_all or units or kinds or unit_kinds or periods or communes or with_communes):
        raise UsageError(
            "Chọn --all, hoặc thu hẹp bằng --unit, --kind, --unit-kind, --period, --communes.",
            hint="xem `docgen build --help`",
        )
    if communes and with_communes:
        raise UsageError(
            "--communes (mọi xã, phường, thị trấn) và --with-communes (xã của đơn vị đã chọn) không dùng cùng nhau."
        )
    if soffice is not None and not want_pdf:
        raise UsageError("--soffice chỉ dùng kèm --pdf.")
    # LibreOffice is looked for first: without it --pdf stops before anything is written.
    pdf = PdfSettings.locate(soffice, jobs=jobs or 0) if want_pdf else None
    ws = workspace(ctx)
    data = ws.load()
    if with_communes:
        units, unit_kinds = tuple(selection.with_communes(data, units=units, unit_kinds=unit_kinds)), ()
    refs = plan(data, units=units, kinds=kinds, unit_kinds=unit_kinds, periods=periods, communes=communes, strict=True)
    if not refs:
        raise UsageError(
            "Lựa chọn này không có văn bản nào để tạo (ví dụ UBND tỉnh và các tổ chức đoàn thể không lập văn bản, "
            "xã không lập quyết định).",
            hint="xem `docgen list units`",
        )
    bar = click.progressbar(
        length=len(refs),
        label="Đang tạo văn bản",
        file=sys.stderr,
        item_show_func=lambda unit: unit or "",
        show_pos=True,
    )
    show = not as_json and sys.stderr.isatty()
    options = issue_choice(issue, issue_date, reissue, allow_sample)
    target = Path(os.path.abspath(out_dir or ws.out_dir))
    refuse_for(ws, data, refs)  # before the lock: a failing template writes nothing at all
    with writing(ws.root, target, options) as register, bar if show else contextlib.nullcontext(bar):
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
        if not report.ok:
            raise _failed(report)
        echo_json({"ok": True, **report.to_json()})
        return
    for warning in report.warnings:
        err(f"Cảnh báo: {warning}")
    for doc_id, error in [*report.failures, *report.pdf_failures]:
        err(f"LỖI {doc_id}: {error.removeprefix(f'{doc_id}: ')}")
    for doc_id, number in report.voided:
        click.echo(f"Đã hủy số {number} của {doc_id} (nội dung đã thay đổi)")
    for doc_id, number, day in report.issued:
        click.echo(f"Cấp số {number} ngày {vn.short_date(day)}: {doc_id}")
    for path, copy in report.stamped:
        click.echo(f"Đã ghi số, ngày vào bản đã sửa tay {path}; bản trước khi ghi số được giữ ở {copy}.")
    for path in report.issued_edits:
        click.echo(f"Giữ nguyên bản đã sửa tay đã cấp số: {path} — tạo lại từ dữ liệu cần số mới: --reissue")
    for path, kept in report.set_aside:
        click.echo(f"Đã tạo lại {path} từ dữ liệu; bản đã sửa tay đã cấp số trước đây được giữ ở {kept}.")
    for path in report.edited:
        if force:
            click.echo(f"Đã tạo lại {path}; bản đã sửa tay được cất bên cạnh (.ban-sua-N).")
        else:
            click.echo(f"Giữ nguyên tệp đã sửa tay: {path} — dùng --force để tạo lại")
    for path, kept in report.damaged:
        click.echo(f"Tệp {path} bị hỏng (không mở được bằng Word), đã tạo lại; bản hỏng giữ ở {kept}.")
    for path in report.unpacked:
        click.echo(f"Không đưa vào gói ZIP: {path} (không phải văn bản docgen tạo ra)")
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
        lone = sum(report.pdf_lone.values())
        if lone > LONE_NOTICE:
            reasons = "; ".join(f"{reason} ({vn.number(count)})" for reason, count in report.pdf_lone.items())
            click.echo(
                f"PDF: {vn.number(lone)} văn bản LibreOffice bỏ sót khi chuyển theo lô, đã chuyển lại riêng "
                f"từng văn bản (mỗi văn bản thêm khoảng 1 giây): {reasons}."
            )
    if not report.ok:
        raise _failed(report)


def _failed(report: BuildReport) -> DocumentsFailed:
    failed = [f"{report.failed} văn bản"] if report.failed else []
    failed += [f"{len(report.pdf_failures)} tệp PDF"] if report.pdf_failures else []
    return DocumentsFailed(
        f"Không tạo được {' và '.join(failed)}; các văn bản khác đã xong.",
        hint=f"lỗi của từng văn bản có trong {report.out_dir / 'manifest.json'}",
        report=report.to_json(),
    )
