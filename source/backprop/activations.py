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

The registry. Every module that lets you choose a hidden-layer activation by name (the
layers and `MLP`, `jacobians.activation_prime`, `variance`, the lesson-04 explorer, the
grading specs) looks it up here, so they all accept the same names:

    spec = get_activation("tanh")      # an Activation: spec.g(z), spec.prime(z)
    get_activation("linear").name      # 'identity': aliases are resolved here, once
    ACTIVATION_NAMES                   # every accepted name, aliases included

An unknown name raises ValueError listing the accepted names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop._validate import as_array, check_choice

__all__ = ["sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime",
           "identity", "identity_prime", "softmax", "log_softmax",
           "Activation", "REGISTRY", "ALIASES", "ACTIVATION_NAMES", "get_activation"]


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


def identity(z) -> np.ndarray:
    """g(z) = z (a linear layer's "activation"); a floating array of z's shape and dtype."""
    return as_array(z, "z")


def identity_prime(z) -> np.ndarray:
    """Derivative of the identity: ones of z's shape and dtype."""
    return np.ones_like(as_array(z, "z"))


# ------------------------------------------------------------------------- the registry

@dataclass(frozen=True)
class Activation:
    """One elementwise activation g with its derivative g' (taken at the pre-activation).

    g, prime: arrays of any shape -> arrays of the same shape and dtype.
    homogeneous: g(c z) = c g(z) for every c > 0 (identity, ReLU), which lets variance
    calculations carry a scale factor separately from the values.
    """
    name: str
    g: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray]
    homogeneous: bool = False

    def __call__(self, z) -> np.ndarray:
        return self.g(z)


REGISTRY: dict[str, Activation] = {
    a.name: a for a in (
        Activation("relu", relu, relu_prime, homogeneous=True),
        Activation("sigmoid", sigmoid, sigmoid_prime),
        Activation("tanh", tanh, tanh_prime),
        Activation("identity", identity, identity_prime, homogeneous=True),
    )
}
"""Canonical name -> Activation."""

ALIASES: dict[str, str] = {"linear": "identity"}
"""Other accepted name -> canonical name."""

ACTIVATION_NAMES: tuple[str, ...] = (*REGISTRY, *ALIASES)
"""Every name `get_activation` accepts: the canonical names, then the aliases."""


def get_activation(name, argument: str = "activation") -> Activation:
    """The Activation registered under `name` or one of its aliases ("linear" is "identity").

    Raises TypeError if `name` is not a str, ValueError (listing ACTIVATION_NAMES) if it
    is not registered; `argument` is the parameter name the messages use.
    """
    if not isinstance(name, str):
        raise TypeError(f"{argument} must be a name (str), got {type(name).__name__}.")
    check_choice(name, argument, ACTIVATION_NAMES)
    return REGISTRY[ALIASES.get(name, name)]


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
