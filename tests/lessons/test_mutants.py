"""Wrong implementations must lose points with the real grader.

For every tests/lessons/mutants/NN_name/*.py (header: `# mutant:`, `# replaces:`,
`# must lose:`; see docs/LESSON-AUTHORING.md), the named solution cells of the instructor
notebook are replaced by the file's code; all of a lesson's mutants are graded in one batch
(--jobs 2) and each must score less than full points on every cell it names. The pipeline's
sample assignment has its own mutants, so this runs meaningfully with no lessons.
"""

import pytest

from autograder import testing as T

LESSONS = T.course_params()
MUTANTS = [(course, lesson, path) for course, lesson in LESSONS
           for path in sorted(T.mutants_dir(course, lesson).glob("*.py"))]
_BATCHES = {}


def _batch(course, lesson, tmp_path_factory):
    key = (course.root, lesson)
    if key not in _BATCHES:
        root = tmp_path_factory.mktemp(f"mutants-{lesson}")
        for c, l, path in MUTANTS:
            if (c.root, l) == key:
                nb = T.apply_mutant(course, lesson, T.parse_mutant(path))
                T.write(nb, root / "sub" / f"mutant_{path.stem}" / lesson / f"{lesson}.ipynb")
        _BATCHES[key] = T.grade(course, root / "sub", root / "out", "--lesson", lesson, "--no-feedback",
                                  jobs=2, work=root)
    return _BATCHES[key]


@pytest.mark.parametrize(("course", "lesson", "path"), MUTANTS,
                         ids=[f"{l}-{p.stem}" for _, l, p in MUTANTS])
def test_mutant_loses_points(course, lesson, path, tmp_path_factory):
    mutant = T.parse_mutant(path)
    source = T.read(course.source_notebook(lesson))
    ids = {T.meta(c).get("grade_id") for c in source.cells}
    assert mutant["description"] and mutant["replaces"] and mutant["must_lose"], f"{path}: incomplete header"
    assert set(mutant["replaces"]) <= ids and set(mutant["must_lose"]) <= ids, f"{path}: unknown grade id"
    r = _batch(course, lesson, tmp_path_factory)[(f"mutant_{path.stem}", lesson)]
    assert not r["flags"], f"{path.name}: an honest-looking submission was flagged: {r['flags']}"
    rows = {row["cell"]: row for row in r["exercises"]}
    for cell in mutant["must_lose"]:
        assert rows[cell]["points"] < rows[cell]["max_points"], \
            f"{path.name} ({mutant['description']}) keeps full points on {cell}"


@pytest.mark.parametrize(("course", "lesson"), LESSONS, ids=[l for _, l in LESSONS])
def test_every_exercise_has_three_mutants(course, lesson):
    source = T.read(course.source_notebook(lesson))
    tests = [T.meta(c)["grade_id"] for c in source.cells if T.meta(c).get("grade") and not T.meta(c).get("solution")]
    counts = {t: 0 for t in tests}
    for c, l, path in MUTANTS:
        if (c.root, l) == (course.root, lesson):
            for cell in T.parse_mutant(path)["must_lose"]:
                counts[cell] = counts.get(cell, 0) + 1
    assert all(n >= 3 for n in counts.values()), counts
