"""The build's record of what it wrote: ``out/manifest.json``, per-unit packs, the journal.

The manifest is the stable machine interface of a build (one entry per document) and the
memory that makes builds incremental and protects a clerk's edits: a file whose bytes no
longer match its entry was changed by hand. It is written last; while a build runs, each
finished document is appended to a journal so that a build killed midway is finished by the
next one instead of mistaking its own files for a clerk's edits.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docgen import __version__, docxzip
from docgen.output import inside, write_atomic

MANIFEST = "manifest.json"
JOURNAL = ".docgen-journal.jsonl"


@dataclass
class DocEntry:
    doc_id: str
    unit_id: str
    unit_name: str
    kind: str
    period: str | None
    candidate: str | None
    subject: str
    path: str
    sha256: str | None
    bytes: int | None
    number: int | None
    number_symbol: str | None
    status: str
    error: str | None
    inputs_hash: str
    edited: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        extra = data.pop("extra")
        data.update(extra)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocEntry:
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        values: dict[str, Any] = {k: data.get(k) for k in known}
        values["edited"] = bool(data.get("edited", False))
        return cls(**values, extra={k: v for k, v in data.items() if k not in known})


def sha256_file(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def read_manifest(out_dir: Path) -> dict[str, DocEntry]:
    """The previous build's entries by document id; an unreadable manifest counts as none."""
    try:
        raw = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        entries = [DocEntry.from_json(item) for item in raw.get("documents", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        entries = []
    found = {e.doc_id: e for e in entries}
    found.update(_journal(out_dir))
    return found


def _journal(out_dir: Path) -> dict[str, DocEntry]:
    found: dict[str, DocEntry] = {}
    try:
        lines = (out_dir / JOURNAL).read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    for line in lines:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            entry = DocEntry.from_json(json.loads(line))
            found[entry.doc_id] = entry
    return found


class Journal:
    """Append-only record of documents written by the running build."""

    def __init__(self, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / JOURNAL
        self._handle = self.path.open("a", encoding="utf-8")

    def record(self, entry: DocEntry) -> None:
        self._handle.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self, *, remove: bool) -> None:
        self._handle.close()
        if remove:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def manifest_bytes(entries: list[DocEntry]) -> bytes:
    document = {
        "generator": "docgen",
        "version": __version__,
        "documents": [e.to_json() for e in sorted(entries, key=lambda e: e.doc_id)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_manifest(out_dir: Path, entries: list[DocEntry]) -> None:
    write_atomic(out_dir / MANIFEST, manifest_bytes(entries))


def write_pack(out_dir: Path, unit_id: str, entries: list[DocEntry]) -> Path:
    """``out/<unit>.zip``: the unit's documents and its own manifest, reproducibly zipped."""
    members = []
    for entry in sorted(entries, key=lambda e: e.path):
        source = inside(out_dir, entry.path)
        members.append(docxzip.stored(Path(entry.path).name, source.read_bytes()))
        pdf = entry.extra.get("pdf")
        if isinstance(pdf, dict) and pdf.get("path"):
            members.append(docxzip.stored(Path(pdf["path"]).name, inside(out_dir, pdf["path"]).read_bytes()))
    members.append(docxzip.compress(MANIFEST, manifest_bytes(entries)))
    target = inside(out_dir, f"{unit_id}.zip")
    write_atomic(target, docxzip.build(members))
    return target
