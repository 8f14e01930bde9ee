"""Lesson 06 (backprop by hand through a real network): what only this lesson needs. The lesson
contract (build, release, spec, stubs, mutants, kernel run) is tests/lessons/test_contract.py.

- the issue's required mistakes are kept as mutants, and the feedback names them;
- student-visible cells import from `backprop` only what the student edition keeps
  (no reference implementation outside test cells);
- the bug-hunt loss in the grading call is the notebook's, its true gradients agree with
  central differences, and the notebook's planted bugs are exactly the ones the checker reports;
- the checker and the capstone are calibrated: the instructor's answers pass for other seeds;
- every exercise has hidden cases, states its shapes, and the notebook opens and closes as required.
"""

from __future__ import annotations

import ast

import numpy as np
import pytest

from autograder.spec import make_inputs, run_call
from support.finite_differences import gradient
from support.lessons import lesson

L = lesson("06_backprop_by_hand")
NON_GRADED_MODULES = {"backprop.checking", "backprop.plotting", "backprop.data", "backprop.digits"}

REQUIRED_MISTAKES = {        # issue 18: each must be kept as a mutant that loses points
    "a forgotten sum over a broadcast axis": ["lb_ds_no_sum", "nb_dgamma_no_sum", "sts_leading_axes_only"],
    "batch-norm backward without the mean terms": ["bn_no_mean_terms", "nb_no_mean_path", "nb_no_var_path"],
    "a scatter that overwrites instead of adding": ["ib_buffered_add", "ib_assign"],
}

NAMED_IN_FEEDBACK = {        # mutant: words the grader's message must contain
    "ib_buffered_add": "buffered write",
    "lb_de_numerator_only": "e also feeds s",
    "nb_no_var_path": "path through var",
    "nb_no_mean_path": "path through mu",
    "bn_no_mean_terms": "without the mean terms",
    "bn_unbiased_variance": "ddof=1",
    "sts_mean": "a mean over the broadcast axes",
    "fw_mean_error": "largest relative error",
    "fw_no_restore": "restore",
    "td_loss_per_epoch": "one per mini-batch step",
    "td_decay_every_step": "history['lr']",
    "td_zero_init": "held-out accuracy",
}


def test_required_mistakes_are_kept_as_mutants():
    stems = {p.stem for p in L.mutants}
    assert {k: [s for s in v if s not in stems] for k, v in REQUIRED_MISTAKES.items()} == \
        {k: [] for k in REQUIRED_MISTAKES}


@pytest.mark.parametrize("stem", sorted(NAMED_IN_FEEDBACK))
def test_required_mistakes_get_named_in_the_feedback(stem):
    mutant, ns = L.mutant(stem)
    (cell,) = mutant["must_lose"]
    messages = "\n".join(r.message for r in L.evaluate(cell, ns) if not r.passed)
    assert NAMED_IN_FEEDBACK[stem] in messages, messages


def _imports(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
    return modules


def test_student_visible_cells_import_only_non_graded_helpers():
    """The student edition keeps no working graded function: outside the graded test cells
    (whose reference calls the coordinator moves to recorded values) nothing may come from
    backprop but the feedback helpers and the data loaders."""
    tests = set(L.tests)
    problems = []
    for cell in L.nb.cells:
        if cell.cell_type != "code":
            continue
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        source = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        for module in _imports(source):
            if module.startswith("backprop") and module not in NON_GRADED_MODULES and gid not in tests:
                problems.append(f"{gid or 'a demonstration cell'} imports {module}")
    assert problems == []


def test_the_grading_loss_is_the_notebooks_and_its_gradients_match_finite_differences():
    ns = L.namespace()
    ex = L.by_cell["test_find_wrong_gradients"]
    spec = ex.check.__globals__
    inputs = make_inputs(L.name, ex, 0)
    p = {k: inputs[k] for k in spec["HUNT_NAMES"]}
    truth = spec["hunt_true_gradients"](inputs["X"], inputs["y"], p)
    for name in spec["HUNT_NAMES"]:
        def loss(v, name=name):
            return ns["bug_hunt_loss"](inputs["X"], inputs["y"], {**p, name: v})
        np.testing.assert_allclose(truth[name], gradient(loss, p[name]), rtol=1e-6, atol=1e-9)
    # the call's own f() is the same loss as the notebook's bug_hunt_loss
    seen = []
    scope = {**ns, "find_wrong_gradients": lambda f, params, grads: seen.append(f()) or []}
    run_call(ex, scope, inputs)
    assert seen[0] == pytest.approx(ns["bug_hunt_loss"](inputs["X"], inputs["y"], p), rel=1e-12)


def test_the_planted_bugs_are_what_the_checker_reports_and_the_fixes_clear_them():
    ns = L.namespace()
    X, y, p = ns["X_bug"], ns["y_bug"], {k: v.copy() for k, v in ns["params_bug"].items()}
    ex = L.by_cell["test_find_wrong_gradients"]
    truth = ex.check.__globals__["hunt_true_gradients"](X, y, p)
    planted = ns["bug_hunt_backward"](X, y, p)
    wrong = [k for k in p if not np.allclose(planted[k], truth[k], rtol=1e-9, atol=1e-12)]
    assert wrong == ["W1", "b1", "b2"]
    f = lambda: ns["bug_hunt_loss"](X, y, p)        # noqa: E731
    assert ns["find_wrong_gradients"](f, p, planted) == wrong
    assert ns["find_wrong_gradients"](f, p, truth) == []


@pytest.mark.parametrize("salt", range(4))
def test_the_checker_cases_are_calibrated_for_other_seeds(salt):
    """A correct checker must not fail a case by bad luck (a tiny gradient entry)."""
    ns = L.namespace()
    results = L.evaluate("test_find_wrong_gradients", ns, salt=salt)
    assert [r.message for r in results if not r.passed] == []


def test_capstone_reaches_the_target_on_every_split_and_seed_with_a_margin():
    ns = L.namespace()
    spec = L.by_cell["test_train_digits"].check.__globals__
    for split_seed in spec["SPLIT_SEEDS"]:
        X_train, y_train, X_test, y_test = ns["split_digits"](seed=split_seed)
        for seed in range(3):
            params, _ = ns["train_digits"](X_train, y_train, seed=seed)
            accuracy = np.mean(ns["mlp_forward"](X_test, params)[0].argmax(axis=1) == y_test)
            assert accuracy >= spec["TARGET_ACCURACY"] + 0.005, (split_seed, seed, accuracy)


def test_every_exercise_has_hidden_cases_and_states_its_shapes():
    assert {ex.cell: n for ex in L.exercises if (n := sum(c.hidden for c in ex.cases)) < 2} == {}
    assert L.cells_without_stated_shapes() == []


def test_notebook_opens_and_closes_as_required():
    md = [c.source for c in L.nb.cells if c.cell_type == "markdown"]
    assert "By the end of this lesson you will be able to" in md[0]
    assert "## What to remember" in md[-1] and "## What comes next" in md[-1]
