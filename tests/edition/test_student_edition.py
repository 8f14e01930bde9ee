"""The student edition as a student gets it: `python -m autograder bundle` into a fresh folder,
installed by its own `course.py` into a fresh virtual environment, every notebook run top to
bottom there, and no graded function with a working body anywhere in it.

One edition and one venv for the whole module (pip's cache makes the install take about a
minute; the notebooks about a minute more).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.cells import grade_id, is_grade
from autograder.edition import EDITION_TOOLS, edition_names, forbidden_names, graded_names, working_bodies
from autograder.paths import REPO_ROOT, Course

pytestmark = pytest.mark.slow

COURSE = Course.at(REPO_ROOT)
LESSONS = COURSE.lessons()

RUN_NOTEBOOK = r"""
import json, sys, nbformat
from pathlib import Path
from nbclient import NotebookClient
path = Path(sys.argv[1])
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=600, allow_errors=True, kernel_name="python3").execute(cwd=str(path.parent))
cells = []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    outputs = cell.get("outputs", [])
    errors = [(o.ename, o.evalue) for o in outputs if o.output_type == "error"]
    kinds = sorted({k for o in outputs for k in o.get("data", {})})
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    cells.append({"nbgrader": cell.metadata.get("nbgrader", {}), "source": cell.source,
                  "errors": errors, "kinds": kinds, "text": text})
print(json.dumps(cells))
"""

INSPECT_PACKAGE = r"""
import importlib, json, pkgutil, sys
import backprop
graded, forbidden = json.loads(sys.argv[1]), json.loads(sys.argv[2])
found = []
modules = ["backprop"] + [m.name for m in pkgutil.walk_packages(backprop.__path__, "backprop.")]
for name in modules:
    module = importlib.import_module(name)
    for attr in graded:
        if hasattr(module, attr):
            found.append(f"{name}.{attr}")
for module_name, attr in forbidden:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        continue
    if hasattr(module, attr):
        found.append(f"{module_name}.{attr}")
try:
    import backprop_reference
    found.append("backprop_reference is importable")
except ImportError:
    pass
print(json.dumps({"found": found, "modules": modules, "file": backprop.__file__}))
"""

RENDER_EXPLORERS = r"""
import json
from backprop.explorers import init_explorer, optimizer_playground
e = init_explorer()
first = e.image.value
e.gain.value = 5.0
p = optimizer_playground()
before = p.image.value
p.surface.value = "rosenbrock"
print(json.dumps({"init": [first[:4].hex(), e.image.value[:4].hex(), first != e.image.value, e.stats["verdict"]],
                  "playground": [before[:4].hex(), p.image.value[:4].hex(), before != p.image.value,
                                 sorted(p.paths)]}))
