"""Where a course's folders are, and how nbgrader is pointed at this course's config."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
LESSON_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class Course:
    """A course folder: solutions/ (instructor side), notebooks/ (released), a work folder."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> "Course":
        root = root or os.environ.get("AUTOGRADER_COURSE_ROOT") or REPO_ROOT
        return cls(Path(root).resolve())

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def work(self) -> Path:
        env = os.environ.get("AUTOGRADER_WORK_DIR")
        return Path(env).resolve() if env else self.root / "autograder" / "work"

    def lessons(self) -> list[str]:
        """Lesson folders in solutions/ (NN_name holding its text file NN_name.py), sorted."""
        if not self.solutions.is_dir():
            return []
        return sorted(p.name for p in self.solutions.iterdir()
                      if p.is_dir() and LESSON_NAME.match(p.name) and (p / f"{p.name}.py").is_file())

    def lesson_dir(self, lesson: str) -> Path:
        """solutions/NN_name/: the lesson's text file, notebook, grading spec and mutants."""
        return self.solutions / lesson

    def lesson_text(self, lesson: str) -> Path:
        """The text file an author edits (jupytext percent format)."""
        return self.lesson_dir(lesson) / f"{lesson}.py"

    def mutants_dir(self, lesson: str) -> Path:
        """Wrong implementations of the lesson's exercises that must lose points."""
        return self.lesson_dir(lesson) / "mutants"

    def source_notebook(self, lesson: str) -> Path:
        return self.solutions / lesson / f"{lesson}.ipynb"

    def release_notebook(self, lesson: str) -> Path:
        return self.notebooks / lesson / f"{lesson}.ipynb"

    def nbgrader_env(self, extra: dict | None = None) -> dict:
        """Environment for running nbgrader on this course with autograder/nbgrader_config.py."""
        env = dict(os.environ)
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            [str(PACKAGE_DIR)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p])
        env["AUTOGRADER_COURSE_ROOT"] = str(self.root)
        env["AUTOGRADER_WORK_DIR"] = str(self.work)
        # nbgrader runs `alembic` (installed next to this interpreter) when it opens a gradebook.
        bin_dir = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join([bin_dir] + [p for p in env.get("PATH", "").split(os.pathsep) if p != bin_dir])
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
        if extra:
            env.update(extra)
        return env
