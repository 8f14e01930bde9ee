"""The grader's file access to a kernel's scratch: never follows a link the kernel made.

A `BoxDir` is a folder below a root: a file descriptor of the sandbox's root (opened once
through /proc/<pid>/root, so a reused pid cannot redirect it), or a host folder with
--unsafe-no-sandbox. Every component below the root is opened with
O_NOFOLLOW, files must be regular files, and new files are created exclusively, so a
kernel that swaps a folder for a symlink cannot make the grader read or write anywhere else.
"""

from __future__ import annotations

import io
import os
import stat

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class BoxError(OSError):
    """A path in the kernel's scratch is not what the grader expects (a link, a device, missing)."""


class BoxDir:
    """A folder inside a kernel's scratch, opened without following links."""

    def __init__(self, root: str | int, rel: str = "", owner: tuple[int, int] | None = None):
        self.root, self.rel, self.owner = root, rel.strip("/"), owner

    def _fd(self) -> int:
        flags = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(".", flags, dir_fd=self.root) if isinstance(self.root, int) else os.open(self.root, flags)
        try:
            for part in [p for p in self.rel.split("/") if p]:
                if part in (".", ".."):
                    raise BoxError(f"bad path component {part!r}")
                try:
                    nxt = os.open(part, _DIR, dir_fd=fd)
                except FileNotFoundError:
                    raise
                except OSError as exc:
                    raise BoxError(f"{self.rel}: {exc.strerror}") from None
                os.close(fd)
                fd = nxt
            return fd
        except BaseException:
            os.close(fd)
            raise

    def sub(self, rel: str) -> "BoxDir":
        return BoxDir(self.root, f"{self.rel}/{rel}", self.owner)

    def mkdir(self, name: str) -> "BoxDir":
        fd = self._fd()
        try:
            os.mkdir(name, 0o755, dir_fd=fd)
            if self.owner:
                os.chown(name, *self.owner, dir_fd=fd, follow_symlinks=False)
        finally:
            os.close(fd)
        return self.sub(name)

    def write_bytes(self, name: str, data: bytes) -> None:
        fd = self._fd()
        try:
            out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=fd)
        finally:
            os.close(fd)
        with os.fdopen(out, "wb") as fh:
            if self.owner:
                os.fchown(fh.fileno(), *self.owner)
            fh.write(data)

    def open(self, name: str, max_bytes: int) -> io.BytesIO:
        """The content of regular file `name` (at most `max_bytes`, else BoxError;
        FileNotFoundError when it or a folder above it does not exist)."""
        fd = self._fd()
        try:
            try:
                f = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
            except FileNotFoundError:
                raise
            except OSError as exc:
                raise BoxError(f"{name}: {exc.strerror}") from None
        finally:
            os.close(fd)
        with os.fdopen(f, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise BoxError(f"{name} is not a regular file")
            if st.st_size > max_bytes:
                raise BoxError(f"{name} is too large ({st.st_size} bytes)")
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise BoxError(f"{name} is too large")
        return io.BytesIO(data)

    def exists(self, name: str) -> bool:
        try:
            fd = self._fd()
        except OSError:
            return False
        try:
            os.stat(name, dir_fd=fd, follow_symlinks=False)
            return True
        except OSError:
            return False
        finally:
            os.close(fd)
