"""Variables, attributes and filters of a template, checked against what the documents have.

The check walks the syntax tree of a part's tag stream (``docgen.docx.tagcheck``) with the
contexts of real documents of the template's kind (``docgen.documents.examples``): a name is
looked up in the contexts, in the names the template binds itself (``{% for m in movements %}``
binds ``m`` to the items of ``movements``; ``loop``; ``{% set %}``) and in the filters and
globals; an attribute is looked up on the example values. Every unknown name is reported once
per paragraph with its full path (``unit.hotline``, not ``hotline``) and the nearest real name
(``có phải "unit.short_name"?``); every filter that does not exist, and every call of a filter
or function with arguments it does not take, with its signature in Vietnamese.

An attribute whose owner has no example value (a list empty in every example) is not judged:
the check reports only what it can show is wrong.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from jinja2 import nodes
from jinja2.utils import _PassArg

from docgen import kinds
from docgen.docx.env import environment
from docgen.docx.filters import filter_signature
from docgen.docx.findings import Finding
from docgen.docx.tagcheck import PartTags
from docgen.docx.variables import described_paths
from docgen.errors import closest
from docgen.vn import FILTERS

__all__ = ["check_names"]

_RULE: Final = "biến và bộ lọc có trong dữ liệu (docs/bien-mau.md)"
_LOOP_ATTRIBUTES: Final = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "depth", "depth0",
     "previtem", "nextitem", "changed"}
)  # fmt: skip
_DEFINED_TESTS: Final = frozenset({"defined", "undefined"})


class _Loop:
    """The ``loop`` variable of a ``for`` block."""


_LOOP: Final = _Loop()
Values = list[Any] | None
"""Example values of an expression in real documents; ``None``: not known."""


@dataclass(frozen=True)
class _Unknown:
    path: str
    message: str
    hint: str


def check_names(template: str, found: PartTags, contexts: Sequence[dict[str, Any]]) -> list[Finding]:
    """The findings of the names, attributes and filters of one part's tree."""
    if found.tree is None or not contexts:
        return []
    known = kinds.for_template(template)
    described: frozenset[str] | None = None
    command = "docgen template vars <loại>"
    if known is not None:
        kind, variant = known
        suffix = kind.variants[variant] if variant is not None else None
        described = described_paths(kind.id, suffix)
        command = f"docgen template vars {kind.id}" + (f" --variant {suffix}" if suffix else "")
    walker = _Walker(contexts, f"xem các biến dùng được: {command}", described)
    walker.statements(found.tree.body, [{}])
    findings: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    for lineno, problem in walker.problems:
        key = (lineno, problem.message)
        if key in seen:
            continue
        seen.add(key)
        findings.append(Finding(template, _RULE, found.where(lineno), problem.message, problem.hint))
    return findings


