"""Run code in a sandboxed Jupyter kernel, one cell at a time, with hard limits.

A small executor on top of jupyter_client (instead of nbclient's) so the grader controls
every limit itself: a deadline per cell, interrupt-then-kill when a cell overruns, detection
of a dead kernel, and outputs truncated while they stream (a notebook printing 200 MB keeps
only the first `output_bytes`). The kernel is launched through `sandbox.py`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client import KernelManager

from autograder import sandbox

SANDBOX_SCRIPT = str(Path(sandbox.__file__).resolve())


class SandboxKernelManager(KernelManager):
    """A KernelManager whose kernel command goes through the sandbox launcher."""

    sandbox_config: dict = {}

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", self.connection_file,
               "--HistoryManager.enabled=False"]
        return [sys.executable, "-I", "-S", SANDBOX_SCRIPT, json.dumps(self.sandbox_config), "--", *cmd]


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
    max_processes: int = 64           # only enforced when the kernel runs as an unprivileged user
    output_bytes: int = 1_000_000     # outputs kept per notebook (the rest is dropped as it streams)
    cell_output_bytes: int = 200_000  # outputs kept per cell
    interrupt_grace: float = 3.0      # seconds a cell gets to stop after SIGINT before the kill


class SandboxedKernel:
    """One kernel for one submission: start(), run(code) as often as needed, stop()."""

    def __init__(self, scratch: Path, limits: Limits, user: dict | None = None):
        self.scratch = Path(scratch)
        self.limits = limits
        self.user = user
        self.km = None
        self.kc = None
        self.started_at = None
        self.output_used = 0
        self.dead_reason = ""

    # ------------------------------------------------------------------ lifecycle
    def start(self, timeout: float = 60.0) -> None:
        cwd = self.scratch / "cwd"
        home = self.scratch / "home"
        for d in (cwd, home, home / ".ipython", home / ".mpl", home / ".jupyter", home / "runtime"):
            d.mkdir(parents=True, exist_ok=True)
        if self.user:
            for d in [self.scratch, *self.scratch.rglob("*")]:
                os.chown(d, self.user["uid"], self.user["gid"])
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "HOME": str(home), "IPYTHONDIR": str(home / ".ipython"), "MPLCONFIGDIR": str(home / ".mpl"),
            "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_DATA_DIR": str(home / ".jupyter"), "TMPDIR": str(home),
            "MPLBACKEND": "agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        }
        lim = self.limits
        km = SandboxKernelManager(connection_file=str(self.scratch / "kernel.json"))
        km.sandbox_config = {
            "cwd": str(cwd), "log": str(self.scratch / "kernel-stdio.log"),
            "memory_bytes": lim.memory_mb * 2**20, "file_bytes": lim.file_mb * 2**20,
            "cpu_seconds": int(lim.total_timeout * 2 + 30), "max_processes": lim.max_processes,
            "user": self.user,
        }
        self.km = km
        self.started_at = time.monotonic()
        km.start_kernel(cwd=str(cwd), env=env)
        # a small receive queue: a kernel printing hundreds of MB cannot fill our memory
        import zmq

        self._context = zmq.Context()
        self._context.setsockopt(zmq.RCVHWM, 256)
        kc = km.client(context=self._context)
        kc.start_channels()
        self.kc = kc
        try:
            kc.wait_for_ready(timeout=timeout)
        except RuntimeError as exc:
            self.dead_reason = f"the kernel did not start: {exc}"
            raise

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
        if code < 0:
            import signal as _signal
            try:
                name = _signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            extra = " (probably the memory limit or a file-size limit)" if name in ("SIGKILL", "SIGXFSZ", "SIGSEGV") else ""
            return f"the kernel was killed by {name}{extra}"
        return f"the kernel exited with code {code}"

    def stop(self) -> int:
        """Kill the kernel and every process it started; return how many processes were killed."""
        sessions = set()
        pid = self.pid
        if pid:
            try:
                sessions.add(os.getsid(pid))
            except OSError:
                pass
        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:
                pass
        count = sandbox.kill_all(sessions=sessions)
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:
                pass
            try:
                self.km.cleanup_resources()
            except Exception:
                pass
        count += sandbox.kill_all(sessions=sessions)
        ctx = getattr(self, "_context", None)
        if ctx is not None:
            try:
                ctx.destroy(linger=0)
            except Exception:
                pass
            self._context = None
        self.kc = self.km = None
        return count

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
        try:
            self.km.interrupt_kernel()
        except Exception:
            pass
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
