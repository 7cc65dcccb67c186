"""Issue 14's rule for every value a document prints verbatim: either `validate` refuses it
with its file and line, or every document built from it opens and shows it exactly as typed
(in NFC), and no build stops half-way. Values come from the whole of Unicode, with the
fragments clerks really paste: legacy TCVN3/VNI words, control and bidirectional characters,
zero-width characters, emoji, digits with dots and commas."""

from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, Literal

import docx
import pytest
import small_workspace
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docgen import build_documents
from docgen.data.load import load
from docgen.errors import DataError

UNIT = "huyen-huong-khe"
CANDIDATE = "huyen-huong-khe-3"  # an individual: form 03, an achievement report of its own

PASTED = [
    "Ủy ban nhân dân huyện H\u00ad\u00acng Kh\u00aa",  # TCVN3 in a Unicode line
    "thị trấn Höông Kheâ",  # VNI
    "\x01", "\x0b", "\x00", "\t", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\ufffe",
    "🎉", "👩‍👩‍👧", "1.525", "1,525", "1.525.000,5", "98,4%", "& < > \" '", "{{ unit.name }}", "{% if %}",
    "Nguyễn Thị Thuỷ", "hoà", "Khuê", "Xuân",
]  # fmt: skip
SURROGATES: tuple[Literal["Cs"], ...] = ("Cs",)  # no YAML, no XML can hold a lone surrogate
pieces = st.one_of(
    st.sampled_from(PASTED),
    st.text(alphabet=st.characters(blacklist_categories=SURROGATES), min_size=1, max_size=12),
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãầấậẩẫèéẹẻẽìíịỉĩòóọỏõờớợởỡùúụủũ ", min_size=1, max_size=20),
)
values = st.lists(pieces, min_size=1, max_size=4).map("".join)

# (file, how to find the record, field path inside it, the document that prints it)
FIELDS = {
    "difficulties": ("reports.yaml", ("unit", UNIT, "period", "2023"), ("difficulties", 0), "bao-cao-nam-2023"),
    "proposals": ("reports.yaml", ("unit", UNIT, "period", "2023"), ("proposals", 0), "bao-cao-nam-2023"),
    "achievements": ("candidates.yaml", ("id", CANDIDATE), ("achievements", 0), "bao-cao-thanh-tich-"),
    "summary": ("candidates.yaml", ("id", CANDIDATE), ("summary",), "to-trinh-2023"),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_workspace.make(tmp_path_factory.mktemp("small") / "ws")


def _set(root: Path, field: str, value: str) -> None:
    file, match, path, _ = FIELDS[field]
    doc: dict[str, Any] = yaml.safe_load((root / "data" / file).read_text(encoding="utf-8"))
    items = doc["reports" if file == "reports.yaml" else "candidates"]
    pairs = dict(zip(match[::2], match[1::2], strict=True))
    record = next(r for r in items if all(str(r.get(k)) == v for k, v in pairs.items()))
    target: Any = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    (root / "data" / file).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _get(root: Path, field: str) -> str:
    file, match, path, _ = FIELDS[field]
    doc: dict[str, Any] = yaml.safe_load((root / "data" / file).read_text(encoding="utf-8"))
    items = doc["reports" if file == "reports.yaml" else "candidates"]
    pairs = dict(zip(match[::2], match[1::2], strict=True))
    target: Any = next(r for r in items if all(str(r.get(k)) == v for k, v in pairs.items()))
    for key in path:
        target = target[key]
    return str(target)


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=values, field=st.sampled_from(sorted(FIELDS)))
@example(value="{_{", field="achievements")  # docxtpl un-escapes it into «{{» (found by hypothesis)
def test_a_printed_value_is_refused_with_its_place_or_printed_exactly(
    small: Path, tmp_path: Path, value: str, field: str
) -> None:
    root = tmp_path / "ws"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(small, root)
    _set(root, field, value)
    file, _, _, document = FIELDS[field]
    try:
        load(root / "data")
    except DataError as exc:
        assert exc.problems
        assert all(p.file.startswith("data/") for p in exc.problems)
        assert any(p.file == f"data/{file}" and p.line is not None for p in exc.problems), exc.problems
        return
    out = root / "out"
    report = build_documents(root, out_dir=out, jobs=1)
    assert report.failed == 0, report.failures  # no document fails, none is left out
    made = sorted((out / UNIT).glob("*.docx"))
    assert made and (out / "manifest.json").exists() and (out / f"{UNIT}.zip").exists()
    for path in made:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
        _text(path.read_bytes())  # opens as a Word document
    # As YAML reads the file (it turns a NEL or LS typed in a value into a line break), in NFC.
    expected = unicodedata.normalize("NFC", _get(root, field)).strip()
    shown = [_text(p.read_bytes()) for p in made if p.name.startswith(document)]
    assert shown and any(expected in text for text in shown), (expected, field)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Tổ chức {{ hội nghị }} sơ kết", "giá trị chứa «{{» (ở vị trí 9), ký hiệu của mẫu văn bản"),
        ("Đạt 100% {% kế hoạch", "giá trị chứa «{%» (ở vị trí 10), ký hiệu của mẫu văn bản"),
        ("Kinh phí: None", "giá trị chứa chữ «None» (ở vị trí 11)"),
    ],
)
def test_a_value_a_finished_document_would_be_refused_for_is_refused_by_validate(
    small: Path, tmp_path: Path, value: str, message: str
) -> None:
    # Found by the property above: "{{ unit.name }}" passed validate, then its document failed
    # the check that no template tag is left in a finished document.
    root = tmp_path / "ws"
    shutil.copytree(small, root)
    _set(root, "achievements", value)
    with pytest.raises(DataError) as refused:
        load(root / "data")
    (problem,) = refused.value.problems
    assert problem.file == "data/candidates.yaml" and problem.line is not None
    assert problem.message.startswith(message)
