"""What every filter and global of the template environment takes and does, in Vietnamese.

One entry per name that :func:`docgen.docx.env.environment` offers a template: docgen's own
formatting filters (``docgen.vn`` and ``sort_vi``), then the filters and globals Jinja brings.
A signature is read from the function itself, with its parameters glossed for a template
author (``header_date(ngày, địa_danh=None, blank_day=False)``): the value written before ``|``
is the first parameter; keyword-only parameters and the ones authors pass by name keep their
real name, because that is what the template must say. ``filter_signature`` serves both the
``docgen template vars`` listing and the messages of a template check ("bộ lọc header_date
nhận: …"). A test keeps this table and the environment equal, and every glossed name a real
parameter of its function.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from docgen.docx.env import environment

Usage = Literal["bộ lọc", "hàm", "bộ lọc và hàm"]


@dataclass(frozen=True)
class FilterHelp:
    """How a template author calls one filter or global, and what it does."""

    name: str
    description: str
    glosses: Mapping[str, str] = field(default_factory=dict)
    """Vietnamese names shown for the function's parameters (the others keep their own)."""
    parameters: str | None = None
    """The parameter list written by hand, for functions that take ``*args``/``**kwargs``."""
    own: bool = True
    """One of docgen's filters (``docs/bo-loc.md``); else one Jinja brings."""


_TEXT = {"s": "chữ"}
_VALUE = {"value": "giá_trị"}
_LIST = {"value": "danh_sách"}
_SEQ = {"seq": "danh_sách"}

