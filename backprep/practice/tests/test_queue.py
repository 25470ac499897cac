from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from backprep.catalog.models import Question, Topic
from backprep.catalog.services import deck_add_questions, deck_create
from backprep.core.errors import NotFound, ValidationFailed
from backprep.practice import services
from backprep.practice.models import PracticeSettings, Review, ReviewCard
from backprep.practice.selectors import day_start, practice_queue

pytestmark = pytest.mark.django_db


def qids(queue):
    return [i.question.qid for i in queue.items]


def test_new_user_gets_new_questions_closest_to_their_level(user, practice_bank):
    user.level = "fresher"
    user.save()
    queue = practice_queue(user=user)
    assert all(i.reason == "new" for i in queue.items)
    assert queue.items[0].question.level == "fresher"
    assert len(queue.items) == 6


def test_new_per_day_limit(user, practice_bank):
    PracticeSettings.objects.create(user=user, new_per_day=2, learn_ahead=False)
    first = practice_queue(user=user)
    assert len(first.items) == 2
    for item in first.items:
        review = services.answer_submit(user=user, qid=item.question.qid, answer="x")
        services.review_rate(user=user, review_id=review.pk, rating=3)
    assert practice_queue(user=user).items == []  # limit reached; nothing due yet
    PracticeSettings.objects.filter(user=user).update(learn_ahead=True)
    assert {i.reason for i in practice_queue(user=user).items} == {"ahead"}


def test_due_cards_come_first_then_new(user, practice_bank):
    q = Question.objects.get(qid="web.http-q0")
    ReviewCard.objects.create(
        user=user,
        question=q,
        due=timezone.now() - dt.timedelta(hours=1),
        last_review=timezone.now() - dt.timedelta(days=2),
        stability=2,
        difficulty=5,
        state=2,
    )
    queue = practice_queue(user=user)
    assert queue.items[0].reason == "due"
    assert queue.items[0].question == q
    assert queue.due_count == 1


def test_learn_ahead_when_nothing_is_due(user, practice_bank):
    PracticeSettings.objects.create(user=user, new_per_day=0)
    q = Question.objects.get(qid="web.http-q0")
    ReviewCard.objects.create(
        user=user, question=q, due=timezone.now() + dt.timedelta(hours=3), state=1
    )
    assert [i.reason for i in practice_queue(user=user).items] == ["ahead"]
    PracticeSettings.objects.filter(user=user).update(learn_ahead=False)
    assert practice_queue(user=user).items == []


def test_day_start_uses_the_users_time_zone(user):
    user.time_zone = "Asia/Kolkata"
    now = dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.UTC)  # 01:30 on the 23rd in India
    assert day_start(user, now) == dt.datetime(2026, 11, 22, 18, 30, tzinfo=dt.UTC)


def test_topic_and_tag_drills(user, practice_bank):
    assert set(qids(practice_queue(user=user, mode="topic", topic="http"))) == {
        "web.http-q0",
        "web.http-q1",
    }
    assert qids(practice_queue(user=user, mode="tag", tag="orm")) == ["databases.n-plus-one"]
    with pytest.raises(ValidationFailed):
        practice_queue(user=user, mode="topic")
    with pytest.raises(ValidationFailed):
        practice_queue(user=user, mode="nope")


def test_deck_mode_only_for_own_deck(user, other_user, practice_bank):
    deck = deck_create(owner=user, name="d")
    deck_add_questions(user=user, deck_id=deck.pk, qids=["web.http-q1"])
    assert qids(practice_queue(user=user, mode="deck", deck_id=deck.pk)) == ["web.http-q1"]
    with pytest.raises(NotFound):
        practice_queue(user=other_user, mode="deck", deck_id=deck.pk)


def test_weak_spots_put_low_grades_first(user, practice_bank):
    good = services.answer_submit(user=user, qid="web.http-q0", answer="x")
    services.review_rate(user=user, review_id=good.pk, rating=4)
    bad = services.answer_submit(user=user, qid="web.http-q1", answer="x")
    services.review_rate(user=user, review_id=bad.pk, rating=1)
    Review.objects.filter(pk=good.pk).update(score=5)
    Review.objects.filter(pk=bad.pk).update(score=0)
    assert qids(practice_queue(user=user, mode="weak"))[0] == "web.http-q1"


def test_cram_is_random_and_does_not_schedule(user, practice_bank):
    queue = practice_queue(user=user, mode="cram", seed=1)
    assert queue.affects_schedule is False
    assert sorted(qids(queue)) == sorted(Question.objects.values_list("qid", flat=True))


def test_queue_of_a_user_with_20000_cards_takes_few_queries(user, django_assert_max_num_queries):
    topic = Topic.objects.create(slug="bulk", name="Bulk")
    questions = Question.objects.bulk_create(
        Question(qid=f"bulk.q{i}", topic=topic, prompt=f"Q{i}") for i in range(20_000)
    )
    now = timezone.now()
    ReviewCard.objects.bulk_create(
        ReviewCard(
            user=user,
            question=q,
            state=2,
            stability=5,
            difficulty=5,
            last_review=now - dt.timedelta(days=10),
            due=now - dt.timedelta(minutes=i)
            if i % 4 == 0
            else now + dt.timedelta(days=i % 30 + 1),
        )
        for i, q in enumerate(questions)
    )
    PracticeSettings.objects.create(user=user)
    with django_assert_max_num_queries(6):
        queue = practice_queue(user=user, limit=20)
    assert queue.due_count == 5000
    assert len(queue.items) == 20
    assert all(i.reason == "due" for i in queue.items)
    assert queue.items[0].card.due <= queue.items[1].card.due
