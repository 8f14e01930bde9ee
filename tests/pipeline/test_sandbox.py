"""`grade` and its sandbox: refusal without one, --unsafe-no-sandbox printed everywhere,
time per grading case, and a grader-side failure retried instead of scored."""

import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import isolation
import support.grader as G
import support.notebooks as T
from autograder.cgroups import Cgroup

LIMITS = ["--cell-timeout", "2", "--timeout", "60", "--memory-mb", "1536"]


def _submit(folder: Path, student: str, nb) -> None:
    T.write(nb, folder / student / "00_sample" / "00_sample.ipynb")


def _with_relu(nb, extra: str):
    """`nb` with `extra` appended to its relu cell (wrapping the student's relu)."""
    nb = copy.deepcopy(nb)
    _, cell = T.find_cell(nb, "relu")
    cell.source += "\n" + extra
    return nb


def test_bwrap_is_found_and_starts_a_sandbox_here():
    ok, what = isolation.probe()
    assert ok, what
    assert "bubblewrap" in what


def test_read_only_binds_hold_no_course_folder():
    binds = isolation.read_only_binds()
    root = str(T.REPO_ROOT)
    inside_repo = [b for b in binds if b == root or b.startswith(root + "/")]
    # only the package and (here) the venv, never the repository itself or its solutions
    assert all(b.endswith("/source/backprop") or "/.venv" in b for b in inside_repo), inside_repo
    assert not any(b in ("/", "/root", "/home", "/work", "/tmp") for b in binds), binds


def test_cgroup_caps_processes(tmp_path):
    group = Cgroup.create(f"autograder-test-{os.getpid()}", 5, 2**28)
    assert group is not None, "no cgroup can be created here (see README: rlimits only)"
    try:
        code = ("import os, time\nn = 0\ntry:\n    for _ in range(50):\n        if os.fork() == 0:\n"
                "            time.sleep(5); os._exit(0)\n        n += 1\nexcept OSError:\n    pass\nprint(n)")
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                preexec_fn=lambda: group.join(os.getpid()))
        out, _ = proc.communicate(timeout=30)
        assert int(out) == 4  # five tasks in the group: the parent and four children
    finally:
        group.kill()
        group.remove()
    assert not group.dirs[0].exists()


def test_grade_refuses_without_a_sandbox(sample_course, tmp_path):
    _submit(tmp_path / "sub", "alice", T.solved(sample_course, "00_sample"))
    env = G.grader_env(tmp_path)
    env["AUTOGRADER_BWRAP"] = str(tmp_path / "no-such-bwrap")
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(tmp_path / "sub"), "--out",
                           str(tmp_path / "out"), "--course", str(sample_course.root), "-q"],
                          capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300)
    assert proc.returncode != 0
    assert "refuses" in proc.stderr and "bubblewrap" in proc.stderr and "--unsafe-no-sandbox" in proc.stderr
    assert not (tmp_path / "out" / "results").exists()


def test_unsafe_no_sandbox_is_printed_everywhere_and_not_resumed_by_a_sandboxed_run(sample_course, tmp_path):
    sub, out = tmp_path / "sub", tmp_path / "out"
    _submit(sub, "solved", T.solved(sample_course, "00_sample"))
    _submit(sub, "blank", T.read(sample_course.release_notebook("00_sample")))
    unsafe = G.grade(sample_course, sub, out, *LIMITS, "--unsafe-no-sandbox", jobs=1, work=tmp_path)
    assert {k[0]: r["score"] for k, r in unsafe.items()} == {"solved": 5, "blank": 0}
    assert all(r["sandboxed"] is False for r in unsafe.values())
    assert "UNSAFE" in (out / "report.md").read_text()
    assert json.loads((out / "report.json").read_text())["unsafe_no_sandbox"] is True
    for student in ("solved", "blank"):
        assert "UNSAFE" in (out / "feedback" / "00_sample" / f"{student}.html").read_text()
    again = G.grade(sample_course, sub, out, *LIMITS, jobs=1, work=tmp_path)
    assert {k[0]: r["score"] for k, r in again.items()} == {"solved": 5, "blank": 0}
    assert all(r["sandboxed"] is True for r in again.values())
    assert "UNSAFE" not in (out / "report.md").read_text()
    assert "UNSAFE" not in (out / "feedback" / "00_sample" / "solved.html").read_text()


def test_time_limit_is_per_case_and_a_timed_out_case_is_named(sample_course, tmp_path):
    solved = T.solved(sample_course, "00_sample")
    sub = tmp_path / "sub"
    # 3 cases x 0.9 s: over one shared 2 s limit, well within 2 s per case
    _submit(sub, "slow", _with_relu(solved, "import time as _t\n_fast_relu = relu\n"
                                            "def relu(Z):\n    _t.sleep(0.9)\n    return _fast_relu(Z)"))
    # hangs on float32 input only: the hidden float32 case of test_relu
    _submit(sub, "hangs", _with_relu(solved, "import time as _t\n_fast_relu = relu\n"
                                             "def relu(Z):\n    if np.asarray(Z).dtype == np.float32:\n"
                                             "        _t.sleep(10**6)\n    return _fast_relu(Z)"))
    results = G.grade(sample_course, sub, tmp_path / "out", *LIMITS, jobs=2, work=tmp_path)
    slow, hangs = results[("slow", "00_sample")], results[("hangs", "00_sample")]
    assert slow["score"] == 5, slow["flags"]
    assert not [f for f in slow["flags"] if f["kind"] == "timeout"]
    assert hangs["score"] == 4  # only test_relu (1 point) lost
    timeouts = [f["message"] for f in hangs["flags"] if f["kind"] == "timeout"]
    assert len(timeouts) == 1 and "test_relu, hidden case 2" in timeouts[0], hangs["flags"]
    relu = next(row for row in hangs["exercises"] if row["cell"] == "test_relu")
    assert [c["passed"] for c in relu["cases"]] == [True, True, False]


