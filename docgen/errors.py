"""The error hierarchy: every failure docgen reports to a user is one of these.

The library raises them and never prints; ``cli.main`` is the one place that turns them into
a message and an exit code. Each class also inherits the matching standard exception, so a
caller embedding docgen can catch ``ValueError`` or ``OSError`` as usual.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


@dataclass(frozen=True, order=True)
class CellProblem(Problem):
    """A problem of a spreadsheet cell: ``line`` is the cell's row, ``column`` its column (1 = A),
    ``field`` the column's title, ``sheet`` the sheet and ``cell`` the cell's name (``E12``); read
    as ``tệp X.xlsx, trang «Báo cáo 2023», ô E12, cột «Thực hiện»: … — …``. A problem of the
    whole file (it cannot be opened) or of a whole sheet leaves ``cell`` or ``sheet`` empty."""

    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        where = [f"tệp {self.file}"]
        if self.sheet:
            where.append(f"trang «{self.sheet}»")
        if self.cell:
            where.append(f"ô {self.cell}")
        if self.field:
            where.append(f"cột «{self.field}»")
        text = f"{', '.join(where)}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class DocgenError(Exception):
    """Base of every error meant for a user. ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class WorkspaceError(DocgenError, FileNotFoundError):
    """The workspace folder is missing or is not a docgen workspace."""


class DataError(DocgenError, ValueError):
    """The data files are invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_order)
        count = len(self.problems)
        what = "Dữ liệu và mẫu" if any(p.file.startswith("templates/") for p in self.problems) else "Dữ liệu"
        super().__init__(f"{what} có {count} lỗi, chưa tạo văn bản nào.")


class SheetUnreadable(DocgenError, ValueError):
    """A spreadsheet cannot be read at all (an .xls, a renamed file, a password, a damaged ZIP,
    no permission); ``problem`` says so as a :class:`CellProblem` of the whole file."""

    def __init__(self, problem: CellProblem) -> None:
        super().__init__(f"tệp {problem.file}: {problem.message}", hint=problem.hint)
        self.problem = problem


class FormRefused(DataError):
    """A filled Excel form is refused as a whole (nothing of it is imported); ``problems`` holds
    every problem of the file, in the order of its sheets and cells."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.file = file
        self.problems = list(dict.fromkeys(problems))
        DocgenError.__init__(
            self,
            f"Biểu mẫu {file} có {len(self.problems)} lỗi, chưa nhập gì từ tệp này.",
            hint="sửa các ô được nêu trong biểu mẫu rồi nhập lại",
        )


class TemplateError(DocgenError, ValueError):
    """A template cannot be read or compiled."""


class TemplatesFailed(TemplateError):
    """Templates fail ``template check``: nothing was built. One paragraph per template, its
    findings under it; ``problems`` holds them all (file = the template)."""

    def __init__(self, problems: Sequence[Problem], *, folder: str = "templates/docx") -> None:
        self.problems = list(problems)
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.file, []).append(problem)
        lines = [f"{len(by_file)} mẫu chưa đạt kiểm tra, chưa tạo văn bản nào:"]
        for file, found in by_file.items():
            lines.append(f"  Mẫu {file} ({len(found)} lỗi):")
            for p in found:
                text = f"{p.field}: {p.message}" if p.field else p.message
                lines.append(f"    - {text}" + (f" — {p.hint}" if p.hint else ""))
        super().__init__("\n".join(lines), hint=f"sửa mẫu trong {folder}/ rồi chạy docgen template check")


class RenderError(DocgenError, ValueError):
    """One document could not be rendered (a missing value, a broken template)."""


class OutputError(DocgenError, OSError):
    """A file could not be written (locked by Word, no permission, outside the output folder)."""


class OutputBusy(OutputError):
    """Another docgen command holds the output folder's lock (``docgen.lock``): nothing was written."""


class UsageError(DocgenError, ValueError):
    """The command line asks for something that cannot be done: options that contradict each
    other, a selection that selects nothing, a value that is not one of the choices."""

    exit_code = 2


def closest(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice a typo most likely meant, or ``None`` (difflib's ratio, ``cutoff`` 0..1)."""
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(
    value: str, choices: Iterable[str], *, cutoff: float = 0.6, otherwise: str | None = None
) -> str | None:
    """The hint a message gives for a typo: ``có phải "huyen-duc-tho"?``, else ``otherwise``."""
    found = closest(value, choices, cutoff=cutoff)
    return f'có phải "{found}"?' if found is not None else otherwise


def _problem_order(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.file, p.line or 0, p.column or 0, p.field, p.message)


class RegisterError(DocgenError, RuntimeError):
    """The register refuses an operation or its file cannot be used."""


class RegisterMissing(RegisterError):
    """The output folder's manifest shows issued numbers but the register file is gone: a build
    would give those numbers again. Nothing is written until the register is restored."""


class ContentChanged(RegisterError):
    """An issued document would now be produced with different content (refused unless reissued)."""


class StampError(RegisterError):
    """A person's edited document has no single place for its number and date (see docx.stamping)."""


class RegisterImportError(RegisterError, ValueError):
    """Rows of an imported register are invalid; carries every problem, nothing was imported."""

    def __init__(self, origin: str, problems: Sequence[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.line or 0, p.field, p.message))
        rows = len({p.line for p in self.problems})
        lines = [
            f"{origin}: {len(self.problems)} lỗi ở {rows} dòng, chưa nhập dòng nào "
            "(tệp được nhập trọn vẹn hoặc không nhập gì). Sửa các dòng sau rồi nhập lại:"
        ]
        for p in self.problems:
            where = f"dòng {p.line}" if p.line else "tiêu đề cột"
            lines.append(f"  - {where}: {p.field}: {p.message}" if p.field else f"  - {where}: {p.message}")
        super().__init__("\n".join(lines))


class PdfError(DocgenError, RuntimeError):
    """LibreOffice is missing or unusable, or a PDF cannot be read or written."""


class DocumentsFailed(DocgenError):
    """A build finished but some documents or PDFs could not be made (exit code 1); the others
    were written. ``report`` is the build's JSON report, part of the ``--json`` error."""

    def __init__(self, message: str, *, hint: str | None = None, report: dict[str, object]) -> None:
        super().__init__(message, hint=hint)
        self.report = report
