"""Each unit's documents and their status, from what the build and the register know: the
manifest (``out/manifest.json``: built, failed, edited), the file on disk (a hash that no longer
matches the manifest's is a clerk's edit, as the build decides) and the register (issued, with
number and date)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docgen import kinds, vn
from docgen.build.manifest import DocEntry, read_state, sha256_file
from docgen.data.model import Dataset
from docgen.documents.plan import DocRef, plan
from docgen.register.issuing import is_numbered
from docgen.register.records import Record
from docgen.register.sqlite import open_register, register_path
from docgen.workspace import Workspace

# Status ids and what a clerk reads.
STATUSES: dict[str, str] = {
    "missing": "chưa tạo",
    "draft": "bản nháp",
    "issued": "đã ban hành",
    "edited": "đã sửa tay",
    "failed": "lỗi",
}
UNIT_KINDS: dict[str, str] = {
    "department": "Sở, ban, ngành",
    "district": "Huyện",
    "town": "Thị xã",
    "city": "Thành phố",
    "enterprise": "Doanh nghiệp",
    "school": "Trường",
    "commune": "Xã, phường, thị trấn",
}


@dataclass
class Document:
    ref: DocRef
    status: str
    entry: DocEntry | None = None
    record: Record | None = None
    sha256: str | None = None
    detail: str | None = None
    """Which of the unit's documents of this kind: the period's or the candidate's name."""
    numbered: bool = False
    """The register gives it a number (achievement reports are attachments: none)."""

    @property
    def short(self) -> str:
        """The period (``2023-h1``) or the candidate's rank among the unit's, to tell a unit's
        documents of one kind apart in the overview."""
        return self.ref.period or (self.ref.candidate.rsplit("-", 1)[-1] if self.ref.candidate else "")

    @property
    def label(self) -> str:
        text = STATUSES[self.status]
        if self.record is not None:
            text = f"{text} số {self.record.number_symbol}, ngày {vn.short_date(self.record.date)}"
            if self.status == "edited":
                text = f"đã ban hành số {self.record.number_symbol}, ngày {vn.short_date(self.record.date)} (sửa tay)"
        return text

    @property
    def title(self) -> str:
        kind = kinds.KINDS[self.ref.kind].title if self.ref.kind in kinds.KINDS else self.ref.kind
        return " — ".join(p for p in (kind, self.detail or self.ref.period or self.ref.candidate) if p)


@dataclass
class UnitRow:
    id: str
    name: str
    kind: str
    district: str | None
    folded: str
    documents: list[Document] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.ref.kind == kind]


class Cache:
    """The dataset and plan while ``data/`` is unchanged, and file hashes while a file's size
    and time are unchanged: the overview of 252 units reads the manifest, the register and a
    stat of each file, not every file's bytes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.data_key: tuple[tuple[str, int, int], ...] | None = None
        self.data: Dataset | None = None
        self.refs: list[DocRef] = []
        self.hashes: dict[str, tuple[int, int, str | None]] = {}
        self.sort_keys: dict[str, vn.SortKey] = {}

    def order(self, name: str) -> vn.SortKey:
        """Vietnamese order of ``name`` (``vn.sort_key``), remembered."""
        key = self.sort_keys.get(name)
        if key is None:
            key = self.sort_keys[name] = vn.sort_key(name)
        return key

    def dataset(self, ws: Workspace) -> tuple[Dataset, list[DocRef]]:
        key = tuple(_stamp(p) for p in sorted(ws.data_dir.rglob("*.yaml")))
        with self.lock:
            if self.data is None or key != self.data_key:
                self.data = ws.load()
                self.refs = plan(self.data, communes=True)
                self.data_key = key
            return self.data, self.refs

    def sha256(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        known = self.hashes.get(str(path))
        if known is not None and known[:2] == (st.st_size, st.st_mtime_ns):
            return known[2]
        digest = sha256_file(path)
        self.hashes[str(path)] = (st.st_size, st.st_mtime_ns, digest)
        return digest


def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path), st.st_size, st.st_mtime_ns)


def live_records(ws: Workspace) -> dict[str, Record]:
    """The register's live numbers by document id (looking never creates a register)."""
    if not register_path(ws.root).exists():
        return {}
    with open_register(ws.root) as register:
        return {r.doc_id: r for r in register.list() if r.doc_id and r.status == "issued"}


def unit_rows(ws: Workspace, cache: Cache, units: Iterable[str] | None = None) -> list[UnitRow]:
    """The units the workspace builds (communes included) with their documents, in Vietnamese
    order of their names."""
    data, refs = cache.dataset(ws)
    wanted = set(units) if units is not None else None
    entries = read_state(ws.out_dir).entries
    records = live_records(ws)
    details = {p.id: p.name for p in data.campaign.periods} | {c.id: c.name for c in data.candidates}
    rows: dict[str, UnitRow] = {}
    for ref in refs:
        if wanted is not None and ref.unit not in wanted:
            continue
        row = rows.get(ref.unit)
        if row is None:
            unit = data.units[ref.unit]
            district = unit.id if unit.kind in ("district", "town", "city") else unit.parent
            row = rows[ref.unit] = UnitRow(unit.id, unit.name, unit.kind, district, vn.slug(unit.name))
        doc = _document(ws, cache, ref, entries.get(ref.id), records.get(ref.id))
        doc.detail = details.get(ref.period or "") or details.get(ref.candidate or "")
        doc.numbered = is_numbered(data, ref.kind)
        row.documents.append(doc)
    return sorted(rows.values(), key=lambda r: cache.order(r.name))


def _document(ws: Workspace, cache: Cache, ref: DocRef, entry: DocEntry | None, record: Record | None) -> Document:
    if entry is None or not entry.path:
        return Document(ref, "issued" if record is not None else "missing", entry, record)
    path = ws.out_dir / entry.path
    present = os.path.isfile(path) and not os.path.islink(path)
    digest = cache.sha256(path) if present else None
    if entry.status == "failed":  # the last build's error; the file before it is still shown
        return Document(ref, "failed", entry, record, digest)
    if not present:
        return Document(ref, "missing", entry, record)
    edited = entry.edited or (entry.sha256 is not None and digest != entry.sha256)
    if edited and not entry.extra.get("issued_edit"):
        return Document(ref, "edited", entry, record, digest)
    return Document(ref, "issued" if record is not None else "draft", entry, record, digest)


def matches(row: UnitRow, query: str) -> bool:
    """``huong khe`` finds «Hương Khê»: diacritics and case do not matter."""
    try:
        folded = vn.slug(query)
    except ValueError:  # nothing but punctuation or spaces: no filter
        return True
    # Whole words from their start: «huong» finds «Hương Khê», not «Thương».
    return f"-{folded}" in f"-{row.folded}" or f"-{folded}" in f"-{row.id}"
