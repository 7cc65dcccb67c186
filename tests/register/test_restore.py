"""Numbers stay true when the register is missing (issue 13, item 2): while out/manifest.json
shows issued numbers and register.sqlite is gone, build and render refuse before writing
anything; an emptied register is always refused; ``docgen register restore FILE`` puts a
backup back after checking it is this workspace's register, keeping the file it replaces."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from docgen.register.sqlite import register_path

Run = Callable[..., Result]
UNIT = "huyen-huong-khe"
ISSUED = {f"{UNIT}/quyet-dinh": "01/QĐ-UBND", f"{UNIT}/ke-hoach": "02/KH-UBND"}


def _issue_two(run: Run, ws: Path) -> None:
    result = run("-w", str(ws), "build", "--unit", UNIT, "--kind", "quyet-dinh", "--kind", "ke-hoach",
                 "--issue", "--allow-sample", "--date", "2023-07-12")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _numbers(ws / "out") == ISSUED


def _numbers(out: Path) -> dict[str, str]:
    documents = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return {d["doc_id"]: d["number_symbol"] for d in documents if d["number_symbol"]}


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*")
            if p.is_file() and p.name != ".docgen.lock"}  # fmt: skip


def _backup(run: Run, ws: Path, path: Path) -> Path:
    result = run("-w", str(ws), "register", "backup", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Khôi phục khi cần: docgen register restore {path}"
    return path


@pytest.fixture
def numbered(run: Run, workspace: Path, tmp_path: Path) -> Path:
    """A workspace with two issued documents, its register backed up to tmp_path/so.sqlite."""
    _issue_two(run, workspace)
    _backup(run, workspace, tmp_path / "so.sqlite")
    return workspace


MISSING = (
    "Lỗi: Không thấy sổ đăng ký văn bản {db}, trong khi {out}/manifest.json ghi 2 văn bản đã cấp số: "
    f"01/QĐ-UBND ({UNIT}/quyet-dinh), 02/KH-UBND ({UNIT}/ke-hoach). Chạy tiếp sẽ biến các văn bản đó thành "
    "dự thảo và cấp lại số từ 01, nên docgen dừng lại, chưa ghi gì. — khôi phục sổ từ bản sao lưu (tệp đã ghi "
    "bằng `docgen register backup TỆP`) bằng `docgen register restore TỆP`; nếu sổ chỉ bị chuyển đi, chép lại "
    "tệp register.sqlite vào thư mục làm việc; nếu thật sự bỏ các số đó, chuyển thư mục {out} đi nơi khác rồi chạy lại"
)


@pytest.mark.parametrize(
    "command",
    [
        ("build", "--unit", UNIT),
        ("build", "--all", "--issue", "--allow-sample", "--date", "2023-07-13"),
        ("build", "--unit", "huyen-duc-tho", "--kind", "ke-hoach"),  # another selection: the same out/
        ("render", "ke-hoach", "--unit", UNIT),
        ("render", "to-trinh", "--unit", UNIT, "--issue", "--allow-sample", "--date", "2023-07-13"),
    ],
    ids=["build", "build-issue", "other-unit", "render", "render-issue"],
)
def test_without_its_register_a_numbered_out_folder_is_left_untouched(
    run: Run, numbered: Path, command: tuple[str, ...]
) -> None:
    db = register_path(numbered)
    db.unlink()
    before = _tree(numbered / "out")
    result = run("-w", str(numbered), *command)
    assert result.exit_code == 1
    assert result.output.strip() == MISSING.format(db=db, out=numbered / "out")
    assert _tree(numbered / "out") == before
    assert not db.exists()  # no fresh register that would start again at 01


def test_a_register_made_anew_without_those_numbers_is_refused_too(run: Run, numbered: Path) -> None:
    ws, db = str(numbered), register_path(numbered)
    db.unlink()
    made = run("-w", ws, "register", "record", "--unit", UNIT, "--number", "7", "--symbol", "CV-UBND",
               "--date", "2023-08-01", "--summary", "Về việc khác")  # fmt: skip
    assert made.exit_code == 0, made.output
    before = _tree(numbered / "out")
    result = run("-w", ws, "build", "--unit", UNIT)
    assert result.exit_code == 1
    assert result.output.strip() == MISSING.format(db=db, out=numbered / "out").replace(
        f"Không thấy sổ đăng ký văn bản {db}, trong khi",
        f"Sổ đăng ký văn bản {db} thiếu số của các văn bản sau, trong khi",
    )
    assert _tree(numbered / "out") == before


def test_a_voided_number_is_known_to_the_register_and_builds_on(run: Run, numbered: Path) -> None:
    ws = str(numbered)
    voided = run("-w", ws, "register", "void", "02/KH-UBND", "--unit", UNIT, "--year", "2023", "--reason", "Ghi nhầm")
    assert voided.exit_code == 0, voided.output
    result = run("-w", ws, "build", "--unit", UNIT)
    assert result.exit_code == 0, result.output
    assert _numbers(numbered / "out") == {f"{UNIT}/quyet-dinh": "01/QĐ-UBND"}


def test_a_register_emptied_a_moment_ago_is_refused_too(run: Run, numbered: Path) -> None:
    db = register_path(numbered)
    db.write_bytes(b"")  # just now: no grace period for an emptied register
    for command in (("build", "--unit", UNIT), ("render", "to-trinh", "--unit", UNIT, "--issue", "--allow-sample")):
        result = run("-w", str(numbered), *command)
        assert result.exit_code == 1
        assert f"Không dùng được {db} làm sổ đăng ký văn bản: tệp rỗng (0 byte)" in result.output
        assert "docgen register restore" in result.output
    assert db.stat().st_size == 0


def test_a_restored_register_gives_back_the_numbers_and_numbering_goes_on(
    run: Run, numbered: Path, tmp_path: Path
) -> None:
    ws, db, backup = str(numbered), register_path(numbered), tmp_path / "so.sqlite"
    saved = backup.read_bytes()
    db.unlink()
    assert run("-w", ws, "build", "--unit", UNIT).exit_code == 1

    result = run("-w", ws, "register", "restore", str(backup))

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Đã khôi phục sổ đăng ký văn bản {db} từ {backup}: 2 số đã cấp, 0 số đã hủy (năm 2023).",
        f"Khớp số của 2 văn bản đã cấp số trong {numbered / 'out'}.",
    ]
    assert backup.read_bytes() == saved  # the backup is only read
    again = run("-w", ws, "build", "--unit", UNIT)
    assert again.exit_code == 0, again.output
    assert _numbers(numbered / "out") == ISSUED
    later = run("-w", ws, "build", "--unit", UNIT, "--kind", "to-trinh", "--issue", "--allow-sample",
                "--date", "2023-12-20")  # fmt: skip
    assert later.exit_code == 0, later.output
    assert f"Cấp số 03/TTr-UBND ngày 20/12/2023: {UNIT}/to-trinh" in later.output


def test_the_register_in_place_is_kept_each_time_never_overwritten(run: Run, numbered: Path, tmp_path: Path) -> None:
    db = register_path(numbered)
    db.write_bytes(b"")  # emptied by mistake: still a person's file
    first = run("-w", str(numbered), "register", "restore", str(tmp_path / "so.sqlite"))
    assert first.exit_code == 0, first.output
    kept = numbered / "register.sqlite.truoc-khoi-phuc-1"
    assert first.output.splitlines()[-1] == f"Sổ trước khi khôi phục được giữ ở {kept}."
    assert kept.read_bytes() == b""
    live = db.read_bytes()
    second = run("-w", str(numbered), "register", "restore", str(tmp_path / "so.sqlite"), "--json")
    assert second.exit_code == 0, second.output
    report = json.loads(second.output)
    assert report["kept_as"] == str(numbered / "register.sqlite.truoc-khoi-phuc-2")
    assert (report["issued"], report["voided"], report["years"], report["checked_documents"]) == (2, 0, [2023], 2)
    assert kept.read_bytes() == b""  # the first copy is untouched
    with sqlite3.connect(numbered / "register.sqlite.truoc-khoi-phuc-2") as conn:  # a whole register
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    assert len(live) > 0


def _refused(run: Run, ws: Path, source: Path) -> str:
    db = register_path(ws)
    before = db.read_bytes() if db.exists() else None
    result = run("-w", str(ws), "register", "restore", str(source))
    assert result.exit_code == 1
    assert (db.read_bytes() if db.exists() else None) == before
    assert not list(ws.glob("register.sqlite.truoc-khoi-phuc-*")) and not list(ws.glob(".*.tmp"))
    return result.output.strip()


def test_a_backup_taken_after_a_number_was_voided_still_matches(run: Run, numbered: Path, tmp_path: Path) -> None:
    ws = str(numbered)
    voided = run("-w", ws, "register", "void", "02/KH-UBND", "--unit", UNIT, "--year", "2023", "--reason", "Ghi nhầm")
    assert voided.exit_code == 0, voided.output
    later = _backup(run, numbered, tmp_path / "sau-khi-huy.sqlite")
    register_path(numbered).unlink()
    result = run("-w", ws, "register", "restore", str(later))
    assert result.exit_code == 0, result.output
    assert "1 số đã cấp, 1 số đã hủy (năm 2023)" in result.output


def test_a_file_that_is_no_register_is_refused(run: Run, numbered: Path, tmp_path: Path) -> None:
    text = tmp_path / "so.csv"
    text.write_text("Đơn vị;Năm\n", encoding="utf-8")
    assert "tệp không phải cơ sở dữ liệu SQLite" in _refused(run, numbered, text)
    empty = tmp_path / "rong.sqlite"
    empty.write_bytes(b"")
    assert "tệp rỗng (0 byte)" in _refused(run, numbered, empty)
    other = tmp_path / "khac.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    assert "đây là cơ sở dữ liệu của một chương trình khác" in _refused(run, numbered, other)
    assert "không có tệp" in _refused(run, numbered, tmp_path / "khong-co.sqlite").lower()


def test_a_damaged_backup_fails_the_integrity_check(run: Run, numbered: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "hong.sqlite"
    data = bytearray((tmp_path / "so.sqlite").read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page * 2 + 8, len(data), 7):  # every page after the schema's, scrambled
        data[offset] ^= 0x5A
    damaged.write_bytes(bytes(data))
    message = _refused(run, numbered, damaged)
    assert f"Không dùng được {damaged} làm sổ đăng ký văn bản" in message and "hỏng" in message


def test_the_register_of_another_workspace_is_refused(run: Run, numbered: Path, tmp_path: Path) -> None:
    other = tmp_path / "khac"
    shutil.copytree(numbered, other, ignore=shutil.ignore_patterns("out", "register.sqlite*"))
    result = run("-w", str(other), "build", "--unit", UNIT, "--kind", "ke-hoach", "--issue", "--allow-sample",
                 "--date", "2023-07-12")  # fmt: skip
    assert result.exit_code == 0, result.output
    foreign = _backup(run, other, tmp_path / "khac.sqlite")
    message = _refused(run, numbered, foreign)
    assert message == (
        f"Lỗi: Không khôi phục từ {foreign}: số trong sổ này không khớp với 2 văn bản đã cấp số trong out/: "
        f"{UNIT}/quyet-dinh: out/manifest.json ghi số 01/QĐ-UBND, sổ này không có; "
        f"{UNIT}/ke-hoach: out/manifest.json ghi số 02/KH-UBND, sổ này ghi 01/KH-UBND. — chọn bản sao lưu mới nhất "
        "của thư mục làm việc này (sổ của thư mục khác hoặc bản quá cũ bị từ chối)"
    )


def test_a_register_with_units_this_workspace_does_not_have_is_refused(
    run: Run, numbered: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "tinh-khac.sqlite"
    shutil.copyfile(tmp_path / "so.sqlite", foreign)
    with sqlite3.connect(foreign) as conn:
        conn.execute("UPDATE entries SET unit_id = 'huyen-khac', doc_id = NULL")
    message = _refused(run, numbered, foreign)
    assert message.startswith(
        f"Lỗi: Không khôi phục từ {foreign}: sổ này có số của 1 đơn vị không có trong dữ liệu của thư mục làm việc "
        "này (huyen-khac); có thể đây là sổ của thư mục làm việc khác."
    )


def test_restoring_waits_for_no_build_but_takes_the_out_folder(run: Run, numbered: Path, tmp_path: Path) -> None:
    from docgen.errors import OutputBusy
    from docgen.lock import output_lock

    register_path(numbered).unlink()
    with output_lock(numbered / "out", "docgen build --all"):  # held here: the same process holds it once
        result = run("-w", str(numbered), "register", "restore", str(tmp_path / "so.sqlite"))
    assert result.exit_code == 0, result.output
    assert OutputBusy.exit_code == 1
