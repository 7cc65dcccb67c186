"""The variables and filters a template author is told about are exactly the ones templates get:
every path the context builds for every document of the bundled data is described, every
described path is built, every value has the type the guide shows, every filter and global of
the environment is described with a signature its function really has, and docs/bien-mau.md
is the generated guide."""

from __future__ import annotations

import inspect
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from docgen import kinds
from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef, find_candidate, plan
from docgen.docx import guide, variables
from docgen.docx.env import environment
from docgen.docx.filters import HELP, filter_signature, in_order
from docgen.errors import DocgenError
from docgen.vn import FILTERS, MonthDate

REPO = Path(__file__).resolve().parents[2]
Built = dict[tuple[str, str | None], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def contexts(dataset: Dataset) -> Built:
    """The context of every document of the bundled data (communes too), by kind and variant."""
    found: Built = defaultdict(list)
    for ref in plan(dataset, communes=True):
        found[(ref.kind, _variant(dataset, ref))].append(build_context(dataset, ref))
    return found


def _variant(data: Dataset, ref: DocRef) -> str | None:
    candidate = find_candidate(data, ref.unit, ref.candidate)
    return kinds.KINDS[ref.kind].variants.get(candidate.type) if candidate else None


def test_the_bundled_data_has_every_kind_and_variant(contexts: Built) -> None:
    expected = {(k.id, v) for k in kinds.KINDS.values() for v in (k.variants.values() or [None])}
    assert set(contexts) == expected


def _other_variants(kind: str, variant: str | None) -> set[str]:
    return {
        path
        for section in variables.SECTIONS
        if section.kind == kind and section.variant not in (None, variant)
        for v in section.variables
        for path in variables.expand(v.path)
    }


def test_every_built_path_is_described(contexts: Built) -> None:
    for (kind, variant), built in contexts.items():
        described = variables.described_paths(kind, variant)
        others = _other_variants(kind, variant)
        for context in built:
            undescribed = variables.built_paths(context) - described - others
            assert not undescribed, f"{context['doc']['id']}: not in docgen/docx/variables.py: {sorted(undescribed)}"
            # The other variant's fields exist (the model fills them) but are always empty.
            filled = [p for p in others if any(not variables.empty(v) for v in variables.values_at(context, p))]
            assert not filled, f"{context['doc']['id']}: {filled}"


def test_every_described_path_is_built(contexts: Built) -> None:
    """By some document of the kind; a variant's own paths by some document of that variant
    (no collective of the bundled data has an initiative, individuals have)."""
    for section in variables.SECTIONS:
        built = [c for (kind, variant), cs in contexts.items() if section.applies(kind, variant) for c in cs]
        if section.variant is not None:
            built = contexts[(str(section.kind), section.variant)]
        seen = set().union(*(variables.built_paths(c) for c in built))
        missing = {p for v in section.variables for p in variables.expand(v.path)} - seen
        assert not missing, f"{section.key}: described but never built: {sorted(missing)}"


def test_every_value_has_the_type_the_guide_shows(dataset: Dataset, contexts: Built) -> None:
    for (kind, variant), built in contexts.items():
        shown = guide.guide(dataset, kind, variant=variant)
        for section in shown.sections:
            for row in section.rows:
                assert not row.type.startswith("chưa rõ"), row.path
                for context in built:
                    for path in variables.expand(row.path):
                        for value in variables.values_at(context, path):
                            assert variables.fits(value, row.type), f"{context['doc']['id']} {path}: {value!r}"


def test_the_task_lists_share_the_fields_of_tasks_i() -> None:
    assert variables.expand("tasks[i].text") == (
        "movements[i].tasks[i].text",
        "unit_tasks[i].text",
        "other_tasks[i].text",
    )
    paths = variables.described_paths("ke-hoach")
    assert {"unit.name", "movements[i].tasks", "movements[i].tasks[i].deadline_text", "deadlines.report_h1"} <= paths
    assert not any(p.startswith("tasks[i]") for p in paths)
    assert "report.indicators[i].ratio" in variables.described_paths("bao-cao")
    assert "report.indicators[i].ratio" not in paths


def test_a_variant_sees_its_own_fields_only() -> None:
    individual = variables.described_paths("bao-cao-thanh-tich", "ca-nhan")
    collective = variables.described_paths("bao-cao-thanh-tich", "tap-the")
    assert {"candidate.birth_date", "candidate.name"} <= individual
    assert "candidate.profile" not in individual
    assert {"candidate.profile", "candidate.emulation", "candidate.name"} <= collective
    assert "candidate.birth_date" not in collective
    assert individual | collective == variables.described_paths("bao-cao-thanh-tich")


# --- examples --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (date(2023, 7, 5), "05/7/2023"),
        (MonthDate(2023, 7), "tháng 7/2023"),
        (Decimal("598.5"), "598,5"),
        (Decimal("108.2264150943396226415094340"), "108,23"),
        (2023, "2023"),
        (True, "đúng"),
        (["ỦY BAN NHÂN DÂN", "HUYỆN HƯƠNG KHÊ"], "ỦY BAN NHÂN DÂN (dòng 1/2)"),
        ([{"name": "a"}, {"name": "b"}, {"name": "c"}], "3 mục"),
        ("      /KH-UBND", "      /KH-UBND"),
        ("", ""),
        (None, ""),
        ("Một " * 40, "Một " * 21 + "Một…"),
    ],
)
def test_examples_read_as_an_official_document_writes_them(value: Any, shown: str) -> None:
    assert guide.example(value).plain == shown


