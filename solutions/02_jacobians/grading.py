"""Grading spec of lesson 02 (Jacobians and the vector chain rule). Instructor-only.

One Exercise per graded test cell. References come from `backprop.jacobians`, which
tests/package/test_jacobians.py checks against central differences; the numerical-Jacobian
exercise is compared with the closed-form Jacobian of the function it differentiates.
Hidden cases vary shapes (1 x n, n x 1, square so that a transpose keeps the shape), use a
batch of 1, float32 inputs, exact zeros for ReLU and large logits for softmax.
"""

import numpy as np

import runpy
from pathlib import Path

from autograder.spec import Case, Exercise
from backprop import activations
from backprop_reference import jacobians as ref

LESSON = "02_jacobians"
F32 = np.float32


def normal(rng, *shape, scale=1.0, dtype=np.float64):
    return (rng.normal(size=shape) * scale).astype(dtype)


# --------------------------------------------------------------------------- 1 numerical Jacobian

def _nj_inputs(n, m):
    return lambda rng: dict(M=normal(rng, m, n, scale=1.5), c=normal(rng, m), x0=normal(rng, n))


def _nj_reference(M, c, x0):
    """Closed-form Jacobian of f(x) = c * sin(M x) + (M x)^2 / 2: diag(c cos(Mx) + Mx) M."""
    z = M @ x0
    return (c * np.cos(z) + z)[:, None] * M


def _nj_mistakes(M, c, x0, h=1e-6):
    """The answers of a one-sided difference and of dividing by h instead of 2h."""
    f = lambda x: c * np.sin(M @ x) + 0.5 * (M @ x) ** 2   # noqa: E731
    eye = np.eye(x0.size)
    one_sided = np.stack([(f(x0 + h * e) - f(x0)) / h for e in eye], axis=1)
    return {"a one-sided difference (f(x + h) - f(x)) / h; use the central one": one_sided,
            "divided by h instead of 2 h": 2 * _nj_reference(M, c, x0)}


NUMERICAL_JACOBIAN = Exercise(
    cell="test_numerical_jacobian",
    call="result = numerical_jacobian(lambda x: c * np.sin(M @ x) + 0.5 * (M @ x) ** 2, x0)",
    name="numerical_jacobian(f, x0)",
    reference=_nj_reference,
    mistakes=_nj_mistakes,
    cases=[
        Case("f: R^3 -> R^4", _nj_inputs(3, 4)),
        Case("f: R^1 -> R^3", _nj_inputs(1, 3), hidden=True),
        Case("f: R^5 -> R^1", _nj_inputs(5, 1), hidden=True),
        Case("f: R^4 -> R^4 (square)", _nj_inputs(4, 4), hidden=True),
        Case("f: R^7 -> R^2", _nj_inputs(7, 2), hidden=True),
    ],
    # central differences with h = 1e-6 are good to ~1e-9 here; a forward difference is off by ~1e-6
    rtol=1e-7, atol=1e-8,
    forbidden=("backprop_reference.gradcheck.numerical_jacobian", "backprop_reference.gradcheck.numerical_gradient",
               "backprop_reference.gradcheck.numerical_vjp"),
)


# --------------------------------------------------------------------------- 2 affine map

def _affine_inputs(n_out, n_in, dtype=np.float64):
    return lambda rng: dict(W=normal(rng, n_out, n_in, dtype=dtype), b=normal(rng, n_out, dtype=dtype))


AFFINE_JACOBIANS = Exercise(
    cell="test_affine_jacobians",
    call="affine_jacobians(W, b)",
    names=("J_h (dz/dh)", "J_b (dz/db)"),
    reference=lambda W, b: ref.affine_jacobians(W, b),
    cases=[
        Case("W (2, 3)", _affine_inputs(2, 3)),
        Case("W (4, 4) (square)", _affine_inputs(4, 4), hidden=True),
        Case("W (1, 5)", _affine_inputs(1, 5), hidden=True),
        Case("W (5, 1)", _affine_inputs(5, 1), hidden=True),
        Case("float32 W (3, 2)", _affine_inputs(3, 2, F32), hidden=True),
    ],
    rtol=1e-6, atol=1e-8,
    forbidden=("backprop_reference.jacobians.affine_jacobians", "backprop_reference.jacobians.affine_jacobian_input",
               "backprop_reference.jacobians.affine_jacobian_bias"),
)


