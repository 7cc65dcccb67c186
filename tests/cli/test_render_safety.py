"""`docgen render` keeps what a person made (issue 12, item 2): a DOCX the clerk edited in Word
is kept unless `--force` (which keeps a copy), and `render -o PATH` writes only a new file or
a file docgen itself wrote — never data, a template, the register, the cache or a device."""

from __future__ import annotations

import io
import os
import stat
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.register.sqlite import open_register

Run = Callable[..., Result]
UNIT = "huyen-duc-tho"


def _render(run: Run, workspace: Path, *extra: str) -> Result:
    return run("-w", str(workspace), "render", "ke-hoach", "--unit", UNIT, *extra)


def _only_docx(folder: Path) -> Path:
    (found,) = [p for p in folder.glob("*.docx") if ".ban-sua-" not in p.name and ".hong-" not in p.name]
    return found


def _edit_in_word(path: Path) -> bytes:
    """Save ``path`` again as Word does: same document, new revision in its properties."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = data.replace(b"<cp:revision>1<", b"<cp:revision>2<")
            archive.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_render_keeps_a_docx_the_clerk_edited_and_says_force_keeps_a_copy(run: Run, workspace: Path) -> None:
    assert _render(run, workspace).exit_code == 0
    target = _only_docx(workspace / "out" / UNIT)
    edited = _edit_in_word(target)
    result = _render(run, workspace)
    assert result.exit_code == 1, result.output
    assert str(target) in result.output
    assert "--force" in result.output and "ban-sua" in result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == edited
    assert not list(target.parent.glob("*.ban-sua-*"))


def test_render_with_force_moves_the_edited_docx_aside_and_writes_anew(run: Run, workspace: Path) -> None:
    assert _render(run, workspace).exit_code == 0
    target = _only_docx(workspace / "out" / UNIT)
    original = target.read_bytes()
    edited = _edit_in_word(target)
    result = _render(run, workspace, "--force")
    assert result.exit_code == 0, result.output
    copy = target.with_name(f"{target.stem}.ban-sua-1.docx")
    assert copy.read_bytes() == edited
    assert target.read_bytes() == original
    assert str(copy) in result.output


def test_render_again_over_its_own_file_and_over_a_build_needs_no_force(run: Run, workspace: Path) -> None:
    assert run("-w", str(workspace), "build", "--unit", UNIT, "--kind", "ke-hoach").exit_code == 0
    target = _only_docx(workspace / "out" / UNIT)
    built = target.read_bytes()
    assert _render(run, workspace).exit_code == 0
    assert _render(run, workspace).exit_code == 0
    assert target.read_bytes() == built
    assert not list(target.parent.glob("*.ban-sua-*"))
    # and the build that follows still takes the file for docgen's own
    again = run("-w", str(workspace), "build", "--unit", UNIT, "--kind", "ke-hoach")
    assert again.exit_code == 0 and "sửa tay" not in again.output


def test_render_a_new_file_after_the_manifest_is_lost_takes_the_untouched_file_as_docgens(
    run: Run, workspace: Path
) -> None:
    assert _render(run, workspace).exit_code == 0
    for name in os.listdir(workspace / "out"):
        if name.startswith(".") or name.endswith(".json"):
            os.unlink(workspace / "out" / name)
    assert _render(run, workspace).exit_code == 0


PROTECTED = [
    "register.sqlite",
    "register.sqlite-wal",
    "data/units.yaml",
    "data/new.docx",
    "templates/docx/ke-hoach.docx",
    ".cache/docgen/x.docx",
]


@pytest.mark.parametrize("name", PROTECTED)
def test_render_output_never_goes_into_data_templates_register_or_cache(run: Run, workspace: Path, name: str) -> None:
    target = workspace / name
    target.parent.mkdir(parents=True, exist_ok=True)
    before = target.read_bytes() if target.exists() else None
    if name == "register.sqlite":
        with open_register(workspace):  # a real, healthy register: its own checks do not refuse it
            pass
        before = target.read_bytes()
    elif name.startswith("register") or name.startswith(".cache"):
        target.write_bytes(b"precious")
        before = b"precious"
    result = _render(run, workspace, "-o", str(target))
    assert result.exit_code == 1, result.output
    assert str(target) in result.output
    assert "Traceback" not in result.output
    if before is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == before
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_render_output_is_refused_for_any_file_docgen_did_not_write_unless_force(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "thu-cua-toi.docx"
    mine.write_bytes(b"a clerk's own letter")
    result = _render(run, workspace, "-o", str(mine))
    assert result.exit_code == 1, result.output
    assert str(mine) in result.output and "--force" in result.output
    assert mine.read_bytes() == b"a clerk's own letter"
    forced = _render(run, workspace, "-o", str(mine), "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "thu-cua-toi.ban-sua-1.docx").read_bytes() == b"a clerk's own letter"
    assert zipfile.is_zipfile(mine)


def test_render_output_may_be_a_new_file_or_one_docgen_wrote(run: Run, workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.docx"
    assert _render(run, workspace, "-o", str(target)).exit_code == 0
    first = target.read_bytes()
    assert _render(run, workspace, "-o", str(target)).exit_code == 0
    assert target.read_bytes() == first
    other = run("-w", str(workspace), "render", "bao-cao", "--unit", UNIT, "--period", "2023", "-o", str(target))
    assert other.exit_code == 0, other.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.docx", "ws"]


def test_render_output_must_end_in_docx(run: Run, workspace: Path, tmp_path: Path) -> None:
    result = _render(run, workspace, "-o", str(tmp_path / "ke-hoach.pdf"))
    assert result.exit_code == 1, result.output
    assert ".docx" in result.output
    assert not (tmp_path / "ke-hoach.pdf").exists()


def test_render_output_does_not_create_a_missing_folder(run: Run, workspace: Path, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co" / "con"
    result = _render(run, workspace, "-o", str(missing / "ke-hoach.docx"))
    assert result.exit_code == 1, result.output
    assert str(missing) in result.output
    assert not (tmp_path / "khong-co").exists()


def test_render_output_refuses_a_folder(run: Run, workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "thu-muc.docx"
    folder.mkdir()
    result = _render(run, workspace, "-o", str(folder))
    # click's own check of the option's type: a usage error, named in Vietnamese
    assert result.exit_code == 2, result.output
    assert str(folder) in result.output and "là một thư mục" in result.output
    assert folder.is_dir() and not list(folder.iterdir())


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need rights on Windows")
def test_render_output_refuses_a_link_pointing_elsewhere(run: Run, workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "units.yaml"
    elsewhere.write_bytes(b"units: []\n")
    link = tmp_path / "ke-hoach.docx"
    link.symlink_to(elsewhere)
    for extra in ((), ("--force",)):
        result = _render(run, workspace, "-o", str(link), *extra)
        assert result.exit_code == 1, result.output
        assert str(link) in result.output
        assert link.is_symlink() and elsewhere.read_bytes() == b"units: []\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_render_output_refuses_a_file_that_is_not_a_plain_file(run: Run, workspace: Path, tmp_path: Path) -> None:
    # A named pipe stands for a device such as /dev/full (never replaced in a test: it is the machine's).
    pipe = tmp_path / "ong.docx"
    os.mkfifo(pipe)
    for extra in ((), ("--force",)):
        result = _render(run, workspace, "-o", str(pipe), *extra)
        assert result.exit_code == 1, result.output
        assert str(pipe) in result.output
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ong.docx", "ws"]


def test_render_of_a_numbered_document_keeps_the_edit_and_its_number(run: Run, workspace: Path) -> None:
    issued = _render(run, workspace, "--issue", "--allow-sample", "--date", "10/07/2023")
    assert issued.exit_code == 0 and "cấp số mới" in issued.output, issued.output
    target = _only_docx(workspace / "out" / UNIT)
    numbered = target.read_bytes()
    edited = _edit_in_word(target)
    refused = _render(run, workspace, "--allow-sample")
    assert refused.exit_code == 1 and str(target) in refused.output, refused.output
    assert target.read_bytes() == edited
    forced = _render(run, workspace, "--allow-sample", "--force")
    assert forced.exit_code == 0 and "số đã cấp" in forced.output, forced.output
    assert target.read_bytes() == numbered
    assert target.with_name(f"{target.stem}.ban-sua-1.docx").read_bytes() == edited
