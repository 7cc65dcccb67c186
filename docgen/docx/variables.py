"""The variables a template may use, described once for template authors.

Every path :func:`docgen.documents.context.build_context` builds has one entry here, with its
Vietnamese description, grouped as the guide shows them: the variables every kind has, then
each kind's own, then a variant's own (the individual's and the collective's achievement
report). ``docs/bien-mau.md`` and ``docgen template vars`` are made from this table; a test
builds the context of every document of the bundled data and keeps the two equal.

A path names a list's items with ``[i]``: ``movements[i].tasks``, ``report.indicators[i].target``.
The three task lists share one shape, described once under the pseudo-path ``tasks[i]``
(:data:`SHARED`). A type is declared only where a value may be missing (``số hoặc rỗng``);
otherwise the guide shows the type of the real example (:func:`type_of`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from docgen import kinds, vn
from docgen.documents.chartdata import Chart


@dataclass(frozen=True)
class Variable:
    path: str
    description: str
    type: str | None = None
    """Declared where the value may be empty (``None``); else inferred from real values."""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: str | None
    """``None``: every kind."""
    variant: str | None
    """A template variant (``ca-nhan``): only that variant's documents have these values."""
    variables: tuple[Variable, ...]

    def applies(self, kind: str, variant: str | None) -> bool:
        """Whether a template of ``kind`` (``variant``; ``None``: any) sees these variables."""
        if self.kind is None:
            return True
        return self.kind == kind and (self.variant is None or variant is None or self.variant == variant)


# The three task lists share one shape: ``tasks[i].text`` stands for each of these.
SHARED = {"tasks[i]": ("movements[i].tasks[i]", "unit_tasks[i]", "other_tasks[i]")}

V = Variable
_TASKS = "(các trường như `tasks[i]` dưới đây)"

