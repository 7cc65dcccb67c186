"""Reading one YAML file safely, keeping the line and column of every value.

PyYAML's ``safe_load`` forgets where values came from, silently keeps the last of two equal
keys and expands aliases without limit. Here the file is only *composed* into nodes by the
safe loader, then converted by hand so that every path (``("units", 3, "parent")``) keeps
its position, duplicate keys become problems, and expansion is bounded.
"""

from __future__ import annotations

import calendar
import codecs
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docgen import vn
from docgen.errors import Problem
from docgen.fs import os_reason

MAX_BYTES = 10 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 60

PathKey = tuple[str | int, ...]

# libyaml's parser when PyYAML has it (about 10× faster on the communes and reports files);
# construction stays in Python either way, so both give the same values and positions.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDoc:
    """A parsed file: its value, and the position of every value and every mapping key.

    ``sources`` keeps the text as written of every value YAML did not read as text
    (``no`` → False, ``042`` → 42, ``2023-07-15`` → a date), so that a message can show what
    the clerk typed and how to quote it.
    """

    name: str
    value: object
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    sources: dict[PathKey, str] = field(default_factory=dict)

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest known ancestor."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (None, None))


_ALIAS_HINT = "không dùng bí danh (&, *) lồng nhau trong dữ liệu"


class _Limit(Exception):
    def __init__(self, message: str, node: yaml.Node | None = None, hint: str | None = _ALIAS_HINT) -> None:
        super().__init__(message)
        self.node = node
        self.hint = hint


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, doc: YamlDoc, problems: list[Problem]) -> None:
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.count = 0
        # A value that could not be read becomes None: checking the model on it would only
        # add a second, misleading message for the same field.
        self.values_lost = False

    def problem(self, node: yaml.Node, path: PathKey, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.doc.name, mark.line + 1, mark.column + 1, dotted(path), message, hint))

    def convert(self, node: yaml.Node, path: PathKey, depth: int) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Limit(f"tệp có quá nhiều phần tử (hơn {vn.number(MAX_NODES)}) sau khi mở rộng bí danh", node)
        if depth > MAX_DEPTH:
            raise _Limit(f"tệp lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)", node, _DEPTH_HINT)
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        value = self.scalar(node, path)
        if not isinstance(value, str) and isinstance(node.value, str) and node.value:
            self.doc.sources[path] = node.value
        return value

    def scalar(self, node: yaml.Node, path: PathKey) -> object:
        try:
            value = self.loader.construct_object(node, deep=False)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, yaml.YAMLError) as exc:
            # A timestamp PyYAML recognises but cannot build (2023-02-30), an unknown or
            # !!python tag, or a tagged value its constructor chokes on (!!bool maybe).
            self.problem(node, path, *unreadable_value(node, exc))
            self.values_lost = True
            return None
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
            refused = foreign_characters(value)
            if refused:
                self.problem(node, path, refused, _FOREIGN_HINT)
            marks = template_marks(value)
            if marks:
                self.problem(node, path, *marks)
            return value
        if isinstance(value, bytes):
            raise _Limit(
                "giá trị nhị phân (!!binary) không được dùng trong dữ liệu",
                node,
                "bỏ chữ !!binary và ghi giá trị bằng chữ",
            )
        return value

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[object, object]:
        self.loader.flatten_mapping(node)  # resolves `<<` merge keys like safe_load does
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or not isinstance(key, Hashable) or isinstance(key, (list, dict)):
                self.problem(key_node, path, "khóa phải là một chuỗi đơn giản")
                continue
            # Keys that YAML reads as dates or numbers are addressed as text in messages.
            key_text = key if isinstance(key, str) else str(key)
            child = (*path, key_text)
            if key in result:
                first = self.doc.key_marks.get(child, (None, None))[0]
                self.problem(
                    key_node,
                    child,
                    f"khóa {key_text!r} bị lặp lại (đã có ở dòng {first})",
                    "xóa một trong hai dòng; YAML sẽ âm thầm giữ giá trị cuối cùng",
                )
                continue
            self.doc.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, child, depth + 1)
        return result


# Characters that have no place in an official text. Every string value (and key) of every
# data file passes through _Converter.scalar, so this is the one place they are checked.
# A line break is left to each field: a one-line field (name, title…) refuses it with its own
# message, a paragraph field (overview, achievements…, written as a `|` block) keeps it.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_FOREIGN_HINT = (
    "xóa ký tự đó (thường lẫn vào khi sao chép từ trang web, Word hoặc phần mềm khác); ký tự ẩn "
    "không nhìn thấy được: xóa cả chữ quanh vị trí đó rồi gõ lại, và thay Tab bằng dấu cách"
)


