"""Where a workspace lives, and creating a new one from the data shipped with docgen.

A workspace is a folder with ``data/``, ``templates/docx/`` and (generated) ``out/``. The
repository root is the sample workspace; the wheel carries the same ``data/`` and
``templates/`` under ``docgen/_workspace`` so that ``docgen init`` works after ``pip install``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from docgen.errors import OutputError, WorkspaceError
from docgen.load import load
from docgen.model import Dataset

ENV_VAR = "DOCGEN_WORKSPACE"
SHIPPED = ("data", "templates")


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates" / "docx"

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @classmethod
    def open(cls, root: str | os.PathLike[str] | None = None) -> Workspace:
        """The workspace at ``root``, else ``$DOCGEN_WORKSPACE``, else the current folder."""
        chosen = Path(root) if root else Path(os.environ.get(ENV_VAR) or Path.cwd())
        chosen = chosen.expanduser().resolve()
        if not chosen.is_dir():
            raise WorkspaceError(
                f"Không tìm thấy thư mục làm việc {chosen}", hint="kiểm tra đường dẫn sau -w/--workspace"
            )
        if not (chosen / "data").is_dir():
            raise WorkspaceError(
                f"{chosen} không phải thư mục làm việc của docgen (không có thư mục data/)",
                hint="chạy `docgen init THƯ_MỤC` để tạo mới, hoặc chỉ đúng thư mục bằng -w",
            )
        return cls(chosen)

    @property
    def cache_dir(self) -> Path:
        """Derived data only (safe to delete), kept apart from out/ and from state."""
        return self.root / ".cache" / "docgen"

    def load(self) -> Dataset:
        return load(self.data_dir, cache_dir=self.cache_dir)


def shipped_root() -> Path:
    """The folder holding the sample ``data/`` and ``templates/`` this docgen was built with."""
    packaged = Path(str(resources.files("docgen"))) / "_workspace"
    if (packaged / "data").is_dir():
        return packaged
    # Running from a source checkout (editable install or tests): the repository root.
    return Path(__file__).resolve().parent.parent


def init_workspace(target: Path) -> list[Path]:
    """Create a workspace at ``target`` from the shipped sample; never overwrite anything."""
    target = target.expanduser().resolve()
    source = shipped_root()
    clashes = [target / name for name in SHIPPED if (target / name).exists()]
    if clashes:
        raise WorkspaceError(
            f"{clashes[0]} đã tồn tại; docgen init không ghi đè dữ liệu có sẵn",
            hint="chọn một thư mục mới hoặc trống",
        )
    created = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in SHIPPED:
            shutil.copytree(source / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "~$*"))
            created.append(target / name)
        ignore = target / ".gitignore"
        if not ignore.exists():
            ignore.write_text("out/\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục làm việc {target}: {exc.strerror or exc}") from exc
    return created
