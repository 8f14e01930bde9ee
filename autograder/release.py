"""`python -m autograder release`: regenerate notebooks/ from the lessons' text files.

First each instructor notebook `solutions/NN_name/NN_name.ipynb` is rebuilt from its text
file `NN_name.py` (`autograder.authoring`). Then nbgrader's `generate_assignment` strips the solutions and hidden tests, locks the test cells
and records checksums. We run it into a scratch release folder, then name the function in
each stub (`raise NotImplementedError("relu: replace this line with your code.")`) and copy
the result to notebooks/NN_name/. The output is byte-stable: a second run changes nothing.

Last, the expected values of the visible tests are recorded: a lesson's
`solutions/NN_name/visible.py` maps each key to a function returning (inputs, value),
computed with the instructor-only reference; the values go to the student edition's
`source/backprop/expected/NN_name.json`, which test cells read with
`backprop.checking.expected` (see `backprop.recorded`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from autograder.authoring import write_instructor_notebook
from autograder.paths import Course

STUB = 'raise NotImplementedError("Replace this line with your code.")'
_DEF = re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)")


def name_stubs(nb) -> None:
    """Put the enclosing function's name into each solution stub; refresh the checksums."""
    from nbgrader.utils import compute_checksum, is_solution

    for cell in nb.cells:
        if cell.cell_type != "code" or not is_solution(cell) or STUB not in cell.source:
            continue
        lines = cell.source.split("\n")
        for i, line in enumerate(lines):
            if line.strip() != STUB:
                continue
            name = next((m.group(1) for m in (_DEF.match(l) for l in reversed(lines[:i])) if m),
                        cell.metadata.nbgrader.get("grade_id", "this exercise"))
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f'{indent}raise NotImplementedError("{name}: replace this line with your code.")'
        cell.source = "\n".join(lines)
        if "checksum" in cell.metadata.nbgrader:
            cell.metadata.nbgrader["checksum"] = compute_checksum(cell)


def generate(course: Course, lessons: list[str], out_dir: Path, *, quiet: bool = True) -> list[Path]:
    """Release `lessons` of `course` into `out_dir/NN_name/` (nbgrader + stub naming)."""
    if not lessons:
        return []
    course.work.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="release-", dir=course.work) as tmp:
        tmp = Path(tmp)
        pattern = lessons[0] if len(lessons) == 1 else "[0-9][0-9]_*"
        cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", pattern, "--force",
               f"--CourseDirectory.release_directory={tmp / 'release'}",
               "--CourseDirectory.db_url=sqlite:///" + str(tmp / "release.db"),
               "--log-level=WARN" if quiet else "--log-level=INFO"]
        proc = subprocess.run(cmd, cwd=tmp, env=course.nbgrader_env(), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        for lesson in lessons:
            src = tmp / "release" / lesson
            if not src.is_dir():
                raise RuntimeError(f"nbgrader produced no release for {lesson}:\n{proc.stderr}")
            dest = out_dir / lesson
            if dest.exists():
                shutil.rmtree(dest)
            dest.mkdir(parents=True)
            for path in sorted(src.rglob("*")):
                target = dest / path.relative_to(src)
                if path.is_dir():
                    target.mkdir(exist_ok=True)
                elif path.suffix == ".ipynb":
                    nb = nbformat.read(path, as_version=4)
                    name_stubs(nb)
                    nb.metadata.pop("jupytext", None)      # students' notebooks are not paired
                    text = nbformat.writes(nb, version=4)
                    target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
                    written.append(target)
                else:
                    shutil.copyfile(path, target)
                    written.append(target)
    return written


def lesson_module(beside: str | Path, name: str):
    """The module `name`.py of the lesson folder holding `beside` (visible.py uses the lesson's
    grading.py this way, e.g. for its reference trajectories)."""
    import importlib.util

    path = Path(beside).resolve().with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_{name}_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def visible_cases(course: Course, lesson: str) -> dict | None:
    """{key: (inputs, value)} from solutions/NN_name/visible.py's CASES, or None without one."""
    path = course.lesson_dir(lesson) / "visible.py"
    if not path.is_file():
        return None
    return {key: make() for key, make in lesson_module(path, "visible").CASES.items()}


def record_expected(course: Course, lesson: str, store: Path | None = None) -> Path | None:
    """Write the visible tests' expected values of `lesson` to the store; return the file."""
    from backprop.recorded import STORE, record

    cases = visible_cases(course, lesson)
    if cases is None:
        return None
    target = Path(store or STORE) / f"{lesson}.json"
    text = record(cases)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


def release(course: Course, lesson: str | None = None, out_dir: Path | None = None) -> list[Path]:
    """Release one lesson or all of them into notebooks/ (or `out_dir`); return written files."""
    lessons = course.lessons()
    if lesson is not None:
        if lesson not in lessons:
            raise SystemExit(f"no lesson {lesson!r} in {course.solutions} (found: {', '.join(lessons) or 'none'})")
        lessons = [lesson]
    recorded = []
    for name in lessons:
        write_instructor_notebook(course.lesson_text(name))
        path = record_expected(course, name)
        if path is not None:
            recorded.append(path)
    return generate(course, lessons, Path(out_dir) if out_dir else course.notebooks) + recorded
