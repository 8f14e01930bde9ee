"""The grading calls: code sent into the student's kernel at grading time, and the trusted
reading of what it hands back.

For each exercise the grader writes the cases' inputs to an .npz file (plain arrays, no
pickle) in the kernel's scratch, then sends one harness cell per case (each with its own
time limit). The cell runs in_kernel.py, which the grader wrote into the scratch: it evaluates the exercise's `call` in the student's namespace and saves
the result as plain numeric .npy files (`allow_pickle=False`) plus a JSON structure in the
case's folder. The grader reads them back with size checks and `allow_pickle=False` and compares them
with the reference itself. No hidden test code or reference ever enters the kernel: only the
`call` expression and the inputs.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np

from autograder import spec
from autograder.diagnosis import Diagnosis, FailureKind
from autograder.boxfs import BoxDir, BoxError

_PATH = re.compile(r"^out(_\d{1,4}){0,6}$")
MAX_ARRAY_BYTES = 64 * 2**20
MAX_STATUS_BYTES = 1 * 2**20

KERNEL_MODULE = "harness.py"   # in_kernel.py's source, written into each submission's scratch


def harness_cell(module_path: str, call: str, cell: str, inputs_path: str, out_dir: str, kinds: list[dict],
                 cases: list[int] | None = None) -> str:
    """The code of one harness cell: run in_kernel.py (at `module_path` in the sandbox) on the
    exercise's `cases` (default: all) of the saved inputs, in a namespace of its own."""
    cases = list(range(len(kinds))) if cases is None else list(cases)
    args = {"call": call, "cell": cell, "inputs": inputs_path, "out": out_dir, "cases": cases, "kinds": kinds}
    return (f"exec(compile(open({module_path!r}).read(), {module_path!r}, 'exec'), "
            f"{{'__name__': '__autograder__', 'STUDENT': globals(), 'ARGS': {args!r}}})")


def encode_inputs(all_inputs: list[dict]) -> tuple[bytes, list[dict]]:
    """(.npz bytes of every case's inputs, no pickles; how to restore each value)."""
    arrays, kinds = {}, []
    for c, inputs in enumerate(all_inputs):
        kind = {}
        for name, value in inputs.items():
            if isinstance(value, np.ndarray):
                kind[name] = "array"
            elif isinstance(value, np.generic):
                kind[name] = "scalar"
            else:
                kind[name] = "py"
            arr = np.asarray(value)
            if arr.dtype == object:
                raise TypeError(f"input {name!r} is not numbers or text")
            arrays[f"c{c}__{name}"] = arr
        kinds.append(kind)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue(), kinds


def write_inputs(path: Path, all_inputs: list[dict]) -> list[dict]:
    """Save every case's inputs into one .npz file; return how to restore each value."""
    data, kinds = encode_inputs(all_inputs)
    Path(path).write_bytes(data)
    return kinds


class OutputError(Exception):
    """What the kernel handed back cannot be used (too big, malformed, not plain numbers)."""


def load_npy(fh, max_bytes: int = MAX_ARRAY_BYTES) -> np.ndarray:
    """Load one .npy written by the kernel (a path or an open binary file): plain numeric
    dtype, size checked before reading."""
    if isinstance(fh, (str, Path)):
        with open(fh, "rb") as f:
            return load_npy(io.BytesIO(f.read(max_bytes + 4097)), max_bytes)
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(0)
    if size > max_bytes + 4096:
        raise OutputError(f"an output array is too large ({size} bytes)")
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
    else:
        raise OutputError("unsupported .npy version")
    if dtype.hasobject or not (np.issubdtype(dtype, np.number) or dtype == np.bool_):
        raise OutputError(f"an output has dtype {dtype}, not numbers")
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if count * dtype.itemsize > max_bytes:
        raise OutputError(f"an output array is too large (shape {shape})")
    fh.seek(0)
    arr = np.load(fh, allow_pickle=False)
    if type(arr) is not np.ndarray:
        raise OutputError("an output is not a plain array")
    return arr


def _check_structure(node, depth=0) -> set[str]:
    """Validate a structure from the kernel; return the array paths it mentions."""
    if depth > 8 or not isinstance(node, dict):
        raise OutputError("malformed output structure")
    kind = node.get("kind")
    if kind == "none":
        return set()
    if kind == "array":
        path = node.get("path")
        if not isinstance(path, str) or not _PATH.match(path):
            raise OutputError("malformed output path")
        return {path}
    if kind in ("tuple", "list", "dict"):
        items = node.get("items")
        if not isinstance(items, list) or len(items) > 64:
            raise OutputError("malformed output structure")
        if kind == "dict":
            keys = node.get("keys")
            if not isinstance(keys, list) or len(keys) != len(items) or not all(isinstance(k, str) for k in keys):
                raise OutputError("malformed output structure")
        paths = set()
        for item in items:
            paths |= _check_structure(item, depth + 1)
        return paths
    if kind == "other":
        if not isinstance(node.get("type"), str):
            raise OutputError("malformed output structure")
        node["type"] = node["type"][:80]
        return set()
    raise OutputError("malformed output structure")


def read_case(folder):
    """(outputs, None) for a case the kernel finished, or (None, Diagnosis) when it failed.

    `folder` is a boxfs.BoxDir (or a host Path). The diagnosis is RAISED (message: the
    exception's type and text as the kernel reported them, for visible cases only), NO_RESULT
    when nothing was handed back, BAD_OUTPUT when what was handed back is unusable.
    """
    if isinstance(folder, (str, Path)):
        folder = BoxDir(str(folder))
    try:
        status_file = folder.open("status.json", MAX_STATUS_BYTES)
    except FileNotFoundError:
        return None, Diagnosis(FailureKind.NO_RESULT,
                               "no result: the call did not finish (time limit, or the kernel stopped)")
    except BoxError as exc:
        return None, Diagnosis(FailureKind.BAD_OUTPUT, f"the result could not be read back: {exc}")
    try:
        status = json.loads(status_file.read().decode("utf-8"))
        if not isinstance(status, dict):
            raise OutputError("malformed result")
        if not status.get("ok"):
            etype, emsg = str(status.get("type", "Exception"))[:80], str(status.get("message", ""))[:4000]
            return None, Diagnosis(FailureKind.RAISED, f"raised {etype}: {emsg}")
        structure = status.get("structure")
        paths = _check_structure(structure)
        arrays = {p: load_npy(folder.open(f"{p}.npy", MAX_ARRAY_BYTES + 4096)) for p in paths}
        return spec.unflatten_outputs(arrays, structure), None
    except (OutputError, OSError, ValueError, KeyError) as exc:
        return None, Diagnosis(FailureKind.BAD_OUTPUT, f"the result could not be read back: {exc}")
