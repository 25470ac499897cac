"""Input and output shapes of the practice API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from backprep.core.schemas import InputSchema


class CardOut(Schema):
    state: int
    due: dt.datetime
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    last_review: dt.datetime | None


class QueueItemOut(Schema):
    question_id: str
    prompt: str
    topic: str
    level: str
    reason: str
    card: CardOut | None


class QueueOut(Schema):
    mode: str
    items: list[QueueItemOut]
    due_count: int
    new_left: int
    reviews_left: int
    affects_schedule: bool


class AnswerIn(InputSchema):
    question_id: str = Field(max_length=160)
    answer: str = Field("", max_length=10_000)
    mode: str = "today"
    gave_up: bool = False
    duration_ms: int | None = Field(None, ge=0, le=86_400_000)


class ReviewOut(Schema):
    id: int
    question_id: str = Field(alias="question_qid")
    mode: str
    answer: str
    gave_up: bool
    grade_status: str
    score: float | None
    grader: str
    grading: dict[str, Any]
    suggested_rating: int | None
    rating: int | None
    affects_schedule: bool
    card_before: dict[str, Any]
    card_after: dict[str, Any]
    created_at: dt.datetime
    rated_at: dt.datetime | None


class RatingIn(InputSchema):
    rating: int = Field(ge=1, le=4, description="1 Again, 2 Hard, 3 Good, 4 Easy")


class SettingsOut(Schema):
    desired_retention: float
    new_per_day: int
    reviews_per_day: int
    learn_ahead: bool
    timer_seconds: int
    grader: str


class SettingsPatchIn(InputSchema):
    desired_retention: float | None = None
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    learn_ahead: bool | None = None
    timer_seconds: int | None = None
    grader: str | None = Field(None, max_length=20)


class DayCountOut(Schema):
    day: dt.date
    count: int


class TopicMasteryOut(Schema):
    slug: str
    name: str
    area: str
    cards: int
    questions: int
    avg_retrievability: float | None
    recent_grade: float | None
    mastery: float


class AreaReadinessOut(Schema):
    slug: str
    name: str
    coverage: float
    mastery: float
    readiness: float
    label: str


class StatsOut(Schema):
    streak_days: int
    longest_streak: int
    reviews_total: int
    reviews_today: int
    due_now: int
    activity: list[DayCountOut]
    due_next_7_days: list[DayCountOut]
    topics: list[TopicMasteryOut]
    areas: list[AreaReadinessOut]
