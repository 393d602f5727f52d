"""`assistant adapt`: pairs from the corpus, training within a budget, the held-out check
that decides whether the adapted model is installed, and the index and search using it."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partialmethod
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.commands import invoke_assistant
from support.ingest_docs import TINY
from support.project import PROJECT

from assistant import adapted
from assistant.adaptation import _install, summary
from assistant.adaptation.heldout import Figures, score, worse
from assistant.adaptation.pairs import (
    Source,
    build_pairs,
    is_reference,
    sentences,
    split_heldout,
    usable_query,
)
from assistant.adaptation.train import passive_waiting
from assistant.cli import cli
from assistant.config import DEFAULT_MODEL, Settings
from assistant.embed import _CONVERTED_DIR
from assistant.index import manifest_of
from assistant.workspace import Workspace

# Idle OpenMP threads sleep instead of spinning, as in `assistant adapt` itself, if torch is not
# loaded yet (the model fixtures load it): on a busy machine spinning made these runs 5x slower.
passive_waiting()

# The demo corpus's policy letters and ministry answer letters: both kinds of pairs (sentences
# of answers and passages, questions with their answers), a third of its texts to index.
DEMO_PARTS = [PROJECT / "corpus" / "demo" / "beleid", PROJECT / "corpus" / "demo" / "brieven"]
FAST = {"max_steps": 4, "max_distractors": 40}  # real steps and checks, small enough for a test

# --- pairs --------------------------------------------------------------------------------

ANSWER = (
    "De politie gebruikt op dit moment 78 drones van Chinese fabrikanten voor verkeersongevallen. "
    "Zie het antwoord op vraag 3. "
    "Ja. "
    "De risicoanalyse van de Nationaal Coördinator Terrorismebestrijding is o.a. in 2022 afgerond "
    "en met de Kamer gedeeld.\n"
    "Voor heimelijke operaties worden deze toestellen sinds vorig jaar niet meer ingezet door de "
    "eenheden."
)


def test_sentences_split_on_stops_and_lines_not_on_abbreviations():
    parts = sentences(ANSWER)
    assert parts[1] == "Zie het antwoord op vraag 3."
    assert parts[2] == "Ja."
    assert parts[3].startswith("De risicoanalyse") and "o.a. in 2022" in parts[3]
    assert parts[4].startswith("Voor heimelijke operaties")
    assert len(parts) == 5


def test_bare_references_and_short_sentences_are_no_queries():
    assert is_reference("Zie het antwoord op vraag 3.")
    assert is_reference("Ik verwijs naar mijn antwoord op de vragen 2 en 3.")
    assert not is_reference("Het antwoord op die vraag hangt af van het onderzoek naar drones.")
    assert not usable_query("Ja.")
    assert not usable_query("Zie het antwoord op vraag 3.")
    assert usable_query("De politie gebruikt op dit moment 78 drones van Chinese fabrikanten.")


def _sources(units: int = 20) -> list[Source]:
    out = []
    for u in range(units):
        topic = f"onderwerp{u}"
        text = " ".join(
            f"Zin {i} over {topic} beschrijft de maatregel nummer {i} van het kabinet uitvoerig."
            for i in range(12)
        )
        out.append(Source(text, f"doc{u}", f"a:{u}", questions=(f"Wat doet u aan {topic}?",)))
        out.append(Source("Zie het antwoord op vraag 2.", f"doc{u}", f"r:{u}", questions=("X?",)))
        out.append(Source(text.replace("Zin", "Alinea"), f"doc{u}", f"p:{u}", heading=topic))
    return out


def test_pairs_come_from_sentences_and_questions_never_from_references():
    pairs = build_pairs(_sources())
    kinds = {p.kind for p in pairs}
    assert kinds == {"ict", "qa"}
    assert not any(is_reference(p.query) or is_reference(p.passage) for p in pairs)
    for pair in pairs:
        if pair.kind == "ict":
            assert pair.query not in pair.passage  # the sentence is taken out of its text
    policy = [p for p in pairs if p.group.startswith("p:")]
    assert policy and all(p.passage.startswith(f"onderwerp{p.unit[3:]}\n") for p in policy)


def test_a_sentence_in_several_texts_is_no_query():
    disclaimer = "Dit is fictief demomateriaal dat voor de assistent geschreven is."
    body = "De gemeente heeft na de aanval alle systemen opnieuw ingericht en getest op fouten."
    sources = [
        Source(f"{disclaimer} {body} Nummer {i} gaat over iets anders.", f"d{i}", f"p{i}")
        for i in range(3)
    ]
    queries = {p.query for p in build_pairs(sources)}
    assert disclaimer not in queries and body not in queries


def test_heldout_split_is_by_document_and_deterministic():
    pairs = build_pairs(_sources(40))
    split = split_heldout(pairs, seed=0)
    held_units = {p.unit for p in split.heldout}
    assert held_units and not held_units & {p.unit for p in split.train}
    assert 4 <= len(held_units) <= 6  # 10-15% of 40 documents
    # one right passage per held-out query: a text keeps its questions, else one sentence
    kinds: dict[str, list[str]] = {}
    for pair in split.heldout:
        kinds.setdefault(pair.group, []).append(pair.kind)
    assert all(k == ["qa"] * len(k) or k == ["ict"] for k in kinds.values())
    assert {"qa", "ict"} == {k[0] for k in kinds.values()}
    again = split_heldout(build_pairs(_sources(40)), seed=0)
    assert again == split
    assert split_heldout(pairs, seed=1) != split
    assert len(split_heldout(pairs, seed=0, max_pairs=3).heldout) <= 3


def test_score_counts_a_passage_of_the_own_text():
    import numpy as np

    similarity = np.array([[0.9, 0.1, 0.5], [0.9, 0.1, 0.5], [0.9, 0.8, 0.5]])
    figures = score(similarity, ["a", "c", "x"], ["a", "b", "c"])
    assert figures.recall_at_1 == pytest.approx(1 / 3)
    assert figures.recall_at_10 == pytest.approx(2 / 3)
    assert figures.mrr_at_10 == pytest.approx((1 + 1 / 2) / 3)


def test_worse_ignores_rounding_noise_but_not_a_lost_query():
    before = Figures(0.5, 0.8, 0.6, queries=50, candidates=100)
    assert worse(before, replace(before, mrr_at_10=0.5996)) == ""
    assert worse(before, replace(before, recall_at_1=0.9, recall_at_10=0.82)) == ""
    assert "recall@10" in worse(before, replace(before, recall_at_10=0.78, mrr_at_10=0.7))
    assert "MRR@10" in worse(before, replace(before, mrr_at_10=0.59))


class _BrokenModel:
    """Stops halfway through saving, as Ctrl-C would."""

    def save(self, path, create_model_card=True):
        Path(path).mkdir(parents=True)
        (Path(path) / "modules.json").write_text("[]")
        raise KeyboardInterrupt


def test_an_interrupted_save_leaves_the_previous_model_current(tmp_path):
    home = tmp_path / "home"
    old = tmp_path / "old"
    old.mkdir()
    (old / "modules.json").write_text("[]")
    adapted.install(home, old, {"id": "oud", "base": DEFAULT_MODEL})
    with pytest.raises(KeyboardInterrupt):
        _install(_BrokenModel(), Settings.load(home), {"base": DEFAULT_MODEL})
    assert adapted.current_id(home, DEFAULT_MODEL) == "oud"
    assert [p.name for p in (home / "models").iterdir()] == ["adapted"]
    assert [p.name for p in adapted.root(home).iterdir() if p.is_dir()] == ["oud"]


# --- a real run on the demo corpus --------------------------------------------------------


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory, e5_folder):
    from assistant.ingest import ingest
    from assistant.store import Store

    home = tmp_path_factory.mktemp("adapt")
    (home / "models").mkdir()
    (home / "models" / _CONVERTED_DIR).symlink_to(e5_folder)  # the shared converted model
    with Store.in_home(home) as store:
        assert ingest(DEMO_PARTS, store).read_any
    return home


@pytest.fixture(scope="module")
def installed(demo_home):
    # learning rate 0: the steps run but the weights stay, so the check passes; this is about
    # the plumbing (whether adapting helps is what benchmarks/adaptation.py measures)
    with Workspace.open(demo_home) as ws:
        return ws.adapt(learning_rate=0.0, **FAST)


def test_adapt_installs_a_model_that_index_and_search_then_use(demo_home, installed):
    report = installed
    assert report.installed, report.reason
    assert report.steps == FAST["max_steps"] and report.pairs_used == 16 * report.steps
    assert report.pairs_train > 150 and 20 <= report.pairs_heldout <= 400
    for figures in (report.before, report.after):
        for value in (figures.recall_at_1, figures.recall_at_10, figures.mrr_at_10):
            assert 0.0 <= value <= 1.0
    assert report.after == report.before
    info = adapted.current(demo_home, DEFAULT_MODEL)
    assert info["id"] == report.model_id
    assert info["heldout"]["after"] == report.after.to_dict()
    assert (adapted.folder(demo_home, report.model_id) / "modules.json").exists()
    assert not list((demo_home / "models").glob(".adapt-*"))  # no temporary folder left
    assert "assistant" not in summary(report)  # the command line adds 'assistant index'

    runner = CliRunner()
    built = runner.invoke(cli, ["index", "--home", str(demo_home)])
    assert built.exit_code == 0, built.output
    assert manifest_of(demo_home)["adapted"] == report.model_id
    found = runner.invoke(cli, ["search", "politiedrones van Chinese makelij", "--json",
                                "--home", str(demo_home)])  # fmt: skip
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)["treffers"]
    assert hits and any("drone" in h["tekst"].lower() for h in hits[:3])
    with Workspace.open(demo_home) as ws:
        assert ws.searcher().embedder.adapted == report.model_id


def test_a_worse_model_is_refused_and_the_previous_one_stays(demo_home, installed,
                                                            monkeypatch):  # fmt: skip
    # through the command line, with a destructive learning rate
    destructive = partialmethod(Workspace.adapt, learning_rate=0.5, max_steps=2,
                                max_distractors=FAST["max_distractors"])  # fmt: skip
    monkeypatch.setattr(Workspace, "adapt", destructive)
    result = CliRunner().invoke(cli, ["adapt", "--json", "--home", str(demo_home)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["formaat"] == 2
    assert not report["geinstalleerd"] and report["model_id"] is None
    assert report["reden"].startswith("niet geïnstalleerd: ")
    assert report["na"]["recall_at_10"] < report["voor"]["recall_at_10"]
    assert report["paren"]["controle"] == report["paren_controle"]
    assert adapted.current_id(demo_home, DEFAULT_MODEL) == installed.model_id
    assert (adapted.folder(demo_home, installed.model_id) / "modules.json").exists()
    assert len([p for p in adapted.root(demo_home).iterdir() if p.is_dir()]) == 1


@pytest.mark.slow  # a real process and a real SIGINT
def test_ctrl_c_during_training_installs_nothing(demo_home, installed):
    import signal
    import subprocess
    import sys

    command = [sys.executable, "-m", "assistant", "adapt", "--home", str(demo_home)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        seen = []
        for line in proc.stderr:  # the first progress line comes after a training step
            seen.append(line.decode())
            if line.startswith(b"Aanpassen:"):
                proc.send_signal(signal.SIGINT)
                break
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, "".join(seen) + err.decode()
    assert "afgebroken" in err.decode() and "Traceback" not in err.decode()
    assert adapted.current_id(demo_home, DEFAULT_MODEL) == installed.model_id
    assert not list((demo_home / "models").glob(".adapt-*"))
    assert [p.name for p in adapted.root(demo_home).iterdir() if p.is_dir()] == [installed.model_id]


def test_empty_corpus_is_a_dutch_error_without_traceback(tmp_path):
    done = invoke_assistant("adapt", home=tmp_path / "leeg")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith("fout: het corpus is leeg") and "Traceback" not in err
    assert not (tmp_path / "leeg" / "models").exists()


def test_too_little_text_is_a_dutch_error(tmp_path):
    source = tmp_path / "antwoorden.txt"
    source.write_text(TINY, encoding="utf-8")
    assert invoke_assistant("ingest", str(source), home=tmp_path / "klein").returncode == 0
    done = invoke_assistant("adapt", home=tmp_path / "klein")
    assert done.returncode == 2
    assert done.stderr.decode().startswith("fout: te weinig tekst om het model aan te passen")
