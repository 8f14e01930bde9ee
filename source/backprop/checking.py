"""Feedback for test cells, in a student's words.

Every lesson's tests compare a student's result with a reference through these functions,
so that every failure reads the same way: which quantity, expected vs got (shape and a few
values), and, where the pattern is recognisable, the likely mistake.

    check_close("dW", dW, dW_ref, batch_size=4)
    check_close("(dA, dW, db)", grads, ref_grads, names=("dA", "dW", "db"))
    check_close("p", p, p_ref, mistakes={"softmax over axis 0 instead of 1": p_axis0})

Recognised patterns, in the order they are tried:

    returned None                  -> forgot `return`
    not numbers (str, object, ...) -> says what was returned
    shape reversed, values match   -> transposed
    one more / one fewer axis of 1 -> keepdims / squeeze
    same numbers, other shape      -> reshape / ravel
    a length equal to the batch    -> summed over the wrong axis
    NaN or inf                     -> overflow, use the stable form
    a value given in `mistakes`    -> that mistake, by name
    equal to -expected             -> sign flipped
    equal to c * expected          -> off by a constant factor (the batch size when it is)
    square and equal to expected.T -> transposed

`diagnose` returns the message (or None when the values agree) without raising; the grader
uses it in its own process to compare a submission's outputs with the reference.

In a notebook a failed check shows as its diagnosis alone (at most 12 lines, no frames):
IPython asks an exception for `_render_traceback_()` before formatting a traceback, and
`CheckFailure` answers with its message. Errors raised inside the student's own code are
other exceptions and keep IPython's full traceback. A test cell ends with `passed(name)`,
which prints one confirmation line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from backprop._validate import as_array, shape_str
from backprop.recorded import recorded  # the visible tests' expected values, recorded by the release

__all__ = ["recorded", "ready", "relative_error", "CheckFailure", "diagnose", "check_close", "check_shape", "check_scalar",
           "check_true", "passed", "format_array"]

DEFAULT_RTOL = 1e-7
DEFAULT_ATOL = 1e-10


MAX_FEEDBACK_LINES = 12
_RED, _RESET = "\x1b[0;31m", "\x1b[0m"


class CheckFailure(AssertionError):
    """A test found a wrong value; the message says which, how, and the likely mistake.

    IPython (and so ipykernel, nbclient and nbgrader) calls `_render_traceback_` to show
    an exception that has one: a failed check is shown as its message only, with the test
    cell's line number, and no frames of the checking helpers (whose source holds the
    hints for other mistakes).
    """

    def _render_traceback_(self) -> list[str]:
        chained = self.__cause__ or (None if self.__suppress_context__ else self.__context__)
        if chained is not None and not isinstance(chained, CheckFailure):
            # raised while handling an error of the student's code: that error keeps its frames
            earlier = _ipython_traceback(chained)
            if earlier is not None:
                return earlier + ["", "While handling that error, a check failed:"] + render_failure(self)
        return render_failure(self)


def render_failure(exc: BaseException, max_lines: int = MAX_FEEDBACK_LINES) -> list[str]:
    """The lines a notebook shows for a failed check: `CheckFailure: <diagnosis>`, the rest of
    the message, and the line of the test cell that made the check; at most `max_lines`."""
    message = str(exc).rstrip("\n").split("\n") or [""]
    lines = [f"{_RED}{type(exc).__name__}{_RESET}: {message[0]}"] + message[1:]
    where = _cell_line(exc.__traceback__)
    tail = [f"  (the check at line {where} of this cell)"] if where else []
    room = max_lines - len(tail)
    if len(lines) > room:
        hidden = len(lines) - (room - 1)
        lines = lines[:room - 1] + [f"  ... {hidden} more line(s) of this message not shown"]
    return lines + tail


def _cell_line(tb) -> int | None:
    """Line number in the notebook cell (a `<module>` frame in `__main__`) that led to the
    failure: the innermost such frame of the traceback."""
    line = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__main__":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _ipython_traceback(exc: BaseException) -> list[str] | None:
    """IPython's own structured traceback of `exc`, when running under IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None:
        return None
    return shell.InteractiveTB.structured_traceback(type(exc), exc, exc.__traceback__)


def passed(name: str, note: str = "visible checks passed (hidden cases run at grading)") -> None:
    """Print the one line a test cell shows when every check above it passed."""
    print(f"\u2713 {name}: {note}", flush=True)


def format_array(x, max_items: int = 6) -> str:
    """A short, readable rendering of an array: shape plus its first few values."""
    arr = np.asarray(x)
    if arr.ndim == 0:
        return f"{arr.item() + 0:.6g}"
    flat = arr.ravel()
    shown = ", ".join(f"{v + 0:.6g}" for v in flat[:max_items])    # + 0 turns -0.0 into 0
    more = f", ... ({flat.size} values)" if flat.size > max_items else ""
    return f"shape {_shape(arr.shape)}: [{shown}{more}]"


