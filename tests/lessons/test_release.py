"""notebooks/ is what `python -m autograder release` makes from solutions/, byte for byte,
and holds no solution code, hidden tests or grading specs. Runs for every lesson in
solutions/ and for the pipeline's sample assignment (so it is meaningful with no lessons)."""

import os

import pytest

from autograder import testing as T
from autograder.release import generate

PARAMS = T.course_params()
IDS = [f"{c.root.name}-{lesson}" for c, lesson in PARAMS]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """Every course's lessons released into a temporary folder (one nbgrader run per course)."""
    out = {}
    courses = {}
    for course, lesson in PARAMS:
        courses.setdefault(course.root, (course, []))[1].append(lesson)
    for root, (course, lessons) in courses.items():
        target = tmp_path_factory.mktemp("release")
        old = os.environ.get("AUTOGRADER_WORK_DIR")
        os.environ["AUTOGRADER_WORK_DIR"] = str(target / "work")
        try:
            generate(course, lessons, target / "notebooks")
        finally:
            if old is None:
                os.environ.pop("AUTOGRADER_WORK_DIR", None)
            else:
                os.environ["AUTOGRADER_WORK_DIR"] = old
        out[root] = target / "notebooks"
    return out


@pytest.mark.parametrize(("course", "lesson"), PARAMS, ids=IDS)
def test_notebooks_up_to_date(regenerated, course, lesson):
    fresh = regenerated[course.root] / lesson
    committed = course.notebooks / lesson
    assert committed.is_dir(), f"{committed} missing: run `python -m autograder release {lesson}`"
    fresh_files = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*")
                             if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    assert committed_files == fresh_files
    for name in fresh_files:
        assert (committed / name).read_bytes() == (fresh / name).read_bytes(), \
            f"{committed / name} is stale: run `python -m autograder release {lesson}`"


def _solution_lines(nb) -> set[str]:
    """Lines of solution regions long enough to be telling and found nowhere else in the source."""
    inside, outside = set(), []
    for cell in nb.cells:
        text = cell.source
        if "### BEGIN SOLUTION" in text:
            parts = text.split("### BEGIN SOLUTION")
            outside.append(parts[0])
            for part in parts[1:]:
                body, _, after = part.partition("### END SOLUTION")
                inside |= {l.strip() for l in body.splitlines() if len(l.strip()) >= 16}
                outside.append(after)
        else:
            outside.append(text.split("### BEGIN HIDDEN TESTS")[0])
    rest = "\n".join(outside)
    return {l for l in inside if l not in rest}


def _hidden_lines(nb) -> set[str]:
    lines = set()
    for cell in nb.cells:
        for part in cell.source.split("### BEGIN HIDDEN TESTS")[1:]:
            body = part.partition("### END HIDDEN TESTS")[0]
            lines |= {l.strip() for l in body.splitlines() if len(l.strip()) >= 8}
    return lines


@pytest.mark.parametrize(("course", "lesson"), PARAMS, ids=IDS)
def test_release_holds_no_solutions_hidden_tests_or_specs(course, lesson):
    release = course.release_notebook(lesson)
    assert release.is_file(), f"{release} missing: run `python -m autograder release {lesson}`"
    text = release.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden", "autograder.spec"):
        assert marker not in text, marker
    source = T.read(course.source_notebook(lesson))
    released = T.read(release)
    released_text = "\n".join(c.source for c in released.cells)
    for line in _solution_lines(source) | _hidden_lines(source):
        assert line not in released_text, line
    assert not [p for p in (course.notebooks / lesson).rglob("*.py")]
    # every test cell is there, locked, with the source notebook's points
    src_tests = {T.meta(c)["grade_id"]: T.meta(c)["points"] for c in source.cells if T.meta(c).get("grade")}
    rel_tests = {T.meta(c)["grade_id"]: T.meta(c)["points"] for c in released.cells if T.meta(c).get("grade")}
    assert rel_tests == src_tests and src_tests
    assert all(T.meta(c).get("locked") for c in released.cells if T.meta(c).get("grade"))
