"""``docgen template check``: a template author's mistakes, found before 250 units get them.

Each broken template is made from a real one by editing its XML the way the mistake looks in
Word; each finding is checked for its words and for where it says the mistake is."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from docgen.build.templates import check_files
from docgen.data.model import Dataset
from docgen.documents.examples import example_contexts
from docgen.docx.check import check_template
from docgen.docx.findings import Finding

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "templates" / "docx"


def broken(tmp_path: Path, name: str, *edits: tuple[str, str], part: str = "word/document.xml") -> Path:
    """A copy of the real template ``name`` with ``edits`` (old, new) made in one part's XML."""
    source = zipfile.ZipFile(TEMPLATES / name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                xml = content.decode("utf-8")
                for old, new in edits:
                    assert old in xml, old
                    xml = xml.replace(old, new, 1)
                content = xml.encode("utf-8")
            target.writestr(info, content)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def findings(path: Path, dataset: Dataset) -> list[Finding]:
    return check_template(path, example_contexts(dataset, path.name))


def test_the_bundled_templates_check_clean(dataset: Dataset) -> None:
    results = check_files([(path, path.name) for path in sorted(TEMPLATES.glob("*.docx"))], dataset)
    assert len(results) == 8
    assert {r.name: [str(f) for f in r.findings] for r in results} == {r.name: [] for r in results}


def test_templates_re_saved_by_libreoffice_check_clean(resaved_workspace: Path, dataset: Dataset) -> None:
    templates = sorted((resaved_workspace / "templates" / "docx").glob("*.docx"))
    results = check_files([(path, path.name) for path in templates], dataset)
    assert [str(f) for r in results for f in r.findings] == []


def test_a_brace_typo_says_which_paragraphs_docxtpl_would_swallow(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(tmp_path, "ke-hoach.docx", ("{{ unit.name }} ban hành", "{{ unit.name } ban hành"))
    [found] = findings(path, dataset)
    assert found.where == "đoạn 7 «{{ unit.name } ban hành Kế hoạch thực h…»"
    assert found.message == (
        "thẻ «{{ unit.name }» không có «}}» đóng trong cùng đoạn: docxtpl sẽ nuốt mọi chữ đến «}}» kế tiếp "
        "(trong đoạn này), các đoạn ở giữa biến mất khỏi văn bản"
    )
    assert found.hint == "thêm «}}» vào cuối thẻ (thiếu một dấu «}»?)"


def test_an_open_summary_tag_names_the_paragraph_where_the_swallowing_stops(tmp_path: Path, dataset: Dataset) -> None:
    # The case: the summary and the four «Căn cứ» lines vanish from every plan.
    path = broken(tmp_path, "ke-hoach.docx", ("{{ doc.summary }}", "{{ doc.summary }"))
    [found] = findings(path, dataset)
    assert found.where == "đoạn 2 «{{ doc.summary }»"
    assert "docxtpl sẽ nuốt mọi chữ đến «}}» kế tiếp (ở đoạn 5 «{{ line }}»)" in found.message


def test_unknown_variables_and_attributes_are_named_in_full_with_the_nearest_name(
    tmp_path: Path, dataset: Dataset
) -> None:
    path = broken(
        tmp_path,
        "ke-hoach.docx",
        ("{{ unit.name }} ban hành", "{{ unit.hotline }} {{ unit.shortname }} {{ unti.name }} ban hành"),
        ("{{ m.name }}", "{{ m.nam }} {{ loop.indx }}"),
    )
    shown = [(f.where.split(" «")[0], f.message, f.hint) for f in findings(path, dataset)]
    assert shown == [
        (
            "đoạn 7",
            "«unit.hotline» không có trong dữ liệu của loại văn bản này",
            "các thuộc tính có: authority, head_title, header_issuer, header_parent, id, kind, name, place, scope, "
            "short_name, slug, symbol",
        ),
        ("đoạn 7", "«unit.shortname» không có trong dữ liệu của loại văn bản này", 'có phải "unit.short_name"?'),
        ("đoạn 7", "biến «unti» không có trong dữ liệu của loại văn bản này", 'có phải "unit"?'),
        ("đoạn 17", "«m.nam» không có trong dữ liệu của loại văn bản này", 'có phải "m.name"?'),
        ("đoạn 17", "«loop.indx» không có", 'có phải "loop.index"?'),
    ]


def test_unknown_filters_and_wrong_arguments_are_told_with_the_signature(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(
        tmp_path,
        "ke-hoach.docx",
        (
            "{{ doc.date | header_date(unit.place) }}",
            "{{ doc.date | header_dat(unit.place) }}{{ doc.date | header_date(unit.place, blankday=True) }}"
            "{{ symbol() }}",
        ),
    )
    found = findings(path, dataset)
    assert {f.where for f in found} == {"bảng 1, hàng 2, ô 2 «{{ doc.date | header_dat(unit.place) }}…»"}
    messages = [(f.message, f.hint) for f in found]
    assert ("không có bộ lọc «header_dat»", 'có phải "header_date"?') in messages
    wrong = next(hint for message, hint in messages if message.startswith("bộ lọc «header_date»"))
    assert "blankday=True" in next(m for m, _ in messages if m.startswith("bộ lọc «header_date»"))
    assert wrong.startswith("bộ lọc header_date nhận: header_date(") and "blank_day" in wrong
    assert any(m == "hàm «symbol» được gọi với tham số không đúng: không có tham số" for m, _ in messages)
    assert all("unexpected" not in m and "missing" not in m for m, _ in messages)  # no English from Python


def test_unbalanced_blocks_are_found_where_they_open(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(tmp_path, "ke-hoach.docx", ("<w:t>{%p endfor %}</w:t>", "<w:t></w:t>"))
    [found] = findings(path, dataset)
    assert found.where == "bảng 1, hàng 1, ô 1 «{%p for line in unit.header_issuer %}»"
    assert found.message.startswith("khối «{%p for line in unit.header_issuer %}» không có «{%p endfor %}» đóng")


def test_a_misspelt_end_tag_is_one_finding_with_the_nearest_tag(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(tmp_path, "ke-hoach.docx", ("{%p endfor %}", "{%p endfo %}"))
    shown = [(f.where, f.message, f.hint) for f in findings(path, dataset)]
    assert ("bảng 1, hàng 1, ô 1 «{%p endfo %}»", "không có lệnh «endfo»", 'có phải "endfor"?') in shown


def test_a_paragraph_tag_with_other_text_would_lose_that_text(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(
        tmp_path,
        "ke-hoach.docx",
        ("<w:t>{%p for line in legal_bases %}</w:t>", "<w:t>Căn cứ: {%p for line in legal_bases %}</w:t>"),
    )
    [found] = findings(path, dataset)
    assert found.where == "đoạn 4 «Căn cứ: {%p for line in legal_bases %}»"
    assert found.message == (
        "thẻ «{%p for line in legal_bases %}» phải đứng một mình trong đoạn: docxtpl thay cả đoạn bằng thẻ, "
        "chữ «Căn cứ:» sẽ mất khỏi văn bản"
    )


def test_a_syntax_error_inside_a_tag_is_told_in_vietnamese(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(tmp_path, "ke-hoach.docx", ("{{ campaign.title }} như sau", "{{ campaign title }} như sau"))
    [found] = findings(path, dataset)
    assert found.where == "đoạn 7 «{{ unit.name }} ban hành Kế hoạch thực…»"
    assert found.message == "thẻ «{{ campaign title }}»: cần «}}» nhưng gặp «title»"


def test_every_problem_is_reported_once_and_the_rest_is_still_checked(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(
        tmp_path,
        "bao-cao.docx",
        ("{{ unit.name }}", "{{ unit.hotline }} {{ unit.hotline }} {{ unit.name }"),
    )
    found = findings(path, dataset)
    messages = [f.message for f in found]
    assert len(messages) == len(set((f.where, f.message) for f in found))
    assert sum("unit.hotline" in m for m in messages) == 1
    assert sum("không có «}}» đóng" in m for m in messages) == 1


def test_attribute_tricks_are_unknown_names(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(tmp_path, "ke-hoach.docx", ("{{ unit.name }} ban hành", "{{ unit.__class__ }} ban hành"))
    [found] = findings(path, dataset)
    assert found.message == "«unit.__class__» không có trong dữ liệu của loại văn bản này"


# --- the commands -------------------------------------------------------------------------------------


def test_check_command_exit_codes_and_json(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    ok = run("-w", str(workspace), "template", "check")
    assert ok.exit_code == 0, ok.output
    assert ok.output.splitlines()[-1] == "Cả 8 mẫu đạt kiểm tra."
    target = workspace / "templates" / "docx" / "to-trinh.docx"
    target.write_bytes(broken(workspace / "..", "to-trinh.docx", ("{{ unit.name", "{{ unit.nam")).read_bytes())
    bad = run("-w", str(workspace), "template", "check", "to-trinh")
    assert bad.exit_code == 1
    assert bad.output.splitlines()[0] == "templates/docx/to-trinh.docx: 1 lỗi"
    value = json.loads(run("-w", str(workspace), "template", "check", "--json").output)
    assert value["ok"] is False and value["variables_checked"] is True
    [failing] = [t for t in value["templates"] if not t["ok"]]
    assert failing["template"] == "to-trinh.docx"
    assert failing["findings"][0]["message"] == "«unit.nam» không có trong dữ liệu của loại văn bản này"
    assert set(failing["findings"][0]) == {"template", "rule", "where", "message", "hint", "fixable"}
    usage = run("-w", str(workspace), "template", "check", "ke-hoch")
    assert usage.exit_code == 2 and 'có phải "ke-hoach"?' in usage.output


def test_a_file_of_another_name_is_checked_as_the_template_it_stands_for(run, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "ke-hoach-moi.docx"
    copy.write_bytes((TEMPLATES / "ke-hoach.docx").read_bytes())
    refused = run("-w", str(workspace), "template", "check", str(copy))
    assert refused.exit_code == 2 and "--as ke-hoach.docx" in refused.output
    checked = run("-w", str(workspace), "template", "check", str(copy), "--as", "ke-hoach.docx")
    assert checked.exit_code == 0 and checked.output.startswith(f"{copy}: đạt.")


def test_validate_reports_template_findings_with_the_data(run, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    target = workspace / "templates" / "docx" / "ke-hoach.docx"
    target.write_bytes(
        broken(workspace / "..", "ke-hoach.docx", ("{{ doc.summary }}", "{{ doc.summary }")).read_bytes()
    )
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1
    assert (
        "templates/docx/ke-hoach.docx: đoạn 2 «{{ doc.summary }»: thẻ «{{ doc.summary }» không có «}}»" in result.output
    )
    assert result.output.splitlines()[-1].startswith("Có 1 lỗi trong dữ liệu và mẫu.")


def test_build_refuses_a_failing_template_once_not_once_per_document(  # type: ignore[no-untyped-def]
    run, workspace: Path, tmp_path: Path
) -> None:
    # A first build remembers that the templates passed; a changed template is checked again.
    first = run("-w", str(workspace), "build", "--unit", "so-noi-vu", "--out", str(tmp_path / "first"))
    assert first.exit_code == 0, first.output
    target = workspace / "templates" / "docx" / "ke-hoach.docx"
    target.write_bytes(
        broken(tmp_path, "ke-hoach.docx", ("{{ unit.name }} ban hành", "{{ unit.hotline }} ban hành")).read_bytes()
    )
    out = tmp_path / "out"
    result = run("-w", str(workspace), "build", "--all", "--out", str(out))
    assert result.exit_code == 1
    assert result.output.count("«unit.hotline» không có") == 1
    assert "Mẫu templates/docx/ke-hoach.docx (1 lỗi):" in result.output
    assert not out.exists(), "nothing is written"
    single = run("-w", str(workspace), "render", "ke-hoach", "--unit", "so-noi-vu", "-o", str(tmp_path / "x.docx"))
    assert single.exit_code == 1 and "unit.hotline" in single.output
    assert not (tmp_path / "x.docx").exists()


def test_check_fix_repairs_word_artefacts_keeps_a_copy_and_checks_again(  # type: ignore[no-untyped-def]
    run, workspace: Path, tmp_path: Path
) -> None:
    from test_wordfix import LOOP, LOOP_CURLY, PLAN_LINE, PLAN_LINE_BY_WORD

    target = workspace / "templates" / "docx" / "ke-hoach.docx"
    made = broken(tmp_path, "ke-hoach.docx", (PLAN_LINE, PLAN_LINE_BY_WORD), (LOOP, LOOP_CURLY)).read_bytes()
    target.write_bytes(made)
    before = run("-w", str(workspace), "template", "check", "ke-hoach")
    assert before.exit_code == 1 and "2 lỗi" in before.output.splitlines()[0]
    assert target.read_bytes() == made, "check alone never writes"
    fixed = run("-w", str(workspace), "template", "check", "ke-hoach", "--fix")
    assert fixed.exit_code == 0, fixed.output
    lines = fixed.output.splitlines()
    assert lines[0] == (
        "Đã sửa templates/docx/ke-hoach.docx (2 thay đổi; bản trước khi sửa: templates/docx/ke-hoach.truoc-sua-1.docx):"
    )
    assert any("gộp 3 đoạn chữ (run) của thẻ {{ unit.name }}" in line for line in lines[1:3])
    assert any("nháy thẳng" in line for line in lines[1:3])
    assert lines[-1] == "Cả 1 mẫu đạt kiểm tra."
    assert (workspace / "templates" / "docx" / "ke-hoach.truoc-sua-1.docx").read_bytes() == made
    again = run("-w", str(workspace), "template", "check", "ke-hoach", "--fix")
    assert again.exit_code == 0 and not again.output.startswith("Đã sửa")
    assert not (workspace / "templates" / "docx" / "ke-hoach.truoc-sua-2.docx").exists()


def test_a_field_of_the_other_variant_would_be_blank_and_is_refused(tmp_path: Path, dataset: Dataset) -> None:
    # Every candidate carries both forms' fields, empty for the other type: the individual's
    # report would print nothing where «profile» stands, the collective's nothing for a birth date.
    for name, other in (
        ("bao-cao-thanh-tich-ca-nhan.docx", "candidate.profile"),
        ("bao-cao-thanh-tich-tap-the.docx", "candidate.birth_date"),
    ):
        path = broken(tmp_path, name, ("{{ candidate.name }}", "{{ candidate.name }}{{ " + other + " }}"))
        [found] = findings(path, dataset)
        assert found.message == f"«{other}» không dùng được trong mẫu này: văn bản tạo từ mẫu này luôn để trống chỗ đó"
        variant = "ca-nhan" if "ca-nhan" in name else "tap-the"
        assert found.hint == f"xem các biến dùng được: docgen template vars bao-cao-thanh-tich --variant {variant}"


def test_a_loop_variable_is_checked_as_the_item_of_its_list(tmp_path: Path, dataset: Dataset) -> None:
    path = broken(tmp_path, "ke-hoach.docx", ("{{ m.name }}", "{{ m.name }}{{ m.tasks[0].text }}{{ m.tasks[0].txt }}"))
    assert [f.message for f in findings(path, dataset)] == [
        "«m.tasks[0].txt» không có trong dữ liệu của loại văn bản này"
    ]


def test_what_an_author_types_is_understood_or_refused_in_vietnamese(  # type: ignore[no-untyped-def]
    run, workspace: Path, tmp_path: Path
) -> None:
    by_name = run("-w", str(workspace), "template", "check", "ke-hoach.docx")
    assert by_name.exit_code == 0 and by_name.output.startswith("templates/docx/ke-hoach.docx: đạt.")
    kind_as = run("-w", str(workspace), "template", "check", "to-trinh", "--as", "bao-cao.docx")
    assert kind_as.exit_code == 2 and "--as chỉ dùng với một tệp .docx" in kind_as.output
    not_word = tmp_path / "ke-hoach.docx"
    not_word.write_text("không phải Word", encoding="utf-8")
    refused = run("-w", str(workspace), "template", "check", str(not_word))
    assert refused.exit_code == 1
    assert refused.output.splitlines()[0] == (
        f"{not_word}: Mẫu ke-hoach.docx không phải tệp Word (.docx) hợp lệ — "
        "mở tệp trong Word hoặc LibreOffice rồi lưu thành «Word Document (.docx)»"
    )
