"""Fusing the retrieval signals of one query into one ranking.

Each signal scores every candidate of the query's pool (the union of each signal's
best candidates): dense cosine on centred or whitened vectors, BM25 on words with
compounds split, BM25 on character 4-grams, the cosine of the query with a record's own
question (when records have one), and the cosine with the query's context in its set.
Two ways to combine them:

- ``zmix`` (default): each signal's scores are standardised over the pool (z-scores,
  so a signal that separates its candidates clearly counts more than one whose scores
  are all alike) and summed with weights. The default weights were chosen by
  cross-validation on our benchmark (benchmarks/retrieval_quality.py).
- ``rrf``: reciprocal-rank fusion (sum of weight / (k + rank)); it ignores how far
  apart the scores are, which is why it loses to the score mix, but needs no
  calibration and stays available.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SIGNALS = ("dense", "words", "chars", "question", "context")
ABSOLUTE = frozenset({"question"})  # already on a calibrated scale: added as they are


@dataclass(frozen=True)
class Signals:
    """One query's candidates and each signal's score for every one of them."""

    pool: np.ndarray  # index positions
    scores: dict[str, np.ndarray]  # signal name -> score per pool entry
    depth: int  # how many candidates each signal contributed at most


def zmix(signals: Signals, weights: dict[str, float]) -> np.ndarray:
    """Weighted sum of z-scored signals, shifted so the worst candidate scores 0.

    Non-negative, so a demotion can multiply it by a factor below one. A candidate a
    signal cannot score (NaN) gets that signal's mean: no evidence either way. Signals in
    ABSOLUTE are already on a calibrated scale (0 = no evidence) and are added unscaled:
    standardising them over the candidates would make the best of many unrelated
    questions look like a match."""
    total = np.zeros(len(signals.pool), dtype=np.float64)
    for name, weight in weights.items():
        if weight == 0 or name not in signals.scores:
            continue
        x = signals.scores[name].astype(np.float64)
        if name in ABSOLUTE:
            total += weight * np.nan_to_num(x)
            continue
        known = ~np.isnan(x)
        if known.sum() < 2:
            continue
        spread = float(x[known].std())
        if spread > 0:
            total += weight * np.where(known, (x - x[known].mean()) / spread, 0.0)
    return total - total.min() if len(total) else total


def rrf(signals: Signals, weights: dict[str, float], k: int = 60) -> np.ndarray:
    """Reciprocal-rank fusion over each signal's own top ``depth`` (lexical: score > 0)."""
    total = np.zeros(len(signals.pool), dtype=np.float64)
    for name, weight in weights.items():
        if weight == 0 or name not in signals.scores:
            continue
        x = np.nan_to_num(signals.scores[name], nan=-np.inf)
        order = np.argsort(-x, kind="stable")[: signals.depth]
        if name not in ("dense", "context"):
            order = order[x[order] > 0]
        else:
            order = order[np.isfinite(x[order])]
        total[order] += weight / (k + 1 + np.arange(len(order)))
    return total
