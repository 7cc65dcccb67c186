"""Checks across data files: ids used in one file exist in another, with 'did you mean' hints."""

from __future__ import annotations

import calendar
import dataclasses
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from docgen import vn
from docgen.data.model import (
    DISTRICT_LEVEL,
    DOC_KINDS,
    Award,
    AwardsFile,
    CampaignFile,
    Candidate,
    CandidatesFile,
    CommunesFile,
    IndicatorSpec,
    IssueWindow,
    MovementsFile,
    Report,
    ReportsFile,
    Unit,
    UnitFile,
    UnitsFile,
)
from docgen.data.rules import (
    EPOCH,
    axis_stems,
    bounded_stem,
    issue_window,
    proposable_awards,
    reference_day,
    signer_for,
    unit_slug,
)
from docgen.data.unitfiles import both_places, row_id, unit_file_name
from docgen.data.yamlfile import PathKey, YamlDoc, dotted
from docgen.errors import Problem, closest, did_you_mean
from docgen.kinds import KINDS

LeftOut = tuple[str, int, object]
"""A record of a file that did not pass its own checks: list key, index, the record as read."""

_PRODUCER_FIELDS = ("symbol", "drafting_unit", "place", "head_title", "reports_to", "proposes_to")


@dataclass
class _References:
    """Checks that ids used in one place exist in another, with 'did you mean' hints."""

    docs: dict[str, YamlDoc]
    models: dict[str, BaseModel]
    # For a file whose model holds only its valid records (see load._partial): the original
    # index of each record kept, per list key, and the records left out (already reported).
    kept: dict[str, dict[str, list[int]]] = dataclasses.field(default_factory=dict)
    left_out: dict[str, list[LeftOut]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        self.problems: list[Problem] = []
        # Ids of records left out: they exist, only their own problems are told.
        self.known_invalid = {
            str(item["id"]) for items in self.left_out.values() for _, _, item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }  # fmt: skip
        # Reports left out: a unit that has one is not also told it has none.
        self.reported_invalid = {
            (str(item.get("unit")), str(item.get("period")))
            for items in self.left_out.values()
            for key, _, item in items
            if key == "reports" and isinstance(item, dict)
        }

    def _original(self, file: str, path: PathKey) -> PathKey:
        """``path`` in the file as written (records left out shift the indexes of the model)."""
        indexes = self.kept.get(file, {}).get(str(path[0])) if len(path) > 1 else None
        if indexes is None or not isinstance(path[1], int) or path[1] >= len(indexes):
            return path
        return (path[0], indexes[path[1]], *path[2:])

    def problem(self, file: str, path: PathKey, message: str, hint: str | None = None) -> None:
        doc = self.docs[file]
        path = self._original(file, path)
        line, col = doc.where(path)
        self.problems.append(Problem(doc.name, line, col, dotted(path), message, hint))

    def ref(self, file: str, path: PathKey, value: str | None, known: Iterable[str], what: str) -> None:
        if value is None or value in self.known_invalid:
            return
        pool = list(known)
        if value in pool:
            return
        hint = did_you_mean(
            value,
            pool,
            cutoff=0.8,
            otherwise=f"xem danh sách {what} bằng `docgen list`" if what == "đơn vị" else None,
        )
        self.problem(file, path, f'{what} "{value}" không tồn tại', hint)

    def check(self) -> list[Problem]:
        self._check_unique("legal.yaml", "legal_bases")
        self._check_unique("awards.yaml", "awards")
        campaign = self.models.get("campaign.yaml")
        units_file = self.models.get("units.yaml")
        communes_file = self.models.get("communes.yaml")
        if not isinstance(units_file, UnitsFile) or not isinstance(communes_file, CommunesFile):
            # Every reference would fail and only echo the problem already reported for that file.
            return self.problems
        units = self._collect_units(units_file, communes_file)
        self._check_left_out_units()
        self._check_slugs(units)
        provinces = [u for _, _, u in units.values() if u.kind == "province"]
        if len(provinces) != 1:
            self.problem("units.yaml", ("units",), f"cần đúng một đơn vị kind: province (có {len(provinces)})")
        if not isinstance(campaign, CampaignFile):
            return self.problems
        self._check_campaign(campaign, units)
        for file, i, unit in units.values():
            self._check_unit(file, (_list_key(file), i), unit, units, campaign)
        movements = self.models.get("movements.yaml")
        if movements is not None:
            self._check_movements(movements, units, campaign)
        self._check_unit_files(units)
        self._check_reports(units, campaign, movements)
        self._check_candidates(units)
        self._check_file_names(units, campaign)
        return self.problems

    def _check_left_out_units(self) -> None:
        """A producing unit left out for another problem is still told the fields it lacks."""
        for file in ("units.yaml", "communes.yaml"):
            for key, i, item in self.left_out.get(file, []):
                if not isinstance(item, dict) or item.get("kind") in (None, "province", "organisation"):
                    continue
                unknown = [str(k) for k in item if k not in Unit.model_fields]
                for name in _PRODUCER_FIELDS:
                    # A misspelt key ("palce") is already told with "có phải place?": once is enough.
                    if item.get(name) is None and closest(name, unknown) is None:
                        self.problems.append(
                            Problem(
                                self.docs[file].name,
                                *self.docs[file].where((key, i)),
                                dotted((key, i, name)),
                                f"đơn vị {item.get('id')} thiếu trường bắt buộc '{name}'",
                                "đơn vị soạn văn bản cần trường này",
                            )
                        )

    def _collect_units(self, units_file: UnitsFile, communes_file: CommunesFile) -> dict[str, tuple[str, int, Unit]]:
        units: dict[str, tuple[str, int, Unit]] = {}
        for file, key, items in (
            ("units.yaml", "units", units_file.units),
            ("communes.yaml", "communes", communes_file.communes),
        ):
            for i, unit in enumerate(items):
                if unit.id in units:
                    other_file, other_i, _ = units[unit.id]
                    line = self.docs[other_file].where((_list_key(other_file), other_i))[0]
                    self.problem(
                        file,
                        (key, i, "id"),
                        f'mã đơn vị "{unit.id}" bị trùng (đã có ở data/{other_file}:{line})',
                        "mỗi đơn vị cần một mã riêng",
                    )
                else:
                    units[unit.id] = (file, i, unit)
        return units

    def _check_slugs(self, units: dict[str, tuple[str, int, Unit]]) -> None:
        seen: dict[str, str] = {}
        for unit_id, (file, i, unit) in units.items():
            try:
                slug = unit_slug(unit)
            except ValueError:
                self.problem(file, (_list_key(file), i, "name"), "tên đơn vị không có chữ cái nào")
                continue
            if slug in seen:
                self.problem(
                    file,
                    (_list_key(file), i, "name"),
                    f'tên đơn vị cho cùng tên tệp "{slug}" với đơn vị "{seen[slug]}"',
                    "đặt tên đầy đủ để phân biệt (ví dụ thêm cấp hành chính)",
                )
            seen[slug] = unit_id

    def _check_campaign(self, campaign: BaseModel, units: dict[str, tuple[str, int, Unit]]) -> None:
        assert isinstance(campaign, CampaignFile)
        self.ref("campaign.yaml", ("directive", "issuer"), campaign.directive.issuer, units, "đơn vị")
        for kind in DOC_KINDS:
            if kind not in campaign.documents:
                self.problem(
                    "campaign.yaml",
                    ("documents",),
                    f"thiếu thông tin loại văn bản {kind!r}",
                    f"thêm khóa {kind}: với summary và date",
                )
            elif KINDS[kind].axis != "period" and campaign.documents[kind].date is None:
                self.problem(
                    "campaign.yaml",
                    ("documents", kind),
                    "thiếu ngày (date) của loại văn bản",
                    'ghi ngày "YYYY-MM-DD" hoặc tháng "YYYY-MM"',
                )
        for key in campaign.documents:
            if key not in DOC_KINDS:
                self._bad_key("campaign.yaml", ("documents", key), key, list(DOC_KINDS))
        self._unique_ids("campaign.yaml", "periods", [p.id for p in campaign.periods])
        self._check_windows(campaign)
        self._unique_ids("campaign.yaml", "blocs", [b.id for b in campaign.blocs])
        self._unique_ids("campaign.yaml", "domains", [d.id for d in campaign.domains])

    def _check_windows(self, campaign: CampaignFile) -> None:
        """Issue windows (issue_from, issue_to): both ends, in order, not before the directive a
        document cites, and holding the date the data plans for the document."""
        directive = campaign.directive.date
        period_citing = [k.label for k in KINDS.values() if k.axis == "period" and k.cites_directive]
        places: list[tuple[PathKey, IssueWindow, str | None]] = [
            (("documents", key), spec, KINDS[key].label if key in KINDS and KINDS[key].cites_directive else None)
            for key, spec in campaign.documents.items()
        ]
        places += [
            (("periods", i), p, period_citing[0] if period_citing else None) for i, p in enumerate(campaign.periods)
        ]
        for path, spec, citing in places:
            start, end = spec.issue_from, spec.issue_to
            if (start is None) != (end is None):
                missing = "issue_from" if start is None else "issue_to"
                self.problem(
                    "campaign.yaml",
                    (*path, "issue_to" if start is None else "issue_from"),
                    f"thiếu {missing}: khoảng ngày được cấp số cần cả ngày đầu (issue_from) và ngày cuối (issue_to)",
                    f"thêm dòng `{missing}: NNNN-TT-NN`, hoặc bỏ cả hai dòng",
                )
            elif start is not None and end is not None and end < start:
                self.problem(
                    "campaign.yaml",
                    (*path, "issue_to"),
                    f"ngày cuối {vn.short_date(end)} trước ngày đầu {vn.short_date(start)} của khoảng ngày được cấp số",
                    "issue_to phải cùng ngày hoặc sau issue_from",
                )
                continue
            if citing is not None and start is not None and start < directive:
                self.problem(
                    "campaign.yaml",
                    (*path, "issue_from"),
                    f"{citing} căn cứ văn bản chỉ đạo ngày {vn.short_date(directive)} nên không được cấp số trước ngày "
                    f"đó (issue_from: {vn.short_date(start)})",
                    f"ghi issue_from: {directive.isoformat()} hoặc muộn hơn",
                )
        for key in campaign.documents:
            if key not in KINDS:
                continue
            periods = [(("periods", i), p.id, p.report_date) for i, p in enumerate(campaign.periods)]
            dated = (
                periods if KINDS[key].axis == "period" else [(("documents", key), None, campaign.documents[key].date)]
            )
            for path, period, planned in dated:
                window = issue_window(campaign, key, period)
                if planned is None or window is None or window.end < window.start:
                    continue
                first, last = _span(planned)
                if last < window.start or window.end < first:
                    if isinstance(planned, vn.MonthDate):
                        shown = f"tháng {vn.short_date(first).split('/', 1)[1]}"  # «tháng 7/2023», «tháng 01/2024»
                    else:
                        shown = f"ngày {vn.short_date(planned)}"
                    self.problem(
                        "campaign.yaml",
                        (*path, "report_date" if period is not None else "date"),
                        f"{KINDS[key].label} dự kiến {shown}, ngoài khoảng ngày được cấp số ({window.text()})",
                        "sửa ngày dự kiến, hoặc issue_from, issue_to",
                    )

    def _check_unit(
        self, file: str, path: PathKey, unit: Unit, units: dict[str, tuple[str, int, Unit]], campaign: BaseModel
    ) -> None:
        assert isinstance(campaign, CampaignFile)
        ids = units.keys()
        for field in ("parent", "reports_to", "proposes_to"):
            self.ref(file, (*path, field), getattr(unit, field), ids, "đơn vị")
        self.ref(file, (*path, "bloc"), unit.bloc, [b.id for b in campaign.blocs], "khối thi đua")
        for j, domain in enumerate(unit.domains):
            self.ref(file, (*path, "domains", j), domain, [d.id for d in campaign.domains], "lĩnh vực")
        if unit.kind == "commune" and unit.parent in units and units[unit.parent][2].kind not in DISTRICT_LEVEL:
            self.problem(file, (*path, "parent"), "xã, phường, thị trấn phải thuộc một đơn vị cấp huyện")
        for key, items in unit.recipients.items():
            if key != "default" and key not in DOC_KINDS:
                self._bad_key(file, (*path, "recipients", key), key, ["default", *DOC_KINDS])
            for j, item in enumerate(items):
                self.ref(file, (*path, "recipients", key, j, "unit"), item.unit, ids, "đơn vị")
        for key in unit.series:
            numbered = [k.id for k in KINDS.values() if k.numbered]
            if key not in numbered:
                self._bad_key(file, (*path, "series", key), key, numbered)
        roles = {s.role for s in unit.signers}
        periods = [p.id for p in campaign.periods]
        for key, signing in unit.signing.items():
            kind, _, key_period = key.partition("/")
            if key != "default" and (kind not in DOC_KINDS or (key_period and key_period not in periods)):
                per_period = [f"{k.id}/{p}" for k in KINDS.values() if k.axis == "period" for p in periods]
                choices = ["default", *DOC_KINDS, *per_period]
                self._bad_key(file, (*path, "signing", key), key, choices)
            self.ref(file, (*path, "signing", key, "role"), signing.role, roles, "chức danh ký (role)")
        self._check_signer_overlap(file, path, unit)
        if unit.kind in ("province", "organisation"):
            return
        for field in _PRODUCER_FIELDS:
            if getattr(unit, field) is None:
                self.problem(
                    file,
                    (*path, field),
                    f"đơn vị {unit.id} thiếu trường bắt buộc '{field}'",
                    "đơn vị soạn văn bản cần trường này",
                )
        for kind in DOC_KINDS:
            kind_periods: list[str | None] = list(periods) if KINDS[kind].axis == "period" else [None]
            for period in kind_periods:
                doc_date = reference_day(campaign, kind, period)
                if doc_date is None:
                    continue
                try:
                    signer_for(unit, kind, period, doc_date)
                except LookupError as exc:
                    self.problem(
                        file,
                        (*path, "signing"),
                        f"đơn vị {unit.id}: {exc}",
                        "thêm người ký (signers) còn hiệu lực vào ngày đó hoặc sửa signing",
                    )

    def _check_signer_overlap(self, file: str, path: PathKey, unit: Unit) -> None:
        by_role: dict[str, list[int]] = {}
        for j, signer in enumerate(unit.signers):
            by_role.setdefault(signer.role, []).append(j)
        for role, indexes in by_role.items():
            spans = sorted(indexes, key=lambda j: unit.signers[j].valid_from or EPOCH)
            for a, b in itertools.pairwise(spans):
                first, second = unit.signers[a], unit.signers[b]
                if first.valid_to is None or (second.valid_from or EPOCH) <= first.valid_to:
                    self.problem(
                        file,
                        (*path, "signers", b, "valid_from"),
                        f'hai người cùng giữ chức danh "{role}" trong cùng thời gian',
                        "ghi valid_to cho người tiền nhiệm, valid_from cho người kế nhiệm",
                    )

    def _check_movements(
        self, movements: BaseModel, units: dict[str, tuple[str, int, Unit]], campaign: BaseModel
    ) -> None:
        assert isinstance(movements, MovementsFile) and isinstance(campaign, CampaignFile)
        domains = [d.id for d in campaign.domains]
        self._unique_ids("movements.yaml", "movements", [m.id for m in movements.movements])
        self._unique_ids("movements.yaml", "tasks", [t.id for t in movements.tasks])
        for i, movement in enumerate(movements.movements):
            for j, unit_id in enumerate(movement.units):
                self.ref("movements.yaml", ("movements", i, "units", j), unit_id, units, "đơn vị")
            for j, domain in enumerate(movement.domains):
                self.ref("movements.yaml", ("movements", i, "domains", j), domain, domains, "lĩnh vực")
        movement_ids = [m.id for m in movements.movements]
        for i, task in enumerate(movements.tasks):
            self.ref("movements.yaml", ("tasks", i, "movement"), task.movement, movement_ids, "phong trào")
            self.ref("movements.yaml", ("tasks", i, "lead"), task.lead, units, "đơn vị")
            for j, unit_id in enumerate(task.units):
                self.ref("movements.yaml", ("tasks", i, "units", j), unit_id, units, "đơn vị")
            for j, domain in enumerate(task.domains):
                self.ref("movements.yaml", ("tasks", i, "domains", j), domain, domains, "lĩnh vực")

    def _reports(self) -> list[tuple[str, int, Report]]:
        """Every report with its file and index: data/reports.yaml's, then each unit file's."""
        return [
            (file, i, report)
            for file, model in self.models.items()
            if isinstance(model, (ReportsFile, UnitFile))
            for i, report in enumerate(model.reports)
        ]

    def _candidates(self) -> list[tuple[str, int, Candidate]]:
        """Every candidate with its file and index: data/candidates.yaml's, then each unit file's."""
        return [
            (file, i, cand)
            for file, model in self.models.items()
            if isinstance(model, (CandidatesFile, UnitFile))
            for i, cand in enumerate(model.candidates)
        ]

    def _check_unit_files(self, units: dict[str, tuple[str, int, Unit]]) -> None:
        """A unit file names a known unit, and that unit's entries are not also in the shared files."""
        for file, model in self.models.items():
            if not isinstance(model, UnitFile):
                continue
            self.ref(file, ("unit",), model.unit, units, "đơn vị")
            if file != unit_file_name(model.unit):
                continue  # misnamed: told as such, and its unit's entries are not its file's
            for key, shared in (("reports", "reports.yaml"), ("candidates", "candidates.yaml")):
                items = getattr(self.models.get(shared), key, None) or []
                rows = [
                    (int(self._original(shared, (key, i))[1]), row_id(key, x.model_dump(include={"period", "id"})))
                    for i, x in enumerate(items)
                    if x.unit == model.unit
                ]
                if rows:
                    self.problems.append(both_places(self.docs[shared], shared, model.unit, rows))

    def _check_reports(
        self, units: dict[str, tuple[str, int, Unit]], campaign: BaseModel, movements: BaseModel | None
    ) -> None:
        if not isinstance(self.models.get("reports.yaml"), ReportsFile) or not isinstance(campaign, CampaignFile):
            return
        periods = [p.id for p in campaign.periods]
        movement_ids = [m.id for m in movements.movements] if isinstance(movements, MovementsFile) else None
        catalogue = {c.id: c for c in movements.indicators} if isinstance(movements, MovementsFile) else None
        seen: dict[tuple[str, str], str] = {}
        for file, i, report in self._reports():
            if file == "reports.yaml":  # a unit file's unit is checked once, at its `unit:` line
                self.ref(file, ("reports", i, "unit"), report.unit, units, "đơn vị")
            self.ref(file, ("reports", i, "period"), report.period, periods, "kỳ báo cáo")
            # The same report in the shared file and a unit file is told once, by _check_unit_files.
            if seen.get((report.unit, report.period), file) == file and (
                (report.unit, report.period) in seen or (report.unit, report.period) in self.reported_invalid
            ):
                self.problem(file, ("reports", i), f"báo cáo của {report.unit} kỳ {report.period} bị lặp lại")
            seen[(report.unit, report.period)] = file
            if movement_ids is not None:
                for key in report.results:
                    self.ref(file, ("reports", i, "results", key), key, movement_ids, "phong trào")

            for j, row in enumerate(report.indicators):
                path = ("reports", i, "indicators", j)
                self._check_figure(file, path, row.indicator, row.target, row.result, catalogue)
        # A unit without a report for a period is not an error of the data: its own report for
        # that period fails alone (nothing to write it from) and Sở Nội vụ's consolidated report
        # names it as not reported (issue 18).
        consolidation = campaign.consolidation
        for j, key in enumerate(consolidation.key_indicators):
            if catalogue is not None:
                self.ref("campaign.yaml", ("consolidation", "key_indicators", j), key, catalogue, "chỉ tiêu")
        for period in consolidation.periods:
            self.ref("campaign.yaml", ("consolidation", "periods", period), period, periods, "kỳ báo cáo")

    def _check_figure(
        self,
        file: str,
        path: PathKey,
        indicator: str,
        target: Decimal,
        result: Decimal,
        catalogue: dict[str, IndicatorSpec] | None,
    ) -> None:
        """A report's row against its indicator: it exists, and its figures are written as the
        indicator counts (a count has no fraction; no more decimals than the indicator takes;
        ``1.525`` typed for an amount is asked about: YAML reads it as one point five two five)."""
        if catalogue is None:
            return
        self.ref(file, (*path, "indicator"), indicator, catalogue, "chỉ tiêu")
        spec = catalogue.get(indicator)
        if spec is None:
            return
        for name, value in (("target", target), ("result", result)):
            # The text as typed when YAML read a number (a quoted "1,525" is the clerk's choice).
            typed = self.docs[file].sources.get((*self._original(file, path), name))
            shown = typed or vn.number(value, max(0, -int(value.normalize().as_tuple().exponent)))
            places = max(0, -int(value.normalize().as_tuple().exponent))
            thousands = typed is not None and re.fullmatch(r"\d{1,3}\.\d{3}", typed) is not None
            whole = f"{int(value * 1000)}"
            if spec.kind == "count" and places:
                hint = f"nếu là {vn.number(value * 1000)} thì viết {whole} (không có dấu chấm)" if thousands else None
                self.problem(file, (*path, name), f"chỉ tiêu «{spec.name}» là số đếm, không có phần lẻ: {shown}", hint)
            elif spec.kind == "amount" and thousands:
                self.problem(
                    file,
                    (*path, name),
                    f"{shown} của chỉ tiêu «{spec.name}» được đọc là {vn.number(value, 3)} (dấu chấm là dấu thập phân)",
                    f"nếu là {vn.number(value * 1000)} thì viết {whole}; nếu đúng là số thập phân "
                    f'thì viết "{vn.number(value, 3)}" (trong ngoặc kép, dấu phẩy)',
                )
            elif places > spec.decimals:
                self.problem(
                    file,
                    (*path, name),
                    f"chỉ tiêu «{spec.name}» ghi tối đa {spec.decimals} chữ số thập phân, giá trị {shown} có {places}",
                    "làm tròn giá trị, hoặc sửa decimals của chỉ tiêu trong data/movements.yaml",
                )

    def _check_candidates(self, units: dict[str, tuple[str, int, Unit]]) -> None:
        candidates = self.models.get("candidates.yaml")
        awards = self.models.get("awards.yaml")
        if not isinstance(candidates, CandidatesFile):
            return
        award_map = {a.id: a for a in awards.awards} if isinstance(awards, AwardsFile) else None
        self._unique_ids("candidates.yaml", "candidates", [c.id for c in candidates.candidates])
        first: dict[str, tuple[str, int, str]] = {}
        for file, i, cand in self._candidates():
            other = first.setdefault(cand.id, (file, i, cand.unit))
            # Across files; the same unit's candidate in the shared file is told by _check_unit_files.
            if other[0] != file and other[2] != cand.unit:
                line = self.docs[other[0]].where(self._original(other[0], ("candidates", other[1])))[0]
                self.problem(
                    file,
                    ("candidates", i, "id"),
                    f'mã "{cand.id}" bị trùng (đã có ở data/{other[0]}:{line}, đơn vị {other[2]})',
                    "mỗi hồ sơ đề nghị cần một mã riêng: đổi mã ở một trong hai tệp",
                )
            if file == "candidates.yaml":
                self.ref(file, ("candidates", i, "unit"), cand.unit, units, "đơn vị")
            if cand.unit in units and not units[cand.unit][2].produces:
                self.problem(
                    file,
                    ("candidates", i, "unit"),
                    f"đơn vị {cand.unit} không lập hồ sơ đề nghị khen thưởng trong docgen",
                )
            if award_map is None:
                continue
            self.ref(file, ("candidates", i, "award"), cand.award, award_map, "hình thức khen thưởng")
            for j, prior in enumerate(cand.prior_awards):  # the review counts them by id
                self.ref(file, ("candidates", i, "prior_awards", j, "award"), prior.award, award_map, "danh hiệu")
            award = award_map.get(cand.award)
            if award is not None and cand.type not in award.recipients:
                who = "cá nhân" if cand.type == "individual" else "tập thể"
                self.problem(file, ("candidates", i, "award"), f"{award.name} không dành cho {who}")
            if award is not None and isinstance(awards, AwardsFile) and cand.unit in units:
                self._check_award_level(file, i, award, awards, units[cand.unit][2], units)

    def _check_award_level(
        self, file: str, i: int, award: Award, awards: AwardsFile, unit: Unit, units: dict[str, tuple[str, int, Unit]]
    ) -> None:
        """A unit proposes only the awards decided where it proposes to (``rules.proposable_awards``)."""
        by_id = {key: entry[2] for key, entry in units.items()}
        allowed = proposable_awards(awards, unit, by_id)
        if award in allowed:
            return
        target = by_id.get(unit.proposes_to or "")
        if target is None:  # no proposes_to, or an unknown one: told with the unit
            return
        self.problem(
            file,
            ("candidates", i, "award"),
            f"{award.name} do {award.decided_by} quyết định (level: {award.level} trong data/awards.yaml), "
            f"không thuộc các hình thức {unit.id} đề nghị lên {target.name}",
            "chọn một trong: " + ", ".join(a.id for a in allowed) if allowed else None,
        )

    def _check_file_names(self, units: dict[str, tuple[str, int, Unit]], campaign: CampaignFile) -> None:
        """Two documents of one unit must not write one file: the later would replace the
        earlier, and the unit's ZIP would hold two members with one name. ``axis_stems`` keeps
        namesakes apart; what is left (a name that spells another's name plus its id) is refused here."""
        by_unit: dict[str, list[_Named]] = {}
        for cand_file, i, cand in self._candidates():
            where: PathKey = ("candidates", i, "name")
            by_unit.setdefault(cand.unit, []).append((cand.id, cand.name, cand_file, where))
        periods: list[_Named] = [
            (p.id, p.name, "campaign.yaml", ("periods", i, "name")) for i, p in enumerate(campaign.periods)
        ]
        for unit_id, (file, i, unit) in units.items():
            seen: dict[str, tuple[str, str, PathKey]] = {}
            for kind in KINDS.values():
                if not kind.produced_by(unit.id, unit.kind):
                    continue
                items = periods if kind.axis == "period" else by_unit.get(unit_id, [])
                if kind.axis is None:
                    stem = bounded_stem(vn.slug(kind.file_stem_words(None, campaign.year)))
                    named: list[_Named] = [(f"{unit_id}/{kind.id}", stem, file, (_list_key(file), i, "id"))]
                elif kind.axis in ("period", "candidate"):
                    stems = axis_stems(kind.id, campaign.year, [(item_id, name) for item_id, name, _, _ in items])
                    named = [(f"{unit_id}/{kind.id}/{x}", stems[x], f, path) for x, _, f, path in items]
                else:
                    continue
                for doc_id, stem, where_file, where in named:
                    name = f"{unit_id}/{stem}.docx"
                    if name in seen:
                        other_id, other_file, other_path = seen[name]
                        line = self.docs[other_file].where(other_path)[0] if other_file in self.docs else None
                        self.problem(
                            where_file,
                            where,
                            f'văn bản {doc_id} và {other_id} cùng ghi vào tệp "{name}" '
                            f"({other_id} ở data/{other_file}:{line})",
                            "đổi tên cho khác nhau (tên tệp lấy từ tên không dấu)",
                        )
                    else:
                        seen[name] = (doc_id, where_file, where)

    def _check_unique(self, file: str, key: str) -> None:
        model = self.models.get(file)
        if model is not None:
            self._unique_ids(file, key, [item.id for item in getattr(model, key)])

    def _unique_ids(self, file: str, key: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                self.problem(file, (key, i, "id"), f'mã "{item_id}" bị trùng trong {key}')
            seen.add(item_id)

    def _bad_key(self, file: str, path: PathKey, key: str, choices: list[str]) -> None:
        path = self._original(file, path)
        self.problems.append(
            Problem(
                self.docs[file].name,
                *self.docs[file].where(path, key=True),
                dotted(path),
                f"khóa {key!r} không hợp lệ",
                did_you_mean(key, choices, otherwise="dùng: " + ", ".join(choices)),
            )
        )


def _span(when: date | vn.MonthDate) -> tuple[date, date]:
    """The first and last day a planned date may mean (a whole month for ``2023-07``)."""
    if isinstance(when, vn.MonthDate):
        last = calendar.monthrange(when.year, when.month)[1]
        return date(when.year, when.month, 1), date(when.year, when.month, last)
    return when, when


_Named = tuple[str, str, str, PathKey]  # id, name, data file, where in it


def _list_key(file: str) -> str:
    return "communes" if file == "communes.yaml" else "units"
