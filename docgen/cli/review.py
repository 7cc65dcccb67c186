"""``docgen review``: every candidate checked against the criteria of the award proposed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from docgen import vn
from docgen.cli.i18n import DocgenCommand
from docgen.cli.options import CONTEXT, DATE, common_options, json_option, workspace
from docgen.cli.output import echo_json
from docgen.data.model import Dataset
from docgen.documents.eligibility import Verdict, criteria_for, decision_day, review

UNCHECKED = (
    "Lưu ý: tiêu chuẩn áp dụng ngày này chưa được đối chiếu với văn bản luật (checked: false trong awards.yaml); "
    "chỉ dùng để tham khảo."
)


def _json(data: Dataset, verdicts: list[Verdict]) -> list[dict[str, object]]:
    names = {a.id: a.name for a in data.awards.awards}
    return [
        {
            "candidate_id": v.candidate.id,
            "unit_id": v.candidate.unit,
            "name": v.candidate.name,
            "type": v.candidate.type,
            "award": v.award,
            "award_name": names.get(v.award, v.award),
            "eligible": v.eligible,
            "reasons": list(v.reasons),
            "history": list(v.history),
            "basis": v.basis,
        }
        for v in verdicts
    ]


@click.command(name="review", cls=DocgenCommand, context_settings=CONTEXT)
@common_options
@click.option(
    "--date",
    "on",
    type=DATE,
    default=None,
    metavar="NGÀY",
    help="Ngày ra quyết định khen thưởng: chọn bộ tiêu chuẩn theo luật có hiệu lực ngày đó "
    "(mặc định: ngày của tờ trình trong campaign.yaml). Viết 2024-01-15 hoặc 15/01/2024.",
)
@json_option
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="TỆP",
              help="Ghi kết quả ra tệp Excel TỆP (.xlsx) để đưa ra Hội đồng thi đua - khen thưởng.")  # fmt: skip
@click.option("--force", is_flag=True, help="Ghi đè tệp --xlsx đã có (tệp cũ được cất thành …ban-sua-N.xlsx).")
@click.pass_context
def review_command(ctx: click.Context, on: datetime | None, as_json: bool, xlsx: Path | None, force: bool) -> None:
    """Xét tiêu chuẩn: từng tập thể, cá nhân được đề nghị, đối chiếu với tiêu chuẩn của hình thức
    khen thưởng (awards.yaml), nêu lý do không đạt và quá trình đã xét. Không đạt là kết quả xét,
    không phải lỗi: lệnh kết thúc với mã 0."""
    data = workspace(ctx).load()
    day = on.date() if on is not None else decision_day(data)
    verdicts = review(data, day)
    kept = None
    if xlsx is not None:
        from docgen.forms.reviewsheet import review_workbook, write_review

        kept = write_review(xlsx, review_workbook(data, verdicts, day), force=force)
    if as_json:
        echo_json(_json(data, verdicts))
        return
    names = {a.id: a.name for a in data.awards.awards}
    for v in verdicts:
        mark = "ĐẠT      " if v.eligible else "KHÔNG ĐẠT"
        click.echo(f"{mark} {v.candidate.id}: {v.candidate.name} — {names.get(v.award, v.award)}")
        for reason in v.reasons:
            click.echo(f"            - {reason}")
    passed = sum(1 for v in verdicts if v.eligible)
    click.echo(
        f"{vn.number(len(verdicts))} đề nghị: {passed} đạt tiêu chuẩn, {len(verdicts) - passed} không đạt "
        f"(tiêu chuẩn áp dụng ngày {vn.short_date(day)})."
    )
    applied = (criteria_for(data, v.award, v.candidate.type, day) for v in verdicts)
    if any(c is not None and not c.checked for c in applied):
        click.echo(UNCHECKED)
    if xlsx is not None:
        click.echo(f"Đã ghi {xlsx}." + (f" Tệp cũ được cất ở {kept}." if kept is not None else ""))
