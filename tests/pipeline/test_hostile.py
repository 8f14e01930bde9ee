"""Hostile submissions graded by the real grader in its sandbox (--jobs 2, next to honest
classmates): none scores above a blank notebook, none reads or writes outside its scratch,
none leaves a process behind, and no classmate's grade changes. See hostile/attacks.py."""

import hashlib
import json
import os
import re
import shutil
import socket
import time
from pathlib import Path

import pytest

from autograder import isolation
import support.grader as G
import support.notebooks as T
from autograder.cgroups import Cgroup
from autograder.paths import REPO_ROOT, Course

from hostile import attacks as A

MARK = "98123"
DB_PASSWORD = "S3cretPassw0rd-" + MARK
CANARY = "CANARY-e4b1c9-" + MARK
LIMITS = ["--cell-timeout", "6", "--timeout", "40", "--memory-mb", "1536", "--scratch-mb", "64"]


def _tree(root: Path) -> dict:
    """{relative path: (sha256, mtime)} of every file below root."""
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def _processes_with(marker: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmd = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if marker in cmd and "pytest" not in cmd:
                found.append(int(name))
    return found


def _ancestor_commands(pid: int) -> list[str]:
    """The command lines of pid's parent, grandparent, ... up to init (those still alive)."""
    commands = []
    while pid > 1:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            pid = int(stat.rsplit(")", 1)[1].split()[1])
            commands.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, ValueError, IndexError):
            break
    return commands


def _left_by(out: Path, pids: list[int]) -> list[int]:
    """The pids not owned by another grading run: orphans, or under the grader writing to out.
    (Another `autograder grade` on the machine, such as a parallel test run, has its own kernels.)"""
    def other_run(pid):
        graders = [c for c in _ancestor_commands(pid) if "autograder grade" in c]
        return bool(graders) and not any(str(out) in c for c in graders)
    return [pid for pid in pids if not other_run(pid)]


def _pids_cap_available() -> bool:
    group = Cgroup.create(f"autograder-testprobe-{os.getpid()}", 16, 2**28)
    if group is None:
        return False
    group.remove()
    return True


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    ok, why = isolation.probe()
    assert ok and "--unsafe-no-sandbox" not in LIMITS, f"hostile notebooks are graded only in the sandbox: {why}"
    root = tmp_path_factory.mktemp("hostile")
    course = Course.at(shutil.copytree(T.SAMPLE_COURSE, root / "course"))
    (course.solutions / "00_sample" / "CANARY.txt").write_text(CANARY + "\n")
    submitted, out = root / "submitted", root / "out"
    release = T.read(course.release_notebook("00_sample"))
    solved = T.solved(course, "00_sample")
    for student, nb in (("victim_solved", solved), ("victim_blank", release)):
        T.write(nb, submitted / student / "00_sample" / "00_sample.ipynb")

    env_before = os.environ.get("AUTOGRADER_DB_URL")
    os.environ["AUTOGRADER_DB_URL"] = f"postgresql+psycopg2://grader:{DB_PASSWORD}@db.example:5432/course"
    try:
        first = G.grade(course, submitted, out, *LIMITS, jobs=1, work=root)   # the classmates, graded alone
        first_files = _tree(out / "results")

        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listener.setblocking(False)
        repo_grading = sorted(REPO_ROOT.glob("solutions/*/grading.py"))[0]
        paths = dict(course=course.root, repo=REPO_ROOT, repo_grading=repo_grading, out=out, submitted=submitted,
                     mark=MARK, port=listener.getsockname()[1])
        capped = _pids_cap_available()
        names = [n for n in A.ATTACKS if capped or n not in A.NEEDS_CGROUP]  # fork only under a pids cap
        for name in names:
            T.write(T.insert_after(release, None, A.source(name, **paths)),
                    submitted / name / "00_sample" / "00_sample.ipynb")
        for student, nb in (("victim2_solved", solved), ("victim2_blank", release)):
            T.write(nb, submitted / student / "00_sample" / "00_sample.ipynb")
        course_before, submitted_before = _tree(course.root), _tree(submitted)
        repo_solutions_before = _tree(REPO_ROOT / "solutions")
        started = time.monotonic()
        results = G.grade(course, submitted, out, *LIMITS, jobs=2, work=root)
        print(f"\n{len(names) + 2} hostile and honest submissions graded in {time.monotonic() - started:.1f} s")
        time.sleep(1.5)  # let a surviving process act, if any did survive
        try:
            listener.accept()
            connected = True
        except BlockingIOError:
            connected = False
        listener.close()
    finally:
        if env_before is None:
            os.environ.pop("AUTOGRADER_DB_URL", None)
        else:
            os.environ["AUTOGRADER_DB_URL"] = env_before
    return dict(root=root, course=course, submitted=submitted, out=out, first=first, first_files=first_files,
                results=results, names=names, capped=capped, course_before=course_before,
                submitted_before=submitted_before, repo_solutions_before=repo_solutions_before,
                connected=connected, repo_grading=repo_grading)


