"""The charts of Sở Nội vụ's consolidated report (issue 18, item 3), as PNG bytes.

What the bars show is ``docgen.documents.chartdata``'s (``Chart``); ``render_png`` draws a
chart with matplotlib and ``png_size`` says its size in pixels. Choices:

- matplotlib is imported only inside ``figure``: importing it costs about 0.3 s, and every
  command but the build of the consolidated report (the no-op rebuild included) must not pay it.
  ``matplotlib.use("Agg")`` there: no display, on a server or a clerk's Windows PC alike.
- No pyplot: a ``Figure`` with its own Agg canvas, so no global figure list and no GUI backend.
- Same bytes on every build on one machine: fixed figure size and dpi, matplotlib's own
  defaults (``rcdefaults``, so a user's matplotlibrc changes nothing), no Software/date chunk in
  the PNG (``metadata={"Software": None}``), no tight bounding box (it would make the size depend
  on the text).
- Vietnamese in a serif face with every diacritic: Liberation Serif (Times New Roman's metrics,
  fonts-liberation2 on Linux, present on most Windows PCs with LibreOffice), else DejaVu Serif,
  which matplotlib bundles. One family only, no per-glyph fallback: a missing glyph then warns
  (tests turn that warning into an error) instead of mixing faces.
- Horizontal bars: units' and movements' names are long ("UBND huyện Cẩm Xuyên"); on a vertical
  axis they read straight, never rotated or overlapping.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from docgen.documents.chartdata import Chart, wrap

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONTS: Final = ("Liberation Serif", "DejaVu Serif")
"""The serif faces a chart's text is set in, the first one installed."""

DPI: Final = 200
COMPLETION_SIZE: Final = (6.25, 4.5)
"""Inches (1250 × 900 px at 200 dpi): the width of the text on an A4 page with Decree 30
margins. Binary fractions (6.25, not 6.3): matplotlib before 3.9 truncates inches × dpi, and
4.6 × 200 is 919.99… there."""
REPORTING_SIZE: Final = (6.25, 8.0)
"""Inches (1250 × 1600 px): room for some twenty movements' names on two lines each."""

TARGET_LINE: Final = "Kế hoạch (100%)"
NO_FIGURES: Final = "Chưa có đơn vị báo cáo"
"""What a chart without a single label says (no unit reported in the period)."""

BAR_COLOUR: Final = "#4a6f95"
BELOW_COLOUR: Final = "#c0504d"
"""A unit below target: red, the colour a reviewer looks for first, and hatched (a black and white
print shows the hatching where both colours are the same grey)."""


def png_size(chart: Chart) -> tuple[int, int]:
    """Width and height of the chart's PNG in pixels."""
    inches = COMPLETION_SIZE if chart.kind == "completion" else REPORTING_SIZE
    return round(inches[0] * DPI), round(inches[1] * DPI)


VIETNAMESE: Final = "ĐđƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
"""Letters a chart's font must have: Vietnamese vowels with their tone marks."""


@lru_cache(maxsize=1)
def font_file() -> str:
    """The font file a chart's text is set in: the first of ``FONTS`` with a regular face that
    has every Vietnamese letter (ties: the first path in sorted order).

    A file, not a family name: two packages may install a face of one name (Debian's
    fonts-liberation, without Vietnamese, next to fonts-liberation2, with it), and matplotlib
    then picks either, by the order it happened to list them — a missing glyph, or different
    bytes on the next build."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    for family in FONTS:
        regular = (400, "normal", "regular")
        faces = font_manager.fontManager.ttflist
        files = sorted({f.fname for f in faces if f.name == family and f.style == "normal" and f.weight in regular})
        for path in files:
            charmap = FT2Font(path).get_charmap()
            if all(ord(letter) in charmap for letter in VIETNAMESE):
                return path
    # matplotlib's own DejaVu Serif has them all.
    return str(font_manager.findfont(font_manager.FontProperties(family="DejaVu Serif")))


def font_family() -> str:
    """The family name of ``font_file``."""
    from matplotlib import font_manager

    return str(font_manager.FontProperties(fname=font_file()).get_name())


def figure(chart: Chart) -> Figure:
    """The matplotlib figure of ``chart`` (on an Agg canvas), text in a serif face."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update({"font.family": [font_family()], "font.size": 9, "axes.titlesize": 11})
        size = COMPLETION_SIZE if chart.kind == "completion" else REPORTING_SIZE
        fig = Figure(figsize=size, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        # Labels wrapped so that the plot keeps most of the width: a unit on one line, a
        # movement on at most two.
        width = 28 if chart.kind == "completion" else 50
        positions = list(range(len(chart.labels)))
        heights = [float(v) if v is not None else 0.0 for v in chart.values]
        reference = None if chart.reference is None else float(chart.reference)
        below = [reference is not None and h < reference for h in heights]
        # Below target: red and hatched, so that a report printed in black and white (most are)
        # still tells them apart. Two calls: a per-bar hatch list needs a newer matplotlib.
        for low in (False, True):
            shown = [(pos, h) for pos, h, b in zip(positions, heights, below, strict=True) if b == low]
            if shown:
                ax.barh(
                    [pos for pos, _ in shown],
                    [h for _, h in shown],
                    color=BELOW_COLOUR if low else BAR_COLOUR,
                    hatch="////" if low else None,
                    edgecolor="white" if low else None,
                    linewidth=0,
                    height=0.6,
                )
        ax.set_yticks(positions, [wrap(label, width) for label in chart.labels])
        ax.tick_params(axis="y", labelsize=9 if chart.kind == "completion" else 8)
        # The first unit at the top, as in the appendix table; room above it for the line's label.
        ax.set_ylim(max(len(positions), 1) - 0.5, -1.3 if reference is not None else -0.5)
        if not positions:
            ax.text(0.5, 0.5, NO_FIGURES, transform=ax.transAxes, ha="center", va="center")
        top = max([*heights, reference or 0.0, 1.0])
        if reference is not None:
            # The figures in one column right of every bar and of the 100 % line, which they
            # would otherwise cross for results near the target.
            column = top * 1.03
            ax.set_xlim(0, top * 1.2)
            ax.axvline(reference, color="black", linestyle="--", linewidth=1)
            ax.text(reference, -0.9, " " + TARGET_LINE, va="center", ha="left", fontsize=8)
            for position, text in zip(positions, chart.texts, strict=True):
                ax.text(column, position, text, va="center", ha="left")
        else:
            ax.set_xlim(0, top * 1.15)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            for position, height, text in zip(positions, heights, chart.texts, strict=True):
                ax.annotate(text, (height, position), xytext=(3, 0), textcoords="offset points", va="center")
        ax.set_xlabel(chart.axis_title)
        # Over the whole figure, not the plot: a title as wide as the page, never cut at the right.
        fig.suptitle(chart.title, fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        # Every text in the one file, at the size it was given (see ``font_file``).
        path = font_file()
        for artist in fig.findobj(Text):
            artist.set_fontproperties(FontProperties(fname=path, size=artist.get_fontsize()))
    return fig


def render_png(chart: Chart) -> bytes:
    """The PNG of ``chart``: the same bytes for the same chart on one machine, no metadata but
    the image's own (no Software, no date)."""
    import matplotlib

    fig = figure(chart)
    out = io.BytesIO()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
