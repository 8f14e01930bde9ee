"""The student edition: which names are graded, and whether a tree gives any of them away.

One source of truth for "graded": the lessons themselves. Every function or class defined
in a solution cell of an instructor notebook (`solutions/NN_name/NN_name.ipynb`) is an
exercise, and every dotted name in a grading spec's `forbidden` list names a reference
function that solves one. The student edition (the `backprop` package, the released
notebooks) may contain a graded name only as a stub whose body raises NotImplementedError,
or as one of `EDITION_TOOLS`: functions a later lesson hands to students as a tool, listed
here with the lesson that needs them (docs/STUDENT-EDITION.md explains the choice).

    names = graded_names(Course.at())                 # {"linear_backward": ("03_backprop_mlp", "linear_backward"), ...}
    working_bodies(Path("source/backprop"), names)    # [] when nothing is given away
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from autograder.cells import grade_id, is_solution
from autograder.paths import Course

# Graded in one lesson, shipped in the edition because a later lesson (or its grading) calls
# them as given tools. name -> why.
EDITION_TOOLS = {
    "sigmoid_prime": "backprop.activations: the layer objects and lesson 04's variance theory use g' (lesson 01 asks for it)",
    "tanh_prime": "backprop.activations: the layer objects and lesson 04's variance theory use g' (lesson 01 asks for it)",
    "softmax": "backprop.activations: lesson 02's softmax exercises take softmax as given (lesson 03 asks for it)",
    "linear_forward": "backprop.layers: lesson 04's train_and_measure_symmetry calls it (lesson 03 asks for it)",
    "linear_backward": "backprop.layers: lesson 04's train_and_measure_symmetry calls it (lesson 03 asks for it)",
    "tanh_forward": "backprop.layers: lesson 04's train_and_measure_symmetry calls it (lesson 03 asks for it)",
    "tanh_backward": "backprop.layers: lesson 04's train_and_measure_symmetry calls it (lesson 03 asks for it)",
    "relu_forward": "backprop.layers: the layer objects behind backprop.mlp.MLP, which lessons 04 and 05 train (lesson 03)",
    "relu_backward": "backprop.layers: the layer objects behind backprop.mlp.MLP, which lessons 04 and 05 train (lesson 03)",
    "sigmoid_forward": "backprop.layers: the layer objects behind backprop.mlp.MLP, which lessons 04 and 05 train (lesson 03)",
    "sigmoid_backward": "backprop.layers: the layer objects behind backprop.mlp.MLP, which lessons 04 and 05 train (lesson 03)",
    "mse_loss": "backprop.losses: lesson 04's symmetry exercise and lesson 05's train_mlp call it (lesson 03 asks for it)",
    "MLP": "backprop.mlp: lessons 04 and 05 train with it (lesson 06's capstone forbids it: the student builds their own)",
}


def _defined(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]


def graded_names(course: Course) -> dict[str, tuple[str, str]]:
    """{name: (lesson, grade_id of its solution cell)} for every function or class a student writes."""
    names = {}
    for lesson in course.lessons():
        nb = nbformat.read(course.source_notebook(lesson), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and is_solution(cell):
                for name in _defined(cell.source):
                    names.setdefault(name, (lesson, grade_id(cell)))
    return names


def edition_names(dotted: str) -> tuple[str, str]:
    """("backprop.optim", "adam_update") for a grading spec's "backprop.optim.adam_update"."""
    module, _, name = dotted.rpartition(".")
    return module, name


def forbidden_names(course: Course) -> dict[str, str]:
    """{dotted reference name: lesson} from every grading spec's `forbidden` lists."""
    from autograder.spec import load_lesson

    out = {}
    for lesson in course.lessons():
        for exercise in load_lesson(lesson, course.solutions):
            for dotted in getattr(exercise, "forbidden", ()) or ():
                out[dotted] = lesson
    return out


def _raises_not_implemented(body) -> bool:
    return any(isinstance(s, ast.Raise) and s.exc is not None and "NotImplementedError" in ast.unparse(s.exc)
               for s in body)


def is_stub(node: ast.AST) -> bool:
    """A function whose body raises NotImplementedError (a released exercise: its scaffolding
    may stay around the raise), or a class with at least one such method."""
    if isinstance(node, ast.ClassDef):
        return any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_stub(s) for s in node.body)
    return _raises_not_implemented(node.body)


def working_definitions(source: str, names, where: str) -> list[str]:
    """'where:line name' for each module-level def/class in `source` named in `names` that is no stub.

    Only module-level definitions count: a method called `backward` on a layer object is not
    lesson 01's function `backward`.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [f"{where}:{node.lineno} {node.name}" for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.name in names and not is_stub(node)]


def working_bodies(tree: Path, names) -> list[str]:
    """Every working definition of a name in `names` in the .py files and notebooks under `tree`."""
    found = []
    for path in sorted(Path(tree).rglob("*")):
        if path.suffix == ".py":
            found += working_definitions(path.read_text(encoding="utf-8"), names, str(path))
        elif path.suffix == ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            nb = nbformat.read(path, as_version=4)
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    found += working_definitions(cell.source, names, f"{path} cell {i}")
    return found
