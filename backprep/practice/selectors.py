"""Reads for practice: the queue for each mode, settings, history."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone

from backprep.accounts.models import User
from backprep.catalog.models import Question
from backprep.catalog.selectors import visible_questions
from backprep.core.errors import FieldError, NotFound, ValidationFailed

from .models import Mode, PracticeSettings, Review, ReviewCard
from .scheduling import recall_probability, retrievability

LEVEL_RANK = {"fresher": 0, "junior": 1, "mid": 2, "senior": 3}
MAX_QUEUE = 50


def settings_for(user: User) -> PracticeSettings:
    prefs, _ = PracticeSettings.objects.get_or_create(user=user)
    return prefs


def day_start(user: User, now: dt.datetime) -> dt.datetime:
    """Midnight of the user's current day, in UTC."""
    try:
        tz = zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local = now.astimezone(tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


@dataclass(frozen=True)
class QueueItem:
    question: Question
    card: ReviewCard | None
    reason: str  # due | new | ahead | drill | weak | cram


@dataclass
class Queue:
    mode: str
    items: list[QueueItem] = field(default_factory=list)
    due_count: int = 0
    new_left: int = 0
    reviews_left: int = 0
    affects_schedule: bool = True

    @property
    def next(self) -> QueueItem | None:
        return self.items[0] if self.items else None


def _cards(user: User) -> QuerySet[ReviewCard]:
    """The user's cards on questions they can still see (active, and theirs or shared)."""
    return ReviewCard.objects.filter(
        user=user, question__in=visible_questions(user).values("id")
    ).select_related("question", "question__topic")


def _new_questions(user: User, scope: QuerySet[Question]) -> QuerySet[Question]:
    has_card = ReviewCard.objects.filter(user=user, question=OuterRef("pk"))
    rank = LEVEL_RANK.get(user.level, 1)
    closeness = Case(
        *[When(level=name, then=Value(abs(value - rank))) for name, value in LEVEL_RANK.items()],
        default=Value(9),
        output_field=IntegerField(),
    )
    return (
        scope.filter(~Exists(has_card))
        .annotate(closeness=closeness)
        .select_related("topic")
        .order_by("closeness", "topic__position", "difficulty", "id")
    )


def _scope(
    user: User, *, topic: str | None, tag: str | None, deck_id: int | None
) -> QuerySet[Question]:
    scope = visible_questions(user)
    if topic:
        scope = scope.filter(topic__slug=topic)
    if tag:
        scope = scope.filter(tags__slug=tag)
    if deck_id is not None:
        if not user.decks.filter(pk=deck_id).exists():
            raise NotFound("No such deck.")
        scope = scope.filter(deck_items__deck_id=deck_id)
    return scope


def practice_queue(
    *,
    user: User,
    mode: str = Mode.TODAY,
    topic: str | None = None,
    tag: str | None = None,
    deck_id: int | None = None,
    limit: int = 20,
    now: dt.datetime | None = None,
    seed: int | None = None,
) -> Queue:
    if mode not in Mode.values:
        raise ValidationFailed(
            "Unknown practice mode.", errors=[FieldError("mode", ", ".join(Mode.values))]
        )
    if mode == Mode.TOPIC and not topic:
        raise ValidationFailed(
            "A topic drill needs a topic.", errors=[FieldError("topic", "required")]
        )
    if mode == Mode.TAG and not tag:
        raise ValidationFailed("A tag drill needs a tag.", errors=[FieldError("tag", "required")])
    if mode == Mode.DECK and deck_id is None:
        raise ValidationFailed("Choose a deck.", errors=[FieldError("deck", "required")])
    limit = max(1, min(limit, MAX_QUEUE))
    now = now or timezone.now()
    prefs = settings_for(user)
    if mode == Mode.TODAY:
        return _today(user, prefs, limit, now)
    scope = _scope(user, topic=topic, tag=tag, deck_id=deck_id)
    if mode == Mode.CRAM:
        ids = list(scope.values_list("id", flat=True))
        random.Random(seed).shuffle(ids)  # noqa: S311 (study order, not security)
        chosen = {
            q.pk: q for q in Question.objects.filter(pk__in=ids[:limit]).select_related("topic")
        }
        items = [QueueItem(chosen[i], None, "cram") for i in ids[:limit] if i in chosen]
        return Queue(mode=mode, items=items, affects_schedule=False)
    if mode == Mode.WEAK:
        return _weak(user, prefs, scope, limit, now)
    cards = list(_cards(user).filter(question__in=scope))
    due = sorted((c for c in cards if c.due <= now), key=lambda c: c.due)
    items = [QueueItem(c.question, c, "due") for c in due]
    items += [
        QueueItem(q, None, "new") for q in _new_questions(user, scope)[: max(0, limit - len(items))]
    ]
    rest = sorted((c for c in cards if c.due > now), key=lambda c: retrievability(c, prefs, now))
    items += [QueueItem(c.question, c, "drill") for c in rest]
    return Queue(mode=mode, items=items[:limit], due_count=len(due))


def _today(user: User, prefs: PracticeSettings, limit: int, now: dt.datetime) -> Queue:
    start = day_start(user, now)
    new_today = ReviewCard.objects.filter(user=user, created_at__gte=start).count()
    reviewed_today = (
        Review.objects.filter(
            user=user, created_at__gte=start, affects_schedule=True, card__created_at__lt=start
        )
        .values("card_id")
        .distinct()
        .count()
    )
    new_left = max(0, prefs.new_per_day - new_today)
    reviews_left = max(0, prefs.reviews_per_day - reviewed_today)
    due_qs = _cards(user).filter(due__lte=now).order_by("due")
    due_count = due_qs.count()
    due = list(due_qs[: min(limit, reviews_left)])
    items = [QueueItem(c.question, c, "due") for c in due]
    if len(items) < limit and new_left:
        new = _new_questions(user, visible_questions(user))[: min(new_left, limit - len(items))]
        items += [QueueItem(q, None, "new") for q in new]
    if not items and prefs.learn_ahead:
        ahead = (
            _cards(user).filter(due__gt=now, due__lte=now + dt.timedelta(days=1)).order_by("due")
        )
        items = [QueueItem(c.question, c, "ahead") for c in ahead[:limit]]
    return Queue(
        mode=Mode.TODAY,
        items=items,
        due_count=due_count,
        new_left=new_left,
        reviews_left=reviews_left,
    )


def _weak(
    user: User, prefs: PracticeSettings, scope: QuerySet[Question], limit: int, now: dt.datetime
) -> Queue:
    """Lowest current recall first, with recent low grades pulling a card forward.

    Scores every card from plain values (no model objects), then loads only the chosen ones.
    """
    rows = list(
        ReviewCard.objects.filter(
            user=user, question__in=scope.values("id"), last_review__isnull=False
        ).values_list("id", "stability", "last_review")
    )
    recent: dict[int, list[float]] = {}
    scores = (
        Review.objects.filter(user=user, card_id__in=[r[0] for r in rows], score__isnull=False)
        .order_by("-created_at")
        .values_list("card_id", "score")[: 10 * max(len(rows), 1)]
    )
    for card_id, score in scores:
        kept = recent.setdefault(card_id, [])
        if len(kept) < 3 and score is not None:
            kept.append(score)

    def weakness(row: tuple[int, float | None, dt.datetime | None]) -> float:
        kept = recent.get(row[0])
        grade = sum(kept) / len(kept) / 5 if kept else 0.5
        return 0.5 * recall_probability(row[1], row[2], now) + 0.5 * grade

    chosen = [r[0] for r in sorted(rows, key=weakness)[:limit]]
    cards = _cards(user).in_bulk(chosen)
    items = [QueueItem(cards[i].question, cards[i], "weak") for i in chosen if i in cards]
    return Queue(mode=Mode.WEAK, items=items)


def review_for_owner(*, user: User, review_id: int) -> Review:
    review = (
        Review.objects.filter(pk=review_id, user=user).select_related("question", "card").first()
    )
    if review is None:
        raise NotFound("No such review.")
    return review


def history(user: User) -> QuerySet[Review]:
    return Review.objects.filter(user=user).select_related("question", "question__topic")
