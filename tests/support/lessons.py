"""One lesson under test, in this process: its instructor notebook, grading spec and mutants.

    L = lesson("03_backprop_mlp")             # this repository's solutions/03_backprop_mlp
    ns = L.namespace()                        # set-up and solution cells run (cached)
    L.evaluate("test_relu", ns)               # autograder.spec.evaluate, warnings silenced
    mutant, ns = L.mutant("mb_sign")          # the namespace with the mutant's code

tests/lessons/test_contract.py checks every lesson with it; the tests/lessons/test_NN_*.py
files use it for what only their lesson needs.
"""

from __future__ import annotations

import functools
import re
import warnings
from pathlib import Path

import numpy as np

from autograder.paths import REPO_ROOT, Course
from autograder.spec import evaluate, load_lesson, make_inputs
from support.mutants import mutant_files, mutant_namespace, parse_mutant
from support.notebooks import SOLUTION_REGION, graded_cells, lesson_namespace, read, run_visible, solution_sources

SHAPE = re.compile(r"\((?:\w+)(?:, ?\w+)*,?\)")          # (n,), (B, n_out), (n_out, n_in) ...


class Lesson:
    def __init__(self, course: Course, name: str):
        self.course, self.name = course, name

    def __repr__(self) -> str:
        return f"Lesson({self.name!r} in {self.course.root})"

    @functools.cached_property
    def nb(self):
        """The instructor notebook (solutions/NN_name/NN_name.ipynb)."""
        return read(self.course.source_notebook(self.name))

    @functools.cached_property
    def exercises(self) -> list:
        return load_lesson(self.name, self.course.solutions)

    @functools.cached_property
    def by_cell(self) -> dict:
        """{test cell grade_id: Exercise}."""
        return {ex.cell: ex for ex in self.exercises}

    @functools.cached_property
    def tests(self) -> dict[str, str]:
        """{grade_id: source} of the graded test cells."""
        return {gid: source for gid, (source, _) in graded_cells(self.nb).items()}

    @functools.cached_property
    def solutions(self) -> dict[str, str]:
        """{grade_id: source} of the solution cells."""
        return solution_sources(self.nb)

    @functools.cached_property
    def mutants(self) -> list[Path]:
        return mutant_files(self.course, self.name)

    def mutant_path(self, stem: str) -> Path:
        return self.course.mutants_dir(self.name) / f"{stem}.py"

    def inputs(self, cell: str, salt: str | int = "") -> list[dict]:
        """The inputs of every case of the exercise of test cell `cell`."""
        ex = self.by_cell[cell]
        return [make_inputs(self.name, ex, i, salt) for i in range(len(ex.cases))]

    @functools.lru_cache(maxsize=None)
    def namespace(self, stubs: bool = False) -> dict:
        """The student's namespace with the instructor's answers, or (stubs) the untouched
        release; cached, so treat it as read-only (copy it before running a test cell in it)."""
        return lesson_namespace(self.nb, stubs=stubs, share_setup=True)

    def with_cells(self, replace: dict[str, str]) -> dict:
        """A fresh namespace with `replace` ({solution grade_id: source}) run instead of those cells."""
        return lesson_namespace(self.nb, replace=replace, share_setup=True)

    def mutant(self, path_or_stem) -> tuple[dict, dict]:
        """(parse_mutant(...), the namespace with the mutant's code)."""
        path = path_or_stem if isinstance(path_or_stem, Path) else self.mutant_path(path_or_stem)
        return mutant_namespace(self.nb, path)

    def parse(self, stem: str) -> dict:
        return parse_mutant(self.mutant_path(stem))

    def evaluate(self, cell: str, ns: dict, **kw) -> list:
        """autograder.spec.evaluate of test cell `cell` in `ns`, numpy's and Python's warnings
        silenced (wrong code may overflow)."""
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return evaluate(self.by_cell[cell], ns, self.name, **kw)

    def cells_without_stated_shapes(self) -> list[str]:
        """Solution cells without a docstring that states shapes (such as `(B, n_out)`) outside
        the solution region, i.e. where the student cannot read them in the release."""
        missing = []
        for gid, source in self.solutions.items():
            outside = SOLUTION_REGION.sub("", source)
            if not (SOLUTION_REGION.search(source) and '"""' in outside and SHAPE.search(outside)):
                missing.append(gid)
        return missing

    def run_visible(self, cell: str, ns: dict, honest: bool = False):
        """None if the visible part of test cell `cell` passes in (a copy of) `ns`, else the exception."""
        return run_visible(self.tests[cell], ns, cell, honest=honest)


def lesson(name: str, root: Path | str | None = None) -> Lesson:
    """Lesson `name` of the course at `root` (this repository by default), one object per lesson."""
    return _lesson(name, Path(root or REPO_ROOT).resolve())


@functools.lru_cache(maxsize=None)
def _lesson(name: str, root: Path) -> Lesson:
    return Lesson(Course.at(root), name)
