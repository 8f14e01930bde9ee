"""The course secret and what the grader derives from it.

The course secret is 32 random bytes in `Course.secret_file` ($AUTOGRADER_SECRET_FILE, else
`course-secret` in the course's work folder, outside git), created on first use with mode
600; the instructor keeps it (a new secret changes every hidden input and invalidates every
stored result). From it:

- `sign(result)`: an HMAC-SHA256 over the submission's hash, the lesson's spec version and
  the scores (per test cell: points and passed); `verify` checks it in constant time, so a
  resume trusts only results the grader wrote itself.
- `hidden_salt(secret, student)`: the salt of a student's hidden grading inputs (an HMAC of
  the student id under a key of its own), so hidden inputs differ per course and per student,
  stay the same on every re-grade, and one student's leaked inputs tell nothing about another's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from autograder.paths import Course


def course_secret(course: Course) -> bytes:
    """The course secret, created (mode 600) if it does not exist yet."""
    path = course.secret_file
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    st = path.stat()
    if st.st_mode & 0o077:
        raise PermissionError(f"{path} is readable by others (mode {st.st_mode & 0o777:o}): chmod 600 it")
    return bytes.fromhex(path.read_text().strip())


def hidden_salt(secret: bytes, student_id: str) -> str:
    """The salt of `student_id`'s hidden grading inputs (hex; never sent to a kernel)."""
    key = hmac.new(secret, b"hidden grading inputs", hashlib.sha256).digest()
    return hmac.new(key, student_id.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def spec_version(course: Course, lesson: str) -> str:
    """A hash of what decides a lesson's scores: its grading.py and its source notebook."""
    digest = hashlib.sha256()
    for path in (course.solutions / lesson / "grading.py", course.source_notebook(lesson)):
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def _message(result: dict) -> bytes:
    scores = [[row.get("cell"), row.get("points"), row.get("max_points"), row.get("passed")]
              for row in result.get("exercises", [])]
    fields = {"student_id": result.get("student_id"), "assignment": result.get("assignment"),
              "sha256": result.get("sha256"), "spec_version": result.get("spec_version"),
              "score": result.get("score"), "max_score": result.get("max_score"),
              "status": result.get("status"), "sandboxed": result.get("sandboxed"), "exercises": scores}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def sign(secret: bytes, result: dict) -> str:
    return hmac.new(secret, _message(result), hashlib.sha256).hexdigest()


def verify(secret: bytes, result: dict) -> bool:
    digest = result.get("hmac")
    return isinstance(digest, str) and hmac.compare_digest(digest, sign(secret, result))
