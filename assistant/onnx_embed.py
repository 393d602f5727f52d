"""The embedding engine used by index, search and drafting: ONNX Runtime, no torch.

It gives the same vectors as sentence-transformers (mean pooling, normalised, e5's
prompts, long texts as windows averaged by token count; see embed.py) from the files that
onnx_export.py made once. Why: loading torch and sentence-transformers took 5-16 s before
the first search result, and fp32 torch embeds about 3x slower than int8 ONNX here
(benchmarks/retrieval_speed.py).

Texts are tokenised together, cut into windows of at most the model's limit, sorted by
length and batched up to a token budget, so a short text is never padded to a long one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import AssistantError
from .onnx_export import onnx_file
from .progress import ProgressCallback

BATCH_TOKENS = 1024  # rows x width per run; 512-2048 measured within 5% on 2 cores
MAX_ROWS = 64
SUPPORTED_MODULES = ("Transformer", "Pooling", "Normalize")


def supports(folder: Path) -> bool:
    """A sentence-transformers folder this engine reproduces: transformer, mean pooling,
    normalisation, and a fast tokenizer file."""
    folder = Path(folder)
    try:
        modules = json.loads((folder / "modules.json").read_text())
        kinds = tuple(str(m["type"]).rsplit(".", 1)[-1] for m in modules)
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return (
        kinds == SUPPORTED_MODULES
        and pooling.get("pooling_mode", "mean" if pooling.get("pooling_mode_mean_tokens") else "")
        == "mean"
        and (folder / "tokenizer.json").exists()
        and (folder / "config.json").exists()
    )


def cpu_threads() -> int:
    """The cores this process may use (a container's limit, not the host's count)."""
    try:
        return max(1, min(len(os.sched_getaffinity(0)), 8))
    except (AttributeError, OSError):
        return max(1, min(os.cpu_count() or 1, 8))


@dataclass
class OnnxEmbedder:
    """Embedder (see embed.py) on an ONNX Runtime session: passages(), queries(), dim."""

    session: object
    tokenizer: object  # tokenizers.Tokenizer, no padding, no truncation
    name: str  # the configured model (DEFAULT_MODEL or a folder)
    precision: str  # "int8" or "fp32"
    dim: int
    max_tokens: int
    prompts: dict = field(default_factory=dict)
    start_id: int = 0
    end_id: int = 2
    pad_id: int = 1
    adapted: str = ""  # id of the corpus adaptation in use (adapted.py); "" as shipped
    batch_tokens: int = BATCH_TOKENS

    @property
    def engine(self) -> str:
        return f"onnx-{self.precision}"

    def token_count(self, text: str, kind: str = "passage") -> int:
        """Tokens the model sees for this text, prompt and special tokens included."""
        ids = self.tokenizer.encode(self.prompts.get(kind, "") + text, add_special_tokens=False)
        return len(ids.ids) + 2

    def passages(self, texts: list[str], progress: ProgressCallback | None = None) -> np.ndarray:
        return self._encode(texts, "passage", progress)

    def queries(self, texts: list[str], progress: ProgressCallback | None = None) -> np.ndarray:
        return self._encode(texts, "query", progress)

    def _encode(self, texts: list[str], kind: str, progress: ProgressCallback | None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        if not texts:
            return out.astype(np.float32)
        prompt = self.prompts.get(kind, "")
        encoded = self.tokenizer.encode_batch([prompt + t for t in texts], add_special_tokens=False)
        rows, owners, weights = self._windows([e.ids for e in encoded])
        pooled = self._pooled(rows, progress, len(texts))
        np.add.at(out, owners, pooled * weights[:, None])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.where(norms > 1e-12, norms, 1.0)).astype(np.float32)

    def _windows(self, ids: list[list[int]]):
        """Rows of at most max_tokens (specials included); a long text gives several, each
        weighted by its content tokens (as embed.Embedder averages windows)."""
        limit = self.max_tokens - 2
        rows, owners, weights = [], [], []
        for i, tokens in enumerate(ids):
            for start in range(0, max(len(tokens), 1), limit):
                window = tokens[start : start + limit]
                rows.append([self.start_id, *window, self.end_id])
                owners.append(i)
                weights.append(max(len(window), 1))
        return rows, np.array(owners), np.array(weights, dtype=np.float64)

    def _pooled(self, rows: list[list[int]], progress, texts: int) -> np.ndarray:
        """Mean-pooled (not normalised) vectors of the rows, run in length buckets."""
        pooled = np.zeros((len(rows), self.dim), dtype=np.float64)
        order = sorted(range(len(rows)), key=lambda r: len(rows[r]))
        if progress:
            progress(0, texts)
        # progress in proportion to tokens run, so the time left holds while lengths grow
        work, done = sum(len(r) for r in rows), 0
        for batch in _buckets(order, [len(r) for r in rows], self.batch_tokens):
            width = len(rows[batch[-1]])
            input_ids = np.full((len(batch), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, row in enumerate(batch):
                input_ids[r, : len(rows[row])] = rows[row]
                mask[r, : len(rows[row])] = 1
            hidden = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})[0]
            summed = (hidden * mask[:, :, None]).sum(axis=1, dtype=np.float64)
            pooled[batch] = summed / mask.sum(axis=1, keepdims=True)
            done += len(batch) * width
            if progress:
                progress(min(texts, done * texts // work), texts)
        return pooled


def _buckets(order: list[int], lengths: list[int], budget: int):
    """Consecutive runs of `order` (sorted by length) whose padded size fits the budget."""
    start = 0
    while start < len(order):
        end = start + 1
        while (
            end < len(order)
            and end - start < MAX_ROWS
            and (end - start + 1) * lengths[order[end]] <= budget
        ):
            end += 1
        yield order[start:end]
        start = end


def load_onnx(folder: Path, exported: Path, name: str, precision: str,
              adapted: str = "") -> OnnxEmbedder:  # fmt: skip
    """An OnnxEmbedder on the model in ``folder`` (tokenizer, configuration) and its ONNX
    files in ``exported`` (see onnx_export.py)."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    folder = Path(folder)
    path = onnx_file(exported, precision)
    options = ort.SessionOptions()
    options.intra_op_num_threads = cpu_threads()
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only
    # no busy-waiting between ops: as fast here, and fair to other work on a shared machine
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        config = json.loads((folder / "config.json").read_text())
        st_config = _json_or_empty(folder / "config_sentence_transformers.json")
        tok_config = _json_or_empty(folder / "tokenizer_config.json")
    except Exception as exc:
        raise AssistantError(f"model in {folder} kan niet worden geladen: {exc}") from exc
    tokenizer.no_padding()
    tokenizer.no_truncation()

    def token_id(key: str, fallback: str) -> int:
        token = tok_config.get(key) or fallback
        found = tokenizer.token_to_id(token if isinstance(token, str) else fallback)
        return int(found) if found is not None else 0

    return OnnxEmbedder(
        session=session, tokenizer=tokenizer, name=name, precision=precision,
        dim=int(config["hidden_size"]), max_tokens=_max_tokens(folder, config, tok_config),
        prompts=dict(st_config.get("prompts") or {}), start_id=token_id("cls_token", "<s>"),
        end_id=token_id("sep_token", "</s>"), pad_id=token_id("pad_token", "<pad>"),
        adapted=adapted,
    )  # fmt: skip


def _max_tokens(folder: Path, config: dict, tok_config: dict) -> int:
    """The model's sequence limit, as sentence-transformers sets max_seq_length."""
    st = _json_or_empty(folder / "sentence_bert_config.json").get("max_seq_length")
    if isinstance(st, int) and st > 2:
        return st
    limits = [config.get("max_position_embeddings", 514) - 2]
    tok_limit = tok_config.get("model_max_length")
    if isinstance(tok_limit, int) and 2 < tok_limit < 100_000:
        limits.append(tok_limit)
    return int(min(limits))


def _json_or_empty(path: Path) -> dict:
    try:
        value = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
