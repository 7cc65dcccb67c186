"""The pages that change something, each through the engine function its CLI command calls:
rebuilding a unit (``docgen build``, in a background thread with a progress page), issuing a
number (``docgen build --issue --date``), uploading a unit's Excel form (``docgen forms import``).
Only one of them runs at a time; every POST is answered by a redirect (POST-redirect-GET)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import Flask, abort, redirect, render_template, request, url_for

import docgen
from docgen import vn
from docgen.cli.options import DATE_FORMATS
from docgen.documents.plan import DocRef
from docgen.errors import DocgenError
from docgen.web.app import BUSY, WebState, error_page, set_flash, state, take_flash
from docgen.web.pages import cache

_JOB = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


def register(app: Flask) -> None:
    app.add_url_rule("/don-vi/<unit_id>/tao-lai", "rebuild", rebuild, methods=["POST"])
    app.add_url_rule("/viec/<job_id>", "job", job)
    app.add_url_rule("/viec/<job_id>.json", "job_json", job_json)
    app.add_url_rule("/don-vi/<unit_id>/cap-so", "issue", issue, methods=["POST"])
    app.add_url_rule("/bieu-mau", "upload", upload, methods=["GET", "POST"])


def _unit_refs(unit_id: str) -> list[DocRef]:
    data, refs = cache().dataset(state().ws)
    if unit_id not in data.units:
        abort(404)
    return [r for r in refs if r.unit == unit_id]


def rebuild(unit_id: str) -> Any:
    st = state()
    refs = _unit_refs(unit_id)
    if not refs:
        abort(404)
    if not st.build_lock.acquire(blocking=False):
        return error_page(409)
    job_id = secrets.token_urlsafe(12)
    data, _ = cache().dataset(st.ws)
    name = data.units[unit_id].name
    st.jobs[job_id] = {"unit": unit_id, "name": name, "total": len(refs), "done": 0, "finished": False, "lines": []}
    thread = threading.Thread(target=_run_rebuild, args=(st, job_id, refs), daemon=True)
    try:
        thread.start()
    except RuntimeError:
        st.build_lock.release()
        raise
    return redirect(url_for("job", job_id=job_id), code=303)


def _run_rebuild(st: WebState, job_id: str, refs: list[DocRef]) -> None:
    record = st.jobs[job_id]

    def progress(ref: DocRef, status: str) -> None:
        record["done"] += 1

    try:
        report = docgen.build_documents(st.ws, refs, jobs=1, progress=progress)
        lines = [f"{report.built} văn bản đã tạo, {report.skipped} không đổi, {report.failed} lỗi."]
        lines += [f"Lỗi {doc_id}: {error}" for doc_id, error in report.failures]
        lines += [f"Giữ nguyên tệp đã sửa tay: {path}" for path in report.edited]
        record["lines"] = lines
        record["ok"] = report.ok
    except DocgenError as exc:
        record["lines"], record["ok"] = [str(exc)], False
    except Exception:  # reported on the page, never as a traceback
        import logging

        logging.getLogger("docgen.web").exception("tạo lại %s", record["unit"])
        record["lines"], record["ok"] = ["Có lỗi khi tạo lại; chưa ghi gì thêm. Báo cho người quản lý docgen."], False
    finally:
        record["done"] = record["total"]
        record["finished"] = True
        st.build_lock.release()


def _job(job_id: str) -> dict[str, Any]:
    found = state().jobs.get(job_id) if _JOB.match(job_id) else None
    if found is None:
        abort(404)
    return found


def job(job_id: str) -> str:
    return render_template("job.html", job=_job(job_id), job_id=job_id)


def job_json(job_id: str) -> dict[str, Any]:
    found = _job(job_id)
    return {k: found.get(k) for k in ("unit", "total", "done", "finished", "ok", "lines")}


def issue(unit_id: str) -> Any:
    st = state()
    refs = {r.id: r for r in _unit_refs(unit_id)}
    ref = refs.get(request.form.get("doc", ""))
    if ref is None:
        abort(404)
    back = redirect(url_for("unit", unit_id=unit_id), code=303)
    day = _date(request.form.get("date", ""))
    if day is None:
        set_flash("Ngày cấp số không hợp lệ: viết ngày/tháng/năm, ví dụ 15/07/2023.")
        return back
    if not st.use_once(request.form.get("once", "")):
        set_flash("Yêu cầu cấp số này đã được xử lý (bấm hai lần hoặc tải lại trang); không cấp thêm số.")
        return back
    if not st.build_lock.acquire(blocking=False):
        return error_page(409)
    try:
        report = docgen.build_documents(
            st.ws, [ref], jobs=1, issue=True, issue_date=day, allow_sample=request.form.get("mau") == "1"
        )
    finally:
        st.build_lock.release()
    if report.issued:
        _, number, when = report.issued[0]
        set_flash(f"Đã cấp số {number} ngày {vn.short_date(when)} cho {ref.id}.")
    elif report.failures:
        set_flash(f"Không cấp được số: {report.failures[0][1]}")
    else:
        set_flash(f"{ref.id} đã có số trong sổ; không cấp số mới.")
    return back


def _date(text: str) -> dt.date | None:
    """A date as ``docgen build --date`` reads it (15/07/2023 or 2023-07-15)."""
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    return None


def upload() -> Any:
    if request.method == "GET":
        return render_template("upload.html", result=None, flash=take_flash())
    st = state()
    sent = request.files.get("tep")
    if sent is None or not sent.filename:
        return render_template("upload.html", result=None, flash="Chọn một tệp Excel (.xlsx) để gửi."), 400
    name = Path(sent.filename.replace("\\", "/")).name
    if not name.lower().endswith(".xlsx"):
        return render_template("upload.html", result=None, flash=f"«{name}» không phải tệp Excel .xlsx."), 400
    if not st.build_lock.acquire(blocking=False):
        return error_page(409)
    try:
        from docgen.forms.landing import import_forms

        data, _ = cache().dataset(st.ws)
        with tempfile.TemporaryDirectory(prefix="docgen-web-") as scratch:
            path = Path(scratch) / (re.sub(r"[^\w.\-]", "_", name) or "bieu-mau.xlsx")
            sent.save(path)
            report = import_forms(st.ws.root, st.ws.data_dir, data, [path], force=request.form.get("force") == "1")
    finally:
        st.build_lock.release()
    landed = report.forms[0]
    code = 200 if landed.status != "refused" else 422
    return render_template("upload.html", result=landed, name=name, flash=None), code


__all__ = ["BUSY", "register"]
