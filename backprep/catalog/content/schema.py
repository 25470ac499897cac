"""The schema of a content pack: one YAML file per question, plus ``pack.yaml``.

Layout::

    content/<pack>/pack.yaml                 # pack name, version, areas and topics
    content/<pack>/<area>/<slug>.yaml        # one question; its id is "<area>.<slug>"
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
QUESTION_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$"

MODEL_ANSWER_MIN_WORDS = 80
MODEL_ANSWER_MAX_WORDS = 250


class Kind(StrEnum):
    CONCEPT = "concept"
    SYSTEM_DESIGN = "system_design"
    DEBUGGING = "debugging"
    SCALING = "scaling"
    BEHAVIORAL = "behavioral"
    QUESTIONS_TO_ASK = "questions_to_ask"


class Level(StrEnum):
    FRESHER = "fresher"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"


NonEmpty = Annotated[str, Field(min_length=1)]


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'+#./-]+", text))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class KeyPoint(_Strict):
    """One rubric item. ``must_have`` is a list of term groups: a group is present when any
    one of its spellings (the first is the canonical term, the rest are aliases) appears."""

    text: NonEmpty
    weight: int = Field(default=1, ge=1, le=3)
    must_have: list[list[NonEmpty]] = Field(default_factory=list)
    paraphrases: list[NonEmpty] = Field(min_length=1, max_length=3)

    @field_validator("must_have", mode="before")
    @classmethod
    def _numbers_are_terms(cls, groups: object) -> object:
        """YAML reads a bare ``304`` as a number; as a term it means the text "304"."""
        if isinstance(groups, list):
            return [
                [str(t) if isinstance(t, int | float) else t for t in g]
                if isinstance(g, list)
                else g
                for g in groups
            ]
        return groups

    @field_validator("must_have")
    @classmethod
    def _groups_not_empty(cls, groups: list[list[str]]) -> list[list[str]]:
        if any(len(group) == 0 for group in groups):
            raise ValueError("a must_have group needs at least one term")
        return groups


class Reference(_Strict):
    title: NonEmpty
    url: HttpUrl


class QuestionDoc(_Strict):
    """A question as written in a pack file."""

    id: Annotated[str, Field(pattern=QUESTION_ID)]
    topic: Annotated[str, Field(pattern=SLUG)]
    kind: Kind
    level: Level
    difficulty: int = Field(ge=1, le=5)
    prompt: NonEmpty
    interviewer_intent: NonEmpty
    model_answer: NonEmpty
    key_points: list[KeyPoint] = Field(min_length=3, max_length=6)
    common_mistakes: list[NonEmpty] = Field(min_length=1)
    follow_ups: list[NonEmpty] = Field(min_length=1)
    references: list[Reference] = Field(min_length=1)
    tags: list[Annotated[str, Field(pattern=SLUG)]] = Field(min_length=1)
    related: list[Annotated[str, Field(pattern=QUESTION_ID)]] = Field(default_factory=list)

    @field_validator("model_answer")
    @classmethod
    def _answer_length(cls, text: str) -> str:
        words = word_count(text)
        if not MODEL_ANSWER_MIN_WORDS <= words <= MODEL_ANSWER_MAX_WORDS:
            raise ValueError(
                f"model answer has {words} words; it must have "
                f"{MODEL_ANSWER_MIN_WORDS}-{MODEL_ANSWER_MAX_WORDS}"
            )
        return text

    @model_validator(mode="after")
    def _unique_tags(self) -> QuestionDoc:
        if len(set(self.tags)) != len(self.tags):
            raise ValueError("tags must be unique")
        return self

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]


class TopicDoc(_Strict):
    slug: Annotated[str, Field(pattern=SLUG)]
    name: NonEmpty
    description: NonEmpty
    min_questions: int = Field(default=0, ge=0)


class AreaDoc(_Strict):
    slug: Annotated[str, Field(pattern=SLUG)]
    name: NonEmpty
    description: NonEmpty
    topics: list[TopicDoc] = Field(min_length=1)


class PackDoc(_Strict):
    """``pack.yaml``: the pack's identity and its areas and topics."""

    slug: Annotated[str, Field(pattern=SLUG)]
    name: NonEmpty
    version: NonEmpty
    description: NonEmpty
    areas: list[AreaDoc] = Field(min_length=1)
