"""Shared fixtures: the real documents in ../shared/data, and a clean home folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = (PROJECT / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real documents; skipped only outside CI when the folder is absent."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the real documents in {SHARED_DATA}")
        pytest.skip(f"real documents not present at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty assistant home folder; $ASSISTANT_HOME points at it."""
    folder = tmp_path / "home"
    monkeypatch.setenv("ASSISTANT_HOME", str(folder))
    return folder
