"""Lesson 05 (optimizers): the instructor notebook, its grading spec and its mutants, in process.

- the notebook is what build.py writes (byte for byte);
- every graded test cell has exactly one Exercise, every solution cell is tested;
- the solutions pass every case (visible and hidden) and every visible test cell;
- the untouched student version (stubs raising NotImplementedError) fails every case and
  every visible test cell;
- every mutant in tests/lessons/mutants/05_optimizers loses the points it must lose;
  at least three mutants per exercise;
- (slow) the instructor notebook runs top to bottom without an error or stderr output.
"""

import runpy
from functools import partial
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.spec import evaluate, load_lesson
from autograder.testing import graded_cells, lesson_namespace, mutant_fields, read, solution_sources, visible_part

LESSON = "05_optimizers"
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "solutions" / LESSON / f"{LESSON}.ipynb"
MUTANTS = sorted((ROOT / "tests" / "lessons" / "mutants" / LESSON).glob("*.py"))


NB = read(NOTEBOOK)
SOLUTION_CELLS = solution_sources(NB)
TEST_CELLS = {gid: src for gid, (src, _) in graded_cells(NB).items()}
EXERCISES = load_lesson(LESSON)
namespace = partial(lesson_namespace, NB)


def run_visible(gid, ns):
    """None if the visible part of test cell `gid` passes in `ns`, else the exception."""
    try:
        with np.errstate(all="ignore"):
            exec(compile(visible_part(TEST_CELLS[gid]), f"<{gid}>", "exec"), dict(ns))
    except Exception as exc:  # noqa: BLE001 - any failure counts
        return exc
    return None


def grade(ns) -> dict:
    """{test cell: list of CaseResult} for every exercise, evaluated in this process."""
    with np.errstate(all="ignore"):
        return {ex.cell: evaluate(ex, ns, LESSON) for ex in EXERCISES}


# ----------------------------------------------------------------- structure

def test_notebook_is_what_build_py_writes(tmp_path, monkeypatch):
    import autograder.authoring as authoring

    monkeypatch.setattr(authoring, "SOLUTIONS_DIR", tmp_path)
    runpy.run_path(str(ROOT / "solutions" / LESSON / "build.py"), run_name="__main__")
    assert (tmp_path / LESSON / f"{LESSON}.ipynb").read_bytes() == NOTEBOOK.read_bytes(), \
        "solutions/05_optimizers/05_optimizers.ipynb is stale: run build.py"


def test_every_test_cell_has_one_exercise_and_every_solution_is_tested():
    assert sorted(ex.cell for ex in EXERCISES) == sorted(TEST_CELLS)
    assert {f"test_{gid}" for gid in SOLUTION_CELLS} == set(TEST_CELLS)
    for gid, src in TEST_CELLS.items():
        assert f"run_hidden({LESSON!r}, {gid!r}, globals())" in src
        assert "check_" in visible_part(src)
    for ex in EXERCISES:
        assert any(not c.hidden for c in ex.cases) and any(c.hidden for c in ex.cases), ex.cell


def test_conventions_are_stated_in_the_notebook():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for claim in ("v \\leftarrow \\beta v + g", "first step: $t=1$", "outside* the square root",
                  "\\text{factor}^{\\lfloor e / \\text{every} \\rfloor}", "epochs $e = 0, 1, 2"):
        assert claim in prose, claim


# ----------------------------------------------------------------- solutions and stubs

def test_solutions_pass_every_case_and_every_visible_test():
    ns = namespace()
    for cell, results in grade(ns).items():
        failed = [f"{r.label}: {r.message}" for r in results if not r.passed]
        assert not failed, f"{cell}:\n" + "\n".join(failed)
    for gid in TEST_CELLS:
        assert run_visible(gid, ns) is None, (gid, run_visible(gid, ns))


@pytest.mark.parametrize("salt", ["term-2", "term-3", 7])
def test_solutions_pass_with_other_seeds(salt):
    ns = namespace()
    with np.errstate(all="ignore"):
        for ex in EXERCISES:
            results = evaluate(ex, ns, LESSON, salt=salt)
            assert all(r.passed for r in results), [r.message for r in results if not r.passed]


def test_untouched_student_notebook_scores_nothing():
    ns = namespace(stubs=True)
    for cell, results in grade(ns).items():
        assert results and not any(r.passed for r in results), cell
        assert all("NotImplementedError" in r.message for r in results), cell
    for gid in TEST_CELLS:
        assert isinstance(run_visible(gid, ns), NotImplementedError), gid


# ----------------------------------------------------------------- mutants

def test_at_least_three_mutants_per_exercise_and_the_required_ones_exist():
    counts = {cell: 0 for cell in TEST_CELLS}
    for path in MUTANTS:
        _, replaces, must_lose, _ = mutant_fields(path)
        assert set(replaces) <= set(SOLUTION_CELLS), path.name
        for cell in must_lose:
            counts[cell] += 1
    assert min(counts.values()) >= 3, counts
    names = {p.stem for p in MUTANTS}
    required = {"adam_no_bias_correction", "adam_step_count_off_by_one", "adam_eps_inside_sqrt",
                "momentum_forgets_velocity", "rmsprop_decay_wrong_term", "step_decay_one_epoch_early"}
    assert required <= names, required - names


@pytest.mark.parametrize("path", MUTANTS, ids=lambda p: p.stem)
def test_mutant_loses_points(path):
    description, replaces, must_lose, code = mutant_fields(path)
    ns = namespace({gid: code for gid in replaces})
    with np.errstate(all="ignore"):
        for cell in must_lose:
            ex = next(e for e in EXERCISES if e.cell == cell)
            results = evaluate(ex, ns, LESSON)
            assert not all(r.passed for r in results), f"{path.name} ({description}) kept {cell}"
            assert all(r.message for r in results if not r.passed)


# ----------------------------------------------------------------- the notebook runs

@pytest.mark.slow
def test_instructor_notebook_runs_top_to_bottom():
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    for cell in nb.cells:
        for out in getattr(cell, "outputs", []):
            assert out.output_type != "error", (cell.source[:80], out.get("evalue"))
            if cell.metadata.get("nbgrader", {}).get("grade"):
                assert not (out.output_type == "stream" and out.name == "stderr"), cell.source[:80]


def test_calling_the_reference_rules_is_flagged():
    """The notebook calls the reference as `backprop.optim.<rule>` (no alias), so a solution
    cell that does the same is caught by the grader's static scan."""
    from autograder.integrity import static_scan

    forbidden = {name: ex.cell for ex in EXERCISES for name in ex.forbidden}
    cheat = ("def adam_update(w, dw, state=None, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
             "    return backprop.optim.adam_update(w, dw, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)")
    flags = static_scan([("cell adam_update", cheat)], forbidden)
    assert any(f.kind == "calls the reference" and "test_adam_update" in f.message for f in flags)
    assert not static_scan([("cell adam_update", SOLUTION_CELLS["adam_update"])], forbidden)
