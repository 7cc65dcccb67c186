"""Sở Nội vụ's consolidated report (issue 18) read as the provincial office's reviewer reads it:
every total recomputed here from the units' own figures in the data, every district-level unit
in the appendix, a unit without figures named, the charts in the package with the bars the
data gives, two builds identical, and the launch counts taken from the register."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import docx
import pytest
from click.testing import Result
from PIL import Image

from docgen import vn
from docgen.build.run import run_build
from docgen.data.model import Dataset
from docgen.documents.chartdata import Chart
from docgen.documents.consolidated import charts
from docgen.documents.consolidation import consolidate
from docgen.documents.plan import plan
from docgen.docx.charts import png_size, render_png
from docgen.docx.text import document_text
from docgen.workspace import Workspace

Run = Callable[..., Result]
OFFICE = "so-noi-vu"
KIND = "bao-cao-tong-hop"


def _consolidated(data: Dataset) -> list[str]:
    """The units reporting to the office, recomputed from the data (not from the module)."""
    return [u.id for u in data.units.values() if u.kind != "commune" and (u.reports_to == OFFICE or u.id == OFFICE)]


def _build(root: Path, data: Dataset, out: Path) -> dict[str, bytes]:
    refs = plan(data, units=[OFFICE], kinds=[KIND])
    report = run_build(Workspace.open(root), data, refs, out_dir=out, jobs=1, force=True)
    assert report.ok, report.failures
    return {p.name: p.read_bytes() for p in sorted((out / OFFICE).glob("bao-cao-tong-hop-*.docx"))}


@pytest.fixture(scope="module")
def built(sample_root: Path, dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _build(sample_root, dataset, tmp_path_factory.mktemp("consolidated") / "out")


def _figure(text: str) -> Decimal:
    """A figure as the report prints it, the Vietnamese way: 1.050,5 → 1050.5."""
    return Decimal(text.replace(".", "").replace(",", "."))


def _tables(content: bytes) -> list[list[list[str]]]:
    doc = docx.Document(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]


def test_one_report_per_period_named_by_the_period(built: dict[str, bytes], dataset: Dataset) -> None:
    assert sorted(built) == ["bao-cao-tong-hop-6-thang-dau-nam-2023.docx", "bao-cao-tong-hop-nam-2023.docx"]
    text = document_text(built["bao-cao-tong-hop-nam-2023.docx"])
    assert "BÁO CÁO\nKết quả thực hiện các phong trào thi đua yêu nước năm 2023" in text
    assert "Số:      /BC-SNV" in text
    for heading in (
        "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "II. KẾT QUẢ CÁC PHONG TRÀO THI ĐUA",
        "III. CÔNG TÁC KHEN THƯỞNG",
        "IV. HẠN CHẾ, NGUYÊN NHÂN",
        "V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
        "KẾT QUẢ CÁC CHỈ TIÊU CHỦ YẾU THEO ĐƠN VỊ",
    ):
        assert heading in text
    assert "- UBND tỉnh (b/c);" in text and "Kính gửi" not in text
    for line in dataset.campaign.consolidation.periods["2023"].difficulties:
        assert f"- {line}" in text


@pytest.mark.parametrize(("period", "file"), [("2023-h1", "6-thang-dau-nam-2023"), ("2023", "nam-2023")])
def test_each_total_is_the_sum_of_the_units_figures(
    built: dict[str, bytes], dataset: Dataset, period: str, file: str
) -> None:
    units = set(_consolidated(dataset))
    rows = {row[1]: row for row in _tables(built[f"bao-cao-tong-hop-{file}.docx"])[1][1:]}
    checked = 0
    for spec in dataset.indicators.values():
        figures = [
            line
            for report in dataset.reports
            if report.period == period and report.unit in units
            for line in report.indicators[:]
            if line.indicator == spec.id
        ]
        name = spec.name + (" (*)" if spec.kind == "rate" else "")
        if not figures:
            assert name not in rows
            continue
        row = rows[name]
        assert row[3] == str(len(figures)), spec.id  # units reporting it
        if spec.kind == "rate":
            mean = sum((f.result for f in figures), Decimal(0)) / len(figures)
            assert row[4] == "—"
            assert row[5] == vn.number(mean, max(spec.decimals, 1))
            met = sum(1 for f in figures if f.result >= f.target)
            assert row[6] == f"{met}/{len(figures)} đơn vị đạt"
        else:
            target = sum((f.target for f in figures), Decimal(0))
            result = sum((f.result for f in figures), Decimal(0))
            assert _figure(row[4]) == target and _figure(row[5]) == result, spec.id
        checked += 1
    assert checked >= 20


def test_every_district_level_unit_appears_first_in_the_appendix(built: dict[str, bytes], dataset: Dataset) -> None:
    appendix = _tables(built["bao-cao-tong-hop-nam-2023.docx"])[-1]
    names = [row[1].split(":")[0] for row in appendix if row[0].isdigit()]
    district = [u.short_name for u in dataset.units.values() if u.is_district_level]
    assert len(district) == 13
    assert names[:13] == district
    assert sorted(names) == sorted(dataset.units[u].short_name for u in _consolidated(dataset))


def test_a_unit_without_figures_is_named_as_not_reported(sample_root: Path, dataset: Dataset, tmp_path: Path) -> None:
    missing = dataset.units["huyen-vu-quang"]
    data = dataset.model_copy(
        update={"reports": [r for r in dataset.reports if not (r.unit == missing.id and r.period == "2023-h1")]}
    )
    # The whole province: only the unit's own report for the period fails (no figures to write it
    # from); the consolidated report is built and names it.
    refs = plan(data, units=[OFFICE, missing.id])
    report = run_build(Workspace.open(sample_root), data, refs, out_dir=tmp_path / "out", jobs=1)
    assert [doc for doc, _ in report.failures] == [f"{missing.id}/bao-cao/2023-h1"]
    content = (tmp_path / "out" / OFFICE / "bao-cao-tong-hop-6-thang-dau-nam-2023.docx").read_bytes()
    text = document_text(content)
    total = len(_consolidated(dataset))
    assert f"Có {total - 1}/{total} đơn vị gửi báo cáo kết quả 6 tháng đầu năm 2023." in text
    assert f"Các đơn vị chưa gửi báo cáo: {missing.short_name}." in text
    appendix = _tables(content)[-1]
    assert any(row[1] == f"{missing.short_name}: Chưa báo cáo" for row in appendix)


def test_the_charts_are_pictures_of_the_package_with_the_bars_of_the_data(
    built: dict[str, bytes], dataset: Dataset
) -> None:
    content = built["bao-cao-tong-hop-nam-2023.docx"]
    expected = charts(dataset, consolidate(dataset, "2023"))
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        assert media == sorted(f"word/media/docgen-chart-{i}.png" for i in range(1, len(expected) + 1))
        rels = package.read("word/_rels/document.xml.rels").decode()
        assert rels.count("relationships/image") == len(expected)
        assert 'Extension="png"' in package.read("[Content_Types].xml").decode()
        for i, chart in enumerate(expected, start=1):
            png = package.read(f"word/media/docgen-chart-{i}.png")
            assert png == render_png(chart)
            assert Image.open(io.BytesIO(png)).size == png_size(chart)
    # One completion chart per key indicator a district-level unit reported, then the movements.
    district = [u.id for u in dataset.units.values() if u.is_district_level]
    assert all(isinstance(chart, Chart) for chart in expected)
    completion = [c for c in expected if c.kind == "completion"]
    # A key indicator gets its chart when three district-level units or more reported it.
    reporting = {
        key: len(
            {
                r.unit
                for r in dataset.reports
                if r.period == "2023" and r.unit in district
                for line in r.indicators
                if line.indicator == key and line.target
            }
        )
        for key in dataset.campaign.consolidation.key_indicators
    }
    assert [c.bars for c in completion] == [n for n in reporting.values() if n >= 3]
    assert [c.title.split("\n")[0] for c in completion] == [
        dataset.indicators[key].name for key, n in reporting.items() if n >= 3
    ]
    assert expected[-1].kind == "reporting" and expected[-1].bars == len(
        {spec.movement for spec in dataset.indicators.values() if spec.movement}
        & {
            dataset.indicators[line.indicator].movement
            for r in dataset.reports
            if r.period == "2023" and r.unit in _consolidated(dataset)
            for line in r.indicators
        }
    )
    doc = docx.Document(io.BytesIO(content))
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Biểu đồ ")]
    assert captions == [f"Biểu đồ {i}" for i in range(1, len(expected) + 1)]


def test_two_builds_are_byte_identical(
    built: dict[str, bytes], sample_root: Path, dataset: Dataset, tmp_path: Path
) -> None:
    assert _build(sample_root, dataset, tmp_path / "again") == built


ISSUE = ("--period", "2023-h1", "--issue", "--allow-sample")


def _report_text(run: Run, ws: Path, out: Path, *extra: str) -> tuple[Result, str]:
    result = run("-w", str(ws), "build", "--out", str(out), "--unit", OFFICE, "--kind", KIND, "--json", *extra)
    path = out / OFFICE / "bao-cao-tong-hop-6-thang-dau-nam-2023.docx"
    return result, document_text(path.read_bytes()) if path.exists() else ""


def test_launches_are_counted_from_the_register_as_of_the_report_date(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (tmp_path / "single").mkdir()
    for unit, kind, day in (
        ("huyen-huong-khe", "quyet-dinh", "2023-07-12"),
        ("huyen-huong-khe", "ke-hoach", "2023-07-12"),
        ("so-y-te", "quyet-dinh", "2023-07-20"),
        ("so-tu-phap", "quyet-dinh", "2023-08-02"),  # after the half-year report's month
    ):
        target = tmp_path / "single" / f"{unit}-{kind}.docx"
        args = ("render", kind, "--unit", unit, "--issue", "--allow-sample", "--date", day, "-o", str(target))
        result = run("-w", str(workspace), *args)
        assert result.exit_code == 0, result.output
    result, text = _report_text(run, workspace, out)
    assert result.exit_code == 0, result.output
    assert "- Về quyết định phát động: 2/36 đơn vị đã ban hành; 34 đơn vị đã có dự thảo nhưng chưa ban hành" in text
    assert "Sở Tư pháp" in text.split("Về quyết định phát động")[1].split("\n")[0]  # not yet issued then
    assert "- Về kế hoạch: 1/36 đơn vị đã ban hành; 35 đơn vị" in text
    # The register changed: the report is built again; numbered on 25/7, it counts up to that day.
    again, _ = _report_text(run, workspace, out)
    assert json.loads(again.output)["built"] == 0
    numbered, text = _report_text(run, workspace, out, *ISSUE, "--date", "2023-07-15")
    assert numbered.exit_code == 0, numbered.output
    assert "- Về quyết định phát động: 1/36 đơn vị đã ban hành" in text  # Sở Y tế's came on 20/7


def test_a_change_of_one_units_figures_rebuilds_it_and_an_issued_one_waits_for_reissue(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first, _ = _report_text(run, workspace, out, *ISSUE, "--date", "2023-07-20")
    assert first.exit_code == 0, first.output
    reports = workspace / "data" / "reports.yaml"
    text = reports.read_text(encoding="utf-8")
    start = text.index("unit: huyen-duc-tho\n    period: 2023-h1")
    head, tail = text[:start], text[start:]
    line = next(ln for ln in tail.splitlines() if "result:" in ln)
    reports.write_text(head + tail.replace(line, line.split("result:")[0] + "result: 1", 1), encoding="utf-8")
    refused, _ = _report_text(run, workspace, out)
    assert refused.exit_code == 1
    assert "đã được cấp số 01/BC-SNV" in refused.output and "--reissue" in refused.output
    reissue = ("--period", "2023-h1", "--reissue", "--allow-sample", "--date", "2023-07-21")
    reissued, text_after = _report_text(run, workspace, out, *reissue)
    assert reissued.exit_code == 0, reissued.output
    assert "Số: 02/BC-SNV" in text_after


def test_sample_content_is_never_given_an_official_number(run: Run, workspace: Path, tmp_path: Path) -> None:
    result, _ = _report_text(run, workspace, tmp_path / "out", "--issue", "--date", "2023-07-20")
    assert result.exit_code == 1
    assert "phần IV - VI (data/campaign.yaml, consolidation.periods.2023-h1) là nội dung mẫu" in result.output
    assert "số liệu của 36 đơn vị là số liệu mẫu" in result.output


def test_a_period_without_its_parts_iv_to_vi_fails_alone(sample_root: Path, dataset: Dataset, tmp_path: Path) -> None:
    consolidation = dataset.campaign.consolidation.model_copy(
        update={"periods": {"2023": dataset.campaign.consolidation.periods["2023"]}}
    )
    data = dataset.model_copy(update={"campaign": dataset.campaign.model_copy(update={"consolidation": consolidation})})
    refs = plan(data, units=[OFFICE], kinds=[KIND])
    report = run_build(Workspace.open(sample_root), data, refs, out_dir=tmp_path / "out", jobs=1)
    assert [doc for doc, _ in report.failures] == [f"{OFFICE}/{KIND}/2023-h1"]
    assert "thiếu nội dung phần IV - VI" in report.failures[0][1]
    assert (tmp_path / "out" / OFFICE / "bao-cao-tong-hop-nam-2023.docx").exists()


def test_a_template_resaved_by_libreoffice_still_places_the_charts(
    resaved_workspace: Path, dataset: Dataset, tmp_path: Path, built: dict[str, bytes]
) -> None:
    """A template author opens the template in LibreOffice and saves it: the chart paragraph
    (``{{ c.chart }}``) still becomes the pictures."""
    resaved = _build(resaved_workspace, dataset, tmp_path / "out")
    for name, content in resaved.items():
        with zipfile.ZipFile(io.BytesIO(content)) as package, zipfile.ZipFile(io.BytesIO(built[name])) as ours:
            media = sorted(n for n in package.namelist() if n.startswith("word/media/docgen-chart-"))
            assert media and media == sorted(n for n in ours.namelist() if n.startswith("word/media/docgen-chart-"))
            assert all(package.read(n) == ours.read(n) for n in media)
        assert document_text(content).count("Biểu đồ ") == len(media)


def test_charts_drawn_once_are_kept_and_give_the_same_bytes(
    built: dict[str, bytes], sample_root: Path, dataset: Dataset, tmp_path: Path
) -> None:
    """The second build takes the charts from the workspace's cache instead of drawing them:
    the documents are byte for byte those of a build that drew them."""
    root = tmp_path / "ws"
    for name in ("data", "templates"):
        shutil.copytree(sample_root / name, root / name)
    first = _build(root, dataset, tmp_path / "one")
    cached = sorted((root / ".cache" / "docgen" / "charts").glob("*.png"))
    charts_2023 = charts(dataset, consolidate(dataset, "2023"))
    assert len(cached) == len(charts(dataset, consolidate(dataset, "2023-h1"))) + len(charts_2023)
    assert {p.read_bytes() for p in cached} >= {render_png(c) for c in charts_2023}
    with patch("docgen.docx.images._png", side_effect=AssertionError("drawn again")):
        second = _build(root, dataset, tmp_path / "two")
    assert second == first == built