def _foreign_kind(char: str) -> str | None:
    if char == "\t":
        return "ký tự Tab"
    if char == "\n":
        return None
    if char in _BIDI:
        return "ký tự đảo chiều chữ"
    if char in _ZERO_WIDTH:
        return "ký tự ẩn không độ rộng"
    category = unicodedata.category(char)
    if category == "Cc":
        return "ký tự điều khiển"
    if category == "Cs" or char in "\ufffe\uffff":
        return "ký tự không hợp lệ"
    return None


# The same characters as one class, to pass the ~45,000 strings of a province quickly.
_ANY_FOREIGN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"  # control characters (Cc) and Tab, not the line break
    "\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069"  # zero-width, bidi
    "\ud800-\udfff\ufffe\uffff]"  # lone surrogates, non-characters
)


def foreign_characters(value: str) -> str | None:
    """Every character of ``value`` that does not belong in an official text, with its
    position (1-based) in the value: ``ký tự điều khiển U+0001 ở vị trí 12 của giá trị``."""
    if _ANY_FOREIGN.search(value) is None:
        return None
    found: dict[tuple[str, str], list[int]] = {}
    for index, char in enumerate(value, 1):
        kind = _foreign_kind(char)
        if kind is not None:
            found.setdefault((kind, char), []).append(index)
    if not found:
        return None
    return "; ".join(
        f"{kind} U+{ord(char):04X} ở vị trí {', '.join(map(str, where))} của giá trị"
        for (kind, char), where in found.items()
    )


# What a finished document is checked against (docx.text.check_no_leftovers): template tags, and
# the words a missing value prints as. Data holding them would fail every document it reaches.
# «{_{», «}_}», «{_%», «%_}» too: docxtpl turns them into tags in the rendered text.
_TEMPLATE_TAG = re.compile(r"\{_?\{|\}_?\}|\{_?%|%_?\}|\{#|#\}")
_MISSING_WORD = re.compile(r"\b(None|Undefined)\b")


def template_marks(value: str) -> tuple[str, str] | None:
    """Why ``value`` cannot be printed in a document (message, hint), or ``None``."""
    tag = _TEMPLATE_TAG.search(value)
    if tag is not None:
        return (
            f"giá trị chứa «{tag.group()}» (ở vị trí {tag.start() + 1}), ký hiệu của mẫu văn bản: "
            "văn bản có ký hiệu này bị coi là mẫu lỗi và không được tạo",
            "bỏ ký hiệu đó hoặc thay bằng ngoặc đơn ( )",
        )
    word = _MISSING_WORD.search(value)
    if word is not None:
        return (
            f"giá trị chứa chữ «{word.group()}» (ở vị trí {word.start() + 1}): docgen dùng chữ này để phát hiện "
            "dữ liệu bị thiếu trong văn bản",
            "viết bằng tiếng Việt, ví dụ «không có», «chưa xác định»",
        )
    return None


