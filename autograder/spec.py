"""The trusted grading spec of a lesson: what is called, on which inputs, against what.

Each lesson's `solutions/NN_name/grading.py` defines `EXERCISES`, a list of `Exercise`,
one per graded test cell of its notebook. The grader evaluates them in two halves:

    kernel side (untrusted, the student's process)      grader side (trusted)
    ------------------------------------------------    ----------------------------------
    inputs <- .npz written by the grader                 inputs = make_inputs(...)
    outputs = run_call(exercise, namespace, inputs)      outputs = unflatten_outputs(...)
    flatten_outputs(outputs) -> .npz + structure         messages = compare(exercise, outputs, inputs)

`evaluate` does both halves in one process (for lesson authors and for `run_hidden`, which the
notebooks' hidden-test blocks call so that plain nbgrader agrees with our grader).
The kernel half is `in_kernel.py`, which depends on numpy only, so the grader can send its
source to a kernel that cannot import this package. A failed case carries a `Diagnosis`
(diagnosis.py): a kind the grader computed plus a message.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder import paths
from autograder.diagnosis import Diagnosis, FailureKind, classify, kind_of_outputs, matching_mistake
from autograder.in_kernel import flatten_outputs, run_call
from autograder.records import CaseResult
from backprop.checking import CheckFailure, diagnose

SOLUTIONS_DIR = paths.REPO_ROOT / "solutions"


@dataclass(frozen=True)
class Case:
    """One situation an exercise is tested in: a label and a function rng -> inputs dict.

    Inputs are numbers, strings or numpy arrays (they travel to the kernel as .npz files).
    Hidden cases run only at grading time; their inputs and labels never reach a student.
    """

    label: str
    inputs: Callable[[np.random.Generator], dict]
    hidden: bool = False


@dataclass
class Exercise:
    """What one graded test cell (`cell`, an nbgrader grade_id) awards its points for.

    call       Python run in the student's namespace with the case's inputs bound as names:
               an expression, or statements that assign `result`.
    reference  function(**inputs) -> expected outputs, run by the grader (the package's
               reference implementation). Compared with `checking.diagnose`.
    check      instead of `reference`: function(outputs, inputs) -> list of failures
               (empty when the outputs are acceptable), for statistical or behavioural
               checks; a failure is a message, or a `Diagnosis` to give its kind.
    name       how feedback names the quantity (default: `call`).
    names      names of the items when outputs are a tuple, e.g. ("dA", "dW", "db").
    batch_size name of the input whose first axis is the batch (lets feedback recognise a
               missing or doubled batch mean).
    mistakes   function(**inputs) -> {description: wrong value}: known wrong answers that
               feedback names when a submission matches one.
    forbidden  dotted names of reference functions that solve this exercise; the grader's
               static scan flags a submission that calls them.
    """

    cell: str
    call: str
    cases: Sequence[Case]
    reference: Callable[..., Any] | None = None
    check: Callable[[Any, dict], list[str]] | None = None
    rtol: float = 1e-7
    atol: float = 1e-10
    name: str | None = None
    names: Sequence[str] | None = None
    batch_size: str | None = None
    mistakes: Callable[..., Mapping[str, Any]] | None = None
    forbidden: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self):
        if (self.reference is None) == (self.check is None):
            raise ValueError(f"Exercise {self.cell!r}: give exactly one of `reference` and `check`.")
        if not self.cases:
            raise ValueError(f"Exercise {self.cell!r} has no cases.")
        try:
            ast.parse(self.call)
        except SyntaxError as exc:
            raise ValueError(f"Exercise {self.cell!r}: `call` is not valid Python ({exc}).") from None

    @property
    def label(self) -> str:
        return self.name or self.call.strip().splitlines()[-1]


# --------------------------------------------------------------------------- loading

def lesson_dir(lesson: str, root: Path | str | None = None) -> Path:
    """The folder `solutions/<lesson>` (or `<root>/<lesson>`), checked to exist."""
    base = Path(root) if root is not None else (paths.solutions_override() or SOLUTIONS_DIR)
    folder = base / lesson
    if not folder.is_dir():
        raise FileNotFoundError(f"no lesson folder {folder}")
    return folder


def load_lesson(lesson: str, root: Path | str | None = None) -> list[Exercise]:
    """Import `<lesson>/grading.py` and return its EXERCISES (grade ids checked unique)."""
    path = lesson_dir(lesson, root) / "grading.py"
    if not path.is_file():
        raise FileNotFoundError(f"lesson {lesson!r} has no grading spec at {path}")
    spec = importlib.util.spec_from_file_location(f"_grading_{lesson}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    exercises = list(getattr(module, "EXERCISES", []))
    cells = [ex.cell for ex in exercises]
    duplicates = sorted({c for c in cells if cells.count(c) > 1})
    if duplicates:
        raise ValueError(f"{path}: more than one Exercise for cell(s) {duplicates}")
    return exercises


def find_exercise(exercises: Sequence[Exercise], cell: str) -> Exercise:
    for ex in exercises:
        if ex.cell == cell:
            return ex
    raise KeyError(f"no Exercise for test cell {cell!r}; known: {[e.cell for e in exercises]}")


# --------------------------------------------------------------------------- inputs

def case_seed(lesson: str, cell: str, index: int, salt: str | int = "") -> int:
    """A stable 63-bit seed for one case: the same lesson, cell, index and salt give the same seed."""
    text = f"{lesson}/{cell}/{index}/{salt}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "little") >> 1


def grading_inputs(lesson: str, exercise: Exercise, index: int, hidden_salt: str = "") -> dict:
    """The inputs the grader uses for case `index`: visible cases as the notebook's tests make
    them (no salt), hidden cases salted with `hidden_salt` (per course and student, see
    signing.hidden_salt), so one student's hidden inputs tell nothing about another's."""
    return make_inputs(lesson, exercise, index, hidden_salt if exercise.cases[index].hidden else "")


def make_inputs(lesson: str, exercise: Exercise, index: int, salt: str | int = "") -> dict:
    """The inputs of case `index` of `exercise`, made from its seed, checked to be transportable."""
    case = exercise.cases[index]
    rng = np.random.default_rng(case_seed(lesson, exercise.cell, index, salt))
    inputs = case.inputs(rng)
    if not isinstance(inputs, dict):
        raise TypeError(f"{exercise.cell} case {case.label!r}: inputs must return a dict, got {type(inputs).__name__}")
    for key, value in inputs.items():
        if not key.isidentifier():
            raise ValueError(f"{exercise.cell}: input name {key!r} is not an identifier")
        arr = np.asarray(value)
        if arr.dtype == object:
            raise TypeError(f"{exercise.cell} case {case.label!r}: input {key!r} is not numbers or text")
    return inputs


# --------------------------------------------------------------------------- kernel side
# run_call and flatten_outputs live in in_kernel.py (the module the grader sends into the
# sandbox); evaluate() uses the same functions in one process.


class _Unusable:
    """Stands for a returned object that was not numbers (feedback names its type)."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


