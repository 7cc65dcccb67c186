"""Planning and applying the import of one unit's entries into its file ``data/units/<id>.yaml``.

``docgen forms import`` reads a filled form into YAML-shaped entries; here they become the
unit's file. A plan says what would change (rows added, changed, removed; entries still in
the shared files) and holds the bytes to write, so that ``--dry-run`` and ``--json`` tell it
without writing. ``check_unit_import`` loads the data as it would be after every planned
import (nothing written) and raises every problem; ``apply_unit_import`` writes one plan: the
previous unit file and each shared file it edits are kept as ``*.truoc-nhap-N.yaml`` copies,
every write is atomic, and an unchanged import writes nothing at all.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.data.load import load
from docgen.data.parsed import read_yaml
from docgen.data.textedit import without_units
from docgen.data.unitfiles import SHARED, both_places, row_id, unit_file_name
from docgen.data.unitwrite import content_key, dump_unit_file
from docgen.data.yamlfile import YamlDoc
from docgen.errors import DataError, DocgenError, OutputError, Problem
from docgen.fs import before_import_copy, os_reason, write_atomic

Entry = Mapping[str, object]


@dataclass(frozen=True)
class UnitImport:
    """What importing one unit's entries would change."""

    unit_id: str
    path: Path  # data/units/<id>.yaml
    added: list[str]  # row ids: "báo cáo 2023-h1", candidate ids
    changed: list[str]
    removed: list[str]
    shared: list[str]  # ids of the unit's entries still in the shared files (need --force to move)
    new_bytes: bytes  # the unit file to write
    unchanged: bool  # same entries as now (importing the same file twice changes nothing)
    previous: bytes | None = None  # the unit file as it was when planned (None: there was none)


def _read(path: Path, label: str) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return None
        raise OutputError(f"Không đọc được {label}: {os_reason(exc)}.") from exc


