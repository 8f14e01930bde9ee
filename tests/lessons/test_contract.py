"""The lesson contract, checked for every lesson folder in solutions/ and for the pipeline's
sample assignment (so a new lesson folder is covered without a test file of its own):

- the build is byte-stable: the committed instructor notebook is what its text file builds,
  and the text file is what jupytext pairs with the notebook;
- notebooks/ is what the release makes, and holds no solution code or hidden tests;
- the notebook's nbgrader cells are well formed (`autograder.authoring.lesson_problems`);
- grade ids agree across the notebook, grading.py and the mutants' headers;
- a case hands student code only the inputs its call names (no expected value);
- the solutions pass every case of grading.py and every visible test, in-process;
- the untouched stubs fail every case and every visible test, in-process;
- at least three mutants per exercise, each losing the points it names in-process and
  (slow) with the real grader, where the instructor notebook gets full marks and the
  untouched release 0 on every exercise;
- (slow) the instructor notebook runs clean in a fresh kernel within 30 s.

What only one lesson needs lives in tests/lessons/test_NN_name.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import re

import pytest

import support.grader as G
import support.notebooks as T
from autograder.authoring import instructor_notebook, lesson_problems, notebook_bytes, text_of
from autograder.paths import REPO_ROOT
from autograder.release import generate
from autograder.spec import evaluate, make_inputs
from support.lessons import Lesson, lesson
from support.mutants import apply_mutant, parse_mutant

PARAMS = T.course_params()
COURSES = {course.root: course for course, _ in PARAMS}


def _id(course, lesson) -> str:
    return lesson if course.root == REPO_ROOT else f"{course.root.name}-{lesson}"


def _lesson(course, name) -> Lesson:
    return lesson(name, course.root)


LESSONS = [pytest.param(course, name, id=_id(course, name)) for course, name in PARAMS]
CELLS = [pytest.param(c, name, ex.cell, id=f"{_id(c, name)}-{ex.cell}")
         for c, name in PARAMS for ex in _lesson(c, name).exercises]
MUTANTS = [pytest.param(c, name, path, id=f"{_id(c, name)}-{path.stem}")
           for c, name in PARAMS for path in _lesson(c, name).mutants]
RELEASE_HINT = "run `python -m autograder release {lesson}`"


# --------------------------------------------------------------------------- build and release

@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_build_is_byte_stable_and_the_pairing_in_sync(course, lesson):
    text_path, ipynb = course.lesson_text(lesson), course.source_notebook(lesson)
    hint = f"{ipynb.relative_to(course.root)} is out of sync with {text_path.name}: {RELEASE_HINT.format(lesson=lesson)}"
    assert ipynb.is_file(), hint
    assert ipynb.read_text(encoding="utf-8") == notebook_bytes(instructor_notebook(text_path)), hint
    assert text_path.read_text(encoding="utf-8") == text_of(T.read(ipynb), text_path), \
        f"{text_path.name} is not what jupytext pairs with {ipynb.name} (edited in JupyterLab?): " \
        + RELEASE_HINT.format(lesson=lesson)


@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_nbgrader_cells_are_well_formed(course, lesson):
    problems = lesson_problems(_lesson(course, lesson).nb, lesson)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """Every course's lessons released into a temporary folder (one nbgrader run per course)."""
    out = {}
    for root, course in COURSES.items():
        lessons = [lesson for c, lesson in PARAMS if c.root == root]
        target = tmp_path_factory.mktemp("release")
        old = os.environ.get("AUTOGRADER_WORK_DIR")
        os.environ["AUTOGRADER_WORK_DIR"] = str(target / "work")
        try:
            generate(course, lessons, target / "notebooks")
        finally:
            if old is None:
                os.environ.pop("AUTOGRADER_WORK_DIR", None)
            else:
                os.environ["AUTOGRADER_WORK_DIR"] = old
        out[root] = target / "notebooks"
    return out


@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_release_is_up_to_date(regenerated, course, lesson):
    fresh, committed = regenerated[course.root] / lesson, course.notebooks / lesson
    hint = RELEASE_HINT.format(lesson=lesson)
    assert committed.is_dir(), f"{committed} missing: {hint}"
    fresh_files = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*")
                             if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    assert committed_files == fresh_files, hint
    for name in fresh_files:
        assert (committed / name).read_bytes() == (fresh / name).read_bytes(), f"{committed / name} is stale: {hint}"


def _solution_lines(nb) -> set[str]:
    """Lines of solution regions long enough to be telling and found nowhere else in the source."""
    inside, outside = set(), []
    for cell in nb.cells:
        text = cell.source
        if "### BEGIN SOLUTION" in text:
            parts = text.split("### BEGIN SOLUTION")
            outside.append(parts[0])
            for part in parts[1:]:
                body, _, after = part.partition("### END SOLUTION")
                inside |= {line.strip() for line in body.splitlines() if len(line.strip()) >= 16}
                outside.append(after)
        else:
            outside.append(text.split("### BEGIN HIDDEN TESTS")[0])
    rest = "\n".join(outside)
    return {line for line in inside if line not in rest}


