"""`docgen validate` on broken inputs: every class of bad input gives exit code 1, a message
naming the file and the field, no traceback, and writes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


def _snapshot(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")}


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _fails(run: Run, root: Path, *needles: str) -> str:
    before = _snapshot(root)
    result = run("-w", str(root), "validate")
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    for needle in needles:
        assert needle in output, f"{needle!r} not in:\n{output}"
    assert _snapshot(root) == before, "validate must not write anything"
    return output


def test_bundled_data_is_valid(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "validate")
    assert result.exit_code == 0, result.output
    assert "Dữ liệu hợp lệ" in result.output
    assert "216 xã/phường/thị trấn" in result.output


def test_empty_file(run: Run, workspace: Path) -> None:
    (workspace / "data" / "units.yaml").write_text("", encoding="utf-8")
    _fails(run, workspace, "data/units.yaml", "tệp trống")


def test_comments_only_file(run: Run, workspace: Path) -> None:
    (workspace / "data" / "legal.yaml").write_text("# chỉ có chú thích\n", encoding="utf-8")
    _fails(run, workspace, "data/legal.yaml", "không có dữ liệu")


def test_binary_file(run: Run, workspace: Path) -> None:
    (workspace / "data" / "awards.yaml").write_bytes(bytes(range(256)) * 10)
    _fails(run, workspace, "data/awards.yaml", "nhị phân")


def test_legacy_8bit_file_is_not_utf8(run: Run, workspace: Path) -> None:
    # Windows-1258 bytes, as an old Excel export would write them
    (workspace / "data" / "legal.yaml").write_bytes(b"legal_bases: []\n# H\xe0 N\xf4i\n")
    _fails(run, workspace, "data/legal.yaml:2", "UTF-8")


def test_yaml_syntax_error_has_line(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "campaign.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nblocs: [unclosed\n", encoding="utf-8")
    output = _fails(run, workspace, "data/campaign.yaml:", "lỗi cú pháp YAML")
    assert "Tab" in output  # the hint


def test_tab_indentation(run: Run, workspace: Path) -> None:
    (workspace / "data" / "legal.yaml").write_text("legal_bases:\n\t- id: x\n", encoding="utf-8")
    _fails(run, workspace, "data/legal.yaml:2", "lỗi cú pháp YAML")


def test_wrong_type(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "campaign.yaml", "year: 2023", "year: hai nghìn không trăm hai mươi ba")
    _fails(run, workspace, "data/campaign.yaml:", "year", "số nguyên")


def test_top_level_not_a_mapping(run: Run, workspace: Path) -> None:
    (workspace / "data" / "awards.yaml").write_text("- a\n- b\n", encoding="utf-8")
    _fails(run, workspace, "data/awards.yaml:1", "mapping")


def test_unknown_key_is_an_error_with_hint(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    place: Hương Khê", "    palce: Hương Khê")
    output = _fails(run, workspace, "data/units.yaml:", "palce", 'có phải "place"?')
    line = next(x for x in output.splitlines() if "palce" in x)
    number = int(line.split(":")[1])
    assert "palce" in (workspace / "data" / "units.yaml").read_text(encoding="utf-8").splitlines()[number - 1]


def test_duplicate_key_is_an_error(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    place: Hương Khê", "    place: Hương Khê\n    place: Hương Sơn")
    _fails(run, workspace, "data/units.yaml:", "place", "bị lặp lại")


def test_unknown_reference_suggests_the_right_id(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "communes.yaml", "parent: huyen-huong-khe", "parent: huyen-huong-khee")
    _fails(
        run,
        workspace,
        "data/communes.yaml:",
        "parent",
        '"huyen-huong-khee" không tồn tại',
        'có phải "huyen-huong-khe"?',
    )


def test_task_for_unknown_unit(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "movements.yaml", "- huyen-cam-xuyen", "- huyen-cam-xuyenn")
    _fails(run, workspace, "data/movements.yaml:", "tasks[", '"huyen-cam-xuyenn" không tồn tại')


def test_candidate_of_unknown_unit(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "candidates.yaml", "unit: huyen-huong-khe", "unit: huyen-huong-khe-moi")
    _fails(run, workspace, "data/candidates.yaml:", "candidates[", "unit")


def test_unknown_movement(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "movements.yaml", "movement: nong-thon-moi", "movement: nong-thon-moii")
    _fails(run, workspace, "data/movements.yaml:", 'có phải "nong-thon-moi"?')


def test_legacy_tcvn3_text_is_refused(run: Run, workspace: Path) -> None:
    # "Hµ TÜnh" is how TCVN3 (.VnTime) bytes for "Hà Tĩnh" read as Unicode
    _edit(workspace / "data" / "units.yaml", "    place: Hương Khê", "    place: H\u00b5 T\u00dcnh")
    _fails(run, workspace, "data/units.yaml:", "place", "TCVN3", "Unikey")


def test_legacy_vni_text_is_refused(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    place: Hương Khê", "    place: Haø Tónh")
    _fails(run, workspace, "data/units.yaml:", "place", "VNI")


def test_huge_file_is_refused_quickly(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "reports.yaml"
    with path.open("ab") as handle:
        handle.write(b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    _fails(run, workspace, "data/reports.yaml", "quá lớn")


def test_alias_bomb_is_refused(run: Run, workspace: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("legal_bases: *a9")
    (workspace / "data" / "legal.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _fails(run, workspace, "data/legal.yaml", "bí danh")


def test_deep_nesting_is_refused(run: Run, workspace: Path) -> None:
    (workspace / "data" / "legal.yaml").write_text("legal_bases: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _fails(run, workspace, "data/legal.yaml")


def test_python_tags_are_not_executed(run: Run, workspace: Path) -> None:
    (workspace / "data" / "legal.yaml").write_text(
        "legal_bases: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8"
    )
    _fails(run, workspace, "data/legal.yaml:1")


def test_missing_file(run: Run, workspace: Path) -> None:
    (workspace / "data" / "movements.yaml").unlink()
    _fails(run, workspace, "data/movements.yaml", "thiếu tệp")


def test_every_problem_is_reported_at_once(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    place: Hương Khê", "    palce: Hương Khê")
    _edit(workspace / "data" / "campaign.yaml", "year: 2023", "year: năm")
    _edit(workspace / "data" / "communes.yaml", "kind: commune", "kind: comune", count=1)
    output = _fails(run, workspace, "data/units.yaml", "data/campaign.yaml", "data/communes.yaml")
    assert "Có 3 lỗi" in output


def test_a_repeated_key_does_not_hide_the_other_problems_of_its_file(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    symbol: UBND\n", "    symbol: UBND\n    symbol: UBND\n")
    _edit(workspace / "data" / "units.yaml", "    place: Hương Khê", "    palce: Hương Khê")
    _edit(workspace / "data" / "units.yaml", "    kind: department\n", "    kind: metropolis\n")
    output = _fails(run, workspace, "bị lặp lại", "'palce'", '"metropolis"')
    assert "Có 3 lỗi" in output


def test_missing_signer_names_unit_and_field(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "role: giam-doc", "role: giam-doc-cu", count=1)
    _fails(run, workspace, "data/units.yaml:", "signing")


def test_decomposed_text_is_normalised(workspace: Path) -> None:
    import unicodedata

    from docgen.data.load import load

    path = workspace / "data" / "units.yaml"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    data = load(workspace / "data")
    assert data.units["huyen-huong-khe"].place == "Hương Khê"
    assert unicodedata.is_normalized("NFC", data.units["huyen-huong-khe"].name)


def test_utf8_bom_from_notepad_is_accepted(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "legal.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("-w", str(workspace), "validate").exit_code == 0


@pytest.mark.parametrize("where", ["before", "after", "env"])
def test_workspace_option_position(run: Run, sample_workspace: Path, where: str, tmp_path: Path) -> None:
    if where == "before":
        result = run("-w", str(sample_workspace), "validate")
    elif where == "after":
        result = run("validate", "--workspace", str(sample_workspace))
    else:
        result = run("validate", env={"DOCGEN_WORKSPACE": str(sample_workspace)})
    assert result.exit_code == 0, result.output


def test_not_a_workspace(run: Run, tmp_path: Path) -> None:
    result = run("-w", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert "không phải thư mục làm việc" in result.output
    assert "docgen init" in result.output


def test_usage_error_exit_code_2_in_vietnamese(run: Run, sample_workspace: Path) -> None:
    result = run("-w", str(sample_workspace), "list", "units", "--unit-kind", "planet")
    assert result.exit_code == 2
    assert "Giá trị không hợp lệ" in result.output
    result = run("validat")
    assert result.exit_code == 2
    assert "Không có lệnh" in result.output


def test_help_is_vietnamese(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Cách dùng:" in result.output and "Kiểm tra toàn bộ dữ liệu" in result.output


def test_debug_shows_traceback_only_when_asked(run: Run, workspace: Path) -> None:
    (workspace / "data" / "units.yaml").write_text("", encoding="utf-8")
    assert "Traceback" not in run("-w", str(workspace), "validate").output
    assert "Traceback" in run("-w", str(workspace), "--debug", "validate").output


def test_init_creates_a_valid_workspace(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "moi"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "data" / "units.yaml").is_file()
    assert (target / "templates").is_dir()
    assert run("-w", str(target), "validate").exit_code == 0
    again = run("init", str(target))
    assert again.exit_code == 1 and "không ghi đè" in again.output


def test_cwd_is_the_default_workspace(run: Run, sample_workspace: Path) -> None:
    old = Path.cwd()
    os.chdir(sample_workspace)
    try:
        assert run("validate").exit_code == 0
    finally:
        os.chdir(old)


def test_cache_never_hides_an_edit(run: Run, workspace: Path) -> None:
    assert run("-w", str(workspace), "validate").exit_code == 0
    caches = list((workspace / ".cache" / "docgen").glob("dataset-*.json"))
    assert len(caches) == 1
    caches[0].write_text('{"not": "a dataset"}', encoding="utf-8")  # a damaged cache is ignored
    assert run("-w", str(workspace), "validate").exit_code == 0
    _edit(workspace / "data" / "campaign.yaml", "year: 2023", "year: năm")
    _fails(run, workspace, "data/campaign.yaml", "year")


def test_init_puts_the_guides_the_messages_point_to_into_the_workspace(run: Run, tmp_path: Path) -> None:
    import re

    target = tmp_path / "moi"
    assert run("init", str(target)).exit_code == 0
    source = Path(__file__).resolve().parents[2] / "docgen"
    pointed = {
        name
        for path in source.rglob("*.py")
        for name in re.findall(r"docs/([a-z0-9-]+\.md)", path.read_text(encoding="utf-8"))
    }
    assert {"bien-mau.md", "so-dang-ky.md"} <= pointed
    missing = [name for name in sorted(pointed) if not (target / "docs" / name).is_file()]
    assert missing == [], f"messages point to guides init did not copy: {missing}"


def test_init_keeps_a_docs_folder_of_the_clerks_own(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "moi"
    (target / "docs").mkdir(parents=True)
    (target / "docs" / "ghi-chu.txt").write_text("của văn thư", encoding="utf-8")
    assert run("init", str(target)).exit_code == 0
    assert [p.name for p in (target / "docs").iterdir()] == ["ghi-chu.txt"]