# --------------------------------------------------------------------------- 3 elementwise activations

def _z_inputs(n, scale=2.0, zeros=0, dtype=np.float64):
    def make(rng):
        z = normal(rng, n, scale=scale, dtype=dtype)
        z[:zeros] = 0.0
        return dict(z=z)
    return make


def _large_logits(n, scale):
    """Logits of size `scale` with one entry exactly +scale, so exp overflows for every draw
    (hidden inputs are salted per student: a case must hold for any seed)."""
    def make(rng):
        z = normal(rng, n, scale=scale)
        z[rng.integers(n)] = scale
        return dict(z=z)
    return make


ELEMENTWISE_JACOBIANS = Exercise(
    cell="test_elementwise_jacobians",
    call="(sigmoid_jacobian(z), relu_jacobian(z))",
    names=("sigmoid_jacobian(z)", "relu_jacobian(z)"),
    reference=lambda z: (ref.sigmoid_jacobian(z), ref.relu_jacobian(z)),
    cases=[
        Case("z of length 5", _z_inputs(5)),
        Case("z of length 1", _z_inputs(1), hidden=True),
        Case("z of length 8 with exact zeros (relu'(0) = 0)", _z_inputs(8, zeros=3), hidden=True),
        Case("saturated sigmoid, |z| up to ~30", _z_inputs(6, scale=12.0), hidden=True),
        Case("float32 z", _z_inputs(6, dtype=F32), hidden=True),
    ],
    rtol=1e-5, atol=1e-8,
    forbidden=("backprop_reference.jacobians.sigmoid_jacobian", "backprop_reference.jacobians.relu_jacobian",
               "backprop_reference.jacobians.elementwise_jacobian"),
)


# --------------------------------------------------------------------------- 4 softmax Jacobian

SOFTMAX_JACOBIAN = Exercise(
    cell="test_softmax_jacobian",
    call="softmax_jacobian(z)",
    reference=lambda z: ref.softmax_jacobian(z),
    mistakes=lambda z: {"only diag(p): the - p p^T term is missing": np.diag(activations.softmax(z)),
                        "diag(p (1 - p)): the off-diagonal entries -p_i p_j are missing":
                            np.diag(activations.softmax(z) * (1 - activations.softmax(z))),
                        "p @ p.T is a dot product (one number) for a 1-D p; the outer product is np.outer(p, p)":
                            np.diag(activations.softmax(z)) - activations.softmax(z) @ activations.softmax(z)},
    cases=[
        Case("z of length 4", _z_inputs(4, scale=1.0)),
        Case("z of length 1", _z_inputs(1), hidden=True),
        Case("z of length 7", _z_inputs(7), hidden=True),
        Case("large logits (|z| ~ 1000)", _large_logits(5, scale=1000.0), hidden=True),
        Case("float32 z", _z_inputs(6, dtype=F32), hidden=True),
    ],
    rtol=1e-5, atol=1e-8,
    forbidden=("backprop_reference.jacobians.softmax_jacobian",),
)


# --------------------------------------------------------------------------- 5 affine and sigmoid VJPs

def _vjp_inputs(B, n_out, n_in, dtype=np.float64):
    return lambda rng: dict(W=normal(rng, n_out, n_in, dtype=dtype), V=normal(rng, B, n_out, dtype=dtype),
                            Z=normal(rng, B, n_in, scale=2.0, dtype=dtype),
                            U=normal(rng, B, n_in, dtype=dtype))


