"""Grading speed: seconds per submission with --jobs 1 and --jobs 2, and the overhead.

    OPENBLAS_NUM_THREADS=1 python bench/grading_benchmark.py [N]     (default N = 24)

Grades N synthetic submissions of the pipeline's sample assignment (a mix of solved,
untouched and partly wrong notebooks) with the real command (`python -m autograder grade`),
once with one worker and once with two. Prints seconds per submission for each, the
speed-up, and the overhead per submission beyond the notebook's own execution:
(wall time with one worker / N) - (mean time spent executing the notebook's cells).
Targets (issue 3): overhead <= 1 s per submission; --jobs 2 >= 1.7x faster than --jobs 1.
For comparison, one `nbgrader autograde` call costs ~3.5 s per student (FIELD-NOTES.md).
"""

from __future__ import annotations

import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))   # the tests' support package

import support.grader as G  # noqa: E402
import support.notebooks as T  # noqa: E402
from autograder.paths import Course  # noqa: E402


def make_submissions(folder: Path, n: int) -> None:
    course = Course.at(T.SAMPLE_COURSE)
    solved = T.solved(course, "00_sample")
    untouched = T.read(course.release_notebook("00_sample"))
    wrong = copy.deepcopy(solved)
    T.find_cell(wrong, "affine")[1].source = "def affine(A, W, b):\n    return A @ W.T"
    kinds = [solved, untouched, wrong]
    for i in range(n):
        T.write(kinds[i % 3], folder / f"student{i:03d}" / "00_sample" / "00_sample.ipynb")


def run(submitted: Path, out: Path, jobs: int, work: Path) -> tuple[float, float]:
    """(wall seconds of the whole command, steady-state seconds per submission).

    The steady state is measured between completions (result files' times), so it leaves
    out the fixed cost of starting the command and its workers.
    """
    start = time.monotonic()
    G.run_cli(["grade", str(submitted), "--out", str(out), "--jobs", str(jobs), "--regrade", "--quiet",
              "--course", str(T.SAMPLE_COURSE)], work)
    wall = time.monotonic() - start
    stamps = sorted(p.stat().st_mtime for p in (out / "results").glob("*/*.json"))
    steady = (stamps[-1] - stamps[jobs - 1]) / (len(stamps) - jobs)
    return wall, steady


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_submissions(tmp / "submitted", n)
        run(tmp / "submitted", tmp / "warmup", 1, tmp)  # warm the file cache
        t1, st1 = run(tmp / "submitted", tmp / "out1", 1, tmp)
        t2, st2 = run(tmp / "submitted", tmp / "out2", 2, tmp)
        results = [json.loads(p.read_text()) for p in (tmp / "out1" / "results").glob("*/*.json")]
    cells = statistics.mean(r["timing"].get("cells", 0.0) for r in results)
    per = {k: statistics.median(r["timing"].get(k, 0.0) for r in results)
           for k in ("kernel_start", "cells", "harness", "kernel_stop", "total")}
    s1, s2 = t1 / n, t2 / n
    print(f"submissions: {n} (sample assignment; solved / untouched / partly wrong)")
    print(f"--jobs 1: {t1:6.1f} s total, {s1:.3f} s per submission")
    print(f"--jobs 2: {t2:6.1f} s total, {s2:.3f} s per submission")
    print(f"speed-up --jobs 2 vs --jobs 1: {t1 / t2:.2f}x whole command (target >= 1.7x)")
    print(f"steady state (between completions, without start-up): jobs 1 {st1:.3f} s, jobs 2 {st2:.3f} s "
          f"per submission: {st1 / st2:.2f}x")
    print(f"notebook's own execution (mean of its cells): {cells:.3f} s per submission")
    print(f"overhead per submission (jobs 1, incl. worker start-up spread over the batch): "
          f"{s1 - cells:.3f} s (target <= 1 s; nbgrader autograde ~3.5 s per call)")
    print("median per-submission breakdown inside a worker: "
          + ", ".join(f"{k} {v:.3f} s" for k, v in per.items()))


if __name__ == "__main__":
    main()
