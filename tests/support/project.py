"""Where the project, the real documents and Chromium are; skipping or failing without them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


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