def _shape(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _to_numbers(got):
    """Return (array, None) for numeric input, or (None, reason) when it is not numbers."""
    if got is None:
        return None, "got None: did you forget to `return` the result?"
    if isinstance(got, (str, bytes)):
        return None, f"got the text {got!r} instead of numbers."
    if isinstance(got, np.ndarray) and type(got) is not np.ndarray:
        got = np.array(got).view(np.ndarray)
    try:
        arr = np.array(got)
    except Exception:
        return None, f"got a {type(got).__name__}, which is not an array of numbers."
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        return None, f"got a {type(got).__name__} (dtype {arr.dtype}), not an array of numbers."
    if np.issubdtype(arr.dtype, np.complexfloating):
        return None, "got complex numbers; the result should be real."
    return arr.astype(np.float64), None


def _close(a, b, rtol, atol) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=False))


def _shape_hint(got, expected, rtol, atol, batch_size) -> str:
    if got.ndim == 2 and got.shape == expected.shape[::-1] and _close(got.T, expected, rtol, atol):
        return "the values are right but transposed: you may have swapped the order of a product or missed a `.T`."
    if got.size == expected.size:
        squeezed_g, squeezed_e = np.squeeze(got), np.squeeze(expected)
        if _close(squeezed_g, squeezed_e, rtol, atol) and got.ndim != expected.ndim:
            if got.ndim > expected.ndim:
                return "the values are right but there is an extra axis of length 1 (keepdims=True, or a (1, n) row instead of an (n,) vector?)."
            return "the values are right but an axis of length 1 is missing (did you drop keepdims=True or squeeze?)."
        if _close(got.reshape(expected.shape), expected, rtol, atol):
            return "the numbers are right but arranged in the wrong shape (a reshape or ravel?)."
    if got.ndim == 0 and expected.ndim > 0:
        return "you returned one number where an array is expected: did you sum or average over every axis?"
    if expected.ndim == 0 and got.ndim > 0:
        return "you returned an array where one number is expected: a sum or mean over the batch is missing."
    if batch_size is not None and got.ndim == expected.ndim and batch_size in got.shape and batch_size not in expected.shape:
        return f"a dimension equals the batch size {batch_size}: the batch axis was kept — sum over axis 0 (the batch), not over another axis."
    if batch_size is not None and got.ndim == expected.ndim - 1 and batch_size not in got.shape and batch_size in expected.shape:
        return f"the batch axis (size {batch_size}) is missing: do not sum over the batch for this quantity."
    if got.ndim == expected.ndim and got.size < expected.size:
        return "check which axis you summed or averaged over."
    return "work out the size of each axis from the docstring's shapes."


def _value_hint(got, expected, rtol, atol, batch_size, mistakes) -> str:
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        n_bad = int(np.sum(~np.isfinite(got)))
        return (f"{n_bad} value(s) are NaN or inf: an overflow (e.g. exp of a large number: use a "
                "stable form that subtracts the maximum before exp), log of 0, or a division by zero.")
    for label, wrong in (mistakes or {}).items():
        wrong_arr, _ = _to_numbers(wrong)
        if wrong_arr is not None and _close(got, wrong_arr, rtol, atol):
            return f"this matches a known mistake: {label}."
    if np.any(expected != 0) and _close(got, -expected, rtol, atol):
        return "the sign is flipped."
    factor = _constant_factor(got, expected, rtol, atol)
    if factor is not None:
        if batch_size:
            if np.isclose(factor, batch_size, rtol=1e-6):
                return (f"every value is {batch_size} times too large, and {batch_size} is the batch size: "
                        "the mean over the batch is missing (a division by the batch size).")
            if np.isclose(factor, 1.0 / batch_size, rtol=1e-6):
                return (f"every value is {batch_size} times too small, and {batch_size} is the batch size: "
                        "you divided by the batch size once too often (the batch mean is taken only once).")
        if np.isclose(factor, 2.0) or np.isclose(factor, 0.5):
            return f"every value is off by a factor of {factor:g}: a factor 2 from differentiating a square, or a 1/2, is missing or extra."
        if np.count_nonzero(expected) >= 2:
            return f"every value is {factor:.4g} times the expected one: a constant factor is off."
    if got.ndim == 2 and got.shape[0] == got.shape[1] and _close(got.T, expected, rtol, atol):
        return "the values are right but transposed: you may have swapped the order of a product or missed a `.T`."
    return ""


