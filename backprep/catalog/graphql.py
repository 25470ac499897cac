"""GraphQL types and operations of the catalog, on the same selectors and services as REST."""

from __future__ import annotations

from typing import Any

import strawberry
import strawberry_django
from django.db.models import prefetch_related_objects
from strawberry import auto
from strawberry.types import Info

from backprep.accounts.models import User
from backprep.core.graphql import current_user

from . import selectors, services
from .models import Area, Deck, KeyPoint, Question, Tag, Topic
from .selectors import SearchFilters


def _viewer(info: Info) -> User | None:
    user = info.context.request.user
    return user if user.is_authenticated else None


@strawberry_django.type(Area)
class AreaType:
    slug: auto
    name: auto
    description: auto


@strawberry_django.type(Topic, name="Topic")
class TopicType:
    slug: auto
    name: auto
    description: auto
    area: AreaType | None


@strawberry_django.type(KeyPoint, name="KeyPoint")
class KeyPointType:
    position: auto
    text: auto
    weight: auto
    paraphrases: list[str]
    must_have: list[list[str]]


@strawberry_django.type(Tag, name="Tag")
class TagType:
    slug: auto


@strawberry.type
class Reference:
    title: str
    url: str


@strawberry_django.type(Question, name="Question")
class QuestionType:
    qid: strawberry.ID = strawberry_django.field(name="id")
    prompt: auto
    kind: str
    level: str
    difficulty: auto
    interviewer_intent: auto
    model_answer: auto
    model_answer_html: auto
    common_mistakes: list[str]
    follow_ups: list[str]
    content_version: auto
    topic: TopicType
    key_points: list[KeyPointType]
    tags: list[TagType]

    @strawberry_django.field(only=["references"])
    def references(self, root: Question) -> list[Reference]:
        return [Reference(title=r["title"], url=r["url"]) for r in root.references]

    @strawberry_django.field(only=["owner_id", "is_shared"])
    def private(self, root: Question) -> bool:
        return root.owner_id is not None and not root.is_shared


@strawberry.type
class Facet:
    value: str
    label: str
    count: int


@strawberry.type
class Facets:
    topic: list[Facet]
    kind: list[Facet]
    level: list[Facet]
    difficulty: list[Facet]
    tags: list[Facet]


@strawberry.type
class QuestionSearch:
    total: int
    items: list[QuestionType]
    facets: Facets | None
    next_offset: int | None


@strawberry_django.type(Deck, name="Deck")
class DeckType:
    id: auto
    name: auto
    description: auto
    created_at: auto

    @strawberry_django.field(prefetch_related=["items"])
    def question_count(self, root: Deck) -> int:
        return len(root.items.all())


def _facets(raw: dict[str, list[dict[str, Any]]]) -> Facets:
    def conv(name: str) -> list[Facet]:
        return [
            Facet(value=str(f["value"]), label=str(f["label"]), count=f["count"])
            for f in raw.get(name, [])
        ]

    return Facets(
        topic=conv("topic"),
        kind=conv("kind"),
        level=conv("level"),
        difficulty=conv("difficulty"),
        tags=conv("tags"),
    )


