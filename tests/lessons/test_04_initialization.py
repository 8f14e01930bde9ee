"""Lesson 04 (initialization): notebook, grading spec and mutants, checked in-process.

- the committed notebook is what build.py writes, and its graded cells match grading.py;
- the instructor solutions pass every case, untouched stubs fail every exercise, and the
  visible test cells fail on stubs with NotImplementedError;
- every mutant in tests/lessons/mutants/04_initialization loses the points it must lose
  (evaluated with autograder.spec.evaluate in this process), and >= 3 exist per exercise;
- the statistical checks are calibrated: the variances grading.py expects agree with
  backprop.init.weight_variance, and the reference initializers pass every case for many seeds;
- the predicted-variance reference agrees with simulated networks, and the symmetry reference
  with training by backprop.mlp.MLP.
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
from backprop import init as ref_init
from backprop import variance as ref_var
from backprop.losses import mse_loss
from backprop.mlp import MLP

LESSON = "04_initialization"
ROOT = Path(__file__).resolve().parents[2]
LESSON_DIR = ROOT / "solutions" / LESSON
NOTEBOOK = LESSON_DIR / f"{LESSON}.ipynb"
MUTANTS = sorted((ROOT / "tests" / "lessons" / "mutants" / LESSON).glob("*.py"))
SHAPE_RE = re.compile(r"\((?:\w+)(?:, ?\w+)*,?\)")


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
        "solutions/04_initialization/04_initialization.ipynb is stale: run its build.py"


def test_every_graded_cell_has_one_exercise(notebook, exercises):
    tests = graded_cells(notebook)
    assert sorted(tests) == sorted(ex.cell for ex in exercises)
    assert all(points > 0 for _, points in tests.values())
    for ex in exercises:
        assert any(not c.hidden for c in ex.cases) and sum(c.hidden for c in ex.cases) >= 3, ex.cell


def test_solution_cells_state_shapes_and_stub_cleanly(notebook):
    for gid, source in solution_sources(notebook).items():
        assert SOLUTION_REGION.search(source), gid
        outside = SOLUTION_REGION.sub("", source)
        assert '"""' in outside and SHAPE_RE.search(outside), f"{gid}: docstring with shapes outside the solution"


def test_notebook_opens_and_closes_as_required(notebook):
    md = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert "After this lesson you will be able to" in md[0]
    assert "## What to remember" in md[-1] and "## What comes next" in md[-1]
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "init_explorer(" in code                      # the explorer is one call in the notebook
    assert "ipympl" not in code


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


@pytest.mark.parametrize("salt", range(6))
def test_reference_initializers_pass_for_other_seeds(exercises, salt):
    """Calibration: with the package's initializers plugged in, every statistical case passes
    for other case seeds too (a correct draw must not fail by bad luck)."""
    ns = {"np": np,
          "zeros_init": ref_init.zeros, "constant_init": lambda s, v: ref_init.constant(s, v),
          "normal_init": lambda s, std, rng: ref_init.normal(s, std=std, rng=rng),
          "xavier_normal": ref_init.xavier_normal, "xavier_uniform": ref_init.xavier_uniform,
          "he_normal": ref_init.he_normal, "he_uniform": ref_init.he_uniform}
    for ex in exercises[:3]:
        failed = [r for r in evaluate(ex, ns, LESSON, salt=f"calibration-{salt}") if not r.passed]
        assert not failed, f"{ex.cell}: " + "\n".join(r.message for r in failed)


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
    for cell in must_lose:
        with np.errstate(all="ignore"):
            results = evaluate(by_cell[cell], ns, LESSON)
        assert not all(r.passed for r in results), f"{path.name} ({description}) keeps the points of {cell}"


# --------------------------------------------------------------------------- references

def test_expected_variances_match_the_package(exercises):
    """grading.py writes the variances from the formulas; they must be the package's."""
    by = {ex.cell: ex for ex in exercises}
    for cell, normal, c, default in (("test_xavier", "xavier_normal", 1.0, "average"),
                                     ("test_he", "he_normal", 2.0, "fan_in")):
        for i in range(len(by[cell].cases)):
            inp = make_inputs(LESSON, by[cell], i)
            mode = inp["mode"] if inp.get("use_mode") else default
            fan = {"fan_in": inp["n_in"], "fan_out": inp["n_out"], "average": (inp["n_in"] + inp["n_out"]) / 2}[mode]
            assert ref_init.weight_variance(normal, inp["n_in"], inp["n_out"], gain=inp["gain"], mode=mode) == \
                pytest.approx(inp["gain"] ** 2 * c / fan)


def test_predicted_variance_reference_matches_simulation(exercises):
    ex = next(e for e in exercises if e.cell == "test_predicted_variance")
    for i in range(len(ex.cases)):
        inp = make_inputs(LESSON, ex, i)
        widths = [int(w) for w in inp["widths"]]
        # tanh: linear regime only. Deep narrow ReLU stacks (20 layers of 100) drift far from
        # the mean-field value in any one draw (finite width); tests/package/test_variance.py
        # checks the recursion on averages of many draws instead.
        if inp["activation"] == "tanh" or len(widths) - 1 > 8:
            continue
        q = ex.reference(**inp)
        sims = [ref_var.simulate_scheme(inp["scheme"], widths, inp["activation"], gain=inp["gain"],
                                        batch=256, rng=s, input_var=inp["input_var"]) for s in range(4)]
        z = np.mean([s["z_var"] for s in sims], axis=0)
        assert np.all(np.abs(np.log(z / q)) < 0.35), (inp["scheme"], inp["activation"], z, q)


def test_symmetry_reference_matches_mlp_training(exercises):
    grading = runpy.run_path(str(LESSON_DIR / "grading.py"))
    ex = next(e for e in exercises if e.cell == "test_symmetry")
    for i in range(len(ex.cases)):
        inp = make_inputs(LESSON, ex, i)
        W1f, spread = grading["train_and_measure_symmetry"](**inp)
        h, n_in = inp["W1"].shape
        net = MLP([n_in, h, inp["Y"].shape[1]], activation="tanh", rng=0)
        for p, v in zip(net.parameters(), (inp["W1"], inp["b1"], inp["W2"], inp["b2"])):
            p[...] = v
        for _ in range(int(inp["steps"])):
            _, dY = mse_loss(net.forward(inp["X"]), inp["Y"])
            net.backward(dY)
            for p, g in zip(net.parameters(), net.gradients()):
                p -= inp["lr"] * g
        np.testing.assert_allclose(W1f, net.weights[0], rtol=1e-10, atol=1e-12)
        assert spread == pytest.approx(float(np.max(np.abs(W1f - W1f[0]))))
        if np.ptp(inp["W1"]) == 0:                 # constant start: the units stay identical
            assert spread < 1e-12
