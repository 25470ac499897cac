"""Progress statistics for the dashboard: activity, streaks, the due forecast, mastery, readiness.

Everything is computed from six queries whatever the size of the history: the practice settings,
the user's cards (with their topic and area joined), the visible question counts per topic, the
areas, the reviews grouped by local day (in the database), and the last five scores per question
(a window function in the database).

Formulas
--------
For a topic with at least one card:

* ``avg_retrievability`` = the mean FSRS retrievability *now* of its cards that have been
  scheduled at least once (``None`` when none has: an answered but not yet rated card has no
  memory state).
* ``recent_grade`` = for each of the topic's questions with a graded answer, the mean of its last
  five scores (0-5); then the mean over those questions (``None`` when there are none).
* ``mastery`` = ``0.6 * R + 0.4 * G / 5`` when both exist, ``R`` or ``G / 5`` when only one
  does, and 0 otherwise. Retrievability weighs more because it is what FSRS predicts for the
  interview day; the grade keeps a card the learner rates generously from looking mastered when
  the answers themselves are weak.

For an area:

* ``coverage`` = the share of the area's visible questions the user has a card for (0..1).
* ``mastery`` = the card-weighted mean of the mastery of its topics with cards (0 with none).
* ``readiness`` = ``sqrt(coverage) * mastery``. Knowing a few questions perfectly is not being
  ready, but the last questions of an area add less than the first ones (interviews sample the
  common ground), hence the square root: full mastery of a quarter of the area reads 0.5, of
  two thirds 0.82.
* ``label``: "Not started" without any card in the area, then "Getting there" below 0.5,
  "Nearly ready" below 0.8 and "Interview ready" from 0.8.

A streak is the run of consecutive local days (the user's time zone) with at least one answer,
ending today or yesterday (so it survives until the end of the day after the last answer).
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from backprep.accounts.models import User
from backprep.catalog.models import Area
from backprep.catalog.selectors import visible_questions

from .models import PracticeSettings, Review, ReviewCard
from .scheduling import retrievability

ACTIVITY_DAYS = 365
FORECAST_DAYS = 7
RECENT_SCORES = 5
RETRIEVABILITY_WEIGHT = 0.6
GRADE_WEIGHT = 0.4
LABELS = ((0.8, "Interview ready"), (0.5, "Nearly ready"), (0.0, "Getting there"))
NOT_STARTED = "Not started"


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    count: int


@dataclass(frozen=True)
class TopicMastery:
    slug: str
    name: str
    area: str
    cards: int
    questions: int
    avg_retrievability: float | None
    recent_grade: float | None  # mean of the last 5 scores (0-5) per question, averaged
    mastery: float  # 0..1


@dataclass(frozen=True)
class AreaReadiness:
    slug: str
    name: str
    coverage: float  # share of the area's visible questions the user has a card for, 0..1
    mastery: float
    readiness: float  # 0..1
    label: str  # "Not started" | "Getting there" | "Nearly ready" | "Interview ready"


@dataclass(frozen=True)
class ProgressStats:
    streak_days: int
    longest_streak: int
    reviews_total: int
    reviews_today: int
    due_now: int
    activity: list[DayCount]  # 365 days ending today (user's time zone), oldest first
    due_next_7_days: list[DayCount]  # today + 6 days; today includes overdue cards
    topics: list[TopicMastery]  # topics with at least one card, weakest first
    areas: list[AreaReadiness]  # every area

    @property
    def is_empty(self) -> bool:
        return self.reviews_total == 0 and not self.topics


def user_zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def mastery_of(avg_retrievability: float | None, recent_grade: float | None) -> float:
    """See the module docstring."""
    if avg_retrievability is not None and recent_grade is not None:
        value = RETRIEVABILITY_WEIGHT * avg_retrievability + GRADE_WEIGHT * recent_grade / 5
    elif avg_retrievability is not None:
        value = avg_retrievability
    elif recent_grade is not None:
        value = recent_grade / 5
    else:
        value = 0.0
    return min(1.0, max(0.0, value))


def readiness_of(coverage: float, mastery: float) -> float:
    return min(1.0, max(0.0, math.sqrt(coverage) * mastery))


def label_for(*, cards: int, readiness: float) -> str:
    if cards == 0:
        return NOT_STARTED
    return next(label for floor, label in LABELS if readiness >= floor)


def streaks(days: set[dt.date], today: dt.date) -> tuple[int, int]:
    """The current streak (ending today or yesterday) and the longest one."""
    longest = run = 0
    previous: dt.date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == dt.timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else today - dt.timedelta(days=1)
    while day in days:
        current += 1
        day -= dt.timedelta(days=1)
    return current, longest


@dataclass
class _TopicAcc:
    slug: str
    name: str
    area_id: int | None
    area: str
    cards: int = 0
    recall: list[float] = field(default_factory=list)


def progress_stats(*, user: User, now: dt.datetime | None = None) -> ProgressStats:
    """The dashboard numbers for ``user`` at ``now`` (see the module docstring for formulas)."""
    now = now or timezone.now()
    zone = user_zone(user)
    today = now.astimezone(zone).date()
    prefs = PracticeSettings.objects.filter(user=user).first() or PracticeSettings(user=user)
    visible = visible_questions(user)

    # Reviews per local day over the whole history: one row per active day, not per review.
    per_day: dict[dt.date, int] = dict(
        Review.objects.filter(user=user)
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    current, longest = streaks(set(per_day), today)
    first = today - dt.timedelta(days=ACTIVITY_DAYS - 1)
    activity = [
        DayCount(day, per_day.get(day, 0))
        for day in (first + dt.timedelta(days=i) for i in range(ACTIVITY_DAYS))
    ]

    # Cards, with what retrievability needs and where they belong.
    topics: dict[int, _TopicAcc] = {}
    due_now = 0
    forecast = [0] * FORECAST_DAYS
    rows = (
        ReviewCard.objects.filter(user=user, question__in=visible)
        .order_by()
        .values_list(
            "state",
            "step",
            "stability",
            "difficulty",
            "due",
            "last_review",
            "question__topic_id",
            "question__topic__slug",
            "question__topic__name",
            "question__topic__area_id",
            "question__topic__area__name",
        )
    )
    for state, step, stability, difficulty, due, last_review, tid, slug, name, aid, area in rows:
        acc = topics.get(tid)
        if acc is None:
            acc = topics[tid] = _TopicAcc(slug, name, aid, area or "")
        acc.cards += 1
        if last_review is not None and stability is not None:
            card = ReviewCard(
                state=state,
                step=step,
                stability=stability,
                difficulty=difficulty,
                due=due,
                last_review=last_review,
            )
            acc.recall.append(retrievability(card, prefs, now))
        if due <= now:
            due_now += 1
        offset = max(0, (due.astimezone(zone).date() - today).days)
        if offset < FORECAST_DAYS:
            forecast[offset] += 1

    # The last five scores of every question, picked by a window function in the database.
    ranked = (
        Review.objects.filter(user=user, score__isnull=False, question__in=visible)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("question_id"),
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=RECENT_SCORES)
        .order_by()
        .values_list("question_id", "question__topic_id", "score")
    )
    scores: dict[int, list[float]] = defaultdict(list)
    topic_of: dict[int, int] = {}
    for qid, tid, score in ranked:
        if score is None:  # excluded by the filter; narrows the type
            continue
        scores[qid].append(score)
        topic_of[qid] = tid
    grades: dict[int, list[float]] = defaultdict(list)
    for qid, values in scores.items():
        grades[topic_of[qid]].append(sum(values) / len(values))

    questions_per_topic: dict[int, int] = {}
    questions_per_area: dict[int, int] = defaultdict(int)
    for tid, aid, n in (
        visible.order_by()
        .values("topic_id", "topic__area_id")
        .annotate(n=Count("id"))
        .values_list("topic_id", "topic__area_id", "n")
    ):
        questions_per_topic[tid] = questions_per_topic.get(tid, 0) + n
        if aid is not None:
            questions_per_area[aid] += n

    masteries: list[tuple[TopicMastery, int | None]] = []
    for tid, acc in topics.items():
        avg_r = sum(acc.recall) / len(acc.recall) if acc.recall else None
        topic_grades = grades.get(tid)
        grade = sum(topic_grades) / len(topic_grades) if topic_grades else None
        topic = TopicMastery(
            slug=acc.slug,
            name=acc.name,
            area=acc.area,
            cards=acc.cards,
            questions=questions_per_topic.get(tid, acc.cards),
            avg_retrievability=avg_r,
            recent_grade=grade,
            mastery=mastery_of(avg_r, grade),
        )
        masteries.append((topic, acc.area_id))
    masteries.sort(key=lambda pair: (pair[0].mastery, pair[0].name.lower(), pair[0].slug))

    areas = []
    area_rows = Area.objects.order_by("position", "slug").values_list("id", "slug", "name")
    for aid, slug, name in area_rows:
        in_area = [t for t, topic_area in masteries if topic_area == aid]
        cards = sum(t.cards for t in in_area)
        total = questions_per_area.get(aid, 0)
        coverage = min(1.0, cards / total) if total else 0.0
        mastery = sum(t.mastery * t.cards for t in in_area) / cards if cards else 0.0
        readiness = readiness_of(coverage, mastery)
        areas.append(
            AreaReadiness(
                slug=slug,
                name=name,
                coverage=coverage,
                mastery=mastery,
                readiness=readiness,
                label=label_for(cards=cards, readiness=readiness),
            )
        )

    return ProgressStats(
        streak_days=current,
        longest_streak=longest,
        reviews_total=sum(per_day.values()),
        reviews_today=per_day.get(today, 0),
        due_now=due_now,
        activity=activity,
        due_next_7_days=[DayCount(today + dt.timedelta(days=i), n) for i, n in enumerate(forecast)],
        topics=[t for t, _ in masteries],
        areas=areas,
    )
