"""One document rendered and written on a clerk's request (``docgen render``)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.build.decide import OnDisk, decide
from docgen.build.entries import _entry, _number_fields, inputs_hash, opens_as_word, output_path
from docgen.build.execute import _prepared
from docgen.build.manifest import (
    journal_append,
    looks_untouched,
    read_state,
    sha256_file,
)
from docgen.build.templates import refuse_failing_templates
from docgen.data.model import Dataset
from docgen.documents.plan import DocRef, template_name
from docgen.errors import ContentChanged, OutputError
from docgen.fs import check_no_link, damaged_copy, edited_copy, write_atomic, write_error
from docgen.register.issuing import IssueOptions, Numbering, check_unchanged
from docgen.register.records import FILE_NAME as REGISTER_FILE
from docgen.register.records import Record, Register
from docgen.workspace import Workspace


@dataclass
class Written:
    """Where ``write_one`` wrote a document, and its register record if it carries a number."""

    path: Path
    record: Record | None = None
    new_number: bool = False
    voided: Record | None = None
    kept: Path | None = None
    """Where the file that stood at ``path`` was moved (a clerk's edit with ``--force``, or a damaged file)."""
    damaged: bool = False
    """The file moved to ``kept`` did not open as a Word document."""


def write_one(
    ws: Workspace,
    data: Dataset,
    ref: DocRef,
    target: Path | None = None,
    *,
    register: Register | None = None,
    options: IssueOptions | None = None,
    force: bool = False,
) -> Written:
    """Render and write one document atomically.

    With a ``register`` an issued document is written with its number (and refused if its
    content changed, unless ``options.reissue``); with ``options.issue`` an unnumbered one gets
    its number. Uses the same renderer as ``run_build``, so both write the same bytes.

    What stands at the target is checked first, as a build does (``OutputError`` when refused):
    in out/ a clerk's edit is kept unless ``force`` (then moved aside as ``x.ban-sua-N.docx``)
    and a damaged file is moved aside as ``x.hong-N.docx``; an explicit ``target`` must be a
    new ``.docx`` in an existing folder, or a plain file docgen wrote (``force``: any plain
    ``.docx``, moved aside first), and never lies in data/, templates/, the register or the cache.
    """
    options = options or IssueOptions()
    numbering = Numbering(data, register, options)
    path = target if target is not None else output_path(ws.out_dir, data, ref)
    template = ws.templates_dir / template_name(data, ref)
    refuse_failing_templates(ws, data, [template.name])
    record = numbering.existing(ref)
    if target is None:
        move = _check_in_out(ws, ref, path, record, force=force)
    else:
        move = _check_explicit(ws, path, record, force=force)
    aside: list[Path] = []

    def clear_way() -> None:
        if move is not None and not aside:
            aside.append(_move_aside(path, damaged=move))

    def render(context: dict[str, Any]) -> bytes:
        content: bytes = _prepared(template).render(context, doc_id=ref.id)
        return content

    def journal(context: dict[str, Any], content: bytes) -> None:
        if target is None:
            _journal_single(ws, data, ref, template, context, path, content)

    def place(context: dict[str, Any], content: bytes) -> None:
        # Journalled before the rename, as a build does: a run killed in between never leaves
        # docgen's own file to be taken for a clerk's edit (a numbered one is known by its record).
        journal(context, content)
        write_atomic(path, content)

    if record is not None:
        context = numbering.context(ref, record)
        content = render(context)
        try:
            check_unchanged(record, content)
            clear_way()
            place(context, content)
            written = Written(path, record)
        except ContentChanged:
            if not (options.reissue and register is not None):
                raise
            clear_way()
            issued = numbering.issue(ref, path, render, replace=record)
            context = issued.context
            written = Written(path, issued.record, issued.new, issued.voided)
            journal(context, path.read_bytes())
    elif numbering.wants_new(ref):
        clear_way()
        issued = numbering.issue(ref, path, render)
        context = issued.context
        written = Written(path, issued.record, issued.new)
        journal(context, path.read_bytes())
    else:
        context = numbering.context(ref, None)
        content = render(context)
        clear_way()
        place(context, content)
        written = Written(path)
    if aside:
        written.kept, written.damaged = aside[0], bool(move)
    return written


def _journal_single(
    ws: Workspace, data: Dataset, ref: DocRef, template: Path, context: dict[str, Any], path: Path, content: bytes
) -> None:
    """Tell the next build that this file in out/ is docgen's own, not a clerk's edit."""
    out_dir = Path(os.path.abspath(ws.out_dir))
    digest = sha256_file(template) or "missing"
    rel = path.relative_to(out_dir).as_posix()
    entry = _entry(
        ref, data.units[ref.unit].name, context["doc"]["summary"], rel, "built", None, inputs_hash(context, digest)
    )
    _number_fields(entry, context)
    entry.sha256 = hashlib.sha256(content).hexdigest()
    entry.bytes = len(content)
    path.parent.mkdir(parents=True, exist_ok=True)
    journal_append(out_dir, entry)


def _edited_refused(path: Path) -> OutputError:
    return OutputError(
        f"Không ghi đè {path}: tệp này đã được sửa tay (khác bản docgen đã tạo); giữ nguyên tệp.",
        hint=f"dùng --force để cất bản đã sửa thành {path.stem}.ban-sua-N{path.suffix} và tạo lại văn bản",
    )


def _check_in_out(ws: Workspace, ref: DocRef, path: Path, record: Record | None, *, force: bool) -> bool | None:
    """What to do with the file at ``path`` in out/ before writing: ``None`` write over it (no
    file, or docgen's own), ``False`` move a clerk's edit aside, ``True`` move a damaged file
    aside. Refuses a clerk's edit without ``force`` and any link, using the build's ``decide``."""
    out_dir = Path(os.path.abspath(ws.out_dir))
    check_no_link(out_dir, path)
    if not os.path.lexists(path):
        return None
    _check_plain(path)
    state = read_state(out_dir)
    prev = state.entries.get(ref.id)
    current = sha256_file(path)
    written = current is not None and state.written_by_docgen(ref.id, current)
    on_disk = OnDisk(
        current,
        written_by_docgen=written,
        untouched_properties=current is not None and prev is None and looks_untouched(path, ref.id),
        damaged=current is not None and not written and not opens_as_word(path),
    )
    # ``render`` always writes: only what ``decide`` says about the file in place matters here.
    decision = decide(prev, "", on_disk, record, force=force)
    if decision.action == "keep_edited":
        raise _edited_refused(path)
    return decision.damaged if decision.move_aside else None


def _check_plain(path: Path) -> None:
    """Refuse a link, a folder, a device or a pipe: docgen replaces only plain files."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        raise write_error(exc, path) from exc
    if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
        what = "liên kết (symlink)" if stat.S_ISLNK(mode) else "thư mục" if stat.S_ISDIR(mode) else "tệp thiết bị"
        raise OutputError(
            f"Không ghi vào {path}: đó là {what}, không phải một tệp văn bản.", hint="chọn một tệp .docx khác"
        )


def _protected(ws: Workspace, path: Path) -> str | None:
    """What a workspace file at ``path`` is, if docgen must never write it (``None``: not such).
    Folders are compared after resolving links and, on Windows, ignoring letter case."""

    def real(where: Path) -> Path:
        return Path(os.path.normcase(os.path.realpath(where)))

    target = real(path.parent) / os.path.normcase(path.name)
    root = real(ws.root)
    places = (
        (real(ws.data_dir), "thư mục dữ liệu data/"),
        (real(ws.templates_dir), "thư mục mẫu templates/"),
        (root / ".cache", "thư mục bộ nhớ đệm .cache/"),
    )
    for place, what in places:
        if target == place or place in target.parents:
            return what
    if target.parent == root and target.name.startswith(os.path.normcase(REGISTER_FILE)):
        return "sổ đăng ký văn bản (hoặc một phần của sổ)"
    return None


_KEYWORDS = re.compile(rb"<cp:keywords\b[^>]*>([^<]*)<")


def _made_by_docgen(path: Path, sha256: str | None, ws: Workspace, record: Record | None) -> bool:
    """The file's bytes are recorded as docgen's (manifest, journal, register), or its document
    properties are still those docgen writes (any document id: ``-o`` may get another document)."""
    if sha256 is None:
        return False
    if record is not None and record.sha256 == sha256:
        return True
    state = read_state(Path(os.path.abspath(ws.out_dir)))
    if any(sha256 in hashes for hashes in state.ours.values()):
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            found = _KEYWORDS.search(archive.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    doc_id = found.group(1).decode("utf-8", "replace") if found is not None else ""
    return bool(doc_id) and looks_untouched(path, doc_id)


def _check_explicit(ws: Workspace, path: Path, record: Record | None, *, force: bool) -> bool | None:
    """The checks for ``render -o PATH``; ``False`` when a plain file must be moved aside first."""
    if path.suffix.lower() != ".docx":
        raise OutputError(f"Không ghi {path}: tệp kết quả phải có đuôi .docx.", hint="ví dụ -o ke-hoach.docx")
    protected = _protected(ws, path)
    if protected is not None:
        raise OutputError(
            f"Không ghi {path}: nằm trong {protected} của thư mục làm việc; docgen không ghi vào đó.",
            hint="chọn một tệp .docx mới ở thư mục khác, ví dụ trong out/",
        )
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(
            f"Thư mục {parent} không tồn tại; docgen không tự tạo thư mục.",
            hint="tạo thư mục đó trước, hoặc chọn tệp trong một thư mục đã có",
        )
    if not os.path.lexists(path):
        return None
    _check_plain(path)
    if _made_by_docgen(path, sha256_file(path), ws, record):
        return None
    if not force:
        raise OutputError(
            f"Không ghi đè {path}: tệp này không phải do docgen tạo (hoặc đã được sửa tay); giữ nguyên tệp.",
            hint=f"chọn tên tệp mới, hoặc dùng --force để cất tệp cũ thành {path.stem}.ban-sua-N{path.suffix}",
        )
    return False


def _move_aside(path: Path, *, damaged: bool) -> Path:
    aside = damaged_copy(path) if damaged else edited_copy(path)
    try:
        os.replace(path, aside)
    except OSError as exc:  # open in Word (locked on Windows), no permission
        raise write_error(exc, path) from exc
    return aside
