"""The cached rendering path: a template prepared once per worker, rendered many times.

Plain docxtpl re-reads the template, re-runs its regex clean-ups and recompiles the Jinja
source on every ``render()`` — most of the cost of a document (``../shared/baseline.md``).
``PreparedTemplate`` does that work once and then, for each context, runs the compiled
template and applies *the same* docxtpl post-processing functions to the output, so every
part it writes equals what the reference renderer (plain docxtpl, ``tests/reference_render.py``)
writes; a test checks it.
Unchanged parts are copied as already-compressed bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree

from docgen.docx import archive, images
from docgen.docx.env import environment
from docgen.docx.layout import fit_rules_xml
from docgen.docx.properties import jinja_errors, rendered_xml_errors, set_properties, template_errors
from docgen.docx.text import check_no_leftovers

_HEADER_URIS = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
_CORE = "docProps/core.xml"
_DOCUMENT = "word/document.xml"
_LISTING_CHARS = re.compile("[\t\a\n\f]")
_PROPS = ("author", "comments", "identifier", "language", "subject", "title")


@dataclass
class _Part:
    name: str
    template: jinja2.Template
    encoding: str
    # A part without any tag renders the same for every context: its XML and compressed entry
    # are made once (most headers and footers: a page number field, nothing else).
    fixed: tuple[bytes, archive.Entry] | None = None


def _constant(env: jinja2.Environment, source: str) -> bool:
    """Whether ``source`` has no tag at all, only text: its output never depends on a context."""
    body = env.parse(source).body
    return all(isinstance(node, nodes.Output) and all(isinstance(c, nodes.TemplateData) for c in node.nodes)
               for node in body)  # fmt: skip


def fix_tables(tpl: DocxTemplate, xml: str) -> Any:
    """``tpl.fix_tables(xml)``, without its per-cell walk when no table needs fixing.

    docxtpl parses the rendered body and then adjusts each table's grid to its rows (columns
    added by ``{%tc %}`` loops, removed by ``hm``/``vm`` merges). Almost every document has
    consistent tables, and then its result is just the parsed tree; any other case is left to
    docxtpl itself, so the output is the same in both paths (a test compares them)."""
    tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
    if tree is None or not _tables_consistent(tree):
        return tpl.fix_tables(xml)
    return tree


def _tables_consistent(tree: Any) -> bool:
    """True when docxtpl's ``fix_tables`` would change nothing: no row has more cells than
    the grid has columns, and some row spans the whole grid."""
    w = tree.nsmap.get("w")
    if w is None:
        return False
    tbl, grid_tag, col, tr, tc = (f"{{{w}}}{name}" for name in ("tbl", "tblGrid", "gridCol", "tr", "tc"))
    tc_pr, grid_span, val = f"{{{w}}}tcPr", f"{{{w}}}gridSpan", f"{{{w}}}val"
    for table in tree.iter(tbl):
        grid = table.find(grid_tag)
        if grid is None:
            return False
        columns = len(grid.findall(col))
        widest = 0
        for row in table.iter(tr):  # docxtpl counts the rows of nested tables too
            cells = row.findall(tc)
            if len(cells) > columns:
                return False
            if widest >= columns:
                continue
            if len(cells) == columns:
                widest = columns
                continue
            spans = 0
            for cell in cells:
                props = cell.find(tc_pr)
                span = None if props is None else props.find(grid_span)
                try:
                    spans += 1 if span is None else int(span.get(val))
                except (TypeError, ValueError):
                    return False
            widest = max(widest, spans)
        if widest < columns:
            return False
    return True


class PreparedTemplate:
    """One template, parsed and compiled once; ``render`` is safe to call repeatedly in one
    process (not from several threads at once: it reuses one document tree)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with template_errors(path.name):
            self._prepare(path)

    def _prepare(self, path: Path) -> None:
        env = environment()
        tpl = DocxTemplate(path)
        tpl.render_init()
        self._tpl = tpl  # its pure string/XML helpers are reused so the output matches docxtpl
        docx = tpl.docx
        assert docx is not None
        body_src = tpl.patch_xml(tpl.get_xml())
        self._body = env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", body_src))
        self._root = docx._element
        self._styles = docx.styles.element
        self._parts: list[_Part] = []
        for uri in _HEADER_URIS:
            for _rel, part in tpl.get_headers_footers(uri):
                xml = tpl.get_part_xml(part)
                encoding = tpl.get_headers_footers_encoding(xml)
                source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
                self._parts.append(self._part(env, str(part.partname).lstrip("/"), source, encoding))
        core = docx.core_properties
        sources = {name: getattr(core, name) or "" for name in _PROPS}
        self._props = {name: env.from_string(source) for name, source in sources.items()}
        # Properties without a tag are the same text in every document: rendered once.
        self._fixed_props = {name: self._props.pop(name).render() for name, source in sources.items()
                             if _constant(env, source)}  # fmt: skip
        self._core_xml = serialize_part_xml(core._element)
        # What docxtpl would write for every part that rendering does not touch.
        buffer = io.BytesIO()
        docx.save(buffer)
        self._order: list[str] = []
        self._static: dict[str, archive.Entry] = {}
        self._package: dict[str, bytes] = {}  # the parts a document with pictures adds to
        for name, content in archive.read_parts(buffer.getvalue()):
            self._order.append(name)
            self._static[name] = archive.compress(name, content)
            if name in (images.RELS, images.CONTENT_TYPES):
                self._package[name] = content

    def _part(self, env: jinja2.Environment, name: str, source: str, encoding: str) -> _Part:
        part = _Part(name, env.from_string(source), encoding)
        if not _constant(env, source):
            return part
        try:
            xml = serialize_part_xml(parse_xml(self._finish_part(part.template.render()).encode(encoding)))
        except Exception:
            return part
        part.fixed = (xml, archive.compress(name, xml))
        return part

    def _finish_part(self, rendered: str) -> str:
        # docxtpl's re.sub(r"\n<w:p([ >])", r"<w:p\1") as two plain replacements (same result)
        rendered = rendered.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        rendered = rendered.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if not _LISTING_CHARS.search(rendered):
            return rendered  # docxtpl's resolve_listing changes only these characters
        return str(self._tpl.resolve_listing(rendered))

    def render(self, context: dict[str, Any], *, doc_id: str) -> bytes:
        context, pictures = images.with_pictures(context)
        with jinja_errors(doc_id, self.path.name):
            body_xml = self._finish_part(self._body.render(context))
            headers = [
                (part, self._finish_part(part.template.render(context))) for part in self._parts if not part.fixed
            ]
            props = {  # in _PROPS order: the order they are set in is the order of core.xml's elements
                name: self._fixed_props[name] if name in self._fixed_props else self._props[name].render(context)
                for name in _PROPS
            }
        with rendered_xml_errors(doc_id, self.path.name):
            tree = fix_tables(self._tpl, body_xml)
            header_trees = [(part, parse_xml(xml.encode(part.encoding))) for part, xml in headers]
        self._tpl.docx_ids_index = 1000
        self._tpl.fix_docpr_ids(tree)
        old_body = self._root.body
        self._root.replace(old_body, tree)
        try:
            fit_rules_xml(tree, self._styles)
            changed = {_DOCUMENT: serialize_part_xml(self._root)}
        finally:
            self._root.replace(tree, old_body)
        for part, header_tree in header_trees:
            changed[part.name] = serialize_part_xml(header_tree)
        changed[_CORE] = self._core(props, context)
        if pictures:
            changed[images.RELS] = images.relationships(self._package[images.RELS], pictures)
            changed[images.CONTENT_TYPES] = images.content_types(self._package[images.CONTENT_TYPES])
        fixed = {part.name: part.fixed for part in self._parts if part.fixed}
        entries = [
            fixed[name][1] if name in fixed else archive.compress(name, changed[name]) if name in changed
            else self._static[name]
            for name in self._order
        ]  # fmt: skip
        # PNG is compressed already: stored, not deflated again.
        entries += [archive.stored(picture.part, picture.png) for picture in pictures]
        changed.update((name, xml) for name, (xml, _entry) in fixed.items())
        check_no_leftovers(b"", doc_id=doc_id, template=self.path.name, parts=changed)
        return archive.build(entries)

    def _core(self, props: dict[str, str], context: dict[str, Any]) -> bytes:
        element = parse_xml(self._core_xml)
        core = CoreProperties(element)
        for name, value in props.items():
            setattr(core, name, value)
        set_properties(core, context)
        return serialize_part_xml(element)
