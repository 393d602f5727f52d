"""The check before an adapted model is installed: does it find held-out texts better?

The held-out pseudo-queries and questions (from documents training never saw) are searched
among all held-out passages plus, as distractors, a seeded sample of training passages, with
the model before and after training; passages are embedded as the index embeds them (long
texts in windows, see embed.Embedder). A query is right when a passage of its own text
(group) is found. If recall@10 or MRR@10 gets worse, the new model is not installed
(see ``worse``).
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

import numpy as np

from .pairs import PairSplit

MAX_DISTRACTORS = 1000
MRR_NOISE = 0.001


@dataclass(frozen=True)
class Figures:
    recall_at_1: float
    recall_at_10: float
    mrr_at_10: float
    queries: int
    candidates: int
    # medians over the queries: the cosine of the own passage, and of the best other one.
    # An adapted model has another cosine scale; thresholds fitted on the shipped model's
    # cosines (config.SearchSettings) need this to be mapped.
    own_cosine: float = 0.0
    other_cosine: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class HeldoutSet:
    queries: tuple[str, ...]
    query_groups: tuple[str, ...]
    passages: tuple[str, ...]
    passage_groups: tuple[str, ...]


def heldout_set(split: PairSplit, max_distractors: int = MAX_DISTRACTORS,
                seed: int = 0) -> HeldoutSet:  # fmt: skip
    """Queries of the held-out pairs; their passages once each, and distractors: one
    passage per training text (a seeded sample of at most ``max_distractors``)."""
    passages: dict[str, str] = {}
    for pair in split.heldout:
        passages.setdefault(pair.passage, pair.group)
    per_text: dict[str, str] = {}
    for pair in split.train:
        per_text.setdefault(pair.group, pair.passage)
    distractors = sorted(per_text.items())
    random.Random(seed).shuffle(distractors)
    for group, text in distractors[: max(0, max_distractors)]:
        passages.setdefault(text, group)
    return HeldoutSet(
        queries=tuple(p.query for p in split.heldout),
        query_groups=tuple(p.group for p in split.heldout),
        passages=tuple(passages),
        passage_groups=tuple(passages.values()),
    )


def evaluate(embedder, held: HeldoutSet) -> Figures:
    """Recall@1, recall@10 and MRR@10 of the held-out queries (``embedder``: .queries and
    .passages returning normalised vectors, as embed.Embedder)."""
    q = embedder.queries(list(held.queries))
    p = embedder.passages(list(held.passages))
    return score(q @ p.T, held.query_groups, held.passage_groups)


def score(similarity: np.ndarray, query_groups, passage_groups) -> Figures:
    """Figures from a query x passage similarity matrix."""
    groups = np.array(passage_groups, dtype=object)
    top1 = topk = rr = 0.0
    own, other = [], []
    for row, group in zip(similarity, query_groups, strict=True):
        mine = groups == group
        own.append(float(row[mine].max()) if mine.any() else 0.0)
        other.append(float(row[~mine].max()) if (~mine).any() else 0.0)
        order = np.argsort(-row, kind="stable")[:10]
        hits = np.flatnonzero(mine[order])
        if hits.size:
            rank = int(hits[0]) + 1
            top1 += rank == 1
            topk += 1
            rr += 1 / rank
    n = max(len(query_groups), 1)
    return Figures(
        recall_at_1=top1 / n,
        recall_at_10=topk / n,
        mrr_at_10=rr / n,
        queries=len(query_groups),
        candidates=len(passage_groups),
        own_cosine=float(np.median(own)) if own else 0.0,
        other_cosine=float(np.median(other)) if other else 0.0,
    )


def worse(before: Figures, after: Figures) -> str:
    """Why the adapted model must not be installed (Dutch), or "" when it may: fewer held-out
    queries found in the top 10, or a lower MRR@10. An MRR change under MRR_NOISE is not a
    drop: near-ties swapping places far down the list move it by a few ten-thousandths even
    when the weights barely changed, and the figures are shown with three decimals."""
    found_before = round(before.recall_at_10 * before.queries)
    found_after = round(after.recall_at_10 * after.queries)
    if found_after < found_before:
        return (
            f"recall@10 op de apart gehouden documenten daalde van {_nl(before.recall_at_10)} "
            f"naar {_nl(after.recall_at_10)}"
        )
    if after.mrr_at_10 < before.mrr_at_10 - MRR_NOISE:
        return (
            f"MRR@10 op de apart gehouden documenten daalde van {_nl(before.mrr_at_10)} "
            f"naar {_nl(after.mrr_at_10)}"
        )
    return ""


def _nl(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")
