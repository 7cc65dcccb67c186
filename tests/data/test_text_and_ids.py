"""`docgen validate` refuses what must never reach an official document (issue 14): characters
that do not belong in a text (control, bidirectional, zero-width, Tab) with their position in
the value, and ids that Windows cannot use as a file or folder name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]

SUMMARY = "    summary: Hoàn thành xuất sắc nhiệm vụ năm 2023; 100% thành viên hoàn thành nhiệm vụ, trên 70% đạt danh hiệu Lao động tiên tiến.\n"  # noqa: E501
HINT = (
    "xóa ký tự đó (thường lẫn vào khi sao chép từ trang web, Word hoặc phần mềm khác); ký tự ẩn "
    "không nhìn thấy được: xóa cả chữ quanh vị trí đó rồi gõ lại, và thay Tab bằng dấu cách"
)


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` (a whole line or more) in ``path``; the 1-based line it began on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _validate(run: Run, root: Path) -> list[str]:
    result = run("-w", str(root), "validate")
    assert result.exit_code == 1, result.output
    assert "Lỗi không mong đợi" not in result.output and "Traceback" not in result.output
    return result.output.splitlines()


# --------------------------------------------------------------------------------------------
# Item 2: characters that do not belong in an official text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        ('"Ho\\x01àn thành"', "ký tự điều khiển U+0001 ở vị trí 3 của giá trị"),
        ('"Hoàn\\vthành"', "ký tự điều khiển U+000B ở vị trí 5 của giá trị"),
        ('"Hoàn thành\\0"', "ký tự điều khiển U+0000 ở vị trí 11 của giá trị"),
        ('"Hoàn \\x85thành"', "ký tự điều khiển U+0085 ở vị trí 6 của giá trị"),
        ("Hoàn thành \u202exuất sắc", "ký tự đảo chiều chữ U+202E ở vị trí 12 của giá trị"),
        ("Hoàn \u2066thành\u2069", "ký tự đảo chiều chữ U+2066 ở vị trí 6 của giá trị; "
         "ký tự đảo chiều chữ U+2069 ở vị trí 12 của giá trị"),
        ("Hoàn\u200b thành", "ký tự ẩn không độ rộng U+200B ở vị trí 5 của giá trị"),
        ("Hoàn thà\u200dnh", "ký tự ẩn không độ rộng U+200D ở vị trí 9 của giá trị"),
        ("Hoàn \ufeffthành", "ký tự ẩn không độ rộng U+FEFF ở vị trí 6 của giá trị"),
        ("Hoàn\u2060thành", "ký tự ẩn không độ rộng U+2060 ở vị trí 5 của giá trị"),
        ("Hoàn\tthành", "ký tự Tab U+0009 ở vị trí 5 của giá trị"),
        ('"\\uFFFE Hoàn"', "ký tự không hợp lệ U+FFFE ở vị trí 1 của giá trị"),
    ],
)  # fmt: skip
def test_characters_that_do_not_belong_are_refused_with_their_position(
    run: Run, workspace: Path, written: str, reported: str
) -> None:
    line = _replace(workspace / "data" / "candidates.yaml", SUMMARY, f"    summary: {written}\n")
    lines = _validate(run, workspace)
    assert f"data/candidates.yaml:{line}:14: candidates[0].summary: {reported} — {HINT}" in lines


def test_every_character_of_every_value_is_reported(run: Run, workspace: Path) -> None:
    data = workspace / "data"
    summary = _replace(data / "candidates.yaml", SUMMARY, '    summary: "A\\x01b\\tc\\x01d\\u202ee"\n')
    place = _replace(data / "units.yaml", "    place: Hương Khê\n", "    place: Hương\u200bKhê\n")
    lines = _validate(run, workspace)
    assert (
        f"data/candidates.yaml:{summary}:14: candidates[0].summary: ký tự điều khiển U+0001 ở vị trí 2, 6 của giá "
        "trị; ký tự Tab U+0009 ở vị trí 4 của giá trị; ký tự đảo chiều chữ U+202E ở vị trí 8 của giá trị — " + HINT
    ) in lines
    assert (
        f"data/units.yaml:{place}:12: units[8].place: ký tự ẩn không độ rộng U+200B ở vị trí 6 của giá trị — " + HINT
        in lines
    )
    assert lines[-1].startswith("Có 2 lỗi trong dữ liệu.")


def test_a_line_break_is_kept_in_a_paragraph_and_refused_on_a_one_line_field(run: Run, workspace: Path) -> None:
    data = workspace / "data"
    _replace(data / "candidates.yaml", SUMMARY, "    summary: |\n      Đoạn một.\n      Đoạn hai.\n")
    assert run("-w", str(workspace), "validate").exit_code == 0
    line = _replace(data / "units.yaml", "    place: Hương Khê\n", '    place: "Hương\\nKhê"\n')
    lines = _validate(run, workspace)
    assert any(
        x.startswith(f"data/units.yaml:{line}:12: units[8].place: giá trị phải nằm trên một dòng") for x in lines
    )


# --------------------------------------------------------------------------------------------
# Item 6: ids that are device names on Windows
# --------------------------------------------------------------------------------------------


def _device(written: str) -> str:
    stem = written.split(".")[0].lower()
    return (
        f'mã "{written}" là tên thiết bị dành riêng của Windows (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9): '
        f'không đặt được tên thư mục hay tệp; đổi sang mã khác, ví dụ thêm cấp hành chính phía trước: "xa-{stem}"'
    )


@pytest.mark.parametrize("device", ["con", "aux", "nul", "prn", "com1", "com9", "lpt1", "lpt9"])
def test_a_unit_id_that_is_a_windows_device_is_refused(run: Run, workspace: Path, device: str) -> None:
    line = _replace(workspace / "data" / "units.yaml", "  - id: thanh-pho-ha-tinh\n", f"  - id: {device}\n")
    lines = _validate(run, workspace)
    assert f"data/units.yaml:{line}:9: units[1].id: {_device(device)}" in lines


@pytest.mark.parametrize("device", ["Aux", "CON", "con.txt", "Lpt3.docx", "nul.tar.gz"])
def test_any_case_and_extension_is_refused_with_the_same_message(run: Run, workspace: Path, device: str) -> None:
    line = _replace(workspace / "data" / "communes.yaml", "  - id: phuong-tran-phu\n", f"  - id: {device}\n")
    lines = _validate(run, workspace)
    assert f"data/communes.yaml:{line}:9: communes[0].id: {_device(device)}" in lines


@pytest.mark.parametrize("device", ["com1", "LPT2"])
def test_a_candidate_id_that_is_a_windows_device_is_refused(run: Run, workspace: Path, device: str) -> None:
    line = _replace(workspace / "data" / "candidates.yaml", "  - id: thanh-pho-ha-tinh-2\n", f"  - id: {device}\n")
    lines = _validate(run, workspace)
    assert f"data/candidates.yaml:{line}:9: candidates[1].id: {_device(device)}" in lines


@pytest.mark.parametrize("near", ["console", "auxiliary", "com10", "lpt", "xa-con", "nul-1", "con-cuong"])
def test_ids_that_only_look_like_devices_are_accepted(run: Run, workspace: Path, near: str) -> None:
    _replace(workspace / "data" / "candidates.yaml", "  - id: thanh-pho-ha-tinh-2\n", f"  - id: {near}\n")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 0, result.output


def test_the_quick_scan_and_the_character_rule_agree_on_every_code_point() -> None:
    from docgen.data.yamlfile import _ANY_FOREIGN, _foreign_kind

    disagree = [
        hex(code)
        for code in range(0x110000)
        if (_ANY_FOREIGN.search(chr(code)) is None) != (_foreign_kind(chr(code)) is None)
    ]
    assert disagree == []