def _hidden_lines(nb) -> set[str]:
    lines = set()
    for cell in nb.cells:
        for part in cell.source.split("### BEGIN HIDDEN TESTS")[1:]:
            body = part.partition("### END HIDDEN TESTS")[0]
            lines |= {line.strip() for line in body.splitlines() if len(line.strip()) >= 8}
    return lines


@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_release_holds_no_solutions_or_hidden_tests(course, lesson):
    release = course.release_notebook(lesson)
    assert release.is_file(), f"{release} missing: {RELEASE_HINT.format(lesson=lesson)}"
    text = release.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden", "autograder.spec"):
        assert marker not in text, marker
    source, released = _lesson(course, lesson).nb, T.read(release)
    released_text = "\n".join(c.source for c in released.cells)
    for line in _solution_lines(source) | _hidden_lines(source):
        assert line not in released_text, line
    assert not list((course.notebooks / lesson).rglob("*.py"))
    # every test cell is there, locked, with the source notebook's points
    points = {gid: p for gid, (_, p) in T.graded_cells(source).items()}
    assert {gid: p for gid, (_, p) in T.graded_cells(released).items()} == points and points
    assert all(T.meta(c).get("locked") for c in released.cells if T.meta(c).get("grade"))


# --------------------------------------------------------------------------- grade ids