_HELP: tuple[FilterHelp, ...] = (
    # docgen's own (docs/bo-loc.md), in the order of docgen.vn.FILTERS
    FilterHelp(
        "header_date",
        "dòng địa danh, ngày tháng ở đầu văn bản; `blank_day=doc.draft` để trống ngày cho dự thảo",
        {"d": "ngày", "place": "địa_danh"},
    ),
    FilterHelp("short_date", "ngày viết gọn trong câu văn: `05/7/2023`", {"d": "ngày"}),
    FilterHelp(
        "number",
        "số có dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân: `1.234,5`",
        {"x": "số", "decimals": "số_chữ_số_thập_phân"},
    ),
    FilterHelp("percent", "tỷ lệ phần trăm: `87,5%`; rỗng in «—»", {"x": "số", "decimals": "số_chữ_số_thập_phân"}),
    FilterHelp("money", "số tiền (đồng chẵn): `1.800.000 đồng`", {"x": "số_tiền"}),
    FilterHelp("in_words", "đọc số thành chữ, viết thường: `một triệu tám trăm nghìn`", {"n": "số"}),
    FilterHelp("money_in_words", "số tiền bằng chữ: `Một triệu tám trăm nghìn đồng`", {"n": "số_tiền"}),
    FilterHelp("roman", "số La Mã đánh số phần: `IV`", {"n": "số"}),
    FilterHelp("point_label", "chữ cái đánh số điểm thứ n: `a`, `b`, … `đ`", {"i": "thứ_tự"}),
    FilterHelp("sort_key", "khóa sắp xếp theo thứ tự tiếng Việt", {"s": "chữ"}),
    FilterHelp("person_sort_key", "khóa sắp xếp người theo tên, tên đệm, họ", {"full_name": "họ_tên"}),
    FilterHelp("upper", "viết hoa đúng tiếng Việt (`đ` → `Đ`)", _TEXT),
    FilterHelp("slug", "tên tệp từ tên tiếng Việt: `huyen-huong-khe`", _TEXT),
    FilterHelp("nfc", "đưa chữ về dạng Unicode dựng sẵn (NFC)", _TEXT),
    FilterHelp("canonical_tones", "đặt dấu thanh kiểu cũ: `hoà` → `hòa`, `uỷ` → `ủy`", _TEXT),
    FilterHelp("detect_legacy", "chữ gõ bằng bảng mã cũ: `tcvn3`, `vni`, hoặc rỗng", _TEXT),
    FilterHelp("from_legacy", "chuyển chữ TCVN3 hoặc VNI sang Unicode", {"s": "chữ", "encoding": "bảng_mã"}),
    FilterHelp(
        "symbol",
        "dòng số, ký hiệu: `Số: 05/KH-UBND`; không có số thì để trống 6 dấu cách",
        {"kind_abbr": "tên_loại", "issuer_abbr": "cơ_quan", "number": "số"},
    ),
    FilterHelp(
        "sort_vi", "sắp xếp danh sách theo thứ tự tiếng Việt (`person=True`: người theo tên)", {"items": "danh_sách"}
    ),
    # Jinja's filters
    FilterHelp("abs", "giá trị tuyệt đối của một số", {"x": "số"}, own=False),
    FilterHelp("attr", "thuộc tính có tên cho trước của một giá trị", {"obj": "giá_trị", "name": "tên"}, own=False),
    FilterHelp("batch", "chia danh sách thành từng nhóm n phần tử", {**_LIST, "linecount": "số_phần_tử"}, own=False),
    FilterHelp("capitalize", "viết hoa chữ cái đầu, các chữ sau viết thường", _TEXT, own=False),
    FilterHelp("center", "căn giữa trong một số ký tự (chữ thuần, không dùng trong Word)", {"value": "chữ"}, own=False),
    FilterHelp("count", "số phần tử của danh sách, số ký tự của chữ (như `length`)", {"obj": "giá_trị"}, own=False),
    FilterHelp("d", "viết tắt của `default`", {**_VALUE, "default_value": "giá_trị_thay"}, own=False),
    FilterHelp(
        "default",
        "giá trị thay khi biến không có (`boolean=True`: cả khi rỗng); đừng dùng để che tên biến viết sai",
        {**_VALUE, "default_value": "giá_trị_thay"},
        own=False,
    ),
    FilterHelp("dictsort", "các cặp khóa, giá trị của một từ điển, sắp theo khóa", {"value": "từ_điển"}, own=False),
    FilterHelp("e", "viết tắt của `escape`", {"s": "giá_trị"}, own=False),
    FilterHelp("escape", "thoát ký tự `&`, `<`, `>` (mẫu đã tự làm việc này)", {"s": "giá_trị"}, own=False),
    FilterHelp("filesizeformat", "dung lượng tệp dễ đọc: `1.2 MB`", {"value": "số_byte"}, own=False),
    FilterHelp("first", "phần tử đầu tiên", _SEQ, own=False),
    FilterHelp("float", "đổi sang số thực (`default` khi không đổi được)", _VALUE, own=False),
    FilterHelp("forceescape", "thoát ký tự `&`, `<`, `>` cả khi chữ đã được đánh dấu an toàn", _VALUE, own=False),
    FilterHelp(
        "format",
        "định dạng kiểu `%` của Python; số và tiền hãy dùng `number`, `money`",
        parameters="mẫu_chữ, giá_trị, …",
        own=False,
    ),
    FilterHelp("groupby", "nhóm các phần tử theo một thuộc tính", _LIST, own=False),
    FilterHelp("indent", "thụt lề các dòng của chữ (chữ thuần)", _TEXT, own=False),
    FilterHelp("int", "đổi sang số nguyên (`default` khi không đổi được)", _VALUE, own=False),
    FilterHelp("items", "các cặp khóa, giá trị của một từ điển", {"value": "từ_điển"}, own=False),
    FilterHelp("join", 'nối các phần tử thành một chuỗi: `join(", ")`', {**_LIST, "d": "dấu_nối"}, own=False),
    FilterHelp("last", "phần tử cuối cùng", _SEQ, own=False),
    FilterHelp("length", "số phần tử của danh sách, số ký tự của chữ", {"obj": "giá_trị"}, own=False),
    FilterHelp("list", "đổi thành danh sách", _VALUE, own=False),
    FilterHelp("lower", "viết thường", _TEXT, own=False),
    FilterHelp(
        "map",
        'lấy một thuộc tính (`attribute="name"`) hoặc áp một bộ lọc cho từng phần tử',
        parameters="danh_sách, tên_bộ_lọc | attribute=…",
        own=False,
    ),
    FilterHelp("max", "phần tử lớn nhất", _LIST, own=False),
    FilterHelp("min", "phần tử nhỏ nhất", _LIST, own=False),
    FilterHelp("pprint", "in cấu trúc của giá trị để gỡ lỗi", _VALUE, own=False),
    FilterHelp("random", "một phần tử ngẫu nhiên; không dùng trong văn bản (mỗi lần tạo một khác)", _SEQ, own=False),
    FilterHelp("reject", "bỏ các phần tử đúng với một phép thử", parameters="danh_sách, phép_thử, …", own=False),
    FilterHelp(
        "rejectattr",
        "bỏ các phần tử có thuộc tính đúng với một phép thử",
        parameters="danh_sách, thuộc_tính, phép_thử, …",
        own=False,
    ),
    FilterHelp(
        "replace", "thay một đoạn chữ bằng đoạn khác", {"s": "chữ", "old": "chữ_cũ", "new": "chữ_mới"}, own=False
    ),
    FilterHelp("reverse", "đảo ngược thứ tự", _VALUE, own=False),
    FilterHelp("round", "làm tròn số (kết quả vẫn là số: in bằng `number`)", {"value": "số"}, own=False),
    FilterHelp(
        "safe",
        "không thoát ký tự `&`, `<`, `>`; không dùng: các ký tự đó trong dữ liệu làm hỏng tệp Word",
        _VALUE,
        own=False,
    ),
    FilterHelp("select", "giữ các phần tử đúng với một phép thử", parameters="danh_sách, phép_thử, …", own=False),
    FilterHelp(
        "selectattr",
        'giữ các phần tử có thuộc tính đúng với một phép thử: `selectattr("who", "eq", "cá nhân")`',
        parameters="danh_sách, thuộc_tính, phép_thử, …",
        own=False,
    ),
    FilterHelp("slice", "chia danh sách thành n phần (cột)", {**_LIST, "slices": "số_phần"}, own=False),
    FilterHelp("sort", "sắp xếp theo mã máy (`Đ` đứng sau `Z`); tiếng Việt hãy dùng `sort_vi`", _LIST, own=False),
    FilterHelp("string", "đổi thành chữ", {"s": "giá_trị"}, own=False),
    FilterHelp("striptags", "bỏ các thẻ HTML", {"value": "chữ"}, own=False),
    FilterHelp("sum", "tổng các phần tử (hoặc một thuộc tính của chúng)", {"iterable": "danh_sách"}, own=False),
    FilterHelp("title", "viết hoa chữ cái đầu mỗi từ", _TEXT, own=False),
    FilterHelp("tojson", "giá trị viết dạng JSON; không dùng trong văn bản", _VALUE, own=False),
    FilterHelp("trim", "bỏ dấu cách ở hai đầu", {"value": "chữ"}, own=False),
    FilterHelp("truncate", "cắt ngắn chữ còn một số ký tự", _TEXT, own=False),
    FilterHelp("unique", "bỏ các phần tử trùng nhau", _LIST, own=False),
    FilterHelp("urlencode", "mã hóa cho địa chỉ web", _VALUE, own=False),
    FilterHelp(
        "urlize", "biến địa chỉ web thành liên kết HTML; không dùng trong mẫu Word", {"value": "chữ"}, own=False
    ),
    FilterHelp("wordcount", "số từ", _TEXT, own=False),
    FilterHelp("wordwrap", "ngắt dòng chữ thuần sau một số ký tự", _TEXT, own=False),
    FilterHelp("xmlattr", "thuộc tính HTML/XML; không dùng trong mẫu Word", {"d": "từ_điển"}, own=False),
    # Jinja's globals
    FilterHelp("range", "dãy số nguyên: `range(1, 4)` là 1, 2, 3", parameters="bắt_đầu, kết_thúc, bước", own=False),
    FilterHelp("dict", "tạo một từ điển: `dict(a=1)`", parameters="tên=giá_trị, …", own=False),
    FilterHelp("lipsum", "chữ mẫu «lorem ipsum»; không dùng trong văn bản", own=False),
    FilterHelp("cycler", "luân phiên các giá trị (`.next()`)", parameters="giá_trị, …", own=False),
    FilterHelp("joiner", "in dấu nối từ lần gọi thứ hai trở đi", {"sep": "dấu_nối"}, own=False),
    FilterHelp(
        "namespace",
        "biến ghi được trong vòng lặp: `{% set ns = namespace(tong=0) %}`",
        parameters="tên=giá_trị, …",
        own=False,
    ),
)

