"""Benchmark: `docgen build --all --communes --pdf` end to end through the CLI, against one
LibreOffice process per document, in one run.

    python bench/bench_pdf.py [--jobs N] [--naive-sample N] [--select "--all --communes"]

What a clerk waits for is timed: a fresh workspace (``docgen init``), then ``docgen build
--all --communes --pdf --json`` from an empty ``out/`` as a subprocess (start-up, DOCX, PDF,
merged packs, ZIP packs and the manifest), with warm LibreOffice profiles (a small build
before it fills docgen's profile cache). The naive way — ``soffice --headless --convert-to
pdf`` started once per document, with one warm profile — costs about a second per document,
so it is timed on an evenly spread sample of the same documents (``--naive-sample``, at least
60) in the same run. Printed: PDF/s of both and their ratio, the split of the build's time
(render, convert, normalise, merge, the rest) from its ``--json`` report, the number of
documents LibreOffice left out of its batches (converted alone), and a rebuild with nothing
changed. Next to them, the DOCX stage alone through the CLI against plain docxtpl, run by run
(``bench_build.py``'s measurement, ``--docx-runs``; 0 skips it). Timings are printed, never
asserted; the machine's load is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_build import docgen as _docgen
from bench_build import docx_runs, fresh_workspace, summary
from bench_build import load_average as _load

from docgen.pdf.soffice import find_soffice

TARGET_SECONDS = 60.0
TARGET_RATIO = 20.0
MIN_NAIVE = 60


def _report(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"docgen did not answer in JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    if not isinstance(report, dict):
        sys.exit(f"unexpected report: {report!r}")
    return report


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
    parser.add_argument("--jobs", type=int, default=0, help="docgen build --jobs (default: one per core)")
    parser.add_argument("--naive-sample", type=int, default=MIN_NAIVE, help="documents converted the naive way")
    parser.add_argument("--select", default="--all --communes", help="what to build (default: the whole province)")
    parser.add_argument("--docx-runs", type=int, default=2, help="runs of the DOCX stage against docxtpl (0: none)")
    args = parser.parse_args()
    sample_size = args.naive_sample
    if sample_size < MIN_NAIVE:
        print(f"note: a naive sample under {MIN_NAIVE} documents is for trying the benchmark, not for the figures")

    soffice = find_soffice()
    version = subprocess.run([str(soffice), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"soffice: {soffice} ({version}); cores: {os.cpu_count()}; jobs: {args.jobs or 'cores'}; {_load()}")

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "DOCGEN_CACHE_DIR": str(tmp / "cache"), "PYTHONIOENCODING": "utf-8"}
        env.pop("DOCGEN_WORKSPACE", None)
        ws = tmp / "ws"
        _, made = _docgen(env, "init", str(ws))
        if made.returncode != 0:
            sys.exit(f"docgen init failed:\n{made.stdout}\n{made.stderr}")
        jobs = ("--jobs", str(args.jobs)) if args.jobs else ()

        # Warm: LibreOffice's shared caches, and docgen's cached profiles (one per worker).
        _, warm = _docgen(
            env, "-w", str(ws), "build", "--unit", "so-noi-vu", "--pdf", "--out", str(tmp / "warm"), *jobs
        )
        if warm.returncode != 0:
            sys.exit(f"warm-up build failed:\n{warm.stdout}\n{warm.stderr}")

        selection = shlex.split(args.select)
        command = ["-w", str(ws), "build", *selection, "--pdf", "--json", *jobs]
        print(f"$ docgen {' '.join(command)}   (from an empty out/; {_load()})")
        wall, built = _docgen(env, *command)
        report = _report(built)
        pdf = report["pdf"]
        assert isinstance(pdf, dict)
        converted = int(pdf["converted"])
        lone = pdf["lone"]
        split = {k: float(v) for k, v in pdf["seconds"].items()}
        rate = converted / wall
        failures = len(pdf["failures"]) + int(report["failed"])  # type: ignore[call-overload]
        print(
            f"end to end: {report['documents']} documents, {converted} PDFs, {pdf['packs']} unit PDFs in "
            f"{wall:.1f} s = {rate:.1f} PDF/s; {failures} failed (target ≤ {TARGET_SECONDS:.0f} s); {_load()}"
        )
        rest = wall - split.get("docx", 0) - split.get("convert", 0) - split.get("merge", 0)
        print(
            "time split: "
            f"render (DOCX stage) {split.get('docx', 0):.1f} s, "
            f"convert (LibreOffice batches) {split.get('convert', 0):.1f} s, "
            f"normalise {split.get('normalise', 0):.1f} s (summed over workers, during the conversion), "
            f"merge {split.get('merge', 0):.1f} s, rest (start-up, ZIP packs, manifest) {rest:.1f} s"
        )
        assert isinstance(lone, dict)
        print(f"lone conversions (LibreOffice left them out of a batch): {lone['count']} {lone['reasons']}")

        # The naive way on documents of the same build, evenly spread, one warm profile.
        manifest = json.loads((ws / "out" / "manifest.json").read_text(encoding="utf-8"))
        sources = [ws / "out" / str(e["path"]) for e in manifest["documents"] if e.get("pdf")]
        step = max(1, len(sources) // sample_size)
        sample = sources[::step][:sample_size]
        profile = tmp / "naive-profile"
        _naive_one(soffice, profile, sample[0], tmp / "naive-warm")  # untimed: fills the profile
        times = [_naive_one(soffice, profile, src, tmp / "naive" / str(n)) for n, src in enumerate(sample)]
        naive = statistics.mean(times)
        print(
            f"one soffice per document: {len(sample)} of the {len(sources)} documents, "
            f"{naive:.2f} s each (median {statistics.median(times):.2f}) = {1 / naive:.2f} PDF/s; {_load()}"
        )
        print(f"ratio: docgen end to end is {rate * naive:.1f}× the naive conversion (target ≥ {TARGET_RATIO:.0f}×)")

        again, rebuilt = _docgen(env, *command)
        second = _report(rebuilt)["pdf"]
        assert isinstance(second, dict)
        print(
            f"rebuild, nothing changed: {again:.1f} s ({second['converted']} converted, "
            f"{second['unchanged']} unchanged)"
        )

    if args.docx_runs:
        print("DOCX stage alone, whole command, against plain docxtpl (bench_build.py):")
        with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp_name:
            ws, env = fresh_workspace(Path(tmp_name))
            print(summary(docx_runs(ws, env, args.docx_runs, jobs)))


if __name__ == "__main__":
    main()
