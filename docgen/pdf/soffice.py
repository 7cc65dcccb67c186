"""The PDF stage: DOCX → PDF with LibreOffice, reproducible bytes, one merged pack per unit.

LibreOffice is a system dependency found by ``find_soffice``. ``convert_all`` shares the
documents between its workers and each worker converts its share in batches, one after the
other: one ``soffice --convert-to pdf`` call converts a whole batch (about 30 ms a document
instead of a one-second start per document), as many documents as LibreOffice's command line
takes (``batches``: it silently ignores arguments past the 253rd), each worker with its own
user profile (two processes sharing one profile silently drop half the PDFs). Nothing is trusted: every
expected PDF must exist and open in pypdf with at least one page, a batch that hangs past its
deadline is killed with its whole process tree, and documents a batch did not deliver are
retried one by one so that one bad document fails alone, with a reason.

LibreOffice stamps the conversion time and a random file identifier into every PDF;
``normalise_pdf`` replaces them with values derived from the data, so the same DOCX gives the
same PDF bytes on every run. Nothing else varies between runs (checked by the tests): font
subset tags restart at ``BAAAAA`` for every exported document.

No Click and no printing here: failures are ``PdfError`` or a reason per document.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from docgen.errors import OutputError, PdfError
from docgen.fs import os_reason, write_atomic
from docgen.pdf import workdirs
from docgen.pdf.batches import FIXED_COST, ConversionStats, balance, batch_room, culprits, shortfall, split
from docgen.pdf.normalise import Conversion, conversion_key, normalise_counted
from docgen.pdf.winjob import Job
from docgen.pdf.workdirs import Profiles

INSTALL_HINT = (
    "cài LibreOffice rồi chạy lại: trên Debian/Ubuntu `sudo apt-get install libreoffice-writer-nogui "
    "fonts-liberation2` (Liberation Serif có cùng kích thước chữ với Times New Roman); trên Windows tải bộ cài "
    "tại https://www.libreoffice.org/download/ và cài vào thư mục mặc định "
    r"(C:\Program Files\LibreOffice\program\soffice.exe), hoặc chỉ đường dẫn bằng `--soffice ĐƯỜNG_DẪN` "
    "(hoặc biến môi trường DOCGEN_SOFFICE)"
)


# The DOCX import filter, named explicitly: without it LibreOffice falls back to importing a
# damaged file as plain text and "successfully" exports pages of garbage.
_DOCX_FILTER = "MS Word 2007 XML"
_STAGED = re.compile(r"[\\/](d\d{5})\.docx\b")
_WINDOWS = os.name == "nt"
_STOP_POLL = 0.1  # how often a waiting worker looks whether the run was stopped (Ctrl-C)


class _Stopped(Exception):
    """The run was stopped (Ctrl-C, SIGTERM): a worker ends its LibreOffice and returns."""


# --- finding LibreOffice -------------------------------------------------------------------


def _windows_locations() -> list[Path]:
    # Windows environment variable names are case-insensitive.
    roots = [os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMW6432")]
    roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
    seen: list[Path] = []
    for root in roots:
        if root:
            candidate = Path(root) / "LibreOffice" / "program" / "soffice.exe"
            if candidate not in seen:
                seen.append(candidate)
    return seen


def _usual_locations() -> list[Path]:
    if _WINDOWS:
        return _windows_locations()
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return [
        Path("/usr/bin/soffice"),
        Path("/usr/lib/libreoffice/program/soffice"),
        Path("/opt/libreoffice/program/soffice"),
    ]


def _executable(path: Path) -> Path | None:
    """``path`` if it runs as LibreOffice; a folder is searched for the program inside it."""
    if path.is_dir():
        for name in ("soffice.exe", "soffice", "program/soffice.exe", "program/soffice"):
            found = _executable(path / name)
            if found is not None:
                return found
        return None
    if path.is_file() and (_WINDOWS or os.access(path, os.X_OK)):
        return path.absolute()
    return None


def find_soffice(explicit: Path | None = None) -> Path:
    """LibreOffice's ``soffice``: ``explicit`` (``--soffice``), ``$DOCGEN_SOFFICE``, the PATH,
    then the usual install folders. Raises ``PdfError`` with install instructions if none."""
    if explicit is not None:
        found = _executable(Path(explicit))
        if found is None:
            raise PdfError(
                f"Không chạy được LibreOffice tại {explicit} (--soffice): không có tệp chương trình ở đó.",
                hint=INSTALL_HINT,
            )
        return found
    configured = os.environ.get("DOCGEN_SOFFICE")
    if configured:
        found = _executable(Path(configured))
        if found is None:
            raise PdfError(
                f"Không chạy được LibreOffice tại {configured} (biến môi trường DOCGEN_SOFFICE): "
                "không có tệp chương trình ở đó.",
                hint=INSTALL_HINT,
            )
        return found
    for name in ("soffice", "libreoffice"):
        on_path = shutil.which(name)
        if on_path:
            return Path(on_path)
    for candidate in _usual_locations():
        found = _executable(candidate)
        if found is not None:
            return found
    raise PdfError(
        "Không tìm thấy LibreOffice (soffice) nên không tạo được PDF; các tệp DOCX không bị ảnh hưởng.",
        hint=INSTALL_HINT,
    )


# --- running LibreOffice ---------------------------------------------------------------------


def _popen(command: list[str], stderr: IO[bytes]) -> subprocess.Popen[str]:
    # Its own process group (session), so a hung LibreOffice can be killed with every child
    # it started (the soffice script → oosplash → soffice.bin on Linux).
    flags = 0  # POSIX accepts only 0; start_new_session does the same job there
    if sys.platform == "win32":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        encoding="utf-8",
        errors="replace",
        creationflags=flags,
        start_new_session=sys.platform != "win32",
    )


def _kill_tree(proc: subprocess.Popen[str], job: Job) -> None:
    if sys.platform == "win32":
        # The job object ends soffice.exe and the soffice.bin it started at once; taskkill /T
        # (which follows parent links; our Popen handle keeps the pid from being reused) and
        # proc.kill() are the fallbacks where the process could not join a job.
        job.kill()
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                capture_output=True,
                timeout=30,
                check=False,
                creationflags=subprocess.CREATE_NO_WINDOW,
            )
        with contextlib.suppress(OSError):
            proc.kill()
    else:
        # The group id stays reserved while any member lives, so this cannot hit a stranger.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


@dataclass
class _Run:
    timed_out: bool = False
    announced: int = 0  # documents LibreOffice said it was converting
    seen: list[str] = field(default_factory=list)  # their names, in that order
    returncode: int | None = None
    error: str | None = None
    stderr: str = ""
    seconds: float = 0.0


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    with contextlib.suppress(OSError, ValueError):
        for line in stream:
            lines.put(line)
    lines.put(None)


def _command(soffice: Path, profile: Path, outdir: Path, inputs: list[Path]) -> list[str]:
    """The ``soffice --convert-to pdf`` call over ``inputs`` (see ``batches.batch_room``)."""
    return [
        str(soffice),
        f"-env:UserInstallation={profile.absolute().as_uri()}",
        "--headless",
        "--invisible",
        "--nodefault",
        "--nofirststartwizard",
        "--nolockcheck",
        "--nologo",
        "--norestore",
        f"--infilter={_DOCX_FILTER}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *(str(p) for p in inputs),
    ]


def _run_soffice(
    soffice: Path,
    profile: Path,
    inputs: list[Path],
    outdir: Path,
    *,
    startup: float,
    per_document: float,
    on_done: Callable[[str], None],
    stop: threading.Event | None = None,
) -> _Run:
    """One ``soffice --convert-to pdf`` over ``inputs``, killed with its process tree at the
    deadline (``startup + per_document × n``) or when it makes no progress for ``per_document``.

    LibreOffice prints ``convert …/dNNNNN.docx -> …`` after loading a document and before
    writing its PDF, so the next such line (or the end) means the previous PDF is complete:
    ``on_done`` gets each finished name while LibreOffice works on the next one.
    """
    command = _command(soffice, profile, outdir, inputs)
    run = _Run()
    started = time.monotonic()
    deadline = started + startup + per_document * len(inputs)
    stderr_path = outdir / f"stderr-{uuid.uuid4().hex}.txt"
    with stderr_path.open("w+b") as stderr:
        try:
            proc = _popen(command, stderr)
        except OSError as exc:
            run.error = f"không chạy được LibreOffice ({soffice}): {os_reason(exc)}"
            return run
        # Windows: a kill-on-close job holds LibreOffice and its children, so they end with
        # docgen even when docgen is killed (POSIX: the session above does the same job).
        job = Job()
        job.add(int(getattr(proc, "_handle", 0)))
        lines: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        reader = threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True)
        reader.start()
        current: str | None = None
        announced = 0
        # LibreOffice names each document as it converts it (not on Windows, where it has no
        # console): silence past the start-up and one document's time means it hangs.
        stall_until: float | None = None if _WINDOWS else started + startup + per_document
        try:
            while True:
                if stop is not None and stop.is_set():
                    raise _Stopped  # the finally below kills LibreOffice with its children
                limit = deadline if stall_until is None else min(deadline, stall_until)
                remaining = limit - time.monotonic()
                if remaining <= 0:
                    run.timed_out = True
                    break
                try:
                    line = lines.get(timeout=min(remaining, _STOP_POLL))
                except queue.Empty:
                    continue
                if line is None:
                    break
                match = _STAGED.search(line) if line.startswith("convert ") else None
                if match is None:
                    continue
                if current is not None:
                    on_done(current)
                current = match.group(1)
                run.seen.append(current)
                announced += 1
                run.announced = announced
                # The last document also has to be written and LibreOffice has to shut down.
                allowance = per_document if announced < len(inputs) else per_document + startup
                stall_until = time.monotonic() + allowance
            while not run.timed_out and proc.poll() is None:
                if stop is not None and stop.is_set():
                    raise _Stopped
                try:
                    proc.wait(timeout=max(0.01, min(_STOP_POLL, deadline - time.monotonic())))
                except subprocess.TimeoutExpired:
                    run.timed_out = time.monotonic() >= deadline
            if run.timed_out:
                _kill_tree(proc, job)
            else:
                run.returncode = proc.returncode
                if current is not None:
                    on_done(current)
        finally:
            if proc.poll() is None:  # an exception above: never leave LibreOffice running
                _kill_tree(proc, job)
            elif sys.platform != "win32":
                # A child that outlived a normal exit would hold its profile: end it too.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
            job.close()  # Windows: the same for a child left in the job
            reader.join(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()
        stderr.seek(0)
        run.stderr = stderr.read().decode("utf-8", "replace")
    with contextlib.suppress(OSError):
        stderr_path.unlink()
    run.seconds = time.monotonic() - started
    return run


# --- converting ------------------------------------------------------------------------------


@dataclass
class _Doc:
    item: Conversion
    name: str
    staged: Path | None = None
    key: str = ""
    weight: int = FIXED_COST  # stands in for its pages: the size of its text (see batches)
    result: str | None = "chưa chuyển"  # None once the PDF is written
    finished: bool = False


def _check_docx(path: Path) -> tuple[bytes, int]:
    """The DOCX bytes and the size of its text (``word/document.xml`` uncompressed), or
    ``PdfError`` saying why it is not a readable Word document."""
    try:
        content = path.read_bytes()
    except FileNotFoundError as exc:
        raise PdfError(f"không có tệp DOCX {path}") from exc
    except OSError as exc:
        raise PdfError(f"không đọc được tệp DOCX {path}: {os_reason(exc)}") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise PdfError("tệp DOCX hỏng: thiếu phần nội dung văn bản (word/document.xml)")
            text = archive.getinfo("word/document.xml").file_size
            bad = archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise PdfError(f"tệp DOCX hỏng (không phải tệp ZIP hợp lệ, có thể bị cắt cụt): {exc}") from exc
    if bad is not None:
        raise PdfError(f"tệp DOCX hỏng: phần {bad} bị lỗi dữ liệu")
    return content, text


def _finish(doc: _Doc, pdf: Path, stats: ConversionStats) -> None:
    """Validate, normalise and write one converted PDF; record the outcome on ``doc``."""
    started = time.monotonic()
    try:
        _write(doc, pdf, stats)
    finally:
        stats.normalise_seconds += time.monotonic() - started


def _write(doc: _Doc, pdf: Path, stats: ConversionStats) -> None:
    try:
        data = pdf.read_bytes()
    except OSError:
        doc.result = "LibreOffice không tạo ra tệp PDF"
        return
    item = doc.item
    try:
        fixed, pages = normalise_counted(
            data,
            when=item.when,
            doc_id=item.doc_id,
            title=item.title,
            author=item.author,
            subject=item.subject,
            source_key=doc.key,
        )
        write_atomic(item.target, fixed)
    except PdfError as exc:
        doc.result = f"LibreOffice tạo ra {exc.message}"
        return
    except OutputError as exc:
        doc.result = str(exc)
        doc.finished = True  # converting again would not help
        return
    stats.pages[item.doc_id] = pages
    doc.result = None
    doc.finished = True


def _failure_reason(run: _Run, limit: float, lone: bool) -> str:
    if run.error:
        return run.error
    if run.timed_out:
        what = "tài liệu này" if lone else "lô tài liệu"
        return f"LibreOffice bị treo: quá {limit:.0f} giây chưa chuyển xong {what}, đã dừng tiến trình"
    if "could not be loaded" in run.stderr:
        return "LibreOffice không mở được tệp DOCX (tệp hỏng hoặc không đúng định dạng Word)"
    tail = " ".join(run.stderr.strip().splitlines()[-2:]).strip()
    detail = f": {tail}" if tail else ""
    if run.returncode:
        return f"LibreOffice dừng bất thường (mã thoát {run.returncode}) mà không tạo ra PDF{detail}"
    return f"LibreOffice không tạo ra PDF{detail}"


_UNRESPONSIVE = "LibreOffice không phản hồi (đã thử lại riêng từng văn bản mà không được); " + (
    "kiểm tra cài đặt LibreOffice rồi chạy lại"
)


class _Worker:
    """Converts one worker's share: batches in sequence, each one LibreOffice process with the
    worker's own profile, then what a batch did not deliver one document at a time."""

    def __init__(
        self,
        docs: list[_Doc],
        soffice: Path,
        scratch: Path,
        profiles: Profiles,
        per_document: float,
        stop: threading.Event | None = None,
    ) -> None:
        self.stop = stop
        self.docs = docs
        self.soffice = soffice
        self.scratch = scratch
        self.profiles = profiles
        self.per_document = per_document
        # Starting LibreOffice takes about a second here; allow for a slow first start.
        self.startup = 2.0 * per_document
        self.stats = ConversionStats()
        self.silent = 0  # lone attempts in a row in which LibreOffice did nothing at all

    def run(self) -> None:
        try:
            self._convert()
        except _Stopped:
            for doc in self.docs:
                if not doc.finished:
                    doc.result, doc.finished = "đã dừng theo yêu cầu", True
        except Exception as exc:  # a bug must fail this batch's documents, not the whole run
            for doc in self.docs:
                if not doc.finished:
                    doc.result = f"lỗi không mong đợi khi tạo PDF: {type(exc).__name__}: {exc}"
                    doc.finished = True

    def _room(self, docs: list[_Doc], profile: Path) -> int:
        """How many documents one call can take: the command decides (see batches)."""
        outdir = self.scratch / f"out-{'0' * 32}"  # the length of every attempt's folder
        inputs = [str(doc.staged) for doc in docs if doc.staged is not None]
        return batch_room(_command(self.soffice, profile, outdir, []), inputs, windows=_WINDOWS)

    def _convert(self) -> None:
        todo = [doc for doc in self.docs if not doc.finished]
        if not todo:
            return
        profile = self.profiles.claim()
        run = _Run(timed_out=True)  # until a run says otherwise, the profile is suspect
        try:
            batches = deque(split(todo, self._room(todo, profile)))
            while batches:
                batch = batches.popleft()
                if self.stop is not None and self.stop.is_set():
                    raise _Stopped
                if self.silent >= 2:
                    # Not one bad document: LibreOffice itself does not respond. Trying the
                    # rest one by one would take a minute each.
                    for doc in batch:
                        doc.result, doc.finished = _UNRESPONSIVE, True
                    continue
                if run.timed_out and run.seconds:
                    # A killed LibreOffice may leave its profile half-written.
                    self.profiles.release(profile, healthy=False)
                    profile = self.profiles.claim()
                run = self._attempt(batch, profile)
                self.stats.batches += 1
                delivered = sum(doc.result is None for doc in batch)
                self.stats.by_batch += delivered
                leftovers = [doc for doc in batch if not doc.finished]
                if len(batch) == 1:
                    limit = self.startup + self.per_document
                    for doc in leftovers:
                        doc.result, doc.finished = _failure_reason(run, limit, lone=True), True
                    continue
                suspects, unseen = culprits(run.seen, leftovers, lambda doc: doc.name)
                if unseen and (run.timed_out or run.returncode) and (delivered or run.seen):
                    # LibreOffice crashed or hung on a document: the documents after it never had
                    # their turn and go on in a batch of their own; only the culprit goes alone.
                    batches.appendleft(unseen)
                    leftovers = suspects
                if leftovers:
                    self.stats.lone += len(leftovers)
                    self.stats.reasons[shortfall(run.error, run.timed_out, run.returncode, run.stderr)] += len(
                        leftovers
                    )
                profile, run = self._alone(leftovers, profile, run)
        finally:
            self.profiles.release(profile, healthy=not run.timed_out)

    def _alone(self, leftovers: list[_Doc], profile: Path, run: _Run) -> tuple[Path, _Run]:
        """The lone fallback: each document a batch did not deliver, with a LibreOffice of its
        own, so that one bad document fails alone with its reason."""
        for doc in leftovers:
            if self.silent >= 2:
                doc.result, doc.finished = _UNRESPONSIVE, True
                continue
            if run.timed_out or not profile.exists():
                # A killed LibreOffice may leave its profile half-written.
                self.profiles.release(profile, healthy=False)
                profile = self.profiles.claim()
            run = self._attempt([doc], profile)
            self.silent = self.silent + 1 if run.timed_out and not run.announced else 0
            if doc.finished:
                self.stats.by_lone += doc.result is None
            else:
                doc.result = _failure_reason(run, self.startup + self.per_document, lone=True)
                doc.finished = True
        return profile, run

    def _attempt(self, docs: list[_Doc], profile: Path) -> _Run:
        outdir = self.scratch / f"out-{uuid.uuid4().hex}"
        outdir.mkdir(parents=True)
        by_name = {doc.name: doc for doc in docs}

        def done(name: str) -> None:
            doc = by_name.get(name)
            if doc is not None and not doc.finished:
                _finish(doc, outdir / f"{name}.pdf", self.stats)

        inputs = [doc.staged for doc in docs if doc.staged is not None]
        try:
            run = _run_soffice(
                self.soffice,
                profile,
                inputs,
                outdir,
                startup=self.startup,
                per_document=self.per_document,
                on_done=done,
                stop=self.stop,
            )
            # Whatever LibreOffice did not report (no console on Windows, or a crash after the
            # last line) is checked on disk: every expected PDF must be there and valid.
            for doc in docs:
                if not doc.finished and (outdir / f"{doc.name}.pdf").exists():
                    _finish(doc, outdir / f"{doc.name}.pdf", self.stats)
        finally:
            shutil.rmtree(outdir, ignore_errors=True)
        self.stats.convert_seconds += run.seconds
        return run


