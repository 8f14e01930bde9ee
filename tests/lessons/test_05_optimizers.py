"""Lesson 05 (optimizers): what only this lesson needs. The lesson contract (build, release,
spec, stubs, mutants, kernel run) is tests/lessons/test_contract.py.

- every solution cell `gid` has its test cell `test_gid`, whose visible part uses the
  checking helpers; the conventions (PyTorch momentum, Adam's t and eps) are stated in the prose;
- the solutions pass for other case seeds too; the required mistakes are kept as mutants;
- calling the package's reference rules is flagged by the grader's static scan.
"""

import runpy

import numpy as np
import pytest

from autograder.paths import REPO_ROOT
from autograder.spec import evaluate
from support.lessons import lesson
from support.notebooks import visible_part

L = lesson("05_optimizers")
LESSON = L.name


def test_every_solution_cell_has_its_test_cell():
    assert {f"test_{gid}" for gid in L.solutions} == set(L.tests)
    for gid, src in L.tests.items():
        assert "check_" in visible_part(src), gid


def test_conventions_are_stated_in_the_notebook():
    prose = "\n".join(c.source for c in L.nb.cells if c.cell_type == "markdown")
    for claim in ("v \\leftarrow \\beta v + g", "first step: $t=1$", "outside* the square root",
                  "\\text{factor}^{\\lfloor e / \\text{every} \\rfloor}", "epochs $e = 0, 1, 2"):
        assert claim in prose, claim


@pytest.mark.parametrize("salt", ["term-2", "term-3", 7])
def test_solutions_pass_with_other_seeds(salt):
    ns = L.namespace()
    with np.errstate(all="ignore"):
        for ex in L.exercises:
            results = evaluate(ex, ns, LESSON, salt=salt)
            assert all(r.passed for r in results), [r.message for r in results if not r.passed]


def test_the_required_mistakes_are_kept_as_mutants():
    required = {"adam_no_bias_correction", "adam_step_count_off_by_one", "adam_eps_inside_sqrt",
                "momentum_forgets_velocity", "rmsprop_decay_wrong_term", "step_decay_one_epoch_early"}
    assert required <= {p.stem for p in L.mutants}, required - {p.stem for p in L.mutants}


def test_calling_the_reference_rules_is_flagged():
    """A solution cell that calls the reference rules is caught by the grader's static scan
    (the sandbox does not even hold `backprop_reference`; the scan also names it outside)."""
    from autograder.integrity import static_scan

    forbidden = {name: ex.cell for ex in L.exercises for name in ex.forbidden}
    cheat = ("def adam_update(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
             "    return backprop_reference.optim.adam_update(w, dw, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)")
    flags = static_scan([("cell adam_update", cheat)], forbidden)
    assert any(f.kind == "calls the reference" and "test_adam_update" in f.message for f in flags)
    assert not static_scan([("cell adam_update", L.solutions["adam_update"])], forbidden)


def _diverges(rule, lr, lam, **hyper):
    w, state = np.ones(1), None
    with np.errstate(all="ignore"):
        for _ in range(4000):
            w, state = rule(w, lam * w, state, lr=lr, **hyper)
            if not np.isfinite(w[0]) or abs(w[0]) > 1e8:
                return True
    return abs(w[0]) > 1.0


@pytest.mark.parametrize(("name", "beta"), [("sgd", 0.0), ("momentum", 0.9), ("momentum", 0.5),
                                            ("nesterov", 0.9), ("nesterov", 0.5)])
def test_the_graded_divergence_limits_match_a_bisection_on_the_package_rules(name, beta):
    """The playground answers are closed forms; the package's own rules, run on the steepest
    direction of the lesson's quadratic, start to diverge exactly there."""
    from backprop_reference import optim
    spec = runpy.run_path(str(REPO_ROOT / "solutions" / LESSON / "grading.py"))
    rule = {"sgd": optim.sgd_update, "momentum": optim.momentum_update, "nesterov": optim.nesterov_update}[name]
    hyper = {} if name == "sgd" else {"beta": beta}
    lo, hi = 1e-4, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if _diverges(rule, mid, spec["LAM_MAX"], **hyper) else (mid, hi)
    assert abs(spec["divergence_threshold"](name, beta=beta) - hi) < 1e-3 * hi
