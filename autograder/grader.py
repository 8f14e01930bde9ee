"""Grade one submission (runs inside a grading worker; see pool.py), in four named steps:

    parse      the file -> a notebook, or NotGradable (the report says why)
    assemble   compare its cells with the release, static scan; the notebook to run: the
               student's cells with every test / read-only cell taken from the release (so no
               hidden code and no edited test ever runs)
    run        cell by cell in a kernel in its own bubblewrap sandbox (kernel.py), then the
               grading calls, one per case with its own time limit (harness, in_kernel.py),
               on inputs made here (hidden ones salted per course and student); then kill
               the kernel and everything it started
    score      compare the outputs with the reference here, in the grader; points per test
               cell from the SOURCE notebook, all-or-nothing across the exercise's cases

The result is a `records.SubmissionResult`; a failed case carries the kind of failure the
grader computed (diagnosis.py), which is all a student sees of a hidden case.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import cells, harness, in_kernel, integrity, spec
from autograder.diagnosis import Diagnosis, FailureKind
from autograder.kernel import Limits, SandboxedKernel
from autograder.paths import Course
from autograder.records import NOT_GRADED, CaseResult, ExerciseResult, Flag, SubmissionResult

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

    def graded_exercises(self) -> list:
        """The exercises whose test cell carries points (the others are reported as problems)."""
        return [ex for ex in self.exercises if ex.cell in self.points]


def load_lesson(course: Course, name: str) -> Lesson:
    source = nbformat.read(course.source_notebook(name), as_version=4)
    points = {cells.grade_id(cell): cells.points(cell) for cell in source.cells
              if cells.is_test(cell) and cells.grade_id(cell)}
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
    gid = cells.grade_id
    locked = {gid(c) for c in release.cells if gid(c) and cells.is_locked(c)}
    answers = [gid(c) for c in release.cells if gid(c) and not cells.is_locked(c)]
    kept = []
    for cell in submission.cells:
        g = gid(cell)
        if g in locked or (cells.is_test(cell) and g not in answers):
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


# --------------------------------------------------------------------------- the steps

CaseOutcome = tuple  # (outputs, None) or (None, Diagnosis): what one grading case handed back


@dataclass
class SandboxRun:
    """What the run step produced: each exercise's case outcomes, and what happened on the way."""

    executed: object                                   # the notebook as run, with its outputs
    outcomes: dict = field(default_factory=dict)       # test cell -> [CaseOutcome per case]
    not_run: dict = field(default_factory=dict)        # test cell -> why its cases did not run
    flags: list = field(default_factory=list)
    timing: dict = field(default_factory=dict)


def case_label(ex, index: int) -> str:
    """How reports name case `index` of `ex`: its label, or "hidden case N"."""
    case = ex.cases[index]
    return f"hidden case {sum(c.hidden for c in ex.cases[:index + 1])}" if case.hidden else case.label


def parse(job: dict) -> tuple:
    """Step 1: (notebook, sha256 of the file); NotGradable when it cannot be graded."""
    data = Path(job["path"]).read_bytes()
    return parse_notebook(data), hashlib.sha256(data).hexdigest()


def assemble(lesson: Lesson, nb) -> tuple:
    """Step 2: (the notebook to run, integrity flags)."""
    flags = integrity.compare_cells(lesson.release, nb)
    release_sources = {cells.normalized_source(c) for c in lesson.release.cells}
    student_cells = [(f"cell {i + 1}" + (f" ({cells.grade_id(c)})" if cells.grade_id(c) else ""), cells.source(c))
                     for i, c in enumerate(nb.cells)
                     if c.cell_type == "code" and not cells.is_locked(c)
                     and cells.normalized_source(c) not in release_sources]
    release_code = [c.source for c in lesson.release.cells if c.cell_type == "code"]
    flags += integrity.static_scan(student_cells, lesson.forbidden, context=release_code)
    executed = nbformat.v4.new_notebook(cells=build_run_cells(lesson.release, nb),
                                        metadata=copy.deepcopy(lesson.release.metadata))
    return executed, flags


def run_in_sandbox(lesson: Lesson, executed, hidden_salt: str, limits: Limits, user: dict | None,
                   work_dir: Path, isolated: bool = True) -> SandboxRun:
    """Step 3: run the notebook's cells, then every case of every exercise, in one sandboxed
    kernel; kill it and everything it started. Raises kernel.SandboxFailure when the sandbox
    or the kernel cannot be set up (the worker retries: the grader's problem, not the student's)."""
    run = SandboxRun(executed)
    scratch = Path(tempfile.mkdtemp(prefix="k-", dir=work_dir))
    kernel = SandboxedKernel(scratch, limits, user, isolated=isolated)
    t_kernel = time.monotonic()
    try:
        kernel.start()
        run.timing["kernel_start"] = round(time.monotonic() - t_kernel, 3)
        stopped = _run_cells(kernel, executed, run)
        t_h = time.monotonic()
        _run_cases(kernel, lesson, hidden_salt, run, stopped)
        run.timing["harness"] = round(time.monotonic() - t_h, 3)
    finally:
        t_stop = time.monotonic()
        strays = kernel.stop()
        run.timing["kernel_stop"] = round(time.monotonic() - t_stop, 3)
        if strays:
            run.flags.append(Flag("stray processes", f"{strays} process(es) started by the notebook were killed "
                                  "after grading"))
        shutil.rmtree(scratch, ignore_errors=True)
    return run


