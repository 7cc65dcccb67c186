"""Benchmark: ``docgen template check`` on every bundled template takes under a second.

    python bench/bench_template_check.py [--repeat N]

Issue 15 asks the check of all bundled templates (six: tags, syntax, variables against the
contexts of real documents, Word artefacts, Decree 30 layout) to take under 1 s, so that an
author runs it after every change and ``build`` can run it before every build. There is no
naive tool to compare with, so the figures are absolute, with the machine they were measured on:

- the check itself, in process (data loaded once): median of N runs;
- the whole command as an author types it (interpreter start, data load, check), median of N.

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docgen.build.templates import check_files, workspace_templates
from docgen.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ws = Workspace.open(REPO)
    data = ws.load()
    targets = [(path, path.name) for path in workspace_templates(ws)]
    in_process = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = check_files(targets, data)
        in_process.append(time.perf_counter() - start)
    findings = sum(len(r.findings) for r in results)
    command = []
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(args.repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "docgen", "-w", str(REPO), "template", "check"],
            check=False,
            capture_output=True,
            env=env,
        )
        command.append(time.perf_counter() - start)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"templates: {len(targets)}, findings: {findings}")
    print(f"check, in process (median of {args.repeat}): {statistics.median(in_process):.3f} s")
    print(f"docgen template check, whole command (median of {args.repeat}): {statistics.median(command):.3f} s")
    print("target: under 1 s")


if __name__ == "__main__":
    main()
