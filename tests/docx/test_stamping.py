"""Writing a number and date into a person's file: those two paragraphs, nothing else."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.docx.stamping import IssueLines, check_stampable, issue_lines, stamp
from docgen.errors import StampError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LINES = IssueLines("Số: 07/BC-UBND", "Hương Khê, ngày 05 tháng 01 năm 2024")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, sample_root: Path) -> bytes:
    from click.testing import CliRunner

    from docgen.cli.main import cli

    out = tmp_path_factory.mktemp("out")
    args = ["-w", str(sample_root), "build", "--unit", "huyen-huong-khe", "--kind", "bao-cao", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return (out / "huyen-huong-khe" / "bao-cao-nam-2023.docx").read_bytes()


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _with_body(content: bytes, edit: object) -> bytes:
    parts = _parts(content)
    root = etree.fromstring(parts["word/document.xml"])
    edit(root)  # type: ignore[operator]
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _number_paragraph(root: object) -> object:
    for p in root.iter(f"{{{W}}}p"):  # type: ignore[attr-defined]
        if "".join(p.itertext()).startswith("Số:"):
            return p
    raise AssertionError("no number paragraph")


def test_only_the_number_and_date_paragraphs_change_and_every_other_part_is_copied(report: bytes) -> None:
    assert issue_lines(report, "BC-UBND") == IssueLines("Số:      /BC-UBND", "Hương Khê, ngày      tháng 12 năm 2023")
    stamped = stamp(report, "BC-UBND", LINES)
    before, after = _parts(report), _parts(stamped)
    assert list(before) == list(after)
    assert {name for name in before if before[name] != after[name]} == {"word/document.xml"}
    assert issue_lines(stamped, "BC-UBND") == LINES
    old = [p for p in etree.fromstring(before["word/document.xml"]).iter(f"{{{W}}}p")]
    new = [p for p in etree.fromstring(after["word/document.xml"]).iter(f"{{{W}}}p")]
    differ = [
        (etree.tostring(a), etree.tostring(b))
        for a, b in zip(old, new, strict=True)
        if etree.tostring(a) != etree.tostring(b)
    ]
    assert len(differ) == 2


def test_a_number_line_word_split_into_runs_becomes_one_run_with_its_formatting(report: bytes) -> None:
    def split(root: object) -> None:
        paragraph = _number_paragraph(root)
        run = paragraph.find(f"{{{W}}}r")  # type: ignore[attr-defined]
        text = run.find(f"{{{W}}}t")
        second = etree.fromstring(etree.tostring(run))
        text.text, second.find(f"{{{W}}}t").text = "Số:   ", "   /BC-UBND"
        run.addnext(second)

    stamped = stamp(_with_body(report, split), "BC-UBND", LINES)
    paragraph = _number_paragraph(etree.fromstring(_parts(stamped)["word/document.xml"]))
    runs = paragraph.findall(f"{{{W}}}r")  # type: ignore[attr-defined]
    assert len(runs) == 1 and "".join(runs[0].itertext()) == "Số: 07/BC-UBND"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ("duplicate", "thấy 2 đoạn «Số: …/BC-UBND»"),
        ("tracked", "có thành phần w:ins"),
        ("symbol", "không thấy đoạn «Số: …/BC-UBND»"),
    ],
)
def test_a_header_without_one_plain_place_for_the_number_is_refused(report: bytes, edit: str, reason: str) -> None:
    def change(root: object) -> None:
        paragraph = _number_paragraph(root)
        if edit == "duplicate":
            paragraph.addnext(etree.fromstring(etree.tostring(paragraph)))  # type: ignore[attr-defined]
        elif edit == "tracked":  # a tracked insertion inside the number line
            ins = etree.SubElement(paragraph, f"{{{W}}}ins")
            ins.append(etree.fromstring(etree.tostring(paragraph.find(f"{{{W}}}r"))))  # type: ignore[attr-defined]
        else:
            paragraph.find(f".//{{{W}}}t").text = "Số:      /BC-HĐND"  # type: ignore[attr-defined]

    changed = _with_body(report, change)
    with pytest.raises(StampError) as refused:
        check_stampable(changed, "BC-UBND")
    assert reason in refused.value.message
    with pytest.raises(StampError):
        stamp(changed, "BC-UBND", LINES)
