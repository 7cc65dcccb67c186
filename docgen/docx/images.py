"""Charts of a context, placed in the rendered document as PNG pictures (``word/media``).

A context carries charts as data (``docgen.documents.chartdata.Chart``); a template places one
with ``{{ c.chart }}`` alone in a paragraph. Before rendering, every chart of the context is
drawn (``docgen.docx.charts``) and replaced by a ``Picture`` whose text is the inline drawing
Word expects (as docxtpl's ``InlineImage`` does: the run's text is closed, a drawing run put in,
a new text run opened); after rendering, the pictures become parts of the package with their
relationships and content type. The same chart gives the same bytes, so two builds of one
document are identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final
from xml.sax.saxutils import quoteattr

from lxml import etree

from docgen.documents.chartdata import Chart
from docgen.docx.charts import png_size, render_png

RELS: Final = "word/_rels/document.xml.rels"
CONTENT_TYPES: Final = "[Content_Types].xml"
_IMAGE_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_RELS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
WIDTH_EMU: Final = 5_715_000
"""6.25 inches (15,9 cm): the chart's own width, within the text width of an A4 page with
Decree 30's margins, so it is neither scaled nor cut."""

_DRAWING: Final = (
    '</w:t></w:r><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name={name} descr={descr}/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="0" name={file}/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    '<w:r><w:t xml:space="preserve">'
)


@dataclass(frozen=True)
class Picture:
    """One chart drawn, as the template prints it and as the package stores it."""

    index: int
    chart: Chart
    png: bytes

    @property
    def rid(self) -> str:
        return f"rIdDocgenChart{self.index}"

    @property
    def part(self) -> str:
        return f"word/media/docgen-chart-{self.index}.png"

    def __html__(self) -> str:
        width, height = png_size(self.chart)
        return _DRAWING.format(
            cx=WIDTH_EMU,
            cy=WIDTH_EMU * height // width,
            name=quoteattr(f"Biểu đồ {self.index}"),
            descr=quoteattr(self.chart.title.replace("\n", " ")),
            file=quoteattr(self.part.rsplit("/", 1)[1]),
            rid=self.rid,
        )

    __str__ = __html__


@dataclass(frozen=True)
class DrawnChart:
    """A chart whose PNG is already known (the build's cache of charts drawn before)."""

    chart: Chart
    png: bytes


@lru_cache(maxsize=32)
def _png(chart: Chart) -> bytes:
    """A chart's PNG, drawn once per process (an issued document is rendered twice)."""
    return render_png(chart)


def with_pictures(context: dict[str, Any]) -> tuple[dict[str, Any], list[Picture]]:
    """``context`` with every chart replaced by its picture, and the pictures in order; the
    context itself when it has no chart (every document but the consolidated report)."""
    pictures: list[Picture] = []

    def swap(value: Any) -> Any:
        if isinstance(value, Chart | DrawnChart):
            chart = value.chart if isinstance(value, DrawnChart) else value
            png = value.png if isinstance(value, DrawnChart) else _png(value)
            picture = Picture(len(pictures) + 1, chart, png)
            pictures.append(picture)
            return picture
        if isinstance(value, dict):
            swapped = {key: swap(item) for key, item in value.items()}
            return swapped if any(swapped[k] is not value[k] for k in value) else value
        if isinstance(value, list | tuple):
            items = [swap(item) for item in value]
            return type(value)(items) if any(a is not b for a, b in zip(items, value, strict=True)) else value
        return value

    new = swap(context)
    return (new, pictures) if pictures else (context, [])


def relationships(xml: bytes, pictures: Sequence[Picture]) -> bytes:
    """The document's relationships with one image relationship per picture."""
    root = etree.fromstring(xml)
    for picture in pictures:
        rel = etree.SubElement(root, f"{{{_RELS_NS}}}Relationship")
        rel.set("Id", picture.rid)
        rel.set("Type", _IMAGE_REL)
        rel.set("Target", picture.part.removeprefix("word/"))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def content_types(xml: bytes) -> bytes:
    """The package's content types, with PNG among them."""
    root = etree.fromstring(xml)
    if not any(d.get("Extension", "").lower() == "png" for d in root.iter(f"{{{_TYPES_NS}}}Default")):
        default = etree.Element(f"{{{_TYPES_NS}}}Default")
        default.set("Extension", "png")
        default.set("ContentType", "image/png")
        root.insert(0, default)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
