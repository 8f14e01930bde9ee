"""Elementwise activation functions, their derivatives, and a stable softmax.

Every function takes an array `z` of any shape (softmax and log_softmax work along the last
axis) and returns an array of the same shape and floating dtype: float32 stays float32.

    sigmoid(z)       = 1 / (1 + exp(-z))          no overflow for large |z|
    sigmoid_prime(z) = sigmoid(z) (1 - sigmoid(z))  at most 1/4, at z = 0
    tanh_prime(z)    = 1 - tanh(z)^2               at most 1, at z = 0
    relu(z)          = max(z, 0)
    relu_prime(z)    = 1[z > 0]                    (0 at z = 0, by convention)
    softmax(z)_k     = exp(z_k - m) / sum_j exp(z_j - m),  m = max_j z_j
    log_softmax(z)_k = (z_k - m) - log sum_j exp(z_j - m)

The derivatives take the *pre-activation* `z`, as in the backprop equation
`delta^l = (W^(l+1)^T delta^(l+1)) * g'(z^l)`.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array

__all__ = ["sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime",
           "softmax", "log_softmax"]


def sigmoid(z) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-z)), elementwise; same shape and dtype as `z`.

    Computed from e = exp(-|z|) <= 1, which never overflows: for z >= 0 it is 1 / (1 + e),
    for z < 0 it is e / (1 + e).
    """
    z = as_array(z, "z")
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0, e)      # numerator: 1 or e
    out /= 1.0 + e
    return out.astype(z.dtype, copy=False)


def sigmoid_prime(z) -> np.ndarray:
    """Derivative of the sigmoid at the pre-activation `z`: s(z) (1 - s(z)); shape of `z`."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z) -> np.ndarray:
    """Hyperbolic tangent, elementwise (numpy's, here for symmetry with the others)."""
    return np.tanh(as_array(z, "z"))


def tanh_prime(z) -> np.ndarray:
    """Derivative of tanh at the pre-activation `z`: 1 - tanh(z)^2; shape of `z`."""
    t = np.tanh(as_array(z, "z"))
    return 1.0 - t * t


def relu(z) -> np.ndarray:
    """Rectified linear unit max(z, 0), elementwise; same shape and dtype as `z`."""
    z = as_array(z, "z")
    return np.maximum(z, z.dtype.type(0))


def relu_prime(z) -> np.ndarray:
    """Derivative of ReLU at the pre-activation `z`: the indicator 1[z > 0] (0 at z = 0)."""
    z = as_array(z, "z")
    return (z > 0).astype(z.dtype)


def _at_least_1d(z) -> np.ndarray:
    z = as_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z must have at least 1 dimension (softmax works along the last axis), "
                         "got a single number.")
    return z


def softmax(z) -> np.ndarray:
    """Softmax along the last axis: each row of a (B, C) array becomes probabilities.

    Subtracting the row maximum first leaves the result unchanged (it cancels between
    numerator and denominator) and keeps every exponent <= 0, so logits of 1e4 are fine.
    Output: same shape and dtype as `z`, rows summing to 1.
    """
    z = _at_least_1d(z)
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def log_softmax(z) -> np.ndarray:
    """log(softmax(z)) along the last axis, without ever taking log of 0 or exp of a big number.

    log_softmax(z)_k = (z_k - m) - log sum_j exp(z_j - m) with m the row maximum; the sum
    is >= 1 because one of its terms is exp(0). Output: same shape and dtype as `z`.
    """
    z = _at_least_1d(z)
    shifted = z - z.max(axis=-1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted
