"""The kernel's launcher, rlimits and process cleanup (Linux; degrades gracefully elsewhere).

Two halves:

* Run as a script, this file is the kernel's launcher: the grader starts

      python sandbox.py '<json limits>' -- bwrap ... -- python -m ipykernel_launcher -f conn.json

  (or, with --unsafe-no-sandbox, the kernel command directly), which joins the submission's
  cgroup, applies resource limits (address space, file size, core dumps, CPU time and, when
  asked, the number of processes), starts a new session, moves to the scratch folder, sends
  stdout/stderr to a log file there, drops to the unprivileged user when asked (unsafe mode),
  asks to die with its parent, and execs the command (with an empty environment for
  bubblewrap). It imports only the standard library.

* Imported, it gives the grading worker what it needs to clean up: become a child
  subreaper (so double-forked orphans of the kernel are re-parented to the worker and can be
  found), list descendants, kill them all, reap zombies, and decide which user to drop to.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except Exception:
        return False


# --------------------------------------------------------------------------- worker side

def become_subreaper() -> bool:
    """Make orphaned descendants re-parent to this process (Linux >= 3.4)."""
    return sys.platform.startswith("linux") and _prctl(PR_SET_CHILD_SUBREAPER, 1)


def _proc_table() -> dict[int, tuple[int, int]]:
    """{pid: (ppid, session id)} for every process visible in /proc."""
    table = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return table
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        # the command name (field 2) may hold spaces or parentheses: split after the last ')'
        rest = data[data.rfind(b")") + 2:].split()
        try:
            table[int(name)] = (int(rest[1]), int(rest[3]))
        except (IndexError, ValueError):
            continue
    return table


def descendants(root: int | None = None, sessions: set[int] | frozenset = frozenset()) -> list[int]:
    """Pids descending from `root` (default: this process), plus members of `sessions`."""
    root = os.getpid() if root is None else root
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = set(), [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    found.update(pid for pid, (_, sid) in table.items() if sid in sessions and pid != root)
    found.discard(root)
    found.discard(os.getpid())
    return sorted(found)


def reap() -> None:
    """Collect exited children (zombies) of this process without blocking."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        except OSError:
            return
        if pid == 0:
            return


def kill_all(sessions: set[int] | frozenset = frozenset(), rounds: int = 20) -> int:
    """SIGKILL every descendant of this process (and every member of `sessions`); return count.

    Stops them first (so none can fork while we look), then kills, repeating until none is left.
    """
    killed = set()
    for _ in range(rounds):
        pids = descendants(sessions=sessions)
        alive = [p for p in pids if not _is_zombie(p)]
        if not alive:
            break
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in alive:
                try:
                    os.kill(pid, sig)
                    killed.add(pid)
                except OSError:
                    pass
        time.sleep(0.02)
        reap()
    reap()
    return len(killed)


def children(pid: int) -> list[int]:
    """Direct children of `pid`."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return sorted(int(x) for x in fh.read().split())
    except (OSError, ValueError):
        return sorted(p for p, (ppid, _) in _proc_table().items() if ppid == pid)


def is_zombie(pid: int) -> bool:
    """True for a process that has exited (or is gone)."""
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
        return data[data.rfind(b")") + 2:][:1] in (b"Z", b"X")
    except OSError:
        return True


def choose_user(interpreter: str) -> tuple[dict | None, str]:
    """(uid/gid to drop to, or None; why). Drops to `nobody` only when we are root and that
    user can execute the interpreter and read the package; otherwise we stay and say why."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None, "the grader is not root: the kernel runs as the grader's own user"
    try:
        import pwd

        entry = pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        return None, "no `nobody` user on this machine: the kernel runs as root"
    uid, gid = entry.pw_uid, entry.pw_gid
    blocked = _first_unreachable(os.path.realpath(interpreter), uid, gid)
    if not blocked:
        try:
            import backprop

            blocked = _first_unreachable(os.path.realpath(backprop.__file__), uid, gid)
        except ImportError:
            pass
    if blocked:
        return None, (f"the interpreter {os.path.realpath(interpreter)} or the course package is not reachable "
                      f"by `nobody` ({blocked} is not searchable by others): the kernel runs as root, "
                      "with resource limits, its own session and scratch folder")
    return {"uid": uid, "gid": gid}, "the kernel runs as `nobody`"


