"""Check your notebook before you submit it: `python -m backprop.selfcheck NOTEBOOK.ipynb`.

Runs the notebook top to bottom in a fresh kernel (it is not modified on disk), then prints
one line per graded test cell: passed, or failed with the test's message, and its points.
Exits with status 1 when a test fails (0 when all visible tests pass, 2 when the notebook
cannot be run). Only the visible tests run here; the grader also checks hidden cases
(other shapes, batch size 1, float32, ...), so passing is necessary, not sufficient.

Before running, it looks at what grading will look at:

- the file on disk is what gets checked and submitted: when it is older than JupyterLab's
  checkpoint (`.ipynb_checkpoints/NAME-checkpoint.ipynb`), your latest work is probably
  not saved, and it says so;
- test cells are restored from the release at grading. Each test cell carries nbgrader's
  checksum of its released text; a cell whose text no longer matches (edited), or that is
  missing (deleted), is reported, and the released cell is run in its place when the
  released notebook can be found (`--release`, a `notebooks/NAME/NAME.ipynb` in a folder
  above, or the notebook's last git commit). Without it the test does not count as passed.

When a test fails because a function it relies on is broken, the report names the first
failing exercise whose functions that test (or the functions it checks) use: fix that first.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

STUB_MARK = "replace this line with your code"


# --------------------------------------------------------------------------- nbgrader metadata

def _meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def is_test_cell(cell) -> bool:
    meta = _meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_answer_cell(cell) -> bool:
    return cell.get("cell_type") == "code" and bool(_meta(cell).get("solution"))


def checksum(cell) -> str:
    """nbgrader's checksum of a cell (`nbgrader.utils.compute_checksum`), computed without
    nbgrader, which a student's environment does not have."""
    meta = _meta(cell)
    solution, grade = bool(meta.get("solution", False)), bool(meta.get("grade", False))
    locked = False if solution else True if grade else bool(meta.get("locked", False))
    m = hashlib.md5()
    for part in (_source(cell), cell.get("cell_type", ""), str(meta.get("grade", False)),
                 str(meta.get("solution", False)), str(locked), str(meta.get("grade_id", ""))):
        m.update(str(part).encode("utf-8"))
    if grade:
        m.update(str(float(meta.get("points", 0))).encode("utf-8"))
    return m.hexdigest()


def _intact(cell) -> bool:
    stored = _meta(cell).get("checksum")
    return bool(stored) and stored == checksum(cell)


# --------------------------------------------------------------------------- saved or not

def checkpoint_of(path: Path) -> Path:
    return path.parent / ".ipynb_checkpoints" / f"{path.stem}-checkpoint{path.suffix}"


def saving_warnings(path: Path) -> list[str]:
    """Signs that the file on disk is not the student's latest work."""
    out = []
    cp = checkpoint_of(path)
    if cp.is_file() and cp.stat().st_mtime > path.stat().st_mtime + 1.0:
        out.append(f"{path.name} on disk is older than its JupyterLab checkpoint ({cp.parent.name}/{cp.name}): "
                   "your latest work is probably not saved. Save it in JupyterLab (File > Save Notebook, "
                   "Ctrl+S), then run the self-check again: it checks, and you submit, the file on disk.")
    return out


# --------------------------------------------------------------------------- the released cells

def _read(path_or_text):
    import nbformat

    if isinstance(path_or_text, Path):
        return nbformat.read(str(path_or_text), as_version=4)
    return nbformat.reads(path_or_text, as_version=4)


