"""Options several commands share, defined once, each naming what to type (``MÃ_ĐƠN_VỊ``, ``KỲ``).

A command stacks the decorators it needs; what the decorators hand over is already in the
form the library takes (unit kind ids, an :class:`~docgen.register.issuing.IssueOptions`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import click

from docgen.cli.i18n import Date
from docgen.data.model import UNIT_KINDS
from docgen.documents import selection
from docgen.errors import UsageError
from docgen.kinds import KIND_IDS
from docgen.register.issuing import IssueOptions
from docgen.workspace import ENV_VAR, Workspace

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE = Date(formats=DATE_FORMATS)

# What stands for a value in the help: what to type, not its type.
UNIT = "MÃ_ĐƠN_VỊ"
UNIT_KIND = "LOẠI_ĐƠN_VỊ"
KIND = "LOẠI"
PERIOD = "KỲ"
CANDIDATE = "MÃ_ỨNG_VIÊN"
DAY = "NGÀY"
YEAR = "NĂM"
FOLDER = "THƯ_MỤC"
FILE = "TỆP"
NUMBER = "SỐ"

KINDS_HELP = ", ".join(KIND_IDS)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    # -w and --debug are accepted before or after the subcommand: whichever is given wins.
    if value not in (None, False):
        ctx.ensure_object(dict)[param.name] = value
        ctx.find_root().ensure_object(dict)[param.name] = value
    return value


def common_options(func: F) -> F:
    """``-w/--workspace`` and ``--debug``: accepted by every command and group, at any level."""
    func = click.option(
        "-w",
        "--workspace",
        type=click.Path(file_okay=False, path_type=Path),
        metavar=FOLDER,
        expose_value=False,
        is_eager=True,
        callback=_remember,
        help=f"Thư mục làm việc (mặc định: biến {ENV_VAR} hoặc thư mục hiện tại).",
    )(func)
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember,
        help="Hiện chi tiết kỹ thuật của lỗi (cho bộ phận kỹ thuật).",
    )(func)


def workspace(ctx: click.Context) -> Workspace:
    """The workspace ``-w`` named at any level, else the environment's or the current folder."""
    return Workspace.open(ctx.find_root().ensure_object(dict).get("workspace"))


json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="In kết quả dạng JSON cho chương trình khác đọc; lỗi cũng in dạng JSON.",
)


def unit_option(help_text: str, *, multiple: bool = False, required: bool = False) -> Callable[[F], F]:
    return click.option(
        "--unit",
        "units" if multiple else "unit_id",
        multiple=multiple,
        required=required,
        metavar=UNIT,
        help=help_text,
    )


if TYPE_CHECKING:  # Click's ParamType is generic from 8.2 on, and subscriptable only then
    _ParamType: TypeAlias = click.ParamType[tuple[str, ...], Any]
else:
    _ParamType = click.ParamType


class UnitKind(_ParamType):
    """A unit kind as a clerk types it (``huyện``, ``thi xa``, ``cấp huyện``, ``district``):
    the unit kind ids it stands for."""

    name = "unit kind"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return UNIT_KIND

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        try:
            return selection.unit_kinds(str(value))
        except UsageError as exc:
            self.fail(str(exc), param, ctx)


def _flatten(ctx: click.Context, param: click.Parameter, value: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    wanted = {kind for kinds in value for kind in kinds}
    return tuple(kind for kind in UNIT_KINDS if kind in wanted)


def unit_kind_option(help_text: str) -> Callable[[F], F]:
    """``--unit-kind``, repeatable: the commands receive ``unit_kinds``, a tuple of kind ids."""
    return click.option(
        "--unit-kind",
        "unit_kinds",
        multiple=True,
        type=UnitKind(),
        metavar=UNIT_KIND,
        callback=_flatten,
        help=f"{help_text} Viết có dấu hay không đều được: {selection.unit_kind_choices()}. Lặp lại được.",
    )


with_communes_option = click.option(
    "--with-communes",
    is_flag=True,
    help="Kèm các xã, phường, thị trấn trực thuộc đơn vị cấp huyện đã chọn bằng --unit hoặc --unit-kind.",
)


def kind_option(func: F) -> F:
    return click.option(
        "--kind",
        "kinds",
        multiple=True,
        type=click.Choice(KIND_IDS),
        metavar=KIND,
        help=f"Chỉ loại văn bản này: {KINDS_HELP} (lặp lại được).",
    )(func)


def kind_argument(func: F) -> F:
    return click.argument("kind", type=click.Choice(KIND_IDS), metavar=KIND)(func)


def period_option(help_text: str, *, multiple: bool = False) -> Callable[[F], F]:
    return click.option(
        "--period", "periods" if multiple else "period", multiple=multiple, metavar=PERIOD, help=help_text
    )


def year_option(help_text: str) -> Callable[[F], F]:
    return click.option("--year", type=int, metavar=YEAR, help=help_text)


def output_file_option(help_text: str) -> Callable[[F], F]:
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar=FILE, help=help_text)


def file_argument(func: F) -> F:
    return click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar=FILE)(func)


def issue_options(func: F) -> F:
    """--issue, --date, --reissue, --allow-sample (``render`` and ``build``); the command hands
    them to :func:`issue_choice`."""
    for option in reversed(
        (
            click.option(
                "--issue",
                is_flag=True,
                help="Cấp số chính thức từ sổ đăng ký văn bản đi cho văn bản chưa có số "
                "(mặc định: bản dự thảo «Số:      /...»). Văn bản đã cấp số luôn giữ số cũ.",
            ),
            click.option(
                "--date",
                "issue_date",
                type=DATE,
                metavar=DAY,
                help="Ngày ban hành khi cấp số, trong khoảng ngày được cấp số của văn bản (campaign.yaml: "
                "issue_from, issue_to); mặc định: ngày dự kiến nếu dữ liệu ghi đủ ngày. Không cấp số thì là ngày "
                "ghi trên bản dự thảo. Viết 2023-07-12 hoặc 12/07/2023.",
            ),
            click.option(
                "--reissue",
                is_flag=True,
                help="Với văn bản đã cấp số mà nội dung đã thay đổi: hủy số cũ (vẫn lưu trong sổ) và cấp số mới.",
            ),
            click.option(
                "--allow-sample",
                is_flag=True,
                help="Cho phép cấp số cho văn bản có dữ liệu mẫu — chỉ dùng để tập huấn, kiểm thử.",
            ),
        )
    ):
        func = option(func)
    return func


def issue_choice(issue: bool, issue_date: datetime | None, reissue: bool, allow_sample: bool) -> IssueOptions:
    """What the ``issue_options`` flags ask of the register."""
    return IssueOptions(
        issue=issue, date=issue_date.date() if issue_date else None, reissue=reissue, allow_sample=allow_sample
    )


def soffice_option(when: str = "") -> Callable[[F], F]:
    """--soffice: the LibreOffice program when docgen does not find it (``when``: the option it goes with)."""
    return click.option(
        "--soffice",
        type=click.Path(path_type=Path),
        metavar=FILE,
        help=f"Chương trình LibreOffice (soffice hoặc soffice.exe) nếu không tự tìm thấy{when}.",
    )
