"""Reading one YAML file safely, keeping the line and column of every value.

PyYAML's ``safe_load`` forgets where values came from, silently keeps the last of two equal
keys and expands aliases without limit. Here the file is only *composed* into nodes by the
safe loader, then converted by hand so that every path (``("units", 3, "parent")``) keeps
its position, duplicate keys become problems, and expansion is bounded.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docgen.errors import Problem

MAX_BYTES = 10 * 1024 * 1024
MAX_NODES = 500_000
MAX_DEPTH = 60

PathKey = tuple[str | int, ...]

# libyaml's parser when PyYAML has it (about 10× faster on the communes and reports files);
# construction stays in Python either way, so both give the same values and positions.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDoc:
    """A parsed file: its value, and the position of every value and every mapping key."""

    name: str
    value: object
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

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


class _Limit(Exception):
    def __init__(self, message: str, node: yaml.Node | None = None) -> None:
        super().__init__(message)
        self.node = node


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, doc: YamlDoc, problems: list[Problem]) -> None:
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.count = 0

    def problem(self, node: yaml.Node, path: PathKey, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.doc.name, mark.line + 1, mark.column + 1, dotted(path), message, hint))

    def convert(self, node: yaml.Node, path: PathKey, depth: int) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Limit(
                f"tệp có quá nhiều phần tử (hơn {MAX_NODES:,}) sau khi mở rộng bí danh (alias)".replace(",", "."),
                node,
            )
        if depth > MAX_DEPTH:
            raise _Limit(f"tệp lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)", node)
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: PathKey) -> object:
        try:
            value = self.loader.construct_object(node, deep=False)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            # e.g. a timestamp PyYAML recognises but cannot build (2023-02-30), or a !!python tag
            self.problem(node, path, f"giá trị không đọc được: {getattr(exc, 'problem', None) or exc}")
            return None
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, bytes):
            raise _Limit("giá trị nhị phân (!!binary) không được dùng trong dữ liệu", node)
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


def read_yaml(path: Path, name: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse ``path``; on any problem return ``None`` and the problems, never raise."""
    problems: list[Problem] = []
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            mib = MAX_BYTES // (1024 * 1024)
            return None, [
                Problem(
                    name,
                    None,
                    None,
                    "",
                    f"tệp quá lớn ({size:,} byte, tối đa {mib} MB)".replace(",", "."),
                    "chia dữ liệu thành nhiều tệp hoặc kiểm tra lại tệp",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, None, "", f"không đọc được tệp: {exc.strerror or exc}")]
    text, problem = decode(raw, name)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    if not text.strip():
        return None, [Problem(name, None, None, "", "tệp trống", "tệp phải chứa dữ liệu theo mẫu trong docs/")]
    doc = YamlDoc(name, None)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(name, None, None, "", "tệp không có dữ liệu (chỉ có chú thích)")]
        doc.value = _Converter(loader, doc, problems).convert(node, (), 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = exc.problem or exc.context or "lỗi cú pháp"
        return None, [
            Problem(
                name,
                line,
                col,
                "",
                f"lỗi cú pháp YAML: {what}",
                "kiểm tra thụt lề (dùng dấu cách, không dùng Tab) và dấu ':' sau mỗi khóa",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(name, None, None, "", f"lỗi cú pháp YAML: {exc}")]
    except _Limit as exc:
        line, col = (exc.node.start_mark.line + 1, exc.node.start_mark.column + 1) if exc.node else (None, None)
        return None, [Problem(name, line, col, "", str(exc), "không dùng bí danh (&, *) lồng nhau trong dữ liệu")]
    except RecursionError:
        return None, [Problem(name, None, None, "", f"tệp lồng nhau quá sâu (hơn {MAX_DEPTH} cấp)")]
    finally:
        loader.dispose()
    if problems:
        return None, problems
    return doc, []
