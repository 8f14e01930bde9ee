#!/usr/bin/env python3
"""Set up the course in a virtual environment and open it, or run its tests.

    python3 course.py lab             install (first time only) and open JupyterLab at notebooks/,
                                      as a student sees it (no nbgrader instructor tools); as root
                                      it adds --allow-root
    python3 course.py check [NOTEBOOK ...]
                                      the self-check: run each notebook (default: every one in
                                      notebooks/) in a fresh kernel and report its tests; save first
    python3 course.py test [ARGS...]  install (first time only) and run the whole test suite
                                      (the course repository only; the student edition has none)
    python3 course.py install         only install

The environment lives in .venv/ inside the repository. It is reinstalled when
requirements.txt, constraints.txt or pyproject.toml change. Extra arguments after `test`
go to pytest (e.g. `python3 course.py test tests/package -x`).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
INSTALL_INPUTS = ("requirements.txt", "constraints.txt", "pyproject.toml")


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def requirements_digest() -> str:
    digest = hashlib.sha256()
    for name in INSTALL_INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def install() -> Path:
    """Create .venv and install the pinned requirements unless they are already there."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = requirements_digest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    print("Installing the course's pinned requirements (a few minutes the first time) ...", flush=True)
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([python, "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.txt")])
    STAMP.write_text(wanted + "\n")
    return python


# The student's JupyterLab: nbgrader's instructor tools (Create Assignment, Formgrader, the
# course and assignment lists, its menu) and its Validate button are switched off, as is the
# news pop-up. JupyterLab reads page_config.json (disabledExtensions) and overrides.json
# (default settings) from its app settings folder; the course points it at its own folder
# instead of changing the environment. The self-check replaces Validate:
# `python -m backprop.selfcheck NOTEBOOK`.
LAB_SETTINGS = ROOT / "source" / "backprop" / "lab_settings"
NBGRADER_SERVER_EXTENSIONS = ("formgrader", "course_list", "assignment_list", "validate_assignment")


def lab_command(python, rest) -> list[str]:
    """The `jupyter lab` command line `course.py lab` runs (extra arguments `rest` last)."""
    command = [str(python), "-m", "jupyter", "lab", f"--LabApp.app_settings_dir={LAB_SETTINGS}"]
    for name in NBGRADER_SERVER_EXTENSIONS:
        command += ["--ServerApp.jpserver_extensions", f"nbgrader.server_extensions.{name}=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in rest:
        print("Running as root: starting JupyterLab with --allow-root.", flush=True)
        command.append("--allow-root")
    return command + [str(r) for r in rest]


def run(command, **kwargs) -> None:
    completed = subprocess.run([str(c) for c in command], cwd=ROOT, **kwargs)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        return 0
    command, rest = argv[0], argv[1:]
    if command == "install":
        install()
        return 0
    if command == "lab":
        python = install()
        env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
        return subprocess.call(lab_command(python, rest), cwd=ROOT / "notebooks", env=env)
    if command == "check":
        python = install()
        notebooks = rest or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb"))
        status = 0
        for notebook in notebooks:
            target = Path(notebook).resolve()
            status = max(status, subprocess.call([str(python), "-m", "backprop.selfcheck", str(target)], cwd=ROOT))
        return status
    if command == "test":
        if not (ROOT / "tests").is_dir():
            print("This is the student edition: it has no test suite. `python3 course.py check` runs "
                  "the self-check on your notebooks.", file=sys.stderr)
            return 2
        python = install()
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)
    print(f"Unknown command {command!r}.\n\n{__doc__.strip()}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
