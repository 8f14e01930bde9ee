"""Backpropagation by hand through a network written as elementary operations (lesson 06).

The network: a linear layer, batch normalization, tanh, a linear layer, and softmax
cross-entropy spelled out as max, subtract, exp, sum, divide, log and index:

    Z1 = X @ W1.T + b1                       (B, H)
    mu = mean_i Z1            (1, H)         xc = Z1 - mu                 (B, H)
    var = mean_i xc^2         (1, H)         inv_std = (var + eps)^-1/2   (1, H)
    xhat = xc * inv_std       (B, H)         S = gamma * xhat + beta      (B, H)
    Hid = tanh(S)             (B, H)         logits = Hid @ W2.T + b2     (B, C)
    m = max_j logits          (B, 1)         shifted = logits - m         (B, C)
    e = exp(shifted)          (B, C)         s = sum_j e                  (B, 1)
    probs = e / s             (B, C)         logp = log(probs)            (B, C)
    picked = logp[i, y_i]     (B,)           loss = -mean_i picked        ()

Two rules do all the bookkeeping of shapes:

    sum_to_shape(G, shape)              the gradient of an operand that was broadcast:
                                        G summed over the axes broadcasting stretched
    index_backward(dOut, rows, cols, shape)
                                        the gradient of A for out = A[rows, cols]: a
                                        scatter-add, so a repeated index adds up

`loss_backward` goes from the loss to dlogits, `network_backward` from dlogits to the
parameters; each returns the gradient of every intermediate, named "d" + tensor name.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, shape_str

__all__ = ["FORWARD_NAMES", "LOSS_GRAD_NAMES", "NETWORK_GRAD_NAMES", "sum_to_shape", "index_backward",
           "init_network", "network_forward", "loss_backward", "network_backward"]

FORWARD_NAMES = ("Z1", "mu", "xc", "var", "inv_std", "xhat", "S", "Hid", "logits",
                 "m", "shifted", "e", "s", "probs", "logp", "picked", "loss")
LOSS_GRAD_NAMES = ("dpicked", "dlogp", "dprobs", "ds", "de", "dshifted", "dm", "dlogits")
NETWORK_GRAD_NAMES = ("dW2", "db2", "dHid", "dS", "dgamma", "dbeta", "dxhat", "dinv_std",
                      "dvar", "dxc", "dmu", "dZ1", "dW1", "db1")
PARAM_NAMES = ("W1", "b1", "gamma", "beta", "W2", "b2")
EPS = 1e-5


def sum_to_shape(G, shape):
    """Reduce G to `shape` by summing over the axes that broadcasting stretched.

    G: the gradient of a broadcast result, e.g. (B, n); shape: the operand's own shape,
    one numpy can broadcast to G.shape, e.g. (n,), (1, n), (B, 1) or (). Returns an array
    of `shape`: leading axes G has and the operand lacks are summed away, and axes where
    the operand has size 1 are summed keeping that size.
    """
    G = as_array(G, "G")
    shape = tuple(int(s) for s in shape)
    if len(shape) > G.ndim or any(s not in (1, g) for s, g in zip(shape[::-1], G.shape[::-1])):
        raise ValueError(f"an operand of shape {shape_str(shape)} does not broadcast to the gradient's "
                         f"shape {shape_str(G.shape)}.")
    lead = G.ndim - len(shape)
    out = G.sum(axis=tuple(range(lead))) if lead else G
    stretched = tuple(ax for ax, (s, g) in enumerate(zip(shape, out.shape)) if s == 1 and g != 1)
    if stretched:
        out = out.sum(axis=stretched, keepdims=True)
    return np.asarray(out).reshape(shape)


def index_backward(dOut, rows, cols, shape):
    """Gradient of A for out = A[rows, cols]: zeros of `shape` with dOut added at each index.

    dOut: (k,), the gradient of out; rows, cols: (k,) integer indices (may repeat);
    shape: (R, C), the shape of A. Returns dA (R, C); an entry picked twice gets both terms.
    """
    dOut = as_array(dOut, "dOut", ndim=1)
    rows, cols = np.asarray(rows), np.asarray(cols)
    if rows.shape != dOut.shape or cols.shape != dOut.shape:
        raise ValueError(f"rows, cols and dOut must have the same shape (k,), got rows "
                         f"{shape_str(rows.shape)}, cols {shape_str(cols.shape)}, dOut {shape_str(dOut.shape)}.")
    if not (np.issubdtype(rows.dtype, np.integer) and np.issubdtype(cols.dtype, np.integer)):
        raise TypeError(f"rows and cols must be integer indices, got {rows.dtype} and {cols.dtype}.")
    dA = np.zeros(tuple(int(s) for s in shape), dtype=dOut.dtype)
    np.add.at(dA, (rows, cols), dOut)
    return dA


def init_network(n_in: int, n_hidden: int, n_classes: int, rng=None):
    """Parameters of the lesson's network, a dict: W1 (H, n_in), b1 (H,), gamma (H,), beta (H,),
    W2 (C, H), b2 (C,). Weights ~ N(0, 1/fan_in); gamma, beta, b2 near 1, 0, 0 with some spread,
    so that no gradient is zero by symmetry."""
    rng = np.random.default_rng(rng)
    return dict(W1=rng.normal(size=(n_hidden, n_in)) / np.sqrt(n_in),
                b1=rng.normal(scale=0.1, size=n_hidden),
                gamma=1 + rng.normal(scale=0.1, size=n_hidden),
                beta=rng.normal(scale=0.1, size=n_hidden),
                W2=rng.normal(size=(n_classes, n_hidden)) / np.sqrt(n_hidden),
                b2=rng.normal(scale=0.1, size=n_classes))


def _params(params):
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        raise KeyError(f"params is missing {missing}; it needs {list(PARAM_NAMES)}.")
    return [as_array(params[k], k) for k in PARAM_NAMES]


def network_forward(X, y, params, eps: float = EPS):
    """Every tensor of the forward pass, a dict in the order of FORWARD_NAMES.

    X: (B, n_in), y: (B,) integer labels, params as `init_network` makes them.
    The shapes are those in the module docstring; loss is a 0-d array.
    """
    X = as_array(X, "X", ndim=2)
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be integer labels of shape (B,) = ({X.shape[0]},), got "
                         f"{y.dtype} of shape {shape_str(y.shape)}.")
    W1, b1, gamma, beta, W2, b2 = _params(params)
    B = X.shape[0]
    t = {}
    t["Z1"] = X @ W1.T + b1
    t["mu"] = t["Z1"].mean(axis=0, keepdims=True)
    t["xc"] = t["Z1"] - t["mu"]
    t["var"] = (t["xc"] ** 2).mean(axis=0, keepdims=True)
    t["inv_std"] = (t["var"] + eps) ** -0.5
    t["xhat"] = t["xc"] * t["inv_std"]
    t["S"] = gamma * t["xhat"] + beta
    t["Hid"] = np.tanh(t["S"])
    t["logits"] = t["Hid"] @ W2.T + b2
    t["m"] = t["logits"].max(axis=1, keepdims=True)
    t["shifted"] = t["logits"] - t["m"]
    t["e"] = np.exp(t["shifted"])
    t["s"] = t["e"].sum(axis=1, keepdims=True)
    t["probs"] = t["e"] / t["s"]
    t["logp"] = np.log(t["probs"])
    t["picked"] = t["logp"][np.arange(B), y]
    t["loss"] = -t["picked"].mean()
    return t


def loss_backward(t, y):
    """From the loss back to the logits: the gradients named in LOSS_GRAD_NAMES, a dict.

    t: the forward tensors (at least logits, m, shifted, e, s, probs, logp), y: (B,) labels.
    Each gradient has the shape of its tensor: dpicked (B,), dm and ds (B, 1), the rest (B, C).
    """
    logits, e, s, probs = (as_array(t[k], k) for k in ("logits", "e", "s", "probs"))
    B, C = logits.shape
    y = np.asarray(y)
    if y.shape != (B,) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be integer labels of shape (B,) = ({B},) for logits of shape "
                         f"{shape_str(logits.shape)}, got {y.dtype} of shape {shape_str(y.shape)}.")
    g = {}
    g["dpicked"] = np.full(B, -1.0 / B, dtype=logits.dtype)
    g["dlogp"] = index_backward(g["dpicked"], np.arange(B), y, (B, C))
    g["dprobs"] = g["dlogp"] / probs
    g["ds"] = sum_to_shape(-g["dprobs"] * e / s ** 2, s.shape)
    g["de"] = g["dprobs"] / s + g["ds"]
    g["dshifted"] = g["de"] * e
    g["dm"] = sum_to_shape(-g["dshifted"], (B, 1))
    at_max = np.argmax(logits, axis=1)
    g["dlogits"] = g["dshifted"] + index_backward(g["dm"][:, 0], np.arange(B), at_max, (B, C))
    return g


def network_backward(t, params, X, dlogits):
    """From dlogits back to the parameters: the gradients named in NETWORK_GRAD_NAMES, a dict.

    t: the forward tensors, params as `init_network` makes them, X: (B, n_in), dlogits (B, C).
    Parameter gradients have their parameter's shape; dmu, dvar, dinv_std are (1, H).
    """
    W1, b1, gamma, beta, W2, b2 = _params(params)
    X = as_array(X, "X", ndim=2)
    dlogits = as_array(dlogits, "dlogits", ndim=2)
    B = X.shape[0]
    if dlogits.shape != (B, W2.shape[0]):
        raise ValueError(f"dlogits must have shape (B, C) = ({B}, {W2.shape[0]}) for X of shape "
                         f"{shape_str(X.shape)} and W2 of shape {shape_str(W2.shape)}, got {shape_str(dlogits.shape)}.")
    g = {}
    g["dW2"] = dlogits.T @ t["Hid"]
    g["db2"] = sum_to_shape(dlogits, b2.shape)
    g["dHid"] = dlogits @ W2
    g["dS"] = g["dHid"] * (1 - t["Hid"] ** 2)
    g["dgamma"] = sum_to_shape(g["dS"] * t["xhat"], gamma.shape)
    g["dbeta"] = sum_to_shape(g["dS"], beta.shape)
    g["dxhat"] = g["dS"] * gamma
    g["dinv_std"] = sum_to_shape(g["dxhat"] * t["xc"], t["inv_std"].shape)
    g["dvar"] = g["dinv_std"] * -0.5 * t["inv_std"] ** 3
    g["dxc"] = g["dxhat"] * t["inv_std"] + g["dvar"] * 2 * t["xc"] / B
    g["dmu"] = sum_to_shape(-g["dxc"], t["mu"].shape)
    g["dZ1"] = g["dxc"] + g["dmu"] / B
    g["dW1"] = g["dZ1"].T @ X
    g["db1"] = sum_to_shape(g["dZ1"], b1.shape)
    return g
