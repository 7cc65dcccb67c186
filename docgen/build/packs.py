"""Each unit's ZIP pack: what its folder holds at the end of the run (see
``manifest.pack_bytes``), written only when that differs from the ZIP on disk."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from docgen.build.manifest import DocEntry, edited_copies, pack_bytes, sha256_file
from docgen.data.model import Dataset
from docgen.documents.plan import DocRef, documents_for
from docgen.errors import OutputError
from docgen.fs import inside, write_atomic


def _unit_documents(data: Dataset, refs: list[DocRef], known: dict[str, DocEntry]) -> dict[str, list[DocEntry]]:
    """Every document of each unit of ``refs`` that has an entry, in the unit's plan order."""
    units: dict[str, list[DocEntry]] = {}
    for unit_id in dict.fromkeys(r.unit for r in refs):
        planned = documents_for(data, data.units[unit_id])
        units[unit_id] = [known[r.id] for r in planned if r.id in known]
    return units


def _write_packs(
    out_dir: Path,
    units: dict[str, list[DocEntry]],
    changed_units: set[str],
    packs: dict[str, dict[str, str]],
    failures: list[tuple[str, str]] | None = None,
) -> int:
    """Make each unit's pack from its folder as it is now — a clerk's edit, a signed PDF or a
    copy moved aside included — and write it when it differs from the ZIP on disk. The pack of
    an untouched folder comes out byte for byte the same, so it is not written again.
    ``changed_units`` is kept for the callers: every pack is checked against its folder.
    A pack that cannot be made (two members with one name) is not written; its reason goes
    to ``failures`` as ``(<unit>.zip, message)``."""
    del changed_units
    written = 0
    for unit_id, unit_entries in units.items():
        if any(e.status == "failed" or "error" in e.extra.get("pdf", {}) for e in unit_entries):
            continue  # never remake a pack from an incomplete set
        target = inside(out_dir, f"{unit_id}.zip")
        try:
            content = pack_bytes(out_dir, unit_entries)
        except OutputError as exc:
            if failures is None:
                raise
            failures.append((f"{unit_id}.zip", str(exc)))
            continue
        digest = hashlib.sha256(content).hexdigest()
        if packs.get(unit_id, {}).get("zip") == digest and sha256_file(target) == digest:
            continue
        write_atomic(target, content)
        packs.setdefault(unit_id, {})["zip"] = digest
        written += 1
    return written


def unpacked_files(out_dir: Path, units: dict[str, list[DocEntry]]) -> list[str]:
    """The files of the units' folders that are not in their packs (Word's ``~$…`` lock
    files, a clerk's own notes, a damaged copy ``x.hong-N.docx``), for the build's summary:
    they are listed, never packed. Paths relative to ``out_dir``, sorted."""
    found: list[str] = []
    for unit_entries in units.values():
        packed = {e.path for e in unit_entries}
        packed |= {str(e.extra["pdf"]["path"]) for e in unit_entries if isinstance(e.extra.get("pdf"), dict)
                   and e.extra["pdf"].get("path")}  # fmt: skip
        packed |= {rel for copies in edited_copies(out_dir, unit_entries).values() for rel in copies}
        for folder in sorted({Path(rel).parent.as_posix() for rel in packed if rel}):
            try:
                names = os.listdir(inside(out_dir, folder))
            except OSError:
                continue
            for name in names:
                rel = (Path(folder) / name).as_posix()
                hidden = name.startswith(".") and name.endswith(".tmp")  # docgen's own temporaries
                if rel not in packed and not hidden and not (out_dir / rel).is_dir():
                    found.append(rel)
    return sorted(found)
