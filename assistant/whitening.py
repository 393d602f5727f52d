"""Dense vectors whitened with the corpus's own statistics.

Sentence embeddings are anisotropic: all Dutch government prose sits in a narrow cone,
so a few common directions dominate every cosine. Subtracting the corpus mean and
scaling the principal directions towards equal variance (whitening; Su et al. 2021,
"Whitening sentence representations") spreads the corpus out, so what distinguishes
one answer from another counts more. It needs no labels: the mean and the covariance
come from the indexed vectors themselves.

The covariance is shrunk towards a multiple of the identity (Ledoit-Wolf), which keeps a
small corpus (fewer passages than dimensions) from being blown up along noise
directions. ``power`` between 0 (centring only) and 1 (full whitening) sets how far the
variances are evened out; the default is chosen by benchmarks/retrieval_quality.py.
Only the dense retrieval signal uses whitened vectors; the cosines shown to users and
the strength labels stay on the model's own vectors, where they were calibrated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

REFIT_CHANGE = 0.1  # refit when the corpus grew or shrank by more than this share


@dataclass(frozen=True)
class Whitening:
    mean: np.ndarray  # (dim,)
    matrix: np.ndarray  # (dim, dim)
    fitted_on: int  # number of vectors it was fitted on
    power: float

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Centre, transform and normalise rows again (cosine stays the metric)."""
        out = (np.asarray(vectors, dtype=np.float32) - self.mean) @ self.matrix
        norms = np.linalg.norm(out, axis=-1, keepdims=True)
        return (out / np.maximum(norms, 1e-12)).astype(np.float32)

    def save(self, path: Path) -> None:
        with open(path, "wb") as fh:
            np.savez(fh, mean=self.mean, matrix=self.matrix,
                     fitted_on=np.array(self.fitted_on), power=np.array(self.power))  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> Whitening:
        with np.load(path) as data:
            return cls(
                data["mean"].astype(np.float32),
                data["matrix"].astype(np.float32),
                int(data["fitted_on"]),
                float(data["power"]),
            )

    def still_fits(self, count: int, power: float) -> bool:
        """Whether this fit may be kept for a corpus of ``count`` vectors."""
        if power != self.power or self.fitted_on == 0:
            return False
        return abs(count - self.fitted_on) <= REFIT_CHANGE * self.fitted_on


def fit(vectors: np.ndarray, power: float = 1.0) -> Whitening:
    """Fit mean and whitening matrix on the (normalised) corpus vectors."""
    from sklearn.covariance import ledoit_wolf

    x = np.asarray(vectors, dtype=np.float64)
    dim = x.shape[1]
    mean = x.mean(axis=0) if len(x) else np.zeros(dim)
    if len(x) < 2 or power == 0:
        return Whitening(mean.astype(np.float32), np.eye(dim, dtype=np.float32), len(x), power)
    cov, _ = ledoit_wolf(x - mean, assume_centered=True)
    values, basis = np.linalg.eigh(cov)
    values = np.maximum(values, values.max() * 1e-6)
    scale = (values / values.mean()) ** (-power / 2)
    matrix = (basis * scale) @ basis.T
    return Whitening(mean.astype(np.float32), matrix.astype(np.float32), len(x), power)