@strawberry.input
class QuestionInput:
    prompt: str
    topic: str = ""
    model_answer: str = ""
    interviewer_intent: str = ""
    kind: str = "concept"
    level: str = "junior"
    difficulty: int = 2
    key_points: list[str] = strawberry.field(default_factory=list)
    common_mistakes: list[str] = strawberry.field(default_factory=list)
    follow_ups: list[str] = strawberry.field(default_factory=list)
    tags: list[str] = strawberry.field(default_factory=list)
    shared: bool | None = None

    def to_data(self) -> services.QuestionData:
        return services.QuestionData(
            prompt=self.prompt,
            topic=self.topic,
            model_answer=self.model_answer,
            interviewer_intent=self.interviewer_intent,
            kind=self.kind,
            level=self.level,
            difficulty=self.difficulty,
            key_points=[services.KeyPointData(text=t) for t in self.key_points],
            tags=self.tags,
        )


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="Areas of the catalog.")
    def areas(self) -> list[AreaType]:
        return list(Area.objects.all())  # type: ignore[arg-type]

    @strawberry_django.field(description="Shared topics and my private ones.")
    def topics(self, info: Info, area: str | None = None) -> list[TopicType]:
        user = _viewer(info)
        qs = Topic.objects.filter(owner__isnull=True) | (
            Topic.objects.filter(owner=user) if user else Topic.objects.none()
        )
        if area:
            qs = qs.filter(area__slug=area)
        return qs.select_related("area")  # type: ignore[return-value]

    @strawberry.field(description="Search and filter questions; facets are optional.")
    def questions(
        self,
        info: Info,
        q: str = "",
        topic: str | None = None,
        kind: str | None = None,
        level: str | None = None,
        difficulty: int | None = None,
        tags: list[str] | None = None,
        deck: int | None = None,
        mine: bool = False,
        limit: int = 20,
        offset: int = 0,
        with_facets: bool = False,
    ) -> QuestionSearch:
        user = _viewer(info)
        if (mine or deck is not None) and user is None:
            current_user(info)
        result = selectors.search_questions(
            user=user,
            filters=SearchFilters(
                text=q,
                topic=topic,
                kind=kind,
                level=level,
                difficulty=difficulty,
                tags=tuple(tags or ()),
                deck=deck,
                mine=mine,
            ),
            limit=limit,
            offset=offset,
            with_facets=with_facets,
        )
        prefetch_related_objects(result.items, "key_points")
        return QuestionSearch(
            total=result.total,
            items=result.items,  # type: ignore[arg-type]
            facets=_facets(result.facets) if with_facets else None,
            next_offset=result.next_offset,
        )

    @strawberry.field(description="One question by its stable id.")
    def question(self, info: Info, id: strawberry.ID) -> QuestionType:
        return selectors.question_detail(user=_viewer(info), qid=str(id))  # type: ignore[return-value]

    @strawberry_django.field(description="My decks.")
    def decks(self, info: Info) -> list[DeckType]:
        return Deck.objects.filter(owner=current_user(info))  # type: ignore[return-value]


@strawberry.type
class CatalogMutation:
    @strawberry.mutation(description="Create a private question (coaches may share it).")
    def create_question(self, info: Info, data: QuestionInput) -> QuestionType:
        user = current_user(info)
        question = services.question_create(
            owner=user, data=data.to_data(), shared=bool(data.shared)
        )
        return selectors.question_detail(user=user, qid=question.qid)  # type: ignore[return-value]

    @strawberry.mutation(description="Replace one of my questions.")
    def update_question(self, info: Info, id: strawberry.ID, data: QuestionInput) -> QuestionType:
        user = current_user(info)
        services.question_update(user=user, qid=str(id), data=data.to_data(), shared=data.shared)
        return selectors.question_detail(user=user, qid=str(id))  # type: ignore[return-value]

    @strawberry.mutation(description="Delete one of my questions.")
    def delete_question(self, info: Info, id: strawberry.ID) -> bool:
        services.question_delete(user=current_user(info), qid=str(id))
        return True

    @strawberry.mutation(description="Create a deck.")
    def create_deck(self, info: Info, name: str, description: str = "") -> DeckType:
        return services.deck_create(owner=current_user(info), name=name, description=description)  # type: ignore[return-value]

    @strawberry.mutation(description="Delete one of my decks.")
    def delete_deck(self, info: Info, id: int) -> bool:
        services.deck_delete(user=current_user(info), deck_id=id)
        return True

    @strawberry.mutation(description="Add questions to one of my decks; returns how many were new.")
    def add_to_deck(self, info: Info, deck_id: int, ids: list[strawberry.ID]) -> int:
        return services.deck_add_questions(
            user=current_user(info), deck_id=deck_id, qids=[str(i) for i in ids]
        )

    @strawberry.mutation(description="Remove a question from one of my decks.")
    def remove_from_deck(self, info: Info, deck_id: int, id: strawberry.ID) -> bool:
        services.deck_remove_question(user=current_user(info), deck_id=deck_id, qid=str(id))
        return True
