"""Producing documents: choose what to render, render it, write it.

``plan`` turns a selection (units, kinds, periods) into document references; ``render_one``
renders one; ``write_one`` writes one atomically under the output folder. No Click here.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import itertools
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen import __version__, vn
from docgen.context import DocRef, build_context, candidates_of, documents_for, file_stem, template_name
from docgen.errors import DocgenError, OutputError, RenderError
from docgen.issuing import ContentChanged, Issued, IssueOptions, Numbering, check_unchanged
from docgen.manifest import (
    DocEntry,
    State,
    clear_journal,
    journal_append,
    looks_untouched,
    read_state,
    sha256_file,
    write_manifest,
    write_pack,
)
from docgen.model import Dataset
from docgen.output import edited_copy, inside, write_atomic
from docgen.pdfbuild import PdfSettings, drop_stale_pdfs, make_pdfs
from docgen.register import Record, Register
from docgen.workspace import Workspace

KIND_LABELS = {
    "quyet-dinh": "quyết định phát động",
    "ke-hoach": "kế hoạch",
    "bao-cao": "báo cáo",
    "to-trinh": "tờ trình đề nghị khen thưởng",
    "bao-cao-thanh-tich": "báo cáo thành tích",
}


def resolve(data: Dataset, unit_id: str, kind: str, period: str | None = None, candidate: str | None = None) -> DocRef:
    """The one document a clerk asks for, or a clear reason why it does not exist."""
    unit = data.units.get(unit_id)
    if unit is None:
        close = difflib.get_close_matches(unit_id, list(data.units), n=1)
        raise RenderError(
            f'Không có đơn vị "{unit_id}"',
            hint=f'có phải "{close[0]}"?' if close else "xem danh sách bằng `docgen list units`",
        )
    possible = documents_for(data, unit, kinds=[kind])
    if not possible:
        if kind in ("to-trinh", "bao-cao-thanh-tich") and unit.produces and not candidates_of(data, unit.id):
            raise RenderError(
                f"{unit.short_name} không có tập thể, cá nhân nào đề nghị khen thưởng nên không lập "
                f"{KIND_LABELS[kind]}",
                hint="thêm đề nghị vào data/candidates.yaml nếu đơn vị có",
            )
        raise RenderError(f"{unit.short_name} không lập {KIND_LABELS.get(kind, kind)} trong phong trào này")
    if kind == "bao-cao":
        periods = [r.period for r in possible]
        if period is None:
            raise RenderError("Báo cáo cần chọn kỳ: --period", hint="các kỳ: " + ", ".join(str(p) for p in periods))
        if period not in periods:
            raise RenderError(f"Không có kỳ báo cáo {period!r}", hint="các kỳ: " + ", ".join(str(p) for p in periods))
        return DocRef(unit_id, kind, period)
    if kind == "bao-cao-thanh-tich":
        ids = [str(r.candidate) for r in possible]
        if candidate not in ids:
            what = "cần chọn --candidate" if candidate is None else f"không có ứng viên {candidate!r}"
            raise RenderError(f"Báo cáo thành tích: {what}", hint="các ứng viên: " + ", ".join(ids))
        return DocRef(unit_id, kind, None, candidate)
    return possible[0]


def plan(
    data: Dataset,
    *,
    units: Iterable[str] = (),
    kinds: Iterable[str] = (),
    unit_kinds: Iterable[str] = (),
    periods: Iterable[str] = (),
    communes: bool = False,
    strict: bool = False,
) -> list[DocRef]:
    """Every document of the selection, in a stable order (data order of units).

    With ``strict``, a unit id or period that does not exist is an error (a typo on the
    command line must not silently build nothing).
    """
    chosen_units, chosen_kinds, chosen_periods = set(units), set(unit_kinds), set(periods)
    if strict:
        for unit_id in sorted(chosen_units - set(data.units)):
            close = difflib.get_close_matches(unit_id, list(data.units), n=1)
            raise RenderError(
                f'Không có đơn vị "{unit_id}"', hint=f'có phải "{close[0]}"?' if close else "xem `docgen list units`"
            )
        known = [p.id for p in data.campaign.periods]
        for period in sorted(chosen_periods - set(known)):
            raise RenderError(f"Không có kỳ báo cáo {period!r}", hint="các kỳ: " + ", ".join(known))
    refs: list[DocRef] = []
    for unit in data.units.values():
        if chosen_units and unit.id not in chosen_units:
            continue
        if chosen_kinds and unit.kind not in chosen_kinds:
            continue
        if unit.kind == "commune" and not (communes or unit.id in chosen_units or "commune" in chosen_kinds):
            continue
        refs.extend(documents_for(data, unit, kinds=kinds, periods=chosen_periods))
    return refs


def render_one(
    ws: Workspace, data: Dataset, ref: DocRef, *, number: int | None = None, issue_date: date | None = None
) -> bytes:
    context = build_context(data, ref, number=number, issue_date=issue_date)
    from docgen.render import render_docx  # the docx machinery is loaded only when rendering

    return render_docx(ws.templates_dir / template_name(data, ref), context, doc_id=ref.id)


def output_path(out_dir: Path, data: Dataset, ref: DocRef) -> Path:
    """``out/<unit-id>/<readable slug>.docx``, guaranteed inside ``out_dir``."""
    return inside(out_dir, ref.unit, f"{file_stem(data, ref)}.docx")


@dataclass
class Written:
    """Where ``write_one`` wrote a document, and its register record if it carries a number."""

    path: Path
    record: Record | None = None
    new_number: bool = False
    voided: Record | None = None


def write_one(
    ws: Workspace,
    data: Dataset,
    ref: DocRef,
    target: Path | None = None,
    *,
    register: Register | None = None,
    options: IssueOptions | None = None,
) -> Written:
    """Render and write one document atomically.

    With a ``register`` an issued document is written with its number (and refused if its
    content changed, unless ``options.reissue``); with ``options.issue`` an unnumbered one gets
    its number. Uses the same renderer as ``run_build``, so both write the same bytes.
    """
    options = options or IssueOptions()
    numbering = Numbering(data, register, options)
    path = target if target is not None else output_path(ws.out_dir, data, ref)
    template = ws.templates_dir / template_name(data, ref)

    def render(context: dict[str, Any]) -> bytes:
        content: bytes = _prepared(template).render(context, doc_id=ref.id)
        return content

    record = numbering.existing(ref)
    if record is not None:
        context = numbering.context(ref, record)
        content = render(context)
        try:
            check_unchanged(record, content)
            write_atomic(path, content)
            written = Written(path, record)
        except ContentChanged:
            if not (options.reissue and register is not None):
                raise
            issued = numbering.issue(ref, path, render, replace=record)
            context = issued.context
            written = Written(path, issued.record, issued.new, issued.voided)
    elif numbering.wants_new(ref):
        issued = numbering.issue(ref, path, render)
        context = issued.context
        written = Written(path, issued.record, issued.new)
    else:
        context = numbering.context(ref, None)
        write_atomic(path, render(context))
        written = Written(path)
    if target is None:
        _journal_single(ws, data, ref, template, context, path)
    return written


def _journal_single(
    ws: Workspace, data: Dataset, ref: DocRef, template: Path, context: dict[str, Any], path: Path
) -> None:
    """Tell the next build that this file in out/ is docgen's own, not a clerk's edit."""
    out_dir = Path(os.path.abspath(ws.out_dir))
    digest = sha256_file(template) or "missing"
    rel = path.relative_to(out_dir).as_posix()
    entry = _entry(
        ref, data.units[ref.unit].name, context["doc"]["summary"], rel, "built", None, inputs_hash(context, digest)
    )
    _number_fields(entry, context)
    entry.sha256 = sha256_file(path)
    entry.bytes = path.stat().st_size
    journal_append(out_dir, entry)


# --- batch builds ----------------------------------------------------------------------------

ProgressFn = Callable[[DocRef, str], None]


@dataclass
class BuildReport:
    """What a build did; ``failures`` pairs a document id with its reason."""

    out_dir: Path
    units: int = 0
    built: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    packs: int = 0
    # Numbers given in this run: (doc id, "05/KH-UBND", issue date); voided: (doc id, old number).
    issued: list[tuple[str, str, date]] = field(default_factory=list)
    voided: list[tuple[str, str]] = field(default_factory=list)
    pdf_converted: int = 0
    pdf_current: int = 0
    pdf_packs: int = 0
    pdf_failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.pdf_failures

    def to_json(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir),
            "units": self.units,
            "documents": self.built + self.skipped + self.failed,
            "built": self.built,
            "skipped": self.skipped,
            "failed": self.failed,
            "edited": list(self.edited),
            "packs": self.packs,
            "seconds": round(self.seconds, 3),
            "failures": [{"doc_id": d, "error": e} for d, e in self.failures],
            "issued": [{"doc_id": d, "number_symbol": n, "date": w.isoformat()} for d, n, w in self.issued],
            "voided": [{"doc_id": d, "number_symbol": n} for d, n in self.voided],
            "pdf": {
                "converted": self.pdf_converted,
                "unchanged": self.pdf_current,
                "packs": self.pdf_packs,
                "failures": [{"doc_id": d, "error": e} for d, e in self.pdf_failures],
            },
        }


@dataclass
class _Job:
    ref: DocRef
    template: str
    context: dict[str, Any]
    target: Path
    entry: DocEntry
    issued: Record | None = None  # the register's record: the content must not have changed
    new_number: bool = False  # --issue: numbered in the parent, one transaction per document
    # The hash of docgen's own file now in place: a failure leaves it there and must not make
    # the next build take it for a clerk's edit.
    previous: tuple[str, int] | None = None


def _json_default(value: object) -> str:
    if isinstance(value, date | Decimal | vn.MonthDate):
        return str(value)
    raise TypeError(f"cannot hash {type(value).__name__}")


def inputs_hash(context: dict[str, Any], template_digest: str) -> str:
    """Everything a document is built from: its context, its template, docgen's version."""
    payload = json.dumps(
        [__version__, template_digest, context], default=_json_default, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


INPUTS_STATE = "inputs_state"


def template_digests(ws: Workspace) -> dict[str, str]:
    """The hash of every template of the workspace, by file name, read once per run."""
    try:
        templates = sorted(ws.templates_dir.glob("*.docx"))
    except OSError:
        templates = []
    return {template.name: sha256_file(template) or "missing" for template in templates}


def run_inputs_state(
    data: Dataset, digests: dict[str, str], register: Register | None, options: IssueOptions
) -> str | None:
    """One hash of everything any document of this run is built from: docgen's version, the
    whole validated dataset, every template, the register's records and the draft date.

    A document that an earlier run built (or found current) under the same state, and whose
    file is still byte for byte what that run wrote, needs no context, no per-document hash
    and no rendering: this is what makes a rebuild with nothing changed take a fraction of a
    second. ``None`` (no shortcut) when this run gives numbers."""
    if options.issue or options.reissue:
        return None
    digest = hashlib.sha256(f"{__version__}\0{options.date}\0".encode())
    digest.update(data.model_dump_json().encode("utf-8"))
    for name, template_digest in sorted(digests.items()):
        digest.update(f"\0{name}\0{template_digest}".encode())
    if register is not None:
        for record in register.list():
            digest.update(json.dumps(record.as_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _still_current(out_dir: Path, prev: DocEntry | None, state_hash: str | None) -> bool:
    """True when ``prev`` was made under this very input state and its file is untouched."""
    if state_hash is None or prev is None or prev.extra.get(INPUTS_STATE) != state_hash:
        return False
    if prev.status not in ("built", "skipped") or prev.edited or not prev.sha256 or not prev.path:
        return False
    try:
        target = inside(out_dir, prev.path)
    except OutputError:
        return False
    return sha256_file(target) == prev.sha256


def _remove_stale_temporaries(out_dir: Path, units: set[str]) -> None:
    # A build killed mid-write leaves ``.<name>.<random>.tmp`` files (see output.write_atomic).
    folders = [out_dir, *(out_dir / unit for unit in units)]
    for folder in folders:
        for leftover in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _prepare_jobs(
    ws: Workspace,
    data: Dataset,
    refs: list[DocRef],
    out_dir: Path,
    force: bool,
    report: BuildReport,
    state: State,
    numbering: Numbering,
    entries: dict[str, DocEntry],
    state_hash: str | None = None,
    known_digests: dict[str, str] | None = None,
) -> Iterator[_Job]:
    """The documents to render, one at a time (so rendering starts while the rest are still
    being looked at); documents that need no rendering go straight into ``entries``."""
    digests: dict[str, str] = dict(known_digests or {})
    for ref in refs:
        prev = state.entries.get(ref.id)
        if not force and _still_current(out_dir, prev, state_hash):
            assert prev is not None
            prev.status, prev.error = "skipped", None
            entries[ref.id] = prev
            continue
        unit = data.units[ref.unit]
        try:
            template = template_name(data, ref)
            if template not in digests:
                digests[template] = sha256_file(ws.templates_dir / template) or "missing"
            record = numbering.existing(ref)
            context = numbering.context(ref, record)
            rel = output_path(out_dir, data, ref).relative_to(out_dir).as_posix()
        except DocgenError as exc:
            failed = _entry(ref, unit.name, "", "", "failed", str(exc), "")
            _remember_previous(failed, state.entries.get(ref.id))
            entries[ref.id] = failed
            continue
        entry = _entry(
            ref, unit.name, context["doc"]["summary"], rel, "built", None, inputs_hash(context, digests[template])
        )
        _number_fields(entry, context)
        if state_hash is not None:
            entry.extra[INPUTS_STATE] = state_hash
        target = out_dir / rel
        if prev is not None and "pdf" in prev.extra:
            entry.extra["pdf"] = prev.extra["pdf"]  # still valid if the DOCX comes out the same
        current = sha256_file(target) if target.exists() else None
        new_number = record is None and numbering.wants_new(ref)
        ours = (
            state.written_by_docgen(ref.id, current or "")
            or (record is not None and record.sha256 == current)
            or (current is not None and prev is None and looks_untouched(target, ref.id))
        )
        if current is not None and not ours:
            if not force:
                kept = prev or entry
                # The manifest keeps what docgen wrote, so the edit is still seen next time.
                kept.status, kept.edited, kept.error = "skipped", True, None
                entries[ref.id] = kept
                report.edited.append(rel)
                continue
            os.replace(target, edited_copy(target))
            report.edited.append(rel)
        elif (
            not force
            and not new_number
            and prev is not None
            and current is not None
            and current == prev.sha256
            and prev.inputs_hash == entry.inputs_hash
            and prev.status in ("built", "skipped")
        ):
            prev.status, prev.error = "skipped", None
            if state_hash is not None:
                prev.extra[INPUTS_STATE] = state_hash  # checked against this state just now
            entries[ref.id] = prev
            continue
        previous = (current, target.stat().st_size) if current is not None and ours else None
        yield _Job(ref, template, context, target, entry, record, new_number, previous)


def _remember_previous(entry: DocEntry, prev: DocEntry | None) -> None:
    if prev is not None and prev.sha256:
        entry.path = entry.path or prev.path
        entry.sha256, entry.bytes = prev.sha256, prev.bytes


def _number_fields(entry: DocEntry, context: dict[str, Any]) -> None:
    entry.number = context["doc"]["number"]
    entry.number_symbol = None if entry.number is None else context["doc"]["number_symbol"]


def _entry(
    ref: DocRef, unit_name: str, subject: str, path: str, status: str, error: str | None, digest: str
) -> DocEntry:
    return DocEntry(
        doc_id=ref.id,
        unit_id=ref.unit,
        unit_name=unit_name,
        kind=ref.kind,
        period=ref.period,
        candidate=ref.candidate,
        subject=subject,
        path=path,
        sha256=None,
        bytes=None,
        number=None,
        number_symbol=None,
        status=status,
        error=error,
        inputs_hash=digest,
    )


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
    from docgen.fastrender import PreparedTemplate

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


def run_build(
    ws: Workspace,
    data: Dataset,
    refs: list[DocRef],
    *,
    out_dir: Path | None = None,
    jobs: int = 0,
    force: bool = False,
    progress: ProgressFn | None = None,
    register: Register | None = None,
    options: IssueOptions | None = None,
    pdf: PdfSettings | None = None,
) -> BuildReport:
    """Build ``refs`` into ``out_dir``: parallel, atomic, incremental; never raises for one
    document's failure (it is recorded in the report and the manifest).

    With a ``register``, documents that already have a number are rendered with it (and
    refused if their content changed); with ``options.issue`` the others get new numbers,
    one register transaction per document, in plan order. With ``pdf``, every document is
    also converted to PDF (incrementally) and each unit's PDFs merged into ``<unit>.pdf``.
    """
    started = time.perf_counter()
    out_dir = Path(os.path.abspath(out_dir or ws.out_dir))
    options = options or IssueOptions()
    numbering = Numbering(data, register, options)
    report = BuildReport(out_dir=out_dir, units=len({r.unit for r in refs}))
    state = read_state(out_dir)
    _remove_stale_temporaries(out_dir, {r.unit for r in refs})
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: dict[str, DocEntry] = {}
    by_id: dict[str, _Job] = {}
    numbered_later: list[_Job] = []

    digests = template_digests(ws)
    state_hash = run_inputs_state(data, digests, register, options)

    def tasks() -> Iterator[Task]:
        prepared = _prepare_jobs(ws, data, refs, out_dir, force, report, state, numbering, entries, state_hash, digests)
        for job in prepared:
            by_id[job.ref.id] = job
            if job.new_number:
                numbered_later.append(job)  # numbered in this process, in plan order
                continue
            yield Task(job.ref.id, ws.templates_dir / job.template, job.context, job.target, out_dir, job.entry,
                       job.issued)  # fmt: skip

    # The pool reads the tasks in a thread of its own; a register connection belongs to the
    # thread that opened it, so with a register the documents are looked at first.
    source: Iterable[Task] = tasks() if register is None else list(tasks())
    for doc_id, digest, size, error, changed in _execute(source, jobs, len(refs)):
        job = by_id[doc_id]
        entry = job.entry
        if changed and options.reissue and register is not None:
            numbered_later.append(job)
            continue
        if error is None:
            entry.sha256, entry.bytes = digest, size
        else:
            entry.status, entry.error = "failed", error
            if job.previous is not None:
                entry.sha256, entry.bytes = job.previous
        entries[doc_id] = entry
        if progress:
            progress(job.ref, entry.status)
    if progress:
        for ref in refs:
            if ref.id not in by_id:  # skipped, kept as edited, or failed before rendering
                progress(ref, entries[ref.id].status)
    order = {ref.id: n for n, ref in enumerate(refs)}
    numbered_later.sort(key=lambda job: order[job.ref.id])  # numbers follow the plan, not the workers
    for job in numbered_later:
        entries[job.ref.id] = _issue_one(ws, data, job, numbering, out_dir, report)
        if progress:
            progress(job.ref, entries[job.ref.id].status)
    changed_units = {job.ref.unit for job in by_id.values()} | state.interrupted
    kept = {k: v for k, v in state.entries.items() if k not in entries and v.path and (out_dir / v.path).exists()}
    # A pack holds all of its unit's documents, also those this run did not select.
    units = _unit_documents(data, refs, {**kept, **entries})
    packs = {unit: dict(hashes) for unit, hashes in state.packs.items()}
    if pdf is not None:
        outcome = make_pdfs(out_dir, data, units, pdf, packs, force=force)
        changed_units |= outcome.changed_units
        report.edited += outcome.edited
        report.pdf_converted, report.pdf_current = outcome.converted, outcome.current
        report.pdf_failures, report.pdf_packs = outcome.failures, len(outcome.merged)
    else:
        drop_stale_pdfs(out_dir, [e for unit_entries in units.values() for e in unit_entries], packs)
    report.packs = _write_packs(out_dir, units, changed_units, packs)
    write_manifest(out_dir, [*kept.values(), *entries.values()], packs)
    clear_journal(out_dir)  # only now: until the manifest is written, the journal is the memory
    for ref in refs:
        entry = entries[ref.id]
        if entry.status == "failed":
            report.failed += 1
            report.failures.append((ref.id, entry.error or ""))
        elif entry.status == "built":
            report.built += 1
        else:
            report.skipped += 1
    report.seconds = time.perf_counter() - started
    return report


def _issue_one(
    ws: Workspace, data: Dataset, job: _Job, numbering: Numbering, out_dir: Path, report: BuildReport
) -> DocEntry:
    """Number one document (new, or anew after --reissue) and write it; failures are recorded."""
    entry = job.entry
    template = ws.templates_dir / job.template
    digest = sha256_file(template) or "missing"

    def before_place(issued: Issued) -> None:
        # Recorded before the rename, like every document (see manifest.journal_append).
        entry.sha256, entry.bytes = issued.sha256, issued.size
        journal_append(out_dir, entry)

    try:
        issued = numbering.issue(
            job.ref,
            job.target,
            lambda context: _prepared(template).render(context, doc_id=job.ref.id),
            before_place=before_place,
            replace=job.issued,
        )
    except DocgenError as exc:
        entry.status, entry.error = "failed", str(exc)
        if job.previous is not None:
            entry.sha256, entry.bytes = job.previous
        return entry
    entry.inputs_hash = inputs_hash(issued.context, digest)
    entry.sha256, entry.bytes = issued.sha256, issued.size
    entry.status, entry.error = "built", None
    _number_fields(entry, issued.context)
    if issued.new:
        report.issued.append((job.ref.id, issued.record.number_symbol, issued.record.date))
    if issued.voided is not None:
        report.voided.append((job.ref.id, issued.voided.number_symbol))
    return entry


def _execute(tasks: Iterable[Task], jobs: int, planned: int) -> Iterator[Result]:
    """Render ``tasks`` (read lazily) in ``jobs`` processes; a handful is rendered here."""
    workers = min(jobs or os.cpu_count() or 1, max(1, planned))
    stream = iter(tasks)
    first = list(itertools.islice(stream, _POOL_THRESHOLD))
    if first:
        import docgen.fastrender  # noqa: F401  (loaded once here, shared by forked workers)
    if workers <= 1 or len(first) < _POOL_THRESHOLD:
        yield from map(_render_job, itertools.chain(first, stream))
        return
    # Each worker prepares each template once (_PREPARED) and renders many documents with
    # it; small chunks keep the workers balanced and imap_unordered streams results for the
    # progress bar while the pool's own thread is still reading the tasks.
    chunk = max(1, min(16, planned // (workers * 4)))
    with multiprocessing.get_context(_start_method()).Pool(workers) as pool:
        yield from pool.imap_unordered(_render_job, itertools.chain(first, stream), chunksize=chunk)


_POOL_THRESHOLD = 8  # fewer documents than this are rendered without starting processes


def _start_method() -> str:
    # fork is fastest where it exists (Linux); Windows and macOS spawn fresh interpreters.
    return "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux" else "spawn"


def _unit_documents(data: Dataset, refs: list[DocRef], known: dict[str, DocEntry]) -> dict[str, list[DocEntry]]:
    """Every document of each unit of ``refs`` that has an entry, in the unit's plan order."""
    units: dict[str, list[DocEntry]] = {}
    for unit_id in dict.fromkeys(r.unit for r in refs):
        planned = documents_for(data, data.units[unit_id])
        units[unit_id] = [known[r.id] for r in planned if r.id in known]
    return units


def _write_packs(
    out_dir: Path, units: dict[str, list[DocEntry]], changed_units: set[str], packs: dict[str, dict[str, str]]
) -> int:
    written = 0
    for unit_id, unit_entries in units.items():
        if any(e.status == "failed" or "error" in e.extra.get("pdf", {}) for e in unit_entries):
            continue  # never remake a pack from an incomplete set
        target = out_dir / f"{unit_id}.zip"
        recorded = packs.get(unit_id, {}).get("zip")
        if unit_id not in changed_units and recorded is not None and sha256_file(target) == recorded:
            continue
        write_pack(out_dir, unit_id, unit_entries)
        packs.setdefault(unit_id, {})["zip"] = sha256_file(target) or ""
        written += 1
    return written
