"""The registry of document kinds is the one place that knows them (docgen.kinds)."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml

from docgen import kinds
from docgen.documents.plan import DocRef, documents_for, file_stem, template_name
from docgen.errors import RenderError
from docgen.kinds import KINDS, Kind
from docgen.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent


def test_every_kind_has_its_templates_and_a_campaign_entry() -> None:
    campaign = yaml.safe_load((REPO / "data" / "campaign.yaml").read_text(encoding="utf-8"))
    for kind in KINDS.values():
        for template in kind.templates():
            assert (REPO / "templates" / "docx" / template).is_file(), template
        assert kind.id in campaign["documents"], kind.id


def test_type_names_titles_and_labels_read_as_decree_30_writes_them() -> None:
    assert [k.type_name for k in KINDS.values()] == [
        "QUYẾT ĐỊNH",
        "KẾ HOẠCH",
        "BÁO CÁO",
        "TỜ TRÌNH",
        "BÁO CÁO THÀNH TÍCH",
        "BÁO CÁO",
        "QUYẾT ĐỊNH",
    ]
    for kind in KINDS.values():
        # «Báo cáo tổng hợp»: Sở Nội vụ's consolidated report is a report to Decree 30.
        assert kind.title.startswith(kind.type_name.capitalize())
        assert kind.label[0].islower()
    assert KINDS["to-trinh"].label == "tờ trình đề nghị khen thưởng"
    assert not KINDS["bao-cao-thanh-tich"].numbered  # an attachment carries no number
    assert KINDS["bao-cao-thanh-tich"].template("individual") == "bao-cao-thanh-tich-ca-nhan.docx"
    assert KINDS["bao-cao-thanh-tich"].template("collective") == "bao-cao-thanh-tich-tap-the.docx"


def test_an_unknown_kind_is_refused_with_the_closest_one() -> None:
    with pytest.raises(RenderError, match="ke-hoach"):
        kinds.get("ke-hoac")


def test_no_other_module_keeps_a_table_of_kinds() -> None:
    """Type names and kind labels are written once, in kinds.py (grep the package)."""
    pattern = re.compile(r'"(QUYẾT ĐỊNH|KẾ HOẠCH|TỜ TRÌNH|BÁO CÁO THÀNH TÍCH|Tờ trình|Quyết định)"')
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "docgen").rglob("*.py")
        if path.name != "kinds.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_kind_added_to_the_registry_is_planned_named_and_templated(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the next issues need: a new kind is one entry here (plus template and campaign.yaml)."""
    data = Workspace.open(REPO).load()
    extra = Kind("bao-cao-tong-hop", "BÁO CÁO TỔNG HỢP", "Báo cáo tổng hợp", "báo cáo tổng hợp",
                 producers=frozenset(), unit="so-noi-vu", axis="period")  # fmt: skip
    monkeypatch.setattr(kinds, "KINDS", MappingProxyType({**KINDS, extra.id: extra}))
    so_noi_vu = data.units["so-noi-vu"]
    planned = [r for r in documents_for(data, so_noi_vu) if r.kind == extra.id]
    assert planned == [DocRef("so-noi-vu", extra.id, p.id) for p in data.campaign.periods]
    assert not [r for r in documents_for(data, data.units["huyen-duc-tho"]) if r.kind == extra.id]
    assert template_name(data, planned[0]) == "bao-cao-tong-hop.docx"
    assert file_stem(data, planned[0]).startswith("bao-cao-tong-hop-")
    assert DocRef.parse(planned[0].id) == planned[0]


def test_the_award_axis_plans_one_document_per_award_the_chairman_decides() -> None:
    """Issue 19: the award decisions are the first kind on the ``award`` axis."""
    data = Workspace.open(REPO).load()
    spec = KINDS["quyet-dinh-khen-thuong"]
    assert spec.axis == "award" and spec.unit == "tinh-ha-tinh" and spec.producers == {"province"}
    assert spec.first_recipient == "Như Điều 3"
    planned = documents_for(data, data.units["tinh-ha-tinh"])
    proposed = {c.award for c in data.candidates}
    awards = [a.id for a in data.awards.awards if a.level == "province" and a.id in proposed]
    assert planned == [DocRef("tinh-ha-tinh", spec.id, award=a) for a in awards]
    assert all(DocRef.parse(r.id) == r for r in planned)
    assert template_name(data, planned[0]) == "quyet-dinh-khen-thuong.docx"
    assert not [r for r in documents_for(data, data.units["van-phong-ubnd-tinh"]) if r.kind == spec.id]
