"""Mutants: wrong implementations of a lesson's exercises that must lose points.

A mutant file `solutions/NN_name/mutants/<name>.py` starts with three header lines
(`# mutant:` what is wrong, `# replaces:` the solution cell(s), `# must lose:` the test
cell(s)); then either the whole wrong cell, or an `# edit:` line and edits to the
instructor's answer (docs/LESSON-AUTHORING.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from autograder.paths import Course
from support.notebooks import find_cell, lesson_namespace, read, solved


def mutant_files(course: Course, lesson: str) -> list[Path]:
    """The lesson's mutant files, sorted by name."""
    return sorted(course.mutants_dir(lesson).glob("*.py"))


_HEADER = re.compile(r"^#\s*(mutant|replaces|must lose)\s*:\s*(.*)$", re.IGNORECASE)
_EDIT = re.compile(r"^#\s*edit\s*:", re.IGNORECASE)


def parse_mutant(path: Path) -> dict:
    """{'description', 'replaces': [grade ids], 'must_lose': [grade ids], 'source'} from a mutant file.

    A mutant file is either the whole wrong cell, or (with an `# edit:` header line) a list
    of edits to the instructor's answer in its single `replaces` cell (the solution cell
    without its BEGIN/END SOLUTION lines): each run of lines
    starting with "-" (lines of the solution, found exactly once) is replaced by the run of
    "+" lines after it; a line starting with "@@" separates blocks. Either way `source` is the complete cell a student would hand in.
    """
    text = Path(path).read_text(encoding="utf-8")
    info = {"description": "", "replaces": [], "must_lose": [], "source": text, "name": Path(path).stem}
    header, body, is_edit = [], [], False
    for i, line in enumerate(text.splitlines()):
        m = _HEADER.match(line.strip())
        if _EDIT.match(line.strip()):
            is_edit = True
            body = text.splitlines()[i + 1:]
            break
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        header.append(line)
        key, value = m.group(1).lower(), m.group(2).strip()
        if key == "mutant":
            info["description"] = value
        elif key == "replaces":
            info["replaces"] = [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
        else:
            info["must_lose"] = [v.strip() for v in re.split(r"[,\s]+", value) if v.strip()]
    if is_edit:
        if len(info["replaces"]) != 1:
            raise ValueError(f"{path}: an `# edit:` mutant replaces exactly one solution cell")
        base = _instructor_solution(Path(path), info["replaces"][0])
        info["source"] = "\n".join(header) + "\n" + apply_edits(base, body, where=str(path))
    return info


def _instructor_solution(path: Path, gid: str) -> str:
    """The instructor's answer in solution cell `gid` (its BEGIN/END SOLUTION lines dropped),
    for a mutant file at `path` (solutions/<lesson>/mutants/name.py)."""
    lesson_dir = Path(path).resolve().parent.parent
    notebook = lesson_dir / f"{lesson_dir.name}.ipynb"
    if not notebook.is_file():
        raise FileNotFoundError(f"{path}: no {notebook.name} in {lesson_dir}")
    source = find_cell(read(notebook), gid)[1].source
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def apply_edits(base: str, edit_lines: list[str], where: str = "edit") -> str:
    """`base` with each "-" block of `edit_lines` (found exactly once) replaced by the "+" block after it."""
    blocks, old, new = [], [], []
    for line in edit_lines:
        if line.startswith("@@"):          # ends a block (needed after a pure deletion)
            if old:
                blocks.append((old, new))
            old, new = [], []
        elif line.startswith("-"):
            if new:
                blocks.append((old, new))
                old, new = [], []
            old.append(line[1:])
        elif line.startswith("+"):
            if not old:
                raise ValueError(f"{where}: a '+' block must follow a '-' block")
            new.append(line[1:])
        elif line.strip():
            raise ValueError(f"{where}: edit lines start with '-' or '+', got {line!r}")
    if old:
        blocks.append((old, new))
    result = "\n" + base + "\n"            # blocks match whole lines only
    for old, new in blocks:
        target = "\n" + "\n".join(old) + "\n"
        if result.count(target) != 1:
            raise ValueError(f"{where}: the '-' block {old[0]!r}... is found {result.count(target)} times "
                             "in the solution; it must be found exactly once")
        result = result.replace(target, "\n" + "".join(line + "\n" for line in new))
    return result[1:-1]


def mutant_fields(path: Path) -> tuple[str, list[str], list[str], str]:
    """(description, replaces, must_lose, source) of a mutant file (`parse_mutant`);
    AssertionError naming the file when one of the three header lines is missing or empty."""
    m = parse_mutant(path)
    assert m["description"] and m["replaces"] and m["must_lose"], f"{Path(path).name}: incomplete header"
    return m["description"], m["replaces"], m["must_lose"], m["source"]


def apply_mutant(course: Course, lesson: str, mutant: dict) -> nbformat.NotebookNode:
    """A student's submission: the released notebook, solved, with the mutant's code as the
    source of its `replaces` cells (so grading raises no tampering flags)."""
    nb = solved(course, lesson)
    for gid in mutant["replaces"]:
        _, cell = find_cell(nb, gid)
        cell.source = mutant["source"]
    return nb


def mutant_namespace(nb, path: Path) -> tuple[dict, dict]:
    """(parse_mutant(path), the student's namespace with the mutant's code in its cells)."""
    mutant = parse_mutant(path)
    ns = lesson_namespace(nb, replace={gid: mutant["source"] for gid in mutant["replaces"]}, share_setup=True)
    return mutant, ns
