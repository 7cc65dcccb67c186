"""The build's decision for one document, stated as a table: no files, no workspace."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from docgen.build.decide import INPUTS_STATE, ISSUED_EDIT, Decision, OnDisk, decide, decide_pdf, still_current
from docgen.build.manifest import DocEntry
from docgen.register.records import Record

BUILT = DocEntry(
    doc_id="huyen-duc-tho/ke-hoach",
    unit_id="huyen-duc-tho",
    unit_name="UBND huyện Đức Thọ",
    kind="ke-hoach",
    period=None,
    candidate=None,
    subject="thực hiện các phong trào thi đua",
    path="huyen-duc-tho/ke-hoach-2023.docx",
    sha256="a" * 64,
    bytes=1000,
    number=None,
    number_symbol=None,
    status="built",
    error=None,
    inputs_hash="inputs-1",
)
RECORD = Record(
    doc_id="huyen-duc-tho/ke-hoach", unit_id="huyen-duc-tho", year=2023, series="chung", number=5,
    symbol="KH-UBND", date=dt.date(2023, 7, 20), kind="ke-hoach", summary="", signer="", recipients="",
    status="issued", void_reason=None, source="docgen", sha256="b" * 64, text="",
)  # fmt: skip
OURS = OnDisk("a" * 64, written_by_docgen=True)
EDITED = OnDisk("e" * 64)  # bytes docgen never wrote: a clerk saved the file in Word
MISSING = OnDisk(None)
DAMAGED = OnDisk("0" * 64, damaged=True)  # empty, cut short, or a ZIP without word/document.xml


@pytest.mark.parametrize(
    ("prev", "inputs", "on_disk", "record", "force", "new_number", "expected"),
    [
        # unchanged inputs, docgen's own file: nothing to do
        (BUILT, "inputs-1", OURS, None, False, False, Decision("skip")),
        # the data changed: render again over docgen's own file
        (BUILT, "inputs-2", OURS, None, False, False, Decision("render", ours=True)),
        # --force renders even what is current
        (BUILT, "inputs-1", OURS, None, True, False, Decision("render", ours=True)),
        # the file was deleted: render it
        (BUILT, "inputs-1", MISSING, None, False, False, Decision("render")),
        # a clerk's edit is kept, whatever changed in the data ...
        (BUILT, "inputs-1", EDITED, None, False, False, Decision("keep_edited")),
        (BUILT, "inputs-2", EDITED, None, False, False, Decision("keep_edited")),
        # ... and with --force moved aside before rendering
        (BUILT, "inputs-2", EDITED, None, True, False, Decision("render", move_aside=True)),
        # a numbered document whose bytes are the register's is docgen's, even without a manifest
        (None, "inputs-1", OnDisk("b" * 64), RECORD, False, False, Decision("render", ours=True)),
        # lost manifest: a file whose properties are still docgen's is taken back, not kept as edited
        (None, "inputs-1", OnDisk("c" * 64, untouched_properties=True), None, False, False,
         Decision("render", ours=True)),
        (None, "inputs-1", OnDisk("c" * 64), None, False, False, Decision("keep_edited")),
        # --issue gives this document its number now: never skipped
        (BUILT, "inputs-1", OURS, None, False, True, Decision("render", ours=True)),
        # a file that does not open as a Word document is damaged, not an edit: moved aside and
        # made again, with or without --force, and with or without a manifest
        (BUILT, "inputs-1", DAMAGED, None, False, False, Decision("render", move_aside=True, damaged=True)),
        (BUILT, "inputs-1", DAMAGED, None, True, False, Decision("render", move_aside=True, damaged=True)),
        (None, "inputs-1", DAMAGED, None, False, False, Decision("render", move_aside=True, damaged=True)),
        # a document that failed last time is rendered again
        (replace(BUILT, status="failed"), "inputs-1", OURS, None, False, False, Decision("render", ours=True)),
        # --issue over a clerk's edit: the number goes into their file; --force still discards it
        (BUILT, "inputs-1", EDITED, None, False, True, Decision("stamp")),
        (BUILT, "inputs-2", EDITED, None, True, True, Decision("render", move_aside=True)),
    ],
)  # fmt: skip
def test_decision(
    prev: DocEntry | None,
    inputs: str,
    on_disk: OnDisk,
    record: Record | None,
    force: bool,
    new_number: bool,
    expected: Decision,
) -> None:
    assert decide(prev, inputs, on_disk, record, force=force, new_number=new_number) == expected


STAMPED = replace(BUILT, sha256="b" * 64, edited=True, extra={ISSUED_EDIT: True})  # RECORD's bytes


@pytest.mark.parametrize(
    ("prev", "inputs", "on_disk", "force", "reissue", "expected"),
    [
        # a clerk's version numbered by docgen is the issued document: kept, whatever changed
        (STAMPED, "inputs-1", OnDisk("b" * 64), False, False, Decision("keep_issued_edit")),
        (STAMPED, "inputs-2", OnDisk("b" * 64), False, False, Decision("keep_issued_edit")),
        (STAMPED, "inputs-2", OnDisk("b" * 64), True, False, Decision("keep_issued_edit")),  # a number needs --reissue
        # --reissue makes it again from the data (a new number), keeping the clerk's version
        (STAMPED, "inputs-2", OnDisk("b" * 64), False, True, Decision("render", move_aside=True)),
        # edited again after it was numbered: an edit like any other
        (STAMPED, "inputs-1", EDITED, False, False, Decision("keep_edited")),
        # without the manifest's mark it is an issued document like any other
        (replace(STAMPED, extra={}), "inputs-2", OnDisk("b" * 64), False, False, Decision("render", ours=True)),
    ],
)  # fmt: skip
def test_decision_for_a_numbered_edit(
    prev: DocEntry, inputs: str, on_disk: OnDisk, force: bool, reissue: bool, expected: Decision
) -> None:
    assert decide(prev, inputs, on_disk, RECORD, force=force, reissue=reissue) == expected


def test_still_current_needs_the_same_run_state_and_the_same_bytes() -> None:
    prev = replace(BUILT, extra={INPUTS_STATE: "state-1"})
    assert still_current(prev, "state-1", "a" * 64)
    assert not still_current(prev, "state-2", "a" * 64)  # data, templates or register changed
    assert not still_current(prev, None, "a" * 64)  # this run gives numbers
    assert not still_current(prev, "state-1", "e" * 64)  # the file was edited
    assert not still_current(prev, "state-1", None)  # the file was deleted
    assert not still_current(replace(prev, edited=True), "state-1", "a" * 64)
    assert not still_current(replace(prev, status="failed"), "state-1", "a" * 64)


MADE = {"sha256": "p" * 64, "source": "a" * 64, "meta": "Kế hoạch (dự thảo)"}


@pytest.mark.parametrize(
    ("recorded", "docx", "on_disk", "force", "expected"),
    [
        (MADE, "a" * 64, "p" * 64, False, Decision("skip")),
        (MADE, "a" * 64, "p" * 64, True, Decision("render", ours=True)),  # --force converts again
        (MADE, "d" * 64, "p" * 64, False, Decision("render", ours=True)),  # the DOCX changed
        (MADE, "a" * 64, None, False, Decision("render")),  # the PDF was deleted
        # signed or stamped by hand: kept and reported; moved aside only with --force
        (MADE, "a" * 64, "s" * 64, False, Decision("keep_edited")),
        (MADE, "d" * 64, "s" * 64, False, Decision("keep_edited")),
        (MADE, "a" * 64, "s" * 64, True, Decision("render", move_aside=True)),
        ({"error": "LibreOffice không trả lời"}, "a" * 64, None, False, Decision("render")),
        (None, "a" * 64, None, False, Decision("render")),
    ],
)
def test_pdf_decision(recorded: object, docx: str, on_disk: str | None, force: bool, expected: Decision) -> None:
    assert decide_pdf(recorded, "Kế hoạch (dự thảo)", docx, on_disk, force=force) == expected


def test_a_pdf_with_other_metadata_is_made_again() -> None:
    assert decide_pdf(MADE, "Kế hoạch số 05/KH-UBND", "a" * 64, "p" * 64) == Decision("render", ours=True)
