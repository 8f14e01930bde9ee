"""A lesson's text file and its instructor notebook.

The lesson an author edits is `solutions/NN_name/NN_name.py`, a jupytext percent-format
notebook (`# %% [markdown]` cells, code cells, nbgrader metadata in the cell header). It is
paired with `solutions/NN_name/NN_name.ipynb` through `solutions/jupytext.toml`, so an
author may edit either in JupyterLab and the other follows. nbgrader and the grader read
the `.ipynb`; `python -m autograder release` rebuilds it from the text file:

    nb = instructor_notebook(Path("solutions/03_backprop_mlp/03_backprop_mlp.py"))
    write_instructor_notebook(Path("solutions/03_backprop_mlp/03_backprop_mlp.py"))

The build is deterministic: cell ids come from positions and grade ids, the notebook
metadata is the course kernel, and no outputs are kept, so rebuilding an unchanged text
file rewrites identical bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
from jupytext.config import load_jupytext_config

from autograder.cells import grade_id, is_grade, is_solution, nbgrader_meta

TEXT_FORMAT = "py:percent"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# What jupytext itself records in a paired notebook under solutions/jupytext.toml, so that
# saving an unchanged lesson in JupyterLab rewrites the same bytes. The release drops it.
PAIRED_METADATA = {"cell_metadata_filter": "nbgrader,-all", "notebook_metadata_filter": "kernelspec,-jupytext"}
GRADE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def hidden_block(lesson: str, gid: str) -> str:
    """The last lines of every graded test cell: the grading spec's hidden cases, run in-kernel."""
    return ("### BEGIN HIDDEN TESTS\n"
            "from autograder.spec import run_hidden\n"
            f"run_hidden({lesson!r}, {gid!r}, globals())\n"
            "### END HIDDEN TESTS")


def text_config(text_path: Path):
    """The jupytext configuration that governs `text_path` (solutions/jupytext.toml)."""
    return load_jupytext_config(str(Path(text_path).resolve()))


def instructor_notebook(text_path: Path) -> nbformat.NotebookNode:
    """The instructor notebook built from a lesson's text file, in canonical form."""
    text_path = Path(text_path)
    nb = jupytext.reads(text_path.read_text(encoding="utf-8"), fmt=TEXT_FORMAT,
                        config=text_config(text_path))
    return canonical(nb)


def canonical(nb) -> nbformat.NotebookNode:
    """`nb` as the course commits it: no outputs, nbgrader metadata only, stable cell ids."""
    cells = []
    for index, cell in enumerate(nb.cells):
        meta = nbgrader_meta(cell)
        metadata = {"nbgrader": dict(meta)} if meta else {}
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(cell.source, metadata=metadata)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source, metadata=metadata)
        else:
            new = nbformat.v4.new_raw_cell(cell.source, metadata=metadata)
        new["id"] = f"c{index:03d}-" + re.sub(r"[^A-Za-z0-9_-]", "-", grade_id(cell) or "cell")[:40]
        cells.append(new)
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {"jupytext": dict(PAIRED_METADATA), "kernelspec": dict(KERNELSPEC),
                    "language_info": {"name": "python"}}
    nbformat.validate(out)
    return out


def notebook_bytes(nb) -> str:
    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


def text_of(nb, text_path: Path) -> str:
    """The text file jupytext writes for `nb` next to `text_path` (what pairing would save)."""
    return jupytext.writes(nb, fmt=TEXT_FORMAT, config=text_config(text_path))


def write_instructor_notebook(text_path: Path) -> Path:
    """Rebuild NN_name.ipynb next to `text_path` and return its path; refuse a broken lesson.

    The text file is rewritten the way jupytext writes it (blank lines between cells, the
    header), as JupyterLab's pairing would on save; its cells stay exactly as they are.
    """
    text_path = Path(text_path)
    nb = instructor_notebook(text_path)
    problems = lesson_problems(nb, text_path.stem)
    if problems:
        raise ValueError(f"{text_path}:\n  " + "\n  ".join(problems))
    target = text_path.with_suffix(".ipynb")
    _write_if_changed(target, notebook_bytes(nb))
    _write_if_changed(text_path, text_of(nb, text_path))
    return target


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def lesson_problems(nb, lesson: str) -> list[str]:
    """What is wrong with an instructor notebook's nbgrader cells (empty: nothing)."""
    problems, seen = [], set()
    for index, cell in enumerate(nb.cells):
        meta = nbgrader_meta(cell)
        if not meta:
            continue
        gid = grade_id(cell)
        where = f"cell {index} ({gid or 'no grade_id'})"
        if not GRADE_ID.match(gid):
            problems.append(f"{where}: grade_id must be letters, digits, _ or -")
        if gid in seen:
            problems.append(f"{where}: grade_id used twice")
        seen.add(gid)
        if is_solution(cell) and cell.cell_type == "code" and (
                "### BEGIN SOLUTION" not in cell.source or "### END SOLUTION" not in cell.source):
            problems.append(f"{where}: a solution cell needs ### BEGIN SOLUTION / ### END SOLUTION")
        if is_grade(cell):
            if not (meta.get("points") or 0) > 0:
                problems.append(f"{where}: a graded cell must award points > 0")
            if not cell.source.endswith(hidden_block(lesson, gid)):
                problems.append(f"{where}: a graded cell must end with the hidden block\n"
                                + hidden_block(lesson, gid))
    return problems
