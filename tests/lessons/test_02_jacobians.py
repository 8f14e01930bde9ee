"""Lesson 02 (Jacobians): notebook, grading spec and mutants, checked in-process.

- the committed notebook is what build.py writes, and its graded cells match grading.py;
- the instructor solutions pass every case, untouched stubs fail every exercise;
- every mutant in tests/lessons/mutants/02_jacobians loses the points it must lose
  (evaluated with autograder.spec.evaluate in this process);
- the references grading.py compares with agree with central differences on its own cases.
The end-to-end nbgrader run of the mutants belongs to tests/lessons/test_mutants.py.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.spec import evaluate, load_lesson, make_inputs
from autograder.testing import (SOLUTION_REGION, graded_cells, lesson_namespace, mutant_fields,
                                solution_sources, visible_part)
from backprop import activations
from backprop.gradcheck import numerical_gradient, numerical_jacobian, numerical_vjp

LESSON = "02_jacobians"
ROOT = Path(__file__).resolve().parents[2]
LESSON_DIR = ROOT / "solutions" / LESSON
NOTEBOOK = LESSON_DIR / f"{LESSON}.ipynb"
MUTANTS = sorted((ROOT / "tests" / "lessons" / "mutants" / LESSON).glob("*.py"))
SHAPE_RE = re.compile(r"\((?:\w+)(?:, ?\w+)*,?\)")          # (n,), (B, n_out), (n_out, n_in) ...


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def exercises():
    return load_lesson(LESSON)


# --------------------------------------------------------------------------- notebook and spec

def test_notebook_is_what_build_py_writes():
    built = runpy.run_path(str(LESSON_DIR / "build.py"), run_name="build")["nb"]
    text = nbformat.writes(built.to_notebook(), version=4)
    assert NOTEBOOK.read_text(encoding="utf-8").rstrip("\n") == text.rstrip("\n"), \
        "solutions/02_jacobians/02_jacobians.ipynb is stale: run python solutions/02_jacobians/build.py"


def test_every_graded_cell_has_one_exercise(notebook, exercises):
    tests = graded_cells(notebook)
    assert sorted(tests) == sorted(ex.cell for ex in exercises)
    assert all(points > 0 for _, points in tests.values())
    for ex in exercises:
        assert any(not c.hidden for c in ex.cases) and any(c.hidden for c in ex.cases), ex.cell
        assert sum(c.hidden for c in ex.cases) >= 3, ex.cell


def test_solution_cells_state_shapes_and_stub_cleanly(notebook):
    for gid, source in solution_sources(notebook).items():
        assert SOLUTION_REGION.search(source), gid
        outside = SOLUTION_REGION.sub("", source)
        assert '"""' in outside and SHAPE_RE.search(outside), f"{gid}: docstring with shapes outside the solution"


# --------------------------------------------------------------------------- solutions and stubs

def test_solutions_pass_every_case(notebook, exercises):
    ns = lesson_namespace(notebook)
    for ex in exercises:
        failed = [r for r in evaluate(ex, ns, LESSON) if not r.passed]
        assert not failed, f"{ex.cell}: " + "\n".join(r.message for r in failed)


def test_stubs_fail_every_case(notebook, exercises):
    ns = lesson_namespace(notebook, stubs=True)
    for ex in exercises:
        results = evaluate(ex, ns, LESSON)
        assert results and not any(r.passed for r in results), ex.cell
        assert "NotImplementedError" in results[0].message


def test_visible_test_cells_pass_on_solutions_and_fail_on_stubs(notebook):
    good, stubs = lesson_namespace(notebook), lesson_namespace(notebook, stubs=True)
    for gid, (source, _) in graded_cells(notebook).items():
        exec(compile(source, f"<{gid}>", "exec"), dict(good))      # runs the hidden block too
        visible = visible_part(source)
        with pytest.raises(NotImplementedError):
            exec(compile(visible, f"<{gid}>", "exec"), dict(stubs))


# --------------------------------------------------------------------------- mutants

def test_at_least_three_mutants_per_exercise(exercises):
    counts = {ex.cell: 0 for ex in exercises}
    for path in MUTANTS:
        for cell in mutant_fields(path)[2]:
            assert cell in counts, f"{path.name}: unknown test cell {cell!r}"
            counts[cell] += 1
    assert all(n >= 3 for n in counts.values()), counts


