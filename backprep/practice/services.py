"""Writes for practice: answering, rating, settings. REST, GraphQL and the pages call these."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone

from backprep.accounts.models import User
from backprep.catalog.selectors import visible_questions
from backprep.core.errors import Conflict, FieldError, NotFound, ValidationFailed

from . import grading
from .models import GradeStatus, Mode, PracticeSettings, Rating, Review, ReviewCard
from .scheduling import apply_rating, snapshot, suggest_rating
from .selectors import settings_for
from .tasks import grade_review

MAX_ANSWER = 10_000
log = logging.getLogger(__name__)


def answer_submit(
    *,
    user: User,
    qid: str,
    answer: str,
    mode: str = Mode.TODAY,
    gave_up: bool = False,
    duration_ms: int | None = None,
) -> Review:
    """Record an answer and grade it: in the request for fast graders, in a task for the LLM."""
    if mode not in Mode.values:
        raise ValidationFailed(
            "Unknown practice mode.", errors=[FieldError("mode", ", ".join(Mode.values))]
        )
    if len(answer) > MAX_ANSWER:
        raise ValidationFailed(
            f"Answers can be at most {MAX_ANSWER} characters.",
            errors=[FieldError("answer", f"at most {MAX_ANSWER} characters")],
        )
    if duration_ms is not None and not 0 <= duration_ms <= 24 * 3600 * 1000:
        raise ValidationFailed(
            "duration_ms is out of range.", errors=[FieldError("duration_ms", "0 to one day")]
        )
    question = visible_questions(user).filter(qid=qid).prefetch_related("key_points").first()
    if question is None:
        raise NotFound("No such question.")
    text = "" if gave_up else answer.strip()
    prefs = settings_for(user)
    name = grading.grader_name(prefs)
    affects = mode != Mode.CRAM
    with transaction.atomic():
        card = None
        if affects:
            card, _ = ReviewCard.objects.get_or_create(user=user, question=question)
        review = Review(
            user=user,
            card=card,
            question=question,
            question_qid=question.qid,
            mode=mode,
            answer=text,
            gave_up=gave_up,
            duration_ms=duration_ms,
            affects_schedule=affects,
            card_before=snapshot(card) if card else {},
            grader=name,
        )
        if name in grading.BACKGROUND_GRADERS and text:
            review.grade_status = GradeStatus.PENDING
            review.save()
            transaction.on_commit(partial(grade_review.enqueue, review_id=review.pk))
        else:
            _store_grade(
                review, grading.grade(question, text, name="lexical" if not text else name)
            )
            review.save()
    return review


def _store_grade(review: Review, result: dict) -> None:
    review.grading = result
    review.score = float(result["score"])
    review.grader = result.get("grader", review.grader)
    review.grade_status = GradeStatus.GRADED
    review.suggested_rating = suggest_rating(review.score, gave_up=review.gave_up)


def review_grade_pending(*, review_id: int) -> Review | None:
    """Grade a pending review (the LLM grader falls back to a local one by itself)."""
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("question")
            .filter(pk=review_id)
            .first()
        )
        if review is None or review.grade_status != GradeStatus.PENDING or review.question is None:
            return review
        try:
            result = grading.grade(review.question, review.answer, name=review.grader)
        except Exception:
            log.exception("grader %s failed on review %s", review.grader, review.pk)
            try:
                result = grading.grade(review.question, review.answer, name="lexical")
            except Exception:
                log.exception("the fallback grader failed on review %s", review.pk)
                review.grade_status = GradeStatus.FAILED
                review.save(update_fields=["grade_status"])
                return review
            result["notes"] = [
                *result.get("notes", []),
                "The configured grader failed; graded locally.",
            ]
        _store_grade(review, result)
        review.save()
    return review


def review_rate(*, user: User, review_id: int, rating: int) -> Review:
    """Apply the learner's rating to the card's FSRS schedule (once; cram changes nothing)."""
    if rating not in Rating.values:
        raise ValidationFailed(
            "Rate 1 (Again) to 4 (Easy).", errors=[FieldError("rating", "1, 2, 3 or 4")]
        )
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(pk=review_id, user=user).first()
        if review is None:
            raise NotFound("No such review.")
        if review.rating is not None:
            if review.rating == rating:
                return review
            raise Conflict(
                "This answer was already rated.", errors=[FieldError("rating", "already rated")]
            )
        now = timezone.now()
        review.rating = rating
        review.rated_at = now
        if review.affects_schedule and review.card_id is not None:
            card = ReviewCard.objects.select_for_update().get(pk=review.card_id)
            prefs = settings_for(user)
            apply_rating(card, Rating(rating), prefs=prefs, now=now)
            card.save()
            review.card_after = snapshot(card)
        review.save()
    return review


@dataclass(frozen=True)
class SettingsChanges:
    desired_retention: float | None = None
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    learn_ahead: bool | None = None
    timer_seconds: int | None = None
    grader: str | None = None


def practice_settings_update(*, user: User, changes: SettingsChanges) -> PracticeSettings:
    errors = []
    if changes.desired_retention is not None and not 0.7 <= changes.desired_retention <= 0.97:
        errors.append(FieldError("desired_retention", "between 0.70 and 0.97"))
    if changes.new_per_day is not None and not 0 <= changes.new_per_day <= 200:
        errors.append(FieldError("new_per_day", "between 0 and 200"))
    if changes.reviews_per_day is not None and not 0 <= changes.reviews_per_day <= 2000:
        errors.append(FieldError("reviews_per_day", "between 0 and 2000"))
    if changes.timer_seconds is not None and not 0 <= changes.timer_seconds <= 1800:
        errors.append(FieldError("timer_seconds", "between 0 and 1800"))
    if changes.grader is not None and changes.grader not in ("", *grading.available_graders()):
        errors.append(FieldError("grader", f"one of: {', '.join(grading.available_graders())}"))
    if errors:
        raise ValidationFailed("The practice settings have errors.", errors=errors)
    prefs = settings_for(user)
    for name in (
        "desired_retention",
        "new_per_day",
        "reviews_per_day",
        "learn_ahead",
        "timer_seconds",
        "grader",
    ):
        value = getattr(changes, name)
        if value is not None:
            setattr(prefs, name, value)
    prefs.save()
    return prefs


__all__ = ["PracticeSettings", "answer_submit", "practice_settings_update", "review_rate"]
