"""Variance propagation through a deep network: the theory of lesson 04, and a simulation.

Network (biases 0, weights independent with mean 0): widths ``[n_0, n_1, ..., n_L]``,

    z^l = W^l a^(l-1),   a^l = g(z^l),   a^0 = x,        W^l of shape (n_l, n_(l-1))

Forward. Each entry of z^l sums n_(l-1) independent products w a with E[w] = 0, so
``Var(w a) = Var(w) E[a^2]`` and

    q_l = Var(z^l) = n_(l-1) Var(W^l) m(q_(l-1)),      m(q) = E[g(z)^2] for z ~ N(0, q)

with ``m(q_0)`` replaced by ``E[x^2]`` (the input is not passed through g). In the *linear
regime* m(q) = g(0)^2 + g'(0)^2 q: linear and tanh give m(q) = q, the sigmoid
1/4 + q/16; ReLU zeroes half of a symmetric z, so m(q) = q / 2 exactly. For a linear
network the output variance is the input variance times prod_l n_(l-1) Var(W^l).

Backward. With delta^l = dL/dz^l and dL/da^(l-1) = (W^l)^T delta^l (a sum over n_l rows):

    Var(delta^l) = n_(l+1) Var(W^(l+1)) Var(delta^(l+1)) d(q_l),   d(q) = E[g'(z)^2]

starting from ``Var(dL/da^L)`` (the gradient arriving at the network's output):
``Var(delta^L) = Var(dL/da^L) d(q_L)``. Linear regime: d = g'(0)^2 (1 linear/tanh, 1/16
sigmoid); ReLU d = 1/2 exactly.

``method="gaussian"`` replaces the linear-regime m and d by the exact Gaussian averages
(computed numerically), which follow tanh and the sigmoid into saturation.

    q = forward_variances([256] * 11, 1 / 256, "linear")        # ten layers: all 1.0
    predicted_variances("he_normal", [784, 256, 256], "relu")   # per layer, from the scheme
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from backprop import activations as _activations
from backprop_reference import init as _init
from backprop._validate import as_array, check_choice, check_positive, check_rng
from backprop.simulation import simulate  # the measurement (student edition)

__all__ = ["ACTIVATIONS", "METHODS", "second_moment", "derivative_second_moment",
           "forward_variances", "backward_variances", "predicted_variances", "layer_gain",
           "critical_gain", "simulate", "simulate_scheme"]

ACTIVATIONS = _activations.ACTIVATION_NAMES      # the registry's names ("linear" = "identity")
METHODS = ("linear", "gaussian")


# ----------------------------------------------------------------------------- one layer

def _check_activation(activation) -> str:
    """The registry's canonical name for `activation` ("linear" becomes "identity")."""
    return _activations.get_activation(activation).name


def _g(activation, z):
    return _activations.REGISTRY[activation].g(z)


def _g_prime(activation, z):
    return _activations.REGISTRY[activation].prime(z)


def _gaussian_mean(f, q: float) -> float:
    """E[f(z)] for z ~ N(0, q), by the trapezoid rule on a grid fine for both the Gaussian
    (scale sqrt(q)) and the activation (features of width ~1 around 0)."""
    if q <= 0:
        return float(f(np.zeros(1))[0])
    s = np.sqrt(q)
    grid = np.linspace(-9.0 * s, 9.0 * s, 1601)
    if 9.0 * s > 1e-3:
        inner = min(9.0 * s, 30.0)
        grid = np.union1d(grid, np.linspace(-inner, inner, 1601))
    dens = np.exp(-0.5 * (grid / s) ** 2) / (s * np.sqrt(2.0 * np.pi))
    vals = f(grid) * dens
    return float(np.sum(0.5 * (vals[1:] + vals[:-1]) * np.diff(grid)))


def second_moment(activation: str, q, method: str = "linear"):
    """m(q) = E[g(z)^2] for z ~ N(0, q): how much of Var(z) reaches the next layer.

    `q` is a number or an array of variances (>= 0); the result has its shape.
    Linear regime: q (linear, tanh), q / 2 (relu, exact), 1/4 + q/16 (sigmoid).
    """
    activation = _check_activation(activation)
    check_choice(method, "method", METHODS)
    q = np.asarray(q, dtype=np.float64)
    if np.any(q < 0) or not np.all(np.isfinite(q)):
        raise ValueError("q must hold finite variances >= 0.")
    if activation == "identity":
        return q * 1.0
    if activation == "relu":
        return q / 2.0
    if method == "linear":
        return q * 1.0 if activation == "tanh" else 0.25 + q / 16.0
    out = [_gaussian_mean(lambda z: _g(activation, z) ** 2, float(v)) for v in q.ravel()]
    return np.asarray(out).reshape(q.shape)


def derivative_second_moment(activation: str, q, method: str = "linear"):
    """d(q) = E[g'(z)^2] for z ~ N(0, q): the factor a gradient's variance picks up at g.

    Linear regime: 1 (linear, tanh), 1/2 (relu, exact), 1/16 (sigmoid).
    """
    activation = _check_activation(activation)
    check_choice(method, "method", METHODS)
    q = np.asarray(q, dtype=np.float64)
    if np.any(q < 0) or not np.all(np.isfinite(q)):
        raise ValueError("q must hold finite variances >= 0.")
    if activation == "identity":
        return np.ones_like(q)
    if activation == "relu":
        return np.full_like(q, 0.5)
    if method == "linear":
        return np.full_like(q, 1.0 if activation == "tanh" else 1.0 / 16.0)
    out = [_gaussian_mean(lambda z: _g_prime(activation, z) ** 2, float(v)) for v in q.ravel()]
    return np.asarray(out).reshape(q.shape)


