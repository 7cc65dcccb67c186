"""Rendering many documents in worker processes; templates prepared once per worker."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.build.manifest import (
    DocEntry,
    journal_append,
)
from docgen.errors import ContentChanged, DocgenError
from docgen.fs import write_atomic
from docgen.register.issuing import check_unchanged
from docgen.register.records import Record

# One cache per worker process: templates are prepared once, then rendered many times. Keyed
# by the file's size and time as well, so a long-lived process sees a template edited meanwhile.
_PREPARED: dict[tuple[Path, int, int], Any] = {}


@dataclass
class Task:
    doc_id: str
    template: Path
    context: dict[str, Any]
    target: Path
    out_dir: Path
    entry: DocEntry
    issued: Record | None


Result = tuple[str, str | None, int | None, str | None, bool]


def _prepared(template: Path) -> Any:
    from docgen.docx.renderer import PreparedTemplate

    try:
        stat = template.stat()
        key = (template, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (template, 0, 0)  # PreparedTemplate reports the missing file
    prepared = _PREPARED.get(key)
    if prepared is None:
        if len(_PREPARED) > 32:
            _PREPARED.clear()
        prepared = _PREPARED[key] = PreparedTemplate(template)
    return prepared


def _render_job(task: Task) -> Result:
    """Render one document in a worker; returns (doc id, sha256, bytes, error, content changed)."""
    global _BUSY
    _BUSY = True
    try:
        return _render(task)
    finally:
        _BUSY = False
        if _ENDING:
            os._exit(1)  # Pool.terminate asked while this document was written: now it is whole


def _render(task: Task) -> Result:
    try:
        content = _prepared(task.template).render(task.context, doc_id=task.doc_id)
        if task.issued is not None:
            check_unchanged(task.issued, content)
        entry = task.entry
        entry.sha256, entry.bytes = hashlib.sha256(content).hexdigest(), len(content)
        journal_append(task.out_dir, entry)
        write_atomic(task.target, content)
        return task.doc_id, entry.sha256, entry.bytes, None, False
    except ContentChanged as exc:
        return task.doc_id, None, None, str(exc), True
    except DocgenError as exc:
        return task.doc_id, None, None, str(exc), False
    except Exception as exc:  # a bug must fail one document, not the whole province
        return task.doc_id, None, None, f"lỗi không mong đợi: {type(exc).__name__}: {exc}", False


def _execute(tasks: Iterable[Task], jobs: int, planned: int) -> Generator[Result, None, None]:
    """Render ``tasks`` (read lazily) in ``jobs`` processes; a handful is rendered here."""
    workers = min(jobs or os.cpu_count() or 1, max(1, planned))
    stream = iter(tasks)
    first = list(itertools.islice(stream, _POOL_THRESHOLD))
    if first:
        import docgen.docx.renderer  # noqa: F401  (loaded once here, shared by forked workers)
    if workers <= 1 or len(first) < _POOL_THRESHOLD:
        yield from map(_render_job, itertools.chain(first, stream))
        return
    # Each worker prepares each template once (_PREPARED) and renders many documents with
    # it; small chunks keep the workers balanced and imap_unordered streams results for the
    # progress bar while the pool's own thread is still reading the tasks.
    chunk = max(1, min(16, planned // (workers * 4)))
    pool = multiprocessing.get_context(_start_method()).Pool(workers, initializer=_worker_signals)
    try:
        yield from pool.imap_unordered(_render_job, itertools.chain(first, stream), chunksize=chunk)
        pool.close()
    finally:
        # Normal end: workers exit by themselves. Ctrl-C (or the consumer giving up): they are
        # ended at once (SIGTERM); a document they were writing stays a temporary file that
        # write_atomic never renamed, and the journal lets the next run finish the work.
        _end(pool)


def _end(pool: Any) -> None:
    """``pool.terminate()``, bounded: after an interrupt it can wait forever on a queue lock,
    and the run must end within 2 s; then the workers are killed and the wait abandoned."""
    ender = threading.Thread(target=pool.terminate, daemon=True)
    ender.start()
    ender.join(timeout=1.0)
    if ender.is_alive():
        for worker in getattr(pool, "_pool", ()):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                worker.kill()


_POOL_THRESHOLD = 8  # fewer documents than this are rendered without starting processes


_BUSY = False  # a worker is rendering and writing a document
_ENDING = False  # a worker was told to end (SIGTERM) while busy


def _worker_signals() -> None:
    """In each worker: Ctrl-C reaches the whole console process group, but only the parent
    reacts (one message, then it ends the pool). SIGTERM from ``Pool.terminate`` (or SIGHUP)
    ends a worker quietly: at once when idle, else as soon as the document it is writing is
    whole (milliseconds), so that no temporary file is left beside it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name) and sys.platform != "win32":
            signal.signal(getattr(signal, name), _end_worker)


def _end_worker(signum: int, frame: object) -> None:
    global _ENDING
    if not _BUSY:
        os._exit(1)
    _ENDING = True


def _start_method() -> str:
    # fork is fastest where it exists (Linux); Windows and macOS spawn fresh interpreters.
    return "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux" else "spawn"
