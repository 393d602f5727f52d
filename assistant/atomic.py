"""Write a file atomically: a reader sees the old file or the whole new one, never a half.

The data goes to a temporary file in the same folder (so the rename stays on one file
system), is flushed to disk, and then replaces the target in one step (os.replace). When
anything fails on the way, the temporary file is removed and the old file is left as it
was. The temporary name starts with a dot, so a folder scan that passes over hidden files
(ingest, adapted models) never takes it for a document.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Replace `path` with `data` atomically (its folder is made when missing); returns the
    path. The new file gets the permissions a plain open() would give (0o666 less the
    umask). Raises OSError as writing does; the old file is then untouched."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # O_EXCL: never follow or reuse what is already there; mode 0o666: the umask applies
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """write_bytes for text (UTF-8 unless told otherwise)."""
    return write_bytes(path, text.encode(encoding))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