@pytest.mark.parametrize("path", MUTANTS, ids=lambda p: p.stem)
def test_mutant_loses_points(path, notebook, exercises):
    description, replaces, must_lose, code = mutant_fields(path)
    sources = solution_sources(notebook)
    assert all(r in sources for r in replaces), f"{path.name}: unknown solution cell in {replaces}"
    ns = lesson_namespace(notebook, replace={r: code for r in replaces})
    by_cell = {ex.cell: ex for ex in exercises}
    tests = graded_cells(notebook)
    for cell in must_lose:
        with np.errstate(all="ignore"):
            results = evaluate(by_cell[cell], ns, LESSON)
        assert not all(r.passed for r in results), f"{path.name} ({description}) keeps the points of {cell}"
        # the visible part of the test cell already tells the student something is wrong
        visible = visible_part(tests[cell][0])
        with pytest.raises(Exception), np.errstate(all="ignore"):
            exec(compile(visible, f"<{cell}>", "exec"), dict(ns))


# --------------------------------------------------------------------------- references vs finite differences

def _all_inputs(ex):
    return [make_inputs(LESSON, ex, i) for i in range(len(ex.cases))]


def _f64(d):
    return {k: np.asarray(v, dtype=np.float64) for k, v in d.items()}


def close(a, b, rtol=1e-6, atol=1e-8):
    np.testing.assert_allclose(np.asarray(a, dtype=np.float64), b, rtol=rtol, atol=atol)


def test_references_match_finite_differences(exercises):
    ex = {e.cell: e for e in exercises}

    for inp in map(_f64, _all_inputs(ex["test_numerical_jacobian"])):
        M, c, x0 = inp["M"], inp["c"], inp["x0"]
        close(ex["test_numerical_jacobian"].reference(**inp),
              numerical_jacobian(lambda x: c * np.sin(M @ x) + 0.5 * (M @ x) ** 2, x0))

    for inp in map(_f64, _all_inputs(ex["test_affine_jacobians"])):
        W, b = inp["W"], inp["b"]
        J_h, J_b = ex["test_affine_jacobians"].reference(**inp)
        h0 = np.linspace(-1, 1, W.shape[1])
        close(J_h, numerical_jacobian(lambda h: W @ h + b, h0))
        close(J_b, numerical_jacobian(lambda c: W @ h0 + c, b))

    for inp in map(_f64, _all_inputs(ex["test_elementwise_jacobians"])):
        z = inp["z"]
        J_s, J_r = ex["test_elementwise_jacobians"].reference(**inp)
        close(J_s, numerical_jacobian(activations.sigmoid, z))
        off_kink = np.abs(z) > 1e-3
        close(J_r[np.ix_(off_kink, off_kink)], numerical_jacobian(activations.relu, z[off_kink]))
        assert np.all(np.diag(J_r)[~off_kink] == 0)            # the course's relu'(0) = 0

    for inp in map(_f64, _all_inputs(ex["test_softmax_jacobian"])):
        close(ex["test_softmax_jacobian"].reference(**inp), numerical_jacobian(activations.softmax, inp["z"]))

    for inp in map(_f64, _all_inputs(ex["test_affine_sigmoid_vjp"])[:3]):
        W, V, Z, U = inp["W"], inp["V"], inp["Z"], inp["U"]
        dH, dZ = ex["test_affine_sigmoid_vjp"].reference(**inp)
        H0 = np.ones((V.shape[0], W.shape[1]))
        close(dH, numerical_vjp(lambda H: H @ W.T, H0, V))
        close(dZ, numerical_vjp(activations.sigmoid, Z, U))

    for inp in map(_f64, _all_inputs(ex["test_softmax_vjp"])[:5]):
        close(ex["test_softmax_vjp"].reference(**inp), numerical_vjp(activations.softmax, inp["Z"], inp["V"]))

    for inp in map(_f64, _all_inputs(ex["test_linear_grads_single"])):
        delta, h = inp["delta"], inp["h"]
        dW, db = ex["test_linear_grads_single"].reference(**inp)
        W0, b0 = np.ones((delta.size, h.size)), np.zeros(delta.size)
        close(dW, numerical_gradient(lambda W: float(delta @ (W @ h + b0)), W0))   # L = delta . z
        close(db, numerical_gradient(lambda b: float(delta @ (W0 @ h + b)), b0))

    for inp in map(_f64, _all_inputs(ex["test_linear_grads_batch"])):
        Delta, A = inp["Delta"], inp["A"]
        dW, db = ex["test_linear_grads_batch"].reference(**inp)
        W0, b0 = np.ones((Delta.shape[1], A.shape[1])), np.zeros(Delta.shape[1])
        mean_loss = lambda W, b: float(np.mean(np.sum(Delta * (A @ W.T + b), axis=1)))   # noqa: E731
        close(dW, numerical_gradient(lambda W: mean_loss(W, b0), W0))
        close(db, numerical_gradient(lambda b: mean_loss(W0, b), b0))
