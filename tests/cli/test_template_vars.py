"""`docgen template vars KIND`: what a template author may write in a kind's template, with
real examples, as lines, Markdown or JSON; and the mistakes an author makes typing it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef

Run = Callable[..., Result]
REPO = Path(__file__).resolve().parents[2]


def _vars(run: Run, root: Path, *args: str) -> Result:
    return run("-w", str(root), "template", "vars", *args)


def _follows(lines: list[str], *expected: str) -> bool:
    """Whether ``expected`` are consecutive lines of ``lines``."""
    n = len(expected)
    return any(lines[i : i + n] == list(expected) for i in range(len(lines) - n + 1))


def test_a_kinds_variables_with_the_units_examples(run: Run, sample_workspace: Path, dataset: Dataset) -> None:
    result = _vars(run, sample_workspace, "to-trinh", "--unit", "huyen-huong-khe")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Biến dùng được trong mẫu to-trinh.docx."
    total = build_context(dataset, DocRef("huyen-huong-khe", "to-trinh"))["proposal"]["total"]
    assert _follows(
        lines,
        "",
        "Chung cho mọi loại văn bản — ví dụ lấy từ huyen-huong-khe/to-trinh:",
        "  unit.id (chữ): mã đơn vị",
        "      ví dụ: «huyen-huong-khe»",
        "  unit.name (chữ): tên đầy đủ",
        "      ví dụ: «Ủy ban nhân dân huyện Hương Khê»",
    )
    assert _follows(
        lines,
        "  doc.number (số hoặc rỗng): số văn bản khi đã cấp số; rỗng khi là dự thảo",
        "      ví dụ: (rỗng)",
        "  doc.number_symbol (chữ): số và ký hiệu: `05/KH-UBND`, hoặc `      /KH-UBND` khi chưa có số",
        "      ví dụ: «      /TTr-UBND»",
    )
    assert _follows(
        lines,
        "Tờ trình đề nghị khen thưởng (to-trinh) — ví dụ lấy từ huyen-huong-khe/to-trinh:",
        "  proposal.groups (danh sách): các nhóm theo hình thức khen thưởng, tập thể trước cá nhân",
        "      ví dụ: 3 mục",
        "  proposal.groups[i].award (chữ): tên hình thức",
        "      ví dụ: «Tập thể lao động xuất sắc»",
    )
    assert _follows(lines, "  proposal.total (số): tổng tiền thưởng (đồng)", f"      ví dụ: «{total}»")
    assert _follows(lines, "", "Bộ lọc và hàm (cách dùng, ví dụ: docs/bo-loc.md):")
    assert (
        "  header_date(ngày, địa_danh=None, blank_day=False) — bộ lọc và hàm: dòng địa danh, ngày tháng ở đầu "
        "văn bản; `blank_day=doc.draft` để trống ngày cho dự thảo"
    ) in lines
    assert (
        '  join(danh_sách, dấu_nối="", attribute=None) — bộ lọc: nối các phần tử thành một chuỗi: `join(", ")`' in lines
    )
    assert not any(line.startswith(("  period.", "  report.", "  candidate.")) for line in lines)


def test_without_unit_a_typical_district_gives_the_examples(run: Run, sample_workspace: Path) -> None:
    """The first district of data/units.yaml; a variable empty there (a district has no parent
    body in its header) takes its example from the first document that has one, and says so."""
    result = _vars(run, sample_workspace, "ke-hoach")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert _follows(
        lines,
        "Chung cho mọi loại văn bản — ví dụ lấy từ huyen-huong-son/ke-hoach:",
        "  unit.id (chữ): mã đơn vị",
        "      ví dụ: «huyen-huong-son»",
    )
    assert _follows(
        lines,
        "  unit.header_parent (chữ): dòng cơ quan chủ quản; rỗng nếu không có",
        "      ví dụ (từ van-phong-ubnd-tinh/ke-hoach): «UBND TỈNH HÀ TĨNH»",
    )
    assert _follows(
        lines,
        "  unit.header_issuer (danh sách chữ): các dòng tên cơ quan ban hành",
        "      ví dụ: «ỦY BAN NHÂN DÂN» (dòng 1/2)",
    )
    assert _follows(
        lines,
        "  doc.date (ngày): ngày văn bản (có thể chỉ biết tháng: bộ lọc `header_date` tự để trống ngày)",
        "      ví dụ: «tháng 7/2023»",
    )


def test_unit_changes_the_examples(run: Run, sample_workspace: Path) -> None:
    result = _vars(run, sample_workspace, "ke-hoach", "--unit", "so-noi-vu")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Chung cho mọi loại văn bản — ví dụ lấy từ so-noi-vu/ke-hoach:" in lines
    assert _follows(lines, "  unit.name (chữ): tên đầy đủ", "      ví dụ: «Sở Nội vụ»")
    assert _follows(
        lines,
        "  unit.header_parent (chữ): dòng cơ quan chủ quản; rỗng nếu không có",
        "      ví dụ: «UBND TỈNH HÀ TĨNH»",
    )
    assert not any("huyen-huong-son" in line for line in lines)


def test_report_examples_come_from_the_first_period(run: Run, sample_workspace: Path) -> None:
    result = _vars(run, sample_workspace, "bao-cao", "--unit", "huyen-huong-khe")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Báo cáo (bao-cao) — ví dụ lấy từ huyen-huong-khe/bao-cao/2023-h1:" in lines
    assert _follows(lines, "  period.name (chữ): tên kỳ báo cáo", "      ví dụ: «6 tháng đầu năm 2023»")
    assert _follows(lines, "  period.start (ngày): ngày đầu kỳ", "      ví dụ: «01/01/2023»")


def test_variant_lists_one_templates_variables(run: Run, sample_workspace: Path) -> None:
    individual = _vars(run, sample_workspace, "bao-cao-thanh-tich", "--variant", "ca-nhan")
    assert individual.exit_code == 0, individual.output
    lines = individual.output.splitlines()
    assert lines[0] == "Biến dùng được trong mẫu bao-cao-thanh-tich-ca-nhan.docx."
    assert "  candidate.birth_date (ngày): ngày sinh" in lines
    assert not any(line.startswith("  candidate.profile") for line in lines)
    collective = _vars(run, sample_workspace, "bao-cao-thanh-tich", "--variant", "tap-the").output.splitlines()
    assert "  candidate.profile (chữ): đặc điểm tình hình" in collective
    assert not any(line.startswith("  candidate.birth_date") for line in collective)
    both = _vars(run, sample_workspace, "bao-cao-thanh-tich").output.splitlines()
    assert both[0] == "Biến dùng được trong mẫu bao-cao-thanh-tich-ca-nhan.docx, bao-cao-thanh-tich-tap-the.docx."
    assert {"  candidate.birth_date (ngày): ngày sinh", "  candidate.profile (chữ): đặc điểm tình hình"} <= set(both)


def test_json_lists_every_path_and_filter(run: Run, sample_workspace: Path) -> None:
    result = _vars(run, sample_workspace, "ke-hoach", "--unit", "huyen-huong-khe", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert set(shown) == {"kind", "variant", "unit", "templates", "variables", "filters"}
    assert (shown["kind"], shown["variant"], shown["unit"]) == ("ke-hoach", None, "huyen-huong-khe")
    assert shown["templates"] == ["ke-hoach.docx"]
    by_path = {v["path"]: v for v in shown["variables"]}
    assert by_path["unit.name"] == {
        "path": "unit.name",
        "type": "chữ",
        "description": "tên đầy đủ",
        "example": "Ủy ban nhân dân huyện Hương Khê",
        "source": "huyen-huong-khe/ke-hoach",
        "section": "common",
    }
    # Each task list's own paths, for a program that checks a template's names.
    assert {"movements[i].tasks[i].text", "unit_tasks[i].text", "other_tasks[i].text"} <= set(by_path)
    assert not any(path.startswith("tasks[i]") for path in by_path)
    header_date = next(f for f in shown["filters"] if f["name"] == "header_date")
    assert header_date == {
        "name": "header_date",
        "signature": "header_date(ngày, địa_danh=None, blank_day=False)",
        "usage": "bộ lọc và hàm",
        "description": "dòng địa danh, ngày tháng ở đầu văn bản; `blank_day=doc.draft` để trống ngày cho dự thảo",
        "docgen": True,
    }
    assert {"sort_vi", "join", "range"} <= {f["name"] for f in shown["filters"]}


def test_markdown_for_one_kind(run: Run, sample_workspace: Path) -> None:
    result = _vars(run, sample_workspace, "bao-cao", "--markdown")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "## Chung cho mọi loại văn bản"
    assert "## Báo cáo (`bao-cao`)" in lines and "## Bộ lọc và hàm" in lines
    assert not any(line.startswith("## Tờ trình") for line in lines)
    assert "| `period.name` | chữ | tên kỳ báo cáo | `6 tháng đầu năm 2023` |" in lines
    assert "| `doc.number` | số hoặc rỗng | số văn bản khi đã cấp số; rỗng khi là dự thảo | (rỗng) |" in lines


def test_all_markdown_is_docs_bien_mau(run: Run, sample_workspace: Path) -> None:
    """The command docs/bien-mau.md's header says regenerates it does."""
    result = _vars(run, sample_workspace, "--all", "--markdown")
    assert result.exit_code == 0, result.output
    assert result.output == (REPO / "docs" / "bien-mau.md").read_text(encoding="utf-8")


