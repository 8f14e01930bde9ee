"""`python -m autograder grade`: grade a class, resumably, with a pool of workers.

OUT_DIR/
  grades.csv                       nbgrader's export columns, one row per student and lesson
  report.md, report.json           per student and exercise: passed, failed and why; every flag
  feedback/<lesson>/<student>.html the student's feedback page
  results/<lesson>/<student>.json  one file per graded submission (what makes a rerun resume: only
                                   with the grader's HMAC over hash, spec version and scores)
  work/                            scratch folders of the kernels (emptied after each student)
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import time
from pathlib import Path

from autograder import sandbox, signing
from autograder.kernel import Limits
from autograder.paths import Course
from autograder.pool import WorkerPool, WorkerStartFailure
from autograder.records import GRADED, GRADER_FAILURE, NOT_GRADED, Flag, SubmissionResult
from autograder.submissions import discover, file_hash

CSV_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
               "raw_score", "late_submission_penalty", "score", "max_score"]


def _result_path(out: Path, job: dict) -> Path:
    return out / "results" / job["lesson"] / f"{job['student_id']}.json"


def _failure_result(job: dict, max_score: float, message: str, detail: str = "",
                    status: str = NOT_GRADED) -> SubmissionResult:
    return SubmissionResult(job["student_id"], job["lesson"], max_score, submission=job.get("display_path"),
                            sha256=job.get("sha256"), status=status, reason=message,
                            flags=[Flag("grader failure", message)], detail=detail)


UNSAFE_NOTE = ("UNSAFE: graded with --unsafe-no-sandbox (for trusted notebooks only): no bubblewrap sandbox, "
               "the notebooks could read and change the course, the grader and each other")


def sandbox_description(limits: Limits) -> str:
    """What isolates each kernel, for the report; SystemExit when no sandbox can start here."""
    from autograder import isolation
    from autograder.cgroups import Cgroup

    ok, what = isolation.probe()
    if not ok:
        raise SystemExit(f"grade refuses to run without a sandbox: {what}")
    from autograder import cgroups

    cgroups.sweep_orphans()
    group = Cgroup.create(f"autograder-probe-{os.getpid()}", limits.max_processes + 8, limits.memory_mb * 2**20)
    if group is not None:
        caps = group.describe()
        group.remove()
    else:
        caps = ("no cgroup can be created here: rlimits only (RLIMIT_NPROC, which does not bind a grader running "
                f"as root; address space {limits.memory_mb} MB)")
    return (f"bubblewrap sandbox per submission, {what}: own user (uid {isolation.SANDBOX_UID}), PID, network, "
            f"IPC and mount namespaces, empty environment, read-only interpreter, venv and course package only, "
            f"private {limits.scratch_mb} MB scratch; {caps}")


def grade(course: Course, submitted: Path, out: Path, *, jobs: int = 1, lesson: str | None = None,
          regrade: bool = False, limits: Limits | None = None, gradebook: bool = False,
          quiet: bool = False, feedback: bool = True, unsafe_no_sandbox: bool = False) -> dict:
    """Grade every submission found in `submitted`; write OUT; return a summary dict.

    Refuses (SystemExit) when the sandbox cannot start, unless `unsafe_no_sandbox`."""
    limits = limits or Limits()
    isolated = not unsafe_no_sandbox
    sandbox_note = sandbox_description(limits) if isolated else None
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = out / "work"
    work.mkdir(exist_ok=True)
    lessons = course.lessons()
    if lesson is not None and lesson not in lessons:
        raise SystemExit(f"no lesson {lesson!r} in {course.solutions}")
    all_jobs = discover(Path(submitted), lessons, lesson=lesson, unpack_dir=work)
    if not all_jobs:
        raise SystemExit(f"no submissions found in {submitted}")
    from autograder import grader as _grader  # noqa: F401  (fail early if a lesson cannot load)

    secret = signing.course_secret(course)
    max_scores, broken, versions = {}, {}, {}
    for name in sorted({j["lesson"] for j in all_jobs if j["lesson"] in lessons}):
        versions[name] = signing.spec_version(course, name)
        try:
            max_scores[name] = _grader.load_lesson(course, name).max_score
        except Exception as exc:  # e.g. not released yet, or a broken grading.py: grade the others
            broken[name] = f"lesson {name} cannot be graded: {type(exc).__name__}: {exc}"
            print(broken[name], file=sys.stderr)

    todo, done, untrusted = [], [], []
    for job in all_jobs:
        job["sha256"] = file_hash(Path(job["path"])) if job.get("path") else None
        job["hidden_salt"] = signing.hidden_salt(secret, job["student_id"])
        job["feedback_path"] = (str(out / "feedback" / job["lesson"] / f"{job['student_id']}.html")
                                if feedback else None)
        target = _result_path(out, job)
        if job["lesson"] not in lessons or job["lesson"] in broken:
            why = broken.get(job["lesson"]) or job.get("missing_reason") or f"unknown lesson {job['lesson']!r}"
            result = _failure_result(job, 0.0, why)
            result.sandboxed = isolated
            result.flags = [Flag.from_json(n) for n in job.get("notes", [])] or result.flags
            _seal(secret, result, versions.get(job["lesson"]))
            _write_result(target, result)
            _write_feedback(job, result)
            done.append(result)
            continue
        if not regrade and target.is_file():
            previous = _trusted_result(target, secret)
            if previous is None:
                untrusted.append(job["student_id"])
            elif (previous.sha256 == job["sha256"] and previous.spec_version == versions.get(job["lesson"])
                  and previous.status != GRADER_FAILURE and previous.sandboxed == isolated):
                done.append(previous)
                continue
        todo.append(job)

    if isolated:
        user, user_note = None, sandbox_note
    else:
        user, user_note = sandbox.choose_user(sys.executable)
        user_note = f"{UNSAFE_NOTE}; {user_note}"
    config = {"course_root": str(course.root), "work_dir": str(work), "user": user, "isolated": isolated,
              "limits": limits.__dict__.copy()}
    total, started = len(todo), time.monotonic()
    count = {"n": 0}

    def on_result(job, message):
        if "error" in message:
            result = _failure_result(job, max_scores.get(job["lesson"], 0.0), message["error"],
                                     message.get("traceback", ""), status=GRADER_FAILURE)
        else:
            result = SubmissionResult.from_json(message)
        result.sandboxed = isolated
        result.sha256 = job["sha256"]
        _seal(secret, result, versions.get(job["lesson"]))
        if result.status != GRADED and job["feedback_path"] and not Path(job["feedback_path"]).is_file():
            _write_feedback(job, result)
        _write_result(_result_path(out, job), result)
        done.append(result)
        count["n"] += 1
        if not quiet:
            elapsed = time.monotonic() - started
            rate = count["n"] / elapsed if elapsed > 0 else 0.0
            left = (total - count["n"]) / rate if rate > 0 else 0.0
            print(f"[{count['n']}/{total}] {job['student_id']} {job['lesson']}: "
                  f"{result.score:g}/{result.max_score:g}  ({rate:.2f} submissions/s, ~{left:.0f} s left)",
                  file=sys.stderr, flush=True)

    if untrusted and not quiet:
        print(f"{len(untrusted)} result file(s) without the grader's valid digest are graded again: "
              + ", ".join(sorted(untrusted)[:20]), file=sys.stderr, flush=True)
    if not quiet:
        print(f"grading {total} submission(s) with {jobs} worker(s) ({len(all_jobs) - total} already graded); "
              f"sandbox: {user_note}", file=sys.stderr, flush=True)
    if todo:
        try:
            WorkerPool(jobs, config).run(todo, on_result)
        except WorkerStartFailure as exc:
            raise SystemExit(f"grade: {exc}") from None
    for scratch in work.glob("k-*"):  # left by a worker that died mid-submission
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - started

    order = {(j["student_id"], j["lesson"]): i for i, j in enumerate(all_jobs)}
    results = sorted((r for r in done if (r.student_id, r.assignment) in order), key=SubmissionResult.key)
    write_csv(out / "grades.csv", results)
    write_report(out, results, user_note, elapsed, total)
    summary = {"graded": total, "skipped": len(all_jobs) - total, "seconds": elapsed, "sandbox": user_note,
               "results": len(results), "untrusted": sorted(untrusted)}
    if gradebook:
        from autograder.gradebook import record

        summary["gradebook"] = record(course, results)
    return summary


def _seal(secret: bytes, result: SubmissionResult, version: str | None) -> None:
    """Stamp `result` with the lesson's spec version and the grader's HMAC (signing.py)."""
    result.spec_version = version
    result.hmac = signing.sign(secret, result.to_json())


def _trusted_result(path: Path, secret: bytes) -> SubmissionResult | None:
    """The result stored at `path` if it carries the grader's valid HMAC, else None."""
    try:
        data = json.loads(path.read_text())
        if isinstance(data, dict) and signing.verify(secret, data):
            return SubmissionResult.from_json(data)
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return None