def unflatten_outputs(arrays: Mapping[str, np.ndarray], structure: Mapping):
    """Rebuild outputs from `flatten_outputs`' arrays and structure (plain types only)."""
    kind = structure["kind"]
    if kind == "none":
        return None
    if kind == "array":
        return np.asarray(arrays[structure["path"]]).view(np.ndarray)
    if kind in ("tuple", "list"):
        items = [unflatten_outputs(arrays, s) for s in structure["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {k: unflatten_outputs(arrays, s) for k, s in zip(structure["keys"], structure["items"])}
    return _Unusable(structure.get("type", "object"))


# --------------------------------------------------------------------------- grader side

def diagnose_case(exercise: Exercise, outputs, inputs: Mapping[str, Any]) -> Diagnosis | None:
    """The diagnosis of `outputs` of one case, None when the case passed.

    The kind is computed from the values (diagnosis.classify), never from a message."""
    if isinstance(outputs, _Unusable):
        return Diagnosis(FailureKind.NOT_NUMBERS,
                         f"{exercise.label}: got a {outputs.type_name}, which is not an array of numbers.")
    if exercise.check is not None:
        failures = list(exercise.check(outputs, dict(inputs)))
        if not failures:
            return None
        kinds = [f.kind for f in failures if isinstance(f, Diagnosis)]
        mistakes = [f.mistake for f in failures if isinstance(f, Diagnosis) and f.mistake]
        return Diagnosis(kinds[0] if kinds else kind_of_outputs(outputs),
                         "\n".join(f.message if isinstance(f, Diagnosis) else str(f) for f in failures),
                         mistakes[0] if mistakes else "")
    expected = exercise.reference(**inputs)
    batch = None
    if exercise.batch_size is not None:
        batch = int(np.shape(inputs[exercise.batch_size])[0])
    mistakes = exercise.mistakes(**inputs) if exercise.mistakes is not None else None
    msg = diagnose(outputs, expected, name=exercise.label, rtol=exercise.rtol, atol=exercise.atol,
                   batch_size=batch, names=exercise.names, mistakes=mistakes)
    if not msg:
        return None
    return Diagnosis(classify(outputs, expected), msg,
                     matching_mistake(outputs, mistakes, exercise.rtol, exercise.atol))


def compare(exercise: Exercise, outputs, inputs: Mapping[str, Any]) -> list[str]:
    """Failure messages for `outputs` of one case (empty list: the case passed)."""
    found = diagnose_case(exercise, outputs, inputs)
    return [found.message] if found else []


def evaluate(exercise: Exercise, namespace: Mapping[str, Any], lesson: str = "",
             *, hidden: bool | None = None, salt: str | int = "") -> list[CaseResult]:
    """Run `exercise`'s cases in this process against `namespace`.

    `hidden=None` runs every case, True only the hidden ones, False only the visible ones.
    An exception raised by the student's code fails that case with its type and message.
    """
    results = []
    for index, case in enumerate(exercise.cases):
        if hidden is not None and case.hidden != hidden:
            continue
        inputs = make_inputs(lesson, exercise, index, salt)
        try:
            outputs = run_call(exercise, namespace, inputs)
            arrays, structure = flatten_outputs(outputs)
            found = diagnose_case(exercise, unflatten_outputs(arrays, structure), inputs)
        except Exception as exc:  # the student's code failed on this case
            found = Diagnosis(FailureKind.RAISED, f"{exercise.label}: raised {type(exc).__name__}: {exc}")
        results.append(CaseResult(case.label, case.hidden, True) if found is None
                       else CaseResult.failed(case.label, case.hidden, found))
    return results


def run_hidden(lesson: str, cell: str, namespace: Mapping[str, Any]) -> None:
    """Run the hidden cases of one test cell in the current process; raise if any fails.

    Called from the notebooks' hidden-test blocks (instructor copies only), so that plain
    `nbgrader autograde` and the formgrader agree with `python -m autograder grade`.
    """
    exercise = find_exercise(load_lesson(lesson), cell)
    failed = [r for r in evaluate(exercise, namespace, lesson, hidden=True) if not r.passed]
    if failed:
        details = "\n\n".join(f"[{r.label}]\n{r.message}" for r in failed)
        raise CheckFailure(f"{len(failed)} hidden test case(s) of {cell} failed:\n\n{details}")