def _released_candidates(path: Path, release: Path | None):
    """(where, notebook) pairs that may hold the released version of `path`, best first."""
    if release is not None:
        yield str(release), (lambda: _read(release))
    for folder in [path.parent, *path.parents]:
        other = folder / "notebooks" / path.stem / path.name
        if other.is_file() and other.resolve() != path.resolve():
            yield str(other), (lambda other=other: _read(other))
            break
    try:
        top = subprocess.run(["git", "-C", str(path.parent), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=10)
        if top.returncode == 0:
            rel = path.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
            shown = subprocess.run(["git", "-C", top.stdout.strip(), "show", f"HEAD:{rel}"],
                                   capture_output=True, text=True, timeout=10)
            if shown.returncode == 0:
                yield f"git HEAD:{rel}", (lambda text=shown.stdout: _read(text))
    except (OSError, ValueError, subprocess.SubprocessError):
        pass


def find_release(path: Path, release: Path | None = None):
    """(where, notebook) of the first candidate whose test cells all match their checksums,
    or (None, None)."""
    for where, load in _released_candidates(path, release):
        try:
            nb = load()
        except Exception:  # noqa: BLE001 - an unreadable candidate is skipped
            continue
        tests = [c for c in nb.cells if is_test_cell(c)]
        if tests and all(_intact(c) for c in tests):
            return where, nb
    return None, None


def restore_test_cells(nb, released) -> tuple[object, dict[str, str]]:
    """A copy of `nb` whose edited or deleted test cells are the released ones (when
    `released` is given). Returns (notebook to run, {grade_id: "edited" | "deleted"})."""
    nb = copy.deepcopy(nb)
    status: dict[str, str] = {}
    by_id = {}
    for cell in nb.cells:
        gid = _meta(cell).get("grade_id")
        if gid and is_test_cell(cell):
            by_id.setdefault(gid, cell)
    reference = [c for c in released.cells if is_test_cell(c)] if released is not None else \
        [c for c in nb.cells if is_test_cell(c)]
    for ref in reference:
        gid = _meta(ref).get("grade_id")
        mine = by_id.get(gid)
        if mine is not None:
            # its own checksum says whether it was edited (a notebook of an older or newer
            # release than `released` has other but intact test cells: it is left alone)
            if not _intact(mine):
                status[gid] = "edited"
                if released is not None:
                    mine["source"] = _source(ref)
                    mine["metadata"]["nbgrader"] = dict(_meta(ref))
            continue
        status[gid] = "deleted"
        if released is None:
            continue
        # put it back after the cell that precedes it in the release (found by grade id)
        ids = [_meta(c).get("grade_id") for c in released.cells]
        at = len(nb.cells)
        for before in reversed(ids[:ids.index(gid)]):
            hits = [i for i, c in enumerate(nb.cells) if before and _meta(c).get("grade_id") == before]
            if hits:
                at = hits[0] + 1
                break
        nb.cells.insert(at, copy.deepcopy(ref))
    return nb, status


# --------------------------------------------------------------------------- which exercise broke

def _names(source: str) -> tuple[set[str], set[str]]:
    """(names defined at the top level, names used anywhere) of a cell's code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(), set()
    defined = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                defined |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    return defined, used


def exercises(nb) -> list[dict]:
    """Per graded test cell, in order: its grade id, the names its exercise defines (the
    answer cells since the previous test cell) and the names the test and those answers use."""
    out, defined, used = [], set(), set()
    for cell in nb.cells:
        if is_answer_cell(cell):
            d, u = _names(_source(cell))
            defined |= d
            used |= u
        elif is_test_cell(cell):
            _, u = _names(_source(cell))
            out.append({"cell": _meta(cell).get("grade_id"), "defines": defined, "uses": used | u})
            defined, used = set(), set()
    return out


def likely_causes(nb, failed: set[str]) -> dict[str, tuple[str, str]]:
    """{failing test cell: (earlier failing test cell, the function of it that is used)} for
    failures that use, directly or through other exercises, a function whose own test failed."""
    ex = exercises(nb)
    causes = {}
    for j, later in enumerate(ex):
        if later["cell"] not in failed:
            continue
        for i in range(j):
            earlier = ex[i]
            if earlier["cell"] not in failed or earlier["cell"] == later["cell"]:
                continue
            reach, todo = set(), set(later["uses"])
            while todo:                  # names used, following exercises' own uses
                name = todo.pop()
                if name in reach:
                    continue
                reach.add(name)
                for other in ex[:j]:
                    if name in other["defines"]:
                        todo |= other["uses"] - reach
            common = sorted(earlier["defines"] & reach)
            if common:
                causes[later["cell"]] = (earlier["cell"], common[0])
                break
    return causes


# --------------------------------------------------------------------------- running

def _error_of(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out.get("ename", "Error"), out.get("evalue", "")
    return None


def run(path: Path, timeout: int = 120, release: Path | None = None) -> tuple[list[dict], list[str]]:
    """Execute the notebook in a fresh kernel; return (rows per test cell, other problems).

    Each row: cell, points, passed, message, and notes (edited/deleted test cell, likely
    cause). Problems include the warnings about unsaved work, which come first."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    original = _read(path)
    problems = saving_warnings(path)
    where, released = find_release(path, release)
    nb, status = restore_test_cells(original, released)
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        # the kernel process's own log lines (e.g. ipykernel's transport warning) are not for students
        client.execute(stderr=subprocess.DEVNULL)
    except CellTimeoutError as exc:
        problems.append(f"a cell ran longer than {timeout} s and was stopped: {str(exc).splitlines()[0]}")
    except DeadKernelError:
        problems.append("the kernel died while running the notebook (out of memory? os._exit? exit()?)")
    rows = []
    tests = [c for c in nb.cells if is_test_cell(c)]
    for index, cell in enumerate(nb.cells):
        if not is_test_cell(cell):
            continue
        meta = _meta(cell)
        gid = meta.get("grade_id", f"cell {index + 1}")
        error = _error_of(cell)
        ran = cell.get("execution_count") is not None or cell.get("outputs")
        notes = []
        passed = error is None and bool(ran)
        if gid in status:
            what = status[gid]
            if released is not None:
                notes.append(f"this test cell was {what}; grading restores the released cell, so the "
                             f"self-check ran that one (from {where}).")
            else:
                passed = False
                notes.append(f"this test cell was {what}; grading restores the released cell, which "
                             "is not available here, so this test does not count: "
                             + ("undo your edit." if what == "edited" else "copy the cell back from a fresh notebook."))
        message = f"{error[0]}: {error[1]}" if error else "" if ran else "did not run"
        rows.append({"cell": gid, "points": float(meta.get("points", 0)), "passed": passed,
                     "message": message, "notes": notes, "stub": bool(error and STUB_MARK in error[1])})
    causes = likely_causes(nb, {r["cell"] for r in rows if not r["passed"]})
    for r in rows:
        if r["cell"] in causes:
            first, name = causes[r["cell"]]
            r["notes"].insert(0, f"likely cause: {name} is broken ({first} failed first): fix it, then rerun.")
            r["cause"] = first
    if any(r["stub"] for r in rows):
        problems.append("some functions are still the stub (`raise NotImplementedError(...)`) in the file "
                        "on disk: if you have written them in JupyterLab, save the notebook (Ctrl+S) first.")
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") == "code" and not _meta(cell).get("grade"):
            error = _error_of(cell)
            if error and error[0] != "NotImplementedError":
                problems.append(f"cell {index + 1} raised {error[0]}: {error[1].splitlines()[0] if error[1] else ''}")
    if not tests and released is not None:
        problems.append("the notebook has no graded test cells, but its release has some")
    return rows, problems


def format_table(name: str, rows: list[dict], problems: list[str]) -> str:
    lines = [f"Self-check of {name} (visible tests only; grading adds hidden cases)", ""]
    saving = [p for p in problems if "not saved" in p]
    if saving:
        lines += ["WARNING: " + p for p in saving] + [""]
    width = max([len(r["cell"]) for r in rows] + [9])
    indent = " " * (width + 16)
    lines.append(f"  {'test cell':<{width}}  {'points':>7}  result")
    for r in rows:
        got = r["points"] if r["passed"] else 0.0
        lines.append(f"  {r['cell']:<{width}}  {got:>3g}/{r['points']:<3g}  {'passed' if r['passed'] else 'FAILED'}")
        for note in r.get("notes", []):
            lines.append(indent + note)
        if not r["passed"] and r["message"]:
            limit = 3 if r.get("cause") else 12
            for line in r["message"].splitlines()[:limit]:
                lines.append(textwrap.indent(line, indent))
    total = sum(r["points"] for r in rows)
    got = sum(r["points"] for r in rows if r["passed"])
    lines += ["", f"  visible tests passed: {sum(r['passed'] for r in rows)} of {len(rows)}   ({got:g} / {total:g} points)"]
    others = [p for p in problems if p not in saving]
    if others:
        lines += ["", "Other problems:"] + [f"  - {p}" for p in others]
    if not rows:
        lines.append("  (no graded test cells found: is this a course notebook?)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backprop.selfcheck",
        description="Run a course notebook in a fresh kernel and report its visible tests, one line per "
                    "test cell. The notebook file is not changed. Exit status: 0 all passed, 1 a test "
                    "failed, 2 the notebook could not be run.")
    parser.add_argument("notebook", type=Path, help="the .ipynb file to check")
    parser.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell (default 120)")
    parser.add_argument("--release", type=Path, default=None,
                        help="the released notebook, to restore edited or deleted test cells from "
                             "(default: notebooks/NAME/NAME.ipynb above it, or its last git commit)")
    args = parser.parse_args(argv)
    path = args.notebook.resolve()
    if not path.is_file():
        print(f"no such notebook: {args.notebook}", file=sys.stderr)
        return 2
    try:
        rows, problems = run(path, args.timeout, args.release)
    except Exception as exc:  # unreadable notebook, no kernel, ...
        print(f"could not run {args.notebook}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(format_table(path.name, rows, problems))
    return 0 if rows and all(r["passed"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
