"""Domain rules shared by validation and context building: who signs, which date counts.

Kept apart from ``load`` and ``context`` so both apply exactly the same rule: validation
proves that every document a unit produces will find its signer, and the context builder
then picks that same signer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from docgen import kinds, vn
from docgen.data.model import Award, AwardLevel, AwardsFile, CampaignFile, IssueWindow, Signer, Unit

EPOCH = date(1, 1, 1)
_UBND = re.compile(r"^\s*(ủy|uỷ) ban nhân dân\s+", re.IGNORECASE)


def unit_slug(unit: Unit) -> str:
    """File-name slug of a unit: its full name without "Ủy ban nhân dân" (``huyen-huong-khe``)."""
    return vn.slug(_UBND.sub("", unit.name))


# A document's file name (without ".docx") is at most this long: with a unit id of at most
# 80 characters, out/<unit id>/<name>.docx stays well inside Windows' 260-character paths.
# 100, not 80: the longest name of the bundled data is exactly 100 and must not change.
MAX_STEM: Final = 100
_HASH: Final = 6


def bounded_stem(stem: str) -> str:
    """``stem`` itself when at most ``MAX_STEM`` characters; else cut at a word (``-``) to
    leave room for ``-`` and 6 hex digits of the SHA-256 of the whole stem, so two long names
    that share their beginning still get two files, the same ones every run."""
    if len(stem) <= MAX_STEM:
        return stem
    room = MAX_STEM - _HASH - 1
    cut = stem[:room]
    if stem[room] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return f"{cut.rstrip('-')}-{hashlib.sha256(stem.encode()).hexdigest()[:_HASH]}"


def axis_stems(kind: str, year: int, items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """File-name stems of a kind's documents, one per axis item ``(id, name)`` in data order
    (the periods of the campaign, the candidates of one unit): ``bao-cao-thanh-tich-le-thi-hoa``.

    Namesakes (names that make the same slug: "Lê Thị Hoà", "Lê Thị Hòa") must not share a
    file: the first keeps the plain name, the later ones get their id (``…-le-thi-hoa-huong-khe-4``).
    Ids are unique, so the stems of one axis are unique unless a name spells another item's
    stem with its id; validation refuses that (``references``)."""
    spec = kinds.get(kind)
    stems: dict[str, str] = {}
    seen: set[str] = set()
    for item_id, name in items:
        stem = vn.slug(spec.file_stem_words(name, year))
        stems[item_id] = bounded_stem(stem if stem not in seen else f"{stem}-{vn.slug(item_id)}")
        seen.add(stem)
    return stems


def commune_type(unit: Unit) -> str:
    """``xa``, ``phuong`` or ``thi-tran``, read from the last header line of a commune-level
    unit (``PHƯỜNG TRẦN PHÚ``); ``xa`` when it says neither."""
    last = vn.upper(unit.header.issuer[-1]) if unit.header.issuer else ""
    if last.startswith("PHƯỜNG"):
        return "phuong"
    if last.startswith("THỊ TRẤN"):
        return "thi-tran"
    return "xa"


def reference_day(campaign: CampaignFile, kind: str, period: str | None = None) -> date | None:
    """The day a document is dated for choosing its signer, legal bases and base salary.

    A date known only to the month counts as the first day of that month: the draft is
    prepared then, and a leader who changes mid-month is handled by an explicit override.
    """
    when = planned_date(campaign, kind, period)
    if when is None:
        return None
    if isinstance(when, vn.MonthDate):
        return date(when.year, when.month, 1)
    return when


@dataclass(frozen=True)
class Window:
    """The days on which a document may be numbered, and where the data gives them."""

    start: date
    end: date
    where: str
    """The place in data/campaign.yaml: ``documents.ke-hoach`` or ``periods (id: 2023-h1)``."""
    period: str | None = None
    """The name of the report period whose window it is (``6 tháng đầu năm 2023``)."""

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def text(self) -> str:
        """``từ ngày 10/7/2023 đến ngày 31/12/2023``."""
        return f"từ ngày {vn.short_date(self.start)} đến ngày {vn.short_date(self.end)}"


def _window(spec: IssueWindow | None, where: str, period: str | None = None) -> Window | None:
    if spec is None or spec.issue_from is None or spec.issue_to is None:
        return None
    return Window(spec.issue_from, spec.issue_to, where, period)


def issue_window(campaign: CampaignFile, kind: str, period: str | None = None) -> Window | None:
    """The days on which ``kind`` (for ``period``) may be numbered: the period's window for a
    kind written per period, else the kind's (``issue_from``/``issue_to`` in campaign.yaml)."""
    if period is not None and kind in kinds.KINDS and kinds.KINDS[kind].axis == "period":
        found = [p for p in campaign.periods if p.id == period]
        window = _window(found[0], f"periods (id: {period})", found[0].name) if found else None
        if window is not None:
            return window
    return _window(campaign.documents.get(kind), f"documents.{kind}")