def _evidence(h, name) -> dict:
    html = (h["out"] / "feedback" / "00_sample" / f"{name}.html").read_text()
    return dict(re.findall(r"EVIDENCE (\w+) ([^\n<]*)", html))


def test_the_grading_ran_in_the_sandbox_with_a_pids_cap(hostile):
    report = json.loads((hostile["out"] / "report.json").read_text())
    assert "bubblewrap" in report["sandbox"] and report["unsafe_no_sandbox"] is False
    assert hostile["capped"], "no cgroup pids cap can be created here: the fork attack was not run"
    assert "cgroup" in report["sandbox"]
    assert all(r["sandboxed"] for r in hostile["results"].values())


@pytest.mark.parametrize("name", list(A.ATTACKS))
def test_attack_is_stopped_and_scores_no_more_than_a_blank_notebook(hostile, name):
    assert name in hostile["names"], f"{name} was not run (no pids cap)"
    r = hostile["results"][(name, "00_sample")]
    blank = hostile["results"][("victim_blank", "00_sample")]
    assert r["status"] == "graded", (r["status"], r.get("reason"))
    assert r["score"] <= blank["score"] == 0
    found = _evidence(hostile, name)
    for key, ok in A.EXPECT[name].items():
        assert key in found, (name, key, found)    # the attack ran this far
        assert ok(found[key].strip()), (name, key, found[key])


@pytest.mark.parametrize("name", A.HIDDEN_TEXT_ATTACKS)
def test_hidden_case_feedback_shows_only_the_kind_the_grader_computed(hostile, name):
    from autograder.diagnosis import FailureKind

    html = (hostile["out"] / "feedback" / "00_sample" / f"{name}.html").read_text()
    table = html.split("<div class='notebook'>")[0]     # the score table (the notebook shows the attack's source)
    assert "hidden case" in table
    for marker in A.LEAK_MARKERS:
        assert marker not in table, (name, marker)
    r = hostile["results"][(name, "00_sample")]
    kinds = {c["kind"] for row in r["exercises"] for c in row["cases"] if c["hidden"] and not c["passed"]}
    assert kinds and kinds <= {k.value for k in FailureKind}, kinds
    if name == "forged_status":
        assert FailureKind.BAD_OUTPUT.value in kinds
        assert any(f["kind"] == "results tampered" for f in r["flags"]), r["flags"]
    else:
        assert {FailureKind.RAISED.value, FailureKind.NOT_NUMBERS.value} <= kinds, kinds


def test_classmates_grades_are_unchanged(hostile):
    first, results = hostile["first"], hostile["results"]
    assert first[("victim_solved", "00_sample")]["score"] == 5 and first[("victim_blank", "00_sample")]["score"] == 0
    assert _tree(hostile["out"] / "results") != {}
    for student in ("victim_solved", "victim_blank"):
        name = f"results/00_sample/{student}.json"
        after = (hostile["out"] / name).read_bytes()
        assert hashlib.sha256(after).hexdigest() == hostile["first_files"][name.split("/", 1)[1]][0]
        twin = results[(student.replace("victim", "victim2"), "00_sample")]
        assert twin["score"] == first[(student, "00_sample")]["score"]
        assert [[c["passed"] for c in row["cases"]] for row in twin["exercises"]] == \
            [[c["passed"] for c in row["cases"]] for row in first[(student, "00_sample")]["exercises"]]


def test_no_secret_reaches_any_output(hostile):
    secrets = [CANARY, DB_PASSWORD, "EXERCISES = [\n    Exercise(",
               *[l.strip() for l in hostile["repo_grading"].read_text().splitlines() if len(l.strip()) > 30][:5]]
    for path in hostile["out"].rglob("*"):
        if path.is_file():
            data = path.read_text(errors="replace")
            for secret in secrets:
                assert secret not in data, (path, secret)


def test_nothing_outside_the_scratch_was_written(hostile):
    assert _tree(hostile["course"].root) == hostile["course_before"]
    assert _tree(hostile["submitted"]) == hostile["submitted_before"]
    assert _tree(REPO_ROOT / "solutions") == hostile["repo_solutions_before"]
    assert not Path(f"/tmp/hostile-{MARK}").exists()
    assert not list(hostile["out"].rglob("HACKED")) and not (REPO_ROOT / "source" / "backprop" / "HACKED").exists()
    assert [p for p in (hostile["out"] / "work").rglob("*") if p.is_file()] == []


def test_no_process_cgroup_or_connection_is_left(hostile):
    from autograder.cgroups import _parents

    assert _processes_with(f"sleep {MARK}") == []
    assert _left_by(hostile["out"], _processes_with("/sandbox/kernel.json")) == []
    assert hostile["connected"] is False
    leaked = [p for parent in _parents() if parent.is_dir() for p in parent.iterdir()
              if p.name.startswith("autograder-") and not Path(f"/proc/{p.name.split('-')[1]}").exists()]
    assert leaked == []
