"""Benchmark: docgen's PDF stage against one LibreOffice process per document, in one run.

    python bench/bench_pdf.py [--jobs N] [--naive-sample N] [--communes] [--repeat R]

Builds every document of the province (``docgen build --all``: 261 documents; with
``--communes`` the communes too) into a temporary folder, then converts them all with
``docgen.pdf.convert_all`` (``--jobs``, default one LibreOffice per CPU core) and prints PDFs
per second. The naive way — ``soffice --headless --convert-to pdf`` started once per
document — costs about a second per document, so it is timed on an evenly spread sample
(``--naive-sample``, default 100) and its rate extrapolated; the ratio of the two is printed.
Also printed: LibreOffice start-up with a fresh versus a reused profile (why profiles are
cached), the time to merge every unit's pack, and whether a second conversion gives the same
bytes. Timings are printed, never asserted; the machine's load is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docgen.build.pdfs import PdfSettings
from docgen.build.run import run_build
from docgen.documents.plan import plan
from docgen.pdf.merge import merge_pack
from docgen.pdf.normalise import Conversion, pdf_pages
from docgen.pdf.soffice import convert_all, find_soffice
from docgen.workspace import Workspace

WHEN = datetime(2023, 7, 5, 8, 0, tzinfo=timezone(timedelta(hours=7)))
TITLES = {
    "quyet-dinh": "Quyết định",
    "ke-hoach": "Kế hoạch",
    "bao-cao": "Báo cáo",
    "to-trinh": "Tờ trình",
    "bao-cao-thanh-tich": "Báo cáo thành tích",
}


def _load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
        return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"
    except (AttributeError, OSError):
        return "load average: n/a"


def _build(tmp: Path, communes: bool, jobs: int) -> tuple[Path, list[dict[str, object]]]:
    ws = Workspace.open(REPO)
    data = ws.load()
    out = tmp / "docx"
    report = run_build(ws, data, plan(data, communes=communes), out_dir=out, jobs=jobs, force=True)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["documents"] if e["status"] == "built"]
    print(f"built {report.built} DOCX in {report.seconds:.1f} s ({report.failed} failed)")
    return out, entries


def _items(out: Path, entries: list[dict[str, object]], pdf_dir: Path) -> list[Conversion]:
    items = []
    for e in entries:
        source = out / str(e["path"])
        symbol = e.get("number_symbol")
        label = TITLES.get(str(e["kind"]), str(e["kind"]))
        items.append(
            Conversion(
                source=source,
                target=pdf_dir / str(e["unit_id"]) / f"{source.stem}.pdf",
                when=WHEN,
                doc_id=str(e["doc_id"]),
                title=f"{label} số {symbol}" if symbol else f"{label} (dự thảo)",
                author=str(e["unit_name"]),
                subject=str(e["subject"]),
            )
        )
    return items


def _naive_one(soffice: Path, profile: Path, source: Path, outdir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            str(soffice),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        check=False,
        timeout=120,
    )
    seconds = time.perf_counter() - started
    if not (outdir / f"{source.stem}.pdf").exists():
        print(f"  naive conversion of {source.name} produced no PDF")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="LibreOffice processes (default: cores)")
    parser.add_argument("--naive-sample", type=int, default=100, help="documents timed the naive way (default 100)")
    parser.add_argument("--communes", action="store_true", help="include the communes' documents")
    parser.add_argument("--repeat", type=int, default=1, help="time docgen's way this many times, report the best")
    args = parser.parse_args()

    soffice = find_soffice()
    version = subprocess.run([str(soffice), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"soffice: {soffice} ({version}); cores: {os.cpu_count()}; jobs: {args.jobs}; {_load()}")

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["DOCGEN_CACHE_DIR"] = str(tmp / "cache")  # profiles of this run only
        out, entries = _build(tmp, args.communes, args.jobs)
        documents = len(entries)

        # Warm the disk cache and create LibreOffice's shared caches once, untimed.
        warm = tmp / "warm"
        _naive_one(soffice, tmp / "warm-profile", out / str(entries[0]["path"]), warm)

        best = float("inf")
        items: list[Conversion] = []
        for attempt in range(args.repeat):
            pdf_dir = tmp / f"pdf-{attempt}"
            items = _items(out, entries, pdf_dir)
            started = time.perf_counter()
            result = convert_all(items, jobs=args.jobs, soffice=soffice, work_dir=tmp / "work")
            seconds = time.perf_counter() - started
            failed = {k: v for k, v in result.items() if v}
            pages = sum(pdf_pages(i.target) for i in items if result[i.doc_id] is None)
            print(
                f"docgen convert_all: {documents} documents ({pages} pages) in {seconds:.2f} s = "
                f"{documents / seconds:.1f} PDF/s ({seconds / documents * 1000:.0f} ms each), {len(failed)} failed; "
                f"{_load()}"
            )
            for doc_id, reason in list(failed.items())[:5]:
                print(f"  failed {doc_id}: {reason}")
            best = min(best, seconds)
        rate = documents / best

        step = max(1, documents // args.naive_sample)
        sample = [out / str(e["path"]) for e in entries[::step][: args.naive_sample]]
        naive_profile = tmp / "naive-profile"
        naive_times = [_naive_one(soffice, naive_profile, src, tmp / "naive" / str(n)) for n, src in enumerate(sample)]
        naive = statistics.mean(naive_times)
        print(
            f"one soffice process per document (sample of {len(sample)} of the {documents} documents, evenly spread, "
            f"one reused profile): {naive:.2f} s each (median {statistics.median(naive_times):.2f}) = "
            f"{1 / naive:.2f} PDF/s; {_load()}"
        )
        print(f"ratio: docgen is {rate * naive:.1f}× faster (target ≥ 20×)")

        # What a clerk runs: `docgen build --pdf` from nothing (DOCX, PDF, ZIP and PDF packs, manifest).
        ws = Workspace.open(REPO)
        data = ws.load()
        refs = plan(data, communes=args.communes)
        started = time.perf_counter()
        report = run_build(
            ws, data, refs, out_dir=tmp / "e2e", jobs=args.jobs, force=True, pdf=PdfSettings(soffice, args.jobs)
        )
        seconds = time.perf_counter() - started
        print(
            f"run_build(pdf=...) end to end: {len(refs)} documents, {report.pdf_converted} PDFs, "
            f"{report.pdf_packs} unit PDFs in {seconds:.2f} s = {len(refs) / seconds:.1f} documents/s; "
            f"ratio {len(refs) / seconds * naive:.1f}× the one-process-per-document conversion alone; "
            f"{len(report.pdf_failures)} failed; {_load()}"
        )
        started = time.perf_counter()
        report = run_build(ws, data, refs, out_dir=tmp / "e2e", jobs=args.jobs, pdf=PdfSettings(soffice, args.jobs))
        print(
            f"run_build(pdf=...) again, nothing changed: {time.perf_counter() - started:.2f} s "
            f"({report.pdf_converted} converted, {report.pdf_current} unchanged)"
        )

        # Why profiles are cached: a profile LibreOffice has already initialised starts faster.
        small = min(sample, key=lambda p: p.stat().st_size)
        fresh, reused = [], []
        for n in range(5):
            profile = tmp / f"start-profile-{n}"
            fresh.append(_naive_one(soffice, profile, small, tmp / "start"))
            reused.append(_naive_one(soffice, profile, small, tmp / "start"))
            shutil.rmtree(profile, ignore_errors=True)
        print(
            f"LibreOffice start + 1 document: fresh profile {statistics.median(fresh):.2f} s, "
            f"reused profile {statistics.median(reused):.2f} s (medians of 5)"
        )

        # Packs: every unit's documents merged in a fixed order.
        by_unit: dict[str, list[Conversion]] = {}
        for item in items:
            if item.target.exists():
                by_unit.setdefault(item.target.parent.name, []).append(item)
        started = time.perf_counter()
        pack_pages = 0
        for unit, unit_items in by_unit.items():
            pack_pages += merge_pack(
                [(i.title, i.target) for i in unit_items],
                tmp / "packs" / f"{unit}.pdf",
                title="Hồ sơ phong trào thi đua năm 2023",
                author=unit_items[0].author,
                subject="Phong trào thi đua yêu nước năm 2023",
                when=WHEN,
                pack_id=unit,
            )
        seconds = time.perf_counter() - started
        print(f"merge_pack: {len(by_unit)} unit packs, {pack_pages} pages in {seconds:.2f} s")

        # Reproducibility: a second, separate conversion of a sample gives the same bytes.
        again = [
            Conversion(i.source, tmp / "again" / f"{n}.pdf", i.when, i.doc_id, i.title, i.author, i.subject)
            for n, i in enumerate(items[:: max(1, documents // 10)][:10])
        ]
        convert_all(again, jobs=args.jobs, soffice=soffice)
        originals = {i.doc_id: i.target for i in items}
        same = sum(a.target.exists() and a.target.read_bytes() == originals[a.doc_id].read_bytes() for a in again)
        print(f"reproducible: {same}/{len(again)} documents byte-identical on a second conversion")


if __name__ == "__main__":
    main()
