"""The register's listing with filters and its export to Excel (``docgen register export``),
and the template check's result per template (``docgen template check``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Flask, render_template, request, send_file

from docgen import kinds
from docgen.data.model import Dataset
from docgen.register.exporting import kind_label, status_text
from docgen.register.records import Record
from docgen.register.sqlite import open_register, register_path
from docgen.web.app import state
from docgen.web.pages import cache


def register(app: Flask) -> None:
    app.add_url_rule("/so-van-ban", "register_list", register_list)
    app.add_url_rule("/so-van-ban/xuat.xlsx", "register_export", register_export)
    app.add_url_rule("/mau", "templates", templates)


def _records() -> tuple[list[Record], dict[str, str]]:
    ws = state().ws
    records: list[Record] = []
    if register_path(ws.root).exists():  # looking never creates a register
        with open_register(ws.root) as reg:
            records = reg.list()
    unit = request.args.get("don-vi", "")
    kind = request.args.get("loai", "")
    year = request.args.get("nam", "")
    chosen = {"unit": unit, "kind": kind, "year": year}
    shown = [
        r
        for r in records
        if (not unit or r.unit_id == unit) and (not kind or r.kind == kind) and (not year or str(r.year) == year)
    ]
    return shown, chosen


def register_list() -> str:
    ws = state().ws
    records, chosen = _records()
    data, _ = cache().dataset(ws)
    everything = records if not any(chosen.values()) else _all()
    return render_template(
        "register.html",
        records=records,
        chosen=chosen,
        units=sorted({(r.unit_id, _unit_name(data, r.unit_id)) for r in everything}, key=lambda u: u[1]),
        kinds=[(k.id, k.title) for k in kinds.KINDS.values()],
        years=sorted({r.year for r in everything}),
        kind_label=kind_label,
        unit_name=lambda unit_id: _unit_name(data, unit_id),
        status_text=status_text,
        query=request.query_string.decode(),
    )


def _unit_name(data: Dataset, unit_id: str) -> str:
    return data.units[unit_id].name if unit_id in data.units else unit_id


def _all() -> list[Record]:
    ws = state().ws
    if not register_path(ws.root).exists():
        return []
    with open_register(ws.root) as reg:
        return reg.list()


def register_export() -> Any:
    from docgen.register.exporting import write_xlsx

    records, _ = _records()
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as scratch:
        path = Path(scratch) / "so-van-ban.xlsx"
        write_xlsx(path, records)
        content = path.read_bytes()
    import io

    return send_file(
        io.BytesIO(content),
        as_attachment=True,
        download_name="so-van-ban.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def templates() -> str:
    from docgen.build.templates import check_files, workspace_templates
    from docgen.errors import DataError

    ws = state().ws
    try:
        data = cache().dataset(ws)[0]
    except DataError:
        data = None
    results = check_files([(p, p.name) for p in workspace_templates(ws)], data)
    return render_template("templates.html", results=results)
