"""Grading speed: the sandbox's cost per submission, and --jobs 2 against --jobs 1.

    OPENBLAS_NUM_THREADS=1 python bench/grading_benchmark.py [N [ROUNDS]]   (default 24 and 2)

Grades N synthetic submissions of the pipeline's sample assignment (a mix of solved,
untouched and partly wrong notebooks) with the real command (`python -m autograder grade`):
in the bubblewrap sandbox and with --unsafe-no-sandbox, each with one and two workers.
Prints seconds per submission, the sandbox's extra cost per submission (steady state,
between completions, and whole command), the speed-up of two workers, and the median
kernel start time inside and outside the sandbox.
Targets (issue 12): sandbox <= 0.15 s more per submission; --jobs 2 >= 1.8x --jobs 1.
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


def run(submitted: Path, out: Path, jobs: int, work: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds of the whole command, steady-state seconds per submission).

    The steady state is measured between completions (result files' times), so it leaves
    out the fixed cost of starting the command and its workers.
    """
    start = time.monotonic()
    G.run_cli(["grade", str(submitted), "--out", str(out), "--jobs", str(jobs), "--regrade", "--quiet",
              "--course", str(T.SAMPLE_COURSE), *extra], work)
    wall = time.monotonic() - start
    stamps = sorted(p.stat().st_mtime for p in (out / "results").glob("*/*.json"))
    steady = (stamps[-1] - stamps[jobs - 1]) / (len(stamps) - jobs)
    return wall, steady


def _timings(out: Path) -> dict:
    results = [json.loads(p.read_text()) for p in (out / "results").glob("*/*.json")]
    return {k: statistics.median(r["timing"].get(k, 0.0) for r in results)
            for k in ("kernel_start", "cells", "harness", "kernel_stop", "total")}


def kernel_lifecycle(repeats: int) -> dict:
    """Median seconds of start / first cell / stop of one kernel, in the sandbox and without,
    alternating so that the machine's load affects both alike."""
    from autograder.kernel import Limits, SandboxedKernel

    times = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            for isolated in ((True, False) if i % 2 == 0 else (False, True)):
                kernel = SandboxedKernel(Path(tmp) / f"k{i}-{isolated}", Limits(), isolated=isolated)
                t0 = time.monotonic()
                kernel.start()
                t1 = time.monotonic()
                run = kernel.run("x = 1 + 1")
                t2 = time.monotonic()
                kernel.stop()
                t3 = time.monotonic()
                assert run.status == "ok", run
                times[isolated].append((t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    return {isolated: [statistics.median(x[k] for x in rows) for k in range(4)] for isolated, rows in times.items()}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    unsafe = ("--unsafe-no-sandbox",)
    configs = {"boxed1": (1, ()), "unsafe1": (1, unsafe), "boxed2": (2, ()), "unsafe2": (2, unsafe)}
    best: dict = {}
    timings: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_submissions(tmp / "submitted", n)
        run(tmp / "submitted", tmp / "warmup", 1, tmp)  # warm the file cache
        for r in range(rounds):  # alternate the order: the machine's load drifts
            for name in (list(configs) if r % 2 == 0 else list(reversed(configs))):
                jobs, extra = configs[name]
                wall, steady = run(tmp / "submitted", tmp / name, jobs, tmp, *extra)
                old = best.get(name)
                best[name] = (min(wall, old[0]), min(steady, old[1])) if old else (wall, steady)
                timings.setdefault(name, []).append(_timings(tmp / name))
    (t1, st1), (u1, su1), (t2, st2), (u2, su2) = (best[k] for k in configs)
    boxed = {k: min(t[k] for t in timings["boxed1"]) for k in timings["boxed1"][0]}
    bare = {k: min(t[k] for t in timings["unsafe1"]) for k in timings["unsafe1"][0]}
    print(f"best of {rounds} alternating rounds")
    life = kernel_lifecycle(10)
    for isolated, (start, cell, stop, total) in life.items():
        print(f"kernel lifecycle {'in the sandbox' if isolated else 'without sandbox'} (median of 10): start "
              f"{start:.3f} s, first cell {cell:.3f} s, stop {stop:.3f} s, total {total:.3f} s")
    print(f"sandbox cost per kernel (start + first cell + stop): {life[True][3] - life[False][3]:+.3f} s")
    print(f"submissions: {n} (sample assignment; solved / untouched / partly wrong)")
    print(f"sandboxed --jobs 1: {t1:6.1f} s total, {t1 / n:.3f} s per submission, steady {st1:.3f} s")
    print(f"unsafe    --jobs 1: {u1:6.1f} s total, {u1 / n:.3f} s per submission, steady {su1:.3f} s")
    print(f"sandboxed --jobs 2: {t2:6.1f} s total, {t2 / n:.3f} s per submission, steady {st2:.3f} s")
    print(f"unsafe    --jobs 2: {u2:6.1f} s total, {u2 / n:.3f} s per submission, steady {su2:.3f} s")
    print(f"sandbox cost per submission (steady state, jobs 1): {st1 - su1:+.3f} s; whole command: "
          f"{(t1 - u1) / n:+.3f} s (target <= 0.15 s)")
    print(f"speed-up --jobs 2 vs --jobs 1 (sandboxed): {t1 / t2:.2f}x whole command, {st1 / st2:.2f}x steady "
          f"(target >= 1.8x)")
    print(f"kernel start (median, start to ready): in the sandbox {boxed['kernel_start']:.3f} s, "
          f"without {bare['kernel_start']:.3f} s")
    for name, per in (("sandboxed", boxed), ("unsafe", bare)):
        print(f"median per-submission breakdown inside a worker ({name}): "
              + ", ".join(f"{k} {v:.3f} s" for k, v in per.items()))


if __name__ == "__main__":
    main()
