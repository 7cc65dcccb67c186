"""Fixtures of the web pages' tests: a workspace with Hương Khê built, the application on it
and a test client that sends the session's CSRF token with every POST form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from web_helpers import UNIT, Client

import docgen
from docgen.workspace import Workspace


@pytest.fixture
def built(workspace: Path) -> Path:
    """The private sample workspace with Hương Khê's documents built (drafts, no numbers)."""
    ws = docgen.open_workspace(workspace)
    data = ws.load()
    report = docgen.build_documents(ws, docgen.plan(data, units=[UNIT]), data=data, jobs=1)
    assert report.ok
    return workspace


@pytest.fixture
def app(built: Path) -> Flask:
    from docgen.web.app import create_app

    application = create_app(Workspace.open(built), secret_key=b"test")
    application.config["TESTING"] = False  # errors become pages, as for a clerk
    return application


@pytest.fixture
def client(app: Flask) -> Iterator[Client]:
    yield Client(app.test_client())
