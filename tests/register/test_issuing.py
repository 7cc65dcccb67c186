"""Issuing numbers from the command line: `docgen build --issue`, `docgen render --issue`, as a
clerk uses them (the register's own rules are in test_register.py)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.docx.text import document_text
from docgen.register.sqlite import register_path

Run = Callable[..., Result]

UNITS = ("huyen-huong-khe", "so-noi-vu")
NUMBERED = ("quyet-dinh", "ke-hoach", "bao-cao", "bao-cao-tong-hop", "to-trinh")


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    documents = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return {d["doc_id"]: d for d in documents}


def _text(out: Path, entry: dict[str, object]) -> str:
    return document_text((out / str(entry["path"])).read_bytes())


def _register(run: Run, ws: Path) -> list[dict[str, object]]:
    result = run("-w", str(ws), "register", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _issue(run: Run, ws: Path, out: Path, *extra: str) -> Result:
    args = ["-w", str(ws), "build", "--out", str(out), "--issue", "--allow-sample", *extra]
    for unit in UNITS:
        args += ["--unit", unit]
    return run(*args)


# A clerk numbers each document when it is signed, within its window (data/campaign.yaml): the
# plan, the decision and the half-year report in July 2023, the annual report in December, the
# proposal (with its achievement reports) in January 2024.
STAGES = (
    (
        "--kind",
        "quyet-dinh",
        "--kind",
        "ke-hoach",
        "--kind",
        "bao-cao",
        "--kind",
        "bao-cao-tong-hop",
        "--period",
        "2023-h1",
        "--date",
        "2023-07-12",
    ),
    ("--kind", "bao-cao", "--kind", "bao-cao-tong-hop", "--period", "2023", "--date", "2023-12-12"),
    ("--kind", "to-trinh", "--kind", "bao-cao-thanh-tich", "--date", "2024-01-10"),
)


def _issue_all(run: Run, ws: Path, out: Path) -> str:
    """Every numbered document of ``UNITS`` issued, stage by stage; the stages' output."""
    outputs = []
    for stage in STAGES:
        result = _issue(run, ws, out, *stage)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    return "".join(outputs)


