"""Template authors edit the templates in LibreOffice or Word: a template re-saved by
LibreOffice (``soffice --convert-to docx``) must still render, to the same text."""

from __future__ import annotations

from pathlib import Path

from docgen.build.run import run_build
from docgen.data.model import Dataset
from docgen.documents.plan import plan
from docgen.docx.text import document_text
from docgen.workspace import Workspace

UNITS = ["huyen-huong-khe", "so-noi-vu", "truong-dai-hoc-ha-tinh", "cong-ty-soi-vinatex-hong-linh"]


def _build(root: Path, data: Dataset, out: Path) -> dict[str, str]:
    report = run_build(Workspace.open(root), data, plan(data, units=UNITS), out_dir=out, jobs=1, force=True)
    assert report.ok, report.failures
    # The page-number field's cached digits (and the empty paragraphs around them) are the
    # only text LibreOffice recomputes.
    return {
        str(p.relative_to(out)): "\n".join(
            line for line in document_text(p.read_bytes()).splitlines() if line.strip() and not line.isdigit()
        )
        for p in sorted(out.rglob("*.docx"))
    }


def test_templates_resaved_by_libreoffice_render_the_same_documents(
    tmp_path: Path, sample_root: Path, resaved_workspace: Path, dataset: Dataset
) -> None:
    expected = _build(sample_root, dataset, tmp_path / "original")
    actual = _build(resaved_workspace, dataset, tmp_path / "resaved")
    assert len(expected) >= 30
    assert actual == expected
