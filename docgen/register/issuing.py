"""Giving documents their official number from the register (the stage between rendering and
writing): which documents are numbered, the refusals before a number is given (sample data,
an issue date outside the document's window, content changed since issue), and the one place
where a number and its document are produced together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docgen import kinds, vn
from docgen.data.model import Dataset
from docgen.data.rules import issue_window, issue_windows, planned_date
from docgen.documents import consolidated, decisions
from docgen.documents.context import build_context
from docgen.documents.plan import DocRef, candidates_of
from docgen.docx.text import document_text
from docgen.errors import ContentChanged, RegisterError
from docgen.register.records import (
    DEFAULT_SERIES,
    IssueRequest,
    Produced,
    Record,
    Register,
    content_diff,
    sha256_hex,
    staged_file,
)
from docgen.register.sqlite import open_register, register_path

MAX_DIFF_LINES = 40
# The placeholder conventions of the sample data: «Nguyễn Văn A» (a one-letter given name) and
# document number 0000.
_PLACEHOLDER_NAME = re.compile(r"^\w+( \w+)* [A-ZĐ]$")
_PLACEHOLDER_NUMBER = re.compile(r"^0+\b")


@dataclass(frozen=True)
class IssueOptions:
    """What the clerk asked for: ``--issue``, ``--date``, ``--reissue``, ``--allow-sample``."""

    issue: bool = False
    date: date | None = None
    reissue: bool = False
    allow_sample: bool = False
    reason: str = "Nội dung văn bản thay đổi sau khi cấp số; cấp số mới"


@dataclass
class Issued:
    """A document that now carries its number: what was written and from what."""

    record: Record
    context: dict[str, Any]
    sha256: str
    size: int
    new: bool
    voided: Record | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@contextmanager
def opened_register(root: Path, options: IssueOptions) -> Iterator[Register | None]:
    """The workspace's register if this run needs it: created when numbers are to be given,
    otherwise opened only if it exists, so that issued documents keep their numbers in every
    later build and a plain draft build never creates one."""
    if not (options.issue or options.reissue or register_path(root).exists()):
        yield None
        return
    with open_register(root) as register:
        yield register


def is_numbered(data: Dataset, kind: str) -> bool:
    """Attachments (achievement reports) carry no number; every named document does."""
    spec = data.campaign.documents.get(kind)
    known = kinds.KINDS.get(kind)
    return bool(spec and spec.type_abbr) and known is not None and known.numbered


def sample_reasons(data: Dataset, ref: DocRef, context: dict[str, Any]) -> list[str]:
    """Why this document would carry sample data: an official number never goes on it."""
    reasons = []
    unit = data.units[ref.unit]
    signer = str(context["signer"]["name"])
    if context["signer"].get("sample") or _PLACEHOLDER_NAME.match(signer):
        # A flag can be removed by mistake; «Nguyễn Văn A» is a placeholder by its form.
        reasons.append(f"người ký «{signer}» là tên mẫu (data/units.yaml, signers)")
    directive = data.campaign.directive
    if directive.sample or _PLACEHOLDER_NUMBER.match(directive.number):
        reasons.append("số, ngày văn bản chỉ đạo là giá trị mẫu (data/campaign.yaml, directive)")
    kind = kinds.get(ref.kind)
    if ref.kind == consolidated.KIND:
        reasons += consolidated.sample_reasons(data, str(ref.period))
    elif kind.axis == "period":
        reasons += _sample_report(data, ref)
    elif kind.axis == "award":
        reasons += decisions.sample_reasons(data, str(ref.award))
    if kind.needs_candidates:
        reasons += _sample_candidates(data, ref)
    if unit.sample:
        reasons.append(f"thông tin đơn vị {unit.id} là dữ liệu mẫu (data/units.yaml, sample: true)")
    return reasons


def _sample_report(data: Dataset, ref: DocRef) -> list[str]:
    """The report entry a period document uses, if it holds sample figures (its own ``sample``
    flag, else the file's)."""
    entry = f'unit: {ref.unit}, period: "{ref.period}"'
    for report in data.reports:
        if report.unit != ref.unit or report.period != ref.period or not data.report_is_sample(report):
            continue
        where = (
            f"mục {entry}: sample: true" if report.sample else f"sample: true của cả tệp, mục {entry} không ghi sample"
        )
        return [f"số liệu báo cáo của {ref.unit} kỳ {ref.period} là dữ liệu mẫu (data/reports.yaml, {where})"]
    return []


def _sample_candidates(data: Dataset, ref: DocRef) -> list[str]:
    """The candidates a document uses (its own for an achievement report, the unit's for a
    proposal) that are sample entries, named."""
    used = [c for c in candidates_of(data, ref.unit) if ref.candidate in (None, c.id)]
    reasons = []
    for own, where in ((True, "sample: true ở mục"), (False, "sample: true của cả tệp, mục không ghi sample")):
        names = [f"{c.name} ({c.id})" for c in used if data.candidate_is_sample(c) and (c.sample is not None) == own]
        if names:
            reasons.append(
                f"hồ sơ đề nghị khen thưởng là dữ liệu mẫu: {', '.join(names)} (data/candidates.yaml, {where})"
            )
    return reasons


def issue_day(
    data: Dataset, kind: str, period: str | None, day: date | None, *, what: str, action: str = "cấp số"
) -> date:
    """The day a document of ``kind`` (for ``period``) is numbered on, or a ``RegisterError``
    naming ``what`` (the document) and ``action`` (``cấp số``, ``vào sổ``) with the days allowed.
    The one check of every path that gives or records a number (``build``/``render --issue``,
    ``--reissue``, ``register record``).

    ``day`` is the clerk's ``--date``; without it, the date the data plans for the document if
    it is a full day. The day must lie in the kind's window (``issue_from``/``issue_to`` in
    data/campaign.yaml; with ``period`` None for a kind written per period, in one of its
    periods' windows) and not before the directive the document cites.
    """
    label = kinds.get(kind).label
    windows = [issue_window(data.campaign, kind, period)] if period is not None else issue_windows(data.campaign, kind)
    found = [w for w in windows if w is not None]
    if not found:
        raise RegisterError(
            f"{what}: chưa có khoảng ngày được cấp số cho {label} (data/campaign.yaml, documents.{kind})",
            hint="thêm issue_from và issue_to (ngày đầu, ngày cuối được cấp số) vào loại văn bản hoặc kỳ báo cáo",
        )
    if len(found) == 1:
        only = found[0]
        rule = f"{label}{f' {only.period}' if only.period else ''} chỉ được cấp số {only.text()}"
        rule += f" (data/campaign.yaml, {only.where}: issue_from, issue_to)"
    else:
        each = "; ".join(f"kỳ {w.period} {w.text()}" if w.period else w.text() for w in found)
        rule = f"{label} chỉ được cấp số: {each} (data/campaign.yaml: issue_from, issue_to)"
    if day is None:
        planned = planned_date(data.campaign, kind, period)
        if not isinstance(planned, date):
            # «tháng 7/2023», «tháng 01/2024»: the month as a short date writes it (Decree 30)
            month = (
                f"chỉ ghi tháng {vn.short_date(date(planned.year, planned.month, 1)).split('/', 1)[1]}"
                if planned is not None
                else "không ghi ngày"
            )
            example = found[0].start
            if isinstance(planned, vn.MonthDate):
                example = max(example, date(planned.year, planned.month, 1))
            raise RegisterError(
                f"{what}: chưa có ngày ban hành: dữ liệu {month}; {rule}",
                hint=f"ghi ngày ban hành bằng --date, ví dụ --date {example.isoformat()}",
            )
        day = planned
    cited = data.campaign.directive.date
    if kinds.get(kind).cites_directive and day < cited:
        raise RegisterError(
            f"{what}: không {action} ngày {vn.short_date(day)}: trước ngày {vn.short_date(cited)} của văn bản chỉ đạo "
            f"mà {label} căn cứ; {rule}",
            hint="chọn ngày trong khoảng đó bằng --date",
        )
    if not any(day in w for w in found):
        raise RegisterError(
            f"{what}: không {action} ngày {vn.short_date(day)}: {rule}",
            hint="chọn ngày trong khoảng đó bằng --date, hoặc sửa issue_from, issue_to trong data/campaign.yaml",
        )
    return day


def series_for_symbol(data: Dataset, unit_id: str, symbol: str) -> str:
    """The series a number with ``symbol`` (``QĐ-SNV``) belongs to in ``unit_id``'s register:
    the series the data gives that kind of document, else the general one."""
    abbr = symbol.split("-", 1)[0]
    unit = data.units.get(unit_id)
    for kind, spec in data.campaign.documents.items():
        if spec.type_abbr == abbr:
            return (unit.series.get(kind) if unit else None) or spec.series or DEFAULT_SERIES
    return DEFAULT_SERIES


def document_symbol(data: Dataset, ref: DocRef) -> str:
    """The symbol after the number: ``KH-UBND`` (the kind's abbreviation, then the unit's)."""
    return f"{data.campaign.documents[ref.kind].type_abbr}-{data.units[ref.unit].symbol}"


def request_for(data: Dataset, ref: DocRef, context: dict[str, Any], day: date) -> IssueRequest:
    spec = data.campaign.documents[ref.kind]
    unit = data.units[ref.unit]
    return IssueRequest(
        doc_id=ref.id,
        unit_id=unit.id,
        year=day.year,
        series=unit.series.get(ref.kind) or spec.series or DEFAULT_SERIES,
        symbol=document_symbol(data, ref),
        kind=ref.kind,
        summary=context["doc"]["summary"],
        signer=context["signer"]["name"],
        recipients="\n".join(context["recipients"]),
        date=day,
    )


def changed_message(record: Record, new_text: str) -> str:
    diff = content_diff(record.text or "", new_text).splitlines()
    shown = "\n".join(diff[:MAX_DIFF_LINES]) + ("\n…" if len(diff) > MAX_DIFF_LINES else "")
    return (
        f"văn bản đã được cấp số {record.number_symbol} ngày {vn.short_date(record.date)} nhưng nội dung nay đã khác "
        f"bản đã cấp; giữ nguyên bản đã cấp, hoặc hủy số và cấp số mới bằng --reissue. Thay đổi:\n{shown}"
    )


def check_unchanged(record: Record, content: bytes) -> None:
    """Refuse to write an issued document whose content is no longer what was issued.

    The content is its text: a new template layout or a docgen upgrade that changes only
    formatting keeps the number (the words the number was given to are the same)."""
    if record.sha256 and sha256_hex(content) != record.sha256:
        text = document_text(content)
        if record.text is None or text != record.text:
            raise ContentChanged(changed_message(record, text))


def _launch_kind(record: Record, wanted: dict[str, str]) -> str | None:
    """The launch kind a register entry is (by its document id, else by the kind it names:
    an entry written by hand or imported from an old register has no document id)."""
    if record.doc_id is not None:
        parts = record.doc_id.split("/")
        return parts[1] if len(parts) == 2 and parts[1] in wanted.values() else None
    return wanted.get(record.kind)


class Numbering:
    """Numbers for the documents of one run, from one register."""

    def __init__(self, data: Dataset, register: Register | None, options: IssueOptions) -> None:
        self.data = data
        self.register = register
        self.options = options
        self._launches: dict[tuple[str, str], date] | None = None

    def launches(self) -> dict[tuple[str, str], date]:
        """The launch decisions and plans the register shows issued: (unit, kind) → the day of
        the earliest live entry. Read once per run, for the consolidated reports."""
        if self._launches is None:
            self._launches = {}
            if self.register is not None:
                wanted = {kinds.KINDS[k].title: k for k in consolidated.LAUNCH_KINDS} | {
                    k: k for k in consolidated.LAUNCH_KINDS
                }
                for record in self.register.list():
                    kind = _launch_kind(record, wanted)
                    if kind is None or record.status != "issued":
                        continue
                    key = (record.unit_id, kind)
                    if key not in self._launches or record.date < self._launches[key]:
                        self._launches[key] = record.date
        return self._launches

    def _build(self, ref: DocRef, *, number: int | None = None, issue_date: date | None = None) -> dict[str, Any]:
        launches = self.launches() if ref.kind == consolidated.KIND else None
        return build_context(self.data, ref, number=number, issue_date=issue_date, launches=launches)

    def existing(self, ref: DocRef) -> Record | None:
        if self.register is None or not is_numbered(self.data, ref.kind):
            return None
        record = self.register.lookup(ref.id)
        year = self.data.campaign.year
        if record is not None and record.year < year:
            # Document ids carry no campaign year: a number from an earlier year belongs to
            # that year's campaign, and must not be voided or reused for this one.
            raise RegisterError(
                f"{ref.id}: sổ đã có số {record.number_symbol} ngày {vn.short_date(record.date)} cho văn bản này, "
                f"thuộc đợt thi đua trước năm {year}",
                hint="mỗi năm thi đua dùng một thư mục làm việc riêng (docgen init); để số tiếp tục theo sổ "
                "đang dùng, nhập vào đó các số đã cấp trong năm (`docgen register import`, bỏ cột «Mã văn bản»)",
            )
        return record

    def wants_new(self, ref: DocRef) -> bool:
        return self.options.issue and self.register is not None and is_numbered(self.data, ref.kind)

    def context(self, ref: DocRef, record: Record | None) -> dict[str, Any]:
        if record is None:
            return self._build(ref, issue_date=None if self.options.issue else self.options.date)
        return self._build(ref, number=record.number, issue_date=record.date)

    def issue(
        self,
        ref: DocRef,
        target: Path,
        render: Callable[[dict[str, Any]], bytes],
        *,
        before_place: Callable[[Issued], None] | None = None,
        replace: Record | None = None,
    ) -> Issued:
        """Give ``ref`` its number (a new one, or anew after voiding ``replace``): the document
        is rendered with the number inside the register's transaction, written beside
        ``target``, and moved into place only once the number is committed."""
        assert self.register is not None
        # A number given earlier in this run is a launch the consolidated report counts.
        self._launches = None
        draft = self._build(ref)
        if not self.options.allow_sample:
            reasons = sample_reasons(self.data, ref, draft)
            if reasons:
                raise RegisterError(
                    f"{ref.id}: không cấp số chính thức cho văn bản có dữ liệu mẫu: " + "; ".join(reasons),
                    hint="nhập dữ liệu thật; --allow-sample chỉ dùng để tập huấn, kiểm thử",
                )
        day = issue_day(self.data, ref.kind, ref.period, self.options.date, what=ref.id)
        made: dict[str, Issued] = {}

        def produce(number: int, when: date) -> Produced:
            context = self._build(ref, number=number, issue_date=when)
            content = render(context)
            text = document_text(content)
            placeholder = Record(
                doc_id=ref.id, unit_id=ref.unit, year=when.year, series=request.series, number=number,
                symbol=request.symbol, date=when, kind=ref.kind, summary=request.summary, signer=request.signer,
                recipients=request.recipients, status="issued", void_reason=None, source="docgen",
                sha256=sha256_hex(content), text=text,
            )  # fmt: skip
            made["doc"] = Issued(placeholder, context, sha256_hex(content), len(content), True)
            if before_place is not None:
                before_place(made["doc"])
            return staged_file(target, content, text)

        request = request_for(self.data, ref, draft, day)
        voided = None
        if replace is not None:
            voided, record = self.register.reissue(request, produce, self.options.reason, replaces=replace)
            new = voided is not None
        else:
            record, new = self.register.issue(request, produce)
        if not new:  # issued or reissued meanwhile by another process: use that number, never a second one
            context = self.context(ref, record)
            content = render(context)
            check_unchanged(record, content)
            staged_file(target, content, document_text(content)).finalize()
            return Issued(record, context, sha256_hex(content), len(content), False)
        issued = made["doc"]
        issued.record, issued.voided = record, voided
        return issued
