"""Analytic Jacobians and vector-Jacobian products of lesson 02 (reference versions).

Per-example math uses column vectors and numerator layout, J[i, j] = d y_i / d x_j:

    affine map   z = W h + b       dz/dh = W (n_out, n_in)      dz/db = I (n_out, n_out)
    elementwise  a = g(z)          da/dz = diag(g'(z))
    softmax      p = softmax(z)    dp/dz = diag(p) - p p^T
    one layer    h' = g(W h)       dh'/dh = diag(g'(W h)) W
    linear layer loss L(z), z = W h + b:   dL/dW = delta h^T,  dL/db = delta  (delta = dL/dz)

A vector-Jacobian product (VJP) v^T J, i.e. J^T v, is what backprop needs; none of the
`*_vjp` functions below builds J. They work on one vector (shape (n,)) or on a batch of
row vectors (shape (B, n), one example per row), batch-first as everywhere in the course:

    affine_vjp(W, V)         = V @ W                  (each row: W^T v)
    elementwise_vjp(Z, V, g) = V * g'(Z)
    softmax_vjp(Z, V)        = P * (V - sum(V * P, axis=-1, keepdims=True))

`softmax_regression_hvp` is the optional Hessian-vector product demo: the directional
derivative of a gradient, in the cost of two gradient evaluations, never forming H.
Every function keeps the input dtype (float32 stays float32).
"""

from __future__ import annotations

import numpy as np

from backprop import activations
from backprop._validate import as_array, check_choice, check_shape, shape_str

__all__ = ["ACTIVATIONS", "activation_prime", "affine_jacobian_input", "affine_jacobian_bias",
           "affine_jacobians", "affine_vjp", "elementwise_jacobian", "elementwise_vjp",
           "sigmoid_jacobian", "tanh_jacobian", "relu_jacobian", "softmax_jacobian", "softmax_vjp",
           "layer_jacobian", "linear_grads_single", "linear_grads_batch", "xent_logit_grad",
           "softmax_regression_loss_grad", "softmax_regression_hvp"]

ACTIVATIONS = activations.ACTIVATION_NAMES       # the registry's names, kept under the old name


def activation_prime(z, activation: str) -> np.ndarray:
    """g'(z) elementwise for a registered activation (backprop.activations.get_activation:
    "identity"/"linear", "relu", "sigmoid", "tanh"). z: any shape -> array of z's shape and dtype."""
    spec = activations.get_activation(activation)
    return spec.prime(as_array(z, "z"))


# --------------------------------------------------------------------------- affine map

def affine_jacobian_input(W) -> np.ndarray:
    """Jacobian of z = W h + b with respect to h: W itself, shape (n_out, n_in) (a copy).

    Denominator-layout books write dz/dh = W^T (n_in, n_out); transpose to convert.
    """
    return as_array(W, "W", ndim=2).copy()


def affine_jacobian_bias(b) -> np.ndarray:
    """Jacobian of z = W h + b with respect to b: the identity, shape (n_out, n_out), dtype of b."""
    b = as_array(b, "b", ndim=1)
    return np.eye(b.shape[0], dtype=b.dtype)


def affine_jacobians(W, b) -> tuple[np.ndarray, np.ndarray]:
    """(dz/dh, dz/db) = (W, I) for z = W h + b. W: (n_out, n_in), b: (n_out,)."""
    W = as_array(W, "W", ndim=2)
    b = as_array(b, "b", ndim=1)
    check_shape(b, "b", (W.shape[0],), hint="b has one entry per output (row of W).")
    return affine_jacobian_input(W), affine_jacobian_bias(b)


def affine_vjp(W, V) -> np.ndarray:
    """W^T v for each output-gradient v: V (n_out,) -> (n_in,), or V (B, n_out) -> V @ W (B, n_in).

    This is dL/dh for z = W h + b when V holds dL/dz (one row per example). The VJP with
    respect to b is V itself.
    """
    W = as_array(W, "W", ndim=2)
    V = as_array(V, "V", ndim=(1, 2))
    if V.shape[-1] != W.shape[0]:
        raise ValueError(f"V must have n_out = {W.shape[0]} entries per row (W has shape "
                         f"{shape_str(W.shape)}), got shape {shape_str(V.shape)}.")
    return V @ W


