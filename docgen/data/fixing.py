"""``docgen validate --fix-encoding``: converting legacy-encoded words (TCVN3, VNI) of the data
files to Unicode, changing nothing else.

Each value is edited in place in the file's text, at the exact span YAML read it from (a
targeted edit rather than a YAML round trip: comments, quotes, folding, line endings and the
byte order mark stay as they were, byte for byte). The edited text is read again and must give
the same data with only the fixed values changed, or nothing is written. A block scalar
(``|``/``>``) is never rewritten: its converted text is shown for the clerk to paste in.
"""

from __future__ import annotations

import codecs
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from docgen.data.yamlfile import PathKey, decode, dotted
from docgen.errors import OutputError
from docgen.fs import write_atomic
from docgen.vn.legacy import LegacyText, find_legacy


@dataclass(frozen=True)
class EncodingFix:
    """One value to convert: where it is, its text before and after, and how it is written."""

    file: str  # data/units.yaml
    line: int
    path: PathKey
    old: str
    new: str
    found: LegacyText
    block: bool  # a `|` or `>` block: shown, never rewritten
    start: int  # the span of the value's source text in the file's text
    end: int

    @property
    def field(self) -> str:
        return dotted(self.path)


@dataclass(frozen=True)
class FileFix:
    """Every value to convert in one data file, and the file's text as it was read."""

    path: Path
    label: str
    raw: bytes
    text: str
    fixes: tuple[EncodingFix, ...]

    @property
    def written(self) -> tuple[EncodingFix, ...]:
        return tuple(fix for fix in self.fixes if not fix.block)


def plan_fixes(data_dir: Path, names: list[str]) -> list[FileFix]:
    """The legacy-encoded values of the data files ``names`` (a file that cannot be read or
    parsed is skipped: ``validate`` reports it)."""
    plans = []
    for name in names:
        path = data_dir / name
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        text, problem = decode(raw, f"data/{name}")
        if text is None or problem is not None:
            continue
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)  # pure Python: marks count characters
        except yaml.YAMLError:
            continue
        fixes: dict[int, EncodingFix] = {}
        if node is not None:
            for scalar, where in _scalars(node, ()):
                if scalar.start_mark.index not in fixes:
                    fix = _fix(f"data/{name}", scalar, where)
                    if fix is not None:
                        fixes[scalar.start_mark.index] = fix
        if fixes:
            ordered = tuple(sorted(fixes.values(), key=lambda f: f.start))
            plans.append(FileFix(path, f"data/{name}", raw, text, ordered))
    return plans


def _scalars(node: yaml.Node, path: PathKey, depth: int = 0) -> list[tuple[yaml.ScalarNode, PathKey]]:
    if depth > 60:
        return []
    found: list[tuple[yaml.ScalarNode, PathKey]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                found += _scalars(value, (*path, str(key.value)), depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found += _scalars(item, (*path, i), depth + 1)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        found.append((node, path))
    return found


def _fix(label: str, node: yaml.ScalarNode, path: PathKey) -> EncodingFix | None:
    value = unicodedata.normalize("NFC", str(node.value))
    found = find_legacy(value)
    if found is None:
        return None
    start, end = node.start_mark.index, node.end_mark.index
    return EncodingFix(
        label, node.start_mark.line + 1, path, value, found.converted, found, node.style in ("|", ">"), start, end
    )


def edited_text(plan: FileFix) -> str:
    """The file's text with every non-block value converted, everything else left as it was.

    A legacy word is replaced where it is written in the value's span; a value whose words are
    not all written literally there (escapes in a double-quoted value) is written again as one
    double-quoted value.
    """
    text = plan.text
    for fix in reversed(plan.written):
        span = text[fix.start : fix.end]
        text = text[: fix.start] + _edited_span(span, fix) + text[fix.end :]
    return text


def _edited_span(span: str, fix: EncodingFix) -> str:
    parts: list[str] = []
    cursor = 0
    for word in fix.found.words:
        at = span.find(word.text, cursor)
        if at < 0:
            return json.dumps(fix.new, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
        parts += [span[cursor:at], word.converted]
        cursor = at + len(word.text)
    return "".join([*parts, span[cursor:]])


def _encode(text: str, raw: bytes) -> bytes:
    """``text`` in the file's own encoding, with its byte order mark if it had one."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            return bom + text.encode(codec)
    return (codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b"") + text.encode("utf-8")


def _set(data: object, path: PathKey, value: str) -> None:
    for part in path[:-1]:
        data = data[part]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


def check_edit(plan: FileFix, text: str) -> bool:
    """The edited ``text`` reads as the old data with exactly the fixed values converted."""
    try:
        before = yaml.safe_load(plan.text)
        after = yaml.safe_load(text)
        for fix in plan.written:
            _set(before, fix.path, fix.new)
    except (yaml.YAMLError, KeyError, IndexError, TypeError):
        return False

    def normal(value: object) -> object:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, dict):
            return {normal(k): normal(v) for k, v in value.items()}
        if isinstance(value, list):
            return [normal(v) for v in value]
        return value

    return normal(before) == normal(after)


def backup_path(path: Path) -> Path:
    """``units.yaml.bak``, or ``.bak-2``, ``.bak-3`` … when a backup is already there."""
    for n in range(1, 1000):
        candidate = path.with_name(path.name + (".bak" if n == 1 else f".bak-{n}"))
        if not os.path.lexists(candidate):
            return candidate
    raise OutputError(f"Quá nhiều bản sao lưu của {path}", hint="xóa bớt các tệp .bak cũ")


def apply_fix(plan: FileFix) -> Path:
    """Write the converted file (atomically) after a copy of it as it was; the copy's path.

    Refuses (``OutputError``) when the file changed since it was read, or when the edit would
    change anything but the converted values; nothing is written then.
    """
    text = edited_text(plan)
    if not check_edit(plan, text):
        raise OutputError(
            f"Không sửa tự động được {plan.label}: sau khi sửa, tệp không còn đọc ra đúng dữ liệu cũ.",
            hint="sửa tay các giá trị đã hiện ở trên",
        )
    try:
        current = plan.path.read_bytes()
    except OSError as exc:
        raise OutputError(f"Không đọc lại được {plan.label}.") from exc
    if current != plan.raw:
        raise OutputError(
            f"{plan.label} vừa bị sửa trong lúc docgen đang chuyển mã; chưa ghi gì.",
            hint="lưu tệp trong trình soạn thảo rồi chạy lại lệnh",
        )
    backup = backup_path(plan.path)
    write_atomic(backup, plan.raw)
    write_atomic(plan.path, _encode(text, plan.raw))
    return backup
