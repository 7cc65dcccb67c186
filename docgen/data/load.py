"""Workspace data files → one validated ``Dataset``, or every problem at once.

Three passes, each reporting all it finds: reading (syntax, encoding, limits, duplicate
keys), shape (pydantic, one model per file, messages in Vietnamese with the line of the
field) and references across files (ids that must exist, signers for every document a unit
produces, figures for every report). Nothing is returned unless all three pass.
"""

from __future__ import annotations

import contextlib
import hashlib
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path

from pydantic import BaseModel, ValidationError

from docgen import __version__
from docgen.data.messages import describe_error, fields_at
from docgen.data.model import (
    AwardsFile,
    CampaignFile,
    CandidatesFile,
    CommunesFile,
    Dataset,
    LegalFile,
    MovementsFile,
    ReportsFile,
    UnitFile,
    UnitsFile,
)
from docgen.data.parsed import read_yaml
from docgen.data.references import LeftOut, _References
from docgen.data.unitfiles import own_entries, unit_file_names
from docgen.data.yamlfile import PathKey, YamlDoc, dotted
from docgen.errors import DataError, OutputError, Problem
from docgen.fs import write_atomic
from docgen.vn.legacy import LEGACY_FONTS, find_legacy, legacy_words

FILES: dict[str, type[BaseModel]] = {
    "campaign.yaml": CampaignFile,
    "legal.yaml": LegalFile,
    "awards.yaml": AwardsFile,
    "units.yaml": UnitsFile,
    "communes.yaml": CommunesFile,
    "movements.yaml": MovementsFile,
    "reports.yaml": ReportsFile,
    "candidates.yaml": CandidatesFile,
}


def data_files(data_dir: Path) -> list[str]:
    """Every data file ``load`` reads, relative to ``data_dir``: the eight shared files, then
    the unit files (``units/<unit-id>.yaml``) in name order."""
    return [*FILES, *unit_file_names(data_dir)]


def load(
    data_dir: Path, *, cache_dir: Path | None = None, replace: Mapping[str, bytes | None] | None = None
) -> Dataset:
    """Load and check every data file of ``data_dir``; raise ``DataError`` listing all problems.

    Besides the eight shared files, every unit file ``data/units/<unit-id>.yaml`` is read (see
    ``unitfiles``). ``replace`` loads the data as it would be, without writing anything: file
    names relative to ``data_dir`` (``reports.yaml``, ``units/x.yaml``) and their planned bytes
    (``None``: the file planned to go); the cache is not used then.

    With ``cache_dir``, a dataset that passed every check is remembered (as JSON, validated
    again on reading: a cache file is never trusted blindly) under a key made of the exact
    bytes of every data file and docgen's version, so an unchanged workspace loads in
    milliseconds instead of re-parsing YAML.
    """
    if replace:
        return _load(data_dir, replace)
    key = _cache_key(data_dir) if cache_dir is not None else None
    if key is not None and cache_dir is not None:
        cached = _read_cache(cache_dir, key)
        if cached is not None:
            return cached
    dataset = _load(data_dir)
    if key is not None and cache_dir is not None:
        _write_cache(cache_dir, key, dataset)
    return dataset


def _cache_key(data_dir: Path) -> str | None:
    digest = hashlib.sha256(__version__.encode())
    for name in data_files(data_dir):
        try:
            digest.update(name.encode() + b"\0" + (data_dir / name).read_bytes() + b"\0")
        except OSError:
            return None  # a missing file is reported by the full load
    return digest.hexdigest()


def _read_cache(cache_dir: Path, key: str) -> Dataset | None:
    try:
        return Dataset.model_validate_json((cache_dir / f"dataset-{key}.json").read_bytes())
    except (OSError, ValueError):
        return None


def _write_cache(cache_dir: Path, key: str, dataset: Dataset) -> None:
    # A cache that cannot be written only costs speed.
    with contextlib.suppress(OSError, OutputError):
        for old in cache_dir.glob("dataset-*.json"):
            old.unlink()
        write_atomic(cache_dir / f"dataset-{key}.json", dataset.model_dump_json().encode("utf-8"))


