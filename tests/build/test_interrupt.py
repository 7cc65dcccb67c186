"""Stopping a build (Ctrl-C, SIGTERM, SIGHUP): quick, one Vietnamese line, nothing left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.data.model import Dataset

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

STOPPED = "Đã dừng theo yêu cầu; các văn bản đã tạo xong được giữ, chạy lại lệnh để làm tiếp."


def _start(workspace: Path, tmp: Path, *args: str) -> subprocess.Popen[bytes]:
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "TMPDIR": str(tmp)}
    command = [sys.executable, "-m", "docgen", "-w", str(workspace), "build", "--jobs", "2", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(condition: object, child: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        assert child.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline, "the build never got under way"
        time.sleep(0.05)


def _stop(child: subprocess.Popen[bytes], signum: int) -> tuple[float, str]:
    started = time.monotonic()
    child.send_signal(signum)
    try:
        _, stderr = child.communicate(timeout=PROMPTLY + 5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"the build did not stop within {PROMPTLY + 5:.0f} s")
    return time.monotonic() - started, stderr.decode("utf-8")


def _running(pattern: str) -> list[str]:
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True, check=False)
    return found.stdout.split()


def _all_communes(dataset: Dataset) -> list[str]:
    return [u.id for u in dataset.units.values() if u.kind == "commune"]


# The issue asks for a stop within 2 s; measured on this 2-core machine at 0.15-0.2 s (see the
# closing note of issue 12). A timing never gates a test, so the tests fail on a hang or a slow
# drain (the old code took 57 s, or waited for a second Ctrl-C), not on a busy machine's second.
PROMPTLY = 10.0


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_parallel_build_ends_promptly_with_one_line_and_nothing_partial(
    workspace: Path, tmp_path: Path, signum: int
) -> None:
    out = workspace / "out"
    child = _start(workspace, tmp_path / "tmp", "--all")
    _wait_for(lambda: len(list(out.rglob("*.docx"))) >= 5, child)
    took, stderr = _stop(child, signum)

    assert took < PROMPTLY, f"took {took:.1f} s"
    assert child.returncode == 1
    assert stderr.strip() == STOPPED
    assert "Traceback" not in stderr
    assert not [p for p in out.rglob("*") if ".tmp" in p.name], "a partial file was left"
    assert not _running(str(workspace)), "a worker outlived the build"


def test_a_rerun_after_a_stop_finishes_the_build_as_a_fresh_build_would(workspace: Path, tmp_path: Path) -> None:
    out = workspace / "out"
    child = _start(workspace, tmp_path / "tmp", "--all")
    _wait_for(lambda: len(list(out.rglob("*.docx"))) >= 5, child)
    _stop(child, signal.SIGINT)
    assert child.returncode == 1

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    build = [sys.executable, "-m", "docgen", "-w", str(workspace), "build", "--all", "--out"]
    again = subprocess.run([*build, str(out)], env=env, capture_output=True, check=False, timeout=120)
    assert again.returncode == 0, again.stderr.decode()
    fresh = tmp_path / "fresh"
    whole = subprocess.run([*build, str(fresh)], env=env, capture_output=True, check=False, timeout=120)
    assert whole.returncode == 0, whole.stderr.decode()
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert made == sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
    for name in made:  # DOCX and ZIP packs byte for byte; the manifest apart from what each run did
        if name == "manifest.json":
            assert _without_status(out / name) == _without_status(fresh / name)
        else:
            assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def _without_status(manifest: Path) -> object:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for document in data["documents"]:
        assert document.pop("status") in {"built", "skipped"}
    return data


def test_a_stopped_pdf_conversion_kills_libreoffice_and_removes_its_scratch(
    workspace: Path, tmp_path: Path, dataset: Dataset
) -> None:
    tmp = tmp_path / "tmp"
    units = [arg for unit in _all_communes(dataset)[:12] for arg in ("--unit", unit)]
    child = _start(workspace, tmp, "--pdf", *units)
    _wait_for(lambda: bool(_running(str(tmp))), child, limit=120)
    time.sleep(0.5)  # LibreOffice well under way
    took, stderr = _stop(child, signal.SIGINT)

    assert took < PROMPTLY, f"took {took:.1f} s"
    assert child.returncode == 1
    assert stderr.strip() == STOPPED
    assert "Traceback" not in stderr
    assert not _running(str(tmp)), "LibreOffice outlived the build"
    assert not [p for p in (workspace / "out").rglob("*") if ".tmp" in p.name], "a partial file was left"
    assert not list(tmp.glob("docgen-pdf-*")), "the scratch folder (copies of the documents) was left"


def test_scratch_left_by_a_killed_run_is_removed_by_the_next_but_a_live_runs_is_kept(tmp_path: Path) -> None:
    from docgen.pdf.workdirs import forget_dead_scratch

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = tmp_path / f"docgen-pdf-{dead.pid}-abc123"
    (left / "in").mkdir(parents=True)
    (left / "in" / "d00000.docx").write_bytes(b"copy of a document")
    live = tmp_path / f"docgen-pdf-{os.getppid()}-def456"
    live.mkdir()
    stranger = tmp_path / "docgen-pdf-notes"
    stranger.mkdir()

    forget_dead_scratch(tmp_path)

    assert not left.exists()
    assert live.exists()
    assert stranger.exists()
