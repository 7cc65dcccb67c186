"""Legacy words (TCVN3, VNI) pasted into a Unicode line are refused by `docgen validate`, and
`docgen validate --fix-encoding` converts them, changing nothing else (issue 14 item 1)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli.main import cli

Run = Callable[..., Result]

NAME = "    name: Ủy ban nhân dân huyện Hương Khê\n"
PLACE = "    place: Hương Khê\n"
TCVN3_NAME = "    name: Ủy ban nhân dân huyện H\u00ad\u00acng Kh\u00aa\n"
VNI_PLACE = "    place: thị trấn Höông Kheâ  # nơi ký văn bản\n"
UNIKEY = "chuyển mã bằng Unikey (Công cụ chuyển mã, nguồn"
TCVN3_MESSAGE = (
    "units[8].name: có chữ gõ bằng mã cũ TCVN3 (phông .VnTime): «H\u00ad¬ng» → «Hương», «Khª» → «Khê» "
    "(có ký tự ẩn U+00AD trong chữ); giá trị đúng là «Ủy ban nhân dân huyện Hương Khê» — chạy "
    f"`docgen validate --fix-encoding` để sửa tự động, hoặc {UNIKEY} TCVN3 (ABC), đích Unicode)"
)
VNI_MESSAGE = (
    "units[8].place: có chữ gõ bằng mã cũ VNI (phông VNI-Times): «Höông» → «Hương», «Kheâ» → «Khê»; "
    "giá trị đúng là «thị trấn Hương Khê» — chạy `docgen validate --fix-encoding` để sửa tự động, hoặc "
    f"{UNIKEY} VNI Windows, đích Unicode)"
)
SHOWN = [
    "data/units.yaml:444: units[8].name: chữ mã cũ TCVN3: «H\u00ad¬ng» → «Hương», «Khª» → «Khê» "
    "(có ký tự ẩn U+00AD trong chữ)",
    "  - «Ủy ban nhân dân huyện H\u00ad¬ng Khª»",
    "  + «Ủy ban nhân dân huyện Hương Khê»",
    "data/units.yaml:455: units[8].place: chữ mã cũ VNI: «Höông» → «Hương», «Kheâ» → «Khê»",
    "  - «thị trấn Höông Kheâ»",
    "  + «thị trấn Hương Khê»",
]


def _replace(path: Path, old: str, new: str) -> int:
    text = path.read_bytes().decode("utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    return line


@pytest.fixture
def mixed(workspace: Path) -> Path:
    """units.yaml with a TCVN3 name and a VNI place pasted into Unicode lines (lines 444, 455)."""
    units = workspace / "data" / "units.yaml"
    assert _replace(units, NAME, TCVN3_NAME) == 444
    assert _replace(units, PLACE, VNI_PLACE) == 455
    return workspace


def _backups(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "data").iterdir() if ".bak" in p.name)


def test_legacy_words_inside_a_unicode_line_are_refused(run: Run, mixed: Path) -> None:
    result = run("-w", str(mixed), "validate")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:2] == [f"data/units.yaml:444:11: {TCVN3_MESSAGE}", f"data/units.yaml:455:12: {VNI_MESSAGE}"]
    assert "\\x" not in result.output


def test_fix_encoding_without_yes_and_without_a_terminal_only_shows(run: Run, mixed: Path) -> None:
    before = (mixed / "data" / "units.yaml").read_bytes()
    result = run("-w", str(mixed), "validate", "--fix-encoding")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        *SHOWN,
        "Chưa ghi gì. Thêm --yes để ghi 2 thay đổi trên (bản cũ của mỗi tệp được giữ thành tệp .bak).",
    ]
    assert (mixed / "data" / "units.yaml").read_bytes() == before
    assert _backups(mixed) == []


def test_fix_encoding_yes_converts_only_those_values_and_keeps_a_backup(run: Run, mixed: Path) -> None:
    units = mixed / "data" / "units.yaml"
    before = units.read_bytes()
    result = run("-w", str(mixed), "validate", "--fix-encoding", "--yes")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[: len(SHOWN) + 2] == [
        *SHOWN,
        "Đã sửa 2 giá trị trong data/units.yaml; bản cũ giữ ở units.yaml.bak.",
        "Dữ liệu hợp lệ: 43 đơn vị, 216 xã/phường/thị trấn, 18 phong trào, 65 nhiệm vụ, 504 báo cáo số liệu, "
        "90 đề nghị khen thưởng.",
    ]
    assert (mixed / "data" / "units.yaml.bak").read_bytes() == before
    old_lines = before.decode("utf-8").split("\n")
    new_lines = units.read_bytes().decode("utf-8").split("\n")
    assert len(new_lines) == len(old_lines)
    changed = {i + 1: new for i, (old, new) in enumerate(zip(old_lines, new_lines, strict=True)) if old != new}
    assert changed == {
        444: NAME.rstrip("\n"),
        455: "    place: thị trấn Hương Khê  # nơi ký văn bản",  # the comment stays
    }
    again = run("-w", str(mixed), "validate", "--fix-encoding")
    assert again.exit_code == 0
    assert again.output.splitlines()[0] == "Không có chữ nào gõ bằng mã cũ (TCVN3, VNI) cần chuyển sang Unicode."


def test_an_existing_backup_is_never_overwritten(run: Run, mixed: Path) -> None:
    data = mixed / "data"
    (data / "units.yaml.bak").write_bytes(b"ban cu cua thu ky\n")
    (data / "units.yaml.bak-2").write_bytes(b"ban cu nua\n")
    before = (data / "units.yaml").read_bytes()
    assert run("-w", str(mixed), "validate", "--fix-encoding", "--yes").exit_code == 0
    assert (data / "units.yaml.bak").read_bytes() == b"ban cu cua thu ky\n"
    assert (data / "units.yaml.bak-2").read_bytes() == b"ban cu nua\n"
    assert (data / "units.yaml.bak-3").read_bytes() == before


@pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1), ("\n", 1)])
def test_on_a_terminal_the_clerk_is_asked(mixed: Path, monkeypatch: pytest.MonkeyPatch, answer: str, code: int) -> None:
    monkeypatch.setattr("docgen.cli.encoding._interactive", lambda: True)
    before = (mixed / "data" / "units.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["-w", str(mixed), "validate", "--fix-encoding"], input=answer)
    assert result.exit_code == code, result.output
    assert "Ghi 2 thay đổi trên vào tệp dữ liệu?" in result.output
    if code == 0:
        assert _backups(mixed) == ["units.yaml.bak"]
        assert (mixed / "data" / "units.yaml").read_bytes() != before
    else:
        assert result.output.splitlines()[-1] == "Chưa ghi gì."
        assert _backups(mixed) == []
        assert (mixed / "data" / "units.yaml").read_bytes() == before


def test_a_block_scalar_is_shown_to_paste_never_rewritten(run: Run, workspace: Path) -> None:
    reports = workspace / "data" / "reports.yaml"
    text = reports.read_text(encoding="utf-8")
    old = next(line for line in text.split("\n") if line.startswith("    overview: "))
    line = _replace(
        reports, old + "\n", "    overview: |\n      Năm 2023, huyện H\u00ad\u00acng Kh\u00aa\n      đạt kết quả tốt.\n"
    )
    before = reports.read_bytes()
    result = run("-w", str(workspace), "validate", "--fix-encoding", "--yes")
    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        f"data/reports.yaml:{line}: reports[0].overview: chữ mã cũ TCVN3: «H\u00ad¬ng» → «Hương», «Khª» → «Khê» "
        "(có ký tự ẩn U+00AD trong chữ)",
        "  Khối văn bản (| hoặc >): docgen không tự sửa; dán đoạn sau thay cho nội dung cũ:",
        "    Năm 2023, huyện Hương Khê",
        "    đạt kết quả tốt.",
    ]
    assert reports.read_bytes() == before and _backups(workspace) == []


def test_quoted_values_escapes_crlf_and_bom_are_kept(run: Run, workspace: Path) -> None:
    units = workspace / "data" / "units.yaml"
    _replace(units, NAME, '    name: "Ủy ban nhân dân huyện H\\u00ad\\u00acng Kh\\u00aa"\n')
    _replace(units, PLACE, "    place: 'Höông Kheâ'\n")
    crlf = b"\xef\xbb\xbf" + units.read_bytes().replace(b"\n", b"\r\n")
    units.write_bytes(crlf)
    result = run("-w", str(workspace), "validate", "--fix-encoding", "--yes")
    assert result.exit_code == 0, result.output
    after = units.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == crlf.count(b"\r\n")
    changed = [(old, new) for old, new in zip(crlf.split(b"\r\n"), after.split(b"\r\n"), strict=True) if old != new]
    assert [new.decode("utf-8") for _, new in changed] == [
        '    name: "Ủy ban nhân dân huyện Hương Khê"',
        "    place: 'Hương Khê'",
    ]


def test_yes_needs_fix_encoding(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "validate", "--yes")
    assert result.exit_code == 2
    assert "--yes chỉ dùng cùng --fix-encoding" in result.output


def test_nothing_to_fix(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "validate", "--fix-encoding")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "Không có chữ nào gõ bằng mã cũ (TCVN3, VNI) cần chuyển sang Unicode."


def test_an_edit_that_would_change_more_than_what_was_shown_is_refused(run: Run, workspace: Path) -> None:
    # An anchored value used again by an alias: converting it in place would change both.
    units = workspace / "data" / "units.yaml"
    _replace(units, NAME, "    name: &ten Ủy ban nhân dân huyện H\u00ad\u00acng Kh\u00aa\n")
    _replace(units, "    drafting_unit: NV\n" + PLACE, "    drafting_unit: *ten\n" + PLACE)
    before = units.read_bytes()
    result = run("-w", str(workspace), "validate", "--fix-encoding", "--yes")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Lỗi: Không sửa tự động được data/units.yaml: sau khi sửa, tệp không còn đọc ra đúng dữ liệu cũ. "
        "— sửa tay các giá trị đã hiện ở trên"
    )
    assert units.read_bytes() == before and _backups(workspace) == []


def test_fix_encoding_is_not_for_json(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "validate", "--fix-encoding", "--json")
    assert result.exit_code == 2
