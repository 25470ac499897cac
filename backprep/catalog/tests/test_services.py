from __future__ import annotations

import pytest

from backprep.catalog.models import Deck, Question
from backprep.catalog.services import (
    KeyPointData,
    QuestionData,
    deck_add_questions,
    deck_create,
    deck_delete,
    deck_remove_question,
    deck_update,
    question_create,
    question_delete,
    question_update,
)
from backprep.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def data(**kw):
    base = {
        "prompt": "What is a B-tree?",
        "model_answer": "A **balanced** tree. <script>x</script>",
        "key_points": [KeyPointData(text="balanced", weight=2, must_have=[["balanced"]])],
        "tags": ["Indexing"],
    }
    base.update(kw)
    return QuestionData(**base)


def test_create_private_question_renders_sanitised_markdown(user):
    q = question_create(owner=user, data=data())
    assert q.qid.startswith(f"u{user.pk}.what-is-a-b-tree-")
    assert "<strong>balanced</strong>" in q.model_answer_html
    assert "<script>" not in q.model_answer_html
    assert [t.slug for t in q.tags.all()] == ["indexing"]
    assert q.topic.owner == user and q.topic.name == "My questions"


def test_create_uses_a_shared_topic_when_the_slug_exists(user, bank):
    assert question_create(owner=user, data=data(topic="sql")).topic.owner is None


def test_only_coaches_share(user, coach_user):
    with pytest.raises(PermissionDenied):
        question_create(owner=user, data=data(), shared=True)
    assert Question.objects.count() == 0
    assert question_create(owner=coach_user, data=data(), shared=True).is_shared


@pytest.mark.parametrize(
    "bad",
    [
        data(prompt=" "),
        data(level="guru"),
        data(difficulty=9),
        data(key_points=[KeyPointData(text="", weight=1)]),
        data(key_points=[KeyPointData(text="x", weight=7)]),
    ],
)
def test_create_rejects_bad_data(user, bad):
    with pytest.raises(ValidationFailed):
        question_create(owner=user, data=bad)
    assert Question.objects.count() == 0


def test_update_and_delete_only_by_owner(user, other_user, bank):
    q = question_create(owner=user, data=data())
    with pytest.raises(NotFound):
        question_update(user=other_user, qid=q.qid, data=data(prompt="hijack"))
    with pytest.raises(PermissionDenied):
        question_update(user=user, qid="web.http-caching", data=data())
    question_update(user=user, qid=q.qid, data=data(prompt="Changed?"))
    assert Question.objects.get(pk=q.pk).prompt == "Changed?"
    with pytest.raises(NotFound):
        question_delete(user=other_user, qid=q.qid)
    question_delete(user=user, qid=q.qid)
    assert not Question.objects.filter(pk=q.pk).exists()


def test_deleting_a_shared_question_retires_it(coach_user):
    q = question_create(owner=coach_user, data=data(), shared=True)
    question_delete(user=coach_user, qid=q.qid)
    assert Question.objects.get(pk=q.pk).status == "retired"


def test_decks(user, other_user, bank):
    deck = deck_create(owner=user, name="Friday")
    with pytest.raises(Conflict):
        deck_create(owner=user, name="Friday")
    assert (
        deck_add_questions(
            user=user, deck_id=deck.pk, qids=["web.http-caching", "databases.sql-joins"]
        )
        == 2
    )
    assert deck_add_questions(user=user, deck_id=deck.pk, qids=["web.http-caching"]) == 0
    with pytest.raises(NotFound):
        deck_add_questions(user=user, deck_id=deck.pk, qids=["nope.nope"])
    with pytest.raises(NotFound):
        deck_add_questions(user=other_user, deck_id=deck.pk, qids=["web.http-caching"])
    deck_remove_question(user=user, deck_id=deck.pk, qid="web.http-caching")
    with pytest.raises(NotFound):
        deck_remove_question(user=user, deck_id=deck.pk, qid="web.http-caching")
    deck_update(user=user, deck_id=deck.pk, name="Monday")
    with pytest.raises(NotFound):
        deck_delete(user=other_user, deck_id=deck.pk)
    deck_delete(user=user, deck_id=deck.pk)
    assert not Deck.objects.exists()


def test_someone_elses_private_question_cannot_be_added_to_a_deck(user, other_user):
    theirs = question_create(owner=other_user, data=data())
    deck = deck_create(owner=user, name="d")
    with pytest.raises(NotFound):
        deck_add_questions(user=user, deck_id=deck.pk, qids=[theirs.qid])
