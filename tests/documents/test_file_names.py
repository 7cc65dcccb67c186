"""Output file names (issue 13 item 6): every document of a unit writes its own file, and no
file name is longer than ``MAX_STEM`` characters (Windows' 260-character paths)."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import example, given, settings
from hypothesis import strategies as st

from docgen import kinds, vn
from docgen.build.run import run_build
from docgen.data.model import Dataset
from docgen.data.rules import MAX_STEM, axis_stems, bounded_stem
from docgen.documents.plan import file_stem, plan
from docgen.docx import archive
from docgen.errors import OutputError
from docgen.workspace import Workspace

Run = Callable[..., Result]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add_candidate(workspace: Path, like: str, new_id: str, name: str) -> None:
    """Append a copy of candidate ``like`` of candidates.yaml with another id and name."""
    path = workspace / "data" / "candidates.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {like}\n")
    end = text.find("\n  - id: ", start + 1)
    block = text[start : end if end != -1 else len(text)].rstrip("\n")
    block = re.sub(r"(?m)^  - id: .*$", f"  - id: {new_id}", block, count=1)
    block = re.sub(r"(?m)^    name: .*$", f"    name: {name}", block, count=1)
    block = re.sub(r"(?m)^    rank: .*$", "    rank: 9", block, count=1)
    path.write_text(text.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")


def test_two_periods_named_alike_write_two_files(run: Run, workspace: Path, tmp_path: Path) -> None:
    # "Năm 2023" and "năm 2023" make one slug: the second period's report gets its id.
    _edit(workspace / "data" / "campaign.yaml", "name: 6 tháng đầu năm 2023", "name: Năm 2023")
    out = tmp_path / "out"
    result = run("-w", str(workspace), "build", "--unit", "huyen-huong-khe", "--kind", "bao-cao", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "huyen-huong-khe").glob("bao-cao-*.docx")) == [
        "bao-cao-nam-2023-2023.docx",
        "bao-cao-nam-2023.docx",
    ]
    with zipfile.ZipFile(out / "huyen-huong-khe.zip") as pack:
        names = [n for n in pack.namelist() if n.startswith("bao-cao-")]
    assert sorted(names) == ["bao-cao-nam-2023-2023.docx", "bao-cao-nam-2023.docx"]


def test_validate_refuses_two_documents_with_one_file_name(run: Run, workspace: Path) -> None:
    # Two "Lê Văn G": the second's file gets its id, …-le-van-g-huyen-huong-khe-9; a third
    # person whose name spells exactly that would write the same file.
    _add_candidate(workspace, "huyen-huong-khe-3", "huyen-huong-khe-9", "Lê Văn G")
    _add_candidate(workspace, "huyen-huong-khe-3", "huyen-huong-khe-10", "Lê Văn G Huyện Hương Khê 9")
    text = (workspace / "data" / "candidates.yaml").read_text(encoding="utf-8").splitlines()
    line_9 = text.index("  - id: huyen-huong-khe-9") + 4  # its name line (id, unit, type, name)
    line_10 = text.index("  - id: huyen-huong-khe-10") + 4
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"data/candidates.yaml:{line_10}" in result.output
    assert (
        "văn bản huyen-huong-khe/bao-cao-thanh-tich/huyen-huong-khe-10 và "
        "huyen-huong-khe/bao-cao-thanh-tich/huyen-huong-khe-9 cùng ghi vào tệp "
        '"huyen-huong-khe/bao-cao-thanh-tich-le-van-g-huyen-huong-khe-9.docx" '
        f"(huyen-huong-khe/bao-cao-thanh-tich/huyen-huong-khe-9 ở data/candidates.yaml:{line_9})"
    ) in result.output


def test_namesakes_spelled_differently_validate_and_get_two_files(run: Run, workspace: Path, tmp_path: Path) -> None:
    _add_candidate(workspace, "huyen-huong-khe-3", "huyen-huong-khe-8", "Lê Thị Hoà")
    _add_candidate(workspace, "huyen-huong-khe-3", "huyen-huong-khe-9", "Lê Thị Hòa")
    assert run("-w", str(workspace), "validate").exit_code == 0
    out = tmp_path / "out"
    args = ("build", "--unit", "huyen-huong-khe", "--kind", "bao-cao-thanh-tich", "--out", str(out))
    assert run("-w", str(workspace), *args).exit_code == 0
    names = sorted(p.name for p in (out / "huyen-huong-khe").glob("*le-thi-hoa*"))
    assert names == ["bao-cao-thanh-tich-le-thi-hoa-huyen-huong-khe-9.docx", "bao-cao-thanh-tich-le-thi-hoa.docx"]


def test_a_very_long_name_gets_a_short_stable_file_name(dataset: Dataset) -> None:
    person = next(c for c in dataset.candidates if c.id == "huyen-huong-khe-3")
    long_name = "Lê Văn G, " + "chuyên viên Phòng Nông nghiệp và Phát triển nông thôn huyện Hương Khê " * 3
    first = person.model_copy(update={"id": "huyen-huong-khe-8", "name": long_name + "tổ 1"})
    second = person.model_copy(update={"id": "huyen-huong-khe-9", "name": long_name + "tổ 2"})
    data = dataset.model_copy(update={"candidates": [*dataset.candidates, first, second]})
    refs = [r for r in plan(data, units=["huyen-huong-khe"], kinds=["bao-cao-thanh-tich"]) if r.candidate in
            ("huyen-huong-khe-8", "huyen-huong-khe-9")]  # fmt: skip
    stems = [file_stem(data, ref) for ref in refs]
    assert stems[0] != stems[1]
    for stem in stems:
        assert len(stem) <= MAX_STEM == 100
        assert re.fullmatch(r"bao-cao-thanh-tich-le-van-g-chuyen-vien-[a-z0-9-]+-[0-9a-f]{6}", stem), stem
    assert stems == [file_stem(data, ref) for ref in refs]  # the same every run


def test_the_longest_bundled_name_is_kept(dataset: Dataset) -> None:
    stem = "bao-cao-thanh-tich-phong-an-toan-ve-sinh-lao-dong-cong-ty-tnhh-gang-thep-hung-nghiep-formosa-ha-tinh"
    assert len(stem) == MAX_STEM and bounded_stem(stem) == stem
    longer = stem + "-x"  # cut at the last word that fits in 93, then "-" and 6 hex of the whole
    assert bounded_stem(longer) == stem[:92] + "-" + hashlib.sha256(longer.encode()).hexdigest()[:6]


_NAMES = st.text(alphabet="AaÁáÀàĂăÂâĐđEeÊêLlHhÒòÓóOoÔôƠơ -", min_size=0, max_size=120)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAMES, min_size=1, max_size=8), st.sampled_from(["bao-cao", "bao-cao-thanh-tich"]))
def test_distinct_ids_of_a_unit_get_distinct_bounded_file_names(names: list[str], kind: str) -> None:
    # Ids hold a digit and these names none, so no name spells another's name plus its id
    # (what validation refuses): by construction, every item gets its own file.
    items = [(f"don-vi-{n + 1}", name) for n, name in enumerate(names)]
    stems = axis_stems(kind, 2023, items)
    assert len(set(stems.values())) == len(items)
    assert all(len(stem) <= MAX_STEM for stem in stems.values())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="Aa Cc12-", max_size=30), min_size=2, max_size=6))
@example(["A", "A", "A c 2"])  # a collision: the assertion below is reached
def test_file_names_collide_only_where_validate_refuses(names: list[str]) -> None:
    # With digits in names, a name can spell another's name plus its id ("A" twice, then "A c 2"):
    # the only way two items share a stem, and what `validate` then refuses (same axis_stems).
    items = [(f"c-{n + 1}", name) for n, name in enumerate(names)]
    stems = axis_stems("bao-cao-thanh-tich", 2023, items)
    if len(set(stems.values())) < len(items):
        full = {i: vn.slug(kinds.get("bao-cao-thanh-tich").file_stem_words(name, 2023)) for i, name in items}
        assert any(full[a].endswith(f"-{b}") for a, _ in items for b, _ in items if a != b), stems


def test_the_packer_never_writes_two_members_with_one_name() -> None:
    members = [archive.stored("bao-cao-nam-2023.docx", b"1"), archive.stored("Bao-Cao-Nam-2023.docx", b"2")]
    with pytest.raises(OutputError, match=r'gói ZIP có hai tệp cùng tên "Bao-Cao-Nam-2023\.docx"'):
        archive.build(members)


def test_a_unit_whose_documents_share_a_file_gets_no_pack(
    workspace: Path, dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The last line of defence, should two documents ever get one file name past validation:
    # the unit's pack fails with a clear message instead of holding two members with one name.
    monkeypatch.setattr("docgen.build.entries.file_stem", lambda data, ref: ref.kind)
    refs = plan(dataset, units=["huyen-huong-khe"], kinds=["bao-cao"])
    out = tmp_path / "out"
    report = run_build(Workspace.open(workspace), dataset, refs, out_dir=out, jobs=1)
    assert not report.ok
    message = dict(report.failures)["huyen-huong-khe.zip"]
    assert message.startswith('gói ZIP có hai tệp cùng tên "bao-cao.docx"')
    assert not (out / "huyen-huong-khe.zip").exists()
