"""``docgen serve``: the web pages for clerks, served by waitress (pure Python, runs on Windows).

The command lives here, in the top layer, and the CLI's command table (``docgen.cli.main``)
loads it by name when it is asked for, so ``docgen`` never imports the web stack otherwise
and the CLI stage does not depend on the web stage.
"""

from __future__ import annotations

import os

import click

from docgen.cli.i18n import IntRange
from docgen.cli.options import CONTEXT, common_options, workspace
from docgen.errors import UsageError
from docgen.web.app import LOCAL_HOSTS, TOKEN_ENV, create_app


def check_host(host: str, token: str | None) -> None:
    """Only this machine may be served without a token: any other host needs ``DOCGEN_WEB_TOKEN``."""
    if host.strip("[]").lower() not in LOCAL_HOSTS and not token:
        raise UsageError(
            f"Không mở trang web cho máy khác ({host}) khi chưa đặt mã truy cập: đặt biến môi trường "
            f"{TOKEN_ENV} (một chuỗi dài, bí mật, dùng chung cho cả cơ quan) rồi chạy lại; "
            "chỉ đưa ra mạng sau một máy chủ có TLS (https).",
            hint="hoặc chạy `docgen serve` (chỉ máy này, 127.0.0.1)",
        )


@click.command(name="serve", context_settings=CONTEXT)
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, metavar="MÁY", help="Địa chỉ lắng nghe.")
@click.option(
    "--port", type=IntRange(1, 65535), default=8000, show_default=True, metavar="CỔNG", help="Cổng lắng nghe."
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Mở trang web cho văn thư: xem, tải, tạo lại văn bản, cấp số, gửi biểu mẫu (mặc định chỉ trên máy này)."""
    token = os.environ.get(TOKEN_ENV) or None
    check_host(host, token)
    ws = workspace(ctx)
    app = create_app(ws, token=token)
    import waitress  # type: ignore[import-untyped, unused-ignore]

    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Trang web của docgen cho thư mục {ws.root}: mở http://{shown}:{port} trong trình duyệt.")
    click.echo("Dừng bằng Ctrl+C.")
    waitress.serve(app, host=host, port=port, threads=4, ident="docgen")
