"""What went wrong in one grading case, as a kind the grader computed itself.

A `Diagnosis` carries a `FailureKind` (a fixed vocabulary) and a message. The message may
quote values, shapes and, for visible cases, what the kernel reported (an exception's type
and text); a hidden case is shown to a student only as its kind, plus the label of a known
mistake the grader matched (labels come from grading.py, never from the kernel). So no text
a notebook controls can carry a hidden case's inputs to the feedback page.

`classify(got, expected)` computes the kind of a failed comparison from the values
themselves (types, lengths, keys, shapes, finiteness), not from a message's wording.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from backprop.checking import diagnose


class FailureKind(str, enum.Enum):
    """Why a case failed; the value is what feedback shows for a hidden case."""

    WRONG_VALUES = "wrong values"
    WRONG_SHAPE = "wrong shape"
    WRONG_COUNT = "wrong number of results"
    WRONG_KEYS = "wrong dict keys"
    RETURNED_NONE = "returned None (missing `return`?)"
    NOT_NUMBERS = "not an array of numbers"
    NOT_FINITE = "not finite (nan or inf)"
    FAILED_CHECK = "failed the grader's check"
    RAISED = "raised an exception"
    TIMED_OUT = "timed out"
    NO_RESULT = "no result (the kernel stopped)"
    BAD_OUTPUT = "the result could not be read back"
    NOT_COMPARED = "the grader could not compare the result"
    NOT_RUN = "not run"


@dataclass(frozen=True)
class Diagnosis:
    """One failed case: its kind, the full message (report, visible feedback), a matched mistake."""

    kind: FailureKind
    message: str
    mistake: str = ""     # label of a known wrong answer from grading.py that the result matches

    def hidden_summary(self) -> str:
        """What a student sees of a hidden case: the kind, and the matched mistake's label."""
        text = self.kind.value + "."
        return text + (f" Likely mistake: {self.mistake}." if self.mistake else "")


def _is_array_like(x) -> bool:
    return isinstance(x, (np.ndarray, np.generic, int, float, bool, complex)) or (
        isinstance(x, (tuple, list)) and all(_is_array_like(v) for v in x) and not any(
            isinstance(v, (tuple, list, dict, np.ndarray)) for v in x))


def classify(got, expected) -> FailureKind:
    """The kind of mismatch between `got` (plain arrays, tuples, dicts, None) and `expected`.

    Called for a result the comparison already rejected; WRONG_VALUES when the structure,
    shapes and finiteness all agree.
    """
    if expected is not None and got is None:
        return FailureKind.RETURNED_NONE
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping) or set(map(str, got)) != set(map(str, expected)):
            return FailureKind.WRONG_KEYS
        for key, value in expected.items():
            kind = classify(got[str(key)] if str(key) in got else got[key], value)
            if kind is not FailureKind.WRONG_VALUES:
                return kind
        return FailureKind.WRONG_VALUES
    if isinstance(expected, (tuple, list)) and not _is_array_like(expected):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return FailureKind.WRONG_COUNT
        for g, e in zip(got, expected):
            kind = classify(g, e)
            if kind is not FailureKind.WRONG_VALUES:
                return kind
        return FailureKind.WRONG_VALUES
    return _classify_array(got, expected)


def _classify_array(got, expected) -> FailureKind:
    if isinstance(got, (Mapping, tuple, list)) and not _is_array_like(got):
        return FailureKind.WRONG_COUNT
    try:
        g, e = np.asarray(got), np.asarray(expected)
    except Exception:
        return FailureKind.NOT_NUMBERS
    if g.dtype == object or not (np.issubdtype(g.dtype, np.number) or g.dtype == np.bool_):
        return FailureKind.NOT_NUMBERS
    if np.iscomplexobj(g) and not np.iscomplexobj(e):
        return FailureKind.NOT_NUMBERS
    if g.shape != e.shape:
        return FailureKind.WRONG_SHAPE
    if not np.all(np.isfinite(g)) and np.all(np.isfinite(e)):
        return FailureKind.NOT_FINITE
    return FailureKind.WRONG_VALUES


def kind_of_outputs(got) -> FailureKind:
    """The kind of a result rejected by a `check` function (no expected value to compare with)."""
    if got is None:
        return FailureKind.RETURNED_NONE
    if isinstance(got, Mapping):
        values = list(got.values())
    elif isinstance(got, (tuple, list)) and not _is_array_like(got):
        values = list(got)
    else:
        values = [got]
    for value in values:
        if isinstance(value, (Mapping, tuple, list)) and not _is_array_like(value):
            kind = kind_of_outputs(value)
            if kind is not FailureKind.FAILED_CHECK:
                return kind
            continue
        try:
            arr = np.asarray(value)
        except Exception:
            return FailureKind.NOT_NUMBERS
        if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
            return FailureKind.NOT_NUMBERS
        if not np.all(np.isfinite(arr)):
            return FailureKind.NOT_FINITE
    return FailureKind.FAILED_CHECK


def matching_mistake(got, mistakes: Mapping | None, rtol: float, atol: float) -> str:
    """The label of the first known wrong answer that `got` equals (within tolerance), or ""."""
    for label, wrong in (mistakes or {}).items():
        try:
            if diagnose(got, wrong, rtol=rtol, atol=atol) is None:
                return str(label)
        except Exception:
            continue
    return ""
