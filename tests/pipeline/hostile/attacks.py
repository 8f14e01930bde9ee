"""Hostile submissions: each is the untouched release plus one attack cell.

Never grade these without the sandbox on a shared machine: test_hostile.py refuses to.
Attacks that signal processes only touch Jupyter kernels, and forks end by themselves.

An attack prints `EVIDENCE <key> <value>` lines for what it managed (READ, WROTE, CONNECTED,
RAN, ...) or why it failed (`blocked <exception>`), so the test can tell an attack that was
stopped from one that never ran. Paths are those of the test's course, OUT and submissions:
the attacker is assumed to know them (they used to be in the grader's command line).
"""

from __future__ import annotations

PRELUDE = '''
import glob, json, os, socket, subprocess, sys, time
def _ev(key, value):
    print(f"EVIDENCE {key} {value}", flush=True)
def _read(key, path):
    try:
        with open(path, "rb") as fh:
            data = fh.read(4000)
        print(data.decode("latin1"))
        _ev(key, "READ")
    except Exception as exc:
        _ev(key, "blocked " + type(exc).__name__)
def _write(key, path, mode="w"):
    try:
        with open(path, mode) as fh:
            fh.write("\\nEXERCISES = []  # hacked\\n")
        _ev(key, "WROTE")
    except Exception as exc:
        _ev(key, "blocked " + type(exc).__name__)
'''

