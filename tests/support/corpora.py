"""Homes with a corpus ingested and indexed, for tests that search."""

from __future__ import annotations

from pathlib import Path

from support.commands import invoke_assistant


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
