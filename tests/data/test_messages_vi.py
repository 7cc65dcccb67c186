"""Everything a clerk reads is Vietnamese: no PyYAML, pydantic, Click or Python English leaks
into `docgen validate`, `docgen init` or `--help`, and no regular expression is shown."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import pytest
import yaml
from click.testing import Result
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from docgen.data import yamlfile
from docgen.data.load import FILES
from docgen.data.messages import PATTERNS
from docgen.data.yamlfile import read_yaml, syntax_problem

Run = Callable[..., Result]

# English that used to reach the clerk: PyYAML's problems, Python's date errors, pydantic's
# "or", Python's True/False/None, Click's metavars and headings.
ENGLISH = re.compile(
    r"did not find|could not|expected|found|while (scanning|parsing)|mapping values|indicator|token|"
    r"end of stream|block end|nesting depth|must be in|out of range|alias\b|scalar|\bor\b|"
    r"\bTrue\b|\bFalse\b|\bNone\b|datetime|Directory|DIRECTORY|\bFILE\b|\bTEXT\b|INTEGER|RANGE|"
    r"Usage|OPTIONS|COMMAND|ARGS|Traceback|%Y|%d|Error:|\^\[|\$\)"
)


def _english(text: str) -> list[str]:
    return [m.group(0) for m in ENGLISH.finditer(text)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _validate(run: Run, root: Path, *needles: str) -> str:
    result = run("-w", str(root), "validate")
    output = result.output
    assert result.exit_code == 1, output
    for needle in needles:
        assert needle in output, f"{needle!r} not in:\n{output}"
    assert not _english(output), f"English {_english(output)} in:\n{output}"
    assert unicodedata.is_normalized("NFC", output)
    return output


# --- 1. YAML syntax ------------------------------------------------------------------------

SYNTAX_CASES = [
    # (file, text as in the sample, broken text, what the clerk must read)
    ("units.yaml", "    name: Ủy ban nhân dân tỉnh Hà Tĩnh", "    name Ủy ban nhân dân tỉnh Hà Tĩnh", "thiếu dấu ':'"),
    ("units.yaml", "        - TỈNH HÀ TĨNH", "      - TỈNH HÀ TĨNH", "thụt lề không thẳng hàng"),
    ("units.yaml", "    symbol: UBND", "\tsymbol: UBND", "Tab"),
    ("units.yaml", "    kind: province", "    kind: province: tỉnh", "dấu ':' không được đứng ở đây"),
    ("units.yaml", "    kind: province", '    kind: "province', "chuỗi trong ngoặc chưa đóng"),
    ("units.yaml", "    kind: province", "    kind: *tinh", "bí danh '*tinh' chưa được khai báo"),
    ("units.yaml", "    kind: province", "    kind: @province", "không được bắt đầu bằng ký tự '@'"),
    ("units.yaml", "    kind: province", '    kind: "pro\\qvince"', "dấu gạch chéo ngược"),
    ("units.yaml", "    kind: province", "    kind: [province", "ngoặc vuông [ ] chưa đóng"),
    ("units.yaml", "    kind: province", '    kind: "province" tỉnh', "có chữ thừa sau giá trị"),
    ("units.yaml", "        - TỈNH HÀ TĨNH", "        - TỈNH HÀ TĨNH\n        tên: x", "danh sách có một dòng"),
    ("campaign.yaml", "year: 2023", "year: 2023\n---\nx: 1", "chỉ được có một khối dữ liệu"),
]


@pytest.mark.parametrize(("name", "old", "new", "needle"), SYNTAX_CASES, ids=[c[3] for c in SYNTAX_CASES])
def test_yaml_syntax_errors_are_explained_in_vietnamese(
    run: Run, workspace: Path, name: str, old: str, new: str, needle: str
) -> None:
    _edit(workspace / "data" / name, old, new)
    output = _validate(run, workspace, f"data/{name}:", "lỗi cú pháp YAML", needle)
    assert " — " in output  # every syntax problem comes with what to do


def _problem(text: str, tmp_path: Path, loader: type[yaml.SafeLoader]) -> str:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    saved = yamlfile._Loader
    yamlfile._Loader = loader
    try:
        doc, problems = read_yaml(path, "t.yaml")
    finally:
        yamlfile._Loader = saved
    assert doc is None and problems, text
    return " | ".join(map(str, problems))


# The same broken texts read by libyaml and by the pure-Python parser (each words it differently).
RAW_CASES = [
    ("a: 1\nb\nc: 2\n", "t.yaml:2:1", "thiếu dấu ':' sau tên trường"),
    ("a:\n    b: 1\n  c: 2\n", "t.yaml:3:3", "thụt lề không thẳng hàng"),
    ("a:\n  - x\n  b: 1\n", "t.yaml:3:3", "danh sách có một dòng"),
    ("a:\n  b: 1\n  - c\n", "t.yaml:3:3", "mục danh sách '- '"),
    ("a:\n\tb: 1\n", "t.yaml:2:1", "Tab"),
    ("a: b: c\n", "t.yaml:1:5", "dấu ':' không được đứng ở đây"),
    ('a: "abc\nb: 1\n', "t.yaml:1:4", "chuỗi trong ngoặc chưa đóng"),
    ("a: 'abc\nb: 1\n", "t.yaml:1:4", "chuỗi trong ngoặc chưa đóng"),
    ("a: [1, 2\nb: 3\n", "t.yaml:1:4", "ngoặc vuông [ ] chưa đóng"),
    ("a: {x: 1\nb: 3\n", "t.yaml:1:4", "ngoặc nhọn { } chưa đóng"),
    ("a: *foo\n", "t.yaml:1:4", "bí danh '*foo'"),
    ("a: &x 1\nb: &x 2\n", "t.yaml:2:4", "'&x' được đặt hai lần"),
    ('a: "x\\qy"\n', "t.yaml:1:", "dấu gạch chéo ngược"),
    ("a: `x\n", "t.yaml:1:4", "ký tự '`'"),
    ("a: 1\n---\nb: 2\n", "t.yaml:2:1", "một khối dữ liệu"),
    ("a: !<x\n", "t.yaml:1:", "'!'"),
    ("a: |0\n  x\n", "t.yaml:1:", "'|'"),
    ("a: &\n", "t.yaml:1:", "phải có tên"),
    ("<<: 1\nb: 2\n", "t.yaml:1:", "'<<'"),
    ("x: Hà Tĩnh\na: b\x01\n", "t.yaml:2:5", "U+0001"),
    ("a: 2021-13-45\n", "t.yaml:1:4", "tháng phải từ 1 đến 12"),
    ("a: 2023-02-30\n", "t.yaml:1:4", "tháng 2/2023 chỉ có 28 ngày"),
    ("a: 2023-01-01 25:00:00\n", "t.yaml:1:4", "giờ phải từ 0 đến 23"),
    ("a: !!bool maybe\n", "t.yaml:1:4", "đúng/sai"),
    ("a: !!timestamp x\n", "t.yaml:1:4", "ngày"),
    ("a: !!int abc\n", "t.yaml:1:4", "số nguyên"),
    ("a: !!python/name:os.system\n", "t.yaml:1:4", "không được dùng trong dữ liệu"),
    ("a: " + "[" * 3000 + "]" * 3000 + "\n", "t.yaml", "lồng nhau quá sâu"),
]
LOADERS = [
    pytest.param(getattr(yaml, "CSafeLoader", yaml.SafeLoader), id="libyaml"),
    pytest.param(yaml.SafeLoader, id="python"),
]


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(("text", "where", "needle"), RAW_CASES, ids=[c[2] for c in RAW_CASES])
def test_every_parser_problem_is_vietnamese(
    tmp_path: Path, loader: type[yaml.SafeLoader], text: str, where: str, needle: str
) -> None:
    message = _problem(text, tmp_path, loader)
    assert message.startswith(where), message
    assert needle in message, message
    assert not _english(message), message


class _Mark:
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column, self.index = line, column, 0


@pytest.mark.parametrize(
    ("context", "problem", "needle"),
    [
        (None, "exceeded maximum nesting depth", "lồng nhau quá sâu"),
        ("while parsing a block mapping", "expected <block end>, but found '<block mapping start>'", "thụt lề"),
        ("while parsing a block collection", "did not find expected '-' indicator", "danh sách"),
        ("while scanning a quoted scalar", "found unexpected end of stream", "ngoặc chưa đóng"),
        ("while scanning for the next token", "found character '\\t' that cannot start any token", "Tab"),
        (None, "found undefined alias 'x'", "bí danh"),
        ("while parsing a flow node", "did not find expected node content", "thiếu giá trị"),
        ("while doing something new", "a problem PyYAML may word one day", "không đọc được cấu trúc tệp"),
    ],
)
def test_problem_texts_map_to_vietnamese(context: str | None, problem: str, needle: str) -> None:
    mark: Any = _Mark(2, 0)
    exc = yaml.MarkedYAMLError(context, mark, problem, mark)
    line, column, message, hint = syntax_problem(exc, "a: 1\nb: 2\n  c\n")
    assert (line, column) == (3, 1)
    assert needle in message + hint
    assert not _english(message + hint), message + hint


# --- 2-5. Values --------------------------------------------------------------------------


def test_impossible_date_says_which_part_is_wrong(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "        valid_from: 2021-04-01", "        valid_from: 2021-13-45")
    _validate(run, workspace, "valid_from", "tháng phải từ 1 đến 12", "2023-07-15")


def test_day_not_in_month(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "        valid_from: 2021-04-01", "        valid_from: 2021-02-29")
    _validate(run, workspace, "valid_from", "tháng 2/2021 chỉ có 28 ngày")


def test_quoted_impossible_date(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "        valid_from: 2021-04-01", '        valid_from: "2021-04-31"')
    _validate(run, workspace, "valid_from", "tháng 4/2021 chỉ có 30 ngày")


def test_choices_are_listed_without_english_or(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "candidates.yaml", "    type: collective", "    type: tap-the")
    _validate(run, workspace, "candidates[0].type", "chọn một trong: individual, collective")


def test_yes_no_read_as_boolean_must_be_quoted(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    drafting_unit: NV", "    drafting_unit: no")
    _validate(run, workspace, "drafting_unit", "giá trị đúng/sai", 'drafting_unit: "no"')


def test_number_where_text_is_expected_must_be_quoted(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", '    code: "42"', "    code: 42")
    _validate(run, workspace, "code", "một số", 'code: "42"')


def test_date_where_text_is_expected_shows_what_was_written(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    drafting_unit: NV", "    drafting_unit: 2023-01-01")
    _validate(run, workspace, "drafting_unit", "2023-01-01", "một ngày")


def test_symbol_form_is_told_in_words_with_an_example(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    symbol: UBND", "    symbol: ubnd")
    _validate(run, workspace, "symbol", "chữ in hoa", "ví dụ UBND")


def test_abbreviation_form_is_told_in_words(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "campaign.yaml", "    type_abbr: QĐ", "    type_abbr: Quyết định")
    _validate(run, workspace, "type_abbr", "chữ cái", "ví dụ KH")


def test_a_year_bound_is_not_grouped(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "campaign.yaml", "year: 2023", "year: 1990")
    _validate(run, workspace, "year", "từ 2000 trở lên")


def _patterns(tp: Any, seen: set[Any]) -> set[str]:
    found: set[str] = set()
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if tp not in seen:
            seen.add(tp)
            for field in tp.model_fields.values():
                found |= {m.pattern for m in field.metadata if getattr(m, "pattern", None)}
                found |= _patterns(field.annotation, seen)
        return found
    if get_origin(tp) is Annotated:
        base, *extra = get_args(tp)
        for item in extra:
            for meta in item.metadata if isinstance(item, FieldInfo) else [item]:
                if getattr(meta, "pattern", None):
                    found.add(meta.pattern)
        return found | _patterns(base, seen)
    for arg in get_args(tp):
        found |= _patterns(arg, seen)
    return found


def test_every_model_pattern_has_a_description_with_an_example() -> None:
    used: set[str] = set()
    for model in FILES.values():
        used |= _patterns(model, set())
    assert used, "no pattern found: the walk over the models is broken"
    assert used <= set(PATTERNS), f"no description for {used - set(PATTERNS)}"
    for pattern in used:
        message, hint = PATTERNS[pattern]
        assert "^" not in message + hint and "\\d" not in message + hint
        if pattern != r"^[^\r\n]*$":
            assert "ví dụ" in hint, pattern


# --- 6. Click -----------------------------------------------------------------------------

HELP_COMMANDS = [
    [],
    ["build"],
    ["render"],
    ["init"],
    ["validate"],
    ["list"],
    ["register"],
    ["register", "list"],
    ["register", "export"],
    ["register", "import"],
    ["register", "record"],
    ["register", "void"],
    ["register", "backup"],
]
CLICK_ENGLISH = re.compile(
    r"Usage|OPTIONS|COMMAND|ARGS|DIRECTORY|\bFILE\b|\bPATH\b|\bTEXT\b|INTEGER|RANGE|\bNUMBER\b|\bKIND\b|"
    r"Options|Commands|Show this|%Y|%m|<=|>=|\bx\b|required|default:"
)


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "docgen")
def test_help_has_no_english(run: Run, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Cách dùng:" in result.output and "[TÙY_CHỌN]" in result.output
    assert not CLICK_ENGLISH.findall(result.output), result.output


def test_help_names_values_in_vietnamese(run: Run) -> None:
    assert "THƯ_MỤC" in run("init", "--help").output
    build = run("build", "--help").output
    assert "--jobs SỐ" in build and "[từ 1 đến 64]" in build and "--date NGÀY" in build
    assert "--unit MÃ_ĐƠN_VỊ" in build and "CHỮ" not in build
    assert "LỆNH [THAM_SỐ]..." in run("--help").output


def test_init_on_a_file_is_told_in_vietnamese(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    result = run("init", str(target))
    assert result.exit_code == 2
    assert "là một tệp, cần một thư mục" in result.output
    assert "'THƯ_MỤC'" in result.output
    assert not CLICK_ENGLISH.findall(result.output), result.output


def test_click_value_errors_are_vietnamese(run: Run, sample_workspace: Path) -> None:
    jobs = run("-w", str(sample_workspace), "build", "--jobs", "0")
    assert jobs.exit_code == 2 and "cần số từ 1 đến 64" in jobs.output
    day = run("-w", str(sample_workspace), "build", "--date", "2023-02-30")
    assert day.exit_code == 2 and "không phải ngày hợp lệ" in day.output and "15/07/2023" in day.output
    kind = run("-w", str(sample_workspace), "render", "--unit", "huyen-huong-khe", "tinh")
    assert kind.exit_code == 2 and "'LOẠI'" in kind.output and "không phải một trong" in kind.output
    missing = run("-w", str(sample_workspace), "register", "void")
    assert missing.exit_code == 2 and "Thiếu tham số 'SỐ'" in missing.output
    for result in (jobs, day, kind, missing):
        assert not CLICK_ENGLISH.findall(result.output), result.output


# --- 7-10. Numbers, .gitignore, workspace, empty file ---------------------------------------


def test_size_message_has_vietnamese_number_and_no_stray_full_stop(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "reports.yaml"
    with path.open("ab") as handle:
        handle.write(b"# " + b"x" * (11 * 1024 * 1024) + b"\n")
    size = path.stat().st_size
    grouped = f"{size:,}".replace(",", ".")
    output = _validate(run, workspace, "quá lớn", f"({grouped} byte; tối đa 10 MB)")
    assert "byte." not in output


def test_init_ignores_everything_docgen_makes(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "moi"
    assert run("init", str(target)).exit_code == 0
    lines = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    for name in ("out/", ".cache/", "register.sqlite", "register.sqlite-wal", "register.sqlite-shm"):
        assert name in lines


def test_missing_workspace_from_the_environment_names_the_variable(run: Run, tmp_path: Path) -> None:
    result = run("validate", env={"DOCGEN_WORKSPACE": str(tmp_path / "khong-co")})
    assert result.exit_code == 1
    assert "biến môi trường DOCGEN_WORKSPACE" in result.output
    assert "sau -w/--workspace" not in result.output


def test_missing_workspace_from_the_option_names_the_option(run: Run, tmp_path: Path) -> None:
    result = run("-w", str(tmp_path / "khong-co"), "validate")
    assert result.exit_code == 1 and "sau -w/--workspace" in result.output


def test_current_folder_that_is_no_workspace_says_so(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_WORKSPACE", raising=False)
    result = run("validate")
    assert result.exit_code == 1
    assert "thư mục hiện tại" in result.output and "docgen init" in result.output


def test_empty_file_hint_points_to_something_that_exists(run: Run, workspace: Path) -> None:
    (workspace / "data" / "units.yaml").write_text("", encoding="utf-8")
    output = _validate(run, workspace, "tệp trống", "docgen init")
    assert "docs/" not in output


def test_missing_file_hint(run: Run, workspace: Path) -> None:
    (workspace / "data" / "legal.yaml").unlink()
    output = _validate(run, workspace, "thiếu tệp dữ liệu", "docgen init")
    assert "không gian làm việc" not in output


def test_control_character_is_located(run: Run, workspace: Path) -> None:
    _edit(workspace / "data" / "units.yaml", "    kind: province", "    kind: prov\x07ince")
    _validate(run, workspace, "data/units.yaml:", "U+0007")
