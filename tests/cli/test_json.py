"""``--json`` wherever the output is for a program: one JSON value on stdout and nothing else,
errors included (``{"ok": false, "error": {...}, "problems": [...]}``) with the same exit code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

Run = Callable[..., Result]


def _json(result: Result, exit_code: int) -> Any:
    assert result.exit_code == exit_code, result.output
    assert result.stderr == "", "nothing but the JSON"
    return json.loads(result.stdout)


def _error(result: Result, exit_code: int) -> dict[str, Any]:
    value = _json(result, exit_code)
    assert value["ok"] is False and value["error"]["exit_code"] == exit_code
    assert set(value["error"]) == {"message", "hint", "exit_code"}
    return dict(value)


def test_validate_json(run: Run, sample_workspace: Path) -> None:
    value = _json(run("-w", str(sample_workspace), "validate", "--json"), 0)
    assert value == {
        "ok": True,
        "units": 43,
        "communes": 216,
        "movements": 18,
        "tasks": 65,
        "reports": 504,
        "candidates": 90,
        "samples": ["reports", "candidates", "directive"],
    }


def test_validate_json_lists_every_problem(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "units.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    place: Hương Khê", "    palce: Hương Khê"), "utf-8")
    (workspace / "data" / "legal.yaml").write_text("", encoding="utf-8")
    value = _error(run("-w", str(workspace), "validate", "--json"), 1)
    assert value["error"]["message"] == "Dữ liệu có 2 lỗi, chưa tạo văn bản nào."
    assert [set(p) for p in value["problems"]] == [{"file", "line", "column", "field", "message", "hint"}] * 2
    legal, units = value["problems"]
    assert legal["file"] == "data/legal.yaml" and "tệp trống" in legal["message"]
    assert units["file"] == "data/units.yaml" and isinstance(units["line"], int) and "palce" in units["field"]
    assert units["hint"] == 'có phải "place"?'


def test_build_json(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("-w", str(sample_workspace), "build", "--unit", "so-noi-vu", "--kind", "ke-hoach", "--out", str(out))
    value = _json(run(*args, "--json"), 0)
    assert value["ok"] is True and value["built"] == value["documents"] == 1 and value["failed"] == 0
    assert value["out_dir"] == str(out.resolve()) or value["out_dir"] == str(out)


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("build", "--json"), 2, "Chọn --all, hoặc thu hẹp bằng --unit, --kind, --unit-kind, --period, --communes."),
        (("build", "--json", "--jobs", "0"), 2, "Giá trị không hợp lệ cho '--jobs': 0 không hợp lệ: cần số từ 1"),
        (("build", "--json", "--unit", "huyen-huong-khee"), 1, 'Không có đơn vị "huyen-huong-khee"'),
        (("list", "units", "--json", "--unit-kind", "thi xa", "--unit", "so-noi-vu"), 2, "Lựa chọn này không có"),
        (("list", "movements", "--json", "--bogus"), 2, "Không có tùy chọn '--bogus'."),
        (("register", "list", "--json", "-o", "{ws}/register.sqlite"), 1, "sổ đăng ký"),
    ],
    ids=["nothing-selected", "range", "unknown-unit", "empty-selection", "unknown-option", "register-as-output"],
)
def test_errors_are_json_with_the_same_exit_code(
    run: Run, sample_workspace: Path, args: tuple[str, ...], exit_code: int, message: str
) -> None:
    args = tuple(a.replace("{ws}", str(sample_workspace)) for a in args)
    value = _error(run("-w", str(sample_workspace), *args), exit_code)
    assert message in value["error"]["message"]
    assert value["problems"] == []


def test_an_unknown_unit_in_json_has_its_hint(run: Run, sample_workspace: Path) -> None:
    value = _error(run("-w", str(sample_workspace), "build", "--unit", "huyen-huong-khee", "--json"), 1)
    assert value["error"] == {
        "message": 'Không có đơn vị "huyen-huong-khee"',
        "hint": 'có phải "huyen-huong-khe"?',
        "exit_code": 1,
    }
    usage = _error(run("-w", str(sample_workspace), "build", "--json"), 2)
    assert usage["error"]["hint"] == "xem `docgen build --help`"


def test_a_missing_workspace_in_json(run: Run, tmp_path: Path) -> None:
    value = _error(run("-w", str(tmp_path / "khong-co"), "list", "units", "--json"), 1)
    assert "khong-co" in value["error"]["message"] and value["error"]["hint"]


def test_failed_documents_in_json_carry_the_report(run: Run, workspace: Path, tmp_path: Path) -> None:
    from docx import Document

    template = workspace / "templates" / "docx" / "ke-hoach.docx"
    document = Document(str(template))
    document.add_paragraph("{{ unit.name | number }}")  # passes the check, fails on the data
    document.save(str(template))
    out = tmp_path / "out"
    args = ("-w", str(workspace), "build", "--unit", "so-noi-vu", "--kind", "ke-hoach", "--kind", "quyet-dinh")
    value = _error(run(*args, "--out", str(out), "--json"), 1)
    assert value["error"]["message"] == "Không tạo được 1 văn bản; các văn bản khác đã xong."
    assert value["built"] == 1 and value["failed"] == 1
    assert [f["doc_id"] for f in value["failures"]] == ["so-noi-vu/ke-hoach"]
    assert "cần một số" in value["failures"][0]["error"]
    # The same failure for a clerk: each document's error, the summary, then why the exit code is 1.
    text = run(*args, "--out", str(out), "--force")
    assert text.exit_code == 1
    assert text.stderr.startswith("LỖI so-noi-vu/ke-hoach: ")
    assert text.stderr.splitlines()[-1].startswith("Lỗi: Không tạo được 1 văn bản; các văn bản khác đã xong. — ")


def test_register_list_json_and_its_older_spelling(run: Run, workspace: Path) -> None:
    w = ("-w", str(workspace))
    assert _json(run(*w, "register", "list", "--json"), 0) == []
    recorded = run(
        *w, "register", "record", "--unit", "so-noi-vu", "--number", "3", "--symbol", "CV-SNV",
        "--date", "05/07/2023", "--summary", "Về việc thi đua",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    records = _json(run(*w, "register", "list", "--json"), 0)
    assert [(r["unit_id"], r["number_symbol"], r["date"]) for r in records] == [
        ("so-noi-vu", "03/CV-SNV", "2023-07-05")
    ]
    assert _json(run(*w, "register", "list", "--format", "json"), 0) == records
    assert _json(run(*w, "register", "list", "--format=json"), 0) == records
    shown = run("register", "list", "--help").output
    assert "--json" in shown and "json" not in shown.replace("--json", "").replace("JSON", "")


def test_list_json(run: Run, sample_workspace: Path) -> None:
    units = _json(run("-w", str(sample_workspace), "list", "units", "--json"), 0)
    assert isinstance(units, list) and {"id", "name", "kind"} <= set(units[0])
    movements = _json(run("-w", str(sample_workspace), "list", "movements", "--json"), 0)
    assert isinstance(movements, list) and {"id", "name", "unit_kinds"} <= set(movements[0])
