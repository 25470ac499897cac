"""The result types every grader returns, the grader protocol and the learner-facing feedback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from .rubric import Rubric

#: Covered points are named in the feedback only when there are this few (missed ones always are).
NAME_COVERED_UP_TO = 2
#: The credit a verdict earns towards the weighted coverage.
CREDIT: dict[str, float] = {"covered": 1.0, "partial": 0.5, "missed": 0.0}


class Verdict(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    MISSED = "missed"

    @property
    def credit(self) -> float:
        return CREDIT[self.value]


@dataclass(frozen=True)
class Evidence:
    """A character span ``[start, end)`` of the original answer text, and that text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PointResult:
    index: int
    text: str
    weight: int
    verdict: Verdict
    score: float
    evidence: tuple[Evidence, ...] = ()
    matched_terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "text": self.text,
            "weight": self.weight,
            "verdict": self.verdict.value,
            "score": round(self.score, 3),
            "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in self.evidence],
            "matched_terms": list(self.matched_terms),
        }


@dataclass(frozen=True)
class GradeResult:
    score: float
    points: tuple[PointResult, ...]
    feedback: str
    grader: str
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "points": [p.to_dict() for p in self.points],
            "feedback": self.feedback,
            "grader": self.grader,
            "notes": list(self.notes),
        }


class Grader(Protocol):
    name: str

    def grade(self, rubric: Rubric, answer: str) -> GradeResult: ...


class GraderError(Exception):
    """A grader cannot be built or used (missing optional packages, bad configuration)."""


SEMANTIC_INSTALL_HINT = "pip install 'backprep[semantic]'"


def round_score(value: float) -> float:
    """Clamp to 0-5 and round to one decimal."""
    return round(min(5.0, max(0.0, value)), 1)


def weighted_coverage(points: Sequence[PointResult]) -> float:
    total = sum(p.weight for p in points)
    if total == 0:
        return 0.0
    return sum(p.weight * p.verdict.credit for p in points) / total


def _short(text: str) -> str:
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[1].isupper():  # an acronym such as "JWT" keeps its case
        return text
    return text[:1].lower() + text[1:]


def _join(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return "; ".join(items[:-1]) + "; and " + items[-1]


def compose_feedback(points: Sequence[PointResult], *, hints: Sequence[str] = ()) -> str:
    """Two to four sentences: what was covered, what was partly there, what was missed."""
    covered = [p for p in points if p.verdict is Verdict.COVERED]
    partial = [p for p in points if p.verdict is Verdict.PARTIAL]
    missed = [p for p in points if p.verdict is Verdict.MISSED]
    sentences: list[str] = []
    if len(covered) == len(points):
        sentences.append(f"You covered all {len(points)} key points.")
    elif len(covered) > NAME_COVERED_UP_TO:
        sentences.append(f"You covered {len(covered)} of {len(points)} key points.")
    elif covered:
        sentences.append(
            f"You covered {len(covered)} of {len(points)} key points: "
            f"{_join([_short(p.text) for p in covered])}."
        )
    else:
        sentences.append(f"Your answer did not clearly cover any of the {len(points)} key points.")
    if partial:
        sentences.append(
            "You touched on, but did not fully explain: "
            f"{_join([_short(p.text) for p in partial])}."
        )
    if missed:
        sentences.append(f"You missed: {_join([_short(p.text) for p in missed])}.")
    elif not partial:
        sentences.append("Nothing on the rubric is missing.")
    for hint in hints:
        if len(sentences) >= 4:
            break
        sentences.append(hint)
    return " ".join(sentences[:4])
