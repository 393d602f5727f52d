"""The progress reporter: plain throttled lines in a log, one redrawn line on a terminal."""

import io

import pytest

from assistant.progress import Progress, duration


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def reporter(**kwargs):
    stream, clock = io.StringIO(), Clock()
    return Progress("Embedden", "passages", stream=stream, clock=clock, **kwargs), stream, clock


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_a_log_gets_a_line_at_most_every_five_seconds_and_a_final_line():
    progress, stream, clock = reporter()
    assert not progress.tty and progress.min_interval == 5.0
    progress(0, 444)
    assert stream.getvalue() == ""  # a log's first line comes after the interval
    for done, at in [(64, 1008.0), (128, 1012.0), (192, 1016.0), (256, 1024.0), (320, 1039.5)]:
        clock.now = at
        progress(done, 444)
    clock.now = 1055.5
    progress(444, 444)
    assert lines(stream) == [
        "Embedden: 64/444 passages (14%), 8,0 passages/s, nog ongeveer 48 s",
        # 128 came 4 s after the last line: skipped
        "Embedden: 192/444 passages (43%), 12,0 passages/s, nog ongeveer 21 s",
        "Embedden: 256/444 passages (57%), 10,7 passages/s, nog ongeveer 18 s",
        "Embedden: 320/444 passages (72%), 8,1 passages/s, nog ongeveer 15 s",
        "Embedden: 444/444 passages (100%), 8,0 passages/s, klaar in 56 s",
    ]
    assert "\r" not in stream.getvalue()


def test_a_short_run_in_a_log_writes_only_its_final_line():
    progress, stream, clock = reporter()
    progress(0, 3)
    clock.now += 1
    progress(1, 3)
    clock.now += 1
    progress(3, 3)
    assert lines(stream) == ["Embedden: 3/3 passages (100%), 1,5 passages/s, klaar in 2 s"]


def test_the_final_line_is_written_once_and_a_new_run_starts_the_clock_again():
    progress, stream, clock = reporter()
    progress(0, 2)
    clock.now += 4
    progress(2, 2)
    progress(2, 2)
    clock.now += 100
    progress(0, 10)  # a new run
    clock.now += 2
    progress(10, 10)
    assert lines(stream) == [
        "Embedden: 2/2 passages (100%), 0,50 passages/s, klaar in 4 s",
        "Embedden: 10/10 passages (100%), 5,0 passages/s, klaar in 2 s",
    ]


def test_nothing_to_do_is_said_without_dividing_by_zero():
    progress, stream, _ = reporter()
    progress(0, 0)
    assert lines(stream) == ["Embedden: niets te doen (0 passages)"]
    assert progress.line(3, 0, 0.0) == "Embedden: niets te doen (0 passages)"
    tty, screen, _ = reporter(tty=True)
    tty(0, 0)
    assert screen.getvalue() == "\rEmbedden: niets te doen (0 passages)\n"


def test_a_long_remaining_time_reads_in_minutes_and_hours():
    progress, stream, clock = reporter(min_interval=0)
    progress(0, 2000)
    clock.now += 10
    progress(10, 2000)  # 1 per second: 1990 s left
    clock.now += 1990
    progress(1000, 2000)  # 0.5 per second: 2000 s left
    assert lines(stream) == [
        "Embedden: 0/2000 passages (0%)",  # no interval: the start is reported too
        "Embedden: 10/2000 passages (0%), 1,0 passages/s, nog ongeveer 33 min 10 s",
        "Embedden: 1000/2000 passages (50%), 0,50 passages/s, nog ongeveer 33 min 20 s",
    ]
    assert progress.line(1, 10_000, 1.0) == (
        "Embedden: 1/10000 passages (0%), 1,0 passages/s, nog ongeveer 2 u 47 min"
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "minder dan 1 s"), (0.4, "minder dan 1 s"), (0.6, "1 s"), (14.6, "15 s"),
     (59.4, "59 s"), (60, "1 min"), (130, "2 min 10 s"), (3599, "59 min 59 s"), (3600, "1 u"),
     (3900, "1 u 5 min")],
)  # fmt: skip
def test_duration(seconds, text):
    assert duration(seconds) == text


