"""Spaced-repetition practice: a card per user and question, and a log of every review."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CardState(models.IntegerChoices):
    """The FSRS card states (the values match ``fsrs.State``)."""

    LEARNING = 1, "Learning"
    REVIEW = 2, "Review"
    RELEARNING = 3, "Relearning"


class Rating(models.IntegerChoices):
    """The FSRS ratings (the values match ``fsrs.Rating``)."""

    AGAIN = 1, "Again"
    HARD = 2, "Hard"
    GOOD = 3, "Good"
    EASY = 4, "Easy"


class Mode(models.TextChoices):
    TODAY = "today", "Today's queue"
    TOPIC = "topic", "Topic drill"
    TAG = "tag", "Tag drill"
    WEAK = "weak", "Weak spots"
    DECK = "deck", "Custom deck"
    CRAM = "cram", "Cram (does not change the schedule)"


class GradeStatus(models.TextChoices):
    GRADED = "graded", "Graded"
    PENDING = "pending", "Being graded"
    FAILED = "failed", "Grading failed"


class PracticeSettings(models.Model):
    """A user's practice preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_settings"
    )
    desired_retention = models.FloatField(
        default=0.9, validators=[MinValueValidator(0.7), MaxValueValidator(0.97)]
    )
    new_per_day = models.PositiveSmallIntegerField(default=10, validators=[MaxValueValidator(200)])
    reviews_per_day = models.PositiveSmallIntegerField(
        default=100, validators=[MaxValueValidator(2000)]
    )
    learn_ahead = models.BooleanField(
        default=True, help_text="Offer cards due soon when nothing is due now."
    )
    timer_seconds = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(1800)], help_text="0 turns the timer off."
    )
    grader = models.CharField(
        max_length=20, blank=True, help_text="Empty means the site's default grader."
    )

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(desired_retention__gte=0.7, desired_retention__lte=0.97),
                name="practice_settings_retention_range",
            )
        ]

    def __str__(self) -> str:
        return f"practice settings of {self.user_id}"


class ReviewCard(models.Model):
    """The FSRS scheduling state of one question for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    question = models.ForeignKey(
        "catalog.Question", on_delete=models.CASCADE, related_name="review_cards"
    )
    state = models.PositiveSmallIntegerField(choices=CardState.choices, default=CardState.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(default=timezone.now)
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("due", "id")
        indexes: ClassVar = [models.Index(fields=["user", "due"], name="practice_card_user_due")]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "question"], name="practice_card_unique")
        ]

    def __str__(self) -> str:
        return f"card {self.pk} ({self.user_id}, {self.question_id})"


class Review(models.Model):
    """One answer: what was typed, how it was graded, the rating and the scheduling it caused.

    ``question_qid`` keeps the stable id so history survives content updates.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    card = models.ForeignKey(
        ReviewCard, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    question = models.ForeignKey(
        "catalog.Question", on_delete=models.SET_NULL, null=True, related_name="reviews"
    )
    question_qid = models.CharField(max_length=160)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.TODAY)
    answer = models.TextField(blank=True)
    gave_up = models.BooleanField(default=False)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    grade_status = models.CharField(
        max_length=10, choices=GradeStatus.choices, default=GradeStatus.GRADED
    )
    score = models.FloatField(null=True, blank=True)
    grader = models.CharField(max_length=20, blank=True)
    grading = models.JSONField(default=dict, blank=True)
    suggested_rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    affects_schedule = models.BooleanField(default=True)
    card_before = models.JSONField(default=dict, blank=True)
    card_after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-id",)
        indexes: ClassVar = [
            models.Index(fields=["user", "-created_at"], name="practice_review_user_time"),
            models.Index(fields=["user", "question_qid"], name="practice_review_user_qid"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=5),
                name="practice_review_score_0_5",
            )
        ]

    def __str__(self) -> str:
        return f"review {self.pk} of {self.question_qid}"
