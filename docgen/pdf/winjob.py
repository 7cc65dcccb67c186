"""A Windows job object that holds one LibreOffice run and every process it starts.

On Windows ``soffice.exe`` starts ``soffice.bin``; killing the first leaves the second running
with the documents and the profile open. A job object created with
``JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`` ends every process in it when its last handle closes —
when docgen calls :meth:`Job.kill`, and also when docgen itself dies (the operating system
closes its handles), which ``taskkill /T`` cannot promise.

Elsewhere every function here does nothing: POSIX runs LibreOffice in its own session and
kills the process group instead (see ``soffice.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from ctypes import wintypes

# winnt.h
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9  # JobObjectExtendedLimitInformation


class _IoCounters(ctypes.Structure):
    _fields_ = [
        ("ReadOperationCount", ctypes.c_ulonglong),
        ("WriteOperationCount", ctypes.c_ulonglong),
        ("OtherOperationCount", ctypes.c_ulonglong),
        ("ReadTransferCount", ctypes.c_ulonglong),
        ("WriteTransferCount", ctypes.c_ulonglong),
        ("OtherTransferCount", ctypes.c_ulonglong),
    ]


class _BasicLimitInformation(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_longlong),
        ("PerJobUserTimeLimit", ctypes.c_longlong),
        ("LimitFlags", ctypes.c_uint32),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    ]


class ExtendedLimitInformation(ctypes.Structure):
    """``JOBOBJECT_EXTENDED_LIMIT_INFORMATION`` (144 bytes on 64-bit Windows, 112 on 32-bit)."""

    _fields_ = [
        ("BasicLimitInformation", _BasicLimitInformation),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


def kill_on_close_limits() -> ExtendedLimitInformation:
    """The limits docgen sets: end every process of the job when its last handle closes."""
    info = ExtendedLimitInformation()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    return info


class Job:
    """A kill-on-close job, or nothing where the system has none (POSIX) or refuses one.

    Failing to make or join a job is not an error: ``taskkill /T`` stays as the fallback.
    """

    def __init__(self) -> None:
        self._handle: int | None = None
        if sys.platform == "win32":
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            kernel32.CreateJobObjectW.restype = wintypes.HANDLE
            kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
            kernel32.SetInformationJobObject.argtypes = (
                wintypes.HANDLE,
                ctypes.c_int,
                ctypes.c_void_p,
                wintypes.DWORD,
            )
            handle = kernel32.CreateJobObjectW(None, None)
            if not handle:
                return
            info = kill_on_close_limits()
            if not kernel32.SetInformationJobObject(
                handle,
                JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
                ctypes.byref(info),
                ctypes.sizeof(info),
            ):
                kernel32.CloseHandle(handle)
                return
            self._handle = int(handle)

    @property
    def active(self) -> bool:
        return self._handle is not None

    def add(self, process_handle: int) -> bool:
        """Put a started process (``Popen._handle``) in the job; False if it could not be.

        Children it starts afterwards belong to the job too. On Windows 8 and later a process
        may already be in another job (a console's, a CI runner's): jobs nest.
        """
        if sys.platform == "win32" and self._handle is not None:
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
            return bool(kernel32.AssignProcessToJobObject(self._handle, process_handle))
        return False

    def kill(self) -> None:
        """End every process of the job now and release it."""
        if sys.platform == "win32" and self._handle is not None:
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            kernel32.TerminateJobObject.argtypes = (wintypes.HANDLE, wintypes.UINT)
            with contextlib.suppress(OSError):
                kernel32.TerminateJobObject(self._handle, 1)
        self.close()

    def close(self) -> None:
        """Release the job; with kill-on-close this also ends any process still in it."""
        if sys.platform == "win32" and self._handle is not None:
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
            with contextlib.suppress(OSError):
                kernel32.CloseHandle(self._handle)
        self._handle = None
