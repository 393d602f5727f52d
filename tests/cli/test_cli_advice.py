"""The command line's advice, as a user sees it on a real failure: the library's message
followed by the command to run (cli/advice.py)."""

from __future__ import annotations

import json

from support.commands import invoke_assistant
from support.ingest_docs import QUESTIONS_ONLY, TINY

from assistant.adaptation.heldout import Figures
from assistant.adaptation.report import AdaptReport
from assistant.cli.advice import AFTER_ADAPT, CLI_ADVICE


def test_an_unknown_draft_points_to_the_list_of_drafts(tmp_path):
    done = invoke_assistant("drafts", "show", "bestaatniet", home=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode() == (
        f"fout: concept 'bestaatniet' bestaat niet — {CLI_ADVICE['no-draft']}\n")  # fmt: skip


def test_a_question_set_given_to_ingest_points_to_assistant_questions(tmp_path):
    source = tmp_path / "vragen.txt"
    source.write_text(QUESTIONS_ONLY, encoding="utf-8")
    done = invoke_assistant("ingest", str(source), home=tmp_path / "home")
    out = done.stdout.decode()
    assert (f"mislukt: {source}: dit is een binnenkomende vragenset zonder antwoorden, geen "
            f"precedent — {CLI_ADVICE['incoming-questions']}") in out  # fmt: skip
    assert "lees hem met 'assistant questions'" in out
    as_json = invoke_assistant("ingest", str(source), "--json", home=tmp_path / "home")
    failed = json.loads(as_json.stdout)["mislukt"]  # the library's words, for scripts
    assert [f["reden"] for f in failed] == [
        "dit is een binnenkomende vragenset zonder antwoorden, geen precedent"]  # fmt: skip


def test_adapting_an_empty_corpus_points_to_ingest(tmp_path):
    done = invoke_assistant("adapt", home=tmp_path / "leeg")
    assert done.returncode == 2
    assert done.stderr.decode() == f"fout: het corpus is leeg — {CLI_ADVICE['empty-corpus']}\n"


def test_adapting_too_small_a_corpus_points_to_ingest(tmp_path):
    source = tmp_path / "antwoorden.txt"
    source.write_text(TINY, encoding="utf-8")
    assert invoke_assistant("ingest", str(source), home=tmp_path / "klein").returncode == 0
    done = invoke_assistant("adapt", home=tmp_path / "klein")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith("fout: te weinig tekst om het model aan te passen")
    assert err.endswith(f"nodig) — {CLI_ADVICE['corpus-too-small']}\n")


def adapt_report(installed: bool) -> AdaptReport:
    figures = Figures(recall_at_1=0.5, recall_at_10=0.8, mrr_at_10=0.6, queries=10, candidates=40)
    return AdaptReport(
        pairs_train=40, pairs_heldout=10, pairs_used=40, steps=5, seconds=12.0,
        seconds_per_step=2.4, before=figures, after=figures, installed=installed,
        model_id="abc123" if installed else None,
        reason="geïnstalleerd" if installed else "niet geïnstalleerd: geen verbetering",
        pairs={"heldout_units": 2},
    )  # fmt: skip


def test_after_an_installed_adaptation_the_command_line_says_to_index(tmp_path, monkeypatch):
    """The report itself (adaptation/report.py) names no command; the CLI adds it."""
    from assistant.workspace import Workspace

    for installed in (True, False):
        monkeypatch.setattr(Workspace, "adapt", lambda self, *a, i=installed, **k: adapt_report(i))
        out = invoke_assistant("adapt", home=tmp_path).stdout.decode()
        assert (AFTER_ADAPT in out) is installed
        assert ("Aangepast model abc123 geïnstalleerd" in out) is installed
