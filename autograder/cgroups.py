"""A pids and memory cap per submission from a cgroup the grader creates (v2, else v1).

`Cgroup.create(name, pids, memory_bytes)` makes one below the grader's own cgroup, or
returns None when this machine does not let the grader create one (then the sandbox falls
back to rlimits; see README "Sandbox and limits"). The kernel's launcher joins it with
`join(pid)` before it starts bwrap, so the whole sandbox is inside; `kill()` and `remove()`
after the submission.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")


def _own_paths() -> dict[str, str]:
    """{controller (or "" for v2): this process's cgroup path} from /proc/self/cgroup."""
    out = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        for ctrl in parts[1].split(",") if parts[1] else [""]:
            out[ctrl] = parts[2]
    return out


def _v2_mount() -> Path | None:
    for candidate in (ROOT, ROOT / "unified"):
        if (candidate / "cgroup.controllers").is_file():
            return candidate
    return None


@dataclass
class Cgroup:
    """One submission's cgroup: the folders to join (one per v1 hierarchy, or one for v2)."""

    version: int
    dirs: list[Path] = field(default_factory=list)
    pids: int = 0
    memory_bytes: int = 0

    @classmethod
    def create(cls, name: str, pids: int, memory_bytes: int) -> "Cgroup | None":
        """A new cgroup capped at `pids` tasks and `memory_bytes`, or None if none can be made."""
        return cls._create_v2(name, pids, memory_bytes) or cls._create_v1(name, pids, memory_bytes)

    @classmethod
    def _create_v2(cls, name, pids, memory_bytes):
        mount = _v2_mount()
        own = _own_paths().get("")
        if mount is None or own is None:
            return None
        parent = mount / own.lstrip("/")
        try:
            if not {"pids", "memory"} <= set((parent / "cgroup.controllers").read_text().split()):
                return None
            enabled = set((parent / "cgroup.subtree_control").read_text().split())
            if not {"pids", "memory"} <= enabled:
                (parent / "cgroup.subtree_control").write_text("+pids +memory")
            path = parent / name
            path.mkdir()
        except OSError:
            return None
        group = cls(2, [path], pids, memory_bytes)
        try:
            (path / "pids.max").write_text(str(pids))
            (path / "memory.max").write_text(str(memory_bytes))
            (path / "memory.swap.max").write_text("0") if (path / "memory.swap.max").exists() else None
        except OSError:
            group.remove()
            return None
        return group

    @classmethod
    def _create_v1(cls, name, pids, memory_bytes):
        own = _own_paths()
        dirs = []
        try:
            for ctrl, limit_file, value in (("pids", "pids.max", pids), ("memory", "memory.limit_in_bytes", memory_bytes)):
                base = ROOT / ctrl
                if ctrl not in own or not (base / "cgroup.procs").is_file():
                    raise OSError(f"no v1 {ctrl} hierarchy")
                path = base / own[ctrl].lstrip("/") / name
                path.mkdir()
                dirs.append(path)
                (path / limit_file).write_text(str(value))
            memsw = dirs[1] / "memory.memsw.limit_in_bytes"
            if memsw.exists():
                try:
                    memsw.write_text(str(memory_bytes))
                except OSError:
                    pass
        except OSError:
            cls(1, dirs).remove()
            return None
        return cls(1, dirs, pids, memory_bytes)

    def describe(self) -> str:
        return (f"cgroup v{self.version}: at most {self.pids} processes and threads, "
                f"{self.memory_bytes // 2**20} MB of memory per submission")

    def join(self, pid: int) -> None:
        """Move `pid` into this cgroup (its children are born inside)."""
        for d in self.dirs:
            (d / "cgroup.procs").write_text(str(pid))

    def members(self) -> list[int]:
        pids = set()
        for d in self.dirs:
            try:
                pids.update(int(x) for x in (d / "cgroup.procs").read_text().split())
            except (OSError, ValueError):
                pass
        return sorted(pids)

    def peak_pids(self) -> int | None:
        try:
            return int((self.dirs[0] / "pids.peak").read_text())
        except (OSError, ValueError, IndexError):
            return None

    def kill(self, rounds: int = 50) -> int:
        """SIGKILL every process in the cgroup until it is empty; return how many were signalled."""
        if self.version == 2 and (self.dirs[0] / "cgroup.kill").exists():
            try:
                before = len(self.members())
                (self.dirs[0] / "cgroup.kill").write_text("1")
                for _ in range(rounds):
                    if not self.members():
                        break
                    time.sleep(0.01)
                return before
            except OSError:
                pass
        killed = set()
        for _ in range(rounds):
            pids = self.members()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed.add(pid)
                except OSError:
                    pass
            time.sleep(0.01)
        return len(killed)

    def remove(self, seconds: float = 10.0) -> bool:
        """Remove the cgroup, killing what is left in it (a task stalled at the memory cap can take
        a while to die); True when it is gone."""
        end = time.monotonic() + seconds
        for d in self.dirs:
            while True:
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() > end:
                        return False
                    self.kill(rounds=1)
                    time.sleep(0.02)
        return True


def _parents() -> list[Path]:
    """The folders below which this process creates cgroups (v2 and each v1 hierarchy)."""
    own = _own_paths()
    out = []
    mount = _v2_mount()
    if mount is not None and "" in own:
        out.append(mount / own[""].lstrip("/"))
    for ctrl in ("pids", "memory"):
        if ctrl in own:
            out.append(ROOT / ctrl / own[ctrl].lstrip("/"))
    return out


def sweep_orphans() -> int:
    """Remove our cgroups whose grading worker is no longer running (left by a killed run)."""
    removed = 0
    for parent in _parents():
        try:
            names = [p.name for p in parent.iterdir() if p.is_dir() and p.name.startswith("autograder-")]
        except OSError:
            continue
        for name in names:
            owner = name.split("-")[1]
            if owner.isdigit() and not Path(f"/proc/{owner}").exists():
                removed += sweep(f"autograder-{owner}-")
    return removed


def sweep(prefix: str) -> int:
    """Kill the processes of, and remove, every cgroup of ours whose name starts with `prefix`
    (left behind by a grading worker that died); return how many cgroups were removed."""
    removed = 0
    for parent in _parents():
        try:
            names = [p for p in parent.iterdir() if p.is_dir() and p.name.startswith(prefix)]
        except OSError:
            continue
        for path in names:
            group = Cgroup(2 if (path / "cgroup.kill").exists() else 1, [path])
            group.kill()
            group.remove()
            removed += not path.exists()
    return removed
