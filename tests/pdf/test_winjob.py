"""The Windows job object that holds LibreOffice and its children (issue 12, item 7)."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import time

import pytest

from docgen.pdf import winjob


def test_the_limit_structure_has_the_size_windows_expects() -> None:
    # SetInformationJobObject refuses a structure of the wrong size, and then no job would
    # hold LibreOffice: JOBOBJECT_EXTENDED_LIMIT_INFORMATION is 144 bytes on 64-bit, 112 on
    # 32-bit Windows.
    expected = 144 if ctypes.sizeof(ctypes.c_void_p) == 8 else 112
    assert ctypes.sizeof(winjob.ExtendedLimitInformation) == expected


def test_the_job_is_made_to_end_its_processes_when_its_last_handle_closes() -> None:
    info = winjob.kill_on_close_limits()
    assert info.BasicLimitInformation.LimitFlags == 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX: no job objects")
def test_elsewhere_a_job_is_inert_and_never_fails() -> None:
    job = winjob.Job()
    assert not job.active
    assert job.add(0) is False
    job.kill()
    job.close()


@pytest.mark.skipif(sys.platform != "win32", reason="Windows job objects")
def test_on_windows_killing_the_job_ends_a_process_and_the_child_it_started() -> None:
    # A parent that starts a child and waits, like soffice.exe with soffice.bin.
    script = (
        "import subprocess, sys, time;"
        "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
        "print(c.pid, flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    job = winjob.Job()
    assert job.active
    assert job.add(int(parent._handle))  # type: ignore[attr-defined]
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())
    job.kill()
    assert parent.wait(timeout=10) != 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = subprocess.run(["tasklist", "/FI", f"PID eq {child_pid}", "/NH"], capture_output=True, text=True).stdout
        if str(child_pid) not in alive:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the child {child_pid} outlived its job")