# A report's period: the units' reports and Sở Nội vụ's consolidated report alike.
_PERIOD = (
    V("period.id", "mã kỳ báo cáo"),
    V("period.name", "tên kỳ báo cáo"),
    V("period.next_name", "tên kỳ tới"),
    V("period.start", "ngày đầu kỳ"),
    V("period.end", "ngày cuối kỳ"),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "common",
        "Chung cho mọi loại văn bản",
        None,
        None,
        (
            V("unit.id", "mã đơn vị"),
            V("unit.name", "tên đầy đủ"),
            V("unit.short_name", "tên viết trong câu"),
            V("unit.kind", "loại đơn vị: `district`, `department`, `commune`, …"),
            V("unit.place", "địa danh ghi ngày tháng"),
            V("unit.header_parent", "dòng cơ quan chủ quản; rỗng nếu không có"),
            V("unit.header_issuer", "các dòng tên cơ quan ban hành"),
            V("unit.symbol", "ký hiệu cơ quan trong số văn bản"),
            V("unit.head_title", "chức danh người đứng đầu"),
            V("unit.slug", "tên đơn vị không dấu dùng đặt tên tệp"),
            V("unit.authority", "thẩm quyền ban hành quyết định"),
            V(
                "unit.scope",
                "phạm vi phát động, theo loại đơn vị: huyện, thị xã, thành phố: `các cơ quan, đơn vị, địa phương "
                "thuộc phạm vi quản lý của …`; sở: `các phòng, đơn vị thuộc và trực thuộc …`; doanh nghiệp, "
                "trường học: các phòng, ban, bộ phận của đơn vị",
            ),
            V("doc.id", "mã văn bản: `<đơn vị>/<loại>[/<kỳ>][/<ứng viên>]`"),
            V("doc.kind", "loại: " + ", ".join(f"`{k}`" for k in kinds.KIND_IDS)),
            V("doc.type_name", "tên loại viết hoa"),
            V("doc.type_abbr", "chữ viết tắt tên loại trong ký hiệu (rỗng với báo cáo thành tích)"),
            V("doc.number", "số văn bản khi đã cấp số; rỗng khi là dự thảo", "số hoặc rỗng"),
            V("doc.number_symbol", "số và ký hiệu: `05/KH-UBND`, hoặc `      /KH-UBND` khi chưa có số"),
            V("doc.number_line", "dòng số, ký hiệu hoàn chỉnh: `Số: 05/KH-UBND` hoặc `Số:      /KH-UBND`"),
            V("doc.date", "ngày văn bản (có thể chỉ biết tháng: bộ lọc `header_date` tự để trống ngày)"),
            V("doc.draft", "văn bản chưa cấp số"),
            V("doc.summary", "trích yếu"),
            V("doc.year", "năm của phong trào"),
            V("campaign.title", "tên các phong trào thi đua của năm, viết trong câu"),
            V("campaign.school_year", "năm học"),
            V("directive.citation", "trích dẫn văn bản chỉ đạo của tỉnh"),
            V("directive.date", "ngày văn bản chỉ đạo"),
            V(
                "legal_bases",
                "các dòng căn cứ hoàn chỉnh, đã có `Căn cứ` và dấu `;` / `.` cuối; rỗng khi dữ liệu không ghi căn cứ "
                "nào cho loại văn bản này (báo cáo)",
                "danh sách chữ",
            ),
            V(
                "signer.lines",
                "các dòng thẩm quyền ký, viết hoa: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`",
            ),
            V("signer.name", "họ tên người ký"),
            V("signer.sample", "tên người ký là tên mẫu (chưa phải người thật)"),
            V(
                "recipients",
                "các dòng nơi nhận hoàn chỉnh: `- Như trên;` … `- Lưu: VT, NV.`; nơi đã ghi ở «Kính gửi» (báo cáo, "
                "tờ trình) không lặp lại vì «Như trên» đã gồm nơi đó, dòng trùng chỉ ghi một lần",
            ),
            V("movements", "các phong trào đơn vị thực hiện"),
            V("movements[i].id", "mã phong trào trong dữ liệu"),
            V("movements[i].name", "tên phong trào (không có ngoặc kép)"),
            V("movements[i].description", "mô tả ngắn; rỗng nếu dữ liệu không có"),
            V("movements[i].tasks", f"nhiệm vụ trọng tâm của đơn vị thuộc phong trào này {_TASKS}"),
            V("unit_tasks", f"nhiệm vụ chỉ thị giao riêng cho đơn vị này {_TASKS}"),
            V("other_tasks", f"nhiệm vụ trọng tâm khác của đơn vị, không gắn với một phong trào {_TASKS}"),
            V("tasks[i].id", "mã nhiệm vụ trong dữ liệu (mọi danh sách nhiệm vụ có cùng các trường)"),
            V("tasks[i].text", "nội dung nhiệm vụ"),
            V("tasks[i].deadline", "thời hạn (có thể chỉ biết tháng); rỗng nếu làm thường xuyên", "ngày hoặc rỗng"),
            V(
                "tasks[i].deadline_text",
                "thời hạn viết sẵn: `tháng 11/2023`, `trước ngày 30/9/2023`, hoặc `Thường xuyên`",
            ),
            V("tasks[i].lead", "đơn vị chủ trì trong kế hoạch của đơn vị: chính đơn vị mình (tên viết trong câu)"),
            V(
                "tasks[i].partner",
                "sở, ngành chủ trì nhiệm vụ ở cấp tỉnh mà đơn vị phối hợp; rỗng nếu đó là chính đơn vị",
            ),
            V("report_to", "nơi đơn vị gửi báo cáo"),
            V("propose_to", "nơi đơn vị trình khen thưởng"),
            V("deadlines.report_h1", "hạn gửi báo cáo 6 tháng"),
            V("deadlines.report_year", "hạn gửi báo cáo năm"),
        ),
    ),
    Section(
        "bao-cao",
        "Báo cáo (`bao-cao`)",
        "bao-cao",
        None,
        (
            *_PERIOD,
            V("report.overview", "đánh giá chung"),
            V("report.results", "kết quả từng phong trào"),
            V("report.results[i].movement", "tên phong trào"),
            V("report.results[i].text", "kết quả của phong trào"),
            V("report.indicators", "chỉ tiêu"),
            V("report.indicators[i].stt", "số thứ tự"),
            V("report.indicators[i].id", "mã trong danh mục chỉ tiêu"),
            V("report.indicators[i].name", "tên chỉ tiêu"),
            V("report.indicators[i].measure", "đơn vị tính; rỗng nếu chỉ tiêu không có"),
            V("report.indicators[i].target", "kế hoạch"),
            V("report.indicators[i].result", "kết quả thực hiện"),
            V(
                "report.indicators[i].ratio",
                "phần trăm so với chỉ tiêu, là số; không có khi kế hoạch bằng 0 — `percent` in «—»",
                "số hoặc rỗng",
            ),
            V(
                "report.indicators[i].decimals",
                "số chữ số thập phân của dòng, theo dữ liệu: `number(i.result, i.decimals)`",
            ),
            V("report.difficulties", "khó khăn, hạn chế"),
            V("report.next_tasks", "nhiệm vụ kỳ tới"),
            V("report.proposals", "kiến nghị, đề xuất"),
            V(
                "report.sample",
                "số liệu là dữ liệu mẫu (`sample` của mục báo cáo, nếu không ghi thì `sample` của cả tệp reports.yaml)",
            ),
        ),
    ),
    Section(
        "bao-cao-tong-hop",
        "Báo cáo tổng hợp của Sở Nội vụ (`bao-cao-tong-hop`)",
        "bao-cao-tong-hop",
        None,
        (
            *_PERIOD,
            V("consolidation.units", "số đơn vị báo cáo về Sở Nội vụ (không kể cấp xã)"),
            V("consolidation.reported", "số đơn vị đã có báo cáo kỳ này"),
            V("consolidation.not_reported", "tên các đơn vị chưa báo cáo"),
            V("consolidation.launches", "phần I: quyết định phát động, kế hoạch của các đơn vị (theo sổ văn bản)"),
            V("consolidation.launches[i].title", "loại văn bản"),
            V("consolidation.launches[i].issued", "số đơn vị đã ban hành đến ngày báo cáo"),
            V("consolidation.launches[i].draft", "số đơn vị có dự thảo, chưa ban hành"),
            V("consolidation.launches[i].missing", "số đơn vị chưa có"),
            V("consolidation.launches[i].not_issued", "tên các đơn vị chưa ban hành; rỗng nếu không có"),
            V("consolidation.movements", "phần II: từng phong trào"),
            V("consolidation.movements[i].name", "tên phong trào"),
            V("consolidation.movements[i].reporting", "số đơn vị báo cáo chỉ tiêu của phong trào"),
            V("consolidation.movements[i].indicators", "các chỉ tiêu đã có đơn vị báo cáo"),
            V("consolidation.movements[i].indicators[i].stt", "số thứ tự"),
            V("consolidation.movements[i].indicators[i].name", "tên chỉ tiêu"),
            V("consolidation.movements[i].indicators[i].measure", "đơn vị tính; rỗng nếu không có"),
            V("consolidation.movements[i].indicators[i].reporting", "số đơn vị báo cáo chỉ tiêu"),
            V("consolidation.movements[i].indicators[i].mean", "chỉ tiêu tỷ lệ (bình quân, đếm số đơn vị đạt)"),
            V(
                "consolidation.movements[i].indicators[i].target",
                "tổng kế hoạch, viết sẵn; «—» với tỷ lệ",
            ),
            V(
                "consolidation.movements[i].indicators[i].result",
                "tổng thực hiện; tỷ lệ: bình quân",
            ),
            V(
                "consolidation.movements[i].indicators[i].ratio",
                "% so với kế hoạch; tỷ lệ: «n/m đơn vị đạt»",
            ),
            V("consolidation.mean_label", "tên cách tính của chỉ tiêu tỷ lệ"),
            V("consolidation.awards.units", "số đơn vị gửi đề nghị khen thưởng"),
            V("consolidation.awards.collectives", "số tập thể được đề nghị"),
            V("consolidation.awards.individuals", "số cá nhân được đề nghị"),
            V("consolidation.awards.rows", "phần III: theo hình thức khen thưởng"),
            V("consolidation.awards.rows[i].stt", "số thứ tự"),
            V("consolidation.awards.rows[i].name", "tên hình thức"),
            V("consolidation.awards.rows[i].collectives", "số tập thể"),
            V("consolidation.awards.rows[i].individuals", "số cá nhân"),
            V("consolidation.awards.rows[i].total", "cộng"),
            V("consolidation.difficulties", "hạn chế, nguyên nhân (data/campaign.yaml, consolidation)"),
            V("consolidation.next_tasks", "phương hướng, nhiệm vụ kỳ tới"),
            V("consolidation.proposals", "đề xuất, kiến nghị"),
            V("consolidation.appendix", "phụ lục: nhóm đơn vị (A. cấp huyện, B. các đơn vị khác)"),
            V("consolidation.appendix[i].letter", "chữ cái của nhóm"),
            V("consolidation.appendix[i].title", "tên nhóm"),
            V("consolidation.appendix[i].units", "các đơn vị của nhóm"),
            V("consolidation.appendix[i].units[i].stt", "số thứ tự đơn vị"),
            V("consolidation.appendix[i].units[i].name", "tên đơn vị"),
            V("consolidation.appendix[i].units[i].note", "«Chưa báo cáo»…; rỗng nếu có số liệu", "chữ hoặc rỗng"),
            V("consolidation.appendix[i].units[i].indicators", "các chỉ tiêu chủ yếu đơn vị đã báo cáo"),
            V("consolidation.appendix[i].units[i].indicators[i].name", "tên chỉ tiêu"),
            V("consolidation.appendix[i].units[i].indicators[i].measure", "đơn vị tính; rỗng nếu không có"),
            V("consolidation.appendix[i].units[i].indicators[i].reported", "đơn vị có báo cáo chỉ tiêu"),
            V("consolidation.appendix[i].units[i].indicators[i].target", "kế hoạch, đã viết theo kiểu Việt Nam"),
            V("consolidation.appendix[i].units[i].indicators[i].result", "thực hiện"),
            V(
                "consolidation.appendix[i].units[i].indicators[i].ratio",
                "% so với kế hoạch; «—» nếu kế hoạch 0",
            ),
            V("consolidation.charts", "các biểu đồ của phụ lục"),
            V("consolidation.charts[i].number", "số thứ tự biểu đồ"),
            V("consolidation.charts[i].chart", "biểu đồ: đặt `{{ c.chart }}` một mình trong một đoạn"),
            V(
                "consolidation.sample",
                "có nội dung mẫu (phần IV - VI hoặc số liệu của đơn vị): không được cấp số chính thức",
            ),
        ),
    ),
    Section(
        "to-trinh",
        "Tờ trình đề nghị khen thưởng (`to-trinh`)",
        "to-trinh",
        None,
        (
            V("proposal.groups", "các nhóm theo hình thức khen thưởng, tập thể trước cá nhân"),
            V("proposal.groups[i].award", "tên hình thức"),
            V(
                "proposal.groups[i].title",
                "tiêu đề nhóm: tên hình thức, thêm `(tập thể)`/`(cá nhân)` khi hình thức dành cho cả hai",
            ),
            V("proposal.groups[i].roman", "số La Mã của nhóm"),
            V("proposal.groups[i].who", "`tập thể` hoặc `cá nhân`"),
            V("proposal.groups[i].count", "số dòng của nhóm"),
            V("proposal.groups[i].entries", "các dòng của nhóm"),
            V("proposal.groups[i].entries[i].stt", "số thứ tự trong nhóm"),
            V("proposal.groups[i].entries[i].display_name", "tên; có `Ông`/`Bà` với cá nhân"),
            V("proposal.groups[i].entries[i].workplace", "đơn vị công tác"),
            V(
                "proposal.groups[i].entries[i].position_unit",
                "cột «Chức vụ, đơn vị»: chức vụ, đơn vị công tác; tập thể: đơn vị",
            ),
            V("proposal.groups[i].entries[i].summary", "tóm tắt thành tích"),
            V("proposal.groups[i].entries[i].award", "hình thức khen thưởng"),
            V("proposal.groups[i].entries[i].amount", "tiền thưởng, số đồng"),
            V("proposal.collectives", "số tập thể đề nghị"),
            V("proposal.individuals", "số cá nhân đề nghị"),
            V("proposal.total", "tổng tiền thưởng (đồng)"),
            V("proposal.base_salary", "mức lương cơ sở áp dụng (đồng)"),
            V("proposal.summary_lines", "các dòng tóm tắt đề nghị, đã có dấu `;` / `.` cuối"),
        ),
    ),
    Section(
        "quyet-dinh-khen-thuong",
        "Quyết định khen thưởng của Chủ tịch UBND tỉnh (`quyet-dinh-khen-thuong`), mỗi hình thức một quyết định",
        "quyet-dinh-khen-thuong",
        None,
        (
            V("decision.award", "tên hình thức khen thưởng"),
            V("decision.award_id", "mã hình thức khen thưởng (data/awards.yaml)"),
            V("decision.proposal", "dòng «Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số … ngày …», có dấu `.`"),
            V("decision.article1", "nội dung Điều 1: hình thức, số tập thể và cá nhân «(có danh sách kèm theo)»"),
            V("decision.article2", "nội dung Điều 2: tiền thưởng mỗi tập thể, mỗi cá nhân bằng số và bằng chữ"),
            V("decision.collectives", "số tập thể trong danh sách"),
            V("decision.individuals", "số cá nhân trong danh sách"),
            V("decision.list_title", "dòng dưới chữ DANH SÁCH: «Tập thể, cá nhân được tặng …»"),
            V("decision.groups", "I. TẬP THỂ, II. CÁ NHÂN (nhóm không có ai thì bỏ)"),
            V("decision.groups[i].roman", "số La Mã của nhóm"),
            V("decision.groups[i].title", "`TẬP THỂ` hoặc `CÁ NHÂN`"),
            V("decision.groups[i].units", "các đơn vị đề nghị, theo thứ tự trong data/units.yaml"),
            V("decision.groups[i].units[i].id", "mã đơn vị đề nghị"),
            V("decision.groups[i].units[i].name", "tên đơn vị đề nghị"),
            V("decision.groups[i].units[i].entries", "các dòng của đơn vị"),
            V("decision.groups[i].units[i].entries[i].stt", "số thứ tự trong nhóm"),
            V("decision.groups[i].units[i].entries[i].display_name", "tên; có `Ông`/`Bà` với cá nhân"),
            V(
                "decision.groups[i].units[i].entries[i].position_unit",
                "cột «Chức vụ, đơn vị công tác»: chức vụ, đơn vị; tập thể: đơn vị",
            ),
        ),
    ),
    Section(
        "bao-cao-thanh-tich",
        "Báo cáo thành tích (`bao-cao-thanh-tich`)",
        "bao-cao-thanh-tich",
        None,
        (
            V("candidate.id", "mã ứng viên"),
            V("candidate.unit", "mã đơn vị đề nghị"),
            V("candidate.rank", "thứ tự xếp hạng trong đơn vị"),
            V("candidate.type", "`individual` (mẫu 03) hoặc `collective` (mẫu 02)"),
            V("candidate.name", "tên"),
            V("candidate.display_name", "tên; có `Ông`/`Bà` với cá nhân"),
            V("candidate.award", "hình thức đề nghị"),
            V("candidate.workplace", "đơn vị công tác"),
            V("candidate.summary", "tóm tắt thành tích"),
            V("candidate.achievements", "thành tích đạt được"),
            V("candidate.results", "kết quả theo năm"),
            V("candidate.results[i].year", "năm"),
            V("candidate.results[i].indicator", "chỉ tiêu"),
            V("candidate.results[i].target", "kế hoạch"),
            V("candidate.results[i].result", "kết quả thực hiện"),
            V(
                "candidate.results[i].ratio",
                "phần trăm so với kế hoạch, là số; không có khi kế hoạch bằng 0",
                "số hoặc rỗng",
            ),
            V("candidate.results[i].decimals", "số chữ số thập phân của dòng, theo dữ liệu"),
            V("candidate.initiatives", "sáng kiến"),
            V("candidate.initiatives[i].name", "tên sáng kiến"),
            V("candidate.initiatives[i].recognition", "cấp công nhận"),
            V("candidate.initiatives[i].level", "`co-so` hoặc `tinh` (cấp công nhận, cho xét duyệt)", "chữ hoặc rỗng"),
            V("candidate.initiatives[i].decision", "số quyết định công nhận", "chữ hoặc rỗng"),
            V("candidate.initiatives[i].date", "ngày quyết định công nhận", "ngày hoặc rỗng"),
            V("candidate.initiatives[i].issuer", "cơ quan công nhận", "chữ hoặc rỗng"),
            V("candidate.prior_awards", "khen thưởng đã nhận"),
            V("candidate.prior_awards[i].year", "năm"),
            V("candidate.prior_awards[i].award", "mã danh hiệu trong awards.yaml", "chữ hoặc rỗng"),
            V("candidate.prior_awards[i].title", "hình thức khen thưởng"),
            V("candidate.prior_awards[i].decision", "số, ký hiệu quyết định"),
            V("candidate.prior_awards[i].date", "ngày quyết định"),
            V("candidate.prior_awards[i].issuer", "cơ quan ban hành quyết định"),
            V("reporter.title", "chức danh người báo cáo (cá nhân) hoặc thủ trưởng tập thể, viết hoa"),
            V("reporter.name", "họ tên người báo cáo (cá nhân) hoặc thủ trưởng tập thể"),
            V(
                "confirmer.lines",
                "thủ trưởng đơn vị xác nhận: `XÁC NHẬN CỦA`, `THỦ TRƯỞNG ĐƠN VỊ`, rồi các dòng thẩm quyền ký",
            ),
            V("confirmer.name", "họ tên thủ trưởng đơn vị xác nhận"),
        ),
    ),
    Section(
        "bao-cao-thanh-tich-ca-nhan",
        "Báo cáo thành tích cá nhân (`bao-cao-thanh-tich --variant ca-nhan`): sơ lược lý lịch",
        "bao-cao-thanh-tich",
        "ca-nhan",
        (
            V("candidate.position", "chức vụ"),
            V("candidate.gender", "giới tính: `nam` hoặc `nữ`"),
            V("candidate.birth_date", "ngày sinh"),
            V("candidate.ethnicity", "dân tộc"),
            V("candidate.religion", "tôn giáo"),
            V("candidate.hometown", "quê quán"),
            V("candidate.residence", "nơi thường trú"),
            V("candidate.political_qualification", "trình độ lý luận chính trị"),
            V("candidate.professional_qualification", "trình độ chuyên môn, nghiệp vụ"),
            V("candidate.duties", "nhiệm vụ được giao"),
        ),
    ),
    Section(
        "bao-cao-thanh-tich-tap-the",
        "Báo cáo thành tích tập thể (`bao-cao-thanh-tich --variant tap-the`)",
        "bao-cao-thanh-tich",
        "tap-the",
        (
            V("candidate.profile", "đặc điểm tình hình"),
            V("candidate.organisation", "tổ chức bộ máy"),
            V("candidate.emulation", "công tác thi đua"),
        ),
    ),
)


