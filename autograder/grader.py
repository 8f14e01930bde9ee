"""Grade one submission (runs inside a grading worker; see pool.py).

    parse the file  ->  compare its cells with the release  ->  static scan
    ->  build the notebook to run: the student's cells, with every test / read-only cell
        taken from the release (so no hidden code and no edited test ever runs)
    ->  run it cell by cell in a kernel in its own bubblewrap sandbox (kernel.py)
    ->  grading calls, one per case with its own time limit (harness)
    ->  kill the kernel and everything it started  ->  compare outputs with the reference
        here, in the grader  ->  score per test cell (points from the SOURCE notebook,
        all-or-nothing across the exercise's cases)  ->  feedback HTML
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import harness, integrity, sandbox, spec
from autograder.integrity import Flag
from autograder.kernel import Limits, SandboxedKernel
from autograder.paths import Course

logging.getLogger("traitlets").setLevel(logging.CRITICAL)
logging.getLogger("nbformat").setLevel(logging.CRITICAL)


@dataclass
class Lesson:
    """What the grader needs about one lesson, loaded once per worker."""

    name: str
    exercises: list
    points: dict            # test cell grade_id -> points (from the SOURCE notebook)
    release: object         # the released notebook (nbformat node)
    forbidden: dict         # dotted reference name -> test cell
    problems: list          # spec problems (test cell without an Exercise, ...)

    @property
    def max_score(self) -> float:
        return float(sum(self.points.values()))


def load_lesson(course: Course, name: str) -> Lesson:
    source = nbformat.read(course.source_notebook(name), as_version=4)
    points = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            points[meta["grade_id"]] = float(meta.get("points", 0))
    exercises = spec.load_lesson(name, course.solutions)
    problems = []
    known = {ex.cell for ex in exercises}
    for gid in points:
        if gid not in known:
            problems.append(f"test cell {gid!r} has no Exercise in grading.py: it scores 0 for everyone")
    for ex in exercises:
        if ex.cell not in points:
            problems.append(f"Exercise {ex.cell!r} in grading.py matches no test cell: ignored")
    release_path = course.release_notebook(name)
    if not release_path.is_file():
        raise FileNotFoundError(f"{release_path} is missing: run `python -m autograder release` first")
    release = nbformat.read(release_path, as_version=4)
    forbidden = {}
    for ex in exercises:
        for dotted in ex.forbidden:
            forbidden[dotted] = ex.cell
    return Lesson(name, exercises, points, release, forbidden, problems)


# --------------------------------------------------------------------------- parsing

class NotGradable(Exception):
    """The file cannot be graded at all (the message says why, for the report)."""


def parse_notebook(data: bytes):
    if not data.strip():
        raise NotGradable("the file is empty (0 bytes of notebook)")
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotGradable("the file is not text (not a Jupyter notebook)") from None
    except json.JSONDecodeError as exc:
        raise NotGradable(f"the file is not valid JSON (corrupt or truncated notebook): {exc}") from None
    if not isinstance(raw, dict) or not ("cells" in raw or "worksheets" in raw) or "nbformat" not in raw:
        raise NotGradable("the file is JSON but not a Jupyter notebook")
    major = raw.get("nbformat")
    if not isinstance(major, int) or major < 4:
        raise NotGradable(f"the notebook uses the old format version {major}: open it in Jupyter, save it "
                          "(format 4) and submit again")
    if major > 4:
        raise NotGradable(f"the notebook format version {major} is not supported")
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as exc:
        raise NotGradable(f"the notebook could not be read: {exc}") from None
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise NotGradable("the file is JSON but not a Jupyter notebook (no list of cells)")
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw") \
                or not isinstance(cell.get("source", ""), str):
            raise NotGradable("the notebook has malformed cells")
        if not isinstance(cell.get("metadata", {}), dict):
            raise NotGradable("the notebook has malformed cell metadata")
    if not any(c.get("cell_type") == "code" and c.get("source", "").strip() for c in cells):
        raise NotGradable("the notebook is empty (no code cells)")
    return nb


def build_run_cells(release, submission) -> list:
    """The cells to execute: the student's cells in their order, with each release test /
    read-only cell inserted after the answer cell it follows in the release."""
    def gid(cell):
        meta = cell.get("metadata", {}).get("nbgrader")
        return meta.get("grade_id") if isinstance(meta, dict) else None

    locked = {gid(c) for c in release.cells if gid(c) and integrity.is_locked(c)}
    answers = [gid(c) for c in release.cells if gid(c) and not integrity.is_locked(c)]
    kept = []
    for cell in submission.cells:
        g = gid(cell)
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        if g in locked or (isinstance(meta, dict) and meta.get("grade") and not meta.get("solution")
                           and g not in answers):
            continue  # test cells always come from the release
        kept.append(cell)
    present = {gid(c) for c in kept if gid(c) in answers}
    groups: dict = {None: []}
    anchor = None
    for cell in release.cells:
        g = gid(cell)
        if g in present:
            anchor = g
            groups.setdefault(anchor, [])
        elif g in locked:
            groups.setdefault(anchor, []).append(copy.deepcopy(cell))
    out = list(groups.pop(None))
    for cell in kept:
        out.append(cell)
        g = gid(cell)
        if g in groups:
            out.extend(groups.pop(g))
    for rest in groups.values():
        out.extend(rest)
    return out


# --------------------------------------------------------------------------- grading

def _hidden_kind(message: str) -> str:
    """The kind of a failure, without values or shapes (what a student may see of a hidden case)."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    hint = ""
    for line in message.splitlines():
        if line.strip().startswith("Likely mistake:"):
            hint = " " + line.strip()
    if "expected shape" in first:
        kind = "wrong shape"
    elif "differ from the expected" in first:
        kind = "wrong values"
    elif "got None" in first:
        kind = "returned None (missing `return`?)"
    elif "results (" in first:
        kind = "wrong number of results"
    elif "missing the key" in first or "expected a dict" in first:
        kind = "wrong dict"
    elif "not an array of numbers" in first or "got the text" in first or "complex" in first:
        kind = "not numbers"
    else:
        kind = "wrong result"
    hint = hint.replace("\n", " ")
    return kind + ("." + hint if hint else ".")


