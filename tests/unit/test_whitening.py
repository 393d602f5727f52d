"""Whitening the dense vectors with the corpus's own statistics."""

import numpy as np

from assistant.whitening import Whitening, fit


def anisotropic(n: int, dim: int = 16, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dim)) * np.linspace(5, 0.2, dim) + 3.0  # one common direction
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_full_whitening_evens_out_the_variances_and_centring_only_recentres():
    x = anisotropic(2000)
    white = fit(x, power=1.0)
    z = (x - white.mean) @ white.matrix
    variances = np.linalg.eigvalsh(np.cov(z.T))
    assert variances.max() / variances.min() < 3  # the raw vectors: several hundred
    centred = fit(x, power=0.0)
    assert np.allclose(centred.matrix, np.eye(16))
    assert abs(float(np.mean(centred.apply(x) @ centred.apply(x).T))) < 0.05  # no common cone
    assert float(np.mean(x @ x.T)) > 0.4  # before: all in one half-space


def test_applied_vectors_are_unit_length():
    x = anisotropic(100)
    out = fit(x, power=0.5).apply(x)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


def test_few_vectors_do_not_blow_up(tmp_path):
    x = anisotropic(5)
    w = fit(x, power=1.0)
    assert np.isfinite(w.matrix).all()
    w.save(tmp_path / "w.npz")
    again = Whitening.load(tmp_path / "w.npz")
    assert np.allclose(again.apply(x), w.apply(x)) and again.fitted_on == 5


def test_a_fit_is_kept_until_the_corpus_changes_by_a_tenth():
    w = fit(anisotropic(100), power=0.0)
    assert w.still_fits(109, 0.0) and w.still_fits(91, 0.0)
    assert not w.still_fits(111, 0.0)
    assert not w.still_fits(100, 0.5)  # another strength asked for
