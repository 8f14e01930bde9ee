"""Small synthetic datasets, made in code from a numpy Generator (nothing is downloaded).

    X, Y = regression_1d(n=200, rng=0)                 X: (n, 1), Y: (n, 1)
    X, y = spirals(n_per_class=100, n_classes=3, rng=0)  X: (n_per_class * n_classes, 2), y: (.,) int64
    X, y = moons(n=200, rng=0)                         X: (n, 2), y: (n,) int64 in {0, 1}
    X, y = blobs(n_per_class=100, centers=3, rng=0)    X: (n_per_class * n_centers, 2), y: int64

Every function takes `rng` (a numpy.random.Generator or an int seed; the same seed gives
the same data), `dtype` for X (and Y) and returns examples in shuffled order.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, check_positive, check_rng

__all__ = ["regression_1d", "spirals", "moons", "blobs"]


def _count(n, name):
    try:
        n_int = int(n)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an integer, got {type(n).__name__}.") from None
    if n_int != n or n_int < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}.")
    return n_int


def _dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {dtype}.")
    return dtype


def _shuffled(rng, X, y):
    order = rng.permutation(X.shape[0])
    return X[order], y[order]


def regression_1d(n: int = 200, noise: float = 0.1, rng=None, dtype=np.float64,
                  low: float = -3.0, high: float = 3.0):
    """Noisy samples of y = sin(2x) / 2 + x / 4 for x uniform in [low, high].

    Returns X: (n, 1) and Y: (n, 1), both of `dtype`; noise is Gaussian with std `noise`
    (0 gives the exact curve). A wiggle plus a slope: a line cannot fit it, a small MLP can.
    """
    n = _count(n, "n")
    noise = check_positive(noise, "noise", allow_zero=True)
    dtype = _dtype(dtype)
    if not low < high:
        raise ValueError(f"low must be < high, got low={low}, high={high}.")
    rng = check_rng(rng)
    x = rng.uniform(low, high, size=(n, 1))
    y = 0.5 * np.sin(2.0 * x) + 0.25 * x + noise * rng.standard_normal((n, 1))
    return x.astype(dtype), y.astype(dtype)


def spirals(n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2, rng=None,
            dtype=np.float64, turns: float = 0.75):
    """Interleaved spiral arms in the plane, one arm per class.

    Arm k has points at radius r in [0, 1] and angle 2 pi (turns r + k / n_classes) plus
    Gaussian angle noise of std `noise` (radians, scaled by r). Returns X: (n_per_class *
    n_classes, 2) of `dtype` and y: (same,) int64 labels in [0, n_classes).
    """
    n = _count(n_per_class, "n_per_class")
    K = _count(n_classes, "n_classes")
    noise = check_positive(noise, "noise", allow_zero=True)
    dtype = _dtype(dtype)
    rng = check_rng(rng)
    r = np.tile(np.linspace(0.0, 1.0, n), K)
    k = np.repeat(np.arange(K), n)
    theta = 2 * np.pi * (turns * r + k / K) + noise * r * rng.standard_normal(n * K) * 2 * np.pi / K
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1).astype(dtype)
    return _shuffled(rng, X, k.astype(np.int64))


def moons(n: int = 200, noise: float = 0.1, rng=None, dtype=np.float64):
    """Two interleaving half circles: class 0 on the upper arc, class 1 on the lower one.

    Returns X: (n, 2) of `dtype` and y: (n,) int64 in {0, 1} (class 0 gets ceil(n / 2)
    points); Gaussian noise of std `noise` is added to each coordinate.
    """
    n = _count(n, "n")
    noise = check_positive(noise, "noise", allow_zero=True)
    dtype = _dtype(dtype)
    rng = check_rng(rng)
    n0 = (n + 1) // 2
    n1 = n - n0
    t0 = rng.uniform(0.0, np.pi, n0)
    t1 = rng.uniform(0.0, np.pi, n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])
    return _shuffled(rng, X.astype(dtype), y)


def blobs(n_per_class: int = 100, centers=3, std: float = 0.5, rng=None, dtype=np.float64):
    """Gaussian clusters in the plane (or in d dimensions if `centers` is given as an array).

    `centers` is a count K (centers drawn uniformly in [-3, 3]^2) or an array (K, d) of
    centers. Returns X: (n_per_class * K, d) of `dtype` and y: (same,) int64 in [0, K).
    """
    n = _count(n_per_class, "n_per_class")
    std = check_positive(std, "std", allow_zero=True)
    dtype = _dtype(dtype)
    rng = check_rng(rng)
    if np.ndim(centers) == 0:
        K = _count(centers, "centers")
        C = rng.uniform(-3.0, 3.0, size=(K, 2))
    else:
        C = as_array(centers, "centers", ndim=2, finite=True)
        K = C.shape[0]
        if K < 1:
            raise ValueError("centers must hold at least one row (K, d).")
    y = np.repeat(np.arange(K, dtype=np.int64), n)
    X = C[y] + std * rng.standard_normal((n * K, C.shape[1]))
    return _shuffled(rng, X.astype(dtype), y)
