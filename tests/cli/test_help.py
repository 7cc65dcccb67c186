"""Help names each value by what to type (``--unit MÃ_ĐƠN_VỊ``), never by its type (``CHỮ``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import click
import pytest
from click.testing import Result

from docgen.cli.main import cli

Run = Callable[..., Result]


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


COMMANDS = [path for path, _ in _commands()]


def _options(text: str) -> dict[str, str]:
    """``--unit MÃ_ĐƠN_VỊ  Chỉ đơn vị này…`` → {"--unit": "MÃ_ĐƠN_VỊ"} (flags: "")."""
    found: dict[str, str] = {}
    for match in re.finditer(r"^  (?:-\w, )?(--[\w-]+)(?: (\S+))?", text, re.MULTILINE):
        found[match.group(1)] = match.group(2) or ""
    return found


def test_build_help_says_what_to_type(run: Run) -> None:
    options = _options(run("build", "--help").output)
    assert options == {
        "--debug": "",
        "--workspace": "THƯ_MỤC",
        "--all": "",
        "--unit": "MÃ_ĐƠN_VỊ",
        "--kind": "LOẠI",
        "--unit-kind": "LOẠI_ĐƠN_VỊ",
        "--with-communes": "",
        "--period": "KỲ",
        "--communes": "",
        "--out": "THƯ_MỤC",
        "--jobs": "SỐ",
        "--force": "",
        "--issue": "",
        "--date": "NGÀY",
        "--reissue": "",
        "--allow-sample": "",
        "--pdf": "",
        "--soffice": "TỆP",
        "--json": "",
        "--help": "",
    }


def test_render_help_says_what_to_type(run: Run) -> None:
    text = run("render", "--help").output
    assert text.startswith("Cách dùng: docgen render [TÙY_CHỌN] LOẠI\n")
    options = _options(text)
    assert {k: options[k] for k in ("--unit", "--period", "--candidate", "--date", "--output")} == {
        "--unit": "MÃ_ĐƠN_VỊ",
        "--period": "KỲ",
        "--candidate": "MÃ_ỨNG_VIÊN",
        "--date": "NGÀY",
        "--output": "TỆP",
    }
    assert "quyet-dinh, ke-hoach, bao-cao, to-trinh, bao-cao-thanh-tich" in text.replace("\n  ", " ").replace("- ", "-")


def test_register_help_says_what_to_type(run: Run) -> None:
    record = _options(run("register", "record", "--help").output)
    assert {k: record[k] for k in ("--unit", "--number", "--symbol", "--date", "--summary", "--series")} == {
        "--unit": "MÃ_ĐƠN_VỊ",
        "--number": "SỐ",
        "--symbol": "KÝ_HIỆU",
        "--date": "NGÀY",
        "--summary": "TRÍCH_YẾU",
        "--series": "MÃ_SỔ",
    }
    void = run("register", "void", "--help").output
    assert void.startswith("Cách dùng: docgen register void [TÙY_CHỌN] SỐ\n")
    assert _options(void)["--year"] == "NĂM" and _options(void)["--reason"] == "LÝ_DO"
    for command in ("export", "import", "backup", "restore"):
        assert run("register", command, "--help").output.startswith(
            f"Cách dùng: docgen register {command} [TÙY_CHỌN] TỆP\n"
        )
    listing = _options(run("register", "list", "--help").output)
    assert listing["--unit"] == "MÃ_ĐƠN_VỊ" and listing["--format"] == "[table|csv]" and listing["--json"] == ""


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_value_is_named_by_its_type(run: Run, command: tuple[str, ...]) -> None:
    text = run(*command, "--help").output
    assert "CHỮ" not in text and "GIÁ_TRỊ" not in text and "ĐƯỜNG_DẪN" not in text
    for option, metavar in _options(text).items():
        assert metavar == "" or re.fullmatch(r"[A-ZÀ-ỸĐ_]+|\[[^]]+\]", metavar), (option, metavar)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_usage_line_is_vietnamese(run: Run, command: tuple[str, ...]) -> None:
    text = run(*command, "--help").output
    assert text.startswith(f"Cách dùng: docgen {' '.join(command)} [TÙY_CHỌN]"), text.splitlines()[0]
    assert "[OPTIONS]" not in text
