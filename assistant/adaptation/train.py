"""Contrastive fine-tuning of the embedding model on corpus pairs, in plain torch, on CPU.

The loss is MultipleNegativesRankingLoss: each query against every passage of its batch
(cosine x scale, cross-entropy on the right one); passages of the query's own text (group)
are masked, not negatives. The scale is 100, e5's own training temperature (0.01), not
sentence-transformers' usual 20: with 20 the adapted model's cosines fell from about 0.87
to 0.65 (benchmarks/adaptation.py, real documents), which would void every cosine threshold
fitted on the shipped model (config.SearchSettings: strength labels, bare short answers,
the question signal); with 100 they stay where they were, and the held-out figures were
better too (R@10 0.83 against 0.79).

Embeddings come from the SentenceTransformer's own modules (``preprocess`` then
``model(features)``: the e5 prompt, mean pooling, normalisation), so training sees exactly
what indexing and search compute (checked: equal to embed.Embedder's vectors to 1e-8).

Memory: the word-embedding matrix (96 M of the model's 118 M weights) is frozen, so AdamW
keeps state for the rest only; and a batch is embedded in two passes (GradCache): first
without a graph, then the loss's gradient on each embedding is pushed back through the
model four texts at a time, with the same dropout. A whole batch of 16 queries and 16
passages of 160 tokens with its graph took the process to 3.3 GB (measured); this way it
peaks at about 1.7 GB, for about a third more compute.

Time: seconds per step are measured as it goes; after a few steps the number of steps is
fixed to what the deadline allows (the pairs are shuffled, so that is a random sample of
them), and it stops early when the next step would end past the deadline.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..progress import ProgressCallback
from .pairs import Pair

BATCH_SIZE = 16
SCALE = 100.0  # e5's temperature; see the module docstring
QUERY_TOKENS = 48
PASSAGE_TOKENS = 160
CHUNK = 4  # texts per pass with a graph
WARMUP_FRACTION = 0.1
MAX_GRAD_NORM = 1.0
PROBE_STEPS = 3  # steps measured before the number of steps is fixed


@dataclass(frozen=True)
class TrainResult:
    steps: int
    planned: int
    pairs_used: int
    seconds: float
    seconds_per_step: float  # median; 0.0 when no step was done
    first_loss: float | None
    last_loss: float | None


def passive_waiting() -> None:
    """Let idle OpenMP threads sleep instead of spinning, if torch is not loaded yet (the
    runtime reads this when it loads; an explicit setting wins). On a shared machine a
    spinning thread takes the core its partner needs: with another process busy on one of
    the two cores, a training pass took 9.7 s with spinning threads, 1.4 s without."""
    if "torch" not in sys.modules:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@contextmanager
def cpu_threads(limit: int = 2):
    """Never more than ``limit`` cores (the machine is shared); the old setting comes back."""
    passive_waiting()
    import torch

    old = torch.get_num_threads()
    torch.set_num_threads(max(1, min(limit, os.cpu_count() or 1)))
    try:
        yield
    finally:
        torch.set_num_threads(old)


def load_base(settings):
    """A fresh, private copy of the shipped model (never a previous adaptation, never the
    instance a searcher shares: training changes it)."""
    from sentence_transformers import SentenceTransformer

    from ..embed import resolve_model
    from ..errors import AssistantError
    from ..quiet_loading import quiet_loading

    with quiet_loading():
        folder = resolve_model(settings.model, Path(settings.home))
        try:
            return SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except Exception as exc:
            raise AssistantError(f"model in {folder} kan niet worden geladen: {exc}") from exc


def train(model, pairs: list[Pair] | tuple[Pair, ...], *, deadline: float,
          learning_rate: float = 2e-5, max_steps: int | None = None, seed: int = 0,
          scale: float = SCALE, progress: ProgressCallback | None = None,
          clock: Callable[[], float] = time.monotonic) -> TrainResult:  # fmt: skip
    """At most one epoch over ``pairs`` in batches of 16, ending before ``deadline`` (a
    ``clock()`` value). progress(done, planned steps) after each step."""
    import torch

    started = clock()
    order = list(pairs)
    random.Random(seed).shuffle(order)
    batches = [order[i : i + BATCH_SIZE] for i in range(0, len(order), BATCH_SIZE)]
    batches = [b for b in batches if len(b) >= 2]  # one pair has no negatives
    planned = len(batches) if max_steps is None else min(len(batches), max_steps)
    torch.manual_seed(seed)
    _prepare(model)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=learning_rate)
    prompts = getattr(model, "prompts", None) or {}
    query_prompt, passage_prompt = prompts.get("query", ""), prompts.get("passage", "")
    times: list[float] = []
    losses: list[float] = []
    used = 0
    if progress:
        progress(0, planned)
    model.train()
    try:
        for step, batch in enumerate(batches):
            if step >= planned:
                break
            if clock() + _per_step(times) > deadline:
                break
            for group in optimizer.param_groups:
                group["lr"] = learning_rate * _schedule(step, planned)
            t0 = clock()
            losses.append(
                _step(model, batch, query_prompt, passage_prompt, params, optimizer, scale)
            )
            times.append(clock() - t0)
            used += len(batch)
            if len(times) == PROBE_STEPS and planned > PROBE_STEPS and _per_step(times) > 0:
                # fix the plan now, so the learning rate decays to the real last step
                left = max(deadline - clock(), 0.0)
                planned = min(planned, len(times) + int(left // _per_step(times)))
            if progress:
                progress(len(times), planned)
    finally:
        optimizer.zero_grad(set_to_none=True)
        model.eval()
    if progress and len(times) < planned:
        progress(len(times), len(times))  # stopped early: end the progress line
    return TrainResult(
        steps=len(times),
        planned=planned,
        pairs_used=used,
        seconds=clock() - started,
        seconds_per_step=statistics.median(times) if times else 0.0,
        first_loss=losses[0] if losses else None,
        last_loss=losses[-1] if losses else None,
    )


def _per_step(times: list[float]) -> float:
    """The expected seconds of the next step: the slower of the median and the last three
    (the first step carries one-time setup and is left out once there are others)."""
    if not times:
        return 0.0
    recent = times[1:] or times
    return max(statistics.median(recent), statistics.median(recent[-3:]))


def _schedule(step: int, planned: int) -> float:
    """Linear warm-up over the first tenth, then linear decay towards zero."""
    warmup = max(1, math.ceil(planned * WARMUP_FRACTION))
    if step < warmup:
        return (step + 1) / warmup
    return max(0.0, (planned - step) / max(1, planned - warmup + 1))


def _prepare(model) -> None:
    """Freeze the word embeddings; no dropout on attention weights, so torch's fused attention
    keeps no token x token matrices for the backward pass (a quarter less memory, no slower).
    Dropout on the hidden states stays."""
    import torch

    transformer = model[0]
    inner = getattr(transformer, "auto_model", None) or transformer.model
    inner.get_input_embeddings().weight.requires_grad_(False)
    for module in inner.modules():
        dropout = getattr(module, "dropout", None)
        if "Attention" in type(module).__name__ and isinstance(dropout, torch.nn.Dropout):
            dropout.p = 0.0


def _embed(model, texts: list[str], prompt: str, max_length: int):
    features = model.preprocess(texts, prompt=prompt, max_length=max_length)
    return model(features)["sentence_embedding"]


def _step(model, batch: list[Pair], query_prompt: str, passage_prompt: str, params,
          optimizer, scale: float = SCALE) -> float:  # fmt: skip
    """One optimiser step of MNRL over the batch (GradCache: see the module docstring)."""
    import torch

    sides = [
        ([p.query for p in batch], query_prompt, QUERY_TOKENS),
        ([p.passage for p in batch], passage_prompt, PASSAGE_TOKENS),
    ]
    chunks = [
        (texts[i : i + CHUNK], prompt, limit)
        for texts, prompt, limit in sides
        for i in range(0, len(texts), CHUNK)
    ]
    states, parts = [], []
    with torch.no_grad():
        for chunk in chunks:
            states.append(torch.get_rng_state())  # the second pass replays the same dropout
            parts.append(_embed(model, *chunk))
    n = len(batch)
    embedded = torch.cat(parts)
    embedded.requires_grad_(True)
    queries, passages = embedded[:n], embedded[n:]
    scores = queries @ passages.T * scale
    groups = [p.group for p in batch]
    same = torch.tensor([[a == b for b in groups] for a in groups])
    same.fill_diagonal_(False)
    scores = scores.masked_fill(same, float("-inf"))
    loss = torch.nn.functional.cross_entropy(scores, torch.arange(n))
    loss.backward()
    grads = embedded.grad.split([len(c[0]) for c in chunks])
    for chunk, state, grad in zip(chunks, states, grads, strict=True):
        torch.set_rng_state(state)
        _embed(model, *chunk).backward(grad)
    torch.nn.utils.clip_grad_norm_(params, MAX_GRAD_NORM)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return float(loss.detach())
