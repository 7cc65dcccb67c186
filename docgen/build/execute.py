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
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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
    """Render one document in this process; returns (doc id, sha256, bytes, error, content changed)."""
    rendered = _render(task)
    return rendered if isinstance(rendered, tuple) else _write(task, rendered)


def _render_batch(tasks: list[Task]) -> list[Result]:
    """Render a batch of documents in a worker. Each document is flushed to disk (``fsync``)
    and renamed into place by the worker's writer thread while the next one is rendered: the
    disk's wait no longer holds up the processor. The batch returns when every one of its
    documents is whole in its place, so what the parent reads next (packs) is on disk."""
    global _BUSY
    _BUSY = True
    try:
        results: list[Result] = []
        pending: list[Future[Result]] = []
        for task in tasks:
            if _ENDING:
                break  # told to end: what is rendered is written, the rest is left to the next run
            rendered = _render(task)
            if isinstance(rendered, tuple):
                results.append(rendered)
            else:
                pending.append(_writer().submit(_write, task, rendered))
        results.extend(future.result() for future in pending)
        return results
    finally:
        _BUSY = False
        if _ENDING:
            os._exit(1)  # Pool.terminate asked while this batch was written: now its files are whole


_WRITER: tuple[int, ThreadPoolExecutor] | None = None  # (process id, its writer thread)


def _writer() -> ThreadPoolExecutor:
    """This process's one writer thread (one, so the journal lines keep the order of the renames)."""
    global _WRITER
    if _WRITER is None or _WRITER[0] != os.getpid():
        _WRITER = (os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="docgen-write"))
    return _WRITER[1]


def _render(task: Task) -> bytes | Result:
    """The document's bytes, or its failure as a result."""
    try:
        content: bytes = _prepared(task.template).render(task.context, doc_id=task.doc_id)
        if task.issued is not None:
            check_unchanged(task.issued, content)
        return content
    except ContentChanged as exc:
        return task.doc_id, None, None, str(exc), True
    except DocgenError as exc:
        return task.doc_id, None, None, str(exc), False
    except Exception as exc:  # a bug must fail one document, not the whole province
        return task.doc_id, None, None, f"lỗi không mong đợi: {type(exc).__name__}: {exc}", False


def _write(task: Task, content: bytes) -> Result:
    """The journal line, then the file (staged, flushed, renamed): a build killed at any moment
    never mistakes its own file for a clerk's edit."""
    try:
        entry = task.entry
        entry.sha256, entry.bytes = hashlib.sha256(content).hexdigest(), len(content)
        journal_append(task.out_dir, entry)
        write_atomic(task.target, content)
        return task.doc_id, entry.sha256, entry.bytes, None, False
    except DocgenError as exc:
        return task.doc_id, None, None, str(exc), False
    except Exception as exc:  # a bug must fail one document, not the whole province
        return task.doc_id, None, None, f"lỗi không mong đợi: {type(exc).__name__}: {exc}", False


def _batches(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    stream = iter(tasks)
    while batch := list(itertools.islice(stream, size)):
        yield batch


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
    # it; small batches keep the workers balanced and imap_unordered streams results for the
    # progress bar while the pool's own thread is still reading the tasks.
    chunk = max(1, min(16, planned // (workers * 4)))
    pool = multiprocessing.get_context(_start_method()).Pool(workers, initializer=_worker_signals)
    try:
        for batch in pool.imap_unordered(_render_batch, _batches(itertools.chain(first, stream), chunk)):
            yield from batch
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