class _Walker:
    def __init__(self, contexts: Sequence[dict[str, Any]], vars_hint: str, described: frozenset[str] | None) -> None:
        self.contexts = contexts
        self.vars_hint = vars_hint
        self.described = described
        self.groups = {prefix for path in described or () for prefix in _prefixes(path)}
        self.env = environment()
        self.names = sorted({name for context in contexts for name in context})
        self.problems: list[tuple[int, _Unknown]] = []

    # --- statements -----------------------------------------------------------------------------

    def statements(self, body: Iterable[nodes.Node], scopes: list[dict[str, Values]]) -> None:
        for node in body:
            self.statement(node, scopes)

    def statement(self, node: nodes.Node, scopes: list[dict[str, Values]]) -> None:
        if isinstance(node, nodes.For):
            items = self.expr(node.iter, scopes)
            inner: dict[str, Values] = {"loop": [_LOOP]}
            owner = self.path_of(node.iter, scopes)
            self.bind(node.target, _items(items), inner, f"{owner}[i]" if owner else None)
            loop_scopes = [*scopes, inner]
            if node.test is not None:
                self.expr(node.test, loop_scopes)
            self.statements(node.body, loop_scopes)
            self.statements(node.else_, scopes)
        elif isinstance(node, nodes.Assign):
            values = self.expr(node.node, scopes)
            self.bind(node.target, values, scopes[-1])
        elif isinstance(node, nodes.AssignBlock):
            self.statements(node.body, scopes)
            self.bind(node.target, None, scopes[-1])
        elif isinstance(node, nodes.With):
            inner = {}
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.expr(value, scopes), inner)
            self.statements(node.body, [*scopes, inner])
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = {arg.name: None for arg in getattr(node, "args", [])}
            inner["caller"] = None
            for child in node.iter_child_nodes(exclude=("body",)):
                if isinstance(child, nodes.Expr) and not isinstance(child, nodes.Name):
                    self.expr(child, scopes)
            if isinstance(node, nodes.Macro):
                scopes[-1][node.name] = None
            self.statements(node.body, [*scopes, inner])
        elif isinstance(node, nodes.Expr):
            self.expr(node, scopes)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scopes)
                else:
                    self.statement(child, scopes)

    def bind(self, target: nodes.Node, values: Values, scope: dict[str, Values], path: str | None = None) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = values
            scope[_PATH + target.name] = [path] if path else None
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)
        elif isinstance(target, nodes.NSRef):
            pass

    def path_of(self, node: nodes.Node, scopes: list[dict[str, Values]]) -> str | None:
        """The path of an expression in the data, items of lists as ``[i]``: ``m.name`` inside
        ``{% for m in movements %}`` is ``movements[i].name``; ``None`` when it is not data."""
        if isinstance(node, nodes.Name):
            for scope in reversed(scopes):
                if node.name in scope:
                    bound = scope.get(_PATH + node.name)
                    return str(bound[0]) if bound else None
            return node.name if any(node.name in context for context in self.contexts) else None
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            owner = self.path_of(node.node, scopes)
            if owner is None:
                return None
            if isinstance(node, nodes.Getattr):
                return f"{owner}.{node.attr}"
            if isinstance(node.arg, nodes.Const):
                return f"{owner}.{node.arg.value}" if isinstance(node.arg.value, str) else f"{owner}[i]"
        return None

    # --- expressions ---------------------------------------------------------------------------

    def expr(self, node: nodes.Node, scopes: list[dict[str, Values]]) -> Values:
        if isinstance(node, nodes.Name):
            return self.name(node, scopes)
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, node.node, node.attr, scopes)
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(node, node.node, node.arg.value, scopes)
            owner = self.expr(node.node, scopes)
            self.expr(node.arg, scopes)
            if owner is not None and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int):
                return _items(owner)
            return None
        if isinstance(node, nodes.Const):
            return [node.value]
        if isinstance(node, nodes.Filter):
            return self.filter(node, scopes)
        if isinstance(node, nodes.Test):
            if node.name in _DEFINED_TESTS:
                return None
            if node.name not in self.env.tests:
                self.report(node, node.name, f"không có phép thử «is {node.name}»", _near(node.name, self.env.tests))
            self.arguments(node, scopes)
            self.expr(node.node, scopes)
            return None
        if isinstance(node, nodes.Call):
            self.call(node, scopes)
            return None
        for child in node.iter_child_nodes():
            self.expr(child, scopes)
        return None

    def name(self, node: nodes.Name, scopes: list[dict[str, Values]]) -> Values:
        for scope in reversed(scopes):
            if node.name in scope:
                return scope[node.name]
        values = [context[node.name] for context in self.contexts if node.name in context]
        if values:
            return values
        if node.name in self.env.globals:
            return None
        bound = [name for scope in scopes for name in scope]
        near = closest(node.name, [*self.names, *bound, *self.env.globals])
        self.report(
            node,
            node.name,
            f"biến «{node.name}» không có trong dữ liệu của loại văn bản này",
            f'có phải "{near}"?' if near else self.vars_hint,
        )
        return None

    def attribute(
        self, node: nodes.Node, owner_node: nodes.Node, attribute: str, scopes: list[dict[str, Values]]
    ) -> Values:
        owners = self.expr(owner_node, scopes)
        if owners is None:
            return None
        owners = [owner for owner in owners if owner is not None]
        if not owners:
            return None
        if any(owner is _LOOP for owner in owners):
            if attribute in _LOOP_ATTRIBUTES:
                return None
            path = f"loop.{attribute}"
            self.report(node, path, f"«{path}» không có", _near(attribute, _LOOP_ATTRIBUTES, prefix="loop."))
            return None
        found: list[Any] = []
        known: set[str] = set()
        in_data = False
        for owner in owners:
            if isinstance(owner, dict):
                known.update(owner)
                if attribute in owner:
                    found.append(owner[attribute])
                    in_data = True
                    continue
            value = self._safe_attribute(owner, attribute)
            if value is not _MISSING:
                found.append(value)
        if found:
            if in_data:
                self.not_for_this_template(node, scopes)
            return found
        path = _path(node) or attribute
        if known:
            owner_path = _path(owner_node)
            near = closest(attribute, known)
            hint = (
                f'có phải "{owner_path}.{near}"?'
                if near and owner_path
                else ("các thuộc tính có: " + ", ".join(sorted(known)[:12]) + ("…" if len(known) > 12 else ""))
            )
        else:
            hint = self.vars_hint
        self.report(node, path, f"«{path}» không có trong dữ liệu của loại văn bản này", hint)
        return None

    def not_for_this_template(self, node: nodes.Node, scopes: list[dict[str, Values]]) -> None:
        """A value documents of this kind carry but this template's documents leave empty (the
        collective's fields in the individual's report): the document would show a blank."""
        if self.described is None:
            return
        path = self.path_of(node, scopes)
        if path is None or path in self.described or path in self.groups:
            return
        shown = _path(node) or path
        self.report(
            node,
            shown,
            f"«{shown}» không dùng được trong mẫu này: văn bản tạo từ mẫu này luôn để trống chỗ đó",
            self.vars_hint,
        )

    def _safe_attribute(self, owner: Any, attribute: str) -> Any:
        if isinstance(owner, str | int | float | bool) or owner is None:
            return _MISSING if not hasattr(owner, attribute) else getattr(owner, attribute)
        if attribute.startswith("_") or not hasattr(owner, attribute):
            return _MISSING
        value = getattr(owner, attribute)
        return value if self.env.is_safe_attribute(owner, attribute, value) else _MISSING

    def filter(self, node: nodes.Filter, scopes: list[dict[str, Values]]) -> Values:
        if node.node is not None:
            self.expr(node.node, scopes)
        self.arguments(node, scopes)
        func = self.env.filters.get(node.name)
        if func is None:
            near = closest(node.name, list(self.env.filters))
            self.report(
                node,
                node.name,
                f"không có bộ lọc «{node.name}»",
                f'có phải "{near}"?'
                if near
                else "các bộ lọc của docgen: " + ", ".join(sorted(FILTERS)) + ", sort_vi (xem docs/bo-loc.md)",
            )
            return None
        self.check_call(node, node.name, func, implicit=1, kind="bộ lọc")
        return None

    def call(self, node: nodes.Call, scopes: list[dict[str, Values]]) -> None:
        self.arguments(node, scopes)
        if (
            isinstance(node.node, nodes.Name)
            and node.node.name in self.env.globals
            and not any(node.node.name in scope for scope in scopes)
        ):
            func = self.env.globals[node.node.name]
            if callable(func):
                self.check_call(node, node.node.name, func, implicit=0, kind="hàm")
            return
        self.expr(node.node, scopes)

    def arguments(self, node: nodes.Filter | nodes.Test | nodes.Call, scopes: list[dict[str, Values]]) -> None:
        for arg in node.args:
            self.expr(arg, scopes)
        for keyword in node.kwargs:
            self.expr(keyword.value, scopes)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.expr(extra, scopes)

    def check_call(
        self, node: nodes.Filter | nodes.Call, name: str, func: Callable[..., Any], *, implicit: int, kind: str
    ) -> None:
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            return
        try:
            signature = inspect.signature(func)
        except (TypeError, ValueError):
            return
        passed = _PassArg.from_obj(func)
        leading = [object()] * (implicit + (1 if passed is not None else 0))
        try:
            signature.bind(*leading, *node.args, **{str(keyword.key): keyword.value for keyword in node.kwargs})
        except TypeError:
            try:
                shown = filter_signature(name)
            except KeyError:
                shown = f"{name}(…)"
            self.report(
                node,
                name,
                f"{kind} «{name}» được gọi với tham số không đúng: {_arguments_text(node)}",
                f"{kind} {name} nhận: {shown}",
            )

    def report(self, node: nodes.Node, path: str, message: str, hint: str) -> None:
        self.problems.append((node.lineno, _Unknown(path, message, hint)))


