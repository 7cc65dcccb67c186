"""Validated data → the context one template sees, for one document of one unit.

Pure functions, no I/O. Values reach templates typed (dates, amounts) so template authors
format them with the ``docgen.vn`` filters; what would otherwise be logic in a template
(punctuation of recipients and legal bases, signer lines, grouping of candidates) is done here
once. Every variable is described in ``docgen/docx/variables.py`` (and so in ``docs/bien-mau.md``,
generated from it); a test keeps the descriptions and these builders in step.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from docgen import kinds, vn
from docgen.data.model import Candidate, Dataset, Movement, Period, Report, Task, Unit
from docgen.data.rules import commune_type, reference_day, signer_for, unit_slug
from docgen.documents import decisions, eligibility
from docgen.documents.consolidated import KIND as CONSOLIDATED
from docgen.documents.consolidated import Launches, consolidated_view
from docgen.documents.plan import DocRef, _award, _candidate, _period, candidates_of, period_view
from docgen.errors import RenderError

# Drafts leave the number blank for the clerk to write in at registration (Decree 30).
DRAFT_GAP = " " * 6


def build_context(
    data: Dataset,
    ref: DocRef,
    *,
    number: int | None = None,
    issue_date: date | None = None,
    launches: Launches | None = None,
) -> dict[str, Any]:
    """The full context of one document. ``number``/``issue_date`` come from the register, and
    so do ``launches`` (the launch decisions and plans it shows issued, for the consolidated
    report; none given: nothing issued yet)."""
    unit = _unit(data, ref.unit)
    if ref.kind not in kinds.KINDS:
        raise RenderError(f"{unit.id}: không có loại văn bản {ref.kind!r}", hint="các loại: " + ", ".join(kinds.KINDS))
    day = issue_date or reference_day(data.campaign, ref.kind, ref.period)
    if day is None:
        raise RenderError(
            f"{unit.id}/{ref.kind}: thiếu ngày văn bản trong data/campaign.yaml (documents.{ref.kind}.date)"
        )
    top = unit.kind == "province"
    context: dict[str, Any] = {
        "unit": _unit_view(unit),
        "doc": _doc_view(data, unit, ref, number, issue_date),
        "campaign": {"title": data.campaign.title, "school_year": data.campaign.school_year},
        "directive": {"citation": _directive_citation(data), "date": data.campaign.directive.date},
        "legal_bases": _legal_lines(data, unit, ref.kind, day),
        "signer": _signer_view(unit, ref, day),
        "recipients": _recipient_lines(data, unit, ref.kind),
        # The province reports and proposes to nobody: its only documents are the award decisions.
        "report_to": "" if top else _addressee(data, unit, unit.reports_to, "reports_to"),
        "propose_to": "" if top else _proposee(data, unit),
        "deadlines": _deadlines(data),
    }
    context.update(_movement_views(data, unit))
    views = _KIND_VIEWS.get(ref.kind)
    if views is not None:
        context.update(views(data, unit, ref, day))
    if ref.kind == CONSOLIDATED:
        context.update(consolidated_view(data, _period(data, ref), issue_date, launches or {}))
    return context


# --- common pieces -------------------------------------------------------------------------


def _unit(data: Dataset, unit_id: str) -> Unit:
    try:
        return data.units[unit_id]
    except KeyError:
        raise RenderError(f"không có đơn vị {unit_id!r} trong dữ liệu", hint="xem `docgen list units`") from None


def _required(value: str | None, unit: Unit, field: str, file: str = "data/units.yaml") -> str:
    if not value:
        raise RenderError(f"{unit.id}: thiếu trường '{field}' trong {file}")
    return value


def _unit_view(unit: Unit) -> dict[str, Any]:
    head = _required(unit.head_title, unit, "head_title")
    return {
        "id": unit.id,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "place": _required(unit.place, unit, "place"),
        "header_parent": unit.header.parent or "",
        "header_issuer": list(unit.header.issuer),
        "symbol": _required(unit.symbol, unit, "symbol"),
        "head_title": head,
        "authority": vn.upper(f"{head} {unit.name}"),
        "slug": unit_slug(unit),
        "scope": _scope(unit),
    }


def _scope(unit: Unit) -> str:
    """Who a unit's decision and plan reach, in the words that fit its kind: only a
    territorial authority has "địa phương" under it."""
    if unit.kind in ("province", "district", "town", "city"):
        return f"các cơ quan, đơn vị, địa phương thuộc phạm vi quản lý của {unit.short_name}"
    if unit.kind == "commune":
        return f"các ban, ngành, đoàn thể, thôn, tổ dân phố thuộc {unit.short_name}"
    if unit.kind == "department":
        return f"các phòng, đơn vị thuộc và trực thuộc {unit.short_name}"
    if unit.kind == "enterprise":
        return f"các phòng, ban, đơn vị sản xuất của {unit.short_name}"
    return f"các đơn vị, bộ phận và đoàn thể của {unit.short_name}"


def _doc_view(data: Dataset, unit: Unit, ref: DocRef, number: int | None, issue_date: date | None) -> dict[str, Any]:
    spec = data.campaign.documents[ref.kind]
    abbr = spec.type_abbr or ""
    symbol = f"{abbr}-{unit.symbol}" if abbr else str(unit.symbol)
    when: date | vn.MonthDate | None = issue_date or spec.date
    summary = spec.summary
    if kinds.KINDS[ref.kind].axis == "period":
        period = _period(data, ref)
        when = issue_date or period.report_date
        summary = f"{summary} {period.name}"
    elif kinds.KINDS[ref.kind].axis == "award":
        summary = decisions.decision_summary(_award(data, ref))
    if number is not None and number < 1:
        raise RenderError(f"{ref.id}: số văn bản phải là số nguyên dương")
    number_symbol = f"{number:02d}/{symbol}" if number is not None else f"{DRAFT_GAP}/{symbol}"
    return {
        "id": ref.id,
        "kind": ref.kind,
        "type_name": kinds.KINDS[ref.kind].type_name,
        "type_abbr": abbr,
        "number": number,
        "number_symbol": number_symbol,
        "number_line": vn.symbol(abbr, str(unit.symbol), number) if abbr else f"Số: {number_symbol}",
        "date": when,
        "draft": number is None,
        "summary": summary,
        "year": data.campaign.year,
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _directive_citation(data: Dataset) -> str:
    d = data.campaign.directive
    issuer = data.units[d.issuer]
    head = (issuer.head_title or "").capitalize()
    by = f"{head} {issuer.short_name}" if head else issuer.short_name
    return f"{d.type} số {d.number} ngày {vn.short_date(d.date)} của {by} về việc {_lower_first(d.summary)}"


def _punctuate(lines: list[str], *, prefix: str = "", last: str = ".") -> list[str]:
    """Each line ends with ``;`` and the last with ``last`` (Decree 30 lists: ``.``)."""
    clean = [line.rstrip(" ;.") for line in lines]
    return [f"{prefix}{line}{last if i == len(clean) - 1 else ';'}" for i, line in enumerate(clean)]


def _legal_lines(data: Dataset, unit: Unit, kind: str, day: date, *, last: str = ".") -> list[str]:
    """The «Căn cứ …» lines; ``last``: how the last ends (``;`` when a «Theo đề nghị …» line follows)."""
    texts = [
        basis.text
        for basis in data.legal.legal_bases
        if kind in basis.kinds and basis.valid_on(day) and (not basis.unit_kinds or unit.kind in basis.unit_kinds)
    ]
    if kinds.KINDS[kind].cites_directive:
        texts.append(_directive_citation(data))
    return _punctuate(texts, prefix="Căn cứ ", last=last)


def signer_lines(unit: Unit, ref: DocRef, day: date) -> tuple[list[str], str, bool]:
    signer, on_behalf = signer_for(unit, ref.kind, ref.period, day)
    lines = [on_behalf] if on_behalf else []
    if signer.deputy_of:
        lines.append(f"KT. {signer.deputy_of}")
    lines.append(signer.title)
    return lines, signer.name, signer.sample


def _signer_view(unit: Unit, ref: DocRef, day: date) -> dict[str, Any]:
    try:
        lines, name, sample = signer_lines(unit, ref, day)
    except LookupError as exc:
        raise RenderError(f"{unit.id}: {exc} (data/units.yaml, signers/signing)") from None
    return {"lines": lines, "name": name, "sample": sample}


def _recipient_lines(data: Dataset, unit: Unit, kind: str) -> list[str]:
    items = unit.recipients.get(kind, unit.recipients.get("default", []))
    lines: list[str] = []
    # "Như trên" stands for the body under "Kính gửi": a unit's default list that names it
    # again (Sở Nội vụ on a report to Sở Nội vụ) would send it the same document twice.
    spec = kinds.KINDS[kind]
    addressee = getattr(unit, spec.addressee) if spec.addressee else None
    if spec.first_recipient:
        lines.append(spec.first_recipient)
    for item in items:
        if item.unit is not None and item.unit == addressee:
            continue
        line = data.units[item.unit].short_name if item.unit else str(item.text)
        if line not in lines:
            lines.append(line)
    lines.append(f"Lưu: VT, {_required(unit.drafting_unit, unit, 'drafting_unit')}")
    return _punctuate(lines, prefix="- ")


def _addressee(data: Dataset, unit: Unit, target: str | None, field: str) -> str:
    return data.units[_required(target, unit, field)].name


def _proposee(data: Dataset, unit: Unit) -> str:
    target = data.units[_required(unit.proposes_to, unit, "proposes_to")]
    head = (target.head_title or "").capitalize()
    return f"{head} {target.name}".strip()


def _deadlines(data: Dataset) -> dict[str, date]:
    year = str(data.campaign.year)
    found: dict[str, date] = {}
    for period in data.campaign.periods:
        key = "report_year" if period.id == year else "report_h1" if period.id.endswith("-h1") else None
        if key:
            found[key] = _period_deadline(period)
    for key in ("report_h1", "report_year"):
        if key not in found:
            raise RenderError(f"thiếu kỳ báo cáo cho {key} trong data/campaign.yaml (periods)")
    return found


def _period_deadline(period: Period) -> date:
    if period.deadline is not None:
        return period.deadline
    when = period.report_date
    return date(when.year, when.month, 1) if isinstance(when, vn.MonthDate) else when


# --- movements and tasks --------------------------------------------------------------------


def _concerns(unit: Unit, item: Movement | Task) -> bool:
    if unit.id in item.units:
        return True
    if unit.kind == "commune" and item.commune_types:
        # A ward does not build a new countryside, a village does not build an urban district.
        return commune_type(unit) in item.commune_types
    return unit.kind in item.unit_kinds or bool(set(unit.domains) & set(item.domains))


def movements_of(data: Dataset, unit: Unit) -> list[Movement]:
    return [m for m in data.movements.values() if _concerns(unit, m)]


def tasks_of(data: Dataset, unit: Unit) -> list[Task]:
    return [t for t in data.tasks if _concerns(unit, t)]


def _deadline_text(deadline: date | vn.MonthDate | None) -> str:
    if deadline is None:
        return "Thường xuyên"
    if isinstance(deadline, vn.MonthDate):
        return f"tháng {deadline.month}/{deadline.year}"
    return f"trước ngày {vn.short_date(deadline)}"


def _task_view(data: Dataset, unit: Unit, task: Task) -> dict[str, Any]:
    # In a unit's own plan the unit leads its tasks: a district, school or company cannot
    # assign work to a provincial department. The department that leads the task for the
    # province is who the unit works with ("phối hợp").
    partner = data.units[task.lead].short_name if task.lead and task.lead != unit.id else ""
    return {
        "text": task.text,
        "deadline": task.deadline,
        "deadline_text": _deadline_text(task.deadline),
        "lead": unit.short_name,
        "partner": partner,
        "id": task.id,
    }


# A unit's movements and tasks are the same in each of its documents: worked out once per
# dataset and unit (a province's 909 documents ask 252 times, not 909). Read-only for callers:
# templates cannot change them (the sandbox is immutable) and workers get their own copies.
_MOVEMENT_VIEWS: dict[int, tuple[weakref.ref[Dataset], dict[str, tuple[Unit, dict[str, Any]]]]] = {}


def _movement_views(data: Dataset, unit: Unit) -> dict[str, Any]:
    known = _MOVEMENT_VIEWS.get(id(data))
    if known is None or known[0]() is not data:
        for key in [k for k, (ref, _) in _MOVEMENT_VIEWS.items() if ref() is None]:
            del _MOVEMENT_VIEWS[key]
        known = _MOVEMENT_VIEWS[id(data)] = (weakref.ref(data), {})
    cached = known[1].get(unit.id)
    if cached is None or cached[0] is not unit:
        cached = known[1][unit.id] = (unit, _unit_movement_views(data, unit))
    return dict(cached[1])


def _unit_movement_views(data: Dataset, unit: Unit) -> dict[str, Any]:
    movements = movements_of(data, unit)
    carried = {m.id for m in movements}
    tasks = tasks_of(data, unit)
    specific = [t for t in tasks if unit.id in t.units]
    by_movement: dict[str, list[Task]] = {}
    others: list[Task] = []
    for task in tasks:
        if unit.id in task.units:
            continue
        if task.movement in carried:
            by_movement.setdefault(str(task.movement), []).append(task)
        else:
            others.append(task)
    return {
        "movements": [
            {
                "id": m.id,
                "name": m.name,
                "description": m.description or "",
                "tasks": [_task_view(data, unit, t) for t in by_movement.get(m.id, [])],
            }
            for m in movements
        ],
        "unit_tasks": [_task_view(data, unit, t) for t in specific],
        "other_tasks": [_task_view(data, unit, t) for t in others],
    }


# --- reports -----------------------------------------------------------------------------------


_INDEX: dict[int, tuple[Dataset, dict[tuple[str, str], list[Report]]]] = {}


def _reports_index(data: Dataset) -> dict[tuple[str, str], list[Report]]:
    # Reports by (unit, period), built once per dataset: a build looks up hundreds of them.
    cached = _INDEX.get(id(data))
    if cached is None or cached[0] is not data:
        index: dict[tuple[str, str], list[Report]] = {}
        for report in data.reports:
            index.setdefault((report.unit, report.period), []).append(report)
        _INDEX.clear()
        cached = _INDEX[id(data)] = (data, index)
    return cached[1]


def _ratio(result: Decimal, target: Decimal) -> Decimal | None:
    """Result as a percentage of target; ``None`` (printed "—") when there is no target."""
    return (result / target * 100) if target else None


def _decimals(*values: Decimal) -> int:
    """Decimal places a row of figures is printed with: as many as the data gives (3,25 and
    3,24 stay 3,25 and 3,24; never rounded to 3,3 and 3,2), the same for the whole row."""
    return max(0, *(-int(v.normalize().as_tuple().exponent) for v in values))


def _report_views(data: Dataset, unit: Unit, period: Period) -> dict[str, Any]:
    found = _reports_index(data).get((unit.id, period.id), [])
    if not found:
        raise RenderError(f"{unit.id}: thiếu số liệu báo cáo kỳ {period.id} trong data/reports.yaml")
    report = found[0]
    return {
        "period": period_view(period),
        "report": {
            "overview": report.overview,
            "results": [{"movement": data.movements[k].name, "text": v} for k, v in report.results.items()],
            "indicators": [
                {
                    "stt": i,
                    "id": row.indicator,
                    "name": data.indicators[row.indicator].name,
                    "measure": data.indicators[row.indicator].measure or "",
                    "target": row.target,
                    "result": row.result,
                    "ratio": _ratio(row.result, row.target),
                    "decimals": _decimals(row.target, row.result),
                }
                for i, row in enumerate(report.indicators, start=1)
            ],
            "difficulties": list(report.difficulties),
            "next_tasks": list(report.next_tasks),
            "proposals": list(report.proposals),
            "sample": data.report_is_sample(report),
        },
    }


# --- commendations -----------------------------------------------------------------------------


def base_salary(data: Dataset, day: date) -> int:
    for entry in data.awards.base_salary:
        if entry.valid_on(day):
            return entry.amount
    raise RenderError(f"không có mức lương cơ sở áp dụng ngày {vn.short_date(day)} trong data/awards.yaml")


def award_amount(data: Dataset, award_id: str, who: str, granted_by_kind: str, day: date) -> int:
    """Coefficient × base salary on the decision day, rounded as the data says."""
    award = next(a for a in data.awards.awards if a.id == award_id)
    fitting = [
        c
        for c in award.coefficients
        if c.valid_on(day) and (not c.granted_by_kinds or granted_by_kind in c.granted_by_kinds)
    ]
    # A coefficient reserved for some granting bodies beats the general one.
    fitting.sort(key=lambda c: not c.granted_by_kinds)
    coefficient = getattr(fitting[0], who) if fitting else None
    if coefficient is None:
        raise RenderError(
            f"thiếu hệ số tiền thưởng của {award.name} ({who}) ngày {vn.short_date(day)} trong data/awards.yaml"
        )
    step = Decimal(data.awards.rounding.step)
    raw = coefficient * base_salary(data, day) / step
    rounding = ROUND_CEILING if data.awards.rounding.mode == "up" else ROUND_HALF_UP
    return int(raw.quantize(Decimal(1), rounding=rounding) * step)


def _display_name(candidate: Candidate) -> str:
    if candidate.type == "collective":
        return candidate.name
    return f"{'Bà' if candidate.gender == 'nữ' else 'Ông'} {candidate.name}"


def _proposal_view(data: Dataset, unit: Unit, day: date) -> dict[str, Any]:
    candidates = candidates_of(data, unit.id)
    if not candidates:
        raise RenderError(
            f"{unit.id}: không có tập thể, cá nhân nào được đề nghị khen thưởng (data/candidates.yaml)",
            hint="đơn vị không có đề nghị thì không lập tờ trình",
        )
    granting = data.units[_required(unit.proposes_to, unit, "proposes_to")].kind
    groups: list[dict[str, Any]] = []
    total = 0
    for who in ("collective", "individual"):
        for award in data.awards.awards:
            members = [c for c in candidates if c.type == who and c.award == award.id]
            if not members:
                continue
            entries = []
            for stt, cand in enumerate(members, start=1):
                amount = award_amount(data, award.id, who, granting, day)
                total += amount
                entries.append(
                    {
                        "stt": stt,
                        "display_name": _display_name(cand),
                        "workplace": cand.workplace,
                        "position_unit": f"{cand.position}, {cand.workplace}" if cand.position else cand.workplace,
                        "summary": cand.summary,
                        "award": award.name,
                        "amount": amount,
                    }
                )
            who_text = "tập thể" if who == "collective" else "cá nhân"
            groups.append(
                {
                    "award": award.name,
                    # "(tập thể)" only where the award goes to both: not "Tập thể lao động xuất sắc (tập thể)"
                    "title": f"{award.name} ({who_text})" if len(award.recipients) > 1 else award.name,
                    "roman": vn.roman(len(groups) + 1),
                    "who": who_text,
                    "entries": entries,
                    "count": len(entries),
                }
            )
    lines = [f"{g['count']:02d} {g['who']} đề nghị tặng {g['award']}" for g in groups]
    return {
        "groups": groups,
        "collectives": sum(1 for c in candidates if c.type == "collective"),
        "individuals": sum(1 for c in candidates if c.type == "individual"),
        "total": total,
        "base_salary": base_salary(data, day),
        "summary_lines": _punctuate(lines),
    }


def _achievement_views(data: Dataset, unit: Unit, cand: Candidate, day: date) -> dict[str, Any]:
    award = next(a for a in data.awards.awards if a.id == cand.award)
    # The head signs (see ``reporter``); ``sample`` is the issuing guard's, not the text's.
    # What the eligibility review reads (ratings, members, discipline, bloc) is not report text.
    view = cand.model_dump(exclude={"head", "sample", "ratings", "pending_discipline", "members", "bloc", "bloc_rank"})
    view.update(
        {
            "display_name": _display_name(cand),
            "award": award.name,
            "results": [
                {**r.model_dump(), "ratio": _ratio(r.result, r.target), "decimals": _decimals(r.target, r.result)}
                for r in cand.results
            ],
        }
    )
    for key, value in view.items():
        if value is None:
            view[key] = ""
    if cand.type == "individual":
        reporter = {"title": "NGƯỜI BÁO CÁO", "name": cand.name}
    else:
        head = cand.head
        assert head is not None  # the model requires it for collectives
        reporter = {"title": vn.upper(head.title), "name": head.name}
    lines, name, _ = signer_lines(unit, DocRef(unit.id, "bao-cao-thanh-tich"), day)
    return {
        "candidate": view,
        "reporter": reporter,
        # Two lines: "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" is wider than half the page at 14 pt.
        "confirmer": {"lines": ["XÁC NHẬN CỦA", "THỦ TRƯỞNG ĐƠN VỊ", *lines], "name": name},
    }


def _decision_views(data: Dataset, unit: Unit, ref: DocRef, day: date) -> dict[str, Any]:
    award = _award(data, ref)
    # Eligible candidates only: the review against the criteria in force on the decision's date.
    chosen = decisions.decision_candidates(data, award.id, eligibility.eligible_ids(data, day))
    if not chosen:
        raise RenderError(
            f"{ref.id}: không có tập thể, cá nhân nào đề nghị «{award.name}» đạt tiêu chuẩn ngày "
            f"{vn.short_date(day)}: chưa lập được quyết định",
            hint="xem lý do từng đề nghị bằng `docgen review`",
        )
    amount: dict[str, int] = {who: award_amount(data, award.id, who, unit.kind, day) for who in award.recipients}
    return {
        "decision": decisions.decision_view(data, award, chosen, amount),
        # The Tờ trình cited after the bases («Theo đề nghị …».) closes their list.
        "legal_bases": _legal_lines(data, unit, ref.kind, day, last=";"),
    }


# What a kind's template sees beyond the common context. A kind absent here (a new kind whose
# template needs only the common context) is added with kinds.py, a template and campaign.yaml.
_KIND_VIEWS: dict[str, Callable[[Dataset, Unit, DocRef, date], dict[str, Any]]] = {
    "bao-cao": lambda data, unit, ref, day: _report_views(data, unit, _period(data, ref)),
    "to-trinh": lambda data, unit, ref, day: {"proposal": _proposal_view(data, unit, day)},
    "bao-cao-thanh-tich": lambda data, unit, ref, day: _achievement_views(data, unit, _candidate(data, ref), day),
    decisions.KIND: _decision_views,
}
