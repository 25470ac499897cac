"""Reads for the catalog: what a user may see, search with facets, browsing, one question."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from backprep.accounts.models import User
from backprep.core.errors import FieldError, NotFound, ValidationFailed
from backprep.grading.rubric import Rubric

from .facets import count_and_facets
from .models import Area, Deck, KeyPoint, Kind, Level, Question, Status, Topic
from .search import TextQuery, matching, ranked_ids

MAX_PAGE = 100


def visible_questions(user: User | None) -> QuerySet[Question]:
    """Active bank questions, questions coaches shared, and the user's own."""
    allowed = Q(owner__isnull=True) | Q(is_shared=True)
    if user is not None and user.is_authenticated:
        allowed |= Q(owner=user)
    return Question.objects.filter(allowed, status=Status.ACTIVE)


@dataclass(frozen=True)
class SearchFilters:
    text: str = ""
    area: str | None = None
    topic: str | None = None
    kind: str | None = None
    level: str | None = None
    difficulty: int | None = None
    tags: tuple[str, ...] = ()
    deck: int | None = None
    mine: bool = False

    def validate(self) -> None:
        errors = []
        if self.kind and self.kind not in Kind.values:
            errors.append(FieldError("kind", f"one of {', '.join(Kind.values)}"))
        if self.level and self.level not in Level.values:
            errors.append(FieldError("level", f"one of {', '.join(Level.values)}"))
        if self.difficulty is not None and not 1 <= self.difficulty <= 5:
            errors.append(FieldError("difficulty", "between 1 and 5"))
        if len(self.text) > 200:
            errors.append(FieldError("q", "at most 200 characters"))
        if errors:
            raise ValidationFailed("The search filters are invalid.", errors=errors)


FACETS = ("topic", "kind", "level", "difficulty", "tags")


@dataclass
class SearchResult:
    items: list[Question]
    total: int
    offset: int
    limit: int
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


def _apply(
    qs: QuerySet[Question], f: SearchFilters, user: User | None, *, skip: str = ""
) -> QuerySet[Question]:
    if f.topic and skip != "topic":
        qs = qs.filter(topic__slug=f.topic)
    if f.kind and skip != "kind":
        qs = qs.filter(kind=f.kind)
    if f.level and skip != "level":
        qs = qs.filter(level=f.level)
    if f.difficulty and skip != "difficulty":
        qs = qs.filter(difficulty=f.difficulty)
    if f.tags and skip != "tags":
        for tag in f.tags:
            qs = qs.filter(tags__slug=tag)
    return _apply_scope(qs, f, user)


def _apply_scope(qs: QuerySet[Question], f: SearchFilters, user: User | None) -> QuerySet[Question]:
    """The filters that are not facets: an area, my own questions, one deck."""
    if f.area:
        qs = qs.filter(topic__area__slug=f.area)
    if f.mine and user is not None:
        qs = qs.filter(owner=user)
    if f.deck is not None:
        qs = qs.filter(deck_items__deck_id=f.deck, deck_items__deck__owner=user)
    return qs


def with_listing_data(qs: QuerySet[Question]) -> QuerySet[Question]:
    return qs.select_related("topic", "topic__area").prefetch_related("tags")


def _facets(
    base: QuerySet[Question], f: SearchFilters, user: User | None
) -> dict[str, list[dict[str, Any]]]:
    facets: dict[str, list[dict[str, Any]]] = {}
    topic_rows = (
        _apply(base, f, user, skip="topic")
        .values("topic__slug", "topic__name")
        .annotate(count=Count("id"))
        .order_by("-count", "topic__name")
    )
    facets["topic"] = [
        {"value": r["topic__slug"], "label": r["topic__name"], "count": r["count"]}
        for r in topic_rows
    ]
    for name, choices in (("kind", Kind), ("level", Level)):
        rows = _apply(base, f, user, skip=name).values(name).annotate(count=Count("id"))
        counts = {r[name]: r["count"] for r in rows}
        facets[name] = [
            {"value": v, "label": label, "count": counts[v]}
            for v, label in choices.choices
            if counts.get(v)
        ]
    rows = _apply(base, f, user, skip="difficulty").values("difficulty").annotate(count=Count("id"))
    facets["difficulty"] = sorted(
        (
            {"value": r["difficulty"], "label": str(r["difficulty"]), "count": r["count"]}
            for r in rows
        ),
        key=lambda r: r["value"],
    )
    tag_rows = (
        _apply(base, replace(f, tags=()), user)
        .values("tags__slug")
        .exclude(tags__slug=None)
        .annotate(count=Count("id"))
        .order_by("-count", "tags__slug")[:20]
    )
    facets["tags"] = [
        {"value": r["tags__slug"], "label": r["tags__slug"], "count": r["count"]} for r in tag_rows
    ]
    return facets


