"""Results carry the grader's HMAC; a resume trusts only results with a valid digest."""

import json
import stat

from autograder import signing
import support.grader as G
import support.notebooks as T
from autograder.paths import Course

LIMITS = ["--cell-timeout", "4", "--timeout", "40", "--memory-mb", "1536", "--no-feedback"]


def test_sign_and_verify_cover_hash_spec_version_and_scores(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_SECRET_FILE", str(tmp_path / "secret"))
    course = Course.at(T.SAMPLE_COURSE)
    secret = signing.course_secret(course)
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600
    assert signing.course_secret(course) == secret and len(secret) == 32
    result = {"student_id": "a", "assignment": "00_sample", "sha256": "ab" * 32, "score": 3.0, "max_score": 5.0,
              "status": "graded", "spec_version": signing.spec_version(course, "00_sample"),
              "exercises": [{"cell": "test_relu", "points": 1.0, "max_points": 1.0, "passed": True}]}
    result["hmac"] = signing.sign(secret, result)
    assert signing.verify(secret, result)
    for key, value in (("score", 5.0), ("sha256", "cd" * 32), ("spec_version", "x"), ("student_id", "b")):
        assert not signing.verify(secret, dict(result, **{key: value})), key
    row = dict(result["exercises"][0], passed=False, points=0.0)
    assert not signing.verify(secret, dict(result, exercises=[row]))
    assert not signing.verify(b"\0" * 32, result)
    assert not signing.verify(secret, {k: v for k, v in result.items() if k != "hmac"})


def test_a_resume_regrades_results_without_a_valid_digest(sample_course, tmp_path):
    sub, out = tmp_path / "sub", tmp_path / "out"
    T.write(T.solved(sample_course, "00_sample"), sub / "friend" / "00_sample" / "00_sample.ipynb")
    T.write(T.read(sample_course.release_notebook("00_sample")), sub / "victim" / "00_sample" / "00_sample.ipynb")
    first = G.grade(sample_course, sub, out, *LIMITS, jobs=1, work=tmp_path)
    assert all(r.get("hmac") and r.get("spec_version") for r in first.values())
    assert (tmp_path / "course-secret").is_file()          # AUTOGRADER_WORK_DIR of the tests' grader
    # a classmate rewrites both result files, keeping the recorded hashes
    for student, score in (("friend", 0.0), ("victim", 5.0)):
        path = out / "results" / "00_sample" / f"{student}.json"
        r = json.loads(path.read_text())
        r["score"] = score
        path.write_text(json.dumps(r))
    untouched_before = (out / "results" / "00_sample" / "friend.json").stat().st_mtime_ns
    proc = G.run_cli(["grade", str(sub), "--out", str(out), "--course", str(sample_course.root), *LIMITS], tmp_path)
    assert "2 graded now" in proc.stdout, proc.stdout
    assert "without the grader's valid digest" in proc.stderr
    again = G.load_results(out)
    assert {k[0]: r["score"] for k, r in again.items()} == {"friend": 5.0, "victim": 0.0}
    assert (out / "results" / "00_sample" / "friend.json").stat().st_mtime_ns != untouched_before
    # and valid results are resumed, not graded again
    proc = G.run_cli(["grade", str(sub), "--out", str(out), "--course", str(sample_course.root), *LIMITS], tmp_path)
    assert "0 graded now, 2 already done" in proc.stdout, proc.stdout
