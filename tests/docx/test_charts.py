"""Issue 18, item 3: the consolidated report's charts — what the bars show, recomputed here from
data.reports; the PNG a reader sees (size, serif Vietnamese text, no metadata); the same bytes
from two renders and from two processes."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import subprocess
import sys
import warnings
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from PIL import Image

from docgen.data.model import Dataset
from docgen.documents.chartdata import COMPLETION_AXIS, REPORTING_AXIS, Chart, completion_chart, reporting_chart
from docgen.documents.consolidation import consolidate
from docgen.docx.charts import FONTS, figure, font_family, png_size, render_png
from docgen.errors import UsageError

REPO = Path(__file__).resolve().parents[2]
PERIODS = ("2023-h1", "2023")
BUDGET = "thu-ngan-sach-nha-nuoc-tren-dia-ban"
NTM = "xa-dat-chuan-nong-thon-moi-nang-cao"
DISTRICT_LEVEL = [
    "UBND thành phố Hà Tĩnh",
    "UBND thị xã Hồng Lĩnh",
    "UBND huyện Hương Sơn",
    "UBND huyện Đức Thọ",
    "UBND huyện Vũ Quang",
    "UBND huyện Nghi Xuân",
    "UBND huyện Can Lộc",
    "UBND huyện Hương Khê",
    "UBND huyện Thạch Hà",
    "UBND huyện Cẩm Xuyên",
    "UBND huyện Kỳ Anh",
    "UBND huyện Lộc Hà",
    "UBND thị xã Kỳ Anh",
]


def reporting_to_the_office(data: Dataset) -> set[str]:
    return {u.id for u in data.units.values() if u.reports_to == "so-noi-vu"} | {"so-noi-vu"}


def percent_of_target(data: Dataset, period: str, unit_name: str, indicator: str) -> Decimal | None:
    """The unit's result as % of target, from its report's first row of the indicator, by hand."""
    unit = next(u for u in data.units.values() if u.short_name == unit_name)
    for report in data.reports:
        if report.unit == unit.id and report.period == period:
            for row in report.indicators:
                if row.indicator == indicator:
                    ratio = Decimal(str(row.result)) * 100 / Decimal(str(row.target))
                    return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return None


@pytest.mark.parametrize("period", PERIODS)
def test_completion_has_a_bar_for_each_of_the_13_district_level_units(dataset: Dataset, period: str) -> None:
    chart = completion_chart(consolidate(dataset, period), BUDGET)
    assert chart.labels == tuple(DISTRICT_LEVEL)
    assert chart.bars == 13  # all of them report the state budget
    expected = tuple(percent_of_target(dataset, period, name, BUDGET) for name in DISTRICT_LEVEL)
    assert chart.values == expected
    assert chart.reference == 100
    assert chart.axis_title == COMPLETION_AXIS == "% kế hoạch"
    period_name = {"2023-h1": "6 tháng đầu năm 2023", "2023": "năm 2023"}[period]
    assert chart.title == f"Thu ngân sách nhà nước trên địa bàn\nKết quả so với kế hoạch {period_name}"


def test_the_budget_of_the_first_half_by_hand(dataset: Dataset) -> None:
    # data/reports.yaml, 6 tháng đầu năm 2023: Hà Tĩnh city 598 of 525 tỷ đồng, Hồng Lĩnh 86,2 of 92,5.
    chart = completion_chart(consolidate(dataset, "2023-h1"), BUDGET)
    assert chart.texts[:2] == ("113,9%", "93,2%")


def test_a_unit_without_the_indicator_gets_no_bar_and_a_dash(dataset: Dataset) -> None:
    chart = completion_chart(consolidate(dataset, "2023"), NTM)
    assert len(chart.labels) == 13
    reported = [name for name in DISTRICT_LEVEL if percent_of_target(dataset, "2023", name, NTM) is not None]
    assert chart.bars == len(reported) == 7
    by_unit = dict(zip(chart.labels, chart.texts, strict=True))
    assert by_unit["UBND huyện Hương Khê"] == "—"
    assert by_unit["UBND huyện Hương Sơn"] == "80,0%"  # 4 xã of 5


def test_an_indicator_not_in_the_catalogue_is_a_usage_error_with_a_hint(dataset: Dataset) -> None:
    with pytest.raises(UsageError) as caught:
        completion_chart(consolidate(dataset, "2023"), "thu-ngan-sach-nha-nuoc-tren-dia-bam")
    assert "thu-ngan-sach-nha-nuoc-tren-dia-bam" in str(caught.value)
    assert BUDGET in (caught.value.hint or "")


@pytest.mark.parametrize("period", PERIODS)
def test_reporting_has_one_bar_per_movement_with_reports(dataset: Dataset, period: str) -> None:
    chart = reporting_chart(consolidate(dataset, period), dataset.movements)
    units = reporting_to_the_office(dataset)
    by_movement: dict[str, set[str]] = {}
    for report in dataset.reports:
        if report.period == period and report.unit in units:
            for row in report.indicators:
                movement = dataset.indicators[row.indicator].movement
                if movement is not None:
                    by_movement.setdefault(movement, set()).add(report.unit)
    expected = [m for m in dataset.movements.values() if m.id in by_movement]
    assert chart.labels == tuple(m.name for m in expected)
    assert chart.values == tuple(Decimal(len(by_movement[m.id])) for m in expected)
    assert chart.bars == len(by_movement) > 10
    assert chart.axis_title == REPORTING_AXIS == "Số đơn vị báo cáo"
    assert chart.reference is None


@pytest.fixture
def matplotlib_loaded() -> None:
    """matplotlib imported and its parsers built, so that a warning turned into an error below is
    the chart's own (matplotlib 3.8 warns about pyparsing's old names when it first loads)."""
    render_png(Chart("reporting", "Thử", REPORTING_AXIS, ("Đơn vị",), (Decimal(1),), ("1",)))


@pytest.mark.usefixtures("matplotlib_loaded")
def test_a_period_nobody_reported_draws_an_empty_chart_that_says_so(dataset: Dataset) -> None:
    c = consolidate(dataset.model_copy(update={"reports": []}), "2023")
    completion, reporting = completion_chart(c, BUDGET), reporting_chart(c, dataset.movements)
    assert (completion.bars, len(completion.labels), set(completion.texts)) == (0, 13, {"—"})
    assert (reporting.bars, reporting.labels) == (0, ())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "identical low and high ylims" either
        data = render_png(reporting)
    assert data.startswith(b"\x89PNG")
    assert "Chưa có đơn vị báo cáo" in {text for text, _ in texts_drawn(reporting)}


def charts(dataset: Dataset) -> list[Chart]:
    c = consolidate(dataset, "2023-h1")
    return [completion_chart(c, BUDGET), completion_chart(c, NTM), reporting_chart(c, dataset.movements)]


def test_the_png_opens_at_its_fixed_size_with_no_software_or_date(dataset: Dataset) -> None:
    sizes = []
    for chart in charts(dataset):
        data = render_png(chart)
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG"
            sizes.append(image.size)
            assert png_size(chart) == image.size
            assert not {"Software", "Creation Time", "date:create"} & set(image.info)
        for chunk in (b"tEXt", b"iTXt", b"zTXt", b"tIME"):
            assert chunk not in data
    assert sizes == [(1250, 900), (1250, 900), (1250, 1600)]


def test_two_renders_are_byte_identical(dataset: Dataset) -> None:
    for chart in charts(dataset):
        assert render_png(chart) == render_png(chart)  # twice in one process


def test_another_process_renders_the_same_bytes(dataset: Dataset, tmp_path: Path) -> None:
    """Another hash seed and an empty matplotlib cache (the font list built again)."""
    chart = completion_chart(consolidate(dataset, "2023-h1"), BUDGET)
    (tmp_path / "chart.pickle").write_bytes(pickle.dumps(chart))
    code = (
        "import hashlib, pickle, sys; from pathlib import Path; from docgen.docx.charts import render_png; "
        f"chart = pickle.loads(Path({str(tmp_path / 'chart.pickle')!r}).read_bytes()); "
        "print(hashlib.sha256(render_png(chart)).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242", "MPLCONFIGDIR": str(tmp_path / "mpl")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == hashlib.sha256(render_png(chart)).hexdigest()


def texts_drawn(chart: Chart) -> list[tuple[str, str]]:
    """(text, font file) of every text of the chart's figure that has characters."""
    from matplotlib import font_manager

    fig = figure(chart)
    found = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontproperties") and hasattr(a, "get_text"))]
    return [(t.get_text(), font_manager.findfont(t.get_fontproperties())) for t in found if t.get_text().strip()]