@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_grade_ids_agree_across_notebook_spec_and_mutants(course, lesson):
    nb = _lesson(course, lesson).nb
    graded, solutions = set(T.graded_cells(nb)), set(T.solution_sources(nb))
    exercises = _lesson(course, lesson).exercises
    assert sorted(ex.cell for ex in exercises) == sorted(graded), \
        "every graded cell of the notebook has exactly one Exercise in grading.py, and the reverse"
    for ex in exercises:
        assert any(not c.hidden for c in ex.cases) and any(c.hidden for c in ex.cases), \
            f"{ex.cell}: needs a visible and a hidden case"
    problems = []
    for path in _lesson(course, lesson).mutants:
        m = parse_mutant(path)
        if not (m["description"] and m["replaces"] and m["must_lose"]):
            problems.append(f"{path.name}: incomplete header (# mutant:, # replaces:, # must lose:)")
        if set(m["replaces"]) - solutions:
            problems.append(f"{path.name}: replaces unknown solution cell(s) {sorted(set(m['replaces']) - solutions)}")
        if set(m["must_lose"]) - graded:
            problems.append(f"{path.name}: must lose unknown test cell(s) {sorted(set(m['must_lose']) - graded)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_student_code_gets_only_the_inputs_its_call_names(course, lesson):
    """What a case hands the kernel is what its call uses: an expected value or any other
    grader-only number never reaches student code (the check computes those itself)."""
    problems = []
    for ex in _lesson(course, lesson).exercises:
        for index, case in enumerate(ex.cases):
            unused = [name for name in make_inputs(lesson, ex, index)
                      if not re.search(rf"\b{re.escape(name)}\b", ex.call)]
            if unused:
                problems.append(f"{ex.cell}, case {case.label!r}: inputs {unused} are not used by its call")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_at_least_three_mutants_per_exercise(course, lesson):
    counts = {ex.cell: 0 for ex in _lesson(course, lesson).exercises}
    for path in _lesson(course, lesson).mutants:
        for cell in parse_mutant(path)["must_lose"]:
            counts[cell] = counts.get(cell, 0) + 1
    thin = {cell: n for cell, n in counts.items() if n < 3}
    assert not thin, f"exercises with fewer than 3 mutants: {thin}"


# --------------------------------------------------------------------------- solutions and stubs, in process

@pytest.mark.parametrize(("course", "lesson", "cell"), CELLS)
def test_solution_passes_every_case_and_the_visible_test(course, lesson, cell):
    L = _lesson(course, lesson)
    ns = L.namespace()
    failed = [f"[{r.label}] {r.message}" for r in evaluate(L.by_cell[cell], ns, lesson) if not r.passed]
    assert not failed, "\n".join(failed)
    error = L.run_visible(cell, ns, honest=True)
    assert error is None, f"the visible part of {cell} fails (or warns) on the solutions: {error!r}"


@pytest.mark.parametrize(("course", "lesson", "cell"), CELLS)
def test_untouched_stubs_fail_every_case_and_the_visible_test(course, lesson, cell):
    L = _lesson(course, lesson)
    ns = L.namespace(stubs=True)
    results = L.evaluate(cell, ns)
    assert results and not any(r.passed for r in results), [r.label for r in results if r.passed]
    assert all("NotImplementedError" in r.message for r in results), [r.message for r in results]
    error = L.run_visible(cell, ns)
    assert isinstance(error, NotImplementedError), \
        f"the visible part of {cell} must let the stub's NotImplementedError through, got {error!r}"


@pytest.mark.parametrize(("course", "lesson", "path"), MUTANTS)
def test_mutant_loses_points_in_process(course, lesson, path):
    L = _lesson(course, lesson)
    mutant, ns = L.mutant(path)
    for cell in mutant["must_lose"]:
        results = L.evaluate(cell, ns)
        assert not all(r.passed for r in results), f"{path.name} ({mutant['description']}) keeps the points of {cell}"
        assert all(r.message for r in results if not r.passed)


# --------------------------------------------------------------------------- the real grader (slow)

_BATCHES: dict = {}


def graded_batch(course, lesson, tmp_path_factory) -> dict:
    """One `python -m autograder grade --jobs 2` batch per lesson: the instructor notebook, the
    untouched release and every mutant as students; {(student, lesson): result}."""
    key = (course.root, lesson)
    if key not in _BATCHES:
        assert course.release_notebook(lesson).is_file(), RELEASE_HINT.format(lesson=lesson)
        root = tmp_path_factory.mktemp(f"grade-{lesson}")
        # a fixed course secret, so the salted hidden inputs (and so every verdict) are the same
        # on every run; the salts are varied on purpose in tests/pipeline/test_salting.py
        secret = root / "course-secret"
        secret.write_text(hashlib.sha256(b"contract tests").hexdigest() + "\n")
        secret.chmod(0o600)
        sub = root / "sub"
        T.write(_lesson(course, lesson).nb, sub / "instructor" / lesson / f"{lesson}.ipynb")
        T.write(T.read(course.release_notebook(lesson)), sub / "untouched" / lesson / f"{lesson}.ipynb")
        for path in _lesson(course, lesson).mutants:
            T.write(apply_mutant(course, lesson, parse_mutant(path)), sub / f"mutant_{path.stem}" / lesson / f"{lesson}.ipynb")
        _BATCHES[key] = G.grade(course, sub, root / "out", "--lesson", lesson, "--no-feedback", jobs=2, work=root)
    return _BATCHES[key]


@pytest.mark.slow
@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_real_grader_gives_the_instructor_full_marks_and_the_release_zero(course, lesson, tmp_path_factory):
    results = graded_batch(course, lesson, tmp_path_factory)
    r = results[("instructor", lesson)]
    failed = {row["cell"]: [c["message"] for c in row["cases"] if not c["passed"]]
              for row in r["exercises"] if not row["passed"]}
    assert r["score"] == r["max_score"] > 0, failed
    assert not [f for f in r["flags"] if f["kind"] in ("timeout", "kernel stopped", "grading spec", "grader failure")]
    u = results[("untouched", lesson)]
    assert u["score"] == 0
    assert u["exercises"] and not [row["cell"] for row in u["exercises"] if row["passed"]]


@pytest.mark.slow
@pytest.mark.parametrize(("course", "lesson", "path"), MUTANTS)
def test_mutant_loses_points_with_the_real_grader(course, lesson, path, tmp_path_factory):
    mutant = parse_mutant(path)
    r = graded_batch(course, lesson, tmp_path_factory)[(f"mutant_{path.stem}", lesson)]
    assert not r["flags"], f"{path.name}: an honest-looking submission was flagged: {r['flags']}"
    rows = {row["cell"]: row for row in r["exercises"]}
    for cell in mutant["must_lose"]:
        assert rows[cell]["points"] < rows[cell]["max_points"], \
            f"{path.name} ({mutant['description']}) keeps full points on {cell}"


# --------------------------------------------------------------------------- a real kernel (slow)

CPU_BUDGET_SECONDS = 30.0


@pytest.mark.slow
@pytest.mark.parametrize(("course", "lesson"), LESSONS)
def test_instructor_notebook_runs_clean_in_a_fresh_kernel_within_30_s(course, lesson):
    """No error and nothing on stderr, within a budget of 30 s of the kernel's CPU time (the
    lesson checklist's 30 s on 2 cores, with one BLAS thread, measured so that other load on
    the machine does not count). Wall-clock cell times are printed and written to
    test-artifacts/notebook-times.json, never asserted."""
    problems, times, cpu = T.run_in_kernel(course, lesson)
    total = sum(t["seconds"] for t in times)
    slowest = sorted(times, key=lambda t: -t["seconds"])[:3]
    print(f"\n{lesson}: {total:.2f} s wall in {len(times)} code cells, kernel CPU {cpu:.2f} s; slowest: "
          + ", ".join(f"cell {t['cell']} {t['seconds']:.2f} s" for t in slowest))
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    report = artifacts / "notebook-times.json"
    data = json.loads(report.read_text()) if report.is_file() else {}
    data[f"{course.root.name}/{lesson}"] = {"total_seconds": round(total, 3), "kernel_cpu_seconds": round(cpu, 3),
                                            "cells": times}
    report.write_text(json.dumps(data, indent=1, sort_keys=True))
    assert not problems, "\n".join(problems)
    assert cpu <= CPU_BUDGET_SECONDS, f"{lesson}: the kernel used {cpu:.1f} s of CPU (budget {CPU_BUDGET_SECONDS:.0f} s)"
