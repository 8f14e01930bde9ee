"""Helpers shared by the pipeline and lesson tests: make submissions, run the real grader,
run a lesson notebook's set-up and solution cells in process."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder.paths import REPO_ROOT, Course

SAMPLE_COURSE = Path(__file__).resolve().parents[1] / "pipeline" / "sample_course"


def meta(cell) -> dict:
    m = cell.get("metadata", {}).get("nbgrader")
    return m if isinstance(m, dict) else {}


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


def grade_id(cell) -> str:
    """The cell's nbgrader grade_id, "" for a cell without one."""
    return meta(cell).get("grade_id", "")


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
    before = set(sys.modules["matplotlib.pyplot"].get_fignums()) if "matplotlib.pyplot" in sys.modules else set()
    ns: dict = {"__name__": "__main__"}
    for cell in setup_cells(nb):
        _exec_cell(cell.source, grade_id(cell), ns)
    if "matplotlib.pyplot" in sys.modules:
        plt = sys.modules["matplotlib.pyplot"]
        for num in set(plt.get_fignums()) - before:
            plt.close(num)
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


# --------------------------------------------------------------------------- mutants

_HEADER = re.compile(r"^#\s*(mutant|replaces|must lose)\s*:\s*(.*)$", re.IGNORECASE)
_EDIT = re.compile(r"^#\s*edit\s*:", re.IGNORECASE)


def parse_mutant(path: Path) -> dict:
    """{'description', 'replaces': [grade ids], 'must_lose': [grade ids], 'source'} from a mutant file.

    A mutant file is either the whole wrong cell, or (with an `# edit:` header line) a list
    of edits to the instructor's answer in its single `replaces` cell (the solution cell
    without its BEGIN/END SOLUTION lines): each run of lines
    starting with "-" (lines of the solution, found exactly once) is replaced by the run of
    "+" lines after it; a line starting with "@@" separates blocks. Either way `source` is the complete cell a student would hand in.
    """
    text = Path(path).read_text(encoding="utf-8")
    info = {"description": "", "replaces": [], "must_lose": [], "source": text, "name": Path(path).stem}
    header, body, is_edit = [], [], False
    for i, line in enumerate(text.splitlines()):
        m = _HEADER.match(line.strip())
        if _EDIT.match(line.strip()):
            is_edit = True
            body = text.splitlines()[i + 1:]
            break
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        header.append(line)
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "mutant":
            info["description"] = value
        elif key == "replaces":
            info["replaces"] = [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
        else:
            info["must_lose"] = [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
    if is_edit:
        if len(info["replaces"]) != 1:
            raise ValueError(f"{path}: an `# edit:` mutant replaces exactly one solution cell")
        base = _instructor_solution(Path(path), info["replaces"][0])
        info["source"] = "\n".join(header) + "\n" + apply_edits(base, body, where=str(path))
    return info


def _instructor_solution(path: Path, gid: str) -> str:
    """The instructor's answer in solution cell `gid` (its BEGIN/END SOLUTION lines dropped),
    for a mutant file at `path` (solutions/<lesson>/mutants/name.py)."""
    lesson_dir = Path(path).resolve().parent.parent
    notebook = lesson_dir / f"{lesson_dir.name}.ipynb"
    if not notebook.is_file():
        raise FileNotFoundError(f"{path}: no {notebook.name} in {lesson_dir}")
    source = find_cell(read(notebook), gid)[1].source
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def apply_edits(base: str, edit_lines: list[str], where: str = "edit") -> str:
    """`base` with each "-" block of `edit_lines` (found exactly once) replaced by the "+" block after it."""
    blocks, old, new = [], [], []
    for line in edit_lines:
        if line.startswith("@@"):          # ends a block (needed after a pure deletion)
            if old:
                blocks.append((old, new))
            old, new = [], []
        elif line.startswith("-"):
            if new:
                blocks.append((old, new))
                old, new = [], []
            old.append(line[1:])
        elif line.startswith("+"):
            if not old:
                raise ValueError(f"{where}: a '+' block must follow a '-' block")
            new.append(line[1:])
        elif line.strip():
            raise ValueError(f"{where}: edit lines start with '-' or '+', got {line!r}")
    if old:
        blocks.append((old, new))
    result = "\n" + base + "\n"            # blocks match whole lines only
    for old, new in blocks:
        target = "\n" + "\n".join(old) + "\n"
        if result.count(target) != 1:
            raise ValueError(f"{where}: the '-' block {old[0]!r}... is found {result.count(target)} times "
                             "in the solution; it must be found exactly once")
        result = result.replace(target, "\n" + "".join(line + "\n" for line in new))
    return result[1:-1]


def mutant_fields(path: Path) -> tuple[str, list[str], list[str], str]:
    """(description, replaces, must_lose, source) of a mutant file (`parse_mutant`);
    AssertionError naming the file when one of the three header lines is missing or empty."""
    m = parse_mutant(path)
    assert m["description"] and m["replaces"] and m["must_lose"], f"{Path(path).name}: incomplete header"
    return m["description"], m["replaces"], m["must_lose"], m["source"]


def apply_mutant(course: Course, lesson: str, mutant: dict) -> nbformat.NotebookNode:
    """A student's submission: the released notebook, solved, with the mutant's code as the
    source of its `replaces` cells (so grading raises no tampering flags)."""
    nb = solved(course, lesson)
    for gid in mutant["replaces"]:
        _, cell = find_cell(nb, gid)
        cell.source = mutant["source"]
    return nb


def mutants_dir(course: Course, lesson: str) -> Path:
    return course.mutants_dir(lesson)


# --------------------------------------------------------------------------- running the grader

def grader_env(work: Path) -> dict:
    env = dict(os.environ)
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["AUTOGRADER_WORK_DIR"] = str(work)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_cli(args: list[str], work: Path, timeout: float = 900, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True,
                          env=grader_env(work), timeout=timeout, cwd=str(work))
    if check and proc.returncode != 0:
        raise AssertionError(f"`python -m autograder {' '.join(args)}` failed ({proc.returncode}):\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def grade(course: Course, submitted: Path, out: Path, *extra: str, jobs: int = 2, work: Path | None = None):
    """Run `python -m autograder grade` as instructors do; return {(student, lesson): result}."""
    work = work or out.parent
    run_cli(["grade", str(submitted), "--out", str(out), "--jobs", str(jobs), "--course", str(course.root),
             "--quiet", *extra], work)
    return load_results(out)


def load_results(out: Path) -> dict:
    results = {}
    for path in sorted((out / "results").glob("*/*.json")):
        r = json.loads(path.read_text())
        results[(r["student_id"], r["assignment"])] = r
    return results


def course_params() -> list[tuple[Course, str]]:
    """(course, lesson) for every lesson of this repository, plus the sample assignment."""
    repo = Course.at(REPO_ROOT)
    return [(repo, lesson) for lesson in repo.lessons()] + [(Course.at(SAMPLE_COURSE), "00_sample")]
