"""The grading path's contracts: failure kinds computed from values, typed result records,
the module that runs in the kernel."""

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from autograder import harness, in_kernel, spec
from autograder.diagnosis import Diagnosis, FailureKind, classify, kind_of_outputs
from autograder.records import CaseResult, ExerciseResult, Flag, SubmissionResult


@pytest.mark.parametrize(("got", "expected", "kind"), [
    (np.zeros((2, 3)), np.ones((2, 3)), FailureKind.WRONG_VALUES),
    (np.zeros((3, 2)), np.ones((2, 3)), FailureKind.WRONG_SHAPE),
    (np.zeros(6), np.ones((2, 3)), FailureKind.WRONG_SHAPE),
    (None, np.ones(2), FailureKind.RETURNED_NONE),
    (np.array([np.nan, 1.0]), np.ones(2), FailureKind.NOT_FINITE),
    (np.array([1j, 1.0]), np.ones(2), FailureKind.NOT_NUMBERS),
    (np.array(["a", "b"]), np.ones(2), FailureKind.NOT_NUMBERS),
    ((np.ones(2),), (np.ones(2), np.ones(3)), FailureKind.WRONG_COUNT),
    (np.ones(2), (np.ones(2), np.ones(3)), FailureKind.WRONG_COUNT),
    ((np.ones(2), np.ones((3, 1))), (np.ones(2), np.ones(3)), FailureKind.WRONG_SHAPE),
    ((np.ones(2), np.zeros(3)), (np.ones(2), np.ones(3)), FailureKind.WRONG_VALUES),
    ({"W": np.ones(2)}, {"W": np.ones(2), "b": np.ones(1)}, FailureKind.WRONG_KEYS),
    ({"W": np.ones(3)}, {"W": np.ones(2)}, FailureKind.WRONG_SHAPE),
])
def test_the_kind_of_a_mismatch_comes_from_the_values(got, expected, kind):
    assert classify(got, expected) is kind


def test_a_check_functions_failure_keeps_its_kind_or_is_classified_from_the_outputs():
    def check(outputs, inputs):
        if np.shape(outputs) != (2,):
            return [Diagnosis(FailureKind.WRONG_SHAPE, "two values please")]
        return [] if np.all(outputs == 1) else ["not ones"]
    ex = spec.Exercise(cell="t", call="f(x)", check=check, cases=[spec.Case("c", lambda rng: dict(x=1.0))])
    assert spec.diagnose_case(ex, np.ones(3), {}).kind is FailureKind.WRONG_SHAPE
    assert spec.diagnose_case(ex, np.array([1.0, 2.0]), {}).kind is FailureKind.FAILED_CHECK
    assert spec.diagnose_case(ex, np.array([1.0, np.inf]), {}).kind is FailureKind.NOT_FINITE
    assert spec.diagnose_case(ex, np.ones(2), {}) is None
    assert kind_of_outputs(None) is FailureKind.RETURNED_NONE


def test_a_reference_exercise_names_the_known_mistake_the_result_matches():
    ex = spec.Exercise(cell="t", call="f(x)", reference=lambda x: 2 * x,
                       mistakes=lambda x: {"forgot the factor 2": x, "squared it": x ** 2},
                       cases=[spec.Case("c", lambda rng: dict(x=rng.normal(size=3)))])
    x = np.array([1.5, -2.0, 3.0])
    found = spec.diagnose_case(ex, x ** 2, {"x": x})
    assert (found.kind, found.mistake) == (FailureKind.WRONG_VALUES, "squared it")
    assert found.hidden_summary() == "wrong values. Likely mistake: squared it."
    assert spec.diagnose_case(ex, 2 * x, {"x": x}) is None


def test_hidden_case_feedback_is_the_kind_only_and_visible_keeps_the_message():
    secret_text = "raised LeakType: 0.123 0.456"
    hidden = CaseResult.failed("hidden case 1", True, Diagnosis(FailureKind.RAISED, secret_text))
    visible = CaseResult.failed("a matrix", False, Diagnosis(FailureKind.RAISED, secret_text))
    assert hidden.feedback_text() == "raised an exception."
    assert visible.feedback_text() == secret_text
    forged = CaseResult("hidden case 2", True, False, message=secret_text, kind="LeakType 0.123")
    assert "0.123" not in forged.feedback_text()   # a kind that is not one of ours shows as a failed check


def test_a_submission_result_survives_json():
    result = SubmissionResult(
        "alice", "00_sample", 5.0, submission="alice/00_sample/00_sample.ipynb", sha256="ab" * 32, score=1.0,
        exercises=[ExerciseResult("test_relu", 1.0, 1.0, True, [CaseResult("c", False, True)]),
                   ExerciseResult("test_mse", 0.0, 4.0, False,
                                  [CaseResult.failed("hidden case 1", True,
                                                     Diagnosis(FailureKind.WRONG_SHAPE, "shape (2,)", "mean"))],
                                  note="n")],
        flags=[Flag("timeout", "cell 3")], timing={"total": 1.5}, spec_version="v", hmac="h")
    again = SubmissionResult.from_json(json.loads(json.dumps(result.to_json())))
    assert again == result
    assert again.exercises[1].cases[0].kind == "wrong shape" and again.exercises[1].cases[0].mistake == "mean"
    assert SubmissionResult.from_json({"student_id": "b", "assignment": "x", "max_score": 1, "unknown": 3}).score == 0


def test_the_kernel_module_needs_only_numpy_and_runs_a_case_from_its_file(tmp_path):
    tree = ast.parse(in_kernel.source())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported <= {"__future__", "ast", "json", "os", "numpy"}, imported
    module = tmp_path / harness.KERNEL_MODULE
    module.write_text(in_kernel.source())
    data, kinds = harness.encode_inputs([{"Z": np.array([[-1.0, 2.0]]), "k": 3}])
    (tmp_path / "in.npz").write_bytes(data)
    (tmp_path / "out" / "0").mkdir(parents=True)
    student = {"np": np, "scale": lambda Z, k: (np.maximum(Z, 0) * k, float(k))}
    code = harness.harness_cell(str(module), "scale(Z, k)", "test_scale", str(tmp_path / "in.npz"),
                                str(tmp_path / "out"), kinds)
    assert "inspect" not in code and len(code) < 1000     # the module travels as a file, not in the cell
    exec(code, student)
    value, failure = harness.read_case(Path(tmp_path / "out" / "0"))
    assert failure is None
    assert value[0].tolist() == [[0.0, 6.0]] and value[1].tolist() == 3.0
