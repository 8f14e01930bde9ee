"""Lesson 03 (backpropagation equations for MLPs): the grading spec against the notebook.

- the instructor solutions pass every case of every exercise, in-process;
- the untouched student version (stubs) fails every exercise;
- every mutant in tests/lessons/mutants/03_backprop_mlp loses the cells it names, in-process
  via autograder.spec.evaluate, and every exercise has at least three mutants;
- the grading references agree with central finite differences;
- the worked example's hand-computed numbers are what the package computes;
- the committed notebook is what build.py writes.
"""

from __future__ import annotations

import importlib.util
import warnings
from functools import partial
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.spec import evaluate, load_lesson, make_inputs
from autograder.testing import (graded_cells, lesson_namespace, mutant_fields, read, solution_sources,
                                stub_source, visible_part)

LESSON = "03_backprop_mlp"
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "solutions" / LESSON / f"{LESSON}.ipynb"
MUTANTS = sorted((ROOT / "tests" / "lessons" / "mutants" / LESSON).glob("*.py"))
NB = read(NOTEBOOK)
SOLUTIONS = solution_sources(NB)
SOLUTION_IDS = list(SOLUTIONS)
EXERCISES = load_lesson(LESSON)
namespace = partial(lesson_namespace, NB)


def run_exercise(cell: str, ns: dict):
    exercise = next(ex for ex in EXERCISES if ex.cell == cell)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return evaluate(exercise, ns, LESSON)


# ------------------------------------------------------------------ the spec and the notebook

def test_every_test_cell_has_one_exercise_and_the_reverse():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    test_cells = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                  if c.metadata.get("nbgrader", {}).get("grade")]
    assert sorted(test_cells) == sorted(ex.cell for ex in EXERCISES)
    for ex in EXERCISES:
        assert any(c.hidden for c in ex.cases) and any(not c.hidden for c in ex.cases), ex.cell


@pytest.fixture(scope="module")
def reference_namespace():
    return namespace()


@pytest.mark.parametrize("cell", [ex.cell for ex in EXERCISES])
def test_solutions_pass_every_case(cell, reference_namespace):
    failed = [r for r in run_exercise(cell, reference_namespace) if not r.passed]
    assert not failed, "\n".join(f"[{r.label}] {r.message}" for r in failed)


@pytest.fixture(scope="module")
def stub_namespace():
    return namespace(stubs=True)


@pytest.mark.parametrize("cell", [ex.cell for ex in EXERCISES])
def test_untouched_notebook_fails_every_exercise(cell, stub_namespace):
    results = run_exercise(cell, stub_namespace)
    assert results and all(not r.passed for r in results)
    assert all("NotImplementedError" in r.message for r in results)


def test_stubs_replace_every_solution():
    for gid, source in SOLUTIONS.items():
        stubbed = stub_source(source, gid)
        assert "NotImplementedError" in stubbed and "BEGIN SOLUTION" not in stubbed, gid


TEST_CELLS = [(gid, source) for gid, (source, _) in graded_cells(NB).items()]


@pytest.mark.parametrize("gid,source", TEST_CELLS, ids=[gid for gid, _ in TEST_CELLS])
def test_visible_tests_pass_with_the_solutions(gid, source, reference_namespace):
    ns = dict(reference_namespace)
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # honest code must not warn (stderr costs points)
        exec(compile(visible_part(source), f"<{gid}>", "exec"), ns)


@pytest.mark.parametrize("gid,source", TEST_CELLS, ids=[gid for gid, _ in TEST_CELLS])
def test_visible_tests_fail_on_the_stubs(gid, source, stub_namespace):
    with pytest.raises(NotImplementedError):
        exec(compile(visible_part(source), f"<{gid}>", "exec"), dict(stub_namespace))


# ------------------------------------------------------------------ mutants

def test_mutant_files_are_well_formed_and_cover_every_exercise():
    assert MUTANTS, "no mutant files found"
    per_cell = {ex.cell: 0 for ex in EXERCISES}
    for path in MUTANTS:
        desc, replaces, must_lose, _ = mutant_fields(path)
        assert desc and all(r in SOLUTION_IDS for r in replaces), path.name
        for cell in must_lose:
            assert cell in per_cell, f"{path.name}: unknown test cell {cell}"
            per_cell[cell] += 1
    thin = {cell: n for cell, n in per_cell.items() if n < 3}
    assert not thin, f"exercises with fewer than 3 mutants: {thin}"


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


@pytest.mark.parametrize("path", MUTANTS, ids=[p.stem for p in MUTANTS])
def test_mutant_loses_points(path):
    desc, replaces, must_lose, code = mutant_fields(path)
    ns = namespace({gid: code for gid in replaces})
    for cell in must_lose:
        results = run_exercise(cell, ns)
        assert any(not r.passed for r in results), f"{path.stem} ({desc}) passed every case of {cell}"


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
    _, replaces, must_lose, code = mutant_fields(next(p for p in MUTANTS if p.stem == stem))
    ns = namespace({gid: code for gid in replaces})
    cell = must_lose[0]
    failed = [r for r in run_exercise(cell, ns) if not r.passed]
    assert FEEDBACK[stem] in failed[0].message, failed[0].message
    source = dict(TEST_CELLS)[cell]
    with warnings.catch_warnings(), np.errstate(all="ignore"), pytest.raises(AssertionError) as info:
        warnings.simplefilter("ignore")
        exec(compile(visible_part(source), f"<{cell}>", "exec"), dict(ns))
    assert FEEDBACK[stem] in str(info.value), str(info.value)


