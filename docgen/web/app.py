"""The Flask application: configuration, access token, CSRF, error pages and safe file paths.

Flask because the pages are server-rendered Jinja (docgen already renders with Jinja), its test
client is synchronous like the engine, and waitress — pure Python, runs on Windows — serves it.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
from pathlib import Path
from typing import Any

from flask import Flask, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from docgen.errors import DocgenError, OutputBusy
from docgen.workspace import Workspace

MAX_UPLOAD = 5 * 1024 * 1024
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN_ENV = "DOCGEN_WEB_TOKEN"
_KEEP_TOKENS = 100_000
BUSY = "Đang có một lần tạo văn bản khác, vui lòng chờ rồi thử lại."

_MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Biểu mẫu gửi lên thiếu mã bảo vệ hoặc đã hết hạn; mở lại trang rồi gửi lại."),
    403: ("Không có quyền", "Cần đăng nhập bằng mã truy cập của cơ quan."),
    404: ("Không tìm thấy", "Không có trang hay tệp này trong thư mục làm việc."),
    405: ("Không thực hiện được", "Trang này không nhận yêu cầu kiểu này."),
    409: ("Vui lòng chờ", BUSY),
    413: ("Tệp quá lớn", f"Tệp gửi lên vượt quá {MAX_UPLOAD // (1024 * 1024)} MB."),
    500: ("Lỗi máy chủ", "Có lỗi khi xử lý yêu cầu; chưa có gì bị thay đổi do lỗi này. Báo cho người quản lý docgen."),
}


class WebState:
    """What the application shares between requests: the workspace, one build at a time, the
    one-time form tokens already used, the background jobs."""

    def __init__(self, ws: Workspace, token: str | None) -> None:
        self.ws = ws
        self.token = token
        self.build_lock = threading.Lock()
        self.used_once: set[str] = set()
        self.once_lock = threading.Lock()
        self.jobs: dict[str, dict[str, Any]] = {}
        self.hash_cache: dict[tuple[str, int, int], str | None] = {}

    def use_once(self, token: str) -> bool:
        """True the first time ``token`` is used (a double click or a reload sends it again)."""
        with self.once_lock:
            if not token or token in self.used_once:
                return False
            if len(self.used_once) >= _KEEP_TOKENS:  # a long-running office server: forget the oldest
                self.used_once.clear()
            self.used_once.add(token)
            return True


def state() -> WebState:
    from flask import current_app

    found: WebState = current_app.extensions["docgen"]
    return found


def create_app(ws: Workspace, *, token: str | None = None, secret_key: bytes | None = None) -> Flask:
    """The application serving ``ws``; with ``token`` every request must be logged in with it."""
    from docgen.web import actions, lists, pages

    app = Flask("docgen.web", template_folder="templates", static_folder="static")
    app.config.update(
        SECRET_KEY=secret_key or os.urandom(32),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="docgen",
    )
    app.url_map.merge_slashes = False  # `/tep//etc/passwd` is a 404, not a redirect to a path
    app.extensions["docgen"] = WebState(ws, token or None)
    app.jinja_env.globals.update(csrf_token=csrf_token, once_token=once_token)
    app.before_request(_guard)
    app.add_url_rule("/dang-nhap", "login", _login, methods=["GET", "POST"])
    for register in (pages.register, actions.register, lists.register):
        register(app)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OutputBusy, _busy)
    app.register_error_handler(DocgenError, _docgen_error)
    app.register_error_handler(Exception, _server_error)
    return app


def csrf_token() -> str:
    """This session's CSRF token, put in every POST form."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    value: str = session["csrf"]
    return value


def once_token() -> str:
    """A fresh one-time token for a form whose action must happen once (issuing a number)."""
    return secrets.token_urlsafe(16)


def _guard() -> ResponseReturnValue | None:
    st = state()
    if "//" in request.path:  # no docgen URL has one; Werkzeug 3.0.0 would redirect to the merged path
        abort(404)
    if request.endpoint in ("static", "login"):
        pass
    elif st.token is not None and not _authorised(st.token):
        if request.method == "GET":
            return redirect(url_for("login", next=request.full_path))
        abort(403)
    if request.method == "POST":
        sent = request.form.get("csrf", "")
        expected = session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent.encode(), str(expected).encode()):
            abort(400)
    return None


def _authorised(token: str) -> bool:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    return bool(session.get("logged_in"))


def _login() -> Any:
    st = state()
    error = None
    if request.method == "POST":
        sent = request.form.get("token", "")
        if st.token is not None and hmac.compare_digest(sent.encode(), st.token.encode()):
            session["logged_in"] = True
            target = request.args.get("next", "/")
            return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
        error = "Mã truy cập không đúng."
    return render_template("login.html", error=error), 403 if error else 200


def error_page(code: int, title: str | None = None, message: str | None = None) -> tuple[str, int]:
    default_title, default_message = _MESSAGES.get(code, _MESSAGES[500])
    html = render_template("error.html", code=code, title=title or default_title, message=message or default_message)
    return html, code


def _http_error(exc: HTTPException) -> Any:
    code = exc.code or 500
    if code in (301, 302, 303, 307, 308):
        return exc
    return error_page(code)


def _busy(exc: OutputBusy) -> tuple[str, int]:
    return error_page(409, message=f"{BUSY} ({exc.message})")


def _docgen_error(exc: DocgenError) -> tuple[str, int]:
    return error_page(400, "Không thực hiện được", str(exc))


def _server_error(exc: Exception) -> tuple[str, int]:
    if isinstance(exc, HTTPException):
        return _http_error(exc)  # type: ignore[no-any-return]
    import logging

    logging.getLogger("docgen.web").exception("lỗi khi xử lý %s", request.path)
    return error_page(500)


def out_file(rel: str, suffixes: tuple[str, ...] = (".docx", ".pdf", ".zip")) -> Path:
    """The file ``rel`` of out/, or 404: no ``..``, no absolute path, no backslash or drive, no
    link (a symlink inside out/ that points outside is refused), only the files a clerk
    downloads."""
    out_dir = state().ws.out_dir
    parts = rel.split("/")
    if (
        not rel
        or rel.startswith("/")
        or "\\" in rel
        or ":" in rel
        or any(p in ("", ".", "..") for p in parts)
        or not rel.lower().endswith(suffixes)
    ):
        abort(404)
    path = out_dir.joinpath(*parts)
    current = out_dir
    for part in parts:
        current = current / part
        if current.is_symlink():
            abort(404)
    real, base = os.path.realpath(path), os.path.realpath(out_dir)
    if os.path.commonpath([real, base]) != base or not os.path.isfile(real):
        abort(404)
    return path


def set_flash(message: str) -> None:
    session["flash"] = message


def take_flash() -> str | None:
    message: str | None = session.pop("flash", None)
    return message


__all__ = ["MAX_UPLOAD", "WebState", "create_app", "error_page", "out_file", "state"]
