"""LibreOffice's PDFs handled as bytes: normalised in place (only its catalog, information
dictionary, xref table and trailer are written again) and joined into a unit's pack without
parsing them (objects copied and renumbered, identical ones stored once)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from docgen.errors import PdfError
from docgen.pdf import merge, normalise
from docgen.pdf.merge import merge_pack, outline_titles
from docgen.pdf.normalise import normalise_counted

WHEN = datetime(2023, 7, 5, 8, 0, tzinfo=timezone(timedelta(hours=7)))
META = {
    "when": WHEN,
    "doc_id": "huyen-huong-khe/ke-hoach",
    "title": "Kế hoạch số 05/KH-UBND",
    "author": "Ủy ban nhân dân huyện Hương Khê",
    "subject": "Thực hiện (đợt 1) các phong trào \\ thi đua",
    "source_key": "abc123",
}


def libreoffice_like(
    stamp: str,
    file_id: str,
    *,
    pages: int = 2,
    lang: bytes = b"/Lang(vi-VN)",
    text: bytes = b"",
    page: bytes = b"/Type/Page",
) -> bytes:
    """A PDF laid out as LibreOffice 7.4 writes one: pages, page tree, catalog, information
    dictionary last, one xref table, a trailer with its random /ID and /DocChecksum."""
    objects: list[tuple[int, bytes]] = [(1, b"<</ProcSet[/PDF/Text]\n>>")]
    kids = []
    for number in range(pages):
        content = text or b"BT /F1 12 Tf 72 720 Td (Trang %d) Tj ET" % (number + 1)
        objects.append((3 + 2 * number, b"<</Length %d>>\nstream\n%s\nendstream" % (len(content), content)))
        objects.append(
            (
                4 + 2 * number,
                b"<<%s/Parent 2 0 R/Resources 1 0 R/MediaBox[0 0 595 842]/Contents %d 0 R>>" % (page, 3 + 2 * number),
            )
        )
        kids.append(b"%d 0 R" % (4 + 2 * number))
    objects.append((2, b"<</Type/Pages\n/Kids[ " + b" ".join(kids) + b" ]\n/Count %d>>" % pages))
    catalog, info = 3 + 2 * pages, 4 + 2 * pages
    objects.append((catalog, b"<</Type/Catalog/Pages 2 0 R\n" + lang + b"\n>>"))
    objects.append(
        (
            info,
            b"<</Title<FEFF0078>\n/Keywords<FEFF006B>\n/Creator<FEFF005700720069007400650072>\n"
            b"/Producer<FEFF004C0069006200720065004F0066006600690063006500200037002E0034>\n"
            b"/CreationDate(D:" + stamp.encode() + b"Z')>>",
        )
    )
    out = bytearray(b"%PDF-1.6\n%\xc3\xa4\xc3\xbc\xc3\xb6\xc3\x9f\n")
    offsets = {}
    for number, body in objects:
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n\n" % (number, body)
    size = info + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<</Size %d/Root %d 0 R\n/Info %d 0 R\n/ID [ <%s>\n<%s> ]\n" % (
        size,
        catalog,
        info,
        file_id.encode(),
        file_id.encode(),
    )
    out += b"/DocChecksum /%s\n>>\nstartxref\n%d\n%%%%EOF\n" % (file_id.encode(), xref)
    return bytes(out)


def test_libreoffice_pdf_is_edited_in_place_and_reproducible() -> None:
    one = libreoffice_like("20261204171031", "671150D0D952CA632C63907FDB1C32C3", pages=3)
    two = libreoffice_like("20250101000000", "00112233445566778899AABBCCDDEEFF", pages=3)
    fixed, pages = normalise_counted(one, **META)  # type: ignore[arg-type]
    assert (fixed, pages) == normalise_counted(two, **META)  # type: ignore[arg-type]
    assert pages == 3
    # Pages and fonts are LibreOffice's bytes, untouched: only what follows the page tree changes.
    page_tree_end = one.index(b"endobj", one.index(b"/Type/Pages")) + len(b"endobj\n\n")
    assert fixed[:page_tree_end] == one[:page_tree_end]
    assert b"2026" not in fixed and b"DocChecksum" not in fixed
    reader = PdfReader(io.BytesIO(fixed), strict=True)
    assert len(reader.pages) == 3
    assert b"(Trang 3) Tj" in reader.pages[2].get_contents().get_data()  # type: ignore[union-attr]
    assert reader.trailer["/Root"]["/Lang"] == "vi-VN"
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1] != b""
    info = reader.metadata
    assert info is not None
    assert info.title == "Kế hoạch số 05/KH-UBND" and info.author == "Ủy ban nhân dân huyện Hương Khê"
    assert info.subject == "Thực hiện (đợt 1) các phong trào \\ thi đua"
    assert info["/DocgenKey"] == "abc123" and info["/Keywords"] == "k" and info["/Producer"] == "LibreOffice 7.4"
    assert info["/CreationDate"] == "D:20230705080000+07'00'" == info["/ModDate"]


@pytest.mark.parametrize("lang", [b"/Lang(en-US)", b""])
def test_a_document_in_another_language_or_none_gets_vietnamese(lang: bytes) -> None:
    fixed, _ = normalise_counted(libreoffice_like("20261204171031", "AB" * 16, lang=lang), **META)  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(fixed), strict=True)
    assert reader.trailer["/Root"]["/Lang"] == "vi-VN"
    assert b"en-US" not in fixed


def test_a_pdf_without_pages_is_refused() -> None:
    with pytest.raises(PdfError, match="không có trang nào"):
        normalise_counted(libreoffice_like("20261204171031", "AB" * 16, pages=0), **META)  # type: ignore[arg-type]


def test_a_pdf_cut_short_is_refused() -> None:
    whole = libreoffice_like("20261204171031", "AB" * 16)
    with pytest.raises(PdfError, match="không hợp lệ"):
        normalise_counted(whole[: len(whole) // 2], **META)  # type: ignore[arg-type]


# --- packs joined from LibreOffice's bytes ---------------------------------------------------------


def _part(tmp_path: Path, name: str, pages: int, **layout: bytes) -> Path:
    fixed, _ = normalise_counted(libreoffice_like("20261204171031", "AB" * 16, pages=pages, **layout), **META)  # type: ignore[arg-type]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(fixed)
    return path


def _no_pypdf(*args: object, **kwargs: object) -> None:
    raise AssertionError("pypdf was used")


def _pack(parts: list[tuple[str, Path]], target: Path) -> int:
    return merge_pack(
        parts,
        target,
        title="Hồ sơ thi đua năm 2023",
        author="UBND xã Sơn Kim 1",
        subject="Thi đua",
        when=WHEN,
        pack_id="p",
    )


def test_a_pack_of_libreoffice_files_is_joined_without_parsing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge, "PdfWriter", _no_pypdf)
    monkeypatch.setattr(merge, "PdfReader", _no_pypdf)
    parts = [("Kế hoạch số 05/KH-UBND", _part(tmp_path, "a", 2)), ("Báo cáo (dự thảo)", _part(tmp_path, "b", 3))]
    target = tmp_path / "pack.pdf"
    assert _pack(parts, target) == 5
    monkeypatch.undo()
    reader = PdfReader(target, strict=True)
    assert len(reader.pages) == 5
    assert outline_titles(target) == ["Kế hoạch số 05/KH-UBND", "Báo cáo (dự thảo)"]
    assert [reader.get_destination_page_number(o) for o in reader.outline] == [0, 2]  # type: ignore[arg-type]
    assert reader.page_labels == ["1-1", "1-2", "2-1", "2-2", "2-3"]
    contents = [page.get_contents().get_data() for page in reader.pages]  # type: ignore[union-attr]
    assert contents == [b"BT /F1 12 Tf 72 720 Td (Trang %d) Tj ET" % n for n in (1, 2, 1, 2, 3)]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "vi-VN" and root["/PageMode"] == "/UseOutlines"
    info = reader.metadata
    assert info is not None and (info.title, info.author) == ("Hồ sơ thi đua năm 2023", "UBND xã Sơn Kim 1")
    assert info["/CreationDate"] == "D:20230705080000+07'00'"
    again = tmp_path / "again.pdf"
    _pack(parts, again)
    assert again.read_bytes() == target.read_bytes()


def test_identical_objects_of_a_pack_are_stored_once_but_its_pages_never(tmp_path: Path) -> None:
    part = _part(tmp_path, "a", 2)
    target = tmp_path / "pack.pdf"
    _pack([("Một", part), ("Hai", part)], target)
    reader = PdfReader(target, strict=True)
    pages = [page.indirect_reference.idnum for page in reader.pages]  # type: ignore[union-attr]
    streams = {page.raw_get("/Contents").idnum for page in reader.pages}
    assert len(set(pages)) == 4 and len(streams) == 2
    assert outline_titles(target) == ["Một", "Hai"]


@pytest.mark.parametrize("page", [b"/Type/Page", b"/Type /Page"])
def test_two_identical_blank_pages_stay_two_pages(tmp_path: Path, page: bytes) -> None:
    part = _part(tmp_path, "a", 2, text=b"q Q", page=page)
    target = tmp_path / "pack.pdf"
    assert _pack([("Một", part)], target) == 2
    reader = PdfReader(target, strict=True)
    assert len({p.indirect_reference.idnum for p in reader.pages}) == 2  # type: ignore[union-attr]
    assert len({p.raw_get("/Contents").idnum for p in reader.pages}) == 1, "their content is stored once"


def test_a_part_in_another_layout_is_joined_by_pypdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    other = tmp_path / "other.pdf"
    with other.open("wb") as handle:
        writer.write(handle)
    target = tmp_path / "pack.pdf"
    assert _pack([("Một", _part(tmp_path, "a", 2)), ("Hai", other)], target) == 3
    assert outline_titles(target) == ["Một", "Hai"] and PdfReader(target).page_labels[-1] == "2-1"


# --- PDFs made the old way are made again ----------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) không có")
def test_pdfs_made_by_the_previous_format_are_converted_again(
    run: Callable[..., Any], workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = ("-w", str(workspace), "build", "--unit", "so-noi-vu", "--kind", "ke-hoach", "--jobs", "1", "--pdf")
    with monkeypatch.context() as old:
        old.setattr(normalise, "PDF_FORMAT", "1")
        first = run(*build)
    assert first.exit_code == 0, first.output
    assert "PDF: 1 văn bản đã chuyển, 0 không đổi" in first.output
    again = run(*build)
    assert again.exit_code == 0, again.output
    assert "PDF: 1 văn bản đã chuyển, 0 không đổi" in again.output
    assert "PDF: 0 văn bản đã chuyển, 1 không đổi" in run(*build).output
