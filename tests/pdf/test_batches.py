"""Conversion at the province's size: batches sized from LibreOffice's command line, several per
worker, and the lone fallback (one LibreOffice per document) counted and reported, never silent.

LibreOffice 7.4 reads at most 253 arguments after the program name and ignores the rest without
a word (exit code 0): a batch must never be longer than that.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader, PdfWriter

from docgen.errors import PdfError
from docgen.pdf import soffice
from docgen.pdf.batches import MAX_ARGUMENTS, WINDOWS_COMMAND_LINE, ConversionStats, balance, batch_room, split
from docgen.pdf.normalise import Conversion
from docgen.pdf.soffice import convert_all, find_soffice

REPO = Path(__file__).resolve().parents[2]
WHEN = datetime(2023, 7, 5, 8, 0, tzinfo=timezone(timedelta(hours=7)))
Run = Callable[..., Result]
LEFT_OUT = "LibreOffice kết thúc lô văn bản mà không chuyển hết, không báo lỗi"

try:
    SOFFICE: Path | None = find_soffice()
except PdfError:
    SOFFICE = None


@pytest.fixture(autouse=True)
def _private_profile_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    yield


def _options() -> list[str]:
    return soffice._command(Path("/usr/bin/soffice"), Path("/tmp/profile"), Path("/tmp/out"), [])


# --- the size of a batch -----------------------------------------------------------------------


def test_a_batch_never_has_more_than_253_arguments_after_the_program() -> None:
    command = _options()
    inputs = [f"/tmp/in/d{n:05d}.docx" for n in range(324)]
    room = batch_room(command, inputs, windows=False)
    assert room == MAX_ARGUMENTS - (len(command) - 1) == 240  # docgen's 13 options
    assert batch_room(command, inputs[:100], windows=False) == 100


def test_on_windows_a_batch_also_fits_the_32767_character_command_line() -> None:
    command = [r"C:\Program Files\LibreOffice\program\soffice.exe", *_options()[1:]]
    long_folder = "C:\\Users\\Nguyễn Văn An\\AppData\\Local\\Temp\\" + "thư mục rất dài\\" * 12
    inputs = [f"{long_folder}d{n:05d}.docx" for n in range(324)]
    room = batch_room(command, inputs, windows=True)
    assert 0 < room < 240
    assert len(subprocess.list2cmdline([*command, *inputs[:room]])) <= WINDOWS_COMMAND_LINE - 1
    assert len(subprocess.list2cmdline([*command, *inputs[: room + 1]])) > WINDOWS_COMMAND_LINE - 1


def test_a_share_is_split_into_even_batches_and_shares_are_balanced_by_size() -> None:
    assert [len(b) for b in split(list(range(250)), 240)] == [125, 125]
    assert [len(b) for b in split(list(range(909)), 240)] == [228, 227, 227, 227]
    assert split([], 240) == []
    sizes = [90, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    shares = balance(list(range(len(sizes))), 2, lambda n: sizes[n])
    assert sorted(sum(sizes[n] for n in share) for share in shares) == [90, 90]
    assert shares[0] == [0] or shares[1] == [0], "the heavy document alone, the light ones together"
    assert all(share == sorted(share) for share in shares), "in the order of the run"


# --- the lone fallback, counted ------------------------------------------------------------------


def _valid_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _forgetful_soffice(tmp_path: Path, keep: int, crash_on: str = "none") -> Path:
    """Like LibreOffice past its argument limit: converts the first ``keep`` documents of each
    call, says nothing about the others and exits 0; it crashes on the document ``crash_on``."""
    pdf = _valid_pdf(tmp_path / "one-page.pdf")
    script = tmp_path / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        'out=""; prev=""; n=0\n'
        'for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done\n'
        'for a in "$@"; do\n'
        '  case "$a" in *.docx)\n'
        f"    n=$((n+1)); [ $n -gt {keep} ] && break\n"
        '    name=$(basename "$a" .docx)\n'
        f'    if [ "$name" = "{crash_on}" ]; then echo "convert $a -> $out/$name.pdf"; exit 139; fi\n'
        f'    cp "{pdf}" "$out/$name.pdf"\n'
        '    echo "convert $a -> $out/$name.pdf using filter : writer_pdf_Export";;\n'
        "  esac\n"
        "done\n"
        "exit 0\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_documents_a_batch_left_out_are_converted_alone_and_counted_with_the_reason(tmp_path: Path) -> None:
    fake = _forgetful_soffice(tmp_path, keep=2)
    items = []
    for n in range(6):
        source = tmp_path / f"v{n}.docx"
        shutil.copy(REPO / "templates" / "docx" / "quyet-dinh.docx", source)
        items.append(Conversion(source, tmp_path / "pdf" / f"v{n}.pdf", WHEN, f"u/{n}", "t", "a", "s"))
    stats = ConversionStats()
    result = convert_all(items, jobs=1, soffice=fake, timeout_per_document=5, stats=stats)
    assert result == {item.doc_id: None for item in items}
    assert (stats.batches, stats.by_batch, stats.lone, stats.by_lone) == (1, 2, 4, 4)
    assert dict(stats.reasons) == {LEFT_OUT: 4}
    assert stats.pages == {item.doc_id: 1 for item in items}


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_a_document_that_crashes_libreoffice_goes_alone_and_the_rest_of_its_batch_stays_a_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _forgetful_soffice(tmp_path, keep=1000, crash_on="d00002")  # the third document
    items = []
    for n in range(8):
        source = tmp_path / f"v{n}.docx"
        shutil.copy(REPO / "templates" / "docx" / "quyet-dinh.docx", source)
        items.append(Conversion(source, tmp_path / "pdf" / f"v{n}.pdf", WHEN, f"u/{n}", "t", "a", "s"))
    calls: list[int] = []
    real = soffice._popen

    def counting(command: list[str], stderr: object) -> object:
        calls.append(sum(arg.endswith(".docx") for arg in command))
        return real(command, stderr)  # type: ignore[arg-type]

    monkeypatch.setattr(soffice, "_popen", counting)
    stats = ConversionStats()
    result = convert_all(items, jobs=1, soffice=fake, timeout_per_document=5, stats=stats)
    assert "mã thoát 139" in str(result.pop("u/2"))
    assert result == {item.doc_id: None for item in items if item.doc_id != "u/2"}
    assert calls == [8, 1, 5], "the batch, the culprit alone, then the five it never reached"
    assert (stats.by_batch, stats.lone) == (7, 1)
    assert dict(stats.reasons) == {"LibreOffice dừng bất thường giữa lô văn bản (mã thoát 139)": 1}


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_a_build_says_how_many_documents_were_converted_alone_and_why(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    fake = _forgetful_soffice(tmp_path, keep=1)
    selected = ("build", "--unit", "so-noi-vu", "--jobs", "1", "--pdf", "--soffice", str(fake))
    result = run("-w", str(workspace), *selected)
    assert result.exit_code == 0, result.output
    documents = len(list((workspace / "out" / "so-noi-vu").glob("*.docx")))
    assert documents >= 5
    lone = documents - 1
    assert (
        f"PDF: {lone} văn bản LibreOffice bỏ sót khi chuyển theo lô, đã chuyển lại riêng từng văn bản "
        f"(mỗi văn bản thêm khoảng 1 giây): {LEFT_OUT} ({lone})." in result.output
    )
    again = run("-w", str(workspace), *selected, "--force", "--json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert report["pdf"]["lone"] == {"count": lone, "reasons": [{"reason": LEFT_OUT, "count": lone}]}


# --- the real LibreOffice ------------------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) không có trên máy này")
def test_260_documents_in_one_run_all_come_from_batches_none_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    source = tmp_path / "nho.docx"
    document = docx.Document()
    document.add_paragraph("Văn bản nhỏ để thử chuyển theo lô: Ủy ban nhân dân tỉnh Hà Tĩnh.")
    document.save(str(source))
    items = [
        Conversion(source, tmp_path / "pdf" / f"v{n:03d}.pdf", WHEN, f"nho/{n:03d}", f"Văn bản {n}", "a", "s")
        for n in range(260)
    ]
    commands: list[list[str]] = []
    real = soffice._popen

    def counting(command: list[str], stderr: object) -> object:
        commands.append(command)
        return real(command, stderr)  # type: ignore[arg-type]

    monkeypatch.setattr(soffice, "_popen", counting)
    stats = ConversionStats()
    assert SOFFICE is not None
    result = convert_all(items, jobs=1, soffice=SOFFICE, stats=stats)
    assert result == {item.doc_id: None for item in items}
    inputs = [sum(arg.endswith(".docx") for arg in command) for command in commands]
    assert inputs == [130, 130], "one worker's 260 documents in two even batches, none alone"
    assert all(len(command) - 1 <= MAX_ARGUMENTS for command in commands)
    assert (stats.batches, stats.by_batch, stats.lone, dict(stats.reasons)) == (2, 260, 0, {})
    for item in items[::37]:
        assert len(PdfReader(item.target).pages) == stats.pages[item.doc_id] == 1


# --- normalised once, packs merged by a pool -------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_the_manifest_counts_pages_while_normalising_without_reading_each_pdf_again(
    workspace: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.pdf import normalise

    def read_again(path: Path) -> int:
        raise AssertionError(f"{path} read again to count its pages")

    monkeypatch.setattr(normalise, "pdf_pages", read_again)
    fake = _forgetful_soffice(tmp_path, keep=1000)
    result = run("-w", str(workspace), "build", "--unit", "so-noi-vu", "--pdf", "--soffice", str(fake))
    assert result.exit_code == 0, result.output
    manifest = json.loads((workspace / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [e["pdf"]["pages"] for e in manifest["documents"]] == [1] * len(manifest["documents"])


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_packs_merged_by_parallel_processes_are_the_bytes_of_a_serial_merge(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    fake = _forgetful_soffice(tmp_path, keep=1000)
    departments = ("build", "--unit-kind", "sở", "--pdf", "--soffice", str(fake))
    assert run("-w", str(workspace), *departments, "--jobs", "2").exit_code == 0
    packs = sorted((workspace / "out").glob("*.pdf"))
    assert len(packs) >= 8, "enough packs for the pool"
    parallel = {p.name: p.read_bytes() for p in packs}
    serial_out = tmp_path / "serial"
    assert run("-w", str(workspace), *departments, "--jobs", "1", "--out", str(serial_out)).exit_code == 0
    assert {p.name: p.read_bytes() for p in sorted(serial_out.glob("*.pdf"))} == parallel
    for pack in packs:
        assert len(PdfReader(pack).outline) == len(list((workspace / "out" / pack.stem).glob("*.pdf")))
