"""The one Jinja environment every template is rendered in.

Templates are untrusted input (anyone may edit a .docx): the sandbox forbids attribute
tricks, ``StrictUndefined`` turns a misspelt or missing variable into an error instead of a
blank in an official document, and autoescape keeps ``&``, ``<`` and ``>`` from data from
breaking the document's XML.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.vn import FILTERS


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    """The shared environment (one per process: compiled templates are cached on it)."""
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=True,
        keep_trailing_newline=False,
        auto_reload=False,
        cache_size=64,
    )
    env.filters.update(FILTERS)
    env.globals.update(FILTERS)
    return env
