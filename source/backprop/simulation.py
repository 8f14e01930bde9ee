"""Measure what a bias-free MLP does to the variance of its signals (lesson 04).

    sim = simulate_scheme("xavier_normal", [256] * 9, "relu", batch=512, rng=0)
    sim["z_var"]        # measured Var(z^l), l = 1..8, to compare with a prediction

`simulate(weights, activation, X, dA_out)` runs given weights forward (and backward with
`dA_out`); `simulate_scheme` draws the weights first, by a variance-scaling scheme
(`backprop._weights`: lecun_normal, xavier_normal/uniform, he_normal/uniform) times `gain`,
then x ~ N(0, input_var) and dL/da^L ~ N(0, 1). Predicting these numbers is lesson 04's
exercise (`predicted_variance`); this module only measures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from backprop._validate import as_array, check_rng
from backprop._weights import initial_weights
from backprop.activations import REGISTRY, get_activation

__all__ = ["simulate", "simulate_scheme"]


def simulate(weights: Sequence[np.ndarray], activation: str, X, dA_out=None) -> dict:
    """Run a bias-free MLP forward and backward and measure the per-layer statistics.

    weights = [W^1, ..., W^L], W^l of shape (n_l, n_(l-1)); X: (B, n_0); dA_out: (B, n_L),
    the gradient dL/da^L fed in at the output (default: none, no backward statistics).
    Returns arrays of shape (L,): "z_var" = Var(z^l) (mean of z^2 over batch and units, the
    means being 0 in theory), "a_sq" = E[(a^l)^2], and with dA_out "delta_var" = E[(delta^l)^2].
    Also returns the lists "Z" and "A" (a^1..a^L) and "deltas".
    """
    activation = get_activation(activation).name
    X = as_array(X, "X", ndim=2)
    A = X
    Zs, As = [], []
    for l, W in enumerate(weights, start=1):
        W = as_array(W, f"weights[{l - 1}]", ndim=2)
        if W.shape[1] != A.shape[1]:
            raise ValueError(f"weights[{l - 1}] must have shape (n_{l}, {A.shape[1]}), got {W.shape}.")
        Z = A @ W.T
        A = REGISTRY[activation].g(Z)
        Zs.append(Z)
        As.append(A)
    out = {"z_var": np.array([np.mean(Z * Z) for Z in Zs]),
           "a_sq": np.array([np.mean(A * A) for A in As]), "Z": Zs, "A": As}
    if dA_out is not None:
        dA = as_array(dA_out, "dA_out", ndim=2)
        if dA.shape != As[-1].shape:
            raise ValueError(f"dA_out must have the output's shape {As[-1].shape}, got {dA.shape}.")
        deltas = [None] * len(Zs)
        for l in range(len(Zs) - 1, -1, -1):
            delta = dA * REGISTRY[activation].prime(Zs[l])
            deltas[l] = delta
            dA = delta @ as_array(weights[l], "W", ndim=2)
        out["deltas"] = deltas
        out["delta_var"] = np.array([np.mean(d * d) for d in deltas])
    return out


def simulate_scheme(scheme: str, widths: Sequence[int], activation: str = "linear", gain: float = 1.0,
                    batch: int = 512, rng=None, input_var: float = 1.0, dtype=np.float64) -> dict:
    """simulate() on fresh weights from a variance-scaling `scheme` and x ~ N(0, input_var)."""
    ws = [int(w) for w in widths]
    if len(ws) < 2 or min(ws) < 1:
        raise ValueError(f"widths must list >= 2 positive widths [n_0, ..., n_L], got {ws}.")
    rng = check_rng(rng)
    weights = [initial_weights(scheme, (ws[l + 1], ws[l]), rng, gain=gain, dtype=dtype) for l in range(len(ws) - 1)]
    X = (np.sqrt(input_var) * rng.standard_normal((int(batch), ws[0]))).astype(dtype)
    dA = rng.standard_normal((int(batch), ws[-1])).astype(dtype)
    return simulate(weights, activation, X, dA)
