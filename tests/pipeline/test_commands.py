"""The instructor commands on the sample course: help, release, check, bundle, grade inputs
(nbgrader layout, LMS zip, flat folder), resuming a killed batch, and the gradebook."""

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import support.grader as G
import support.notebooks as T
from autograder.release import generate


@pytest.mark.parametrize("command", [None, "release", "check", "grade", "bundle"])
def test_every_command_has_help(command, scratch):
    args = ([command] if command else []) + ["--help"]
    proc = G.run_cli(args, scratch)
    assert proc.stdout.startswith("usage: python -m autograder")
    if command == "grade":
        assert "--jobs" in proc.stdout and "grades.csv" in proc.stdout and "--regrade" in proc.stdout


def test_release_is_up_to_date_and_byte_stable(sample_course, scratch):
    out = scratch / "rel"
    os.environ["AUTOGRADER_WORK_DIR"] = str(scratch / "relwork")
    try:
        generate(sample_course, ["00_sample"], out)
        first = (out / "00_sample" / "00_sample.ipynb").read_bytes()
        generate(sample_course, ["00_sample"], out)
    finally:
        del os.environ["AUTOGRADER_WORK_DIR"]
    assert (out / "00_sample" / "00_sample.ipynb").read_bytes() == first
    assert first == sample_course.release_notebook("00_sample").read_bytes()
    assert sorted(p.name for p in (out / "00_sample").iterdir()) == ["00_sample.ipynb"]   # no build.py, grading.py
    text = first.decode()
    assert 'raise NotImplementedError(\\"relu: replace this line with your code.\\")' in text


def test_release_command_writes_notebooks(sample_course, scratch):
    out = scratch / "rel-cli"
    proc = G.run_cli(["release", "00_sample", "--out", str(out), "--course", str(sample_course.root)], scratch)
    assert "00_sample.ipynb" in proc.stdout
    assert (out / "00_sample" / "00_sample.ipynb").read_bytes() == sample_course.release_notebook("00_sample").read_bytes()


