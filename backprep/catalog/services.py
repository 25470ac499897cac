"""Writes to the catalog: users' private questions, coaches' shared ones, and decks.

Bank questions (from content packs) are written only by ``loading``; these services refuse them.
"""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from backprep.accounts.models import User
from backprep.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from backprep.core.markdown import render_markdown
from backprep.core.permissions import Role, has_role
from backprep.core.schemas import contains_nul

from . import search_index
from .models import Deck, DeckItem, KeyPoint, Kind, Level, Question, Status, Tag, Topic
from .selectors import visible_questions

MAX_PROMPT = 2000
MAX_ANSWER = 20000


@dataclass(frozen=True)
class KeyPointData:
    text: str
    weight: int = 1
    must_have: list[list[str]] = field(default_factory=list)
    paraphrases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionData:
    prompt: str
    topic: str = ""
    model_answer: str = ""
    interviewer_intent: str = ""
    kind: str = Kind.CONCEPT
    level: str = Level.JUNIOR
    difficulty: int = 2
    key_points: list[KeyPointData] = field(default_factory=list)
    common_mistakes: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _validate(data: QuestionData) -> list[FieldError]:
    errors = []
    if contains_nul(dataclasses.asdict(data)):
        errors.append(FieldError("prompt", "Text must not contain NUL (\\x00) characters."))
    if not data.prompt.strip():
        errors.append(FieldError("prompt", "The question cannot be empty.", "required"))
    if len(data.prompt) > MAX_PROMPT:
        errors.append(FieldError("prompt", f"At most {MAX_PROMPT} characters."))
    if len(data.model_answer) > MAX_ANSWER:
        errors.append(FieldError("model_answer", f"At most {MAX_ANSWER} characters."))
    if data.kind not in Kind.values:
        errors.append(FieldError("kind", f"One of: {', '.join(Kind.values)}."))
    if data.level not in Level.values:
        errors.append(FieldError("level", f"One of: {', '.join(Level.values)}."))
    if not 1 <= data.difficulty <= 5:
        errors.append(FieldError("difficulty", "Between 1 and 5."))
    if len(data.key_points) > 10:
        errors.append(FieldError("key_points", "At most 10 key points."))
    for i, kp in enumerate(data.key_points):
        if not kp.text.strip():
            errors.append(FieldError(f"key_points.{i}.text", "A key point needs text."))
        if not 1 <= kp.weight <= 3:
            errors.append(FieldError(f"key_points.{i}.weight", "Weight is 1, 2 or 3."))
    if len(data.tags) > 10 or any(not slugify(t) for t in data.tags):
        errors.append(FieldError("tags", "Up to 10 tags of letters, digits and hyphens."))
    if len(data.topic) > 200:
        errors.append(FieldError("topic", "At most 200 characters."))
    return errors


def private_topic(*, owner: User, name: str) -> Topic:
    """The owner's private topic of this name, created on first use (imports keep sections)."""
    name = (name or "My questions").strip()[:200]
    slug = slugify(name)[:100] or "my-questions"
    topic, _ = Topic.objects.get_or_create(
        owner=owner, slug=slug, defaults={"name": name, "area": None, "position": 10_000}
    )
    return topic


def _resolve_topic(owner: User, topic: str) -> Topic:
    shared = Topic.objects.filter(owner__isnull=True, slug=topic).first() if topic else None
    return shared or private_topic(owner=owner, name=topic or "My questions")


def _new_qid(owner: User, prompt: str) -> str:
    base = slugify(prompt)[:60].strip("-") or "question"
    return f"u{owner.pk}.{base}-{secrets.token_hex(3)}"


def _write(question: Question, data: QuestionData) -> Question:
    question.prompt = data.prompt.strip()
    question.model_answer = data.model_answer.strip()
    question.model_answer_html = render_markdown(question.model_answer)
    question.interviewer_intent = data.interviewer_intent.strip()
    question.kind = data.kind
    question.level = data.level
    question.difficulty = data.difficulty
    question.common_mistakes = [m.strip() for m in data.common_mistakes if m.strip()]
    question.follow_ups = [m.strip() for m in data.follow_ups if m.strip()]
    question.updated_at = timezone.now()
    question.save()
    question.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(
            question=question,
            position=i,
            text=kp.text.strip(),
            weight=kp.weight,
            must_have=kp.must_have,
            paraphrases=kp.paraphrases,
        )
        for i, kp in enumerate(data.key_points)
    )
    slugs = sorted({slugify(t)[:64] for t in data.tags})
    Tag.objects.bulk_create([Tag(slug=s) for s in slugs], ignore_conflicts=True)
    question.tags.set(Tag.objects.filter(slug__in=slugs))
    search_index.reindex([question.pk])
    return question


