"""`docgen serve` as a command (issue 20): registered in the CLI by name, loaded only when
asked for, bound to this machine by default, refused off it without a token."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_docgen_lists_serve_without_loading_the_web_stack() -> None:
    code = (
        "import sys\n"
        "from docgen.cli.main import main\n"
        "assert 'flask' not in sys.modules and 'docgen.web' not in sys.modules\n"
        "main(['--help'])\n"
        "print('flask' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "serve     Mở trang web cho văn thư" in out
    assert out.strip().endswith("False")


def test_only_the_cli_command_table_names_the_web_stage() -> None:
    # The cli stage sits below web (tests/test_architecture.py): the one reference is the name
    # LAZY_COMMANDS loads with importlib when `docgen serve` is asked for.
    found = [
        (path.name, line.strip())
        for path in sorted((REPO / "docgen" / "cli").glob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "docgen.web" in line
    ]
    assert found == [("main.py", 'LAZY_COMMANDS = {"serve": "docgen.web.cli"}')]


def test_the_help_line_of_serve_is_the_commands_own() -> None:
    from docgen.cli.main import LAZY_HELP
    from docgen.web.cli import serve

    assert serve.help is not None and serve.help.startswith(LAZY_HELP["serve"].removesuffix("."))


def test_serve_binds_this_machine_on_port_8000_by_default(run, workspace: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import waitress  # type: ignore[import-untyped, unused-ignore]

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: calls.append(kwargs))
    result = run("-w", str(workspace), "serve", env={"DOCGEN_WEB_TOKEN": ""})
    assert result.exit_code == 0
    assert (calls[0]["host"], calls[0]["port"]) == ("127.0.0.1", 8000)
    assert "mở http://127.0.0.1:8000 trong trình duyệt." in result.output


def test_serve_with_a_token_opens_to_the_network(run, workspace: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import waitress

    apps: list[Any] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: apps.append((app, kwargs)))
    result = run("-w", str(workspace), "serve", "--host", "0.0.0.0", "--port", "8080", env={"DOCGEN_WEB_TOKEN": "bi"})
    assert result.exit_code == 0
    app, kwargs = apps[0]
    assert (kwargs["host"], kwargs["port"]) == ("0.0.0.0", 8080)
    assert app.extensions["docgen"].token == "bi"
    assert app.test_client().get("/").status_code == 302  # to the login page


def test_a_port_out_of_range_is_a_usage_error(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("-w", str(workspace), "serve", "--port", "70000")
    assert result.exit_code == 2


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_every_page_text_is_nfc(folder: str) -> None:
    for path in sorted((REPO / "docgen" / "web" / folder).iterdir()):
        content = path.read_text(encoding="utf-8")
        assert content == unicodedata.normalize("NFC", content), path.name
