"""What a template check finds, and where in the template it is.

A finding is an error of one template: the rule it breaks (with the allowed range where there
is one), where it is — a paragraph or a table cell, shown by its visible text as the author sees
it in Word (``đoạn 14 «Thông qua {{ unit.name } các phong…»``) — and what to do. Every checker
of ``docgen.docx`` (tags, variables, Word artefacts, Decree 30 layout) returns these; the CLI
prints them, ``validate`` turns them into data problems and ``build`` refuses to start on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from docx.oxml.ns import qn

from docgen.errors import Problem

__all__ = ["Finding", "Paragraph", "enclosing", "excerpt", "paragraphs", "part_label"]

_W_P: Final = qn("w:p")
_W_TBL: Final = qn("w:tbl")
_W_TR: Final = qn("w:tr")
_W_TC: Final = qn("w:tc")
_W_T: Final = qn("w:t")
_W_TAB: Final = qn("w:tab")
_W_R: Final = qn("w:r")
_W_BODY: Final = qn("w:body")
_W_DEL: Final = qn("w:del")
_W_MOVEFROM: Final = qn("w:moveFrom")
_EXCERPT: Final = 40


@dataclass(frozen=True)
class Finding:
    """One problem of one template."""

    template: str
    """The template's file name: ``ke-hoach.docx``."""
    rule: str
    """The rule broken, in Vietnamese, with its allowed range: ``lề trái 30–35 mm (Nghị định 30)``."""
    where: str
    """``đoạn 14 «…»``, ``bảng 1, hàng 2, ô 3 «…»``, ``đầu trang, đoạn 1 «…»``; empty for the whole template."""
    message: str
    hint: str
    fixable: bool = False
    """``template check --fix`` repairs it."""

    def __str__(self) -> str:
        where = f"{self.template}: {self.where}" if self.where else self.template
        return f"{where}: {self.described}"

    @property
    def stated(self) -> str:
        """The message with the rule it breaks: ``lề trái 20 mm [quy định: lề trái 30–35 mm …]``."""
        return f"{self.message} [quy định: {self.rule}]" if self.rule else self.message

    @property
    def described(self) -> str:
        """What is wrong, the rule, and what to do: one line of a report."""
        return f"{self.stated} — {self.hint}" if self.hint else self.stated

    def as_json(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "rule": self.rule,
            "where": self.where,
            "message": self.message,
            "hint": self.hint,
            "fixable": self.fixable,
        }

    def problem(self, folder: str = "templates/docx") -> Problem:
        """The finding as one of ``validate``'s problems."""
        return Problem(f"{folder}/{self.template}", None, None, self.where, self.stated, self.hint or None)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a template part, with its visible text and how an author finds it."""

    element: Any
    part: str
    """The part's name in the package: ``word/document.xml``, ``word/header1.xml``."""
    text: str
    where: str


def part_label(part: str) -> str:
    """``word/header2.xml`` → ``đầu trang (header2)``; the body has no label."""
    stem = part.rsplit("/", 1)[-1].removesuffix(".xml")
    if stem.startswith("header"):
        return f"đầu trang ({stem})"
    if stem.startswith("footer"):
        return f"chân trang ({stem})"
    return "" if stem == "document" else stem


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """The visible text an author searches for in Word, cut at ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def paragraph_text(p: Any) -> str:
    """Text of a paragraph as docxtpl's tags see it: every ``w:t`` (inserted text of tracked
    changes included) and tabs; deleted text (``w:delText``) is not read."""
    parts: list[str] = []
    for node in p.iter(_W_T, _W_TAB):
        if node.tag == _W_T:
            parts.append(node.text or "")
        else:
            parts.append("\t")
    return "".join(parts)


def paragraphs(root: Any, part: str) -> Iterator[Paragraph]:
    """Every paragraph of a part in document order (table cells included), each located as
    ``đoạn N`` (N counts the paragraphs outside tables) or ``bảng T, hàng R, ô C``."""
    label = part_label(part)
    prefix = f"{label}, " if label else ""
    body_count = 0
    tables: dict[Any, int] = {}
    for p in root.iter(_W_P):
        text = paragraph_text(p)
        cell = enclosing(p, _W_TC)
        if cell is None:
            body_count += 1
            where = f"{prefix}đoạn {body_count}"
        else:
            where = prefix + _cell_label(cell, tables, root)
        shown = excerpt(text)
        yield Paragraph(p, part, text, f"{where} «{shown}»" if shown else f"{where} (đoạn trống)")


def enclosing(element: Any, tag: str) -> Any:
    """The nearest ancestor of ``element`` with ``tag`` (a cell, a table, a row), or ``None``."""
    node = element.getparent()
    while node is not None:
        if node.tag == tag:
            return node
        node = node.getparent()
    return None


def _cell_label(cell: Any, tables: dict[Any, int], root: Any) -> str:
    row = cell.getparent()
    table = row.getparent() if row is not None else None
    while table is not None and table.tag != _W_TBL:
        table = table.getparent()
    if table is None:
        return "bảng"
    outer = table
    while (up := enclosing(outer, _W_TBL)) is not None:
        outer = up
    if not tables:
        for number, found in enumerate((t for t in root.iter(_W_TBL) if enclosing(t, _W_TBL) is None), 1):
            tables[found] = number
    rows = [r for r in table.iterchildren(_W_TR)]
    row_number = rows.index(row) + 1 if row in rows else 0
    cells = [c for c in row.iterchildren(_W_TC)] if row is not None else []
    cell_number = cells.index(cell) + 1 if cell in cells else 0
    nested = "" if outer is table else " (bảng lồng)"
    return f"bảng {tables.get(outer, 0)}{nested}, hàng {row_number}, ô {cell_number}"