def _load(data_dir: Path, replace: Mapping[str, bytes | None] | None = None) -> Dataset:
    replace = replace or {}
    problems: list[Problem] = []
    docs: dict[str, YamlDoc] = {}
    models: dict[str, BaseModel] = {}
    kept: dict[str, dict[str, list[int]]] = {}
    ghosts: dict[str, list[LeftOut]] = {}
    files: dict[str, type[BaseModel]] = {**FILES, **dict.fromkeys(unit_file_names(data_dir, replace), UnitFile)}
    for name, model in files.items():
        label = f"data/{name}"
        path = data_dir / name
        if replace.get(name, b"") is None or (name not in replace and not path.is_file()):
            problems.append(
                Problem(
                    label,
                    None,
                    None,
                    "",
                    "thiếu tệp dữ liệu",
                    "chép tệp cùng tên từ một thư mục làm việc mới (tạo bằng `docgen init THƯ_MỤC_MỚI`)",
                )
            )
            continue
        doc, found = read_yaml(path, label, replace.get(name))
        problems.extend(found)
        if doc is None:
            continue
        docs[name] = doc
        problems.extend(_legacy_text(doc))
        if model is UnitFile:
            problems.extend(own_entries(doc, name))
        old = _indicators_by_name(doc) if name == "reports.yaml" else None
        if old is not None:
            problems.append(old)  # one message for the whole file, not four for each of its rows
            continue
        parsed, found = _shape(doc, model)
        problems.extend(found)
        if parsed is None and found:
            # Checked across files all the same, from the records that are valid on their own,
            # so that one run tells every problem (an invalid record's ids count as known).
            parsed, kept[name], ghosts[name] = _partial(doc, model)
        if parsed is not None:
            models[name] = parsed
    problems.extend(_References(docs, models, kept, ghosts).check())
    if problems:
        raise DataError(problems)
    return _dataset(models)


def _legacy_text(doc: YamlDoc) -> Iterator[Problem]:
    """Words typed in TCVN3 or VNI, alone or pasted into a Unicode line, with the whole value
    converted; ``docgen validate --fix-encoding`` makes the same conversion."""
    for path, text in _strings(doc.value, ()):
        found = find_legacy(text)
        if found is None:
            continue
        line, col = doc.where(path)
        name, font, source = LEGACY_FONTS[found.encoding]
        yield Problem(
            doc.name,
            line,
            col,
            dotted(path),
            f"có chữ gõ bằng mã cũ {name} (phông {font}): {legacy_words(found)}; giá trị đúng là «{found.converted}»",
            "chạy `docgen validate --fix-encoding` để sửa tự động, hoặc chuyển mã bằng Unikey "
            f"(Công cụ chuyển mã, nguồn {source}, đích Unicode)",
        )


def _indicators_by_name(doc: YamlDoc) -> Problem | None:
    """Reports written before the indicator catalogue (rows with ``name``/``measure`` instead
    of ``indicator``): told once, with the way to the new form."""
    reports = doc.value.get("reports") if isinstance(doc.value, dict) else None
    rows = [
        (i, j)
        for i, report in enumerate(reports if isinstance(reports, list) else [])
        if isinstance(report, dict) and isinstance(report.get("indicators"), list)
        for j, row in enumerate(report["indicators"])
        if isinstance(row, dict) and "name" in row and "indicator" not in row
    ]
    if not rows:
        return None
    i, j = rows[0]
    line, column = doc.where(("reports", i, "indicators", j))
    return Problem(
        doc.name,
        line,
        column,
        f"reports[{i}].indicators[{j}]",
        f"{len(rows)} dòng chỉ tiêu còn ghi theo cách cũ (name, measure, movement); nay mỗi dòng ghi mã "
        "chỉ tiêu (indicator) trong danh mục chỉ tiêu ở cuối data/movements.yaml",
        "chép phần indicators: của data/movements.yaml từ một thư mục làm việc mới (docgen init), rồi thay "
        "name/measure/movement của mỗi dòng bằng `indicator: <mã>` (xem chú thích đầu data/reports.yaml)",
    )


