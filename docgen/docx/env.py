"""The one Jinja environment every template is rendered in.

Templates are untrusted input (anyone may edit a .docx): the sandbox forbids attribute
tricks, ``StrictUndefined`` turns a misspelt or missing variable into an error instead of a
blank in an official document, and autoescape keeps ``&``, ``<`` and ``>`` from data from
breaking the document's XML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache, wraps
from typing import Any

from jinja2 import Environment, StrictUndefined, Undefined, pass_environment
from jinja2.filters import make_attrgetter
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen import vn
from docgen.vn import FILTERS


def _strict(func: Callable[..., object]) -> Callable[..., object]:
    """A filter given an undefined value fails with the variable's name (``'unit' has no
    attribute 'plcae'``), not with the filter's complaint about a strange argument."""

    @wraps(func)
    def checked(*args: Any, **kwargs: Any) -> object:
        for value in (*args, *kwargs.values()):
            if isinstance(value, Undefined):
                value._fail_with_undefined_error()
        return func(*args, **kwargs)

    return checked


@pass_environment
def sort_vi(
    env: Environment, items: Iterable[Any], attribute: str | None = None, person: bool = False, reverse: bool = False
) -> list[Any]:
    """``{{ people | sort_vi(attribute="name", person=True) }}``: Vietnamese order (by given
    name for people), which Jinja's own ``sort`` cannot give."""
    get = make_attrgetter(env, attribute) if attribute is not None else (lambda item: item)
    key = vn.person_sort_key if person else vn.sort_key
    return sorted(items, key=lambda item: key(str(get(item))), reverse=reverse)


def _official(value: Any) -> Any:
    """What a bare ``{{ value }}`` prints: values reach templates typed so that authors format
    them with the filters, and one printed without a filter must still read as an official
    document writes it — ``05/7/2023``, not ``2023-07-05``; ``95,7``, not ``95.7``; ``có``,
    not ``True``. Whole numbers (years, counts) and text are printed as they are."""
    if isinstance(value, str):  # nearly every value: text, already escaped
        return value
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, date):
        return vn.short_date(value)
    if isinstance(value, vn.MonthDate):
        return f"tháng {vn.header_date(value, blank_day=True).split('tháng ', 1)[1]}"
    if isinstance(value, Decimal | float):
        exponent = Decimal(str(value)).normalize().as_tuple().exponent
        return vn.number(value, max(0, -exponent) if isinstance(exponent, int) else 0)
    return value


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    """The shared environment (one per process: compiled templates are cached on it)."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=True,
        keep_trailing_newline=False,
        auto_reload=False,
        cache_size=64,
        finalize=_official,
    )
    checked = {name: _strict(func) for name, func in FILTERS.items()}
    env.filters.update(checked)
    env.globals.update(checked)
    env.filters["sort_vi"] = sort_vi
    return env
