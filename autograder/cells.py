"""What an nbgrader cell is: its metadata and its role (solution, graded test, locked).

Robust to hostile notebooks: metadata that is missing or not a dict counts as none.
The roles are nbgrader's own (`nbgrader.utils`), applied only to well-formed metadata.
"""

from __future__ import annotations

from nbgrader import utils as nbgrader_utils


def nbgrader_meta(cell) -> dict:
    """The cell's `metadata.nbgrader` dict, {} when absent or malformed."""
    metadata = cell.get("metadata") if isinstance(cell, dict) else None
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return meta if isinstance(meta, dict) else {}


def grade_id(cell) -> str:
    """The cell's nbgrader grade_id, "" for a cell without one."""
    gid = nbgrader_meta(cell).get("grade_id", "")
    return gid if isinstance(gid, str) else ""


def _role(test, cell) -> bool:
    return bool(nbgrader_meta(cell)) and bool(test(cell))


def is_solution(cell) -> bool:
    """An answer cell the student edits (`### BEGIN SOLUTION` ... in the instructor's copy)."""
    return _role(nbgrader_utils.is_solution, cell)


def is_grade(cell) -> bool:
    """A graded cell: it carries points."""
    return _role(nbgrader_utils.is_grade, cell)


def is_locked(cell) -> bool:
    """A cell nbgrader restores from the release when grading (graded or locked, not a solution)."""
    return _role(nbgrader_utils.is_locked, cell)


def points(cell) -> float:
    """The points of a graded cell (0.0 for any other cell)."""
    try:
        return float(nbgrader_meta(cell).get("points") or 0) if is_grade(cell) else 0.0
    except (TypeError, ValueError):
        return 0.0


def is_test(cell) -> bool:
    """A graded test cell (points, no answer): always taken from the release when grading."""
    return is_grade(cell) and not is_solution(cell)


def source(cell) -> str:
    """The cell's source as one string (nbformat allows a list of lines)."""
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    return "".join(src) if isinstance(src, list) else str(src)


def normalized_source(cell_or_text) -> str:
    """The source without trailing spaces and surrounding blank lines (to compare cells)."""
    text = cell_or_text if isinstance(cell_or_text, str) else source(cell_or_text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())