"""


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(OPENBLAS_NUM_THREADS="1", MPLBACKEND="agg", PYTHONDONTWRITEBYTECODE="1")
    return env


def _run(args, cwd, timeout=900, check=True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], cwd=str(cwd), capture_output=True, text=True,
                          env=_clean_env(), timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """(folder, python): the edition built by the CLI and installed by its own course.py."""
    root = tmp_path_factory.mktemp("edition") / "course-for-students"
    t0 = time.perf_counter()
    _run([sys.executable, "-m", "autograder", "bundle", root], REPO_ROOT)
    t1 = time.perf_counter()
    _run(["python3", root / "course.py", "install"], root)
    t2 = time.perf_counter()
    print(f"\nstudent edition: bundle {t1 - t0:.1f} s, fresh venv and pinned install {t2 - t1:.1f} s")
    return root, root / ".venv" / "bin" / "python"


@pytest.fixture(scope="module")
def graded():
    return graded_names(COURSE)


def test_the_edition_holds_only_student_material(edition):
    root, _ = edition
    top = sorted(p.name for p in root.iterdir() if p.name != ".venv")
    assert top == ["README.md", "constraints.txt", "course.py", "notebooks", "pyproject.toml",
                   "requirements.txt", "source"]
    # (the editable install adds its backprop_course.egg-info next to the package)
    assert sorted(p.name for p in (root / "source").iterdir() if not p.name.endswith(".egg-info")) == ["backprop"]
    assert sorted(p.name for p in (root / "notebooks").iterdir()) == LESSONS
    files = [p for p in root.rglob("*") if p.is_file() and ".venv" not in p.parts]
    assert not [p for p in files if p.name in ("grading.py", "visible.py") or "mutants" in p.parts]
    for path in files:
        data = path.read_bytes()
        assert b"BEGIN SOLUTION" not in data and b"BEGIN HIDDEN TESTS" not in data, path
        assert b"backprop_reference" not in data or path.suffix == ".md", path
    readme = (root / "README.md").read_text()
    for topic in ("python3 course.py lab", "Save the notebook first", "Run All", "Submit"):
        assert topic in readme
    reqs = (root / "requirements.txt").read_text()
    assert "nbgrader" not in reqs and "pytest" not in reqs and "numpy==" in reqs


def test_no_graded_function_has_a_working_body(edition, graded):
    root, python = edition
    shipped_tools = set(EDITION_TOOLS)
    forbidden_attrs = {edition_names(d)[1] for d in forbidden_names(COURSE)}
    assert shipped_tools <= set(graded) | forbidden_attrs, \
        "every tool the edition ships must be a graded or forbidden name (else drop it from the list)"
    # source: module-level definitions of every graded name, tools excepted; notebooks: all of them
    assert working_bodies(root / "source", set(graded) - shipped_tools) == []
    assert working_bodies(root / "notebooks", set(graded)) == []
    # the same instructor notebooks do have them: the scan finds what it looks for
    assert len(working_bodies(COURSE.solutions, set(graded))) >= len(graded)
    # installed: no module of the package has a graded name or a spec's forbidden reference name
    forbidden = [edition_names(d) for d in forbidden_names(COURSE) if edition_names(d)[1] not in shipped_tools]
    proc = _run([python, "-c", INSPECT_PACKAGE, json.dumps(sorted(set(graded) - shipped_tools)),
                 json.dumps(forbidden)], root)
    report = json.loads(proc.stdout)
    assert report["file"].startswith(str(root / "source" / "backprop")), report["file"]
    assert "backprop.explorers.init_explorer" in report["modules"] and "backprop.selfcheck" in report["modules"]
    assert report["found"] == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_student_notebook_runs_top_to_bottom(edition, lesson):
    """Every test cell fails with its stub's NotImplementedError; nothing else raises."""
    root, python = edition
    path = root / "notebooks" / lesson / f"{lesson}.ipynb"
    cells = json.loads(_run([python, "-c", RUN_NOTEBOOK, path], root, timeout=900).stdout)
    test_cells = [c for c in cells if c["nbgrader"].get("grade")]
    assert test_cells
    others = [(c["source"][:80], c["errors"]) for c in cells if not c["nbgrader"].get("grade") and c["errors"]]
    assert others == []
    released = nbformat.read(path, as_version=4)
    assert len(test_cells) == sum(1 for c in released.cells if is_grade(c))
    for cell in test_cells:
        assert [e[0] for e in cell["errors"]] == ["NotImplementedError"], (cell["nbgrader"]["grade_id"], cell["errors"])
        assert "replace this line with your code" in cell["errors"][0][1]
    if lesson in ("04_initialization", "05_optimizers"):
        shown = [c for c in cells if "explorers import" in c["source"]]
        assert shown and all({"image/png", "application/vnd.jupyter.widget-view+json"} & set(c["kinds"])
                             for c in shown), [c["kinds"] for c in shown]


def test_both_explorers_render_and_redraw(edition):
    root, python = edition
    out = json.loads(_run([python, "-c", RENDER_EXPLORERS], root).stdout)
    png = b"\x89PNG".hex()
    assert out["init"][:3] == [png, png, True] and out["init"][3] in ("vanishing", "stable", "exploding")
    assert out["playground"][:3] == [png, png, True] and out["playground"][3]


def test_course_py_in_the_edition(edition):
    root, _ = edition
    proc = _run(["python3", root / "course.py", "test"], root, check=False)
    assert proc.returncode == 2 and "student edition" in proc.stderr
    notebook = root / "notebooks" / "05_optimizers" / "05_optimizers.ipynb"
    proc = _run(["python3", root / "course.py", "check", notebook], root, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "sgd_update" in proc.stdout


def test_bundle_refuses_to_replace_without_force(edition, tmp_path):
    root, _ = edition
    proc = _run([sys.executable, "-m", "autograder", "bundle", root], REPO_ROOT, check=False)
    assert proc.returncode != 0 and "--force" in proc.stderr
    assert (root / ".venv").is_dir(), "a refused bundle must leave the existing folder alone"
    # --force replaces an existing folder (on the small sample course, to keep this quick)
    target = tmp_path / "again"
    target.mkdir()
    (target / "old.txt").write_text("old")
    sample = REPO_ROOT / "tests" / "pipeline" / "sample_course"
    env_work = tmp_path / "work"
    proc = subprocess.run([sys.executable, "-m", "autograder", "bundle", str(target), "--force", "--course", str(sample)],
                          cwd=str(tmp_path), capture_output=True, text=True, timeout=600,
                          env=dict(_clean_env(), AUTOGRADER_WORK_DIR=str(env_work), PATH=os.environ["PATH"]))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (target / "old.txt").exists() and (target / "notebooks" / "00_sample" / "00_sample.ipynb").is_file()
