"""A lesson's text file builds a valid, byte-stable nbgrader source notebook, paired both ways,
and the authoring checks name each broken cell."""

import asyncio
import concurrent.futures
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import (hidden_block, instructor_notebook, lesson_problems, text_of,
                                  write_instructor_notebook)
from autograder.cells import grade_id, is_grade, is_solution

SOLUTION = '''def double(x):
    """Twice x."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION'''

TEST = "assert double(2) == 4\n" + hidden_block("00_demo", "test_double")

SOL_META = ('{"grade": false, "grade_id": "double", "locked": false, "schema_version": 3, '
            '"solution": true, "task": false}')
TEST_META = ('{"grade": true, "grade_id": "test_double", "locked": true, "points": 2, '
             '"schema_version": 3, "solution": false, "task": false}')


HEADER = ("# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3 (ipykernel)\n"
          "#     language: python\n#     name: python3\n# ---\n\n")


def lesson_text(solution=SOLUTION, test=TEST, sol_meta=SOL_META, test_meta=TEST_META) -> str:
    return (HEADER + f"# %% [markdown]\n# # Demo\n#\n# Math: $\\frac{{a}}{{b}}$\n\n"
            f"# %%\nimport numpy as np\n\n\n"
            f"# %% nbgrader={sol_meta}\n{solution}\n\n\n"
            f"# %% nbgrader={test_meta}\n{test}\n")


@pytest.fixture
def lesson(tmp_path):
    """solutions/00_demo/00_demo.py under the course's own jupytext.toml."""
    solutions = tmp_path / "solutions"
    (solutions / "00_demo").mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[2] / "solutions" / "jupytext.toml", solutions)
    path = solutions / "00_demo" / "00_demo.py"
    path.write_text(lesson_text(), encoding="utf-8")
    return path


def test_cells_and_metadata_come_from_the_text(lesson):
    nb = instructor_notebook(lesson)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code", "code"]
    assert nb.cells[0].source == "# Demo\n\nMath: $\\frac{a}{b}$"
    sol, test = nb.cells[2], nb.cells[3]
    assert is_solution(sol) and grade_id(sol) == "double" and sol.source == SOLUTION
    assert is_grade(test) and test.metadata.nbgrader["points"] == 2 and test.source == TEST.rstrip("\n")
    assert [c.id for c in nb.cells] == ["c000-cell", "c001-cell", "c002-double", "c003-test_double"]
    assert set(nb.metadata) == {"jupytext", "kernelspec", "language_info"}
    assert lesson_problems(nb, "00_demo") == []


def test_build_is_byte_stable_and_pairing_round_trips(lesson):
    target = write_instructor_notebook(lesson)
    first = target.read_bytes()
    assert write_instructor_notebook(lesson).read_bytes() == first
    # the text jupytext writes for the built notebook is the author's text: the pair is in sync
    assert text_of(nbformat.read(target, as_version=4), lesson) == lesson.read_text(encoding="utf-8")


def test_release_writes_the_text_as_jupytext_does_without_changing_a_cell(lesson):
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("\n\n\n", "\n\n"), encoding="utf-8")
    cells = [(c.cell_type, c.source, c.metadata) for c in instructor_notebook(lesson).cells]
    write_instructor_notebook(lesson)
    assert lesson.read_text(encoding="utf-8") == lesson_text()
    assert [(c.cell_type, c.source, c.metadata) for c in instructor_notebook(lesson).cells] == cells


def test_jupytext_sync_of_a_built_pair_changes_nothing(lesson):
    """What JupyterLab's pairing does on save (jupytext --sync) leaves a built pair as it is."""
    target = write_instructor_notebook(lesson)
    before = (lesson.read_bytes(), target.read_bytes())
    jupytext = Path(sys.executable).with_name("jupytext")
    subprocess.run([str(jupytext), "--sync", str(lesson)], check=True, capture_output=True)
    assert (lesson.read_bytes(), target.read_bytes()) == before


def run_in_own_loop(coroutine):
    """Run `coroutine` to completion in a thread with its own event loop (another test's
    library, e.g. Playwright's sync API, may leave a loop running in this thread)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_jupyterlab_saves_an_edit_of_either_file_into_both(lesson):
    """JupyterLab's server saves through jupytext's contents manager: an edit made in the
    notebook reaches the text file, and an edit made in the text file reaches the notebook."""
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    target = write_instructor_notebook(lesson)
    make_manager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)
    ipynb, text = (p.relative_to(lesson.parents[2]).as_posix() for p in (target, lesson))

    async def edit(path, source):
        manager = make_manager(root_dir=str(lesson.parents[2]))   # made in the loop's own thread (SQLite)
        model = await manager.get(path)
        model["content"].cells[0].source = source
        await manager.save({"type": "notebook", "content": model["content"]}, path)

    run_in_own_loop(edit(ipynb, "# Edited in the notebook"))
    assert instructor_notebook(lesson).cells[0].source == "# Edited in the notebook"
    run_in_own_loop(edit(text, "# Edited in the text file"))
    assert nbformat.read(target, as_version=4).cells[0].source == "# Edited in the text file"
    assert lesson_problems(instructor_notebook(lesson), "00_demo") == []


@pytest.mark.parametrize(("text", "problem"), [
    (lesson_text(test_meta=TEST_META.replace('"grade_id": "test_double"', '"grade_id": "double"')),
     "grade_id used twice"),
    (lesson_text(solution="def double(x):\n    return 2 * x"), "BEGIN SOLUTION"),
    (lesson_text(test_meta=TEST_META.replace('"points": 2', '"points": 0')), "points > 0"),
    (lesson_text(test="assert double(2) == 4"), "must end with the hidden block"),
    (lesson_text(test=TEST.replace("'test_double'", "'test_other'")), "must end with the hidden block"),
    (lesson_text(sol_meta=SOL_META.replace('"double"', '"two words"')), "letters, digits"),
])
def test_broken_lessons_are_refused_naming_the_cell(lesson, text, problem):
    lesson.write_text(text, encoding="utf-8")
    problems = lesson_problems(instructor_notebook(lesson), "00_demo")
    assert any(problem in p and p.startswith("cell ") for p in problems), problems
    with pytest.raises(ValueError, match=problem):
        write_instructor_notebook(lesson)
    assert not lesson.with_suffix(".ipynb").exists()