def dotted(path: PathKey) -> str:
    """``("units", 3, "parent")`` → ``units[3].parent``, as a clerk reads it in messages."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def decode(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Bytes of a data file → text; UTF-8 (with or without BOM) and UTF-16 with BOM."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        return None, Problem(name, None, None, "", "tệp nhị phân, không phải văn bản YAML", "hãy chọn đúng tệp .yaml")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(
            name,
            line,
            None,
            "",
            "tệp không phải mã UTF-8 (có thể là mã cũ TCVN3/VNI hoặc Windows-1258)",
            "mở bằng Notepad, chọn Lưu thành… với mã hóa UTF-8",
        )


# What to tell a clerk about each syntax problem PyYAML (pure Python) or libyaml reports.
# Both word their problems differently ("mapping values are not allowed here" / "... in this
# context"), so each entry matches a fragment common to both.

_QUOTE_HINT = 'đặt cả giá trị trong dấu ngoặc kép, ví dụ: summary: "…"'
_INDENT_HINT = "các trường cùng cấp phải bắt đầu ở cùng một cột; thụt lề bằng dấu cách, không dùng Tab"
_DEPTH_HINT = "kiểm tra các dấu ngoặc [ ] { } đã đóng đủ chưa"
_GENERIC = (
    "docgen không đọc được cấu trúc tệp ở chỗ này",
    "kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau mỗi tên trường và các dấu ngoặc",
)


@dataclass(frozen=True)
class _Syntax:
    problem: tuple[str, ...]  # any of these fragments of the problem text ...
    context: tuple[str, ...]  # ... and any of these of the context text (() = whatever it is)
    message: str
    hint: str
    at_start: bool = False  # point at where the broken part began rather than where it was noticed
    where: str = ""  # "tab", "dash" or "inline": only when the offending character is so


_UNCLOSED_QUOTE = (
    "chuỗi trong ngoặc chưa đóng: thiếu dấu ngoặc kép (\") hoặc ngoặc đơn (') ở cuối giá trị",
    "thêm dấu ngoặc đóng cùng loại với dấu mở ở đầu giá trị",
)
_TAB = (
    "có ký tự Tab ở chỗ chỉ được dùng dấu cách",
    "xóa Tab; thụt lề bằng dấu cách (mỗi cấp 2 dấu cách), không dùng Tab",
)
_MISPLACED_COLON = (
    "dấu ':' không được đứng ở đây",
    'giá trị có dấu ":" phải đặt trong ngoặc kép, ví dụ: summary: "Kế hoạch: thi đua"; '
    "nếu không, kiểm tra dòng này có bị thụt lề sâu hơn các trường cùng cấp không",
)
_LIST_INDENT = (
    "danh sách có một dòng không bắt đầu bằng '- ', hoặc thụt lề không thẳng hàng",
    "mỗi mục của danh sách bắt đầu bằng '- ' ở cùng một cột; "
    "các trường của một mục thẳng cột với chữ đầu tiên sau '- '",
)
_KEY_INDENT = ("thụt lề không thẳng hàng: dòng này không thẳng cột với các trường cùng cấp", _INDENT_HINT)
_DASH_AMONG_KEYS = (
    "thụt lề không thẳng hàng: mục danh sách '- ' ở dòng này không thẳng cột với các mục phía trên, "
    "hoặc nằm lẫn giữa các trường",
    "các mục của một danh sách bắt đầu bằng '- ' ở cùng một cột, ngay dưới một trường kết thúc bằng ':'",
)
_TRAILING_TEXT = (
    "có chữ thừa sau giá trị",
    "nếu giá trị có dấu ngoặc kép ở giữa, đặt cả giá trị trong ngoặc đơn, ví dụ: name: 'Trường \"Hoa Sen\"'; "
    "nếu không, xóa phần thừa",
)

_SYNTAX: tuple[_Syntax, ...] = (
    _Syntax(("end of stream", "document separator", "document indicator"), ("quoted scalar",), *_UNCLOSED_QUOTE, True),
    _Syntax(
        ("escape character", "hexadecimal", "hexdecimal", "Unicode character escape"),
        (),
        "dấu gạch chéo ngược (\\) trong chuỗi ngoặc kép không hợp lệ",
        "viết hai dấu \\\\ thay cho một, hoặc dùng ngoặc đơn ('…') thay cho ngoặc kép",
    ),
    _Syntax(
        ("could not find expected ':'",),
        (),
        "thiếu dấu ':' sau tên trường",
        "viết `tên_trường: giá trị` (có dấu cách sau dấu ':'); nếu dòng này nối tiếp giá trị của "
        "dòng trên thì thụt vào sâu hơn tên trường đó",
        True,
    ),
    _Syntax(("tab character", "'\\t'"), (), *_TAB),
    _Syntax(("cannot start any token",), (), *_TAB, where="tab"),
    _Syntax(("cannot start any token",), (), "giá trị không được bắt đầu bằng ký tự '{char}'", _QUOTE_HINT),
    _Syntax(("mapping values are not allowed", "found unexpected ':'"), (), *_MISPLACED_COLON),
    _Syntax(("expected '-' indicator",), (), *_LIST_INDENT),
    _Syntax(("expected <block end>",), ("block collection",), *_LIST_INDENT),
    _Syntax(("did not find expected key", "expected <block end>"), (), *_DASH_AMONG_KEYS, where="dash"),
    _Syntax(("did not find expected key", "expected <block end>"), (), *_UNCLOSED_QUOTE, True, where="quote"),
    _Syntax(("did not find expected key", "expected <block end>"), (), *_TRAILING_TEXT, where="inline"),
    _Syntax(("did not find expected key", "expected <block end>"), (), *_KEY_INDENT),
    _Syntax(
        ("expected ',' or ']'",),
        (),
        "danh sách trong ngoặc vuông [ ] chưa đóng, hoặc thiếu dấu phẩy giữa các mục",
        "đóng bằng ']' và ngăn các mục bằng dấu ','; hoặc viết mỗi mục trên một dòng bắt đầu bằng '- ' "
        "(thụt lề bằng dấu cách, không dùng Tab)",
        True,
    ),
    _Syntax(
        ("expected ',' or '}'",),
        (),
        "bảng trong ngoặc nhọn { } chưa đóng, hoặc thiếu dấu phẩy giữa các trường",
        "đóng bằng '}' và ngăn các trường bằng dấu ','; hoặc viết mỗi trường trên một dòng "
        "(thụt lề bằng dấu cách, không dùng Tab)",
        True,
    ),
    _Syntax(
        ("undefined alias",),
        (),
        "bí danh '*{name}' chưa được khai báo",
        "dấu '*' ở đầu giá trị nhắc lại một giá trị đã đánh dấu '&tên' ở phía trên; "
        "nếu chỉ là chữ thì đặt cả giá trị trong dấu ngoặc kép",
    ),
    _Syntax(
        ("second occurrence",),
        ("duplicate anchor",),
        "dấu '&{name}' được đặt hai lần",
        "đổi tên một trong hai, hoặc đặt giá trị bắt đầu bằng '&' trong dấu ngoặc kép",
    ),
    _Syntax(
        ("another document", "document start", "<document end>", "DOCUMENT-END"),
        (),
        "tệp chỉ được có một khối dữ liệu, nhưng có dòng '---' hoặc '...' ở giữa",
        "xóa dòng '---' hoặc '...' (hoặc tách phần sau ra tệp khác)",
    ),
    _Syntax(
        ("alphabetic or numeric", "non-alphabetical"),
        ("anchor", "alias"),
        "sau dấu '&' hoặc '*' phải có tên viết liền (chữ, số)",
        _QUOTE_HINT,
    ),
    _Syntax(
        ("directive", "YAML document", "%YAML", "%TAG"),
        (),
        "dòng bắt đầu bằng '%' không hợp lệ",
        "đặt giá trị trong dấu ngoặc kép; dòng chú thích bắt đầu bằng '#'",
    ),
    _Syntax((), ("directive",), "dòng bắt đầu bằng '%' không hợp lệ", _QUOTE_HINT),
    _Syntax(("tag handle", "expected '!'", "URI", "'>'"), (), "giá trị bắt đầu bằng '!' không hợp lệ", _QUOTE_HINT),
    _Syntax((), ("tag",), "giá trị bắt đầu bằng '!' không hợp lệ", _QUOTE_HINT),
    _Syntax(
        (),
        ("block scalar",),
        "sau dấu '|' hoặc '>' chỉ được có '-', '+' hoặc một chữ số từ 1 đến 9",
        "viết `trường: |` rồi xuống dòng, thụt đoạn văn bản vào sâu hơn tên trường",
    ),
    _Syntax(
        ("sequence entries are not allowed",),
        (),
        "dấu '- ' (mục danh sách) không được đứng ở đây",
        "danh sách bắt đầu ở dòng mới ngay dưới `trường:`, thụt vào sâu hơn tên trường",
    ),
    _Syntax(("mapping keys are not allowed",), (), "dấu '?' không được đứng ở đây", _QUOTE_HINT),
    _Syntax(
        ("node content",),
        (),
        "thiếu giá trị, hoặc giá trị bắt đầu bằng một ký tự đặc biệt",
        _QUOTE_HINT,
    ),
    _Syntax(("nesting depth",), (), "dữ liệu lồng nhau quá sâu", _DEPTH_HINT),
    _Syntax(
        ("merging", "merge"),
        (),
        "'<<' chỉ dùng để gộp vào đây một bảng đã đánh dấu '&tên'",
        "viết `<<: *tên` với tên là một bảng khóa: giá trị, hoặc đổi tên trường '<<'",
    ),
    _Syntax(
        ("end of stream",),
        (),
        "tệp kết thúc khi một phần dữ liệu còn dang dở",
        "kiểm tra dấu ngoặc [ ] { } hoặc dấu ngoặc kép chưa đóng",
        True,
    ),
    _Syntax(
        ("octet", "UTF-16", "Unicode character"),
        (),
        "tệp có ký tự không đọc được",
        "mở bằng Notepad, chọn Lưu thành… với mã hóa UTF-8",
    ),
)


def _line_text(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line] if 0 <= line < len(lines) else ""


def _situation(text: str, mark: yaml.Mark | None) -> tuple[str, str, tuple[int, int] | None]:
    """What stands at ``mark``: ("tab"|"dash"|"quote"|"inline"|"", the character, where it began).

    "quote": the text before ``mark`` on its line closes a quote opened on an earlier line, so
    the real mistake is that opening quote left unclosed (its line and column are returned).
    """
    if mark is None:
        return "", "", None
    line = _line_text(text, mark.line)
    char = line[mark.column] if 0 <= mark.column < len(line) else ""
    before = line[: mark.column]
    if char == "\t" or ("\t" in line[: mark.column + 1] and not before.strip()):
        return "tab", char, None
    if char == "-":
        return "dash", char, None
    for quote in "\"'":
        if before.count(quote) % 2:
            offset = sum(len(x) + 1 for x in text.split("\n")[: mark.line])
            opening = text.rfind(quote, 0, offset)
            if opening >= 0:
                start_line = text.count("\n", 0, opening)
                return "quote", char, (start_line + 1, opening - text.rfind("\n", 0, opening))
    if before.strip():
        return "inline", char, None
    return "", char, None


def _name_at(text: str, mark: yaml.Mark | None, sigil: str) -> str:
    """The anchor or alias name written at ``mark`` (``*ten`` → ``ten``)."""
    if mark is None:
        return "…"
    found = re.match(re.escape(sigil) + r"([^\s,\[\]{}]+)", _line_text(text, mark.line)[mark.column :])
    return found.group(1) if found else "…"


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, int | None, str, str]:
    """A PyYAML or libyaml syntax error → (line, column, Vietnamese message, hint)."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    where, char, began = _situation(text, exc.problem_mark)
    for entry in _SYNTAX:
        if entry.problem and not any(word in problem for word in entry.problem):
            continue
        if entry.context and not any(word in context for word in entry.context):
            continue
        if entry.where and entry.where != where:
            continue
        sigil = "&" if "anchor" in context else "*"
        name = _name_at(text, exc.problem_mark, sigil)
        message = entry.message.replace("{char}", char.strip() or "?").replace("{name}", name)
        marks = (exc.context_mark, exc.problem_mark) if entry.at_start else (exc.problem_mark, exc.context_mark)
        break
    else:
        message, hint = _GENERIC
        entry = _Syntax((), (), message, hint)
        marks = (exc.problem_mark, exc.context_mark)
    mark = marks[0] or marks[1]
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    if entry.where == "quote" and began is not None:
        line, col = began
    return line, col, f"lỗi cú pháp YAML: {message}", entry.hint


