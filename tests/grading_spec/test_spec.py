"""The grading spec: stable seeds, pickle-free transport, structural comparison, in-process evaluation."""

import json

import numpy as np
import pytest

from autograder.spec import (Case, Exercise, case_seed, compare, evaluate, flatten_outputs, make_inputs,
                             run_call, unflatten_outputs)


def column_sums():
    return Exercise(
        cell="test_sums", call="sums(A)", reference=lambda A: A.sum(axis=0), batch_size="A",
        cases=[Case("3 x 2", lambda rng: dict(A=rng.normal(size=(3, 2)))),
               Case("1 x 4", lambda rng: dict(A=rng.normal(size=(1, 4))), hidden=True)],
    )


def test_seeds_are_stable_and_distinct():
    assert case_seed("L", "c", 0) == case_seed("L", "c", 0)
    assert len({case_seed("L", "c", i) for i in range(50)}) == 50
    assert case_seed("L", "c", 0, salt="term2") != case_seed("L", "c", 0)
    ex = column_sums()
    assert np.array_equal(make_inputs("L", ex, 0)["A"], make_inputs("L", ex, 0)["A"])


def test_evaluate_passes_right_code_and_explains_wrong_code():
    ex = column_sums()
    assert all(r.passed for r in evaluate(ex, {"sums": lambda A: A.sum(axis=0)}, "L"))
    wrong = evaluate(ex, {"sums": lambda A: A.mean(axis=0)}, "L")
    assert not wrong[0].passed and "3 is the batch size" in wrong[0].message
    hidden_only = evaluate(ex, {"sums": lambda A: A.sum(axis=0)}, "L", hidden=True)
    assert [r.label for r in hidden_only] == ["1 x 4"]


def test_exceptions_fail_the_case_with_their_message():
    def stub(A):
        raise NotImplementedError("write sums")

    results = evaluate(column_sums(), {"sums": stub}, "L")
    assert not any(r.passed for r in results)
    assert "raised NotImplementedError: write sums" in results[0].message


def test_statement_calls_assign_result_and_inputs_are_copied():
    ex = Exercise(cell="t", call="f(A)\nresult = A", reference=lambda A: A,
                  cases=[Case("one", lambda rng: dict(A=np.ones(2)))])
    inputs = make_inputs("L", ex, 0)

    def mutate(A):
        A[:] = 7.0

    out = run_call(ex, {"f": mutate}, inputs)
    assert np.all(out == 7.0) and np.all(inputs["A"] == 1.0)


def test_flatten_round_trip_is_json_and_plain_arrays():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    outputs = (np.arange(3.0).view(Liar), {"m": np.float32(2.0), "note": "text"}, None, [1.0, 2.0])
    arrays, structure = flatten_outputs(outputs)
    json.dumps(structure)
    assert all(type(a) is np.ndarray for a in arrays.values())
    back = unflatten_outputs(arrays, structure)
    assert type(back[0]) is np.ndarray and back[2] is None
    assert np.array_equal(back[3], [1.0, 2.0])
    msgs = compare(Exercise(cell="t", call="x", reference=lambda: (np.arange(3.0),),
                            cases=[Case("c", lambda r: {})]), back[1]["note"], {})
    assert msgs and "not an array of numbers" in msgs[0]


def test_check_based_exercise():
    ex = Exercise(cell="t", call="f()", check=lambda out, inp: [] if out < 0.1 else [f"loss {out} too high"],
                  cases=[Case("c", lambda rng: {})])
    assert evaluate(ex, {"f": lambda: 0.05})[0].passed
    assert "too high" in evaluate(ex, {"f": lambda: 0.5})[0].message


def test_exercise_validation():
    with pytest.raises(ValueError, match="exactly one of `reference` and `check`"):
        Exercise(cell="t", call="f()", cases=[Case("c", lambda r: {})])
    with pytest.raises(ValueError, match="not valid Python"):
        Exercise(cell="t", call="f(", reference=lambda: 0, cases=[Case("c", lambda r: {})])


def test_scalars_keep_their_shape_through_transport():
    arrays, structure = flatten_outputs({"loss": 0.5, "grad": np.float32(2.0)})
    back = unflatten_outputs(arrays, structure)
    assert back["loss"].shape == () and back["grad"].shape == ()
    ex = Exercise(cell="t", call="f()", reference=lambda: 0.25, cases=[Case("c", lambda r: {})])
    assert evaluate(ex, {"f": lambda: 0.25})[0].passed


def test_tuple_of_same_shaped_arrays_keeps_its_structure():
    arrays, structure = flatten_outputs((np.ones(2), np.zeros(2)))
    assert structure["kind"] == "tuple" and len(arrays) == 2
    arrays, structure = flatten_outputs((1.0, 2.0))
    assert structure["kind"] == "array"
