"""Lesson 01 (chain rule and computational graphs): what only this lesson needs. The lesson
contract (build, release, spec, stubs, mutants, kernel run) is tests/lessons/test_contract.py.

- every mutant is caught by the hidden cases alone, and the visible test shows the mistake too;
- the references grading.py compares with agree with central differences (the toy chain, the
  local derivatives, the engine's operations, logistic regression) and with path sums (backward).
"""

import math

import numpy as np
import pytest

from backprop.checking import CheckFailure
from support.finite_differences import derivative as central
from support.lessons import lesson

L = lesson("01_chain_rule")
BY_CELL = L.by_cell


def rel(a, n):
    a, n = np.asarray(a, float), np.asarray(n, float)
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


@pytest.mark.parametrize("path", L.mutants, ids=[p.stem for p in L.mutants])
def test_mutant_is_caught_by_the_hidden_cases_and_the_visible_test(path):
    """The student sees the mistake while working, and the grader without the visible cases."""
    mutant, ns = L.mutant(path)
    for cell in mutant["must_lose"]:
        hidden_failed = [r for r in L.evaluate(cell, ns, hidden=True) if not r.passed]
        assert hidden_failed, f"{path.name} passes every hidden case of {cell}"
        error = L.run_visible(cell, ns)
        assert isinstance(error, (CheckFailure, RecursionError)), f"{path.name}: the visible {cell} gives {error!r}"


# ------------------------------------------------------------------ references vs finite differences

def toy_loss_floats(x, y, w, b, at=None, bump=0.0):
    """The toy chain in plain floats; `at` names one intermediate node to shift by `bump`."""
    v = {}
    v["f0"] = b[0] + w[0] * x + (bump if at == "f0" else 0)
    v["h1"] = math.sin(v["f0"]) + (bump if at == "h1" else 0)
    v["f1"] = b[1] + w[1] * v["h1"] + (bump if at == "f1" else 0)
    v["h2"] = math.exp(v["f1"]) + (bump if at == "h2" else 0)
    v["f2"] = b[2] + w[2] * v["h2"] + (bump if at == "f2" else 0)
    v["h3"] = math.cos(v["f2"]) + (bump if at == "h3" else 0)
    v["f3"] = b[3] + w[3] * v["h3"] + (bump if at == "f3" else 0)
    return (v["f3"] - y) ** 2


def test_toy_reference_matches_central_differences():
    ex = BY_CELL["test_toy_backward"]
    for inputs in L.inputs("test_toy_backward"):
        x, y, w, b = inputs["x"], inputs["y"], inputs["w"], inputs["b"]
        ref = ex.reference(**inputs)
        for name in ("f3", "h3", "f2", "h2", "f1", "h1", "f0"):
            num = central(lambda t: toy_loss_floats(x, y, w, b, at=name, bump=t), 0.0)
            assert rel(ref[name], num) < 1e-6, name
        eye = np.eye(4)
        num_w = [central(lambda t: toy_loss_floats(x, y, w + t * eye[k], b), 0.0) for k in range(4)]
        num_b = [central(lambda t: toy_loss_floats(x, y, w, b + t * eye[k]), 0.0) for k in range(4)]
        assert rel(ref["w"], num_w).max() < 1e-6 and rel(ref["b"], num_b).max() < 1e-6
        assert inputs["loss"] == pytest.approx(toy_loss_floats(x, y, w, b), rel=1e-12)


