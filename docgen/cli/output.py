"""How commands write: lines for a clerk, JSON for a program, and the JSON an error becomes.

With ``--json`` a command writes one JSON value on stdout and nothing else; when it fails, that
value is :func:`error_json`'s object, with the exit code the process returns::

    {"ok": false,
     "error": {"message": "...", "hint": "..." | null, "exit_code": 1},
     "problems": [{"file", "line", "column", "field", "message", "hint"}, ...]}
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any

import click

from docgen.errors import Problem


def echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def err(text: str) -> None:
    click.echo(text, err=True)


def error_json(
    message: str,
    hint: str | None,
    exit_code: int,
    problems: Iterable[Problem] = (),
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON object of a failed command (``details``: what the command did before failing)."""
    return {
        "ok": False,
        "error": {"message": message, "hint": hint, "exit_code": exit_code},
        "problems": [dataclasses.asdict(p) for p in problems],
        **(details or {}),
    }
