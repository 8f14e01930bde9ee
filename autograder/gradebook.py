"""Record scores in nbgrader's gradebook (SQLite by default, or AUTOGRADER_DB_URL).

Written by the grading parent after every kernel is dead, so no submission can touch it.
The formgrader then shows the same scores as grades.csv.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

from autograder import cells
from autograder.paths import Course
from autograder.records import SubmissionResult


def db_url(course: Course) -> str:
    return course.db_url


def record(course: Course, results: list[SubmissionResult]) -> str:
    """Create assignments, grade cells and submissions as needed; set each test cell's auto score."""
    from nbgrader.api import Gradebook, MissingEntry

    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    url = db_url(course)
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    with Gradebook(url) as gb:
        for lesson in sorted({r.assignment for r in results}):
            source = nbformat.read(course.source_notebook(lesson), as_version=4)
            gb.update_or_create_assignment(lesson)
            gb.update_or_create_notebook(lesson, lesson)
            for cell in source.cells:
                if cells.is_test(cell):
                    gb.update_or_create_grade_cell(cells.grade_id(cell), lesson, lesson,
                                                   max_score=cells.points(cell), cell_type="code")
                elif cells.is_solution(cell):
                    gb.update_or_create_solution_cell(cells.grade_id(cell), lesson, lesson)
        for r in results:
            lesson, student = r.assignment, r.student_id
            gb.update_or_create_student(student)
            try:
                gb.find_submission(lesson, student)
            except MissingEntry:
                gb.add_submission(lesson, student)
            scores = {row.cell: row.points for row in r.exercises}
            for gid, points in scores.items():
                try:
                    grade = gb.find_grade(gid, lesson, lesson, student)
                except MissingEntry:
                    continue
                grade.auto_score = float(points)
                grade.manual_score = None
            gb.db.commit()
    return url
