"""Build a lesson's instructor notebook (nbgrader source format) from a Python script.

    nb = Notebook("03_backprop_mlp")
    nb.md("# Backpropagation ...")
    nb.code("import numpy as np")
    nb.solution("linear_forward", "def linear_forward(A, W, b):\\n    ### BEGIN SOLUTION ...")
    nb.test("test_linear_forward", points=2, source="check_close(...)")
    nb.write()          # solutions/03_backprop_mlp/03_backprop_mlp.ipynb

The output is deterministic (cell ids from positions and grade ids, sorted keys), so
rebuilding an unchanged script rewrites identical bytes.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import nbformat

from autograder.spec import SOLUTIONS_DIR

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
_GRADE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def _clean(source: str) -> str:
    return textwrap.dedent(source).strip("\n")


def _nbgrader(grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


class Notebook:
    """An instructor notebook under construction; cells are appended in reading order."""

    def __init__(self, lesson: str, root: Path | str | None = None):
        self.lesson = lesson
        self.root = Path(root) if root is not None else SOLUTIONS_DIR
        self.cells: list = []
        self._grade_ids: set[str] = set()

    # -- cells ---------------------------------------------------------------------
    def md(self, source: str) -> None:
        """A markdown cell (prose, LaTeX math)."""
        self._add(nbformat.v4.new_markdown_cell(_clean(source)))

    def code(self, source: str, *, locked: bool = False, grade_id: str | None = None) -> None:
        """An ordinary code cell (set-up, demonstrations). `locked=True` makes it read-only."""
        meta = {}
        if locked:
            meta = _nbgrader(self._claim(grade_id or f"locked_{len(self.cells):03d}"), locked=True)
        self._add(nbformat.v4.new_code_cell(_clean(source), metadata=meta))

    def solution(self, grade_id: str, source: str) -> None:
        """An editable cell holding `### BEGIN SOLUTION` ... `### END SOLUTION`."""
        text = _clean(source)
        if "### BEGIN SOLUTION" not in text or "### END SOLUTION" not in text:
            raise ValueError(f"solution cell {grade_id!r} needs ### BEGIN SOLUTION / ### END SOLUTION markers")
        self._add(nbformat.v4.new_code_cell(text, metadata=_nbgrader(self._claim(grade_id), solution=True)))

    def test(self, grade_id: str, points: float, source: str, *, hidden: bool = True) -> None:
        """A locked graded test cell: visible checks, then the hidden block from grading.py."""
        if points <= 0:
            raise ValueError(f"test cell {grade_id!r} must award points > 0")
        text = _clean(source)
        if hidden:
            text += ("\n### BEGIN HIDDEN TESTS\n"
                     "from autograder.spec import run_hidden\n"
                     f"run_hidden({self.lesson!r}, {grade_id!r}, globals())\n"
                     "### END HIDDEN TESTS")
        meta = _nbgrader(self._claim(grade_id), grade=True, locked=True, points=points)
        self._add(nbformat.v4.new_code_cell(text, metadata=meta))

    # -- output --------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.root / self.lesson / f"{self.lesson}.ipynb"

    def to_notebook(self):
        nb = nbformat.v4.new_notebook(cells=self.cells)
        nb.metadata = {"kernelspec": dict(KERNELSPEC),
                       "language_info": {"name": "python"}}
        nbformat.validate(nb)
        return nb

    def write(self, path: Path | str | None = None) -> Path:
        """Write the notebook (default: solutions/<lesson>/<lesson>.ipynb) and return its path."""
        target = Path(path) if path is not None else self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(self.to_notebook(), version=4)
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        return target

    # -- internals -----------------------------------------------------------------
    def _claim(self, grade_id: str) -> str:
        if not _GRADE_ID.match(grade_id):
            raise ValueError(f"grade id {grade_id!r} must be letters, digits, _ or -")
        if grade_id in self._grade_ids:
            raise ValueError(f"grade id {grade_id!r} is used twice")
        self._grade_ids.add(grade_id)
        return grade_id

    def _add(self, cell) -> None:
        cell["id"] = f"c{len(self.cells):03d}-" + (
            cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "cell"))[:40]
        self.cells.append(cell)