def sections_for(kind: str, variant: str | None = None) -> list[Section]:
    """The sections a template of ``kind`` sees (``variant`` ``None``: every variant's)."""
    return [s for s in SECTIONS if s.applies(kind, variant)]


def expand(path: str) -> tuple[str, ...]:
    """The real paths a described path stands for (``tasks[i].text`` → each task list's)."""
    for shared, real in SHARED.items():
        if path.startswith(shared + "."):
            return tuple(r + path[len(shared) :] for r in real)
    return (path,)


def described_paths(kind: str, variant: str | None = None) -> frozenset[str]:
    """Every path a template of ``kind`` may use, with ``[i]`` for list items:
    ``unit.name``, ``movements[i].tasks[i].text``, ``report.indicators[i].target``."""
    return frozenset(p for s in sections_for(kind, variant) for v in s.variables for p in expand(v.path))


def values_at(context: dict[str, Any], path: str) -> Iterator[Any]:
    """Every value at ``path`` in a context: one per list item where the path has ``[i]``;
    nothing where a key is missing."""

    def walk(node: Any, parts: list[str]) -> Iterator[Any]:
        if not parts:
            yield node
            return
        key = parts[0].removesuffix("[i]")
        if not isinstance(node, dict) or key not in node:
            return
        value = node[key]
        if parts[0].endswith("[i]"):
            for item in value if isinstance(value, list) else ():
                yield from walk(item, parts[1:])
        else:
            yield from walk(value, parts[1:])

    return walk(context, path.split("."))


def built_paths(context: dict[str, Any]) -> set[str]:
    """Every path a context has: its values and lists, not the groups (``unit``) that hold them."""
    found: set[str] = set()

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
            return
        found.add(path)
        if isinstance(node, list):
            for item in node:
                if isinstance(item, dict):
                    walk(item, path + "[i]")

    walk(context, "")
    return found


def empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def type_of(value: Any) -> str | None:
    """The type a template author reads for a real value; ``None`` for a missing one."""
    if isinstance(value, bool):
        return "đúng/sai"
    if isinstance(value, int | Decimal | float):
        return "số"
    if isinstance(value, date | vn.MonthDate):
        return "ngày"
    if isinstance(value, str):
        return "chữ"
    if isinstance(value, list):
        return "danh sách chữ" if value and all(isinstance(v, str) for v in value) else "danh sách"
    if isinstance(value, Chart):
        return "biểu đồ"
    return None


def fits(value: Any, shown: str) -> bool:
    """Whether a real value is of the type the guide shows (a test checks every value)."""
    if shown.endswith(" hoặc rỗng"):
        return value is None or fits(value, shown.removesuffix(" hoặc rỗng"))
    if shown == "danh sách":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if shown == "danh sách chữ":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return value is not None and type_of(value) == shown
