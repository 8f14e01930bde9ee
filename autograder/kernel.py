"""Run code in a sandboxed Jupyter kernel, one cell at a time, with hard limits.

A small executor on top of jupyter_client (instead of nbclient's) so the grader controls
every limit itself: a deadline per cell, interrupt-then-kill when a cell overruns, detection
of a dead kernel, and outputs truncated while they stream (a notebook printing 200 MB keeps
only the first `output_bytes`). The kernel is launched through `sandbox.py` and, unless
--unsafe-no-sandbox, inside a bubblewrap sandbox (`isolation.py`) with a cgroup cap
(`cgroups.py`); the grader talks to it over ipc:// sockets in the sandbox's scratch.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client import KernelManager

from autograder import isolation, sandbox
from autograder.boxfs import BoxDir
from autograder.cgroups import Cgroup

SANDBOX_SCRIPT = str(Path(sandbox.__file__).resolve())


class SandboxKernelManager(KernelManager):
    """A KernelManager whose kernel command goes through the launcher, and bubblewrap when isolated."""

    sandbox_config: dict = {}
    box_spec = None  # isolation.BoxSpec when the kernel runs in a bubblewrap sandbox

    def format_kernel_cmd(self, extra_arguments=None):
        launcher = [sys.executable, "-I", "-S", SANDBOX_SCRIPT, json.dumps(self.sandbox_config), "--"]
        if self.box_spec is not None:
            return [*launcher, *isolation.command(self.box_spec)]
        cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", self.connection_file,
               "--HistoryManager.enabled=False"]
        return [*launcher, *cmd]


def cgroup_prefix(worker_pid: int | None = None) -> str:
    """The name prefix of the cgroups a grading worker creates (swept if the worker dies)."""
    return f"autograder-{worker_pid or os.getpid()}-"


class SandboxFailure(RuntimeError):
    """The sandbox or the kernel inside it could not be set up: the grader's problem, not the student's."""


@dataclass
class CellRun:
    """What happened when one piece of code ran."""

    status: str                      # ok | error | timeout | unresponsive | dead
    outputs: list = field(default_factory=list)
    ename: str = ""
    evalue: str = ""
    elapsed: float = 0.0
    truncated: bool = False
    execution_count: int | None = None


@dataclass
class Limits:
    cell_timeout: float = 30.0        # seconds per cell
    total_timeout: float = 180.0      # seconds for the whole notebook plus the grading calls
    memory_mb: int = 3072             # address space of the kernel
    file_mb: int = 256                # largest file the kernel may write
    max_processes: int = 128          # processes and threads of one sandbox (cgroup pids cap)
    scratch_mb: int = 512             # size of the sandbox's private tmpfs
    output_bytes: int = 1_000_000     # outputs kept per notebook (the rest is dropped as it streams)
    cell_output_bytes: int = 200_000  # outputs kept per cell
    interrupt_grace: float = 3.0      # seconds a cell gets to stop after SIGINT before the kill


class SandboxedKernel:
    """One kernel for one submission: start(), run(code) as often as needed, stop().

    isolated=True (the default for `grade`): inside a bubblewrap sandbox (isolation.py) with a
    cgroup pids and memory cap when one can be created; the grader reaches the sandbox's
    scratch with `box()`. isolated=False (--unsafe-no-sandbox): a host scratch folder and
    rlimits only.
    """

    def __init__(self, scratch: Path, limits: Limits, user: dict | None = None, isolated: bool = True,
                 cgroup_name: str | None = None):
        self.scratch = Path(scratch)
        self.limits = limits
        self.user = None if isolated else user
        self.isolated = isolated
        self.cgroup_name = cgroup_name or f"{cgroup_prefix()}{self.scratch.name}"
        self.cgroup = None
        self.km = None
        self.kc = None
        self.started_at = None
        self.output_used = 0
        self.dead_reason = ""
        self.init_pid = None     # the sandbox's PID 1 (bubblewrap's reaper), seen from outside
        self.kernel_pid = None   # the kernel process, seen from outside
        self.root_fd = None      # the sandbox's root, held open: immune to the reuse of its pids

    # ------------------------------------------------------------------ lifecycle
    def start(self, timeout: float = 60.0) -> None:
        lim = self.limits
        self.scratch.mkdir(parents=True, exist_ok=True)
        os.chmod(self.scratch, 0o700)
        config = {"log": str(self.scratch / "kernel-stdio.log"),
                  "memory_bytes": lim.memory_mb * 2**20, "file_bytes": lim.file_mb * 2**20,
                  "cpu_seconds": int(lim.total_timeout * 2 + 30), "max_processes": lim.max_processes}
        if self.isolated:
            self.cgroup = Cgroup.create(self.cgroup_name, lim.max_processes + 8,
                                        lim.memory_mb * 2**20)
            km = SandboxKernelManager(connection_file=str(self.scratch / "kernel.json"), transport="ipc",
                                      ip=f"{isolation.BOX}/ipc/kernel")
            km.box_spec = isolation.BoxSpec(
                str(self.scratch / "kernel.json"), lim.scratch_mb * 2**20,
                [os.path.realpath(sys.executable), "-m", "ipykernel_launcher", "-f", f"{isolation.BOX}/kernel.json",
                 "--HistoryManager.enabled=False"], isolation.kernel_env())
            config.update(cwd=str(self.scratch), nproc=self.cgroup is None, bwrap=True,
                          cgroup_procs=[str(d / "cgroup.procs") for d in (self.cgroup.dirs if self.cgroup else [])])
            env = {"PATH": "/usr/bin:/bin"}
        else:
            box = self.scratch / "box"
            home = box / "home"
            for d in (home, box / "grading", box / "tmp", home / ".ipython", home / ".mpl", home / ".jupyter"):
                d.mkdir(parents=True, exist_ok=True)
            if self.user:
                for d in [self.scratch, *self.scratch.rglob("*")]:
                    os.chown(d, self.user["uid"], self.user["gid"])
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                "HOME": str(home), "IPYTHONDIR": str(home / ".ipython"), "MPLCONFIGDIR": str(home / ".mpl"),
                "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(home / ".jupyter"),
                "JUPYTER_DATA_DIR": str(home / ".jupyter"), "TMPDIR": str(box / "tmp"),
                "MPLBACKEND": "agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
                "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            }
            km = SandboxKernelManager(connection_file=str(self.scratch / "kernel.json"))
            config.update(cwd=str(home), user=self.user)
        km.sandbox_config = config
        self.km = km
        self.started_at = time.monotonic()
        try:
            km.start_kernel(cwd=str(self.scratch), env=env)
        except Exception as exc:
            raise SandboxFailure(f"the kernel could not be launched: {type(exc).__name__}: {exc}") from None
        if self.isolated:
            self._find_sandbox_processes(timeout)
            try:
                self.root_fd = os.open(f"/proc/{self.init_pid}/root", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
            except OSError as exc:
                raise SandboxFailure(f"the sandbox's root cannot be opened: {exc}") from None
            km.ip = f"/proc/{os.getpid()}/fd/{self.root_fd}{isolation.BOX}/ipc/kernel"
        # a small receive queue: a kernel printing hundreds of MB cannot fill our memory
        import zmq

        self._context = zmq.Context()
        self._context.setsockopt(zmq.RCVHWM, 256)
        self._context.setsockopt(zmq.RECONNECT_IVL, 10)  # the kernel binds its sockets after we connect
        kc = km.client(context=self._context)
        kc.start_channels()
        self.kc = kc
        try:
            kc.wait_for_ready(timeout=timeout)
        except RuntimeError as exc:
            self.dead_reason = f"the kernel did not start: {exc}"
            raise SandboxFailure(self.dead_reason + self._log_tail()) from None

    def _find_sandbox_processes(self, timeout: float) -> None:
        """Wait for bubblewrap's PID 1 and the kernel below it to exist."""
        end = time.monotonic() + timeout
        outer = self.pid
        while time.monotonic() < end:
            if not self.alive():
                raise SandboxFailure(f"the sandbox did not start: {self.exit_description()}{self._log_tail()}")
            inits = sandbox.children(outer)
            kernels = sandbox.children(inits[0]) if inits else []
            if kernels:
                self.init_pid, self.kernel_pid = inits[0], kernels[0]
                return
            time.sleep(0.003)
        raise SandboxFailure(f"the sandbox did not start within {timeout:.0f} s")

    def _log_tail(self) -> str:
        try:
            text = (self.scratch / "kernel-stdio.log").read_text(errors="replace").strip()
        except OSError:
            return ""
        return f" ({text.splitlines()[-1][:300]})" if text else ""

    def box(self, rel: str = "") -> BoxDir:
        """A folder of the kernel's scratch (`grading`, `home`), opened safely by the grader."""
        if self.isolated:
            return BoxDir(self.root_fd, f"{isolation.BOX.strip('/')}/{rel}")
        owner = (self.user["uid"], self.user["gid"]) if self.user else None
        return BoxDir(str(self.scratch / "box"), rel, owner)

    def inside(self, rel: str) -> str:
        """The path the kernel uses for `rel` in its scratch."""
        if self.isolated:
            return f"{isolation.BOX}/{rel}"
        return str(self.scratch / "box" / rel)

    @property
    def pid(self):
        try:
            return self.km.provisioner.pid
        except AttributeError:
            return None

    def alive(self) -> bool:
        try:
            return bool(self.km is not None and self.km.is_alive())
        except Exception:
            return False

    def exit_description(self) -> str:
        try:
            code = self.km.provisioner.process.poll()
        except Exception:
            code = None
        if code is None:
            return "the kernel died"
        if self.isolated and code > 128:
            code = -(code - 128)  # bubblewrap exits with 128 + the signal that killed the kernel
        if code < 0:
            import signal as _signal
            try:
                name = _signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            extra = " (probably the memory limit or a file-size limit)" if name in ("SIGKILL", "SIGXFSZ", "SIGSEGV") else ""
            return f"the kernel was killed by {name}{extra}"
        return f"the kernel exited with code {code}"

    def strays(self) -> list[int]:
        """Processes started by the notebook that are still running (not the kernel, not bubblewrap)."""
        if self.isolated:
            if not self.pid:
                return []
            own = {self.init_pid, self.kernel_pid}
            return [p for p in sandbox.descendants(self.pid) if p not in own and not sandbox.is_zombie(p)]
        pid = self.pid
        if not pid:
            return []
        return [p for p in sandbox.descendants() if p != pid and not sandbox.is_zombie(p)]

    def stop(self) -> int:
        """Kill the kernel and every process it started; return how many it had started (strays)."""
        strays = len(self.strays())
        sessions = set()
        pid = self.pid
        if pid and not self.isolated:
            try:
                sessions.add(os.getsid(pid))
            except OSError:
                pass
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:
                pass
        if self.cgroup is not None:
            self.cgroup.kill()
        sandbox.kill_all(sessions=sessions)
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:
                pass
            try:
                self.km.cleanup_resources()
            except Exception:
                pass
        sandbox.kill_all(sessions=sessions)
        if self.cgroup is not None:
            self.cgroup.kill()
            self.cgroup.remove()
            self.cgroup = None
        if self.root_fd is not None:
            os.close(self.root_fd)
            self.root_fd = None
        ctx = getattr(self, "_context", None)
        if ctx is not None:
            try:
                ctx.destroy(linger=0)
            except Exception:
                pass
            self._context = None
        self.kc = self.km = None
        return strays

    def interrupt(self) -> None:
        """SIGINT to the kernel process only (bubblewrap itself would die of it)."""
        if self.isolated:
            if self.kernel_pid:
                try:
                    os.kill(self.kernel_pid, signal.SIGINT)
                except OSError:
                    pass
            return
        try:
            self.km.interrupt_kernel()
        except Exception:
            pass

    # ------------------------------------------------------------------ running code
    def remaining(self) -> float:
        return self.limits.total_timeout - (time.monotonic() - self.started_at)

    def run(self, code: str, *, timeout: float | None = None, keep_outputs: bool = True) -> CellRun:
        """Execute `code`; wait at most min(timeout, cell timeout, time left in total)."""
        if not self.alive():
            return CellRun("dead", evalue=self.dead_reason or self.exit_description())
        limit = min(timeout or self.limits.cell_timeout, self.limits.cell_timeout, max(self.remaining(), 0.0))
        start = time.monotonic()
        if limit <= 0:
            return CellRun("timeout", evalue="the total time limit was used up")
        msg_id = self.kc.execute(code, store_history=keep_outputs, allow_stdin=False, stop_on_error=False)
        run = CellRun("ok")
        cell_bytes = 0
        deadline = start + limit
        idle = False
        reply = None
        reply_at = None
        while not idle:
            now = time.monotonic()
            if reply is not None and now - reply_at > 1.0:
                break  # the reply is in; the idle message was dropped under heavy output
            if now >= deadline and reply is None:
                return self._overrun(msg_id, run, start, limit)
            if reply is None:
                try:
                    msg = self.kc.get_shell_msg(timeout=0)
                    if msg.get("parent_header", {}).get("msg_id") == msg_id:
                        reply, reply_at = msg, time.monotonic()
                        continue
                except Empty:
                    pass
            try:
                msg = self.kc.get_iopub_msg(timeout=min(0.2, max(0.01, deadline - now)))
            except Empty:
                if reply is None and not self.alive():
                    run.status, run.evalue = "dead", self.exit_description()
                    run.elapsed = time.monotonic() - start
                    return run
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            content = msg["content"]
            if kind == "execute_input":
                run.execution_count = content.get("execution_count")
                continue
            if kind == "status":
                idle = content.get("execution_state") == "idle"
                continue
            if kind == "error":
                run.status, run.ename, run.evalue = "error", str(content.get("ename", "")), str(content.get("evalue", ""))
            if kind == "clear_output":
                if keep_outputs:
                    run.outputs.clear()
                continue
            if not keep_outputs or kind not in ("stream", "display_data", "execute_result", "error"):
                continue
            size = _size(content)
            cell_bytes += size
            if (cell_bytes > self.limits.cell_output_bytes
                    or self.output_used + size > self.limits.output_bytes):
                run.truncated = True
                continue
            self.output_used += size
            try:
                out = nbformat.v4.output_from_msg(msg)
            except ValueError:
                continue
            if (out.output_type == "stream" and run.outputs and run.outputs[-1].output_type == "stream"
                    and run.outputs[-1].name == out.name):
                run.outputs[-1].text += out.text
            else:
                run.outputs.append(out)
        if run.truncated and keep_outputs:
            run.outputs.append(nbformat.v4.new_output(
                "stream", name="stdout",
                text=f"\n[output truncated by the grader: this cell printed more than it may keep]\n"))
        if reply is None:  # idle came first: the reply is normally already waiting
            end = time.monotonic() + max(0.1, min(5.0, deadline - time.monotonic()))
            while reply is None and time.monotonic() < end:
                try:
                    msg = self.kc.get_shell_msg(timeout=max(0.01, end - time.monotonic()))
                except Empty:
                    break
                if msg.get("parent_header", {}).get("msg_id") == msg_id:
                    reply = msg
        if reply is not None and reply["content"].get("status") == "error" and run.status == "ok":
            run.status = "error"
            run.ename = str(reply["content"].get("ename", ""))
            run.evalue = str(reply["content"].get("evalue", ""))
        run.elapsed = time.monotonic() - start
        return run

    def _overrun(self, msg_id: str, run: CellRun, start: float, limit: float) -> CellRun:
        """The cell ran past its deadline: interrupt it; kill the kernel if it does not stop."""
        run.elapsed = time.monotonic() - start
        self.interrupt()
        grace_end = time.monotonic() + self.limits.interrupt_grace
        while time.monotonic() < grace_end:
            recovered = False
            try:
                reply = self.kc.get_shell_msg(timeout=0)
                recovered = reply.get("parent_header", {}).get("msg_id") == msg_id
            except Empty:
                pass
            if not recovered:
                try:
                    msg = self.kc.get_iopub_msg(timeout=max(0.05, min(0.2, grace_end - time.monotonic())))
                except Empty:
                    continue
                recovered = (msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "status"
                             and msg["content"].get("execution_state") == "idle")
            if recovered:
                run.status = "timeout"
                run.evalue = f"stopped after {limit:.0f} s (time limit); it was interrupted"
                return run
        self.dead_reason = f"a cell ran over its {limit:.0f} s time limit and ignored the interrupt: the kernel was stopped"
        self.stop_kernel_only()
        run.status = "unresponsive"
        run.evalue = self.dead_reason
        return run

    def stop_kernel_only(self) -> None:
        try:
            self.km.shutdown_kernel(now=True)
        except Exception:
            pass


def _size(content: dict) -> int:
    if "text" in content:
        return len(content["text"])
    total = 0
    for value in (content.get("data") or {}).values():
        total += len(value) if isinstance(value, str) else len(json.dumps(value))
    if "traceback" in content:
        total += sum(len(x) for x in content["traceback"])
    return total