HELP: dict[str, FilterHelp] = {entry.name: entry for entry in _HELP}
"""Every filter and global of the template environment by name."""


def _default(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _function(name: str) -> Callable[..., object] | None:
    env = environment()
    found = env.filters.get(name, env.globals.get(name))
    return found if callable(found) else None


def _parameters(entry: FilterHelp) -> str:
    if entry.parameters is not None:
        return entry.parameters
    function = _function(entry.name)
    if function is None:
        return "…"
    inner = inspect.unwrap(function)  # docgen's strict wrapper, Jinja's async variants
    params = list(inspect.signature(inner).parameters.values())
    if getattr(inner, "jinja_pass_arg", None) is not None:
        params = params[1:]  # the environment or context Jinja passes itself
    shown: list[str] = []
    for param in params:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            if "…" not in shown:
                shown.append("…")
            continue
        name = param.name if param.kind is param.KEYWORD_ONLY else entry.glosses.get(param.name, param.name)
        shown.append(name if param.default is param.empty else f"{name}={_default(param.default)}")
    return ", ".join(shown)


def filter_signature(name: str) -> str:
    """How a template calls filter or global ``name``, its parameters in Vietnamese:
    ``header_date(ngày, địa_danh=None, blank_day=False)``. ``KeyError`` for an unknown name."""
    return f"{name}({_parameters(HELP[name])})"


def usage(name: str) -> Usage:
    """Whether ``name`` is written after ``|``, called as a function, or both."""
    env = environment()
    if name in env.filters and name in env.globals:
        return "bộ lọc và hàm"
    return "bộ lọc" if name in env.filters else "hàm"


def in_order() -> list[FilterHelp]:
    """Every entry: docgen's own filters first, then Jinja's filters and globals."""
    return list(_HELP)