def _first_unreachable(path: str, uid: int, gid: int) -> str | None:
    """The first folder on `path` (or the file itself) that `uid` cannot search / execute."""
    parts = path.split(os.sep)
    for i in range(2, len(parts) + 1):
        item = os.sep.join(parts[:i])
        try:
            st = os.stat(item)
        except OSError:
            return item
        bit = 0o100 if st.st_uid == uid else 0o010 if st.st_gid == gid else 0o001
        if not st.st_mode & bit:
            return item
    return None


# --------------------------------------------------------------------------- launcher side

def _apply_limits(cfg: dict) -> None:
    import resource

    def setlimit(name, value):
        what = getattr(resource, name, None)
        if what is None or value is None:
            return
        try:
            soft, hard = resource.getrlimit(what)
            value = int(value)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(what, (value, value))
        except (ValueError, OSError):
            pass

    setlimit("RLIMIT_AS", cfg.get("memory_bytes"))
    setlimit("RLIMIT_FSIZE", cfg.get("file_bytes"))
    setlimit("RLIMIT_CORE", 0)
    setlimit("RLIMIT_CPU", cfg.get("cpu_seconds"))
    if cfg.get("user"):
        setlimit("RLIMIT_NPROC", cfg.get("max_processes"))
    elif cfg.get("nproc") and cfg.get("max_processes"):
        # counted per real user across the machine: allow what the user already runs, plus the cap
        setlimit("RLIMIT_NPROC", _processes_of(os.getuid()) + int(cfg["max_processes"]))


def _processes_of(uid: int) -> int:
    """How many tasks (processes and threads) the real user `uid` runs now."""
    count = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                count += int(fields.get("Threads", "1"))
        except (OSError, KeyError, ValueError):
            continue
    return count


def launch(cfg: dict, argv: list[str]) -> None:
    """Apply the sandbox described by `cfg` to this process, then exec `argv`."""
    try:
        os.setsid()
    except OSError:
        pass  # already a session leader (jupyter_client starts kernels in a new session)
    for procs in cfg.get("cgroup_procs", []):
        with open(procs, "w") as fh:  # the cgroup caps this process and everything it starts
            fh.write(str(os.getpid()))
    scratch = cfg["cwd"]
    os.chdir(scratch)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    log = os.open(cfg.get("log", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    _apply_limits(cfg)
    user = cfg.get("user")
    if user:
        os.setgroups([])
        os.setgid(user["gid"])
        os.setuid(user["uid"])
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    os.umask(0o077)
    if cfg.get("bwrap"):
        _exec_bwrap(argv)
    os.execv(argv[0], argv)


def _exec_bwrap(argv: list[str]) -> None:
    """Exec bubblewrap with an empty environment and its options passed through a pipe
    (`--args FD`): its environment and command line are visible inside as /proc/1/environ
    and /proc/1/cmdline, and its options name the grader's folders."""
    split = argv.index("--")
    options, command = argv[1:split], argv[split:]
    data = b"".join(a.encode() + b"\0" for a in options)
    if len(data) >= 60000:  # would not fit a pipe's buffer
        os.execve(argv[0], argv, {})
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    os.set_inheritable(read, True)
    os.execve(argv[0], [argv[0], "--args", str(read), *command], {})


if __name__ == "__main__":
    config = json.loads(sys.argv[1])
    if sys.argv[2] != "--":
        sys.exit("usage: sandbox.py JSON -- COMMAND...")
    launch(config, sys.argv[3:])
