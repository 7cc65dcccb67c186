"""Template tags read the way docxtpl reads them, each problem located in the template.

docxtpl joins a tag's pieces across Word's runs with a regular expression: ``{{`` takes
everything up to the next ``}}``, wherever it is. A tag an author left open (``{{ unit.name }``)
therefore swallows the text of every paragraph up to the next closing braces, and the documents
come out without them — with exit code 0. A ``{%p … %}`` tag replaces its whole paragraph (a
``{%tr … %}`` its whole table row), so any other text there is lost.

This module reads each paragraph's visible text, finds its tags and reports every problem at
once, each where an author finds it (``đoạn 14 «Thông qua {{ unit.name } các phong…»``):

- tags not closed in their paragraph, closers without an opener, ``{{ … %}``;
- ``{%p``/``{%tr``/``{%tc`` tags that are not alone in their paragraph, row or cell;
- Jinja syntax of each tag, and blocks (``for``/``if``…) that are not balanced.

It then gives the tag stream — one line per paragraph, holding only that paragraph's tags as
Jinja sees them — so that ``varcheck`` can walk the template's syntax tree and a line number is
a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

import jinja2
from docx.oxml.ns import qn
from jinja2 import nodes

from docgen.docx.env import environment
from docgen.docx.findings import Finding, Paragraph, enclosing, excerpt, paragraphs
from docgen.errors import closest

__all__ = ["PartTags", "Tag", "read_tags"]

_TOKEN: Final = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSER: Final = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PREFIX: Final = re.compile(r"^(\{\{|\{%|\{#)-?(p|tr|tc|r)\s")
_WHERE_PREFIX: Final = {"p": "đoạn", "tr": "hàng bảng", "tc": "ô bảng", "r": "đoạn chữ"}
# docxtpl's own cell tags, which are not Jinja: removed or made into plain prints.
_DOCXTPL_TAG: Final = re.compile(r"^\{%-?\s*(vm|hm)\s*-?%\}$")
_DOCXTPL_VALUE: Final = re.compile(r"^\{%-?\s*(colspan|cellbg)\s+(.*?)\s*-?%\}$", re.DOTALL)
# docxtpl straightens these inside tags itself (``clean_tags``); the Word check reports them.
_QUOTES: Final = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_BLOCKS: Final = {"for", "if", "macro", "call", "filter", "with", "raw", "autoescape", "block", "set"}
_MIDDLES: Final = {"else": {"for", "if"}, "elif": {"if"}}
_NOT_ALLOWED: Final = {"include", "extends", "import", "from", "block"}
_KNOWN: Final = sorted(_BLOCKS | {f"end{b}" for b in _BLOCKS} | set(_MIDDLES) | {"break", "continue", "do"})
_W_TR: Final = qn("w:tr")
_W_TC: Final = qn("w:tc")
_W_P: Final = qn("w:p")
_TEMPLATE_RULE: Final = "cú pháp thẻ docxtpl/Jinja"


@dataclass(frozen=True)
class Tag:
    """One tag of a paragraph: as the author wrote it, and as Jinja sees it."""

    paragraph: int
    """Index of its paragraph in :attr:`PartTags.paragraphs` (the stream's line is this + 1)."""
    text: str
    source: str
    """The tag without docxtpl's prefix (``{%p for`` → ``{% for``), quotes straightened; empty
    when the tag is docxtpl's own (``{% vm %}``)."""
    prefix: str
    """``p``, ``tr``, ``tc``, ``r`` or empty."""

    @property
    def statement(self) -> str:
        """The first word of a ``{% … %}`` tag (``for``, ``endif``); empty for others."""
        if not self.source.startswith("{%"):
            return ""
        words = self.source[2:].lstrip("-").split()
        return words[0] if words else ""


@dataclass
class PartTags:
    """The tags of one part (body, a header, a footer) and what is wrong with them."""

    part: str
    paragraphs: list[Paragraph]
    tags: list[Tag]
    findings: list[Finding] = field(default_factory=list)
    dropped: set[int] = field(default_factory=set)
    """Indexes in ``tags`` of tags left out of the stream because they are broken."""
    tree: nodes.Template | None = None
    """The Jinja syntax tree of the stream, when the stream parses."""
    closing: dict[int, list[str]] = field(default_factory=dict)
    """End tags the stream adds before the tag of this index (or at the end, index -1) for
    blocks an author left open: reported once, the rest of the template is still checked."""

    def stream(self) -> str:
        lines: list[list[str]] = [[] for _ in self.paragraphs]
        for index, tag in enumerate(self.tags):
            lines[tag.paragraph].extend(self.closing.get(index, []))
            if index not in self.dropped and tag.source:
                lines[tag.paragraph].append(tag.source)
        if lines:
            lines[-1].extend(self.closing.get(-1, []))
        return "\n".join(" ".join(line) for line in lines)

    def where(self, lineno: int) -> str:
        """The paragraph of a line of the stream."""
        index = min(max(lineno - 1, 0), len(self.paragraphs) - 1)
        return self.paragraphs[index].where if self.paragraphs else ""


def read_tags(template: str, part: str, root: Any) -> PartTags:
    """Every tag of a part, every problem with them, and (when it parses) the syntax tree."""
    found = PartTags(part, list(paragraphs(root, part)), [])
    _scan(template, found)
    _placement(template, found)
    _syntax(template, found)
    _balance(template, found)
    _parse_stream(template, found)
    return found


def _finding(template: str, where: str, message: str, hint: str, rule: str = _TEMPLATE_RULE) -> Finding:
    return Finding(template, rule, where, message, hint)


# --- lexical: openers and closers within one paragraph --------------------------------------------


def _scan(template: str, found: PartTags) -> None:
    for index, para in enumerate(found.paragraphs):
        text = para.text
        if "{" not in text and "}" not in text:
            continue
        position = 0
        while True:
            token = _TOKEN.search(text, position)
            if token is None:
                break
            symbol = token.group()
            if symbol not in _CLOSER:
                found.findings.append(
                    _finding(
                        template,
                        para.where,
                        f"«{symbol}» không có «{_opener_of(symbol)}» mở tương ứng trước nó",
                        f"xóa «{symbol}» thừa, hoặc thêm «{_opener_of(symbol)}» ở đầu thẻ",
                    )
                )
                position = token.end()
                continue
            closer = _CLOSER[symbol]
            following = _TOKEN.search(text, token.end())
            if following is not None and following.group() == closer:
                raw = text[token.start() : following.end()]
                found.tags.append(_tag(index, raw))
                position = following.end()
                continue
            if following is not None and following.group() in _CLOSER.values():
                wrong = following.group()
                raw = text[token.start() : following.end()]
                found.findings.append(
                    _finding(
                        template,
                        para.where,
                        f"thẻ «{excerpt(raw, 50)}» mở bằng «{symbol}» nhưng đóng bằng «{wrong}»",
                        f"đóng thẻ bằng «{closer}»" + (" (thẻ in biến: {{ … }}, thẻ lệnh: {% … %})"),
                    )
                )
                position = following.end()
                continue
            end = following.start() if following is not None else len(text)
            raw = text[token.start() : end].rstrip()
            brace = raw.find("}")
            raw = raw[: brace + 1] if brace > 0 else raw
            found.findings.append(
                _finding(
                    template,
                    para.where,
                    f"thẻ «{excerpt(raw, 50)}» không có «{closer}» đóng trong cùng đoạn: docxtpl sẽ nuốt mọi chữ "
                    f"đến «{closer}» kế tiếp ({_swallowed(found, index, token.end(), closer)}), "
                    "các đoạn ở giữa biến mất khỏi văn bản",
                    f"thêm «{closer}» vào cuối thẻ" + (" (thiếu một dấu «}»?)" if raw.endswith("}") else ""),
                )
            )
            position = end


def _opener_of(closer: str) -> str:
    return next(opener for opener, value in _CLOSER.items() if value == closer)


def _swallowed(found: PartTags, index: int, start: int, closer: str) -> str:
    """Where docxtpl's regular expression would stop: the next ``closer`` of the part."""
    text = found.paragraphs[index].text
    if closer in text[start:]:
        return "trong đoạn này"
    for later in found.paragraphs[index + 1 :]:
        if closer in later.text:
            return f"ở {later.where}"
    return "đến hết phần này của văn bản"


def _tag(index: int, raw: str) -> Tag:
    prefix_match = _PREFIX.match(raw)
    prefix = prefix_match.group(2) if prefix_match else ""
    source = raw
    if prefix_match:
        source = raw[: prefix_match.start(2)] + raw[prefix_match.end(2) :]
    source = source.translate(_QUOTES).replace("&lt;", "<").replace("&gt;", ">")
    if _DOCXTPL_TAG.match(source):
        source = ""
    elif value := _DOCXTPL_VALUE.match(source):
        source = "{{ " + value.group(2) + " }}"
    return Tag(index, raw, source, prefix)


# --- docxtpl's paragraph, row and cell tags ------------------------------------------------------------


def _placement(template: str, found: PartTags) -> None:
    by_paragraph: dict[int, list[Tag]] = {}
    for tag in found.tags:
        by_paragraph.setdefault(tag.paragraph, []).append(tag)
    for tag in found.tags:
        if tag.prefix not in ("p", "tr", "tc"):
            continue
        para = found.paragraphs[tag.paragraph]
        if tag.prefix == "p":
            rest = para.text.replace(tag.text, "", 1)
            scope = "đoạn"
        else:
            container = enclosing(para.element, _W_TR if tag.prefix == "tr" else _W_TC)
            if container is None:
                found.findings.append(
                    _finding(
                        template,
                        para.where,
                        f"thẻ «{excerpt(tag.text, 50)}» chỉ dùng được trong một {_WHERE_PREFIX[tag.prefix]}: "
                        "ngoài bảng, docxtpl cắt nhầm văn bản từ hàng bảng đứng trước",
                        "dùng {%p … %} cho đoạn văn, hoặc đặt thẻ vào một hàng của bảng",
                    )
                )
                continue
            rest = "".join(_text_of(p) for p in container.iter(_W_P)).replace(tag.text, "", 1)
            scope = _WHERE_PREFIX[tag.prefix]
        if rest.strip():
            found.findings.append(
                _finding(
                    template,
                    para.where,
                    f"thẻ «{excerpt(tag.text, 50)}» phải đứng một mình trong {scope}: docxtpl thay cả {scope} "
                    f"bằng thẻ, chữ «{excerpt(rest.strip(), 40)}» sẽ mất khỏi văn bản",
                    f"tách thẻ ra một {scope} riêng, không có chữ nào khác",
                )
            )


def _text_of(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


# --- Jinja syntax, tag by tag ----------------------------------------------------------------------------


def _syntax(template: str, found: PartTags) -> None:
    env = environment()
    for index, tag in enumerate(found.tags):
        if not tag.source or tag.source.startswith("{#"):
            continue
        where = found.paragraphs[tag.paragraph].where
        statement = tag.statement
        if statement in _NOT_ALLOWED:
            found.dropped.add(index)
            found.findings.append(
                _finding(
                    template,
                    where,
                    f"thẻ «{excerpt(tag.text, 50)}»: mẫu không được dùng «{statement}» (mẫu Word không nạp mẫu khác)",
                    "xóa thẻ; đưa nội dung cần dùng vào chính mẫu này",
                )
            )
            continue
        probe = _probe(tag, statement)
        if probe is None:
            continue
        try:
            env.parse(probe)
        except jinja2.TemplateSyntaxError as exc:
            found.dropped.add(index)
            found.findings.append(
                _finding(template, where, f"thẻ «{excerpt(tag.text, 60)}»: {vietnamese(exc)}", _hint(exc))
            )


def _probe(tag: Tag, statement: str) -> str | None:
    """A small template that parses when the tag's own syntax is right; ``None``: checked by
    the balance of blocks instead (``endfor``, ``else``)."""
    if tag.source.startswith("{{"):
        return tag.source
    body = tag.source
    if statement == "set" and "=" not in body:
        return body + "{% endset %}"
    if statement in _BLOCKS:
        return body + "{% end" + statement + " %}"
    if statement == "elif":
        return "{% if true %}" + body + "{% endif %}"
    if statement in _MIDDLES or statement.startswith("end") or statement in ("break", "continue"):
        return None
    return body


_TOKENS: Final = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "name": "một tên",
    "end of template": "cuối mẫu",
    "string": "một chuỗi",
    "integer": "một số",
    "in": "in",
}


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def vietnamese(exc: jinja2.TemplateSyntaxError) -> str:
    """Jinja's English syntax message, told in Vietnamese."""
    message = exc.message or ""
    if found := re.match(r"unexpected char '(.+?)' at \d+", message):
        return f"ký tự «{found.group(1)}» không dùng được trong thẻ"
    if found := re.match(r"unexpected '(.+?)', expected '(.+?)'", message):
        return f"gặp «{found.group(1)}» ở chỗ cần «{found.group(2)}»"
    if found := re.match(r"unexpected '(.+?)'", message):
        return f"thừa «{found.group(1)}»" + (" (thẻ in biến đóng bằng «}}»)" if found.group(1) == "}" else "")
    if found := re.match(r"expected token '(.+?)', got '(.+?)'", message):
        return f"cần «{_token(found.group(1))}» nhưng gặp «{_token(found.group(2))}»"
    if found := re.match(r"Expected an expression, got '(.+?)'", message):
        return f"thiếu biểu thức (tên biến, số hoặc chuỗi) trước «{_token(found.group(1))}»"
    if found := re.match(r"Encountered unknown tag '(.+?)'", message):
        return f"không có lệnh «{found.group(1)}»"
    if "Unexpected end of template" in message:
        return "khối lệnh chưa được đóng"
    if "tuple" in message or "assign" in message:
        return "không gán được giá trị cho phần bên trái dấu «=»"
    return "cú pháp của thẻ sai"


def _hint(exc: jinja2.TemplateSyntaxError) -> str:
    message = exc.message or ""
    if found := re.match(r"Encountered unknown tag '(.+?)'", message):
        near = closest(found.group(1), _KNOWN)
        return f'có phải "{near}"?' if near else "các lệnh: for, if, elif, else, set và end… tương ứng"
    if "unexpected char" in message:
        return "dùng dấu nháy thẳng \" hoặc ' và các ký tự của Jinja; xem docs/bien-mau.md"
    return "sửa thẻ theo cú pháp {{ biến | bộ_lọc(tham_số) }} hoặc {% lệnh %}; xem docs/bien-mau.md"


# --- blocks ----------------------------------------------------------------------------------------------


def _balance(template: str, found: PartTags) -> None:
    stack: list[tuple[str, int]] = []  # (block, index of its opening tag)
    for index, tag in enumerate(found.tags):
        if index in found.dropped:
            continue
        statement = tag.statement
        if statement == "set" and "=" in tag.source:
            continue
        where = found.paragraphs[tag.paragraph].where
        if statement in _BLOCKS:
            stack.append((statement, index))
        elif statement in _MIDDLES:
            if not stack or stack[-1][0] not in _MIDDLES[statement]:
                found.dropped.add(index)
                inside = " hoặc ".join(f"{{% {b} %}}" for b in sorted(_MIDDLES[statement]))
                found.findings.append(
                    _finding(
                        template,
                        where,
                        f"«{{% {statement} %}}» nằm ngoài khối {inside}",
                        f"xóa thẻ, hoặc đặt nó giữa {inside} và thẻ đóng của khối",
                    )
                )
        elif statement.startswith("end") and statement[3:] in _BLOCKS:
            block = statement[3:]
            if stack and stack[-1][0] == block:
                stack.pop()
            elif any(open_block == block for open_block, _ in stack):
                while stack and stack[-1][0] != block:
                    _unclosed(template, found, *stack.pop(), closed_by=tag, before=index)
                stack.pop()
            else:
                found.dropped.add(index)
                found.findings.append(
                    _finding(
                        template,
                        where,
                        f"«{{% {statement} %}}» không có «{{% {block} … %}}» mở trước nó",
                        f"xóa thẻ thừa, hoặc thêm «{{% {block} … %}}» ở chỗ khối bắt đầu",
                    )
                )
    while stack:
        _unclosed(template, found, *stack.pop(), closed_by=None, before=-1)


def _unclosed(template: str, found: PartTags, block: str, index: int, *, closed_by: Tag | None, before: int) -> None:
    found.closing.setdefault(before, []).append(f"{{% end{block} %}}")
    tag = found.tags[index]
    later = (
        f"; «{closed_by.statement}» ở {found.paragraphs[closed_by.paragraph].where} đóng khối ngoài nó"
        if closed_by is not None
        else ""
    )
    found.findings.append(
        _finding(
            template,
            found.paragraphs[tag.paragraph].where,
            f"khối «{excerpt(tag.text, 50)}» không có «{{%{tag.prefix} end{block} %}}» đóng{later}",
            f"thêm «{{%{tag.prefix} end{block} %}}» ở chỗ khối kết thúc",
        )
    )


# --- the whole stream ---------------------------------------------------------------------------------------


def _parse_stream(template: str, found: PartTags) -> None:
    """Parse the stream of the tags that passed; drop the tag of each remaining error and try
    again, so that the variables of the rest are still checked."""
    env = environment()
    for _ in range(len(found.tags) + 1):
        try:
            found.tree = env.parse(found.stream())
            return
        except jinja2.TemplateSyntaxError as exc:
            line = (exc.lineno or 1) - 1
            on_line = [i for i, tag in enumerate(found.tags) if tag.paragraph == line and i not in found.dropped]
            found.findings.append(_finding(template, found.where(exc.lineno or 1), vietnamese(exc), _hint(exc)))
            if not on_line:
                return
            found.dropped.update(on_line)
