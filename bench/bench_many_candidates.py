"""Benchmark: one unit proposing 5,000 candidates builds as fast as the province.

    python bench/bench_many_candidates.py [--candidates N] [--jobs J]

Generates a workspace (in a temporary folder) whose unit ``huyen-huong-khe`` proposes N
candidates (default 5,000: copies of its own three, with generated Vietnamese names, one in
ten a namesake of another, as real lists have), then, in the same run and on the same machine:

- builds the whole province with the communes from the bundled data (the baseline: documents
  per second of an ordinary build), and
- builds that one unit (N achievement reports, its tờ trình and its list),

and prints documents per second for both and their ratio. Issue 14 asks the ratio to be at
least 0.80 (choosing file names was quadratic in the number of candidates: 5,000 candidates
took 209 s, 24 documents per second). Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docgen.build.run import run_build
from docgen.documents.plan import plan
from docgen.workspace import Workspace

UNIT = "huyen-huong-khe"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"]  # fmt: skip


def _name(n: int) -> str:
    if n % 10 == 9:
        n -= 1  # a namesake of the previous candidate
    return f"{FAMILY[n % len(FAMILY)]} {MIDDLE[(n // 14) % len(MIDDLE)]} {GIVEN[(n // 140) % len(GIVEN)]}"


def _workspace(tmp: Path, count: int) -> Workspace:
    """The bundled data; with ``count``, its unit UNIT proposes ``count`` candidates."""
    root = tmp / "ws"
    for name in ("data", "templates"):
        shutil.copytree(REPO / name, root / name)
    if not count:
        return Workspace.open(root)
    path = root / "data" / "candidates.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    own = [c for c in data["candidates"] if c["unit"] == UNIT]
    others = [c for c in data["candidates"] if c["unit"] != UNIT]
    generated = []
    for n in range(count):
        candidate = dict(own[n % len(own)])
        candidate["id"] = f"{UNIT}-{n + 1}"
        candidate["rank"] = n + 1
        if candidate["type"] == "individual":
            candidate["name"] = _name(n)
        else:
            candidate["name"] = f"{own[n % len(own)]['name']} (đơn vị {n + 1})"
        generated.append(candidate)
    data["candidates"] = others + generated
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Workspace.open(root)


def _rate(ws: Workspace, out: Path, jobs: int, **selection: object) -> tuple[int, float]:
    data = ws.load()
    refs = plan(data, **selection)  # type: ignore[arg-type]
    started = time.perf_counter()
    report = run_build(ws, data, refs, out_dir=out, jobs=jobs, force=True)
    seconds = time.perf_counter() - started
    assert report.failed == 0, report.failures[:3]
    return len(refs), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundled = _workspace(Path(tmp) / "bundled", 0)
        ws = _workspace(Path(tmp) / "many", args.candidates)
        for workspace in (bundled, ws):
            workspace.load()  # validated and cached outside the timings
        province, province_s = _rate(bundled, Path(tmp) / "province", args.jobs, communes=True, units=(), kinds=())
        many, many_s = _rate(ws, Path(tmp) / "unit", args.jobs, communes=True, units=(UNIT,), kinds=())
    base, unit_rate = province / province_s, many / many_s
    print(f"Máy: {platform.machine()}, {os.cpu_count()} nhân, Python {platform.python_version()}")
    print(f"Cả tỉnh kèm xã (đường cơ sở): {province} văn bản trong {province_s:.1f} s = {base:.1f} văn bản/giây")
    print(f"{UNIT} với {args.candidates} đề nghị: {many} văn bản trong {many_s:.1f} s = {unit_rate:.1f} văn bản/giây")
    print(f"Tỷ lệ so với cả tỉnh: {unit_rate / base:.2f} (yêu cầu ≥ 0,80)")


if __name__ == "__main__":
    main()
