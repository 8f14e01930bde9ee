"""The one resolver of the course's folders, files and environment variables.

Every other module (and nbgrader_config.py) reads these from here:

    AUTOGRADER_COURSE_ROOT   the course folder (default: this repository)      Course.at()
    AUTOGRADER_WORK_DIR      nbgrader's work folders, gradebook, course secret  Course.work
    AUTOGRADER_DB_URL        the gradebook's SQLAlchemy URL                    Course.db_url
    AUTOGRADER_SECRET_FILE   the course secret (HMAC key, hidden-input salt)   Course.secret_file
    AUTOGRADER_BWRAP         the bubblewrap executable                         bwrap_override()
    COURSE_SOLUTIONS_DIR     solutions/ for grading specs run in a notebook    solutions_override()
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
LESSON_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+$")

COURSE_ROOT_VAR = "AUTOGRADER_COURSE_ROOT"
WORK_DIR_VAR = "AUTOGRADER_WORK_DIR"
DB_URL_VAR = "AUTOGRADER_DB_URL"
SECRET_FILE_VAR = "AUTOGRADER_SECRET_FILE"
BWRAP_VAR = "AUTOGRADER_BWRAP"
SOLUTIONS_DIR_VAR = "COURSE_SOLUTIONS_DIR"


def bwrap_override() -> str | None:
    """$AUTOGRADER_BWRAP: the bubblewrap executable to use instead of the one found."""
    return os.environ.get(BWRAP_VAR) or None


def solutions_override() -> Path | None:
    """$COURSE_SOLUTIONS_DIR: where `spec.run_hidden` (in an instructor notebook) finds grading.py."""
    value = os.environ.get(SOLUTIONS_DIR_VAR)
    return Path(value) if value else None


@dataclass(frozen=True)
class Course:
    """A course folder: solutions/ (instructor side), notebooks/ (released), a work folder."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> "Course":
        root = root or os.environ.get(COURSE_ROOT_VAR) or REPO_ROOT
        return cls(Path(root).resolve())

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def work(self) -> Path:
        env = os.environ.get(WORK_DIR_VAR)
        return Path(env).resolve() if env else self.root / "autograder" / "work"

    @property
    def db_url(self) -> str:
        """The gradebook: $AUTOGRADER_DB_URL, else SQLite in the work folder."""
        return os.environ.get(DB_URL_VAR) or f"sqlite:///{self.work / 'gradebook.db'}"

    @property
    def secret_file(self) -> Path:
        """The course secret: $AUTOGRADER_SECRET_FILE, else `course-secret` in the work folder
        (outside git, where no kernel can reach it)."""
        forced = os.environ.get(SECRET_FILE_VAR)
        return Path(forced) if forced else self.work / "course-secret"

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
        env[COURSE_ROOT_VAR] = str(self.root)
        env[WORK_DIR_VAR] = str(self.work)
        # nbgrader runs `alembic` (installed next to this interpreter) when it opens a gradebook.
        bin_dir = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join([bin_dir] + [p for p in env.get("PATH", "").split(os.pathsep) if p != bin_dir])
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
        if extra:
            env.update(extra)
        return env
