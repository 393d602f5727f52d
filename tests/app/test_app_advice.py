"""The app's advice, as an officer sees it: the library's message followed by what to do in
terms of the app's pages (app/advice.py), never a command."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from support.app_pages import after_jobs, go
from support.ingest_docs import QUESTIONS_ONLY
from support.project import PROJECT

from assistant.app.advice import APP_ADVICE
from assistant.app.safe_text import md

APP = str(PROJECT / "app.py")


def test_a_question_set_added_to_the_corpus_points_to_the_intake_page(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "home"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    go(at, "corpus")
    upload = ("vragen.txt", QUESTIONS_ONLY.encode(), "text/plain")
    at.file_uploader(key="corpus_upload").set_value([upload]).run()
    at.button(key="corpus_go").click().run()
    after_jobs(at, tmp_path / "home")
    errors = [e.value for e in at.error]
    shown = (  # literally: file names and messages are escaped for Markdown
        "dit is een binnenkomende vragenset zonder antwoorden, geen precedent. "
        + APP_ADVICE["incoming-questions"]
    )
    assert errors == [f"{md('vragen.txt')}: {md(shown)}"], errors
