"""The real-browser check (scripts/browser-check) as a test, where Chromium is installed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.slow
def test_browser_intake_edit_download(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "browser-check"),
         "--home", str(tmp_path / "home"), "--out", str(tmp_path / "shots")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    shots = ("1-start", "2-intake", "3-answers", "4-review", "5-download", "6-open-sets",
             "7-draft-from-open-set")  # fmt: skip
    for shot in shots:
        assert (tmp_path / "shots" / f"{shot}.png").stat().st_size > 5_000
    assert "saved answer 2: 'Ja. De politie" in result.stdout
    assert "2026Z20411" in result.stdout  # the draft started from the most urgent open set
    shutil.rmtree(tmp_path / "shots", ignore_errors=True)
