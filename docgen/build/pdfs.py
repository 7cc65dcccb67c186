"""The build's PDF step: which documents need converting, their manifest ``pdf`` field, and
each unit's merged, bookmarked ``out/<unit>.pdf``.

Runs inside ``build.run_build`` after the DOCX step and before the packs and the manifest, so
that a pack ZIP carries the PDFs and the manifest describes them. Incremental like the DOCX
step: a PDF is converted again only when its DOCX bytes, its title, author or subject, or the
PDF format changed, or the file is not the one the manifest describes. Without ``--pdf`` a
rebuilt document's old PDF (and its unit's merged PDF) is removed: a PDF that no longer
matches its DOCX must never be sent by mistake. A PDF changed since docgen wrote it (signed,
stamped), a merged one too, is never removed or replaced: it is kept and reported, and only
``--force`` moves it aside as ``x.ban-sua-N.pdf``.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import re
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from docgen import kinds
from docgen.build.decide import decide_pdf
from docgen.build.manifest import DocEntry, sha256_file
from docgen.data.model import Dataset
from docgen.documents.plan import find_candidate
from docgen.errors import DocgenError
from docgen.fs import edited_copy, inside, link_refused, link_within, write_error

# docgen.pdf (and pypdf) are imported only when PDFs are made: a DOCX-only build stays quick to start.

VIETNAM = timezone(timedelta(hours=7))
_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]+)</dcterms:created>")


@dataclass(frozen=True)
class PdfSettings:
    """``--pdf``: the LibreOffice to use, how many at once, and the deadline per document."""

    soffice: Path
    jobs: int = 0
    timeout_per_document: float = 20.0

    @classmethod
    def locate(cls, soffice: Path | None = None, *, jobs: int = 0, timeout_per_document: float = 20.0) -> PdfSettings:
        """Find LibreOffice now, so a missing one stops the run before anything is written."""
        from docgen.pdf.soffice import find_soffice

        return cls(find_soffice(soffice), jobs, timeout_per_document)


@dataclass
class PdfOutcome:
    converted: int = 0
    current: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    merged: list[Path] = field(default_factory=list)
    changed_units: set[str] = field(default_factory=set)
    edited: list[str] = field(default_factory=list)  # PDFs changed by hand (signed...), kept
    # Documents a LibreOffice batch left out, converted again alone (a second each): reason → count.
    lone: dict[str, int] = field(default_factory=dict)
    # Where the time went (seconds): LibreOffice's batches (wall clock), normalising the PDFs
    # (summed over the workers, overlapping the conversion), merging the unit packs.
    seconds: dict[str, float] = field(default_factory=dict)


def pdf_path(entry: DocEntry) -> str:
    return str(Path(entry.path).with_suffix(".pdf").as_posix())


def unit_pdf(out_dir: Path, unit_id: str) -> Path:
    return inside(out_dir, f"{unit_id}.pdf")


def bookmark_title(data: Dataset, entry: DocEntry) -> str:
    """``Kế hoạch số 05/KH-UBND``; a draft ``Kế hoạch (dự thảo)``; reports name their period,
    achievement reports their candidate and award decisions their award, so that every bookmark
    of a pack is distinct."""
    kind = kinds.KINDS.get(entry.kind)
    label = kind.title if kind is not None else entry.kind
    if kind is not None and kind.axis == "candidate":
        candidate = find_candidate(data, entry.unit_id, entry.candidate)
        return f"{label}: {candidate.name}" if candidate else label
    title = f"{label} số {entry.number_symbol}" if entry.number_symbol else label
    if kind is not None and kind.axis == "period":
        period = next((p for p in data.campaign.periods if p.id == entry.period), None)
        if period is not None:
            title += f" {period.name}" if not entry.number_symbol else f" ({period.name})"
    if kind is not None and kind.axis == "award":
        # The province's award decisions: one per award, named by it.
        award = next((a for a in data.awards.awards if entry.doc_id.endswith(f"/{a.id}")), None)
        if award is not None:
            title += f" {award.name}" if not entry.number_symbol else f" ({award.name})"
    return title if entry.number_symbol else f"{title} (dự thảo)"


def _meta(title: str, author: str, subject: str) -> str:
    from docgen.pdf.normalise import PDF_FORMAT

    digest = hashlib.sha256()
    for part in (PDF_FORMAT, title, author, subject):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _document_time(docx: Path) -> datetime:
    """The document's own date, which render.set_properties put in docProps/core.xml: a PDF
    made from the same DOCX is stamped with the same time on every run."""
    with contextlib.suppress(OSError, zipfile.BadZipFile, KeyError, ValueError):
        with zipfile.ZipFile(docx) as archive:
            found = _CREATED.search(archive.read("docProps/core.xml"))
        if found:
            stamp = datetime.fromisoformat(found.group(1).decode("ascii").replace("Z", "+00:00"))
            return stamp.replace(tzinfo=VIETNAM)
    return datetime(2023, 1, 1, tzinfo=VIETNAM)


def _docx_sha(out_dir: Path, entry: DocEntry) -> str | None:
    # A clerk's edited file is what the PDF must show; docgen's own file is the entry's hash.
    return sha256_file(inside(out_dir, entry.path)) if entry.edited else entry.sha256


def make_pdfs(
    out_dir: Path,
    data: Dataset,
    units: dict[str, list[DocEntry]],
    settings: PdfSettings,
    packs: dict[str, dict[str, str]],
    *,
    force: bool = False,
) -> PdfOutcome:
    """Convert every document of ``units`` whose PDF is missing or out of date, record the
    ``pdf`` field of each entry, and merge the pack of every unit whose PDFs changed (or whose
    merged PDF is not the one ``packs`` recorded)."""
    from docgen.pdf.batches import ConversionStats
    from docgen.pdf.normalise import Conversion
    from docgen.pdf.soffice import convert_all

    outcome = PdfOutcome()
    todo: list[tuple[DocEntry, Conversion, str, str | None]] = []
    for entry in [e for unit_entries in units.values() for e in unit_entries]:
        if entry.status == "failed" or not entry.path:
            entry.extra.pop("pdf", None)
            continue
        title = bookmark_title(data, entry)
        meta = _meta(title, entry.unit_name, entry.subject)
        docx_sha = _docx_sha(out_dir, entry)
        target = inside(out_dir, pdf_path(entry))
        link = link_within(out_dir, target)
        if link is not None:  # never read, replace or pack a file through a link in out/
            entry.extra["pdf"] = {"error": str(link_refused(link, out_dir))}
            outcome.failures.append((entry.doc_id, f"PDF: {link_refused(link, out_dir)}"))
            continue
        decision = decide_pdf(entry.extra.get("pdf"), meta, docx_sha, sha256_file(target), force=force)
        if decision.action == "keep_edited":
            # Changed since docgen wrote it (signed, stamped): never overwritten silently.
            outcome.edited.append(pdf_path(entry))
            outcome.current += 1
            continue
        if decision.action == "skip":
            outcome.current += 1
            continue
        if decision.move_aside:
            outcome.edited.append(pdf_path(entry))
            if not _set_aside(target, outcome.failures, entry.doc_id, "PDF"):
                continue
        source = inside(out_dir, entry.path)
        item = Conversion(
            source=source,
            target=target,
            when=_document_time(source),
            doc_id=entry.doc_id,
            title=title,
            author=entry.unit_name,
            subject=entry.subject,
        )
        todo.append((entry, item, meta, docx_sha))
    stats = ConversionStats()
    started = time.perf_counter()
    results = convert_all(
        [item for _, item, _, _ in todo],
        jobs=settings.jobs,
        soffice=settings.soffice,
        timeout_per_document=settings.timeout_per_document,
        stats=stats,
    )
    outcome.seconds["convert"] = time.perf_counter() - started
    outcome.seconds["normalise"] = stats.normalise_seconds
    outcome.lone = dict(stats.reasons.most_common())
    for entry, item, meta, docx_sha in todo:
        outcome.changed_units.add(entry.unit_id)
        reason = results.get(entry.doc_id, "không được chuyển")
        if reason is None:
            try:
                entry.extra["pdf"] = _describe(entry, item.target, meta, docx_sha, stats.pages.get(entry.doc_id))
                outcome.converted += 1
                continue
            except DocgenError as exc:
                reason = exc.message
        entry.extra["pdf"] = {"error": reason}
        outcome.failures.append((entry.doc_id, f"PDF: {reason}"))
        with contextlib.suppress(OSError):
            os.unlink(item.target)  # never leave an old PDF beside a DOCX it no longer matches
    started = time.perf_counter()
    _merge_packs(out_dir, data, units, outcome, packs, force=force, jobs=settings.jobs)
    outcome.seconds["merge"] = time.perf_counter() - started
    return outcome


def _describe(entry: DocEntry, target: Path, meta: str, docx_sha: str | None, pages: int | None) -> dict[str, object]:
    from docgen.pdf.normalise import pdf_pages

    content = target.read_bytes()
    return {
        "path": pdf_path(entry),
        "sha256": hashlib.sha256(content).hexdigest(),
        "bytes": len(content),
        "pages": pages if pages is not None else pdf_pages(target),  # counted when it was normalised
        "source": docx_sha,
        "meta": meta,
    }


def _merge_packs(
    out_dir: Path,
    data: Dataset,
    units: dict[str, list[DocEntry]],
    outcome: PdfOutcome,
    packs: dict[str, dict[str, str]],
    *,
    force: bool = False,
    jobs: int = 0,
) -> None:
    todo: list[_PackJob] = []
    for unit_id, unit_entries in units.items():
        target = unit_pdf(out_dir, unit_id)
        recorded = packs.get(unit_id, {}).get("pdf")
        complete = all(isinstance(e.extra.get("pdf"), dict) and e.extra["pdf"].get("path") for e in unit_entries)
        if _by_hand(target, recorded) is not None:
            # Signed or stamped by hand: kept and reported (out of date if its unit changed);
            # only --force makes it again, keeping this one beside it.
            outcome.edited.append(target.relative_to(out_dir).as_posix())
            if not force:
                continue
            if not _set_aside(target, outcome.failures, unit_id, "PDF gộp"):
                continue
        if not complete:
            with contextlib.suppress(OSError):
                os.unlink(target)  # an incomplete pack is never left looking complete
            packs.get(unit_id, {}).pop("pdf", None)
            continue
        if unit_id not in outcome.changed_units and recorded is not None and sha256_file(target) == recorded:
            continue
        unit = data.units[unit_id]
        parts = [(bookmark_title(data, e), inside(out_dir, e.extra["pdf"]["path"])) for e in unit_entries]
        when = max(_document_time(inside(out_dir, e.path)) for e in unit_entries)
        todo.append(
            _PackJob(
                unit_id,
                parts,
                target,
                title=f"Hồ sơ thi đua năm {data.campaign.year} - {unit.name}",
                author=unit.name,
                subject=f"Văn bản thực hiện các phong trào thi đua năm {data.campaign.year}",
                when=when,
                pack_id=f"{unit_id}/pack",
            )
        )
    for job, error in zip(todo, _merge_all(todo, jobs), strict=True):
        if error is not None:
            outcome.failures.append((job.unit_id, f"PDF gộp: {error}"))
            continue
        packs.setdefault(job.unit_id, {})["pdf"] = sha256_file(job.target) or ""
        outcome.changed_units.add(job.unit_id)  # the ZIP pack carries the PDFs
        outcome.merged.append(job.target)


@dataclass(frozen=True)
class _PackJob:
    """One unit's merged PDF to write (what ``merge_pack`` needs, picklable for the pool)."""

    unit_id: str
    parts: list[tuple[str, Path]]
    target: Path
    title: str
    author: str
    subject: str
    when: datetime
    pack_id: str


