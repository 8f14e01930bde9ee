"""Fixtures for the JupyterLab end-to-end tests (headless Chromium through Playwright).

What they provide, from the outside in:

- ``chromium_executable`` (session): the system Chromium at /usr/bin/chromium. When it is
  missing and we are root with apt-get (a fresh CI machine), it is installed with
  ``apt-get update && apt-get install -y chromium``; otherwise the test fails and says how
  to install it. Playwright's own browser download is never used.
- ``lab_server`` (session): ``jupyter lab`` on 127.0.0.1 at a free port, no token, a
  temporary root directory, its own settings (news pop-up off, no notebook windowing) and
  workspaces, shut down (with its kernels) at the end of the session even when tests fail.
- ``browser`` (session): Chromium launched by Playwright with the flags from FIELD-NOTES.
- ``shared_lab`` (session): one JupyterLab page; every notebook opens in a tab of it
  (loading JupyterLab costs seconds, another tab costs little).
- ``lab`` (function): that page with helpers (class ``Lab``) to copy a notebook into the
  server's root (a FRESH copy from the repository, outputs cleared), open it, run it,
  type into cells, drive widgets, and save screenshots under
  test-artifacts/browser/<test name>/ at the repository root (FAILED.png on failure).
- ``ran_lesson`` (session): instructor notebooks opened and run once, shared by the
  "every notebook runs" test and the explorer tests, so no lesson runs twice.

Every test module in this folder is marked ``@pytest.mark.browser``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOLUTIONS = REPO / "solutions"
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
RUN_ALL_TIMEOUT_S = 180
WIDGET_TIMEOUT_MS = 30_000

# Settings the test server starts with (user-settings files, one per plugin).
LAB_SETTINGS = {
    # The "Would you like to receive official Jupyter news?" toast covers the notebook.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Keep every cell in the DOM, so error outputs far down a notebook can be found.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
}

# Figures collected during the run, printed in the terminal summary.
MEASUREMENTS: list[str] = []
_USED = [False]      # a browser test ran (so the summary names the screenshot folder)


def record(line: str) -> None:
    """Keep a measurement for the terminal summary (and print it for -s runs)."""
    MEASUREMENTS.append(line)
    print(line, flush=True)


# ---------------------------------------------------------------------------------------
# pytest hooks


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if not MEASUREMENTS and not _USED[0]:
        return
    terminalreporter.section("JupyterLab browser tests")
    for line in MEASUREMENTS:
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"screenshots: {ARTIFACTS}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


# ---------------------------------------------------------------------------------------
# Chromium


@contextlib.contextmanager
def _uncaptured(config):
    capman = config.pluginmanager.getplugin("capturemanager")
    if capman is None:
        yield
    else:
        with capman.global_and_fixture_disabled():
            yield


def _install_chromium(config) -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}, and it is missing. Install it with\n"
            "    sudo apt-get update && sudo apt-get install -y chromium\n"
            "(Debian/Ubuntu package 'chromium'; Playwright's own browser download is not used), "
            "or deselect these tests with -m 'not browser'.",
            pytrace=False,
        )
    lock_path = Path(tempfile.gettempdir()) / "backprop-course-chromium-install.lock"
    with open(lock_path, "w") as lock, _uncaptured(config):
        fcntl.flock(lock, fcntl.LOCK_EX)  # pytest-xdist workers: one apt-get at a time
        if CHROMIUM.exists():
            return
        print(f"\n[browser tests] {CHROMIUM} is missing; installing Debian's chromium package "
              "with apt-get (about a minute) ...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (["apt-get", "update"],
                        ["apt-get", "install", "-y", "chromium"]):
            print("[browser tests] $ " + " ".join(command), flush=True)
            done = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
            if done.returncode != 0:
                pytest.fail(f"`{' '.join(command)}` failed (exit {done.returncode}):\n"
                            + done.stdout[-3000:], pytrace=False)
        print(f"[browser tests] installed {CHROMIUM}", flush=True)


@pytest.fixture(scope="session")
def chromium_executable(pytestconfig) -> str:
    if not CHROMIUM.exists():
        _install_chromium(pytestconfig)
    if not CHROMIUM.exists():
        pytest.fail(f"apt-get ran but {CHROMIUM} still does not exist.", pytrace=False)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable,
                                             headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------------------------------
# JupyterLab server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    url: str
    root: Path
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _descendants(pid: int) -> list[int]:
    """Process ids below `pid` (Linux /proc). Kernels run in sessions of their own, so
    killing the server's process group does not reach them."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and its kernels: SIGTERM to all of them, SIGKILL what is left."""
    if process.poll() is not None:
        return
    below = _descendants(process.pid)
    for pid in below:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    for pid in below:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """Turn SIGTERM (a CI timeout, `timeout ...`) into KeyboardInterrupt while the server
    runs, so pytest still runs the fixture finalizers that stop it."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:               # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _server_env(base: Path, settings: Path) -> dict:
    env = dict(
        os.environ,
        OPENBLAS_NUM_THREADS="1",
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_TOKEN", None)
    # tests/conftest.py sets MPLBACKEND=Agg for pytest's own process; kernels must get
    # ipykernel's inline backend, as a student's do, or pyplot figures would not show.
    if env.get("MPLBACKEND", "").lower() == "agg":
        env.pop("MPLBACKEND")
    return env


@contextlib.contextmanager
def running_lab(base: Path, command: list[str], env: dict):
    """Run `command` (a `jupyter lab` command line without --port and --ServerApp.root_dir)
    serving base/root on a free port; yield the LabServer once it answers; stop it after."""
    root = base / "root"
    root.mkdir(exist_ok=True)
    port = _free_port()
    log_path = base / "server.log"
    command = [*command, f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = LabServer(f"http://127.0.0.1:{port}", root, process, log_path)
    interrupt = _sigterm_as_interrupt()
    interrupt.__enter__()
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail("jupyter lab exited at start-up:\n" + server.log_tail(), pytrace=False)
            try:
                with urllib.request.urlopen(server.url + "/api/status", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("jupyter lab did not answer within 60 s:\n" + server.log_tail(),
                            pytrace=False)
            time.sleep(0.2)
        yield server
    finally:
        _stop(process)
        interrupt.__exit__(None, None, None)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("jupyterlab")
    settings = base / "user-settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser", "--ip", "127.0.0.1",
        "--allow-root", "--IdentityProvider.token=", "--ServerApp.password=",
        "--LabApp.news_url=", "--MappingKernelManager.cull_idle_timeout=0",
    ]
    with running_lab(base, command, _server_env(base, settings)) as server:
        yield server


# ---------------------------------------------------------------------------------------
# A page in JupyterLab, with helpers


def _fresh_copy(source_dir: Path, target_dir: Path) -> None:
    """Copy a lesson folder; notebooks lose outputs and execution counts (a clean start)."""
    shutil.copytree(source_dir, target_dir,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "grading.py"))
    for path in target_dir.rglob("*.ipynb"):
        nb = json.loads(path.read_text())
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
        nb.get("metadata", {}).pop("widgets", None)
        path.write_text(json.dumps(nb, indent=1))


# JavaScript run in the page. Cells are found through the DOM only (what a student sees).
_JS_RUN_STATE = """
() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!nb) return null;
  const cells = [...nb.querySelectorAll(':scope .jp-CodeCell')];
  let busy = 0, pending = 0, done = 0;
  for (const cell of cells) {
    const prompt = (cell.querySelector('.jp-InputPrompt')?.textContent || '').trim();
    const source = (cell.querySelector('.cm-content')?.textContent || '').trim();
    if (prompt.includes('*')) busy += 1;
    else if (/\\[\\d+\\]/.test(prompt)) done += 1;
    else if (source) pending += 1;
  }
  const errors = nb.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length;
  return {cells: cells.length, busy, pending, done, errors};
}
"""

_JS_ERRORS = """
() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const found = [];
  nb.querySelectorAll('.jp-CodeCell').forEach((cell, index) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach(out => {
      const text = out.innerText || '';
      const stderr = out.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr';
      if (stderr || /Error displaying widget|Model not found/.test(text))
        found.push({cell: index, stderr, text: text.slice(0, 1500)});
    });
  });
  return found;
}
"""

# Records, in page time, the last keydown and every load of a widget image.
_JS_WATCH_IMAGES = """
() => {
  if (window.__bpWatch) return;
  const w = window.__bpWatch = {key: 0, pointer: 0, loads: [], images: []};
  document.addEventListener('keydown', () => { w.key = performance.now(); }, true);
  document.addEventListener('pointerup', () => { w.pointer = performance.now(); }, true);
  document.addEventListener('load', ev => {
    if (ev.target && ev.target.matches && ev.target.matches('img.widget-image')) {
      w.loads.push(performance.now());
      w.images.push(ev.target);
    }
  }, true);
}
"""


@dataclass
class Lab:
    """One browser page on the test server, with the steps a student takes."""

    server: LabServer
    page: object
    name: str
    shots: Path
    workspace: str
    _shot_index: int = 0
    timings: dict = field(default_factory=dict)
    timings_by_lesson: dict = field(default_factory=dict)
    loaded: bool = False                            # JupyterLab is loaded in the page
    tab_ids: dict = field(default_factory=dict)     # notebook path -> its tab's data-id

    def begin(self, name: str) -> None:
        """Start a test's part: its folder under the server root, its screenshot folder."""
        self.name = name
        self.shots = ARTIFACTS / name
        self._shot_index = 0
        self.timings = {}
        shutil.rmtree(self.shots, ignore_errors=True)

    def recover(self) -> None:
        """After a failure: close menus and dialogs; reload JupyterLab if that does not work."""
        try:
            for _ in range(2):
                self.page.keyboard.press("Escape")
            dialog = self.page.locator(".jp-Dialog")
            if dialog.count():
                dialog.locator(".jp-mod-reject").first.click(timeout=5000)
            assert self.page.locator(".jp-Dialog, .lm-Menu:not(.lm-MenuBar)").count() == 0
        except Exception:
            self.loaded = False                     # the next open() reloads the page

    @staticmethod
    def record(line: str) -> None:
        """Print a measurement now and again in the terminal summary."""
        record(line)

    @staticmethod
    def summary_ms(values) -> str:
        """'median 140 ms (min 120, max 210, n=10)'."""
        return (f"median {statistics.median(values):.0f} ms (min {min(values):.0f}, "
                f"max {max(values):.0f}, n={len(values)})")

    # -- files ------------------------------------------------------------------------
    def copy_lesson(self, folder: Path, tag: str = "") -> str:
        """A fresh copy of a lesson folder under the server root; returns the notebook's path."""
        target = self.server.root / f"{self.name}{tag}" / folder.name
        _fresh_copy(folder, target)
        return (target / f"{folder.name}.ipynb").relative_to(self.server.root).as_posix()

    def put_notebook(self, relpath: str, nb) -> str:
        import nbformat

        path = self.server.root / self.name / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(path))
        return path.relative_to(self.server.root).as_posix()

    # -- screenshots ------------------------------------------------------------------
    def shot(self, label: str, target=None) -> Path:
        """Save a screenshot of the page (after scrolling `target` into view)."""
        self._shot_index += 1
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{self._shot_index:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', label)}.png"
        if target is not None:
            with contextlib.suppress(Exception):
                target.scroll_into_view_if_needed(timeout=2000)
        self.page.screenshot(path=str(path))
        return path

    # -- notebook ---------------------------------------------------------------------
    @property
    def panel(self):
        """The notebook panel on show (other notebooks' tabs are hidden, not removed)."""
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

    def open(self, relpath: str) -> None:
        """Open a notebook and wait for its kernel: the first time by loading JupyterLab at
        its URL (a clean workspace), then with File > Open from Path... in the same page
        (loading JupyterLab costs seconds; another tab costs little)."""
        known = set(self.tab_ids.values())
        if not self.loaded:
            self.page.goto(f"{self.server.url}/lab/workspaces/{self.workspace}/tree/{relpath}?reset",
                           wait_until="domcontentloaded")
            self.tab_ids.clear()
            known = set()
        else:
            self.menu("File", "Open from Path\u2026")
            self.page.locator(".jp-Dialog input").fill(relpath)
            self.page.locator(".jp-Dialog button", has_text=re.compile(r"^\s*Open\s*$")).click()
        name = relpath.rsplit("/", 1)[-1]
        current = self.page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current").first
        self.page.wait_for_function(
            "([name, known]) => { const tab = document.querySelector("
            "'#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');"
            " return tab && tab.innerText.includes(name) && !known.includes(tab.dataset.id); }",
            arg=[name, sorted(known)], timeout=60_000)
        self.tab_ids[relpath] = current.get_attribute("data-id")
        self.loaded = True
        self.panel.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        self.wait_kernel_idle(timeout_s=60)

    def activate(self, relpath: str) -> None:
        """Bring an open notebook's tab to the front."""
        tab_id = self.tab_ids[relpath]
        self.page.locator(f'#jp-main-dock-panel .lm-TabBar-tab[data-id="{tab_id}"]').click()
        self.page.locator(f'#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current[data-id="{tab_id}"]').wait_for()

    def wait_kernel_idle(self, timeout_s: float = 60) -> None:
        """Wait until the status bar says the notebook on show has a kernel and it is idle.
        (The toolbar's indicator already says "idle" before any kernel exists, and Run All
        clicked then can be lost.)"""
        current = self.page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current").first
        title = current.inner_text().strip()
        self.page.wait_for_function(
            "title => { const bar = document.querySelector('#jp-main-statusbar');"
            " const text = bar ? bar.innerText : '';"
            " return /\\|\\s*Idle\\b/.test(text) && !/No Kernel/.test(text) && text.includes(title); }",
            arg=title, timeout=timeout_s * 1000)

    def menu(self, top: str, item: str) -> None:
        """Click a main-menu entry, e.g. menu('Run', 'Run All Cells')."""
        page = self.page
        page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^\s*{re.escape(top)}\s*$")).click()
        entry = page.locator(".lm-Menu:not(.lm-MenuBar) .lm-Menu-item",
                             has=page.locator(".lm-Menu-itemLabel",
                                              has_text=re.compile(rf"^\s*{re.escape(item)}\s*$")))
        entry.first.click()

    def run_state(self) -> dict | None:
        return self.page.evaluate(_JS_RUN_STATE)

    def wait_cells_done(self, timeout_s: float = RUN_ALL_TIMEOUT_S) -> dict:
        """Wait until no cell is queued or running and every non-empty code cell ran
        (or an error stopped the run). Returns the last state."""
        deadline = time.monotonic() + timeout_s
        state = None
        while time.monotonic() < deadline:
            state = self.run_state()
            if state and state["busy"] == 0 and (state["pending"] == 0 or state["errors"] > 0):
                return state
            time.sleep(0.25)
        raise AssertionError(f"cells still running after {timeout_s} s: {state}")

    def prompt(self, index: int) -> str:
        return self.cells().nth(index).locator(".jp-InputPrompt").inner_text().strip()

    def wait_cells_ran(self, indices, before: dict, timeout_s: float = 120) -> None:
        """Wait until each cell in `indices` shows an execution count other than `before[i]`
        (its prompt before we asked to run it) and nothing is running."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            prompts = {i: self.prompt(i) for i in indices}
            ran = all(re.fullmatch(r"\[\d+\]:?", p) and p != before.get(i) for i, p in prompts.items())
            if ran and self.run_state()["busy"] == 0:
                return
            if self.run_state()["busy"] == 0 and self.run_state()["errors"] > 0 and not any(
                    "*" in p for p in prompts.values()):
                stuck = {i: p for i, p in prompts.items() if p == before.get(i) or "[ ]" in p}
                if stuck:
                    raise AssertionError(f"cells {sorted(stuck)} did not run (an earlier cell "
                                         "failed?):\n" + "\n".join(e["text"] for e in self.errors()))
            time.sleep(0.2)
        raise AssertionError(f"cells {list(indices)} did not finish within {timeout_s} s")

    def select_cell(self, index: int) -> None:
        cell = self.cells().nth(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").click()

    def run_all(self) -> float:
        """Run > Run All Cells, wait for completion; returns the seconds it took. Keeps the
        page time of the click that started the run (`timings["run_all_click"]`) and the
        milliseconds from it to the first widget image loaded (None if there is none)."""
        self.page.evaluate(_JS_WATCH_IMAGES)
        start = time.perf_counter()
        self.menu("Run", "Run All Cells")
        click = self.page.evaluate("window.__bpWatch.pointer")
        self.wait_cells_done()
        elapsed = time.perf_counter() - start
        self.timings["run_all_s"] = elapsed
        self.timings["run_all_click"] = click
        self.timings["run_all_to_first_image_ms"] = self.page.evaluate(
            "t0 => { const t = window.__bpWatch.loads.find(t => t >= t0);"
            " return t === undefined ? null : t - t0; }", click)
        self.wait_kernel_idle()
        return elapsed

    def ms_to_first_load(self, image) -> float | None:
        """Milliseconds from the Run All click to the first load of this image element."""
        return image.evaluate(
            "(img, t0) => { const w = window.__bpWatch; const i = w.images.indexOf(img);"
            " return i < 0 ? null : w.loads[i] - t0; }", self.timings["run_all_click"])

    def errors(self) -> list[dict]:
        """Error/stderr outputs and widget failures visible in the notebook."""
        found = self.page.evaluate(_JS_ERRORS)
        body = self.panel.inner_text()
        for marker in ("Error displaying widget", "Model not found"):
            if marker in body and not any(marker in f["text"] for f in found):
                found.append({"cell": None, "stderr": False, "text": marker})
        return found

    def cells(self):
        return self.panel.locator(".jp-Cell")

    def set_cell_source(self, index: int, code: str) -> str:
        """Replace a cell's text by typing into its editor (select all, then insert);
        returns the editor's text afterwards."""
        cell = self.cells().nth(index)
        cell.scroll_into_view_if_needed()
        editor = cell.locator(".cm-content")
        editor.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        # insert_text sends the text as one input event (like a paste), so CodeMirror's
        # auto-indent and bracket closing do not double what we type.
        self.page.keyboard.insert_text(code)
        self.page.keyboard.press("Escape")  # back to command mode
        return "\n".join(editor.locator(".cm-line").all_inner_texts())

    def run_cell(self, index: int, timeout_s: float = 60) -> None:
        """Select a cell and press Shift+Enter; wait until it has run."""
        before = {index: self.prompt(index)}
        self.select_cell(index)
        self.page.keyboard.press("Shift+Enter")
        self.wait_cells_ran([index], before, timeout_s)

    def cell_output_text(self, index: int) -> str:
        return self.cells().nth(index).locator(".jp-OutputArea").inner_text()

    # -- widgets ----------------------------------------------------------------------
    def output_with(self, label: str):
        """The cell output holding a widget whose description matches `label` (regex)."""
        return self.panel.locator(".jp-OutputArea-output", has=self.page.locator(
            ".widget-label", has_text=re.compile(label, re.I))).first

    def widget(self, kind: str, description: str, within=None):
        """The ipywidget of a CSS kind ('widget-slider', 'widget-dropdown') whose
        description label matches `description` (a regex, case-insensitive)."""
        scope = within if within is not None else self.panel
        label = self.page.locator(".widget-label", has_text=re.compile(description, re.I))
        # (no .jupyter-widgets here: ipywidgets 8's SelectionSlider view lacks that class)
        return scope.locator(f".{kind}", has=label).first

    def image(self, within=None):
        """The (first) ipywidgets.Image in `within` (default: the page)."""
        scope = within if within is not None else self.panel
        return scope.locator("img.widget-image").first

    def wait_image_change(self, image, old_src: str, timeout_ms: int = WIDGET_TIMEOUT_MS) -> str:
        """Wait until the image's src differs from `old_src` and the new image is loaded."""
        handle = image.element_handle()
        self.page.wait_for_function(
            "([img, old]) => img.getAttribute('src') && img.getAttribute('src') !== old"
            " && img.complete && img.naturalWidth > 0",
            arg=[handle, old_src], timeout=timeout_ms)
        return image.get_attribute("src")

    def press_on_slider(self, slider, key: str, image) -> float:
        """Focus the slider handle, press `key`, wait for `image` to change; returns the
        milliseconds from the keydown to the new image's load event (page clock)."""
        self.page.evaluate(_JS_WATCH_IMAGES)
        old = image.get_attribute("src") or ""
        slider.locator(".noUi-handle").focus()
        n_loads = self.page.evaluate("window.__bpWatch.loads.length")
        self.page.keyboard.press(key)
        self.wait_image_change(image, old)
        self.page.wait_for_function("n => window.__bpWatch.loads.length > n", arg=n_loads,
                                    timeout=WIDGET_TIMEOUT_MS)
        return self.page.evaluate("window.__bpWatch.loads[window.__bpWatch.loads.length - 1]"
                                  " - window.__bpWatch.key")

    def key_to_plot_ms(self, slider, image, n: int = 10) -> list[float]:
        """Press ArrowRight/ArrowLeft alternately on the slider `n` times; the
        keydown-to-new-plot time of each press."""
        handle = slider.locator(".noUi-handle")
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        keys = ["ArrowLeft", "ArrowRight"] if at_max else ["ArrowRight", "ArrowLeft"]
        return [self.press_on_slider(slider, keys[i % 2], image) for i in range(n)]

    def select(self, dropdown, option: str, image) -> str:
        """Choose the dropdown option shown as `option` and wait for `image` to change;
        returns the new src."""
        old = image.get_attribute("src") or ""
        values = dropdown.locator("select").evaluate(
            "s => [...s.options].map(o => [o.text.replace(/\\u00a0/g, ' ').trim(), o.value])")
        value = next((v for text, v in values if text == option), None)
        assert value is not None, f"no option {option!r} in {[t for t, _ in values]}"
        dropdown.locator("select").select_option(value=value)
        return self.wait_image_change(image, old)

    def options(self, dropdown) -> tuple[list[str], str]:
        """A dropdown's option labels (as shown, non-breaking spaces made plain) and the
        selected one."""
        return tuple(dropdown.locator("select").evaluate(
            "s => { const t = o => o.text.replace(/\\u00a0/g, ' ').trim();"
            " return [[...s.options].map(t), t(s.options[s.selectedIndex])]; }"))

    def slider_readout(self, slider) -> str:
        return slider.locator(".widget-readout").inner_text().strip()

    def set_readout(self, slider, value: str) -> None:
        """Type a value into the slider's readout box and press Enter (what a student can do)."""
        readout = slider.locator(".widget-readout")
        readout.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(value)
        self.page.keyboard.press("Enter")


def _test_slug(request) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")[:80]


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _USED[0] = True
    return ARTIFACTS


@pytest.fixture(scope="session")
def shared_lab(browser, lab_server, artifacts_dir):
    """The one JupyterLab page of the session (one tab per notebook opened)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(WIDGET_TIMEOUT_MS)
    try:
        yield Lab(lab_server, page, "session", ARTIFACTS / "session", "w1")
    finally:
        context.close()


@pytest.fixture
def lab(request, shared_lab):
    """The session's JupyterLab page, with this test's screenshot folder; a screenshot
    FAILED.png is added when the test fails."""
    shared_lab.begin(_test_slug(request))
    yield shared_lab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        with contextlib.suppress(Exception):
            shared_lab.shot("FAILED")
        shared_lab.recover()


class LessonRuns:
    """Instructor notebooks opened and run once per session, each in a tab of the shared
    page. A failure is remembered, so a second test on the same lesson fails at once."""

    def __init__(self, lab: Lab):
        self.lab = lab
        self.runs: dict[str, str | BaseException] = {}    # lesson -> notebook path or error

    def get(self, lesson: str) -> Lab:
        lab = self.lab
        if lesson not in self.runs:
            lab.begin(f"solutions-{lesson}")
            try:
                relpath = lab.copy_lesson(SOLUTIONS / lesson)
                lab.open(relpath)
                lab.shot("opened")
                lab.run_all()
                lab.shot("after-run-all")
            except BaseException as exc:
                with contextlib.suppress(Exception):
                    lab.shot("FAILED")
                lab.recover()
                self.runs[lesson] = exc
                raise
            ms = lab.timings["run_all_to_first_image_ms"]
            record(f"solutions/{lesson}: run all took {lab.timings['run_all_s']:.1f} s"
                   + ("" if ms is None else f"; run all -> first widget image {ms:.0f} ms"))
            self.runs[lesson] = relpath
            lab.timings_by_lesson[lesson] = dict(lab.timings)
        run = self.runs[lesson]
        if isinstance(run, BaseException):
            raise AssertionError(f"solutions/{lesson} did not open and run: {run!r}") from run
        lab.activate(run)
        lab.name = f"solutions-{lesson}"
        lab.shots = ARTIFACTS / lab.name
        lab._shot_index = len(list(lab.shots.glob("*.png")))
        lab.timings = dict(lab.timings_by_lesson[lesson])
        return lab


@pytest.fixture(scope="session")
def ran_lesson(shared_lab):
    """ran_lesson("04_initialization") -> the shared Lab showing that instructor notebook,
    run once (Run All Cells) the first time it is asked for."""
    return LessonRuns(shared_lab).get


@pytest.fixture(scope="session")
def lab_tools():
    """What a test needs to start a JupyterLab of its own and drive it: `running_lab`,
    `server_env`, the `Lab` page helper and the screenshots folder."""
    import types

    return types.SimpleNamespace(running_lab=running_lab, server_env=_server_env, Lab=Lab,
                                 artifacts=ARTIFACTS)
