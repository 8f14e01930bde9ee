"""Layers as forward/backward pairs with explicit caches, and the same layers as objects.

Batch-first: a batch is an array of shape (B, n), one example per row.

Functional pairs (what backward needs travels in `cache`):

    Z, cache = linear_forward(A, W, b)      Z = A @ W.T + b
    dA, dW, db = linear_backward(dZ, cache) dA = dZ @ W,  dW = dZ.T @ A,  db = dZ.sum(0)
    A, cache = relu_forward(Z)              A = max(Z, 0)
    dZ = relu_backward(dA, cache)           dZ = dA * 1[Z > 0]
    (and the same for sigmoid, tanh, identity)

`dZ` is the batch of errors delta^l stacked as rows; if the loss is already a batch mean,
dW and db are sums over the rows (no second division by B).

Objects (`Linear`, `ReLU`, `Sigmoid`, `Tanh`, `Identity`) wrap the pairs: `forward(A)`
keeps the cache, `backward(dOut)` returns the gradient with respect to the input and, for
`Linear`, writes `dW` and `db` into the arrays kept next to `W` and `b`: the same arrays at
every step, so a list from `gradients()` taken once (even before the first backward) always
holds the latest gradients. Copy them (`[g.copy() for g in layer.gradients()]`) to keep
the values of one step.

Dtypes. float32 and float64 both work. A functional pair computes in numpy's promoted dtype
of all the float arrays it is given (the cache included) and returns every output in it:
float32 only if all of them are float32, otherwise float64. So `linear_forward` with a
float32 W and a float64 A returns a float64 Z, and `linear_backward` then returns float64
dA, dW, db. A `Linear` object keeps the dtype it was made with for W, b, dW and db (a
float64 batch is accepted; the gradients are cast when they are written into dW, db); what
its forward and backward return follows the rule above.
"""

from __future__ import annotations

import numpy as np

from backprop._validate import as_array, check_rng, check_shape, shape_str
from backprop.activations import ACTIVATION_NAMES, get_activation
from backprop._weights import initial_weights

__all__ = [
    "linear_forward", "linear_backward",
    "relu_forward", "relu_backward", "sigmoid_forward", "sigmoid_backward",
    "tanh_forward", "tanh_backward", "identity_forward", "identity_backward",
    "Linear", "ReLU", "Sigmoid", "Tanh", "Identity", "ACTIVATIONS", "make_activation",
]


# --------------------------------------------------------------------------- linear

def linear_forward(A, W, b):
    """Affine layer on a batch: Z = A @ W.T + b.

    A: (B, n_in), W: (n_out, n_in), b: (n_out,)  ->  Z: (B, n_out), cache = (A, W).
    Per example this is z = W a + b with column vectors.
    """
    A = as_array(A, "A", ndim=2)
    W = as_array(W, "W", ndim=2)
    b = as_array(b, "b", ndim=1)
    check_shape(W, "W", (None, A.shape[1]),
                hint=f"W is (n_out, n_in) and A is (B, n_in) = {shape_str(A.shape)}.")
    check_shape(b, "b", (W.shape[0],), hint=f"b has one entry per row of W {shape_str(W.shape)}.")
    A_, W_, b_ = _promote(A, W, b)
    Z = A_ @ W_.T
    Z += b_
    return Z, (A, W)


def _promote(*arrays):
    """The arrays in their common dtype (float64 if any is float64), converting only if mixed."""
    dtype = np.result_type(*arrays)
    return [x if x.dtype == dtype else x.astype(dtype) for x in arrays]


def _check_cache(cache, fn: str, forward: str, what: str):
    """Raise TypeError unless `cache` looks like what `forward` returns as its cache."""
    if cache is None:
        raise TypeError(f"{fn}: cache is None. Pass the cache that {forward} returned "
                        f"({what}), e.g. out, cache = {forward}(...) before {fn}(dout, cache).")


def _linear_backward_inputs(dZ, cache):
    """Checked (A, W, dZ) for linear_backward, all in their common dtype."""
    _check_cache(cache, "linear_backward", "linear_forward", "the tuple (A, W)")
    if not (isinstance(cache, tuple) and len(cache) == 2):
        raise TypeError("linear_backward: cache must be the tuple (A, W) that linear_forward "
                        f"returned, got {type(cache).__name__}"
                        f"{' of length ' + str(len(cache)) if isinstance(cache, (tuple, list)) else ''}.")
    A = as_array(cache[0], "cache[0] (A)", ndim=2)
    W = as_array(cache[1], "cache[1] (W)", ndim=2)
    dZ = as_array(dZ, "dZ", ndim=2)
    check_shape(dZ, "dZ", (A.shape[0], W.shape[0]),
                hint="dZ has the shape of the forward output Z = A @ W.T + b.")
    return _promote(A, W, dZ)


