"""One batch of the sample assignment's submissions (honest, broken, hostile) through the
real grader with --jobs 2, then one test per robustness / integrity property."""

import hashlib
import json
import os
import re
import time
from pathlib import Path

import pytest

import support.grader as G
import support.notebooks as T

import submissions as S

LIMITS = ["--cell-timeout", "4", "--timeout", "40", "--memory-mb", "1536"]


def _tree_hashes(root: Path) -> dict:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _processes_with(marker: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmd = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmd and "pytest" not in cmd:
                found.append(int(name))
    return found


@pytest.fixture(scope="module")
def batch(sample_course, scratch):
    root = scratch / "batch"
    submitted = root / "submitted"
    expect = S.build(sample_course, submitted)
    before = _tree_hashes(submitted)
    course_before = _tree_hashes(sample_course.root)
    out = root / "out"
    started = time.monotonic()
    results = G.grade(sample_course, submitted, out, *LIMITS, jobs=2, work=root)
    elapsed = time.monotonic() - started
    print(f"\nbatch of {len(expect)} submissions graded in {elapsed:.1f} s with --jobs 2")
    time.sleep(5)  # give a surviving `sleep 4; echo hacked` process the chance to act
    return {"root": root, "submitted": submitted, "out": out, "expect": expect, "results": results,
            "before": before, "course_before": course_before}


def _result(batch, student):
    return batch["results"][(student, "00_sample")]


def _flags(result):
    return [(f["kind"], f["message"]) for f in result["flags"]]


def test_every_submission_has_a_result_and_the_batch_went_on(batch):
    assert sorted(batch["expect"]) == sorted(S.STUDENTS)
    assert sorted(s for s, _ in batch["results"]) == sorted(batch["expect"])
    rows = (batch["out"] / "grades.csv").read_text().splitlines()
    assert rows[0].startswith("assignment,duedate,timestamp,student_id")
    assert len(rows) == len(batch["expect"]) + 1


@pytest.mark.parametrize("student", S.STUDENTS)
def test_score_status_and_flags(batch, student):
    exp = batch["expect"][student]
    r = _result(batch, student)
    assert r["score"] == exp["score"], (student, r["score"], json.dumps(r, indent=1)[:3000])
    assert r["max_score"] == 5
    if "status" in exp:
        assert r["status"] == exp["status"]
        assert exp["reason"] in r["reason"], r["reason"]
    if exp.get("flag"):
        kinds = [k for k, _ in _flags(r)]
        assert set(exp["flag"].split("|")) & set(kinds), (student, _flags(r))
    if exp.get("reason_in_flag"):
        assert any(exp["reason_in_flag"] in m for _, m in _flags(r)), _flags(r)
    untouched = _result(batch, "untouched")["score"]
    if student not in ("solved", "instructor", "solved_then_sleeps", "prints_warnings", "deleted_test_solved",
                       "calls_reference", "fails_hidden_only", "kills_its_grader"):
        assert r["score"] <= untouched


def test_points_come_from_the_source_notebook(batch):
    for student in ("tampered_metadata", "relabelled_test", "fake_test_cell"):
        r = _result(batch, student)
        assert {row["cell"]: row["max_points"] for row in r["exercises"]} == \
            {"test_relu": 1, "test_affine": 2, "test_mse": 2}


def test_huge_output_is_bounded(batch):
    """200 MB printed: what the grader keeps is capped (truncated as it streams; a flood the
    kernel's message queue drops never arrives), and the feedback page stays small."""
    page = batch["out"] / "feedback" / "00_sample" / "huge_output.html"
    assert page.stat().st_size < 3 * 2**20
    r = _result(batch, "huge_output")
    assert r["status"] == "graded" and r["score"] == 0


def test_honest_warnings_do_not_cost_points(batch):
    r = _result(batch, "prints_warnings")
    assert all(row["passed"] for row in r["exercises"])


def test_hidden_case_failure_is_reported_without_its_inputs(batch):
    r = _result(batch, "fails_hidden_only")
    row = next(x for x in r["exercises"] if x["cell"] == "test_affine")
    failed = [c for c in row["cases"] if not c["passed"]]
    assert [c["hidden"] for c in failed] == [True]
    assert failed[0]["label"].startswith("hidden case")
    assert failed[0]["kind"] == "wrong shape"
    assert "expected shape" in failed[0]["message"]           # the instructor's report keeps the detail
    assert "batch of 1" not in json.dumps(r)
    html = (batch["out"] / "feedback" / "00_sample" / "fails_hidden_only.html").read_text()
    table = html.split("<div class='notebook'>")[0]
    assert "hidden case 1" in table and "wrong shape." in table
    assert "expected shape" not in table                      # the student sees the kind only


def test_feedback_never_reveals_hidden_tests(batch, sample_course):
    import autograder.spec as spec

    hidden_labels = [c.label for ex in spec.load_lesson("00_sample", sample_course.solutions)
                     for c in ex.cases if c.hidden]
    grading_lines = [l.strip() for l in (sample_course.solutions / "00_sample" / "grading.py").read_text().splitlines()
                     if len(l.strip()) > 25]
    pages = sorted((batch["out"] / "feedback" / "00_sample").glob("*.html"))
    assert len(pages) == len(batch["expect"])
    for page in pages:
        html = page.read_text()
        for secret in ["BEGIN HIDDEN TESTS", "run_hidden", "autograder.spec", "<autograder>", *hidden_labels]:
            assert secret not in html, (page.name, secret)
        for line in grading_lines:
            assert line not in html, (page.name, line)


def test_feedback_is_sanitized(batch):
    for page in sorted((batch["out"] / "feedback" / "00_sample").glob("*.html")):
        html = page.read_text()
        assert not re.search(r"<\s*script", html, re.IGNORECASE), page.name
    html = (batch["out"] / "feedback" / "00_sample" / "script_injection.html").read_text()
    assert "pwned" not in html or "<script" not in html.lower()
    assert "hello" in html  # the markdown itself is still shown


def test_feedback_has_the_score_table_and_the_executed_notebook(batch):
    html = (batch["out"] / "feedback" / "00_sample" / "untouched.html").read_text()
    assert "Score: 0 / 5" in html and "test_affine" in html
    assert "replace this line with your code" in html           # the visible tests ran in the kernel
    solved = (batch["out"] / "feedback" / "00_sample" / "solved.html").read_text()
    assert "Score: 5 / 5" in solved


def test_static_scan_flags(batch):
    kinds = lambda s: {k for k, _ in _flags(_result(batch, s))}
    assert "monkeypatching" in kinds("patch_allclose")
    assert "IPython hooks" in kinds("input_transformer")
    assert "import tricks" in kinds("import_tricks")
    assert {"calls the reference", "reference module imported"} <= kinds("calls_reference")
    assert not ({"monkeypatching", "import tricks", "IPython hooks", "calls the reference"} & kinds("solved"))


def test_submitted_files_never_modified(batch):
    assert _tree_hashes(batch["submitted"]) == batch["before"]


def test_nothing_written_outside_the_work_folders(batch, sample_course):
    assert _tree_hashes(sample_course.root) == batch["course_before"]
    leftovers = [p for p in (batch["out"] / "work").rglob("*") if p.is_file()]
    assert leftovers == []                        # kernel scratch folders are removed
    assert not (batch["root"] / "HACKED").exists()  # the late writer was killed with its kernel


def test_no_process_survives_grading(batch):
    assert _processes_with(f"sleep {S.MARK}") == []


def test_regrading_is_repeatable(batch, sample_course):
    import shutil

    subset = batch["root"] / "subset"
    for student in ("untouched", "solved", "fails_hidden_only", "calls_reference", "lying_array", "edited_test"):
        shutil.copytree(batch["submitted"] / student, subset / student)
    out2 = batch["root"] / "out-again"
    again = G.grade(sample_course, subset, out2, *LIMITS, "--regrade", jobs=2, work=batch["root"])
    assert len(again) == 6
    first = {k: v["score"] for k, v in batch["results"].items() if k in again}
    assert {k: v["score"] for k, v in again.items()} == first
    # per case verdicts are the same too
    for key, r in again.items():
        assert [[c["passed"] for c in row["cases"]] for row in r["exercises"]] == \
            [[c["passed"] for c in row["cases"]] for row in batch["results"][key]["exercises"]], key
