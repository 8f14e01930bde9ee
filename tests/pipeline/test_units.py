"""Fast in-process tests of the grader's parts: static scan, cell comparison, the notebook
that is executed, reading the kernel's outputs back, the parser, and process cleanup."""

import copy
import json
import subprocess
import sys
import textwrap

import numpy as np
import nbformat
import pytest

from autograder import grader, harness, integrity
from autograder.diagnosis import FailureKind
import support.notebooks as T


def kinds(source, forbidden=None):
    return {f.kind for f in integrity.static_scan([("cell", source)], forbidden or {})}


@pytest.mark.parametrize("source, kind", [
    ("import numpy as np\nnp.allclose = lambda *a, **k: True", "monkeypatching"),
    ("import numpy\nsetattr(numpy, 'allclose', len)", "monkeypatching"),
    ("import builtins\nbuiltins.print = None", "monkeypatching"),
    ("__builtins__['len'] = None", "import tricks"),
    ("from backprop import checking\nchecking.check_close = print", "monkeypatching"),
    ("m = __import__('numpy')", "import tricks"),
    ("import importlib\nimportlib.reload(np)", "import tricks"),
    ("import sys\nsys.modules['numpy'] = None", "import tricks"),
    ("get_ipython().input_transformers_post.append(f)", "IPython hooks"),
    ("ip = get_ipython()\nip.events.register('pre_run_cell', f)", "IPython hooks"),
    ("!rm -rf /", "shell command"),
    ("import subprocess\nsubprocess.Popen(['sleep', '1'])", "process control"),
    ("exec('x = 1')", "dynamic code"),
    ("def f(:\n  pass", "syntax error"),
])
def test_static_scan_flags(source, kind):
    assert kind in kinds(source)


def test_static_scan_reference_calls():
    forbidden = {"backprop.activations.relu": "test_relu"}
    assert "calls the reference" in kinds("from backprop.activations import relu", forbidden)
    assert "calls the reference" in kinds("import backprop.activations as A\ny = A.relu(x)", forbidden)
    assert "calls the reference" in kinds("from backprop import activations\nactivations.relu(1)", forbidden)
    assert "reference module imported" in kinds("from backprop import activations", forbidden)
    assert not kinds("from backprop.activations import sigmoid\nsigmoid(1)", {"backprop.activations.relu": "t"}) \
        & {"calls the reference"}


def test_static_scan_sees_aliases_made_by_the_released_cells():
    forbidden = {"backprop.optim.adam_update": "test_adam"}
    context = ["import numpy as np\nfrom backprop import optim as reference"]
    flags = integrity.static_scan([("cell 5", "w, s = reference.adam_update(w, g, s)")], forbidden, context)
    assert {f.kind for f in flags} == {"calls the reference"}
    assert integrity.static_scan([("cell 5", "x = np.ones(3)")], forbidden, context) == []
    own = "def adam_update(w, dw, state):\n    return w, state\nadam_update(1, 2, None)"
    assert integrity.static_scan([("cell 5", own)], forbidden,
                                 ["from backprop.optim import adam_update"]) == []


def test_static_scan_is_quiet_on_honest_code():
    honest = textwrap.dedent("""
        %matplotlib inline
        import numpy as np
        from backprop.checking import check_close
        def relu(Z):
            out = np.maximum(Z, 0)
            out[out < 0] = 0
            return out
        cache = {}
        cache["x"] = 1
    """)
    assert kinds(honest) == set()


def test_compare_cells(sample_course):
    release = T.read(sample_course.release_notebook("00_sample"))
    assert integrity.compare_cells(release, copy.deepcopy(release)) == []
    nb = copy.deepcopy(release)
    T.find_cell(nb, "test_relu")[1].source += "\nprint('x')"
    T.find_cell(nb, "test_mse")[1].metadata.nbgrader["points"] = 9
    nb.cells.pop(T.find_cell(nb, "test_affine")[0])
    got = {f.kind for f in integrity.compare_cells(release, nb)}
    assert got == {"test cell edited", "metadata tampered", "test cell deleted"}


