"""The recorded expected values of the visible tests: fresh, exact enough, and guarded
against inputs that drifted from the ones recorded."""

import numpy as np
import pytest

from autograder.paths import REPO_ROOT, Course
from autograder.release import visible_cases
from backprop import recorded as R

COURSE = Course.at(REPO_ROOT)
RECORDING = [lesson for lesson in COURSE.lessons() if (COURSE.lesson_dir(lesson) / "visible.py").is_file()]


def test_some_lessons_record_values():
    assert {"01_chain_rule", "02_jacobians", "04_initialization", "05_optimizers"} <= set(RECORDING)


@pytest.mark.parametrize("lesson", RECORDING)
def test_the_store_is_what_the_reference_gives_now(lesson):
    """`python -m autograder release` would write exactly the committed file."""
    text = R.record(visible_cases(COURSE, lesson))
    assert (R.STORE / f"{lesson}.json").read_text(encoding="utf-8") == text, (
        f"backprop/expected/{lesson}.json is stale: run `python -m autograder release {lesson}`")


@pytest.mark.parametrize("lesson", RECORDING)
def test_recorded_values_match_the_reference_to_12_digits(lesson):
    for key, (inputs, value) in visible_cases(COURSE, lesson).items():
        got = R.recorded(lesson, key, *inputs)
        flat_got, flat_want = _flatten(got), _flatten(value)
        assert len(flat_got) == len(flat_want), key
        for g, w in zip(flat_got, flat_want):
            if isinstance(w, str):
                assert g == w, key
            else:
                np.testing.assert_allclose(np.asarray(g, float), np.asarray(w, float), rtol=1e-11, atol=0, err_msg=key)


def _flatten(value):
    if isinstance(value, dict):
        return [x for k in value for x in [k] + _flatten(value[k])]
    if isinstance(value, (list, tuple)) and not (value and all(isinstance(v, (int, float)) for v in value)):
        return [x for v in value for x in _flatten(v)]
    return [value]


def test_drifted_inputs_are_refused():
    z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    x = np.array([0.1, 0.5, 1.0, 2.0, 10.0])
    assert set(R.recorded("01_chain_rule", "unary derivatives", z, x)) == {"sigmoid_prime", "tanh_prime", "log_prime"}
    with pytest.raises(R.StaleExpectation, match="not the ones its expected value was recorded for"):
        R.recorded("01_chain_rule", "unary derivatives", z + 1e-3, x)
    with pytest.raises(R.StaleExpectation, match="no recorded expected value 'nope'"):
        R.recorded("01_chain_rule", "nope")
    with pytest.raises(R.StaleExpectation, match="missing"):
        R.recorded("99_nothing", "x")


def test_encoding_round_trip_keeps_structure_and_order():
    value = {"b": (np.arange(6.0).reshape(2, 3) / 7, 3), "a": [1.5, "text", True], "c": np.zeros((0, 2))}
    back = R.decode(R.encode(value))
    assert list(back) == ["b", "a", "c"]
    assert isinstance(back["b"], tuple) and back["b"][1] == 3
    np.testing.assert_allclose(back["b"][0], value["b"][0], rtol=1e-11)
    assert back["a"] == [1.5, "text", True] and back["c"].shape == (0, 2)


def test_the_sandbox_does_not_mount_the_reference():
    import backprop_reference

    from autograder.isolation import read_only_binds

    reference = str(next(iter(backprop_reference.__path__)))
    import backprop

    edition = str(next(iter(backprop.__path__)))
    binds = read_only_binds()
    assert any(edition == b or edition.startswith(b.rstrip("/") + "/") for b in binds)
    assert not any(reference == b or reference.startswith(b.rstrip("/") + "/") for b in binds), binds
