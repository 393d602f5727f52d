"""Switching the app's pages the way the app tests do."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

PAGES = "assistant/app/pages"  # AppTest.switch_page takes a path relative to app.py


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"{PAGES}/{page}.py").run()
    assert not at.exception, at.exception
    return at
