"""Word's artefacts in a template's tags: what the check says, and what ``--fix`` repairs.

Word is not available here: each artefact is written into a real template's XML the way Word
writes it (rsid-split runs with ``w:proofErr`` between, curly quotes, a field, a comment, a
tracked insertion), and the repair is compared with the same template repaired by hand.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef
from docgen.docx.archive import read_parts
from docgen.docx.findings import Finding
from docgen.docx.renderer import PreparedTemplate
from docgen.docx.wordfix import artefact_findings, repair, template_parts
from docgen.errors import TemplateError

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "docx"
BODY = "word/document.xml"
UNIT = "huyen-huong-khe"

# ke-hoach.docx, đoạn 7, as docgen ships it, and as Word saves it after the author retyped
# "name" (a new editing session: a new rsid; the spell checker marks "name" as English and
# puts its proofing marks around it).
PLAN_LINE = "<w:r><w:t>{{ unit.name }} ban hành Kế hoạch thực hiện {{ campaign.title }} như sau:</w:t></w:r>"
PLAN_LINE_BY_WORD = (
    '<w:r w:rsidR="00A81C2E"><w:t>{{ unit.</w:t></w:r>'
    '<w:proofErr w:type="spellStart"/>'
    '<w:r w:rsidR="00A81C2E" w:rsidRPr="00F3094B"><w:rPr><w:lang w:val="en-US"/></w:rPr><w:t>name</w:t></w:r>'
    '<w:proofErr w:type="spellEnd"/>'
    '<w:r w:rsidR="00C7D512"><w:t xml:space="preserve"> }} ban hành Kế hoạch thực hiện {{ campaign.title }}'
    " như sau:</w:t></w:r>"
)
# The same paragraph repaired by hand: the tag in its first run, the rest of the text in the last.
PLAN_LINE_BY_HAND = (
    '<w:r w:rsidR="00A81C2E"><w:t>{{ unit.name }}</w:t></w:r>'
    '<w:r w:rsidR="00C7D512"><w:t xml:space="preserve"> ban hành Kế hoạch thực hiện {{ campaign.title }}'
    " như sau:</w:t></w:r>"
)
SUMMARY = "<w:r><w:t>{{ doc.summary }}</w:t></w:r>"
LOOP = "<w:r><w:t>{%p for m in movements %}</w:t></w:r>"
LOOP_CURLY = "<w:r><w:t>{%p for m in movements | sort_vi(attribute=“name”) %}</w:t></w:r>"
LOOP_STRAIGHT = '<w:r><w:t>{%p for m in movements | sort_vi(attribute="name") %}</w:t></w:r>'


def edited(name: str, *edits: tuple[str, str], part: str = BODY) -> bytes:
    """The bundled template ``name`` with ``part``'s XML edited (each old text found once)."""
    source = (TEMPLATES / name).read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(buffer, "w") as target:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == part:
                xml = content.decode("utf-8")
                for old, new in edits:
                    assert xml.count(old) == 1, old
                    xml = xml.replace(old, new)
                content = xml.encode("utf-8")
            target.writestr(info, content)
    return buffer.getvalue()


def findings(data: bytes, name: str = "ke-hoach.docx") -> list[Finding]:
    return artefact_findings(name, template_parts(data))


def rendered(tmp_path: Path, data: bytes, dataset: Dataset, kind: str, label: str) -> bytes:
    path = tmp_path / f"{label}.docx"
    path.write_bytes(data)
    ref = DocRef(UNIT, kind)
    return PreparedTemplate(path).render(build_context(dataset, ref), doc_id=ref.id)


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.docx")), ids=lambda p: p.name)
def test_the_bundled_templates_have_no_word_artefact_and_repair_leaves_them_alone(path: Path) -> None:
    # quyet-dinh.docx and to-trinh.docx print “{{ m.name }}”: curly quotes around a tag are text
    data = path.read_bytes()
    assert findings(data, path.name) == []
    assert repair(data) == (data, [])


