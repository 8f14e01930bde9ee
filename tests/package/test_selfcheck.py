"""The student's self-check: unsaved work, edited or deleted test cells, the first broken function."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.paths import REPO_ROOT, Course
from backprop import selfcheck
from support.mutants import mutant_files, parse_mutant
from support.notebooks import SAMPLE_COURSE, find_cell, read, solved, write

REPO = Course.at(REPO_ROOT)
SAMPLE = Course.at(SAMPLE_COURSE)


def _all_notebooks():
    paths = [REPO.release_notebook(lesson) for lesson in REPO.lessons()]
    paths += [REPO.source_notebook(lesson) for lesson in REPO.lessons()]
    return paths + [SAMPLE.release_notebook("00_sample")]


@pytest.mark.parametrize("path", _all_notebooks(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_checksum_is_nbgraders(path):
    from nbgrader.utils import compute_checksum

    nb = read(path)
    cells = [c for c in nb.cells if "nbgrader" in c.metadata and "grade_id" in c.metadata.nbgrader]
    assert cells
    for cell in cells:
        assert selfcheck.checksum(cell) == compute_checksum(cell), cell.metadata.nbgrader["grade_id"]
        edited = copy.deepcopy(cell)
        edited.source += "\n"
        assert selfcheck.checksum(edited) != compute_checksum(cell)


def test_released_test_cells_carry_matching_checksums():
    for lesson in REPO.lessons():
        tests = [c for c in read(REPO.release_notebook(lesson)).cells if selfcheck.is_test_cell(c)]
        assert tests and all(selfcheck._intact(c) for c in tests), lesson


def test_a_checkpoint_newer_than_the_file_means_unsaved_work(tmp_path):
    nb = write(read(SAMPLE.release_notebook("00_sample")), tmp_path / "00_sample.ipynb")
    assert selfcheck.saving_warnings(nb) == []                    # no checkpoint at all
    cp = selfcheck.checkpoint_of(nb)
    cp.parent.mkdir()
    cp.write_bytes(nb.read_bytes())
    t = nb.stat().st_mtime
    os.utime(cp, (t - 60, t - 60))
    assert selfcheck.saving_warnings(nb) == []                    # saved after the checkpoint
    os.utime(cp, (t + 60, t + 60))
    (warning,) = selfcheck.saving_warnings(nb)
    assert "older than its JupyterLab checkpoint" in warning and "Ctrl+S" in warning


def _edited_and_deleted(nb):
    nb = copy.deepcopy(nb)
    _, cell = find_cell(nb, "test_relu")
    cell.source = "print('ok')"
    index, _ = find_cell(nb, "test_mse")
    del nb.cells[index]
    return nb


def test_edited_and_deleted_test_cells_are_put_back_from_the_release():
    release = read(SAMPLE.release_notebook("00_sample"))
    nb, status = selfcheck.restore_test_cells(_edited_and_deleted(release), release)
    assert status == {"test_relu": "edited", "test_mse": "deleted"}
    assert [c.source for c in nb.cells] == [c.source for c in release.cells]
    # without a release, the checksum still tells an edited cell
    nb, status = selfcheck.restore_test_cells(_edited_and_deleted(release), None)
    assert status == {"test_relu": "edited"} and find_cell(nb, "test_relu")[1].source == "print('ok')"


def test_a_release_is_found_above_the_notebook_and_must_match_its_checksums(tmp_path):
    course = tmp_path / "course"
    write(read(SAMPLE.release_notebook("00_sample")), course / "notebooks" / "00_sample" / "00_sample.ipynb")
    mine = write(read(SAMPLE.release_notebook("00_sample")), course / "work" / "00_sample.ipynb")
    where, nb = selfcheck.find_release(mine)
    assert where == str(course / "notebooks" / "00_sample" / "00_sample.ipynb") and nb is not None
    tampered = _edited_and_deleted(read(SAMPLE.release_notebook("00_sample")))
    write(tampered, course / "notebooks" / "00_sample" / "00_sample.ipynb")
    assert selfcheck.find_release(mine) == (None, None)


def _run_selfcheck(path: Path, *extra) -> subprocess.CompletedProcess:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-m", "backprop.selfcheck", str(path), *extra],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
def test_print_ok_instead_of_a_test_no_longer_passes(tmp_path):
    # the untouched release with its first test replaced by print('ok'): the stub is still there
    nb = read(SAMPLE.release_notebook("00_sample"))
    find_cell(nb, "test_relu")[1].source = "print('ok')"
    path = write(nb, tmp_path / "00_sample.ipynb")
    alone = _run_selfcheck(path)
    assert alone.returncode == 1, alone.stdout + alone.stderr
    row = next(line for line in alone.stdout.splitlines() if line.strip().startswith("test_relu"))
    assert "FAILED" in row and "does not count" in alone.stdout and "edited" in alone.stdout
    with_release = _run_selfcheck(path, "--release", str(SAMPLE.release_notebook("00_sample")))
    assert with_release.returncode == 1
    assert "relu: replace this line with your code." in with_release.stdout
    assert "grading restores the released cell, so the self-check ran that one" in with_release.stdout
    # solved, the same edit passes because the released test runs and passes
    nb = solved(SAMPLE, "00_sample")
    find_cell(nb, "test_relu")[1].source = "print('ok')"
    path = write(nb, tmp_path / "solved" / "00_sample.ipynb")
    done = _run_selfcheck(path, "--release", str(SAMPLE.release_notebook("00_sample")))
    assert done.returncode == 0, done.stdout
    assert "5 / 5 points" in done.stdout and "edited" in done.stdout


def test_likely_cause_follows_the_functions_a_test_uses():
    nb = read(REPO.release_notebook("03_backprop_mlp"))
    ex = selfcheck.exercises(nb)
    order = [e["cell"] for e in ex]
    mse = next(e for e in ex if "mse_loss" in e["defines"])
    users = [e["cell"] for e in ex if "mse_loss" in e["uses"] and e is not mse]
    assert users, "no later exercise of lesson 03 uses mse_loss"
    failed = {mse["cell"], *users}
    causes = selfcheck.likely_causes(nb, failed)
    for cell in users:
        assert causes[cell] == (mse["cell"], "mse_loss"), cell
    assert mse["cell"] not in causes
    # a failure that shares no function with the other failing exercise has no cause named
    first = order[0]
    independent = [e["cell"] for e in ex[1:] if not (e["uses"] & ex[0]["defines"])]
    assert independent
    assert selfcheck.likely_causes(nb, {first, independent[-1]}) == {}


@pytest.mark.slow
def test_a_broken_mse_loss_is_named_as_the_cause_of_later_failures(tmp_path):
    lesson = "03_backprop_mlp"
    mutant = next(parse_mutant(p) for p in mutant_files(REPO, lesson)
                  if parse_mutant(p)["replaces"] == ["mse_loss"] and "sign" in p.stem)
    nb = solved(REPO, lesson)
    find_cell(nb, "mse_loss")[1].source = mutant["source"]
    path = write(nb, tmp_path / f"{lesson}.ipynb")
    done = _run_selfcheck(path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    failed = [line.split()[0] for line in lines if line.strip().endswith("FAILED")]
    assert failed[0] == "test_mse_loss" and len(failed) > 1, done.stdout
    for cell in failed[1:]:
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(cell))
        assert "likely cause: mse_loss is broken (test_mse_loss failed first)" in lines[at + 1], done.stdout