def linear_backward(dZ, cache):
    """Backward of Z = A @ W.T + b, given dZ = dL/dZ (the deltas, one row per example).

    dZ: (B, n_out), cache = (A, W) from linear_forward  ->
    dA = dZ @ W: (B, n_in),  dW = dZ.T @ A: (n_out, n_in),  db = dZ.sum(axis=0): (n_out,).
    dW and db sum the per-example outer products delta a^T and deltas over the batch.
    """
    A, W, dZ = _linear_backward_inputs(dZ, cache)
    dA = dZ @ W
    dW = dZ.T @ A
    db = dZ.sum(axis=0)
    return dA, dW, db


# ---------------------------------------------------------------------- activations

def _activation_inputs(dA, cache, act: str, what: str):
    """Checked (dA, cache array) for <act>_backward, both in their common dtype."""
    fn, forward = f"{act}_backward", f"{act}_forward"
    _check_cache(cache, fn, forward, what)
    try:
        cached = as_array(cache, "cache")
    except TypeError:
        raise TypeError(f"{fn}: cache must be the array ({what}) that {forward} returned, got "
                        f"{type(cache).__name__}.") from None
    dA = as_array(dA, "dA")
    if dA.shape != cached.shape:
        raise ValueError(f"dA must have the shape of the forward output "
                         f"{shape_str(cached.shape)}, got {shape_str(dA.shape)}.")
    return _promote(dA, cached)


def relu_forward(Z):
    """A = max(Z, 0) elementwise. Z: any shape -> A: same shape; cache = Z."""
    Z = as_array(Z, "Z")
    return np.maximum(Z, Z.dtype.type(0)), Z


def relu_backward(dA, cache):
    """dZ = dA * 1[Z > 0] (ReLU's derivative at the pre-activation). dA: shape of Z."""
    dA, Z = _activation_inputs(dA, cache, "relu", "the pre-activation Z")
    return dA * (Z > 0)          # a boolean mask multiplies as 0/1, keeping dA's dtype


def sigmoid_forward(Z):
    """A = 1 / (1 + exp(-Z)) elementwise (stable). Z: any shape -> A; cache = A.

    The cache holds the output because sigma'(z) = sigma(z) (1 - sigma(z)) = a (1 - a):
    that is sigma' evaluated at z, written with the value already computed.
    """
    from backprop.activations import sigmoid
    A = sigmoid(Z)
    return A, A


def sigmoid_backward(dA, cache):
    """dZ = dA * a (1 - a), where a = sigmoid(z) was cached by sigmoid_forward."""
    dA, A = _activation_inputs(dA, cache, "sigmoid", "the output A = sigmoid(Z)")
    return dA * A * (1 - A)


def tanh_forward(Z):
    """A = tanh(Z) elementwise. Z: any shape -> A; cache = A (tanh'(z) = 1 - a^2)."""
    A = np.tanh(as_array(Z, "Z"))
    return A, A


def tanh_backward(dA, cache):
    """dZ = dA * (1 - a^2), where a = tanh(z) was cached by tanh_forward."""
    dA, A = _activation_inputs(dA, cache, "tanh", "the output A = tanh(Z)")
    return dA * (1 - A * A)


def identity_forward(Z):
    """A = Z (a linear output layer). cache = the shape of Z, for checking dA."""
    Z = as_array(Z, "Z")
    return Z, Z.shape


def identity_backward(dA, cache):
    """dZ = dA: the identity's derivative is 1. cache: the shape identity_forward returned."""
    _check_cache(cache, "identity_backward", "identity_forward", "the shape of Z")
    try:
        cache = tuple(int(n) for n in cache)
    except (TypeError, ValueError):
        raise TypeError("identity_backward: cache must be the shape (a tuple of ints) that "
                        f"identity_forward returned, got {type(cache).__name__}.") from None
    dA = as_array(dA, "dA")
    if dA.shape != cache:
        raise ValueError(f"dA must have the shape of the forward output {shape_str(cache)}, "
                         f"got {shape_str(dA.shape)}.")
    return dA


# --------------------------------------------------------------------------- objects

class Layer:
    """Base class: a layer maps a batch forward and a gradient backward."""

    def forward(self, A):
        raise NotImplementedError

    def backward(self, dOut):
        raise NotImplementedError

    def __call__(self, A):
        return self.forward(A)

    def parameters(self) -> list[np.ndarray]:
        """The layer's parameter arrays (none for an activation)."""
        return []

    def gradients(self) -> list[np.ndarray]:
        """Gradients aligned with parameters(), written into in place by backward()."""
        return []