# --- filters ---------------------------------------------------------------------------------


def test_every_filter_and_global_is_described() -> None:
    env = environment()
    assert set(HELP) == set(env.filters) | set(env.globals)
    assert {e.name for e in in_order() if e.own} == {*FILTERS, "sort_vi"}


def test_glossed_parameters_are_real_parameters() -> None:
    env = environment()
    for entry in in_order():
        if entry.glosses:
            function = env.filters.get(entry.name, env.globals.get(entry.name))
            real = set(inspect.signature(inspect.unwrap(function)).parameters)
            assert set(entry.glosses) <= real, entry.name
        if entry.parameters is None:
            assert "…" not in filter_signature(entry.name), f"{entry.name} takes *args: write its parameters by hand"


@pytest.mark.parametrize(
    ("name", "signature"),
    [
        ("header_date", "header_date(ngày, địa_danh=None, blank_day=False)"),
        ("number", "number(số, số_chữ_số_thập_phân=0)"),
        ("symbol", "symbol(tên_loại, cơ_quan, số=None)"),
        ("sort_vi", "sort_vi(danh_sách, attribute=None, person=False, reverse=False)"),
        ("join", 'join(danh_sách, dấu_nối="", attribute=None)'),
        ("list", "list(giá_trị)"),
        ("selectattr", "selectattr(danh_sách, thuộc_tính, phép_thử, …)"),
        ("range", "range(bắt_đầu, kết_thúc, bước)"),
    ],
)
def test_filter_signatures_in_vietnamese(name: str, signature: str) -> None:
    assert filter_signature(name) == signature


# --- docs/bien-mau.md ------------------------------------------------------------------------


def test_bien_mau_is_the_generated_guide(dataset: Dataset) -> None:
    written = (REPO / "docs" / "bien-mau.md").read_text(encoding="utf-8")
    assert written == guide.bien_mau(dataset), f"docs/bien-mau.md is stale: run `{guide.REGENERATE}`"


def test_a_unit_without_a_document_of_the_variant(dataset: Dataset) -> None:
    kept = [c for c in dataset.candidates if not (c.unit == "huyen-huong-khe" and c.type == "individual")]
    data = dataset.model_copy(update={"candidates": kept})
    with pytest.raises(DocgenError) as caught:
        guide.guide(data, "bao-cao-thanh-tich", variant="ca-nhan", unit="huyen-huong-khe")
    assert str(caught.value) == (
        "UBND huyện Hương Khê không có báo cáo thành tích nào theo mẫu ca-nhan (bao-cao-thanh-tich-ca-nhan.docx)"
        " — bỏ --variant, chọn mẫu khác hoặc đơn vị khác"
    )
    # Without --variant the unit's collectives give the examples; the individual's fields have none.
    shown = guide.guide(data, "bao-cao-thanh-tich", unit="huyen-huong-khe")
    individual = next(s for s in shown.sections if s.section.variant == "ca-nhan")
    assert individual.source is None and all(row.example.plain == "" for row in individual.rows)
    assert [row.type for row in individual.rows][:3] == ["chữ", "chữ", "ngày"]
