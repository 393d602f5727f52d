"""A built wheel, installed without the checkout, drafts and serves the app (issue 20,
"Packaging").

The wheel is built from a copy of the checkout's build inputs (no build/ or egg-info
left in the checkout, no clash with a parallel run), installed with pip --target, and
run with PYTHONPATH pointing at that target from a temporary folder: what gets imported
is the installed package, never the editable checkout (a probe in the same environment
checks so).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "corpus" / "examples" / "2025Z04711-politiedrones.txt"
# What the build reads: the [project] table names README.md; packages and templates.
BUILD_INPUTS = ("pyproject.toml", "README.md", "assistant", "templates")
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]


def run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout=300):
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def source_files(folder: Path) -> list[Path]:
    """The files of a checkout folder, without caches and hidden files."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheelhouse")
    run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), "."],
        cwd=source,
    )
    (built,) = out.glob("kamervragen_assistant-*.whl")
    return built


@pytest.fixture(scope="module")
def target(wheel, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("target")
    run(
        [*PIP, "install", "--no-deps", "--no-index", "--target", str(folder), str(wheel)],
        cwd=folder.parent,
    )
    return folder


@pytest.fixture
def installed_env(target, tmp_path) -> dict[str, str]:
    """An environment that imports the assistant from the target only, with a fresh home
    and no ministry templates of its own."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=str(target), ASSISTANT_HOME=str(home), PYTHONNOUSERSITE="1")
    return env


@pytest.mark.slow  # builds and installs the wheel; full suite only
def test_wheel_holds_every_module_and_every_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in source_files(ROOT / "assistant")}
    missing = sorted(m for m in modules if m not in names)
    assert not missing, f"not in the wheel (a package missing in pyproject.toml?): {missing}"
    templates = source_files(ROOT / "templates")
    shipped = {
        f"assistant/templates/{p.relative_to(ROOT / 'templates').as_posix()}" for p in templates
    }
    assert shipped <= names, sorted(shipped - names)
    # the kinds of file the drafts need, named so an empty templates/ cannot pass
    for name in (
        "antwoorden.j2",
        "aanbiedingsbrief.j2",
        "uitstelbericht.j2",
        "vraagtypes.toml",
        "ministries/JenV.toml",
        "ministries/README.md",
        "logo/beeldmerk-placeholder.png",
    ):
        assert f"assistant/templates/{name}" in names
    assert "assistant/app/entry.py" in names
    assert not any(n.startswith(("templates/", "tests/", "corpus/")) for n in names)


PROBE = """
import json, assistant
from assistant import config
from assistant.app import server
print(json.dumps({"package": assistant.__file__, "templates": str(config.templates_dir()),
                  "entry": str(server.ENTRY)}))
"""


@pytest.mark.slow  # builds and installs the wheel; full suite only
def test_installed_wheel_drafts_from_its_own_templates(target, installed_env, tmp_path):
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    probe = json.loads(run([sys.executable, "-c", PROBE], cwd=cwd, env=installed_env).stdout)
    for key in ("package", "templates", "entry"):
        assert Path(probe[key]).resolve().is_relative_to(target.resolve()), probe
    assert Path(probe["templates"]).resolve() == (target / "assistant" / "templates").resolve()
    assert (Path(probe["templates"]) / "ministries" / "JenV.toml").is_file()
    assert Path(probe["entry"]).is_file()

    output = cwd / "x.docx"
    run(
        [sys.executable, "-m", "assistant", "draft", str(EXAMPLE), "-o", "x.docx"],
        cwd=cwd,
        env=installed_env,
    )
    assert output.is_file()

    import docx

    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    # the JenV profile's opening and signature (ministries/JenV.toml, aanbiedingsbrief.j2)
    # and the answers template (antwoorden.j2), all read from the wheel
    assert "In antwoord op uw brief van 3 maart 2025, nr. 2025Z04711" in text
    assert "De Minister van Justitie en Veiligheid" in text
    assert "Antwoord op vraag 1" in text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


@pytest.mark.slow  # starts a web server: 3 s on a quiet machine, far more under load
def test_installed_wheel_serves_the_app(installed_env, tmp_path):
    port = free_port()
    log = tmp_path / "app.log"
    with log.open("wb") as sink:
        # its own process group: `assistant app` starts Streamlit as a child process
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "app", "--headless", "--port", str(port)],
            cwd=tmp_path,
            env=installed_env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            status = health = 0
            body = page = ""
            while time.monotonic() < deadline and process.poll() is None:
                health, body = get(f"http://127.0.0.1:{port}/_stcore/health")
                if health == 200:
                    status, page = get(f"http://127.0.0.1:{port}/")
                    break
                time.sleep(0.5)
            assert health == 200 and body.strip() == "ok", log.read_text(errors="replace")
            assert status == 200 and "<html" in page.lower(), log.read_text(errors="replace")
        finally:
            stop_group(process)


def stop_group(process: subprocess.Popen) -> None:
    """Stop the process and everything it started (Streamlit outlives a killed parent)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # anyone left in the group?
        except ProcessLookupError:
            break
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
