"""`docgen build`: layout, manifest, packs, and the guarantees (atomic, reproducible,
incremental, edits protected, failures isolated)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.build.run import run_build
from docgen.data.model import Dataset
from docgen.documents.plan import plan
from docgen.errors import OutputError
from docgen.fs import inside
from docgen.workspace import Workspace

Run = Callable[..., Result]
SMALL = ("--unit", "huyen-huong-khe", "--unit", "so-noi-vu", "--unit", "xa-huong-thuy")


def _build(run: Run, ws: Path, out: Path, *extra: str) -> Result:
    return run("-w", str(ws), "build", *SMALL, "--out", str(out), "--jobs", "2", *extra)


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {d["doc_id"]: d for d in data["documents"]}


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_layout_manifest_and_packs(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _build(run, sample_workspace, out)
    assert result.exit_code == 0, result.output
    docs = _manifest(out)
    assert "huyen-huong-khe/ke-hoach" in docs and "so-noi-vu/bao-cao-tong-hop/2023-h1" in docs
    assert "so-noi-vu/bao-cao/2023-h1" not in docs, "Sở Nội vụ's consolidated report replaces its own"
    assert "xa-huong-thuy/quyet-dinh" not in docs, "communes write plans and reports only"
    for doc_id, entry in docs.items():
        assert set(entry) >= {
            "doc_id",
            "unit_id",
            "unit_name",
            "kind",
            "period",
            "subject",
            "path",
            "sha256",
            "bytes",
            "number",
            "number_symbol",
            "status",
            "error",
            "inputs_hash",
        }
        assert entry["status"] == "built" and entry["error"] is None
        assert entry["number"] is None and entry["number_symbol"] is None  # drafts
        path = out / str(entry["path"])
        assert path.is_file() and str(entry["path"]).startswith(f"{entry['unit_id']}/")
        assert entry["bytes"] == path.stat().st_size
        assert doc_id.startswith(str(entry["unit_id"]))
    assert docs["huyen-huong-khe/ke-hoach"]["unit_name"] == "Ủy ban nhân dân huyện Hương Khê"
    with zipfile.ZipFile(out / "huyen-huong-khe.zip") as pack:
        names = pack.namelist()
        assert "manifest.json" in names and "ke-hoach-2023.docx" in names
        assert sum(n.endswith(".docx") for n in names) == sum(1 for d in docs if d.startswith("huyen-huong-khe/"))
    assert "đơn vị" in result.output and "văn bản đã tạo" in result.output


def test_reproducible(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    assert _build(run, sample_workspace, tmp_path / "a").exit_code == 0
    assert run("-w", str(sample_workspace), "build", *SMALL, "--out", str(tmp_path / "b"), "--jobs", "1").exit_code == 0
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


def test_incremental_rebuilds_only_what_changed(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, workspace, out).exit_code == 0
    before = _snapshot(out)
    again = json.loads(_build(run, workspace, out, "--json").output)
    assert again["built"] == 0 and again["skipped"] == again["documents"]
    after = _snapshot(out)
    assert after.pop("manifest.json") != before.pop("manifest.json")  # statuses say "skipped" now
    assert after == before
    assert {d["status"] for d in _manifest(out).values()} == {"skipped"}
    reports = workspace / "data" / "reports.yaml"
    text = reports.read_text(encoding="utf-8")
    marker = "unit: huyen-huong-khe\n    period: 2023-h1\n    overview: "
    assert marker in text
    reports.write_text(text.replace(marker, marker + "Bổ sung. "), encoding="utf-8")
    changed = json.loads(_build(run, workspace, out, "--json").output)
    assert changed["built"] == 1  # the overview is not in Sở Nội vụ's consolidation
    assert _manifest(out)["huyen-huong-khe/bao-cao/2023-h1"]["status"] == "built"
    forced = json.loads(_build(run, workspace, out, "--json", "--force").output)
    assert forced["built"] == forced["documents"]


def test_a_partial_build_under_new_data_leaves_the_other_units_to_be_rebuilt(
    run: Run, workspace: Path, tmp_path: Path
) -> None:
    """The no-change shortcut trusts a document only if a run checked it under exactly the
    current inputs: units left out of a build made after a data change are rebuilt later."""
    out = tmp_path / "out"
    assert _build(run, workspace, out).exit_code == 0
    campaign = workspace / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    assert "0000/UBND-NC1" in text
    campaign.write_text(text.replace("0000/UBND-NC1", "3756/UBND-NC1"), encoding="utf-8")
    args = ("-w", str(workspace), "build", "--unit", "so-noi-vu", "--out", str(out), "--json")
    one = json.loads(run(*args).output)
    assert one["built"] == one["documents"] > 0
    rest = json.loads(_build(run, workspace, out, "--json").output)
    others = [d for d in _manifest(out) if not d.startswith("so-noi-vu/")]
    assert rest["built"] == len(others) and rest["skipped"] == one["documents"]
    plan_text = (out / str(_manifest(out)["huyen-huong-khe/ke-hoach"]["path"])).read_bytes()
    from docgen.docx.text import document_text

    assert "3756/UBND-NC1" in document_text(plan_text)
    assert json.loads(_build(run, workspace, out, "--json").output)["built"] == 0


def test_template_change_rebuilds_its_documents(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, workspace, out).exit_code == 0
    template = workspace / "templates" / "docx" / "bao-cao.docx"
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("customXml/note.xml", "<note/>")
    result = json.loads(_build(run, workspace, out, "--json").output)
    assert result["built"] == 4  # 2 units x 2 periods (Sở Nội vụ writes its consolidated report instead)


def test_edited_file_is_kept_then_moved_aside_with_force(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    target = out / str(_manifest(out)["huyen-huong-khe/ke-hoach"]["path"])
    target.write_bytes(target.read_bytes() + b"edited")
    result = _build(run, sample_workspace, out)
    assert result.exit_code == 0
    assert "sửa tay" in result.output
    assert target.read_bytes().endswith(b"edited")
    forced = _build(run, sample_workspace, out, "--force")
    assert forced.exit_code == 0
    assert not target.read_bytes().endswith(b"edited")
    copies = list(target.parent.glob("*.ban-sua-*.docx"))
    assert len(copies) == 1 and copies[0].read_bytes().endswith(b"edited")


def test_a_failing_document_does_not_stop_the_others(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, workspace, out).exit_code == 0
    pack_before = (out / "huyen-huong-khe.zip").read_bytes()
    from docx import Document

    template = workspace / "templates" / "docx" / "to-trinh.docx"
    document = Document(str(template))
    document.add_paragraph("{{ unit.name | number }}")  # passes the check, fails on the data
    document.save(str(template))
    result = _build(run, workspace, out, "--force")
    assert result.exit_code == 1
    assert "huyen-huong-khe/to-trinh" in result.output and "cần một số" in result.output
    docs = _manifest(out)
    assert docs["huyen-huong-khe/to-trinh"]["status"] == "failed"
    assert "cần một số" in str(docs["huyen-huong-khe/to-trinh"]["error"])
    assert docs["huyen-huong-khe/ke-hoach"]["status"] == "built"
    assert (out / "huyen-huong-khe.zip").read_bytes() == pack_before, "no pack from an incomplete set"


def test_invalid_data_writes_nothing(run: Run, workspace: Path, tmp_path: Path) -> None:
    (workspace / "data" / "units.yaml").write_text("units: 5\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _build(run, workspace, out)
    assert result.exit_code == 1 and "data/units.yaml" in result.output
    assert not out.exists()


def test_selection_errors(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    assert run("-w", str(sample_workspace), "build").exit_code == 2
    result = run("-w", str(sample_workspace), "build", "--unit", "huyen-huong-khee", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1 and 'có phải "huyen-huong-khe"' in result.output


def test_paths_never_leave_the_output_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        inside(tmp_path, "..", "evil.docx")
    with pytest.raises(OutputError):
        inside(tmp_path, "/etc/passwd")
    assert inside(tmp_path, "a", "b.docx") == (tmp_path / "a" / "b.docx").resolve()


def test_whole_province_plan_counts(dataset: Dataset) -> None:
    data = dataset
    refs = plan(data, communes=True)
    assert len({r.id for r in refs}) == len(refs)
    assert sum(1 for r in refs if data.units[r.unit].kind == "commune") == 216 * 3
    assert not any(data.units[r.unit].kind == "organisation" for r in refs)
    # UBND tỉnh writes only the Chairman's award decisions (issue 19).
    assert {r.kind for r in refs if data.units[r.unit].kind == "province"} == {"quyet-dinh-khen-thuong"}


# The communes of five districts: 108 units, 324 documents, so that a build killed after its
# first few dozen documents is killed midway (the tests check that it was).
DISTRICTS = ("huyen-huong-son", "huyen-thach-ha", "huyen-cam-xuyen", "huyen-can-loc", "huyen-ky-anh")


def _communes(data: Dataset) -> list[str]:
    communes = [u.id for u in data.units.values() if u.kind == "commune" and u.parent in DISTRICTS]
    assert len(communes) == 108
    return communes


def _killable_build(workspace: Path, out: Path, units: list[str]) -> subprocess.Popen[bytes]:
    """``docgen build`` of ``units`` in its own process group (to be killed with its workers)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    args = [sys.executable, "-m", "docgen", "-w", str(workspace), "build", "--out", str(out), "--jobs", "2"]
    for unit in units:
        args += ["--unit", unit]
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_build_leaves_only_complete_files(workspace: Path, dataset: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "out"
    units = _communes(dataset)
    child = _killable_build(workspace, out, units)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.docx"))) < 40:
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL, "the build ended before it could be killed"
    written = list(out.rglob("*.docx"))
    assert written, "the build should have written some documents before being killed"
    for path in written:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    ws = Workspace.open(workspace)
    refs = plan(dataset, units=units)
    assert len(written) < len(refs) == 3 * len(units)
    report = run_build(ws, dataset, refs, out_dir=out, jobs=2)
    assert report.failed == 0 and not report.edited, report.edited[:3]
    assert report.built + report.skipped == len(refs)
    assert len(_manifest(out)) == len(refs)
    assert not list(out.rglob("*.tmp"))


def _pack_matches_files(out: Path, unit_id: str) -> None:
    with zipfile.ZipFile(out / f"{unit_id}.zip") as pack:
        listed = {d["path"].rsplit("/", 1)[1]: d for d in json.loads(pack.read("manifest.json"))["documents"]}
        for name in pack.namelist():
            if name.endswith(".docx"):
                content = pack.read(name)
                assert content == (out / unit_id / name).read_bytes(), f"{unit_id}.zip has an old {name}"
                assert listed[name]["sha256"] == hashlib.sha256(content).hexdigest()


def _break_template(workspace: Path, name: str) -> bytes:
    from docx import Document

    template = workspace / "templates" / "docx" / name
    original = template.read_bytes()
    document = Document(str(template))
    document.add_paragraph("{{ unit.name | number }}")  # passes the check, fails on the data
    document.save(str(template))
    return original


def test_a_document_that_failed_is_rebuilt_once_the_cause_is_fixed(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, workspace, out).exit_code == 0
    target = out / str(_manifest(out)["so-noi-vu/to-trinh"]["path"])
    first = target.read_bytes()
    original = _break_template(workspace, "to-trinh.docx")
    assert _build(run, workspace, out).exit_code == 1
    assert target.read_bytes() == first  # the old file stays until a new one is made
    # Fixed, and changed so that the document must come out different.
    (workspace / "templates" / "docx" / "to-trinh.docx").write_bytes(original)
    units = workspace / "data" / "units.yaml"
    start = units.read_text(encoding="utf-8").index("- id: so-noi-vu\n")
    body = units.read_text(encoding="utf-8")
    extra = body[start:].replace("      to-trinh:\n", "      to-trinh:\n        - Ban Thi đua\n", 1)
    units.write_text(body[:start] + extra, encoding="utf-8")
    again = _build(run, workspace, out)
    assert again.exit_code == 0, again.output
    assert "sửa tay" not in again.output
    assert _manifest(out)["so-noi-vu/to-trinh"]["status"] == "built"
    assert target.read_bytes() != first
    _pack_matches_files(out, "so-noi-vu")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_packs_are_remade_after_a_killed_build(workspace: Path, dataset: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ws = Workspace.open(workspace)
    units = _communes(dataset)
    refs = plan(dataset, units=units)
    assert run_build(ws, dataset, refs, out_dir=out, jobs=2).ok
    template = workspace / "templates" / "docx" / "ke-hoach.docx"
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("customXml/note.xml", "<note/>")  # every plan is rebuilt (new bytes)
    child = _killable_build(workspace, out, units)
    journal = out / ".docgen-journal.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not journal.exists() or journal.stat().st_size < 20_000):
        time.sleep(0.01)
    os.killpg(child.pid, signal.SIGKILL)
    assert child.wait() == -signal.SIGKILL, "the build ended before it could be killed"
    assert journal.exists(), "killed before it wrote anything"
    assert run_build(ws, dataset, refs, out_dir=out, jobs=2).ok
    for unit_id in sorted({r.unit for r in refs}):
        _pack_matches_files(out, unit_id)


def test_two_namesakes_of_one_unit_get_two_files(sample_workspace: Path, dataset: Dataset, tmp_path: Path) -> None:
    ws = Workspace.open(sample_workspace)
    data = dataset
    twin = next(c for c in data.candidates if c.unit == "huyen-huong-khe" and c.type == "individual")
    copy = twin.model_copy(update={"id": "huyen-huong-khe-9", "rank": 9})
    data = data.model_copy(update={"candidates": [*data.candidates, copy]})
    refs = plan(data, units=["huyen-huong-khe"], kinds=["bao-cao-thanh-tich"])
    out = tmp_path / "out"
    report = run_build(ws, data, refs, out_dir=out, jobs=1)
    assert report.ok and report.built == len(refs)
    paths = [e["path"] for e in _manifest(out).values()]
    assert len(set(paths)) == len(paths) == len(refs)
    assert any(p.endswith("-huyen-huong-khe-9.docx") for p in paths)


def test_a_pack_depends_on_its_files_not_on_the_build_history(run: Run, workspace: Path, tmp_path: Path) -> None:
    step = tmp_path / "step"
    assert _build(run, workspace, step).exit_code == 0
    reports = workspace / "data" / "reports.yaml"
    text = reports.read_text(encoding="utf-8")
    marker = "unit: so-noi-vu\n    period: 2023-h1\n    overview: "
    reports.write_text(text.replace(marker, marker + "Bổ sung. "), encoding="utf-8")
    assert _build(run, workspace, step).exit_code == 0  # incremental: one document rebuilt
    fresh = tmp_path / "fresh"
    assert _build(run, workspace, fresh).exit_code == 0
    for name in ("huyen-huong-khe.zip", "so-noi-vu.zip", "xa-huong-thuy.zip"):
        assert (step / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_lost_manifest_does_not_turn_every_file_into_an_edit(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, workspace, out).exit_code == 0
    edited = out / str(_manifest(out)["huyen-huong-khe/ke-hoach"]["path"])
    from docx import Document

    document = Document(str(edited))  # what Word does on save: the properties change too
    document.add_paragraph("Văn thư bổ sung.")
    document.core_properties.revision = 2
    document.save(str(edited))
    (out / "manifest.json").unlink()
    template = workspace / "templates" / "docx" / "bao-cao.docx"
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("customXml/note.xml", "<note/>")
    result = json.loads(_build(run, workspace, out, "--json").output)
    assert result["edited"] == ["huyen-huong-khe/ke-hoach-2023.docx"]
    assert result["built"] == result["documents"] - 1


def test_a_selection_without_documents_is_a_usage_error(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    # UBND tỉnh writes only its award decisions (issue 19), no plan.
    args = ("build", "--unit-kind", "province", "--kind", "ke-hoach", "--out", str(tmp_path / "o"))
    result = run("-w", str(sample_workspace), *args)
    assert result.exit_code == 2 and "không có văn bản nào" in result.output
    assert not (tmp_path / "o").exists()


def test_output_files_are_readable_by_colleagues(run: Run, sample_workspace: Path, tmp_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("POSIX modes")
    out = tmp_path / "out"
    assert _build(run, sample_workspace, out).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    for path in [out / "manifest.json", out / "so-noi-vu.zip", *out.rglob("*.docx")]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


def test_building_one_kind_keeps_the_whole_unit_in_its_pack(run: Run, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(run, workspace, out).exit_code == 0
    with zipfile.ZipFile(out / "huyen-huong-khe.zip") as archive:
        before = sorted(archive.namelist())
    template = workspace / "templates" / "docx" / "ke-hoach.docx"
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("customXml/note.xml", "<note/>")
    args = ("-w", str(workspace), "build", "--unit", "huyen-huong-khe", "--kind", "ke-hoach", "--out", str(out))
    assert run(*args).exit_code == 0
    with zipfile.ZipFile(out / "huyen-huong-khe.zip") as archive:
        assert sorted(archive.namelist()) == before
    _pack_matches_files(out, "huyen-huong-khe")
    (out / "huyen-huong-khe.zip").write_bytes(b"broken")  # a damaged pack is made again
    assert _build(run, workspace, out).exit_code == 0
    _pack_matches_files(out, "huyen-huong-khe")
