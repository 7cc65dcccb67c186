"""The registry of document kinds: the one place that knows them.

Every stage asks this module what a kind is instead of keeping its own table: the type name a
document prints ("KẾ HOẠCH"), its title in bookmarks and the register ("Kế hoạch"), the words a
message uses ("kế hoạch"), whether the register numbers it, who writes it (unit kinds, or one
unit), its axis (one document per report period, per commendation candidate, per award), its
template and the template's variants, its output format and the rule of its file name.

Adding a kind touches only this file, a template in ``templates/docx/`` and an entry under
``documents:`` in ``data/campaign.yaml`` (its summary and date). The order of ``KINDS`` is the
order in which a unit's documents are planned, packed and bookmarked.

Pure data, no I/O; imports nothing of docgen but ``errors``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

from docgen.errors import RenderError, did_you_mean

Axis = Literal["period", "candidate", "award"]
OutputFormat = Literal["docx", "xlsx"]

# The unit kinds of data/units.yaml that write the campaign's paperwork. UBND tỉnh issues the
# directive itself and the socio-political organisations follow their own formats
# (spec hatinh-2023.md, nd30-format.md); communes write only the kinds that name them.
ABOVE_COMMUNE: Final = frozenset({"department", "district", "town", "city", "enterprise", "school"})
WITH_COMMUNES: Final = ABOVE_COMMUNE | {"commune"}


@dataclass(frozen=True)
class Kind:
    """One kind of document and everything docgen needs to know about it."""

    id: str
    type_name: str
    """What the document prints as its type, under the header: ``KẾ HOẠCH``."""
    title: str
    """The kind in a bookmark, a listing or the register: ``Kế hoạch``."""
    label: str
    """The kind inside a sentence: ``không lập tờ trình đề nghị khen thưởng``."""
    producers: frozenset[str]
    """Unit kinds (``department``, ``commune``…) that write it; see also ``unit``."""
    numbered: bool = True
    """Given a number by the register (when campaign.yaml gives its type abbreviation)."""
    axis: Axis | None = None
    """One document per report period, per candidate or per award; ``None``: one per unit."""
    needs_candidates: bool = False
    """Written only by a unit that proposes someone for commendation."""
    unit: str | None = None
    """Written by this one unit only (e.g. Sở Nội vụ's consolidated report)."""
    variants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Template variants by the axis item's type: ``{"individual": "ca-nhan"}`` →
    ``<id>-ca-nhan.docx``; empty: the one template ``<id>.docx``."""
    output: OutputFormat = "docx"
    cites_directive: bool = False
    """Its «Căn cứ» lines end with the Chairman's directive (the documents that carry it out)."""
    addressee: Literal["reports_to", "proposes_to"] | None = None
    """Sent («Kính gửi») to the unit's ``reports_to`` or ``proposes_to`` (data/units.yaml)."""
    first_recipient: str | None = None
    """The first line under «Nơi nhận»: «Như trên» for a document with an addressee, «Như Điều 3»
    for a decision whose Article 3 names who carries it out (Decree 30, Appendix I)."""
    file_words: str | None = None
    """What its file name starts with, where the type name would name another kind's files too
    (``BÁO CÁO TỔNG HỢP`` → ``bao-cao-tong-hop-nam-2023.docx``)."""
    replaces: str | None = None
    """For its ``unit``, takes the place of this kind: Sở Nội vụ's consolidated report replaces
    its own periodic report (its figures become one row of the consolidation)."""

    def template(self, variant: str | None = None) -> str:
        """The template file (without folder) for one document of this kind."""
        if not self.variants:
            return f"{self.id}.{self.output}"
        if variant is None or variant not in self.variants:
            raise RenderError(
                f"loại văn bản {self.id!r} không có mẫu cho {variant!r}",
                hint="các mẫu: " + ", ".join(self.templates()),
            )
        return f"{self.id}-{self.variants[variant]}.{self.output}"

    def templates(self) -> list[str]:
        """Every template file this kind renders from."""
        if not self.variants:
            return [f"{self.id}.{self.output}"]
        return [f"{self.id}-{suffix}.{self.output}" for suffix in self.variants.values()]

    def produced_by(self, unit_id: str, unit_kind: str) -> bool:
        """Whether a unit of ``unit_kind`` with id ``unit_id`` writes this kind."""
        if self.unit is not None:
            return unit_id == self.unit
        if any(other.replaces == self.id and other.unit == unit_id for other in KINDS.values()):
            return False
        return unit_kind in self.producers

    def file_stem_words(self, axis_name: str | None, year: int) -> str:
        """The words a document's file name is made from (``docgen.vn.slug`` makes it ASCII):
        the type name and the axis item's name (period, candidate, award), else the year."""
        return f"{self.file_words or self.type_name} {axis_name if self.axis is not None else year}"


_TYPES: Final = MappingProxyType({"individual": "ca-nhan", "collective": "tap-the"})

KINDS: Final[Mapping[str, Kind]] = MappingProxyType(
    {
        kind.id: kind
        for kind in (
            Kind(
                "quyet-dinh",
                "QUYẾT ĐỊNH",
                "Quyết định",
                "quyết định phát động",
                producers=ABOVE_COMMUNE,
                cites_directive=True,
                first_recipient="Như Điều 3",
            ),
            Kind("ke-hoach", "KẾ HOẠCH", "Kế hoạch", "kế hoạch", producers=WITH_COMMUNES, cites_directive=True),
            Kind(
                "bao-cao",
                "BÁO CÁO",
                "Báo cáo",
                "báo cáo",
                producers=WITH_COMMUNES,
                axis="period",
                addressee="reports_to",
                first_recipient="Như trên",
            ),
            Kind(
                "to-trinh",
                "TỜ TRÌNH",
                "Tờ trình",
                "tờ trình đề nghị khen thưởng",
                producers=ABOVE_COMMUNE,
                needs_candidates=True,
                addressee="proposes_to",
                first_recipient="Như trên",
            ),
            Kind(
                "bao-cao-thanh-tich",
                "BÁO CÁO THÀNH TÍCH",
                "Báo cáo thành tích",
                "báo cáo thành tích",
                producers=ABOVE_COMMUNE,
                numbered=False,
                axis="candidate",
                needs_candidates=True,
                variants=_TYPES,
            ),
            Kind(
                "bao-cao-tong-hop",
                "BÁO CÁO",
                "Báo cáo tổng hợp",
                "báo cáo tổng hợp",
                producers=frozenset(),
                axis="period",
                unit="so-noi-vu",
                file_words="BÁO CÁO TỔNG HỢP",
                replaces="bao-cao",
            ),
            # The Chairman's award decisions: one per award proposed to the province (issue 19).
            Kind(
                "quyet-dinh-khen-thuong",
                "QUYẾT ĐỊNH",
                "Quyết định khen thưởng",
                "quyết định khen thưởng",
                producers=frozenset({"province"}),
                axis="award",
                unit="tinh-ha-tinh",
                first_recipient="Như Điều 3",
                file_words="QUYẾT ĐỊNH KHEN THƯỞNG",
            ),
        )
    }
)
"""Every kind, in the order a unit's documents are planned."""

KIND_IDS: Final[tuple[str, ...]] = tuple(KINDS)
PRODUCING_UNIT_KINDS: Final = frozenset(k for kind in KINDS.values() if kind.unit is None for k in kind.producers)
"""Unit kinds that write the campaign's paperwork (plans, reports, proposals: they get the Excel
forms and may propose candidates); a kind written by one unit only (the province's award
decisions) does not make its unit's kind one of them."""


def get(kind_id: str) -> Kind:
    """The kind ``kind_id``, or a Vietnamese error naming the closest one."""
    kind = KINDS.get(kind_id)
    if kind is None:
        raise RenderError(
            f"không có loại văn bản {kind_id!r}",
            hint=did_you_mean(kind_id, KINDS, otherwise="các loại: " + ", ".join(KINDS)),
        )
    return kind


def with_axis(axis: Axis) -> Iterator[Kind]:
    """The kinds written once per item of ``axis``."""
    return (kind for kind in KINDS.values() if kind.axis == axis)


def for_template(file_name: str) -> tuple[Kind, str | None] | None:
    """The kind (and its variant) rendered from the template ``file_name``, e.g.
    ``bao-cao-thanh-tich-ca-nhan.docx`` → (``bao-cao-thanh-tich``, ``individual``)."""
    for kind in KINDS.values():
        if not kind.variants and file_name == kind.template():
            return kind, None
        for variant in kind.variants:
            if file_name == kind.template(variant):
                return kind, variant
    return None


def all_templates() -> list[str]:
    """Every template file of every kind, in the order of ``KINDS``."""
    return [name for kind in KINDS.values() for name in kind.templates()]