@pytest.mark.usefixtures("matplotlib_loaded")
def test_every_text_is_in_a_serif_face_with_all_its_vietnamese_glyphs(dataset: Dataset) -> None:
    from matplotlib.ft2font import FT2Font

    assert font_family() in FONTS
    for chart in charts(dataset):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph … missing from font(s)" fails the test
            render_png(chart)
        drawn = texts_drawn(chart)
        shown = {" ".join(text.split()) for text, _ in drawn}  # labels wrapped on two lines
        assert {chart.axis_title, " ".join(chart.title.split()), *chart.labels, *chart.texts} <= shown
        for text, path in drawn:
            font = FT2Font(path)
            assert font.family_name == font_family(), (text, path)
            assert "Serif" in font.family_name
            charmap = font.get_charmap()
            missing = [ch for ch in text if not ch.isspace() and ord(ch) not in charmap]
            assert not missing, (text, path)


@pytest.mark.usefixtures("matplotlib_loaded")
def test_a_glyph_the_font_lacks_fails_the_render() -> None:
    """The check above can fail: a Chinese character is in neither serif face."""
    chart = Chart("reporting", "Thử", REPORTING_AXIS, ("漢",), (Decimal(1),), ("1",))
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from"):
        warnings.simplefilter("error")
        render_png(chart)
