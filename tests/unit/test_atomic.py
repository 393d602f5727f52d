"""Atomic writes: the old file stays whole until the new one is complete on disk."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from assistant import atomic
from assistant.atomic import write_bytes, write_text


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "nieuw" / "antwoorden.docx"  # the folder is made
    assert write_bytes(target, b"PK\x03\x04 eerste") == target
    assert target.read_bytes() == b"PK\x03\x04 eerste"
    write_bytes(str(target), b"PK\x03\x04 tweede")
    assert target.read_bytes() == b"PK\x03\x04 tweede"
    write_text(tmp_path / "current.json", '{"id": "één"}')
    assert (tmp_path / "current.json").read_text(encoding="utf-8") == '{"id": "één"}'
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "antwoorden.docx",
        "current.json",
        "nieuw",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_new_file_has_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_bytes(tmp_path / "brief.docx", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0o600


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failure_midway_leaves_the_old_file_intact(tmp_path, monkeypatch, step):
    target = tmp_path / "antwoorden.docx"
    target.write_bytes(b"de goede versie")

    class DiskFull(OSError):
        pass

    def fail(*args, **kwargs):
        raise DiskFull(28, "No space left on device")

    if step == "write":
        # the first part reaches the temporary file, then the disk is full
        real_fdopen = os.fdopen

        def half_writer(fd, mode):
            fh = real_fdopen(fd, mode)

            class Half:
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    fh.close()

                def write(self, data):
                    fh.write(data[:5])
                    fh.flush()
                    raise DiskFull(28, "No space left on device")

            return Half()

        monkeypatch.setattr(atomic.os, "fdopen", half_writer)
    else:
        monkeypatch.setattr(atomic.os, step, fail)

    with pytest.raises(DiskFull):
        write_bytes(target, b"een half geschreven nieuwe versie")
    assert target.read_bytes() == b"de goede versie"
    assert [p.name for p in tmp_path.iterdir()] == ["antwoorden.docx"]  # no temporary left


def test_an_interrupt_also_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "current.json"
    target.write_text("{}")

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text(target, '{"id": "nieuw"}')
    assert target.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["current.json"]
