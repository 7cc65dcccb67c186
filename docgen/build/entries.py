"""A document's manifest entry and where its file goes, shared by batch and single builds."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen import __version__, vn
from docgen.build.manifest import (
    DocEntry,
)
from docgen.data.model import Dataset
from docgen.documents.plan import DocRef, file_stem
from docgen.fs import inside


def output_path(out_dir: Path, data: Dataset, ref: DocRef) -> Path:
    """``out/<unit-id>/<readable slug>.docx``, guaranteed inside ``out_dir``."""
    return inside(out_dir, ref.unit, f"{file_stem(data, ref)}.docx")


def opens_as_word(path: Path) -> bool:
    """Whether the DOCX at ``path`` opens as a Word document: a ZIP with its ``[Content_Types].xml``
    and ``word/document.xml``, every part reading whole (checksums included) — what the PDF
    step checks too. ``False`` for an empty, cut-short or foreign file: that is damaged, not a
    clerk's edit, and is moved aside as ``<name>.hong-N.docx`` and made again (see
    ``decide``). A file that cannot be read at all (locked) is not called damaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            return archive.testzip() is None
    except (zipfile.BadZipFile, KeyError, EOFError, zlib.error, RuntimeError, NotImplementedError, ValueError):
        return False
    except OSError:
        return True


def _json_default(value: object) -> object:
    if isinstance(value, date | Decimal | vn.MonthDate):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)  # a chart of the consolidated report: what it shows
    raise TypeError(f"cannot hash {type(value).__name__}")


def inputs_hash(context: dict[str, Any], template_digest: str) -> str:
    """Everything a document is built from: its context, its template, docgen's version."""
    payload = json.dumps(
        [__version__, template_digest, context], default=_json_default, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _number_fields(entry: DocEntry, context: dict[str, Any]) -> None:
    entry.number = context["doc"]["number"]
    entry.number_symbol = None if entry.number is None else context["doc"]["number_symbol"]


def _entry(
    ref: DocRef, unit_name: str, subject: str, path: str, status: str, error: str | None, digest: str
) -> DocEntry:
    return DocEntry(
        doc_id=ref.id,
        unit_id=ref.unit,
        unit_name=unit_name,
        kind=ref.kind,
        period=ref.period,
        candidate=ref.candidate,
        subject=subject,
        path=path,
        sha256=None,
        bytes=None,
        number=None,
        number_symbol=None,
        status=status,
        error=error,
        inputs_hash=digest,
    )