AFFINE_SIGMOID_VJP = Exercise(
    cell="test_affine_sigmoid_vjp",
    call="(affine_vjp(W, V), sigmoid_vjp(Z, U))",
    names=("affine_vjp(W, V)", "sigmoid_vjp(Z, U)"),
    reference=lambda W, V, Z, U: (ref.affine_vjp(W, V), ref.elementwise_vjp(Z, U, "sigmoid")),
    batch_size="V",
    cases=[
        Case("B=3, W (2, 4)", _vjp_inputs(3, 2, 4)),
        Case("batch of 1", _vjp_inputs(1, 3, 2), hidden=True),
        Case("square W (5, 5), B=5", _vjp_inputs(5, 5, 5), hidden=True),
        Case("B=64, W (128, 256)", _vjp_inputs(64, 128, 256), hidden=True),
        Case("float32", _vjp_inputs(4, 3, 6, F32), hidden=True),
    ],
    rtol=1e-5, atol=1e-8,
    forbidden=("backprop_reference.jacobians.affine_vjp", "backprop_reference.jacobians.elementwise_vjp"),
)


# --------------------------------------------------------------------------- 6 softmax VJP

def _softmax_vjp_inputs(B, n, scale=1.0, dtype=np.float64):
    return lambda rng: dict(Z=normal(rng, B, n, scale=scale, dtype=dtype), V=normal(rng, B, n, dtype=dtype))


SOFTMAX_VJP = Exercise(
    cell="test_softmax_vjp",
    call="softmax_vjp(Z, V)",
    reference=lambda Z, V: ref.softmax_vjp(Z, V),
    mistakes=lambda Z, V: {
        "P * V: the outer-product term of the Jacobian is missing": activations.softmax(Z) * V,
        "p . v summed over the batch (axis=0) instead of along each row (axis=1)":
            activations.softmax(Z) * (V - np.sum(activations.softmax(Z) * V, axis=0, keepdims=True))},
    batch_size="Z",
    cases=[
        Case("B=3, n=4", _softmax_vjp_inputs(3, 4)),
        Case("batch of 1", _softmax_vjp_inputs(1, 6), hidden=True),
        Case("B = n = 5 (square)", _softmax_vjp_inputs(5, 5), hidden=True),
        Case("one class (n=1)", _softmax_vjp_inputs(4, 1), hidden=True),
        Case("large logits", _softmax_vjp_inputs(3, 6, scale=1000.0), hidden=True),
        Case("B=32, n=1000", _softmax_vjp_inputs(32, 1000), hidden=True),
        Case("float32", _softmax_vjp_inputs(4, 7, dtype=F32), hidden=True),
    ],
    rtol=1e-5, atol=1e-8,
    forbidden=("backprop_reference.jacobians.softmax_vjp",),
)


# --------------------------------------------------------------------------- 7-8 dL/dW of a linear layer

def _single_inputs(n_out, n_in, dtype=np.float64):
    return lambda rng: dict(delta=normal(rng, n_out, dtype=dtype), h=normal(rng, n_in, dtype=dtype))


LINEAR_GRADS_SINGLE = Exercise(
    cell="test_linear_grads_single",
    call="linear_grads_single(delta, h)",
    names=("dW", "db"),
    reference=lambda delta, h: ref.linear_grads_single(delta, h),
    cases=[
        Case("n_out=2, n_in=3", _single_inputs(2, 3)),
        Case("square, n_out = n_in = 3", _single_inputs(3, 3), hidden=True),
        Case("one output", _single_inputs(1, 4), hidden=True),
        Case("one input", _single_inputs(4, 1), hidden=True),
        Case("float32", _single_inputs(3, 5, F32), hidden=True),
    ],
    rtol=1e-5, atol=1e-8,
    forbidden=("backprop_reference.jacobians.linear_grads_single",),
)


def _batch_inputs(B, n_out, n_in, dtype=np.float64):
    return lambda rng: dict(D=normal(rng, B, n_out, dtype=dtype), A=normal(rng, B, n_in, dtype=dtype))


