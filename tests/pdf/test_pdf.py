"""The PDF stage with the real LibreOffice: conversion of real documents, the unit's pack,
byte-for-byte reproducibility, and failures that stay contained (corrupt DOCX, a converter
that hangs or crashes)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from docgen.build.run import run_build
from docgen.data.model import Dataset
from docgen.documents.consolidated import charts
from docgen.documents.consolidation import consolidate
from docgen.documents.plan import DocRef, plan, template_name
from docgen.errors import PdfError
from docgen.pdf import normalise, soffice
from docgen.pdf.merge import merge_pack, outline_titles
from docgen.pdf.normalise import Conversion, normalise_pdf, pdf_pages
from docgen.pdf.soffice import convert_all, find_soffice
from docgen.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
UNIT = "huyen-huong-khe"
ICT = timezone(timedelta(hours=7))
WHEN = datetime(2023, 7, 5, 8, 0, tzinfo=ICT)
KIND_TITLES = {
    "quyet-dinh": "Quyết định",
    "ke-hoach": "Kế hoạch",
    "bao-cao": "Báo cáo",
    "to-trinh": "Tờ trình",
    "bao-cao-thanh-tich": "Báo cáo thành tích",
    "bao-cao-tong-hop": "Báo cáo tổng hợp",
    "quyet-dinh-khen-thuong": "Quyết định khen thưởng",
}

try:
    SOFFICE: Path | None = find_soffice()
except PdfError:
    SOFFICE = None

needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) không có trên máy này: cài libreoffice-writer-nogui và fonts-liberation2 "
    "(CI cài sẵn) để chạy các kiểm thử PDF",
)


def test_libreoffice_is_installed_where_the_pdf_tests_are_required() -> None:
    # CI sets DOCGEN_REQUIRE_SOFFICE=1 so that a missing LibreOffice fails instead of skipping.
    if os.environ.get("DOCGEN_REQUIRE_SOFFICE") == "1":
        assert SOFFICE is not None, "LibreOffice chưa được cài: apt-get install libreoffice-writer-nogui"
        assert shutil.which("pdftotext") and shutil.which("pdffonts"), "thiếu poppler-utils"


def _soffice() -> Path:
    assert SOFFICE is not None
    return SOFFICE


@pytest.fixture(scope="module", autouse=True)
def _private_profile_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # LibreOffice profiles of the tests stay out of the user's ~/.cache.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


def _title(entry: dict[str, object]) -> str:
    label = KIND_TITLES[str(entry["kind"])]
    symbol = entry.get("number_symbol")
    return f"{label} số {symbol}" if symbol else f"{label} (dự thảo)"


def _conversion(out: Path, entry: dict[str, object], pdf_dir: Path) -> Conversion:
    source = out / str(entry["path"])
    return Conversion(
        source=source,
        target=pdf_dir / f"{source.stem}.pdf",
        when=WHEN,
        doc_id=str(entry["doc_id"]),
        title=_title(entry),
        author=str(entry["unit_name"]),
        subject=str(entry["subject"]),
    )


def _refs(data: Dataset) -> list[DocRef]:
    consolidated = plan(data, units=["so-noi-vu"], kinds=["bao-cao-tong-hop"], periods=["2023"])
    decision = [r for r in plan(data, units=["tinh-ha-tinh"]) if r.award == "bang-khen-chu-tich-ubnd-tinh"]
    return plan(data, units=[UNIT]) + consolidated + decision


@pytest.fixture(scope="module")
def docs(
    tmp_path_factory: pytest.TempPathFactory, sample_root: Path, dataset: Dataset
) -> tuple[Path, list[dict[str, object]]]:
    """The real documents of one district, Sở Nội vụ's consolidated report of the year (its
    charts) and one award decision of the Chairman, built by docgen itself."""
    out = tmp_path_factory.mktemp("docx")
    run_build(Workspace.open(sample_root), dataset, _refs(dataset), out_dir=out, jobs=1, force=True)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    built = [e for e in manifest["documents"] if e["status"] in ("built", "skipped") and (out / e["path"]).exists()]
    assert len(built) >= 3, f"too few documents rendered: {manifest['documents']}"
    return out, built


@pytest.fixture(scope="module")
def converted(
    docs: tuple[Path, list[dict[str, object]]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Conversion], dict[str, str | None], float]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    out, entries = docs
    pdf_dir = tmp_path_factory.mktemp("pdf")
    items = [_conversion(out, e, pdf_dir) for e in entries]
    started = time.perf_counter()
    result = convert_all(items, jobs=2, soffice=_soffice(), work_dir=tmp_path_factory.mktemp("work"))
    return items, result, time.perf_counter() - started


# --- conversion of real documents ------------------------------------------------------------


@needs_soffice
def test_every_document_converts_to_a_valid_pdf(
    converted: tuple[list[Conversion], dict[str, str | None], float], sample_root: Path, dataset: Dataset
) -> None:
    items, result, _ = converted
    assert result == {item.doc_id: None for item in items}
    # A real word processor opens every template: each kind, both achievement-report forms.
    ws, data = Workspace.open(sample_root), dataset
    refs = {ref.id: ref for ref in _refs(data)}
    used = {template_name(data, refs[item.doc_id]) for item in items}
    assert used == {p.name for p in ws.templates_dir.glob("*.docx")}
    for item in items:
        reader = PdfReader(item.target)
        assert len(reader.pages) >= 1 and pdf_pages(item.target) == len(reader.pages)
        info = reader.metadata
        assert info is not None
        assert info.title == item.title and info.author == item.author and info.subject == item.subject
        assert reader.trailer["/Root"]["/Lang"] == "vi-VN"
        assert info["/CreationDate"] == "D:20230705080000+07'00'" == info["/ModDate"]
        assert normalise.is_current(item)
    assert not list(items[0].target.parent.glob(".*.tmp")), "atomic writes leave no temporaries"
    # The consolidated report's charts are pictures LibreOffice places in the PDF.
    report = next(item for item in items if item.doc_id == "so-noi-vu/bao-cao-tong-hop/2023")
    listing = subprocess.run(["pdfimages", "-list", str(report.target)], capture_output=True, text=True, check=True)
    pictures = [line for line in listing.stdout.splitlines()[2:] if line.split()[2] == "image"]  # not their masks
    assert len(pictures) == len(charts(data, consolidate(data, "2023")))


@needs_soffice
def test_first_page_has_the_header_in_correct_vietnamese(
    converted: tuple[list[Conversion], dict[str, str | None], float],
) -> None:
    items, _, _ = converted
    plan_pdf = next(item.target for item in items if item.doc_id == f"{UNIT}/ke-hoach")
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(plan_pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]

    def at(prefix: str) -> int:
        found = [n for n, line in enumerate(lines) if line.startswith(prefix)]
        assert found, f"{prefix!r} not on page 1:\n{text}"
        return found[0]

    # Two header columns: the issuing body on the left, the national motto on the right.
    assert at("ỦY BAN NHÂN DÂN") < at("HUYỆN HƯƠNG KHÊ")
    assert at("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < at("Độc lập - Tự do - Hạnh phúc") < at("Hương Khê, ngày")
    assert at("HUYỆN HƯƠNG KHÊ") < at("KẾ HOẠCH")


@needs_soffice
def test_fonts_are_embedded_serif(converted: tuple[list[Conversion], dict[str, str | None], float]) -> None:
    items, _, _ = converted
    for item in items[:3]:
        table = subprocess.run(["pdffonts", str(item.target)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in table.splitlines()[2:] if line.strip()]
        assert rows, table
        for row in rows:
            name, emb = row[0], row[-5]
            assert "LiberationSerif" in name or "Times" in name, table
            assert emb == "yes", table


@needs_soffice
def test_libreoffice_starts_once_per_worker_not_once_per_document(
    docs: tuple[Path, list[dict[str, object]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, entries = docs
    started: list[list[str]] = []
    real = soffice._popen

    def counting(command: list[str], stderr: object) -> object:
        started.append(command)
        return real(command, stderr)  # type: ignore[arg-type]

    monkeypatch.setattr(soffice, "_popen", counting)
    items = [_conversion(out, e, tmp_path) for e in entries]
    assert convert_all(items, jobs=2, soffice=_soffice()) == {i.doc_id: None for i in items}
    assert len(items) >= 6 and len(started) == 2
    profiles = {arg for command in started for arg in command if arg.startswith("-env:UserInstallation=")}
    assert len(profiles) == 2, "each LibreOffice process has its own user profile"


# --- the unit's pack -------------------------------------------------------------------------


@needs_soffice
def test_pack_has_one_bookmark_per_document_labels_and_metadata(
    converted: tuple[list[Conversion], dict[str, str | None], float], tmp_path: Path
) -> None:
    items, _, _ = converted
    parts = [(item.title, item.target) for item in items]
    target = tmp_path / f"{UNIT}.pdf"
    author = items[0].author
    pages = merge_pack(
        parts,
        target,
        title="Hồ sơ thi đua năm 2023",
        author=author,
        subject="Phong trào thi đua 2023",
        when=WHEN,
        pack_id=UNIT,
    )
    expected = sum(pdf_pages(item.target) for item in items)
    assert pages == expected == pdf_pages(target)

    reader = PdfReader(target)
    assert [str(entry.title) for entry in reader.outline if not isinstance(entry, list)] == [t for t, _ in parts]
    assert all(not isinstance(entry, list) for entry in reader.outline), "no nested bookmarks"
    starts = [reader.get_destination_page_number(entry) for entry in reader.outline if not isinstance(entry, list)]
    sizes = [pdf_pages(item.target) for item in items]
    assert starts == [sum(sizes[:n]) for n in range(len(sizes))], "each bookmark opens its document's first page"
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author, info.subject) == ("Hồ sơ thi đua năm 2023", author, "Phong trào thi đua 2023")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "vi-VN" and root["/PageMode"] == "/UseOutlines"
    assert "/PageLabels" in root
    labels = reader.page_labels
    assert labels[0] == "1-1" and labels[sizes[0]] == "2-1" and labels[-1] == f"{len(items)}-{sizes[-1]}"
    assert any("Kế hoạch" in title for title, _ in parts)

    # The same parts give the same bytes.
    again = tmp_path / "again.pdf"
    merge_pack(
        parts,
        again,
        title="Hồ sơ thi đua năm 2023",
        author=author,
        subject="Phong trào thi đua 2023",
        when=WHEN,
        pack_id=UNIT,
    )
    assert again.read_bytes() == target.read_bytes()


@needs_soffice
def test_a_font_subset_shared_by_documents_of_a_pack_is_stored_once(
    converted: tuple[list[Conversion], dict[str, str | None], float], tmp_path: Path
) -> None:
    items, _, _ = converted
    part = items[0].target
    fonts = _font_files(PdfReader(part))
    assert fonts >= 1
    pack = tmp_path / "pack.pdf"
    merge_pack([("Một", part), ("Hai", part)], pack, title="t", author="a", subject="s", when=WHEN, pack_id="p")
    reader = PdfReader(pack)
    assert _font_files(reader) == fonts, "the same subsets twice are stored once"
    assert len(reader.pages) == 2 * pdf_pages(part) and outline_titles(pack) == ["Một", "Hai"]


def _font_files(reader: PdfReader) -> int:
    return len(
        {d.raw_get("/FontFile2").idnum for page in reader.pages for d in _font_descriptors(page) if "/FontFile2" in d}
    )


def _font_descriptors(page: Any) -> list[Any]:
    fonts = page["/Resources"].get_object().get("/Font", {})
    found = []
    for font in fonts.get_object().values():
        font = font.get_object()
        for descendant in font.get("/DescendantFonts", []):
            font = descendant.get_object()
        if "/FontDescriptor" in font:
            found.append(font["/FontDescriptor"].get_object())
    return found


def test_merge_pack_refuses_a_broken_part(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.6\nnot really")
    with pytest.raises(PdfError, match=r"broken\.pdf"):
        merge_pack(
            [("Kế hoạch (dự thảo)", broken)],
            tmp_path / "pack.pdf",
            title="t",
            author="a",
            subject="s",
            when=WHEN,
            pack_id="x",
        )
    assert not (tmp_path / "pack.pdf").exists()


# --- reproducibility -------------------------------------------------------------------------


@needs_soffice
def test_two_separate_conversions_give_identical_bytes(
    converted: tuple[list[Conversion], dict[str, str | None], float], tmp_path: Path
) -> None:
    items, _, _ = converted
    # A second LibreOffice process, one worker (so different batch neighbours), other folder.
    again = [
        Conversion(i.source, tmp_path / i.target.name, i.when, i.doc_id, i.title, i.author, i.subject)
        for i in items[:3]
    ]
    assert convert_all(again, jobs=1, soffice=_soffice()) == {i.doc_id: None for i in again}
    for first, second in zip(items[:3], again, strict=True):
        assert first.target.read_bytes() == second.target.read_bytes(), first.doc_id


def test_normalise_pdf_removes_every_varying_byte() -> None:
    def libreoffice_like(stamp: str, file_id: bytes) -> bytes:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.add_metadata({"/Title": "x", "/Producer": "LibreOffice 7.4", "/CreationDate": f"D:{stamp}Z'"})
        writer.xmp_metadata = (  # what LibreOffice writes for PDF/A
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>'
            '<rdf:li xml:lang="x-default">x</rdf:li></rdf:Alt></dc:title></rdf:Description>'
            '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
            f'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmpMM:DocumentID="uuid:{file_id.hex()}">'
            f"<xmp:CreateDate>{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T10:00:00Z</xmp:CreateDate>"
            "</rdf:Description></rdf:RDF></x:xmpmeta>"
            '<?xpacket end="w"?>'
        ).encode()
        writer._ID = None
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    one = libreoffice_like("20261125103453", bytes(range(16)))
    two = libreoffice_like("20250101000000", bytes(range(16, 32)))
    assert one != two
    meta = {
        "when": WHEN,
        "doc_id": f"{UNIT}/ke-hoach",
        "title": "Kế hoạch số 05/KH-UBND",
        "author": "Ủy ban nhân dân huyện Hương Khê",
        "subject": "Thực hiện các phong trào thi đua",
    }
    fixed = normalise_pdf(one, **meta)  # type: ignore[arg-type]
    assert fixed == normalise_pdf(two, **meta)  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(fixed))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "2023-07-05T08:00:00+07:00" in xmp and "2026" not in xmp and "2025" not in xmp
    assert "<xmp:ModifyDate>2023-07-05T08:00:00+07:00</xmp:ModifyDate>" in xmp
    assert "Kế hoạch số 05/KH-UBND" in xmp
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1] != b""
    assert reader.metadata is not None and reader.metadata.title == "Kế hoạch số 05/KH-UBND"
    with pytest.raises(PdfError):
        normalise_pdf(b"not a pdf", **meta)  # type: ignore[arg-type]


# --- failures stay contained -----------------------------------------------------------------


def _corrupt(tmp_path: Path, good: Path) -> dict[str, Path]:
    random_bytes = tmp_path / "random.docx"
    random_bytes.write_bytes(random.Random(7).randbytes(20000))
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    bad_xml = tmp_path / "bad-xml.docx"  # a valid ZIP whose document body is cut mid-tag
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad_xml, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            dst.writestr(info, content[: len(content) // 2] if info.filename == "word/document.xml" else content)
    return {"random": random_bytes, "truncated": truncated, "bad-xml": bad_xml}


@needs_soffice
def test_a_corrupt_docx_fails_alone_with_a_reason(docs: tuple[Path, list[dict[str, object]]], tmp_path: Path) -> None:
    out, entries = docs
    good = [_conversion(out, e, tmp_path / "pdf") for e in entries[:2]]
    bad = [
        Conversion(path, tmp_path / "pdf" / f"{name}.pdf", WHEN, f"bad/{name}", "Kế hoạch (dự thảo)", "A", "S")
        for name, path in _corrupt(tmp_path, good[0].source).items()
    ]
    result = convert_all(
        [bad[0], good[0], bad[1], good[1], bad[2]], jobs=2, soffice=_soffice(), timeout_per_document=20
    )
    for item in good:
        assert result[item.doc_id] is None and pdf_pages(item.target) >= 1
    for item in bad:
        reason = result[item.doc_id]
        assert reason and not item.target.exists(), item.doc_id
    assert "hỏng" in str(result["bad/random"]) and "hỏng" in str(result["bad/truncated"])
    assert "LibreOffice không mở được tệp DOCX" in str(result["bad/bad-xml"])


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return script


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        return "State:\tZ" not in status.read_text()  # a zombie is dead, only not yet reaped
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_a_hung_converter_is_killed_and_its_documents_fail(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    # Like soffice → oosplash → soffice.bin: a child that would outlive a plain kill of the parent.
    fake = _fake_soffice(tmp_path, f'sleep 300 &\necho "$$ $!" >> "{pids}"\nwait\n')
    sources = []
    for n in range(3):
        source = tmp_path / f"d{n}.docx"
        shutil.copy(REPO / "templates" / "docx" / "ke-hoach.docx", source)
        sources.append(source)
    items = [Conversion(s, tmp_path / f"{s.stem}.pdf", WHEN, f"hung/{s.stem}", "t", "a", "s") for s in sources]
    started = time.perf_counter()
    result = convert_all(items, jobs=2, soffice=fake, timeout_per_document=0.3)
    elapsed = time.perf_counter() - started
    assert set(result) == {i.doc_id for i in items}
    for reason in result.values():
        assert reason is not None and "treo" in reason, reason
    assert elapsed < 10, f"took {elapsed:.1f} s"
    started_pids = [int(p) for line in pids.read_text().split("\n") if line for p in line.split()]
    assert len(started_pids) >= 2 * 3, "a batch, then each document alone"
    time.sleep(0.2)
    assert not [pid for pid in started_pids if _alive(pid)], "no LibreOffice process may outlive convert_all"
    assert not any(i.target.exists() for i in items)


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_a_converter_that_never_answers_does_not_hold_a_big_build_for_hours(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    fake = _fake_soffice(tmp_path, f'echo started >> "{calls}"\nexec sleep 300\n')
    items = []
    for n in range(12):
        source = tmp_path / f"d{n:02d}.docx"
        shutil.copy(REPO / "templates" / "docx" / "quyet-dinh.docx", source)
        items.append(Conversion(source, tmp_path / f"d{n:02d}.pdf", WHEN, f"hung/{n}", "t", "a", "s"))
    started = time.perf_counter()
    result = convert_all(items, jobs=1, soffice=fake, timeout_per_document=0.3)
    elapsed = time.perf_counter() - started
    assert all(reason for reason in result.values())
    # The batch, then two documents alone; the other ten fail at once with the reason.
    assert len(calls.read_text().split()) == 3
    assert sum("không phản hồi" in str(reason) for reason in result.values()) == 10
    assert elapsed < 10, f"took {elapsed:.1f} s"


@pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a POSIX shell script")
def test_a_crashing_converter_fails_with_its_exit_code(tmp_path: Path) -> None:
    fake = _fake_soffice(tmp_path, 'echo "soffice.bin: Segmentation fault" >&2\nexit 139\n')
    source = tmp_path / "d.docx"
    shutil.copy(REPO / "templates" / "docx" / "ke-hoach.docx", source)
    result = convert_all(
        [Conversion(source, tmp_path / "d.pdf", WHEN, "crash/d", "t", "a", "s")],
        jobs=1,
        soffice=fake,
        timeout_per_document=5,
    )
    assert "mã thoát 139" in str(result["crash/d"]) and "Segmentation fault" in str(result["crash/d"])


def test_a_missing_converter_fails_every_document_with_a_reason(tmp_path: Path) -> None:
    source = tmp_path / "d.docx"
    shutil.copy(REPO / "templates" / "docx" / "ke-hoach.docx", source)
    missing = tmp_path / "no-such-soffice"
    result = convert_all(
        [Conversion(source, tmp_path / "d.pdf", WHEN, "x/d", "t", "a", "s")],
        jobs=1,
        soffice=missing,
        timeout_per_document=5,
    )
    assert "không chạy được LibreOffice" in str(result["x/d"])


# --- finding LibreOffice ---------------------------------------------------------------------


def test_find_soffice_with_a_bad_explicit_path_explains_how_to_install(tmp_path: Path) -> None:
    with pytest.raises(PdfError) as caught:
        find_soffice(tmp_path / "nowhere" / "soffice")
    message = str(caught.value)
    assert "--soffice" in message
    assert "libreoffice-writer-nogui" in message and "fonts-liberation2" in message
    assert r"C:\Program Files\LibreOffice\program\soffice.exe" in message


def test_find_soffice_without_libreoffice_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(soffice, "_usual_locations", lambda: [])
    with pytest.raises(PdfError, match="Không tìm thấy LibreOffice"):
        find_soffice()


def test_find_soffice_accepts_the_environment_and_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    exe = program / "soffice"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    assert find_soffice(tmp_path / "LibreOffice") == exe.absolute()
    monkeypatch.setenv("DOCGEN_SOFFICE", str(exe))
    assert find_soffice() == exe.absolute()
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "nope"))
    with pytest.raises(PdfError, match="DOCGEN_SOFFICE"):
        find_soffice()


# --- `docgen build --pdf` ----------------------------------------------------------------------


def _cli(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "docgen", "-w", str(ws), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built_pdf(
    tmp_path_factory: pytest.TempPathFactory, sample_root: Path
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Two units built with --pdf, the first one's documents of July 2023 numbered (decision,
    plan, half-year report: the others' issue windows open later)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    ws = tmp_path_factory.mktemp("built") / "ws"
    shutil.copytree(sample_root, ws)
    july = ("--kind", "quyet-dinh", "--kind", "ke-hoach", "--kind", "bao-cao", "--period", "2023-h1")
    issued = _cli(ws, "build", "--unit", UNIT, *july, "--issue", "--allow-sample", "--date", "2023-07-12")
    assert issued.returncode == 0, issued.stderr
    result = _cli(ws, "build", "--unit", UNIT, "--unit", "so-noi-vu", "--pdf", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return ws, result


def _docs(ws: Path) -> list[dict[str, object]]:
    manifest = json.loads((ws / "out" / "manifest.json").read_text(encoding="utf-8"))
    return list(manifest["documents"])


@needs_soffice
def test_build_pdf_records_every_pdf_in_the_manifest(built_pdf: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    ws, result = built_pdf
    assert "PDF: 16 văn bản đã chuyển, 0 không đổi, 0 lỗi; 2 tệp PDF gộp" in result.stdout
    for entry in _docs(ws):
        info = entry["pdf"]
        assert isinstance(info, dict)
        path = ws / "out" / str(info["path"])
        content = path.read_bytes()
        assert info["path"] == str(Path(str(entry["path"])).with_suffix(".pdf").as_posix())
        assert info["sha256"] == hashlib.sha256(content).hexdigest() and info["bytes"] == len(content)
        assert info["pages"] == pdf_pages(path) >= 1
    # The unit's ZIP pack carries the PDFs too.
    names = zipfile.ZipFile(ws / "out" / f"{UNIT}.zip").namelist()
    assert sum(n.endswith(".pdf") for n in names) == sum(n.endswith(".docx") for n in names) == 8


@needs_soffice
def test_unit_pdf_has_a_bookmark_per_document_in_plan_order(
    built_pdf: tuple[Path, subprocess.CompletedProcess[str]], dataset: Dataset
) -> None:
    ws, _ = built_pdf
    entries = [e for e in _docs(ws) if e["unit_id"] == UNIT]
    by_id = {e["doc_id"]: e for e in entries}
    order = [r.id for r in plan(dataset, units=[UNIT])]  # the built workspace holds the bundled data
    reader = PdfReader(ws / "out" / f"{UNIT}.pdf")
    titles = [str(o.title) for o in reader.outline if not isinstance(o, list)]
    assert titles[:5] == [
        "Quyết định số 01/QĐ-UBND",
        "Kế hoạch số 02/KH-UBND",
        "Báo cáo số 03/BC-UBND (6 tháng đầu năm 2023)",
        "Báo cáo năm 2023 (dự thảo)",  # its issue window opens in December
        "Tờ trình (dự thảo)",
    ]
    assert len(titles) == len(order) and all(t.startswith("Báo cáo thành tích: ") for t in titles[5:])
    pages = [int(str(by_id[doc_id]["pdf"]["pages"])) for doc_id in order]  # type: ignore[index]
    assert len(reader.pages) == sum(pages)
    starts = [reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)]
    assert starts == [sum(pages[:n]) for n in range(len(pages))]
    info = reader.metadata
    assert info is not None and info.author == "Ủy ban nhân dân huyện Hương Khê"
    assert reader.trailer["/Root"]["/Lang"] == "vi-VN"
    drafts = [str(o.title) for o in PdfReader(ws / "out" / "so-noi-vu.pdf").outline if not isinstance(o, list)]
    assert drafts[:2] == ["Quyết định (dự thảo)", "Kế hoạch (dự thảo)"]


@needs_soffice
def test_numbered_pdf_first_page_reads_like_the_document(
    built_pdf: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    ws, _ = built_pdf
    plan_pdf = ws / "out" / UNIT / "ke-hoach-2023.pdf"
    text = subprocess.run(
        ["pdftotext", "-l", "1", "-layout", str(plan_pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = "\n".join(lines)
    for expected in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "HUYỆN HƯƠNG KHÊ", "Số: 02/KH-UBND"):
        assert expected in joined, joined[:600]
    assert "Hương Khê, ngày 12 tháng 7 năm 2023" in joined
    assert joined.index("CỘNG HÒA") < joined.index("Số: 02/KH-UBND") < joined.index("KẾ HOẠCH")


@needs_soffice
def test_build_pdf_again_converts_nothing_and_changes_no_byte(
    built_pdf: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    ws, _ = built_pdf
    out = ws / "out"
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    again = _cli(ws, "build", "--unit", UNIT, "--unit", "so-noi-vu", "--pdf")
    assert again.returncode == 0, again.stderr
    assert "PDF: 0 văn bản đã chuyển, 16 không đổi, 0 lỗi; 0 tệp PDF gộp" in again.stdout
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before


@needs_soffice
def test_a_rebuild_without_pdf_removes_pdfs_that_no_longer_match(workspace: Path) -> None:
    assert _cli(workspace, "build", "--unit", "so-noi-vu", "--kind", "ke-hoach", "--pdf").returncode == 0
    old_pdf = workspace / "out" / "so-noi-vu" / "ke-hoach-2023.pdf"
    first = old_pdf.read_bytes()
    assert (workspace / "out" / "so-noi-vu.pdf").exists()
    units = workspace / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index("- id: so-noi-vu\n")
    units.write_text(text[:start] + text[start:].replace("    place: ", "    place: TP. ", 1), encoding="utf-8")
    assert _cli(workspace, "build", "--unit", "so-noi-vu", "--kind", "ke-hoach").returncode == 0
    assert not old_pdf.exists() and not (workspace / "out" / "so-noi-vu.pdf").exists()
    assert "pdf" not in _docs(workspace)[0]
    # Converting again gives the new content, and the reproducible bytes differ from the old.
    assert _cli(workspace, "build", "--unit", "so-noi-vu", "--kind", "ke-hoach", "--pdf").returncode == 0
    assert old_pdf.exists() and old_pdf.read_bytes() != first


def test_build_pdf_without_libreoffice_stops_before_writing_anything(workspace: Path, tmp_path: Path) -> None:
    result = _cli(workspace, "build", "--unit", UNIT, "--pdf", "--soffice", str(tmp_path / "khong-co" / "soffice"))
    assert result.returncode == 1
    assert "Không chạy được LibreOffice" in result.stderr and "libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (workspace / "out").exists()


@needs_soffice
def test_a_corrupt_document_fails_its_pdf_alone_in_a_build(workspace: Path) -> None:
    assert _cli(workspace, "build", "--unit", "so-noi-vu", "--kind", "quyet-dinh", "--kind", "ke-hoach").returncode == 0
    broken = workspace / "out" / "so-noi-vu" / "ke-hoach-2023.docx"
    # A whole ZIP (a cut-short DOCX is made again by the build, see tests/build/test_damaged.py)
    # whose text LibreOffice cannot load: a person's file, kept, whose PDF fails.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(broken.read_bytes())) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            part = source.read(item)
            target.writestr(item, part[: len(part) // 2] if item.filename == "word/document.xml" else part)
    broken.write_bytes(buffer.getvalue())
    result = _cli(workspace, "build", "--unit", "so-noi-vu", "--kind", "quyet-dinh", "--kind", "ke-hoach", "--pdf")
    assert result.returncode == 1
    assert "LỖI so-noi-vu/ke-hoach: PDF: LibreOffice không mở được tệp DOCX" in result.stderr, result.stderr
    assert (workspace / "out" / "so-noi-vu" / "quyet-dinh-2023.pdf").exists()
    assert not (workspace / "out" / "so-noi-vu" / "ke-hoach-2023.pdf").exists()
    assert not (workspace / "out" / "so-noi-vu.pdf").exists(), "no pack from an incomplete set"


def _page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[: pdf_pages(path)]


@needs_soffice
def test_no_page_holds_only_a_signature_or_nothing(tmp_path: Path, sample_root: Path, dataset: Dataset) -> None:
    # Documents where the last paragraph or the signatures used to fall on a page of their own.
    doc_ids = [
        "so-ngoai-vu/bao-cao/2023-h1",
        "so-tai-chinh/ke-hoach",
        "thanh-tra-tinh/bao-cao/2023",
        "truong-thpt-chuyen-ha-tinh/bao-cao-thanh-tich/truong-thpt-chuyen-ha-tinh-1",
    ]
    ws, data = Workspace.open(sample_root), dataset
    refs = [r for r in plan(data, units=sorted({d.split("/")[0] for d in doc_ids})) if r.id in doc_ids]
    out = tmp_path / "out"
    run_build(ws, data, refs, out_dir=out, jobs=1, force=True)
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    items = [_conversion(out, e, tmp_path / "pdf") for e in entries]
    assert len(items) == len(doc_ids)
    assert convert_all(items, jobs=2, soffice=_soffice()) == {i.doc_id: None for i in items}
    for item in items:
        pages = _page_texts(item.target)
        for number, page in enumerate(pages, start=1):
            words = [w for w in page.split() if not w.isdigit()]
            assert len(words) > 3, f"{item.doc_id}: page {number} is empty"
        last = pages[-1]
        signature = min(i for i in (last.find("Nơi nhận"), last.find("XÁC NHẬN")) if i >= 0)
        before = [w for w in last[:signature].split() if not w.isdigit()]
        assert before, f"{item.doc_id}: the last page holds only the signature"


@needs_soffice
def test_packs_stay_whole_follow_edits_and_are_repaired(workspace: Path) -> None:
    out = workspace / "out"
    assert _cli(workspace, "build", "--unit", "so-noi-vu", "--pdf").returncode == 0
    pack = out / "so-noi-vu.pdf"
    titles = outline_titles(pack)
    assert len(titles) == 8
    # A build of one kind of the unit keeps every document in its packs.
    units = workspace / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index("- id: so-noi-vu\n")
    units.write_text(
        text[:start] + text[start:].replace("      to-trinh:\n", "      to-trinh:\n        - Ban TĐKT\n", 1), "utf-8"
    )
    assert _cli(workspace, "build", "--unit", "so-noi-vu", "--kind", "to-trinh", "--pdf").returncode == 0
    assert outline_titles(pack) == titles
    with zipfile.ZipFile(out / "so-noi-vu.zip") as archive:
        assert sum(n.endswith(".pdf") for n in archive.namelist()) == 8
    # A clerk's edit of a DOCX is what its PDF shows.
    from docx import Document

    edited = out / "so-noi-vu" / "quyet-dinh-2023.docx"
    document = Document(str(edited))
    document.add_paragraph("ĐOẠN VĂN THƯ BỔ SUNG")
    document.save(str(edited))
    result = _cli(workspace, "build", "--unit", "so-noi-vu", "--pdf")
    assert result.returncode == 0 and "sửa tay" in result.stdout
    assert "ĐOẠN VĂN THƯ BỔ SUNG" in "".join(_page_texts(out / "so-noi-vu" / "quyet-dinh-2023.pdf"))
    # Damaged packs are made again.
    pack.write_bytes(pack.read_bytes()[:1000])
    (out / "so-noi-vu.zip").write_bytes(b"PK broken")
    assert _cli(workspace, "build", "--unit", "so-noi-vu", "--pdf").returncode == 0
    assert outline_titles(pack) == titles and pdf_pages(pack) > 8
    with zipfile.ZipFile(out / "so-noi-vu.zip") as archive:
        assert archive.testzip() is None


@needs_soffice
def test_a_pdf_changed_by_hand_is_kept_and_force_converts_everything_again(workspace: Path) -> None:
    out = workspace / "out"
    args = ("build", "--unit", "so-noi-vu", "--kind", "quyet-dinh", "--kind", "ke-hoach", "--pdf")
    assert _cli(workspace, *args).returncode == 0
    signed = out / "so-noi-vu" / "ke-hoach-2023.pdf"
    signed.write_bytes(signed.read_bytes() + b"\n% ky so\n")  # what a signing tool does: bytes appended
    mine = signed.read_bytes()
    kept = _cli(workspace, *args)
    assert kept.returncode == 0 and "so-noi-vu/ke-hoach-2023.pdf" in kept.stdout and "sửa tay" in kept.stdout
    assert signed.read_bytes() == mine
    forced = _cli(workspace, *args, "--force")
    assert forced.returncode == 0
    assert "PDF: 2 văn bản đã chuyển" in forced.stdout
    assert signed.read_bytes() != mine and (out / "so-noi-vu" / "ke-hoach-2023.ban-sua-1.pdf").read_bytes() == mine
