"""The ``docgen`` root group, its entry points, and the one place where errors become messages
and exit codes.

Exit codes are carried by the exceptions (``exit_code``: 0 success, 1 bad input or failed
documents, 2 usage) and applied only by :func:`_guarded`. With ``--json`` (or ``register list
--format json``) a failure is written as JSON on stdout (``docgen.cli.output``); otherwise as
Vietnamese lines on stderr. A traceback is shown only with ``--debug``. Click speaks
Vietnamese for the duration of each invocation only (``docgen.cli.i18n``).
"""

from __future__ import annotations

import contextlib
import itertools
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

import click

from docgen import __version__
from docgen.cli import i18n
from docgen.cli.commands import build, init, render, validate
from docgen.cli.forms import forms_group
from docgen.cli.listing import list_group
from docgen.cli.options import CONTEXT, common_options
from docgen.cli.output import echo_json, err, error_json
from docgen.cli.register import register_group
from docgen.cli.review import review_command
from docgen.cli.template import template_group
from docgen.errors import DataError, DocgenError, DocumentsFailed, Problem

__all__ = ["cli", "main", "run"]

STOPPED = "Đã dừng theo yêu cầu; các văn bản đã tạo xong được giữ, chạy lại lệnh để làm tiếp."


# Commands of a later stage, loaded by name only when asked for (``docgen serve`` imports the
# web stack): the CLI stage does not depend on the web stage, and ``docgen build`` or ``docgen
# --help`` (which lists them with the line below) never loads Flask.
LAZY_COMMANDS = {"serve": "docgen.web.cli"}
LAZY_HELP = {"serve": "Mở trang web cho văn thư: xem, tải, tạo lại văn bản, cấp số, gửi biểu mẫu."}


