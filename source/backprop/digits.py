"""The 8x8 handwritten digits (UCI optdigits, CC BY 4.0), shipped with the package.

    load_digits()                    X: (1797, 64) pixel values 0..16, y: (1797,) labels 0..9
    split_digits(held_out=0.2)       X_train, y_train, X_test, y_test, pixels scaled to [0, 1]

The file is `backprop/datasets/digits.csv.gz`; its source, licence and citation are in
`backprop/datasets/README.md`. The split is deterministic: the same arguments give the same
rows on every machine, stratified so every digit has the same share in both parts.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from backprop._validate import FLOAT_DTYPES

__all__ = ["DATA_FILE", "N_CLASSES", "load_digits", "split_digits"]

DATA_FILE = Path(__file__).resolve().parent / "datasets" / "digits.csv.gz"
N_CLASSES = 10
N_PIXELS = 64


def load_digits(dtype=np.float64):
    """All 1797 digits: X (1797, 64) with the raw pixel values 0..16 as `dtype`, y (1797,) int64."""
    if np.dtype(dtype) not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be float32 or float64, got {np.dtype(dtype)}.")
    with gzip.open(DATA_FILE, "rt", encoding="ascii") as fh:
        table = np.loadtxt(fh, delimiter=",", dtype=np.int64)
    if table.ndim != 2 or table.shape[1] != N_PIXELS + 1:
        raise ValueError(f"{DATA_FILE} must hold rows of {N_PIXELS} pixels and a label, "
                         f"got a table of shape {table.shape}.")
    return table[:, :N_PIXELS].astype(dtype), table[:, N_PIXELS].copy()


def split_digits(held_out: float = 0.2, seed: int = 0, dtype=np.float64):
    """A deterministic stratified split of the digits, pixels divided by 16 (so in [0, 1]).

    held_out: the fraction of each digit's images kept out of training (0 < held_out < 1).
    Returns X_train (N_train, 64), y_train (N_train,), X_test (N_test, 64), y_test (N_test,);
    N_train + N_test = 1797, and with the defaults N_test = 359.
    """
    try:
        fraction = float(held_out)
    except (TypeError, ValueError):
        raise TypeError(f"held_out must be a number, got {type(held_out).__name__}.") from None
    if not 0 < fraction < 1:
        raise ValueError(f"held_out must be a fraction strictly between 0 and 1, got {held_out!r}.")
    X, y = load_digits(dtype)
    X /= 16
    rng = np.random.default_rng(seed)
    test_rows = []
    for digit in range(N_CLASSES):
        rows = rng.permutation(np.flatnonzero(y == digit))
        test_rows.append(rows[:int(round(fraction * rows.size))])
    is_test = np.zeros(y.size, dtype=bool)
    is_test[np.concatenate(test_rows)] = True
    train = rng.permutation(np.flatnonzero(~is_test))
    test = np.flatnonzero(is_test)
    return X[train], y[train], X[test], y[test]
