"""REST endpoints of the catalog: taxonomy, search with facets, questions and decks."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Query, Router, Status
from pydantic import Field

from backprep.accounts.models import User
from backprep.core.api import AUTH, OPTIONAL_AUTH, OWNED_PROBLEMS, PROBLEMS, PageOut, Problem
from backprep.core.errors import FieldError, ValidationFailed
from backprep.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate
from backprep.core.permissions import require_user
from backprep.core.schemas import InputSchema, PageParams

from . import selectors, services
from .models import Topic
from .schemas import (
    AddedOut,
    AreasOut,
    DeckIn,
    DeckOut,
    DeckPatchIn,
    DeckQuestionsIn,
    QuestionIn,
    QuestionOut,
    SearchOut,
    TopicOut,
)
from .selectors import SearchFilters

router = Router(tags=["catalog"])
WRITE_PROBLEMS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


def _viewer(request: HttpRequest) -> User | None:
    user = request.user
    return None if isinstance(user, AnonymousUser) or not user.is_authenticated else user


class SearchParams(InputSchema):
    q: str = Field("", max_length=200, description="Words to search for")
    area: str | None = None
    topic: str | None = None
    kind: str | None = None
    level: str | None = None
    difficulty: int | None = Field(None, ge=1, le=5)
    tag: list[str] = Field(default_factory=list, max_length=5)
    deck: int | None = None
    mine: bool = False
    facets: bool = True
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=100)


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "o" or not value.isdigit():
            raise ValueError(raw)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValidationFailed(
            "The cursor is not one this API issued.",
            errors=[FieldError("cursor", "malformed cursor")],
        ) from exc


def _cursor(offset: int | None) -> str | None:
    return (
        None
        if offset is None
        else base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")
    )


@router.get(
    "/areas",
    response={200: AreasOut, 401: Problem},
    auth=OPTIONAL_AUTH,
    summary="Areas and their topics, with question counts",
)
def area_list(request: HttpRequest) -> Any:
    return {"items": selectors.areas_with_counts(_viewer(request))}


class TopicParams(PageParams):
    area: str | None = None


@router.get(
    "/topics",
    response={200: PageOut[TopicOut], **PROBLEMS},
    auth=OPTIONAL_AUTH,
    summary="Shared topics (and my private ones)",
)
def topic_list(request: HttpRequest, params: Query[TopicParams]) -> Any:
    user = _viewer(request)
    topics = Topic.objects.filter(owner__isnull=True) | (
        Topic.objects.filter(owner=user) if user else Topic.objects.none()
    )
    if params.area:
        topics = topics.filter(area__slug=params.area)
    visible = selectors.visible_questions(user).filter(topic=OuterRef("pk"))
    counted = topics.annotate(
        question_count=Coalesce(
            Subquery(visible.values("topic").annotate(n=Count("id")).values("n")[:1]), 0
        )
    )
    return paginate(counted, limit=params.limit, cursor=params.cursor, ordering=("id",))


@router.get(
    "/questions",
    response={200: SearchOut, **PROBLEMS},
    auth=OPTIONAL_AUTH,
    summary="Search and filter questions, with facet counts",
)
def question_search(request: HttpRequest, params: Query[SearchParams]) -> Any:
    user = _viewer(request)
    if (params.mine or params.deck is not None) and user is None:
        require_user(None)
    offset = _offset(params.cursor)
    result = selectors.search_questions(
        user=user,
        filters=SearchFilters(
            text=params.q,
            area=params.area,
            topic=params.topic,
            kind=params.kind,
            level=params.level,
            difficulty=params.difficulty,
            tags=tuple(params.tag),
            deck=params.deck,
            mine=params.mine,
        ),
        limit=params.limit,
        offset=offset,
        with_facets=params.facets,
    )
    return {
        "items": result.items,
        "total": result.total,
        "limit": result.limit,
        "next_cursor": _cursor(result.next_offset),
        "facets": result.facets,
    }


@router.get(
    "/questions/{qid}",
    response={200: QuestionOut, 401: Problem, 404: Problem},
    auth=OPTIONAL_AUTH,
    summary="One question with its answer and rubric",
)
def question_get(request: HttpRequest, qid: str) -> Any:
    return selectors.question_detail(user=_viewer(request), qid=qid)


def _data(payload: QuestionIn) -> services.QuestionData:
    return services.QuestionData(
        prompt=payload.prompt,
        topic=payload.topic,
        model_answer=payload.model_answer,
        interviewer_intent=payload.interviewer_intent,
        kind=payload.kind,
        level=payload.level,
        difficulty=payload.difficulty,
        key_points=[
            services.KeyPointData(
                text=k.text, weight=k.weight, must_have=k.must_have, paraphrases=k.paraphrases
            )
            for k in payload.key_points
        ],
        common_mistakes=payload.common_mistakes,
        follow_ups=payload.follow_ups,
        tags=payload.tags,
    )


def _fresh(user: User, qid: str) -> Any:
    return selectors.question_detail(user=user, qid=qid)


@router.post(
    "/questions",
    response={201: QuestionOut, **WRITE_PROBLEMS},
    auth=AUTH,
    summary="Create a private question (coaches may share it)",
)
def question_create(request: HttpRequest, payload: QuestionIn) -> Status[Any]:
    user = require_user(request.user)
    question = services.question_create(
        owner=user, data=_data(payload), shared=bool(payload.shared)
    )
    return Status(201, _fresh(user, question.qid))


@router.put(
    "/questions/{qid}",
    response={200: QuestionOut, **WRITE_PROBLEMS},
    auth=AUTH,
    summary="Replace one of my questions",
)
def question_update(request: HttpRequest, qid: str, payload: QuestionIn) -> Any:
    user = require_user(request.user)
    services.question_update(user=user, qid=qid, data=_data(payload), shared=payload.shared)
    return _fresh(user, qid)


@router.delete(
    "/questions/{qid}",
    response={204: None, **WRITE_PROBLEMS},
    auth=AUTH,
    summary="Delete one of my questions",
)
def question_delete(request: HttpRequest, qid: str) -> Status[None]:
    services.question_delete(user=require_user(request.user), qid=qid)
    return Status(204, None)


@router.get(
    "/decks",
    response={200: PageOut[DeckOut], **PROBLEMS},
    auth=AUTH,
    tags=["decks"],
    summary="My decks",
)
def deck_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    user = require_user(request.user)
    return paginate(selectors.user_decks(user), limit=page.limit, cursor=page.cursor)


@router.post(
    "/decks",
    response={201: DeckOut, **WRITE_PROBLEMS},
    auth=AUTH,
    tags=["decks"],
    summary="Create a deck",
)
def deck_create(request: HttpRequest, payload: DeckIn) -> Status[Any]:
    user = require_user(request.user)
    deck = services.deck_create(owner=user, name=payload.name, description=payload.description)
    return Status(201, selectors.deck_for_owner(user=user, deck_id=deck.pk))


@router.get(
    "/decks/{deck_id}",
    response={200: DeckOut, **OWNED_PROBLEMS},
    auth=AUTH,
    tags=["decks"],
    summary="One of my decks",
)
def deck_get(request: HttpRequest, deck_id: int) -> Any:
    return selectors.deck_for_owner(user=require_user(request.user), deck_id=deck_id)


@router.patch(
    "/decks/{deck_id}",
    response={200: DeckOut, **WRITE_PROBLEMS},
    auth=AUTH,
    tags=["decks"],
    summary="Rename or describe a deck",
)
def deck_update(request: HttpRequest, deck_id: int, payload: DeckPatchIn) -> Any:
    user = require_user(request.user)
    services.deck_update(
        user=user, deck_id=deck_id, name=payload.name, description=payload.description
    )
    return selectors.deck_for_owner(user=user, deck_id=deck_id)


@router.delete(
    "/decks/{deck_id}",
    response={204: None, **WRITE_PROBLEMS},
    auth=AUTH,
    tags=["decks"],
    summary="Delete a deck (its questions stay)",
)
def deck_delete(request: HttpRequest, deck_id: int) -> Status[None]:
    services.deck_delete(user=require_user(request.user), deck_id=deck_id)
    return Status(204, None)


@router.post(
    "/decks/{deck_id}/questions",
    response={200: AddedOut, **WRITE_PROBLEMS},
    auth=AUTH,
    tags=["decks"],
    summary="Add questions to a deck",
)
def deck_add(request: HttpRequest, deck_id: int, payload: DeckQuestionsIn) -> Any:
    added = services.deck_add_questions(
        user=require_user(request.user), deck_id=deck_id, qids=payload.ids
    )
    return {"added": added}


@router.delete(
    "/decks/{deck_id}/questions/{qid}",
    response={204: None, **WRITE_PROBLEMS},
    auth=AUTH,
    tags=["decks"],
    summary="Remove a question from a deck",
)
def deck_remove(request: HttpRequest, deck_id: int, qid: str) -> Status[None]:
    services.deck_remove_question(user=require_user(request.user), deck_id=deck_id, qid=qid)
    return Status(204, None)
