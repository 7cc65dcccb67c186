"""The indicator catalogue and figures as Vietnamese write them (issue 14, item 4): reports refer
to indicators by id; a count has no fraction; ``1.525`` typed for an amount is asked about; no
more decimals than the indicator takes; a target of 0 prints the ratio as «—»."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from docgen.data.model import Indicator, IndicatorSpec
from docgen.vn import percent

Run = Callable[..., Result]
UNIT = "thanh-pho-ha-tinh"
# The first rows of thanh-pho-ha-tinh's 2023-h1 report in the bundled data.
AMOUNT = "thu-ngan-sach-nha-nuoc-tren-dia-ban"  # tỷ đồng, 1 decimal
COUNT = "xa-dat-chuan-nong-thon-moi-kieu-mau"  # xã


def _set_row(ws: Path, indicator: str, field: str, typed: str) -> int:
    """Type ``typed`` as ``field`` of the first report row of ``indicator``; its line number."""
    path = ws / "data" / "reports.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f"      - indicator: {indicator}")
    offset = 1 if field == "target" else 2
    assert lines[at + offset].startswith(f"        {field}: ")
    lines[at + offset] = f"        {field}: {typed}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + offset + 1


def _validate(run: Run, ws: Path) -> Result:
    return run("-w", str(ws), "validate")


def test_every_report_row_names_an_indicator_of_the_catalogue(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "reports.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"indicator: {AMOUNT}", "indicator: thu-ngan-sach-nha-nuoc-tren-dia", 1), "utf-8")
    result = _validate(run, workspace)
    assert result.exit_code == 1
    assert f'chỉ tiêu "thu-ngan-sach-nha-nuoc-tren-dia" không tồn tại — có phải "{AMOUNT}"?' in result.output


def test_a_count_typed_with_a_thousands_dot_is_refused_with_the_whole_number(run: Run, workspace: Path) -> None:
    line = _set_row(workspace, COUNT, "result", "1.525")
    result = _validate(run, workspace)
    assert result.exit_code == 1
    assert (
        f"data/reports.yaml:{line}:17: reports[0].indicators[1].result: chỉ tiêu «Xã đạt chuẩn nông thôn mới kiểu mẫu» "
        "là số đếm, không có phần lẻ: 1.525 — nếu là 1.525 thì viết 1525 (không có dấu chấm)"
    ) in result.output


def test_an_amount_typed_with_three_decimals_after_a_dot_is_asked_about(run: Run, workspace: Path) -> None:
    line = _set_row(workspace, AMOUNT, "result", "1.525")
    result = _validate(run, workspace)
    assert result.exit_code == 1
    assert (
        f"data/reports.yaml:{line}:17: reports[0].indicators[0].result: 1.525 của chỉ tiêu «Thu ngân sách nhà nước "
        "trên địa bàn» được đọc là 1,525 (dấu chấm là dấu thập phân) — nếu là 1.525 thì viết 1525; nếu đúng là số "
        'thập phân thì viết "1,525" (trong ngoặc kép, dấu phẩy)'
    ) in result.output


@pytest.mark.parametrize(("typed", "printed"), [("1525", "1.525"), ('"1.525"', "1.525"), ('"598,4"', "598,4")])
def test_figures_written_the_vietnamese_way_are_read_as_meant(
    run: Run, workspace: Path, tmp_path: Path, typed: str, printed: str
) -> None:
    _set_row(workspace, AMOUNT, "result", typed)
    assert _validate(run, workspace).exit_code == 0
    out = tmp_path / "out"
    args = ["-w", str(workspace), "build", "--unit", UNIT, "--kind", "bao-cao", "--out", str(out)]
    assert run(*args).exit_code == 0
    table = docx.Document(str(out / UNIT / "bao-cao-6-thang-dau-nam-2023.docx")).tables[1]
    row = next(r for r in table.rows if r.cells[1].text.startswith("Thu ngân sách nhà nước"))
    assert row.cells[4].text == printed


def test_more_decimals_than_the_indicator_takes_are_refused(run: Run, workspace: Path) -> None:
    line = _set_row(workspace, AMOUNT, "target", "525.12345678901234567")
    result = _validate(run, workspace)
    assert result.exit_code == 1
    assert (
        f"data/reports.yaml:{line}:17: reports[0].indicators[0].target: chỉ tiêu «Thu ngân sách nhà nước trên địa bàn» "
    )
    assert "ghi tối đa 1 chữ số thập phân" in result.output


def test_a_target_of_zero_prints_the_ratio_as_a_dash(run: Run, workspace: Path, tmp_path: Path) -> None:
    _set_row(workspace, COUNT, "target", "0")
    out = tmp_path / "out"
    args = ["-w", str(workspace), "build", "--unit", UNIT, "--kind", "bao-cao", "--out", str(out)]
    assert run(*args).exit_code == 0
    table = docx.Document(str(out / UNIT / "bao-cao-6-thang-dau-nam-2023.docx")).tables[1]
    row = next(r for r in table.rows if r.cells[1].text.startswith("Xã đạt chuẩn nông thôn mới kiểu mẫu"))
    assert row.cells[-1].text == "—"
    assert "0,0%" not in row.cells[-1].text


def test_the_catalogue_says_how_each_kind_of_indicator_adds_up() -> None:
    assert IndicatorSpec(id="a", name="A", kind="count").aggregation == "sum"
    assert IndicatorSpec(id="a", name="A", kind="rate", decimals=1).aggregation == "mean"
    with pytest.raises(ValueError, match="decimals phải là 0"):
        IndicatorSpec(id="a", name="A", kind="count", decimals=2)
    with pytest.raises(ValueError, match="tổng hợp theo cách mean"):
        IndicatorSpec(id="a", name="A", kind="rate", aggregate="sum")


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_a_number_written_with_thousands_dots_and_a_decimal_comma_reads_back(whole: int, fraction: int) -> None:
    grouped = f"{whole:,}".replace(",", ".")
    row = Indicator.model_validate({"indicator": "x", "target": f"{grouped},{fraction:02d}", "result": grouped})
    assert row.target == Decimal(f"{whole}.{fraction:02d}")
    assert row.result == Decimal(whole)


def test_percent_of_nothing_is_a_dash() -> None:
    assert percent(None) == "—"
    assert re.fullmatch(r"\d+,\d%", percent(Decimal("95.73")))


def test_reports_written_before_the_catalogue_get_one_message_with_the_way_forward(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "reports.yaml"
    text = path.read_text(encoding="utf-8")
    old_row = (
        "      - name: Thu ngân sách nhà nước trên địa bàn\n        measure: tỷ đồng\n"
        "        target: 525\n        result: 598\n        movement: thu-nop-ngan-sach\n"
    )
    new_row = f"      - indicator: {AMOUNT}\n        target: 525\n        result: 598\n"
    assert new_row in text
    path.write_text(text.replace(new_row, old_row), encoding="utf-8")
    result = _validate(run, workspace)
    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if line.startswith("data/")]
    assert len(found) == 1, found  # not four per row
    assert "dòng chỉ tiêu còn ghi theo cách cũ (name, measure, movement)" in found[0]
    assert "`indicator: <mã>`" in found[0]
