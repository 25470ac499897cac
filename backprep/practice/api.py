"""REST endpoints of practice: the queue, answering, rating, history and settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from pydantic import Field

from backprep.core.api import AUTH, OWNED_PROBLEMS, PROBLEMS, PageOut, Problem
from backprep.core.pagination import paginate
from backprep.core.permissions import require_user
from backprep.core.schemas import InputSchema, PageParams

from . import selectors, services
from .progress import progress_stats
from .schemas import (
    AnswerIn,
    QueueOut,
    RatingIn,
    ReviewOut,
    SettingsOut,
    SettingsPatchIn,
    StatsOut,
)

router = Router(tags=["practice"])
WRITE = {401: Problem, 404: Problem, 409: Problem, 422: Problem}


class QueueParams(InputSchema):
    mode: str = "today"
    topic: str | None = Field(None, max_length=100)
    tag: str | None = Field(None, max_length=64)
    deck: int | None = None
    limit: int = Field(20, ge=1, le=50)


@router.get(
    "/practice/queue",
    response={200: QueueOut, **OWNED_PROBLEMS},
    auth=AUTH,
    summary="The next questions to practise in a mode",
)
def queue(request: HttpRequest, params: Query[QueueParams]) -> Any:
    user = require_user(request.user)
    q = selectors.practice_queue(
        user=user,
        mode=params.mode,
        topic=params.topic,
        tag=params.tag,
        deck_id=params.deck,
        limit=params.limit,
    )
    return {
        "mode": q.mode,
        "due_count": q.due_count,
        "new_left": q.new_left,
        "reviews_left": q.reviews_left,
        "affects_schedule": q.affects_schedule,
        "items": [
            {
                "question_id": i.question.qid,
                "prompt": i.question.prompt,
                "topic": i.question.topic.slug,
                "level": i.question.level,
                "reason": i.reason,
                "card": i.card,
            }
            for i in q.items
        ],
    }


@router.post(
    "/practice/answers",
    response={201: ReviewOut, 202: ReviewOut, **WRITE},
    auth=AUTH,
    summary="Submit an answer; 201 with the grade, or 202 while a slow grader works",
)
def answer(request: HttpRequest, payload: AnswerIn) -> Status[Any]:
    review = services.answer_submit(
        user=require_user(request.user),
        qid=payload.question_id,
        answer=payload.answer,
        mode=payload.mode,
        gave_up=payload.gave_up,
        duration_ms=payload.duration_ms,
    )
    return Status(202 if review.grade_status == "pending" else 201, review)


@router.get(
    "/practice/reviews/{review_id}",
    response={200: ReviewOut, **OWNED_PROBLEMS},
    auth=AUTH,
    summary="One of my reviews (poll it while grading is pending)",
)
def review_get(request: HttpRequest, review_id: int) -> Any:
    return selectors.review_for_owner(user=require_user(request.user), review_id=review_id)


@router.post(
    "/practice/reviews/{review_id}/rating",
    response={200: ReviewOut, **WRITE},
    auth=AUTH,
    summary="Rate my recall (1-4); reschedules the card with FSRS",
)
def review_rate(request: HttpRequest, review_id: int, payload: RatingIn) -> Any:
    return services.review_rate(
        user=require_user(request.user), review_id=review_id, rating=payload.rating
    )


class HistoryParams(PageParams):
    question_id: str | None = Field(None, max_length=160)


@router.get(
    "/practice/reviews",
    response={200: PageOut[ReviewOut], **PROBLEMS},
    auth=AUTH,
    summary="My review history, newest first",
)
def review_list(request: HttpRequest, params: Query[HistoryParams]) -> Any:
    reviews = selectors.history(require_user(request.user))
    if params.question_id:
        reviews = reviews.filter(question_qid=params.question_id)
    return paginate(reviews, limit=params.limit, cursor=params.cursor)


@router.get(
    "/practice/settings",
    response={200: SettingsOut, 401: Problem},
    auth=AUTH,
    summary="My practice settings",
)
def settings_get(request: HttpRequest) -> Any:
    return selectors.settings_for(require_user(request.user))


@router.patch(
    "/practice/settings",
    response={200: SettingsOut, **PROBLEMS},
    auth=AUTH,
    summary="Change my practice settings",
)
def settings_patch(request: HttpRequest, payload: SettingsPatchIn) -> Any:
    return services.practice_settings_update(
        user=require_user(request.user),
        changes=services.SettingsChanges(**payload.model_dump(exclude_unset=True)),
    )


@router.get(
    "/practice/stats",
    response={200: StatsOut, 401: Problem},
    auth=AUTH,
    summary="My progress: streak, activity, due forecast, topic mastery, area readiness",
)
def stats(request: HttpRequest) -> Any:
    return progress_stats(user=require_user(request.user))
