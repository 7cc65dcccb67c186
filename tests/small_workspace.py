"""A workspace of three units cut from the bundled data: loads in a fraction of the province's
time, for property tests that build documents for many generated values."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
UNITS = ("tinh-ha-tinh", "so-noi-vu", "huyen-huong-khe")


def _keep_units(items: list[Any]) -> list[Any]:
    return [u for u in items if u in UNITS]


def _units(unit: dict[str, Any]) -> dict[str, Any]:
    unit = dict(unit)
    for field in ("reports_to", "proposes_to"):
        if unit.get(field) not in (None, *UNITS):
            unit[field] = "so-noi-vu"
    recipients = {}
    for key, items in (unit.get("recipients") or {}).items():
        kept = [r for r in items if not (isinstance(r, dict) and r.get("unit") not in (None, *UNITS))]
        recipients[key] = kept or ["Lưu: VT"]
    if recipients:
        unit["recipients"] = recipients
    return unit


def make(root: Path) -> Path:
    """Write the small workspace at ``root`` (data/ and templates/); returns ``root``."""
    data = root / "data"
    data.mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    for name in ("campaign.yaml", "legal.yaml", "awards.yaml"):
        shutil.copy(REPO / "data" / name, data / name)

    def read(name: str) -> Any:
        return yaml.safe_load((REPO / "data" / name).read_text(encoding="utf-8"))

    def write(name: str, value: Any) -> None:
        (data / name).write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")

    units = read("units.yaml")
    units["units"] = [_units(u) for u in units["units"] if u["id"] in UNITS]
    write("units.yaml", units)
    communes = read("communes.yaml")
    communes["communes"] = []
    write("communes.yaml", communes)
    movements = read("movements.yaml")
    for item in [*movements["movements"], *movements.get("tasks", [])]:
        if "units" in item:
            item["units"] = _keep_units(item["units"]) or ["so-noi-vu"]
        if item.get("lead") not in (None, *UNITS):
            item["lead"] = "so-noi-vu"
    write("movements.yaml", movements)
    reports = read("reports.yaml")
    reports["reports"] = [r for r in reports["reports"] if r["unit"] in UNITS]
    write("reports.yaml", reports)
    candidates = read("candidates.yaml")
    candidates["candidates"] = [c for c in candidates["candidates"] if c["unit"] in UNITS]
    write("candidates.yaml", candidates)
    return root
