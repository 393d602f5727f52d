"""How the app is started: one list of Streamlit options for `assistant app`, the browser
check and .streamlit/config.toml (a test keeps the file equal to this list)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..config import MAX_CORPUS_BYTES

ENTRY = Path(__file__).with_name("entry.py")  # works from a wheel too (app.py is the same)

# Streamlit's own English chrome off, no telemetry, no file watching, the app's upload cap.
OPTIONS = {
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "none",
    "browser.gatherUsageStats": "false",
    "server.fileWatcherType": "none",
    "server.maxUploadSize": str(MAX_CORPUS_BYTES // (1024 * 1024)),
    "global.developmentMode": "false",
}


def streamlit_command(port: int, headless: bool = True, address: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", str(ENTRY), "--server.port", str(port)]
    for name, value in OPTIONS.items():
        command += [f"--{name}", value]
    if headless:
        command += ["--server.headless", "true"]
    if address:
        command += ["--server.address", address]
    return command
