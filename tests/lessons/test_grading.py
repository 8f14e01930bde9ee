"""Every lesson through the real grader: the instructor notebook gets full marks, the
untouched released notebook gets 0 on every exercise; and the instructor notebook runs top
to bottom in a fresh kernel with no error and nothing on stderr (cell times are printed and
written to test-artifacts/notebook-times.json)."""

import datetime as dt
import json

import pytest

from autograder import testing as T
from autograder.paths import REPO_ROOT

PARAMS = T.course_params()
IDS = [f"{c.root.name}-{lesson}" for c, lesson in PARAMS]
_BATCHES = {}


def _batch(course, tmp_path_factory):
    """One grading batch per course: instructor and untouched notebooks of all its lessons."""
    if course.root not in _BATCHES:
        root = tmp_path_factory.mktemp("lessons-grading")
        lessons = [lesson for c, lesson in PARAMS if c.root == course.root]
        for lesson in lessons:
            T.write(T.read(course.source_notebook(lesson)), root / "sub" / "instructor" / lesson / f"{lesson}.ipynb")
            if course.release_notebook(lesson).is_file():
                T.write(T.read(course.release_notebook(lesson)), root / "sub" / "untouched" / lesson / f"{lesson}.ipynb")
        _BATCHES[course.root] = T.grade(course, root / "sub", root / "out", jobs=2, work=root)
    return _BATCHES[course.root]


@pytest.mark.parametrize(("course", "lesson"), PARAMS, ids=IDS)
def test_instructor_notebook_gets_full_marks(course, lesson, tmp_path_factory):
    assert course.release_notebook(lesson).is_file(), f"run `python -m autograder release {lesson}` first"
    r = _batch(course, tmp_path_factory)[("instructor", lesson)]
    failed = {row["cell"]: [c["message"] for c in row["cases"] if not c["passed"]]
              for row in r["exercises"] if not row["passed"]}
    assert r["score"] == r["max_score"] > 0, failed
    assert not [f for f in r["flags"] if f["kind"] in ("timeout", "kernel stopped", "grading spec", "grader failure")]


@pytest.mark.parametrize(("course", "lesson"), PARAMS, ids=IDS)
def test_untouched_release_gets_zero_on_every_exercise(course, lesson, tmp_path_factory):
    assert course.release_notebook(lesson).is_file(), f"run `python -m autograder release {lesson}` first"
    r = _batch(course, tmp_path_factory)[("untouched", lesson)]
    assert r["score"] == 0
    assert r["exercises"] and not [row["cell"] for row in r["exercises"] if row["passed"]]


def _seconds(cell):
    ex = cell.get("metadata", {}).get("execution", {})
    try:
        a = dt.datetime.fromisoformat(ex["iopub.execute_input"].replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(ex["shell.execute_reply"].replace("Z", "+00:00"))
        return (b - a).total_seconds()
    except (KeyError, ValueError):
        return 0.0


@pytest.mark.parametrize(("course", "lesson"), PARAMS, ids=IDS)
def test_instructor_notebook_runs_clean_in_a_fresh_kernel(course, lesson, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("COURSE_SOLUTIONS_DIR", str(course.solutions))
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    monkeypatch.setenv("MPLBACKEND", "agg")
    nb = T.read(course.source_notebook(lesson))
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True, record_timing=True,
                   resources={"metadata": {"path": str(course.solutions / lesson)}}).execute()
    problems = []
    times = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        times.append({"cell": i + 1, "id": T.meta(cell).get("grade_id", cell.get("id")), "seconds": _seconds(cell)})
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i + 1}: {out.ename}: {out.evalue}")
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i + 1} wrote to stderr: {out.text[:300]}")
    total = sum(t["seconds"] for t in times)
    slowest = sorted(times, key=lambda t: -t["seconds"])[:3]
    print(f"\n{lesson}: {total:.2f} s in {len(times)} code cells; slowest: "
          + ", ".join(f"cell {t['cell']} {t['seconds']:.2f} s" for t in slowest))
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    report = artifacts / "notebook-times.json"
    data = json.loads(report.read_text()) if report.is_file() else {}
    data[f"{course.root.name}/{lesson}"] = {"total_seconds": round(total, 3), "cells": times}
    report.write_text(json.dumps(data, indent=1, sort_keys=True))
    assert not problems, "\n".join(problems)
