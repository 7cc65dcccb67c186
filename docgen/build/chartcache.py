"""The charts a build drew before, kept in the workspace's cache (``.cache/docgen/charts``).

Drawing a chart with matplotlib costs 0.2 s; Sở Nội vụ's consolidated reports have six. A chart
is data (``documents.chartdata.Chart``), so its PNG is known by the chart's hash: a build reads
the ones it has drawn before and hands them to the renderer (``docx.images.DrawnChart``); after a
build, the PNGs of the documents it wrote are read back from their ``word/media`` and kept. The
key holds docgen's and matplotlib's versions: an upgrade draws them again. Same chart, same bytes
either way, so a document is byte-identical whether its charts came from here or were drawn.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.documents.chartdata import Chart
from docgen.docx.images import DrawnChart
from docgen.fs import write_atomic


def _key(chart: Chart) -> str:
    try:
        drawer = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        drawer = "?"
    payload = json.dumps([__version__, drawer, dataclasses.asdict(chart)], default=str, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _charts(context: dict[str, Any]) -> list[Chart]:
    items = context.get("consolidation", {}).get("charts", []) if isinstance(context.get("consolidation"), dict) else []
    return [item["chart"] for item in items if isinstance(item, dict) and isinstance(item.get("chart"), Chart)]


def with_cached(context: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``context`` with each chart drawn before replaced by its PNG (a copy; the context itself
    when it has no chart or none is cached)."""
    charts = _charts(context)
    if not charts:
        return context
    found: dict[int, DrawnChart] = {}
    for i, chart in enumerate(charts):
        try:
            found[i] = DrawnChart(chart, (folder / f"{_key(chart)}.png").read_bytes())
        except OSError:
            continue
    if not found:
        return context
    consolidation = dict(context["consolidation"])
    consolidation["charts"] = [
        {**item, "chart": found[i]} if i in found else item for i, item in enumerate(consolidation["charts"])
    ]
    return {**context, "consolidation": consolidation}


def remember(context: dict[str, Any], document: Path, folder: Path) -> None:
    """Keep the PNGs of the charts in ``document`` (written from ``context``) for the next build.
    A cache: what cannot be read or written is left to be drawn again."""
    charts = _charts(context)
    if not charts:
        return
    try:
        with zipfile.ZipFile(document) as package:
            for i, chart in enumerate(charts, start=1):
                target = folder / f"{_key(chart)}.png"
                if not target.exists():
                    folder.mkdir(parents=True, exist_ok=True)
                    write_atomic(target, package.read(f"word/media/docgen-chart-{i}.png"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return
