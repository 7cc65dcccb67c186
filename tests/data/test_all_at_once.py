"""One `validate` tells every problem that can be known, each once (issue 14, item 5): a record
with a problem of its own no longer hides the problems of the other records, nor the checks
across files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]


def _unit_block(lines: list[str], n: int) -> tuple[int, int]:
    starts = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
    return starts[n], starts[n + 1]


def _line_of(lines: list[str], start: int, end: int, prefix: str) -> int:
    return next(i for i in range(start, end) if lines[i].startswith(prefix))


def test_a_bad_id_in_one_unit_hides_neither_other_units_nor_candidates(run: Run, workspace: Path) -> None:
    units = workspace / "data" / "units.yaml"
    lines = units.read_text(encoding="utf-8").split("\n")
    start, end = _unit_block(lines, 1)  # thanh-pho-ha-tinh: an id with a diacritic, and no place
    del lines[_line_of(lines, start, end, "    place: ")]
    reports_to = _line_of(lines, start, end, "    reports_to: ")
    lines[reports_to] = "    reports_to: so-noi-vụ"
    start3, end3 = _unit_block(lines, 3)  # huyen-duc-tho: a bloc that does not exist
    bloc = _line_of(lines, start3, end3, "    bloc: ")
    lines[bloc] = "    bloc: khoi-cac-huyen-9"
    units.write_text("\n".join(lines), encoding="utf-8")
    candidates = workspace / "data" / "candidates.yaml"
    text = candidates.read_text(encoding="utf-8")
    candidates.write_text(text.replace("unit: huyen-huong-khe", "unit: huyen-huong-kh", 1), encoding="utf-8")
    candidate_line = text[: text.index("unit: huyen-huong-khe")].count("\n") + 1

    result = run("-w", str(workspace), "validate")

    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if line.startswith("data/")]
    expected = [
        f'data/units.yaml:{reports_to + 1}:17: units[1].reports_to: mã "so-noi-vụ" không hợp lệ',
        f"data/units.yaml:{start + 1}:5: units[1].place: đơn vị thanh-pho-ha-tinh thiếu trường bắt buộc 'place'",
        f"data/units.yaml:{bloc + 1}:",  # the line of units[3] as written, though units[1] was left out
        f"data/candidates.yaml:{candidate_line}:11: candidates[",
    ]
    for start_of in expected:
        assert sum(line.startswith(start_of) for line in found) == 1, (start_of, found)
    assert any('khối thi đua "khoi-cac-huyen-9" không tồn tại' in line for line in found), found
    assert any('đơn vị "huyen-huong-kh" không tồn tại — có phải "huyen-huong-khe"?' in line for line in found)
    # Nothing echoes the left-out unit: no "đơn vị thanh-pho-ha-tinh không tồn tại" anywhere.
    assert not [line for line in found if '"thanh-pho-ha-tinh" không tồn tại' in line]
    assert len(found) == len(set(found)) == 4, found


def test_a_report_with_a_problem_of_its_own_is_not_also_missing(run: Run, workspace: Path) -> None:
    reports = workspace / "data" / "reports.yaml"
    text = reports.read_text(encoding="utf-8")
    at = text.index("    period: ")
    end = text.index("\n", at)
    reports.write_text(text[:end] + "\n    unknown_field: 1" + text[end:], encoding="utf-8")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if line.startswith("data/")]
    assert len(found) == 1 and "unknown_field" in found[0], found
