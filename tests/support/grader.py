"""The grader as instructors run it: `python -m autograder grade` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from autograder.paths import Course


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