def _strings(value: object, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _shape(doc: YamlDoc, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    if not isinstance(doc.value, dict):
        expected = ", ".join(model.model_fields)
        return None, [
            Problem(
                doc.name, 1, 1, "", "tệp phải là một bảng khóa: giá trị (mapping)", f"các khóa cấp cao nhất: {expected}"
            )
        ]
    try:
        return model.model_validate(doc.value), []
    except ValidationError as exc:
        return None, _translate(doc, model, exc)


def _partial(doc: YamlDoc, model: type[BaseModel]) -> tuple[BaseModel | None, dict[str, list[int]], list[LeftOut]]:
    """``model`` built from the records of each list that are valid on their own (``None`` if
    the file is still invalid without the others), the original index of every record kept
    (per list key), and the records left out (list key, index, record)."""
    if not isinstance(doc.value, dict):
        return None, {}, []
    value = dict(doc.value)
    kept: dict[str, list[int]] = {}
    left_out: list[LeftOut] = []
    for key, info in model.model_fields.items():
        items = value.get(key)
        item_model = _item_model(info.annotation)
        if item_model is None or not isinstance(items, list):
            continue
        kept[key] = []
        for i, item in enumerate(items):
            try:
                item_model.model_validate(item)
            except ValidationError:
                left_out.append((key, i, item))
            else:
                kept[key].append(i)
        value[key] = [items[i] for i in kept[key]]
    try:
        return model.model_validate(value), kept, left_out
    except ValidationError:
        return None, {}, []


def _item_model(annotation: object) -> type[BaseModel] | None:
    """``Unit`` for ``list[Unit]``; ``None`` for any other field type."""
    if typing.get_origin(annotation) is not list:
        return None
    (item,) = typing.get_args(annotation)
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


def _translate(doc: YamlDoc, model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    grouped: dict[PathKey, list[dict[str, object]]] = {}
    for err in exc.errors(include_url=False):
        path = _data_path(doc, tuple(err["loc"]), str(err["type"]))
        grouped.setdefault(path, []).append(dict(err))
    problems = []
    for path, errors in grouped.items():
        allowed = fields_at(model, path[:-1]) if path else []
        message, hint = describe_error(errors, allowed, doc.sources.get(path))
        key = errors[0]["type"] in ("extra_forbidden",)
        line, col = doc.where(path, key=key)
        problems.append(Problem(doc.name, line, col, dotted(path), message, hint))
    return problems


def _data_path(doc: YamlDoc, loc: tuple[object, ...], kind: str) -> PathKey:
    """Drop pydantic's union/validator markers from ``loc``, keeping only real data keys."""
    path: PathKey = ()
    for i, part in enumerate(loc):
        if not isinstance(part, (str, int)):
            continue
        candidate = (*path, part)
        last = i == len(loc) - 1
        if candidate in doc.marks or candidate in doc.key_marks or (last and kind == "missing"):
            path = candidate
    return path


def _dataset(models: dict[str, BaseModel]) -> Dataset:
    units = models["units.yaml"]
    communes = models["communes.yaml"]
    movements = models["movements.yaml"]
    reports = models["reports.yaml"]
    candidates = models["candidates.yaml"]
    # Each unit file's entries after the shared files' ones, files in name order (as read).
    own = [m for m in models.values() if isinstance(m, UnitFile)]
    assert isinstance(units, UnitsFile) and isinstance(communes, CommunesFile)
    assert isinstance(movements, MovementsFile) and isinstance(reports, ReportsFile)
    assert isinstance(candidates, CandidatesFile)
    return Dataset(
        campaign=models["campaign.yaml"],
        legal=models["legal.yaml"],
        awards=models["awards.yaml"],
        units={u.id: u for u in [*units.units, *communes.communes]},
        movements={m.id: m for m in movements.movements},
        tasks=movements.tasks,
        indicators={i.id: i for i in movements.indicators},
        reports=[*reports.reports, *(r for m in own for r in m.reports)],
        reports_sample=reports.sample,
        candidates=[*candidates.candidates, *(c for m in own for c in m.candidates)],
        candidates_sample=candidates.sample,
    )
