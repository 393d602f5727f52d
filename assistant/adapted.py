"""Where adapted embedding models live in the home folder, and which one is current.

``assistant adapt`` fine-tunes the embedding model on the corpus and installs the result
here. The next ``assistant index`` embeds with the current adapted model and records its id
in the index manifest; search always loads the model the index was built with, so a new
adaptation never mixes vectors of two models. Older adaptations are removed once no index
refers to them.

Layout: ``<home>/models/adapted/<id>/`` (a sentence-transformers folder) and
``<home>/models/adapted/current.json`` ({"id", "base", "created", ...report}).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .atomic import write_text

ADAPTED_DIR = Path("models") / "adapted"
CURRENT = "current.json"


def root(home: Path | str) -> Path:
    return Path(home) / ADAPTED_DIR


def folder(home: Path | str, model_id: str) -> Path:
    return root(home) / model_id


def current(home: Path | str, base: str) -> dict | None:
    """The installed adaptation of model ``base`` ({"id", ...}), or None."""
    try:
        info = json.loads((root(home) / CURRENT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or info.get("base") != base:
        return None
    model_id = str(info.get("id") or "")
    if not model_id or not (folder(home, model_id) / "modules.json").exists():
        return None
    return info


def current_id(home: Path | str, base: str) -> str:
    """The id of the current adaptation of ``base``; "" for the model as shipped."""
    info = current(home, base)
    return str(info["id"]) if info else ""


def install(home: Path | str, trained: Path, info: dict) -> str:
    """Move a trained model folder into place and make it current; returns its id.

    ``info`` must hold "id" and "base"; it is written as current.json (atomically, after
    the folder is in place, so a crash leaves the previous adaptation current)."""
    model_id = str(info["id"])
    target = folder(home, model_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(trained), str(target))
    write_text(target.parent / CURRENT, json.dumps(info, ensure_ascii=False, indent=2))
    return model_id


def prune(home: Path | str, keep: set[str]) -> None:
    """Remove adapted models other than ``keep`` (the current one and the index's)."""
    base = root(home)
    if not base.is_dir():
        return
    for child in base.iterdir():
        if child.is_dir() and child.name not in keep and not child.name.startswith("."):
            shutil.rmtree(child, ignore_errors=True)
