"""Every instructor notebook present in solutions/ (a fresh copy), opened in JupyterLab and run
with Run > Run All Cells: every code cell runs, and no cell shows an error, anything on
stderr, "Error displaying widget" or "Model not found". One test per lesson; a lesson is
collected as soon as solutions/NN_name/NN_name.ipynb exists."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"
LESSONS = sorted(d.name for d in SOLUTIONS.glob("[0-9][0-9]_*")
                 if re.fullmatch(r"\d\d_\w+", d.name) and (d / f"{d.name}.ipynb").is_file())


def _describe(errors):
    return "\n\n".join(f"cell {e['cell']}{' (stderr)' if e['stderr'] else ''}:\n{e['text']}"
                       for e in errors)


if LESSONS:
    @pytest.mark.parametrize("lesson", LESSONS)
    def test_instructor_notebook_runs_clean_in_jupyterlab(lab, ran_lesson, lesson):
        lab = ran_lesson(lesson)
        errors = lab.errors()
        assert not errors, f"solutions/{lesson} shows errors in JupyterLab:\n" + _describe(errors)
        state = lab.run_state()
        assert state["pending"] == 0 and state["busy"] == 0, f"not every cell ran: {state}"
        assert state["done"] > 0
        # Every widget output rendered as a widget, and a screenshot of each for a person.
        outputs = lab.panel.locator(".jp-OutputArea-output:has(.jupyter-widgets)")
        for i in range(min(outputs.count(), 6)):
            lab.shot(f"widget-output-{i + 1}", outputs.nth(i))