def test_overflowing_softmax_is_caught_by_a_logits_of_1000_case():
    """The unstable softmax must fail because of the large-logit cases, not by accident."""
    for stem, cell in (("softmax_overflow", "test_softmax"), ("ce_overflow", "test_softmax_cross_entropy")):
        _, replaces, _, code = mutant_fields(next(p for p in MUTANTS if p.stem == stem))
        results = run_exercise(cell, namespace({gid: code for gid in replaces}))
        failed = {r.label for r in results if not r.passed}
        assert any("1000" in label for label in failed), (stem, failed)
        assert not all(not r.passed for r in results), f"{stem} should pass the small-logit cases"


# ------------------------------------------------------------------ references vs finite differences

def central_vjp(f, x, G, h=1e-6):
    """d/dx sum(f(x) * G) by central differences."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = np.sum(f(x) * G)
        x[idx] = old - h
        down = np.sum(f(x) * G)
        x[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


def spec_inputs(cell, index):
    ex = next(e for e in EXERCISES if e.cell == cell)
    return ex, make_inputs(LESSON, ex, index)


@pytest.mark.parametrize("index", range(5))
def test_linear_backward_reference_matches_finite_differences(index):
    from backprop.layers import linear_forward
    ex, inp = spec_inputs("test_linear_backward", index)
    dA, dW, db = ex.reference(**inp)
    A, W, b, G = inp["A"], inp["W"], inp["b"], inp["dZ"]
    tol = dict(rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dA, central_vjp(lambda x: linear_forward(x, W, b)[0], A, G), **tol)
    np.testing.assert_allclose(dW, central_vjp(lambda x: linear_forward(A, x, b)[0], W, G), **tol)
    np.testing.assert_allclose(db, central_vjp(lambda x: linear_forward(A, W, x)[0], b, G), **tol)


def load_grading():
    spec = importlib.util.spec_from_file_location("_grading03", ROOT / "solutions" / LESSON / "grading.py")
    grading = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(grading)
    return grading


@pytest.mark.parametrize("cell", ["test_relu", "test_sigmoid", "test_tanh"])
def test_activation_references_match_finite_differences(cell):
    ex = next(e for e in EXERCISES if e.cell == cell)
    reference = load_grading().activation_reference(cell.removeprefix("test_"))
    for index, case in enumerate(ex.cases):
        inp = make_inputs(LESSON, ex, index)
        Z = inp["Z"]
        if cell == "test_relu" and np.any(np.abs(Z) < 1e-4):
            Z = np.where(np.abs(Z) < 1e-4, 0.5, Z)          # the kink has no derivative
        A, dZ = reference(Z, inp["dA"])
        np.testing.assert_allclose(dZ, central_vjp(lambda z: reference(z, inp["dA"])[0], Z, inp["dA"]),
                                   rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("cell", ["test_relu", "test_sigmoid", "test_tanh", "test_numerical_gradient"])
def test_itemwise_checks_reject_a_swapped_or_missing_item(cell, reference_namespace):
    """The dict-returning calls: a correct namespace passes, a wrong second item is named."""
    ex = next(e for e in EXERCISES if e.cell == cell)
    inp = make_inputs(LESSON, ex, 0)
    good = evaluate(ex, reference_namespace, LESSON)
    assert all(r.passed for r in good)
    from autograder.spec import run_call
    outputs = run_call(ex, reference_namespace, inp)
    key = list(outputs)[1]
    bad = dict(outputs, **{key: -np.asarray(outputs[key]) + 1.0})
    messages = ex.check(bad, inp)
    assert messages and ex.check(outputs, inp) == []


@pytest.mark.parametrize("cell,pred,target", [("test_mse_loss", "Y_hat", "Y"),
                                              ("test_softmax_cross_entropy", "logits", "y")])
def test_loss_references_match_finite_differences(cell, pred, target):
    ex = next(e for e in EXERCISES if e.cell == cell)
    for index, case in enumerate(ex.cases):
        inp = make_inputs(LESSON, ex, index)
        if "1000" in case.label:
            continue                    # a difference of two losses near 2000 loses the digits
        loss, grad = ex.reference(**inp)
        numeric = central_vjp(lambda z: np.array(ex.reference(**{pred: z, target: inp[target]})[0]),
                              inp[pred], np.array(1.0))
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
        out, _, _ = grading.mlp_forward_reference(inp["X"], inp["activation"], n, **params)
        return np.sum(out * inp["dOut"])

    for l in range(1, n + 1):
        for kind, g in (("W", got[2 * (l - 1)]), ("b", got[2 * l - 1])):
            p = params[f"{kind}{l}"]
            original = p.copy()

            def loss_at(x, p=p):
                p[...] = x
                return loss()

            numeric = central_vjp(loss_at, original, np.array(1.0))
            p[...] = original               # central_vjp's last call left p perturbed
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


def test_notebook_is_what_build_py_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("_build03", ROOT / "solutions" / LESSON / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)          # builds `nb` without writing (guarded by __main__)
    written = module.nb.write(tmp_path / "nb.ipynb")
    assert written.read_bytes() == NOTEBOOK.read_bytes(), "run solutions/03_backprop_mlp/build.py"


@pytest.mark.slow
def test_instructor_notebook_runs_clean():
    """Top to bottom in a fresh kernel: no error, nothing on stderr in any test cell."""
    from nbclient import NotebookClient
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", gid
            assert not (out.get("output_type") == "stream" and out.get("name") == "stderr"), \
                (gid, out.get("text"))
