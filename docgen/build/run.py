"""Producing documents: choose what to render, render it, write it.

``plan`` turns a selection (units, kinds, periods) into document references; ``render_one``
renders one; ``write_one`` writes one atomically under the output folder. No Click here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.build import chartcache
from docgen.build.decide import INPUTS_STATE, ISSUED_EDIT, OnDisk, decide, still_current
from docgen.build.entries import _entry, _number_fields, inputs_hash, opens_as_word, output_path
from docgen.build.execute import Task, _execute, _prepared
from docgen.build.manifest import (
    JOURNAL,
    MANIFEST,
    DocEntry,
    State,
    clear_journal,
    journal_append,
    looks_untouched,
    read_state,
    sha256_file,
    write_manifest,
)
from docgen.build.packs import _unit_documents, _write_packs, unpacked_files
from docgen.build.pdfs import PdfSettings, drop_stale_pdfs, make_pdfs
from docgen.build.stamped import stamping_render
from docgen.build.templates import refuse_for
from docgen.data.model import Dataset
from docgen.documents.consolidated import KIND as CONSOLIDATED
from docgen.documents.plan import DocRef, template_name
from docgen.errors import DocgenError, OutputError
from docgen.fs import check_no_link, damaged_copy, edited_copy, inside, link_refused, link_within, write_error
from docgen.lock import output_lock
from docgen.register.issuing import Issued, IssueOptions, Numbering
from docgen.register.records import Record, Register
from docgen.workspace import Workspace

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
    # Files that did not open as Word documents, made again: (path, where the damaged bytes are kept).
    damaged: list[tuple[str, str]] = field(default_factory=list)
    packs: int = 0
    # Files of the packed units' folders that are not docgen's documents (Word's ~$ lock files, notes): not packed.
    unpacked: list[str] = field(default_factory=list)
    # Numbers given in this run: (doc id, "05/KH-UBND", issue date); voided: (doc id, old number).
    issued: list[tuple[str, str, date]] = field(default_factory=list)
    voided: list[tuple[str, str]] = field(default_factory=list)
    # Persons' edited files numbered in this run: (path, where their unnumbered version is kept).
    stamped: list[tuple[str, str]] = field(default_factory=list)
    # Persons' edited files numbered earlier: the issued documents, kept as they are.
    issued_edits: list[str] = field(default_factory=list)
    # Such files made again from the data by --reissue: (path, where the person's version is kept).
    set_aside: list[tuple[str, str]] = field(default_factory=list)
    pdf_converted: int = 0
    pdf_current: int = 0
    pdf_packs: int = 0
    pdf_failures: list[tuple[str, str]] = field(default_factory=list)
    # Documents a LibreOffice batch left out, converted again one at a time: reason → count.
    pdf_lone: dict[str, int] = field(default_factory=dict)
    pdf_seconds: dict[str, float] = field(default_factory=dict)  # docx, convert, normalise, merge
    # What the clerk should know that lost nothing (a damaged manifest read as far as it goes).
    warnings: list[str] = field(default_factory=list)

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
            "damaged": [{"path": path, "kept_as": kept} for path, kept in self.damaged],
            "packs": self.packs,
            "unpacked": list(self.unpacked),
            "seconds": round(self.seconds, 3),
            "failures": [{"doc_id": d, "error": e} for d, e in self.failures],
            "issued": [{"doc_id": d, "number_symbol": n, "date": w.isoformat()} for d, n, w in self.issued],
            "voided": [{"doc_id": d, "number_symbol": n} for d, n in self.voided],
            "stamped": [{"path": path, "unnumbered_copy": kept} for path, kept in self.stamped],
            "issued_edits": list(self.issued_edits),
            "warnings": list(self.warnings),
            "set_aside": [{"path": path, "kept_as": kept} for path, kept in self.set_aside],
            "pdf": {
                "converted": self.pdf_converted,
                "unchanged": self.pdf_current,
                "packs": self.pdf_packs,
                "failures": [{"doc_id": d, "error": e} for d, e in self.pdf_failures],
                "lone": {
                    "count": sum(self.pdf_lone.values()),
                    "reasons": [{"reason": r, "count": n} for r, n in self.pdf_lone.items()],
                },
                "seconds": {step: round(s, 3) for step, s in self.pdf_seconds.items()},
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
    stamp: bool = False  # --issue over a person's edit: their file gets the number (decide.stamp)


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


def _on_disk_sha(out_dir: Path, rel: str | None) -> str | None:
    """The hash of the file an entry names, ``None`` if it is missing, names a place outside
    or is reached through a link (never read: it may point outside the output folder)."""
    if not rel:
        return None
    try:
        path = inside(out_dir, rel)
    except OutputError:
        return None
    return None if link_within(out_dir, path) is not None else sha256_file(path)


def _remove_stale_temporaries(out_dir: Path, units: set[str]) -> None:
    # A build killed mid-write leaves ``.<name>.<random>.tmp`` files (see fs.write_atomic).
    # A unit folder that is a link, and a link named like a temporary, are not docgen's:
    # nothing is removed through them or in their place.
    folders = [out_dir, *(out_dir / unit for unit in units)]
    for folder in folders:
        if link_within(out_dir, folder) is not None:
            continue
        for leftover in folder.glob(".*.tmp"):
            if link_within(out_dir, leftover) is None:
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
        if not force and prev is not None and still_current(prev, state_hash, _on_disk_sha(out_dir, prev.path)):
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
        except Exception as exc:  # one document's problem never stops the others (a bug included)
            reason = str(exc) if isinstance(exc, DocgenError) else f"lỗi không mong đợi: {type(exc).__name__}: {exc}"
            failed = _entry(ref, unit.name, "", "", "failed", reason, "")
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
        link = link_within(out_dir, target)
        if link is not None:  # neither read, moved, replaced nor packed through the link
            _fail(entries, entry, prev, str(link_refused(link, out_dir)))
            continue
        current = sha256_file(target) if target.exists() else None
        new_number = record is None and numbering.wants_new(ref)
        written = current is not None and state.written_by_docgen(ref.id, current)
        on_disk = OnDisk(
            current,
            written_by_docgen=written,
            untouched_properties=current is not None and prev is None and looks_untouched(target, ref.id),
            damaged=current is not None and not written and not opens_as_word(target),
        )
        reissue = numbering.options.reissue
        decision = decide(prev, entry.inputs_hash, on_disk, record, force=force, new_number=new_number, reissue=reissue)
        if decision.action == "keep_issued_edit":
            assert prev is not None
            prev.status, prev.error = "skipped", None
            entries[ref.id] = prev
            report.issued_edits.append(rel)
            continue
        if decision.action == "stamp":
            # The number goes into the person's own file; until it is there, the manifest keeps
            # what docgen wrote, so a failure leaves their file still seen as an edit.
            entry.edited = True
            made = (prev.sha256, prev.bytes or 0) if prev is not None and prev.sha256 else None
            yield _Job(ref, template, context, target, entry, None, True, made, stamp=True)
            continue
        if decision.action == "keep_edited":
            kept = prev or entry
            # The manifest keeps what docgen wrote, so the edit is still seen next time.
            kept.status, kept.edited, kept.error = "skipped", True, None
            entries[ref.id] = kept
            report.edited.append(rel)
            continue
        if decision.action == "skip":
            assert prev is not None
            prev.status, prev.error = "skipped", None
            if state_hash is not None:
                prev.extra[INPUTS_STATE] = state_hash  # checked against this state just now
            entries[ref.id] = prev
            continue
        if decision.move_aside:
            try:
                aside = damaged_copy(target) if decision.damaged else edited_copy(target)
                os.replace(target, aside)
            except OutputError as exc:
                _fail(entries, entry, prev, str(exc))
                continue
            except OSError as exc:  # open in Word (locked on Windows), no permission
                _fail(entries, entry, prev, str(write_error(exc, target)))
                continue
            if decision.damaged:
                report.damaged.append((rel, aside.relative_to(out_dir).as_posix()))
            elif force:
                report.edited.append(rel)
            else:  # --reissue over a person's numbered version (decide: keep_issued_edit)
                report.set_aside.append((rel, aside.relative_to(out_dir).as_posix()))
        previous = (current, target.stat().st_size) if current is not None and decision.ours else None
        yield _Job(ref, template, context, target, entry, record, new_number, previous)


def _fail(entries: dict[str, DocEntry], entry: DocEntry, prev: DocEntry | None, error: str) -> None:
    """``entry`` failed before rendering; the manifest keeps what docgen wrote last, so a
    clerk's file left in place is still seen as theirs next time."""
    entry.status, entry.error = "failed", error
    _remember_previous(entry, prev)
    entries[entry.doc_id] = entry


