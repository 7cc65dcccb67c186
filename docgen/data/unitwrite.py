"""Writing a unit file (``data/units/<unit-id>.yaml``) that a person can read and diff.

PyYAML's safe dumper, told how the shared files are written: a Vietnamese comment header, keys
in the models' order, block style with lists indented under their key, a blank line between
entries, Vietnamese as is (``allow_unicode``), no folding of long lines, paragraphs as ``|``
blocks, dates as YYYY-MM-DD. Text that YAML 1.1 would read as something else (``yes``, ``no``,
``on``, ``012``, ``2023-07-15``, ``1.5``) is quoted by the dumper's own resolvers. Figures are
written so that they read back as the same number without a question from the loader: an
integer plainly, a fraction plainly when a float keeps it exactly and it cannot pass for a
thousands separator (``1.525``), else Vietnamese-style in quotes (``"1,525"``).

The same entries and source give the same bytes; reading the file back gives the same entries.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import PureWindowsPath

import yaml
from pydantic import BaseModel, ValidationError

from docgen.data.model import Candidate, Indicator, Initiative, Person, PriorAward, Report, YearResult

ENTRY_MODELS: dict[str, type[BaseModel]] = {"reports": Report, "candidates": Candidate}
# The model of the items (or mapping) under each key of an entry, for the order of their keys.
_NESTED: dict[str, type[BaseModel]] = {
    "indicators": Indicator,
    "initiatives": Initiative,
    "prior_awards": PriorAward,
    "head": Person,
}
_BLOCK_UNSAFE = re.compile("[\r\x85\u2028\u2029\x00-\x09\x0b-\x1f\x7f-\x9f]")


class _Figure(str):
    """A number's text, written plain (YAML reads it as the number)."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "  - " under a key, as the shared files


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not _BLOCK_UNSAFE.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _represent_figure(dumper: yaml.SafeDumper, value: _Figure) -> yaml.ScalarNode:
    tag = "tag:yaml.org,2002:float" if "." in value else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, str(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Figure, _represent_figure)


def figure(value: Decimal | float | int) -> str:
    """How a number is written: ``525``, ``95.7``, or ``"1,525"`` (a ``str`` to quote)."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    number = number.normalize()
    text = format(number, "f")
    if "." not in text:
        return _Figure(text)
    plain = repr(float(text)) == text and re.fullmatch(r"-?\d{1,3}\.\d{3}", text) is None
    return _Figure(text) if plain else text.replace(".", ",")


def canonical(key: str, entry: Mapping[str, object], unit_id: str) -> dict[str, object]:
    """``entry`` (of ``reports`` or ``candidates``) as written in ``unit_id``'s file: read by its
    model when it is valid (so that equal contents compare equal), keys in the model's order,
    without the file's unit, ``sample: false``, unset fields and empty lists."""
    model = ENTRY_MODELS[key]
    data: Mapping[str, object] = entry
    # An invalid entry is written as given: the loader tells what is wrong, at its line in the file.
    with contextlib.suppress(ValidationError):
        data = model.model_validate({"unit": unit_id, **entry}).model_dump()
    out = _ordered(data, model)
    if out.get("unit") == unit_id:
        del out["unit"]
    if out.get("sample") in (False, None):
        out.pop("sample", None)
    return out


def _ordered(data: Mapping[str, object], model: type[BaseModel]) -> dict[str, object]:
    fields = list(model.model_fields)
    keys = [k for k in fields if k in data] + [k for k in data if k not in fields]
    out: dict[str, object] = {}
    for k in keys:
        value = _value(data[k], _NESTED.get(k) or (YearResult if model is Candidate and k == "results" else None))
        if value is None or value == [] or value == {}:
            continue
        out[k] = value
    return out


def _value(value: object, model: type[BaseModel] | None) -> object:
    if isinstance(value, Mapping):
        if model is not None:
            return _ordered(value, model)
        return {str(k): _value(v, None) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_value(v, model) for v in value]
    if isinstance(value, (Decimal, float)) or (isinstance(value, int) and not isinstance(value, bool)):
        return figure(value)
    if isinstance(value, BaseModel):
        return _ordered(value.model_dump(), type(value))
    return value


def content_key(key: str, entry: Mapping[str, object], unit_id: str) -> str:
    """One text per content: equal for two entries that say the same thing."""
    return json.dumps(canonical(key, entry, unit_id), ensure_ascii=False, default=_json_default)


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def header(unit_id: str, source: str) -> str:
    """The comment that opens a unit file: what it is, where it came from, how to change it."""
    name = "".join(c if c.isprintable() else "?" for c in PureWindowsPath(source).name) or "?"
    return (
        f"# Dữ liệu của đơn vị {unit_id}: báo cáo từng kỳ (reports) và hồ sơ đề nghị khen thưởng (candidates).\n"
        f"# Tệp do lệnh `docgen forms import` ghi từ biểu mẫu «{name}».\n"
        "# Không sửa tay nếu không nắm rõ cách ghi dữ liệu: lần nhập biểu mẫu sau của đơn vị sẽ thay toàn bộ\n"
        f"# tệp này (bản cũ được giữ thành {unit_id}.truoc-nhap-1.yaml, …). Muốn đổi số liệu, hãy sửa biểu\n"
        "# mẫu Excel rồi nhập lại.\n"
        f"# Các mục ở đây là số liệu thật (sample: false), trừ mục có ghi sample: true; mục không ghi unit:\n"
        f"# thuộc đơn vị {unit_id}.\n"
    )


def dump_unit_file(
    unit_id: str, reports: Sequence[Mapping[str, object]], candidates: Sequence[Mapping[str, object]], source: str
) -> bytes:
    """The bytes of ``unit_id``'s file holding ``reports`` and ``candidates`` (UTF-8, ``\\n``)."""
    body = {
        "unit": unit_id,
        "reports": [canonical("reports", r, unit_id) for r in reports],
        "candidates": [canonical("candidates", c, unit_id) for c in candidates],
    }
    text = yaml.dump(
        body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000, indent=2
    )
    # A blank line before each entry (top-level list items are the only lines starting "  - ").
    text = re.sub(r"^(  - )", r"\n\1", text, flags=re.MULTILINE)
    return (header(unit_id, source) + "\n" + text).encode("utf-8")
