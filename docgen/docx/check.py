"""``template check``: every problem of a Word template, found before it reaches 250 units.

One template is read the way docxtpl reads it and checked by each checker of this package:
tags and syntax (``tagcheck``), variables and filters against the contexts of real documents
(``varcheck``), Word's artefacts (``wordfix``) and Decree 30 layout (``conformance``). When
they find nothing, the body is compiled exactly as the renderer compiles it, so that nothing
the checkers miss can pass. Pure: reads the template, writes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from docgen.docx.conformance import layout_findings
from docgen.docx.env import environment
from docgen.docx.findings import Finding
from docgen.docx.properties import template_errors
from docgen.docx.tagcheck import read_tags, vietnamese
from docgen.docx.varcheck import check_names
from docgen.docx.wordfix import artefact_findings

__all__ = ["check_template", "read_parts"]

_TEXT_PARTS: Final = ("word/document.xml",)
_STYLES: Final = "word/styles.xml"


def _is_checked_part(name: str) -> bool:
    stem = name.rsplit("/", 1)[-1]
    return name in _TEXT_PARTS or (
        name.startswith("word/")
        and name.count("/") == 1
        and stem.startswith(("header", "footer"))
        and stem.endswith(".xml")
    )


def read_parts(data: bytes) -> dict[str, Any]:
    """The parts a check reads, parsed: the body, headers, footers and styles."""
    parts: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise KeyError("word/document.xml")
        for name in sorted(names):
            if _is_checked_part(name) or name == _STYLES:
                parts[name] = etree.fromstring(archive.read(name))
    return parts


def check_template(path: Path, contexts: Sequence[dict[str, Any]] | None, *, name: str | None = None) -> list[Finding]:
    """Every finding of the template at ``path``. ``contexts``: real documents' contexts for
    its kind (``None`` skips the variable check, e.g. while the data is invalid). A file that
    cannot be read as a Word document raises ``TemplateError``."""
    label = name or path.name
    with template_errors(label):
        data = path.read_bytes()
        parts = read_parts(data)
    return check_parts(label, parts, contexts, data=data)


def check_parts(
    template: str, parts: dict[str, Any], contexts: Sequence[dict[str, Any]] | None, *, data: bytes | None = None
) -> list[Finding]:
    findings: list[Finding] = []
    for part in sorted(parts, key=lambda n: (n != "word/document.xml", n)):
        if not _is_checked_part(part):
            continue
        tags = read_tags(template, part, parts[part])
        findings.extend(tags.findings)
        if contexts is not None:
            findings.extend(check_names(template, tags, contexts))
    if not findings and data is not None:
        findings.extend(_as_docxtpl(template, data))
    findings.extend(artefact_findings(template, parts))
    findings.extend(layout_findings(template, parts))
    return _unique(findings)


def _as_docxtpl(template: str, data: bytes) -> list[Finding]:
    """Compile the body as the renderer does (docxtpl's clean-ups, then Jinja): a last net
    under the checkers."""
    tpl = DocxTemplate(io.BytesIO(data))
    tpl.render_init()
    try:
        environment().parse(tpl.patch_xml(tpl.get_xml()))
    except jinja2.TemplateSyntaxError as exc:
        return [
            Finding(
                template,
                "cú pháp thẻ docxtpl/Jinja",
                "",
                f"docxtpl không dịch được mẫu: {vietnamese(exc)}",
                "một thẻ bị Word cắt ngang định dạng (ví dụ nằm trong trường, chú thích hoặc bảng): gõ lại thẻ đó",
            )
        ]
    return []


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for finding in findings:
        key = (finding.where, finding.message, finding.rule)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept
