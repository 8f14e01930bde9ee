"""Lesson 04 (initialization): what only this lesson needs. The lesson contract (build,
release, spec, stubs, mutants, kernel run) is tests/lessons/test_contract.py.

- every exercise has at least three hidden cases, every solution cell states its shapes in a
  docstring the release keeps, and the notebook opens and closes as required;
- the statistical checks are calibrated: the variances grading.py expects agree with
  backprop.init.weight_variance, and the reference initializers pass every case for many seeds;
- the predicted-variance reference agrees with simulated networks, and the symmetry reference
  with training by backprop.mlp.MLP.
"""

from __future__ import annotations

import runpy

import numpy as np
import pytest

from autograder.spec import evaluate
from backprop_reference import init as ref_init
from backprop_reference import variance as ref_var
from backprop.losses import mse_loss
from backprop.mlp import MLP
from support.lessons import lesson

L = lesson("04_initialization")
LESSON = L.name


@pytest.fixture(scope="module")
def notebook():
    return L.nb


@pytest.fixture(scope="module")
def exercises():
    return L.exercises


def test_three_hidden_cases_per_exercise_and_shapes_stated():
    # A by-hand or explorer answer has one situation (the numbers the text gives): graded as
    # values and, hidden, as the exact multiples they make (solutions/answer_cells.py).
    answers = {ex.cell for ex in L.exercises if ex.cases[0].label == "your answer"}
    assert answers and all(sum(c.hidden for c in L.by_cell[cell].cases) == 1 for cell in answers)
    assert {ex.cell: n for ex in L.exercises if ex.cell not in answers
            and (n := sum(c.hidden for c in ex.cases)) < 3} == {}
    assert L.cells_without_stated_shapes() == []


def test_notebook_opens_and_closes_as_required(notebook):
    md = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert "After this lesson you will be able to" in md[0]
    assert "## What to remember" in md[-1] and "## What comes next" in md[-1]
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "init_explorer(" in code                      # the explorer is one call in the notebook
    assert "ipympl" not in code


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


# --------------------------------------------------------------------------- references

def test_expected_variances_match_the_package(exercises):
    """grading.py writes the variances from the formulas; they must be the package's."""
    by = {ex.cell: ex for ex in exercises}
    for cell, normal, c, default in (("test_xavier", "xavier_normal", 1.0, "average"),
                                     ("test_he", "he_normal", 2.0, "fan_in")):
        for i in range(len(by[cell].cases)):
            inp = L.inputs(cell)[i]
            mode = inp["mode"] if inp.get("use_mode") else default
            fan = {"fan_in": inp["n_in"], "fan_out": inp["n_out"], "average": (inp["n_in"] + inp["n_out"]) / 2}[mode]
            assert ref_init.weight_variance(normal, inp["n_in"], inp["n_out"], gain=inp["gain"], mode=mode) == \
                pytest.approx(inp["gain"] ** 2 * c / fan)


def test_predicted_variance_reference_matches_simulation(exercises):
    ex = next(e for e in exercises if e.cell == "test_predicted_variance")
    for i in range(len(ex.cases)):
        inp = L.inputs(ex.cell)[i]
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
    grading = runpy.run_path(str(L.course.lesson_dir(LESSON) / "grading.py"))
    ex = next(e for e in exercises if e.cell == "test_symmetry")
    for i in range(len(ex.cases)):
        inp = L.inputs(ex.cell)[i]
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
