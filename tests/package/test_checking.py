"""The feedback helpers name the quantity, show expected vs got and recognise common mistakes."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop.checking import CheckFailure, check_close, check_scalar, check_shape, check_true, diagnose, format_array


@pytest.fixture
def grads():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(5, 3))
    dZ = rng.normal(size=(5, 2))
    return A, dZ, dZ.T @ A, dZ.sum(axis=0)


def test_matching_values_pass(grads):
    _, _, dW, db = grads
    assert diagnose(dW.copy(), dW) is None
    check_close("dW", dW + 1e-13, dW)
    check_close("pair", (dW, db), (dW, db), names=("dW", "db"))


def test_transposed_result_is_named(grads):
    A, dZ, dW, _ = grads
    msg = diagnose(A.T @ dZ, dW, name="dW")
    assert msg.startswith("dW: expected shape (2, 3), got shape (3, 2).")
    assert "transposed" in msg


def test_square_transpose_is_recognised():
    M = np.arange(9.0).reshape(3, 3)
    assert "transposed" in diagnose(M.T, M, name="J")


@pytest.mark.parametrize("factor, phrase", [(5.0, "mean over the batch is missing"),
                                            (0.2, "divided by the batch size once too often")])
def test_batch_mean_mistakes(grads, factor, phrase):
    _, _, dW, _ = grads
    msg = diagnose(dW * factor, dW, name="dW", batch_size=5)
    assert phrase in msg and "5 is the batch size" in msg


def test_other_constant_factor_is_reported(grads):
    _, _, dW, _ = grads
    assert "factor of 2" in diagnose(2 * dW, dW)
    assert "3 times the expected" in diagnose(3 * dW, dW)
    assert "times the expected" not in diagnose(np.float64(-8.9), np.float64(1.0)), "no factor hint for one number"
    assert "factor of 2" in diagnose(np.float64(2.0), np.float64(1.0))


def test_shape_fallback_hints():
    assert "which axis you summed" in diagnose(np.ones(2), np.ones(3))
    assert "size of each axis from the docstring" in diagnose(np.ones((3, 3)), np.ones((2, 2)))


def test_sign_flip(grads):
    _, _, dW, _ = grads
    assert "sign is flipped" in diagnose(-dW, dW)


def test_wrong_axis_and_keepdims(grads):
    _, dZ, _, db = grads
    assert "batch size 5" in diagnose(dZ.sum(axis=1), db, name="db", batch_size=5)
    assert "extra axis of length 1" in diagnose(dZ.sum(axis=0, keepdims=True), db, name="db")
    assert "axis of length 1 is missing" in diagnose(db, db[None, :], name="db")


def test_reshaped_and_reduced_results():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    assert "arranged in the wrong shape" in diagnose(x.reshape(3, 2), x)
    assert "one number where an array" in diagnose(np.float64(3.0), np.ones(3))
    assert "sum or mean over the batch is missing" in diagnose(np.ones(3), np.float64(3.0))


def test_none_and_non_numbers():
    assert "forget to `return`" in diagnose(None, np.ones(2), name="Z")
    assert "text" in diagnose("hello", np.ones(2))
    assert "not an array of numbers" in diagnose(object(), np.ones(2))


def test_nan_points_at_stability():
    msg = diagnose(np.array([np.nan, 1.0]), np.array([0.5, 0.5]), name="p")
    assert "NaN or inf" in msg and "stable" in msg


def test_known_mistake_by_name():
    z = np.linspace(-1, 1, 4)
    a = np.tanh(z)
    wrong = 1 - np.tanh(a) ** 2
    msg = diagnose(wrong, 1 - a**2, mistakes={"g' evaluated at a instead of z": wrong})
    assert "g' evaluated at a instead of z" in msg


def test_tuple_length_and_dict_keys():
    assert "expected 3 results" in diagnose((1.0, 2.0), (np.ones(1), np.ones(2), np.ones(3)))
    assert "missing the key(s) ['m']" in diagnose({"v": 1.0}, {"m": 1.0, "v": 1.0})


def test_lying_array_subclass_does_not_fool_comparison():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return np.ones(self.shape, dtype=bool)

    wrong = np.zeros(3).view(Liar)
    assert diagnose(wrong, np.ones(3)) is not None


def test_check_functions_raise_check_failure():
    with pytest.raises(CheckFailure, match=r"Z: expected shape \(2, 3\), got shape \(3, 2\)"):
        check_shape("Z", np.zeros((3, 2)), (2, 3))
    with pytest.raises(CheckFailure, match="expected one number"):
        check_scalar("loss", np.ones(3), 1.0)
    with pytest.raises(CheckFailure, match="dtype is float64, expected float32"):
        check_close("Z", np.ones(2), np.ones(2), dtype=np.float32)
    assert issubclass(CheckFailure, AssertionError)


def test_format_array_is_short():
    text = format_array(np.arange(100.0).reshape(10, 10))
    assert text.startswith("shape (10, 10): [0, 1, 2, 3, 4, 5, ... (100 values)]")


@given(st.integers(2, 6), st.integers(2, 6), st.floats(-3, 3).filter(lambda c: abs(c) > 0.1 and abs(c - 1) > 0.1 and abs(c + 1) > 0.1))
def test_any_constant_factor_is_detected(n, m, c):
    x = np.random.default_rng(n * 7 + m).normal(size=(n, m))
    msg = diagnose(c * x, x)
    assert msg is not None and ("factor" in msg or "times" in msg)


def test_known_mistake_for_tuple_outputs():
    dW, db = np.ones((2, 3)), np.arange(2.0)
    wrong = (dW.T.copy().T * 1.0, db * 3)
    msg = diagnose(wrong, (dW, db), names=("dW", "db"), mistakes={"db summed twice": wrong})
    assert msg.startswith("db:") and "this matches a known mistake: db summed twice" in msg
    assert "Likely mistake: every value" not in msg


def test_tuple_of_same_shaped_arrays_is_compared_item_by_item():
    A, dZ = np.ones((2, 3)), np.full((2, 3), 2.0)
    msg = diagnose((A, -dZ), (A, dZ), names=("A", "dZ"))
    assert msg.startswith("dZ:") and "sign is flipped" in msg
    assert diagnose([[1.0, 2.0], [3.0, 4.0]], np.array([[1.0, 2.0], [3.0, 4.0]])) is None


def test_known_mistake_for_one_key_of_dict_outputs():
    z = np.linspace(-2, 2, 5)
    expected = {"sigmoid_prime(z)": np.ones(5), "tanh_prime(z)": 1 - np.tanh(z) ** 2}
    got = {"sigmoid_prime(z)": np.ones(5), "tanh_prime(z)": 1 - np.tanh(z)}
    msg = diagnose(got, expected, mistakes={"1 - tanh(z) without the square": {"tanh_prime(z)": 1 - np.tanh(z)}})
    assert msg.startswith("result['tanh_prime(z)']") and "1 - tanh(z) without the square" in msg
    other = {"sigmoid_prime(z)": np.ones(5), "tanh_prime(z)": -(1 - np.tanh(z) ** 2)}
    assert "without the square" not in diagnose(other, expected, mistakes={
        "1 - tanh(z) without the square": {"tanh_prime(z)": 1 - np.tanh(z)}})


def test_known_mistake_for_lists_of_differently_shaped_arrays():
    As = [np.ones((2, 3)), np.ones((2, 4))]
    wrong = ([np.ones((2, 4)), np.ones((2, 5))],)
    msg = diagnose((wrong[0],), (As,), names=("As",), mistakes={"As holds outputs instead of inputs": wrong})
    assert "As holds outputs instead of inputs" in msg


# --------------------------------------------------------------------------- what a notebook shows

import re  # noqa: E402

from backprop.checking import MAX_FEEDBACK_LINES, passed, render_failure  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _raised_in_a_cell(code: str) -> CheckFailure:
    """Run `code` as a notebook cell runs (a `<module>` frame in `__main__`); return the failure."""
    namespace = {"__name__": "__main__", "check_close": check_close, "check_true": check_true, "np": np}
    try:
        exec(compile(code, "<cell>", "exec"), namespace)
    except CheckFailure as exc:
        return exc
    raise AssertionError("the cell did not fail")


def test_a_failed_check_renders_as_its_message_and_the_cell_line():
    exc = _raised_in_a_cell("x = np.arange(6.0).reshape(2, 3)\n\ncheck_close('dW', -x, x, batch_size=2)\n")
    lines = [ANSI.sub("", line) for line in exc._render_traceback_()]
    message = str(exc).split("\n")
    assert lines == ["CheckFailure: " + message[0], *message[1:], "  (the check at line 3 of this cell)"]
    assert "sign is flipped" in lines[-2] and len(lines) <= MAX_FEEDBACK_LINES
    # what the source of check_close holds for other mistakes never shows
    assert not any("dtype" in line or "checking.py" in line for line in lines)


def test_a_long_message_is_cut_to_twelve_lines():
    long = "\n".join(f"line {i}" for i in range(30))
    exc = _raised_in_a_cell(f"check_true(False, {long!r})")
    lines = [ANSI.sub("", line) for line in render_failure(exc)]
    assert len(lines) == MAX_FEEDBACK_LINES
    assert lines[0] == "CheckFailure: line 0" and lines[9] == "line 9"
    assert lines[10] == "  ... 20 more line(s) of this message not shown"
    assert lines[11] == "  (the check at line 1 of this cell)"


def test_outside_a_cell_no_line_is_named():
    with pytest.raises(CheckFailure) as info:
        check_close("Z", np.zeros(2), np.ones(2))
    lines = render_failure(info.value)
    assert not any("of this cell" in line for line in lines)


def test_passed_prints_one_line_on_stdout(capsys):
    passed("linear_forward")
    out, err = capsys.readouterr()
    assert out == "\u2713 linear_forward: visible checks passed (hidden cases run at grading)\n" and err == ""


def test_negative_zero_is_shown_as_zero():
    assert format_array(-np.zeros(3)) == "shape (3,): [0, 0, 0]"