def _spawned_workers(parent: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
                cmd = Path(f"/proc/{name}/cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[stat.rfind(")") + 2:].split()[1]) == parent and b"spawn_main" in cmd:
                found.append(int(name))
    return found


def _has_children(pid: int) -> bool:
    try:
        return bool(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return False


def test_a_worker_killed_mid_submission_is_retried_not_scored(sample_course, tmp_path):
    sub, out = tmp_path / "sub", tmp_path / "out"
    _submit(sub, "slow_solved", T.insert_after(T.solved(sample_course, "00_sample"), None,
                                               "import time\ntime.sleep(3)"))
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(sub), "--out", str(out), "--course",
                             str(sample_course.root), "-q", "--cell-timeout", "10", "--no-feedback"],
                            env=G.grader_env(tmp_path), cwd=str(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    killed = None
    end = time.monotonic() + 120
    while killed is None and time.monotonic() < end and proc.poll() is None:
        for worker in _spawned_workers(proc.pid):
            if _has_children(worker):      # it is running the submission's sandbox
                time.sleep(1.0)
                os.kill(worker, signal.SIGKILL)  # as the OOM killer would
                killed = worker
                break
        time.sleep(0.05)
    _, err = proc.communicate(timeout=300)
    assert killed is not None, err
    assert proc.returncode == 0, err
    r = G.load_results(out)[("slow_solved", "00_sample")]
    assert r["status"] == "graded" and r["score"] == 5, r
    retried = [f["message"] for f in r["flags"] if f["kind"] == "grader retried"]
    assert retried and "worker died" in retried[0]
    # the dead worker's sandbox died with it, and its cgroups were swept
    from autograder.cgroups import _parents

    left = [p for parent in _parents() if parent.is_dir() for p in parent.iterdir()
            if p.name.startswith(f"autograder-{killed}-")]
    assert left == []
    assert not Path(f"/proc/{killed}").exists()


def test_a_sandbox_that_fails_to_start_is_retried_not_scored(sample_course, tmp_path):
    """The first kernel's bubblewrap fails (as a broken mount or a full process table would):
    the submission is graded again by a fresh attempt, not given 0."""
    real = isolation.bwrap_binary()
    counter = tmp_path / "calls"
    fake = tmp_path / "flaky-bwrap"
    # calls 1 and 2 are grade's probe (--version, a test sandbox); call 3 is the first kernel
    fake.write_text(f"#!/bin/sh\nn=0\n[ -f {counter} ] && read n < {counter}\nn=$((n+1))\necho $n > {counter}\n"
                    f"if [ $n = 3 ]; then echo 'simulated sandbox failure' >&2; exit 1; fi\nexec {real} \"$@\"\n")
    fake.chmod(0o755)
    sub, out = tmp_path / "sub", tmp_path / "out"
    _submit(sub, "solved", T.solved(sample_course, "00_sample"))
    env = G.grader_env(tmp_path)
    env["AUTOGRADER_BWRAP"] = str(fake)
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(sub), "--out", str(out), "--course",
                           str(sample_course.root), "-q", "--no-feedback"], capture_output=True, text=True, env=env,
                          cwd=str(tmp_path), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert int(counter.read_text()) == 4
    r = G.load_results(out)[("solved", "00_sample")]
    assert r["status"] == "graded" and r["score"] == 5, r
    retried = [f["message"] for f in r["flags"] if f["kind"] == "grader retried"]
    assert retried and "the sandbox did not start" in retried[0] and "simulated sandbox failure" in retried[0]


def test_without_a_cgroup_the_process_rlimit_leaves_room_for_the_users_other_processes(tmp_path):
    """RLIMIT_NPROC counts every process of the real user: the fallback cap is added on top."""
    from autograder import sandbox

    cfg = {"cwd": str(tmp_path), "log": str(tmp_path / "log"), "nproc": True, "max_processes": 7}
    code = "import resource; print(resource.getrlimit(resource.RLIMIT_NPROC)[0])"
    subprocess.run([sys.executable, "-I", "-S", sandbox.__file__, json.dumps(cfg), "--", sys.executable, "-c",
                    code], check=True, timeout=60)
    limit = int((tmp_path / "log").read_text())
    running = sandbox._processes_of(os.getuid())
    assert 7 < limit <= running + 7 + 50


def test_cgroups_of_dead_workers_are_swept_and_live_ones_kept():
    from autograder import cgroups

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = Cgroup.create(f"autograder-{dead.pid}-k-test", 8, 2**28)
    mine = Cgroup.create(f"autograder-{os.getpid()}-k-test", 8, 2**28)
    assert orphan is not None and mine is not None
    try:
        cgroups.sweep_orphans()
        assert not any(d.exists() for d in orphan.dirs)
        assert all(d.exists() for d in mine.dirs)
    finally:
        mine.remove()
        orphan.remove()
