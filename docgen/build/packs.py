"""Each unit's ZIP pack: all of its documents, remade only when one changed."""

from __future__ import annotations

from pathlib import Path

from docgen.build.manifest import (
    DocEntry,
    sha256_file,
    write_pack,
)
from docgen.data.model import Dataset
from docgen.documents.plan import DocRef, documents_for


def _unit_documents(data: Dataset, refs: list[DocRef], known: dict[str, DocEntry]) -> dict[str, list[DocEntry]]:
    """Every document of each unit of ``refs`` that has an entry, in the unit's plan order."""
    units: dict[str, list[DocEntry]] = {}
    for unit_id in dict.fromkeys(r.unit for r in refs):
        planned = documents_for(data, data.units[unit_id])
        units[unit_id] = [known[r.id] for r in planned if r.id in known]
    return units


def _write_packs(
    out_dir: Path, units: dict[str, list[DocEntry]], changed_units: set[str], packs: dict[str, dict[str, str]]
) -> int:
    written = 0
    for unit_id, unit_entries in units.items():
        if any(e.status == "failed" or "error" in e.extra.get("pdf", {}) for e in unit_entries):
            continue  # never remake a pack from an incomplete set
        target = out_dir / f"{unit_id}.zip"
        recorded = packs.get(unit_id, {}).get("zip")
        if unit_id not in changed_units and recorded is not None and sha256_file(target) == recorded:
            continue
        write_pack(out_dir, unit_id, unit_entries)
        packs.setdefault(unit_id, {})["zip"] = sha256_file(target) or ""
        written += 1
    return written