def _constant_factor(got, expected, rtol, atol):
    """The constant c with got == c * expected (c not 1 or 0), or None."""
    mask = np.abs(expected) > 1e-12
    if not mask.any() or not np.allclose(got[~mask], 0.0, atol=max(atol, 1e-12)):
        return None
    ratios = got[mask] / expected[mask]
    c = float(np.median(ratios))
    if c == 0 or np.isclose(c, 1.0, rtol=1e-6) or not np.isfinite(c):
        return None
    return c if _close(got, c * expected, rtol, atol) else None


def diagnose(got, expected, *, name: str = "result", rtol: float = DEFAULT_RTOL,
             atol: float = DEFAULT_ATOL, batch_size: int | None = None,
             names: Sequence[str] | None = None,
             mistakes: Mapping[str, object] | None = None) -> str | None:
    """Compare `got` with `expected`; return None if they agree, else a message for a student.

    `got`/`expected` may be arrays, numbers, or (nested) tuples, lists and dicts of them;
    tuples are compared item by item, named by `names` when given. Values agree when
    `np.allclose(got, expected, rtol, atol)` holds and the shapes are equal.
    `batch_size` lets the message recognise a missing or doubled batch mean or a kept batch
    axis; `mistakes` maps a description of a known wrong answer to its value (for tuple
    outputs, to a tuple of the same length; for dict outputs, to a dict of the affected keys).
    """
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"{name}: expected a dict with keys {sorted(expected)}, got a {type(got).__name__}."
        missing = [k for k in expected if k not in got]
        if missing:
            return f"{name}: the dict is missing the key(s) {missing}."
        for key in expected:
            key_mistakes = {label: wrong[key] for label, wrong in (mistakes or {}).items()
                            if isinstance(wrong, Mapping) and key in wrong}
            msg = diagnose(got[key], expected[key], name=f"{name}[{key!r}]", rtol=rtol, atol=atol,
                           batch_size=batch_size, mistakes=key_mistakes or None)
            if msg:
                return msg
        return None
    if isinstance(expected, (tuple, list)) and not _is_numeric_sequence(expected):
        item_names = list(names) if names is not None else [f"{name}[{i}]" for i in range(len(expected))]
        if isinstance(got, np.ndarray) or not isinstance(got, (tuple, list)):
            return (f"{name}: expected {len(expected)} results ({', '.join(item_names)}), "
                    f"got a single {type(got).__name__}.")
        if len(got) != len(expected):
            return (f"{name}: expected {len(expected)} results ({', '.join(item_names)}), "
                    f"got {len(got)}.")
        for item_name, g, e in zip(item_names, got, expected):
            msg = diagnose(g, e, name=item_name, rtol=rtol, atol=atol, batch_size=batch_size)
            if msg:
                known = _matching_mistake(got, mistakes, rtol, atol)
                if known and "Likely mistake:" not in msg:
                    msg += f"\n  Likely mistake: this matches a known mistake: {known}."
                elif known:
                    msg = msg.split("\n  Likely mistake:")[0] + f"\n  Likely mistake: this matches a known mistake: {known}."
                return msg
        return None

    exp_arr = np.asarray(expected, dtype=np.float64)
    got_arr, reason = _to_numbers(got)
    if got_arr is None:
        return f"{name}: {reason}"
    if got_arr.shape != exp_arr.shape:
        lines = [f"{name}: expected shape {_shape(exp_arr.shape)}, got shape {_shape(got_arr.shape)}.",
                 f"  expected {format_array(exp_arr)}",
                 f"  got      {format_array(got_arr)}"]
        hint = _shape_hint(got_arr, exp_arr, rtol, atol, batch_size)
        if hint:
            lines.append(f"  Likely mistake: {hint}")
        return "\n".join(lines)
    if _close(got_arr, exp_arr, rtol, atol):
        return None
    err = np.abs(got_arr - exp_arr)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = err / np.maximum(1e-8, np.abs(got_arr) + np.abs(exp_arr))
    n_wrong = int(np.sum(~np.isclose(got_arr, exp_arr, rtol=rtol, atol=atol)))
    lines = [f"{name}: {n_wrong} of {exp_arr.size} value(s) differ from the expected ones "
             f"(tolerance rtol={rtol:g}, atol={atol:g}).",
             f"  expected {format_array(exp_arr)}",
             f"  got      {format_array(got_arr)}"]
    if err.size:
        idx = tuple(int(i) for i in np.unravel_index(np.argmax(np.nan_to_num(err, nan=np.inf)), err.shape))
        rel_text = f" (relative error {rel[idx]:.2e})" if np.isfinite(rel[idx]) else ""
        lines.append(f"  largest difference at index {idx}: expected {exp_arr[idx]:.6g}, got "
                     f"{got_arr[idx]:.6g}{rel_text}.")
    hint = _value_hint(got_arr, exp_arr, rtol, atol, batch_size, mistakes)
    if hint:
        lines.append(f"  Likely mistake: {hint}")
    return "\n".join(lines)


