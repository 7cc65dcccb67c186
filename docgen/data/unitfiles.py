"""Per-unit data files, ``data/units/<unit-id>.yaml``: which are read, and what only they can get wrong.

A unit file holds one unit's reports and candidates, as ``docgen forms import`` writes them
(``unitwrite``). Its entries join those of data/reports.yaml and data/candidates.yaml, after
them, files in name order. An entry may leave out ``unit:`` (it is the file's) and ``sample:``
(an imported entry is real data). A unit's entries live in one place: its file, or the shared
files, never both.

Copies kept beside a unit file (``<id>.truoc-nhap-1.yaml``) have a dot in their stem and are
never read: a unit id has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from docgen.data.yamlfile import YamlDoc, dotted
from docgen.errors import Problem

UNITS_DIR = "units"
SHARED = {"reports": "reports.yaml", "candidates": "candidates.yaml"}


def unit_file_name(unit_id: str) -> str:
    """``units/<id>.yaml``: the name a unit file is known by (relative to data/)."""
    return f"{UNITS_DIR}/{unit_id}.yaml"


def unit_file_names(data_dir: Path, replace: Mapping[str, bytes | None] | None = None) -> list[str]:
    """The unit files of ``data_dir`` (``units/x.yaml``), sorted by name; ``replace`` adds the
    planned ones (bytes) and takes away those planned to go (``None``)."""
    found: set[str] = set()
    folder = data_dir / UNITS_DIR
    if folder.is_dir():
        found = {f"{UNITS_DIR}/{p.name}" for p in folder.glob("*.yaml") if "." not in p.stem and p.is_file()}
    for name, raw in (replace or {}).items():
        if name.startswith(f"{UNITS_DIR}/"):
            (found.add if raw is not None else found.discard)(name)
    return sorted(found)


def own_entries(doc: YamlDoc, name: str) -> list[Problem]:
    """Check a unit file's own rules and give each entry its file's unit and ``sample: false``
    (in ``doc.value``, before the model reads it): a file named after another unit, or an entry
    naming another unit, is a problem at its line."""
    value = doc.value
    if not isinstance(value, dict):
        return []
    problems: list[Problem] = []
    stem = name.removeprefix(f"{UNITS_DIR}/").removesuffix(".yaml")
    unit = value.get("unit")
    if isinstance(unit, str) and unit != stem:
        problems.append(
            Problem(
                doc.name,
                *doc.where(("unit",)),
                "unit",
                f"tệp {doc.name} ghi dữ liệu của đơn vị «{unit}»: tên tệp phải là mã đơn vị của nó",
                f"đổi tên tệp thành data/units/{unit}.yaml, hoặc sửa dòng unit: thành {stem}",
            )
        )
    if not isinstance(unit, str):
        return problems
    for key in SHARED:
        entries = value.get(key)
        if not isinstance(entries, list):
            continue
        own = []
        for i, entry in enumerate(entries):
            if isinstance(entry, dict):
                if "unit" in entry and entry["unit"] != unit:
                    problems.append(
                        Problem(
                            doc.name,
                            *doc.where((key, i, "unit")),
                            dotted((key, i, "unit")),
                            f"mục này ghi unit: {entry['unit']}, nhưng tệp {doc.name} chỉ chứa dữ liệu "
                            f"của đơn vị {unit}",
                            f"xóa dòng unit: (mục thuộc đơn vị của tệp), hoặc chuyển mục sang tệp của đơn vị "
                            f"{entry['unit']}",
                        )
                    )
                entry = {"unit": unit, **entry}
                entry.setdefault("sample", False)
            own.append(entry)
        value[key] = own
    return problems


def both_places(doc: YamlDoc, shared: str, unit_id: str, paths: list[tuple[int, str]]) -> Problem:
    """The entries of ``unit_id`` still in the shared file ``shared`` (its ``doc``) while the unit
    has its own file: told at the first of them, with the way out."""
    key = next(k for k, v in SHARED.items() if v == shared)
    first, _ = paths[0]
    rows = ", ".join(row for _, row in paths)
    return Problem(
        doc.name,
        *doc.where((key, first)),
        dotted((key, first)),
        f"các mục của đơn vị {unit_id} nằm ở cả data/{shared} và data/{unit_file_name(unit_id)} ({rows})",
        f"chạy `docgen forms import <biểu mẫu của đơn vị> --force` để chuyển chúng sang "
        f"data/{unit_file_name(unit_id)} (bản cũ của data/{shared} được giữ lại), hoặc xóa các mục ở một trong "
        "hai tệp",
    )


def row_id(key: str, entry: Mapping[str, object]) -> str:
    """How an entry is named to a clerk: ``báo cáo 2023-h1`` for a report, its id for a candidate."""
    return f"báo cáo {entry.get('period')}" if key == "reports" else str(entry.get("id"))
