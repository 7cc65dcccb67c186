"""`docgen validate` checks the issue windows of data/campaign.yaml (issue 13, item 3): both
ends given, in order, not before the directive for the kinds that cite it, and holding the
date the data plans for the document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from docgen.data.model import Dataset
from docgen.kinds import KINDS

Run = Callable[..., Result]

PLAN = """    type_abbr: KH
    # Từ ngày văn bản chỉ đạo đến hết năm 2023.
    issue_from: 2023-07-10
    issue_to: 2023-12-31
"""


def _campaign(ws: Path, old: str, new: str) -> None:
    path = ws / "data" / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text not found once: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line(ws: Path, text: str) -> int:
    """The line of data/campaign.yaml that holds ``text`` (once)."""
    lines = (ws / "data" / "campaign.yaml").read_text(encoding="utf-8").splitlines()
    [found] = [i for i, line in enumerate(lines, start=1) if text in line]
    return found


def _validate(run: Run, ws: Path) -> str:
    result = run("-w", str(ws), "validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_every_numbered_kind_and_period_of_the_bundled_data_has_a_window(dataset: Dataset) -> None:
    from docgen.data.rules import issue_window

    campaign = dataset.campaign
    for kind in KINDS.values():
        periods = [p.id for p in campaign.periods] if kind.axis == "period" else [None]
        for period in periods:
            window = issue_window(campaign, kind.id, period)
            assert window is not None and window.start <= window.end, (kind.id, period)
            if kind.cites_directive:
                assert window.start >= campaign.directive.date, kind.id
    # The half-year report covers January-June and does not carry out the directive of 10/7:
    # its window opens before it, and the data is valid (test_validate_cli).
    half_year = issue_window(campaign, "bao-cao", "2023-h1")
    assert half_year is not None and half_year.start < campaign.directive.date


def test_a_window_that_ends_before_it_starts_is_refused(run: Run, workspace: Path) -> None:
    _campaign(workspace, PLAN, "    type_abbr: KH\n    issue_from: 2023-08-01\n    issue_to: 2023-07-30\n")
    line = _line(workspace, "issue_to: 2023-07-30")
    assert (
        f"data/campaign.yaml:{line}:15: documents.ke-hoach.issue_to: ngày cuối 30/7/2023 trước ngày đầu 01/8/2023 "
        "của khoảng ngày được cấp số — issue_to phải cùng ngày hoặc sau issue_from\n"
    ) in _validate(run, workspace)


def test_a_window_before_the_directive_is_refused_for_a_kind_that_cites_it(run: Run, workspace: Path) -> None:
    _campaign(workspace, PLAN, "    type_abbr: KH\n    issue_from: 2023-07-03\n    issue_to: 2023-12-31\n")
    line = _line(workspace, "issue_from: 2023-07-03")
    assert (
        f"data/campaign.yaml:{line}:17: documents.ke-hoach.issue_from: kế hoạch căn cứ văn bản chỉ đạo ngày "
        "10/7/2023 nên không được cấp số trước ngày đó (issue_from: 03/7/2023) — ghi issue_from: 2023-07-10 hoặc "
        "muộn hơn\n"
    ) in _validate(run, workspace)


def test_a_window_needs_both_ends(run: Run, workspace: Path) -> None:
    _campaign(workspace, PLAN, "    type_abbr: KH\n    issue_from: 2023-07-10\n")
    assert (
        "documents.ke-hoach.issue_from: thiếu issue_to: khoảng ngày được cấp số cần cả ngày đầu (issue_from) và "
        "ngày cuối (issue_to) — thêm dòng `issue_to: NNNN-TT-NN`, hoặc bỏ cả hai dòng\n"
    ) in _validate(run, workspace)


def test_the_planned_date_must_lie_in_the_window(run: Run, workspace: Path) -> None:
    _campaign(
        workspace,
        "    issue_from: 2023-12-01\n    issue_to: 2024-01-31\n",
        "    issue_from: 2024-01-01\n    issue_to: 2024-01-31\n",
    )
    assert (
        "periods[1].report_date: báo cáo dự kiến tháng 12/2023, ngoài khoảng ngày được cấp số (từ ngày 01/01/2024 "
        "đến ngày 31/01/2024) — sửa ngày dự kiến, hoặc issue_from, issue_to\n"
    ) in _validate(run, workspace)
