"""A student's first minutes with a released notebook, in JupyterLab.

On a fresh copy of one student notebook (the lowest-numbered lesson present in both
notebooks/ and solutions/):
1. type a first attempt at the first exercise into its answer cell through the editor: the
   instructor's solution (from solutions/, markers removed) whose last `return` returns
   None; Run > Run All Above Selected Cell on its test cell, run the test cell: it fails
   with the course's feedback, a `CheckFailure: ...` line from backprop.checking;
2. type the right code into the same cell, run it and the test cell: the test passes;
3. run the next, untouched exercise and its test cell: the test fails with the course's
   message from the stub (`NotImplementedError: <name>: replace this line with your code.`).
Collected once a student notebook and its instructor twin both exist.
"""

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def _lessons(folder: Path) -> set[str]:
    return {d.name for d in folder.glob("[0-9][0-9]_*") if (d / f"{d.name}.ipynb").is_file()}


BOTH = sorted(_lessons(REPO / "notebooks") & _lessons(REPO / "solutions"))
LESSON = BOTH[0] if BOTH else None
STUB_MESSAGE = re.compile(r"NotImplementedError: (\w+): replace this line with your code")


def nbgrader_cells(nb_path: Path) -> list[dict]:
    """[{index, kind ('answer'|'test'|None), grade_id, source}] for every cell, in order."""
    nb = json.loads(nb_path.read_text())
    out = []
    for i, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        kind = None
        if cell["cell_type"] == "code" and meta.get("solution"):
            kind = "answer"
        elif cell["cell_type"] == "code" and meta.get("grade"):
            kind = "test"
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        out.append(dict(index=i, kind=kind, grade_id=meta.get("grade_id"), source=source,
                        code=cell["cell_type"] == "code"))
    return out


def typed_solution(instructor_source: str) -> str:
    """The instructor's answer cell as a student would type it: solution markers removed."""
    lines = [l for l in instructor_source.split("\n")
             if l.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    return "\n".join(lines)


def plan(student_nb: Path, instructor_nb: Path):
    """(answer cells to fill with their code, the first test cell, the next untouched
    answer cells, its test cell, the indices of non-empty code cells)."""
    student = nbgrader_cells(student_nb)
    solutions = {c["grade_id"]: c["source"] for c in nbgrader_cells(instructor_nb)
                 if c["kind"] == "answer"}
    tests = [c["index"] for c in student if c["kind"] == "test"]
    assert len(tests) >= 2, f"{student_nb.name} has fewer than two graded test cells"
    first_test = tests[0]
    fill = [(c["index"], typed_solution(solutions[c["grade_id"]]))
            for c in student[:first_test] if c["kind"] == "answer"]
    assert fill, "no answer cell before the first test cell"
    later = [c for c in student[first_test:tests[1]] if c["kind"] == "answer"]
    assert later, "no untouched exercise between the first and second test cells"
    code = [c["index"] for c in student if c["code"] and c["source"].strip()]
    return fill, first_test, later, tests[1], code


def forgot_return(source: str) -> str:
    """The answer with its last `return ...` turned into `return None` (a classic slip)."""
    lines = source.split("\n")
    last = max((i for i, l in enumerate(lines) if re.match(r"\s+return\b", l)), default=None)
    assert last is not None, "the first exercise's solution has no `return` line"
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines[last] = indent + "return None"
    return "\n".join(lines)


def _norm(code: str) -> list[str]:
    return [line.rstrip() for line in code.replace("\u00a0", " ").split("\n") if line.strip()]


def check_student_notebook(lab, student_dir: Path, instructor_nb: Path, name: str):
    relpath = lab.copy_lesson(student_dir)
    fill, first_test, untouched, second_test, code = plan(student_dir / f"{name}.ipynb",
                                                           instructor_nb)
    lab.open(relpath)
    lab.shot("student-notebook-opened")

    # 1. a first attempt that forgets to return its result: the test fails with the
    # course's feedback (backprop.checking's CheckFailure), not a bare traceback
    (index, source), *others = fill
    for other, other_source in others:
        lab.set_cell_source(other, other_source)
    shown = lab.set_cell_source(index, forgot_return(source))
    assert "return None" in shown
    code_above = [c for c in code if c < first_test]
    before = {i: lab.prompt(i) for i in code_above}
    lab.select_cell(first_test)
    lab.menu("Run", "Run All Above Selected Cell")
    lab.wait_cells_ran(code_above, before)
    errors = lab.errors()
    assert not errors, "cells above the first test cell failed:\n" + "\n".join(e["text"] for e in errors)
    lab.run_cell(first_test)
    test_cell = lab.cells().nth(first_test)
    failed = test_cell.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert failed.count() == 1, "the test passed code that returns None"
    feedback = failed.first.inner_text().strip().splitlines()[0]     # the diagnosis comes first
    lab.shot("forgot-return-test-fails", test_cell)
    assert feedback.startswith("CheckFailure: "), f"not the course's feedback: {feedback!r}"

    # 2. the right code, typed into the same cell: run it, run the test: it passes
    shown = lab.set_cell_source(index, source)
    assert _norm(shown) == _norm(source), f"the editor of cell {index} shows:\n{shown}"
    lab.shot(f"typed-answer-cell-{index}", lab.cells().nth(index))
    lab.run_cell(index)
    lab.run_cell(first_test)
    lab.shot("first-test-passes", test_cell)
    assert failed.count() == 0, "the test of the typed exercise failed:\n" + failed.first.inner_text()

    # 3. the untouched exercise: define its stub, run the cells up to its test: it fails
    # with the course's stub message
    for index in [c for c in code if first_test < c <= second_test]:
        lab.run_cell(index)
    test_out = lab.cells().nth(second_test).locator(".jp-OutputArea")
    lab.shot("untouched-test-fails", lab.cells().nth(second_test))
    assert test_out.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() > 0, (
        "the untouched exercise's test cell did not fail; it shows:\n" + test_out.inner_text())
    # The stub's message shows in the test cell (a function stub) or in the answer cell
    # itself (an exercise that assigns values).
    shown = "\n".join(lab.cells().nth(i).locator(".jp-OutputArea").inner_text()
                      for i in code if first_test < i <= second_test)
    match = STUB_MESSAGE.search(shown)
    assert match, f"no stub message after running the untouched exercise; outputs:\n{shown[-2000:]}"
    stub_names = {m.group(1) for c in untouched
                  for m in re.finditer(r'NotImplementedError\("(\w+): replace', c["source"])}
    assert match.group(1) in stub_names, (match.group(1), stub_names)
    return feedback, match.group(0)


if LESSON:
    def test_student_fills_one_exercise_and_sees_feedback(lab):
        messages = check_student_notebook(lab, REPO / "notebooks" / LESSON,
                                         REPO / "solutions" / LESSON / f"{LESSON}.ipynb", LESSON)
        lab.record(f"notebooks/{LESSON}: 'return None' attempt -> {messages[0]!r}; typed exercise "
                   f"passes; untouched exercise -> {messages[1]!r}")