_MERGE_POOL_THRESHOLD = 8  # fewer packs than this are merged without starting processes


def _merge_all(todo: list[_PackJob], jobs: int) -> list[str | None]:
    """Merge every pack; None or the reason it failed, in order. Many packs are merged by
    ``jobs`` processes (reading the parts and writing each pack to disk overlap; 247 packs: 0.85
    s against 1.3 s in one process), with the DOCX stage's pool settings: Ctrl-C ends them, a
    pack being written is finished first."""
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1 or len(todo) < _MERGE_POOL_THRESHOLD:
        return [_merge_one(job) for job in todo]
    from docgen.build import execute

    pool = multiprocessing.get_context(execute._start_method()).Pool(workers, initializer=execute._worker_signals)
    try:
        chunk = max(1, min(8, len(todo) // (workers * 4)))
        results = pool.map(_merge_job, todo, chunksize=chunk)
        pool.close()
    finally:
        execute._end(pool)
    return results


def _merge_job(job: _PackJob) -> str | None:
    """In a pool worker: like the DOCX stage's workers, a pack being written is whole before a
    worker told to end (SIGTERM) exits, so no temporary file is left in out/."""
    from docgen.build import execute

    execute._BUSY = True
    try:
        return _merge_one(job)
    finally:
        execute._BUSY = False
        if execute._ENDING:
            os._exit(1)


def _merge_one(job: _PackJob) -> str | None:
    from docgen.pdf.merge import merge_pack

    try:
        merge_pack(
            job.parts,
            job.target,
            title=job.title,
            author=job.author,
            subject=job.subject,
            when=job.when,
            pack_id=job.pack_id,
        )
    except DocgenError as exc:
        return str(exc)
    except Exception as exc:  # a bug must fail one pack, not the others
        return f"lỗi không mong đợi: {type(exc).__name__}: {exc}"
    return None


def _by_hand(path: Path, recorded: str | None) -> str | None:
    """The hash of the file at ``path`` if it is not the one docgen recorded writing there but
    still a PDF (signed or stamped since): such a file is never removed or replaced without
    --force. A file that no longer opens as a PDF (cut short) is damaged, not signed."""
    if not recorded:
        return None
    on_disk = sha256_file(path)
    if on_disk is None or on_disk == recorded:
        return None
    from docgen.pdf.merge import opens_as_pdf  # only when a PDF differs: pypdf is slow to import

    return on_disk if opens_as_pdf(path) else None  # a damaged file is no one's work: made again


def _set_aside(path: Path, failures: list[tuple[str, str]], key: str, label: str) -> bool:
    """--force over a person's PDF: kept beside as ``x.ban-sua-N.pdf``, like an edited DOCX.
    One that cannot be moved (open in a PDF reader or signing tool) stays whole and fails alone:
    ``(key, "<label>: <reason>")`` goes to ``failures`` and the answer is False."""
    try:
        os.replace(path, edited_copy(path))
    except OSError as exc:
        failures.append((key, f"{label}: {write_error(exc, path)}"))
        return False
    return True


@dataclass
class StalePdfs:
    """What :func:`drop_stale_pdfs` kept for a person, and what it could not move aside."""

    by_hand: list[str] = field(default_factory=list)  # relative to out/, for the report
    failures: list[tuple[str, str]] = field(default_factory=list)  # (doc or unit id, reason)


def drop_stale_pdfs(
    out_dir: Path, entries: Iterable[DocEntry], packs: dict[str, dict[str, str]], *, force: bool = False
) -> StalePdfs:
    """Without ``--pdf``: a document whose DOCX changed loses the old PDF docgen made of it
    (and its unit the merged PDF); an entry whose PDF was deleted by hand stops claiming it.

    A PDF that is not the one docgen wrote (signed, stamped) is kept, with its record, so it
    stays reported until ``--force`` moves it aside as ``x.ban-sua-N.pdf``. One that cannot be
    moved (open in a PDF reader on Windows) is kept too and fails alone; the others go on."""
    stale_units: set[str] = set()
    result = StalePdfs()
    for entry in entries:
        if entry.status == "failed" or not entry.path:
            continue
        recorded = entry.extra.get("pdf")
        path = inside(out_dir, pdf_path(entry))
        if isinstance(recorded, dict) and recorded.get("source") == _docx_sha(out_dir, entry) and path.exists():
            continue
        if recorded is None and entry.status != "built":
            continue
        stale_units.add(entry.unit_id)
        made = recorded.get("sha256") if isinstance(recorded, dict) else None
        if _by_hand(path, made if isinstance(made, str) else None) is not None:
            result.by_hand.append(pdf_path(entry))
            if not force:
                continue
            if not _set_aside(path, result.failures, entry.doc_id, "PDF"):
                continue
        entry.extra.pop("pdf", None)
        with contextlib.suppress(OSError):
            os.unlink(path)
    for unit_id in sorted(stale_units):
        merged = unit_pdf(out_dir, unit_id)
        if _by_hand(merged, packs.get(unit_id, {}).get("pdf")) is not None:
            result.by_hand.append(merged.relative_to(out_dir).as_posix())
            if not force:
                continue
            if not _set_aside(merged, result.failures, unit_id, "PDF gộp"):
                continue
        with contextlib.suppress(OSError):
            os.unlink(merged)
        packs.get(unit_id, {}).pop("pdf", None)
    return result
