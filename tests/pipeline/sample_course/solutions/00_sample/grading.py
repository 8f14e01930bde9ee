"""Trusted grading spec of the sample assignment (never released)."""

import numpy as np

from autograder.spec import Case, Exercise
from backprop import activations


def _batch(B, n_in, n_out, dtype=np.float64):
    def make(rng):
        return dict(A=rng.normal(size=(B, n_in)).astype(dtype), W=rng.normal(size=(n_out, n_in)).astype(dtype),
                    b=rng.normal(size=n_out).astype(dtype))
    return make


EXERCISES = [
    Exercise(
        cell="test_relu",
        call="relu(Z)",
        reference=lambda Z: activations.relu(Z),
        cases=[
            Case("a (3, 4) matrix", lambda rng: dict(Z=rng.normal(size=(3, 4)))),
            Case("a vector with zeros", lambda rng: dict(Z=np.array([0.0, -0.0, 1.0, -2.0])), hidden=True),
            Case("float32", lambda rng: dict(Z=rng.normal(size=(5,)).astype(np.float32)), hidden=True),
        ],
        forbidden=("backprop.activations.relu",),
    ),
    Exercise(
        cell="test_affine",
        call="affine(A, W, b)",
        reference=lambda A, W, b: A @ W.T + b,
        cases=[
            Case("batch of 4, 3 -> 2", _batch(4, 3, 2)),
            Case("batch of 1, 5 -> 3", _batch(1, 5, 3), hidden=True),
            Case("batch of 3, 2 -> 2", _batch(3, 2, 2), hidden=True),
        ],
        batch_size="A",
    ),
    Exercise(
        cell="test_mse",
        call="mse(Y_hat, Y)",
        reference=lambda Y_hat, Y: np.sum((Y_hat - Y) ** 2) / Y.shape[0],
        cases=[
            Case("batch of 4, 2 outputs", lambda rng: dict(Y_hat=rng.normal(size=(4, 2)), Y=rng.normal(size=(4, 2)))),
            Case("batch of 6, 3 outputs", lambda rng: dict(Y_hat=rng.normal(size=(6, 3)), Y=rng.normal(size=(6, 3))),
                 hidden=True),
        ],
        batch_size="Y",
    ),
]
