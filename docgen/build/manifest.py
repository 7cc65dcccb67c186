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
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.docx import archive
from docgen.fs import inside, write_atomic

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
        # Flat fields only, so a shallow copy is enough (dataclasses.asdict deep-copies).
        data = {name: getattr(self, name) for name in _FIELDS}
        data.update(self.extra)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocEntry:
        """An entry as the manifest or the journal has it; ``ValueError`` naming the field if
        a field has the wrong type (a manifest edited by hand or by another program)."""
        if not isinstance(data, dict):
            raise ValueError("không phải một đối tượng JSON")
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        values: dict[str, Any] = {k: data.get(k) for k in known}
        for name, kind in _TYPES.items():
            value = values[name]
            if value is None and name in _OPTIONAL:
                continue
            if value is None and name in _DEFAULT_EMPTY:
                values[name] = ""
                continue
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise ValueError(f"trường «{name}» có giá trị {json.dumps(value, ensure_ascii=False)[:40]} sai kiểu")
        values["edited"] = bool(data.get("edited", False))
        return cls(**values, extra={k: v for k, v in data.items() if k not in known})


# The type of each field read back from JSON; fields that may be null, and text fields an older
# manifest may leave null (read as empty).
_TYPES: dict[str, type] = {
    "doc_id": str, "unit_id": str, "unit_name": str, "kind": str, "period": str, "candidate": str,
    "subject": str, "path": str, "sha256": str, "bytes": int, "number": int, "number_symbol": str,
    "status": str, "error": str, "inputs_hash": str,
}  # fmt: skip
_OPTIONAL = {"period", "candidate", "sha256", "bytes", "number", "number_symbol", "error"}
_DEFAULT_EMPTY = {"unit_name", "subject", "path", "inputs_hash"}


_FIELDS = tuple(f for f in DocEntry.__dataclass_fields__ if f != "extra")


