"""The question catalog: areas and topics, questions with their rubric, tags and decks."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backprep.core.choices import Level


class Kind(models.TextChoices):
    CONCEPT = "concept", "Concept"
    SYSTEM_DESIGN = "system_design", "System design"
    DEBUGGING = "debugging", "Debugging scenario"
    SCALING = "scaling", "Scaling scenario"
    BEHAVIORAL = "behavioral", "Behavioral"
    QUESTIONS_TO_ASK = "questions_to_ask", "Questions to ask"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class ContentPack(models.Model):
    """A set of questions loaded from ``content/<pack>/``."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    version = models.CharField(max_length=40)
    loaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Area(models.Model):
    """A broad part of a backend interview, e.g. Databases."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "slug")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic inside an area. Shared topics have no owner; imported sections are private."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="topics", null=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
    )
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    min_questions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "slug")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(owner__isnull=True), name="catalog_topic_shared_slug"
            ),
            models.UniqueConstraint(
                fields=["owner", "slug"],
                condition=Q(owner__isnull=False),
                name="catalog_topic_owner_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    slug = models.SlugField(max_length=64, unique=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.slug


class Question(models.Model):
    """One interview question with its model answer and rubric.

    ``qid`` is the stable, human-readable id (``databases.n-plus-one``): it never changes when
    the text is improved, so users' history stays attached to it. Questions from a content pack
    have no owner; users' private questions have one; coaches may share theirs with everyone.
    """

    qid = models.CharField(max_length=160, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
    )
    is_shared = models.BooleanField(default=False)
    pack = models.ForeignKey(ContentPack, on_delete=models.PROTECT, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONCEPT)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.JUNIOR)
    difficulty = models.PositiveSmallIntegerField(default=2)
    prompt = models.TextField()
    interviewer_intent = models.TextField(blank=True)
    model_answer = models.TextField(blank=True)
    model_answer_html = models.TextField(blank=True, editable=False)
    common_mistakes = models.JSONField(default=list, blank=True)
    follow_ups = models.JSONField(default=list, blank=True)
    references = models.JSONField(default=list, blank=True)
    related = models.JSONField(default=list, blank=True)
    tags = models.ManyToManyField(Tag, related_name="questions", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    content_version = models.CharField(max_length=40, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("id",)
        indexes: ClassVar = [
            models.Index(fields=["status", "topic"], name="catalog_q_status_topic"),
            models.Index(fields=["owner", "status"], name="catalog_q_owner_status"),
            models.Index(fields=["kind"], name="catalog_q_kind"),
            models.Index(fields=["level"], name="catalog_q_level"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5), name="catalog_q_difficulty_1_5"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(is_shared=False) | Q(pack__isnull=False),
                name="catalog_q_shared_needs_author",
            ),
        ]

    def __str__(self) -> str:
        return self.qid


class KeyPoint(models.Model):
    """One rubric item: what a good answer states, how much it counts, and how to spot it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="key_points")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    weight = models.PositiveSmallIntegerField(default=1)
    must_have = models.JSONField(default=list, blank=True)
    paraphrases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("question", "position")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["question", "position"], name="catalog_kp_position"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=3), name="catalog_kp_weight_1_3"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Deck(models.Model):
    """A user's own list of questions to study: hand-picked, imported, or both."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decks"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    questions = models.ManyToManyField(Question, through="DeckItem", related_name="decks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-id",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["owner", "name"], name="catalog_deck_owner_name")
        ]

    def __str__(self) -> str:
        return self.name


class DeckItem(models.Model):
    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="deck_items")
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("deck", "position", "id")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["deck", "question"], name="catalog_deckitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.deck_id}:{self.question_id}"
