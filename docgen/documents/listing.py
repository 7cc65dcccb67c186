"""Read-only views of a dataset for listing (``docgen list``): plain rows, stable keys."""

from __future__ import annotations

from collections.abc import Iterable

from docgen.data.model import Dataset

KIND_LABELS: dict[str, str] = {
    "province": "tỉnh",
    "department": "sở, ban, ngành",
    "district": "huyện",
    "town": "thị xã",
    "city": "thành phố",
    "commune": "xã, phường, thị trấn",
    "organisation": "tổ chức chính trị - xã hội",
    "enterprise": "doanh nghiệp",
    "school": "trường học",
}


def unit_rows(data: Dataset, *, unit_kinds: Iterable[str] = (), communes: bool = False) -> list[dict[str, object]]:
    """Units in data order; communes only when asked for (by flag or by kind)."""
    kinds = set(unit_kinds)
    rows: list[dict[str, object]] = []
    for unit in data.units.values():
        if unit.kind == "commune" and not (communes or "commune" in kinds):
            continue
        if kinds and unit.kind not in kinds:
            continue
        rows.append(
            {
                "id": unit.id,
                "name": unit.name,
                "short_name": unit.short_name,
                "kind": unit.kind,
                "code": unit.code,
                "parent": unit.parent,
                "produces_documents": unit.produces,
            }
        )
    return rows


def movement_rows(data: Dataset, *, unit_kinds: Iterable[str] = ()) -> list[dict[str, object]]:
    kinds = set(unit_kinds)
    return [
        {
            "id": m.id,
            "name": m.name,
            "unit_kinds": list(m.unit_kinds),
            "units": list(m.units),
            "domains": list(m.domains),
        }
        for m in data.movements.values()
        if not kinds or kinds & set(m.unit_kinds)
    ]
