"""Which documents a unit writes: references, file names, templates, a clerk's selection."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docgen import vn
from docgen.data.model import Candidate, Dataset, Period, Unit
from docgen.errors import RenderError, did_you_mean

TYPE_NAMES = {
    "quyet-dinh": "QUYẾT ĐỊNH",
    "ke-hoach": "KẾ HOẠCH",
    "bao-cao": "BÁO CÁO",
    "to-trinh": "TỜ TRÌNH",
    "bao-cao-thanh-tich": "BÁO CÁO THÀNH TÍCH",
}


COMMUNE_KINDS = ("ke-hoach", "bao-cao")


@dataclass(frozen=True, order=True)
class DocRef:
    """One document: ``<unit>/<kind>[/<period>][/<candidate>]``, the id later stages use."""

    unit: str
    kind: str
    period: str | None = None
    candidate: str | None = None

    @property
    def id(self) -> str:
        return "/".join(p for p in (self.unit, self.kind, self.period, self.candidate) if p)

    @classmethod
    def parse(cls, text: str) -> DocRef:
        parts = text.strip("/").split("/")
        if len(parts) < 2:
            raise ValueError(f"mã văn bản không hợp lệ: {text!r} (dạng <đơn vị>/<loại>[/<kỳ>][/<ứng viên>])")
        unit, kind, *rest = parts
        if kind == "bao-cao":
            return cls(unit, kind, rest[0] if rest else None)
        if kind == "bao-cao-thanh-tich":
            return cls(unit, kind, None, rest[0] if rest else None)
        return cls(unit, kind)


def candidates_of(data: Dataset, unit_id: str) -> list[Candidate]:
    return sorted((c for c in data.candidates if c.unit == unit_id), key=lambda c: c.rank)


def documents_for(data: Dataset, unit: Unit, *, kinds: Iterable[str] = (), periods: Iterable[str] = ()) -> list[DocRef]:
    """Every document ``unit`` must produce, optionally narrowed to some kinds and periods.

    Communes write only their plan and reports (to their district); a unit without
    commendation candidates writes no proposal and no achievement reports.
    """
    wanted, wanted_periods = set(kinds), set(periods)
    if not unit.produces:
        return []
    refs: list[DocRef] = []
    own = COMMUNE_KINDS if unit.kind == "commune" else tuple(TYPE_NAMES)
    candidates = [] if unit.kind == "commune" else candidates_of(data, unit.id)
    for kind in own:
        if wanted and kind not in wanted:
            continue
        if kind == "bao-cao":
            refs.extend(
                DocRef(unit.id, kind, p.id)
                for p in data.campaign.periods
                if not wanted_periods or p.id in wanted_periods
            )
        elif kind == "to-trinh":
            refs.extend([DocRef(unit.id, kind)] if candidates else [])
        elif kind == "bao-cao-thanh-tich":
            refs.extend(DocRef(unit.id, kind, None, c.id) for c in candidates)
        else:
            refs.append(DocRef(unit.id, kind))
    return refs


def template_name(data: Dataset, ref: DocRef) -> str:
    """The template file (without folder) a document is rendered from."""
    if ref.kind == "bao-cao-thanh-tich":
        candidate = _candidate(data, ref)
        return f"bao-cao-thanh-tich-{'ca-nhan' if candidate.type == 'individual' else 'tap-the'}.docx"
    return f"{ref.kind}.docx"


def file_stem(data: Dataset, ref: DocRef) -> str:
    """Readable ASCII file name for a document: ``bao-cao-6-thang-dau-nam-2023``."""
    if ref.kind == "bao-cao":
        return vn.slug(f"bao cao {_period(data, ref).name}")
    if ref.kind == "bao-cao-thanh-tich":
        candidate = _candidate(data, ref)
        stem = vn.slug(f"bao cao thanh tich {candidate.name}")
        namesakes = [
            c.id for c in data.candidates if c.unit == candidate.unit and vn.slug(c.name) == vn.slug(candidate.name)
        ]
        # Two people of one unit with the same name must not share a file: the later ones get
        # their candidate id (``...-le-van-g-huyen-huong-khe-4``).
        return stem if namesakes[0] == candidate.id else f"{stem}-{vn.slug(candidate.id)}"
    return vn.slug(f"{TYPE_NAMES[ref.kind]} {data.campaign.year}")


def _period(data: Dataset, ref: DocRef) -> Period:
    for period in data.campaign.periods:
        if period.id == ref.period:
            return period
    known = ", ".join(p.id for p in data.campaign.periods)
    raise RenderError(
        f"{ref.unit}: kỳ báo cáo {ref.period!r} không có trong data/campaign.yaml", hint=f"các kỳ: {known}"
    )


def _candidate(data: Dataset, ref: DocRef) -> Candidate:
    for candidate in data.candidates:
        if candidate.id == ref.candidate and candidate.unit == ref.unit:
            return candidate
    raise RenderError(f"{ref.unit}: không có ứng viên khen thưởng {ref.candidate!r} trong data/candidates.yaml")


KIND_LABELS = {
    "quyet-dinh": "quyết định phát động",
    "ke-hoach": "kế hoạch",
    "bao-cao": "báo cáo",
    "to-trinh": "tờ trình đề nghị khen thưởng",
    "bao-cao-thanh-tich": "báo cáo thành tích",
}


def resolve(data: Dataset, unit_id: str, kind: str, period: str | None = None, candidate: str | None = None) -> DocRef:
    """The one document a clerk asks for, or a clear reason why it does not exist."""
    unit = data.units.get(unit_id)
    if unit is None:
        raise RenderError(
            f'Không có đơn vị "{unit_id}"',
            hint=did_you_mean(unit_id, data.units, otherwise="xem danh sách bằng `docgen list units`"),
        )
    possible = documents_for(data, unit, kinds=[kind])
    if not possible:
        if kind in ("to-trinh", "bao-cao-thanh-tich") and unit.produces and not candidates_of(data, unit.id):
            raise RenderError(
                f"{unit.short_name} không có tập thể, cá nhân nào đề nghị khen thưởng nên không lập "
                f"{KIND_LABELS[kind]}",
                hint="thêm đề nghị vào data/candidates.yaml nếu đơn vị có",
            )
        raise RenderError(f"{unit.short_name} không lập {KIND_LABELS.get(kind, kind)} trong phong trào này")
    if kind == "bao-cao":
        periods = [r.period for r in possible]
        if period is None:
            raise RenderError("Báo cáo cần chọn kỳ: --period", hint="các kỳ: " + ", ".join(str(p) for p in periods))
        if period not in periods:
            raise RenderError(f"Không có kỳ báo cáo {period!r}", hint="các kỳ: " + ", ".join(str(p) for p in periods))
        return DocRef(unit_id, kind, period)
    if kind == "bao-cao-thanh-tich":
        ids = [str(r.candidate) for r in possible]
        if candidate not in ids:
            what = "cần chọn --candidate" if candidate is None else f"không có ứng viên {candidate!r}"
            raise RenderError(f"Báo cáo thành tích: {what}", hint="các ứng viên: " + ", ".join(ids))
        return DocRef(unit_id, kind, None, candidate)
    return possible[0]


def plan(
    data: Dataset,
    *,
    units: Iterable[str] = (),
    kinds: Iterable[str] = (),
    unit_kinds: Iterable[str] = (),
    periods: Iterable[str] = (),
    communes: bool = False,
    strict: bool = False,
) -> list[DocRef]:
    """Every document of the selection, in a stable order (data order of units).

    With ``strict``, a unit id or period that does not exist is an error (a typo on the
    command line must not silently build nothing).
    """
    chosen_units, chosen_kinds, chosen_periods = set(units), set(unit_kinds), set(periods)
    if strict:
        for unit_id in sorted(chosen_units - set(data.units)):
            raise RenderError(
                f'Không có đơn vị "{unit_id}"',
                hint=did_you_mean(unit_id, data.units, otherwise="xem `docgen list units`"),
            )
        known = [p.id for p in data.campaign.periods]
        for period in sorted(chosen_periods - set(known)):
            raise RenderError(f"Không có kỳ báo cáo {period!r}", hint="các kỳ: " + ", ".join(known))
    refs: list[DocRef] = []
    for unit in data.units.values():
        if chosen_units and unit.id not in chosen_units:
            continue
        if chosen_kinds and unit.kind not in chosen_kinds:
            continue
        if unit.kind == "commune" and not (communes or unit.id in chosen_units or "commune" in chosen_kinds):
            continue
        refs.extend(documents_for(data, unit, kinds=kinds, periods=chosen_periods))
    return refs