def case_label(ex, index: int) -> str:
    """How reports name case `index` of `ex`: its label, or "hidden case N"."""
    case = ex.cases[index]
    return f"hidden case {sum(c.hidden for c in ex.cases[:index + 1])}" if case.hidden else case.label


def score_exercises(lesson: Lesson, case_outputs: dict, notes: dict) -> list[dict]:
    """Compare every exercise's outputs with the reference here; per test cell results."""
    rows = []
    for gid, points in lesson.points.items():
        try:
            ex = spec.find_exercise(lesson.exercises, gid)
        except KeyError:
            rows.append({"cell": gid, "points": 0.0, "max_points": points, "passed": False,
                         "cases": [], "note": "no grading spec for this cell (instructor: fix grading.py)"})
            continue
        cases = []
        outputs = case_outputs.get(gid)
        for index, case in enumerate(ex.cases):
            label = case_label(ex, index)
            if outputs is None:
                cases.append({"label": label, "hidden": case.hidden, "passed": False,
                              "message": notes.get(gid, "not run: the kernel had stopped")})
                continue
            got, failure = outputs[index]
            if failure is not None:
                etype, emsg = failure
                if etype == "NoResult" or etype == "BadOutput":
                    msg = emsg
                elif case.hidden:
                    msg = f"raised {etype}"
                else:
                    msg = f"{ex.label}: raised {etype}: {emsg}"
                cases.append({"label": label, "hidden": case.hidden, "passed": False, "message": msg})
                continue
            inputs = spec.make_inputs(lesson.name, ex, index)
            try:
                messages = spec.compare(ex, got, inputs)
            except Exception as exc:  # e.g. a check function choking on a weird output
                messages = [f"{ex.label}: the result could not be compared ({type(exc).__name__}: {exc})"]
            text = "\n".join(messages)
            if messages and case.hidden:
                text = _hidden_kind(text)
            cases.append({"label": label, "hidden": case.hidden, "passed": not messages, "message": text})
        passed = bool(cases) and all(c["passed"] for c in cases)
        rows.append({"cell": gid, "points": points if passed else 0.0, "max_points": points,
                     "passed": passed, "cases": cases})
    return rows