def _reader_problem(exc: yaml.reader.ReaderError, text: str, name: str) -> Problem:
    """An invisible control character (PyYAML refuses them) → where it is and what to do."""
    char = exc.character if isinstance(exc.character, int) else None
    index = text.find(chr(char)) if char is not None and 0 <= char <= 0x10FFFF else -1
    line, col = (text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)) if index >= 0 else (None, None)
    code = f" (mã U+{char:04X})" if char is not None else ""
    return Problem(
        name,
        line,
        col,
        "",
        f"tệp có ký tự điều khiển không nhìn thấy được{code}",
        "xóa ký tự đó (thường lẫn vào khi sao chép từ trang web hoặc phần mềm khác), rồi lưu lại",
    )


_DATE_TEXT = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2}):(\d{2}))?.*", re.DOTALL)
DATE_HINT = 'ghi ngày dạng năm-tháng-ngày, ví dụ 2023-07-15, hoặc "2023-07" nếu chỉ biết tháng'


def explain_date(text: str) -> str | None:
    """Why ``text`` (``2021-13-45``) is no real day, in Vietnamese; None if it is one or no date."""
    found = _DATE_TEXT.fullmatch(text)
    if found is None:
        return None
    year, month, day = (int(found.group(i)) for i in (1, 2, 3))
    if year < 1:
        return "năm phải từ 1 trở đi"
    if not 1 <= month <= 12:
        return f"tháng phải từ 1 đến 12, đang ghi {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"tháng {month}/{year} chỉ có {days} ngày, đang ghi ngày {day}"
    if found.group(4) is not None:
        hour, minute, second = (int(found.group(i)) for i in (4, 5, 6))
        if hour > 23:
            return "giờ phải từ 0 đến 23"
        if minute > 59:
            return "phút phải từ 0 đến 59"
        if second > 59:
            return "giây phải từ 0 đến 59"
    return None