def test_selfcheck_fails_on_the_stub_and_passes_when_solved(sample_course, scratch):
    untouched = sample_course.release_notebook("00_sample")
    before = untouched.read_bytes()
    proc = G.run_cli(["check", str(untouched)], scratch, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "test_relu" in proc.stdout and "FAILED" in proc.stdout
    assert "relu: replace this line with your code." in proc.stdout
    assert "0 / 5 points" in proc.stdout
    assert untouched.read_bytes() == before
    solved = T.write(T.solved(sample_course, "00_sample"), scratch / "check" / "00_sample.ipynb")
    proc = subprocess.run([sys.executable, "-m", "backprop.selfcheck", str(solved)], capture_output=True, text=True,
                          env=G.grader_env(scratch))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 / 5 points" in proc.stdout and "FAILED" not in proc.stdout


def test_selfcheck_reports_a_broken_notebook(scratch):
    bad = scratch / "check" / "broken.ipynb"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text("{ not json")
    proc = G.run_cli(["check", str(bad)], scratch, check=False)
    assert proc.returncode == 2 and "could not run" in proc.stderr


def test_bundle_holds_only_student_material(sample_course, scratch):
    out = scratch / "bundle.zip"
    G.run_cli(["bundle", str(out), "--course", str(sample_course.root)], scratch)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        texts = {n: zf.read(n) for n in names}
    assert "README.md" in names and "notebooks/00_sample/00_sample.ipynb" in names
    assert "source/backprop/selfcheck.py" in names and "source/backprop/checking.py" in names
    assert not [n for n in names if n.endswith(("grading.py", "build.py")) or n.startswith(("solutions", "autograder", "tests"))]
    assert not [n for n in names if n.endswith((".npz", ".npy", ".pyc"))]
    source = sample_course.source_notebook("00_sample").read_bytes()
    solution_lines = [l.strip() for c in T.read(sample_course.source_notebook("00_sample")).cells
                      if T.meta(c).get("solution") for l in c.source.split("### BEGIN SOLUTION")[1]
                      .split("### END SOLUTION")[0].splitlines() if len(l.strip()) > 12]
    assert solution_lines
    for name, data in texts.items():
        assert data != source
        assert b"BEGIN SOLUTION" not in data and b"BEGIN HIDDEN TESTS" not in data and b"run_hidden" not in data, name
        if name.endswith(".ipynb"):
            for line in solution_lines:
                assert line.encode() not in data, (name, line)
    reqs = texts["requirements.txt"].decode()
    assert "nbgrader" not in reqs and "pytest" not in reqs


def _write_subs(course, folder, students):
    solved, untouched = T.solved(course, "00_sample"), T.read(course.release_notebook("00_sample"))
    for i, s in enumerate(students):
        T.write(solved if i % 2 == 0 else untouched, folder / s / "00_sample" / "00_sample.ipynb")


def test_lms_zip_and_flat_folder(sample_course, scratch):
    root = scratch / "lms"
    root.mkdir()
    solved = T.write(T.solved(sample_course, "00_sample"), root / "s.ipynb")
    untouched = sample_course.release_notebook("00_sample")
    zpath = root / "download.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.write(solved, "alice_00_sample.ipynb")
        zf.write(untouched, "bob_00_sample.ipynb")
        zf.write(solved, "carol/00_sample.ipynb")
        zf.write(solved, "../../evil_00_sample.ipynb")
    results = G.grade(sample_course, zpath, root / "out", jobs=1, work=root)
    scores = {s: r["score"] for (s, _), r in results.items()}
    assert scores == {"alice": 5, "bob": 0, "carol": 5, "evil": 5}
    assert not (scratch / "evil_00_sample.ipynb").exists()
    flat = root / "flat"
    flat.mkdir()
    (flat / "dave.ipynb").write_bytes(solved.read_bytes())
    results = G.grade(sample_course, flat, root / "out-flat", "--lesson", "00_sample", jobs=1, work=root)
    assert {s: r["score"] for (s, _), r in results.items()} == {"dave": 5}


def test_killed_batch_resumes_and_grades_everyone_once(sample_course, scratch):
    root = scratch / "resume"
    students = [f"s{i:02d}" for i in range(8)]
    _write_subs(sample_course, root / "submitted", students)
    out = root / "out"
    cmd = [sys.executable, "-m", "autograder", "grade", str(root / "submitted"), "--out", str(out), "--jobs", "1",
           "--course", str(sample_course.root)]
    proc = subprocess.Popen(cmd, env=G.grader_env(root), cwd=root, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list((out / "results").glob("*/*.json"))) < 2:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    first = sorted(p.stem for p in (out / "results").glob("*/*.json"))
    assert 2 <= len(first) < len(students)
    stamps = {p.stem: p.stat().st_mtime_ns for p in (out / "results").glob("*/*.json")}
    done = G.run_cli(cmd[3:], root)
    assert f"{len(first)} already done" in done.stdout
    results = G.load_results(out)
    assert sorted(s for s, _ in results) == students
    assert all(r["score"] == (5 if int(s[1:]) % 2 == 0 else 0) for (s, _), r in results.items())
    for stem, stamp in stamps.items():   # finished students were not graded again
        assert (out / "results" / "00_sample" / f"{stem}.json").stat().st_mtime_ns == stamp
    csv_rows = (out / "grades.csv").read_text().splitlines()
    assert len(csv_rows) == len(students) + 1


def test_scores_recorded_in_the_nbgrader_gradebook(sample_course, scratch):
    from nbgrader.api import Gradebook

    root = scratch / "gb"
    _write_subs(sample_course, root / "submitted", ["ann", "ben"])
    db = root / "gradebook.db"
    env_before = os.environ.get("AUTOGRADER_DB_URL")
    os.environ["AUTOGRADER_DB_URL"] = f"sqlite:///{db}"
    try:
        G.grade(sample_course, root / "submitted", root / "out", "--gradebook", jobs=1, work=root)
    finally:
        if env_before is None:
            del os.environ["AUTOGRADER_DB_URL"]
    with Gradebook(f"sqlite:///{db}") as gb:
        assert gb.find_submission("00_sample", "ann").score == 5
        assert gb.find_submission("00_sample", "ben").score == 0
        assert gb.find_submission("00_sample", "ann").max_score == 5
