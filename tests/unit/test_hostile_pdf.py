"""Hostile PDFs: each ends with exit 2 and one line on stderr naming the file, within the
reader's caps or the worker's limits, never a hang, a flood of warnings or exit 1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from support.hostile_pdf import (
    NO_QUESTIONS,
    flate_bomb_pdf,
    font_bomb_pdf,
    many_pages_pdf,
    operator_storm_pdf,
    warning_pdf,
)

from assistant.devtools.tiny_pdf import line, make_pdf
from assistant.errors import InputError
from assistant.extract import extract_bytes
from assistant.extract.pdf import MAX_PAGE_CONTENT_BYTES, MAX_PAGES
from assistant.extract.worker import ExtractionWorker, Limits

GOOD = make_pdf([[line(760, "Vraag 1"), line(748, "Kent u het bericht?")]])


def run_cli(*args: str, home, timeout: float = 300) -> tuple[int, str, str]:
    """Run `assistant` in its own process group; always stopped and its pipes closed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ASSISTANT_HOME": str(home)},
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out.decode(), err.decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        for pipe in (proc.stdout, proc.stderr):
            pipe.close()


@pytest.mark.slow  # a real process per bomb PDF; full suite only
@pytest.mark.parametrize(
    ("name", "build", "says"),
    [
        ("bom.pdf", lambda: flate_bomb_pdf(256 * 2**20), "pagina 1 is te zwaar"),
        ("boom.pdf", lambda: many_pages_pdf(100_000), "te veel pagina's (100000"),
        ("liegt.pdf", lambda: many_pages_pdf(MAX_PAGES + 1, declared=1), "meer dan 2000"),
        # readable, no questions: the message names the file too
        ("waarschuwt.pdf", lambda: warning_pdf(NO_QUESTIONS), "geen genummerde vragen"),
    ],
)
def test_questions_on_a_hostile_pdf_exits_2_with_one_line(tmp_path, name, build, says):
    path = tmp_path / name
    path.write_bytes(build())
    code, _, err = run_cli("questions", str(path), home=tmp_path / "home")
    assert code == 2, err
    assert len(err.splitlines()) == 1, err  # pdfminer's warnings stay off stderr
    assert err.startswith("fout: ") and says in err
    assert name in err


def test_a_readable_pdf_with_damaged_operators_reads_silently(tmp_path):
    path = tmp_path / "rommelig.pdf"
    path.write_bytes(warning_pdf())
    code, out, err = run_cli("questions", str(path), home=tmp_path / "home")
    assert (code, err) == (0, "")
    assert "Bent u bekend met het bericht?" in out


def test_page_cap_counts_the_real_tree_not_the_declared_count():
    with pytest.raises(InputError, match=r"te veel pagina's \(meer dan 2000; maximaal 2000\)"):
        extract_bytes(many_pages_pdf(MAX_PAGES + 1, declared=3), "x.pdf", isolated=False)
    # at the cap itself the file is read (every page has the same question)
    text = extract_bytes(many_pages_pdf(50), "x.pdf", isolated=False).text
    assert text.count("Vraag 1") == 50


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_content_check_refuses_a_bomb_without_inflating_it():
    """The worker may use 256 MB; the bomb inflates to 512 MB. Refused by the page check,
    not by running out of memory, so the check never inflated it."""
    bomb = flate_bomb_pdf(2**29)
    with (
        ExtractionWorker(Limits(memory_bytes=256 * 2**20)) as worker,
        pytest.raises(InputError) as caught,
    ):
        worker.read("pdf", bomb, "bom.pdf")
    assert str(caught.value) == (
        f"PDF-pagina 1 is te zwaar om te lezen (uitgepakt meer dan "
        f"{MAX_PAGE_CONTENT_BYTES // 2**20} MB): bom.pdf"
    )


def test_content_limit_is_on_the_inflated_size(monkeypatch):
    import assistant.extract.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGE_CONTENT_BYTES", 64 * 1024)
    with pytest.raises(InputError, match="geen tekst"):  # read: only whitespace
        extract_bytes(flate_bomb_pdf(60 * 1024), "leeg.pdf", isolated=False)
    with pytest.raises(InputError, match="pagina 1 is te zwaar"):
        extract_bytes(flate_bomb_pdf(70 * 1024), "vol.pdf", isolated=False)


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_worker_memory_limit_ends_a_font_bomb_and_the_next_file_is_read():
    """The font file is not checked by the reader; the worker's memory limit stops it."""
    with ExtractionWorker(Limits(memory_bytes=256 * 2**20)) as worker:
        with pytest.raises(InputError) as caught:
            worker.read("pdf", font_bomb_pdf(2**29), "font.pdf")
        assert str(caught.value) == "te zwaar om te lezen: font.pdf (meer dan 256 MB geheugen)"
        assert "Kent u het bericht?" in worker.read("pdf", GOOD, "goed.pdf").text


def test_worker_time_limit_kills_the_child_and_the_next_file_gets_a_new_one():
    """A thousand pages cannot be read in a millisecond: the child is killed."""
    with ExtractionWorker(Limits(seconds=0.001)) as slow:
        with pytest.raises(InputError) as caught:
            slow.read("pdf", many_pages_pdf(1000), "lang.pdf")
        assert str(caught.value) == "te zwaar om te lezen: lang.pdf (meer dan 0.001 s)"
        child = slow._proc
        assert child is None  # killed and reaped, its pipes closed
        slow.limits = Limits()
        assert "Kent u het bericht?" in slow.read("pdf", GOOD, "goed.pdf").text


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_an_orphaned_child_ends_by_its_own_alarm():
    """Should the parent be killed mid-file, the child does not read on for ever: it has an
    alarm at twice the time limit (here 0.5 s -> 6 s) and dies of it."""
    data = operator_storm_pdf(pages=2)
    child = subprocess.Popen(
        [sys.executable, "-m", "assistant.extract.worker", str(1536 * 2**20), "0.5"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        child.stdin.write(b'{"kind": "pdf", "label": "lang.pdf", "size": %d}\n' % len(data))
        child.stdin.write(data)
        child.stdin.flush()  # and no parent ever reads the reply
        assert child.wait(timeout=300) == -signal.SIGALRM
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        for pipe in (child.stdin, child.stdout):
            pipe.close()


def test_worker_reads_the_same_as_in_process():
    pdf = many_pages_pdf(3)
    with ExtractionWorker() as worker:
        assert worker.read("pdf", pdf, "x.pdf") == extract_bytes(pdf, "x.pdf", isolated=False)


def test_a_reader_bug_in_the_worker_stays_an_internal_error():
    """Anything but InputError from a reader is a bug: reported as WorkerError, not hidden
    as bad input (ingest names it per file, the CLI says 'interne fout')."""
    from assistant.extract.worker import WorkerError

    with ExtractionWorker() as worker, pytest.raises(WorkerError, match="ValueError"):
        worker.read("unknown-kind", b"%PDF", "x.pdf")
