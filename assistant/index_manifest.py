"""Where the index lives and what its manifest says (model, adaptation, engine). Its own module
because both the index (writing it) and the embedder choice (reading it) need it."""

from __future__ import annotations

import json
from pathlib import Path

INDEX_DIR = "index"


def manifest_of(home: Path) -> dict | None:
    """The manifest of <home>/index, or None when there is none or it cannot be read."""
    try:
        return json.loads((Path(home) / INDEX_DIR / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
