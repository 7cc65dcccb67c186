"""Template authors edit the templates in LibreOffice or Word: a template re-saved by
LibreOffice (``soffice --convert-to docx``) must still render, to the same text."""

from __future__ import annotations

import shutil
from pathlib import Path

from docgen.build.run import run_build
from docgen.documents.plan import plan
from docgen.docx.text import document_text
from docgen.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
UNITS = ["huyen-huong-khe", "so-noi-vu", "truong-dai-hoc-ha-tinh", "cong-ty-soi-vinatex-hong-linh"]


def _workspace(root: Path) -> Path:
    for name in ("data", "templates"):
        shutil.copytree(REPO / name, root / name)
    return root


def _build(root: Path) -> dict[str, str]:
    ws = Workspace.open(root)
    data = ws.load()
    refs = plan(data, units=UNITS)
    report = run_build(ws, data, refs, out_dir=root / "out", jobs=1, force=True)
    assert report.ok, report.failures
    # The page-number field's cached digits (and the empty paragraphs around them) are the
    # only text LibreOffice recomputes.
    return {
        str(p.relative_to(root / "out")): "\n".join(
            line for line in document_text(p.read_bytes()).splitlines() if line.strip() and not line.isdigit()
        )
        for p in sorted((root / "out").rglob("*.docx"))
    }


def test_templates_resaved_by_libreoffice_render_the_same_documents(tmp_path: Path, resaved_workspace: Path) -> None:
    original = _workspace(tmp_path / "original")
    resaved = tmp_path / "resaved"
    shutil.copytree(resaved_workspace, resaved)
    expected, actual = _build(original), _build(resaved)
    assert len(expected) >= 30
    assert actual == expected
