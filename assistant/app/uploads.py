"""Uploaded files as the assistant can take them: a browser sends any name ("..", "", a NUL
byte, 300 characters, the same name twice), so each name is made safe and unique before it
touches the disk, files that would not be read are named with the reason, and the folder
the corpus uploads are put in is removed once they are read."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..ingest import SUFFIXES

QUESTION_SUFFIXES = (".pdf", ".docx", ".txt")
NAME_BYTES = 200  # a file name on disk may have 255 bytes; room for " (2)" and the suffix
SHOWN_CHARS = 80  # a name in a message
STALE_SECONDS = 24 * 3600  # an upload folder this old was left by a stopped server
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown_name(raw: str) -> str:
    """The uploaded name for messages: no control characters, not endlessly long."""
    name = " ".join(_CONTROL.sub("", raw or "").split())
    if len(name) > SHOWN_CHARS:
        name = f"{name[: SHOWN_CHARS - 12]}…{name[-11:]}"
    return name or "(zonder naam)"


def disk_name(raw: str) -> str:
    """The name's last path part without control characters, at most NAME_BYTES bytes (the
    suffix kept): what is written in the upload folder."""
    name = re.split(r"[/\\]", _CONTROL.sub("", raw or ""))[-1].strip()
    if len(name.encode("utf-8")) <= NAME_BYTES:
        return name
    stem, suffix = _split(name)
    if len(suffix.encode("utf-8")) > 16:  # not a suffix the assistant reads anyway
        stem, suffix = name, ""
    room = NAME_BYTES - len(suffix.encode("utf-8"))
    return stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip() + suffix


def refusal(name: str, allowed: Iterable[str] = SUFFIXES) -> str | None:
    """Why a file with this (disk) name is not read, in Dutch; None when it is read."""
    if not name.strip("."):
        return "geen geldige bestandsnaam"
    if name.startswith("."):
        return "verborgen bestand (de naam begint met een punt): hernoem het om het in te lezen"
    suffix = _split(name)[1].lower()
    if suffix not in allowed:
        kinds = ", ".join(sorted(allowed))
        return f"bestandstype {suffix or '(geen)'} wordt niet gelezen (alleen {kinds})"
    return None


@dataclass(frozen=True)
class SavedUploads:
    """The upload folder, which file in it came from which upload, and what was left out."""

    folder: Path
    names: dict[str, str]  # file name in the folder -> the name as shown to the user
    skipped: tuple[tuple[str, str], ...]  # (name as shown, reason)

    def shown(self, path: str | Path) -> str:
        return self.names.get(Path(path).name, Path(path).name)


def save_uploads(uploads, parent: Path) -> SavedUploads:
    """Write the readable uploads under safe, unique names into a new folder in ``parent``.
    Whoever reads them removes the folder (``remove_folder``); one a stopped server left
    behind goes a day later (``remove_stale``)."""
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(parent)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=parent))
    try:
        names: dict[str, str] = {}
        skipped: list[tuple[str, str]] = []
        for upload in uploads:
            shown, name = shown_name(upload.name), disk_name(upload.name)
            reason = refusal(name)
            if reason:
                skipped.append((shown, reason))
                continue
            name = _unique(name, {n.lower() for n in names})
            (folder / name).write_bytes(upload.getvalue())
            names[name] = shown
    except BaseException:
        remove_folder(folder)
        raise
    return SavedUploads(folder, names, tuple(skipped))


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remove_stale(parent: Path, now: float | None = None) -> list[str]:
    """Upload folders a stopped server or an earlier version left behind (a day old: no
    upload still being read is that old)."""
    now = time.time() if now is None else now
    removed = []
    for folder in parent.glob("upload-*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        except OSError:  # gone meanwhile (another tab)
            continue
    return removed


def _unique(name: str, taken: set[str]) -> str:
    """'nota.pdf', then 'nota (2).pdf': two uploads with one name both stay."""
    stem, suffix = _split(name)
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    return candidate


def _split(name: str) -> tuple[str, str]:
    suffix = Path(name).suffix if name.strip(".") else ""
    return name[: len(name) - len(suffix)], suffix
