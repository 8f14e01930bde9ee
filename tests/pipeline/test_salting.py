"""Hidden grading inputs are salted per course (the course secret) and per student.

Visible cases stay what the notebook's own tests use; hidden cases differ between students and
between courses, and are the same on every re-grade. A notebook that memorised one student's
hidden inputs and answers (a leak) earns nothing for another student.
"""

import json
import os
import secrets

import numpy as np

from autograder import grader, signing, spec
import support.grader as G
import support.notebooks as T
from autograder.paths import Course

LIMITS = ["--cell-timeout", "6", "--timeout", "60", "--memory-mb", "1536", "--no-feedback"]
LESSON = "00_sample"


def _relu_exercise(course: Course):
    return spec.find_exercise(spec.load_lesson(LESSON, course.solutions), "test_relu")


def _random_cases(ex) -> list[int]:
    """Indexes of hidden cases whose inputs come from the generator (not a fixed array)."""
    return [i for i, c in enumerate(ex.cases)
            if c.hidden and not np.array_equal(spec.make_inputs(LESSON, ex, i, "a")["Z"],
                                               spec.make_inputs(LESSON, ex, i, "b")["Z"])]


def test_salt_depends_on_the_course_secret_and_the_student_and_is_stable():
    one, two = secrets.token_bytes(32), secrets.token_bytes(32)
    assert signing.hidden_salt(one, "alice") == signing.hidden_salt(one, "alice")
    assert len({signing.hidden_salt(one, "alice"), signing.hidden_salt(one, "bob"),
                signing.hidden_salt(two, "alice")}) == 3


def test_visible_inputs_are_unsalted_and_hidden_ones_differ_per_student(sample_course):
    ex = _relu_exercise(sample_course)
    secret = secrets.token_bytes(32)
    alice, bob = signing.hidden_salt(secret, "alice"), signing.hidden_salt(secret, "bob")
    random_hidden = _random_cases(ex)
    assert random_hidden, "the sample's relu exercise needs a hidden case made from the generator"
    for index, case in enumerate(ex.cases):
        a1, a2 = spec.grading_inputs(LESSON, ex, index, alice), spec.grading_inputs(LESSON, ex, index, alice)
        b = spec.grading_inputs(LESSON, ex, index, bob)
        assert np.array_equal(a1["Z"], a2["Z"])                      # the same student: the same inputs
        if not case.hidden:
            assert np.array_equal(a1["Z"], spec.make_inputs(LESSON, ex, index)["Z"])   # as the notebook's tests
            assert np.array_equal(a1["Z"], b["Z"])
        elif index in random_hidden:
            assert not np.array_equal(a1["Z"], b["Z"])


def _memorising_notebook(course: Course, answers: dict) -> dict:
    """The release with a relu that returns memorised answers for the inputs it was told about."""
    table = {json.dumps(np.asarray(k).ravel().round(12).tolist()): np.asarray(v).tolist() for k, v in answers}
    cell = (f"import json as _json\n_TABLE = {json.dumps(table)!r}\n_TABLE = _json.loads(_TABLE)\n"
            "def relu(Z):\n"
            "    key = _json.dumps(np.asarray(Z).ravel().round(12).tolist())\n"
            "    if key in _TABLE:\n"
            "        return np.asarray(_TABLE[key], dtype=np.asarray(Z).dtype).reshape(np.shape(Z))\n"
            "    return np.zeros_like(Z)\n")
    return T.insert_after(T.read(course.release_notebook(LESSON)), None, "import numpy as np\n" + cell)


def test_a_leak_of_one_students_hidden_inputs_gives_nothing_to_another(sample_course, tmp_path):
    secret_file = tmp_path / "course-secret"      # the secret of the tests' grader (AUTOGRADER_WORK_DIR)
    fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    secret = bytes.fromhex(secret_file.read_text().strip())
    ex = _relu_exercise(sample_course)
    leaked = signing.hidden_salt(secret, "alice")
    answers = []
    for index in range(len(ex.cases)):
        inputs = spec.grading_inputs(LESSON, ex, index, leaked)
        answers.append((inputs["Z"], ex.reference(**inputs)))
    nb = _memorising_notebook(sample_course, answers)
    sub, out = tmp_path / "sub", tmp_path / "out"
    for student in ("alice", "bob"):
        T.write(nb, sub / student / LESSON / f"{LESSON}.ipynb")
    results = G.grade(sample_course, sub, out, *LIMITS, jobs=1, work=tmp_path)
    rows = {s: {row["cell"]: row for row in results[(s, LESSON)]["exercises"]} for s in ("alice", "bob")}
    assert rows["alice"]["test_relu"]["passed"], rows["alice"]["test_relu"]   # the leak works for its owner
    bob = rows["bob"]["test_relu"]
    assert not bob["passed"] and bob["points"] == 0
    labels = [grader.case_label(ex, i) for i in range(len(ex.cases))]
    for case in bob["cases"]:
        index = labels.index(case["label"])
        if not ex.cases[index].hidden:
            assert case["passed"]                          # visible inputs are everyone's
        elif index in _random_cases(ex):
            assert not case["passed"] and case["kind"] == "wrong values"
    # a re-grade of the same student gives the same inputs, so the same outcome
    again = G.grade(sample_course, sub, out, *LIMITS, "--regrade", jobs=1, work=tmp_path)
    for student in ("alice", "bob"):
        before, after = results[(student, LESSON)], again[(student, LESSON)]
        assert after["score"] == before["score"]
        assert [[c["passed"] for c in r["cases"]] for r in after["exercises"]] == \
            [[c["passed"] for c in r["cases"]] for r in before["exercises"]]
