"""Find the submissions to grade: nbgrader's layout, a flat folder or an LMS zip."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

_SAFE = re.compile(r"[^A-Za-z0-9_.@+-]+")
MAX_NOTEBOOK_BYTES = 64 * 2**20


def safe_id(text: str) -> str:
    """A student id usable as a file name (letters, digits, _ . @ + -)."""
    cleaned = _SAFE.sub("_", text).strip("._-")
    return cleaned or "unnamed"


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _split_name(stem: str, lessons: list[str], default_lesson: str | None):
    """(student, lesson, note) from an LMS file name such as `alice_00_sample` or `alice`."""
    for lesson in sorted(lessons, key=len, reverse=True):
        if lesson in stem:
            student = stem.replace(lesson, " ").strip(" _-.")
            return safe_id(student), lesson, None
    if default_lesson:
        return safe_id(stem), default_lesson, None
    return safe_id(stem), None, "the file name names no lesson (use --lesson)"


def discover(source: Path, lessons: list[str], *, lesson: str | None, unpack_dir: Path) -> list[dict]:
    """Jobs: dicts with student_id, lesson, path (or None with missing_reason), display_path, notes."""
    source = Path(source)
    if lesson is not None:
        lessons = [lesson]
    default = lesson or (lessons[0] if len(lessons) == 1 else None)
    if source.is_file() and zipfile.is_zipfile(source):
        folder = unpack_dir / "lms"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        files = []
        with zipfile.ZipFile(source) as zf:
            for info in zf.infolist():
                name = info.filename.replace("\\", "/")
                if info.is_dir() or not name.endswith(".ipynb") or "__MACOSX" in name:
                    continue
                parts = [p for p in name.split("/") if p not in ("", ".", "..")]
                target = folder.joinpath(*[safe_id(p[:-6]) + ".ipynb" if p.endswith(".ipynb") else safe_id(p)
                                           for p in parts])
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, length=1 << 20)
                    if dst.tell() > MAX_NOTEBOOK_BYTES:
                        raise SystemExit(f"{name} in the zip is larger than {MAX_NOTEBOOK_BYTES} bytes")
                files.append((target, "/".join(parts)))
        return _flat_jobs(files, lessons, default)
    if not source.is_dir():
        raise SystemExit(f"{source} is neither a folder of submissions nor a zip file")
    flat = sorted(source.glob("*.ipynb"))
    if flat:
        return _flat_jobs([(p, p.name) for p in flat], lessons, default)
    jobs = []
    for student_dir in sorted(p for p in source.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for lesson_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if lesson_dir.name not in lessons:
                continue
            expected = lesson_dir / f"{lesson_dir.name}.ipynb"
            job = {"student_id": safe_id(student_dir.name), "lesson": lesson_dir.name, "notes": [],
                   "display_path": str(expected.relative_to(source))}
            if expected.is_file():
                job["path"] = str(expected.resolve())
            else:
                others = sorted(p.name for p in lesson_dir.glob("*.ipynb"))
                job["path"] = None
                job["missing_reason"] = (
                    f"wrong file name: expected {expected.name}, found {', '.join(others)} "
                    "(rename it and grade again with --regrade)" if others else f"no {expected.name} submitted")
                job["notes"].append({"kind": "wrong file name" if others else "missing", "message": job["missing_reason"]})
            jobs.append(job)
    return jobs


def _flat_jobs(files, lessons, default) -> list[dict]:
    jobs = []
    seen = set()
    for path, shown in files:
        stem = path.name[:-6]
        parts = shown.split("/")
        if len(parts) > 1:  # folder per student inside the zip
            student = safe_id(parts[0])
            _, lesson, note = _split_name(stem, lessons, default)
        else:
            student, lesson, note = _split_name(stem, lessons, default)
        if lesson is None:
            jobs.append({"student_id": student, "lesson": default or "unknown", "path": None, "display_path": shown,
                         "missing_reason": f"wrong file name: {note}",
                         "notes": [{"kind": "wrong file name", "message": note}]})
            continue
        key = (student, lesson)
        if key in seen:
            student = f"{student}-{len([k for k in seen if k[0].startswith(student)]) + 1}"
            key = (student, lesson)
        seen.add(key)
        jobs.append({"student_id": student, "lesson": lesson, "path": str(Path(path).resolve()),
                     "display_path": shown, "notes": []})
    return jobs
