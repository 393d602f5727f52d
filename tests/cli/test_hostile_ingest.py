"""A batch never stops on one file: a broken Word file, a flate bomb, a reader that runs
out of its worker's memory and a parser bug are each named in `failed`, and the files
after them are stored. Only the store failing stops the batch."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.hostile_docx import document_without_body
from support.hostile_pdf import flate_bomb_pdf, font_bomb_pdf
from support.ingest_docs import ANSWERS, POLICY

import assistant.extract.worker as worker_module
import assistant.ingest as ingest_module
from assistant.extract.worker import ExtractionWorker, Limits
from assistant.ingest import ingest
from assistant.store import Store


@pytest.fixture
def batch(tmp_path) -> Path:
    """Good, broken, bomb, good: in this order, so the good file after them must be read."""
    folder = tmp_path / "bronnen"
    folder.mkdir()
    (folder / "1_antwoorden.txt").write_text(ANSWERS, encoding="utf-8")
    (folder / "2_kapot.docx").write_bytes(document_without_body())
    (folder / "3_bom.pdf").write_bytes(flate_bomb_pdf(256 * 2**20))
    (folder / "4_beleid.md").write_text(POLICY, encoding="utf-8")
    return folder


def names(paths) -> list[str]:
    return sorted(Path(p).name for p in paths)


def test_a_broken_docx_and_a_bomb_are_named_and_the_batch_goes_on(tmp_path, batch):
    with Store(tmp_path / "corpus.db") as store:
        report = ingest([batch], store)
        assert names(report.added) == ["1_antwoorden.txt", "4_beleid.md"]
        assert store.counts()["documents"] == 2
    failed = {Path(f).name: reason for f, reason in report.failed}
    assert set(failed) == {"2_kapot.docx", "3_bom.pdf"}
    assert failed["2_kapot.docx"].strip()
    assert "pagina 1 is te zwaar om te lezen" in failed["3_bom.pdf"]


def test_ingest_command_on_the_batch_exits_0_and_names_both_bad_files(tmp_path, batch):
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", str(batch), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ASSISTANT_HOME": str(tmp_path / "home")},
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == 0, err.decode()
    report = json.loads(out)
    assert names(f["bestand"] for f in report["mislukt"]) == ["2_kapot.docx", "3_bom.pdf"]
    assert names(report["toegevoegd"]) == ["1_antwoorden.txt", "4_beleid.md"]


@pytest.fixture
def small_worker(monkeypatch):
    """The process-wide worker replaced by one with a 256 MB limit; stopped afterwards."""
    worker = ExtractionWorker(Limits(memory_bytes=256 * 2**20))
    monkeypatch.setattr(worker_module, "_shared", worker)
    monkeypatch.setattr(worker_module, "_shared_pid", os.getpid())
    try:
        yield worker
    finally:
        worker.close()


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_a_worker_out_of_memory_is_one_failed_file(tmp_path, small_worker):
    folder = tmp_path / "bronnen"
    folder.mkdir()
    (folder / "1_font.pdf").write_bytes(font_bomb_pdf(2**29))
    (folder / "2_beleid.md").write_text(POLICY, encoding="utf-8")
    with Store(tmp_path / "corpus.db") as store:
        report = ingest([folder], store)
    assert names(report.added) == ["2_beleid.md"]
    [(path, reason)] = report.failed
    assert Path(path).name == "1_font.pdf"
    assert reason == "te zwaar om te lezen: 1_font.pdf (meer dan 256 MB geheugen)"


def test_an_unexpected_parser_error_is_named_and_the_batch_goes_on(tmp_path, monkeypatch):
    real = ingest_module.read_documents

    def fragile(data, name, kind=None):
        if name == "1_antwoorden.txt":
            raise ValueError("onvoorzien\nmet een tweede regel")
        return real(data, name, kind)

    monkeypatch.setattr(ingest_module, "read_documents", fragile)
    folder = tmp_path / "bronnen"
    folder.mkdir()
    (folder / "1_antwoorden.txt").write_text(ANSWERS, encoding="utf-8")
    (folder / "2_beleid.md").write_text(POLICY, encoding="utf-8")
    with Store(tmp_path / "corpus.db") as store:
        report = ingest([folder], store)
    assert names(report.added) == ["2_beleid.md"]
    [(path, reason)] = report.failed
    assert Path(path).name == "1_antwoorden.txt"
    assert reason == "interne fout bij het lezen (ValueError: onvoorzien)"


def test_a_store_failure_stops_the_batch(tmp_path, monkeypatch):
    folder = tmp_path / "bronnen"
    folder.mkdir()
    (folder / "1_antwoorden.txt").write_text(ANSWERS, encoding="utf-8")
    (folder / "2_beleid.md").write_text(POLICY, encoding="utf-8")

    def full_disk(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    with Store(tmp_path / "corpus.db") as store:
        monkeypatch.setattr(store, "put", full_disk)
        with pytest.raises(sqlite3.OperationalError):
            ingest([folder], store)
