"""Lesson 03 (backpropagation equations for MLPs): what only this lesson needs. The lesson
contract (build, release, spec, stubs, mutants, kernel run) is tests/lessons/test_contract.py.

- the mistakes CURRICULUM.md names are kept as mutants, and the grader's and the visible
  test's feedback name them;
- the unstable softmax fails because of the logits-of-1000 cases;
- the grading references agree with central finite differences, and the itemwise checks
  reject a wrong item;
- the worked example's hand-computed numbers are what the package computes.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from autograder.spec import evaluate, make_inputs, run_call
from support.finite_differences import gradient, vjp
from support.lessons import lesson

L = lesson("03_backprop_mlp")
LESSON = L.name
MUTANTS = L.mutants


REQUIRED_MISTAKES = {        # CURRICULUM.md / issue 5: each must be kept as a mutant
    "missing transpose": ["lb_missing_transpose", "mb_missing_transpose"],
    "wrong summation axis": ["lb_db_wrong_axis", "mb_db_wrong_axis"],
    "missing batch mean": ["mse_no_batch_mean", "ce_no_batch_mean"],
    "doubled batch mean": ["lb_double_batch_mean", "mse_double_batch_mean", "ce_double_batch_mean",
                           "mb_double_batch_mean"],
    "sign error": ["lb_sign_dA", "mse_sign", "ce_sign", "mb_sign"],
    "g' at the activation": ["sigmoid_prime_at_activation", "tanh_prime_at_activation", "mb_prime_at_activation"],
    "db of the wrong shape": ["lb_db_keepdims", "mb_db_keepdims"],
    "softmax overflow at 1000": ["softmax_overflow", "ce_overflow"],
}


def test_the_required_mistakes_are_kept_as_mutants():
    names = {p.stem for p in MUTANTS}
    for mistake, files in REQUIRED_MISTAKES.items():
        assert set(files) <= names, f"{mistake}: missing {set(files) - names}"


FEEDBACK = {                 # required mistake -> words its feedback must contain (grader and visible test)
    "lb_missing_transpose": "transposed", "mb_missing_transpose": "transposed",
    "lb_db_wrong_axis": "sum over axis 0", "mb_db_wrong_axis": "sum over axis 0",
    "mse_no_batch_mean": "mean over the batch is missing", "ce_no_batch_mean": "mean over the batch is missing",
    "lb_double_batch_mean": "once too often", "mse_double_batch_mean": "once too often",
    "ce_double_batch_mean": "once too often", "mb_double_batch_mean": "once too often",
    "lb_sign_dA": "sign is flipped", "mse_sign": "sign is flipped", "ce_sign": "sign is flipped",
    "mb_sign": "sign is flipped",
    "sigmoid_prime_at_activation": "at the activation", "tanh_prime_at_activation": "at the activation",
    "mb_prime_at_activation": "at the activation",
    "lb_db_keepdims": "extra axis of length 1", "mb_db_keepdims": "extra axis of length 1",
    "softmax_overflow": "overflow", "ce_overflow": "overflow",
}


@pytest.mark.parametrize("stem", sorted(FEEDBACK))
def test_required_mistakes_get_named_in_the_feedback(stem):
    """The grader's message and the visible test's message both name the likely mistake."""
    mutant, ns = L.mutant(stem)
    cell = mutant["must_lose"][0]
    failed = [r for r in L.evaluate(cell, ns) if not r.passed]
    assert FEEDBACK[stem] in failed[0].message, failed[0].message
    error = L.run_visible(cell, ns)
    assert isinstance(error, AssertionError), repr(error)
    assert FEEDBACK[stem] in str(error), str(error)


def test_overflowing_softmax_is_caught_by_a_logits_of_1000_case():
    """The unstable softmax must fail because of the large-logit cases, not by accident."""
    for stem, cell in (("softmax_overflow", "test_softmax"), ("ce_overflow", "test_softmax_cross_entropy")):
        results = L.evaluate(cell, L.mutant(stem)[1])
        failed = {r.label for r in results if not r.passed}
        assert any("1000" in label for label in failed), (stem, failed)
        assert not all(not r.passed for r in results), f"{stem} should pass the small-logit cases"


def spec_inputs(cell, index):
    ex = L.by_cell[cell]
    return ex, make_inputs(LESSON, ex, index)


@pytest.mark.parametrize("index", range(5))
def test_linear_backward_reference_matches_finite_differences(index):
    from backprop.layers import linear_forward
    ex, inp = spec_inputs("test_linear_backward", index)
    dA, dW, db = ex.reference(**inp)
    A, W, b, G = inp["A"], inp["W"], inp["b"], inp["dZ"]
    tol = dict(rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dA, vjp(lambda x: linear_forward(x, W, b)[0], A, G), **tol)
    np.testing.assert_allclose(dW, vjp(lambda x: linear_forward(A, x, b)[0], W, G), **tol)
    np.testing.assert_allclose(db, vjp(lambda x: linear_forward(A, W, x)[0], b, G), **tol)


def load_grading():
    spec = importlib.util.spec_from_file_location("_grading03", L.course.lesson_dir(LESSON) / "grading.py")
    grading = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(grading)
    return grading


@pytest.mark.parametrize("cell", ["test_relu", "test_sigmoid", "test_tanh"])
def test_activation_references_match_finite_differences(cell):
    ex = L.by_cell[cell]
    reference = load_grading().activation_reference(cell.removeprefix("test_"))
    for index, case in enumerate(ex.cases):
        inp = make_inputs(LESSON, ex, index)
        Z = inp["Z"]
        if cell == "test_relu" and np.any(np.abs(Z) < 1e-4):
            Z = np.where(np.abs(Z) < 1e-4, 0.5, Z)          # the kink has no derivative
        A, dZ = reference(Z, inp["dA"])
        np.testing.assert_allclose(dZ, vjp(lambda z: reference(z, inp["dA"])[0], Z, inp["dA"]),
                                   rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("cell", ["test_relu", "test_sigmoid", "test_tanh", "test_numerical_gradient"])
def test_itemwise_checks_reject_a_swapped_or_missing_item(cell):
    """The dict-returning calls: a correct namespace passes, a wrong second item is named."""
    reference_namespace = L.namespace()
    ex = L.by_cell[cell]
    inp = make_inputs(LESSON, ex, 0)
    good = evaluate(ex, reference_namespace, LESSON)
    assert all(r.passed for r in good)
    outputs = run_call(ex, reference_namespace, inp)
    key = list(outputs)[1]
    bad = dict(outputs, **{key: -np.asarray(outputs[key]) + 1.0})
    messages = ex.check(bad, inp)
    assert messages and ex.check(outputs, inp) == []


@pytest.mark.parametrize("cell,pred,target", [("test_mse_loss", "Y_hat", "Y"),
                                              ("test_softmax_cross_entropy", "logits", "y")])
def test_loss_references_match_finite_differences(cell, pred, target):
    ex = L.by_cell[cell]
    for index, case in enumerate(ex.cases):
        inp = make_inputs(LESSON, ex, index)
        if "1000" in case.label:
            continue                    # a difference of two losses near 2000 loses the digits
        loss, grad = ex.reference(**inp)
        numeric = gradient(lambda z: ex.reference(**{pred: z, target: inp[target]})[0], inp[pred])
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("index", range(5))
def test_mlp_backward_reference_matches_finite_differences(index):
    """The loss sum(z^L * dOut) has gradient dOut at the output; check every dW, db."""
    grading = load_grading()
    ex, inp = spec_inputs("test_mlp_backward", index)
    got = ex.reference(**inp)
    n = int(inp["n_layers"])
    params = {k: np.array(v, dtype=float) for k, v in inp.items() if k[0] in "Wb"}

    def loss():
        out, _, _ = grading.mlp_forward_reference(inp["A0"], inp["activation"], n, **params)
        return np.sum(out * inp["dOut"])

    for l in range(1, n + 1):
        for kind, g in (("W", got[2 * (l - 1)]), ("b", got[2 * l - 1])):
            p = params[f"{kind}{l}"]
            original = p.copy()

            def loss_at(x, p=p):
                p[...] = x
                return loss()

            numeric = gradient(loss_at, original)
            p[...] = original               # gradient's last call left p perturbed
            np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-8, err_msg=f"d{kind}{l}")


def test_worked_example_hand_numbers():
    """The numbers derived by hand in section 7 are what the package computes."""
    from backprop.layers import Linear, ReLU
    from backprop.losses import mse_loss
    from backprop.mlp import Sequential
    l1, l2 = Linear(2, 2, rng=0), Linear(2, 1, rng=0)
    l1.W[...] = [[1, -1], [2, 0]]
    l1.b[...] = [0.5, -1]
    l2.W[...] = [[1, -2]]
    l2.b[...] = [0.5]
    net = Sequential([l1, ReLU(), l2])
    X = np.array([[1., 0.], [0., 1.], [1., 1.]])
    out = net.forward(X)
    loss, d = mse_loss(out, np.array([[1.], [0.], [-0.5]]))
    net.backward(d)
    assert loss == pytest.approx(0.5)
    np.testing.assert_allclose(out.ravel(), [0, 0.5, -1])
    np.testing.assert_allclose(l2.dW, [[-7 / 6, -1]])
    np.testing.assert_allclose(l2.db, [-2 / 3])
    np.testing.assert_allclose(l1.dW, [[-1, -1 / 3], [2, 2 / 3]])
    np.testing.assert_allclose(l1.db, [-1, 2])


def test_the_planted_bugs_are_what_the_grader_expects():
    """The bug hunt's answer key, derived from the notebook's defs_bug_hunt cell by central
    differences: 0 right, 1 a constant factor, 2 the sign flipped, 3 wrong entry by entry."""
    source = next(c.source for c in L.nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                  == "defs_bug_hunt")
    ns = {"np": np}
    exec(source, ns)
    codes = []
    for k, (p, analytic) in enumerate(zip(ns["params_bug"], ns["colleagues_backward"]())):
        def loss_of(value, k=k):
            params = list(ns["params_bug"])
            params[k] = value
            saved, ns["params_bug"] = ns["params_bug"], params
            try:
                return ns["loss_bug"]()
            finally:
                ns["params_bug"] = saved
        ratio = analytic / gradient(loss_of, p)
        codes.append(0 if np.allclose(ratio, 1, rtol=1e-6) else 2 if np.allclose(ratio, -1, rtol=1e-6)
                     else 1 if np.allclose(ratio, ratio.flat[0], rtol=1e-6) else 3)
    assert codes == load_grading().PLANTED_BUGS.tolist()
