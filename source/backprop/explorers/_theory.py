"""What the lesson 04 explorer draws as "theory": the variance recursions lesson 04 states,
for a square network (every layer `width` wide), written compactly for the explorer.

    Var(W)            = gain**2 * c / width          c = 1 (LeCun, Xavier), 2 (He)
    q_l = Var(z^l)    = width Var(W) m(q_(l-1)),     m(q) = E[g(z)^2], z ~ N(0, q)
    r_l = Var(delta^l) = width Var(W) r_(l+1) d(q_l), d(q) = E[g'(z)^2]

m and d in the "linear" regime: identity q and 1, relu q/2 and 1/2 (exact), tanh q and 1,
sigmoid 1/4 + q/16 and 1/16; in the "gaussian" regime, Gaussian averages by the trapezoid rule.
Writing the general version (any widths, any scheme) is lesson 04's exercise; the graded
reference is instructor-only.
"""

from __future__ import annotations

import numpy as np

from backprop.activations import get_activation

C = {"lecun_normal": 1.0, "xavier_normal": 1.0, "xavier_uniform": 1.0, "he_normal": 2.0, "he_uniform": 2.0}
LINEAR_REGIME = {"identity": (lambda q: q, 1.0), "relu": (lambda q: q / 2, 0.5),
                 "tanh": (lambda q: q, 1.0), "sigmoid": (lambda q: 0.25 + q / 16, 1 / 16)}


def square_weight_variance(scheme: str, width: int, gain: float) -> float:
    """Var(W) of a (width, width) matrix drawn by a variance-scaling `scheme` times `gain`."""
    return gain ** 2 * C[scheme] / width


def _gauss(f, q: float) -> float:
    """E[f(z)], z ~ N(0, q), on a grid fine for the Gaussian and for features of width ~1."""
    if q <= 0:
        return float(f(np.zeros(1))[0])
    s = np.sqrt(q)
    grid = np.union1d(np.linspace(-9 * s, 9 * s, 1601), np.linspace(-min(9 * s, 30), min(9 * s, 30), 1601))
    vals = f(grid) * np.exp(-0.5 * (grid / s) ** 2) / (s * np.sqrt(2 * np.pi))
    return float(np.sum(0.5 * (vals[1:] + vals[:-1]) * np.diff(grid)))


def _moments(activation: str, q: float, method: str) -> tuple[float, float]:
    """(m(q), d(q)) for the canonical activation name."""
    if method == "linear" or activation in ("identity", "relu"):
        m, d = LINEAR_REGIME[activation]
        return float(m(q)), float(d)
    spec = get_activation(activation)
    return _gauss(lambda z: spec.g(z) ** 2, q), _gauss(lambda z: spec.prime(z) ** 2, q)


def square_network_variances(depth: int, width: int, weight_var: float, activation: str,
                             method: str = "linear") -> tuple[np.ndarray, np.ndarray]:
    """(Var(z^l), Var(delta^l)) for l = 1..depth, input E[x^2] = 1 and Var(dL/da^L) = 1."""
    activation = get_activation(activation).name
    q, d, prev = np.empty(depth), np.empty(depth), 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(depth):
            q[l] = width * weight_var * prev
            if not np.isfinite(q[l]):
                q[l:], d[l:] = np.inf, np.nan
                break
            prev, d[l] = _moments(activation, q[l], method)
        r = np.empty(depth)
        r[-1] = d[-1]
        for l in range(depth - 2, -1, -1):
            r[l] = width * weight_var * r[l + 1] * d[l]
    return q, r