def grade_submission(course: Course, lesson: Lesson, job: dict, limits: Limits, user: dict | None,
                     work_dir: Path, isolated: bool = True) -> tuple[dict, object]:
    """Grade one job; return (result dict, executed notebook or None).

    Raises kernel.SandboxFailure when the sandbox or the kernel cannot be set up (the
    worker reports it as a grader failure, to be retried)."""
    started = time.monotonic()
    result = {"student_id": job["student_id"], "assignment": lesson.name, "submission": job.get("display_path"),
              "sha256": None, "score": 0.0, "max_score": lesson.max_score, "status": "graded", "reason": "",
              "exercises": [], "flags": [], "timing": {}}
    flags: list[Flag] = [Flag("grading spec", p) for p in lesson.problems]
    for note in job.get("notes", []):
        flags.append(Flag(note["kind"], note["message"]))
    empty_rows = lambda why: [{"cell": gid, "points": 0.0, "max_points": pts, "passed": False,
                              "cases": [], "note": why} for gid, pts in lesson.points.items()]
    path = job.get("path")
    if not path:
        result.update(status="not graded", reason=job.get("missing_reason", "no submission"),
                      exercises=empty_rows("no submission"))
        result["flags"] = [f.as_dict() for f in flags]
        return result, None
    data = Path(path).read_bytes()
    result["sha256"] = hashlib.sha256(data).hexdigest()
    try:
        nb = parse_notebook(data)
    except NotGradable as exc:
        flags.append(Flag("broken file", str(exc)))
        result.update(status="not graded", reason=str(exc), exercises=empty_rows(str(exc)))
        result["flags"] = [f.as_dict() for f in flags]
        return result, None

    flags += integrity.compare_cells(lesson.release, nb)
    release_sources = {integrity._norm(c.source) for c in lesson.release.cells}
    student_cells = [(f"cell {i + 1}" + (f" ({c.metadata.get('nbgrader', {}).get('grade_id')})"
                                          if isinstance(c.metadata.get("nbgrader"), dict) else ""), c.source)
                     for i, c in enumerate(nb.cells)
                     if c.cell_type == "code" and not integrity.is_locked(c)
                     and integrity._norm(c.source) not in release_sources]
    release_code = [c.source for c in lesson.release.cells if c.cell_type == "code"]
    flags += integrity.static_scan(student_cells, lesson.forbidden, context=release_code)

    run_cells = build_run_cells(lesson.release, nb)
    executed = nbformat.v4.new_notebook(cells=run_cells, metadata=copy.deepcopy(lesson.release.metadata))
    scratch = Path(tempfile.mkdtemp(prefix="k-", dir=work_dir))
    kernel = SandboxedKernel(scratch, limits, user, isolated=isolated)
    case_outputs: dict = {}
    notes: dict = {}
    cell_time = 0.0
    t_kernel = time.monotonic()
    try:
        kernel.start()
        result["timing"]["kernel_start"] = round(time.monotonic() - t_kernel, 3)
        stopped = ""
        for index, cell in enumerate(executed.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            cell.execution_count = None
            if stopped or not cell.source.strip():
                continue
            run = kernel.run(cell.source)
            cell_time += run.elapsed
            cell.outputs = run.outputs
            cell.execution_count = run.execution_count
            where = f"cell {index + 1}"
            if run.truncated:
                flags.append(Flag("output truncated", f"{where} printed more output than the grader keeps"))
            if run.status == "timeout":
                flags.append(Flag("timeout", f"{where}: {run.evalue}"))
                cell.outputs.append(_note_output(f"Stopped by the grader: {run.evalue}."))
            elif run.status in ("dead", "unresponsive"):
                stopped = run.evalue
                flags.append(Flag("kernel stopped", f"{where}: {run.evalue}"))
                cell.outputs.append(_note_output(f"The grader stopped here: {run.evalue}."))
            elif run.status == "error" and run.ename in ("SystemExit", "KeyboardInterrupt"):
                flags.append(Flag("error", f"{where} raised {run.ename}"))
        result["timing"]["cells"] = round(cell_time, 3)
        # grading calls: one harness cell per case, each with its own time limit
        t_h = time.monotonic()
        io_name = f"grading/run-{uuid.uuid4().hex[:12]}"
        try:
            io_box = kernel.box("grading").mkdir(io_name.split("/", 1)[1])
        except OSError as exc:
            stopped = stopped or _scratch_problem(exc)
        for ex in lesson.exercises:
            if ex.cell not in lesson.points:
                continue
            if stopped or not kernel.alive():
                notes[ex.cell] = f"not run: {stopped or kernel.dead_reason or kernel.exit_description()}"
                continue
            all_inputs = [spec.make_inputs(lesson.name, ex, i) for i in range(len(ex.cases))]
            tag = uuid.uuid4().hex[:12]
            data, kinds = harness.encode_inputs(all_inputs)
            try:
                io_box.write_bytes(f"in-{tag}.npz", data)
                out_box = io_box.mkdir(f"out-{tag}")
            except OSError as exc:
                stopped = _scratch_problem(exc)
                notes[ex.cell] = f"not run: {stopped}"
                flags.append(Flag("kernel stopped", stopped))
                continue
            outputs = []
            for index, case in enumerate(ex.cases):
                if stopped or not kernel.alive():
                    outputs.append((None, ("NoResult", f"not run: {stopped or kernel.exit_description()}")))
                    continue
                code = harness.harness_cell(ex.call, ex.cell, kernel.inside(f"{io_name}/in-{tag}.npz"),
                                            kernel.inside(f"{io_name}/out-{tag}"), kinds, cases=[index])
                run = kernel.run(code, keep_outputs=False)
                label = case_label(ex, index)
                if run.status in ("timeout", "unresponsive"):
                    flags.append(Flag("timeout", f"grading {ex.cell}, {label}: {run.evalue}"))
                if run.status in ("dead", "unresponsive"):
                    stopped = run.evalue
                    flags.append(Flag("kernel stopped", f"while grading {ex.cell}, {label}: {run.evalue}"))
                outputs.append(harness.read_case(out_box.sub(str(index))))
            case_outputs[ex.cell] = outputs
        result["timing"]["harness"] = round(time.monotonic() - t_h, 3)
    finally:
        t_stop = time.monotonic()
        strays = kernel.stop()
        result["timing"]["kernel_stop"] = round(time.monotonic() - t_stop, 3)
        if strays:
            flags.append(Flag("stray processes", f"{strays} process(es) started by the notebook were killed "
                              "after grading"))
        shutil.rmtree(scratch, ignore_errors=True)
    rows = score_exercises(lesson, case_outputs, notes)
    result["exercises"] = rows
    result["score"] = float(sum(r["points"] for r in rows))
    result["flags"] = [f.as_dict() for f in _dedupe(flags)]
    result["timing"]["total"] = round(time.monotonic() - started, 3)
    return result, executed


def _scratch_problem(exc: OSError) -> str:
    return (f"the grader could not put the grading inputs into the notebook's scratch folder "
            f"({exc.strerror or exc}): the notebook filled it or changed it")


def _note_output(text: str):
    return nbformat.v4.new_output("stream", name="stderr", text=f"[grader] {text}\n")


def _dedupe(flags):
    seen, out = set(), []
    for f in flags:
        if (f.kind, f.message) not in seen:
            seen.add((f.kind, f.message))
            out.append(f)
    return out