ATTACKS = {
    # solutions/ through backprop.__file__, then a walk of everything visible
    "walk_solutions": '''
import backprop, pathlib
here = pathlib.Path(backprop.__file__).resolve()
found = [str(p / n) for p in here.parents for n in ("solutions", "grading.py", "autograder", "notebooks", "tests")
         if (p / n).exists()]
_ev("walk_found", len(found))
_ev("repo_solutions", len(glob.glob("{repo}/solutions/*/*")))
_read("repo_grading", "{repo_grading}")
skip = {{"/proc", "/sys", "/dev", "/usr", sys.prefix, sys.base_prefix}}
hits = 0
for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if os.path.join(root, d) not in skip]
    hits += sum(f in ("grading.py", "CANARY.txt") or f.endswith(".ipynb") for f in files)
_ev("walk_hits", hits)
''',
    # the lesson's grading.py and a canary next to it, by absolute path; the grader's own package
    "reads_grading": '''
_read("grading_py", "{course}/solutions/00_sample/grading.py")
_read("canary", "{course}/solutions/00_sample/CANARY.txt")
_read("root_home", "/root/.bashrc")
_ev("home_listing", len(os.listdir("/home")) if os.path.isdir("/home") else 0)
try:
    import autograder.spec
    _ev("import_autograder", "RAN")
except Exception as exc:
    _ev("import_autograder", "blocked " + type(exc).__name__)
''',
    # the submitted folder from /proc/*/cmdline, then a classmate's answers
    "proc_cmdline": '''
pids = hits = 0
for d in os.listdir("/proc"):
    if d.isdigit():
        pids += 1
        for what in ("cmdline", "environ"):
            try:
                data = open(f"/proc/{{d}}/{{what}}", "rb").read()
            except Exception:
                continue
            hits += any(m in data for m in (b"{submitted}", b"{out}", b"autograder", b"pytest"))
_ev("proc_pids", pids)
_ev("proc_hits", hits)
victim = "{submitted}/victim_solved/00_sample/00_sample.ipynb"
_read("classmate", victim)
try:
    for cell in json.load(open(victim))["cells"]:
        if cell.get("metadata", {{}}).get("nbgrader", {{}}).get("solution"):
            exec("".join(cell["source"]), globals())
    _ev("classmate_exec", "RAN")
except Exception as exc:
    _ev("classmate_exec", "blocked " + type(exc).__name__)
''',
    # other students' result files: read them, rewrite them
    "rewrites_results": '''
_read("victim_result", "{out}/results/00_sample/victim_solved.json")
for name in ("victim_solved", "victim_blank"):
    _write("rewrite_" + name, "{out}/results/00_sample/" + name + ".json")
''',
    # code appended to the lesson's grading.py, which the next worker would load
    "appends_grading": '''
_write("append_grading", "{course}/solutions/00_sample/grading.py", "a")
_write("new_lesson_file", "{course}/solutions/00_sample/extra.py")
''',
    # the grader's environment (a database URL with its password)
    "reads_env": '''
print(dict(os.environ))
_ev("env_autograder", sum(k.startswith("AUTOGRADER") for k in os.environ))
for pid in ("self", "1"):
    _read("environ_" + pid, f"/proc/{{pid}}/environ")
''',
    # files written into the course, OUT, the submissions and the host's /tmp
    "writes_course": '''
for key, path in (("course_root", "{course}/HACKED"), ("course_notebooks", "{course}/notebooks/HACKED"),
                  ("out_dir", "{out}/HACKED"), ("submitted_dir", "{submitted}/HACKED"),
                  ("host_tmp", "/tmp/hostile-{mark}"), ("sandbox_root", "/HACKED"), ("usr", "/usr/HACKED"),
                  ("package", os.path.dirname(__import__("backprop").__file__) + "/HACKED")):
    _write(key, path)
''',
    # a detached grandchild, a fork-and-exit loop, and forks until the pids cap refuses
    "fork_and_detach": '''
subprocess.Popen(["sh", "-c", "(setsid sleep {mark} &) ; sleep {mark}"], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:
    try:
        os.setsid()
        end = time.time() + 30
        while time.time() < end:
            if os.fork():
                os._exit(0)
            time.sleep(0.002)
    finally:
        os._exit(0)
n = 0
try:
    for _ in range(1000):
        if os.fork() == 0:
            try:
                time.sleep(30)
            finally:
                os._exit(0)
        n += 1
    _ev("fork_refused", "no")
except OSError as exc:
    _ev("fork_refused", type(exc).__name__)
_ev("forked", n)
''',
    # memory spread over processes (each under its address-space limit): only the cgroup caps the sum
    "memory_in_children": '''
import numpy as np
kids = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            block = np.ones(450 * 2**20 // 8)   # 450 MB, touched: 1.8 GB in all, over the 1.5 GB cap
            code = 0
        finally:
            os._exit(code)
    kids.append(pid)
done = {{}}
deadline = time.time() + 5   # uncapped, all four are done in about 3.5 s on a loaded 2-core machine
while len(done) < len(kids) and time.time() < deadline:
    for pid in kids:
        if pid not in done:
            reaped, status = os.waitpid(pid, os.WNOHANG)
            if reaped:
                done[pid] = status
    time.sleep(0.05)
_ev("children_survived", sum(status == 0 for status in done.values()))   # OOM-killed or stalled do not count
for pid in kids:   # stalled at the cap or not: end them
    try:
        os.kill(pid, 9)
    except OSError:
        pass
''',
    # fills the scratch
    "fills_disk": '''
written = 0
try:
    with open("fill.bin", "wb") as fh:
        chunk = b"x" * 2**20
        for _ in range(4096):
            fh.write(chunk)
            written += len(chunk)
        fh.flush()
    _ev("fill_error", "none")
except OSError as exc:
    _ev("fill_error", type(exc).__name__)
_ev("filled_mb", written // 2**20)
_write("fill_shm", "/dev/shm/x")
''',
    # the network: a port the test listens on at 127.0.0.1, and the outside world
    "network": '''
for key, addr in (("net_local", ("127.0.0.1", {port})), ("net_outside", ("1.1.1.1", 53))):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect(addr)
        _ev(key, "CONNECTED")
    except Exception as exc:
        _ev(key, "blocked " + type(exc).__name__)
''',
    # kills every other kernel it can see (with --jobs 2 this used to reach the other kernels);
    # only processes that are Jupyter kernels, so it harms nothing else even without a sandbox
    "kills_neighbours": '''
import signal
n = 0
for d in os.listdir("/proc"):
    if d.isdigit() and int(d) not in (os.getpid(), 1):
        try:
            cmd = open(f"/proc/{{d}}/cmdline", "rb").read()
            if b"ipykernel_launcher" in cmd:
                os.kill(int(d), signal.SIGKILL)
                n += 1
        except Exception:
            pass
_ev("kill_sent", n)
''',
    # kernel-supplied text on hidden cases, each carrying the case's inputs: an exception's type
    # name and message, the type name of a returned object, the kernel's exit code. Visible
    # cases (the shapes the notebook's own tests use) get honest wrong answers, so any marker
    # on the feedback page's score table can only come from a hidden case.
    "hidden_text": '''
import numpy as np
def _leak(x):
    return "Zq" + "Xleak" + "_".join(str(abs(int(v * 1000))) for v in np.ravel(x)[:4])
def relu(Z):
    if np.shape(Z) == (3, 4):
        return np.zeros_like(Z)
    raise type(_leak(Z), (Exception,), {{}})(_leak(Z))
def affine(A, W, b):
    if np.shape(A) == (4, 3):
        return np.zeros((4, 2))
    return type(_leak(A), (), {{}})()
def mse(Y_hat, Y):
    if np.shape(Y) == (6, 3):
        os._exit(3 + abs(int(Y.ravel()[0] * 1000)) % 100)
    return -1.0
_ev("defined", "yes")
''',
    # a forged status.json (kernel text, "passed") planted for the cases that run later
    "forged_status": '''
import numpy as np
def _plant(value):
    frame = sys._getframe(1)
    while frame is not None and "ARGS" not in frame.f_globals:
        frame = frame.f_back
    if frame is None:
        return
    out = frame.f_globals["ARGS"]["out"]
    for i in range(1, 4):
        os.makedirs(os.path.join(out, str(i)), exist_ok=True)
        with open(os.path.join(out, str(i), "status.json"), "w") as fh:
            json.dump({{"ok": False, "type": "ZqXleakType", "message": "ZqXleak " + str(value)}}, fh)
def relu(Z):
    _plant(np.ravel(Z)[:3])
    return np.zeros_like(Z)
def affine(A, W, b):
    _plant(np.ravel(A)[:3])
    return np.zeros((A.shape[0], W.shape[0]))
_ev("defined", "yes")
''',
}

