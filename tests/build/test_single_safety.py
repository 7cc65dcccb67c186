"""``write_one`` (behind `docgen render`) protects what a person made exactly as a build does
(issue 12, item 2): the same manifest, journal, register record and ``decide``."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

from docgen.build.single import write_one
from docgen.documents.plan import DocRef, resolve
from docgen.errors import OutputError
from docgen.workspace import Workspace

UNIT = "huyen-duc-tho"


def _setup(root: Path) -> tuple[Workspace, DocRef]:
    ws = Workspace.open(root)
    return ws, resolve(ws.load(), UNIT, "ke-hoach", None, None)


def test_write_one_refuses_to_replace_a_docx_a_clerk_edited_in_out(workspace: Path) -> None:
    ws, ref = _setup(workspace)
    path = write_one(ws, ws.load(), ref).path
    path.write_bytes(path.read_bytes() + b"edited")
    with pytest.raises(OutputError) as caught:
        write_one(ws, ws.load(), ref)
    assert str(path) in str(caught.value) and "--force" in str(caught.value)
    assert path.read_bytes().endswith(b"edited")


def test_write_one_with_force_keeps_the_edit_as_ban_sua_and_writes_docgens_bytes(workspace: Path) -> None:
    ws, ref = _setup(workspace)
    path = write_one(ws, ws.load(), ref).path
    original = path.read_bytes()
    path.write_bytes(original + b"edited")
    written = write_one(ws, ws.load(), ref, force=True)
    assert written.kept == path.with_name(f"{path.stem}.ban-sua-1.docx")
    assert written.kept.read_bytes() == original + b"edited"
    assert path.read_bytes() == original


def test_write_one_moves_a_damaged_docx_aside_as_hong_and_makes_it_again(workspace: Path) -> None:
    ws, ref = _setup(workspace)
    path = write_one(ws, ws.load(), ref).path
    original = path.read_bytes()
    path.write_bytes(b"")
    written = write_one(ws, ws.load(), ref)
    assert written.damaged and written.kept == path.with_name(f"{path.stem}.hong-1.docx")
    assert path.read_bytes() == original


def test_write_one_refuses_the_register_as_a_target_even_with_force(workspace: Path) -> None:
    ws, ref = _setup(workspace)
    for name in ("register.sqlite", "register.sqlite-journal"):
        target = workspace / name
        target.write_bytes(b"register")
        with pytest.raises(OutputError) as caught:
            write_one(ws, ws.load(), ref, target, force=True)
        assert str(target) in str(caught.value)
        assert target.read_bytes() == b"register"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need rights on Windows")
def test_write_one_writes_nothing_through_a_link_in_out(workspace: Path, tmp_path: Path) -> None:
    ws, ref = _setup(workspace)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace / "out").mkdir()
    os.symlink(elsewhere, workspace / "out" / UNIT)
    with pytest.raises(OutputError):
        write_one(ws, ws.load(), ref, force=True)
    assert not list(elsewhere.iterdir())


def test_a_render_killed_right_after_its_rename_leaves_a_file_the_next_render_knows_as_docgens(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docgen.build.single as single

    ws, ref = _setup(workspace)
    path = write_one(ws, ws.load(), ref).path
    first = path.read_bytes()

    def renamed_then_killed(target: Path, content: bytes, **_: object) -> None:
        target.write_bytes(content)
        raise KeyboardInterrupt

    monkeypatch.setattr(single, "write_atomic", renamed_then_killed)
    with pytest.raises(KeyboardInterrupt):  # another date: other bytes
        write_one(ws, ws.load(), ref, options=single.IssueOptions(date=date(2023, 12, 31)))
    monkeypatch.undo()
    assert path.read_bytes() != first
    assert write_one(ws, ws.load(), ref).kept is None
    assert path.read_bytes() == first
