"""Lesson 01 (chain rule and computational graphs): the notebook, its grading spec and its mutants.

In-process checks (fast): the solutions pass every case of grading.py, the stubs and every
mutant lose points, the references agree with central differences, and the committed
notebook is what build.py writes. One slow test runs the notebook in a kernel.
"""

import math
import runpy
from functools import partial
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest

from autograder.spec import evaluate, load_lesson, make_inputs
from autograder.testing import grade_id, graded_cells, lesson_namespace, mutant_fields, read, visible_part

matplotlib.use("Agg")

LESSON = "01_chain_rule"
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "solutions" / LESSON / f"{LESSON}.ipynb"
MUTANTS = sorted((ROOT / "tests" / "lessons" / "mutants" / LESSON).glob("*.py"))
EXERCISES = load_lesson(LESSON)
BY_CELL = {ex.cell: ex for ex in EXERCISES}


NB = read(NOTEBOOK)
# the set-up cells draw graphs: run them once and share the result between namespaces
namespace = partial(lesson_namespace, NB, share_setup=True)


@pytest.fixture(scope="module")
def solution_ns():
    return namespace()


# ------------------------------------------------------------------ spec and notebook agree

def test_every_graded_cell_has_exactly_one_exercise_and_points():
    tests = graded_cells(NB)
    assert set(tests) == set(BY_CELL)
    for gid, (source, points) in tests.items():
        assert points > 0
        assert f"run_hidden({LESSON!r}, {gid!r}, globals())" in source
        assert any(case.hidden for case in BY_CELL[gid].cases), gid


def test_committed_notebook_is_what_build_py_writes():
    built = runpy.run_path(str(ROOT / "solutions" / LESSON / "build.py"), run_name="__build__")["nb"]
    text = nbformat.writes(built.to_notebook(), version=4)
    assert NOTEBOOK.read_text(encoding="utf-8") == (text if text.endswith("\n") else text + "\n")


# ------------------------------------------------------------------ solutions, stubs, mutants

@pytest.mark.parametrize("cell", sorted(BY_CELL))
def test_solution_passes_every_case(solution_ns, cell):
    results = evaluate(BY_CELL[cell], solution_ns, LESSON)
    failed = [f"{r.label}: {r.message}" for r in results if not r.passed]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("cell", sorted(BY_CELL))
def test_untouched_stubs_fail_every_case(cell):
    ns = namespace(stubs=True)
    results = evaluate(BY_CELL[cell], ns, LESSON)
    assert results and not any(r.passed for r in results)
    assert all("NotImplementedError" in r.message for r in results)


def test_at_least_three_mutants_per_exercise():
    counts = {cell: 0 for cell in BY_CELL}
    for path in MUTANTS:
        desc, replaces, must_lose, _ = mutant_fields(path)
        assert desc and replaces and must_lose, f"{path.name}: incomplete header"
        for cell in must_lose:
            assert cell in counts, f"{path.name}: unknown test cell {cell}"
            counts[cell] += 1
    assert all(n >= 3 for n in counts.values()), counts


@pytest.mark.parametrize("path", MUTANTS, ids=[p.stem for p in MUTANTS])
def test_mutant_loses_points_in_process(path):
    _, replaces, must_lose, text = mutant_fields(path)
    ns = namespace(replace={cell: text for cell in replaces})
    for cell in must_lose:
        hidden_failed = [r for r in evaluate(BY_CELL[cell], ns, LESSON, hidden=True) if not r.passed]
        assert hidden_failed, f"{path.name} passes every hidden case of {cell}"


@pytest.mark.parametrize("path", MUTANTS, ids=[p.stem for p in MUTANTS])
def test_mutant_fails_the_visible_test_too(path):
    """The student sees the mistake while working, not only at grading time."""
    from backprop.checking import CheckFailure

    _, replaces, must_lose, text = mutant_fields(path)
    ns = namespace(replace={cell: text for cell in replaces})
    tests = graded_cells(NB)
    for cell in must_lose:
        with pytest.raises((CheckFailure, RecursionError)):
            exec(compile(visible_part(tests[cell][0]), f"<{cell}>", "exec"), ns)


def test_solutions_pass_the_visible_tests(solution_ns):
    for gid, (source, _) in graded_cells(NB).items():
        exec(compile(visible_part(source), f"<{gid}>", "exec"), dict(solution_ns))


# ------------------------------------------------------------------ references vs finite differences

H = 1e-6


def central(f, x, h=H):
    return (f(x + h) - f(x - h)) / (2 * h)


def rel(a, n):
    a, n = np.asarray(a, float), np.asarray(n, float)
    return np.abs(a - n) / np.maximum(1e-8, np.abs(a) + np.abs(n))


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


def all_inputs(cell):
    ex = BY_CELL[cell]
    return [make_inputs(LESSON, ex, i) for i in range(len(ex.cases))]


def test_toy_reference_matches_central_differences():
    ex = BY_CELL["test_toy_backward"]
    for inputs in all_inputs("test_toy_backward"):
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
    for inputs in all_inputs("test_unary_derivatives"):
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
    for inputs in all_inputs("test_binary_derivatives"):
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
    for inputs in all_inputs("test_node_ops"):
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
    for inputs in all_inputs("test_node_backward"):
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

    for inputs in all_inputs("test_logistic_regression"):
        x, y, w, b = inputs["x"], inputs["y"], inputs["w"], inputs["b"]
        ref_loss, dw, db = ex.reference(**inputs)
        assert ref_loss == pytest.approx(loss(x, y, w, b), rel=1e-12)
        eye = np.eye(len(w))
        num_w = [central(lambda t: loss(x, y, w + t * eye[k], b), 0.0) for k in range(len(w))]
        assert rel(dw, num_w).max() < 1e-6
        assert rel(db, central(lambda t: loss(x, y, w, b + t), 0.0)) < 1e-6


# ------------------------------------------------------------------ the notebook in a kernel

@pytest.mark.slow
def test_instructor_notebook_runs_with_full_marks(tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    problems = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"{grade_id(cell) or cell.source[:40]!r}: {out.ename}: {out.evalue[:300]}")
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"{grade_id(cell) or cell.source[:40]!r}: stderr {out.text[:300]}")
    assert not problems, "\n".join(problems)
