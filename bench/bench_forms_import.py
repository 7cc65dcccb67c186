"""Benchmark: reading back a filled form with 5,000 candidates against a naive reader.

    python bench/bench_forms_import.py [--candidates N] [--repeat N]

The form is the sample district's, exported by docgen with N candidates (the district's three
repeated, each with its achievements, yearly results, initiatives and awards: some 50,000 rows
over the six sheets). Both readers read the same file in the same run:

- docgen: ``read_form`` — openpyxl's read-only mode with cached values, one regex pass over each
  sheet's XML for merges and hidden rows, every cell typed and located, every entry checked by
  the data model (``Report``, ``Candidate``);
- naive: the usual openpyxl recipe — ``load_workbook`` in normal mode twice (once for the
  formulas, to find those without a value, once for the cached values), merged ranges and hidden
  rows from the loaded sheets, every cell of the 30 columns and the five keyed sheets read
  through ``ws.cell(row, column)``, drop-down names mapped to ids, one ``Candidate`` validation
  per row (no cell-located messages).

Timings are printed (best of N), never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import openpyxl

from docgen.data.model import Candidate, Dataset
from docgen.documents.eligibility import LEVEL_NAMES, RATING_NAMES
from docgen.forms import layout
from docgen.forms.importing import read_form
from docgen.forms.layout import form_of
from docgen.forms.workbook import workbook_bytes
from docgen.workspace import Workspace

UNIT = "huyen-huong-khe"
_FIELDS = [
    "type",
    "name",
    "award",
    "rank",
    "workplace",
    "summary",
    "emulation",
    "position",
    "gender",
    "birth_date",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "political_qualification",
    "professional_qualification",
    "duties",
    "profile",
    "organisation",
]


def many_candidates(data: Dataset, count: int) -> Dataset:
    base = [c for c in data.candidates if c.unit == UNIT]
    many = [base[i % len(base)].model_copy(update={"id": f"{UNIT}-{i + 1}", "rank": i + 1}) for i in range(count)]
    return data.model_copy(update={"candidates": [c for c in data.candidates if c.unit != UNIT] + many})


# The keyed sheets and their items' fields from column B on (form version 2).
_KEYED = (
    (layout.ACHIEVEMENTS_SHEET, "achievements", ("",)),
    (layout.RESULTS_SHEET, "results", ("year", "indicator", "target", "result")),
    (layout.RATINGS_SHEET, "ratings", ("year", "rating")),
    (layout.INITIATIVES_SHEET, "initiatives", ("name", "recognition", "level", "decision", "date", "issuer")),
    (layout.PRIOR_AWARDS_SHEET, "prior_awards", ("year", "title", "decision", "date", "issuer", "award")),
)
_MEMBERS = ("total", "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "completed_tasks", "disciplined")


def naive(path: Path, data: Dataset) -> int:
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    awards = {a.name: a.id for a in data.awards.awards}
    types = {name: key for key, name in layout.TYPE_NAMES.items()}
    names = {
        "rating": {n: k for k, n in RATING_NAMES.items()},
        "level": {n: k for k, n in LEVEL_NAMES.items()},
        "award": awards,
    }
    keyed: dict[str, dict[str, list[Any]]] = {}
    for sheet, field, fields in _KEYED:
        ws = values[sheet]
        width = ws.max_column  # computed from every cell: once a sheet
        for r in range(layout.FIRST_ROW, ws.max_row + 1):
            key = ws.cell(r, 1).value
            if key is None:
                continue
            cells = [ws.cell(r, c).value for c in range(2, width + 1)]
            if field == "achievements":
                item: Any = cells[0]
            else:
                item = {k: names.get(k, {}).get(v, v) for k, v in zip(fields, cells, strict=True) if v is not None}
                item.update({k: v.date() for k, v in item.items() if isinstance(v, dt.datetime)})
                if "title" not in item and "award" in item:
                    item["title"] = item["award"]
            keyed.setdefault(str(key), {}).setdefault(field, []).append(item)
    ws, wf = values[layout.CANDIDATES_SHEET], formulas[layout.CANDIDATES_SHEET]
    _ = [str(m) for m in ws.merged_cells.ranges], [r for r, d in ws.row_dimensions.items() if d.hidden]
    blocs = {b.name: b.id for b in data.campaign.blocs}
    width = len(layout.CANDIDATE_COLUMNS)
    read = 0
    for r in range(layout.FIRST_ROW, ws.max_row + 1):
        cells = [ws.cell(r, c).value for c in range(1, width + 1)]
        if any(
            isinstance(wf.cell(r, c).value, str) and str(wf.cell(r, c).value).startswith("=")
            for c in range(1, width + 1)
        ):
            continue
        if all(v is None for v in cells[1:]):
            continue
        entry: dict[str, Any] = {"id": cells[0], "unit": UNIT}
        entry.update({k: v for k, v in zip(_FIELDS, cells[1:20], strict=True) if v is not None})
        entry["type"] = types.get(str(entry.get("type")), entry.get("type"))
        entry["award"] = awards.get(str(entry.get("award")), entry.get("award"))
        if cells[20] is not None:
            entry["head"] = {"name": cells[20], "title": cells[21]}
        if cells[22] is not None:
            entry["bloc"] = blocs.get(str(cells[22]), cells[22])
        if cells[23] is not None:
            entry["bloc_rank"] = cells[23]
        entry["pending_discipline"] = layout.YES_NO.get(str(cells[24]), False)
        if cells[25] is not None:
            entry["members"] = {k: v for k, v in zip(_MEMBERS, cells[25:30], strict=True) if v is not None}
        entry.update(keyed.get(str(cells[0]), {}))
        Candidate.model_validate(entry)
        read += 1
    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = many_candidates(Workspace(REPO).load(), args.candidates)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{UNIT}.xlsx"
        path.write_bytes(workbook_bytes(form_of(data, data.units[UNIT])))
        print(f"{platform.python_implementation()} {platform.python_version()}, openpyxl {openpyxl.__version__}")
        print(f"form: {args.candidates} candidates, {path.stat().st_size / 1e6:.1f} MB")
        times: dict[str, float] = {}
        readers = (("docgen", lambda: len(read_form(path, data).candidates)), ("naive", lambda: naive(path, data)))
        for name, run in readers:
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                count = run()
                best = min(best, time.perf_counter() - start)
            assert count == args.candidates, (name, count)
            times[name] = best
            print(f"{name:7} {best:6.2f} s  ({count} candidates)")
        print(f"naive / docgen: {times['naive'] / times['docgen']:.2f}x")


if __name__ == "__main__":
    main()
