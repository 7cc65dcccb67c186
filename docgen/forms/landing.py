"""Filled forms → the units' data files, all or nothing per file.

Each file is read (``forms.importing``), planned as its unit's file ``data/units/<id>.yaml``
(``data.unitimport``), and the data as it would be after the import is loaded and checked
before anything is written: a file with any problem — in a cell, or in what its figures would
make of the data — is refused whole, and the other files still land. ``dry_run`` stops before
writing and says what would change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docgen.data.model import Dataset
from docgen.data.unitfiles import unit_file_name
from docgen.data.unitimport import UnitImport, apply_unit_imports, check_unit_import, plan_unit_import
from docgen.errors import DataError, DocgenError, FormRefused, Problem
from docgen.forms.importing import ImportedForm, read_form

Status = Literal["imported", "unchanged", "would-import", "refused"]


@dataclass
class Landed:
    """What became of one file."""

    file: str
    unit_id: str | None = None
    status: Status = "refused"
    target: str | None = None  # data/units/<id>.yaml
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # the unit's entries taken out of the shared files
    hidden_rows: int = 0
    kept: list[str] = field(default_factory=list)  # copies kept of the files replaced
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "unit": self.unit_id,
            "status": self.status,
            "target": self.target,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "moved": self.moved,
            "hidden_rows": self.hidden_rows,
            "kept": self.kept,
            "problems": [_problem_json(p) for p in self.problems],
        }


def _problem_json(problem: Problem) -> dict[str, object]:
    found: dict[str, object] = {"file": problem.file, "message": problem.message, "hint": problem.hint}
    for name in ("sheet", "cell"):
        value = getattr(problem, name, "")
        if value:
            found[name] = value
    if problem.field:
        found["column" if hasattr(problem, "cell") else "field"] = problem.field
    if problem.line is not None and not hasattr(problem, "cell"):
        found["line"] = problem.line
    found["text"] = str(problem)
    return found


@dataclass
class ImportReport:
    forms: list[Landed]
    dry_run: bool

    @property
    def refused(self) -> list[Landed]:
        return [f for f in self.forms if f.status == "refused"]

    def to_json(self) -> dict[str, object]:
        count = {status: sum(f.status == status for f in self.forms) for status in Status.__args__}  # type: ignore[attr-defined]
        return {"dry_run": self.dry_run, **count, "forms": [f.to_json() for f in self.forms]}


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def import_forms(
    root: Path, data_dir: Path, data: Dataset, paths: Sequence[Path], *, force: bool = False, dry_run: bool = False
) -> ImportReport:
    """Import every file of ``paths`` that is valid as a whole; ``data`` is the workspace's
    data as loaded now (valid), ``root`` the workspace (paths are shown relative to it)."""
    landed = [Landed(str(path)) for path in paths]
    forms: dict[int, ImportedForm] = {}
    for n, path in enumerate(paths):
        try:
            forms[n] = read_form(path, data)
        except FormRefused as exc:
            landed[n].problems = list(exc.problems)
        except DocgenError as exc:
            landed[n].problems = [Problem(path.name, None, None, "", exc.message, exc.hint)]
    _one_form_per_unit(landed, forms)

    plans: dict[int, UnitImport] = {}
    for n, form in forms.items():
        item = landed[n]
        item.unit_id, item.hidden_rows = form.unit_id, form.hidden_rows
        try:
            plan = plan_unit_import(data_dir, form.unit_id, form.reports, form.candidates, form.path.name)
        except DocgenError as exc:
            item.problems = [Problem(form.path.name, None, None, "", exc.message, exc.hint)]
            continue
        item.target = _relative(plan.path, root)
        item.added, item.changed, item.removed = plan.added, plan.changed, plan.removed
        if plan.shared and not force:
            item.problems = [_still_shared(form, plan)]
            continue
        item.moved = list(plan.shared)
        plans[n] = plan
    _check(data_dir, plans, landed, force)

    writing: dict[int, UnitImport] = {}
    for n, plan in plans.items():
        item = landed[n]
        if plan.unchanged and not plan.shared:
            item.status = "unchanged"
        elif dry_run:
            item.status = "would-import"
        else:
            writing[n] = plan
    outcome = apply_unit_imports(data_dir, list(writing.values()), force) if writing else {}
    for n, plan in writing.items():
        item, done = landed[n], outcome[plan.unit_id]
        if isinstance(done, DataError):
            item.problems = list(done.problems)
        elif isinstance(done, DocgenError):
            item.problems = [Problem(item.file, None, None, "", done.message, done.hint)]
        else:
            item.status = "imported"
            item.kept = [_relative(path, root) for path in done]
    return ImportReport(landed, dry_run)


def _one_form_per_unit(landed: list[Landed], forms: dict[int, ImportedForm]) -> None:
    """Two files of one unit in one command: neither is taken (which one is the newer is the
    clerk's call, not docgen's)."""
    by_unit: dict[str, list[int]] = {}
    for n, form in forms.items():
        by_unit.setdefault(form.unit_id, []).append(n)
    for unit_id, numbers in by_unit.items():
        if len(numbers) < 2:
            continue
        names = ", ".join(forms[n].path.name for n in numbers)
        for n in numbers:
            landed[n].unit_id = unit_id
            landed[n].problems = [
                Problem(
                    forms[n].path.name,
                    None,
                    None,
                    "",
                    f"có {len(numbers)} biểu mẫu của cùng đơn vị {unit_id} trong một lệnh ({names})",
                    "nhập một tệp mỗi đơn vị: tệp mới nhất thay cho các tệp cũ",
                )
            ]
            del forms[n]


def _still_shared(form: ImportedForm, plan: UnitImport) -> Problem:
    shown = ", ".join(plan.shared[:8]) + (f" và {len(plan.shared) - 8} mục khác" if len(plan.shared) > 8 else "")
    return Problem(
        form.path.name,
        None,
        None,
        "",
        f"số liệu của đơn vị {form.unit_id} còn nằm trong các tệp dùng chung data/reports.yaml, "
        f"data/candidates.yaml ({shown}); nhập biểu mẫu sẽ chuyển chúng sang data/units/{form.unit_id}.yaml",
        "chạy lại với --force: docgen chuyển các mục đó và giữ bản sao các tệp cũ (.truoc-nhap-N.yaml)",
    )


def _check(data_dir: Path, plans: dict[int, UnitImport], landed: list[Landed], force: bool) -> None:
    """Load the data as it would be after the planned imports. All together first (one load);
    when that fails, each file alone, so that a file is refused for its own problems only;
    then the survivors together again (two files can clash: one candidate id in both)."""
    if not plans:
        return
    try:
        check_unit_import(data_dir, list(plans.values()), force)
        return
    except DataError as exc:
        problems = exc.problems
    # Problems found in the planned unit files are those files' own: refuse them, check the rest.
    files = {f"data/{unit_file_name(plan.unit_id)}": n for n, plan in plans.items()}
    if all(problem.file in files for problem in problems):
        for problem in problems:
            n = files[problem.file]
            landed[n].problems.append(problem)
            plans.pop(n, None)
        if not plans:
            return
        try:
            check_unit_import(data_dir, list(plans.values()), force)
            return
        except DataError:
            pass
    for n in list(plans):
        try:
            check_unit_import(data_dir, [plans[n]], force)
        except DataError as exc:
            landed[n].problems = list(exc.problems)
            del plans[n]
    if not plans:
        return
    try:
        check_unit_import(data_dir, list(plans.values()), force)
    except DataError as exc:
        for n in list(plans):
            landed[n].problems = list(exc.problems)
            del plans[n]
