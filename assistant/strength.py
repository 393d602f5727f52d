"""A plain strength label for a search hit: "sterk", "redelijk" or "zwak".

Policy officers cannot read "score 0.032". The label answers "how likely is this
the precedent I am looking for?" from three things every hit carries:

- ``dense_score``: the cosine of query and precedent (e5). From
  ``SearchSettings.redelijk_cosine`` up a hit is at least "redelijk";
- ``dense_margin``: how far that cosine lies above the best other candidate of
  the same query. A hit that is moreover ``SearchSettings.sterk_margin`` above
  every other candidate is "sterk": it stands out, rather than being one of
  several similar answers;
- ``rank``: the first hit is "redelijk" from ``redelijk_first_cosine`` up (a bit
  lower): the first hit is right far more often than the others at that cosine.

Everything else is "zwak". The searcher also labels a bare short answer whose
question does not match the query "zwak" (see Searcher._demote_bare_answers).

The thresholds come from benchmarks/score_calibration.py on the real answer
documents (see SearchSettings for the run): "sterk" hits were the question's own
answer in about 80% of cases (68-86% held out), "redelijk" ones in about 30%,
"zwak" ones in about 3%. Only the own answer counted as right, so these are lower
bounds on "useful"; "zwak" means "look for yourself", not "wrong". The
calibration used Q/A records only: for policy passages the label is uncalibrated.
"""

from __future__ import annotations

from typing import Protocol

from .config import SearchSettings

LABELS = ("sterk", "redelijk", "zwak")


class Scored(Protocol):
    rank: int
    dense_score: float
    dense_margin: float | None


def strength(hit: Scored, settings: SearchSettings) -> str:
    """ "sterk", "redelijk" or "zwak" for a hit's cosine, margin and rank (see above)."""
    if hit.dense_score >= settings.redelijk_cosine:
        if hit.dense_margin is not None and hit.dense_margin >= settings.sterk_margin:
            return "sterk"
        return "redelijk"
    if hit.rank == 1 and hit.dense_score >= settings.redelijk_first_cosine:
        return "redelijk"
    return "zwak"