# --------------------------------------------------------------------------- elementwise maps

def elementwise_jacobian(z, activation: str) -> np.ndarray:
    """Dense Jacobian diag(g'(z)) of a = g(z): z (n,) -> (n, n).

    For teaching only: it stores n^2 numbers of which n are nonzero. Use elementwise_vjp.
    """
    z = as_array(z, "z", ndim=1)
    return np.diag(activation_prime(z, activation))


def sigmoid_jacobian(z) -> np.ndarray:
    """diag(s(z) (1 - s(z))): z (n,) -> (n, n)."""
    return elementwise_jacobian(z, "sigmoid")


def tanh_jacobian(z) -> np.ndarray:
    """diag(1 - tanh(z)^2): z (n,) -> (n, n)."""
    return elementwise_jacobian(z, "tanh")


def relu_jacobian(z) -> np.ndarray:
    """diag(1[z > 0]): z (n,) -> (n, n)."""
    return elementwise_jacobian(z, "relu")


def elementwise_vjp(z, v, activation: str) -> np.ndarray:
    """diag(g'(z)) v without the matrix: v * g'(z). z and v of the same (any) shape."""
    z = as_array(z, "z")
    v = as_array(v, "v")
    if v.shape != z.shape:
        raise ValueError(f"v must have the shape of z, {shape_str(z.shape)}, got {shape_str(v.shape)}.")
    return v * activation_prime(z, activation)


# --------------------------------------------------------------------------- softmax

def softmax_jacobian(z) -> np.ndarray:
    """Jacobian diag(p) - p p^T of p = softmax(z).

    z: (n,) -> (n, n); or a batch (B, n) -> (B, n, n), one Jacobian per row. Symmetric; each
    row sums to 0 (the probabilities always sum to 1).
    """
    z = as_array(z, "z", ndim=(1, 2))
    p = activations.softmax(z)
    eye = np.eye(z.shape[-1], dtype=z.dtype)
    return p[..., :, None] * eye - p[..., :, None] * p[..., None, :]


def softmax_vjp(z, v) -> np.ndarray:
    """J^T v for p = softmax(z), without J: p * (v - <v, p>), row by row.

    z, v: (n,) or (B, n) of the same shape; returns that shape. Cost O(n) per row, not O(n^2).
    """
    z = as_array(z, "z", ndim=(1, 2))
    v = as_array(v, "v", ndim=(1, 2))
    if v.shape != z.shape:
        raise ValueError(f"v must have the shape of z, {shape_str(z.shape)}, got {shape_str(v.shape)}.")
    p = activations.softmax(z)
    return p * (v - np.sum(v * p, axis=-1, keepdims=True))


def xent_logit_grad(z, y) -> np.ndarray:
    """Gradient of -log softmax(z)_y with respect to the logits: p - onehot(y).

    z: (n,) with an integer label y; or (B, n) with labels y of shape (B,): one gradient per
    row, for the per-example losses (no batch mean).
    """
    z = as_array(z, "z", ndim=(1, 2))
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}.")
    if y.shape != z.shape[:-1]:
        raise ValueError(f"y must have shape {shape_str(z.shape[:-1])} (one label per row of z), "
                         f"got {shape_str(y.shape)}.")
    n = z.shape[-1]
    if np.any((y < 0) | (y >= n)):
        raise ValueError(f"labels must lie in 0..{n - 1}, got values in {int(y.min())}..{int(y.max())}.")
    g = activations.softmax(z)
    if z.ndim == 1:
        g[int(y)] -= 1
    else:
        g[np.arange(z.shape[0]), y] -= 1
    return g


# --------------------------------------------------------------------------- layers

def layer_jacobian(W, h, activation: str) -> np.ndarray:
    """Jacobian of h' = g(W h) with respect to h: diag(g'(W h)) W, shape (n_out, n_in).

    Computed as g'(W h)[:, None] * W (row scaling), never as a dense diagonal times W.
    """
    W = as_array(W, "W", ndim=2)
    h = as_array(h, "h", ndim=1)
    check_shape(h, "h", (W.shape[1],), hint="h has one entry per column of W.")
    return activation_prime(W @ h, activation)[:, None] * W


