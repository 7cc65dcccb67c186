"""Sample data entry by entry (issue 13, item 5): `sample: true|false` on a report entry (unit,
period) of reports.yaml and on a candidate of candidates.yaml, the file's flag standing for the
entries that say nothing; an official number is refused only for the sample entries a document
actually uses, named."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]
REAL_NAMES = {"A": "An", "B": "Bình", "C": "Cường"}


def _real_signers_and_directive(ws: Path) -> None:
    """The rest of the data made real, as a province does before issuing: signers' names and the
    directive's number; reports and candidates stay sample (their files say sample: true)."""
    units = ws / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8").replace("        sample: true\n", "")
    text = re.sub(r"^(\s+name: .* )([ABC])$", lambda m: m.group(1) + REAL_NAMES[m.group(2)], text, flags=re.M)
    units.write_text(text, encoding="utf-8")
    campaign = ws / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8").replace("  sample: true\n", "", 1)
    campaign.write_text(text.replace("number: 0000/UBND-NC1", "number: 2186/UBND-NC1", 1), encoding="utf-8")


def _mark(ws: Path, file: str, entry_start: str, flag: str) -> None:
    """Write ``sample: <flag>`` as the first field of the entry starting with ``entry_start``."""
    path = ws / "data" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(entry_start) == 1, entry_start
    indent = " " * (len(entry_start) - len(entry_start.lstrip(" ")) + 2)
    path.write_text(text.replace(entry_start, f"{entry_start}{indent}sample: {flag}\n"), encoding="utf-8")


def _report(unit: str, period: str) -> str:
    shown = f'"{period}"' if period.isdigit() else period
    return f"  - unit: {unit}\n    period: {shown}\n"


def _build(run: Run, ws: Path, out: Path, *args: str) -> Result:
    return run("-w", str(ws), "build", "--out", str(out), "--issue", *args)


def _issued(run: Run, ws: Path) -> list[str]:
    result = run("-w", str(ws), "register", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return [str(r["doc_id"]) for r in json.loads(result.output)]


def test_a_district_with_real_figures_is_issued_while_the_others_stay_sample(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    _real_signers_and_directive(workspace)
    _mark(workspace, "reports.yaml", _report("huyen-huong-khe", "2023-h1"), "false")
    select = ("--unit", "huyen-huong-khe", "--unit", "huyen-duc-tho", "--kind", "bao-cao", "--period", "2023-h1")
    result = _build(run, workspace, tmp_path / "out", *select, "--date", "2023-07-20")
    assert result.exit_code == 1
    assert "Cấp số 01/BC-UBND ngày 20/7/2023: huyen-huong-khe/bao-cao/2023-h1" in result.output
    assert (
        "LỖI huyen-duc-tho/bao-cao/2023-h1: không cấp số chính thức cho văn bản có dữ liệu mẫu: số liệu báo cáo của "
        "huyen-duc-tho kỳ 2023-h1 là dữ liệu mẫu (data/reports.yaml, sample: true của cả tệp, mục unit: huyen-duc-tho, "
        'period: "2023-h1" không ghi sample) — nhập dữ liệu thật; --allow-sample chỉ dùng để tập huấn, kiểm thử\n'
    ) in result.output
    assert _issued(run, workspace) == ["huyen-huong-khe/bao-cao/2023-h1"]
    # The same district's annual figures are still sample: that report is refused too.
    annual = _build(run, workspace, tmp_path / "out", "--unit", "huyen-huong-khe", "--kind", "bao-cao",
                    "--period", "2023", "--date", "2023-12-12")  # fmt: skip
    assert annual.exit_code == 1 and "số liệu báo cáo của huyen-huong-khe kỳ 2023 là dữ liệu mẫu" in annual.output


def test_an_entry_marked_sample_in_a_real_file_is_refused_naming_it(run: Run, workspace: Path, tmp_path: Path) -> None:
    _real_signers_and_directive(workspace)
    reports = workspace / "data" / "reports.yaml"
    reports.write_text(reports.read_text(encoding="utf-8").replace("\nsample: true\n", "\nsample: false\n", 1), "utf-8")
    _mark(workspace, "reports.yaml", _report("huyen-duc-tho", "2023-h1"), "true")
    select = ("--unit", "huyen-huong-khe", "--unit", "huyen-duc-tho", "--kind", "bao-cao", "--period", "2023-h1")
    result = _build(run, workspace, tmp_path / "out", *select, "--date", "2023-07-20")
    assert result.exit_code == 1
    assert (
        "LỖI huyen-duc-tho/bao-cao/2023-h1: không cấp số chính thức cho văn bản có dữ liệu mẫu: số liệu báo cáo của "
        'huyen-duc-tho kỳ 2023-h1 là dữ liệu mẫu (data/reports.yaml, mục unit: huyen-duc-tho, period: "2023-h1": '
        "sample: true)"
    ) in result.output
    assert _issued(run, workspace) == ["huyen-huong-khe/bao-cao/2023-h1"]


def test_a_proposal_with_one_sample_candidate_is_refused_naming_it(run: Run, workspace: Path, tmp_path: Path) -> None:
    _real_signers_and_directive(workspace)
    for candidate in ("huyen-huong-khe-1", "huyen-huong-khe-3"):
        _mark(workspace, "candidates.yaml", f"  - id: {candidate}\n", "false")
    out = tmp_path / "out"
    args = ("--unit", "huyen-huong-khe", "--kind", "to-trinh", "--date", "2024-01-10")
    refused = _build(run, workspace, out, *args)
    assert refused.exit_code == 1
    assert (
        "LỖI huyen-huong-khe/to-trinh: không cấp số chính thức cho văn bản có dữ liệu mẫu: hồ sơ đề nghị khen "
        "thưởng là dữ liệu mẫu: Ủy ban nhân dân xã Hương Thủy (huyen-huong-khe-2) (data/candidates.yaml, sample: "
        "true của cả tệp, mục không ghi sample)"
    ) in refused.output
    assert _issued(run, workspace) == []
    _mark(workspace, "candidates.yaml", "  - id: huyen-huong-khe-2\n", "false")
    issued = _build(run, workspace, out, *args)
    assert issued.exit_code == 0, issued.output
    assert "Cấp số 01/TTr-UBND ngày 10/01/2024: huyen-huong-khe/to-trinh" in issued.output


def test_validate_says_how_many_entries_are_still_sample(run: Run, workspace: Path) -> None:
    _mark(workspace, "reports.yaml", _report("huyen-huong-khe", "2023-h1"), "false")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 0, result.output
    assert (
        "Lưu ý: đang dùng dữ liệu mẫu cho số liệu báo cáo (503/504 mục), danh sách đề nghị khen thưởng, "
        "số và ngày văn bản chỉ đạo.\n"
    ) in result.output
    assert json.loads(run("-w", str(workspace), "validate", "--json").output)["samples"] == [
        "reports",
        "candidates",
        "directive",
    ]
    candidates = workspace / "data" / "candidates.yaml"
    candidates.write_text(
        candidates.read_text(encoding="utf-8").replace("\nsample: true\n", "\nsample: false\n", 1), encoding="utf-8"
    )
    assert json.loads(run("-w", str(workspace), "validate", "--json").output)["samples"] == ["reports", "directive"]
