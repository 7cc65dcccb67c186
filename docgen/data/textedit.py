"""Taking one unit's entries out of data/reports.yaml or data/candidates.yaml, as text.

``docgen forms import --force`` moves a unit's entries into its own file. The shared file is a
person's work: its comments, blank lines, quoting and every other entry stay byte for byte.
So the file is not dumped again: exactly the lines of each of the unit's entries are cut out
(from the line of its ``-`` to the last line holding its content, with a comment at the end of
that line; a comment or blank line above or below an entry stays, such as a section header
``# === UBND thành phố Hà Tĩnh ===``). The edited text must read as the old data without those
entries, or nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection

import yaml

from docgen.data.fixing import _encode
from docgen.data.yamlfile import decode
from docgen.errors import OutputError

# libyaml's parser when PyYAML has it (its marks count characters too, as the pure-Python one's).
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _hint(label: str) -> str:
    return f"chuyển tay: cắt các mục của đơn vị khỏi {label} rồi chạy lại lệnh"


def without_unit(raw: bytes, label: str, key: str, unit_id: str) -> tuple[bytes, list[int]]:
    """``raw`` (a shared file's bytes) without the entries of ``key`` (``reports``/``candidates``)
    whose ``unit`` is ``unit_id``, and the indexes of the entries taken out (``[]``: ``raw`` as is).

    Raises ``OutputError`` when the entries cannot be cut out as lines (a list written
    ``[...]`` on one line, a file that does not read)."""
    return without_units(raw, label, key, [unit_id])


def without_units(raw: bytes, label: str, key: str, unit_ids: Collection[str]) -> tuple[bytes, list[int]]:
    """:func:`without_unit` for several units at once: the file is read, cut and checked once
    (a province's 250 forms move their entries in one edit, not 250)."""
    wanted = set(unit_ids)
    text, problem = decode(raw, label)
    if text is None or problem is not None:
        shown = ", ".join(sorted(wanted)[:3]) + (" …" if len(wanted) > 3 else "")
        raise OutputError(f"Không đọc được {label} để chuyển các mục của đơn vị {shown}.", hint=_hint(label))
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise OutputError(f"{label} có lỗi cú pháp YAML; chưa chuyển được mục nào.", hint=_hint(label)) from exc
    found = _list_node(root, key)
    if found is None:
        return raw, []
    key_node, items = found
    spans: list[tuple[int, int]] = []
    taken: list[int] = []
    for i, item in enumerate(items.value):
        if _unit_of(item) not in wanted:
            continue
        if items.flow_style:
            raise OutputError(
                f"{label}: danh sách {key} viết trong ngoặc [ ], docgen không tách riêng từng mục được.",
                hint=_hint(label),
            )
        spans.append(_lines_of(text, item, label))
        taken.append(i)
    if not taken:
        return raw, []
    edited = text
    if len(taken) == len(items.value):
        # The list would be left with no entry (YAML would read it as nothing): write it empty.
        colon = text.index(":", key_node.end_mark.index)
        spans.append((colon + 1, colon + 1))
    for start, end in sorted(spans, reverse=True):
        edited = edited[:start] + (" []" if start == end else "") + edited[end:]
    _check(text, edited, key, taken, label)
    return _encode(edited, raw), taken


def _list_node(root: yaml.Node | None, key: str) -> tuple[yaml.ScalarNode, yaml.SequenceNode] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key_node, value in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key and isinstance(value, yaml.SequenceNode):
            return key_node, value
    return None


def _unit_of(item: yaml.Node) -> str | None:
    if not isinstance(item, yaml.MappingNode):
        return None
    for key, value in item.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "unit" and isinstance(value, yaml.ScalarNode):
            return str(value.value)
    return None


def _last_index(node: yaml.Node) -> int:
    """Where the content of ``node`` ends: a scalar's or a ``[…]``/``{…}``'s own end, a block
    collection's last descendant's (its own end mark lies at the next token, past comments)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    if isinstance(node, yaml.MappingNode):
        return max(_last_index(part) for pair in node.value for part in pair)
    return max(_last_index(part) for part in node.value)


def _lines_of(text: str, item: yaml.Node, label: str) -> tuple[int, int]:
    """The characters of the whole lines an entry is written on, from its ``-`` to its end."""
    dash = item.start_mark.index - 1
    while dash >= 0 and text[dash] in " \r\n":
        dash -= 1
    start = text.rfind("\n", 0, max(dash, 0)) + 1
    if dash < 0 or text[dash] != "-" or text[start:dash].strip():
        raise OutputError(
            f"{label}:{item.start_mark.line + 1}: mục không bắt đầu bằng '- ' trên một dòng riêng, docgen không "
            "tách riêng được.",
            hint=_hint(label),
        )
    last = _last_index(item)
    while last > dash + 1 and text[last - 1] in " \r\n":
        last -= 1
    newline = text.find("\n", last)
    return start, len(text) if newline < 0 else newline + 1


def _check(before: str, after: str, key: str, taken: list[int], label: str) -> None:
    try:
        old = yaml.load(before, Loader=_Loader)
        new = yaml.load(after, Loader=_Loader)
    except yaml.YAMLError:
        new = old = None
    if isinstance(old, dict) and isinstance(old.get(key), list):
        old[key] = [entry for i, entry in enumerate(old[key]) if i not in taken]
    if old is None or old != new:
        raise OutputError(
            f"Không chuyển tự động được các mục khỏi {label}: sau khi cắt, tệp không còn đọc ra đúng dữ liệu cũ.",
            hint=_hint(label),
        )
