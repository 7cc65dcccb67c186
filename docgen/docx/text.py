"""Reading the visible text of a .docx and refusing leftovers of the template language.

Kept apart from ``render`` (which loads docxtpl) so that checks and the register stage can read
documents without the rendering machinery.
"""

from __future__ import annotations

import io
import re
import zipfile

from docgen.errors import RenderError

_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\bNone\b|\bUndefined\b")
_SUSPECTS = ("{{", "}}", "{%", "%}", "{#", "#}", "None", "Undefined")


def _is_text_part(name: str) -> bool:
    return name == "word/document.xml" or (
        name.startswith("word/") and ("/header" in name or "/footer" in name) and name.endswith(".xml")
    )


def xml_text(xml: str) -> str:
    """Visible text of one WordprocessingML part, one paragraph a line."""
    return "\n".join("".join(_TEXT.findall(paragraph)) for paragraph in xml.split("</w:p>"))


def document_text(data: bytes) -> str:
    """All visible text of a .docx (body, headers, footers), one paragraph a line."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if _is_text_part(n))
        return "\n".join(xml_text(archive.read(n).decode("utf-8")) for n in names)


def check_no_leftovers(data: bytes, *, doc_id: str, template: str, parts: dict[str, bytes] | None = None) -> None:
    """Refuse a document whose text still holds a template tag, ``None`` or ``Undefined``.
    ``parts`` (name → XML) spares re-reading the archive when the caller has them."""
    if parts is None:
        text = document_text(data)
    else:
        text = "\n".join(xml_text(parts[n].decode("utf-8")) for n in sorted(parts) if _is_text_part(n))
    # Plain substring scans first: the regex (word boundaries) only runs on a suspect.
    found = _LEFTOVER.search(text) if any(token in text for token in _SUSPECTS) else None
    if found:
        start = max(0, found.start() - 30)
        raise RenderError(
            f"{doc_id}: văn bản tạo từ mẫu {template} còn sót {found.group()!r}: …{text[start : found.end() + 30]}…",
            hint="một thẻ {{ }} hoặc {% %} trong mẫu bị Word tách rời hoặc thiếu dữ liệu",
        )
