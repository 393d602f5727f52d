"""The app's background work (assistant/app/jobs.py): one piece at a time per home, a second
start of the same work joins it, its progress and its error reach the page."""

from __future__ import annotations

import threading

import pytest

from assistant.app import jobs
from assistant.errors import AssistantError


def held_work(release: threading.Event, result="klaar"):
    def work(progress):
        progress("bezig", 0.5)
        assert release.wait(timeout=60)
        return result

    return work


def test_a_second_start_joins_and_other_work_waits(tmp_path):
    release = threading.Event()
    first = jobs.start(tmp_path, "sync", held_work(release))
    try:
        assert jobs.start(tmp_path, "sync", held_work(release, "nooit")) is first
        with pytest.raises(AssistantError) as busy:
            jobs.start(tmp_path, "corpus", held_work(release))
        assert busy.value.code == "busy" and "Tweede Kamer" in busy.value.message
        other_home = jobs.start(tmp_path / "elders", "corpus", held_work(release))
    finally:
        release.set()
    assert first.wait(timeout=60) and other_home.wait(timeout=60)
    assert (first.result, first.error, first.running) == ("klaar", None, False)
    assert first.last_line == "bezig" and first.fraction == 0.5
    assert jobs.latest(tmp_path, "sync") is first
    again = jobs.start(tmp_path, "sync", held_work(release, "opnieuw"))  # the first has ended
    assert again is not first and again.number > first.number
    assert again.wait(timeout=60) and again.result == "opnieuw"


def test_an_error_is_kept_for_the_page_and_the_thread_ends(tmp_path):
    def failing(progress):
        progress("even", 7)  # a fraction above 1 is shown as done, not as 700%
        raise AssistantError("de Kamer is niet bereikbaar", code="x")

    job = jobs.start(tmp_path, "sync", failing)
    assert job.wait(timeout=60)
    assert isinstance(job.error, AssistantError) and job.result is None
    assert job.fraction == 1.0 and job.finished is not None