def test_a_tag_word_split_by_revision_ids_language_and_proofing_marks_is_reported_fixable() -> None:
    data = edited("ke-hoach.docx", (PLAN_LINE, PLAN_LINE_BY_WORD))
    assert findings(data) == [
        Finding(
            "ke-hoach.docx",
            "mỗi thẻ nằm trong một đoạn chữ (run) cùng định dạng",
            "đoạn 7 «{{ unit.name }} ban hành Kế hoạch thực…»",
            "thẻ {{ unit.name }} bị Word tách thành 3 đoạn chữ (run) chỉ khác nhau ở mã phiên sửa (rsid), "
            "ngôn ngữ (w:lang), dấu lỗi chính tả (w:proofErr)",
            "`docgen template check --fix` gộp lại thành một đoạn chữ, giữ định dạng của đoạn đầu",
            fixable=True,
        )
    ]


def test_repair_merges_the_runs_as_editing_the_xml_by_hand_would(tmp_path: Path, dataset: Dataset) -> None:
    by_word = edited("ke-hoach.docx", (PLAN_LINE, PLAN_LINE_BY_WORD))
    by_hand = edited("ke-hoach.docx", (PLAN_LINE, PLAN_LINE_BY_HAND))
    repaired, changes = repair(by_word)
    assert changes == ["đoạn 7 «{{ unit.name }} ban hành Kế hoạch thực…»: gộp 3 đoạn chữ (run) của thẻ {{ unit.name }}"]
    assert findings(repaired) == []
    # every other part of the package is copied as it was
    assert [p for p in read_parts(repaired) if p[0] != BODY] == [p for p in read_parts(by_word) if p[0] != BODY]
    fixed = rendered(tmp_path, repaired, dataset, "ke-hoach", "fixed")
    assert fixed == rendered(tmp_path, by_hand, dataset, "ke-hoach", "hand")
    assert fixed != rendered(tmp_path, by_word, dataset, "ke-hoach", "word")  # the merge is not a no-op


def test_repair_is_idempotent() -> None:
    repaired, _changes = repair(edited("ke-hoach.docx", (PLAN_LINE, PLAN_LINE_BY_WORD), (LOOP, LOOP_CURLY)))
    assert repair(repaired) == (repaired, [])


def test_two_split_tags_of_one_paragraph_are_both_merged_and_the_text_between_kept() -> None:
    line = (
        "<w:r><w:t>Căn cứ thành tích đạt được, {{ unit.name }} kính trình {{ propose_to }} xem xét, khen thưởng "
        "cho các tập thể, cá nhân có thành tích xuất sắc, cụ thể:</w:t></w:r>"
    )
    by_word = (
        '<w:r w:rsidR="001E2F7A"><w:t xml:space="preserve">Căn cứ thành tích đạt được, {{ unit.na</w:t></w:r>'
        '<w:r w:rsidR="00B5C3D9"><w:t xml:space="preserve">me }} kính trình {{ propose</w:t></w:r>'
        '<w:proofErr w:type="gramStart"/>'
        '<w:r w:rsidR="00B5C3D9" w:rsidRPr="00D0A1B2"><w:rPr><w:noProof/></w:rPr><w:t>_to }}</w:t></w:r>'
        '<w:proofErr w:type="gramEnd"/>'
        '<w:r><w:t xml:space="preserve"> xem xét, khen thưởng cho các tập thể, cá nhân có thành tích xuất sắc, '
        "cụ thể:</w:t></w:r>"
    )
    by_hand = (
        '<w:r w:rsidR="001E2F7A"><w:t xml:space="preserve">Căn cứ thành tích đạt được, {{ unit.name }}</w:t></w:r>'
        '<w:r w:rsidR="00B5C3D9"><w:t xml:space="preserve"> kính trình {{ propose_to }}</w:t></w:r>'
        '<w:proofErr w:type="gramEnd"/>'
        '<w:r><w:t xml:space="preserve"> xem xét, khen thưởng cho các tập thể, cá nhân có thành tích xuất sắc, '
        "cụ thể:</w:t></w:r>"
    )
    repaired, changes = repair(edited("to-trinh.docx", (line, by_word)))
    where = "đoạn 13 «Căn cứ thành tích đạt được, {{ unit.nam…»"
    assert changes == [
        f"{where}: gộp 2 đoạn chữ (run) của thẻ {{{{ unit.name }}}}",
        f"{where}: gộp 2 đoạn chữ (run) của thẻ {{{{ propose_to }}}}",
    ]
    assert read_parts(repaired) == read_parts(edited("to-trinh.docx", (line, by_hand)))


