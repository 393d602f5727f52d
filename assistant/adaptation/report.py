"""What an ``assistant adapt`` run did, as a frozen record and as Dutch lines for people."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..progress import duration
from .heldout import Figures


@dataclass(frozen=True)
class AdaptReport:
    """One run; a refusal is a result too (installed False, the reason says why)."""

    pairs_train: int
    pairs_heldout: int
    pairs_used: int  # training pairs the steps went through (a sample when time is short)
    steps: int
    seconds: float
    seconds_per_step: float
    before: Figures
    after: Figures | None  # None when not even one step fitted in the budget
    installed: bool
    model_id: str | None
    reason: str  # Dutch, starts with "geïnstalleerd" or "niet geïnstalleerd"
    pairs: dict  # counts by kind and by document (PairSplit.counts)

    def to_dict(self) -> dict:
        return asdict(self)


def summary(report: AdaptReport) -> str:
    """A few Dutch lines: pairs, steps, time, the held-out check, installed or why not.
    What to do next (rebuild the index) is the edge's to say: cli/advice.py AFTER_ADAPT."""
    lines = [
        f"Paren: {report.pairs_train} om te trainen ({report.pairs_used} gebruikt), "
        f"{report.pairs_heldout} uit {report.pairs.get('heldout_units', 0)} apart gehouden "
        "documenten voor de controle",
        f"Training: {report.steps} stappen, {_number(report.seconds_per_step)} s per stap; "
        f"in totaal {duration(report.seconds)}",
    ]
    after = report.after
    if after is not None:
        lines.append(
            "Controle (recall@10 / MRR@10): "
            f"{_number(report.before.recall_at_10, 3)} / {_number(report.before.mrr_at_10, 3)}"
            f" -> {_number(after.recall_at_10, 3)} / {_number(after.mrr_at_10, 3)}"
        )
    if report.installed:
        lines.append(f"Aangepast model {report.model_id} {report.reason}")
    else:
        lines.append(f"Aangepast model {report.reason}; het vorige model blijft in gebruik.")
    return "\n".join(lines)


def _number(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")
