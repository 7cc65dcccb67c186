"""The criteria of an award, as awards.yaml writes them (``criteria:``), checked at load.

A small closed vocabulary of rules that ``docgen.documents.eligibility`` evaluates; each rule
item names exactly one of them, so a misspelt rule is a data error with its file and line,
never a rule silently skipped. A set of rules holds between two dates (``valid_from``,
``valid_to``): the law in force on the decision's date decides.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from docgen.data.basetypes import CandidateType, Id, InitiativeLevel, Line, Rating

MemberCount = Literal["lao_dong_tien_tien", "chien_si_thi_dua_co_so"]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Consecutive(_Rule):
    """``award`` received in ``times`` consecutive years, the last being the campaign's year."""

    award: Id
    times: Annotated[int, Field(ge=1, le=10)]


class Ratings(_Rule):
    """Rated ``rating`` or better in ``years`` consecutive years up to the campaign's year."""

    rating: Rating
    years: Annotated[int, Field(ge=1, le=10)] = 1


class Initiatives(_Rule):
    """At least ``at_least`` initiatives recognised at ``level`` (a provincial one counts as cơ sở too)."""

    level: InitiativeLevel
    at_least: Annotated[int, Field(ge=1, le=10)] = 1


class MembersShare(_Rule):
    """A collective's members of a title, as a share of all members (``more_than``: strictly)."""

    of: MemberCount
    at_least: Annotated[Decimal, Field(gt=0, le=1)]
    more_than: bool = False


class MembersCount(_Rule):
    of: MemberCount
    at_least: Annotated[int, Field(ge=1)]


class Rule(_Rule):
    """One rule: exactly one key set."""

    consecutive: Consecutive | None = None
    ratings: Ratings | None = None
    initiatives: Initiatives | None = None
    members_share: MembersShare | None = None
    members_count: MembersCount | None = None
    all_members_completed: Literal[True] | None = None
    """Every member of the collective completed the tasks assigned (``members.completed_tasks``)."""
    no_disciplined_members: Literal[True] | None = None
    bloc_rank: Annotated[int, Field(ge=1)] | None = None
    """The candidate's place in its bloc's ranking is at most this."""
    any_of: list[list[Rule]] | None = None
    """Alternatives: the candidate meets every rule of one of them."""

    @model_validator(mode="after")
    def _one(self) -> Rule:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            names = ", ".join(type(self).model_fields)
            raise ValueError(f"mỗi tiêu chuẩn ghi đúng một quy tắc ({names}); ở đây: {', '.join(given) or 'không có'}")
        return self

    @property
    def kind(self) -> str:
        return next(name for name in type(self).model_fields if getattr(self, name) is not None)


class Criteria(_Rule):
    """The rules of an award between two dates, and the texts they come from."""

    valid_from: date | None = None
    valid_to: date | None = None
    who: CandidateType | None = None
    """Only for individuals or only for collectives (an award given to both); ``None``: either."""
    basis: Line
    """The articles the rules encode (cited in every refusal)."""
    checked: bool = True
    """False: written from the spec, not yet checked against the legal texts themselves."""
    rules: list[Rule] = []

    @model_validator(mode="after")
    def _ordered(self) -> Criteria:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to phải sau valid_from")
        return self

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