_MISSING: Final = object()
_PATH: Final = "\0path:"  # the key under which a scope keeps a bound name's data path


def _prefixes(path: str) -> Iterator[str]:
    """The groups and lists a path lies in: ``movements[i].tasks[i].text`` → ``movements``,
    ``movements[i]``, ``movements[i].tasks``, ``movements[i].tasks[i]``."""
    parts = path.split(".")
    for end in range(1, len(parts)):
        head = ".".join(parts[:end])
        yield head
        if head.endswith("[i]"):
            yield head.removesuffix("[i]")


def _items(values: Values) -> Values:
    """The items of example lists (and the keys of mappings, as Jinja iterates them)."""
    if values is None:
        return None
    items: list[Any] = []
    for value in values:
        if isinstance(value, dict | list | tuple):
            items.extend(value)
        else:
            return None
    return items


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        owner = _path(node.node)
        return f"{owner}.{node.attr}" if owner else ""
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        owner = _path(node.node)
        value = node.arg.value
        return (f"{owner}.{value}" if isinstance(value, str) else f"{owner}[{value}]") if owner else ""
    return ""


def _near(name: str, choices: Iterable[str], prefix: str = "") -> str:
    near = closest(name, list(choices))
    return f'có phải "{prefix}{near}"?' if near else "xem docs/bo-loc.md"


def _arguments_text(node: nodes.Filter | nodes.Call) -> str:
    shown = [_source(arg) for arg in node.args] + [f"{kw.key}={_source(kw.value)}" for kw in node.kwargs]
    return "(" + ", ".join(shown) + ")" if shown else "không có tham số"


def _source(node: nodes.Node) -> str:
    if isinstance(node, nodes.Const):
        return repr(node.value) if isinstance(node.value, str) else str(node.value)
    return _path(node) or "…"
