"""Benchmark: `docgen build` against the naive way, in one run.

    python bench/bench_build.py [--jobs N] [--passes P] [--naive-limit N]

Builds every document of the province with the communes (P passes with --force, so at
least 1,000 documents are rendered), then renders the same documents the naive way — a fresh
``DocxTemplate`` per document, ``render``, ``save``, one process — and prints documents per
second for both, their ratio, and the peak memory of the build's processes for a small and a
full run (it must not grow with the number of documents). Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docxtpl import DocxTemplate

from docgen.build.run import run_build
from docgen.documents.context import build_context
from docgen.documents.plan import plan, template_name
from docgen.docx.env import environment
from docgen.workspace import Workspace


def _workspace(tmp: Path) -> Workspace:
    root = tmp / "ws"
    for name in ("data", "templates"):
        shutil.copytree(REPO / name, root / name)
    return Workspace.open(root)


def _peak_rss_mib(limit: int, jobs: int) -> float:
    """Peak resident memory (MiB) of a build of ``limit`` documents, parent and workers."""
    code = f"""
import json, resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, {str(REPO)!r})
from docgen.documents.plan import plan
from docgen.build.run import run_build
from docgen.workspace import Workspace
ws = Workspace.open({str(REPO)!r})
data = ws.load()
refs = plan(data, communes=True, units=(), kinds=())[:{limit}]
with tempfile.TemporaryDirectory() as out:
    run_build(ws, data, refs, out_dir=Path(out), jobs={jobs}, force=True)
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps([me, kids]))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    me, kids = json.loads(result.stdout.strip().splitlines()[-1])
    return max(me, kids) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--naive-limit", type=int, default=0, help="render only N documents the naive way (0: all)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ws = _workspace(tmp)
        data = ws.load()
        refs = plan(data, communes=True)
        print(f"{len(refs)} documents per pass (all units and the 216 communes), {args.jobs} worker(s)")

        total = 0
        started = time.perf_counter()
        for n in range(args.passes):
            report = run_build(ws, data, refs, out_dir=tmp / f"out{n}", jobs=args.jobs, force=True)
            assert report.failed == 0, report.failures[:3]
            total += report.built
        docgen_seconds = time.perf_counter() - started
        docgen_rate = total / docgen_seconds
        print(f"docgen build : {total} documents in {docgen_seconds:.2f} s = {docgen_rate:.0f} documents/s")

        again = time.perf_counter()
        report = run_build(ws, data, refs, out_dir=tmp / "out0", jobs=args.jobs)
        print(f"no-op rebuild: {report.skipped} skipped in {time.perf_counter() - again:.2f} s")

        naive_refs = refs[: args.naive_limit] if args.naive_limit else refs
        contexts = [(ws.templates_dir / template_name(data, r), build_context(data, r)) for r in naive_refs]
        env = environment()
        started = time.perf_counter()
        for template, context in contexts:
            tpl = DocxTemplate(template)
            tpl.render(context, env, autoescape=True)
            tpl.save(io.BytesIO())
        naive_seconds = time.perf_counter() - started
        naive_rate = len(contexts) / naive_seconds
        print(f"naive docxtpl: {len(contexts)} documents in {naive_seconds:.2f} s = {naive_rate:.0f} documents/s")
        print(f"ratio        : {docgen_rate / naive_rate:.1f}x the naive way's throughput")

    small = _peak_rss_mib(100, args.jobs)
    full = _peak_rss_mib(len(refs), args.jobs)
    print(f"peak memory  : {small:.0f} MiB for 100 documents, {full:.0f} MiB for {len(refs)} documents")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this benchmark process itself peaked at {own:.0f} MiB)")


if __name__ == "__main__":
    main()