def linear_grads_single(delta, h) -> tuple[np.ndarray, np.ndarray]:
    """(dL/dW, dL/db) = (delta h^T, delta) for one example of z = W h + b.

    delta: dL/dz, shape (n_out,); h: the layer input, shape (n_in,).
    Returns dW of shape (n_out, n_in) (the outer product) and db of shape (n_out,).
    """
    delta = as_array(delta, "delta", ndim=1)
    h = as_array(h, "h", ndim=1)
    return np.outer(delta, h).astype(np.result_type(delta, h), copy=False), delta.copy()


def linear_grads_batch(Delta, A, reduction: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """(dL/dW, dL/db) of a batch for Z = A @ W.T + b and L = mean (or sum) of per-example losses.

    Delta: (B, n_out), row i is d loss_i / d z_i (the per-example deltas, no 1/B in them).
    A: (B, n_in), row i the input of example i.
    "mean": dW = Delta.T @ A / B (n_out, n_in), db = Delta.mean(axis=0) (n_out,);
    "sum": the same without 1/B. (Lesson 03 folds 1/B into dZ at the loss instead, so its
    linear_backward is dZ.T @ A; the numbers are the same.)
    """
    check_choice(reduction, "reduction", ("mean", "sum"))
    Delta = as_array(Delta, "Delta", ndim=2)
    A = as_array(A, "A", ndim=2)
    if A.shape[0] != Delta.shape[0]:
        raise ValueError(f"Delta and A must have the same batch size (first axis), got "
                         f"{shape_str(Delta.shape)} and {shape_str(A.shape)}.")
    dW = Delta.T @ A
    db = Delta.sum(axis=0)
    if reduction == "mean":
        B = Delta.shape[0]
        dW = dW / B
        db = db / B
    dtype = np.result_type(Delta, A)
    return dW.astype(dtype, copy=False), db.astype(dtype, copy=False)


# --------------------------------------------------------------------------- Hessian-vector products

def _regression_inputs(W, X, y):
    W = as_array(W, "W", ndim=2)
    X = as_array(X, "X", ndim=2)
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X must have n_in = {W.shape[1]} columns (W has shape {shape_str(W.shape)}), "
                         f"got {shape_str(X.shape)}.")
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer) or y.shape != (X.shape[0],):
        raise ValueError(f"y must be integer labels of shape ({X.shape[0]},), got dtype {y.dtype} "
                         f"and shape {shape_str(y.shape)}.")
    if np.any((y < 0) | (y >= W.shape[0])):
        raise ValueError(f"labels must lie in 0..{W.shape[0] - 1}.")
    return W, X, y


def softmax_regression_loss_grad(W, X, y) -> tuple[float, np.ndarray]:
    """Loss and gradient of softmax regression, L(W) = mean_i -log softmax(W x_i)_{y_i}.

    W: (C, n_in), X: (B, n_in), y: (B,) integer labels. Returns (L, dL/dW) with
    dL/dW = (P - Y)^T X / B of shape (C, n_in).
    """
    W, X, y = _regression_inputs(W, X, y)
    Z = X @ W.T
    logp = activations.log_softmax(Z)
    B = X.shape[0]
    loss = float(-logp[np.arange(B), y].mean())
    G = np.exp(logp)
    G[np.arange(B), y] -= 1
    return loss, (G.T @ X) / B


def softmax_regression_hvp(W, X, y, V) -> np.ndarray:
    """Hessian-vector product H V of softmax regression's loss, without forming H.

    Differentiates the gradient (P - Y)^T X / B along the direction V (shape of W):
    dZ = X V^T, dP = softmax_vjp-like product P * (dZ - <dZ, P>) (the softmax Jacobian is
    symmetric), and H V = dP^T X / B, shape (C, n_in). Cost: about two gradient evaluations;
    H itself would have (C n_in)^2 entries.
    """
    W, X, y = _regression_inputs(W, X, y)
    V = as_array(V, "V", ndim=2)
    check_shape(V, "V", W.shape, hint="V is a direction in parameter space, shaped like W.")
    Z = X @ W.T
    dZ = X @ V.T
    dP = softmax_vjp(Z, dZ)
    return (dP.T @ X) / X.shape[0]