def _entries(doc: YamlDoc | None, key: str) -> list[Entry]:
    value = doc.value if doc is not None else None
    items = value.get(key) if isinstance(value, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _read_shared(path: Path, label: str) -> YamlDoc | None:
    # Parsed once per content (data.parsed): planning the 252 forms of a province parses
    # data/reports.yaml once, not 252 times; only read here, so the document is not copied.
    raw = _read(path, label)
    return None if raw is None else read_yaml(path, label, raw, shared=True)[0]


def _shared(data_dir: Path, unit_id: str) -> dict[str, tuple[YamlDoc, list[tuple[int, Entry]]]]:
    """Per shared file holding entries of ``unit_id``: the file as read, and those entries (index, entry)."""
    found: dict[str, tuple[YamlDoc, list[tuple[int, Entry]]]] = {}
    for key, name in SHARED.items():
        doc = _read_shared(data_dir / name, f"data/{name}")
        value = doc.value if doc is not None else None
        items = value.get(key) if isinstance(value, dict) else None
        mine: list[tuple[int, Entry]] = [
            (i, item)
            for i, item in enumerate(items if isinstance(items, list) else [])
            if isinstance(item, dict) and item.get("unit") == unit_id
        ]
        if doc is not None and mine:
            found[name] = (doc, mine)
    return found


def plan_unit_import(
    data_dir: Path, unit_id: str, reports: list[dict[str, object]], candidates: list[dict[str, object]], source: str
) -> UnitImport:
    """What writing ``reports`` and ``candidates`` as ``unit_id``'s file would change, compared
    with the unit's entries now (its file, and its entries still in the shared files); a report
    is matched by period, a candidate by id. Reads, never writes."""
    path = data_dir / unit_file_name(unit_id)
    label = f"data/{unit_file_name(unit_id)}"
    previous = _read(path, label)
    doc = read_yaml(path, label, previous)[0] if previous is not None else None
    new = {"reports": reports, "candidates": candidates}
    before: dict[tuple[str, str], str] = {}
    for key in SHARED:
        for entry in _entries(doc, key):
            before.setdefault((key, row_id(key, entry)), content_key(key, entry, unit_id))
    shared_rows: list[str] = []
    for name, (_, entries) in _shared(data_dir, unit_id).items():
        key = next(k for k, v in SHARED.items() if v == name)
        for _, entry in entries:
            shared_rows.append(row_id(key, entry))
            before.setdefault((key, row_id(key, entry)), content_key(key, entry, unit_id))
    after = {(key, row_id(key, entry)): content_key(key, entry, unit_id) for key in SHARED for entry in new[key]}
    same_file = doc is not None and all(
        [content_key(key, e, unit_id) for e in _entries(doc, key)] == [content_key(key, e, unit_id) for e in new[key]]
        for key in SHARED
    )
    return UnitImport(
        unit_id=unit_id,
        path=path,
        added=[r for (k, r) in after if (k, r) not in before],
        changed=[r for (k, r), content in after.items() if (k, r) in before and before[(k, r)] != content],
        removed=[r for (k, r) in before if (k, r) not in after],
        shared=shared_rows,
        new_bytes=dump_unit_file(unit_id, reports, candidates, source),
        unchanged=same_file and not shared_rows,
        previous=previous,
    )


def _moved(data_dir: Path, unit_ids: list[str]) -> dict[str, tuple[bytes, bytes]]:
    """Each shared file the units' entries would be moved out of: its bytes now, and after."""
    edits: dict[str, tuple[bytes, bytes]] = {}
    for name, key in ((v, k) for k, v in SHARED.items()):
        old = _read(data_dir / name, f"data/{name}")
        if old is None:
            continue
        raw, _ = without_units(old, f"data/{name}", key, unit_ids) if unit_ids else (old, [])
        if raw != old:
            edits[name] = (old, raw)
    return edits


def check_unit_import(data_dir: Path, plans: list[UnitImport], force: bool) -> None:
    """Raise ``DataError`` with every problem the data would have after applying ``plans``
    (with ``force``: the units' entries moved out of the shared files); nothing is written."""
    replace: dict[str, bytes | None] = {unit_file_name(plan.unit_id): plan.new_bytes for plan in plans}
    if force:
        moving = [plan.unit_id for plan in plans if plan.shared]
        replace.update({name: new for name, (_, new) in _moved(data_dir, moving).items()})
    load(data_dir, replace=replace)


def apply_unit_import(data_dir: Path, plan: UnitImport, force: bool) -> list[Path]:
    """Write ``plan``: the unit's file, and with ``force`` its entries taken out of the shared
    files. Returns the copies kept (the previous unit file, each shared file edited).

    Without ``force``, a unit whose entries are still in the shared files is refused
    (``DataError`` at their lines, with the ``--force`` hint); a unit file changed since it was
    planned is refused too (``OutputError``). Nothing is written then."""
    outcome = apply_unit_imports(data_dir, [plan], force)[plan.unit_id]
    if isinstance(outcome, DocgenError):
        raise outcome
    return outcome


def apply_unit_imports(data_dir: Path, plans: list[UnitImport], force: bool) -> dict[str, list[Path] | DocgenError]:
    """:func:`apply_unit_import` for many units: each unit's file is written, then each shared
    file is edited once for all the units moved out of it (one copy kept of each). Per unit:
    the copies kept for it (its previous file; the shared files' copies, for every unit whose
    entries left them), or the error that stopped it (nothing of that unit written)."""
    outcome: dict[str, list[Path] | DocgenError] = {}
    ready: list[UnitImport] = []
    for plan in plans:
        try:
            _ready(data_dir, plan, force)
        except DocgenError as exc:
            outcome[plan.unit_id] = exc
            continue
        ready.append(plan)
    moving = [plan.unit_id for plan in ready if plan.shared]
    try:
        edits = _moved(data_dir, moving)  # every edit made and checked before anything is written
    except DocgenError as exc:
        for plan in ready:
            if plan.shared:
                outcome[plan.unit_id] = exc
        ready = [plan for plan in ready if not plan.shared]
        edits = {}
    for plan in ready:
        kept: list[Path] = []
        if not plan.unchanged:
            if plan.previous is not None:
                copy = before_import_copy(plan.path)
                write_atomic(copy, plan.previous)
                kept.append(copy)
            _make_folder(plan.path.parent)
            write_atomic(plan.path, plan.new_bytes)
        outcome[plan.unit_id] = kept
    shared_copies: list[Path] = []
    for name, (old, new) in edits.items():
        copy = before_import_copy(data_dir / name)
        write_atomic(copy, old)
        shared_copies.append(copy)
        write_atomic(data_dir / name, new)
    for plan in ready:
        done = outcome[plan.unit_id]
        if plan.shared and isinstance(done, list):
            done.extend(shared_copies)
    return outcome


def _ready(data_dir: Path, plan: UnitImport, force: bool) -> None:
    """Refuse ``plan`` when its unit's entries are still shared without ``force``, or when its
    file changed since it was planned."""
    label = f"data/{unit_file_name(plan.unit_id)}"
    shared = _shared(data_dir, plan.unit_id)
    if shared and not force:
        problems: list[Problem] = []
        for name, (doc, entries) in shared.items():
            key = next(k for k, v in SHARED.items() if v == name)
            problems.append(both_places(doc, name, plan.unit_id, [(i, row_id(key, e)) for i, e in entries]))
        raise DataError(problems)
    if _read(plan.path, label) != plan.previous:
        raise OutputError(
            f"{label} vừa thay đổi sau khi docgen đọc nó; chưa ghi gì.",
            hint="chạy lại lệnh nhập biểu mẫu",
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục {folder}: {os_reason(exc)}.") from exc
