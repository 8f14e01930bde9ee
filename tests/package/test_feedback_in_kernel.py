"""What a student sees when a test cell fails, measured in a real kernel.

Each lesson's released notebook, solved with the instructor's answers, runs top to bottom in
a python3 kernel (nbclient, as JupyterLab, nbgrader and the self-check run it). Before each
graded test cell, wrong answers (the lesson's mutants for that cell) are run in its answer
cell, the test cell is run on them, and the error output the kernel sends is read: a failed
check must show its diagnosis first, in at most 12 lines, with no frames and no source of
the checking helpers; an error raised inside the student's own code keeps its traceback;
`ename`/`evalue` (what the grader reads) stay the exception's. Then the right answer is put
back and the test cell must print exactly one confirmation line and nothing on stderr.

Run as a script (`python tests/package/test_feedback_in_kernel.py [--before]`) it prints the
line counts per lesson for every mutant (`--before`: with IPython's default rendering).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[1]))          # tests/ (for `support`) when run as a script

from autograder.cells import grade_id, nbgrader_meta as meta  # noqa: E402
from autograder.paths import REPO_ROOT, Course  # noqa: E402
from backprop.checking import MAX_FEEDBACK_LINES  # noqa: E402
from support.mutants import mutant_files, parse_mutant  # noqa: E402
from support.notebooks import kernel_environment, solved  # noqa: E402

COURSE = Course.at(REPO_ROOT)
MUTANTS_PER_TEST_CELL = 3
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONFIRMATION = re.compile(r"^\u2713 \S.*: visible checks passed")


def rendered_lines(output) -> list[str]:
    """The lines JupyterLab shows for an error output (its traceback, colours removed)."""
    text = "\n".join(ANSI.sub("", part) for part in output.get("traceback", []))
    return text.split("\n")


def _new_cell(source: str):
    import nbformat

    return nbformat.v4.new_code_cell(source)


def run_lesson(lesson: str, per_cell: int | None = MUTANTS_PER_TEST_CELL, default_rendering: bool = False):
    """Run the solved release of `lesson`; before each graded test cell run it on mutants.

    Returns (records, passes): one record per mutant run {"mutant", "cell", "outputs"} and,
    per test cell, the outputs of the run on the right answers."""
    from nbclient import NotebookClient

    nb = solved(COURSE, lesson)
    answers = {grade_id(c): c.source for c in nb.cells if meta(c).get("solution")}
    by_test = defaultdict(list)
    for path in mutant_files(COURSE, lesson):
        m = parse_mutant(path)
        if len(m["replaces"]) == 1 and m["replaces"][0] in answers:
            for test in m["must_lose"]:
                by_test[test].append(m)
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(COURSE.notebooks / lesson)}})
    records, passes, seen = [], {}, set()
    with kernel_environment(), client.setup_kernel():
        if default_rendering:
            client.execute_cell(_new_cell("import backprop.checking as _c\n"
                                          "del _c.CheckFailure._render_traceback_"), 0)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            gid = grade_id(cell)
            if meta(cell).get("solution"):
                seen.add(gid)
            if meta(cell).get("grade") and not meta(cell).get("solution"):
                chosen = [m for m in by_test.get(gid, []) if m["replaces"][0] in seen]
                for m in chosen[:per_cell]:
                    client.execute_cell(_new_cell(m["source"]), index)
                    probe = client.execute_cell(_new_cell(cell.source), index)
                    records.append({"mutant": m["name"], "cell": gid, "outputs": probe.outputs})
                    client.execute_cell(_new_cell(answers[m["replaces"][0]]), index)
                client.execute_cell(cell, index)
                passes[gid] = cell.outputs
            else:
                client.execute_cell(cell, index)
    return records, passes


def _errors(outputs):
    return [o for o in outputs if o.output_type == "error"]


@pytest.fixture(scope="module", params=COURSE.lessons())
def lesson_run(request):
    return request.param, run_lesson(request.param)


@pytest.mark.slow
def test_failed_checks_show_only_their_diagnosis(lesson_run):
    lesson, (records, _) = lesson_run
    checks = 0
    for record in records:
        errors = _errors(record["outputs"])
        if not errors:
            continue                       # a mistake only the hidden cases catch
        (error,) = errors
        where = f"{lesson} {record['cell']} with mutant {record['mutant']}"
        lines = rendered_lines(error)
        if error["ename"] == "CheckFailure":
            checks += 1
            message = error["evalue"].split("\n")
            assert len(lines) <= MAX_FEEDBACK_LINES, f"{where}: {len(lines)} lines\n" + "\n".join(lines)
            assert lines[0] == "CheckFailure: " + message[0], f"{where}: diagnosis not first: {lines[0]!r}"
            # nothing but the message (and the line of the check): no hint from elsewhere
            shown = lines[:-1] if re.fullmatch(r"  \(the check at line \d+ of this cell\)", lines[-1]) else lines
            if len(message) <= MAX_FEEDBACK_LINES - 1:
                assert shown == ["CheckFailure: " + message[0]] + message[1:], where
            else:
                assert shown[:-1] == (["CheckFailure: " + message[0]] + message[1:])[:len(shown) - 1], where
            text = "\n".join(lines)
            assert "checking.py" not in text and "Traceback" not in text and "---->" not in text, where
        else:
            # an error raised by the student's own code keeps IPython's traceback with frames
            text = "\n".join(lines)
            assert "Traceback" in text and re.search(r"Cell In\[\d+\], line \d+", text), where
            assert lines[-1].startswith(error["ename"]), where
    assert checks > 0, f"no wrong answer of {lesson} produced a failed check"


@pytest.mark.slow
def test_right_answers_print_one_confirmation_line(lesson_run):
    lesson, (_, passes) = lesson_run
    assert passes, f"{lesson} has no graded test cell"
    for gid, outputs in passes.items():
        assert not _errors(outputs), f"{lesson} {gid}: {_errors(outputs)[0]['evalue']}"
        stderr = [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, f"{lesson} {gid} wrote to stderr: {stderr[0].text}"
        text = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")
        confirmations = [line for line in text.splitlines() if CONFIRMATION.match(line)]
        assert len(confirmations) == 1, f"{lesson} {gid} printed:\n{text}"
        assert text.rstrip("\n").splitlines()[-1] == confirmations[0], f"{lesson} {gid}: not the last line"


def _figures(default_rendering: bool) -> None:
    for lesson in COURSE.lessons():
        records, _ = run_lesson(lesson, per_cell=None, default_rendering=default_rendering)
        counts = [len(rendered_lines(e)) for r in records for e in _errors(r["outputs"])
                  if e["ename"] == "CheckFailure"]
        first = sum(rendered_lines(e)[0].startswith("CheckFailure:") for r in records
                    for e in _errors(r["outputs"]) if e["ename"] == "CheckFailure")
        other = sum(1 for r in records for e in _errors(r["outputs"]) if e["ename"] != "CheckFailure")
        if counts:
            print(f"{lesson}: {len(records)} wrong answers, {len(counts)} failed checks: lines min "
                  f"{min(counts)}, median {sorted(counts)[len(counts) // 2]}, max {max(counts)}; "
                  f"diagnosis on the first line in {first}; {other} errors from the student's code",
                  flush=True)


if __name__ == "__main__":
    _figures("--before" in sys.argv)


@pytest.mark.slow
def test_nbgrader_execution_and_feedback_record_the_short_diagnosis():
    """nbgrader's own Execute preprocessor (what `nbgrader autograde` runs) stores the kernel's
    rendering in the error output, scores the cell 0 as before, and its feedback HTML shows
    the diagnosis without the checking helpers' source."""
    import nbgrader
    from nbconvert import HTMLExporter
    from nbgrader.preprocessors import Execute
    from nbgrader.utils import determine_grade
    from traitlets.config import Config

    from support.notebooks import SAMPLE_COURSE, find_cell

    sample = Course.at(SAMPLE_COURSE)
    lesson = sample.lessons()[0]
    checked = 0
    for path in mutant_files(sample, lesson):
        m = parse_mutant(path)
        if len(m["replaces"]) != 1:
            continue
        nb = solved(sample, lesson)
        find_cell(nb, m["replaces"][0])[1].source = m["source"]
        nb, _ = Execute().preprocess(nb, {"metadata": {"path": str(sample.notebooks / lesson)}})
        for test in m["must_lose"]:
            _, cell = find_cell(nb, test)
            errors = _errors(cell.outputs)
            if not errors or errors[0]["ename"] != "CheckFailure":
                continue
            checked += 1
            error = errors[0]
            lines = rendered_lines(error)
            assert lines[0] == "CheckFailure: " + error["evalue"].split("\n")[0] and len(lines) <= MAX_FEEDBACK_LINES
            score, out_of = determine_grade(cell, None)
            assert score == 0 and out_of > 0
            formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
            c = Config()                  # the exporter set-up of nbgrader's GenerateFeedback
            c.HTMLExporter.template_name = "feedback"
            c.HTMLExporter.extra_template_basedirs = [str(formgrader / "templates")]
            c.HTMLExporter.extra_template_paths = [str(formgrader / "static" / "node_modules" / "bootstrap"
                                                       / "dist" / "css")]
            for other in nb.cells:        # the scores GenerateFeedback finds in the gradebook
                if other.metadata.get("nbgrader", {}).get("grade"):
                    other.metadata.nbgrader["score"] = determine_grade(other, None)[0] or 0
            html, _ = HTMLExporter(config=c).from_notebook_node(
                nb, resources={"nbgrader": {"notebook": lesson, "score": 0, "max_score": out_of, "late_penalty": 0}})
            first = error["evalue"].split("\n")[0].split(":")[0]
            assert "CheckFailure" in html and first in html
            assert "checking.py" not in html and "raise CheckFailure" not in html
    assert checked > 0, "no sample mutant failed a visible check"


@pytest.mark.slow
def test_a_check_failing_while_the_students_error_is_handled_keeps_that_error():
    """A check raised inside `except` of an error from the student's code: that error keeps
    its frames (IPython's own rendering), then the short diagnosis follows, still without the
    checking helpers' source."""
    import nbformat
    from nbclient import NotebookClient

    cells = ["import numpy as np\nfrom backprop.checking import check_close",
             "def scale(x):\n    return x * factor        # `factor` is never defined\n",
             "x = np.arange(3.0)\ntry:\n    scale(x)\nexcept NameError:\n    check_close('scale(x)', -x, x)\n"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", timeout=60, allow_errors=True).execute()
    (error,) = _errors(nb.cells[2].outputs)
    assert error["ename"] == "CheckFailure"
    lines = rendered_lines(error)
    text = "\n".join(lines)
    assert "NameError: name 'factor' is not defined" in text and re.search(r"Cell In\[\d+\], line 2, in scale", text)
    start = lines.index("CheckFailure: " + error["evalue"].split("\n")[0])
    assert lines[start - 1] == "While handling that error, a check failed:"
    assert "checking.py" not in text and "raise CheckFailure" not in text
