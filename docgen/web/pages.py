"""The pages that show: the overview of every unit, one unit's documents, downloads from out/,
thumbnails and page previews (LibreOffice's PDF of the DOCX, cached by the DOCX's hash)."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, render_template, request, send_file

from docgen import kinds
from docgen.web.app import out_file, state, take_flash
from docgen.web.status import STATUSES, UNIT_KINDS, Cache, matches, unit_rows

THUMB_DPI = 40
PAGE_DPI = 110
_SHA = re.compile(r"^[0-9a-f]{64}$")
_convert_lock = threading.Lock()


def register(app: Flask) -> None:
    app.extensions["docgen_cache"] = Cache()
    app.add_url_rule("/", "overview", overview)
    app.add_url_rule("/don-vi/<unit_id>", "unit", unit)
    app.add_url_rule("/tep/<path:rel>", "download", download)
    app.add_url_rule("/anh/<unit_id>/<sha>/<int:page>.png", "page_image", page_image)
    app.add_url_rule("/xem/<unit_id>/<sha>/<int:page>", "page_view", page_view)


def cache() -> Cache:
    from flask import current_app

    found: Cache = current_app.extensions["docgen_cache"]
    return found


def overview() -> str:
    ws = state().ws
    rows = unit_rows(ws, cache())
    data, _ = cache().dataset(ws)
    districts = sorted(
        {(r.district, data.units[r.district].name if r.district in data.units else r.district) for r in rows
         if r.district},
        key=lambda d: cache().order(d[1]),
    )  # fmt: skip
    query = request.args.get("q", "").strip()
    district = request.args.get("huyen", "")
    unit_kind = request.args.get("loai", "")
    status = request.args.get("trang-thai", "")
    shown = [
        r
        for r in rows
        if matches(r, query)
        and (not district or r.district == district)
        and (not unit_kind or r.kind == unit_kind)
        and (not status or any(d.status == status for d in r.documents))
    ]
    used = {d.ref.kind for r in rows for d in r.documents}
    columns = [k for k in kinds.KINDS.values() if k.id in used]
    return render_template(
        "overview.html",
        rows=shown,
        total=len(rows),
        columns=columns,
        districts=districts,
        unit_kinds=[(k, v) for k, v in UNIT_KINDS.items() if any(r.kind == k for r in rows)],
        statuses=STATUSES,
        query=query,
        district=district,
        unit_kind=unit_kind,
        status=status,
    )


def unit(unit_id: str) -> str:
    ws = state().ws
    rows = unit_rows(ws, cache(), [unit_id])
    if not rows:
        abort(404)
    row = rows[0]
    zip_rel = f"{unit_id}.zip"
    has_zip = (ws.out_dir / zip_rel).is_file() and not (ws.out_dir / zip_rel).is_symlink()
    merged = f"{unit_id}.pdf"
    has_merged = (ws.out_dir / merged).is_file() and not (ws.out_dir / merged).is_symlink()
    pdfs = {}
    for doc in row.documents:
        pdf = doc.entry.extra.get("pdf") if doc.entry is not None else None
        if isinstance(pdf, dict) and isinstance(pdf.get("path"), str) and (ws.out_dir / pdf["path"]).is_file():
            pdfs[doc.ref.id] = pdf["path"]
    from datetime import date

    return render_template(
        "unit.html",
        row=row,
        zip_rel=zip_rel if has_zip else None,
        merged_pdf=merged if has_merged else None,
        pdfs=pdfs,
        today=date.today().strftime("%d/%m/%Y"),
        flash=take_flash(),
        kind_name=UNIT_KINDS.get(row.kind, row.kind),
    )


def download(rel: str) -> Response:
    path = out_file(rel)
    return send_file(path, as_attachment=True, download_name=Path(rel).name)


def _document_of(unit_id: str, sha: str) -> tuple[Path, Any]:
    """The unit's document whose DOCX now has hash ``sha`` (a thumbnail never names a path)."""
    if not _SHA.match(sha):
        abort(404)
    ws = state().ws
    for row in unit_rows(ws, cache(), [unit_id]):
        for doc in row.documents:
            if doc.sha256 == sha and doc.entry is not None:
                return out_file(doc.entry.path, (".docx",)), doc
    abort(404)


def _pdf(unit_id: str, sha: str) -> bytes:
    """The PDF of the DOCX with hash ``sha``: from the cache, else converted once."""
    ws = state().ws
    folder = ws.cache_dir / "xem-truoc"
    cached = folder / f"{sha}.pdf"
    if cached.is_file():
        return cached.read_bytes()
    source, doc = _document_of(unit_id, sha)
    from docgen.build.pdfs import PdfSettings
    from docgen.build.preview import docx_pdf
    from docgen.fs import write_atomic

    with _convert_lock:
        if cached.is_file():
            return cached.read_bytes()
        pdf = docx_pdf(source, settings=PdfSettings.locate(), doc_id=doc.ref.id, title=doc.title, author=unit_id)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, pdf)
    return pdf


def page_image(unit_id: str, sha: str, page: int) -> Response:
    """Page ``page`` of the document as PNG (``?lon=1``: the readable size); cached by hash."""
    if not _SHA.match(sha) or page < 1:
        abort(404)
    big = request.args.get("lon") == "1"
    dpi = PAGE_DPI if big else THUMB_DPI
    folder = state().ws.cache_dir / "xem-truoc"
    cached = folder / f"{sha}-{page}-{dpi}.png"
    if not cached.is_file():
        from docgen.fs import write_atomic
        from docgen.pdf.raster import page_count, page_png

        pdf = _pdf(unit_id, sha)
        if page > page_count(pdf):
            abort(404)
        write_atomic(cached, page_png(pdf, page, dpi=dpi))
    response = send_file(cached, mimetype="image/png", max_age=86400)
    return response


def page_view(unit_id: str, sha: str, page: int) -> str:
    from docgen.pdf.raster import page_count

    _document_of(unit_id, sha)
    pages = page_count(_pdf(unit_id, sha))
    if page < 1 or page > pages:
        abort(404)
    return render_template("page.html", unit_id=unit_id, sha=sha, page=page, pages=pages)