# --- what an author gets wrong ------------------------------------------------------------------


def test_unknown_kind_names_the_closest(run: Run, sample_workspace: Path) -> None:
    result = _vars(run, sample_workspace, "bao-cao-thanh-tic")
    assert result.exit_code == 2
    assert "Lỗi: Không có loại văn bản 'bao-cao-thanh-tic' — có phải \"bao-cao-thanh-tich\"?" in result.output
    as_json = json.loads(_vars(run, sample_workspace, "ke-hoac", "--json").output)
    assert as_json["error"] == {
        "message": "Không có loại văn bản 'ke-hoac'",
        "hint": 'có phải "ke-hoach"?',
        "exit_code": 2,
    }


def test_variant_of_a_kind_with_one_template_is_a_usage_error(run: Run, sample_workspace: Path) -> None:
    result = _vars(run, sample_workspace, "ke-hoach", "--variant", "ca-nhan")
    assert result.exit_code == 2
    assert "Lỗi: Kế hoạch chỉ có một mẫu (ke-hoach.docx): bỏ --variant." in result.output
    unknown = _vars(run, sample_workspace, "bao-cao-thanh-tich", "--variant", "ca-nhn")
    assert unknown.exit_code == 2
    assert "'ca-nhn'" in unknown.output and "ca-nhan" in unknown.output


