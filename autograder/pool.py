"""A pool of persistent grading workers.

Each worker is a separate process that imports the grader (nbformat, jupyter_client,
nbconvert) once and then grades many submissions, one kernel per submission. The parent
sends jobs over pipes and watches each worker's sentinel. A failure of the grader's side
(a worker that dies mid-job, e.g. killed by the OOM killer; a sandbox or kernel that cannot
be set up; a grader exception) is never the student's: the orphans are killed, a fresh
worker takes over and the job is tried again, up to `MAX_ATTEMPTS` times; only then is it
reported as a grader failure (which the next run retries).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import traceback
from multiprocessing.connection import wait

from autograder import sandbox

MAX_ATTEMPTS = 3


class WorkerStartFailure(RuntimeError):
    """Workers die before they are ready (e.g. the grader cannot be imported): nothing can be graded."""


def _worker(conn, config: dict) -> None:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    sandbox.become_subreaper()
    from pathlib import Path

    from autograder import feedback, grader
    from autograder.kernel import Limits
    from autograder.paths import Course

    course = Course.at(config["course_root"])
    limits = Limits(**config["limits"])
    work = Path(config["work_dir"])
    work.mkdir(parents=True, exist_ok=True)
    lessons: dict = {}
    conn.send({"ready": os.getpid()})
    while True:
        try:
            job = conn.recv()
        except EOFError:
            break
        if job is None:
            break
        try:
            name = job["lesson"]
            if name not in lessons:
                lessons[name] = grader.load_lesson(course, name)
            record, executed = grader.grade_submission(course, lessons[name], job, limits, config["user"], work,
                                                       isolated=config.get("isolated", True))
            if job.get("feedback_path"):
                t_html = time.monotonic()
                html = feedback.render(record, executed)
                target = Path(job["feedback_path"])
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_suffix(".tmp")
                tmp.write_text(html, encoding="utf-8")
                tmp.replace(target)
                record.timing["feedback"] = round(time.monotonic() - t_html, 3)
            result = record.to_json()
        except Exception as exc:  # the sandbox could not start, or a grader bug: not the student's doing
            result = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        sandbox.kill_all()
        conn.send(result)


class WorkerPool:
    """N workers; `run(jobs, on_result)` grades every job, calling on_result(job, result)."""

    def __init__(self, n: int, config: dict):
        self.n = max(1, int(n))
        self.config = config
        self.ctx = mp.get_context("spawn")
        self.workers: list = []

    def _start(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, self.config), daemon=True)
        proc.start()
        child.close()
        return {"proc": proc, "conn": parent, "job": None, "ready": False}

    def run(self, jobs: list[dict], on_result) -> None:
        sandbox.become_subreaper()
        pending = list(jobs)
        startup_failures = 0
        attempts: dict[int, list[str]] = {}

        def failed(job, message, result):
            """Retry `job` after a grader-side failure, or report it once it has failed too often."""
            tries = attempts.setdefault(id(job), [])
            tries.append(message)
            if len(tries) < MAX_ATTEMPTS:
                pending.insert(0, job)
                return
            result = dict(result, error=f"{message} (tried {len(tries)} times)", grader_failure=True)
            on_result(job, result)
        self.workers = [self._start() for _ in range(min(self.n, max(1, len(jobs))))]
        try:
            while pending or any(w["job"] is not None for w in self.workers):
                for w in self.workers:
                    if w["ready"] and w["job"] is None and pending:
                        w["job"] = pending.pop(0)
                        w["conn"].send(w["job"])
                handles = {}
                for w in self.workers:
                    handles[w["conn"]] = w
                    handles[w["proc"].sentinel] = w
                for ready in wait(list(handles)):
                    w = handles[ready]
                    if ready is w["conn"]:
                        try:
                            msg = w["conn"].recv()
                        except (EOFError, OSError):
                            continue  # the sentinel will report the death
                        if isinstance(msg, dict) and "ready" in msg and w["job"] is None:
                            w["ready"] = True
                            continue
                        job, w["job"] = w["job"], None
                        if isinstance(msg, dict) and "error" in msg:
                            failed(job, msg["error"], msg)
                            continue
                        if attempts.get(id(job)):
                            msg.setdefault("flags", []).append(
                                {"kind": "grader retried", "message": "graded again after a failure of the grader: "
                                 + "; ".join(attempts[id(job)])})
                        on_result(job, msg)
                    elif not w["proc"].is_alive():
                        job = w["job"]
                        code = w["proc"].exitcode
                        if not w["ready"]:
                            startup_failures += 1
                            if startup_failures >= MAX_ATTEMPTS:
                                raise WorkerStartFailure(
                                    f"{startup_failures} grading workers died before they were ready (last exit "
                                    f"code {code}): the grader cannot be imported here (see the traceback above)")
                        self._clean_orphans(w["proc"].pid)
                        index = self.workers.index(w)
                        self.workers[index] = self._start()
                        if job is not None:
                            failed(job, f"the grading worker died (exit code {code}) while grading this submission",
                                   {"worker_died": True})
                        break
        finally:
            self.close()

    def _clean_orphans(self, dead_pid: int | None = None):
        """Kill processes re-parented to us that no live worker owns (left by a dead worker),
        and remove the dead worker's cgroups."""
        if dead_pid:
            from autograder import cgroups
            from autograder.kernel import cgroup_prefix

            cgroups.sweep(cgroup_prefix(dead_pid))
        keep = set()
        for w in self.workers:
            if w["proc"].is_alive():
                keep.add(w["proc"].pid)
                keep.update(sandbox.descendants(w["proc"].pid))
        for pid in sandbox.descendants():
            if pid not in keep:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
        sandbox.reap()

    def close(self):
        for w in self.workers:
            try:
                w["conn"].send(None)
            except Exception:
                pass
        for w in self.workers:
            w["proc"].join(timeout=5)
            if w["proc"].is_alive():
                w["proc"].kill()
                w["proc"].join(timeout=5)
        self.workers = []
        sandbox.kill_all()