def convert_all(
    items: list[Conversion],
    *,
    jobs: int,
    soffice: Path,
    timeout_per_document: float = 20.0,
    work_dir: Path | None = None,
    stats: ConversionStats | None = None,
) -> dict[str, str | None]:
    """Convert every item's DOCX to its target PDF; doc_id → None on success or the reason
    (Vietnamese) it failed. One document's failure never stops the others.

    ``jobs`` workers run in parallel (0 = one per CPU), each with its own profile, sharing the
    documents by their size (see batches) and converting its share in batches as large as
    LibreOffice's command line allows, one after the other. A batch gets
    ``2 × timeout_per_document`` to start plus ``timeout_per_document`` per document, and is
    killed if it makes no progress for ``timeout_per_document``; documents it did not deliver
    are retried alone. ``stats``, if given, receives what was done (batches, documents
    converted alone and why, pages of each PDF, time).
    """
    ids = [item.doc_id for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError("convert_all: doc_id trùng nhau")
    if not items:
        return {}
    with workdirs.scratch(work_dir) as scratch:
        inbox = scratch / "in"
        inbox.mkdir()
        docs: list[_Doc] = []
        for index, item in enumerate(items):
            # Staged under short ASCII names: sources from different units share file names
            # (ke-hoach-2023.docx) and LibreOffice names each PDF after its input.
            doc = _Doc(item=item, name=f"d{index:05d}")
            try:
                content, text = _check_docx(item.source)
                doc.key = conversion_key(item, content)
                doc.weight = text + FIXED_COST
                doc.staged = inbox / f"{doc.name}.docx"
                doc.staged.write_bytes(content)
            except PdfError as exc:
                doc.result, doc.finished = exc.message, True
            except OSError as exc:
                doc.result, doc.finished = f"không chép được tệp tạm: {os_reason(exc)}", True
            docs.append(doc)
        workers = min(jobs if jobs > 0 else os.cpu_count() or 1, len(docs))
        profiles = Profiles(scratch)
        shares = balance([doc for doc in docs if not doc.finished], workers, lambda doc: doc.weight)
        runners = [_Worker(share, Path(soffice), scratch, profiles, timeout_per_document) for share in shares]
        if runners:
            # Ctrl-C reaches the main thread, waiting below: it sets ``stop``, each worker kills
            # its LibreOffice (with its children) within _STOP_POLL, and only then the scratch
            # folder is removed and the interrupt goes on to the CLI.
            stop = threading.Event()
            for runner in runners:
                runner.stop = stop
            with ThreadPoolExecutor(max_workers=len(runners), thread_name_prefix="docgen-pdf") as pool:
                try:
                    list(pool.map(lambda worker: worker.run(), runners))
                except BaseException:
                    stop.set()
                    raise
        if stats is not None:
            for runner in runners:
                stats.add(runner.stats)
    return {doc.item.doc_id: doc.result for doc in docs}
