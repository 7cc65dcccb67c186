"""Benchmark: `docgen serve`'s overview of every unit and a cached thumbnail, server time.

    python bench/bench_serve.py [--runs N] [--jobs N]

A fresh workspace (``docgen init``) is built with ``docgen build --all --communes`` (252 units,
every document a draft). The overview (``/``: the units with each kind's status, from the
manifest, the register and a stat of every document) and one thumbnail already in the cache
(``/anh/<unit>/<sha256>/1.png``) are requested through Flask's test client — the application's
whole work for a request, without the network — and the median of ``--runs`` is printed
against the targets (< 200 ms and < 20 ms), with the machine. The first request of each, which
fills the caches (dataset, plan, file hashes; LibreOffice's conversion of the thumbnail), is
timed and printed apart. The issue gives no naive baseline: absolute figures. Timings are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docgen.web.app import create_app
from docgen.workspace import Workspace

TARGET_OVERVIEW_MS = 200.0
TARGET_THUMBNAIL_MS = 20.0


def _docgen(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "docgen", *args], cwd=REPO, check=True, stdout=subprocess.DEVNULL)


def _timed(get: object, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = get(url)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=0, help="build processes (0: one per core)")
    args = parser.parse_args()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"Máy: {platform.platform()}, {os.cpu_count()} lõi, Python {platform.python_version()}, tải {load}")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        root = Path(scratch) / "ws"
        _docgen("init", str(root))
        start = time.perf_counter()
        _docgen("-w", str(root), "build", "--all", "--communes", *(["--jobs", str(args.jobs)] if args.jobs else []))
        print(f"Chuẩn bị: docgen build --all --communes, {time.perf_counter() - start:.1f} s")
        app = create_app(Workspace.open(root))
        client = app.test_client()

        first = _timed(client.get, "/", 1)[0]
        body = client.get("/").get_data(as_text=True)
        units = len(re.findall(r'<td><a href="/don-vi/', body))
        overview = statistics.median(_timed(client.get, "/", args.runs))
        verdict = "đạt" if overview < TARGET_OVERVIEW_MS else "KHÔNG đạt"
        print(f"Tổng quan {units} đơn vị: trung vị {overview:.1f} ms / {args.runs} lần (lần đầu {first:.0f} ms); "
              f"mục tiêu < {TARGET_OVERVIEW_MS:.0f} ms: {verdict}")  # fmt: skip

        page = client.get("/don-vi/huyen-huong-khe").get_data(as_text=True)
        thumb = re.findall(r'src="(/anh/[^"]+\.png)"', page)[0]
        converted = _timed(client.get, thumb, 1)[0]
        cached = statistics.median(_timed(client.get, thumb, args.runs))
        verdict = "đạt" if cached < TARGET_THUMBNAIL_MS else "KHÔNG đạt"
        print(f"Ảnh thu nhỏ đã có trong bộ đệm: trung vị {cached:.2f} ms / {args.runs} lần "
              f"(lần đầu, LibreOffice chuyển sang PDF: {converted:.0f} ms); mục tiêu < {TARGET_THUMBNAIL_MS:.0f} ms: "
              f"{verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