def _matching_mistake(got, mistakes, rtol, atol) -> str | None:
    """The description of the known wrong answer (a tuple like `got`) that `got` matches."""
    for label, wrong in (mistakes or {}).items():
        if isinstance(wrong, (tuple, list)) and diagnose(got, wrong, rtol=rtol, atol=atol) is None:
            return label
    return None


def _is_numeric_sequence(x) -> bool:
    """True for a (nested) list/tuple of plain numbers, which is compared as one array.

    A sequence holding arrays is a tuple of results (e.g. `(dA, dW, db)`), compared item by
    item even when the arrays happen to have the same shape.
    """
    if isinstance(x, (tuple, list)):
        return all(_is_numeric_sequence(v) for v in x)
    return isinstance(x, (int, float, bool, np.number, np.bool_))


def check_close(name: str, got, expected, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL,
                *, batch_size: int | None = None, names: Sequence[str] | None = None,
                mistakes: Mapping[str, object] | None = None, dtype=None) -> None:
    """Raise CheckFailure with a diagnosis unless `got` matches `expected`.

    With `dtype` (e.g. np.float32) the result must also have that dtype.
    """
    msg = diagnose(got, expected, name=name, rtol=rtol, atol=atol, batch_size=batch_size,
                   names=names, mistakes=mistakes)
    if msg:
        raise CheckFailure(msg)
    if dtype is not None and np.asarray(got).dtype != np.dtype(dtype):
        raise CheckFailure(f"{name}: the values are right but the dtype is {np.asarray(got).dtype}, "
                           f"expected {np.dtype(dtype)} (keep the input's dtype; avoid float64 constants "
                           "that upcast, or call .astype at the end).")


def check_shape(name: str, got, expected_shape: Sequence[int]) -> None:
    """Raise CheckFailure unless `got` is an array of shape `expected_shape`."""
    arr, reason = _to_numbers(got)
    if arr is None:
        raise CheckFailure(f"{name}: {reason}")
    if arr.shape != tuple(expected_shape):
        hint = ""
        if tuple(arr.shape) == tuple(expected_shape)[::-1]:
            hint = "\n  Likely mistake: the shape is reversed (transposed)."
        raise CheckFailure(f"{name}: expected shape {_shape(tuple(expected_shape))}, got shape "
                           f"{_shape(arr.shape)}.{hint}")


def check_scalar(name: str, got, expected: float, rtol: float = DEFAULT_RTOL,
                 atol: float = DEFAULT_ATOL, **kwargs) -> None:
    """Raise CheckFailure unless `got` is one number close to `expected`."""
    arr, reason = _to_numbers(got)
    if arr is None:
        raise CheckFailure(f"{name}: {reason}")
    if arr.size != 1:
        raise CheckFailure(f"{name}: expected one number, got an array of shape {_shape(arr.shape)}."
                           "\n  Likely mistake: a sum or mean over the batch is missing.")
    check_close(name, arr.reshape(()), np.asarray(expected, dtype=np.float64).reshape(()),
                rtol=rtol, atol=atol, **kwargs)


def check_true(condition: bool, message: str) -> None:
    """Raise CheckFailure with `message` unless `condition` holds."""
    if not bool(condition):
        raise CheckFailure(message)


def ready(try_it, needs: str) -> bool:
    """Can a demonstration that runs your own functions go ahead?

    Calls `try_it()` (a small call into your functions). True when it returns; when it
    raises NotImplementedError, prints one line saying what to finish first (`needs`, e.g.
    "exercise `linear_backward` (section 3)") and returns False, so the demonstration cell
    is skipped instead of failing. Other errors propagate: they are bugs to see.
    """
    try:
        try_it()
    except NotImplementedError:
        print(f"This demonstration runs your code: finish {needs} first, then run this cell again.")
        return False
    return True


REL_FLOOR = 1e-8     # the denominator's floor in relative_error (CURRICULUM.md's definition)


def relative_error(a, n) -> np.ndarray:
    """Elementwise |a - n| / max(1e-8, |a| + |n|) of two arrays of the same shape.

    a, n: arrays (or numbers) of equal shape; returns an array of that shape (a 0-d array for
    numbers) in the wider of the two float dtypes. Take `.max()` for a single figure.
    """
    a = as_array(a, "a")
    n = as_array(n, "n")
    if a.shape != n.shape:
        raise ValueError(f"relative_error: a and n must have the same shape, got "
                         f"{shape_str(a.shape)} and {shape_str(n.shape)}.")
    dtype = np.result_type(a, n)
    num = np.abs(a - n)
    den = np.maximum(np.abs(a) + np.abs(n), REL_FLOOR)
    return (num / den).astype(dtype, copy=False)
