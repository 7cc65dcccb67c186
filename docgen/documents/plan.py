"""Which documents a unit writes: references, file names, templates, a clerk's selection."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docgen import kinds as _kinds
from docgen import vn
from docgen.data.model import Award, Candidate, Dataset, Period, Unit
from docgen.data.rules import axis_stems, bounded_stem, reference_day
from docgen.documents.eligibility import decision_day, eligible_ids
from docgen.errors import RenderError, did_you_mean


@dataclass(frozen=True, order=True)
class DocRef:
    """One document: ``<unit>/<kind>[/<period>][/<candidate>][/<award>]``, the id later stages use."""

    unit: str
    kind: str
    period: str | None = None
    candidate: str | None = None
    award: str | None = None

    @property
    def id(self) -> str:
        return "/".join(p for p in (self.unit, self.kind, self.period, self.candidate, self.award) if p)

    @classmethod
    def parse(cls, text: str) -> DocRef:
        parts = text.strip("/").split("/")
        if len(parts) < 2:
            raise ValueError(f"mã văn bản không hợp lệ: {text!r} (dạng <đơn vị>/<loại>[/<kỳ>][/<ứng viên>])")
        unit, kind, *rest = parts
        item = rest[0] if rest else None
        axis = _kinds.KINDS[kind].axis if kind in _kinds.KINDS else None
        if axis == "period":
            return cls(unit, kind, item)
        if axis == "candidate":
            return cls(unit, kind, None, item)
        if axis == "award":
            return cls(unit, kind, award=item)
        return cls(unit, kind)


def candidates_of(data: Dataset, unit_id: str) -> list[Candidate]:
    return sorted((c for c in data.candidates if c.unit == unit_id), key=lambda c: c.rank)


def documents_for(data: Dataset, unit: Unit, *, kinds: Iterable[str] = (), periods: Iterable[str] = ()) -> list[DocRef]:
    """Every document ``unit`` must produce, optionally narrowed to some kinds and periods.

    Which unit kinds write which kind is the registry's (``docgen.kinds``): communes write
    only their plan and reports (to their district); a unit without commendation candidates
    writes no proposal and no achievement reports.
    """
    wanted, wanted_periods = set(kinds), set(periods)
    refs: list[DocRef] = []
    for kind in _kinds.KINDS.values():
        if (wanted and kind.id not in wanted) or not kind.produced_by(unit.id, unit.kind):
            continue
        candidates = candidates_of(data, unit.id) if kind.needs_candidates else []
        if kind.needs_candidates and not candidates:
            continue
        if kind.axis == "period":
            refs.extend(
                DocRef(unit.id, kind.id, p.id)
                for p in data.campaign.periods
                if not wanted_periods or p.id in wanted_periods
            )
        elif kind.axis == "candidate":
            refs.extend(DocRef(unit.id, kind.id, None, c.id) for c in candidates)
        elif kind.axis == "award":
            refs.extend(DocRef(unit.id, kind.id, award=award.id) for award in decided_awards(data, kind.id))
        else:
            refs.append(DocRef(unit.id, kind.id))
    return refs


def template_name(data: Dataset, ref: DocRef) -> str:
    """The template file (without folder) a document is rendered from."""
    kind = _kinds.get(ref.kind)
    return kind.template(_candidate(data, ref).type if kind.axis == "candidate" else None)


def file_stem(data: Dataset, ref: DocRef) -> str:
    """Readable ASCII file name for a document: ``bao-cao-6-thang-dau-nam-2023``; at most
    ``rules.MAX_STEM`` characters plus a short hash, unique within the unit's folder."""
    kind = _kinds.get(ref.kind)
    year = data.campaign.year
    if kind.axis == "period":
        periods = [(p.id, p.name) for p in data.campaign.periods]
        return axis_stems(kind.id, year, periods)[_period(data, ref).id]
    if kind.axis == "award":
        return bounded_stem(vn.slug(kind.file_stem_words(_award(data, ref).id, year)))
    if kind.axis == "candidate":
        candidate = _candidate(data, ref)
        # Two people of one unit with the same name must not share a file (see axis_stems);
        # the stems of a unit's candidates are made once per dataset, not once per document.
        return _candidates(data).stems(kind.id, year, candidate.unit)[candidate.id]
    return bounded_stem(vn.slug(kind.file_stem_words(None, year)))


def period_view(period: Period) -> dict[str, Any]:
    """A report's period as its template sees it (``period.name``, ``period.next_name``…)."""
    return {
        "id": period.id,
        "name": period.name,
        "next_name": period.next_name,
        "start": period.start,
        "end": period.end,
    }


def _period(data: Dataset, ref: DocRef) -> Period:
    for period in data.campaign.periods:
        if period.id == ref.period:
            return period
    known = ", ".join(p.id for p in data.campaign.periods)
    raise RenderError(
        f"{ref.unit}: kỳ báo cáo {ref.period!r} không có trong data/campaign.yaml", hint=f"các kỳ: {known}"
    )


def proposed_awards(data: Dataset) -> list[Award]:
    """The awards the Chairman decides (``level: province``) that someone is proposed for, in
    the order of data/awards.yaml."""
    proposed = {c.award for c in data.candidates}
    return [a for a in data.awards.awards if a.level == "province" and a.id in proposed]