LINEAR_GRADS_BATCH = Exercise(
    cell="test_linear_grads_batch",
    call="linear_grads_batch(D, A)",
    names=("dW", "db"),
    reference=lambda D, A: ref.linear_grads_batch(D, A),
    mistakes=lambda D, A: {
        "the batch mean is missing: D has no 1/B in it, so divide both sums by B here":
            (D.T @ A, D.sum(axis=0))},
    batch_size="D",
    cases=[
        Case("B=4, n_out=2, n_in=3", _batch_inputs(4, 2, 3)),
        Case("batch of 1", _batch_inputs(1, 3, 2), hidden=True),
        Case("B = n_out = n_in = 3", _batch_inputs(3, 3, 3), hidden=True),
        Case("B=50, n_out=5, n_in=7", _batch_inputs(50, 5, 7), hidden=True),
        Case("float32, B=6", _batch_inputs(6, 4, 3, F32), hidden=True),
    ],
    rtol=1e-5, atol=1e-8,
    forbidden=("backprop_reference.jacobians.linear_grads_batch", "backprop.layers.linear_backward"),
)


# --------------------------------------------------------------------------- by-hand answers

by_hand = runpy.run_path(str(Path(__file__).parents[1] / "answer_cells.py"))["by_hand"]

Z_BY_HAND = np.array([0.0, np.log(3.0)])               # softmax(Z_BY_HAND) = (1/4, 3/4)
D_BY_HAND = np.array([[1.0, 0.0], [0.0, 2.0]])
A_BY_HAND = np.array([[1.0, 2.0, 0.0], [3.0, 0.0, 1.0]])


def _softmax_mistakes():
    p = activations.softmax(Z_BY_HAND)
    return {"only diag(p): the -p_i p_j term (the derivative of the shared denominator) is missing": np.diag(p),
            "diag(p (1 - p)) only: the off-diagonal entries -p_i p_j are missing": np.diag(p * (1 - p)),
            "the off-diagonal entries have the wrong sign: +p_i p_j, but raising z_j lowers every other p_i":
                np.diag(p * (1 - p)) + np.outer(p, p) - np.diag(p * p)}


def _vjp_mistakes():
    p, v = activations.softmax(Z_BY_HAND), np.array([1.0, 0.0])
    return {"p * v: the -p (p . v) term is missing": p * v,
            "(p . v) p: only the outer-product term, and with the sign of diag(p) v missing": -p * (p @ v)}


SOFTMAX_JACOBIAN_BY_HAND = by_hand(
    "test_softmax_jacobian_by_hand", "J_by_hand", ["J_by_hand()"],
    lambda: ref.softmax_jacobian(Z_BY_HAND), mistakes=_softmax_mistakes)
SOFTMAX_VJP_BY_HAND = by_hand(
    "test_softmax_vjp_by_hand", "vjp_by_hand", ["vjp_by_hand()"],
    lambda: ref.softmax_jacobian(Z_BY_HAND).T @ np.array([1.0, 0.0]), mistakes=_vjp_mistakes)
LINEAR_GRADS_BY_HAND = by_hand(
    "test_linear_grads_by_hand", "grads_by_hand", ["dW", "db"],
    lambda: ref.linear_grads_batch(D_BY_HAND, A_BY_HAND),
    mistakes=lambda: {"the batch mean is missing: the sums were not divided by B = 2":
                          (D_BY_HAND.T @ A_BY_HAND, D_BY_HAND.sum(axis=0)),
                      "each outer product taken the wrong way round (h_i delta_i^T): dW must have W's shape (2, 3)":
                          (A_BY_HAND.T @ D_BY_HAND / 2, D_BY_HAND.sum(axis=0) / 2)})


EXERCISES = [NUMERICAL_JACOBIAN, AFFINE_JACOBIANS, ELEMENTWISE_JACOBIANS, SOFTMAX_JACOBIAN_BY_HAND,
             SOFTMAX_JACOBIAN, AFFINE_SIGMOID_VJP, SOFTMAX_VJP_BY_HAND, SOFTMAX_VJP,
             LINEAR_GRADS_SINGLE, LINEAR_GRADS_BY_HAND, LINEAR_GRADS_BATCH]
