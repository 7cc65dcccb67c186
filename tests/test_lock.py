"""One command at a time in out/ (issue 13, item 1): a build or render finds the folder's lock
held by another docgen process, waits a moment, then stops naming that process, having
written nothing; the lock dies with its holder; the lock files are never a document, a
leftover or a pack member."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

import docgen
from docgen.errors import OutputBusy
from docgen.lock import HOLDER_NAME, LOCK_NAME, busy, output_lock

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
SOURCE = Path(docgen.__file__).resolve().parent.parent
FAST = {"DOCGEN_LOCK_WAIT": "0.5"}


def _hold(out: Path, command: str) -> subprocess.Popen[str]:
    """Another docgen process holding ``out``'s lock until it is killed."""
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from docgen.lock import output_lock
        with output_lock(Path({str(out)!r}), {command!r}):
            print("held", flush=True)
            time.sleep(600)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=SOURCE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    if sys.platform == "win32":
        proc.terminate()  # TerminateProcess: no clean-up runs, as with SIGKILL
    else:
        proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.fixture
def holder(workspace: Path) -> Iterator[subprocess.Popen[str]]:
    proc = _hold(workspace / "out", "docgen build --all --issue")
    yield proc
    if proc.poll() is None:
        _kill(proc)


def _files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))


def _expected_message(out: Path, pid: int) -> str:
    started = dt.datetime.fromisoformat(json.loads((out / HOLDER_NAME).read_text(encoding="utf-8"))["started"])
    return (
        f"Thư mục {out} đang được dùng bởi một lệnh docgen khác: `docgen build --all --issue` "
        f"(tiến trình {pid} trên máy {socket.gethostname()}, từ {started:%H:%M:%S} ngày {started:%d/%m/%Y}). "
        "Chờ lệnh đó chạy xong rồi chạy lại."
    )


def test_a_build_while_another_holds_out_stops_naming_it_and_writes_nothing(
    run: Run, workspace: Path, holder: subprocess.Popen[str]
) -> None:
    out = workspace / "out"
    result = run("-w", str(workspace), "build", "--unit", UNIT, "--issue", "--allow-sample", "--date",
                 "2023-07-12", env=FAST)  # fmt: skip
    assert result.exit_code == 1
    assert result.output.strip() == f"Lỗi: {_expected_message(out, holder.pid)}"
    assert _files(out) == [LOCK_NAME, HOLDER_NAME]
    assert not (workspace / "register.sqlite").exists()  # no number given


def test_a_render_into_out_waits_for_the_same_lock(run: Run, workspace: Path, holder: subprocess.Popen[str]) -> None:
    out = workspace / "out"
    result = run("-w", str(workspace), "render", "ke-hoach", "--unit", UNIT, env=FAST)
    assert result.exit_code == 1
    assert result.output.strip() == f"Lỗi: {_expected_message(out, holder.pid)}"
    assert _files(out) == [LOCK_NAME, HOLDER_NAME]


def test_the_holder_file_names_process_computer_command_and_start(
    workspace: Path, holder: subprocess.Popen[str]
) -> None:
    info = json.loads((workspace / "out" / HOLDER_NAME).read_text(encoding="utf-8"))
    assert set(info) == {"pid", "host", "command", "started"}
    assert (info["pid"], info["host"], info["command"]) == (
        holder.pid,
        socket.gethostname(),
        "docgen build --all --issue",
    )
    started = dt.datetime.fromisoformat(info["started"])
    assert started.tzinfo is not None and abs(dt.datetime.now(dt.UTC) - started) < dt.timedelta(minutes=10)


def test_a_killed_holder_leaves_its_note_but_blocks_nothing(
    run: Run, workspace: Path, holder: subprocess.Popen[str]
) -> None:
    out = workspace / "out"
    _kill(holder)
    assert (out / HOLDER_NAME).exists()  # stale information, not a lock
    result = run("-w", str(workspace), "build", "--unit", UNIT, env=FAST)
    assert result.exit_code == 0, result.output
    assert not (out / HOLDER_NAME).exists()


def test_without_the_holder_note_the_message_still_says_what_to_do(
    workspace: Path, holder: subprocess.Popen[str]
) -> None:
    out = workspace / "out"
    (out / HOLDER_NAME).unlink()
    with pytest.raises(OutputBusy) as caught, output_lock(out, "docgen render", wait=0.2):
        pass
    assert str(caught.value) == (
        f"Thư mục {out} đang được dùng bởi một lệnh docgen khác (không đọc được thông tin về lệnh đó trong "
        f"{HOLDER_NAME}). Chờ lệnh đó chạy xong rồi chạy lại."
    )
    (out / HOLDER_NAME).write_text("{không phải JSON", encoding="utf-8")
    assert str(busy(out)) == str(caught.value)
    assert OutputBusy.exit_code == 1


def test_a_build_leaves_no_note_and_packs_no_lock_file(run: Run, workspace: Path) -> None:
    out = workspace / "out"
    result = run("-w", str(workspace), "build", "--unit", UNIT)
    assert result.exit_code == 0, result.output
    assert ".docgen" not in result.output and "Không đưa vào gói ZIP" not in result.output
    assert not (out / HOLDER_NAME).exists()
    with zipfile.ZipFile(out / f"{UNIT}.zip") as pack:
        assert not [name for name in pack.namelist() if ".docgen" in name]
    again = run("-w", str(workspace), "build", "--unit", UNIT, "--json")
    report = json.loads(again.output)
    assert report["built"] == 0 and report["edited"] == [] and report["unpacked"] == []


def test_the_lock_is_held_once_per_process_however_deeply_nested(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out, "docgen build"), output_lock(out, "docgen build"):
        assert json.loads((out / HOLDER_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not (out / HOLDER_NAME).exists()
    with output_lock(out, "docgen build", wait=0):  # released: taken again at once
        pass


def test_a_script_building_while_out_is_held_gets_the_same_refusal(
    workspace: Path, holder: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LOCK_WAIT", "0.5")
    ws = docgen.open_workspace(workspace)
    with pytest.raises(OutputBusy) as caught:
        docgen.build_documents(ws, docgen.plan(docgen.load(ws), units=[UNIT]), jobs=1)
    assert str(caught.value) == _expected_message(workspace / "out", holder.pid)


def test_busy_under_json_is_one_json_error(run: Run, workspace: Path, holder: subprocess.Popen[str]) -> None:
    result = run("-w", str(workspace), "build", "--unit", UNIT, "--json", env=FAST)
    assert result.exit_code == 1
    error = json.loads(result.output)
    assert error["ok"] is False and error["error"]["exit_code"] == 1
    assert error["error"]["message"] == _expected_message(workspace / "out", holder.pid)


def test_a_render_to_a_file_outside_out_does_not_wait(
    run: Run, workspace: Path, holder: subprocess.Popen[str], tmp_path: Path
) -> None:
    target = tmp_path / "ke-hoach.docx"
    result = run("-w", str(workspace), "render", "ke-hoach", "--unit", UNIT, "-o", str(target), env=FAST)
    assert result.exit_code == 0, result.output
    assert target.is_file() and _files(workspace / "out") == [LOCK_NAME, HOLDER_NAME]
