"""``template check --fix`` on disk: the author's template is kept as it was, the repair is
written atomically, and nothing is written when there is nothing to repair or Word has it open."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from docgen.build.template_fix import TemplateFix, fix_template
from docgen.docx.wordfix import repair
from docgen.errors import OutputError, TemplateError

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "docx"
SUMMARY = "<w:r><w:t>{{ doc.summary }}</w:t></w:r>"
# As Word saves the trích yếu after the author retyped "summary" in a new editing session.
SUMMARY_BY_WORD = (
    '<w:r w:rsidR="00A81C2E"><w:t>{{ doc.</w:t></w:r><w:proofErr w:type="spellStart"/>'
    '<w:r w:rsidR="00C7D512" w:rsidRPr="00C7D512"><w:t>summary</w:t></w:r><w:proofErr w:type="spellEnd"/>'
    '<w:r w:rsidR="00A81C2E"><w:t xml:space="preserve"> }}</w:t></w:r>'
)
CHANGE = "đoạn 2 «{{ doc.summary }}»: gộp 3 đoạn chữ (run) của thẻ {{ doc.summary }}"


def word_saved(xml_edit: tuple[str, str] = (SUMMARY, SUMMARY_BY_WORD)) -> bytes:
    source = (TEMPLATES / "ke-hoach.docx").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(buffer, "w") as target:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "word/document.xml":
                content = content.decode("utf-8").replace(*xml_edit).encode("utf-8")
            target.writestr(info, content)
    return buffer.getvalue()


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "templates" / "docx" / "ke-hoach.docx"
    path.parent.mkdir(parents=True)
    path.write_bytes(word_saved())
    return path


def test_fix_keeps_the_template_as_it_was_and_writes_the_repair(template: Path) -> None:
    before = template.read_bytes()
    result = fix_template(template)
    backup = template.with_name("ke-hoach.truoc-sua-1.docx")
    assert result == TemplateFix(template, (CHANGE,), backup)
    assert backup.read_bytes() == before
    assert template.read_bytes() == repair(before)[0] != before
    assert sorted(p.name for p in template.parent.iterdir()) == ["ke-hoach.docx", "ke-hoach.truoc-sua-1.docx"]


def test_an_earlier_copy_is_never_overwritten(template: Path) -> None:
    earlier = template.with_name("ke-hoach.truoc-sua-1.docx")
    earlier.write_bytes(b"the author's copy from last week")
    result = fix_template(template)
    assert result.backup == template.with_name("ke-hoach.truoc-sua-2.docx")
    assert earlier.read_bytes() == b"the author's copy from last week"


def test_a_template_with_nothing_to_repair_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes((TEMPLATES / "ke-hoach.docx").read_bytes())
    stamp = path.stat().st_mtime_ns
    assert fix_template(path) == TemplateFix(path, (), None)
    assert path.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == ["ke-hoach.docx"]


def test_a_failed_write_leaves_the_template_whole_and_no_temporary_file(
    template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = template.read_bytes()
    real_replace = os.replace

    def refuse_template(source: str | Path, target: str | Path) -> None:
        if Path(target) == template:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr("docgen.fs.os.replace", refuse_template)
    with pytest.raises(OutputError) as raised:
        fix_template(template)
    assert raised.value.message == (
        f"Không ghi được {template}: tệp đang mở trong Word (hoặc chương trình khác) hoặc không có quyền ghi."
    )
    assert template.read_bytes() == before
    assert sorted(p.name for p in template.parent.iterdir()) == ["ke-hoach.docx", "ke-hoach.truoc-sua-1.docx"]


@pytest.mark.parametrize("lock", ["~$-hoach.docx", ".~lock.ke-hoach.docx#"], ids=["word", "libreoffice"])
def test_a_template_open_in_word_or_libreoffice_is_not_touched(template: Path, lock: str) -> None:
    template.with_name(lock).write_bytes(b"owner")
    before = template.read_bytes()
    with pytest.raises(OutputError) as raised:
        fix_template(template)
    assert str(raised.value) == (
        f"Mẫu {template} đang mở trong Word hoặc LibreOffice (có tệp khoá {lock} bên cạnh): chưa sửa gì. — "
        f"lưu và đóng mẫu rồi chạy lại; nếu mẫu không mở ở đâu cả, xoá tệp khoá {lock}"
    )
    assert template.read_bytes() == before
    assert sorted(p.name for p in template.parent.iterdir()) == sorted(["ke-hoach.docx", lock])


def test_a_file_that_is_not_a_word_document_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    path.write_text("không phải tệp Word", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        fix_template(path)
    assert raised.value.message == f"{path}: tệp không phải văn bản Word (.docx): không mở được như một gói ZIP"
    assert raised.value.hint == "mở lại mẫu trong Word và lưu thành .docx (Word Document)"
