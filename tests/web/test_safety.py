"""`docgen serve`'s safety (issue 20): the access token off this machine, CSRF on every form,
upload limits, no URL reaching a file outside the workspace, one build at a time, and every
error a Vietnamese page, never a traceback."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from flask import Flask
from web_helpers import UNIT, Client, text

from docgen.web.app import create_app
from docgen.workspace import Workspace

ZIP = f"{UNIT}.zip"


# -- serve: the host and the token -------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_serve_refuses_another_host_without_a_token(run, workspace: Path, host: str) -> None:  # type: ignore[no-untyped-def]
    result = run("-w", str(workspace), "serve", "--host", host, env={"DOCGEN_WEB_TOKEN": ""})
    assert result.exit_code == 2
    assert f"Không mở trang web cho máy khác ({host}) khi chưa đặt mã truy cập" in result.output
    assert "DOCGEN_WEB_TOKEN" in result.output


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_this_machine_needs_no_token(host: str) -> None:
    from docgen.web.cli import check_host

    check_host(host, None)  # no error


def test_with_a_token_every_page_asks_to_log_in(built: Path) -> None:
    app = create_app(Workspace.open(built), token="bi-mat-cua-co-quan", secret_key=b"t")
    client = Client(app.test_client())
    first = client.get("/")
    assert first.status_code == 302 and first.headers["Location"].startswith("/dang-nhap")
    assert client.get(f"/tep/{ZIP}").status_code == 302
    assert client.post(f"/don-vi/{UNIT}/tao-lai").status_code == 403
    wrong = client.post("/dang-nhap", {"token": "doan-sai"})
    assert wrong.status_code == 403 and "Mã truy cập không đúng." in text(wrong)
    right = client.post("/dang-nhap?next=/so-van-ban", {"token": "bi-mat-cua-co-quan"})
    assert (right.status_code, right.headers["Location"]) == (302, "/so-van-ban")
    assert client.get("/").status_code == 200


def test_a_token_in_the_authorization_header_is_accepted(built: Path) -> None:
    app = create_app(Workspace.open(built), token="bi-mat", secret_key=b"t")
    plain = app.test_client()
    assert plain.get("/", headers={"Authorization": "Bearer bi-mat"}).status_code == 200
    assert plain.get("/", headers={"Authorization": "Bearer bi-ma"}).status_code == 302


def test_login_does_not_redirect_to_another_site(built: Path) -> None:
    app = create_app(Workspace.open(built), token="bi-mat", secret_key=b"t")
    client = Client(app.test_client())
    answer = client.post("/dang-nhap?next=//example.com/", {"token": "bi-mat"})
    assert answer.headers["Location"] == "/"


# -- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("csrf", [None, "", "token-of-another-session"])
def test_a_post_without_this_sessions_csrf_token_is_refused(client: Client, built: Path, csrf: str | None) -> None:
    answer = client.post(f"/don-vi/{UNIT}/cap-so", {"doc": f"{UNIT}/ke-hoach", "date": "2023-03-01"}, csrf=csrf)
    assert answer.status_code == 400
    assert "Biểu mẫu gửi lên thiếu mã bảo vệ hoặc đã hết hạn" in text(answer)
    assert not (built / "register.sqlite").exists() and not list(built.glob("*.sqlite"))


def test_every_post_form_carries_the_csrf_token(client: Client) -> None:
    page = text(client.get(f"/don-vi/{UNIT}"))
    forms = page.count('<form method="post"')
    assert forms >= 2 and page.count('name="csrf" value="csrf-of-this-test-session"') == forms
    upload = text(client.get("/bieu-mau"))
    assert 'name="csrf" value="csrf-of-this-test-session"' in upload


# -- uploads -----------------------------------------------------------------------------------


def test_an_upload_over_5_mb_is_refused_with_a_vietnamese_page(client: Client) -> None:
    big = io.BytesIO(b"PK" + b"0" * (5 * 1024 * 1024 + 10))
    answer = client.post("/bieu-mau", {"tep": (big, "lon.xlsx")}, content_type="multipart/form-data")
    assert answer.status_code == 413
    assert "Tệp gửi lên vượt quá 5 MB." in text(answer)


def test_an_upload_that_is_not_xlsx_is_refused(client: Client) -> None:
    answer = client.post(
        "/bieu-mau", {"tep": (io.BytesIO(b"a;b\n"), "bao-cao.csv")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 400
    assert "«bao-cao.csv» không phải tệp Excel .xlsx." in text(answer)


def test_a_renamed_file_is_refused_by_its_content(client: Client, built: Path) -> None:
    before = {p: p.read_bytes() for p in (built / "data").rglob("*") if p.is_file()}
    answer = client.post(
        "/bieu-mau", {"tep": (io.BytesIO(b"khong phai excel"), "huyen.xlsx")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 422
    assert "Chưa nhập «huyen.xlsx»: dữ liệu không thay đổi" in text(answer)
    assert {p: p.read_bytes() for p in (built / "data").rglob("*") if p.is_file()} == before


# -- paths -------------------------------------------------------------------------------------


def test_a_file_of_out_is_downloaded(client: Client, built: Path) -> None:
    answer = client.get(f"/tep/{ZIP}")
    assert answer.status_code == 200
    assert answer.data == (built / "out" / ZIP).read_bytes()
    assert f"filename={ZIP}" in answer.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "url",
    [
        "/tep/../data/units.yaml",
        "/tep/%2e%2e/data/units.yaml",
        "/tep/%2E%2E%2Fdata%2Funits.yaml",
        f"/tep/{UNIT}%2f..%2f..%2fdata%2funits.yaml",
        "/tep//etc/passwd",
        "/tep/%2fetc%2fpasswd",
        "/tep/..%5c..%5cdata%5cunits.yaml",
        "/tep/C:%5cWindows%5cwin.ini",
        "/tep/manifest.json",
        "/tep/khong-co.zip",
    ],
)
def test_no_url_reaches_a_file_outside_out(client: Client, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 404
    assert "Không có trang hay tệp này trong thư mục làm việc." in text(answer)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_link_inside_out_pointing_outside_is_refused(client: Client, built: Path, tmp_path: Path) -> None:
    secret = tmp_path / "bi-mat.docx"
    secret.write_bytes(b"PK secret")
    try:
        os.symlink(secret, built / "out" / "lien-ket.docx")
        os.symlink(tmp_path, built / "out" / "thu-muc")
    except OSError:
        pytest.skip("this system does not let us make symlinks")
    assert client.get("/tep/lien-ket.docx").status_code == 404
    assert client.get("/tep/thu-muc/bi-mat.docx").status_code == 404


# -- one build at a time -----------------------------------------------------------------------


def test_a_second_build_is_told_to_wait(app: Flask, client: Client) -> None:
    state = app.extensions["docgen"]
    with state.build_lock:
        answer = client.post(f"/don-vi/{UNIT}/tao-lai")
        issued = client.post(f"/don-vi/{UNIT}/cap-so", {"doc": f"{UNIT}/ke-hoach", "date": "2023-03-01", "once": "x"})
    for one in (answer, issued):
        assert one.status_code == 409
        assert "Đang có một lần tạo văn bản khác, vui lòng chờ rồi thử lại." in text(one)


def test_a_cli_build_holding_the_output_lock_is_waited_for(client: Client, built: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    monkeypatch.setenv("DOCGEN_LOCK_WAIT", "0")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(built / "out")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        answer = client.post(f"/don-vi/{UNIT}/cap-so", {"doc": f"{UNIT}/ke-hoach", "date": "2023-03-01", "once": "y"})
    finally:
        holder.communicate("")
    assert answer.status_code == 409
    assert "Đang có một lần tạo văn bản khác, vui lòng chờ rồi thử lại." in text(answer)


# Another process (a clerk's `docgen build`) holding out/'s lock until its stdin closes.
HOLD = """
import sys
from pathlib import Path
from docgen.lock import output_lock
with output_lock(Path(sys.argv[1]), "docgen build --all"):
    print("held", flush=True)
    sys.stdin.read()
"""


# -- errors ------------------------------------------------------------------------------------


def test_an_unknown_page_and_a_wrong_method_are_vietnamese_pages(client: Client) -> None:
    missing = client.get("/khong-co-trang-nay")
    assert missing.status_code == 404 and "<h1>Không tìm thấy</h1>" in text(missing)
    wrong = client.get(f"/don-vi/{UNIT}/cap-so")
    assert wrong.status_code == 405 and "<h1>Không thực hiện được</h1>" in text(wrong)
    assert client.get("/don-vi/khong-co-don-vi-nay").status_code == 404


def test_a_failure_inside_a_page_is_a_vietnamese_page_without_traceback(
    app: Flask, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docgen.web.pages as pages

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(pages, "unit_rows", broken)
    answer = client.get("/")
    assert answer.status_code == 500
    body = text(answer)
    assert "<h1>Lỗi máy chủ</h1>" in body and "chưa có gì bị thay đổi" in body
    assert "Traceback" not in body and "secret internal detail" not in body
