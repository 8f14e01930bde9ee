"""Check your notebook before you submit it: `python -m backprop.selfcheck NOTEBOOK.ipynb`.

Runs the notebook top to bottom in a fresh kernel (it is not modified on disk), then prints
one line per graded test cell: passed, or failed with the test's message, and its points.
Exits with status 1 when a test fails (0 when all visible tests pass, 2 when the notebook
cannot be run). Only the visible tests run here; the grader also checks hidden cases
(other shapes, batch size 1, float32, ...), so passing is necessary, not sufficient.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path


def _test_cells(nb):
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            yield index, cell, meta


def _error_of(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out.get("ename", "Error"), out.get("evalue", "")
    return None


def run(path: Path, timeout: int = 120) -> tuple[list[dict], list[str]]:
    """Execute the notebook in a fresh kernel; return (rows per test cell, other problems)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    problems = []
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
    for index, cell, meta in _test_cells(nb):
        error = _error_of(cell)
        ran = cell.get("execution_count") is not None or cell.get("outputs")
        rows.append({"cell": meta.get("grade_id", f"cell {index + 1}"), "points": float(meta.get("points", 0)),
                     "passed": error is None and bool(ran),
                     "message": (f"{error[0]}: {error[1]}" if error else "" if ran else "did not run")})
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("grade"):
            error = _error_of(cell)
            if error and error[0] != "NotImplementedError":
                problems.append(f"cell {index + 1} raised {error[0]}: {error[1].splitlines()[0] if error[1] else ''}")
    return rows, problems


def format_table(name: str, rows: list[dict], problems: list[str]) -> str:
    lines = [f"Self-check of {name} (visible tests only; grading adds hidden cases)", ""]
    width = max([len(r["cell"]) for r in rows] + [9])
    lines.append(f"  {'test cell':<{width}}  {'points':>7}  result")
    for r in rows:
        got = r["points"] if r["passed"] else 0.0
        lines.append(f"  {r['cell']:<{width}}  {got:>3g}/{r['points']:<3g}  {'passed' if r['passed'] else 'FAILED'}")
        if not r["passed"] and r["message"]:
            for line in r["message"].splitlines()[:12]:
                lines.append(textwrap.indent(line, " " * (width + 16)))
    total = sum(r["points"] for r in rows)
    got = sum(r["points"] for r in rows if r["passed"])
    lines += ["", f"  visible tests passed: {sum(r['passed'] for r in rows)} of {len(rows)}   ({got:g} / {total:g} points)"]
    if problems:
        lines += ["", "Other problems:"] + [f"  - {p}" for p in problems]
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
    args = parser.parse_args(argv)
    path = args.notebook.resolve()
    if not path.is_file():
        print(f"no such notebook: {args.notebook}", file=sys.stderr)
        return 2
    try:
        rows, problems = run(path, args.timeout)
    except Exception as exc:  # unreadable notebook, no kernel, ...
        print(f"could not run {args.notebook}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(format_table(path.name, rows, problems))
    return 0 if rows and all(r["passed"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
