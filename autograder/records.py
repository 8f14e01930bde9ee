"""Typed records of what grading one submission produces, with to/from JSON.

    SubmissionResult          one student's notebook for one lesson (results/<lesson>/<student>.json)
      exercises: [ExerciseResult]   one per graded test cell: points, passed, note
        cases: [CaseResult]         one per grading case: label, hidden, passed, kind, message
      flags: [Flag]                 what the instructor should look at (kind, message)

The grader builds these, `signing.py` signs `SubmissionResult.to_json()`, and the report,
feedback pages, CSV and gradebook read them back with `from_json`. JSON keys are the field
names; unknown keys in a file are ignored, missing ones take the defaults.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from autograder.diagnosis import Diagnosis, FailureKind

GRADED = "graded"
NOT_GRADED = "not graded"
GRADER_FAILURE = "grader failure"


def _known(cls, data: dict) -> dict:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass
class Flag:
    """Something the instructor should look at; it never changes a score by itself."""

    kind: str      # short category, e.g. "test cell edited", "monkeypatching"
    message: str   # what was found, where

    def to_json(self) -> dict:
        return {"kind": self.kind, "message": self.message}

    as_dict = to_json

    @classmethod
    def from_json(cls, data: dict) -> "Flag":
        return cls(str(data.get("kind", "")), str(data.get("message", "")))


@dataclass
class CaseResult:
    """One grading case. `kind` is "" for a passed case, else a FailureKind value."""

    label: str
    hidden: bool
    passed: bool
    message: str = ""
    kind: str = ""
    mistake: str = ""

    @classmethod
    def failed(cls, label: str, hidden: bool, diagnosis: Diagnosis) -> "CaseResult":
        return cls(label, hidden, False, diagnosis.message, diagnosis.kind.value, diagnosis.mistake)

    def feedback_text(self) -> str:
        """What the student's feedback page says of a failed case (hidden: its kind only)."""
        if not self.hidden:
            return self.message
        try:
            kind = FailureKind(self.kind)
        except ValueError:
            kind = FailureKind.FAILED_CHECK
        return Diagnosis(kind, "", self.mistake).hidden_summary()

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "CaseResult":
        return cls(**_known(cls, data))


@dataclass
class ExerciseResult:
    """One graded test cell: its points when every case passed, else 0."""

    cell: str
    points: float
    max_points: float
    passed: bool
    cases: list[CaseResult] = field(default_factory=list)
    note: str = ""

    def to_json(self) -> dict:
        data = {"cell": self.cell, "points": self.points, "max_points": self.max_points, "passed": self.passed,
                "cases": [c.to_json() for c in self.cases]}
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ExerciseResult":
        values = _known(cls, data)
        values["cases"] = [CaseResult.from_json(c) for c in data.get("cases", [])]
        return cls(**values)


@dataclass
class SubmissionResult:
    """The grading of one submission; `hmac` and `spec_version` are set by the grading parent."""

    student_id: str
    assignment: str
    max_score: float
    submission: str | None = None
    sha256: str | None = None
    score: float = 0.0
    status: str = GRADED
    reason: str = ""
    exercises: list[ExerciseResult] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)
    detail: str = ""
    sandboxed: bool = True
    spec_version: str | None = None
    hmac: str | None = None

    def to_json(self) -> dict:
        data: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        data["exercises"] = [e.to_json() for e in self.exercises]
        data["flags"] = [f.to_json() for f in self.flags]
        data["timing"] = dict(self.timing)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "SubmissionResult":
        values = _known(cls, data)
        values["exercises"] = [ExerciseResult.from_json(e) for e in data.get("exercises", [])]
        values["flags"] = [Flag.from_json(f) for f in data.get("flags", [])]
        return cls(**values)

    def rescore(self) -> None:
        """Set `score` from the exercises' points."""
        self.score = float(sum(e.points for e in self.exercises))

    def key(self) -> tuple[str, str]:
        return self.assignment, self.student_id