def test_a_tag_half_bold_is_reported_with_the_formatting_that_differs_and_not_touched() -> None:
    half_bold = "<w:r><w:t>{{ doc.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>summary }}</w:t></w:r>"
    data = edited("ke-hoach.docx", (SUMMARY, half_bold))
    assert findings(data) == [
        Finding(
            "ke-hoach.docx",
            "mỗi thẻ nằm trong một đoạn chữ (run) cùng định dạng",
            "đoạn 2 «{{ doc.summary }}»",
            "thẻ {{ doc.summary }} nằm trên 2 đoạn chữ (run) khác định dạng (chữ đậm); "
            "văn bản tạo ra lấy định dạng của đoạn đầu «{{ doc.»",
            "trong Word, bôi đen cả thẻ rồi đặt một định dạng cho cả thẻ (hoặc xoá thẻ và gõ lại)",
        )
    ]
    assert repair(data) == (data, [])


def test_a_bookmark_inside_a_split_tag_is_reported_and_not_touched() -> None:
    split = (
        '<w:r w:rsidR="00A1"><w:t>{{ doc.</w:t></w:r><w:bookmarkStart w:id="0" w:name="_GoBack"/>'
        '<w:bookmarkEnd w:id="0"/><w:r w:rsidR="00B2"><w:t>summary }}</w:t></w:r>'
    )
    data = edited("ke-hoach.docx", (SUMMARY, split))
    [finding] = findings(data)
    assert (
        finding.message
        == "thẻ {{ doc.summary }} nằm trên 2 đoạn chữ (run), ngăn cách bởi dấu trang (bookmark) «_GoBack»"
    )
    assert (finding.hint, finding.fixable) == ("trong Word, xoá cả thẻ rồi gõ lại liền một lần", False)
    assert repair(data) == (data, [])


def test_curly_quotes_in_a_filter_argument_are_reported_and_straightened(tmp_path: Path, dataset: Dataset) -> None:
    data = edited("ke-hoach.docx", (LOOP, LOOP_CURLY))
    where = "đoạn 16 «{%p for m in movements | sort_vi(attrib…»"
    assert findings(data) == [
        Finding(
            "ke-hoach.docx",
            "dấu nháy trong thẻ là nháy thẳng (\" ')",
            where,
            "thẻ {%p for m in movements | sort_vi(attribute=“name”) %} có dấu nháy cong “ ”",
            "`docgen template check --fix` đổi thành nháy thẳng; để Word thôi tự đổi: File › Options › Proofing › "
            'AutoCorrect Options › AutoFormat As You Type, bỏ chọn "Straight quotes" with “smart quotes”',
            fixable=True,
        )
    ]
    repaired, changes = repair(data)
    assert changes == [
        f'{where}: đổi dấu nháy cong thành nháy thẳng trong thẻ {{%p for m in movements | sort_vi(attribute="name") %}}'
    ]
    by_hand = edited("ke-hoach.docx", (LOOP, LOOP_STRAIGHT))
    assert read_parts(repaired) == read_parts(by_hand)
    assert rendered(tmp_path, repaired, dataset, "ke-hoach", "fixed") == rendered(
        tmp_path, by_hand, dataset, "ke-hoach", "hand"
    )


FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> MERGEFIELD {{ doc.summary }} </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t>«doc.summary»</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)
COMMENT = (
    '<w:commentRangeStart w:id="0"/><w:r><w:t>{{ doc.summary }}</w:t></w:r><w:commentRangeEnd w:id="0"/>'
    '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>'
)
INSERTED = (
    '<w:ins w:id="1" w:author="Chuyên viên" w:date="2023-05-02T09:00:00Z">'
    '<w:r w:rsidR="00A1"><w:t>{{ doc.</w:t></w:r><w:r w:rsidR="00B2"><w:t>summary }}</w:t></w:r></w:ins>'
)
DELETED = (
    '<w:del w:id="2" w:author="Chuyên viên" w:date="2023-05-02T09:00:00Z">'
    "<w:r><w:delText>{{ doc.summary }}</w:delText></w:r></w:del>"
)


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            FIELD,
            [
                (
                    "thẻ không nằm trong trường (field) của Word",
                    "đoạn 2 ««doc.summary»»",
                    "thẻ {{ doc.summary }} nằm trong mã của một trường (field) Word",
                    "trong Word, nhấn Alt+F9 để thấy mã trường, xoá cả trường rồi gõ thẻ ở ngoài trường "
                    "(Alt+F9 lần nữa để trở lại)",
                )
            ],
        ),
        (
            COMMENT,
            [
                (
                    "thẻ không nằm trong vùng có ghi chú (comment)",
                    "đoạn 2 «{{ doc.summary }}»",
                    "thẻ {{ doc.summary }} nằm trong vùng có ghi chú (comment)",
                    "xoá ghi chú trong Word (Review › Delete — Xem lại › Xoá) rồi lưu lại",
                )
            ],
        ),
        (
            INSERTED,
            [
                (
                    "thẻ không nằm trong thay đổi chưa chấp nhận (Track Changes)",
                    "đoạn 2 «{{ doc.summary }}»",
                    "thẻ {{ doc.summary }} nằm trong phần chèn chưa được chấp nhận (Track Changes)",
                    "trong Word, Review › Accept hoặc Reject (Xem lại › Chấp nhận hoặc Từ chối) thay đổi này, "
                    "tắt Track Changes rồi lưu lại",
                ),
                (
                    "mỗi thẻ nằm trong một đoạn chữ (run) cùng định dạng",
                    "đoạn 2 «{{ doc.summary }}»",
                    "thẻ {{ doc.summary }} bị Word tách thành 2 đoạn chữ (run) chỉ khác nhau ở mã phiên sửa (rsid)",
                    "xử lý thay đổi chưa chấp nhận trước, sau đó `--fix` gộp lại thành một đoạn chữ, "
                    "giữ định dạng của đoạn đầu",
                ),
            ],
        ),
        (
            DELETED,
            [
                (
                    "thẻ không nằm trong thay đổi chưa chấp nhận (Track Changes)",
                    "đoạn 2 (đoạn trống)",
                    "thẻ {{ doc.summary }} nằm trong phần xoá chưa được chấp nhận (Track Changes)",
                    "trong Word, Review › Accept hoặc Reject (Xem lại › Chấp nhận hoặc Từ chối) thay đổi này, "
                    "tắt Track Changes rồi lưu lại",
                )
            ],
        ),
    ],
    ids=["field-code", "comment", "tracked-insertion", "tracked-deletion"],
)
def test_a_tag_in_a_field_comment_or_tracked_change_is_reported_and_not_touched(
    xml: str, expected: list[tuple[str, str, str, str]]
) -> None:
    data = edited("ke-hoach.docx", (SUMMARY, xml))
    assert [(f.rule, f.where, f.message, f.hint) for f in findings(data)] == expected
    assert not any(f.fixable for f in findings(data))
    assert repair(data) == (data, [])


PAGE_FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
HEADER_TAG = "<w:r><w:t>{{ doc.number_line | replace(“Số: ”, “”) }}</w:t></w:r>"