class Linear(Layer):
    """Z = A @ W.T + b with W: (n_out, n_in), b: (n_out,); backward fills dW and db.

    `init` names a variance-scaling scheme (default "he_normal"; `backprop._weights.SCHEMES`); b starts
    at 0. `rng` is a numpy Generator or an int seed.
    """

    def __init__(self, n_in: int, n_out: int, init: str = "he_normal", rng=None,
                 dtype=np.float64, gain: float = 1.0):
        n_in, n_out = int(n_in), int(n_out)
        if n_in < 1 or n_out < 1:
            raise ValueError(f"n_in and n_out must be >= 1, got n_in={n_in}, n_out={n_out}.")
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {dtype}.")
        rng = check_rng(rng)
        self.n_in, self.n_out = n_in, n_out
        self.W = initial_weights(init, (n_out, n_in), rng, gain=gain, dtype=dtype)
        self.b = np.zeros(n_out, dtype=dtype)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.cache = None

    def forward(self, A):
        """A: (B, n_in) -> Z: (B, n_out); keeps (A, W) for backward."""
        Z, self.cache = linear_forward(A, self.W, self.b)
        return Z

    def backward(self, dZ):
        """dZ: (B, n_out) -> dA: (B, n_in); stores dW (n_out, n_in) and db (n_out,)."""
        if self.cache is None:
            raise RuntimeError("Linear.backward called before forward.")
        A, W, dZ = _linear_backward_inputs(dZ, self.cache)
        self.dW = _write(self.dW, dZ.T, A, self.W)      # dZ.T @ A, into the same array
        self.db = _write_sum(self.db, dZ, self.b)       # dZ.sum(axis=0)
        return dZ @ W

    def parameters(self):
        return [self.W, self.b]

    def gradients(self):
        """[dW, db]: the arrays backward writes into (the same ones at every step)."""
        return [self.dW, self.db]

    def __repr__(self):
        return f"Linear({self.n_in}, {self.n_out}, dtype={self.W.dtype})"


def _gradient_array(grad, param):
    """`grad` if it can be written into as the gradient of `param`, else a new array like it."""
    ok = (isinstance(grad, np.ndarray) and grad.shape == param.shape and grad.dtype == param.dtype
          and grad.flags.writeable)
    return grad if ok else np.empty_like(param)


def _write(dW, dZ_T, A, W):
    """dZ_T @ A written into dW (kept if it is still an array of W's shape and dtype)."""
    dW = _gradient_array(dW, W)
    if dZ_T.dtype == dW.dtype:
        np.matmul(dZ_T, A, out=dW)
    else:
        dW[...] = dZ_T @ A
    return dW


def _write_sum(db, dZ, b):
    """dZ.sum(axis=0) written into db (kept if it is still an array of b's shape and dtype)."""
    db = _gradient_array(db, b)
    if dZ.dtype == db.dtype:
        np.sum(dZ, axis=0, out=db)
    else:
        db[...] = dZ.sum(axis=0)
    return db


class _Activation(Layer):
    _forward = None
    _backward = None
    name = ""

    def __init__(self):
        self.cache = None

    def forward(self, Z):
        A, self.cache = type(self)._forward(Z)
        return A

    def backward(self, dA):
        if self.cache is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward.")
        return type(self)._backward(dA, self.cache)

    def __repr__(self):
        return f"{type(self).__name__}()"


class ReLU(_Activation):
    """A = max(Z, 0); backward multiplies by 1[Z > 0]."""
    _forward = staticmethod(relu_forward)
    _backward = staticmethod(relu_backward)
    name = "relu"


class Sigmoid(_Activation):
    """A = sigmoid(Z); backward multiplies by a (1 - a)."""
    _forward = staticmethod(sigmoid_forward)
    _backward = staticmethod(sigmoid_backward)
    name = "sigmoid"


class Tanh(_Activation):
    """A = tanh(Z); backward multiplies by 1 - a^2."""
    _forward = staticmethod(tanh_forward)
    _backward = staticmethod(tanh_backward)
    name = "tanh"


class Identity(_Activation):
    """A = Z; backward passes the gradient through."""
    _forward = staticmethod(identity_forward)
    _backward = staticmethod(identity_backward)
    name = "identity"


_LAYER_CLASSES = {cls.name: cls for cls in (Identity, ReLU, Sigmoid, Tanh)}

# Every name backprop.activations.get_activation accepts -> its layer class ("linear" is Identity).
ACTIVATIONS = {name: _LAYER_CLASSES[get_activation(name).name] for name in ACTIVATION_NAMES}


def make_activation(name: str) -> Layer:
    """A new activation layer from its name: "relu", "sigmoid", "tanh", "identity"/"linear".

    Names are resolved by backprop.activations.get_activation (TypeError for a non-str,
    ValueError listing the valid names for an unknown one).
    """
    return _LAYER_CLASSES[get_activation(name).name]()
