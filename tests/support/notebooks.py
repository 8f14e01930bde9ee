"""Notebooks for the tests: read and write them, make a solved submission, and run a
lesson's set-up and solution cells in this process (the student's namespace), or the whole
notebook in a real kernel. Mutants: support.mutants; the grader as a command: support.grader."""

from __future__ import annotations

import contextlib
import copy
import json
import datetime as dt
import re
import sys
import warnings
from pathlib import Path

import nbformat
import numpy as np

from autograder.cells import grade_id
from autograder.cells import nbgrader_meta as meta
from autograder.paths import REPO_ROOT, Course

SAMPLE_COURSE = Path(__file__).resolve().parents[1] / "pipeline" / "sample_course"


def read(path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def write(nb, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def solved(course: Course, lesson: str) -> nbformat.NotebookNode:
    """The released notebook with every answer cell filled in from the instructor notebook."""
    source = read(course.source_notebook(lesson))
    answers = {meta(c)["grade_id"]: c.source for c in source.cells if meta(c).get("solution")}
    nb = read(course.release_notebook(lesson))
    for cell in nb.cells:
        gid = meta(cell).get("grade_id")
        if meta(cell).get("solution") and gid in answers:
            cell.source = answers[gid]
    return nb


def find_cell(nb, grade_id: str):
    for i, cell in enumerate(nb.cells):
        if meta(cell).get("grade_id") == grade_id:
            return i, cell
    raise KeyError(grade_id)


def insert_after(nb, grade_id: str | None, source: str, cell_type: str = "code"):
    """A copy of `nb` with a new cell after the cell `grade_id` (None: at the end)."""
    nb = copy.deepcopy(nb)
    new = nbformat.v4.new_code_cell(source) if cell_type == "code" else nbformat.v4.new_markdown_cell(source)
    index = len(nb.cells) if grade_id is None else find_cell(nb, grade_id)[0] + 1
    nb.cells.insert(index, new)
    return nb


def first_code_index(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")


# --------------------------------------------------------------------------- lesson notebooks, in process
#
# The lesson tests (tests/lessons/test_NN_*.py) check an instructor notebook without a kernel:
# they execute its set-up and solution cells into a dict and hand that to autograder.spec.evaluate.

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.S)
HIDDEN_TESTS = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.S)
SETUP_PREFIXES = ("setup", "defs")


def solution_sources(nb) -> dict[str, str]:
    """{grade_id: source} of the solution (student-editable) code cells, in notebook order."""
    return {grade_id(c): c.source for c in nb.cells if c.cell_type == "code" and meta(c).get("solution")}


def graded_cells(nb) -> dict[str, tuple[str, float]]:
    """{grade_id: (source, points)} of the graded cells, in notebook order."""
    return {grade_id(c): (c.source, meta(c).get("points")) for c in nb.cells if meta(c).get("grade")}


def visible_part(source: str) -> str:
    """A test cell's source without its `### BEGIN/END HIDDEN TESTS` block(s): what the student sees."""
    return HIDDEN_TESTS.sub("", source)


def stub_source(source: str, name: str = "this exercise") -> str:
    """A solution cell as the release leaves it.

    Like nbgrader's ClearSolutions, each line range from `BEGIN SOLUTION` to `END SOLUTION`
    becomes the course's stub at the indentation of the BEGIN line; then, as in
    `autograder.release.name_stubs`, the stub names the nearest function or class defined
    above it (`name`, normally the cell's grade_id, where there is none):
    `raise NotImplementedError("relu_forward: replace this line with your code.")`.
    """
    from autograder.release import STUB, name_stubs

    out, inside = [], False
    for line in source.split("\n"):
        if "BEGIN SOLUTION" in line:
            if inside:
                raise ValueError(f"{name}: nested BEGIN SOLUTION")
            inside = True
            indent = re.match(r"\s*", line).group(0)
            out.extend(indent + s for s in STUB.split("\n"))
        elif "END SOLUTION" in line:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{name}: BEGIN SOLUTION without END SOLUTION")
    cell = nbformat.v4.new_code_cell("\n".join(out), metadata={"nbgrader": {"solution": True, "grade_id": name}})
    name_stubs(nbformat.v4.new_notebook(cells=[cell]))
    return cell.source


def setup_cells(nb) -> list:
    """The cells a solution cell may rely on: the first code cell (the imports) and every code
    cell whose grade_id starts with "setup" or "defs" (locked definitions and data)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return [c for i, c in enumerate(code)
            if (i == 0 or grade_id(c).startswith(SETUP_PREFIXES))
            and not meta(c).get("solution") and not meta(c).get("grade")]


def _exec_cell(source: str, gid: str, ns: dict) -> None:
    exec(compile(source, f"<cell {gid or 'setup'}>", "exec"), ns)


def _run_setup(nb) -> dict:
    """A fresh namespace after the set-up cells; figures they open are closed again."""
    before = _open_figures()
    ns: dict = {"__name__": "__main__"}
    for cell in setup_cells(nb):
        _exec_cell(cell.source, grade_id(cell), ns)
    _close_figures_since(before)
    return ns


_SETUP_CACHE: dict[tuple[str, ...], dict] = {}


def lesson_namespace(nb, replace: dict[str, str] | None = None, stubs: bool = False,
                     share_setup: bool = False) -> dict:
    """The student's namespace: the set-up cells (`setup_cells`), then every solution cell in order.

    All set-up cells run before the first solution cell (in the lessons they only import,
    define and make data, and share no name with a solution cell, so the result is the
    kernel's namespace minus the demonstrations).

    replace: {solution grade_id: source} run instead of those cells (a mutant's code);
    stubs: every other solution cell as released (`stub_source`), i.e. the untouched notebook.
    Demonstration and test cells are not run (they only read this namespace). `__name__` is
    "__main__", as in a kernel. share_setup: run the set-up cells once per notebook content and
    start from a shallow copy of the result (for set-up cells that draw figures; the objects
    they create are then shared between namespaces).
    """
    replace = replace or {}
    sources = solution_sources(nb)
    unknown = set(replace) - set(sources)
    if unknown:
        raise ValueError(f"no solution cell {sorted(unknown)} (solution cells: {', '.join(sources)})")
    if share_setup:
        key = tuple(c.source for c in setup_cells(nb))
        if key not in _SETUP_CACHE:
            _SETUP_CACHE[key] = _run_setup(nb)
        ns = dict(_SETUP_CACHE[key])
    else:
        ns = _run_setup(nb)
    for gid, source in sources.items():
        if gid in replace:
            source = replace[gid]
        elif stubs:
            source = stub_source(source, gid)
        _exec_cell(source, gid, ns)
    return ns


def course_params() -> list[tuple[Course, str]]:
    """(course, lesson) for every lesson of this repository, plus the sample assignment."""
    repo = Course.at(REPO_ROOT)
    return [(repo, lesson) for lesson in repo.lessons()] + [(Course.at(SAMPLE_COURSE), "00_sample")]


# --------------------------------------------------------------------------- running cells

def _open_figures() -> set:
    plt = sys.modules.get("matplotlib.pyplot")
    return set(plt.get_fignums()) if plt else set()


def _close_figures_since(before: set) -> None:
    plt = sys.modules.get("matplotlib.pyplot")
    if plt:
        for num in set(plt.get_fignums()) - before:
            plt.close(num)


def run_visible(source: str, ns: dict, gid: str = "test", honest: bool = False) -> BaseException | None:
    """Run the visible part of test cell `source` in a copy of `ns`: None if it passes, else
    the exception. honest: warnings are errors (honest code must not warn: stderr costs points);
    otherwise numpy and warnings are silenced (wrong code may overflow)."""
    before = _open_figures()
    with warnings.catch_warnings():
        warnings.simplefilter("error" if honest else "ignore")
        errstate = contextlib.nullcontext() if honest else np.errstate(all="ignore")
        try:
            with errstate:
                exec(compile(visible_part(source), f"<{gid}>", "exec"), dict(ns))
        except Exception as exc:  # noqa: BLE001 - any failure counts
            return exc
        finally:
            _close_figures_since(before)
    return None


def _cell_seconds(cell) -> float:
    ex = cell.get("metadata", {}).get("execution", {})
    try:
        a = dt.datetime.fromisoformat(ex["iopub.execute_input"].replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(ex["shell.execute_reply"].replace("Z", "+00:00"))
        return (b - a).total_seconds()
    except (KeyError, ValueError):
        return 0.0


@contextlib.contextmanager
def kernel_environment(**extra):
    """Environment for kernels started inside the block: one BLAS thread, the Agg backend and
    `extra`; the test process's own environment is restored afterwards."""
    import os

    env = {"OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "agg", **extra}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


CPU_PROBE = ("import json as _json, os as _os\n_t = _os.times()\n"
             "print(_json.dumps({'kernel_cpu_seconds': _t.user + _t.system + _t.children_user + _t.children_system}))")


def run_in_kernel(course: Course, lesson: str, timeout: float = 120) -> tuple[list[str], list[dict], float]:
    """Execute the instructor notebook top to bottom in a fresh python3 kernel (run from its
    lesson folder, one BLAS thread, Agg backend). Returns (problems: errors and stderr output,
    times: [{"cell", "id", "seconds"}] of the code cells (wall clock), the CPU seconds the
    kernel used in all, start-up included: a budget that other load on the machine does not inflate)."""

    from nbclient import NotebookClient

    nb = read(course.source_notebook(lesson))
    nb.cells.append(nbformat.v4.new_code_cell(CPU_PROBE))
    with kernel_environment(COURSE_SOLUTIONS_DIR=str(course.solutions)):
        NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True, record_timing=True,
                       resources={"metadata": {"path": str(course.lesson_dir(lesson))}}).execute()
    probe = nb.cells.pop()
    printed = "".join(out.get("text", "") for out in probe.outputs if out.output_type == "stream")
    cpu = json.loads(printed)["kernel_cpu_seconds"] if "kernel_cpu_seconds" in printed else float("nan")
    problems, times = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        times.append({"cell": i + 1, "id": grade_id(cell) or cell.get("id"), "seconds": _cell_seconds(cell)})
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i + 1} ({grade_id(cell)}): {out.ename}: {out.evalue[:300]}")
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i + 1} ({grade_id(cell)}) wrote to stderr: {out.text[:300]}")
    return problems, times, cpu