def sha256_file(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class State:
    """What earlier builds left: the manifest's entries (updated by the journal of a build that
    was killed) and, per document, every content hash docgen itself wrote or was about to write."""

    entries: dict[str, DocEntry]
    ours: dict[str, set[str]]
    # Units with documents written by a build that did not finish: their packs are stale.
    interrupted: set[str] = field(default_factory=set)
    # unit → {"zip": sha256, "pdf": sha256} of the packs last written: a pack damaged or
    # replaced since is made again.
    packs: dict[str, dict[str, str]] = field(default_factory=dict)
    # What was wrong with the manifest (told to the clerk as warnings; nothing is lost by it).
    problems: list[str] = field(default_factory=list)

    def written_by_docgen(self, doc_id: str, sha256: str) -> bool:
        return sha256 in self.ours.get(doc_id, set())


def read_state(out_dir: Path) -> State:
    """The previous builds' state. An unreadable manifest counts as none, an entry with a field
    of the wrong type as absent (its document is then looked at as if the manifest were lost);
    both are told in ``State.problems``."""
    packs: dict[str, dict[str, str]] = {}
    entries: list[DocEntry] = []
    problems: list[str] = []
    path = out_dir / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        documents = raw.get("documents", []) if isinstance(raw, dict) else None
        if not isinstance(documents, list):
            raise ValueError("không có danh sách «documents»")
        for n, item in enumerate(documents, start=1):
            try:
                entries.append(DocEntry.from_json(item))
            except ValueError as exc:
                which = item.get("doc_id") if isinstance(item, dict) else None
                name = f" ({which})" if isinstance(which, str) else ""
                problems.append(f"{path}: mục thứ {n}{name} của «documents» hỏng: {exc}; bỏ qua mục đó")
        found = raw.get("packs", {})
        if isinstance(found, dict):
            packs = {
                str(k): {str(a): str(b) for a, b in v.items() if isinstance(b, str)}
                for k, v in found.items()
                if isinstance(v, dict)
            }
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        entries, packs = [], {}
        problems.append(f"{path} không đọc được ({exc}); coi như chưa có manifest")
    state = State({e.doc_id: e for e in entries}, {}, packs=packs, problems=problems)
    journal = _journal(out_dir)
    state.interrupted = {e.unit_id for e in journal}
    for entry in [*entries, *journal]:
        state.entries[entry.doc_id] = entry
        if entry.sha256:
            state.ours.setdefault(entry.doc_id, set()).add(entry.sha256)
    return state


def _journal(out_dir: Path) -> list[DocEntry]:
    found: list[DocEntry] = []
    try:
        lines = (out_dir / JOURNAL).read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    for line in lines:
        # A line cut short by a kill is not valid JSON and is ignored.
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            found.append(DocEntry.from_json(json.loads(line)))
    return found


def journal_append(out_dir: Path, entry: DocEntry) -> None:
    """Record a document *before* it is renamed into place (one short line, appended whole),
    so a build killed at any moment never mistakes its own file for a clerk's edit."""
    line = json.dumps(entry.to_json(), ensure_ascii=False) + "\n"
    with (out_dir / JOURNAL).open("a", encoding="utf-8") as handle:
        handle.write(line)


_CORE_FIELD = re.compile(rb"<(cp:revision|cp:keywords|dcterms:created|dcterms:modified)\b[^>]*>([^<]*)<")


def looks_untouched(path: Path, doc_id: str) -> bool:
    """True if the DOCX at ``path`` still carries the properties docgen wrote (its id as
    keywords, revision 1, modified = created): Word and LibreOffice change them on save. Used
    only when no manifest remembers the file, so a lost manifest does not turn every document
    into a clerk's edit."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    fields = {name.decode(): value.decode("utf-8", "replace") for name, value in _CORE_FIELD.findall(core)}
    return (
        fields.get("cp:keywords") == doc_id
        and fields.get("cp:revision") == "1"
        and fields.get("dcterms:created") == fields.get("dcterms:modified")
    )


def clear_journal(out_dir: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(out_dir / JOURNAL)


def manifest_bytes(
    entries: list[DocEntry], *, run_fields: bool = True, packs: dict[str, dict[str, str]] | None = None
) -> bytes:
    documents = [e.to_json() for e in sorted(entries, key=lambda e: e.doc_id)]
    if not run_fields:
        for item in documents:
            item.pop("status", None)
            item.pop("error", None)
            item.pop("inputs_state", None)  # says under which inputs a run last checked it
    document: dict[str, Any] = {"generator": "docgen", "version": __version__, "documents": documents}
    if packs:
        document["packs"] = {unit: dict(sorted(packs[unit].items())) for unit in sorted(packs)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_manifest(out_dir: Path, entries: list[DocEntry], packs: dict[str, dict[str, str]] | None = None) -> None:
    write_atomic(out_dir / MANIFEST, manifest_bytes(entries, packs=packs))


def write_pack(out_dir: Path, unit_id: str, entries: list[DocEntry]) -> Path:
    """``out/<unit>.zip``: the unit's documents and its own manifest, reproducibly zipped
    (see ``pack_bytes``)."""
    target = inside(out_dir, f"{unit_id}.zip")
    write_atomic(target, pack_bytes(out_dir, entries))
    return target


_ASIDE = re.compile(r"^(?P<stem>.+)\.ban-sua-(?P<n>[0-9]+)(?P<suffix>\.(?:docx|pdf))$")


def edited_copies(out_dir: Path, entries: list[DocEntry]) -> dict[str, list[str]]:
    """The copies of each document's DOCX or PDF that ``--force`` moved aside (``x.ban-sua-N.docx``),
    by the path of the file they were moved from, oldest first. Links are never taken."""
    wanted: dict[tuple[str, str], str] = {}
    for entry in entries:
        for rel in (entry.path, _pdf_beside(entry)):
            if rel:
                path = Path(rel)
                wanted[(path.with_suffix("").as_posix(), path.suffix)] = rel
    found: dict[str, list[tuple[int, str]]] = {}
    for folder in sorted({Path(rel).parent.as_posix() for rel in wanted.values()}):
        try:
            names = os.listdir(inside(out_dir, folder))
        except OSError:
            continue
        for name in names:
            match = _ASIDE.match(name)
            if match is None:
                continue
            rel = (Path(folder) / name).as_posix()
            origin = wanted.get(((Path(folder) / match["stem"]).as_posix(), match["suffix"]))
            if origin is not None and not os.path.islink(out_dir / rel) and (out_dir / rel).is_file():
                found.setdefault(origin, []).append((int(match["n"]), rel))
    return {origin: [rel for _, rel in sorted(copies)] for origin, copies in found.items()}


def _pdf_beside(entry: DocEntry) -> str | None:
    return Path(entry.path).with_suffix(".pdf").as_posix() if entry.path else None


def _pdf_of(entry: DocEntry) -> str | None:
    pdf = entry.extra.get("pdf")
    return str(pdf["path"]) if isinstance(pdf, dict) and pdf.get("path") else None


def pack_bytes(out_dir: Path, entries: list[DocEntry]) -> bytes:
    """The unit's pack as its folder holds it now: each document of the manifest as it is on
    disk (a clerk's edit included, marked ``edited``), its PDF, and the copies ``--force``
    moved aside; and the pack's own manifest.

    The pack's manifest describes the files in the pack (a clerk's edited file with its own
    hash) and leaves out what only says how this run went (``status``), so the same files
    always give the same pack, however many builds it took to make them."""
    members = []
    described = []
    aside = edited_copies(out_dir, entries)
    for entry in sorted(entries, key=lambda e: e.path):
        content = inside(out_dir, entry.path).read_bytes()
        members.append(archive.stored(Path(entry.path).name, content))
        item = DocEntry.from_json(entry.to_json())
        digest = hashlib.sha256(content).hexdigest()
        item.edited = entry.edited or (entry.sha256 is not None and digest != entry.sha256)
        item.sha256, item.bytes = digest, len(content)
        pdf = _pdf_of(entry)
        if pdf is not None:
            pdf_content = inside(out_dir, pdf).read_bytes()
            members.append(archive.stored(Path(pdf).name, pdf_content))
            pdf_digest = hashlib.sha256(pdf_content).hexdigest()
            if pdf_digest != entry.extra["pdf"].get("sha256"):  # signed or stamped by hand
                item.extra["pdf"] = {**entry.extra["pdf"], "sha256": pdf_digest, "bytes": len(pdf_content),
                                     "edited": True}  # fmt: skip
        for rel in [*aside.get(entry.path, []), *aside.get(_pdf_beside(entry) or "", [])]:
            members.append(archive.stored(Path(rel).name, inside(out_dir, rel).read_bytes()))
        described.append(item)
    members.append(archive.compress(MANIFEST, manifest_bytes(described, run_fields=False)))
    return archive.build(members)
