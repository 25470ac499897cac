"""Input and output shapes of the catalog API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from backprep.core.schemas import InputSchema


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    question_count: int = 0


class AreaOut(Schema):
    slug: str
    name: str
    description: str
    question_count: int
    topics: list[TopicOut]


class AreasOut(Schema):
    items: list[AreaOut]


class ReferenceOut(Schema):
    title: str
    url: str


class KeyPointOut(Schema):
    position: int
    text: str
    weight: int
    must_have: list[list[str]]
    paraphrases: list[str]


class QuestionSummaryOut(Schema):
    id: str = Field(alias="qid")
    prompt: str
    topic: str
    topic_name: str
    kind: str
    level: str
    difficulty: int
    tags: list[str]
    private: bool
    shared: bool

    @staticmethod
    def resolve_topic(obj: object) -> str:
        return obj.topic.slug  # type: ignore[attr-defined]

    @staticmethod
    def resolve_topic_name(obj: object) -> str:
        return obj.topic.name  # type: ignore[attr-defined]

    @staticmethod
    def resolve_tags(obj: object) -> list[str]:
        return [t.slug for t in obj.tags.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_private(obj: object) -> bool:
        return obj.owner_id is not None and not obj.is_shared  # type: ignore[attr-defined]

    @staticmethod
    def resolve_shared(obj: object) -> bool:
        return bool(obj.is_shared)  # type: ignore[attr-defined]


class QuestionOut(QuestionSummaryOut):
    area: str | None
    interviewer_intent: str
    model_answer: str
    model_answer_html: str
    key_points: list[KeyPointOut]
    common_mistakes: list[str]
    follow_ups: list[str]
    references: list[ReferenceOut]
    related: list[str]
    content_version: str
    updated_at: dt.datetime

    @staticmethod
    def resolve_area(obj: object) -> str | None:
        area = obj.topic.area  # type: ignore[attr-defined]
        return area.slug if area else None

    @staticmethod
    def resolve_key_points(obj: object) -> list[object]:
        return list(obj.key_points.all())  # type: ignore[attr-defined]


class FacetValue(Schema):
    value: str | int
    label: str
    count: int


class SearchOut(Schema):
    items: list[QuestionSummaryOut]
    total: int
    next_cursor: str | None
    limit: int
    facets: dict[str, list[FacetValue]]


class KeyPointIn(InputSchema):
    text: str = Field(max_length=1000)
    weight: int = Field(1, ge=1, le=3)
    must_have: list[list[str]] = Field(default_factory=list, max_length=10)
    paraphrases: list[str] = Field(default_factory=list, max_length=5)


class QuestionIn(InputSchema):
    prompt: str = Field(max_length=2000)
    topic: str = Field(
        "", max_length=200, description="A catalog topic slug, or a name for a private topic"
    )
    model_answer: str = Field("", max_length=20000)
    interviewer_intent: str = Field("", max_length=4000)
    kind: str = "concept"
    level: str = "junior"
    difficulty: int = 2
    key_points: list[KeyPointIn] = Field(default_factory=list, max_length=10)
    common_mistakes: list[str] = Field(default_factory=list, max_length=20)
    follow_ups: list[str] = Field(default_factory=list, max_length=20)
    tags: list[str] = Field(default_factory=list, max_length=10)
    shared: bool | None = Field(
        None,
        description="Share with everyone (coaches and admins only); omitted keeps it as it is",
    )


class DeckIn(InputSchema):
    name: str = Field(max_length=120)
    description: str = Field("", max_length=2000)


class DeckPatchIn(InputSchema):
    name: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=2000)


class DeckOut(Schema):
    id: int
    name: str
    description: str
    question_count: int
    created_at: dt.datetime


class DeckQuestionsIn(InputSchema):
    ids: list[str] = Field(min_length=1, max_length=500, description="Question ids to add")


class AddedOut(Schema):
    added: int
