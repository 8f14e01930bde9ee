"""The code that runs inside the student's kernel at grading time (numpy and the standard
library only: the kernel cannot import the grader).

The grader reads this file's source (`source()`), writes it into the sandbox's scratch once
per submission, and each harness cell executes it in a private namespace holding
`STUDENT` (the notebook's globals) and `ARGS` (call, input file, output folder, cases).
For each case it binds the inputs as names, evaluates the exercise's `call` in a copy of the
student's namespace (`run_call`), and saves the value as plain numeric .npy files plus a JSON
structure (`flatten_outputs`) and a status.json in that case's folder, which the grader
created empty just before. Nothing here is trusted: the grader checks everything it reads back.

`run_call` and `flatten_outputs` are also what `spec.evaluate` uses in one process.
"""

from __future__ import annotations

import ast
import json
import os

import numpy as np


def run_call(exercise, namespace, inputs):
    """Run `exercise.call` with the student's globals plus the inputs; return its value.

    Inputs are copied first, so a function that modifies its arguments cannot change what the
    grader compares against.
    """
    scope = dict(namespace)
    scope.update({k: (np.array(v) if isinstance(v, np.ndarray) else v) for k, v in inputs.items()})
    tree = ast.parse(exercise.call)
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
        return eval(compile(ast.Expression(tree.body[0].value), "<grading call>", "eval"), scope)
    exec(compile(tree, "<grading call>", "exec"), scope)
    if "result" not in scope:
        raise RuntimeError(f"grading call for {exercise.cell} did not assign `result`")
    return scope["result"]


def numeric_sequence(x) -> bool:
    """True for a (nested) list/tuple of plain numbers; a sequence holding arrays is a tuple of results."""
    if isinstance(x, (tuple, list)):
        return all(numeric_sequence(v) for v in x)
    return isinstance(x, (int, float, bool, np.number, np.bool_))


def flatten_outputs(obj, prefix: str = "out"):
    """Split outputs into ({path: plain ndarray}, structure) for pickle-free transport.

    The structure is JSON-compatible: {"kind": "array", "path": p}, {"kind": "tuple"|"list",
    "items": [...]}, {"kind": "dict", "keys": [...], "items": [...]}, {"kind": "none"} or
    {"kind": "other", "type": name}. Array subclasses are reduced to plain ndarrays.
    """
    arrays = {}

    def walk(x, path):
        if x is None:
            return {"kind": "none"}
        if isinstance(x, (tuple, list)) and not numeric_sequence(x):
            return {"kind": type(x).__name__ if type(x) in (tuple, list) else "tuple",
                    "items": [walk(v, f"{path}_{i}") for i, v in enumerate(x)]}
        if isinstance(x, dict):
            keys = [str(k) for k in x]
            return {"kind": "dict", "keys": keys,
                    "items": [walk(x[k], f"{path}_{i}") for i, k in enumerate(x)]}
        try:
            arr = np.array(x, copy=True)
            if type(arr) is not np.ndarray:
                arr = arr.view(np.ndarray)
        except Exception:
            return {"kind": "other", "type": type(x).__name__}
        if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
            return {"kind": "other", "type": type(x).__name__}
        arrays[path] = np.array(arr, order="C")  # (ascontiguousarray would make 0-d arrays 1-d)
        return {"kind": "array", "path": path}

    structure = walk(obj, prefix)
    return arrays, structure


class _Exercise:
    """The two fields of a grading spec's Exercise that `run_call` reads."""

    def __init__(self, call, cell):
        self.call, self.cell = call, cell


def _restore(value, kind):
    """An input as the grader made it: a Python number or text, a numpy scalar, or an array."""
    return value.item() if kind == "py" else value[()] if kind == "scalar" else value


def main(args, student) -> None:
    """Run the cases `args["cases"]` of one exercise and save each one's outputs and status."""
    with np.load(args["inputs"], allow_pickle=False) as z:
        data = {k: z[k] for k in z.files}
    exercise = _Exercise(args["call"], args["cell"])
    for c in args["cases"]:
        prefix = "c%d__" % c
        inputs = {key[len(prefix):]: _restore(value, args["kinds"][c].get(key[len(prefix):], "array"))
                  for key, value in data.items() if key.startswith(prefix)}
        folder = os.path.join(args["out"], str(c))
        os.makedirs(folder, exist_ok=True)
        stop = False
        try:
            value = run_call(exercise, student, inputs)
            arrays, structure = flatten_outputs(value)
            for path, arr in arrays.items():
                np.save(os.path.join(folder, path + ".npy"), arr, allow_pickle=False)
            status = {"ok": True, "structure": structure}
        except BaseException as exc:  # the student's code failed (or was interrupted)
            stop = isinstance(exc, (KeyboardInterrupt, SystemExit))
            try:
                message = str(exc)[:4000]
            except BaseException:
                message = "(the exception could not be shown)"
            status = {"ok": False, "type": type(exc).__name__, "message": message}
        with open(os.path.join(folder, "status.json"), "w") as fh:
            json.dump(status, fh)
        if stop:
            break


def source() -> str:
    """This module's source text, as the grader sends it into the sandbox."""
    with open(__file__, encoding="utf-8") as fh:
        return fh.read()


if __name__ == "__autograder__":
    main(ARGS, STUDENT)  # noqa: F821  (both are put in the namespace by the harness cell)
