"""The cached rendering path writes exactly what plain docxtpl writes, for every template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_render import render_docx

from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef, plan, template_name
from docgen.docx.archive import read_parts
from docgen.docx.renderer import PreparedTemplate
from docgen.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
UNITS = ("huyen-huong-khe", "so-noi-vu", "tinh-ha-tinh", "truong-dai-hoc-ha-tinh", "xa-huong-thuy")


@pytest.fixture(scope="module")
def sample(sample_root: Path, dataset: Dataset) -> tuple[Workspace, Dataset, list[DocRef]]:
    ws, data = Workspace.open(sample_root), dataset
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
        # A numbered date for each: the award decisions are dated in 2024 (a decision on
        # 30/6/2023 would find no candidate meeting the criteria yet).
        issued = date(2024, 1, 15) if ref.kind == "quyet-dinh-khen-thuong" else data.campaign.periods[0].end
        for number, day in ((None, None), (7, issued)):
            context = build_context(data, ref, number=number, issue_date=day)
            if "consolidation" in context:
                # Plain docxtpl cannot draw docgen's charts: compared without them here; their
                # pictures are tests/documents/test_consolidated_report.py's.
                context["consolidation"]["charts"] = []
            quick = fast.render(context, doc_id=ref.id)
            plain = render_docx(ws.templates_dir / name, context, doc_id=ref.id)
            if quick != plain:  # show which part differs, not two opaque blobs
                assert read_parts(quick) == read_parts(plain), ref.id
            assert quick == plain, ref.id


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _table_xml(columns: int, rows: list[list[int]], nested: bool) -> str:
    """A body with one table: ``columns`` grid columns, each row a list of cell spans (1 = no
    ``w:gridSpan``); optionally a nested table inside the first cell."""
    grid = "".join(f'<w:gridCol w:w="{1000 + 37 * i}"/>' for i in range(columns))
    inner = ""
    if nested:
        two_cells = "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
        inner = f'<w:tbl><w:tblGrid><w:gridCol w:w="500"/></w:tblGrid>{two_cells}</w:tbl>'
    body_rows = []
    for r, spans in enumerate(rows):
        cells = []
        for c, span in enumerate(spans):
            props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span != 1 else ""
            cells.append(f"<w:tc>{props}{inner if r == c == 0 else ''}<w:p/></w:tc>")
        body_rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    table = f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(body_rows)}</w:tbl>"
    return f'<w:document xmlns:w="{_W}"><w:body>{table}</w:body></w:document>'


@settings(max_examples=300, deadline=None)
@given(
    columns=st.integers(min_value=0, max_value=5),
    rows=st.lists(st.lists(st.integers(min_value=1, max_value=3), max_size=6), max_size=4),
    nested=st.booleans(),
)
def test_table_fix_shortcut_equals_docxtpl(columns: int, rows: list[list[int]], nested: bool) -> None:
    from lxml import etree

    from docgen.docx.renderer import fix_tables

    tpl = DocxTemplate(REPO / "templates" / "docx" / "bao-cao.docx")
    xml = _table_xml(columns, rows, nested)
    try:
        expected = etree.tostring(tpl.fix_tables(xml))
    except Exception as exc:  # docxtpl fails on some grids; the shortcut must fail the same way
        with pytest.raises(type(exc)):
            fix_tables(tpl, xml)
        return
    assert etree.tostring(fix_tables(tpl, xml)) == expected