def test_local_derivative_references_match_central_differences():
    ex = BY_CELL["test_unary_derivatives"]
    for inputs in L.inputs("test_unary_derivatives"):
        z, x = inputs["z"], inputs["x"]
        ref = ex.reference(**inputs)
        ds, dt, dl = ref["sigmoid_prime(z)"], ref["tanh_prime(z)"], ref["log_prime(x)"]
        sig = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731  (|z| stays below 40 here)
        # saturated entries have derivatives near rounding level: compare with an absolute floor
        np.testing.assert_allclose(ds, central(sig, z), rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(dt, central(np.tanh, z), rtol=1e-6, atol=1e-9)
        assert rel(dl, central(np.log, x, h=1e-8)).max() < 1e-6
        assert ds.shape == dt.shape == z.shape and dl.shape == x.shape
    ex = BY_CELL["test_binary_derivatives"]
    for inputs in L.inputs("test_binary_derivatives"):
        a, b = inputs["a"], inputs["b"]
        pa, pb, qa, qb = ex.reference(**inputs).values()
        assert rel(pa, central(lambda t: t * b, a)).max() < 1e-7
        assert rel(pb, central(lambda t: a * t, b)).max() < 1e-7
        assert rel(qa, central(lambda t: t / b, a)).max() < 1e-7
        assert rel(qb, central(lambda t: a / t, b)).max() < 1e-6


def test_engine_op_references_match_central_differences():
    ex = BY_CELL["test_node_ops"]
    funcs = {"A * B": lambda A, B, C, p, q: A * B, "A * A": lambda A, B, C, p, q: A * A,
             "A * 2.5": lambda A, B, C, p, q: A * 2.5, "2.5 * A": lambda A, B, C, p, q: 2.5 * A,
             "A ** p": lambda A, B, C, p, q: A ** p, "C ** q": lambda A, B, C, p, q: C ** q,
             "exp(A)": lambda A, B, C, p, q: math.exp(A), "log(C)": lambda A, B, C, p, q: math.log(C),
             "sin(A)": lambda A, B, C, p, q: math.sin(A), "tanh(A)": lambda A, B, C, p, q: math.tanh(A)}
    for inputs in L.inputs("test_node_ops"):
        a, b, c, p, q = (inputs[k] for k in "abcpq")
        ref = ex.reference(**inputs)
        assert set(ref) == set(funcs)
        for name, f in funcs.items():
            value, da, db, dc = ref[name]
            assert value == pytest.approx(f(a, b, c, p, q), rel=1e-12)
            num = [central(lambda t: f(a + t, b, c, p, q), 0.0), central(lambda t: f(a, b + t, c, p, q), 0.0),
                   central(lambda t: f(a, b, c + t, p, q), 0.0)]
            assert rel([da, db, dc], num).max() < 1e-6, name


def _path_sum_gradients(edges, root, nodes):
    """d root / d node as the sum over all paths of the product of edge weights (no graph engine)."""
    def paths(node):
        if node == root:
            return 1.0
        return sum(w * paths(user) for user, child, w in edges if child == node)
    return np.array([paths(n) for n in nodes])


def test_backward_references_match_path_sums():
    ex = BY_CELL["test_node_backward"]
    for inputs in L.inputs("test_node_backward"):
        ref = ex.reference(**inputs)
        if inputs["kind"] == "graph":
            g = inputs["g"]
            edges = [("u", "x", g[0]), ("u", "y", g[1]), ("s", "u", g[2]), ("s", "x", g[3]),
                     ("t", "u", g[4]), ("t", "s", g[5]), ("t", "u", g[6]),
                     ("out", "u", g[7]), ("out", "t", g[8]), ("out", "z", g[9]), ("out", "s", g[10])]
            expected = _path_sum_gradients(edges, "out", ["x", "y", "z", "u", "s", "t", "out"])
            np.testing.assert_allclose(ref, expected, rtol=1e-12)
        elif inputs["kind"] == "chain":
            np.testing.assert_allclose(ref, [np.prod(inputs["g"]), 1.0], rtol=1e-10)
        else:
            np.testing.assert_array_equal(ref, [5.0, 5.0, 1.0, 1.0])


def test_logistic_regression_reference_matches_central_differences():
    ex = BY_CELL["test_logistic_regression"]

    def loss(x, y, w, b):
        p = 1 / (1 + math.exp(-(float(w @ x) + b)))
        return -(y * math.log(p) + (1 - y) * math.log(1 - p))

    for inputs in L.inputs("test_logistic_regression"):
        x, y, w, b = inputs["x"], inputs["y"], inputs["w"], inputs["b"]
        ref_loss, dw, db = ex.reference(**inputs)
        assert ref_loss == pytest.approx(loss(x, y, w, b), rel=1e-12)
        eye = np.eye(len(w))
        num_w = [central(lambda t: loss(x, y, w + t * eye[k], b), 0.0) for k in range(len(w))]
        assert rel(dw, num_w).max() < 1e-6
        assert rel(db, central(lambda t: loss(x, y, w, b + t), 0.0)) < 1e-6
