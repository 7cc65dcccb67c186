"""The template check run on a workspace: for ``template check``, ``validate`` and ``build``.

``validate`` reports the findings with the data's problems; ``build`` (and ``render``) refuse to
start when a template they need fails, with one paragraph per template instead of one error per
document. A template that cannot be opened at all is left to the documents that need it (each
says so), as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen import __version__, kinds
from docgen.build.manifest import sha256_file
from docgen.data.model import Dataset
from docgen.documents.examples import example_contexts
from docgen.documents.plan import DocRef, template_name
from docgen.errors import DocgenError, OutputError, Problem, TemplateError, TemplatesFailed, UsageError, did_you_mean
from docgen.fs import write_atomic
from docgen.workspace import Workspace

if TYPE_CHECKING:
    from docgen.docx.findings import Finding

__all__ = [
    "TemplateResult",
    "check_files",
    "refuse_failing_templates",
    "refuse_for",
    "resolve_targets",
    "workspace_templates",
]


@dataclass(frozen=True)
class TemplateResult:
    path: Path
    name: str
    """The kind's template name it was checked as (``ke-hoach.docx``)."""
    findings: list[Finding]
    error: str | None = None
    """Why the file could not be read at all (then there are no findings)."""

    @property
    def ok(self) -> bool:
        return not self.findings and self.error is None


def workspace_templates(ws: Workspace) -> list[Path]:
    """Every template the kinds render from, in the workspace (present or not)."""
    return [ws.templates_dir / name for name in kinds.all_templates()]


def check_files(targets: Iterable[tuple[Path, str]], data: Dataset | None) -> list[TemplateResult]:
    """Check each (file, template name it stands for). Without ``data`` (invalid data) the
    variables are not checked."""
    results = []
    for path, name in targets:
        from docgen.docx.check import check_template  # the checking machinery only when checking

        contexts = example_contexts(data, name) if data is not None else None
        try:
            findings = check_template(path, contexts, name=name)
        except TemplateError as exc:
            results.append(TemplateResult(path, name, [], str(exc)))
            continue
        results.append(TemplateResult(path, name, findings))
    return results


def template_problems(ws: Workspace, data: Dataset | None) -> list[Problem]:
    """``validate``'s share: every finding of every template of the workspace, and every
    template that is missing or cannot be opened, as data problems."""
    problems: list[Problem] = []
    for result in check_files([(path, path.name) for path in workspace_templates(ws)], data):
        problems.extend(finding.problem() for finding in result.findings)
        if result.error is not None:
            problems.append(Problem(f"templates/docx/{result.name}", None, None, "", result.error))
    return problems


# Checks that passed, by a key made of docgen's version, the dataset, the template's name and
# bytes: remembered in the process (the CLI checks before it takes the output folder's lock and
# ``run_build``, also an API, checks again) and in the workspace's cache, so that a rebuild with
# nothing changed neither re-checks nor loads the checking machinery.
_PASSED: set[str] = set()
_CACHE = "template-check.json"
_KEEP = 64


def _data_digest(data: Dataset, memo: dict[int, tuple[Dataset, str]] = {}) -> str:  # noqa: B006 (a memo)
    found = memo.get(id(data))
    if found is None or found[0] is not data:
        found = (data, hashlib.sha256(data.model_dump_json().encode("utf-8")).hexdigest())
        memo.clear()
        memo[id(data)] = found
    return found[1]


def _pass_key(data_digest: str, name: str, path: Path) -> str | None:
    digest = sha256_file(path)
    if digest is None:
        return None
    return hashlib.sha256(f"{__version__}\0{data_digest}\0{name}\0{digest}".encode()).hexdigest()


def _cached_passes(ws: Workspace) -> list[str]:
    try:
        value = json.loads((ws.cache_dir / _CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    passed = value.get("passed") if isinstance(value, dict) else None
    return [key for key in passed if isinstance(key, str)] if isinstance(passed, list) else []


def _remember_passes(ws: Workspace, known: list[str], new: list[str]) -> None:
    kept = [key for key in known if key not in new] + new
    with contextlib.suppress(OSError, OutputError):  # a cache that cannot be written only costs speed
        write_atomic(ws.cache_dir / _CACHE, json.dumps({"passed": kept[-_KEEP:]}).encode("utf-8"))


def refuse_failing_templates(ws: Workspace, data: Dataset, names: Iterable[str]) -> None:
    """Raise ``TemplatesFailed`` when one of the templates ``names`` has findings."""
    digest = _data_digest(data)
    keys: dict[Path, str] = {}
    for name in sorted(set(names)):
        path = ws.templates_dir / name
        if path.is_file():  # missing or unreadable: each document that needs it says so
            key = _pass_key(digest, name, path)
            if key is not None:
                keys[path] = key
    if all(key in _PASSED for key in keys.values()):
        return
    known = _cached_passes(ws)
    _PASSED.update(key for key in known if key in keys.values())
    todo = [(path, path.name) for path, key in keys.items() if key not in _PASSED]
    if not todo:
        return
    results = check_files(todo, data)
    passed = [keys[result.path] for result in results if result.ok]
    _PASSED.update(passed)
    if passed:
        _remember_passes(ws, known, passed)
    failing = [result for result in results if result.findings]
    if failing:
        raise TemplatesFailed([finding.problem() for result in failing for finding in result.findings])


def refuse_for(ws: Workspace, data: Dataset, refs: Iterable[DocRef]) -> None:
    """``refuse_failing_templates`` for the templates these documents are rendered from."""
    names: set[str] = set()
    for ref in refs:
        try:
            names.add(template_name(data, ref))
        except DocgenError:
            continue  # the document reports it
    refuse_failing_templates(ws, data, names)


def resolve_targets(ws: Workspace, items: Iterable[str], *, as_template: str | None = None) -> list[tuple[Path, str]]:
    """What ``template check`` was asked to check: nothing (every template of the workspace),
    kinds (their templates) or files (checked as the template their name says, or as
    ``as_template``). Raises ``UsageError`` for what is neither."""
    items = list(items)
    names = kinds.all_templates()
    if as_template is not None and kinds.for_template(as_template) is None:
        raise UsageError(
            f"không có mẫu {as_template!r}",
            hint=did_you_mean(as_template, names, otherwise="các mẫu: " + ", ".join(names)),
        )
    if not items:
        return [(path, path.name) for path in workspace_templates(ws)]
    targets: list[tuple[Path, str]] = []
    for item in items:
        if item in kinds.KINDS:
            if as_template is not None:
                raise UsageError(f"--as chỉ dùng với một tệp .docx, không dùng với loại văn bản {item!r}")
            targets.extend((ws.templates_dir / name, name) for name in kinds.KINDS[item].templates())
            continue
        path = Path(item)
        if not path.exists() and item in names:
            path = ws.templates_dir / item  # «ke-hoach.docx»: the workspace's template of that name
        if path.suffix.lower() == ".docx" or path.exists():
            name = as_template or path.name
            if kinds.for_template(name) is None:
                raise UsageError(
                    f"{item}: không biết tệp này là mẫu của loại văn bản nào",
                    hint="đặt tên tệp như mẫu (ví dụ ke-hoach.docx) hoặc thêm --as ke-hoach.docx",
                )
            targets.append((path, name))
            continue
        raise UsageError(
            f"{item!r} không phải loại văn bản hay tệp .docx",
            hint=did_you_mean(item, kinds.KINDS, otherwise="các loại: " + ", ".join(kinds.KINDS)),
        )
    return targets
