"""Per-unit data files, ``data/units/<unit-id>.yaml`` (issue 17, item 2, the data half): what
``docgen forms import`` writes, how the loader reads it beside the shared files, and how an
import is planned, checked and applied without losing a byte of a person's work."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.data.load import load
from docgen.data.model import Dataset, Indicator, Report
from docgen.data.textedit import without_unit
from docgen.data.unitimport import UnitImport, apply_unit_import, check_unit_import, plan_unit_import
from docgen.data.unitwrite import dump_unit_file
from docgen.data.yamlfile import read_yaml
from docgen.errors import DataError

Run = Callable[..., Result]
UNIT = "thanh-pho-ha-tinh"


def _entries(dataset: Dataset, unit: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The unit's entries as the form reader hands them over: YAML-shaped, real data."""
    reports = [{**r.model_dump(exclude_none=True), "sample": False} for r in dataset.reports if r.unit == unit]
    candidates = [{**c.model_dump(exclude_none=True), "sample": False} for c in dataset.candidates if c.unit == unit]
    return reports, candidates


def _dump(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in e.items() if k != "sample"} for e in entries]


def _blocks_without(text: str, unit: str) -> str:
    """``text`` (a shared file) without the lines of ``unit``'s entries, found the simple way: an
    entry runs from its ``  - `` line to its last non-blank line before the next entry or comment."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("  - ")]
    dropped: set[int] = set()
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        if any(line in (f"  - unit: {unit}", f"    unit: {unit}") for line in lines[start:end]):
            dropped.update(range(start, end))
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped)


def _move_by_hand(data: Path, unit: str, dataset: Dataset) -> bytes:
    """Put ``unit``'s entries in its own file and take them out of the shared files (the test's
    own way, not docgen's); the unit file's bytes."""
    for name in ("reports.yaml", "candidates.yaml"):
        path = data / name
        path.write_text(_blocks_without(path.read_text(encoding="utf-8"), unit), encoding="utf-8")
    reports, candidates = _entries(dataset, unit)
    raw = dump_unit_file(unit, reports, candidates, "thanh-pho.xlsx")
    (data / "units").mkdir(exist_ok=True)
    (data / "units" / f"{unit}.yaml").write_bytes(raw)
    return raw


# --- Loading -------------------------------------------------------------------------------


def test_a_unit_files_entries_join_the_data_after_the_shared_ones_as_real_data(
    workspace: Path, dataset: Dataset
) -> None:
    data = workspace / "data"
    _move_by_hand(data, UNIT, dataset)

    loaded = load(data)

    mine = [r for r in loaded.reports if r.unit == UNIT]
    assert loaded.reports[-len(mine) :] == mine  # after the shared files' entries
    assert [r.model_dump(exclude={"sample"}) for r in mine] == [
        r.model_dump(exclude={"sample"}) for r in dataset.reports if r.unit == UNIT
    ]
    assert all(r.sample is False and not loaded.report_is_sample(r) for r in mine)
    ours = [c for c in loaded.candidates if c.unit == UNIT]
    assert ours and loaded.candidates[-len(ours) :] == ours
    assert not any(loaded.candidate_is_sample(c) for c in ours)
    others = [r for r in loaded.reports if r.unit != UNIT]
    assert others == [r for r in dataset.reports if r.unit != UNIT]


def test_an_entry_may_leave_out_its_unit_and_say_it_is_sample(workspace: Path, dataset: Dataset) -> None:
    data = workspace / "data"
    _move_by_hand(data, UNIT, dataset)
    path = data / "units" / f"{UNIT}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n    unit:" not in text  # the writer leaves the file's unit out of each entry
    path.write_text(text.replace("  - period: '2023'\n", "  - period: '2023'\n    sample: true\n", 1), encoding="utf-8")

    loaded = load(data)

    flags = {r.period: loaded.report_is_sample(r) for r in loaded.reports if r.unit == UNIT}
    assert flags == {"2023-h1": False, "2023": True}


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_every_unit_file_problem_is_told_with_its_line(workspace: Path, dataset: Dataset) -> None:
    data = workspace / "data"
    units = data / "units"
    units.mkdir()
    # Left in the shared files: thanh-pho-ha-tinh's entries, now also in its own file.
    reports, candidates = _entries(dataset, UNIT)
    own = dump_unit_file(UNIT, reports[:1], candidates[:1], "a.xlsx").decode()
    own = own.replace("  - period: 2023-h1\n", "  - period: 2023-h1\n    unit: thi-xa-hong-linh\n", 1)
    own = own.replace(f"  - id: {UNIT}-1\n", "  - id: huyen-duc-tho-1\n", 1)
    (units / f"{UNIT}.yaml").write_text(own, encoding="utf-8")
    (units / "ten-khac.yaml").write_text("unit: huyen-can-loc\nreports: []\n", encoding="utf-8")
    (units / "khong-co.yaml").write_text(
        "# chú thích\nunit: khong-co\n"
        + own.split("\nunit: " + UNIT + "\n", 1)[1]
        .replace("    unit: thi-xa-hong-linh\n", "")
        .replace("id: huyen-duc-tho-1", "id: khong-co-1"),
        encoding="utf-8",
    )
    (units / f"{UNIT}.truoc-nhap-1.yaml").write_text("{{ một bản cũ, không được đọc", encoding="utf-8")
    shared_reports = (data / "reports.yaml").read_text(encoding="utf-8")
    shared_candidates = (data / "candidates.yaml").read_text(encoding="utf-8")

    with pytest.raises(DataError) as caught:
        load(data)

    told = [str(p) for p in caught.value.problems]
    mine = f"data/units/{UNIT}.yaml"
    hint = (
        f"chạy `docgen forms import <biểu mẫu của đơn vị> --force` để chuyển chúng sang data/units/{UNIT}.yaml "
        "(bản cũ của data/{f} được giữ lại), hoặc xóa các mục ở một trong hai tệp"
    )
    expected = [
        f"data/reports.yaml:{_line(shared_reports, f'unit: {UNIT}')}:5: reports[0]: các mục của đơn vị {UNIT} "
        f"nằm ở cả data/reports.yaml và {mine} (báo cáo 2023-h1, báo cáo 2023) — " + hint.format(f="reports.yaml"),
        f"data/candidates.yaml:{_line(shared_candidates, f'id: {UNIT}-1')}:5: candidates[0]: các mục của đơn vị "
        f"{UNIT} nằm ở cả data/candidates.yaml và {mine} ({', '.join(str(c['id']) for c in candidates)})"
        " — " + hint.format(f="candidates.yaml"),
        f"{mine}:{_line(own, 'unit: thi-xa')}:11: reports[0].unit: mục này ghi unit: thi-xa-hong-linh, nhưng tệp "
        f"{mine} chỉ chứa dữ liệu của đơn vị {UNIT} — xóa dòng unit: (mục thuộc đơn vị của tệp), "
        "hoặc chuyển mục sang tệp của đơn vị thi-xa-hong-linh",
        f'{mine}:{_line(own, "id: huyen-duc-tho-1")}:9: candidates[0].id: mã "huyen-duc-tho-1" bị trùng (đã có ở '
        f"data/candidates.yaml:{_line(shared_candidates, 'id: huyen-duc-tho-1')}, đơn vị huyen-duc-tho)"
        " — mỗi hồ sơ đề nghị cần một mã riêng: đổi mã ở một trong hai tệp",
        "data/units/ten-khac.yaml:1:7: unit: tệp data/units/ten-khac.yaml ghi dữ liệu của đơn vị «huyen-can-loc»: "
        "tên tệp phải là mã đơn vị của nó — đổi tên tệp thành data/units/huyen-can-loc.yaml, hoặc "
        "sửa dòng unit: thành ten-khac",
        'data/units/khong-co.yaml:2:7: unit: đơn vị "khong-co" không tồn tại — xem danh sách đơn vị bằng `docgen list`',
    ]
    for line in expected:
        assert line in told, (line, told)
    assert not [t for t in told if "truoc-nhap" in t]  # a copy kept aside is never read
    assert len([t for t in told if t.startswith("data/units/khong-co.yaml")]) == 1  # its unit, told once


def test_validate_tells_a_unit_file_problem_like_any_other(run: Run, workspace: Path) -> None:
    units = workspace / "data" / "units"
    units.mkdir()
    (units / "khong-co.yaml").write_text("unit: khong-co\nreports: []\ncandidates: []\n", encoding="utf-8")

    result = run("-w", str(workspace), "validate")

    assert result.exit_code == 1
    assert 'data/units/khong-co.yaml:1:7: unit: đơn vị "khong-co" không tồn tại' in result.output


def test_a_unit_file_is_read_and_shaped_like_the_shared_files(workspace: Path) -> None:
    units = workspace / "data" / "units"
    units.mkdir()
    (units / "so-noi-vu.yaml").write_text("unit: so-noi-vu\nreports:\n  - period: '2023\n", encoding="utf-8")
    (units / "so-tai-chinh.yaml").write_text(
        "unit: so-tai-chinh\nreports:\n  - period: '2023'\n    overveiw: Năm 2023\n", encoding="utf-8"
    )

    with pytest.raises(DataError) as caught:
        load(workspace / "data")

    told = [str(p).split(" — ")[0] for p in caught.value.problems if p.file.startswith("data/units/")]
    assert told[0].startswith("data/units/so-noi-vu.yaml:3:13: lỗi cú pháp YAML: chuỗi trong ngoặc chưa đóng"), told
    assert (
        "data/units/so-tai-chinh.yaml:4:5: reports[0].overveiw: trường 'overveiw' không có trong mẫu dữ liệu" in told
    ), told
    assert len(told) == 3, told  # and the missing overview


def test_a_unit_file_has_no_file_level_sample_flag(workspace: Path) -> None:
    units = workspace / "data" / "units"
    units.mkdir()
    (units / "so-noi-vu.yaml").write_text("unit: so-noi-vu\nsample: true\nreports: []\n", encoding="utf-8")

    with pytest.raises(DataError) as caught:
        load(workspace / "data")

    told = [str(p) for p in caught.value.problems if p.file == "data/units/so-noi-vu.yaml"]
    assert len(told) == 1 and told[0].startswith("data/units/so-noi-vu.yaml:2:1: sample: "), told
    assert "unit, reports, candidates" in told[0]


def test_a_changed_unit_file_is_never_served_from_the_cache(workspace: Path, dataset: Dataset) -> None:
    data = workspace / "data"
    cache = workspace / ".cache" / "docgen"
    _move_by_hand(data, UNIT, dataset)
    first = load(data, cache_dir=cache)
    path = data / "units" / f"{UNIT}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    overview: 6 tháng đầu năm 2023,", "    overview: Sáu tháng,", 1),
        encoding="utf-8",
    )

    again = load(data, cache_dir=cache)

    before = next(r for r in first.reports if r.unit == UNIT and r.period == "2023-h1")
    after = next(r for r in again.reports if r.unit == UNIT and r.period == "2023-h1")
    assert before.overview.startswith("6 tháng đầu năm 2023,")
    assert after.overview.startswith("Sáu tháng,")


# --- Writing -------------------------------------------------------------------------------


def test_a_unit_file_is_readable_and_the_same_data_gives_the_same_bytes(dataset: Dataset) -> None:
    reports, candidates = _entries(dataset, UNIT)

    raw = dump_unit_file(UNIT, reports, candidates, r"C:\Users\Van thu\Biểu mẫu TP Hà Tĩnh.xlsx")

    assert raw == dump_unit_file(
        UNIT, [dict(r) for r in reports], [dict(c) for c in candidates], "x/Biểu mẫu TP Hà Tĩnh.xlsx"
    )
    text = raw.decode("utf-8")
    assert text.startswith(
        f"# Dữ liệu của đơn vị {UNIT}: báo cáo từng kỳ (reports) và hồ sơ đề nghị khen thưởng (candidates).\n"
        "# Tệp do lệnh `docgen forms import` ghi từ biểu mẫu «Biểu mẫu TP Hà Tĩnh.xlsx».\n"
    )
    assert (
        f"\nunit: {UNIT}\nreports:\n\n  - period: 2023-h1\n    overview: 6 tháng đầu năm 2023, các phong trào" in text
    )
    assert "\\u" not in text and "Hà Tĩnh" in text
    long = "Thi đua yêu nước, " * 120
    once = dump_unit_file(UNIT, [{**reports[0], "overview": long.strip()}], [], "a.xlsx").decode("utf-8")
    assert f"\n    overview: {long.strip()}\n" in once  # one line, however long
    assert "        target: 525\n        result: 598\n" in text
    assert "        result: 95.7\n" in text
    assert "\n    head:\n      name: Đặng Văn D\n      title: Chánh Văn phòng\n" in text
    doc, problems = read_yaml(Path("x.yaml"), "data/units/x.yaml", raw)
    assert problems == [] and doc is not None and isinstance(doc.value, dict)
    assert doc.value["reports"] == _dump(
        [{k: v for k, v in r.items() if k != "unit"} for r in _plain(reports)]  # type: ignore[arg-type]
    )


def _plain(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """What YAML reads back: numbers as int/float, no empty lists, no None."""

    def value(v: object) -> object:
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items() if x not in (None, [], {})}
        if isinstance(v, list):
            return [value(x) for x in v]
        return v

    return [value(e) for e in entries]  # type: ignore[misc]


_WORDS = st.sampled_from(
    ["yes", "no", "on", "off", "Yes", "NO", "y", "n", "null", "~", "true", "012", "0x1F", "1.525", "1,5", "1e3",
     "2023-07-15", "- gạch đầu dòng", "# không phải chú thích", ": hai chấm", "a: b", "'", '"', "&x", "*y", "!t",
     "%p", "@", "`", "|", ">", "[", "]", "{", "}", "?", "Đảng bộ", "Tĩnh", "ư", "\n", "  ", "Lê Thị Ơn"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_WORDS, st.text(alphabet="aăâđêôơưáàảãạếềểễệ AĐƯ.,:;-#'\"!?()\n0123456789", max_size=12)),
                 min_size=1, max_size=8).map("".join)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overview=_TEXT, lines=st.lists(_TEXT, max_size=4), result=st.decimals(0, 10**15, places=6))
def test_any_text_and_figure_read_back_as_written(overview: str, lines: list[str], result: Decimal) -> None:
    entry: dict[str, object] = {
        "unit": UNIT,
        "period": "2023",
        "overview": overview,
        "difficulties": lines,
        "indicators": [{"indicator": "thu-ngan-sach-nha-nuoc-tren-dia-ban", "target": Decimal(12), "result": result}],
        "sample": False,
    }
    try:
        expected = Report.model_validate(entry)
    except ValueError:
        return  # no such entry is ever handed over (blank text); the loader would tell it
    raw = dump_unit_file(UNIT, [entry], [], "a.xlsx")
    assert raw == dump_unit_file(UNIT, [entry], [], "a.xlsx")

    doc, _ = read_yaml(Path("x.yaml"), "x", raw)

    assert doc is not None and isinstance(doc.value, dict)
    back = Report.model_validate({"unit": UNIT, **doc.value["reports"][0]})
    assert back.overview == expected.overview and back.difficulties == expected.difficulties
    assert back.indicators == [Indicator.model_validate(i) for i in entry["indicators"]]  # type: ignore[attr-defined]
    assert doc.sources.get(("reports", 0, "indicators", 0, "result")) is None or "," not in str(
        doc.sources[("reports", 0, "indicators", 0, "result")]
    )
    written = doc.sources.get(("reports", 0, "indicators", 0, "result"))
    assert written is None or re.fullmatch(r"\d{1,3}\.\d{3}", written) is None  # never a thousands look-alike


# --- Planning and applying an import -----------------------------------------------------


def _plan(data: Path, reports: list[dict[str, object]], candidates: list[dict[str, object]]) -> UnitImport:
    return plan_unit_import(data, UNIT, reports, candidates, "Biểu mẫu TP Hà Tĩnh.xlsx")


def test_an_import_moves_the_units_entries_out_of_the_shared_files_only_with_force(
    workspace: Path, dataset: Dataset
) -> None:
    data = workspace / "data"
    originals = {name: (data / name).read_bytes() for name in ("reports.yaml", "candidates.yaml")}
    reports, candidates = _entries(dataset, UNIT)
    plan = _plan(data, reports, candidates)
    assert (plan.added, plan.changed, plan.removed) == ([], [], [])
    assert plan.shared == ["báo cáo 2023-h1", "báo cáo 2023", *(str(c["id"]) for c in candidates)]
    assert not plan.unchanged and plan.path == data / "units" / f"{UNIT}.yaml"

    with pytest.raises(DataError) as refused:
        check_unit_import(data, [plan], force=False)
    assert any("--force" in (p.hint or "") and p.file == "data/reports.yaml" for p in refused.value.problems)
    with pytest.raises(DataError) as refused:
        apply_unit_import(data, plan, force=False)
    assert [p.file for p in refused.value.problems] == ["data/candidates.yaml", "data/reports.yaml"]
    assert not (data / "units").exists()
    assert {name: (data / name).read_bytes() for name in originals} == originals

    check_unit_import(data, [plan], force=True)
    kept = apply_unit_import(data, plan, force=True)

    assert sorted(p.name for p in kept) == ["candidates.truoc-nhap-1.yaml", "reports.truoc-nhap-1.yaml"]
    for name, before in originals.items():
        assert (data / name.replace(".yaml", ".truoc-nhap-1.yaml")).read_bytes() == before
        assert (data / name).read_text(encoding="utf-8") == _blocks_without(before.decode("utf-8"), UNIT)
    assert "  # === UBND thành phố Hà Tĩnh ===\n" in (data / "candidates.yaml").read_text(encoding="utf-8")
    assert (data / "units" / f"{UNIT}.yaml").read_bytes() == plan.new_bytes
    loaded = load(data)
    assert [r.model_dump(exclude={"sample"}) for r in loaded.reports if r.unit == UNIT] == [
        r.model_dump(exclude={"sample"}) for r in dataset.reports if r.unit == UNIT
    ]
    assert [c for c in loaded.candidates if c.unit != UNIT] == [c for c in dataset.candidates if c.unit != UNIT]
    assert [c.model_dump(exclude={"sample"}) for c in loaded.candidates if c.unit == UNIT] == [
        c.model_dump(exclude={"sample"}) for c in dataset.candidates if c.unit == UNIT
    ]


def test_importing_the_same_form_twice_writes_nothing(workspace: Path, dataset: Dataset) -> None:
    data = workspace / "data"
    raw = _move_by_hand(data, UNIT, dataset)
    path = data / "units" / f"{UNIT}.yaml"
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    reports, candidates = _entries(dataset, UNIT)

    plan = _plan(data, reports, candidates)
    kept = apply_unit_import(data, plan, force=False)

    assert plan.unchanged and (plan.added, plan.changed, plan.removed, plan.shared) == ([], [], [], [])
    assert kept == []
    assert path.read_bytes() == raw and path.stat().st_mtime_ns == 1_600_000_000_000_000_000
    assert sorted(p.name for p in (data / "units").iterdir()) == [f"{UNIT}.yaml"]


def test_a_newer_form_replaces_the_units_entries_and_keeps_the_previous_file(workspace: Path, dataset: Dataset) -> None:
    data = workspace / "data"
    previous = _move_by_hand(data, UNIT, dataset)
    reports, candidates = _entries(dataset, UNIT)
    reports[1] = {**reports[1], "overview": "Năm 2023: số liệu đã sửa theo biểu mẫu mới."}
    dropped = candidates.pop(1)
    candidates.append({**candidates[0], "id": f"{UNIT}-9", "name": "Phòng Tư pháp thành phố", "rank": 9})

    plan = _plan(data, reports, candidates)
    check_unit_import(data, [plan], force=False)
    kept = apply_unit_import(data, plan, force=False)

    assert (plan.added, plan.changed, plan.removed, plan.shared) == (
        [f"{UNIT}-9"],
        ["báo cáo 2023"],
        [dropped["id"]],
        [],
    )
    assert kept == [data / "units" / f"{UNIT}.truoc-nhap-1.yaml"] and kept[0].read_bytes() == previous
    loaded = load(data)
    assert next(r for r in loaded.reports if r.unit == UNIT and r.period == "2023").overview.startswith("Năm 2023: số")
    assert [c.id for c in loaded.candidates if c.unit == UNIT] == [str(c["id"]) for c in candidates]
    assert [r for r in loaded.reports if r.unit != UNIT] == [r for r in dataset.reports if r.unit != UNIT]


def test_checking_an_import_tells_the_planned_files_problems_at_their_lines(workspace: Path, dataset: Dataset) -> None:
    data = workspace / "data"
    _move_by_hand(data, UNIT, dataset)
    reports, candidates = _entries(dataset, UNIT)
    candidates[0] = {**candidates[0], "award": "bang-khen-thu-tuong-chinh-phu-xyz"}
    plan = _plan(data, reports, candidates)
    written = plan.new_bytes.decode("utf-8")

    with pytest.raises(DataError) as caught:
        check_unit_import(data, [plan], force=False)

    line = _line(written, "award: bang-khen-thu-tuong-chinh-phu-xyz")
    assert [str(p).split("\n")[0] for p in caught.value.problems] == [
        f"data/units/{UNIT}.yaml:{line}:12: candidates[0].award: hình thức khen thưởng "
        '"bang-khen-thu-tuong-chinh-phu-xyz" không tồn tại'
    ]
    assert not (data / "units" / f"{UNIT}.truoc-nhap-1.yaml").exists()


# --- Cutting entries out of a shared file as text ------------------------------------------


def test_cutting_every_entry_leaves_an_empty_list_and_every_other_byte() -> None:
    text = (
        "# Báo cáo\r\nsample: true\r\nreports:   # danh sách\r\n\r\n  # === TP Hà Tĩnh ===\r\n"
        "  - unit: a\r\n    period: '2023'\r\n    overview: |\r\n      Dòng một\r\n\r\n      # dòng hai\r\n"
        "    difficulties: [x, y]  # cuối mục\r\n\r\n  # === Hết ===\r\n"
    )
    raw = b"\xef\xbb\xbf" + text.encode("utf-8")

    edited, taken = without_unit(raw, "data/reports.yaml", "reports", "a")

    assert taken == [0]
    assert (
        edited
        == b"\xef\xbb\xbf"
        + (
            "# Báo cáo\r\nsample: true\r\nreports: []   # danh sách\r\n\r\n  # === TP Hà Tĩnh ===\r\n"
            "\r\n  # === Hết ===\r\n"
        ).encode()
    )
    assert yaml.safe_load(edited.decode("utf-8-sig")) == {"sample": True, "reports": []}
    assert without_unit(raw, "data/reports.yaml", "reports", "b") == (raw, [])


def test_validate_passes_with_a_unit_file(workspace: Path, dataset: Dataset, run: Run) -> None:
    data = workspace / "data"
    _move_by_hand(data, UNIT, dataset)
    shutil.rmtree(workspace / ".cache")

    result = run("-w", str(workspace), "validate")

    assert result.exit_code == 0, result.output


def test_fix_encoding_converts_a_unit_files_legacy_words_too(run: Run, workspace: Path) -> None:
    path = workspace / "data" / "units" / "huyen-huong-khe.yaml"
    path.parent.mkdir()
    head = "unit: huyen-huong-khe\nreports:\n  - period: '2023'\n    overview: Ủy ban nhân dân huyện "
    path.write_text(head + "H\u00ad\u00acng Kh\u00aa\ncandidates: []\n", encoding="utf-8")

    result = run("-w", str(workspace), "validate", "--fix-encoding", "--yes")

    shown = "data/units/huyen-huong-khe.yaml:4: reports[0].overview: chữ mã cũ TCVN3: «H\u00ad¬ng» → «Hương»"
    assert shown in result.output
    assert path.read_text(encoding="utf-8") == head + "Hương Khê\ncandidates: []\n"
    assert (path.parent / "huyen-huong-khe.yaml.bak").exists()
