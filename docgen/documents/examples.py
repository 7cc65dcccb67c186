"""The contexts of a few real documents of one template: what a template of that kind sees.

The template check compares a template's variables with these contexts, and ``template vars``
shows their values as examples. A handful of units of each unit kind that uses the template
is enough to meet every key (a list empty in one unit is full in another) and keeps the check
of all templates well under a second.
"""

from __future__ import annotations

from typing import Any, Final

from docgen.data.model import Dataset
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef, documents_for, template_name
from docgen.errors import DocgenError

__all__ = ["example_contexts", "example_refs"]

PER_UNIT_KIND: Final = 3


def example_refs(data: Dataset, template: str, *, per_unit_kind: int = PER_UNIT_KIND) -> list[DocRef]:
    """Documents rendered from ``template`` (a file name such as ``bao-cao.docx``): those of the
    first ``per_unit_kind`` units of each unit kind that write one."""
    taken: dict[str, int] = {}
    refs: list[DocRef] = []
    for unit in data.units.values():
        if taken.get(unit.kind, 0) >= per_unit_kind:
            continue
        try:
            mine = [ref for ref in documents_for(data, unit) if template_name(data, ref) == template]
        except DocgenError:
            continue
        if mine:
            taken[unit.kind] = taken.get(unit.kind, 0) + 1
            refs.extend(mine)
    return refs


def example_contexts(data: Dataset, template: str, *, per_unit_kind: int = PER_UNIT_KIND) -> list[dict[str, Any]]:
    """The contexts of :func:`example_refs`; a document whose context cannot be built (data a
    build would refuse anyway) is left out."""
    contexts = []
    for ref in example_refs(data, template, per_unit_kind=per_unit_kind):
        try:
            contexts.append(build_context(data, ref))
        except DocgenError:
            continue
    return contexts