def _run_cells(kernel: SandboxedKernel, executed, run: SandboxRun) -> str:
    """Execute the notebook's code cells; return why the kernel stopped ("" if it did not)."""
    stopped, cell_time = "", 0.0
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        if stopped or not cell.source.strip():
            continue
        ran = kernel.run(cell.source)
        cell_time += ran.elapsed
        cell.outputs = ran.outputs
        cell.execution_count = ran.execution_count
        where = f"cell {index + 1}"
        if ran.truncated:
            run.flags.append(Flag("output truncated", f"{where} printed more output than the grader keeps"))
        if ran.status == "timeout":
            run.flags.append(Flag("timeout", f"{where}: {ran.evalue}"))
            cell.outputs.append(_note_output(f"Stopped by the grader: {ran.evalue}."))
        elif ran.status in ("dead", "unresponsive"):
            stopped = ran.evalue
            run.flags.append(Flag("kernel stopped", f"{where}: {ran.evalue}"))
            cell.outputs.append(_note_output(f"The grader stopped here: {ran.evalue}."))
        elif ran.status == "error" and ran.ename in ("SystemExit", "KeyboardInterrupt"):
            run.flags.append(Flag("error", f"{where} raised {ran.ename}"))
    run.timing["cells"] = round(cell_time, 3)
    return stopped


def _run_cases(kernel: SandboxedKernel, lesson: Lesson, hidden_salt: str, run: SandboxRun, stopped: str) -> None:
    """The grading calls: one harness cell per case, each with its own time limit."""
    io_name = f"grading/run-{uuid.uuid4().hex[:12]}"
    module = kernel.inside(f"{io_name}/{harness.KERNEL_MODULE}")
    try:
        io_box = kernel.box("grading").mkdir(io_name.split("/", 1)[1])
        io_box.write_bytes(harness.KERNEL_MODULE, in_kernel.source().encode("utf-8"))
    except OSError as exc:
        stopped = stopped or _scratch_problem(exc)
    for ex in lesson.graded_exercises():
        if stopped or not kernel.alive():
            run.not_run[ex.cell] = f"not run: {stopped or kernel.dead_reason or kernel.exit_description()}"
            continue
        tag = uuid.uuid4().hex[:12]
        data, kinds = harness.encode_inputs([spec.grading_inputs(lesson.name, ex, i, hidden_salt)
                                             for i in range(len(ex.cases))])
        try:
            io_box.write_bytes(f"in-{tag}.npz", data)
            out_box = io_box.mkdir(f"out-{tag}")
        except OSError as exc:
            stopped = _scratch_problem(exc)
            run.not_run[ex.cell] = f"not run: {stopped}"
            run.flags.append(Flag("kernel stopped", stopped))
            continue
        outcomes = []
        for index in range(len(ex.cases)):
            label = case_label(ex, index)
            if stopped or not kernel.alive():
                why = f"not run: {stopped or kernel.exit_description()}"
                outcomes.append((None, Diagnosis(FailureKind.NO_RESULT, why)))
                continue
            try:
                out_box.mkdir(str(index))  # empty, made by the grader just before the call
            except FileExistsError:
                run.flags.append(Flag("results tampered", f"grading {ex.cell}, {label}: the notebook created the "
                                      "case's result folder before the call"))
                outcomes.append((None, Diagnosis(FailureKind.BAD_OUTPUT, "the notebook forged this case's result")))
                continue
            except OSError as exc:
                stopped = _scratch_problem(exc)
                outcomes.append((None, Diagnosis(FailureKind.NO_RESULT, f"not run: {stopped}")))
                continue
            code = harness.harness_cell(module, ex.call, ex.cell, kernel.inside(f"{io_name}/in-{tag}.npz"),
                                        kernel.inside(f"{io_name}/out-{tag}"), kinds, cases=[index])
            ran = kernel.run(code, keep_outputs=False)
            # what the student sees of a hidden case is its kind: not the kernel's exit code
            why = "the kernel stopped on a hidden case" if ex.cases[index].hidden else ran.evalue
            if ran.status in ("timeout", "unresponsive"):
                run.flags.append(Flag("timeout", f"grading {ex.cell}, {label}: {ran.evalue}"))
            if ran.status in ("dead", "unresponsive"):
                stopped = why
                run.flags.append(Flag("kernel stopped", f"while grading {ex.cell}, {label}: {why}"))
                if why != ran.evalue:
                    run.flags.append(Flag("hidden case crash", f"{ex.cell}, {label}: {ran.evalue}"))
            if ran.status in ("timeout", "unresponsive"):
                outcomes.append((None, Diagnosis(FailureKind.TIMED_OUT, f"{label}: {ran.evalue}")))
            else:
                outcomes.append(harness.read_case(out_box.sub(str(index))))
        run.outcomes[ex.cell] = outcomes