def test_a_unit_that_does_not_write_the_kind(run: Run, sample_workspace: Path) -> None:
    commune = _vars(run, sample_workspace, "quyet-dinh", "--unit", "xa-son-kim-1")
    assert commune.exit_code == 1
    assert commune.output.strip() == "Lỗi: UBND xã Sơn Kim 1 không lập quyết định phát động trong phong trào này"
    typo = _vars(run, sample_workspace, "ke-hoach", "--unit", "huyen-huong-kh")
    assert typo.exit_code == 1
    assert typo.output.strip() == 'Lỗi: Không có đơn vị "huyen-huong-kh" — có phải "huyen-huong-khe"?'


def test_contradicting_choices_are_usage_errors(run: Run, sample_workspace: Path) -> None:
    cases = {
        (): "Lỗi: Cần chọn loại văn bản LOẠI, hoặc --all cho mọi loại. — các loại: quyet-dinh, ke-hoach, bao-cao, "
        "to-trinh, bao-cao-thanh-tich, bao-cao-tong-hop, quyet-dinh-khen-thuong",
        ("ke-hoach", "--all"): "Lỗi: --all (mọi loại văn bản) không đi cùng LOẠI, --variant hay --unit.",
        ("--all", "--unit", "so-noi-vu"): "Lỗi: --all (mọi loại văn bản) không đi cùng LOẠI, --variant hay --unit.",
    }
    for args, message in cases.items():
        result = _vars(run, sample_workspace, *args)
        assert result.exit_code == 2, args
        assert result.output.strip() == message, args
    both = _vars(run, sample_workspace, "ke-hoach", "--json", "--markdown")
    assert both.exit_code == 2
    assert json.loads(both.output)["error"]["message"] == "--json và --markdown không dùng cùng nhau: chọn một."


def test_help(run: Run) -> None:
    group = run("template", "--help").output
    assert "vars     Liệt kê mọi biến, danh sách" in group and "preview  Xem trước" in group
    own = run("template", "vars", "--help").output
    assert own.startswith("Cách dùng: docgen template vars [TÙY_CHỌN] [LOẠI]\n")
    assert "--variant [ca-nhan|tap-the]" in own
