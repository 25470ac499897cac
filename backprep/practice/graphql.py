"""GraphQL for practice: the queue, answering, rating and history (same services as REST)."""

from __future__ import annotations

import datetime as dt

import strawberry
import strawberry_django
from strawberry import auto
from strawberry.scalars import JSON
from strawberry.types import Info

from backprep.catalog.graphql import QuestionType
from backprep.core.graphql import current_user

from . import selectors, services
from .models import Review, ReviewCard
from .progress import progress_stats


@strawberry_django.type(ReviewCard, name="ReviewCard")
class CardType:
    state: int
    due: auto
    stability: auto
    difficulty: auto
    reps: auto
    lapses: auto
    last_review: auto


@strawberry_django.type(Review, name="Review")
class ReviewType:
    id: auto
    question_id: str = strawberry_django.field(field_name="question_qid")
    mode: str
    answer: auto
    gave_up: auto
    grade_status: str
    score: auto
    grader: auto
    grading: JSON
    suggested_rating: int | None
    rating: int | None
    affects_schedule: auto
    created_at: auto
    rated_at: auto


@strawberry.type
class QueueItem:
    question: QuestionType
    card: CardType | None
    reason: str


@strawberry.type
class PracticeQueue:
    mode: str
    items: list[QueueItem]
    due_count: int
    new_left: int
    reviews_left: int
    affects_schedule: bool


@strawberry.type
class DayCount:
    day: dt.date
    count: int


@strawberry.type
class TopicMastery:
    slug: str
    name: str
    area: str
    cards: int
    questions: int
    avg_retrievability: float | None
    recent_grade: float | None
    mastery: float


@strawberry.type
class AreaReadiness:
    slug: str
    name: str
    coverage: float
    mastery: float
    readiness: float
    label: str


@strawberry.type
class PracticeStats:
    streak_days: int
    longest_streak: int
    reviews_total: int
    reviews_today: int
    due_now: int
    activity: list[DayCount]
    due_next_7_days: list[DayCount]
    topics: list[TopicMastery]
    areas: list[AreaReadiness]


@strawberry.type
class PracticeQuery:
    @strawberry.field(description="My progress: streak, activity, forecast, mastery, readiness.")
    def practice_stats(self, info: Info) -> PracticeStats:
        s = progress_stats(user=current_user(info))
        return PracticeStats(
            streak_days=s.streak_days,
            longest_streak=s.longest_streak,
            reviews_total=s.reviews_total,
            reviews_today=s.reviews_today,
            due_now=s.due_now,
            activity=[DayCount(day=d.day, count=d.count) for d in s.activity],
            due_next_7_days=[DayCount(day=d.day, count=d.count) for d in s.due_next_7_days],
            topics=[TopicMastery(**vars(t)) for t in s.topics],
            areas=[AreaReadiness(**vars(a)) for a in s.areas],
        )

    @strawberry.field(description="The next questions to practise in a mode.")
    def practice_queue(
        self,
        info: Info,
        mode: str = "today",
        topic: str | None = None,
        tag: str | None = None,
        deck: int | None = None,
        limit: int = 20,
    ) -> PracticeQueue:
        q = selectors.practice_queue(
            user=current_user(info), mode=mode, topic=topic, tag=tag, deck_id=deck, limit=limit
        )
        return PracticeQueue(
            mode=q.mode,
            due_count=q.due_count,
            new_left=q.new_left,
            reviews_left=q.reviews_left,
            affects_schedule=q.affects_schedule,
            items=[
                QueueItem(question=i.question, card=i.card, reason=i.reason)  # type: ignore[arg-type]
                for i in q.items
            ],
        )

    @strawberry.field(
        description="One of my reviews: the answer, its grading and the rating. Someone else's "
        "review is not found."
    )
    def review(self, info: Info, id: int) -> ReviewType:
        return selectors.review_for_owner(user=current_user(info), review_id=id)  # type: ignore[return-value]

    @strawberry_django.field(description="My reviews, newest first.")
    def reviews(
        self, info: Info, question_id: str | None = None, first: int = 20
    ) -> list[ReviewType]:
        qs = Review.objects.filter(user=current_user(info))
        if question_id:
            qs = qs.filter(question_qid=question_id)
        return qs.order_by("-id")[: max(1, min(first, 100))]  # type: ignore[return-value]


@strawberry.type
class PracticeMutation:
    @strawberry.mutation(description="Submit an answer and get it graded.")
    def submit_answer(
        self,
        info: Info,
        question_id: str,
        answer: str = "",
        mode: str = "today",
        gave_up: bool = False,
        duration_ms: int | None = None,
    ) -> ReviewType:
        return services.answer_submit(  # type: ignore[return-value]
            user=current_user(info),
            qid=question_id,
            answer=answer,
            mode=mode,
            gave_up=gave_up,
            duration_ms=duration_ms,
        )

    @strawberry.mutation(description="Rate my recall (1 Again - 4 Easy); reschedules the card.")
    def rate_review(self, info: Info, review_id: int, rating: int) -> ReviewType:
        return services.review_rate(user=current_user(info), review_id=review_id, rating=rating)  # type: ignore[return-value]
