"""Fusion of the retrieval signals on hand-written scores."""

import numpy as np

from assistant.fusion import Signals, rrf, zmix


def signals(**scores) -> Signals:
    n = len(next(iter(scores.values())))
    return Signals(np.arange(n), {k: np.array(v, dtype=float) for k, v in scores.items()}, 3)


def test_zmix_weighs_how_far_apart_the_scores_are_not_only_their_order():
    # dense barely prefers 0 over 1; words strongly prefers 1
    s = signals(dense=[0.90, 0.89, 0.50, 0.49], words=[1.0, 9.0, 0.0, 0.0])
    mixed = zmix(s, {"dense": 0.5, "words": 0.5})
    assert int(np.argmax(mixed)) == 1
    # reciprocal rank sees only the order: a tie between 0 and 1
    tied = rrf(s, {"dense": 1, "words": 1})
    assert tied[0] == tied[1]


def test_zmix_is_not_negative_and_ignores_flat_or_zero_weight_signals():
    s = signals(dense=[0.2, 0.8, 0.5], words=[3.0, 3.0, 3.0], chars=[9.0, 0.0, 0.0])
    mixed = zmix(s, {"dense": 1.0, "words": 1.0, "chars": 0.0})
    assert mixed.min() == 0.0
    assert list(np.argsort(-mixed)) == [1, 2, 0]


def test_a_candidate_a_signal_cannot_score_counts_as_its_mean():
    s = signals(dense=[0.5, 0.5, 0.5], context=[0.9, np.nan, 0.1])
    mixed = zmix(s, {"dense": 1.0, "context": 1.0})
    assert mixed[0] > mixed[1] > mixed[2]


def test_the_question_signal_is_added_as_it_is_not_standardised():
    # three unrelated questions (signal 0) and one weak match: only the match gains, and
    # only by weight x its value, however alone it stands among the candidates
    s = signals(dense=[0.6, 0.5, 0.4, 0.3], question=[0.0, 0.0, 0.0, 0.4])
    with_question = zmix(s, {"dense": 1.0, "question": 0.5})
    without = zmix(s, {"dense": 1.0})
    gain = (with_question - with_question[0]) - (without - without[0])
    assert np.allclose(gain, [0, 0, 0, 0.2])


def test_rrf_counts_only_lexical_hits_with_a_score():
    s = signals(dense=[0.1, 0.2, 0.3, 0.4], words=[0.0, 0.0, 2.0, 1.0])
    fused = rrf(s, {"dense": 1.0, "words": 1.0}, k=60)
    # depth 3: dense ranks 3, 2, 1; words ranks 2, 3 (0 and 1 have no word in common)
    assert fused[0] == 0.0
    assert fused[1] == 1 / 63
    assert fused[2] == 1 / 62 + 1 / 61
    assert fused[3] == 1 / 61 + 1 / 62
