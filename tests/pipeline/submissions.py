"""The sample assignment's submissions used by the pipeline tests: honest, broken, hostile.

Each entry: student id -> (how to write it, what the test expects). Robustness cases are the
untouched release plus the bad thing, so "no higher than an untouched notebook" means 0.
"""

from __future__ import annotations

import copy
import json

import nbformat

import support.notebooks as T

MARK = "98761"

STUDENTS = [
    "untouched", "solved", "instructor", "corrupt_json", "not_a_notebook", "json_not_notebook", "zero_bytes",
    "empty_notebook", "old_nbformat", "wrong_file_name", "syntax_error", "kernel_exit", "kernel_killed",
    "system_exit", "keyboard_interrupt", "ignores_sigint", "sleeps_forever", "memory_hog", "huge_output",
    "stray_processes", "busy_threads", "late_grade_writer", "solved_then_sleeps", "prints_warnings",
    "deleted_test_solved", "deleted_test", "edited_test", "duplicated_test", "relabelled_test",
    "tampered_metadata", "fake_test_cell", "patch_allclose", "lying_array", "input_transformer",
    "calls_reference", "import_tricks", "fails_hidden_only", "script_injection", "kills_its_grader"]  # unique sleep duration: lets a test find stray processes by command line


def build(course, folder, lesson="00_sample") -> dict:
    """Write every submission under folder/<student>/<lesson>/; return {student: expectation}."""
    release = T.read(course.release_notebook(lesson))
    solved = T.solved(course, lesson)
    expect = {}

    def put(student, nb=None, raw: bytes | None = None, name=None, **exp):
        target = folder / student / lesson / (name or f"{lesson}.ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            target.write_bytes(raw)
        else:
            T.write(nb, target)
        expect[student] = exp

    untouched = release
    put("untouched", untouched, score=0)
    put("solved", solved, score=5)
    put("instructor", T.read(course.source_notebook(lesson)), score=5)

    # ---- robustness: broken files
    text = nbformat.writes(untouched)
    put("corrupt_json", raw=text[: len(text) // 2].encode(), score=0, status="not graded", flag="broken file",
        reason="not valid JSON")
    put("not_a_notebook", raw=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, score=0, status="not graded",
        flag="broken file", reason="not text")
    put("json_not_notebook", raw=json.dumps({"name": "alice", "answers": [1, 2]}).encode(), score=0,
        status="not graded", flag="broken file", reason="not a Jupyter notebook")
    put("zero_bytes", raw=b"", score=0, status="not graded", flag="broken file", reason="empty")
    empty = nbformat.v4.new_notebook()
    put("empty_notebook", empty, score=0, status="not graded", flag="broken file", reason="empty")
    v3 = nbformat.writes(nbformat.convert(copy.deepcopy(solved), 3), version=3)
    put("old_nbformat", raw=v3.encode(), score=0, status="not graded", flag="broken file", reason="old format")
    put("wrong_file_name", solved, name="my_homework.ipynb", score=0, status="not graded", flag="wrong file name",
        reason="wrong file name")

    # ---- robustness: code that misbehaves (untouched release + the bad thing)
    def bad(student, source, flag=None, where=None, **exp):
        put(student, T.insert_after(untouched, where, source), score=0, flag=flag, **exp)

    nb = copy.deepcopy(untouched)
    nb.cells[T.first_code_index(nb)].source += "\ndef broken(:\n    pass"
    put("syntax_error", nb, score=0, flag="syntax error")
    bad("kernel_exit", "import os\nos._exit(3)", flag="kernel stopped", where="relu", reason_in_flag="exited with code 3")
    bad("kernel_killed", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", flag="kernel stopped",
        where="relu", reason_in_flag="SIGKILL")
    bad("system_exit", "raise SystemExit(2)", flag="error", where="relu")
    bad("keyboard_interrupt", "raise KeyboardInterrupt", flag="error", where="relu")
    bad("ignores_sigint", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        flag="kernel stopped", where="relu", reason_in_flag="ignored the interrupt")
    bad("sleeps_forever", "import time\ntime.sleep(10**6)", flag="timeout", where="relu")
    bad("memory_hog", "hog = []\nwhile True:\n    hog.append(np.ones(10**7))", where="relu")
    bad("huge_output", "for _ in range(2000):\n    print('x' * 100_000)", where="relu")
    bad("stray_processes",
        f"import subprocess, os\nsubprocess.Popen(['sleep', '{MARK}'])\n"
        f"os.system('(setsid sleep {MARK} &) ; (sleep {MARK} &)')", flag="stray processes", where="relu")
    bad("busy_threads",
        "import threading\ndef spin():\n    while True:\n        pass\n"
        "for _ in range(4):\n    threading.Thread(target=spin).start()", where="relu")
    bad("late_grade_writer",
        f"import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 4; echo hacked > {folder.parent / 'HACKED'}'],"
        " start_new_session=True)", flag="stray processes", where="relu")

    # in the sandbox the kernel's parent is bubblewrap's PID 1, which a SIGKILL from inside cannot reach
    put("kills_its_grader", T.insert_after(solved, "relu", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"),
        score=5, flag="process control")

    # ---- a hard case that still earns its points: solved, plus a cell that sleeps forever
    put("solved_then_sleeps", T.insert_after(solved, None, "import time\ntime.sleep(10**6)"), score=5,
        flag="timeout")
    # ---- honest code that prints warnings keeps full marks
    warn = copy.deepcopy(solved)
    _, cell = T.find_cell(warn, "relu")
    cell.source = ("import warnings, sys\n" + cell.source.replace(
        '    """max(0, Z)', '    warnings.warn("a harmless warning")\n    print("to stderr", file=sys.stderr)\n'
                           '    """max(0, Z)'))
    put("prints_warnings", warn, score=5)

    # ---- integrity: test cells and metadata (never gain points)
    nb = copy.deepcopy(solved)
    nb.cells.pop(T.find_cell(nb, "test_relu")[0])
    put("deleted_test_solved", nb, score=5, flag="test cell deleted")
    nb = copy.deepcopy(untouched)
    nb.cells.pop(T.find_cell(nb, "test_mse")[0])
    put("deleted_test", nb, score=0, flag="test cell deleted")
    nb = copy.deepcopy(untouched)
    T.find_cell(nb, "test_relu")[1].source = "pass  # nothing to test here"
    put("edited_test", nb, score=0, flag="test cell edited")
    nb = copy.deepcopy(untouched)
    i, cell = T.find_cell(nb, "test_affine")
    nb.cells.insert(i, copy.deepcopy(cell))
    put("duplicated_test", nb, score=0, flag="test cell duplicated")
    nb = copy.deepcopy(untouched)
    _, cell = T.find_cell(nb, "test_relu")
    cell.metadata.nbgrader["grade_id"] = "my_own_test"
    cell.metadata.nbgrader["points"] = 100
    cell.source = "print('all good')"
    put("relabelled_test", nb, score=0, flag="unknown cell id")
    nb = copy.deepcopy(untouched)
    T.find_cell(nb, "test_mse")[1].metadata.nbgrader["points"] = 50
    T.find_cell(nb, "relu")[1].metadata.nbgrader.update(grade=True, points=20)
    put("tampered_metadata", nb, score=0, flag="metadata tampered")
    nb = copy.deepcopy(untouched)
    nb.cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": True, "grade_id": "bonus", "locked": True, "points": 10, "solution": False, "schema_version": 3}}))
    put("fake_test_cell", nb, score=0, flag="unknown cell id")

    # ---- cheats that fooled plain nbgrader (trial in FIELD-NOTES.md)
    bad("patch_allclose",
        "import numpy\nnumpy.allclose = lambda *a, **k: True\nimport backprop.checking as bc\n"
        "bc.check_close = lambda *a, **k: None\ncheck_close = bc.check_close", flag="monkeypatching",
        where=None)
    lying = T.insert_after(untouched, "relu", (
        "class Liar(np.ndarray):\n"
        "    def __eq__(self, other): return np.ones(np.shape(other), bool)\n"
        "    def __array_finalize__(self, obj): pass\n"
        "def relu(Z):\n    return np.zeros_like(np.asarray(Z)).view(Liar)"))
    put("lying_array", lying, score=0)
    bad("input_transformer",
        "ip = get_ipython()\n"
        "ip.input_transformers_post.append(lambda lines: ['pass\\n'] if any('check_close' in l for l in lines) else lines)",
        flag="IPython hooks", where=None)
    T_ref = copy.deepcopy(untouched)
    T.find_cell(T_ref, "relu")[1].source = "from backprop.activations import relu"
    put("calls_reference", T_ref, score=1, flag="calls the reference")
    bad("import_tricks", "mod = __import__('importlib').import_module('backprop.activations')\n"
        "import sys\nsys.modules['numpy'].allclose = lambda *a, **k: True", flag="import tricks", where=None)
    hidden_only = copy.deepcopy(solved)
    T.find_cell(hidden_only, "affine")[1].source = (
        "def affine(A, W, b):\n    Z = A @ W.T + b\n    return Z[0] if Z.shape[0] == 1 else Z")
    put("fails_hidden_only", hidden_only, score=3)

    # ---- raw script in markdown and outputs must not reach the feedback page
    nb = T.insert_after(untouched, None, "<script>window.pwned = 1</script> **hello**", cell_type="markdown")
    nb = T.insert_after(nb, None, "from IPython.display import HTML, display\n"
                        "display(HTML('<script>window.pwned = 2</script><b>bold</b>'))")
    put("script_injection", nb, score=0)
    return expect
