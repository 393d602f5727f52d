"""``assistant adapt``: fine-tune the embedding model on the stored corpus, without labels.

Pairs come from the corpus itself (pairs.py), training is plain torch on CPU within a time
budget (train.py), and a held-out check on documents training never saw decides whether
the result is installed (heldout.py). An installed model becomes current in
``<home>/models/adapted`` (adapted.py); the next ``assistant index`` embeds with it and
search follows the index. Training always starts from the model as shipped.

Heavy imports (torch, sentence-transformers) happen only once there are enough pairs, so
an empty corpus fails fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ..errors import AssistantError
from ..progress import ProgressCallback
from .heldout import MAX_DISTRACTORS, Figures
from .pairs import PairSplit, corpus_pairs
from .report import AdaptReport, summary
from .train import SCALE

__all__ = ["AdaptReport", "Figures", "adapt", "summary"]

MIN_PAIRS = 20
SAVE_SECONDS = 20.0  # kept free at the end of the budget for saving (a 470 MB model folder)


def adapt(store, settings, budget_seconds: float = 3600, progress: ProgressCallback | None = None,
          learning_rate: float = 2e-5, max_steps: int | None = None, seed: int = 0,
          scale: float = SCALE, max_distractors: int = MAX_DISTRACTORS,
          status: Callable[[str], None] | None = None,
          clock: Callable[[], float] = time.monotonic) -> AdaptReport:  # fmt: skip
    """Adapt ``settings.model`` to the corpus in ``store`` within ``budget_seconds`` (the
    whole run: loading, both checks, training, saving; a target: when the machine gets much
    busier during the run, the final check can take it past). ``max_steps`` caps training
    (tests); progress(done, planned) counts training steps; status(text) names the phases."""
    started = clock()
    split = _pairs(store, seed)
    say = status or (lambda text: None)
    from .heldout import evaluate, heldout_set, worse
    from .train import cpu_threads, load_base, train

    with cpu_threads(2):
        say("Model laden en vooraf meten ...")
        model = load_base(settings)
        held = heldout_set(split, max_distractors, seed)
        checked = clock()
        before = evaluate(_embedder(model, settings), held)
        check_seconds = clock() - checked
        _release_memory()
        # the check after training costs what this one did, more if the machine got busier
        deadline = started + budget_seconds - 1.5 * check_seconds - SAVE_SECONDS
        result = train(
            model, split.train, deadline=deadline, learning_rate=learning_rate,
            max_steps=max_steps, seed=seed, scale=scale, progress=progress, clock=clock,
        )  # fmt: skip
        _release_memory()  # training's graphs and optimiser state
        if result.steps:
            say("Achteraf meten ...")
        after = evaluate(_embedder(model, settings), held) if result.steps else None
        if after is None:
            reason = "niet geïnstalleerd: het tijdbudget was te klein voor één trainingsstap"
        else:
            reason = worse(before, after)
            reason = f"niet geïnstalleerd: {reason}" if reason else ""
        model_id = None
        if not reason:
            info = {
                "base": settings.model,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "pairs": {**split.counts(), "used": result.pairs_used},
                "steps": result.steps,
                "learning_rate": learning_rate,
                "scale": scale,
                "seed": seed,
                "heldout": {"before": before.to_dict(), "after": after.to_dict()},
                "seconds": round(clock() - started, 1),
            }
            say("Opslaan ...")
            _release_memory()
            model_id = _install(model, settings, info)
            reason = "geïnstalleerd: de controle op apart gehouden documenten werd niet slechter"
    return AdaptReport(
        pairs_train=len(split.train),
        pairs_heldout=len(split.heldout),
        pairs_used=result.pairs_used,
        steps=result.steps,
        seconds=clock() - started,
        seconds_per_step=result.seconds_per_step,
        before=before,
        after=after,
        installed=model_id is not None,
        model_id=model_id,
        reason=reason,
        pairs=split.counts(),
    )


def _pairs(store, seed: int) -> PairSplit:
    counts = store.counts()
    if not (counts["qa_records"] or counts["passages"]):
        raise AssistantError("het corpus is leeg", code="empty-corpus")
    split = corpus_pairs(store, seed)
    total = len(split.train) + len(split.heldout)
    if total < MIN_PAIRS or not split.heldout or not split.train:
        raise AssistantError(
            f"te weinig tekst om het model aan te passen: {total} bruikbare paren uit "
            f"{counts['documents']} documenten (minstens {MIN_PAIRS} paren uit twee "
            "documenten nodig)",
            code="corpus-too-small",
        )
    return split


def _embedder(model, settings):
    from ..embed import Embedder

    return Embedder(model=model, name=settings.model)


def _install(model, settings, info: dict) -> str:
    """Save into a temporary folder under <home>/models, then move it into place and make it
    current (adapted.install); an interruption before that leaves the previous one current.
    Afterwards only the new model and the one the index was built with are kept."""
    from .. import adapted
    from ..index import manifest_of
    from ..quiet_loading import quiet_loading

    home = Path(settings.home)
    created = datetime.now(UTC)
    digest = hashlib.sha1(f"{created.isoformat()}:{info}".encode()).hexdigest()[:6]
    model_id = f"{created:%Y-%m-%dT%H%M}-{digest}"
    models = home / "models"
    models.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".adapt-", dir=models))
    try:
        with quiet_loading():  # no "Writing model shards" bar
            model.save(str(work / "model"), create_model_card=False)
        adapted.install(home, work / "model", {"id": model_id, **info})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    keep = {model_id}
    indexed = (manifest_of(home) or {}).get("adapted")
    if indexed:
        keep.add(str(indexed))
    adapted.prune(home, keep)
    return model_id


def _release_memory() -> None:
    """Hand freed memory back to the system between phases (glibc keeps freed blocks, and
    each phase's leftovers would add to the next one's peak)."""
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)