def _remember_previous(entry: DocEntry, prev: DocEntry | None) -> None:
    if prev is not None and prev.sha256:
        entry.path = entry.path or prev.path
        entry.sha256, entry.bytes = prev.sha256, prev.bytes


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
    """``_run_build`` holding the output folder's lock (``docgen.lock``) from the first file
    read to the manifest: a second command in the same folder waits, then stops."""
    refuse_for(ws, data, refs)
    with output_lock(Path(os.path.abspath(out_dir or ws.out_dir))):
        return _run_build(ws, data, refs, out_dir=out_dir, jobs=jobs, force=force, progress=progress,
                          register=register, options=options, pdf=pdf)  # fmt: skip


def _run_build(
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
    for memory in (JOURNAL, MANIFEST):  # appended to and read: never through a link
        check_no_link(out_dir, out_dir / memory)
    state = read_state(out_dir)
    report.warnings += state.problems
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
            # Charts drawn by an earlier build are not drawn again (after the inputs' hash: same bytes).
            context = chartcache.with_cached(job.context, ws.cache_dir / "charts")
            yield Task(job.ref.id, ws.templates_dir / job.template, context, job.target, out_dir, job.entry,
                       job.issued)  # fmt: skip

    # The pool reads the tasks in a thread of its own; a register connection belongs to the
    # thread that opened it, so with a register the documents are looked at first.
    source: Iterable[Task] = tasks() if register is None else list(tasks())
    # closing() shuts the pool down at once if the loop is left early (Ctrl-C, an error).
    with contextlib.closing(_execute(source, jobs, len(refs))) as results:
        for doc_id, digest, size, error, changed in results:
            job = by_id[doc_id]
            entry = job.entry
            if changed and options.reissue and register is not None:
                numbered_later.append(job)
                continue
            if error is None:
                entry.sha256, entry.bytes = digest, size
                chartcache.remember(job.context, job.target, ws.cache_dir / "charts")
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
    # Numbers follow the plan, not the workers; a consolidated report is numbered after every
    # other document, so that it counts the launch decisions and plans numbered in this run.
    numbered_later.sort(key=lambda job: (job.ref.kind == CONSOLIDATED, order[job.ref.id]))
    for job in numbered_later:
        entries[job.ref.id] = _issue_one(ws, data, job, numbering, out_dir, report)
        if progress:
            progress(job.ref, entries[job.ref.id].status)
    changed_units = {job.ref.unit for job in by_id.values()} | state.interrupted
    kept = {k: v for k, v in state.entries.items() if k not in entries and v.path and (out_dir / v.path).exists()}
    _refuse_kept_links(out_dir, kept, {r.unit for r in refs}, report)
    # A pack holds all of its unit's documents, also those this run did not select.
    units = _unit_documents(data, refs, {**kept, **entries})
    packs = {unit: dict(hashes) for unit, hashes in state.packs.items()}
    if pdf is not None:
        before_pdf = time.perf_counter() - started  # the DOCX stage, for the split of the time
        outcome = make_pdfs(out_dir, data, units, pdf, packs, force=force)
        changed_units |= outcome.changed_units
        report.edited += outcome.edited
        report.pdf_converted, report.pdf_current = outcome.converted, outcome.current
        report.pdf_failures, report.pdf_packs = outcome.failures, len(outcome.merged)
        report.pdf_lone, report.pdf_seconds = outcome.lone, {"docx": before_pdf, **outcome.seconds}
    else:
        stale = drop_stale_pdfs(
            out_dir, [e for unit_entries in units.values() for e in unit_entries], packs, force=force
        )
        report.edited += stale.by_hand
        report.pdf_failures = stale.failures
    pack_failures: list[tuple[str, str]] = []
    report.packs = _write_packs(out_dir, units, changed_units, packs, pack_failures)
    report.failed += len(pack_failures)
    report.failures += pack_failures
    report.unpacked = unpacked_files(out_dir, units)
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


def _refuse_kept_links(out_dir: Path, kept: dict[str, DocEntry], units: set[str], report: BuildReport) -> None:
    """A document this run did not select but whose unit is packed (or converted) again, now
    reached through a link: it fails instead of being read through it, so its pack is not made."""
    for doc_id, entry in kept.items():
        if entry.unit_id not in units:
            continue
        link = link_within(out_dir, out_dir / entry.path)
        if link is not None:
            failed = DocEntry.from_json(entry.to_json())
            failed.status, failed.error = "failed", str(link_refused(link, out_dir))
            kept[doc_id] = failed
            report.failed += 1
            report.failures.append((doc_id, failed.error))


def _issue_one(
    ws: Workspace, data: Dataset, job: _Job, numbering: Numbering, out_dir: Path, report: BuildReport
) -> DocEntry:
    """Number one document (new, or anew after --reissue) and write it; failures are recorded.

    A person's edited file (``job.stamp``) gets the number and date in its own header; its
    unnumbered version is kept beside it as ``x.ban-sua-N.docx``."""
    entry = job.entry
    template = ws.templates_dir / job.template
    digest = sha256_file(template) or "missing"

    def before_place(issued: Issued) -> None:
        # Recorded before the rename, like every document (see manifest.journal_append).
        entry.sha256, entry.bytes = issued.sha256, issued.size
        journal_append(out_dir, entry)

    def ours(context: dict[str, Any]) -> bytes:
        return bytes(_prepared(template).render(context, doc_id=job.ref.id))

    render: Callable[[dict[str, Any]], bytes] = ours
    copy: Path | None = None
    try:
        if job.stamp:
            render, copy = stamping_render(data, job.ref, job.target, ours)
        issued = numbering.issue(job.ref, job.target, render, before_place=before_place, replace=job.issued)
    except DocgenError as exc:
        entry.status, entry.error = "failed", str(exc)
        if job.previous is not None:
            entry.sha256, entry.bytes = job.previous
        if copy is not None:
            with contextlib.suppress(OSError):
                copy.unlink()  # the person's file was not touched: it is still the only one
        return entry
    if copy is not None:
        entry.extra[ISSUED_EDIT] = True
        report.stamped.append((entry.path, copy.relative_to(out_dir).as_posix()))
    entry.inputs_hash = inputs_hash(issued.context, digest)
    entry.sha256, entry.bytes = issued.sha256, issued.size
    entry.status, entry.error = "built", None
    _number_fields(entry, issued.context)
    if issued.new:
        report.issued.append((job.ref.id, issued.record.number_symbol, issued.record.date))
    if issued.voided is not None:
        report.voided.append((job.ref.id, issued.voided.number_symbol))
    return entry
