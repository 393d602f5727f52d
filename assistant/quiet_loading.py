"""Model loading without the libraries' chatter. Its own module: the embedder, the ONNX
export and the adaptation all load models, and none of them should import another for this."""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def quiet_loading():
    """No "Loading weights" / "Writing model shards" bars and no info or warning chatter from
    transformers and huggingface_hub while a model converts and loads; their errors are still
    logged, and a failure is raised as always. The previous settings come back afterwards."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()  # transformers' own bars and huggingface_hub's
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()