# markers only the hidden-text attacks produce (none may reach a feedback page's score table)
HIDDEN_TEXT_ATTACKS = ("hidden_text", "forged_status")
LEAK_MARKERS = ("ZqXleak", "exited with code")

# run only where the grader can create a cgroup (pids and memory caps)
NEEDS_CGROUP = ("fork_and_detach", "memory_in_children")

# what each attack must report: key -> predicate on the value (all keys must appear)
BLOCKED = lambda v: v.startswith("blocked")
EXPECT = {
    "walk_solutions": {"walk_found": lambda v: v == "0", "repo_solutions": lambda v: v == "0",
                       "repo_grading": BLOCKED, "walk_hits": lambda v: v == "0"},
    "reads_grading": {"grading_py": BLOCKED, "canary": BLOCKED, "root_home": BLOCKED,
                      "home_listing": lambda v: v == "0", "import_autograder": BLOCKED},
    "proc_cmdline": {"proc_pids": lambda v: int(v) <= 4, "proc_hits": lambda v: v == "0", "classmate": BLOCKED,
                     "classmate_exec": BLOCKED},
    "rewrites_results": {"victim_result": BLOCKED, "rewrite_victim_solved": BLOCKED,
                         "rewrite_victim_blank": BLOCKED},
    "appends_grading": {"append_grading": BLOCKED, "new_lesson_file": BLOCKED},
    "reads_env": {"env_autograder": lambda v: v == "0", "environ_self": lambda v: v == "READ",
                  "environ_1": lambda v: True},
    "writes_course": {k: BLOCKED for k in ("course_root", "course_notebooks", "out_dir", "submitted_dir",
                                           "sandbox_root", "usr", "package")} | {"host_tmp": lambda v: True},
    "fork_and_detach": {"fork_refused": lambda v: v == "BlockingIOError", "forked": lambda v: 0 < int(v) < 200},
    "memory_in_children": {"children_survived": lambda v: int(v) <= 3},
    "fills_disk": {"fill_error": lambda v: v == "OSError", "filled_mb": lambda v: int(v) <= 64,
                   "fill_shm": lambda v: True},
    "network": {"net_local": BLOCKED, "net_outside": BLOCKED},
    "kills_neighbours": {"kill_sent": lambda v: v == "0"},
    "hidden_text": {"defined": lambda v: v == "yes"},
    "forged_status": {"defined": lambda v: v == "yes"},
}


def source(name: str, **paths) -> str:
    """The attack cell of `name`, with the test's paths filled in."""
    return PRELUDE + ATTACKS[name].format(**paths)
