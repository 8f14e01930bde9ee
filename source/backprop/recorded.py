"""Expected values of the visible tests, recorded from the instructors' reference.

The student edition has no reference implementation, so a visible test cell cannot compute
what it compares with. `python -m autograder release` runs each lesson's
`solutions/NN_name/visible.py` with the reference and writes what it returns here, to
`expected/NN_name.json` (rounded to 12 significant digits, so the file is the same on every
machine). A test cell reads it back:

    ref = recorded("02_jacobians", "sigmoid_jacobian", z3)     # z3: the cell's own input
    check_close("sigmoid_jacobian(z3)", sigmoid_jacobian(z3), ref)

The inputs given after the key are fingerprinted and compared with the fingerprint recorded
with the value, so a cell whose inputs drifted from what the release recorded fails with a
message saying so instead of comparing with a stale number. Values are floats, ints, bools,
strings, arrays (returned as float64 numpy arrays), and lists, tuples and dicts of these.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import numpy as np

STORE = Path(__file__).resolve().parent / "expected"
DIGITS = 12

__all__ = ["recorded", "fingerprint", "encode", "decode", "STORE"]


class StaleExpectation(KeyError):
    """The store has no value for this test, or its inputs are not the ones recorded."""

    def __str__(self) -> str:
        return str(self.args[0])


def _round(x: float) -> float:
    return float(f"{float(x):.{DIGITS}g}")


def encode(value):
    """A JSON-ready form of `value` (numbers rounded to 12 significant digits)."""
    if isinstance(value, np.ndarray):
        arr = value
        if arr.dtype.kind in "fiu":
            return {"array": np.vectorize(_round, otypes=[float])(arr.astype(np.float64)).tolist() if arr.size
                    else [], "shape": list(arr.shape)}
        raise TypeError(f"cannot record an array of dtype {arr.dtype}")
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _round(value)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"dict": [[str(k), encode(v)] for k, v in value.items()]}      # keeps the order
    raise TypeError(f"cannot record a {type(value).__name__}")


def decode(data):
    """The value `encode` turned into `data` (arrays come back as float64 arrays)."""
    if isinstance(data, dict):
        if "array" in data:
            return np.asarray(data["array"], dtype=np.float64).reshape(data["shape"])
        if "tuple" in data:
            return tuple(decode(v) for v in data["tuple"])
        return {k: decode(v) for k, v in data["dict"]}
    if isinstance(data, list):
        return [decode(v) for v in data]
    return data


def fingerprint(*inputs) -> str:
    """A short digest of `inputs` (after the same rounding as the recorded values)."""
    text = json.dumps(encode(tuple(inputs)), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def _load(lesson: str, mtime: float) -> dict:
    return json.loads((STORE / f"{lesson}.json").read_text(encoding="utf-8"))


def recorded(lesson: str, key: str, *inputs):
    """The recorded expected value of visible test `key` of `lesson`, for these `inputs`."""
    path = STORE / f"{lesson}.json"
    if not path.is_file():
        raise StaleExpectation(f"no recorded expected values for lesson {lesson!r} ({path} is missing): "
                               "the course materials are incomplete")
    entries = _load(lesson, path.stat().st_mtime)
    if key not in entries:
        raise StaleExpectation(f"no recorded expected value {key!r} for lesson {lesson!r}")
    entry = entries[key]
    if inputs and fingerprint(*inputs) != entry["inputs"]:
        raise StaleExpectation(f"the inputs of visible test {key!r} ({lesson}) are not the ones its expected value "
                               "was recorded for: did the test cell change? (instructors: run "
                               "`python -m autograder release`)")
    return decode(entry["value"])


def record(cases: dict) -> str:
    """The store file's text for `cases`, {key: (inputs tuple, value)}: sorted, one key a line."""
    entries = {key: {"inputs": fingerprint(*inputs), "value": encode(value)} for key, (inputs, value) in cases.items()}
    lines = [f"{json.dumps(k)}: {json.dumps(entries[k], sort_keys=True, separators=(',', ':'))}" for k in sorted(entries)]
    return "{\n" + ",\n".join(lines) + "\n}\n"
