"""Click speaks Vietnamese for docgen's own invocations only: importing docgen, or running it,
leaves any other Click command in the same process English."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

import click
import click.core
import pytest
from click.testing import CliRunner, Result

import docgen.cli.main
from docgen.cli.main import cli

Run = Callable[..., Result]


@click.command()
@click.option("--count", type=int, required=True, help="How many.")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="When.")
def hello(count: int, day: object) -> None:
    """Say hello."""
    click.echo(f"hello {count}")


def _assert_english() -> None:
    runner = CliRunner()
    shown = runner.invoke(hello, ["--help"])
    assert shown.exit_code == 0
    assert shown.output.startswith("Usage: hello [OPTIONS]\n")
    assert "Options:" in shown.output and "Show this message and exit." in shown.output
    assert "--day [%Y-%m-%d]" in shown.output and "--count INTEGER" in shown.output
    wrong = runner.invoke(hello, ["--count", "x"])
    assert wrong.exit_code == 2
    assert "Error: Invalid value for '--count': 'x' is not a valid integer." in wrong.output
    assert "Try 'hello --help' for help." in wrong.output
    assert "Error: Missing option '--count'." in runner.invoke(hello, []).output
    assert click.core._ is gettext.gettext  # type: ignore[attr-defined]


def test_importing_docgen_leaves_click_english() -> None:
    assert docgen.cli.main.cli is cli
    _assert_english()


def test_docgen_is_vietnamese_and_other_commands_stay_english(run: Run, sample_workspace: Path) -> None:
    top = run("--help")
    assert top.exit_code == 0
    assert top.output.startswith("Cách dùng: docgen [TÙY_CHỌN] LỆNH [THAM_SỐ]...\n")
    assert "Tùy chọn:" in top.output and "Lệnh:" in top.output and "Hiện hướng dẫn này rồi thoát." in top.output
    _assert_english()
    build = run("build", "--help")
    assert build.output.startswith("Cách dùng: docgen build [TÙY_CHỌN]\n") and "Usage" not in build.output
    _assert_english()
    wrong = run("-w", str(sample_workspace), "build", "--jobs", "x")
    assert wrong.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ cho '--jobs': 'x' không phải là số hợp lệ." in wrong.output
    assert "Xem hướng dẫn: 'docgen build --help'." in wrong.output
    _assert_english()
    assert run("--version").output == f"docgen, phiên bản {docgen.__version__}\n"
    _assert_english()


def test_click_is_english_again_after_docgen_fails(run: Run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr("docgen.cli.commands.init_workspace", broken)
    result = run("init", str(workspace / "moi"))
    assert result.exit_code == 1 and "Lỗi không mong đợi trong docgen: RuntimeError: hỏng" in result.output
    _assert_english()
    # Not standalone (docgen embedded in another program): the error reaches the caller, and
    # Click's texts are put back before it does.
    with pytest.raises(RuntimeError, match="hỏng"):
        cli.main(["init", str(workspace / "moi")], standalone_mode=False)
    _assert_english()
    with pytest.raises(click.UsageError):
        cli.main(["buidl"], standalone_mode=False)
    _assert_english()


def test_usage_errors_of_docgen_are_vietnamese(run: Run, sample_workspace: Path) -> None:
    missing = run("-w", str(sample_workspace), "render", "ke-hoach")
    assert missing.exit_code == 2
    assert missing.output == (
        "Cách dùng: docgen render [TÙY_CHỌN] LOẠI\n"
        "Xem hướng dẫn: 'docgen render --help'.\n\n"
        "Lỗi: Thiếu tùy chọn '--unit'.\n"
    )
    unknown = run("build", "--unti", "x")
    assert unknown.exit_code == 2
    assert "Lỗi: Không có tùy chọn '--unti'. (Có phải một trong: '--out', '--unit'?)" in unknown.output
    command = run("buidl")
    assert command.exit_code == 2 and "Lỗi: Không có lệnh 'buidl'. Có phải 'build'?" in command.output
