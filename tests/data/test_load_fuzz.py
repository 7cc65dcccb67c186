"""Whatever a clerk puts in a data file, loading it reports problems and never crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.cli.main import main
from docgen.data.load import load
from docgen.errors import DataError

REPO = Path(__file__).resolve().parents[2]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(["huyen-huong-khe", "district", "2023-07", "2023-02-30", "Hà Tĩnh", "ỦY BAN NHÂN DÂN"]),
)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "units",
            "id",
            "name",
            "kind",
            "header",
            "issuer",
            "signers",
            "legal_bases",
            "text",
            "kinds",
            "valid_from",
            "communes",
        ]
    ),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=25
)


def _workspace(tmp: Path, name: str, text: str | bytes) -> Path:
    root = tmp / "ws"
    if root.exists():
        shutil.rmtree(root)
    (root / "data").mkdir(parents=True)
    target = root / "data" / name
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=values, name=st.sampled_from(["units.yaml", "legal.yaml", "campaign.yaml", "candidates.yaml"]))
def test_random_yaml_structures_never_crash(tmp_path: Path, value: object, name: str) -> None:
    root = _workspace(tmp_path, name, yaml.safe_dump(value, allow_unicode=True))
    try:
        load(root / "data")
    except DataError as exc:
        assert exc.problems
        assert all(p.file.startswith("data/") for p in exc.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_random_text_never_crashes_validate(tmp_path: Path, raw: str | bytes) -> None:
    root = _workspace(tmp_path, "units.yaml", raw)
    assert main(["-w", str(root), "validate"]) == 1