def issue_windows(campaign: CampaignFile, kind: str) -> list[Window]:
    """Every window of ``kind``: one per period for a kind written per period."""
    if kind in kinds.KINDS and kinds.KINDS[kind].axis == "period":
        found = [issue_window(campaign, kind, p.id) for p in campaign.periods]
    else:
        found = [issue_window(campaign, kind)]
    return [w for w in found if w is not None]


def planned_date(campaign: CampaignFile, kind: str, period: str | None = None) -> date | vn.MonthDate | None:
    """The date the data plans for a document: a day, a month (``2023-07``) or nothing."""
    spec = campaign.documents.get(kind)
    when: date | vn.MonthDate | None = spec.date if spec is not None else None
    if period is not None and kind in kinds.KINDS and kinds.KINDS[kind].axis == "period":
        found = [p for p in campaign.periods if p.id == period]
        when = found[0].report_date if found else when
    return when


def campaign_years(campaign: CampaignFile) -> list[int]:
    """Every year the campaign's documents are dated in: their planned dates and every year
    their issue windows reach (a 2023 campaign's proposals are numbered in 2024)."""
    years = {campaign.year}
    dated: list[IssueWindow] = [*campaign.documents.values(), *campaign.periods]
    for item in dated:
        if item.issue_from is not None and item.issue_to is not None:
            years.update(range(item.issue_from.year, item.issue_to.year + 1))
    years.update(spec.date.year for spec in campaign.documents.values() if spec.date is not None)
    years.update(p.report_date.year for p in campaign.periods)
    return sorted(years)


def signer_for(unit: Unit, kind: str, period: str | None, day: date) -> tuple[Signer, str | None]:
    """The person who signs ``kind`` (for ``period``) of ``unit`` on ``day``, and the
    collective body they sign on behalf of (``TM. ỦY BAN NHÂN DÂN``), if any.

    The most specific signing rule wins: ``bao-cao/2023-h1``, then ``bao-cao``, then
    ``default``. Raises ``LookupError`` (message in Vietnamese) when nobody fits.
    """
    keys = ([f"{kind}/{period}"] if period else []) + [kind, "default"]
    rule = next((unit.signing[k] for k in keys if k in unit.signing), None)
    if rule is None:
        raise LookupError(f"không có quy định người ký (signing) cho loại văn bản {kind}")
    people = [s for s in unit.signers if s.role == rule.role and s.valid_on(day)]
    if not people:
        raise LookupError(
            f'không có người giữ chức danh "{rule.role}" vào ngày {vn.short_date(day)} để ký {kind}'
            + (f" kỳ {period}" if period else "")
        )
    return people[0], rule.on_behalf


def proposal_level(unit: Unit, units: Mapping[str, Unit]) -> AwardLevel | None:
    """The level of the awards ``unit`` may propose: ``province`` when it proposes to the
    province (the Chairman of the provincial People's Committee decides), ``unit`` when it
    proposes to a district or a department (whose head decides); ``None``: it proposes nowhere."""
    target = units.get(unit.proposes_to) if unit.proposes_to is not None else None
    if target is None:
        return None
    return "province" if target.kind == "province" else "unit"


def proposable_awards(awards: AwardsFile, unit: Unit, units: Mapping[str, Unit]) -> list[Award]:
    """The awards ``unit`` may propose, in data order: those decided at the level it proposes to."""
    level = proposal_level(unit, units)
    return [a for a in awards.awards if a.level == level]
