"""Helpers shared by the pipeline and lesson tests: make submissions, run the real grader.

Kept in the package (not in tests/) so tests/pipeline and tests/lessons use one copy.
"""

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

SAMPLE_COURSE = REPO_ROOT / "tests" / "pipeline" / "sample_course"


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


# --------------------------------------------------------------------------- mutants

_HEADER = re.compile(r"^#\s*(mutant|replaces|must lose)\s*:\s*(.*)$", re.IGNORECASE)


def parse_mutant(path: Path) -> dict:
    """{'description', 'replaces': [grade ids], 'must_lose': [grade ids], 'source'} from a mutant file."""
    text = Path(path).read_text(encoding="utf-8")
    info = {"description": "", "replaces": [], "must_lose": [], "source": text, "name": Path(path).stem}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "mutant":
            info["description"] = value
        elif key == "replaces":
            info["replaces"] = [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
        else:
            info["must_lose"] = [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
    return info


def apply_mutant(course: Course, lesson: str, mutant: dict) -> nbformat.NotebookNode:
    """The instructor notebook with the mutant's code as the source of its `replaces` cells."""
    nb = read(course.source_notebook(lesson))
    for gid in mutant["replaces"]:
        _, cell = find_cell(nb, gid)
        cell.source = mutant["source"]
    return nb


def mutants_dir(course: Course, lesson: str) -> Path:
    if course.root == SAMPLE_COURSE.resolve():
        return SAMPLE_COURSE / "mutants" / lesson
    return course.root / "tests" / "lessons" / "mutants" / lesson


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
