"""Lesson 02 (Jacobians): what only this lesson needs. The lesson contract (build, release,
spec, stubs, mutants, kernel run) is tests/lessons/test_contract.py.

- every exercise has at least three hidden cases, and every solution cell states its shapes
  in a docstring the release keeps;
- every mutant fails the visible part of the test cells it must lose, not only the grader;
- the references grading.py compares with agree with central differences on its own cases.
"""

from __future__ import annotations

import numpy as np
import pytest

from backprop import activations
from support.finite_differences import gradient, jacobian, vjp
from support.lessons import lesson

L = lesson("02_jacobians")


BY_HAND = {ex.cell for ex in L.exercises if ex.cell.endswith("_by_hand")}   # answers worked out on paper


def test_three_hidden_cases_per_exercise_and_shapes_stated():
    """Code exercises: three hidden cases. A by-hand answer has one situation (the numbers the
    text gives), graded as values and, hidden, as the exact integers they make."""
    assert {ex.cell: n for ex in L.exercises if ex.cell not in BY_HAND
            and (n := sum(c.hidden for c in ex.cases)) < 3} == {}
    assert BY_HAND and all(sum(c.hidden for c in L.by_cell[cell].cases) == 1 for cell in BY_HAND)
    assert L.cells_without_stated_shapes() == []


@pytest.mark.parametrize("path", L.mutants, ids=lambda p: p.stem)
def test_mutant_fails_the_visible_test_too(path):
    """The visible part of the test cell already tells the student something is wrong (except
    for a by-hand answer, whose visible test must not give the answer away: it checks the shape)."""
    mutant, ns = L.mutant(path)
    for cell in mutant["must_lose"]:
        if cell in BY_HAND:
            continue
        assert L.run_visible(cell, ns) is not None, f"{path.name} passes the visible part of {cell}"


# --------------------------------------------------------------------------- references vs finite differences

def _f64(d):
    return {k: np.asarray(v, dtype=np.float64) for k, v in d.items()}


def close(a, b, rtol=1e-6, atol=1e-8):
    np.testing.assert_allclose(np.asarray(a, dtype=np.float64), b, rtol=rtol, atol=atol)


def test_references_match_finite_differences():
    ex = L.by_cell

    for inp in map(_f64, L.inputs("test_numerical_jacobian")):
        M, c, x0 = inp["M"], inp["c"], inp["x0"]
        close(ex["test_numerical_jacobian"].reference(**inp),
              jacobian(lambda x: c * np.sin(M @ x) + 0.5 * (M @ x) ** 2, x0))

    for inp in map(_f64, L.inputs("test_affine_jacobians")):
        W, b = inp["W"], inp["b"]
        J_h, J_b = ex["test_affine_jacobians"].reference(**inp)
        h0 = np.linspace(-1, 1, W.shape[1])
        close(J_h, jacobian(lambda h: W @ h + b, h0))
        close(J_b, jacobian(lambda c: W @ h0 + c, b))

    for inp in map(_f64, L.inputs("test_elementwise_jacobians")):
        z = inp["z"]
        J_s, J_r = ex["test_elementwise_jacobians"].reference(**inp)
        close(J_s, jacobian(activations.sigmoid, z))
        off_kink = np.abs(z) > 1e-3
        close(J_r[np.ix_(off_kink, off_kink)], jacobian(activations.relu, z[off_kink]))
        assert np.all(np.diag(J_r)[~off_kink] == 0)            # the course's relu'(0) = 0

    for inp in map(_f64, L.inputs("test_softmax_jacobian")):
        close(ex["test_softmax_jacobian"].reference(**inp), jacobian(activations.softmax, inp["z"]))

    for inp in map(_f64, L.inputs("test_affine_sigmoid_vjp")[:3]):
        W, V, Z, U = inp["W"], inp["V"], inp["Z"], inp["U"]
        dH, dZ = ex["test_affine_sigmoid_vjp"].reference(**inp)
        H0 = np.ones((V.shape[0], W.shape[1]))
        close(dH, vjp(lambda H: H @ W.T, H0, V))
        close(dZ, vjp(activations.sigmoid, Z, U))

    for inp in map(_f64, L.inputs("test_softmax_vjp")[:5]):
        close(ex["test_softmax_vjp"].reference(**inp), vjp(activations.softmax, inp["Z"], inp["V"]))

    for inp in map(_f64, L.inputs("test_linear_grads_single")):
        delta, h = inp["delta"], inp["h"]
        dW, db = ex["test_linear_grads_single"].reference(**inp)
        W0, b0 = np.ones((delta.size, h.size)), np.zeros(delta.size)
        close(dW, gradient(lambda W: float(delta @ (W @ h + b0)), W0))   # L = delta . z
        close(db, gradient(lambda b: float(delta @ (W0 @ h + b)), b0))

    for inp in map(_f64, L.inputs("test_linear_grads_batch")):
        Delta, A = inp["D"], inp["A"]
        dW, db = ex["test_linear_grads_batch"].reference(**inp)
        W0, b0 = np.ones((Delta.shape[1], A.shape[1])), np.zeros(Delta.shape[1])
        mean_loss = lambda W, b: float(np.mean(np.sum(Delta * (A @ W.T + b), axis=1)))   # noqa: E731
        close(dW, gradient(lambda W: mean_loss(W, b0), W0))
        close(db, gradient(lambda b: mean_loss(W0, b), b0))