def test_drafts_by_default_carry_no_number_and_create_no_register(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("-w", str(workspace), "build", "--unit", "huyen-huong-khe", "--out", str(out)).exit_code == 0
    for entry in _manifest(out).values():
        assert entry["number"] is None and entry["number_symbol"] is None
        if entry["kind"] in NUMBERED:
            assert re.search(r"^Số:\s+/[A-ZĐa-z]+-UBND$", _text(out, entry), re.M), entry["doc_id"]
    assert not register_path(workspace).exists()


def test_sample_data_is_never_given_an_official_number(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("-w", str(workspace), "build", "--unit", "huyen-huong-khe", "--out", str(out), "--issue")
    assert result.exit_code == 1
    assert "không cấp số chính thức cho văn bản có dữ liệu mẫu" in result.output
    assert "người ký «" in result.output and "--allow-sample" in result.output
    assert _register(run, workspace) == []
    # Attachments are not numbered, so they are still written; numbered documents are not.
    manifest = _manifest(out)
    failed = {e["kind"] for e in manifest.values() if e["status"] == "failed"}
    assert failed == set(NUMBERED) - {"bao-cao-tong-hop"}  # Sở Nội vụ's only


def test_issue_numbers_each_issuer_from_01_in_plan_order(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    output = _issue_all(run, workspace, out)
    manifest = _manifest(out)
    # Numbers restart at 01 on 1 January: the proposal signed in 2024 is the first of 2024.
    expected = {
        "huyen-huong-khe/quyet-dinh": ("01/QĐ-UBND", "ngày 12 tháng 7 năm 2023"),
        "huyen-huong-khe/ke-hoach": ("02/KH-UBND", "ngày 12 tháng 7 năm 2023"),
        "huyen-huong-khe/bao-cao/2023-h1": ("03/BC-UBND", "ngày 12 tháng 7 năm 2023"),
        "huyen-huong-khe/bao-cao/2023": ("04/BC-UBND", "ngày 12 tháng 12 năm 2023"),
        "huyen-huong-khe/to-trinh": ("01/TTr-UBND", "ngày 10 tháng 01 năm 2024"),
        "so-noi-vu/quyet-dinh": ("01/QĐ-SNV", "ngày 12 tháng 7 năm 2023"),
        "so-noi-vu/ke-hoach": ("02/KH-SNV", "ngày 12 tháng 7 năm 2023"),
        "so-noi-vu/bao-cao-tong-hop/2023-h1": ("03/BC-SNV", "ngày 12 tháng 7 năm 2023"),
        "so-noi-vu/bao-cao-tong-hop/2023": ("04/BC-SNV", "ngày 12 tháng 12 năm 2023"),
        "so-noi-vu/to-trinh": ("01/TTr-SNV", "ngày 10 tháng 01 năm 2024"),
    }
    for doc_id, (number_symbol, day) in expected.items():
        entry = manifest[doc_id]
        assert entry["number_symbol"] == number_symbol
        text = _text(out, entry)
        assert f"Số: {number_symbol}\n" in text
        assert day in text
    attachments = [e for e in manifest.values() if e["kind"] == "bao-cao-thanh-tich"]
    assert attachments and all(e["number"] is None for e in attachments)
    assert "Cấp số 01/QĐ-UBND ngày 12/7/2023: huyen-huong-khe/quyet-dinh" in output
    assert "Cấp số 01/TTr-UBND ngày 10/01/2024: huyen-huong-khe/to-trinh" in output
    # The register says the same as the documents, each number in the year of its date.
    rows = {r["doc_id"]: r for r in _register(run, workspace)}
    assert set(rows) == {d for d, e in manifest.items() if e["kind"] in NUMBERED}
    for doc_id, row in rows.items():
        assert row["number_symbol"] == manifest[doc_id]["number_symbol"]
        assert row["status"] == "issued" and isinstance(row["number"], int)
        assert row["year"] == int(str(row["date"])[:4]) == (2024 if row["kind"] == "to-trinh" else 2023)
        assert row["sha256"] == manifest[doc_id]["sha256"]


def test_issuing_again_is_idempotent_and_later_drafts_keep_the_numbers(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _issue_all(run, workspace, out)
    first = _manifest(out)
    again = _issue(run, workspace, out, "--date", "2023-08-01")
    assert again.exit_code == 0 and "Cấp số" not in again.output
    second = _manifest(out)
    assert {e["status"] for e in second.values()} == {"skipped"}
    assert {d: (e["number_symbol"], e["sha256"]) for d, e in second.items()} == {
        d: (e["number_symbol"], e["sha256"]) for d, e in first.items()
    }
    # Out deleted, a plain build: every issued document comes back with its number and date.
    fresh = tmp_path / "fresh"
    args = ["-w", str(workspace), "build", "--out", str(fresh), "--unit", UNITS[0], "--unit", UNITS[1]]
    assert run(*args).exit_code == 0
    for doc_id, entry in _manifest(fresh).items():
        assert entry["number_symbol"] == first[doc_id]["number_symbol"]
        assert entry["sha256"] == first[doc_id]["sha256"], doc_id
    assert len(_register(run, workspace)) == sum(e["number"] is not None for e in first.values()) == 10


def test_changed_content_is_refused_with_what_changed_then_reissued(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _issue_all(run, workspace, out)
    plan = out / str(_manifest(out)["huyen-huong-khe/ke-hoach"]["path"])
    issued_bytes = plan.read_bytes()
    units = workspace / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index("- id: huyen-huong-khe\n")
    edited = text[start:].replace("- UBND các xã, thị trấn\n", "- UBND các xã, thị trấn trong huyện\n", 1)
    units.write_text(text[:start] + edited, encoding="utf-8")

    refused = run("-w", str(workspace), "build", "--out", str(out), "--unit", "huyen-huong-khe")
    assert refused.exit_code == 1
    assert "đã được cấp số 02/KH-UBND ngày 12/7/2023 nhưng nội dung nay đã khác" in refused.output
    assert "-- UBND các xã, thị trấn;" in refused.output
    assert "+- UBND các xã, thị trấn trong huyện;" in refused.output
    assert plan.read_bytes() == issued_bytes  # the issued version is kept

    reissued = run(
        "-w", str(workspace), "build", "--out", str(out), "--unit", "huyen-huong-khe",
        "--reissue", "--allow-sample", "--date", "2023-07-20",
    )  # fmt: skip
    assert reissued.exit_code == 0, reissued.output
    assert "Đã hủy số 02/KH-UBND của huyen-huong-khe/ke-hoach" in reissued.output
    assert "Đã hủy số 01/QĐ-UBND của huyen-huong-khe/quyet-dinh" in reissued.output  # same recipients
    manifest = _manifest(out)
    assert manifest["huyen-huong-khe/quyet-dinh"]["number_symbol"] == "05/QĐ-UBND"
    entry = manifest["huyen-huong-khe/ke-hoach"]
    assert entry["number_symbol"] == "06/KH-UBND"
    assert "Số: 06/KH-UBND\n" in _text(out, entry) and "trong huyện" in _text(out, entry)
    assert "ngày 20 tháng 7 năm 2023" in _text(out, entry)
    rows = [r for r in _register(run, workspace) if r["unit_id"] == "huyen-huong-khe" and r["year"] == 2023]
    assert [(r["number"], r["status"]) for r in rows if r["doc_id"] == "huyen-huong-khe/ke-hoach"] == [
        (2, "void"),
        (6, "issued"),
    ]
    # Void numbers stay in the register and are never given again: no gap, no repeat.
    assert sorted(r["number"] for r in rows) == list(range(1, len(rows) + 1))


def test_render_issue_then_build_share_the_register(run: Run, workspace: Path) -> None:
    ws = ["-w", str(workspace)]
    first = run(
        *ws, "render", "ke-hoach", "--unit", "huyen-huong-khe", "--issue", "--allow-sample", "--date", "10/07/2023"
    )
    assert first.exit_code == 0, first.output
    assert "cấp số mới 01/KH-UBND ngày 10/7/2023" in first.output
    again = run(*ws, "render", "ke-hoach", "--unit", "huyen-huong-khe", "--issue", "--allow-sample")
    assert "số đã cấp 01/KH-UBND ngày 10/7/2023" in again.output
    built = run(
        *ws, "build", "--unit", "huyen-huong-khe", "--kind", "quyet-dinh", "--kind", "ke-hoach",
        "--issue", "--allow-sample", "--date", "2023-07-11",
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    assert "sửa tay" not in built.output  # the rendered file is docgen's own, not a clerk's edit
    manifest = _manifest(workspace / "out")
    assert manifest["huyen-huong-khe/ke-hoach"]["number_symbol"] == "01/KH-UBND"
    assert manifest["huyen-huong-khe/quyet-dinh"]["number_symbol"] == "02/QĐ-UBND"


def test_the_series_continues_after_numbers_given_by_hand(run: Run, workspace: Path, tmp_path: Path) -> None:
    recorded = run(
        "-w", str(workspace), "register", "record", "--unit", "huyen-huong-khe", "--number", "14",
        "--symbol", "CV-UBND", "--date", "2023-06-30", "--summary", "Về việc triển khai công tác thi đua",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    out = tmp_path / "out"
    args = ["-w", str(workspace), "build", "--out", str(out), "--unit", "huyen-huong-khe", "--kind", "ke-hoach"]
    assert run(*args, "--issue", "--allow-sample", "--date", "2023-07-12").exit_code == 0
    assert _manifest(out)["huyen-huong-khe/ke-hoach"]["number_symbol"] == "15/KH-UBND"


def _count(ws: Path) -> int:
    """Numbers committed so far, read without disturbing the writer."""
    db = register_path(ws)
    if not db.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5)) as conn:
            return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    except sqlite3.Error:
        return 0


def _docgen(ws: Path, *args: str) -> subprocess.Popen[bytes]:
    # Clerks rendering into one out/ at once take turns (its lock, docgen/lock.py): wait long enough.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "DOCGEN_LOCK_WAIT": "120"}
    command = [sys.executable, "-m", "docgen", "-w", str(ws), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)


def test_eight_clerks_issuing_at_once_get_one_number_per_document_without_gaps(workspace: Path) -> None:
    # Four distinct documents, each requested twice, by eight processes started together.
    kinds = [
        ("quyet-dinh", "--date", "2023-07-12"),
        ("ke-hoach", "--date", "2023-07-12"),
        ("bao-cao", "--period", "2023-h1", "--date", "2023-07-12"),
        ("to-trinh", "--date", "2023-12-20"),
    ]
    procs = [
        _docgen(workspace, "render", kind[0], *kind[1:], "--unit", "huyen-huong-khe", "--issue", "--allow-sample")
        for kind in kinds * 2
    ]
    outputs = [p.communicate(timeout=120)[0].decode("utf-8") for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "-w", str(workspace), "register", "list", "--format", "json"],
        capture_output=True,
        check=True,
    )
    rows = json.loads(result.stdout)
    assert sorted(r["number"] for r in rows) == [1, 2, 3, 4]
    assert len({r["doc_id"] for r in rows}) == 4
    assert sum("cấp số mới" in text for text in outputs) == 4


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_build_killed_while_issuing_leaves_no_number_without_its_document(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    july = ("--kind", "quyet-dinh", "--kind", "ke-hoach", "--kind", "bao-cao", "--period", "2023-h1")
    args = ["build", *july, "--out", str(out), "--issue", "--allow-sample", "--date", "2023-07-12", "--jobs", "1"]
    proc = _docgen(workspace, *args)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and _count(workspace) < 20:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the build ended before it could be killed"
    rows = json.loads(
        subprocess.run(
            [sys.executable, "-m", "docgen", "-w", str(workspace), "register", "list", "--format", "json"],
            capture_output=True,
            check=True,
        ).stdout
    )
    assert rows, "killed before the first number: make the build slower or the wait shorter"
    # Every committed number is on a document with exactly the registered bytes: in place, or
    # (killed between the commit and the rename) in its fsynced staging file beside it.
    for row in rows:
        unit_dir = out / str(row["unit_id"])
        hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in unit_dir.glob("*.docx")}
        staged = {hashlib.sha256(p.read_bytes()).hexdigest() for p in unit_dir.glob(".*.tmp")}
        assert row["sha256"] in hashes | staged, row["doc_id"]
    # The next run finishes the job: every issuer numbered 01.. without a gap or a repeat.
    finished = _docgen(workspace, *args)
    output = finished.communicate(timeout=300)[0].decode("utf-8")
    assert finished.returncode == 0, output[-2000:]
    manifest = _manifest(out)
    for row in rows:  # the next run put every numbered document in place, unchanged
        assert manifest[str(row["doc_id"])]["sha256"] == row["sha256"], row["doc_id"]
    by_unit: dict[str, list[int]] = {}
    for entry in manifest.values():
        if entry["number"] is not None:
            by_unit.setdefault(str(entry["unit_id"]), []).append(int(str(entry["number"])))
    assert by_unit
    for numbers in by_unit.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def _give_unit(ws: Path, unit_id: str, yaml_lines: str) -> None:
    units = ws / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    anchor = f"  - id: {unit_id}\n"
    start = text.index(anchor) + len(anchor)
    units.write_text(text[:start] + yaml_lines + text[start:], encoding="utf-8")


def test_an_office_may_number_a_kind_in_its_own_series(run: Run, workspace: Path, tmp_path: Path) -> None:
    _give_unit(workspace, "huyen-huong-khe", "    series:\n      quyet-dinh: quyet-dinh\n")
    out = tmp_path / "out"
    _issue_all(run, workspace, out)
    manifest = _manifest(out)
    numbers = {d: e["number_symbol"] for d, e in manifest.items() if d.startswith("huyen-huong-khe/")}
    assert numbers["huyen-huong-khe/quyet-dinh"] == "01/QĐ-UBND"
    assert numbers["huyen-huong-khe/ke-hoach"] == "01/KH-UBND"  # the general series starts at 01 too
    assert numbers["huyen-huong-khe/bao-cao/2023"] == "03/BC-UBND"
    assert manifest["so-noi-vu/ke-hoach"]["number_symbol"] == "02/KH-SNV"  # other offices unchanged
    series = {r["doc_id"]: r["series"] for r in _register(run, workspace)}
    assert series["huyen-huong-khe/quyet-dinh"] == "quyet-dinh" and series["huyen-huong-khe/ke-hoach"] == "chung"


def test_a_series_for_an_unknown_kind_is_a_data_error(run: Run, workspace: Path) -> None:
    _give_unit(workspace, "huyen-huong-khe", "    series:\n      quyet-dinhh: qd\n")
    result = run("-w", str(workspace), "validate")
    assert result.exit_code == 1
    assert "series.quyet-dinhh" in result.output and 'có phải "quyet-dinh"?' in result.output


def test_an_attachment_is_never_numbered_even_when_asked(run: Run, workspace: Path) -> None:
    result = run(
        "-w", str(workspace), "render", "bao-cao-thanh-tich", "--unit", "huyen-huong-khe",
        "--candidate", "huyen-huong-khe-1", "--issue", "--allow-sample",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "văn bản kèm theo, không đánh số" in result.output
    assert _register(run, workspace) == []


def test_a_listing_is_never_written_over_the_register(run: Run, workspace: Path, tmp_path: Path) -> None:
    _issue_all(run, workspace, tmp_path / "out")
    db = register_path(workspace)
    before = db.read_bytes()
    for fmt in ("csv", "json"):
        result = run("-w", str(workspace), "register", "list", "--format", fmt, "-o", str(db))
        assert result.exit_code == 1 and "sổ đăng ký văn bản" in result.output
    assert db.read_bytes() == before and len(_register(run, workspace)) == 10


def test_an_emptied_register_is_refused_not_restarted_at_01(run: Run, workspace: Path) -> None:
    db = register_path(workspace)
    db.write_bytes(b"")
    old = time.time() - 3600
    os.utime(db, (old, old))
    result = run("-w", str(workspace), "render", "ke-hoach", "--unit", "huyen-huong-khe", "--issue", "--allow-sample")
    assert result.exit_code == 1 and "tệp rỗng" in result.output
    assert db.stat().st_size == 0


def test_a_register_restored_from_its_csv_keeps_each_document_number(run: Run, workspace: Path, tmp_path: Path) -> None:
    _issue_all(run, workspace, tmp_path / "out")
    listing = tmp_path / "so.csv"
    assert run("-w", str(workspace), "register", "list", "--format", "csv", "-o", str(listing)).exit_code == 0
    first = {r["doc_id"]: r["number_symbol"] for r in _register(run, workspace)}
    register_path(workspace).unlink()
    assert run("-w", str(workspace), "register", "import", str(listing)).exit_code == 0
    again = _issue(run, workspace, tmp_path / "again", "--date", "2023-08-01")
    assert again.exit_code == 0 and "Cấp số" not in again.output
    assert {r["doc_id"]: r["number_symbol"] for r in _register(run, workspace)} == first


def test_numbers_given_by_hand_need_a_unit_of_the_data(run: Run, workspace: Path) -> None:
    result = run(
        "-w", str(workspace), "register", "record", "--unit", "huyen-huong-khee", "--number", "3",
        "--symbol", "CV-UBND", "--date", "2023-06-01", "--summary", "Về việc khác",
    )  # fmt: skip
    assert result.exit_code == 1 and 'có phải "huyen-huong-khe"?' in result.output
    assert _register(run, workspace) == []


def test_a_layout_change_keeps_the_number_of_an_issued_document(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _issue_all(run, workspace, out)
    template = workspace / "templates" / "docx" / "ke-hoach.docx"
    with zipfile.ZipFile(template, "a") as archive:  # new bytes in every plan, the same words
        archive.writestr("customXml/layout.xml", "<layout/>")
    shutil.rmtree(out)
    result = run("-w", str(workspace), "build", "--out", str(out), "--unit", "huyen-huong-khe")
    assert result.exit_code == 0, result.output
    assert _manifest(out)["huyen-huong-khe/ke-hoach"]["number_symbol"] == "02/KH-UBND"


def test_clerks_reissuing_at_the_same_moment_void_one_number(run: Run, workspace: Path, tmp_path: Path) -> None:
    assert run("-w", str(workspace), "render", "ke-hoach", "--unit", "huyen-huong-khe", "--issue",
               "--allow-sample", "--date", "2023-07-12").exit_code == 0  # fmt: skip
    units = workspace / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index("- id: huyen-huong-khe\n")
    units.write_text(text[:start] + text[start:].replace("- UBND các xã, thị trấn\n", "- UBND các xã\n", 1), "utf-8")
    # Checked once, as a clerk does after an edit: the six clerks then start from docgen's cache
    # and race for the register, not over parsing the same YAML six times on two cores.
    assert run("-w", str(workspace), "validate").exit_code == 0
    reissue = ("render", "ke-hoach", "--unit", "huyen-huong-khe", "--reissue", "--allow-sample", "--date", "2023-07-20")
    procs = [_docgen(workspace, *reissue) for _ in range(6)]
    outputs = [p.communicate(timeout=120)[0].decode("utf-8") for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    rows = [(r["number"], r["status"]) for r in _register(run, workspace)]
    assert rows == [(1, "void"), (2, "issued")]


def test_a_number_of_an_earlier_campaign_is_never_voided_for_a_new_one(run: Run, workspace: Path) -> None:
    ws = ["-w", str(workspace)]
    assert run(*ws, "render", "ke-hoach", "--unit", "huyen-huong-khe", "--issue", "--allow-sample",
               "--date", "2023-07-12").exit_code == 0  # fmt: skip
    campaign = workspace / "data" / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("year: 2023", "year: 2024", 1), "utf-8")
    result = run(*ws, "render", "ke-hoach", "--unit", "huyen-huong-khe", "--reissue", "--allow-sample")
    assert result.exit_code == 1 and "thuộc đợt thi đua trước năm 2024" in result.output
    assert [r["status"] for r in _register(run, workspace)] == ["issued"]


def test_placeholders_are_refused_even_without_their_sample_flag(run: Run, workspace: Path) -> None:
    for name in ("units.yaml", "campaign.yaml"):
        path = workspace / "data" / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if line.strip() != "sample: true"), encoding="utf-8")
    result = run("-w", str(workspace), "render", "ke-hoach", "--unit", "huyen-huong-khe", "--issue")
    assert result.exit_code == 1
    assert "người ký «Nguyễn Văn A» là tên mẫu" in result.output
    assert "văn bản chỉ đạo là giá trị mẫu" in result.output
    assert _register(run, workspace) == []


def test_a_number_given_by_hand_goes_to_the_series_of_its_kind(run: Run, workspace: Path, tmp_path: Path) -> None:
    _give_unit(workspace, "so-noi-vu", "    series:\n      quyet-dinh: quyet-dinh\n")
    recorded = run(
        "-w", str(workspace), "register", "record", "--unit", "so-noi-vu", "--number", "5",
        "--symbol", "QĐ-SNV", "--date", "2023-06-01", "--summary", "Về việc khen thưởng đột xuất",
    )  # fmt: skip
    assert recorded.exit_code == 0 and "sổ quyet-dinh" in recorded.output, recorded.output
    out = tmp_path / "out"
    args = ["-w", str(workspace), "build", "--out", str(out), "--unit", "so-noi-vu", "--kind", "quyet-dinh"]
    assert run(*args, "--kind", "ke-hoach", "--issue", "--allow-sample", "--date", "2023-07-12").exit_code == 0
    manifest = _manifest(out)
    assert manifest["so-noi-vu/quyet-dinh"]["number_symbol"] == "06/QĐ-SNV"
    assert manifest["so-noi-vu/ke-hoach"]["number_symbol"] == "01/KH-SNV"


def test_a_number_voided_in_the_register_turns_its_document_back_into_a_draft(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    """The register is part of what a build checks before calling a document current: voiding
    a number by hand is seen by the next plain build, even when nothing else changed."""
    out = tmp_path / "out"
    _issue_all(run, workspace, out)
    args = ["-w", str(workspace), "build", "--out", str(out), "--json", "--unit", UNITS[0], "--unit", UNITS[1]]
    assert json.loads(run(*args).output)["built"] == 0  # plain build: the numbers are kept
    plan = _manifest(out)["huyen-huong-khe/ke-hoach"]
    number = str(plan["number"])
    void = ("register", "void", number, "--unit", UNITS[0], "--year", "2023", "--reason", "ban hành nhầm")
    voided = run("-w", str(workspace), *void)
    assert voided.exit_code == 0, voided.output
    after = json.loads(run(*args).output)
    assert after["built"] == 1, after
    entry = _manifest(out)["huyen-huong-khe/ke-hoach"]
    assert entry["number"] is None and entry["status"] == "built"
    assert "Số:      /KH-UBND" in _text(out, entry)
    assert json.loads(run(*args).output)["built"] == 0
