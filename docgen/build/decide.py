"""What a build does with one document: a pure function of what is known about it.

The facts — the previous manifest entry, the file now on disk, the register's record and the
hash of the document's inputs — are gathered by ``run`` (which reads files); the decision is
made here without touching the file system, so tests state every case as a table:

- ``skip``: the file on disk is what docgen wrote from these very inputs;
- ``keep_edited``: a person changed the file (the bytes are not docgen's): it is kept and
  reported, never replaced without ``--force``;
- ``stamp``: ``--issue`` over a person's edited file: the number and date are written into
  *their* file (the leader corrected the draft; the clerk numbers that version);
- ``keep_issued_edit``: the file is a person's version that docgen numbered: it is the issued
  document, kept whatever the data or templates say now; only ``--reissue`` (a new number)
  makes it again from the data, keeping it beside;
- ``render``: make the document; ``move_aside`` first keeps a person's edited file as
  ``<name>.ban-sua-N.docx`` (only with ``--force``); ``ours`` says the file now in place is
  docgen's own, so a failed render leaves it and the next build does not take it for an edit;
  ``damaged`` says the file in place does not open as a Word document (empty, cut short, not
  a DOCX): it is no one's edit, so it is moved aside as ``<name>.hong-N.docx`` and the
  document made again, with or without ``--force``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from docgen.build.manifest import DocEntry
from docgen.register.records import Record

INPUTS_STATE = "inputs_state"
"""The key of ``DocEntry.extra`` that records the run-wide input state an entry was checked under."""

ISSUED_EDIT = "issued_edit"
"""The key of ``DocEntry.extra`` marking a person's edited file that docgen numbered (``stamp``)."""

_SETTLED = ("built", "skipped")


@dataclass(frozen=True)
class OnDisk:
    """The document's file as found: its hash (``None``: no file) and what is known of its origin."""

    sha256: str | None
    written_by_docgen: bool = False
    """The manifest or the journal of an interrupted build records these bytes as docgen's."""
    untouched_properties: bool = False
    """Its document properties are still those docgen writes (used when the manifest is lost)."""
    damaged: bool = False
    """It does not open as a Word document (not a ZIP, or no ``word/document.xml``)."""


@dataclass(frozen=True)
class Decision:
    action: Literal["skip", "keep_edited", "stamp", "keep_issued_edit", "render"]
    move_aside: bool = False
    ours: bool = False
    damaged: bool = False


def still_current(prev: DocEntry | None, state_hash: str | None, on_disk_sha256: str | None) -> bool:
    """The shortcut of a rebuild with nothing changed: ``prev`` was made (or found current)
    under this very run-wide input state and its file is byte for byte what docgen wrote."""
    if state_hash is None or prev is None or prev.extra.get(INPUTS_STATE) != state_hash:
        return False
    if prev.status not in _SETTLED or prev.edited or not prev.sha256 or not prev.path:
        return False
    return on_disk_sha256 == prev.sha256


def decide(
    prev: DocEntry | None,
    inputs_hash: str,
    on_disk: OnDisk,
    record: Record | None,
    *,
    force: bool = False,
    new_number: bool = False,
    reissue: bool = False,
) -> Decision:
    """Skip, keep a person's edit, or render ``prev``'s document made from ``inputs_hash``.

    ``record`` is the register's record when the document carries a number (its bytes are
    docgen's too); ``new_number`` when this run gives it one (never skipped then);
    ``reissue`` when a changed issued document is to get a new number.
    """
    current = on_disk.sha256
    if (
        record is not None
        and current is not None
        and current == record.sha256
        and prev is not None
        and prev.extra.get(ISSUED_EDIT)
    ):
        return Decision("render", move_aside=True) if reissue else Decision("keep_issued_edit")
    ours = current is not None and (
        on_disk.written_by_docgen
        or (record is not None and record.sha256 == current)
        or (prev is None and on_disk.untouched_properties)
    )
    if current is not None and not ours:
        if on_disk.damaged:
            return Decision("render", move_aside=True, damaged=True)
        if force:
            return Decision("render", move_aside=True)
        return Decision("stamp") if new_number else Decision("keep_edited")
    if (
        not force
        and not new_number
        and prev is not None
        and current is not None
        and current == prev.sha256
        and prev.inputs_hash == inputs_hash
        and prev.status in _SETTLED
    ):
        return Decision("skip")
    return Decision("render", ours=ours)


def decide_pdf(
    recorded: object, meta: str, docx_sha256: str | None, on_disk: str | None, *, force: bool = False
) -> Decision:
    """The same decision for a document's PDF. ``recorded`` is the manifest's ``pdf`` field,
    ``meta`` the title/author/subject it must carry, ``docx_sha256`` the DOCX it must show (a
    clerk's edited DOCX included), ``on_disk`` the PDF's hash now (``None``: no file).

    A PDF changed since docgen wrote it (signed, stamped) is kept and reported, and moved aside
    only with ``--force``; a PDF made from the same DOCX and metadata is current."""
    made = recorded if isinstance(recorded, dict) else {}
    if made.get("sha256") and on_disk not in (None, made["sha256"]):
        return Decision("render", move_aside=True) if force else Decision("keep_edited")
    current = (
        not made.get("error")
        and bool(made.get("sha256"))
        and made.get("source") == docx_sha256
        and made.get("meta") == meta
        and on_disk == made.get("sha256")
    )
    return Decision("skip") if current and not force else Decision("render", ours=on_disk is not None)