def question_create(*, owner: User, data: QuestionData, shared: bool = False) -> Question:
    errors = _validate(data)
    if errors:
        raise ValidationFailed("The question has errors.", errors=errors)
    if shared and not has_role(owner, Role.COACH):
        raise PermissionDenied("Only coaches and admins can share questions with everyone.")
    with transaction.atomic():
        question = Question(
            qid=_new_qid(owner, data.prompt),
            owner=owner,
            is_shared=shared,
            topic=_resolve_topic(owner, data.topic),
        )
        return _write(question, data)


def _owned(user: User, qid: str) -> Question:
    question = Question.objects.filter(qid=qid).first()
    if question is None or question.status != Status.ACTIVE:
        raise NotFound("No such question.")
    if question.owner_id != user.pk:
        if question.owner_id is None or question.is_shared:
            raise PermissionDenied("Only its author can change this question.")
        raise NotFound("No such question.")
    return question


def question_update(
    *, user: User, qid: str, data: QuestionData, shared: bool | None = None
) -> Question:
    question = _owned(user, qid)
    errors = _validate(data)
    if errors:
        raise ValidationFailed("The question has errors.", errors=errors)
    if shared and not has_role(user, Role.COACH):
        raise PermissionDenied("Only coaches and admins can share questions with everyone.")
    with transaction.atomic():
        if shared is not None:
            question.is_shared = shared
        question.topic = _resolve_topic(user, data.topic) if data.topic else question.topic
        return _write(question, data)


def question_delete(*, user: User, qid: str) -> None:
    """Private questions are deleted outright; a shared one is retired so others' history stays."""
    question = _owned(user, qid)
    with transaction.atomic():
        if question.is_shared:
            question.status = Status.RETIRED
            question.save(update_fields=["status"])
            search_index.remove([question.pk])
        else:
            search_index.remove([question.pk])
            question.delete()


def deck_create(*, owner: User, name: str, description: str = "") -> Deck:
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationFailed(
            "A deck needs a name of 1-120 characters.",
            errors=[FieldError("name", "1-120 characters")],
        )
    if len(description) > 2000:
        raise ValidationFailed(
            "The description is too long.",
            errors=[FieldError("description", "at most 2000 characters")],
        )
    try:
        with transaction.atomic():
            return Deck.objects.create(owner=owner, name=name, description=description.strip())
    except IntegrityError as exc:
        raise Conflict(
            "You already have a deck with this name.",
            errors=[FieldError("name", "already used", "duplicate")],
        ) from exc


def _own_deck(user: User, deck_id: int) -> Deck:
    deck = Deck.objects.filter(pk=deck_id, owner=user).first()
    if deck is None:
        raise NotFound("No such deck.")
    return deck


def deck_update(
    *, user: User, deck_id: int, name: str | None = None, description: str | None = None
) -> Deck:
    deck = _own_deck(user, deck_id)
    if name is not None:
        if not name.strip() or len(name) > 120:
            raise ValidationFailed(
                "A deck needs a name of 1-120 characters.",
                errors=[FieldError("name", "1-120 characters")],
            )
        deck.name = name.strip()
    if description is not None:
        deck.description = description.strip()[:2000]
    try:
        with transaction.atomic():
            deck.save()
    except IntegrityError as exc:
        raise Conflict(
            "You already have a deck with this name.",
            errors=[FieldError("name", "already used", "duplicate")],
        ) from exc
    return deck


def deck_delete(*, user: User, deck_id: int) -> None:
    _own_deck(user, deck_id).delete()


def deck_add_questions(*, user: User, deck_id: int, qids: list[str]) -> int:
    """Add visible questions to the user's deck; returns how many were new to it."""
    deck = _own_deck(user, deck_id)
    found = dict(visible_questions(user).filter(qid__in=qids).values_list("qid", "id"))
    missing = [q for q in qids if q not in found]
    if missing:
        raise NotFound(f"No such question: {', '.join(missing[:5])}.")
    with transaction.atomic():
        start = (deck.items.aggregate(m=Max("position"))["m"] or 0) + 1
        before = deck.items.count()
        DeckItem.objects.bulk_create(
            [
                DeckItem(deck=deck, question_id=found[q], position=start + i)
                for i, q in enumerate(qids)
            ],
            ignore_conflicts=True,
        )
        return deck.items.count() - before


def deck_remove_question(*, user: User, deck_id: int, qid: str) -> None:
    deck = _own_deck(user, deck_id)
    deleted, _ = DeckItem.objects.filter(deck=deck, question__qid=qid).delete()
    if not deleted:
        raise NotFound("That question is not in this deck.")