def search_questions(
    *,
    user: User | None,
    filters: SearchFilters,
    limit: int = 20,
    offset: int = 0,
    with_facets: bool = True,
) -> SearchResult:
    filters.validate()
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(
            "limit must be 1-100 and offset not negative.",
            errors=[FieldError("limit", "between 1 and 100")],
        )
    text = TextQuery.parse(filters.text)
    visible = visible_questions(user)
    if text:
        # One evaluation of the text match gives the total and every facet...
        matched = _apply_scope(visible.filter(id__in=matching(text)), filters, user)
        total, facets = count_and_facets(matched, filters, with_facets=with_facets)
        # ...and one more ranks a page. The candidates must not repeat the text match (SQLite
        # would re-run it for every row).
        ids = ranked_ids(text, _apply(visible, filters, user), limit=limit, offset=offset)
        by_id = {q.pk: q for q in with_listing_data(Question.objects.filter(pk__in=ids))}
        items = [by_id[i] for i in ids if i in by_id]
        return SearchResult(items=items, total=total, offset=offset, limit=limit, facets=facets)
    filtered = _apply(visible, filters, user)
    items = list(
        with_listing_data(filtered).order_by("topic__position", "difficulty", "id")[
            offset : offset + limit
        ]
    )
    facets = _facets(visible, filters, user) if with_facets else {}
    return SearchResult(
        items=items, total=filtered.count(), offset=offset, limit=limit, facets=facets
    )


def areas_with_counts(user: User | None) -> list[Area]:
    """Areas with their shared topics, each annotated with the number of visible questions."""
    visible = visible_questions(user)
    counts = dict(
        visible.filter(topic__owner__isnull=True)
        .values_list("topic_id")
        .annotate(n=Count("id"))
        .values_list("topic_id", "n")
    )
    areas = list(
        Area.objects.prefetch_related(
            Prefetch("topics", queryset=Topic.objects.filter(owner__isnull=True))
        )
    )
    for area in areas:
        total = 0
        for topic in area.topics.all():
            topic.question_count = counts.get(topic.pk, 0)  # type: ignore[attr-defined]
            total += topic.question_count  # type: ignore[attr-defined]
        area.question_count = total  # type: ignore[attr-defined]
    return areas


def question_detail(*, user: User | None, qid: str) -> Question:
    question = (
        visible_questions(user)
        .select_related("topic", "topic__area", "owner")
        .prefetch_related(
            Prefetch("key_points", queryset=KeyPoint.objects.order_by("position")), "tags"
        )
        .filter(qid=qid)
        .first()
    )
    if question is None:
        raise NotFound("No such question.")
    return question


def user_decks(user: User) -> QuerySet[Deck]:
    return Deck.objects.filter(owner=user).annotate(question_count=Count("items"))


def deck_for_owner(*, user: User, deck_id: int) -> Deck:
    deck = user_decks(user).filter(pk=deck_id).first()
    if deck is None:
        raise NotFound("No such deck.")
    return deck


def active_rubrics() -> Iterator[Rubric]:
    """The grading rubric of every active question (streamed, key points prefetched per chunk)."""
    questions = Question.objects.filter(status=Status.ACTIVE).prefetch_related("key_points")
    for question in questions.iterator(chunk_size=500):
        yield Rubric.from_question(question)
