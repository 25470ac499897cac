"""The bridge between our ReviewCard rows and the ``fsrs`` (FSRS-6) scheduler."""

from __future__ import annotations

import datetime as dt
from typing import Any

import fsrs

from .models import CardState, PracticeSettings, Rating, ReviewCard


def scheduler_for(prefs: PracticeSettings) -> fsrs.Scheduler:
    return fsrs.Scheduler(desired_retention=prefs.desired_retention)


def to_fsrs(card: ReviewCard) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.pk or 1,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def snapshot(card: ReviewCard) -> dict[str, Any]:
    """The scheduling state as stored in the review log."""
    return {
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due.isoformat(),
        "last_review": card.last_review.isoformat() if card.last_review else None,
        "reps": card.reps,
        "lapses": card.lapses,
    }


def apply_rating(
    card: ReviewCard, rating: Rating, *, prefs: PracticeSettings, now: dt.datetime
) -> ReviewCard:
    """Review the card with FSRS and copy the new state onto the row (not saved)."""
    scheduled, _log = scheduler_for(prefs).review_card(to_fsrs(card), fsrs.Rating(rating), now)
    was_review = card.state == CardState.REVIEW
    card.state = int(scheduled.state)
    card.step = scheduled.step
    card.stability = scheduled.stability
    card.difficulty = scheduled.difficulty
    card.due = scheduled.due
    card.last_review = scheduled.last_review
    card.reps += 1
    if was_review and rating == Rating.AGAIN:
        card.lapses += 1
    return card


_REFERENCE = fsrs.Scheduler()
DECAY: float = _REFERENCE._DECAY  # FSRS-6: -w20
FACTOR: float = _REFERENCE._FACTOR  # 0.9 ** (1 / DECAY) - 1


def recall_probability(
    stability: float | None, last_review: dt.datetime | None, now: dt.datetime
) -> float:
    """FSRS-6 retrievability from plain values (what fsrs computes, without building objects)."""
    if stability is None or last_review is None or stability <= 0:
        return 0.0
    elapsed_days = max(0, (now - last_review).days)
    return float((1 + FACTOR * elapsed_days / stability) ** DECAY)


def retrievability(card: ReviewCard, prefs: PracticeSettings, now: dt.datetime) -> float:
    """The probability of recalling the card now (0 for a card never reviewed)."""
    return recall_probability(card.stability, card.last_review, now)


# Grade (0-5) to the rating we suggest; the learner can change it with one key.
def suggest_rating(score: float | None, *, gave_up: bool = False) -> Rating:
    if gave_up or score is None or score < 2.0:
        return Rating.AGAIN
    if score < 3.0:
        return Rating.HARD
    if score < 4.5:
        return Rating.GOOD
    return Rating.EASY