def _write_result(target: Path, result: SubmissionResult) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(result.to_json(), indent=1, sort_keys=True))
    tmp.replace(target)


def _write_feedback(job: dict, result: SubmissionResult) -> None:
    from autograder.feedback import render

    if not job.get("feedback_path"):
        return
    target = Path(job["feedback_path"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(result, None), encoding="utf-8")


def write_csv(path: Path, results: list[SubmissionResult]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for r in results:
            writer.writerow({"assignment": r.assignment, "duedate": "", "timestamp": "",
                             "student_id": r.student_id, "last_name": "", "first_name": "", "email": "",
                             "raw_score": f"{r.score:g}", "late_submission_penalty": "0",
                             "score": f"{r.score:g}", "max_score": f"{r.max_score:g}"})


def write_report(out: Path, results: list[SubmissionResult], sandbox_note: str, elapsed: float, graded: int) -> None:
    unsafe = any(not r.sandboxed for r in results)
    (out / "report.json").write_text(json.dumps({"sandbox": sandbox_note, "unsafe_no_sandbox": unsafe,
                                                 "results": [r.to_json() for r in results]},
                                                indent=1, sort_keys=True))
    lines = ["# Grading report", "",
             f"{len(results)} submission(s); {graded} graded in this run in {elapsed:.1f} s.",
             f"Sandbox: {sandbox_note}.", ""]
    if unsafe:
        lines += [f"**{UNSAFE_NOTE}.**", ""]
    flagged = [r for r in results if r.flags or r.status != GRADED]
    lines.append(f"Submissions with flags or not graded: {len(flagged)}.")
    lines.append("")
    for r in results:
        lines.append(f"## {r.student_id} — {r.assignment}: {r.score:g} / {r.max_score:g}")
        if not r.sandboxed:
            lines.append("- UNSAFE: graded without a sandbox (--unsafe-no-sandbox)")
        if r.status == GRADER_FAILURE:
            lines.append(f"- GRADER FAILURE (not the student's; a rerun tries again): {r.reason}")
        elif r.status != GRADED:
            lines.append(f"- NOT GRADED: {r.reason}")
        for row in r.exercises:
            mark = "passed" if row.passed else "FAILED"
            lines.append(f"- {row.cell}: {mark} ({row.points:g}/{row.max_points:g})")
            if row.note:
                lines.append(f"    - {row.note}")
            for case in row.cases:
                if not case.passed:
                    msg = case.message.replace("\n", "\n      ")
                    lines.append(f"    - {case.label} [{case.kind}]: {msg}")
        for flag in r.flags:
            lines.append(f"- FLAG [{flag.kind}] {flag.message}")
        if r.detail:
            lines.append("```\n" + r.detail + "\n```")
        lines.append("")
    (out / "report.md").write_text("\n".join(lines), encoding="utf-8")