def score(lesson: Lesson, run: SandboxRun, hidden_salt: str) -> list[ExerciseResult]:
    """Step 4: compare every exercise's outputs with the reference here; per test cell results."""
    rows = []
    for gid, points in lesson.points.items():
        try:
            ex = spec.find_exercise(lesson.exercises, gid)
        except KeyError:
            rows.append(ExerciseResult(gid, 0.0, points, False,
                                       note="no grading spec for this cell (instructor: fix grading.py)"))
            continue
        outcomes = run.outcomes.get(gid)
        cases = []
        for index, case in enumerate(ex.cases):
            label = case_label(ex, index)
            if outcomes is None:
                why = run.not_run.get(gid, "not run: the kernel had stopped")
                cases.append(CaseResult.failed(label, case.hidden, Diagnosis(FailureKind.NOT_RUN, why)))
                continue
            cases.append(score_case(lesson, ex, index, outcomes[index], hidden_salt, label))
        passed = bool(cases) and all(c.passed for c in cases)
        rows.append(ExerciseResult(gid, points if passed else 0.0, points, passed, cases))
    return rows


def score_case(lesson: Lesson, ex, index: int, outcome: CaseOutcome, hidden_salt: str, label: str) -> CaseResult:
    """One case: the kernel's failure as it is, or the comparison of its outputs here."""
    hidden = ex.cases[index].hidden
    got, failure = outcome
    if failure is None:
        inputs = spec.grading_inputs(lesson.name, ex, index, hidden_salt)
        try:
            failure = spec.diagnose_case(ex, got, inputs)
        except Exception as exc:  # e.g. a check function choking on a weird output
            failure = Diagnosis(FailureKind.NOT_COMPARED,
                                f"{ex.label}: the result could not be compared ({type(exc).__name__}: {exc})")
        if failure is None:
            return CaseResult(label, hidden, True)
    elif failure.kind is FailureKind.RAISED:
        failure = Diagnosis(failure.kind, f"{ex.label}: {failure.message}")
    return CaseResult.failed(label, hidden, failure)


def grade_submission(course: Course, lesson: Lesson, job: dict, limits: Limits, user: dict | None,
                     work_dir: Path, isolated: bool = True) -> tuple[SubmissionResult, object]:
    """Grade one job: parse, assemble, run in the sandbox, score. Returns (result, executed
    notebook or None). Raises kernel.SandboxFailure when the sandbox cannot be set up."""
    started = time.monotonic()
    result = SubmissionResult(job["student_id"], lesson.name, lesson.max_score, submission=job.get("display_path"),
                              sandboxed=isolated)
    flags = [Flag("grading spec", p) for p in lesson.problems] + [Flag.from_json(n) for n in job.get("notes", [])]
    if not job.get("path"):
        return _not_graded(result, lesson, flags, job.get("missing_reason", "no submission"), "no submission"), None
    try:
        nb, result.sha256 = parse(job)
    except NotGradable as exc:
        flags.append(Flag("broken file", str(exc)))
        return _not_graded(result, lesson, flags, str(exc), str(exc)), None
    executed, found = assemble(lesson, nb)
    run = run_in_sandbox(lesson, executed, job.get("hidden_salt", ""), limits, user, work_dir, isolated)
    result.exercises = score(lesson, run, job.get("hidden_salt", ""))
    result.rescore()
    result.flags = _dedupe(flags + found + run.flags)
    result.timing = dict(run.timing, total=round(time.monotonic() - started, 3))
    return result, executed


def _not_graded(result: SubmissionResult, lesson: Lesson, flags: list, reason: str, note: str) -> SubmissionResult:
    result.status, result.reason, result.flags = NOT_GRADED, reason, flags
    result.exercises = [ExerciseResult(gid, 0.0, pts, False, note=note) for gid, pts in lesson.points.items()]
    return result


def _scratch_problem(exc: OSError) -> str:
    return (f"the grader could not put the grading inputs into the notebook's scratch folder "
            f"({exc.strerror or exc}): the notebook filled it or changed it")


def _note_output(text: str):
    return nbformat.v4.new_output("stream", name="stderr", text=f"[grader] {text}\n")


def _dedupe(flags: list[Flag]) -> list[Flag]:
    seen, out = set(), []
    for f in flags:
        if (f.kind, f.message) not in seen:
            seen.add((f.kind, f.message))
            out.append(f)
    return out
