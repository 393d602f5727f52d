"""The real-browser check (scripts/browser-check) as a test: a hurried officer types and
clicks away at once, reloads, takes over a precedent, downloads; every check must pass.
CI installs Debian's Chromium (scripts/install-test-deps), so there it never skips."""

import shutil
import subprocess
import sys

import pytest
from support.project import PROJECT, require_chromium

pytestmark = pytest.mark.browser


@pytest.mark.slow
def test_browser_hurried_officer(tmp_path, e5_folder):
    require_chromium()
    from assistant.embed import _CONVERTED_DIR

    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / _CONVERTED_DIR).symlink_to(e5_folder)
    result = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "browser-check"),
         "--home", str(home), "--out", str(tmp_path / "shots")],
        capture_output=True, text=True, timeout=1200, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "0 failed checks" in output
    for check in (
        "answer 2 after clicking Review at once",
        "answer 4 after a reload",
        "answer 5 after an immediate reload",
        "answer 3 after closing the expander",
        "definitief is held back",
        "the definitief .docx holds the typed answers",
    ):
        assert f"ok: {check}" in output, output  # fmt: skip
    for shot in (
        "2-answers",
        "4-precedent-dialog",
        "5-review",
        "6-download-warning",
        "8-draft-from-open-set",
    ):
        assert (tmp_path / "shots" / f"{shot}.png").stat().st_size > 5_000  # fmt: skip
    shutil.rmtree(tmp_path / "shots", ignore_errors=True)
