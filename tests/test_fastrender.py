"""The cached rendering path writes exactly what plain docxtpl writes, for every template."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.build import plan, render_one
from docgen.context import DocRef, build_context, template_name
from docgen.docxzip import read_parts
from docgen.fastrender import PreparedTemplate
from docgen.model import Dataset
from docgen.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
UNITS = ("huyen-huong-khe", "so-noi-vu", "tinh-ha-tinh", "truong-dai-hoc-ha-tinh", "xa-huong-thuy")


@pytest.fixture(scope="module")
def sample() -> tuple[Workspace, Dataset, list[DocRef]]:
    ws = Workspace.open(REPO)
    data = ws.load()
    refs = [r for r in plan(data, units=[u for u in UNITS if u in data.units]) if r.unit in data.units]
    return ws, data, refs


def test_the_sample_covers_every_template(sample: tuple[Workspace, Dataset, list[DocRef]]) -> None:
    ws, data, refs = sample
    used = {template_name(data, ref) for ref in refs}
    assert used == {p.name for p in (ws.templates_dir).glob("*.docx")}


def test_fast_output_is_byte_identical_to_plain_docxtpl(sample: tuple[Workspace, Dataset, list[DocRef]]) -> None:
    ws, data, refs = sample
    prepared: dict[str, PreparedTemplate] = {}
    for ref in refs:
        name = template_name(data, ref)
        fast = prepared.setdefault(name, PreparedTemplate(ws.templates_dir / name))
        for number, day in ((None, None), (7, data.campaign.periods[0].end)):
            context = build_context(data, ref, number=number, issue_date=day)
            quick = fast.render(context, doc_id=ref.id)
            plain = render_one(ws, data, ref, number=number, issue_date=day)
            if quick != plain:  # show which part differs, not two opaque blobs
                assert read_parts(quick) == read_parts(plain), ref.id
            assert quick == plain, ref.id
