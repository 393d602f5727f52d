"""Export a sentence-transformers model folder to ONNX once, for the fast embedding engine.

Search, drafting and indexing run the model through ONNX Runtime (onnx_embed.py), which
needs neither torch nor sentence-transformers at run time. This module makes the files,
once per model folder, with torch (already installed for conversion and adaptation):

- ``onnx/model-fp32.onnx``: the transformer traced with eager attention, then fused by
  ONNX Runtime's transformer optimiser (Attention, SkipLayerNorm, BiasGelu); output the
  last hidden state, pooled by the engine;
- ``onnx/model-int8.onnx``: the same graph with dynamic int8 quantisation (per-channel
  weights, the word embeddings included): a quarter of the size and about twice as fast;
- ``onnx/export.json``: what was made, with which versions, from which source files.

The files go into the model folder when it is the assistant's own (the converted default,
an adaptation); for a user's own folder elsewhere (``--model DIR``) into
``<home>/models/onnx-cache/<folder hash>``, so nothing is written into their folder, and a
changed source folder is exported again.

Eager attention matters: the optimiser recognises only that pattern, and the fused
Attention op is where most of the gain comes from (benchmarks/retrieval_speed.py).
The folder is written next to the target and renamed into place, so an interrupted
export leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from .errors import AssistantError

ONNX_DIR = "onnx"
CACHE_DIR = "onnx-cache"
PRECISIONS = ("int8", "fp32")
EXPORT_VERSION = 1


def export_dir(folder: Path, home: Path) -> Path:
    """Where the ONNX files of the model in ``folder`` live (see the module docstring)."""
    folder, models = Path(folder).absolute(), (Path(home) / "models").absolute()
    if folder.is_relative_to(models):  # also through a link (tests share one model)
        return folder / ONNX_DIR
    digest = hashlib.sha1(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return models / CACHE_DIR / digest


def onnx_file(target: Path, precision: str) -> Path:
    return Path(target) / f"model-{precision}.onnx"


def is_exported(folder: Path, target: Path) -> bool:
    """Both ONNX files are in ``target``, made by this export from the files now in
    ``folder``."""
    try:
        info = json.loads((Path(target) / "export.json").read_text())
    except (OSError, ValueError):
        return False
    return (
        info.get("version") == EXPORT_VERSION
        and info.get("source") == _fingerprint(folder)
        and all(onnx_file(target, p).exists() for p in PRECISIONS)
    )


def _fingerprint(folder: Path) -> dict:
    """Name, size and time of the model's own files: a changed model is exported again."""
    found = {}
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and path.suffix in (".json", ".safetensors", ".bin"):
            stat = path.stat()
            found[path.name] = [stat.st_size, int(stat.st_mtime)]
    return found


def export(folder: Path, target: Path) -> Path:
    """Write the ONNX files of the model in ``folder`` into ``target``; returns target."""
    folder, target = Path(folder), Path(target)
    config = _model_config(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".onnx-", dir=target.parent))
    from .quiet_loading import quiet_loading

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        with warnings.catch_warnings(), quiet_loading():
            warnings.simplefilter("ignore")  # the tracer's and the quantiser's chatter
            traced = work / "traced.onnx"
            _trace(folder, traced)
            _optimise(traced, onnx_file(work / ONNX_DIR, "fp32"), config)
        traced.unlink()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _quantise(onnx_file(work / ONNX_DIR, "fp32"), onnx_file(work / ONNX_DIR, "int8"))
        import onnxruntime
        import torch

        info = {
            "version": EXPORT_VERSION,
            "torch": torch.__version__,
            "onnxruntime": onnxruntime.__version__,
            "source_folder": str(folder.resolve()),
            "source": _fingerprint(folder),
        }
        (work / ONNX_DIR / "export.json").write_text(json.dumps(info, indent=2))
        if is_exported(folder, target):  # another process finished first
            return target
        if target.exists():
            shutil.rmtree(target)
        os.replace(work / ONNX_DIR, target)
        return target
    except AssistantError:
        raise
    except Exception as exc:
        raise AssistantError(f"model in {folder} kan niet naar ONNX worden omgezet: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
        # ONNX Runtime's optimiser configures the root logger on import; undo that, or
        # every library's DEBUG lines (bm25s) reach the user's terminal afterwards
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def _model_config(folder: Path) -> dict:
    """The transformer's shape (hidden size, heads) from its config.json."""
    try:
        config = json.loads((folder / "config.json").read_text())
        return {"hidden": int(config["hidden_size"]), "heads": int(config["num_attention_heads"])}
    except (OSError, ValueError, KeyError) as exc:
        raise AssistantError(f"geen transformer-configuratie in {folder}: {exc}") from exc


def _trace(folder: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(
        str(folder), attn_implementation="eager", local_files_only=True
    ).eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask)
            return out.last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.inference_mode():
        torch.onnx.export(
            LastHidden(model), (ids, torch.ones_like(ids)), str(target), dynamo=False,
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=17,
        )  # fmt: skip


def _optimise(source: Path, target: Path, config: dict) -> None:
    from onnxruntime.transformers import optimizer

    target.parent.mkdir(parents=True, exist_ok=True)
    model = optimizer.optimize_model(
        str(source), model_type="bert", num_heads=config["heads"],
        hidden_size=config["hidden"], opt_level=0,
    )  # fmt: skip
    model.save_model_to_file(str(target))


def _quantise(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser's advice is logged on the root logger
    try:
        quantize_dynamic(
            str(source), str(target), per_channel=True, weight_type=QuantType.QInt8,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )  # fmt: skip
    finally:
        root.setLevel(level)
