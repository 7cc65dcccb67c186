"""Benchmark: the DOCX stage, `docgen build --all --communes --force` through the CLI, against
the naive docxtpl way, in one run.

    python bench/bench_build.py [--jobs N] [--runs R] [--naive-limit N] [--no-memory]

What a clerk waits for is timed: the whole command as a subprocess (Python's start-up, the
imports, loading the data, the template check, the parent's preparation of every document,
rendering in the workers, the ZIP packs and the manifest) on a fresh workspace (``docgen
init``) with the communes: 909 documents. One untimed build first fills the caches a second
build finds (the dataset and template-check caches), as on the office's machine.

The naive way, named: a fresh ``DocxTemplate(template)`` per document, ``render(context,
env)``, ``save()`` to memory — plain docxtpl in one process, the way its documentation shows,
on the same documents with the same contexts (made beforehand, not timed). Each run times
both, one after the other, and prints its own ratio of documents per second: the target (≥ 5×
and ≥ 200 documents/s) must hold on every run, not on the best one. Then a rebuild with
nothing changed, and the peak memory of a small and a full build (it must not grow with the
number of documents). Timings are printed, never asserted; the machine's load is printed with
them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from docgen.documents.context import build_context
from docgen.documents.plan import plan, template_name
from docgen.docx.charts import render_png
from docgen.docx.env import environment
from docgen.workspace import Workspace

TARGET_RATIO = 5.0
TARGET_RATE = 200.0
DOCX_COMMAND = ("build", "--all", "--communes", "--force", "--json")


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
        return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"
    except (AttributeError, OSError):
        return "load average: n/a"


def docgen(env: dict[str, str], *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """``python -m docgen ARGS`` from this checkout, timed from outside (start-up included)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=REPO,  # python -m docgen runs this checkout's code
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return time.perf_counter() - started, result


def json_report(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"docgen did not answer in JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    if not isinstance(report, dict) or not report.get("ok"):
        sys.exit(f"docgen failed (exit {result.returncode}):\n{result.stdout[:2000]}\n{result.stderr[:2000]}")
    return report


def fresh_workspace(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A workspace made by ``docgen init`` in ``tmp``, and the environment to run docgen in
    (its caches inside ``tmp`` too)."""
    env = {**os.environ, "DOCGEN_CACHE_DIR": str(tmp / "cache"), "PYTHONIOENCODING": "utf-8"}
    env.pop("DOCGEN_WORKSPACE", None)
    ws = tmp / "ws"
    _, made = docgen(env, "init", str(ws))
    if made.returncode != 0:
        sys.exit(f"docgen init failed:\n{made.stdout}\n{made.stderr}")
    return ws, env


def naive_contexts(ws: Path) -> list[tuple[Path, dict[str, object]]]:
    """Every document of the province with the communes: its template and its context."""
    workspace = Workspace.open(ws)
    data = workspace.load()
    return [
        (workspace.templates_dir / template_name(data, ref), build_context(data, ref))
        for ref in plan(data, communes=True)
    ]


def with_images(tpl: DocxTemplate, context: dict[str, object]) -> dict[str, object]:
    """The naive way draws the consolidated report's charts too, as docxtpl's ``InlineImage``s
    (docgen draws them as well): the same work on both sides of the ratio."""
    consolidation = context.get("consolidation")
    if not isinstance(consolidation, dict):
        return context
    charts = [
        {**item, "chart": InlineImage(tpl, io.BytesIO(render_png(item["chart"])), width=Mm(159))}
        for item in consolidation["charts"]
    ]
    return {**context, "consolidation": {**consolidation, "charts": charts}}


def naive_rate(contexts: list[tuple[Path, dict[str, object]]]) -> float:
    """Documents per second, plain docxtpl: a fresh template per document, rendered, saved."""
    env = environment()
    started = time.perf_counter()
    for template, context in contexts:
        tpl = DocxTemplate(template)
        tpl.render(with_images(tpl, context), env, autoescape=True)
        tpl.save(io.BytesIO())
    return len(contexts) / (time.perf_counter() - started)


def docx_runs(
    ws: Path, env: dict[str, str], runs: int, jobs: tuple[str, ...], limit: int = 0
) -> list[tuple[float, float]]:
    """``runs`` pairs of (docgen's documents/s through the CLI, the naive documents/s), each
    pair measured one after the other; every run's figures are printed as it ends."""
    command = ("-w", str(ws), *DOCX_COMMAND, *jobs)
    _, warm = docgen(env, *command)  # untimed: the caches a second build finds
    json_report(warm)
    contexts = naive_contexts(ws)
    if limit:
        contexts = contexts[:: max(1, len(contexts) // limit)][:limit]
    print(f"$ docgen {' '.join(command)}   ({len(contexts)} documents the naive way; {load_average()})")
    pairs = []
    for n in range(1, runs + 1):
        wall, result = docgen(env, *command)
        report = json_report(result)
        built = int(report["built"])  # type: ignore[call-overload]
        rate = built / wall
        naive = naive_rate(contexts)
        pairs.append((rate, naive))
        print(
            f"run {n}: docgen {built} documents in {wall:.2f} s = {rate:.0f} documents/s "
            f"(build itself {float(report['seconds']):.2f} s); naive docxtpl {naive:.1f} documents/s; "  # type: ignore[arg-type]
            f"ratio {rate / naive:.2f}×; {load_average()}"
        )
    return pairs


def summary(pairs: list[tuple[float, float]]) -> str:
    ratios = [rate / naive for rate, naive in pairs]
    rates = [rate for rate, _ in pairs]
    held = all(r >= TARGET_RATIO for r in ratios) and all(r >= TARGET_RATE for r in rates)
    return (
        f"DOCX stage, whole command: {min(rates):.0f}–{max(rates):.0f} documents/s "
        f"(target ≥ {TARGET_RATE:.0f}), {min(ratios):.2f}–{max(ratios):.2f}× naive docxtpl "
        f"(median {statistics.median(ratios):.2f}×, target ≥ {TARGET_RATIO:.0f}× on every run): "
        f"{'held on every run' if held else 'NOT held on every run'}"
    )


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=0, help="docgen build --jobs (default: one per core)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs, each with its own naive measurement")
    parser.add_argument("--naive-limit", type=int, default=0, help="render only N documents the naive way (0: all)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory builds")
    args = parser.parse_args()
    jobs = ("--jobs", str(args.jobs)) if args.jobs else ()
    print(f"cores: {os.cpu_count()}; jobs: {args.jobs or 'cores'}; {load_average()}")

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp_name:
        ws, env = fresh_workspace(Path(tmp_name))
        pairs = docx_runs(ws, env, args.runs, jobs, args.naive_limit)
        print(summary(pairs))
        again, rebuilt = docgen(env, "-w", str(ws), *DOCX_COMMAND[:-2], "--json", *jobs)
        report = json_report(rebuilt)
        print(f"no-op rebuild (no --force): {report['skipped']} skipped in {again:.2f} s, whole command")

    if not args.no_memory:
        cores = args.jobs or os.cpu_count() or 1
        small = _peak_rss_mib(100, cores)
        full = _peak_rss_mib(909, cores)
        print(f"peak memory  : {small:.0f} MiB for 100 documents, {full:.0f} MiB for 909 documents")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this benchmark process itself peaked at {own:.0f} MiB)")


if __name__ == "__main__":
    main()