def test_a_fast_run_is_nearly_done_rather_than_zero_seconds_away():
    progress, _, _ = reporter()
    assert progress.line(45, 52, 0.2).endswith("225,0 passages/s, bijna klaar")
    assert progress.line(52, 52, 0.3).endswith("klaar in minder dan 1 s")


def test_a_terminal_gets_one_line_redrawn_in_place():
    progress, stream, clock = reporter(tty=True)
    assert progress.min_interval == 0.2
    progress(0, 100)
    clock.now += 0.1
    progress(5, 100)  # too soon: not drawn
    clock.now += 0.4
    progress(10, 100)
    clock.now += 0.5
    progress(100, 100)
    out = stream.getvalue()
    assert out.count("\n") == 1 and out.endswith("\n")
    frames = out.rstrip("\n").split("\r")[1:]
    assert [f.rstrip() for f in frames] == [
        "Embedden: 0/100 passages (0%)",
        "Embedden: 10/100 passages (10%), 20,0 passages/s, nog ongeveer 4 s",
        "Embedden: 100/100 passages (100%), 100,0 passages/s, klaar in 1 s",
    ]
    assert len(frames[1]) == len(frames[2])  # the shorter line wipes the longer one


def test_close_ends_a_line_left_open_by_an_interruption():
    progress, stream, _ = reporter(tty=True)
    progress(0, 10)
    progress.close()
    progress.close()
    assert stream.getvalue() == "\rEmbedden: 0/10 passages (0%)\n"


def test_a_closed_stream_never_stops_the_work():
    progress, stream, clock = reporter()
    stream.close()
    progress(0, 1)
    clock.now += 1
    progress(1, 1)  # no exception


def test_progress_writes_to_stderr_by_default(capsys):
    progress = Progress("Inlezen", "bestanden")
    progress(0, 0)
    assert capsys.readouterr().err == "Inlezen: niets te doen (0 bestanden)\n"


class FakeEmbedder:
    """Enough of an Embedder for build_index: a name, a dimension, passage and query vectors,
    reporting progress per batch of 64 as the engines do."""

    name = "nep-model"
    dim = 4

    def __init__(self) -> None:
        self.calls: list[int] = []

    def passages(self, texts, progress=None):
        import numpy as np

        if progress:
            progress(0, len(texts))
        for start in range(0, len(texts), 64):
            self.calls.append(len(texts[start : start + 64]))
            if progress:
                progress(min(start + 64, len(texts)), len(texts))
        return np.full((len(texts), self.dim), 0.5, dtype=np.float32)

    def queries(self, texts, progress=None):
        return self.passages(texts, progress)


def test_build_index_reports_texts_embedded_after_each_batch(tmp_path):
    from assistant.config import SearchSettings
    from assistant.index import build_index
    from assistant.models import CorpusDocument, QARecord
    from assistant.store import Store

    records = tuple(QARecord(n, f"Vraag {n} over drones?", f"Antwoord {n}.", (n,)) for n in
                    range(1, 151))  # fmt: skip
    embedder, calls = FakeEmbedder(), []
    with Store.in_home(tmp_path) as store:
        store.put("/a.txt", "a.txt", "h1", 1, [("", CorpusDocument("antwoord", records=records))])
        report = build_index(store, embedder, tmp_path, SearchSettings(),
                             progress=lambda done, total: calls.append((done, total)))  # fmt: skip
        assert report.embedded == 150
        # all 150 passages in one call (the engine sorts them by length), then the 150
        # questions (the question-to-question signal); the engine's counts offset by the part
        assert calls == [(0, 300), (0, 300), (64, 300), (128, 300), (150, 300), (150, 300),
                         (214, 300), (278, 300), (300, 300)]  # fmt: skip
        assert embedder.calls == [64, 64, 22, 64, 64, 22]

        calls.clear()  # nothing new: one call that says there is nothing to embed
        assert build_index(store, embedder, tmp_path, SearchSettings(),
                           progress=lambda d, t: calls.append((d, t))).reused == 150  # fmt: skip
        assert calls == [(0, 0)]

        seen = io.StringIO()  # and the reporter as the callback
        build_index(store, embedder, tmp_path, SearchSettings(), rebuild=True,
                    progress=Progress("Embedden", "teksten", stream=seen))  # fmt: skip
    assert lines(seen)[-1].startswith("Embedden: 300/300 teksten (100%)")
