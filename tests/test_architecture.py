"""The package layout is the pipeline, and these tests keep it so.

Imports run one way, from the bottom up::

    errors ← fs, kinds, lock, vn ← data ← workspace ← documents ← docx ← register, forms ← pdf ← build
           ← docgen (the public API in docgen/__init__.py) ← cli ← web

A module may import its own stage and any stage below it, never one above. Module-level and
function-level imports count alike (a lazy import is still a dependency). ``from docgen import
__version__`` is allowed everywhere: ``docgen/__init__.py`` imports nothing at module level
(checked below). Besides the direction: no module over 650 lines, ``docgen/docx/`` never
writes files, and every package and top-level module says in its docstring what it owns.

Each check is a function of a source tree, so the tests below also run it on a small tree
with known faults and compare the exact report.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "docgen"

# Stages from the bottom up; names in one tuple may import one another. "docgen" is the
# public API of docgen/__init__.py, "__main__" is ``python -m docgen``.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    # sheets: reading .xlsx for every import (forms, register); beside fs and vn, which it uses
    ("fs", "kinds", "lock", "vn", "sheets"),
    ("data",),
    ("workspace",),
    ("documents",),
    ("docx",),
    # forms: the Excel forms; beside the register (both write spreadsheets with docx.archive's ZIP)
    ("register", "forms"),
    ("pdf",),
    ("build",),
    ("docgen",),
    ("cli", "__main__"),
    ("web",),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
# Names ``from docgen import NAME`` may take from the package itself without depending on the API.
CHEAP_ROOT_NAMES = {"__version__"}

MAX_LINES = 650

# In docgen/docx/: calls that write, move or delete files, whatever they are called on.
WRITING_CALLS = {"write_bytes", "write_text", "write_atomic", "mkdir", "makedirs", "touch", "unlink", "rmtree"}
WRITING_MODULE_CALLS = {("os", "replace"), ("os", "rename"), ("os", "remove"), ("os", "open")}
WRITING_MODULES = {"shutil", "tempfile"}


def modules(root: Path) -> Iterator[tuple[Path, str]]:
    """Every ``.py`` file under ``root`` (the ``docgen`` folder) with its dotted module name."""
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield path, ".".join(parts)


def stage(module: str) -> str:
    """The stage a dotted module name under ``docgen`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "docgen"


def imported(tree: ast.Module, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every docgen module ``tree`` imports, wherever the import stands."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "docgen" or alias.name.startswith("docgen."):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                package = module.split(".")
                if not is_package:
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base != "docgen" and not base.startswith("docgen."):
                continue
            if base == "docgen":  # from docgen import vn / __version__ / open_workspace
                for alias in node.names:
                    if alias.name in CHEAP_ROOT_NAMES:
                        continue
                    is_stage = alias.name in RANK and alias.name != "docgen"
                    yield node.lineno, f"docgen.{alias.name}" if is_stage else "docgen"
            else:
                yield node.lineno, base


def import_violations(root: Path) -> list[str]:
    """One line per import that goes against the direction of the pipeline."""
    problems: list[str] = []
    for path, module in modules(root):
        where = path.relative_to(root.parent).as_posix()
        own = stage(module)
        if own not in RANK:
            problems.append(f"{where}: '{own}' is no known stage; add it to LAYERS in {Path(__file__).name}")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, target in sorted(imported(tree, module, path.name == "__init__.py")):
            other = stage(target)
            if other not in RANK:
                problems.append(f"{where}:{line} imports {target}: '{other}' is no known stage")
            elif RANK[other] > RANK[own]:
                problems.append(f"{where}:{line} imports {target}: {own} must not depend on {other}, a later stage")
    return problems


def _run_at_import(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of ``body`` that run when the module is imported (not function bodies,
    not ``if TYPE_CHECKING:`` blocks), nested ones included."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _run_at_import(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody"):
            yield from _run_at_import(getattr(node, field, []))
        for handler in getattr(node, "handlers", []):
            yield from _run_at_import(handler.body)


def root_imports_at_module_level(root: Path) -> list[str]:
    """``docgen/__init__.py`` imports no docgen module when it is imported (``import docgen`` stays cheap)."""
    tree = ast.parse((root / "__init__.py").read_text(encoding="utf-8"))
    return [
        f"docgen/__init__.py:{node.lineno} imports a docgen module at import time"
        for node in _run_at_import(tree.body)
        if isinstance(node, ast.Import | ast.ImportFrom) and list(imported(ast.Module([node], []), "docgen", True))
    ]


def long_modules(root: Path, limit: int = MAX_LINES) -> list[str]:
    problems = []
    for path, _ in modules(root):
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            problems.append(f"{path.relative_to(root.parent).as_posix()}: {count} lines (at most {limit})")
    return problems


def _writes_by_mode(call: ast.Call) -> bool:
    """An ``open``-like call whose mode writes, appends, creates or updates (or is not a literal)."""
    mode: ast.expr | None = None
    for keyword in call.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if mode is None:
        # open(file, mode); path.open(mode)
        index = 0 if isinstance(call.func, ast.Attribute) and not _is_module(call.func.value) else 1
        mode = call.args[index] if len(call.args) > index else None
    if mode is None:
        return False  # default mode "r"
    if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)):
        return True  # cannot tell: treat as writing
    return any(letter in mode.value for letter in "wax+")


def _is_module(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in {"io", "codecs", "builtins"}


def docx_writes(root: Path) -> list[str]:
    """Every call under ``docgen/docx/`` that writes, moves or deletes a file."""
    problems = []
    for path in sorted((root / "docx").rglob("*.py")):
        where = path.relative_to(root.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            if (
                name in WRITING_CALLS
                or (owner, name) in WRITING_MODULE_CALLS
                or owner in WRITING_MODULES
                or (name == "open" and _writes_by_mode(node))
            ):
                problems.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return problems


def missing_docstrings(root: Path) -> list[str]:
    """Packages and top-level modules (the stages) whose docstring is missing or empty."""
    paths = [*sorted(root.glob("*/__init__.py")), root / "__init__.py"]
    paths += [path for path in sorted(root.glob("*.py")) if not path.name.startswith("__")]
    problems = []
    for path in sorted(paths):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not docstring or not docstring.strip():
            problems.append(f"{path.relative_to(root.parent).as_posix()}: no docstring saying what it owns")
    return problems


def report(title: str, problems: list[str]) -> str:
    return title + ":\n  " + "\n  ".join(problems)


# -- docgen as it is


def test_imports_run_one_way() -> None:
    problems = import_violations(SOURCE)
    assert not problems, report("imports against the pipeline (errors ← … ← cli)", problems)


def test_import_docgen_imports_no_docgen_module() -> None:
    problems = root_imports_at_module_level(SOURCE)
    assert not problems, report("docgen/__init__.py must stay cheap to import", problems)


def test_no_module_is_over_650_lines() -> None:
    problems = long_modules(SOURCE)
    assert not problems, report("split these modules", problems)


def test_docx_never_writes_files() -> None:
    problems = docx_writes(SOURCE)
    assert not problems, report("docgen/docx/ returns bytes; writing belongs to build/ (through docgen.fs)", problems)


def test_every_package_says_what_it_owns() -> None:
    problems = missing_docstrings(SOURCE)
    assert not problems, report("add a docstring (what it owns, what it must not do)", problems)


def test_every_exception_a_user_sees_lives_in_errors_py() -> None:
    """One hierarchy, exit code on the class: no public exception class outside docgen/errors.py."""
    offenders = []
    for path in sorted((REPO / "docgen").rglob("*.py")):
        if path.name == "errors.py" and path.parent.name == "docgen":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            bases = [ast.unparse(b) for b in node.bases] if isinstance(node, ast.ClassDef) else []
            if bases and not node.name.startswith("_") and any(b.endswith(("Error", "Exception")) for b in bases):
                offenders.append(f"{path.relative_to(REPO)}: {node.name}({', '.join(bases)})")
    assert offenders == []


def test_every_stage_exists_as_laid_out() -> None:
    """The layer list names the stages that exist (kinds and web may come later)."""
    present = {stage(module) for _, module in modules(SOURCE)}
    assert present - set(RANK) == set()
    expected = "docgen errors fs vn data workspace documents docx register pdf build cli __main__"
    assert set(expected.split()) <= present


# -- the checks catch what they are for


def _tree(root: Path, files: dict[str, str]) -> Path:
    package = root / "docgen"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_checker_reports_imports_against_the_pipeline(tmp_path: Path) -> None:
    package = _tree(
        tmp_path,
        {
            "__init__.py": '"""API."""\n__version__ = "0"\n\n\ndef build() -> None:\n    from docgen.build import x\n',
            "errors.py": '"""Errors."""\n',
            "data/__init__.py": '"""Data."""\n',
            "data/load.py": (
                "from docgen import __version__, vn\n"
                "from docgen.errors import DataError\n"
                "\n"
                "\n"
                "def later() -> None:\n"
                "    from docgen.build.run import run_build\n"
                "    from docgen import build, open_workspace\n"
                "    from ..docx import renderer\n"
                "    from . import model\n"
            ),
            "build/__init__.py": '"""Build."""\nimport docgen.data.load\n',
            "gadgets.py": '"""Gadgets."""\n',
            "docx/__init__.py": '"""DOCX."""\nfrom docgen.gadgets import x\n',
        },
    )
    assert import_violations(package) == [
        "docgen/data/load.py:6 imports docgen.build.run: data must not depend on build, a later stage",
        "docgen/data/load.py:7 imports docgen: data must not depend on docgen, a later stage",
        "docgen/data/load.py:7 imports docgen.build: data must not depend on build, a later stage",
        "docgen/data/load.py:8 imports docgen.docx: data must not depend on docx, a later stage",
        "docgen/docx/__init__.py:2 imports docgen.gadgets: 'gadgets' is no known stage",
        "docgen/gadgets.py: 'gadgets' is no known stage; add it to LAYERS in test_architecture.py",
    ]
    assert root_imports_at_module_level(package) == []
    (package / "__init__.py").write_text('"""API."""\nfrom docgen.build import run\n', encoding="utf-8")
    assert root_imports_at_module_level(package) == ["docgen/__init__.py:2 imports a docgen module at import time"]


def test_checker_reports_long_modules_writes_in_docx_and_missing_docstrings(tmp_path: Path) -> None:
    package = _tree(
        tmp_path,
        {
            "__init__.py": '"""API."""\n',
            "fs.py": "x = 1\n" * 651,
            "build/__init__.py": "",
            "docx/__init__.py": '"""DOCX."""\n',
            "docx/ok.py": (
                "import io, zipfile\n"
                "def f(p, text):\n"
                "    open(p).read(); open(p, 'rb').read(); p.open(encoding='utf-8'); text.replace('a', 'b')\n"
                "    zipfile.ZipFile(io.BytesIO(b''))\n"
            ),
            "docx/bad.py": (
                "import os, shutil\n"
                "def f(p, m):\n"
                "    open(p, 'wb')\n"
                "    open(p, mode='a')\n"
                "    p.open('w', encoding='utf-8')\n"
                "    open(p, m)\n"
                "    p.write_bytes(b'')\n"
                "    p.write_text('')\n"
                "    write_atomic(p, b'')\n"
                "    os.replace(p, p)\n"
                "    shutil.copyfile(p, p)\n"
            ),
        },
    )
    assert long_modules(package) == ["docgen/fs.py: 651 lines (at most 650)"]
    assert docx_writes(package) == [
        "docgen/docx/bad.py:3: open(p, 'wb')",
        "docgen/docx/bad.py:4: open(p, mode='a')",
        "docgen/docx/bad.py:5: p.open('w', encoding='utf-8')",
        "docgen/docx/bad.py:6: open(p, m)",
        "docgen/docx/bad.py:7: p.write_bytes(b'')",
        "docgen/docx/bad.py:8: p.write_text('')",
        "docgen/docx/bad.py:9: write_atomic(p, b'')",
        "docgen/docx/bad.py:10: os.replace(p, p)",
        "docgen/docx/bad.py:11: shutil.copyfile(p, p)",
    ]
    assert missing_docstrings(package) == [
        "docgen/build/__init__.py: no docstring saying what it owns",
        "docgen/fs.py: no docstring saying what it owns",
    ]


def test_a_failure_lists_every_offending_import(tmp_path: Path) -> None:
    """What a developer sees when the test fails: each offending import on its own line."""
    package = _tree(tmp_path, {"vn/__init__.py": '"""VN."""\nfrom docgen.cli.main import cli\nimport docgen.pdf\n'})
    text = report("imports against the pipeline (errors ← … ← cli)", import_violations(package))
    assert text == (
        "imports against the pipeline (errors ← … ← cli):\n"
        "  docgen/vn/__init__.py:2 imports docgen.cli.main: vn must not depend on cli, a later stage\n"
        "  docgen/vn/__init__.py:3 imports docgen.pdf: vn must not depend on pdf, a later stage"
    )


def test_import_docgen_loads_no_dependency() -> None:
    """``import docgen`` (for ``__version__``, done by every worker process) loads none of the stages."""
    code = (
        "import sys, docgen; "
        "print(sorted(m for m in sys.modules if m.startswith('docgen.') or m in "
        "('click', 'pydantic', 'jinja2', 'docx', 'docxtpl', 'lxml', 'pypdf', 'yaml', 'openpyxl', 'sqlite3')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout == "[]\n"


def test_matplotlib_is_imported_only_to_draw_a_chart() -> None:
    """matplotlib costs a third of a second to import: the CLI (and so the no-op rebuild) and the
    charts module itself load it only when a chart is drawn (issue 18, item 3)."""
    code = "import sys, docgen.cli.main, docgen.docx.charts; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout == "False\n"
