"""The template check run on a workspace: for ``template check``, ``validate`` and ``build``.

``validate`` reports the findings with the data's problems; ``build`` (and ``render``) refuse to
start when a template they need fails, with one paragraph per template instead of one error per
document. A template that cannot be opened at all is left to the documents that need it (each
says so), as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docgen import kinds
from docgen.data.model import Dataset
from docgen.documents.examples import example_contexts
from docgen.documents.plan import DocRef, template_name
from docgen.docx.check import check_template
from docgen.docx.findings import Finding
from docgen.errors import DocgenError, Problem, TemplateError, TemplatesFailed, UsageError, did_you_mean
from docgen.workspace import Workspace

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


# Templates that passed for a dataset, by (dataset, file, size, mtime): the CLI checks before it
# takes the output folder's lock, and ``run_build`` (also an API) checks again for free.
_PASSED: set[tuple[int, str, int, int]] = set()


def refuse_failing_templates(ws: Workspace, data: Dataset, names: Iterable[str]) -> None:
    """Raise ``TemplatesFailed`` when one of the templates ``names`` has findings."""
    targets = [(ws.templates_dir / name, name) for name in sorted(set(names))]
    keys: dict[str, tuple[int, str, int, int]] = {}
    for path, _name in targets:
        try:
            stat = path.stat()
        except OSError:
            continue  # missing or unreadable: each document that needs it says so
        if path.is_file():
            keys[str(path)] = (id(data), str(path), stat.st_size, stat.st_mtime_ns)
    todo = [(path, name) for path, name in targets if str(path) in keys and keys[str(path)] not in _PASSED]
    results = check_files(todo, data)
    failing = [result for result in results if result.findings]
    _PASSED.update(keys[str(result.path)] for result in results if result.ok)
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
        if item in kinds.KINDS and as_template is None:
            targets.extend((ws.templates_dir / name, name) for name in kinds.KINDS[item].templates())
            continue
        path = Path(item)
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
