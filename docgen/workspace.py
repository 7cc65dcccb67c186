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

from docgen.data.load import load
from docgen.data.model import Dataset
from docgen.errors import OutputError, WorkspaceError
from docgen.fs import os_reason

ENV_VAR = "DOCGEN_WORKSPACE"
SHIPPED = ("data", "templates")
# The user guides the messages point to (docs/bien-mau.md, docs/so-dang-ky.md…): copied by
# `docgen init` beside data/ and templates/, unless the folder already has a docs/ of its own.
GUIDES = "docs"

# What ``docgen init`` writes to .gitignore: everything docgen makes or keeps by itself. The
# register (register.sqlite and the -wal/-shm files SQLite keeps beside it while it is open)
# changes on every number issued; keep its copies with `docgen register backup`.
GITIGNORE = """\
# Tệp do docgen tạo ra, không cần đưa vào kho mã nguồn
out/
.cache/
# Sổ đăng ký văn bản đi: sao lưu bằng `docgen register backup TỆP`
register.sqlite
register.sqlite-wal
register.sqlite-shm
"""

# Where the folder came from decides what to tell the clerk to check.
_MISSING_HINTS = {
    "given": "kiểm tra đường dẫn sau -w/--workspace",
    "env": f"đường dẫn này lấy từ biến môi trường {ENV_VAR}: sửa hoặc xóa biến đó, hoặc chỉ thư mục bằng -w",
    "cwd": "chuyển vào thư mục làm việc (lệnh cd) hoặc chỉ thư mục bằng -w",
}
_INIT = "chạy `docgen init THƯ_MỤC` để tạo mới"
_NOT_WORKSPACE_HINTS = {
    "given": f"{_INIT}, hoặc chỉ đúng thư mục bằng -w",
    "env": f"{_INIT}, hoặc sửa biến môi trường {ENV_VAR} cho đúng thư mục",
    "cwd": f"đang dùng thư mục hiện tại: chuyển vào thư mục làm việc (lệnh cd), chỉ thư mục bằng -w, hoặc {_INIT}",
}


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
        if root:
            chosen, source = Path(root), "given"
        elif os.environ.get(ENV_VAR):
            chosen, source = Path(os.environ[ENV_VAR]), "env"
        else:
            chosen, source = Path.cwd(), "cwd"
        chosen = chosen.expanduser().resolve()
        if not chosen.is_dir():
            raise WorkspaceError(f"Không tìm thấy thư mục làm việc {chosen}", hint=_MISSING_HINTS[source])
        if not (chosen / "data").is_dir():
            raise WorkspaceError(
                f"{chosen} không phải thư mục làm việc của docgen (không có thư mục data/)",
                hint=_NOT_WORKSPACE_HINTS[source],
            )
        return cls(chosen)

    @property
    def cache_dir(self) -> Path:
        """Derived data only (safe to delete), kept apart from out/ and from state."""
        return self.root / ".cache" / "docgen"

    def load(self) -> Dataset:
        return load(self.data_dir, cache_dir=self.cache_dir)


def shipped_root() -> Path:
    """The folder holding the sample ``data/``, ``templates/`` and the guides (``docs/``) this
    docgen was built with."""
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
        if (source / GUIDES).is_dir() and not (target / GUIDES).exists():
            shutil.copytree(source / GUIDES, target / GUIDES, ignore=shutil.ignore_patterns("kien-truc.md"))
            created.append(target / GUIDES)
        ignore = target / ".gitignore"
        if not ignore.exists():
            ignore.write_text(GITIGNORE, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục làm việc {target}: {os_reason(exc)}") from exc
    return created
