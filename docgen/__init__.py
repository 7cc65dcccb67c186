"""docgen: official paperwork of Hà Tĩnh's 2023 emulation campaign, from data to Word.

The package is the pipeline: ``data`` (YAML → validated ``Dataset``) → ``documents`` (which
documents, their contexts) → ``docx`` (bytes) → ``register`` (numbers) → ``pdf`` → ``build``
(files in ``out/``) → ``cli``, with ``errors``, ``fs``, ``kinds`` and ``vn`` beneath. This module
is the small API for scripts, the same steps the ``docgen`` command takes::

    import docgen

    ws = docgen.open_workspace("D:/ThiDua2023")
    data = docgen.load(ws)
    report = docgen.build_documents(ws, docgen.plan(data, units=["huyen-duc-tho"]), data=data)
    content = docgen.render_document(ws, "ke-hoach", "huyen-duc-tho")  # DOCX bytes

Errors are ``docgen.errors.DocgenError`` subclasses with a Vietnamese message (``DataError``
carries every ``Problem`` of the data). Importing ``docgen`` loads nothing but this file, since
every worker process reads ``__version__``; the stages are imported on first use. It must not
import any docgen module at import time (tests/test_architecture.py checks it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.build.run import BuildReport
    from docgen.data.model import Dataset
    from docgen.documents.plan import DocRef
    from docgen.workspace import Workspace

__version__ = "0.2.1"

# Not ``build``: importing the docgen.build package would replace such a function by the module.
__all__ = ["__version__", "build_documents", "load", "open_workspace", "plan", "render_document"]

PathLike = str | os.PathLike[str]


def open_workspace(path: PathLike | None = None) -> Workspace:
    """The workspace at ``path`` (a folder with ``data/`` and ``templates/docx/``); without a
    path ``$DOCGEN_WORKSPACE``, else the current folder. Raises ``WorkspaceError``."""
    from docgen.workspace import Workspace

    return Workspace.open(path)


def load(workspace: Workspace | PathLike | None = None) -> Dataset:
    """The workspace's data, validated; raises ``DataError`` listing every problem at once."""
    return _workspace(workspace).load()


def plan(
    data: Dataset,
    *,
    units: Iterable[str] = (),
    kinds: Iterable[str] = (),
    periods: Iterable[str] = (),
    communes: bool = False,
) -> list[DocRef]:
    """The documents of a selection, in the data's order: every unit's documents by default,
    the communes' (kế hoạch, báo cáo) only with ``communes`` or when named in ``units``.
    A unit id or period that does not exist raises ``RenderError`` (a typo must not plan nothing)."""
    from docgen.documents.plan import plan as plan_documents

    return plan_documents(data, units=units, kinds=kinds, periods=periods, communes=communes, strict=True)


def build_documents(
    workspace: Workspace | PathLike | None = None,
    documents: Iterable[DocRef] | None = None,
    *,
    data: Dataset | None = None,
    out_dir: PathLike | None = None,
    jobs: int = 0,
    force: bool = False,
    pdf: bool = False,
    progress: Callable[[DocRef, str], None] | None = None,
    issue: bool = False,
    issue_date: date | None = None,
    allow_sample: bool = False,
) -> BuildReport:
    """Build ``documents`` (default: every document, communes included, as
    ``docgen build --all --communes``) into ``out_dir`` (default: the workspace's ``out/``).

    Like ``docgen build``: parallel (``jobs`` processes, 0 = one per core), incremental (an
    unchanged document is skipped, a clerk's edit is kept), numbered documents keep the numbers
    the register gave them; no new number is given. With ``pdf`` each document is converted by
    LibreOffice and each unit's PDFs merged. One document's failure does not raise: it is in
    the returned report (``report.ok``, ``report.failures``). Holds ``out_dir``'s lock like
    every docgen command (``docgen.lock``): another command writing there raises ``OutputBusy``.
    With ``issue`` (``docgen build --issue --date``) the documents get their register number
    dated ``issue_date`` (default today), by the same rules as the CLI; ``allow_sample`` is
    ``--allow-sample``.
    """
    from docgen.build.guard import writing
    from docgen.build.pdfs import PdfSettings
    from docgen.build.run import run_build
    from docgen.register.issuing import IssueOptions

    ws = _workspace(workspace)
    data = data if data is not None else ws.load()
    refs = list(documents) if documents is not None else plan(data, communes=True)
    settings = PdfSettings.locate(jobs=jobs) if pdf else None
    options = IssueOptions(issue=issue, date=issue_date, allow_sample=allow_sample)
    target = Path(os.path.abspath(out_dir or ws.out_dir))
    with writing(ws.root, target, options, "build_documents (API)") as register:
        return run_build(
            ws,
            data,
            refs,
            out_dir=Path(out_dir) if out_dir is not None else None,
            jobs=jobs,
            force=force,
            progress=progress,
            register=register,
            options=options,
            pdf=settings,
        )


def render_document(
    workspace: Workspace | PathLike | None,
    kind: str,
    unit: str,
    *,
    period: str | None = None,
    candidate: str | None = None,
    award: str | None = None,
    output: PathLike | None = None,
    data: Dataset | None = None,
) -> bytes:
    """One document as DOCX bytes, the same bytes ``docgen build`` writes for it (with its
    register number if it has one). With ``output`` it is also written there, atomically;
    without, nothing is written. ``kind`` is a kind id such as ``ke-hoach``; ``period``,
    ``candidate`` and ``award`` select among a unit's reports, achievement reports and (for the
    province) award decisions."""
    import tempfile

    from docgen.build.guard import refuse_lost_register, writes_in, writing
    from docgen.build.single import write_one
    from docgen.documents.plan import resolve
    from docgen.register.issuing import IssueOptions, opened_register

    ws = _workspace(workspace)
    data = data if data is not None else ws.load()
    ref = resolve(data, unit, kind, period, candidate, award)
    options = IssueOptions()
    if output is not None:
        locked = writes_in(ws.out_dir, Path(output))
        with writing(ws.root, ws.out_dir, options, "render_document (API)", lock=locked) as register:
            return write_one(ws, data, ref, Path(output), register=register, options=options).path.read_bytes()
    refuse_lost_register(ws.root, ws.out_dir)
    with opened_register(ws.root, options) as register, tempfile.TemporaryDirectory(prefix="docgen-") as scratch:
        target = Path(scratch) / "document.docx"
        return write_one(ws, data, ref, target, register=register, options=options).path.read_bytes()


def _workspace(workspace: Workspace | PathLike | None) -> Workspace:
    from docgen.workspace import Workspace

    return workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
