"""What every command that writes documents checks first: it holds the output folder's lock
(``docgen.lock``), and the register still knows the numbers the folder's manifest shows.

A workspace copied without ``register.sqlite`` (``init``'s ``.gitignore`` leaves it out) or a
register moved away would otherwise turn every numbered document back into a draft and let
the next ``--issue`` start again at 01. The manifest remembers the numbers: while it shows
any and the register is missing, nothing is written until ``docgen register restore``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from docgen.build.manifest import MANIFEST, DocEntry, read_state
from docgen.errors import RegisterMissing
from docgen.lock import output_lock
from docgen.register.issuing import IssueOptions, opened_register
from docgen.register.records import Register
from docgen.register.sqlite import register_path

NAMED = 3  # numbered documents named in the message


def numbered_entries(out_dir: Path) -> list[DocEntry]:
    """The documents the folder's manifest (and the journal of an interrupted build) shows
    with a register number, by unit and number (as the register lists them)."""
    found = [e for e in read_state(out_dir).entries.values() if e.number is not None and e.number_symbol]
    return sorted(found, key=lambda e: (e.unit_id, e.number or 0, e.doc_id))


def refuse_lost_register(workspace_root: Path, out_dir: Path) -> None:
    """Raise ``RegisterMissing`` if the register file is missing while ``out_dir``'s manifest
    shows issued numbers (an empty register file is refused when it is opened)."""
    path = register_path(workspace_root)
    if path.exists() or path.is_symlink():
        return
    numbered = numbered_entries(out_dir)
    if numbered:
        raise _lost(f"Không thấy sổ đăng ký văn bản {path}, trong khi", numbered, out_dir)


def refuse_forgotten_numbers(register: Register, workspace_root: Path, out_dir: Path) -> None:
    """Raise ``RegisterMissing`` if the register knows nothing of numbers ``out_dir``'s manifest
    shows (neither the document, issued or voided, nor its number in its unit): a register made
    anew (``register record`` on a missing one), another workspace's, or an old copy put back
    by hand. A number voided or given anew since is known: its document is in the register."""
    numbered = numbered_entries(out_dir)
    if not numbered:
        return
    records = register.list()
    documents = {r.doc_id for r in records if r.doc_id}
    numbers = {(r.unit_id, r.number_symbol) for r in records}
    lost = [e for e in numbered if e.doc_id not in documents and (e.unit_id, e.number_symbol) not in numbers]
    if lost:
        path = register_path(workspace_root)
        raise _lost(f"Sổ đăng ký văn bản {path} thiếu số của các văn bản sau, trong khi", lost, out_dir)


def _lost(lead: str, numbered: list[DocEntry], out_dir: Path) -> RegisterMissing:
    examples = ", ".join(f"{e.number_symbol} ({e.doc_id})" for e in numbered[:NAMED])
    more = f" và {len(numbered) - NAMED} văn bản khác" if len(numbered) > NAMED else ""
    return RegisterMissing(
        f"{lead} {out_dir / MANIFEST} ghi {len(numbered)} văn bản "
        f"đã cấp số: {examples}{more}. Chạy tiếp sẽ biến các văn bản đó thành dự thảo và cấp lại số từ 01, "
        "nên docgen dừng lại, chưa ghi gì.",
        hint=(
            "khôi phục sổ từ bản sao lưu (tệp đã ghi bằng `docgen register backup TỆP`) bằng "
            "`docgen register restore TỆP`; nếu sổ chỉ bị chuyển đi, chép lại tệp register.sqlite vào thư mục "
            f"làm việc; nếu thật sự bỏ các số đó, chuyển thư mục {out_dir} đi nơi khác rồi chạy lại"
        ),
    )


def writes_in(folder: Path, target: Path | None) -> bool:
    """``target`` (``None``: the document's place in out/) lies in ``folder``, links resolved."""
    if target is None:
        return True
    base, path = os.path.realpath(folder), os.path.realpath(target)
    try:
        return os.path.commonpath([base, path]) == base
    except ValueError:  # another drive on Windows
        return False


@contextlib.contextmanager
def writing(
    workspace_root: Path, out_dir: Path, options: IssueOptions, command: str | None = None, *, lock: bool = True
) -> Iterator[Register | None]:
    """Hold ``out_dir``'s lock (unless ``lock`` is false: a ``render -o`` outside it), check
    the register against its manifest, then open the register as this run needs it
    (``opened_register``); the lock is held until the end."""
    with output_lock(out_dir, command) if lock else contextlib.nullcontext():
        refuse_lost_register(workspace_root, out_dir)
        with opened_register(workspace_root, options) as register:
            if register is not None:
                refuse_forgotten_numbers(register, workspace_root, out_dir)
            yield register
