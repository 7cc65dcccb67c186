"""Exit codes as documented: 0 success, 1 bad input or failed documents, 2 usage. They are
carried by the exceptions and applied in one place, the same for every entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.cli.main import main
from docgen.errors import DataError, DocgenError, DocumentsFailed, RegisterError, UsageError, WorkspaceError

Run = Callable[..., Result]


def test_exit_codes_are_on_the_exception_classes() -> None:
    assert DocgenError.exit_code == 1
    assert WorkspaceError.exit_code == DataError.exit_code == RegisterError.exit_code == 1
    assert DocumentsFailed.exit_code == 1
    assert UsageError.exit_code == 2 and issubclass(UsageError, DocgenError)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build",), "Chọn --all, hoặc thu hẹp bằng --unit"),
        # UBND tỉnh writes only its award decisions (issue 19), no plan.
        (("build", "--unit-kind", "tỉnh", "--kind", "ke-hoach"), "Lựa chọn này không có văn bản nào để tạo"),
        (("build", "--unit", "so-noi-vu", "--soffice", "soffice"), "--soffice chỉ dùng kèm --pdf."),
        (("build", "--unit", "huyen-duc-tho", "--with-communes", "--communes"), "không dùng cùng nhau"),
        (("build", "--with-communes"), "--with-communes cần chọn đơn vị cấp huyện"),
        (("build", "--unit", "so-noi-vu", "--with-communes"), "Sở Nội vụ không có xã, phường, thị trấn trực thuộc"),
        (("list", "units", "--unit", "so-noi-vu", "--unit-kind", "huyện"), "Lựa chọn này không có đơn vị nào."),
        (("list", "units", "--unit-kind", "hành tinh"), "không phải một loại đơn vị"),
        (("register", "list", "--json", "--format", "csv"), "--json và --format csv không dùng cùng nhau."),
        (("render", "ke-hoach"), "Thiếu tùy chọn '--unit'."),
        (("validat",), "Không có lệnh 'validat'."),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_usage_is_2(run: Run, sample_workspace: Path, args: tuple[str, ...], message: str) -> None:
    result = run("-w", str(sample_workspace), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_input_is_1(run: Run, workspace: Path, tmp_path: Path) -> None:
    assert run("-w", str(workspace), "validate").exit_code == 0
    assert run("-w", str(tmp_path), "validate").exit_code == 1, "not a workspace"
    result = run("-w", str(workspace), "list", "units", "--unit", "huyen-duc-thoo")
    assert result.exit_code == 1
    assert result.output == 'Lỗi: Không có đơn vị "huyen-duc-thoo" — có phải "huyen-duc-tho"?\n'
    (workspace / "data" / "units.yaml").write_text("", encoding="utf-8")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1 and result.output.endswith(
        "Có 1 lỗi trong dữ liệu. Sửa các lỗi trên rồi chạy lại `docgen validate`.\n"
    )


def test_main_returns_the_same_codes(sample_workspace: Path) -> None:
    w = ["-w", str(sample_workspace)]
    assert main([*w, "list", "movements", "--json"]) == 0
    assert main([*w, "list", "units", "--unit", "khong-co"]) == 1
    assert main([*w, "build"]) == 2
    assert main(["--version"]) == 0


def test_an_unexpected_error_is_1_with_a_traceback_only_with_debug(
    run: Run, sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> list[dict[str, object]]:
        raise KeyError("kind")

    monkeypatch.setattr("docgen.cli.listing.movement_rows", broken)
    result = run("-w", str(sample_workspace), "list", "movements")
    assert result.exit_code == 1
    assert result.output == (
        "Lỗi không mong đợi trong docgen: KeyError: 'kind'\n"
        "Chạy lại với --debug để xem chi tiết và gửi cho bộ phận kỹ thuật.\n"
    )
    result = run("-w", str(sample_workspace), "list", "movements", "--debug")
    assert result.exit_code == 1 and "Traceback (most recent call last)" in result.output


def test_python_m_docgen_exits_with_the_code(sample_workspace: Path) -> None:
    command = [sys.executable, "-m", "docgen", "-w", str(sample_workspace)]
    result = subprocess.run(
        [*command, "list", "units", "--unit-kind", "huyen", "--json"],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 10
    usage = subprocess.run(
        [sys.executable, "-m", "docgen", "list", "units", "--unit-kind", "huyne"],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )
    assert usage.returncode == 2 and 'có phải "huyện"?' in usage.stderr and usage.stdout == ""
