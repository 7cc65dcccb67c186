"""Where LibreOffice works: one user profile per worker (two processes sharing one profile
silently drop half the PDFs) and the scratch folders ``docgen-pdf-<pid>-…`` that hold copies of
the documents while they are converted, removed at the end, on Ctrl-C, and by a later run
when the run that made them was killed."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

_WINDOWS = os.name == "nt"


# --- user profiles ---------------------------------------------------------------------------


def profile_cache_dir() -> Path:
    """Where LibreOffice profiles are kept between runs (``$DOCGEN_CACHE_DIR`` overrides)."""
    configured = os.environ.get("DOCGEN_CACHE_DIR")
    if configured:
        return Path(configured) / "libreoffice-profiles"
    if _WINDOWS:
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "docgen" / "libreoffice-profiles"


class Profiles:
    """One LibreOffice user profile per running process, never shared.

    A profile that LibreOffice has already initialised starts it about 0.1 s faster (0.94 s
    instead of 1.05 s measured here), so finished profiles go back to a cache folder. A profile
    is claimed by renaming it, which is atomic: two docgen runs at once can never get the same
    one, and a run that dies just loses its profiles (no lock to go stale). A profile whose
    LibreOffice was killed is deleted rather than reused.
    """

    KEEP = 8  # enough for the workers of a big machine; more is only disk use

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.cache: Path | None = profile_cache_dir()
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.cache = None
        self._forget_abandoned()

    def _forget_abandoned(self) -> None:
        if self.cache is None:
            return
        day_ago = time.time() - 86400
        for leftover in self.cache.glob("busy-*"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < day_ago:
                    shutil.rmtree(leftover, ignore_errors=True)

    def claim(self) -> Path:
        if self.cache is not None:
            mine = self.cache / f"busy-{uuid.uuid4().hex}"
            for ready in sorted(self.cache.glob("ready-*")):
                try:
                    ready.rename(mine)
                except OSError:
                    continue  # another worker or run took it first
                return mine
            return mine  # LibreOffice creates the profile on first start
        return self.scratch / f"profile-{uuid.uuid4().hex}"

    def release(self, profile: Path, *, healthy: bool) -> None:
        keep = healthy and self.cache is not None and profile.parent == self.cache and profile.is_dir()
        if keep and self.cache is not None and len(list(self.cache.glob("ready-*"))) < self.KEEP:
            with contextlib.suppress(OSError):
                profile.rename(self.cache / f"ready-{uuid.uuid4().hex}")
                return
        shutil.rmtree(profile, ignore_errors=True)


@contextlib.contextmanager
def scratch(work_dir: Path | None) -> Iterator[Path]:
    """A scratch folder ``docgen-pdf-<pid>-…`` (it holds copies of the documents), removed at
    the end, on an error and on Ctrl-C; the pid lets a later run remove it after a kill -9."""
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    forget_dead_scratch(Path(work_dir) if work_dir is not None else Path(tempfile.gettempdir()))
    path = Path(tempfile.mkdtemp(prefix=f"docgen-pdf-{os.getpid()}-", dir=work_dir))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def forget_dead_scratch(folder: Path) -> None:
    """Remove the ``docgen-pdf-<pid>-…`` folders in ``folder`` whose run is gone (killed, power
    cut). A live run's folder is never touched; neither is a name without a pid."""
    with contextlib.suppress(OSError):
        for leftover in folder.glob("docgen-pdf-*-*"):
            pid = leftover.name.split("-")[2]
            if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)) and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (when unsure: yes, so its folder is kept)."""
    if _WINDOWS:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # ERROR_ACCESS_DENIED: it exists
        code = ctypes.c_ulong()
        try:
            ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return bool(not ok or code.value == 259)  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # PermissionError: another user's live process
    return True
