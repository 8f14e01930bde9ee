"""The student's JupyterLab, started as `python3 course.py lab` starts it, in a 1280x800 window.

1. Its chrome: no nbgrader menu, no Create Assignment / Formgrader / Course List / Validate,
   no news pop-up; the same checks on the test suite's own server (nbgrader left on there)
   find the nbgrader menu, so the selectors do see it when it is there.
2. A wrong answer (one of the lesson's mutants for the first exercise, typed into its
   answer cell) fails its test cell with the course's diagnosis: at most 12 lines, the
   diagnosis first, and all of it on screen after the run, without scrolling and not covered.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import urllib.error
import urllib.request

import pytest

from autograder.cells import grade_id, nbgrader_meta as meta
from autograder.paths import REPO_ROOT, Course
from backprop.checking import MAX_FEEDBACK_LINES, CheckFailure
from support.mutants import mutant_files, mutant_namespace
from support.notebooks import find_cell, read, run_visible

pytestmark = pytest.mark.browser

COURSE = Course.at(REPO_ROOT)
WINDOW = {"width": 1280, "height": 800}
INSTRUCTOR_WORDS = re.compile(r"Create Assignment|Formgrader|Course List|Assignment List|Validate")


def _course_module():
    spec = importlib.util.spec_from_file_location("course_script", REPO_ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def student_server(tmp_path_factory, lab_tools):
    base = tmp_path_factory.mktemp("student-lab")
    # a student's first start: none of their own settings, except the harness's one that keeps
    # every cell in the DOM (so cells can be found by index); the news setting stays untouched
    settings = base / "user-settings"
    tracker = "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    (settings / tracker).parent.mkdir(parents=True)
    (settings / tracker).write_text(json.dumps({"windowingMode": "none"}))
    command = _course_module().lab_command(sys.executable, [
        "--no-browser", "--ip", "127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
        "--MappingKernelManager.cull_idle_timeout=0"])
    assert ("--allow-root" in command) == (hasattr(os, "geteuid") and os.geteuid() == 0)
    with lab_tools.running_lab(base, command, lab_tools.server_env(base, settings)) as server:
        yield server


@pytest.fixture(scope="module")
def student_page(browser, student_server, lab_tools, artifacts_dir):
    context = browser.new_context(viewport=WINDOW)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield lab_tools.Lab(student_server, page, "student-lab", artifacts_dir / "student-lab", "s1")
    finally:
        context.close()


def _first_exercise(lesson: str):
    """(answer grade id, test cell grade id, mutant source, its CheckFailure message): a
    mutant of the exercise of the first test cell of `lesson` (so that the cells above it run
    without error in the untouched notebook), one with a named mistake if there is one."""
    nb = read(COURSE.source_notebook(lesson))
    first_test = next(grade_id(c) for c in nb.cells if meta(c).get("grade") and not meta(c).get("solution"))
    fallback = None
    for path in mutant_files(COURSE, lesson):
        mutant, ns = mutant_namespace(nb, path)
        if len(mutant["replaces"]) != 1 or first_test not in mutant["must_lose"]:
            continue
        test = first_test
        exc = run_visible(find_cell(nb, test)[1].source, ns, test)
        if isinstance(exc, CheckFailure):
            found = (mutant["replaces"][0], test, mutant["source"], str(exc))
            if "Likely mistake" in str(exc):
                return found
            fallback = fallback or found
    assert fallback, f"no mutant of {lesson} fails a visible check"
    return fallback


def _chrome(lab) -> dict:
    """What the page shows of nbgrader: main-menu titles, instructor words anywhere in the
    page or the notebook toolbar, and toasts."""
    page = lab.page
    menus = [t.strip() for t in page.locator("#jp-menu-panel .lm-MenuBar-itemLabel, .lm-MenuBar-item").all_inner_texts()]
    tabs = page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all(
        "tabs => tabs.map(t => (t.title || '') + ' ' + (t.innerText || '') + ' ' + (t.dataset.id || ''))")
    toolbar = lab.panel.locator(".jp-Toolbar").first.inner_text() if lab.panel.count() else ""
    toasts = page.locator(".Toastify__toast, .jp-Notification-Toast").all_inner_texts()
    return {"menus": menus, "tabs": tabs, "toolbar": toolbar, "toasts": toasts,
            "body": page.locator("body").inner_text()}


def test_student_lab_has_no_instructor_tools_and_no_news(student_page, student_server, shared_lab, lab_tools):
    lesson = COURSE.lessons()[0]
    lab = student_page
    lab.begin("student-lab-chrome")
    lab.open(lab.copy_lesson(COURSE.notebooks / lesson))
    lab.page.wait_for_timeout(3000)             # the news question comes a moment after start-up
    seen = _chrome(lab)
    lab.shot("student-lab")
    assert not any(re.search(r"nbgrader", m, re.I) for m in seen["menus"]), seen["menus"]
    assert not any(INSTRUCTOR_WORDS.search(t) or "nbgrader" in t.lower() for t in seen["tabs"]), seen["tabs"]
    assert not INSTRUCTOR_WORDS.search(seen["toolbar"]), seen["toolbar"]
    assert not re.search(r"Create Assignment|Formgrader", seen["body"])
    assert not any(re.search(r"news|update", t, re.I) for t in seen["toasts"]), seen["toasts"]
    with urllib.request.urlopen(student_server.url + "/lab/api/settings/@jupyterlab/apputils-extension:notification") as r:
        data = json.load(r)
    # overrides.json becomes the schema's defaults; the student has no settings of their own
    defaults = {k: v.get("default") for k, v in data["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False, defaults
    assert "fetchNews" not in (data.get("settings") or {})
    for path in ("/formgrader", "/course_list"):                  # their server side is off too
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(student_server.url + path)
        assert err.value.code == 404, path

    # the control: the suite's own JupyterLab keeps nbgrader, and the same look finds it
    shared_lab.begin("nbgrader-control")
    shared_lab.open(shared_lab.copy_lesson(COURSE.notebooks / lesson))
    control = _chrome(shared_lab)
    assert any(re.search(r"nbgrader", m, re.I) for m in control["menus"]), control["menus"]


def test_failed_check_is_on_screen_without_scrolling(student_page):
    lesson = next((name for name in COURSE.lessons() if "backprop" in name), COURSE.lessons()[0])
    answer, test, wrong, message = _first_exercise(lesson)
    lab = student_page
    lab.begin("student-feedback-1280x800")
    lab.open(lab.copy_lesson(COURSE.notebooks / lesson))
    student = read(COURSE.notebooks / lesson / f"{lesson}.ipynb")
    answer_index, _ = find_cell(student, answer)
    test_index, _ = find_cell(student, test)
    lab.set_cell_source(answer_index, wrong)
    above = [i for i, c in enumerate(student.cells[:test_index]) if c.cell_type == "code" and c.source.strip()]
    before = {i: lab.prompt(i) for i in above}
    lab.select_cell(test_index)
    lab.menu("Run", "Run All Above Selected Cell")
    try:
        lab.wait_cells_ran(above, before)
    except AssertionError:
        lab.shot("FAILED-run-above")
        raise
    lab.run_cell(test_index)
    output = lab.cells().nth(test_index).locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert output.count() == 1, "the wrong answer passed its test"
    lab.shot("after-running-the-test-cell")
    lines = output.first.inner_text().strip("\n").split("\n")
    assert len(lines) <= MAX_FEEDBACK_LINES, "\n".join(lines)
    assert lines[0] == "CheckFailure: " + message.split("\n")[0], lines[0]
    assert "checking.py" not in "\n".join(lines) and "Traceback" not in "\n".join(lines)
    # every line of it inside the window as it is after the run (no scrolling by the test)
    box = output.first.evaluate(
        "el => { const r = el.getBoundingClientRect(); const x = r.left + 20;"
        " const pts = [r.top + 8, (r.top + r.bottom) / 2, r.bottom - 8];"
        " const covered = pts.filter(y => { const hit = document.elementFromPoint(x, y);"
        " return !(hit && el.contains(hit)); }).length;"
        " return {top: r.top, bottom: r.bottom, height: window.innerHeight, covered}; }")
    assert 0 <= box["top"] and box["bottom"] <= box["height"], box
    assert box["covered"] == 0, f"something covers the message: {box}"
    lab.record(f"notebooks/{lesson} at 1280x800: {test} on a wrong {answer} -> {len(lines)} lines, "
               f"all on screen (y {box['top']:.0f}-{box['bottom']:.0f} of {box['height']})")


PLAYGROUND = '''\
from backprop.explorers.optim_playground import OptimizerPlayground
pg = OptimizerPlayground(surface="quadratic", optimizers=("SGD",), steps=200)
pg.widget'''
READ_BACK = '''print(f"lr={pg.lr.value!r} diverged={pg.diverged['SGD']}")'''


def test_a_typed_learning_rate_is_kept(lab):
    """Lesson 05 says 0.105 diverges and 0.095 does not: typed into the readout, each value
    reaches the kernel as typed (the browser does not move it to the slider's grid)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(PLAYGROUND), nbformat.v4.new_code_cell(READ_BACK)]
    lab.open(lab.put_notebook("typed-lr/typed-lr.ipynb", nb))
    lab.run_all()
    box = lab.output_with(r"^lr \(SGD")
    slider, image = lab.widget("widget-slider", r"^lr \(SGD", box), lab.image(box)
    for typed, diverges in (("0.105", True), ("0.095", False)):
        old = image.get_attribute("src")
        lab.set_readout(slider, typed)
        lab.wait_image_change(image, old)
        lab.page.wait_for_timeout(500)           # a snapped value would come back by now
        lab.run_cell(1)
        shown = lab.cell_output_text(1).strip()
        assert shown == f"lr={float(typed)!r} diverged={diverges}", shown
        assert lab.slider_readout(slider) == typed
    lab.shot("typed-learning-rates", box)