def test_a_tag_in_a_header_is_located_in_the_header() -> None:
    data = edited("ke-hoach.docx", (PAGE_FIELD_END, PAGE_FIELD_END + HEADER_TAG), part="word/header1.xml")
    where = "đầu trang (header1), đoạn 1 «2{{ doc.number_line | replace(“Số: ”, “…»"
    assert [(f.where, f.message, f.fixable) for f in findings(data)] == [
        (where, "thẻ {{ doc.number_line | replace(“Số: ”, “”) }} có dấu nháy cong “ ”", True)
    ]
    repaired, changes = repair(data)
    assert changes == [
        f'{where}: đổi dấu nháy cong thành nháy thẳng trong thẻ {{{{ doc.number_line | replace("Số: ", "") }}}}'
    ]
    header = "word/header1.xml"
    assert [p for p in read_parts(repaired) if p[0] != header] == [p for p in read_parts(data) if p[0] != header]


def test_a_tag_in_a_fields_result_is_reported_and_not_touched() -> None:
    page_number = "<w:r><w:t>2</w:t></w:r>"
    data = edited("ke-hoach.docx", (page_number, page_number + HEADER_TAG), part="word/header1.xml")
    assert [(f.rule, f.message, f.hint, f.fixable) for f in findings(data)] == [
        (
            "thẻ không nằm trong trường (field) của Word",
            "thẻ {{ doc.number_line | replace(“Số: ”, “”) }} nằm trong kết quả của một trường (field) Word, "
            "chữ mà Word thay khi cập nhật trường",
            "trong Word, chọn trường rồi nhấn Ctrl+Shift+F9: trường thành chữ thường, thẻ còn nguyên",
            False,
        ),
        (
            "dấu nháy trong thẻ là nháy thẳng (\" ')",
            "thẻ {{ doc.number_line | replace(“Số: ”, “”) }} có dấu nháy cong “ ”",
            "xử lý trường trước, sau đó `--fix` đổi thành nháy thẳng; để Word thôi tự đổi: File › Options › "
            'Proofing › AutoCorrect Options › AutoFormat As You Type, bỏ chọn "Straight quotes" with “smart quotes”',
            False,
        ),
    ]
    assert repair(data) == (data, [])


def test_a_damaged_part_is_named() -> None:
    data = edited("ke-hoach.docx", ("</w:body>", "</w:bodyy>"))
    with pytest.raises(TemplateError) as raised:
        repair(data)
    assert raised.value.message == "phần word/document.xml của tệp Word bị hỏng, không đọc được"


def test_curly_quotes_around_a_tag_are_text_and_stay() -> None:
    line = '<w:r><w:t>- “{{ m.name }}”{{ ";" if not loop.last else "." }}</w:t></w:r>'
    by_word = (
        '<w:r w:rsidR="004B1C20"><w:t>- “{{ m.</w:t></w:r>'
        '<w:r w:rsidR="006E7D31"><w:t>name }}”{{ “;” if not loop.last else “.” }}</w:t></w:r>'
    )
    by_hand = (
        '<w:r w:rsidR="004B1C20"><w:t>- “{{ m.name }}</w:t></w:r>'
        '<w:r w:rsidR="006E7D31"><w:t>”{{ ";" if not loop.last else "." }}</w:t></w:r>'
    )
    repaired, changes = repair(edited("to-trinh.docx", (line, by_word)))
    where = "đoạn 10 «- “{{ m.name }}”{{ “;” if not loop.last…»"
    assert changes == [
        f"{where}: gộp 2 đoạn chữ (run) của thẻ {{{{ m.name }}}}",
        f'{where}: đổi dấu nháy cong thành nháy thẳng trong thẻ {{{{ ";" if not loop.last else "." }}}}',
    ]
    assert read_parts(repaired) == read_parts(edited("to-trinh.docx", (line, by_hand)))
