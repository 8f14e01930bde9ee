"""python -m autograder {release,check,grade,bundle} ... (each with --help)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder.paths import Course

DESCRIPTION = """Instructor tools of the backpropagation course (nbgrader underneath).

  release   regenerate notebooks/ from solutions/ (all lessons or one)
  check     a student's self-check of one notebook (visible tests, exit status 1 on failure)
  grade     grade a class: nbgrader's submitted/ layout, a folder of notebooks or an LMS zip
  bundle    the student edition (notebooks, student package, requirements, README)

No need to cd anywhere: the commands find autograder/nbgrader_config.py themselves."""


def _course_arg(p):
    p.add_argument("--course", type=Path, default=None,
                   help="course folder holding solutions/ and notebooks/ (default: this repository, "
                        "or $AUTOGRADER_COURSE_ROOT)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("release", help="regenerate the instructor notebooks and notebooks/ from the lesson text files",
                       description="For each lesson in solutions/ (or LESSON): rebuild the instructor notebook "
                                   "solutions/NN_name/NN_name.ipynb from its text file NN_name.py, then run nbgrader "
                                   "generate_assignment and write notebooks/NN_name/NN_name.ipynb: solutions replaced "
                                   "by stubs that raise NotImplementedError, hidden tests removed; the text file, "
                                   "grading.py and mutants/ are not released. Byte-stable: a second run changes nothing.")
    p.add_argument("lesson", nargs="?", help="one lesson folder name, e.g. 03_backprop_mlp (default: all)")
    p.add_argument("--out", type=Path, default=None, help="write here instead of notebooks/ (e.g. to compare)")
    _course_arg(p)

    p = sub.add_parser("check", help="self-check one notebook (what students run)",
                       description="Run NOTEBOOK in a fresh kernel and print a table per test cell: passed, or "
                                   "failed with the test's message, and points. Exit status 1 when a test "
                                   "fails, 2 when the notebook cannot be run. Same as "
                                   "`python -m backprop.selfcheck NOTEBOOK`.")
    p.add_argument("notebook", type=Path)
    p.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")

    p = sub.add_parser("grade", help="grade a class",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="""Grade every submission in SUBMITTED: nbgrader's layout
SUBMITTED/<student_id>/<lesson>/<lesson>.ipynb, a folder of notebooks named by student
(alice_03_backprop_mlp.ipynb, or alice.ipynb with --lesson), or an LMS zip of such files.

Scores come only from the lesson's trusted solutions/NN_name/grading.py: each student's
notebook runs in a kernel inside its own bubblewrap sandbox (own user, PID, network and
mount namespaces, read-only interpreter and package, private size-capped scratch, pids and
memory caps, every process killed afterwards) with the released test cells; then the grader calls the
student's functions on inputs made at grading time (hidden ones salted per course and
student from the course secret, so they differ between students and stay the same on a
re-grade), reads back plain arrays and compares them with the reference in its own process.
A test cell scores its points when every case of its exercise passes; feedback shows a
failed hidden case only as the kind of failure the grader computed.

Writes to OUT: grades.csv (nbgrader's export columns), report.md/report.json (per student
and exercise: passed, failed and why, and every flag: timeouts, crashes, tampering, broken
files, suspicious code), feedback/<lesson>/<student>.html, results/ (one JSON per
submission). Rerunning resumes: submissions already graded (same file hash) are skipped
unless --regrade. Refuses to run where no sandbox can start (use --unsafe-no-sandbox
only for trusted notebooks).""")
    p.add_argument("submitted", type=Path, help="folder of submissions or an LMS .zip")
    p.add_argument("--out", type=Path, required=True, help="output folder (created)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="grading workers in parallel (default 1)")
    p.add_argument("--lesson", default=None, help="grade only this lesson (needed for zips of bare student names "
                                                  "when the course has several lessons)")
    p.add_argument("--regrade", action="store_true", help="grade again even if a result exists")
    p.add_argument("--gradebook", action="store_true",
                   help="also record the scores in nbgrader's gradebook (AUTOGRADER_DB_URL, default "
                        "autograder/work/gradebook.db) for the formgrader")
    p.add_argument("--cell-timeout", type=float, default=30.0, help="seconds per cell (default 30)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per submission in total (default 300)")
    p.add_argument("--memory-mb", type=int, default=3072, help="address-space limit of a kernel (default 3072)")
    p.add_argument("--scratch-mb", type=int, default=512, help="size of each sandbox's private tmpfs (default 512)")
    p.add_argument("--no-feedback", action="store_true", help="skip the feedback pages (faster; for tests)")
    p.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="grade without the bubblewrap sandbox: for trusted notebooks only (printed in every "
                        "report and feedback page); without it, grade refuses where no sandbox can start")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines")
    _course_arg(p)

    p = sub.add_parser("bundle", help="write the student edition",
                       description="Write the student edition to OUT (a folder, or a zip if OUT ends in .zip): "
                                   "notebooks/ released now from solutions/ (never copied from notebooks/ on disk), "
                                   "the student package backprop (no reference implementation) with the visible "
                                   "tests' expected values recorded now, pyproject/requirements for students, "
                                   "course.py and a student README. No solutions, hidden tests, grading specs, "
                                   "reference or grader. Refuses an existing OUT unless --force. Publishing it: "
                                   "docs/STUDENT-EDITION.md.")
    p.add_argument("out", type=Path)
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    _course_arg(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if args.command is None:
        parser.print_help()
        return 2
    if args.command == "check":
        from backprop import selfcheck

        return selfcheck.main([str(args.notebook), "--timeout", str(args.timeout)])
    course = Course.at(args.course)
    if args.command == "release":
        from autograder.release import release

        for path in release(course, args.lesson, args.out):
            print(path)
        return 0
    if args.command == "grade":
        from autograder.batch import grade
        from autograder.kernel import Limits

        limits = Limits(cell_timeout=args.cell_timeout, total_timeout=args.timeout, memory_mb=args.memory_mb,
                        scratch_mb=args.scratch_mb)
        summary = grade(course, args.submitted, args.out, jobs=args.jobs, lesson=args.lesson,
                        regrade=args.regrade, limits=limits, gradebook=args.gradebook, quiet=args.quiet,
                        feedback=not args.no_feedback, unsafe_no_sandbox=args.unsafe_no_sandbox)
        print(f"{summary['results']} result(s) in {args.out} ({summary['graded']} graded now, "
              f"{summary['skipped']} already done, {summary['seconds']:.1f} s)")
        return 0
    if args.command == "bundle":
        from autograder.bundle import build

        print(build(course, args.out, force=args.force))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