def show_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/name:os.system`` → ``!!python/name:os.system``, as written."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def unreadable_value(node: yaml.Node, exc: BaseException) -> tuple[str, str | None]:
    """A scalar PyYAML recognised but could not build → (message, hint) in Vietnamese."""
    text = str(node.value)
    kind = str(node.tag).rsplit(":", 1)[-1]
    if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in str(exc.problem):
        return (
            f"nhãn kiểu {show_tag(str(node.tag))} không được dùng trong dữ liệu",
            "bỏ phần bắt đầu bằng '!' trước giá trị, hoặc đặt cả giá trị trong dấu ngoặc kép",
        )
    if kind == "timestamp":
        reason = explain_date(text)
        return (f"ngày {text} không có thật: {reason}" if reason else f"ngày {text!r} không đọc được"), DATE_HINT
    if kind == "int":
        return f"không đọc được số nguyên {text!r}", "chỉ ghi chữ số, ví dụ 2023; nếu là chữ thì bỏ !!int"
    if kind == "float":
        return f"không đọc được số {text!r}", "ghi số với dấu chấm thập phân, ví dụ 1.5; nếu là chữ thì bỏ !!float"
    if kind == "bool":
        return f"không đọc được giá trị đúng/sai {text!r}", "ghi true hoặc false"
    if kind == "binary":
        return "giá trị nhị phân (!!binary) không được dùng trong dữ liệu", "bỏ chữ !!binary và ghi giá trị bằng chữ"
    return f"giá trị {text!r} không đọc được", _QUOTE_HINT