# ----------------------------------------------------------------------------- a network

def _check_widths(widths) -> list[int]:
    try:
        ws = [int(w) for w in widths]
    except (TypeError, ValueError):
        raise TypeError(f"widths must be a list of layer widths [n_0, ..., n_L], got {widths!r}.") from None
    if len(ws) < 2 or min(ws) < 1:
        raise ValueError(f"widths must list >= 2 positive widths [n_0, ..., n_L], got {ws}.")
    return ws


def _per_layer(weight_var, n_layers: int) -> np.ndarray:
    v = np.asarray(weight_var, dtype=np.float64)
    if v.ndim == 0:
        v = np.full(n_layers, float(v))
    if v.shape != (n_layers,):
        raise ValueError(f"weight_var must be one number or one per layer ({n_layers}), got shape {v.shape}.")
    if np.any(v < 0) or not np.all(np.isfinite(v)):
        raise ValueError("weight_var must hold finite variances >= 0.")
    return v


def forward_variances(widths: Sequence[int], weight_var, activation: str = "linear",
                      input_var: float = 1.0, method: str = "linear") -> np.ndarray:
    """Predicted Var(z^l) for l = 1..L: array of shape (L,).

    widths = [n_0, ..., n_L]; weight_var = Var(W^l), one number or one per layer;
    input_var = E[x^2] of the (zero-mean) input. q_l = n_(l-1) Var(W^l) m(q_(l-1)).
    """
    ws = _check_widths(widths)
    activation = _check_activation(activation)
    v = _per_layer(weight_var, len(ws) - 1)
    prev = check_positive(input_var, "input_var", allow_zero=True)   # E[(a^0)^2]
    q = np.empty(len(ws) - 1)
    for l in range(len(ws) - 1):
        q[l] = ws[l] * v[l] * prev
        if not np.isfinite(q[l]):
            q[l:] = np.inf
            break
        prev = float(second_moment(activation, q[l], method))
    return q


def backward_variances(widths: Sequence[int], weight_var, activation: str = "linear",
                       input_var: float = 1.0, output_grad_var: float = 1.0,
                       method: str = "linear") -> np.ndarray:
    """Predicted Var(delta^l) = Var(dL/dz^l) for l = 1..L: array of shape (L,).

    The gradient arriving at the output a^L has variance `output_grad_var`; going down,
    Var(delta^l) = n_(l+1) Var(W^(l+1)) Var(delta^(l+1)) d(q_l), with q from forward_variances.
    """
    ws = _check_widths(widths)
    activation = _check_activation(activation)
    v = _per_layer(weight_var, len(ws) - 1)
    out_var = check_positive(output_grad_var, "output_grad_var", allow_zero=True)
    q = forward_variances(ws, v, activation, input_var, method)
    d = derivative_second_moment(activation, np.where(np.isfinite(q), q, 0.0), method)
    L = len(ws) - 1
    r = np.empty(L)
    r[L - 1] = out_var * d[L - 1]
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(L - 2, -1, -1):
            # r[i] = Var(delta^(i+1)); dL/da^(i+1) sums over the n_(i+2) rows of W^(i+2)
            r[l] = ws[l + 2] * v[l + 1] * r[l + 1] * d[l]
    return r


def predicted_variances(scheme: str, widths: Sequence[int], activation: str = "linear",
                        gain: float = 1.0, input_var: float = 1.0, method: str = "linear",
                        **scheme_kwargs) -> np.ndarray:
    """Var(z^l), l = 1..L, for weights from `scheme` (a name in backprop.init) times `gain`.

    The weight variance of layer l is init.weight_variance(scheme, n_(l-1), n_l, gain, ...).
    """
    ws = _check_widths(widths)
    v = [_init.weight_variance(scheme, ws[l], ws[l + 1], gain=gain, **scheme_kwargs)
         for l in range(len(ws) - 1)]
    return forward_variances(ws, v, activation, input_var, method)


def layer_gain(activation: str, n_in: int, weight_var: float) -> float:
    """The linear-regime factor one layer multiplies Var(z) by: n_in Var(W) g'(0)^2-ish.

    n_in Var(W) times 1 (linear, tanh), 1/2 (relu) or 1/16 (sigmoid, its slope at 0 squared).
    """
    activation = _check_activation(activation)
    c = {"identity": 1.0, "tanh": 1.0, "relu": 0.5, "sigmoid": 1.0 / 16.0}[activation]
    return float(n_in) * float(weight_var) * c


def critical_gain(scheme: str, width: int, activation: str = "linear", **scheme_kwargs) -> float:
    """The gain at which a square layer (width -> width) keeps the linear-regime variance:
    gain**2 * width * Var_scheme(W) * c = 1, c as in layer_gain."""
    base = _init.weight_variance(scheme, int(width), int(width), gain=1.0, **scheme_kwargs)
    return float(1.0 / np.sqrt(layer_gain(activation, width, base)))


# ----------------------------------------------------------------------------- simulation

def simulate_scheme(scheme: str, widths: Sequence[int], activation: str = "linear", gain: float = 1.0,
                    batch: int = 512, rng=None, input_var: float = 1.0, dtype=np.float64) -> dict:
    """simulate() on fresh weights from `scheme` (init.initialize) and x ~ N(0, input_var)."""
    ws = _check_widths(widths)
    rng = check_rng(rng)
    weights = [_init.initialize(scheme, (ws[l + 1], ws[l]), rng, gain=gain, dtype=dtype)
               for l in range(len(ws) - 1)]
    X = (np.sqrt(input_var) * rng.standard_normal((int(batch), ws[0]))).astype(dtype)
    dA = rng.standard_normal((int(batch), ws[-1])).astype(dtype)
    return simulate(weights, activation, X, dA)
