"""Domain rules shared by validation and context building: who signs, which date counts.

Kept apart from ``load`` and ``context`` so both apply exactly the same rule: validation
proves that every document a unit produces will find its signer, and the context builder
then picks that same signer.
"""

from __future__ import annotations

import re
from datetime import date

from docgen import kinds, vn
from docgen.data.model import CampaignFile, Signer, Unit

EPOCH = date(1, 1, 1)
_UBND = re.compile(r"^\s*(ủy|uỷ) ban nhân dân\s+", re.IGNORECASE)


def unit_slug(unit: Unit) -> str:
    """File-name slug of a unit: its full name without "Ủy ban nhân dân" (``huyen-huong-khe``)."""
    return vn.slug(_UBND.sub("", unit.name))


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
    spec = campaign.documents.get(kind)
    when: date | vn.MonthDate | None = spec.date if spec is not None else None
    if period is not None and kind in kinds.KINDS and kinds.KINDS[kind].axis == "period":
        found = [p for p in campaign.periods if p.id == period]
        when = found[0].report_date if found else when
    if when is None:
        return None
    if isinstance(when, vn.MonthDate):
        return date(when.year, when.month, 1)
    return when


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