def decided_awards(data: Dataset, kind: str) -> list[Award]:
    """The awards that get a decision (issue 19): those proposed for with at least one candidate
    meeting the criteria on the decision's planned day (``docgen review`` says why not)."""
    day = reference_day(data.campaign, kind) or decision_day(data)
    eligible = eligible_ids(data, day)
    awarded = {c.award for c in data.candidates if c.id in eligible}
    return [a for a in proposed_awards(data) if a.id in awarded]


def _award(data: Dataset, ref: DocRef) -> Award:
    for award in proposed_awards(data):
        if award.id == ref.award:
            return award
    known = ", ".join(a.id for a in proposed_awards(data))
    raise RenderError(
        f"{ref.unit}: không có đề nghị nào cho hình thức khen thưởng {ref.award!r}", hint=f"các hình thức: {known}"
    )


@dataclass
class _CandidateIndex:
    by_id: dict[tuple[str, str], Candidate]  # (unit, candidate id) → candidate
    by_unit: dict[str, list[tuple[str, str]]]  # unit → (id, name) of its candidates, in data order
    _stems: dict[tuple[str, int, str], dict[str, str]] = field(default_factory=dict)

    def stems(self, kind: str, year: int, unit: str) -> dict[str, str]:
        key = (kind, year, unit)
        if key not in self._stems:
            self._stems[key] = axis_stems(kind, year, self.by_unit.get(unit, []))
        return self._stems[key]


_CANDIDATES: dict[int, tuple[Dataset, _CandidateIndex]] = {}


def _candidates(data: Dataset) -> _CandidateIndex:
    """The candidates of ``data`` indexed once per dataset: a build of a unit proposing
    thousands looks them up once per document, which a scan of the list made quadratic."""
    cached = _CANDIDATES.get(id(data))
    if cached is None or cached[0] is not data:
        by_id: dict[tuple[str, str], Candidate] = {}
        by_unit: dict[str, list[tuple[str, str]]] = {}
        for candidate in data.candidates:
            by_id.setdefault((candidate.unit, candidate.id), candidate)
            by_unit.setdefault(candidate.unit, []).append((candidate.id, candidate.name))
        _CANDIDATES.clear()
        cached = _CANDIDATES[id(data)] = (data, _CandidateIndex(by_id, by_unit))
    return cached[1]


def find_candidate(data: Dataset, unit_id: str, candidate_id: str | None) -> Candidate | None:
    """The candidate ``candidate_id`` of ``unit_id``, or ``None``."""
    return _candidates(data).by_id.get((unit_id, candidate_id or ""))


def _candidate(data: Dataset, ref: DocRef) -> Candidate:
    found = _candidates(data).by_id.get((ref.unit, ref.candidate or ""))
    if found is not None:
        return found
    raise RenderError(f"{ref.unit}: không có ứng viên khen thưởng {ref.candidate!r} trong data/candidates.yaml")


def resolve(
    data: Dataset,
    unit_id: str,
    kind: str,
    period: str | None = None,
    candidate: str | None = None,
    award: str | None = None,
) -> DocRef:
    """The one document a clerk asks for, or a clear reason why it does not exist."""
    unit = data.units.get(unit_id)
    if unit is None:
        raise RenderError(
            f'Không có đơn vị "{unit_id}"',
            hint=did_you_mean(unit_id, data.units, otherwise="xem danh sách bằng `docgen list units`"),
        )
    spec = _kinds.get(kind)
    possible = documents_for(data, unit, kinds=[kind])
    if not possible:
        if spec.needs_candidates and unit.produces and not candidates_of(data, unit.id):
            raise RenderError(
                f"{unit.short_name} không có tập thể, cá nhân nào đề nghị khen thưởng nên không lập {spec.label}",
                hint="thêm đề nghị vào data/candidates.yaml nếu đơn vị có",
            )
        raise RenderError(f"{unit.short_name} không lập {spec.label} trong phong trào này")
    if spec.axis == "period":
        periods = [r.period for r in possible]
        if period is None:
            raise RenderError(
                f"{spec.title} cần chọn kỳ: --period", hint="các kỳ: " + ", ".join(str(p) for p in periods)
            )
        if period not in periods:
            raise RenderError(f"Không có kỳ báo cáo {period!r}", hint="các kỳ: " + ", ".join(str(p) for p in periods))
        return DocRef(unit_id, kind, period)
    if spec.axis == "candidate":
        ids = [str(r.candidate) for r in possible]
        if candidate not in ids:
            what = "cần chọn --candidate" if candidate is None else f"không có ứng viên {candidate!r}"
            raise RenderError(f"{spec.title}: {what}", hint="các ứng viên: " + ", ".join(ids))
        return DocRef(unit_id, kind, None, candidate)
    if spec.axis == "award":
        ids = [str(r.award) for r in possible]
        if award not in ids:
            what = "cần chọn --award" if award is None else f"không có hình thức khen thưởng {award!r}"
            raise RenderError(f"{spec.title}: {what}", hint="các hình thức: " + ", ".join(ids))
        return DocRef(unit_id, kind, award=award)
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