def read_yaml(path: Path, name: str, raw: bytes | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse ``path`` (or ``raw``, its planned bytes): the document (``None`` if it cannot be
    read at all) and its problems; never raises. (``data.parsed.read_yaml`` remembers the
    last files parsed.)"""
    problems: list[Problem] = []
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > MAX_BYTES:
            mib = MAX_BYTES // (1024 * 1024)
            return None, [
                Problem(
                    name,
                    None,
                    None,
                    "",
                    f"tệp quá lớn ({vn.number(size)} byte; tối đa {mib} MB)",
                    "chia dữ liệu thành nhiều tệp hoặc kiểm tra lại tệp",
                )
            ]
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        return None, [Problem(name, None, None, "", f"không đọc được tệp: {os_reason(exc)}")]
    text, problem = decode(raw, name)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    if not text.strip():
        return None, [
            Problem(
                name,
                None,
                None,
                "",
                "tệp trống",
                "chép tệp cùng tên từ một thư mục làm việc mới (tạo bằng `docgen init THƯ_MỤC_MỚI`) "
                "rồi sửa lại theo dữ liệu của mình",
            )
        ]
    doc = YamlDoc(name, None)
    loader: yaml.SafeLoader | None = None
    try:
        loader = _Loader(text)  # the pure-Python reader already checks the characters here
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(name, None, None, "", "tệp không có dữ liệu (chỉ có chú thích)")]
        converter = _Converter(loader, doc, problems)
        doc.value = converter.convert(node, (), 0)
        if converter.values_lost:
            return None, problems
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, name)]
    except yaml.MarkedYAMLError as exc:
        line, col, message, hint = syntax_problem(exc, text)
        return None, [Problem(name, line, col, "", message, hint)]
    except yaml.YAMLError:
        return None, [Problem(name, None, None, "", f"lỗi cú pháp YAML: {_GENERIC[0]}", _GENERIC[1])]
    except _Limit as exc:
        line, col = (exc.node.start_mark.line + 1, exc.node.start_mark.column + 1) if exc.node else (None, None)
        return None, [Problem(name, line, col, "", str(exc), exc.hint)]
    except RecursionError:
        return None, [Problem(name, None, None, "", f"tệp lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)", _DEPTH_HINT)]
    finally:
        if loader is not None:
            loader.dispose()
    # A repeated or unusable key is skipped and reported; the rest of the file is still
    # checked against the model, so every problem is reported at once.
    return doc, problems
