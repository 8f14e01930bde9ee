"""Notebooks built by autograder.authoring are valid nbgrader sources and byte-stable."""

import nbformat
import pytest

from autograder.authoring import Notebook


def build(root):
    nb = Notebook("00_demo", root=root)
    nb.md("# Demo")
    nb.code("import numpy as np")
    nb.solution("double", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION")
    nb.test("test_double", points=2, source="assert double(2) == 4")
    return nb


def test_metadata_and_hidden_block(tmp_path):
    path = build(tmp_path).write()
    nb = nbformat.read(path, as_version=4)
    sol, test = nb.cells[2], nb.cells[3]
    assert sol.metadata.nbgrader == {"grade": False, "grade_id": "double", "locked": False,
                                     "schema_version": 3, "solution": True, "task": False}
    assert test.metadata.nbgrader["points"] == 2 and test.metadata.nbgrader["locked"]
    assert 'run_hidden(\'00_demo\', \'test_double\', globals())' in test.source
    assert test.source.index("### BEGIN HIDDEN TESTS") > test.source.index("assert double")


def test_rebuild_is_byte_identical(tmp_path):
    first = build(tmp_path).write().read_bytes()
    assert build(tmp_path).write().read_bytes() == first


def test_authoring_mistakes_are_refused(tmp_path):
    nb = build(tmp_path)
    with pytest.raises(ValueError, match="used twice"):
        nb.test("test_double", points=1, source="pass")
    with pytest.raises(ValueError, match="BEGIN SOLUTION"):
        nb.solution("other", "def f(): pass")
    with pytest.raises(ValueError, match="points > 0"):
        nb.test("test_zero", points=0, source="pass")