def test_executed_notebook_takes_test_cells_from_the_release(sample_course):
    release = T.read(sample_course.release_notebook("00_sample"))
    sub = T.solved(sample_course, "00_sample")
    T.find_cell(sub, "test_relu")[1].source = "pass"
    sub.cells.pop(T.find_cell(sub, "test_mse")[0])
    sub.cells.insert(0, T.find_cell(sub, "test_affine")[1])     # a moved copy of a test
    cells = grader.build_run_cells(release, sub)
    ids = [T.meta(c).get("grade_id") for c in cells]
    assert ids.count("test_relu") == ids.count("test_affine") == ids.count("test_mse") == 1
    assert ids.index("relu") < ids.index("test_relu") < ids.index("affine") < ids.index("test_affine")
    assert ids.index("mse") < ids.index("test_mse")
    for c in cells:
        if T.meta(c).get("grade"):
            assert c.source == T.find_cell(release, T.meta(c)["grade_id"])[1].source


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"{", "not valid JSON"), (b"[1, 2]", "not a Jupyter notebook"),
    (b"\xff\xfe\x00", "not text"), (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "old format"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}).encode(), "empty"),
])
def test_parser_rejects_broken_files(data, reason):
    with pytest.raises(grader.NotGradable, match=reason):
        grader.parse_notebook(data)


def test_outputs_are_read_back_without_pickles(tmp_path):
    ok = tmp_path / "0"
    ok.mkdir()
    np.save(ok / "out_0.npy", np.arange(3.0))
    np.save(ok / "out_1.npy", np.array(2.5))
    (ok / "status.json").write_text(json.dumps({"ok": True, "structure": {"kind": "tuple", "items": [
        {"kind": "array", "path": "out_0"}, {"kind": "array", "path": "out_1"}]}}))
    value, failure = harness.read_case(ok)
    assert failure is None and value[0].tolist() == [0.0, 1.0, 2.0] and value[1].shape == ()
    evil = tmp_path / "1"
    evil.mkdir()
    np.save(evil / "out.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    (evil / "status.json").write_text(json.dumps({"ok": True, "structure": {"kind": "array", "path": "out"}}))
    value, failure = harness.read_case(evil)
    assert value is None and failure.kind is FailureKind.BAD_OUTPUT
    bad_path = tmp_path / "2"
    bad_path.mkdir()
    (bad_path / "status.json").write_text(json.dumps({"ok": True, "structure": {"kind": "array", "path": "../x"}}))
    assert harness.read_case(bad_path)[1].kind is FailureKind.BAD_OUTPUT
    assert harness.read_case(tmp_path / "missing")[1].kind is FailureKind.NO_RESULT


def test_huge_declared_array_is_refused_before_reading(tmp_path):
    path = tmp_path / "out.npy"
    with open(path, "wb") as fh:
        np.lib.format.write_array_header_1_0(fh, {"descr": "<f8", "fortran_order": False, "shape": (10**9,)})
        fh.write(b"\0" * 64)
    with pytest.raises(harness.OutputError, match="too large"):
        harness.load_npy(path)


def test_kill_all_finds_double_forked_orphans(tmp_path):
    script = textwrap.dedent(f"""
        import os, subprocess, sys, time
        from autograder import sandbox
        assert sandbox.become_subreaper()
        subprocess.Popen(["sh", "-c", "(setsid sleep 98765 &) ; exit 0"]).wait()
        time.sleep(0.3)
        orphans = sandbox.descendants()
        print(len(orphans))
        sandbox.kill_all()
        print(len(sandbox.descendants()))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["1", "0"], out.stdout + out.stderr


def test_mutant_edits_apply_to_whole_lines_found_once(tmp_path):
    from support.mutants import apply_edits, parse_mutant

    base = "def f(x):\n    y = x + 1\n    return y\n"
    assert apply_edits(base, ["-    y = x + 1", "+    y = x - 1"]) == base.replace("+ 1", "- 1")
    assert apply_edits(base, ["-    y = x + 1", "@@", "-    return y", "+    return -y"]) == \
        "def f(x):\n    return -y\n"
    with pytest.raises(ValueError, match="found 0 times"):
        apply_edits(base, ["-y = x + 1", "+y = 0"])          # not a whole line
    with pytest.raises(ValueError, match="'\\+' block must follow"):
        apply_edits(base, ["+    y = 0"])

    solution = tmp_path / "solutions" / "00_demo"
    solution.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION",
        metadata={"nbgrader": {"grade_id": "f", "solution": True}})])
    nbformat.write(nb, str(solution / "00_demo.ipynb"))
    mutant = solution / "mutants" / "minus.py"
    mutant.parent.mkdir(parents=True)
    mutant.write_text("# mutant: minus\n# replaces: f\n# must lose: test_f\n# edit: answer\n"
                      "-    return x + 1\n+    return x - 1\n")
    info = parse_mutant(mutant)
    assert info["replaces"] == ["f"] and info["must_lose"] == ["test_f"]
    assert info["source"] == "# mutant: minus\n# replaces: f\n# must lose: test_f\ndef f(x):\n    return x - 1"
