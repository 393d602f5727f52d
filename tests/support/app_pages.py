"""Driving the app the way the app tests do: switching pages, opening what it downloads."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

import docx
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

PAGES = "assistant/app/pages"  # AppTest.switch_page takes a path relative to app.py


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"{PAGES}/{page}.py").run()
    assert not at.exception, at.exception
    return at


class ServedFiles:
    """The files the app hands the browser through st.download_button, by the button's URL.

    AppTest keeps its media files in a mock runtime that is gone after each run, so they are
    recorded as the app stores them; a test then opens what a click would download."""

    def __init__(self, monkeypatch):
        self._by_id: dict[str, tuple[bytes, str | None]] = {}
        store = MemoryMediaFileStorage.load_and_get_id

        def recording(storage, path_or_data, mimetype, kind, filename=None):
            file_id = store(storage, path_or_data, mimetype, kind, filename)
            if isinstance(path_or_data, bytes):
                self._by_id[file_id] = (path_or_data, filename)
            return file_id

        monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)

    def of(self, button) -> tuple[bytes, str | None]:
        """(content, file name) behind a download button of the last run."""
        return self._by_id[PurePosixPath(button.proto.url).stem]

    def docx_text(self, button) -> str:
        """The paragraphs and table cells of the .docx behind the button."""
        letter = docx.Document(io.BytesIO(self.of(button)[0]))
        cells = [c.text for t in letter.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in letter.paragraphs] + cells)


def after_jobs(at: AppTest, home) -> AppTest:
    """Wait until the app's work in the background for this home (assistant/app/jobs.py:
    the sync, reading into the corpus) has ended, then run the page again, as its own
    refresh every second does in a browser."""
    from assistant.app import jobs

    for name in ("sync", "corpus"):
        job = jobs.latest(home, name)
        if job is not None:
            assert job.wait(timeout=600), f"{name} still running"
    at.run()
    assert not at.exception, at.exception
    return at