class Docgen(i18n.DocgenGroup):
    """The root group. Standalone (console script, ``python -m docgen``, CliRunner) every
    invocation goes through :func:`_guarded`; either way Click's texts are Vietnamese for its
    duration and English again after it."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            with i18n.vietnamese():
                return super().main(argv, prog_name or "docgen", complete_var, False, **extra)
        sys.exit(self.guarded(argv, prog_name, complete_var, **extra))

    def guarded(
        self, argv: Sequence[str], prog_name: str | None = None, complete_var: str | None = None, **extra: Any
    ) -> int:
        """Run one invocation; its exit code, never an exception."""
        args = list(argv)

        def call() -> Any:
            return super(Docgen, self).main(args, prog_name or "docgen", complete_var, False, **extra)

        with i18n.vietnamese():
            return _guarded(call, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ctx.meta["docgen.listing"] = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            ctx.meta["docgen.listing"] = False

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = LAZY_COMMANDS.get(cmd_name)
        if module is None:
            return super().get_command(ctx, cmd_name)
        if ctx.meta.get("docgen.listing"):  # the list of commands only needs its line
            return click.Command(cmd_name, short_help=LAZY_HELP[cmd_name])
        import importlib

        found = getattr(importlib.import_module(module), cmd_name)
        assert isinstance(found, click.Command)
        return found


@click.group(name="docgen", cls=Docgen, context_settings=CONTEXT)
@common_options
@click.version_option(
    __version__,
    "-V",
    "--version",
    prog_name="docgen",
    message="%(prog)s, phiên bản %(version)s",
    help="Hiện phiên bản rồi thoát.",
)
def cli() -> None:
    """docgen — soạn văn bản phong trào thi đua năm 2023 của tỉnh Hà Tĩnh theo Nghị định 30/2020/NĐ-CP.

    Dữ liệu nằm trong data/*.yaml của thư mục làm việc; mẫu Word trong templates/docx/.
    """


for _command in (
    init,
    validate,
    render,
    build,
    register_group,
    forms_group,
    list_group,
    template_group,
    review_command,
):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``docgen`` with ``argv``; returns the exit code instead of exiting."""
    return cli.guarded(list(sys.argv[1:] if argv is None else argv))


def run() -> NoReturn:
    """Console-script entry point (``docgen``; ``python -m docgen``)."""
    sys.exit(main())


def _wants_json(argv: Sequence[str]) -> bool:
    args = list(argv[: argv.index("--")] if "--" in argv else argv)
    if "--json" in args or "--format=json" in args:
        return True
    return any(a == "--format" and b == "json" for a, b in itertools.pairwise(args))


def _utf8_console() -> None:
    # Windows consoles and redirected output default to a legacy code page.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def _guarded(call: Callable[[], Any], argv: Sequence[str]) -> int:
    """Run one CLI invocation: an error becomes a Vietnamese message (or JSON) and an exit code."""
    _utf8_console()
    try:
        with _stop_signals():
            result = call()
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except (Exception, KeyboardInterrupt) as exc:
        return _report(exc, debug="--debug" in argv, as_json=_wants_json(argv))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _stop_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (POSIX: ``kill``, a closed terminal) stop a run as Ctrl-C does: one
    line, workers and LibreOffice ended, scratch removed (every ``finally`` runs)."""
    names = ("SIGTERM", "SIGHUP")
    wanted = [getattr(signal, n) for n in names if hasattr(signal, n)] if sys.platform != "win32" else []
    if threading.current_thread() is not threading.main_thread():
        wanted = []  # handlers can only be set from the main thread (e.g. tests in threads)
    previous = {signum: signal.signal(signum, _interrupt) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stopped(exc: BaseException) -> bool:
    """Ctrl-C (or SIGTERM/SIGHUP); click turns it into ``Abort`` from a ``KeyboardInterrupt``."""
    return isinstance(exc, KeyboardInterrupt) or (
        isinstance(exc, click.Abort) and isinstance(exc.__context__, KeyboardInterrupt)
    )


def _report(exc: BaseException, *, debug: bool, as_json: bool) -> int:
    """Write one failure for a clerk (stderr) or a program (JSON on stdout); its exit code."""
    code: int = getattr(exc, "exit_code", 1)  # click's and docgen's exceptions carry theirs
    if debug and not isinstance(exc, click.ClickException | click.Abort | KeyboardInterrupt):
        traceback.print_exception(exc)
    message, hint, lines = _describe(exc)
    if as_json:
        problems: Sequence[Problem] = getattr(exc, "problems", ())
        details = exc.report if isinstance(exc, DocumentsFailed) else None
        echo_json(error_json(message, hint, code, problems, details))
    elif isinstance(exc, click.ClickException):
        exc.show()  # with the usage line and where to find help
    else:
        for line in lines:
            err(line)
    return code


def _describe(exc: BaseException) -> tuple[str, str | None, list[str]]:
    """An error's message and hint (for JSON) and the lines a clerk reads."""
    if isinstance(exc, click.ClickException):
        ctx = exc.ctx if isinstance(exc, click.UsageError) else None
        hint = f"xem `{ctx.command_path} --help`" if ctx is not None else None
        return exc.format_message(), hint, []
    if _stopped(exc):
        return STOPPED, "chạy lại lệnh để làm tiếp", [STOPPED]
    if isinstance(exc, click.Abort):
        return "Đã hủy.", None, ["Đã hủy."]
    if isinstance(exc, DataError):
        again = "Sửa các lỗi trên rồi chạy lại `docgen validate`."
        where = "dữ liệu và mẫu" if any(p.file.startswith("templates/") for p in exc.problems) else "dữ liệu"
        lines = [str(p) for p in exc.problems] + [f"Có {len(exc.problems)} lỗi trong {where}. {again}"]
        return exc.message, "sửa các lỗi trong problems rồi chạy lại `docgen validate`", lines
    if isinstance(exc, DocgenError):
        return exc.message, exc.hint, [f"Lỗi: {exc}"]
    # A bug in docgen: never a bare traceback for a clerk.
    message = f"Lỗi không mong đợi trong docgen: {type(exc).__name__}: {exc}"
    hint = "chạy lại với --debug để xem chi tiết và gửi cho bộ phận kỹ thuật"
    return message, hint, [message, "Chạy lại với --debug để xem chi tiết và gửi cho bộ phận kỹ thuật."]
