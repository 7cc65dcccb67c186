"""A problem a person caused never prints the text meant for bugs («lỗi không mong đợi»): a
template that is a folder, a template whose XML is broken, a ``range()`` the sandbox refuses,
a manifest edited by hand. Each gets its own Vietnamese message (issue 14, item 7)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
TEMPLATE = Path("templates") / "docx" / "ke-hoach.docx"


def _build(run: Run, ws: Path, *extra: str) -> Result:
    return run("-w", str(ws), "build", "--unit", UNIT, "--jobs", "1", *extra)


def _edit_body(template: Path, old: bytes, new: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                assert old in content
                content = content.replace(old, new, 1)
            target.writestr(item, content)
    template.write_bytes(buffer.getvalue())


def _one_failed(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert f"LỖI {UNIT}/ke-hoach: {message}" in result.output
    assert "không mong đợi" not in result.output
    assert "Error" not in result.output  # no English exception name
    assert "7 văn bản đã tạo" in result.output  # the other documents of the unit are made


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("folder", "Mẫu ke-hoach.docx là một thư mục, không phải tệp Word — đặt tệp .docx của mẫu vào templates/docx/"),
        ("xml", "Mẫu ke-hoach.docx có phần XML hỏng (dòng 2, cột"),
        ("range", "Mẫu ke-hoach.docx dùng range() quá lớn: tối đa 100.000 phần tử"),
    ],
)
def test_a_broken_template_fails_its_documents_with_a_vietnamese_reason(
    run: Run, workspace: Path, damage: str, message: str
) -> None:
    template = workspace / TEMPLATE
    if damage == "folder":
        template.unlink()
        template.mkdir()
    elif damage == "xml":
        _edit_body(template, b"</w:body>", b"</w:bodyx>")
    else:
        _edit_body(template, "KẾ HOẠCH".encode(), b"{% for i in range(10000000) %}x{% endfor %}")
    _one_failed(_build(run, workspace), message)


def test_a_manifest_field_of_the_wrong_type_is_told_and_the_build_goes_on(run: Run, workspace: Path) -> None:
    assert _build(run, workspace).exit_code == 0
    manifest = workspace / "out" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["documents"][0]["sha256"] = 5
    data["documents"][1]["path"] = ["x"]
    first, second = data["documents"][0]["doc_id"], data["documents"][1]["doc_id"]
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    result = _build(run, workspace)

    assert result.exit_code == 0, result.output
    assert "không mong đợi" not in result.output
    assert (
        f"Cảnh báo: {manifest}: mục thứ 1 ({first}) của «documents» hỏng: trường «sha256» có giá trị 5 sai kiểu; "
        "bỏ qua mục đó" in result.output
    )
    assert f'mục thứ 2 ({second}) của «documents» hỏng: trường «path» có giá trị ["x"] sai kiểu' in result.output
    again = json.loads(manifest.read_text(encoding="utf-8"))  # written whole again
    assert {d["doc_id"]: d["sha256"] for d in again["documents"]}[first] != 5


def test_a_manifest_without_its_list_of_documents_counts_as_none(run: Run, workspace: Path) -> None:
    assert _build(run, workspace).exit_code == 0
    manifest = workspace / "out" / "manifest.json"
    manifest.write_text('{"documents": {"a": 1}}', encoding="utf-8")
    result = _build(run, workspace)
    assert result.exit_code == 0, result.output
    assert f"Cảnh báo: {manifest} không đọc được (không có danh sách «documents»); coi như chưa có manifest" in (
        result.output
    )
    assert "Giữ nguyên tệp đã sửa tay" not in result.output  # docgen's own files are recognised


def test_no_template_damage_reaches_the_unexpected_error_text_in_render(run: Run, workspace: Path) -> None:
    shutil.rmtree(workspace / "out", ignore_errors=True)
    (workspace / TEMPLATE).unlink()
    (workspace / TEMPLATE).mkdir()
    result = run("-w", str(workspace), "render", "ke-hoach", "--unit", UNIT)
    assert result.exit_code == 1, result.output
    assert "Mẫu ke-hoach.docx là một thư mục" in result.output and "không mong đợi" not in result.output


def test_a_candidate_whose_name_makes_no_file_name_is_refused_by_validate(run: Run, workspace: Path) -> None:
    candidates = workspace / "data" / "candidates.yaml"
    lines = candidates.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("    name: "))
    lines[at] = '    name: "🎉"\n'
    candidates.write_text("".join(lines), encoding="utf-8")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1, result.output
    assert (
        f"data/candidates.yaml:{at + 1}:11: candidates[0].name: tên phải có ít nhất một chữ cái hoặc chữ số "
        "(tên này dùng để đặt tên tệp văn bản và sắp xếp)" in result.output
    )
    build = run("-w", str(workspace), "build", "--all")  # stopped before writing anything
    assert build.exit_code == 1 and not (workspace / "out").exists()


def test_one_document_that_cannot_be_prepared_does_not_stop_the_others(
    run: Run, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.build.entries import output_path as real

    def failing(out_dir: Path, data: object, ref: object) -> Path:
        if getattr(ref, "kind", "") == "ke-hoach":
            raise ValueError("a bug in naming")
        return real(out_dir, data, ref)  # type: ignore[arg-type]

    monkeypatch.setattr("docgen.build.run.output_path", failing)
    result = _build(run, workspace)
    assert result.exit_code == 1, result.output
    assert f"LỖI {UNIT}/ke-hoach: lỗi không mong đợi: ValueError: a bug in naming" in result.output
    assert "7 văn bản đã tạo" in result.output
    manifest = json.loads((workspace / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 8
    assert len(list((workspace / "out" / UNIT).glob("*.docx"))) == 7  # an incomplete unit gets no ZIP
